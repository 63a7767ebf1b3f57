"""Urgency cues: phrases that make a message urgent, by the categories of
the urgency guideline, with negation and "already resolved" handling.

Cues are written as people write them and lemmatized once, so "газом
воняет", "воняло газом" and "вонь газа" all meet the cue "воняет газом".
Words of a cue may come in any order within a short window. The cues feed
the urgency model as features and give the operator the reasons.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .text import Normalised, fold, lemmatize

__all__ = ["Cue", "find_cues", "cue_reliability", "combine", "month_of", "CATEGORIES", "LEXICON"]

#: Category id → how the operator reads it.
CATEGORIES = {
    "danger": "угроза жизни и здоровью",
    "utility": "нет жизненно важной услуги",
    "access": "нет проезда",
    "vulnerable": "под угрозой дети, пожилые, больные",
    "environment": "экологическая авария",
}

LEXICON: dict[str, list[str]] = {
    "danger": [
        "запах газа", "пахнет газом", "воняет газом", "утечка газа", "газ травит", "вонь газа",
        "искрит", "искрят провода", "оголенные провода", "голые провода", "оборван провод",
        "оборвало провода", "провода висят", "провод лежит", "упал провод", "провода на земле",
        "обрушение", "обрушился", "рухнул", "обвалился", "провалилась крыша", "падает штукатурка",
        "открытый люк", "нет люка", "без люка", "люк открыт", "колодец открыт", "открытый колодец",
        "дерево упадет", "дерево падает", "дерево накренилось", "дерево треснуло", "упала ветка",
        "ветки падают", "дерево на провода", "сосульки", "наледь на крыше", "глыбы льда", "снег с крыши",
        "пожар", "загорелся", "горит дом", "задымление", "дым",
        "собаки напали", "собаки покусали", "укусила собака", "кидаются на детей",
        "бросаются на людей", "покусали ребенка", "собаки загрызут",
        "скорая не приехала", "скорая не едет", "ждали скорую", "отказали в госпитализации",
        "нет инсулина", "угроза жизни", "опасно для жизни", "может убить", "кто-то погибнет",
        "убьет током", "ударило током", "провода оголены", "провода провисли", "опора падает",
        "столб падает", "провал", "яма без ограждения", "открытая яма", "не огорожена",
        "может упасть", "упадет на голову", "отходит кусок", "торчит арматура",
        "касаются проводов", "висит на проводе", "кидаются на людей", "нападают на детей",
        "бросаются на детей", "укусила", "покусала", "жизненно необходимый",
        "отправили домой с болью", "не госпитализировали", "утечка", "шипит труба", "запах тухлых яиц",
        "раскопали и бросили", "дерево нависает", "аварийное дерево упадет", "упадет на детей",
        "падают кирпичи", "падает шифер", "козырек разрушается",
        "провалился под лед", "без госпитализации",
        # how formal letters and hurried posts name the same dangers
        "нависает над", "угроза падения", "грозит падением", "может рухнуть", "угроза обрушения",
        "грозит обрушением", "стена выпирает", "обвал", "открыты провода", "открытые провода",
        "провода торчат", "собаки нападают", "собаки бросаются", "собаки кидаются",
        "набрасываются", "стая нападает", "чуть не провалился", "провалился в люк",
        "съехала в кювет", "вынесло в кювет", "отправили домой", "нет лекарства", "без лекарств",
        "не выдают лекарство", "не обеспечивают лекарством", "отказали в лекарстве", "нет препарата",
        # structures giving way, animals, medicines: the wording of missed dangers in the
        # training split's held-out errors
        "отвалился кусок", "отвалилась плита", "трещины расширяются", "крыша провисла", "стропила трещат",
        "трещит крыша", "провалилась доска", "доски провалились", "ствол треснул", "держится на честном слове",
        "сучья падают", "перила отвалились", "берег обваливается", "жгут костры",
        "собаки гонятся", "гнались за", "собаки кусают", "нет крышки", "падеж",
        "отказали в выписке", "не выдают таблетки", "осталось на один день", "курс прерывается",
    ],
    "utility": [
        "нет воды", "без воды", "нет света", "без света", "отключили свет", "отключили воду",
        "нет отопления", "без отопления", "батареи холодные", "не топят", "не греют",
        "нет газа", "без газа", "отключили газ",
        "обесточен", "отключили отопление", "холодно в квартире", "мерзнем", "замерзаем",
        "заливает канализацией", "канализация течет", "топит подвал",
        "затопило подвал", "прорвало трубу", "порыв трубы", "фекалии в подвале", "вода не идет",
        "стоки в подвале", "заливает подъезд", "заливает квартиры", "течет в квартиры",
        "нечистоты в подвале", "канализационные стоки", "вода в розетках", "течет на проводку",
        "нет холодной воды", "нет воды неделю", "не включили отопление", "сидим в куртках",
        "нечистоты текут", "канализация во дворе", "течет канализация", "вода из розеток",
        "в кранах сухо", "дети в куртках", "в пуховиках",
    ],
    "access": [
        "не проехать", "невозможно проехать", "не пройти", "не может проехать", "не смогла проехать",
        "скорая не проедет", "пожарная не проедет", "замело дорогу", "занесло снегом",
        "завалило снегом", "дорогу размыло", "дорогу затопило", "не можем выйти из дома",
        "отрезаны от", "застряли", "автобус не пришел", "мост разрушен", "пройти невозможно",
        "проехать невозможно", "ледяная колея", "сплошной лед", "машина в кювете", "невозможно выйти",
        "непроезжая", "проезд невозможен", "скорая не может", "спецтранспорт не проедет",
        "пожарная не развернется",
    ],
    "vulnerable": [
        "дети мерзнут", "в школе холодно", "в садике холодно", "лежачий",
        "ребенок без", "инвалид без", "пожилые без", "бабушка одна", "дедушка один",
        "больной ребенок", "грудной ребенок", "беременная",
    ],
    "environment": [
        "разлив", "химический запах", "сброс в реку", "нефтепродукты", "мазут", "запах гари",
        "горит свалка", "горит трава", "лесной пожар", "паводок", "наводнение", "подтопление",
        "канализация в реку", "дышать нечем", "едкий дым", "сливают химию", "слив химии",
        "сброс канализации", "сливают канализацию", "стоки в овраг", "нечистоты в реку",
        "вода поднялась", "вода подступает", "вода подходит к домам",
    ],
}

# Written and spoken words for the same thing: "отсутствие электроэнергии" is
# "нет света". Applied to the cues and the message alike.
_SYNONYMS = {
    "отсутствие": "нет", "отсутствовать": "нет", "электроэнергия": "свет", "электричество": "свет",
    "электроснабжение": "свет", "водоснабжение": "вода", "теплоснабжение": "отопление",
    "гололед": "лед", "наледь": "лед", "затапливать": "затопить",
    "заливать": "затопить", "канализационный": "канализация", "стока": "сток",
    "люковый": "люк",  # pymorphy3 reads "люков" as an adjective
}
# A cue word followed by one of these is another thing: "лежачий полицейский"
# is a speed bump, not a bedridden person.
_FALSE_FRIENDS = {"лежачий": {"полицейский"}}
_NEGATION = {"не", "нет", "ни"}
# Signs that the situation is over: "свет уже дали", "в прошлом году".
_RESOLVED = {"починить", "устранить", "восстановить", "отремонтировать", "прошлый",
             "позапрошлый", "наладить", "заменить"}
_ALREADY = {"уже", "наконец"}
# Signs that it is still going on, stronger than a resolution word nearby.
_ONGOING = {"опять", "снова", "до", "сих", "пор", "третий", "второй", "сутки", "неделя", "до сих пор"}
# Chronic trouble is not an emergency now ("часто сидим без света", "годами
# нет нормальной воды") unless the message says it is happening now.
_CHRONIC = {"часто", "постоянно", "регулярно", "периодически", "систематически", "годами", "нормальный",
            "система", "центральный", "должный"}
_NOW = {"сейчас", "сегодня", "утро", "опять", "снова", "сутки", "вчера", "ночь"}
# Hot water alone, with cold water running, is not urgent (urgency.md).
_HOT = {"горячий"}


@dataclass(frozen=True)
class Cue:
    """A cue found in a message: ``text`` is the matched span of the cleaned text."""

    category: str
    phrase: str
    start: int
    stop: int
    text: str
    negated: bool

    @property
    def reason(self) -> str:
        return f"{CATEGORIES[self.category]}: «{self.text}»"


@lru_cache(maxsize=1)
def _compiled() -> dict[str, list[tuple[int, str, str, tuple[str, ...], bool]]]:
    """Cues by their first lemma (a message is checked only against the cues
    that can start in it), each with its lexicon order: on the same span the
    earlier cue wins."""
    out = defaultdict(list)
    order = 0
    for category, phrases in LEXICON.items():
        for phrase in phrases:
            lemmas = tuple(_canon(lemmatize(fold(w))) for w in phrase.replace("-", " - ").split() if w != "-")
            has_neg = any(w in _NEGATION or w == "без" for w in lemmas)
            out[lemmas[0]].append((order, category, phrase, lemmas, has_neg))
            order += 1
    return dict(out)


def _canon(lemma: str) -> str:
    return _SYNONYMS.get(lemma, lemma)


def find_cues(doc: Normalised) -> list[Cue]:
    """Urgency cues in a message, negated ones flagged (``negated=True``:
    "газом не пахнет", "свет уже дали", "в прошлом году топило")."""
    index = _compiled()
    present = set(map(_canon, set(doc.lemmas)))
    candidates = sorted(entry for w in present & index.keys() for entry in index[w]
                        if present.issuperset(entry[3]))
    if not candidates:  # most messages: no cue can be complete
        return []
    lemmas = list(map(_canon, doc.lemmas))
    where: dict[str, list[int]] = defaultdict(list)
    for i, w in enumerate(lemmas):
        where[w].append(i)
    found: dict[tuple[int, int], Cue] = {}
    for _, category, phrase, cue, has_neg in candidates:
        if any(w not in where for w in cue[1:]):
            continue
        width = len(cue) + 2
        for i in where[cue[0]]:
            positions = [i]
            for w in cue[1:]:
                near = [j for j in where[w] if abs(j - i) <= width and j not in positions]
                if not near:
                    break
                positions.append(min(near, key=lambda j: abs(j - i)))
            else:
                a, b = min(positions), max(positions)
                if (a, b) in found or (b + 1 < len(lemmas) and lemmas[b + 1] in _FALSE_FRIENDS.get(lemmas[b], ())):
                    continue
                window = set(lemmas[max(0, a - 3):b + 4])
                negated = (not has_neg and bool(set(lemmas[max(0, a - 2):b + 1]) & _NEGATION)) or (
                    bool(window & _RESOLVED or (window & _ALREADY and "дать" in window))
                    and not window & _ONGOING
                ) or (category == "utility" and (
                    bool(set(lemmas[max(0, a - 1):b + 2]) & _HOT)
                    or bool(window & _CHRONIC) and not set(lemmas) & _NOW))
                t0, t1 = doc.tokens[a], doc.tokens[b]
                found[(a, b)] = Cue(category, phrase, t0.start, t1.stop, doc.text[t0.start:t1.stop], negated)
    cues = sorted(found.values(), key=lambda c: (c.start, -c.stop))
    # A cue inside a longer one ("не проехать" in "скорая не может проехать")
    # would repeat the same reason to the operator.
    return [c for k, c in enumerate(cues)
            if not any(o.start <= c.start and c.stop <= o.stop and (o.start, o.stop) != (c.start, c.stop)
                       for o in cues[:k] + cues[k + 1:])]


def cue_reliability(cues_per_doc, urgent, prior: float = 5.0) -> dict:
    """How much each active cue raises the chance that a message is urgent,
    from labelled data: the share of urgent messages among those with the
    phrase (shrunk towards its category by ``prior`` pseudo-messages), as
    a lift over the base rate — 0 for a cue no better than chance."""
    labels = [int(u) for u in urgent if u is not None]
    base = sum(labels) / max(1, len(labels))
    phrase, category = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
    for cues, label in zip(cues_per_doc, urgent):
        if label is None:
            continue
        active = [c for c in cues if not c.negated]
        for key, table in (({c.phrase for c in active}, phrase), ({c.category for c in active}, category)):
            for k in key:
                table[k][0] += int(label)
                table[k][1] += 1
    cat_rate = {c: (u + prior * base) / (n + prior) for c, (u, n) in category.items()}
    cat_of = {p: c for c, phrases in LEXICON.items() for p in phrases}
    lift = {}
    for p, (u, n) in phrase.items():
        rate = (u + prior * cat_rate.get(cat_of[p], base)) / (n + prior)
        lift[p] = round(max(0.0, (rate - base) / (1 - base)), 4)
    return {"base_rate": round(base, 4), "phrase_lift": lift}


#: Months of the heating season in this climate (October–April).
COLD_MONTHS = frozenset({10, 11, 12, 1, 2, 3, 4})
_HEATING = {"отопление", "батарея", "топить", "греть", "мерзнуть", "замерзать", "холодно", "холодный"}


@lru_cache(maxsize=None)
def _is_heating(phrase: str) -> bool:
    return any(lemmatize(fold(w)) in _HEATING for w in phrase.split())


def month_of(date) -> int | None:
    """The month of a ``context["date"]``: a date/datetime, an ISO string
    ("2026-01-15…") or a Russian one ("15.01.2026"); None when unreadable."""
    if date is None:
        return None
    if hasattr(date, "month"):
        return int(date.month)
    text = str(date).strip()
    try:
        if len(text) >= 7 and text[4] == "-":
            month = int(text[5:7])
        elif len(text) >= 5 and text[2] == ".":
            month = int(text[3:5])
        else:
            return None
    except ValueError:
        return None
    return month if 1 <= month <= 12 else None


def combine(p_model: float, cues, reliability: dict, month: int | None = None) -> float:
    """Urgency from the model and the cues (noisy-OR): a cue that proved
    reliable raises the score even where the model never saw the wording —
    "отсутствие люка" reads like a form, not like our training messages.

    With a known ``month``, a message whose only urgent cues are about
    heating weighs half outside the heating season: no heating in July is
    not a danger, in January it is."""
    lift = reliability.get("phrase_lift", {})
    active = [c for c in cues if not c.negated]
    r = max((lift.get(c.phrase, 0.0) for c in active), default=0.0)
    score = 1.0 - (1.0 - p_model) * (1.0 - r)
    if month is not None and month not in COLD_MONTHS and active and all(_is_heating(c.phrase) for c in active):
        score *= 0.5
    return score
