"""Find places of the region in a message: the gazetteer and its matcher.

The gazetteer is ``regions/<code>/places.csv`` (name, kind, municipality,
source). Every name is expanded once into its inflected forms with
pymorphy3, so matching a message is a dictionary look-up per token.

Precision comes first: names that are also common words ("Кочки", "Обь",
"Северное", city districts such as "Кировский") only count next to a
marker that makes them a place ("с. Кочки", "Кировский район").
"""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .registry import REGIONS_DIR
from .text import Normalised, _morph, fold

__all__ = ["Place", "PlaceMatch", "Gazetteer", "load_gazetteer"]

# A settlement marker before a name makes it a place even when the name is
# also a common word.
_BEFORE = {
    "с", "село", "селе", "села", "д", "дер", "деревня", "деревне", "деревни", "п", "пос",
    "поселок", "поселке", "поселка", "г", "гор", "город", "городе", "города", "рп", "пгт",
    "р.п", "ст", "станция", "станции", "мкр", "микрорайон", "микрорайоне", "мкрн", "снт",
}
_AFTER = {"район", "района", "районе", "району", "районом", "р-н", "р-на", "р-не", "р", "рн", "р-ну"}
# A name right after these is a street, not a settlement ("ул. Барабинская").
_STREET = {"ул", "улица", "улице", "улицы", "пр", "пр-т", "проспект", "проспекте", "пер",
           "переулок", "переулке", "бульвар", "шоссе", "тракт", "тупик", "пл", "площадь"}
_SOFT_BEFORE = {"в", "во", "из", "под", "у", "до", "по"}
# Names that are also something else people write about with a capital
# letter (the river Обь, "Горный" the adjective): only a settlement marker
# makes them a place.
_STRICT = {"обь", "горный", "северное", "довольное", "чаны"}

@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    kind: str
    municipality: str
    source: str


@dataclass(frozen=True)
class PlaceMatch:
    """A place found in text: ``text[start:stop]`` is the matched surface."""

    start: int
    stop: int
    text: str
    place: str
    municipality: str
    confidence: float

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _word_forms(word: str, kind: str) -> set[str]:
    """Inflected forms of one name word (folded), singular unless the name
    itself is plural ("Чаны", "Кочки")."""
    word = fold(word)
    head, sep, last = word.rpartition("-")
    forms = {word}
    parses = [p for p in _morph().parse(last) if fold(p.normal_form) == last] or _morph().parse(last)[:1]
    for p in parses[:2]:
        # An adjective name keeps its own gender: "Ленинское" (село) is not
        # "Ленинский" (район), "Барабинская" (улица) not "Барабинский".
        gender = p.tag.gender if "ADJF" in p.tag else None
        for f in p.lexeme:
            if "plur" in f.tag and "plur" not in p.tag:
                continue
            if gender and f.tag.gender not in (gender, None):
                continue
            forms.add(head + sep + fold(f.word))
    return forms


def _strictness(name: str, kind: str) -> int:
    """0: the name alone is a place; 1: also a common word, so it needs a
    capital letter after a preposition or a marker; 2: needs a marker."""
    folded = fold(name)
    if folded in _STRICT or kind == "city district":
        return 2
    best = _morph().parse(folded.split()[0])[0]
    common = best.is_known and not any(g in best.tag for g in ("Geox", "Surn", "Name"))
    return 1 if common else 0


class Gazetteer:
    """Places of a region and a matcher over :class:`~cur_nlp.text.Normalised` text."""

    def __init__(self, places: list[Place]):
        self.places = places
        self._index: dict[str, list[tuple[Place, list[set[str]], int]]] = defaultdict(list)
        for place in places:
            words = place.name.split()
            forms = [_word_forms(w, place.kind) for w in words]
            strict = _strictness(place.name, place.kind)
            for f in forms[0]:
                self._index[f].append((place, forms, strict))

    @classmethod
    def from_csv(cls, path: Path) -> "Gazetteer":
        with open(path, encoding="utf-8", newline="") as f:
            return cls([Place(**row) for row in csv.DictReader(f)])

    def find(self, doc: Normalised) -> list[PlaceMatch]:
        """All places named in a message, in text order (ambiguous names
        yield one match per candidate municipality)."""
        tokens = doc.tokens
        folded = [fold(t.text) for t in tokens]
        out: list[PlaceMatch] = []
        i = 0
        while i < len(tokens):
            candidates = self._index.get(folded[i])
            if not candidates:
                i += 1
                continue
            matched_len = 0
            for place, forms, strict in candidates:
                n = len(forms)
                if i + n > len(tokens) or any(folded[i + j] not in forms[j] for j in range(1, n)):
                    continue
                conf = self._confidence(tokens, folded, i, n, strict)
                if conf and not any(m.start == tokens[i].start and m.municipality == place.municipality for m in out):
                    t0, t1 = tokens[i], tokens[i + n - 1]
                    out.append(PlaceMatch(t0.start, t1.stop, doc.text[t0.start:t1.stop],
                                          place.name, place.municipality, conf))
                    matched_len = max(matched_len, n)
            i += matched_len or 1
        return out

    @staticmethod
    def _confidence(tokens, folded, i, n, strict) -> float:
        prev = folded[i - 1] if i > 0 else ""
        if prev == "." and i > 1:  # "ул. Ленина", "с. Орловка"
            prev = folded[i - 2]
        nxt = folded[i + n] if i + n < len(folded) else ""
        if prev in _STREET:
            return 0.0
        if prev in _BEFORE or nxt in _AFTER:
            return 0.95
        capitalised = tokens[i].text[:1].isupper()
        if strict == 2:
            return 0.0
        if strict == 1:
            return 0.7 if capitalised and prev in _SOFT_BEFORE else 0.0
        if capitalised:
            return 0.9
        return 0.75 if prev in _SOFT_BEFORE else 0.6

    def municipality(self, matches: list[PlaceMatch]) -> str | None:
        """The municipality a message is about: the one with the most
        confident evidence, the earliest on a tie; ``None`` when ambiguous."""
        score: dict[str, float] = defaultdict(float)
        for m in matches:
            score[m.municipality] += m.confidence
        if not score:
            return None
        ranked = sorted(score.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            first = {}
            for m in matches:
                first.setdefault(m.municipality, m.start)
            tied = [mun for mun, s in ranked if s == ranked[0][1]]
            # Same name in several municipalities and nothing else: ambiguous.
            spans = {(m.start, m.stop) for m in matches if m.municipality in tied}
            if len(spans) == 1:
                return None
            return min(tied, key=first.get)
        return ranked[0][0]


@lru_cache(maxsize=None)
def load_gazetteer(code: str = "nso") -> Gazetteer:
    """The bundled gazetteer of a region (built once per process)."""
    return Gazetteer.from_csv(REGIONS_DIR / code / "places.csv")
