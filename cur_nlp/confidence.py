"""How sure to say we are: the confidence a dispatcher reads, calibrated.

A head's temperature makes its class probabilities right on average, but
the probability of the answer actually given (the top class, after the
routing rule) can still be off: on the Kursk export (75 executors, 5-fold
CV) answers shown above 0.9 were right 0.83 of the time and those shown
0.1–0.2 right 0.36 — an expected calibration error of 0.139 (topic: 0.119).
A two-number map on the logit of that confidence (Platt scaling), fitted on
the held-out answers of training, brings it to 0.025 (topic 0.030) on the
messages of the other folds. The map is monotone: it changes the number
shown, never which answer is given nor the order of the alternatives.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

__all__ = ["IDENTITY", "fit_confidence_map", "map_confidence"]

#: The map that changes nothing (old models, too few held-out answers).
IDENTITY = (1.0, 0.0)
#: Fewer held-out answers than this, or all right, or all wrong: no map.
MIN_ANSWERS = 50
_EPS = 1e-6


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def fit_confidence_map(correct: Sequence[bool], confidence: Sequence[float]) -> tuple[float, float]:
    """(a, b) such that ``sigmoid(a * logit(confidence) + b)`` is the
    probability the answer is right, by maximum likelihood on held-out
    answers."""
    from scipy.optimize import minimize

    y = np.asarray(correct, dtype=float)
    x = _logit(np.asarray(confidence, dtype=float))
    if len(y) < MIN_ANSWERS or y.min() == y.max():
        return IDENTITY

    def loss(ab: np.ndarray) -> tuple[float, np.ndarray]:
        z = ab[0] * x + ab[1]
        p = 1 / (1 + np.exp(-z))
        nll = np.mean(np.logaddexp(0, z) - y * z)
        g = p - y
        return nll, np.array([np.mean(g * x), np.mean(g)])

    result = minimize(loss, np.array(IDENTITY), jac=True, method="L-BFGS-B", bounds=[(0.05, 20), (-10, 10)])
    return (float(result.x[0]), float(result.x[1])) if result.success else IDENTITY


def map_confidence(p: float, ab: Sequence[float] = IDENTITY) -> float:
    """One confidence through the map (pure Python: it runs per message)."""
    a, b = ab
    if a == 1.0 and b == 0.0:
        return p
    p = min(max(p, _EPS), 1 - _EPS)
    z = a * math.log(p / (1 - p)) + b
    return 1 / (1 + math.exp(-z)) if z > -700 else 0.0
