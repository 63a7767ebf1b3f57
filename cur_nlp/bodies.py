"""Bodies of a kind per place: "ЖА Невского района", "ЖА Кировского
района", … are one kind of body ("ЖА {place} района") in each district.

An export whose context names the place (the portal's ``district``) and
whose agency labels are per-place bodies spreads each kind over as many
classes as there are places: the agency head learns "rubbish in a yard →
the housing agency" once per district, from a district's share of the rows.
A second head learns the kind from all rows at once — the per-place kinds,
and one class :data:`ELSE` for every other body (city-wide bodies are the
agency head's to tell apart, and five classes train in a third of the time
of forty) — and a body's probability is the geometric mean of the agency
head's and its kind's, the kind read with this message's place. On the St
Petersburg time split: executor accuracy 0.839 → 0.847
(``benchmarks/spb.py``; weights from 0.25 to 2 instead of the plain mean
all gave within 0.3 points of it).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

__all__ = ["PLACE", "ELSE", "body_kind", "kind_label", "choose_place_field", "with_kinds"]

#: Stands for the place in a kind: "ЖА {place} района".
PLACE = "{place}"
#: A context field names the bodies when it does so in this share of rows.
MIN_SHARE = 0.2
#: The kind head's class for bodies that do not name the message's place.
ELSE = "-"
#: The weight of a body of no kind the head knows (no ELSE class trained:
#: every training body named its row's place, and this one names another).
_UNSEEN = 1e-6


@lru_cache(maxsize=4096)
def _place_pattern(place: str) -> re.Pattern | None:
    """A place name in any case ending: "Невский" finds "Невского"; a short
    word ("Льгов") must appear whole, then with any ending."""
    words = [w for w in re.findall(r"\w+", place.lower()) if len(w) >= 4]
    if not words:
        return None
    stems = [w[:-2] if len(w) > 5 else w for w in words]
    return re.compile(r"\b" + r"\w*\W+".join(map(re.escape, stems)) + r"\w*", re.IGNORECASE)


def body_kind(label: str, place: str | None) -> str:
    """The kind of body ``label`` is at ``place``: the label with the place's
    name replaced by :data:`PLACE`, or the label itself when it does not
    name the place (a city-wide body, or a body of another place)."""
    pattern = _place_pattern(place) if place else None
    return pattern.sub(PLACE, label) if pattern is not None else label


def kind_label(label: str | None, place: str | None) -> str | None:
    """The kind head's class for a row: the body's kind when it names the
    row's place, else :data:`ELSE`; None for a row without a body."""
    if label is None:
        return None
    kind = body_kind(label, place)
    return kind if PLACE in kind else ELSE


def choose_place_field(labels: Sequence[str | None], contexts: Sequence[dict], fields: Sequence[str]) -> str | None:
    """The context field whose value the agency labels name most often, if
    in at least :data:`MIN_SHARE` of the labelled rows; else None."""
    labelled = [(a, c) for a, c in zip(labels, contexts) if a]
    if not labelled:
        return None
    share = {f: np.mean([PLACE in body_kind(a, c.get(f)) for a, c in labelled]) for f in fields}
    best = max(share, key=share.get, default=None)
    return best if best is not None and share[best] >= MIN_SHARE else None


@lru_cache(maxsize=1024)
def _kind_columns(agencies: tuple[str, ...], kinds: tuple[str, ...], place: str) -> np.ndarray:
    """For each body, the kind head's column of its kind at ``place`` (-1:
    none). Cached: matching 73 labels takes 0.16 ms, a sixth of routing one
    message."""
    column = {k: j for j, k in enumerate(kinds)}
    return np.array([column.get(kind_label(a, place), column.get(ELSE, -1)) for a in agencies])


def with_kinds(p_agency: np.ndarray, agencies: Sequence[str], p_kind: np.ndarray, kinds: Sequence[str],
               places: Sequence[str | None]) -> np.ndarray:
    """Agency probabilities (rows × ``agencies``) joined with the kind
    head's (rows × ``kinds``): each body's is the geometric mean of its own
    and its kind's at the row's place (:func:`kind_label`), renormalised.
    Rows without a place keep the agency head's."""
    out = p_agency.copy()
    agencies, kinds = tuple(agencies), tuple(kinds)
    for i, place in enumerate(places):
        if not place:
            continue
        cols = _kind_columns(agencies, kinds, place)
        kind = np.where(cols >= 0, p_kind[i, np.maximum(cols, 0)], _UNSEEN)
        joint = np.sqrt(p_agency[i] * kind)
        out[i] = joint / joint.sum()
    return out
