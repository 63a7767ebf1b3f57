"""What pays on real data: the techniques the field recommends for short
citizen messages, each measured on the same splits as the goal benchmarks,
next to what cur_nlp does with and without its own parts.

Two families of rows:
- ``plain+…``: the reference pipeline (lemma 1-2-gram TF-IDF + LinearSVC)
  with one technique added, so each technique's own effect is visible:
  character n-grams, navec word vectors (shipped inside natasha, offline),
  balanced class weights, stacking topic → agency, sigmoid calibration,
  complement naive Bayes, an SGD ensemble;
- ``cur_nlp…``: ``cur_nlp.train`` as shipped, and with one of its parts
  switched off (``-chars``: character n-grams; ``-meta``: the block of
  context, place and cue tokens; ``-kinds``: the head of per-place body
  kinds, :mod:`cur_nlp.bodies`), or with balanced class weights.
Place features need a gazetteer, which exists for our region only: they are
measured on our own corpus (``region="nso"`` against free-form labels).

Accuracy everywhere; ``calibration`` adds the expected calibration error of
the confidence a dispatcher sees.

    python benchmarks/ablations.py [--only kursk spb corpus]
"""
from __future__ import annotations

import argparse
import json
import time
from contextlib import contextmanager, nullcontext
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import KFold
from sklearn.naive_bayes import ComplementNB
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from common import (RESULTS, ROOT, SHARED, context_tokens, plain_svm, plain_text, plain_tfidf, read_csv, require,
                    spb_rows, write_report)

import cur_nlp  # noqa: E402
from cur_nlp.batch import read_table  # noqa: E402
from cur_nlp.metrics import expected_calibration_error  # noqa: E402

SPB_CONTEXT = ["district", "city_object"]

#: Whether cur_nlp uses the technique, so the table says what was kept.
IN_CUR_NLP = {
    "plain": "reference",
    "plain+chars": "yes (char 3-5-grams of words)",
    "plain+navec": "no",
    "plain+balanced": "corpus heads only",
    "plain+stacking": "no",
    "plain+sigmoid": "no (temperature)",
    "complement_nb": "no",
    "sgd_ensemble": "no",
    "cur_nlp": "shipped",
    "cur_nlp-chars": "",
    "cur_nlp-meta": "",
    "cur_nlp-kinds": "",
    "cur_nlp+balanced": "",
}


# ---------------------------------------------------------------- plain rows

def _chars(train: list[str], test: list[str]):
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True, max_features=60_000)
    return vec.fit_transform(train), vec.transform(test)


@lru_cache(maxsize=1)
def _navec():
    from natasha import NewsEmbedding

    return NewsEmbedding()


def _vectors(texts: list[str]) -> sp.csr_matrix:
    """The mean navec vector of each text's lemmas, L2-normalised."""
    emb = _navec()
    out = np.zeros((len(texts), 300), dtype=np.float32)
    for i, text in enumerate(texts):
        found = [v for v in (emb.get(w) for w in text.split()) if v is not None]
        if found:
            out[i] = np.mean(found, axis=0)
    return sp.csr_matrix(normalize(out))


def _sgd_ensemble(X, y, Xt, members: int = 5) -> np.ndarray:
    """scikit-learn's default SGD (hinge, alpha 1e-4); members differ by
    seed, their decision scores are averaged."""
    scores, classes = 0.0, None
    for seed in range(members):
        clf = SGDClassifier(random_state=seed, n_jobs=-1).fit(X, y)
        scores = scores + clf.decision_function(Xt)
        classes = clf.classes_
    return classes[np.argmax(scores, axis=1)]


def _scores(X, y, Xt, classes: np.ndarray) -> np.ndarray:
    """SVM decision scores on ``Xt`` with a column for every class; a class
    the fold never saw scores -1, the hinge's "no"."""
    clf = LinearSVC(C=0.5).fit(X, y)
    out = np.full((Xt.shape[0], len(classes)), -1.0)
    d = clf.decision_function(Xt)
    out[:, np.searchsorted(classes, clf.classes_)] = d if d.ndim == 2 else np.column_stack([-d, d])
    return out


def _stacked(X, y, Xt, topic, inner: int = 3) -> np.ndarray:
    """Agency from words plus the topic head's scores: held-out (inner
    folds) on the training rows, so the agency head learns how far to trust
    a topic guess, not a memorised one."""
    classes = np.unique(topic)
    held_out = np.zeros((X.shape[0], len(classes)))
    for a, b in KFold(inner, shuffle=True, random_state=0).split(held_out):
        held_out[b] = _scores(X[a], topic[a], X[b], classes)
    test_scores = _scores(X, topic, Xt, classes)
    return plain_svm(sp.hstack([X, sp.csr_matrix(held_out)]).tocsr(), y,
                     sp.hstack([Xt, sp.csr_matrix(test_scores)]).tocsr())


