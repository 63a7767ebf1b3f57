import numpy as np
import scipy.sparse as sp
import pytest
from sklearn.base import clone

from cur_nlp.linear import CalibratedLinearClassifier


def blobs(n_per_class=60, seed=0):
    rng = np.random.RandomState(seed)
    centers = np.array([[0, 0], [3, 0], [0, 3]])
    X = np.vstack([c + rng.randn(n_per_class, 2) for c in centers])
    y = np.repeat(["a", "b", "c"], n_per_class)
    return X, y


def test_probabilities_are_distributions_and_calibrated():
    X, y = blobs()
    clf = CalibratedLinearClassifier(C=1.0).fit(X, y)
    p = clf.predict_proba(X)
    assert p.shape == (len(y), 3)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)
    # Calibrated: mean confidence close to held-out accuracy.
    heldout_acc = (clf.classes_[clf.cv_proba_.argmax(1)] == y).mean()
    assert abs(clf.cv_proba_.max(1).mean() - heldout_acc) < 0.08


def test_rare_classes_do_not_break_training():
    X, y = blobs()
    X = np.vstack([X, [[10, 10]]])
    y = np.append(y, "singleton")
    clf = CalibratedLinearClassifier(cv=3).fit(X, y)
    assert "singleton" in clf.classes_
    assert clf.predict([[10, 10]])[0] in clf.classes_


def test_binary_scores_follow_the_positive_class():
    X, y = blobs()
    mask = y != "c"
    clf = CalibratedLinearClassifier().fit(X[mask], y[mask])
    p = clf.predict_proba(np.array([[3.0, 0.0], [0.0, 0.0]]))
    assert p[0, 1] > 0.8 and p[1, 0] > 0.8


def test_contributions_explain_the_label():
    import scipy.sparse as sp

    X = sp.csr_matrix(np.array([[1, 0], [1, 0], [0, 1], [0, 1]] * 5, dtype=float))
    y = ["water", "water", "roads", "roads"] * 5
    clf = CalibratedLinearClassifier().fit(X, y)
    [(idx, w)], [(idx2, _)] = clf.contributions(X[[0, 2]], ["water", "roads"])
    assert idx == 0 and w > 0 and idx2 == 1


def test_sklearn_conventions():
    clf = CalibratedLinearClassifier(C=2.0, cv=4)
    assert clone(clf).get_params()["C"] == 2.0
    with pytest.raises(ValueError, match="2 distinct labels"):
        CalibratedLinearClassifier().fit(np.zeros((4, 2)), ["a"] * 4)


def test_class_weight_by_label_reaches_the_svm():
    # Labels are strings while the SVMs see class indices: a weight given by
    # label must still tilt the decision towards that class.
    rng = np.random.default_rng(0)
    X = sp.csr_matrix(rng.normal(size=(120, 5)).astype(np.float32))
    y = np.where(rng.random(120) < 0.2, "rare", "common")
    plain = CalibratedLinearClassifier(C=0.5).fit(X, y)
    tilted = CalibratedLinearClassifier(C=0.5, class_weight={"rare": 10.0}).fit(X, y)
    assert (tilted.predict(X) == "rare").sum() > (plain.predict(X) == "rare").sum()


@pytest.mark.parametrize("classes", [["a", "b"], ["a", "b", "c"]])
def test_large_data_routes_with_the_mean_of_the_fold_models(monkeypatch, classes):
    # Past LARGE rows the final model is the mean of two fold models, not a
    # third fit; it must decide like a fit on all rows.
    import cur_nlp.linear as linear

    X, y = blobs(n_per_class=200)
    keep = np.isin(y, classes)
    X, y = X[keep], y[keep]
    full = CalibratedLinearClassifier().fit(X, y)
    monkeypatch.setattr(linear, "LARGE", 100)
    mean = CalibratedLinearClassifier().fit(X, y)
    assert mean.coef_.shape == full.coef_.shape and mean.intercept_.shape == full.intercept_.shape
    assert (mean.predict(X) == full.predict(X)).mean() > 0.97
    assert (mean.predict(X) == y).mean() > 0.85
    np.testing.assert_allclose(mean.predict_proba(X).sum(axis=1), 1.0, rtol=1e-5)


def test_mean_model_keeps_a_class_that_one_fold_missed(monkeypatch):
    import cur_nlp.linear as linear

    X, y = blobs(n_per_class=100)
    X, y = np.vstack([X, [[10, 10]]]), np.append(y, "singleton")
    monkeypatch.setattr(linear, "LARGE", 100)
    clf = CalibratedLinearClassifier().fit(X, y)
    assert list(clf.classes_) == ["a", "b", "c", "singleton"]
    assert clf.predict([[3.0, 0.0]])[0] == "b"
