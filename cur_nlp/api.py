"""The public functions: route with the default model, train, load."""
from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from .batch import read_table
from .persist import sha256_file
from .router import Router
from .routing import Routing
from .shipped import CORPUS_REGION, load_corpus, shipped_path

__all__ = ["route", "route_many", "train", "load", "default_router", "DEFAULT_MODEL"]


#: Where the default model is read from: ``$CUR_NLP_MODEL``, else
#: ``models/nso-default`` of the source checkout, else the copy an install
#: put under ``<prefix>/share/cur_nlp``.
DEFAULT_MODEL = Path(os.environ.get("CUR_NLP_MODEL") or shipped_path("models", "nso-default"))
_default: Router | None = None
_lock = threading.Lock()


def default_router() -> Router:
    """The shipped default model, loaded once (thread-safe, on first use)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Router.load(DEFAULT_MODEL)
    return _default


def load(path: str | Path) -> Router:
    """Load a model folder saved by :meth:`Router.save`.

    Raises :class:`~cur_nlp.ModelError` naming the path and the problem when
    the folder is missing, incomplete, corrupt or of a newer format.
    """
    return Router.load(path)


def route(text: str, context: Mapping | None = None, model: Router | None = None) -> Routing:
    """Route one message with the default model (or ``model``).

    ``context`` may carry what the channel already knows: ``page`` (id of
    the body whose page received the message), ``municipality`` (id),
    ``address`` (free text), ``date`` (when it was written: heating
    complaints weigh more from October to April). Raises ``TypeError`` for
    non-``str`` text.
    """
    return (model or default_router()).route(text, context)


def route_many(texts: Sequence[str], contexts: Sequence[Mapping | None] | None = None,
               model: Router | None = None) -> list[Routing]:
    """Route many messages in order; same results as :func:`route`, faster."""
    return (model or default_router()).route_many(texts, contexts)


def train(data, text: str = "text", agency: str | None = "agency", topic: str | None = "topic",
          urgent: str | None = "urgent", kind: str | None = "kind",
          municipality: str | None = "municipality", context: Sequence[str] = (),
          region: str | None = "nso", base: str | None = None, **params) -> Router:
    """Train a Router on a labelled export.

    ``data`` is a path to a CSV/``.xlsx`` file or a sequence of dict rows.
    Label columns absent from the data (or given as ``None``) leave their
    head untrained; rows with an empty label are left out of that head only.
    ``municipality`` (id of the place, empty for none) teaches the model the
    villages and streets the gazetteer does not know; without it the places
    are learnt from ``mun:<id>`` agency labels.
    ``context`` names columns that become context features (``["page"]``);
    with free-form labels, one that names the bodies' place (``district``
    for "ЖА Невского района") also teaches the kinds of body across places
    (:mod:`cur_nlp.bodies`).
    ``region=None`` trains on free-form labels (another region's bodies).
    ``base="nso"`` adds the ``train`` split of the shipped corpus to the
    rows the heads learn from: its urgency and kind labels always (their
    vocabulary is the same everywhere), its agency, topic and municipality
    labels when ``region`` is the corpus's own. A few hundred labelled rows
    of an inbox then learn on top of what the corpus already teaches; the
    thresholds and held-out metrics still come from ``data`` alone, since
    they must describe the user's messages.
    Other keyword arguments are :class:`Router` parameters.
    """
    if isinstance(data, (str, Path)):
        table = read_table(data)
        columns, rows = table.columns, table.rows
        digest = sha256_file(Path(data))
    else:
        rows = [dict(r) for r in data]
        columns = sorted({k for r in rows for k in r})
        digest = None
    if text not in columns:
        raise ValueError(f"no text column {text!r} in data; columns are {columns}")
    missing = [c for c in context if c not in columns]
    if missing:
        raise ValueError(f"context columns {missing} are not in data; columns are {columns}")
    texts = ["" if r.get(text) is None else str(r.get(text)) for r in rows]
    labels = {head: [r.get(col) for r in rows]
              for head, col in (("agency", agency), ("topic", topic), ("urgent", urgent), ("kind", kind),
                                ("municipality", municipality))
              if col and col in columns}
    contexts = [{c: r.get(c) for c in context} for r in rows] if context else None
    router = Router(region=region, context=context, **params)
    if base is None:
        return router.fit(texts, labels, contexts, data_sha256=digest)
    extra = load_corpus(base)
    shared = {"urgent", "kind"} | ({"agency", "topic", "municipality"} if region == CORPUS_REGION[base] else set())
    n = len(texts)
    texts = texts + [r["text"] for r in extra]
    labels = {h: v + ([r[h] for r in extra] if h in shared else [None] * len(extra)) for h, v in labels.items()}
    if contexts is not None:
        contexts = contexts + [{c: r.get(c) for c in context} for r in extra]
    router.fit(texts, labels, contexts, scored=[True] * n + [False] * len(extra))
    router.meta["base"] = {"corpus": base, "rows": len(extra)}
    return router