def features(train: list[str], test: list[str]) -> dict:
    """(train, test) matrices of each plain feature set, made once a split."""
    Xw, Xtw = plain_tfidf(train, test)
    Xc, Xtc = _chars(train, test)
    Xv, Xtv = _vectors(train), _vectors(test)
    return {"words": (Xw, Xtw),
            "chars": (sp.hstack([Xw, 0.8 * Xc]).tocsr(), sp.hstack([Xtw, 0.8 * Xtc]).tocsr()),
            "navec": (sp.hstack([Xw, Xv]).tocsr(), sp.hstack([Xtw, Xtv]).tocsr())}


def plain_rows(feats: dict, y: np.ndarray, topic: np.ndarray | None = None) -> dict:
    """Predictions of every plain variant for one split."""
    Xw, Xtw = feats["words"]
    (Xc, Xtc), (Xv, Xtv) = feats["chars"], feats["navec"]
    out = {
        "plain": plain_svm(Xw, y, Xtw),
        "plain+chars": plain_svm(Xc, y, Xtc),
        "plain+navec": plain_svm(Xv, y, Xtv),
        "plain+balanced": plain_svm(Xw, y, Xtw, class_weight="balanced"),
        "complement_nb": ComplementNB(alpha=0.3).fit(Xw, y).predict(Xtw),
        "sgd_ensemble": _sgd_ensemble(Xw, y, Xtw),
    }
    if topic is not None:
        out["plain+stacking"] = _stacked(Xw, y, Xtw, topic)
    # Platt scaling needs three rows of a class for its three folds: it
    # learns from the classes that have them (real exports have a long tail)
    counts = dict(zip(*np.unique(y, return_counts=True)))
    common = np.array([counts[c] >= 3 for c in y])
    sigmoid = CalibratedClassifierCV(LinearSVC(C=0.5), method="sigmoid", cv=3)
    out["plain+sigmoid"] = sigmoid.fit(Xw[common], y[common]).predict(Xtw)
    return out


# -------------------------------------------------------------- cur_nlp rows

CUR_NLP = {
    "cur_nlp": {},
    "cur_nlp-chars": {"char_weight": 0.0},
    "cur_nlp-meta": {"meta_weight": 0.0},
    "cur_nlp-kinds": {},  # the body-kind head off (see _without_kinds)
    "cur_nlp+balanced": {"class_weight": "balanced"},
}


#: Variants that change nothing without context (Kursk has none).
CONTEXT_ONLY = {"cur_nlp-meta", "cur_nlp-kinds"}


@contextmanager
def _without_kinds():
    """cur_nlp with no place field found, hence no body-kind head."""
    from cur_nlp import router

    original = router.choose_place_field
    router.choose_place_field = lambda *args: None
    try:
        yield
    finally:
        router.choose_place_field = original


def _accumulate(table: dict, head: str, name: str, truth, pred) -> None:
    hits = table.setdefault(head, {}).setdefault(name, [0, 0])
    hits[0] += int(np.sum(np.asarray(truth) == np.asarray(pred)))
    hits[1] += len(truth)


def _finish(table: dict) -> dict:
    return {head: {name: round(h / n, 4) for name, (h, n) in rows.items()} for head, rows in table.items()}


def kursk(folds: int = 5) -> dict:
    rows = read_csv(require(SHARED / "kursk" / "train.csv"))
    lemmas = [plain_text(r["text"]) for r in rows]
    hits: dict = {}
    correct, confidence = [], []
    for tr, te in KFold(folds, shuffle=True, random_state=0).split(rows):
        feats = features([lemmas[i] for i in tr], [lemmas[i] for i in te])
        for head, other in (("executor", "topic"), ("topic", None)):
            y = np.array([rows[i][head] for i in tr])
            topic = np.array([rows[i][other] for i in tr]) if other else None
            truth = [rows[i][head] for i in te]
            for name, pred in plain_rows(feats, y, topic).items():
                _accumulate(hits, head, name, truth, pred)
        for name, params in CUR_NLP.items():
            if name in CONTEXT_ONLY:
                continue
            router = cur_nlp.train([rows[i] for i in tr], agency="executor", topic="topic", urgent=None, kind=None,
                                   region=None, **params)
            routed = router.route_many([rows[i]["text"] for i in te])
            for head, attr in (("executor", "agency"), ("topic", "topic")):
                _accumulate(hits, head, name, [rows[i][head] for i in te], [getattr(x, attr) for x in routed])
            if name == "cur_nlp":
                correct += [x.agency == rows[i]["executor"] for i, x in zip(te, routed)]
                confidence += [x.confidence for x in routed]
        print("kursk: fold done", flush=True)
    report = _finish(hits)
    report["calibration"] = {"cur_nlp_executor_ece": round(expected_calibration_error(correct, confidence), 4)}
    return report


