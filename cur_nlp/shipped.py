"""Where the files shipped beside the package live: the default model
(``models/``) and the corpus (``datasets/``).

They sit at the top of the source checkout, one place to diff and rebuild;
a non-editable install copies them under ``<prefix>/share/cur_nlp``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .batch import read_table

__all__ = ["shipped_path", "load_corpus", "CORPUS_REGION"]

#: The region of each shipped corpus: its agency, topic and municipality ids
#: are that region's vocabulary.
CORPUS_REGION = {"nso": "nso"}


def shipped_path(*parts: str) -> Path:
    """``<checkout>/<parts>`` when it exists, else the installed copy."""
    checkout = Path(__file__).resolve().parents[1].joinpath(*parts)
    installed = Path(sys.prefix, "share", "cur_nlp", *parts)
    return checkout if checkout.exists() or not installed.exists() else installed


def load_corpus(name: str = "nso", split: str | None = "train") -> list[dict[str, str]]:
    """Rows of a shipped corpus (``datasets/<name>/messages.csv``), only
    those of ``split`` unless it is None. Raises ``ValueError`` for a name
    that is not shipped."""
    if name not in CORPUS_REGION:
        raise ValueError(f"no shipped corpus {name!r}; shipped: {sorted(CORPUS_REGION)}")
    rows = read_table(shipped_path("datasets", name, "messages.csv")).rows
    return [r for r in rows if split is None or r["split"] == split]
