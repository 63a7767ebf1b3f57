"""scikit-learn's estimator conventions without importing scikit-learn.

Importing ``sklearn.base`` costs over a second, most of a cold start, and
routing needs nothing from it. Estimators here take their parameters in
``__init__`` and expose ``get_params``/``set_params``, so ``sklearn.clone``,
pipelines and grid searches treat them as their own.
"""
from __future__ import annotations

import inspect

__all__ = ["Estimator", "Transformer"]


class Estimator:
    """Base of cur_nlp's estimators: parameters are the ``__init__``
    arguments, stored under their own names."""

    @classmethod
    def _param_names(cls) -> list[str]:
        sig = inspect.signature(cls.__init__)
        return [p.name for p in sig.parameters.values() if p.name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD]

    def get_params(self, deep: bool = True) -> dict:
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params) -> "Estimator":
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"{type(self).__name__} has no parameter {name!r}; it has {valid}")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


class Transformer(Estimator):
    """An estimator with ``fit`` and ``transform``, and so ``fit_transform``."""

    def fit_transform(self, X, y=None):
        return self.fit(X, y).transform(X)
