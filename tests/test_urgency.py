"""Urgency cues by category, with negation and resolved situations."""
import pytest

from cur_nlp.text import normalise
from cur_nlp.urgency import find_cues


def active(text):
    return {c.category for c in find_cues(normalise(text)) if not c.negated}


@pytest.mark.parametrize("text, category", [
    ("в подъезде сильно газом воняет", "danger"),
    ("на столбе искрит провод", "danger"),
    ("провода оборваны лежат на дороге", "danger"),
    ("огромные сосульки над входом в аптеку", "danger"),
    ("третьи сутки без света вся улица", "utility"),
    ("нет отопления в доме, мерзнем", "utility"),
    ("скорая не может проехать к дому из-за снега", "access"),
    ("лежачий отец в холодной квартире", "vulnerable"),
    ("в реку идёт сброс канализации, разлив по берегу", "environment"),
    # as formal portal letters put the same dangers
    ("Аварийный тополь нависает над проезжей частью и жилым домом", "danger"),
    ("стая собак нападает на детей у школы", "danger"),
    ("на фонарном столбе открыты провода, рядом детская площадка", "danger"),
    ("машина с ребенком съехала в кювет, сплошной гололед", "danger"),
    ("диабетику третий месяц не выдают лекарство по льготе", "danger"),
    ("опять сливают химию в овраг за заводом", "environment"),
    # structures giving way, floods, medicines running out
    ("крыша клуба провисла под снегом, стропила трещат, внутри дети", "danger"),
    ("на мостике доски провалились, а по нему дети в школу ходят", "danger"),
    ("вода поднялась за ночь на полметра и подходит к домам", "environment"),
    ("отказали в выписке инсулина, осталось на один день", "danger"),
    ("пожарная машина не развернётся во дворе, всё завалено снегом", "access"),
])
def test_each_category(text, category):
    assert category in active(text)


@pytest.mark.parametrize("text", [
    "газом не пахнет, просто спросить хотел",
    "свет уже дали, спасибо",
    "в прошлом году затопило подвал, починили",
])
def test_negated_or_resolved(text):
    assert not active(text)


def test_speed_bump_is_not_a_bedridden_person():
    assert not active("просим установить лежачих полицейских у школы")
    assert "vulnerable" in active("лежачий отец один в холодной квартире")


def test_ongoing_keeps_it_urgent():
    assert "utility" in active("опять нет воды, до сих пор не починили")


def test_one_reason_per_stretch_of_text():
    # "скорая не может проехать" holds "не проехать": one cue, not two
    cues = [c for c in find_cues(normalise("скорая не может проехать к дому")) if not c.negated]
    assert len(cues) == 1 and cues[0].text == "скорая не может проехать"


def test_reason_cites_the_text():
    (cue,) = [c for c in find_cues(normalise("Газом воняет в подъезде")) if not c.negated]
    assert "Газом воняет" in cue.reason and cue.reason.startswith("угроза жизни")


def test_reliable_cues_raise_the_score_and_chance_cues_do_not():
    from cur_nlp.urgency import combine, cue_reliability

    gas = find_cues(normalise("в подъезде пахнет газом"))
    road = find_cues(normalise("дорога такая что не пройти"))
    cues = [gas] * 20 + [road] * 20 + [[]] * 60
    urgent = [1] * 19 + [0] + [0] * 16 + [1] * 4 + [0] * 50 + [1] * 10
    rel = cue_reliability(cues, urgent)
    assert rel["base_rate"] == 0.33
    assert combine(0.1, gas, rel) > 0.7          # a proven cue wins over an unsure model
    assert combine(0.1, road, rel) == pytest.approx(0.1)  # a cue no better than chance adds nothing
    assert combine(0.1, [], rel) == pytest.approx(0.1)
    negated = find_cues(normalise("газом не пахнет"))
    assert combine(0.1, negated, rel) == pytest.approx(0.1)


@pytest.mark.parametrize("date, month", [("2026-01-15", 1), ("15.07.2026", 7), ("2026-07-01T10:00:00", 7),
                                         (None, None), ("вчера", None), ("2026-13-01", None)])
def test_month_of_context_date(date, month):
    from cur_nlp.urgency import month_of

    assert month_of(date) == month


def test_heating_weighs_more_in_the_cold_season(small_router):
    text = "в квартире нет отопления, батареи ледяные, мерзнем"
    january = small_router.route(text, {"date": "2026-01-20"})
    july = small_router.route(text, {"date": "2026-07-20"})
    assert january.urgency > july.urgency
    assert january.urgent
    gas = "в подъезде сильно пахнет газом"
    assert small_router.route(gas, {"date": "2026-07-20"}).urgency == small_router.route(gas).urgency
