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

from .persist import sha256_file
from .registry import REGIONS_DIR
from .text import Normalised, _morph, fold

__all__ = ["Place", "PlaceMatch", "Gazetteer", "load_gazetteer", "mentions_street"]

# A settlement marker before a name makes it a place even when the name is
# also a common word.
_BEFORE = {
    "с", "село", "селе", "села", "д", "дер", "деревня", "деревне", "деревни", "п", "пос",
    "поселок", "поселке", "поселка", "г", "гор", "город", "городе", "города", "рп", "пгт",
    "р.п", "ст", "станция", "станции", "мкр", "микрорайон", "микрорайоне", "мкрн", "снт",
}
_AFTER = {"район", "района", "районе", "району", "районом", "р-н", "р-на", "р-не", "р", "рн", "р-ну"}
# A name right after these is a street, not a settlement ("ул. Барабинская").
_STREET = {"ул", "улица", "улице", "улицы", "улицу", "улиц", "улицах", "пр", "пр-т", "проспект", "проспекте", "пер",
           "переулок", "переулке", "бульвар", "шоссе", "тракт", "тупик", "пл", "площадь"}
_SOFT_BEFORE = {"в", "во", "из", "под", "у", "до", "по", "на"}
# Village names found in many districts of Siberia, most of them not in the
# census table (it names villages of 3,000+ people only): alone they say
# nothing about the municipality, next to a district name they do.
_COMMON_NAMES = {
    "каменка", "павловка", "заречный", "заречное", "первомайское", "первомайский", "мичуринский",
    "михайловка", "александровка", "ивановка", "никольское", "покровка", "сосновка", "березовка",
    "октябрьский", "майский", "новый", "степной", "садовый", "озерный", "лесной", "луговое", "петровка",
    "васильевка", "андреевка", "николаевка", "красный яр", "кирово", "советское", "кировское", "ленинское",
    "веселый", "юбилейный", "победа", "дружный", "новоселово", "орловка", "троицкое", "романовка",
    "успенка", "вознесенка", "федосеевка", "знаменка", "константиновка", "новоалександровка",
}
# Words right after a name that put it outside the region ("Колывань
# Алтайского края", "Кировский район Кемерова").
_ELSEWHERE = {"края", "краю", "край", "области", "обл", "республики", "республике"}
_OURS = {"нас", "мы", "наш", "наша", "наше", "нашем", "нашей", "нашего", "живу", "живем", "живём"}
_TYPO_MIN = 6
_HEADING_MARKS = {",", ".", ":", "—", "-", "–"}
# Names that are also something else people write about with a capital
# letter (the river Обь, "Горный" the adjective): only a settlement marker
# makes them a place.
_STRICT = {"горный"}
# "в Оби" is the town unless the words around speak of the river (Карасук too).
_RIVER = {"обь": {"купаться", "купались", "берег", "берегу", "берега", "река", "реке", "реки", "рыба", "рыбу",
                   "лед", "льду", "мост", "моста", "лодке", "плыть", "плывут", "разлилась", "обмелела", "вода"},
          "карасук": {"река", "реке", "реки", "берег", "берегу", "набережная", "набережную", "набережной", "вдоль",
                      "купаться", "рыба", "мост", "моста"}}

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
    #: How likely the problem is *here* rather than merely mentioned:
    #: "у нас в Краснообске" > "в Новосибирске" > "из Купино".
    focus: float = 1.0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def _word_forms(word: str) -> set[str]:
    """Inflected forms of one name word (folded), singular unless the name
    itself is plural ("Чаны", "Кочки")."""
    word = fold(word)
    head, sep, last = word.rpartition("-")
    forms = {word}
    parses = _morph().parse(last)
    # The parse in which the name is a nominative: "Кочки" is кочка in the
    # plural, so its forms are plural ("в Кочках").
    nominative = [p for p in parses if "nomn" in p.tag and fold(p.word) == last]
    parses = [p for p in nominative if fold(p.normal_form) == last] or nominative[:1] or parses[:1]
    for p in parses[:2]:
        # An adjective name keeps its own gender: "Ленинское" (село) is not
        # "Ленинский" (район), "Барабинская" (улица) not "Барабинский".
        gender = p.tag.gender if "ADJF" in p.tag else None
        for f in p.lexeme:
            if ("plur" in f.tag) != ("plur" in p.tag) and "Pltm" not in f.tag:
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
    if " " in folded:  # "Лесная Поляна" is a place, "лесная поляна" is not
        words = folded.split()
        return 1 if all(_morph().parse(w)[0].is_known for w in words) else 0
    if "-" in folded:  # "Верх-Тула": specific enough
        return 0
    best = _morph().parse(folded.split()[0])[0]
    common = best.is_known and not any(g in best.tag for g in ("Geox", "Surn", "Name"))
    return 1 if common else 0


_DISTRICT_KINDS = {"district", "city district"}
# A town outranks a village of the same name elsewhere (Чулым the town, not
# the village in Здвинский район): the resolver scores matches by kind.
_KIND_WEIGHT = {"village": 0.85, "сельсовет": 0.9, "urban-type settlement": 0.95}


