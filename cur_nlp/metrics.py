"""Quality measures and threshold choice, shared by training and evaluation."""
from __future__ import annotations

import numpy as np

__all__ = ["classification_report", "binary_report", "expected_calibration_error", "review_threshold",
           "urgency_threshold"]


def classification_report(y_true, y_pred, top3_hits=None) -> dict:
    """Accuracy, macro-F1 (over the labels present in ``y_true``) and, when
    given, top-3 accuracy of one exclusive-label head."""
    from sklearn.metrics import accuracy_score, f1_score  # evaluation only: keep routing free of scikit-learn

    # as integers: scikit-learn sorts string labels over and over (seconds on 40k rows)
    index: dict = {}
    y_true = np.array([index.setdefault(y, len(index)) for y in y_true], dtype=np.int64)
    labels = list(range(len(index)))
    y_pred = np.array([index.setdefault(y, len(index)) for y in y_pred], dtype=np.int64)
    out = {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)), 4),
    }
    if top3_hits is not None:
        out["top3_accuracy"] = round(float(np.mean(top3_hits)), 4)
    return out


def expected_calibration_error(correct, confidence, bins: int = 10) -> float:
    """Mean gap between confidence and accuracy over equal-width confidence
    bins, weighted by bin size: 0 for perfectly calibrated confidences."""
    correct = np.asarray(correct, dtype=float)
    confidence = np.asarray(confidence, dtype=float)
    if not len(correct):
        return 0.0
    which = np.minimum((confidence * bins).astype(int), bins - 1)
    gap = sum(abs(correct[which == b].mean() - confidence[which == b].mean()) * (which == b).sum()
              for b in range(bins) if (which == b).any())
    return round(float(gap / len(correct)), 4)


def binary_report(y_true, score, threshold: float) -> dict:
    """Precision, recall, F1 of ``score >= threshold`` against 0/1 labels,
    and the precision/recall curve at a few thresholds."""
    from sklearn.metrics import precision_recall_fscore_support

    y = np.asarray(y_true, dtype=int)
    score = np.asarray(score, dtype=float)
    p, r, f, _ = precision_recall_fscore_support(y, score >= threshold, average="binary", zero_division=0)
    curve = []
    for t in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        cp, cr, cf, _ = precision_recall_fscore_support(y, score >= t, average="binary", zero_division=0)
        curve.append({"threshold": t, "precision": round(float(cp), 4), "recall": round(float(cr), 4), "f1": round(float(cf), 4)})
    return {"n": int(len(y)), "positives": int(y.sum()), "threshold": round(float(threshold), 4),
            "precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
            "curve": curve}


def review_threshold(correct, confidence, precision: float) -> float:
    """The lowest confidence above which answers are right at least
    ``precision`` of the time; below it a person reviews. 1.0 when no
    threshold reaches that precision (everything is reviewed)."""
    correct = np.asarray(correct, dtype=float)
    confidence = np.asarray(confidence, dtype=float)
    order = np.argsort(-confidence)
    hits = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    ok = np.flatnonzero(hits >= precision)
    # Ignore the noisy head of the curve: at least 20 answers (or 5%) accepted.
    ok = ok[ok >= min(19, len(order) - 1, max(4, len(order) // 20))]
    if not len(ok):
        return 1.0
    return float(confidence[order][ok[-1]])


def urgency_threshold(y_true, score, min_recall: float) -> float:
    """The threshold with the best F1 among those whose recall is at least
    ``min_recall``: a missed emergency costs more than a false alarm."""
    y = np.asarray(y_true, dtype=int)
    score = np.asarray(score, dtype=float)
    if y.sum() == 0:
        return 0.5
    best_t, best_f = float(score.min()), -1.0
    for t in np.unique(np.round(score, 3)):
        pred = score >= t
        tp = float((pred & (y == 1)).sum())
        recall = tp / y.sum()
        if recall < min_recall:
            break
        f = 2 * tp / (pred.sum() + y.sum())
        if f > best_f:
            best_t, best_f = float(t), f
    return best_t
