"""cur_nlp — route citizen messages to the body that must answer.

>>> import cur_nlp
>>> r = cur_nlp.route("Третий день нет воды в Краснозёрском, дети без воды!!")
>>> r.agency, r.urgent          # doctest: +SKIP
('mun:krasnozersky', True)

Public API: :func:`route`, :func:`route_many`, :func:`train`, :func:`load`,
:class:`Router`, :class:`Routing`.
"""
from __future__ import annotations

__version__ = "0.1.0"

from .api import DEFAULT_MODEL, default_router, load, route, route_many, train  # noqa: E402
from .persist import ModelError  # noqa: E402
from .router import Router  # noqa: E402
from .routing import Routing  # noqa: E402

__all__ = ["route", "route_many", "train", "load", "Router", "Routing", "ModelError",
           "DEFAULT_MODEL", "default_router", "__version__"]