class Gazetteer:
    """Places of a region and a matcher over :class:`~cur_nlp.text.Normalised` text.

    ``forms`` maps a place to the inflected forms of each of its words; it
    is computed with pymorphy3 when not given (``place_forms.tsv`` next to
    ``places.csv`` ships it precomputed, so loading takes milliseconds).
    """

    def __init__(self, places: list[Place], forms: dict[tuple[str, str], tuple[int, list[set[str]]]] | None = None):
        self.places = places
        self._corrections: dict[str, str | None] = {}  # word → its place form, filled by _correct
        self._index: dict[str, list[tuple[Place, list[set[str]], int]]] = defaultdict(list)
        for place in places:
            known = (forms or {}).get((place.name, place.municipality))
            strict, word_forms = known or (_strictness(place.name, place.kind), place_forms(place))
            for f in word_forms[0]:
                self._index[f].append((place, word_forms, strict))
        # Typos at edit distance 1 in one-word names of 6+ letters: every
        # form and its one-letter deletions point to the form.
        self._typos: dict[str, set[str]] = defaultdict(set)
        for form, entries in self._index.items():
            if len(form) >= _TYPO_MIN and any(len(f) == 1 and st == 0 for _, f, st in entries):
                for v in _deletions(form):
                    self._typos[v].add(form)

    @classmethod
    def from_csv(cls, path: Path) -> "Gazetteer":
        with open(path, encoding="utf-8", newline="") as f:
            places = [Place(**row) for row in csv.DictReader(f)]
        return cls(places, read_forms(path.with_name(FORMS_FILE), sha256_file(path)))

    def find(self, doc: Normalised) -> list[PlaceMatch]:
        """All places named in a message, in text order (ambiguous names
        yield one match per candidate municipality)."""
        tokens, index = doc.tokens, self._index
        folded = [t.folded for t in tokens]
        # Only words that name a place, or might with a typo, are looked at.
        hits = [i for i, w in enumerate(folded) if w in index or (len(w) >= _TYPO_MIN and tokens[i].text[0].isupper())]
        out: list[PlaceMatch] = []
        free = 0  # tokens before this one are inside a match
        for i in hits:
            if i < free:
                continue
            word, typo = folded[i], False
            candidates = index.get(word)
            if not candidates:
                corrected = self._correct(word)
                if not corrected:
                    continue
                candidates, typo = index[corrected], True
            matched_len = 0
            for place, forms, strict in candidates:
                n = len(forms)
                if typo and (n > 1 or strict):
                    continue
                if i + n > len(tokens) or any(folded[i + j] not in forms[j] for j in range(1, n)):
                    continue
                conf = self._confidence(tokens, folded, i, n, strict, place) * (0.8 if typo else 1.0)
                if conf and not any(m.start == tokens[i].start and m.municipality == place.municipality for m in out):
                    t0, t1 = tokens[i], tokens[i + n - 1]
                    out.append(PlaceMatch(t0.start, t1.stop, doc.text[t0.start:t1.stop], place.name,
                                          place.municipality, round(conf, 4), _focus(folded, i)))
                    matched_len = max(matched_len, n)
            free = i + matched_len
        return out

    def _correct(self, word: str) -> str | None:
        """The one place form within edit distance 1 of a word, if exactly one
        (cached: capitalised long words recur in every message)."""
        cache = self._corrections
        if word not in cache:
            if len(cache) > 200_000:
                cache.clear()
            found = set() if _morph().word_is_known(word) else {
                f for v in _deletions(word) | {word} for f in self._typos.get(v, ()) if _distance1(word, f)}
            cache[word] = found.pop() if len(found) == 1 else None
        return cache[word]

    def _confidence(self, tokens, folded, i, n, strict, place: Place) -> float:
        prev = folded[i - 1] if i > 0 else ""
        if prev == "." and i > 1:  # "ул. Ленина", "с. Орловка"
            prev = folded[i - 2]
        nxt = folded[i + n] if i + n < len(folded) else ""
        if place.kind == "street":  # "на Краузе", "ул. Нарымская", "Ватутина 31"
            near_street = prev in _STREET or prev in ("на", "по") or (
                i + n < len(tokens) and tokens[i + n].lemma == "__num__")
            return 0.6 if near_street and tokens[i].text[:1].isupper() else 0.0
        if prev in _STREET or _elsewhere(tokens, folded, i + n, self._index) or _person(tokens, folded, i, n):
            return 0.0
        river = _RIVER.get(fold(place.name))
        if river and river & set(folded[max(0, i - 4):i + n + 4]):
            return 0.0
        kind = place.kind
        weight = _KIND_WEIGHT.get(kind, 1.0)
        district = kind in _DISTRICT_KINDS
        if (nxt in _AFTER) if district else (prev in _BEFORE):
            return 0.95 * weight
        capitalised = tokens[i].text[:1].isupper()
        if capitalised and strict and not district and _heading(tokens, i, n):
            return 0.8 * weight  # "Горный, площадка у 3 дома…": the place as a heading
        if strict == 2:
            return 0.0
        if strict == 1:
            ok = capitalised and (prev in _SOFT_BEFORE or n > 1 or kind in ("microdistrict", "landmark"))
            return 0.7 * weight if ok else 0.0
        if capitalised:
            return 0.9 * weight
        return (0.75 if prev in _SOFT_BEFORE else 0.6) * weight

    def municipality(self, matches: list[PlaceMatch]) -> str | None:
        """The municipality a message is about: the one with the most
        confident evidence, the earliest on a tie; ``None`` when ambiguous."""
        support = defaultdict(int)
        for m in matches:
            support[m.municipality] += 1
        score: dict[str, float] = defaultdict(float)
        for m in matches:
            if fold(m.place) in _COMMON_NAMES and support[m.municipality] < 2:
                continue
            score[m.municipality] += m.confidence * m.focus
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