def spb() -> dict:
    """Reason and executor with the portal's district and object as context
    (as tokens for the plain rows), on the time split of the goals."""
    rows = spb_rows()
    cut = int(len(rows) * 0.8)
    docs = [f"{plain_text(r['text'])} {context_tokens(r, SPB_CONTEXT)}" for r in rows]
    hits: dict = {}
    for head, other in (("reason", None), ("executor", "reason")):
        tr = [i for i in range(cut) if rows[i][head]]
        te = [i for i in range(cut, len(rows)) if rows[i][head]]
        y = np.array([rows[i][head] for i in tr])
        topic = np.array([rows[i][other] for i in tr]) if other else None
        t0 = time.perf_counter()
        for name, pred in plain_rows(features([docs[i] for i in tr], [docs[i] for i in te]), y, topic).items():
            _accumulate(hits, head, name, [rows[i][head] for i in te], pred)
        print(f"spb: plain rows for {head} ({time.perf_counter() - t0:.0f} s)", flush=True)
    train, test = rows[:cut], rows[cut:]
    contexts = [{c: r[c] for c in SPB_CONTEXT} for r in test]
    for name, params in CUR_NLP.items():
        with _without_kinds() if name == "cur_nlp-kinds" else nullcontext():
            router = cur_nlp.train(train, agency="executor", topic="reason", urgent=None, kind=None,
                                   municipality=None, region=None, context=SPB_CONTEXT, **params)
        routed = router.route_many([r["text"] for r in test], contexts)
        _accumulate(hits, "reason", name, [r["reason"] for r in test], [x.topic for x in routed])
        keep = [(r, x) for r, x in zip(test, routed) if r["executor"]]
        _accumulate(hits, "executor", name, [r["executor"] for r, _ in keep], [x.agency for _, x in keep])
        print(f"spb: {name} done", flush=True)
    return _finish(hits)


def corpus() -> dict:
    """Place features and the local/regional rule: our corpus with its
    gazetteer (``region="nso"``) against the same labels as free-form
    strings (no gazetteer, no rule)."""
    table = read_table(ROOT / "datasets" / "nso" / "messages.csv")
    train = [r for r in table.rows if r["split"] == "train"]
    test = [r for r in table.rows if r["split"] == "test"]
    out = {}
    for name, region in (("with_places", "nso"), ("free_form", None)):
        router = cur_nlp.train(train, urgent=None, kind=None, municipality=None if region is None else "municipality",
                               region=region, context=["page"])
        routed = router.route_many([r["text"] for r in test], [{"page": r["page"]} for r in test])
        out[name] = {
            "agency": round(float(np.mean([x.agency == r["agency"] for r, x in zip(test, routed)])), 4),
            "topic": round(float(np.mean([x.topic == r["topic"] for r, x in zip(test, routed)])), 4),
        }
        print(f"corpus: {name} done", flush=True)
    return out


def _print(name: str, table: dict) -> None:
    heads = list(table)
    variants = [v for v in IN_CUR_NLP if any(v in table[h] for h in heads)]
    print(f"\n{name}")
    print(f"{'variant':18s} " + " ".join(f"{h:>10s} {'Δ plain':>8s}" for h in heads) + "  in cur_nlp")
    for v in variants:
        cells = []
        for h in heads:
            acc = table[h].get(v)
            cells.append(f"{'-':>10s} {'':8s}" if acc is None else f"{acc:10.3f} {acc - table[h]['plain']:+8.3f}")
        print(f"{v:18s} " + " ".join(cells) + f"  {IN_CUR_NLP[v]}")


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=["kursk", "spb", "corpus"], choices=["kursk", "spb", "corpus"])
    args = ap.parse_args()
    require(SHARED)
    # --only refreshes its sections of the last report and keeps the others
    last = RESULTS / "ablations.json"
    report: dict = json.loads(last.read_text(encoding="utf-8")) if last.exists() else {}
    report = {k: report[k] for k in ("kursk", "spb", "corpus", "seconds") if k in report}
    report["metric"] = "accuracy"
    if not isinstance(report.get("seconds"), dict):  # a report from before sections were timed apart
        report["seconds"] = {}
    for name, section in (("kursk", kursk), ("spb", spb), ("corpus", corpus)):
        if name in args.only:
            t0 = time.perf_counter()
            report[name] = section()
            report["seconds"][name] = round(time.perf_counter() - t0, 1)
    if "kursk" in report:
        calibration = report["kursk"].pop("calibration")
        _print("Kursk, 5-fold CV", report["kursk"])
        report["kursk"]["calibration"] = calibration
        print(f"expected calibration error of cur_nlp's executor confidence: {calibration['cur_nlp_executor_ece']:.3f}")
    if "spb" in report:
        _print("St Petersburg, time split, district and object as context", report["spb"])
    if "corpus" in report:
        print("\nOur corpus, test split (place features and the local/regional rule)")
        for name, m in report["corpus"].items():
            print(f"{name:18s} agency {m['agency']:.3f}  topic {m['topic']:.3f}")
    write_report("ablations", report)
    return report


if __name__ == "__main__":
    main()
