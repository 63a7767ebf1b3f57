"""The region registry: who can answer, which municipalities, which topics.

A region is a folder ``cur_nlp/regions/<code>/`` with ``agencies.csv``,
``municipalities.csv`` and ``topics.csv``. Their ids are the label
vocabulary of every model trained for that region.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Region", "load_region", "UNKNOWN", "OTHER", "MUN_PREFIX", "REGIONS_DIR"]

REGIONS_DIR = Path(__file__).parent / "regions"
#: A local matter whose municipality cannot be told: a person must look.
UNKNOWN = "unknown"
#: A matter for none of the region's bodies (federal bodies, private disputes, spam).
OTHER = "other"
MUN_PREFIX = "mun:"


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Region:
    """Agencies, municipalities and topics of one region, keyed by id."""

    code: str
    agencies: dict[str, dict[str, str]]
    municipalities: dict[str, dict[str, str]]
    topics: dict[str, dict[str, str]]
    _names: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        names = {a: row["name"] for a, row in self.agencies.items()}
        names.update({MUN_PREFIX + m: row["name"] for m, row in self.municipalities.items()})
        names[UNKNOWN] = "Требует разбора: орган не определён"
        names[OTHER] = "Вне компетенции органов региона"
        self._names.update(names)

    @property
    def agency_ids(self) -> list[str]:
        """Every valid answer: regional bodies, ``mun:<id>``, ``unknown``, ``other``."""
        return list(self._names)

    def agency_name(self, agency: str) -> str | None:
        return self._names.get(agency)

    def is_local_topic(self, topic: str | None) -> bool:
        """Whether a topic is by default a matter of the municipality."""
        return bool(topic) and self.topics.get(topic, {}).get("default_level") == "municipal"

    def check_labels(self, column: str, values) -> None:
        """Raise ``ValueError`` naming the first labels that are not in the registry."""
        valid = {
            "agency": set(self._names),
            "topic": set(self.topics),
            "municipality": set(self.municipalities),
        }[column]
        bad = sorted({v for v in values if v and v not in valid})
        if bad:
            raise ValueError(
                f"{len(bad)} {column} label(s) are not in region {self.code!r}: {bad[:5]}; "
                "train with region=None for free-form labels"
            )


@lru_cache(maxsize=None)
def load_region(code: str = "nso") -> Region:
    """Load a bundled region by its code (``"nso"`` — Novosibirsk oblast)."""
    folder = REGIONS_DIR / code
    if not (folder / "agencies.csv").exists():
        known = sorted(p.name for p in REGIONS_DIR.iterdir() if p.is_dir())
        raise ValueError(f"unknown region {code!r}; bundled regions: {known}")
    return Region(
        code=code,
        agencies={r["id"]: r for r in _read(folder / "agencies.csv")},
        municipalities={r["id"]: r for r in _read(folder / "municipalities.csv")},
        topics={r["id"]: r for r in _read(folder / "topics.csv")},
    )