@lru_cache(maxsize=100_000)
def _tags(word: str) -> tuple:
    """Tags of the two best parses of a word (cached: checked for every match)."""
    return tuple(p.tag for p in _morph().parse(word)[:2])


def _deletions(word: str) -> set[str]:
    return {word[:k] + word[k + 1:] for k in range(len(word))}


def _distance1(a: str, b: str) -> bool:
    """Levenshtein distance between a and b is exactly 1."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    k = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    return a[k + (len(a) == len(b)):] == b[k + 1:]


def mentions_street(doc: Normalised) -> bool:
    """Whether a message gives a street address ("ул. Гоголя, 13", "на
    Станционной 14", "пр-т Дзержинского"): evidence of a place even when the
    street is in no gazetteer, which the models weigh against "no place"."""
    tokens = doc.tokens
    for i, t in enumerate(tokens[:-1]):
        if t.folded in _STREET:
            j = i + 2 if tokens[i + 1].text == "." and i + 2 < len(tokens) else i + 1
            if tokens[j].text[:1].isupper() or tokens[j].lemma == "__num__":
                return True
    return False


def _heading(tokens, i, n) -> bool:
    """A name that opens the message, cut off by a comma, dot, colon or
    dash: residents head their message with the place."""
    return i == 0 and i + n < len(tokens) and tokens[i + n].text in _HEADING_MARKS


def _elsewhere(tokens, folded, j, known) -> bool:
    """The words after a name place it outside the region: "края",
    "области", or a capitalised place name that is not one of ``known``."""
    for k in range(j, min(j + 4, len(tokens))):
        w = folded[k]
        if w in _ELSEWHERE:
            return k == 0 or not folded[k - 1].startswith("новосибирск")
        if w in ".,;!?":
            return False
        text = tokens[k].text
        if text[:1].isupper() and "Geox" in _tags(w)[0] and w not in known:
            return True
    return False


def _person(tokens, folded, i, n) -> bool:
    """A name used as a surname: "врач Мошкова", "Купина Татьяна"."""
    if i + n < len(tokens) and tokens[i + n].text[:1].isupper() and any(
            "Name" in t for t in _tags(folded[i + n])):
        return True
    if i > 0 and folded[i - 1] not in _SOFT_BEFORE | _BEFORE:
        tag = _tags(folded[i - 1])[0]
        return "NOUN" in tag and "anim" in tag and tokens[i - 1].text[:1].islower()
    return False


def _focus(folded, i) -> float:
    before = set(folded[max(0, i - 4):i])
    if before & _OURS:
        return 1.5
    return 0.8 if i > 0 and folded[i - 1] == "из" else 1.0


FORMS_FILE = "place_forms.tsv"
# Bump when _strictness or place_forms change, then rerun scripts/build_places.py.
_FORMS_VERSION = "forms-v2"


def place_forms(place: Place) -> list[set[str]]:
    return [_word_forms(w) for w in place.name.split()]


def write_forms(places: list[Place], path: Path, places_sha256: str) -> None:
    """Precompute the strictness and inflected forms of every place (see
    :class:`Gazetteer`): both need pymorphy3 parses that took most of a
    cold start."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"# {_FORMS_VERSION} strictness and inflected forms of places.csv sha256={places_sha256}; "
                "rebuilt by scripts/build_places.py\n")
        for p in places:
            words = "|".join(" ".join(sorted(forms)) for forms in place_forms(p))
            f.write(f"{p.name}\t{p.municipality}\t{_strictness(p.name, p.kind)}\t{words}\n")


def read_forms(path: Path, places_sha256: str) -> dict | None:
    """Forms precomputed for exactly this places.csv, or None (then they are
    computed on load, slower but right)."""
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as f:
        header = f.readline()
        if places_sha256 not in header or _FORMS_VERSION not in header:
            return None
        out = {}
        for line in f:
            name, mun, strict, words = line.rstrip("\n").split("\t")
            out[(name, mun)] = (int(strict), [set(w.split()) for w in words.split("|")])
    return out


@lru_cache(maxsize=None)
def load_gazetteer(code: str = "nso") -> Gazetteer:
    """The bundled gazetteer of a region (built once per process)."""
    return Gazetteer.from_csv(REGIONS_DIR / code / "places.csv")
