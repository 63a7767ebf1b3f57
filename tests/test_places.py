"""The place resolver on characteristic forms and traps (issue 4 grows
this into the full labelled set)."""
import pytest

from cur_nlp.places import load_gazetteer
from cur_nlp.text import normalise

G = load_gazetteer("nso")


def municipality(text):
    return G.municipality(G.find(normalise(text)))


@pytest.mark.parametrize("text, expected", [
    ("Третий день нет воды в Краснозёрском", "krasnozersky"),
    ("из Чулыма пишу", "chulymsky"),
    ("Искитимского р-на жители", "iskitimsky"),
    ("р.п. Кольцово", "koltsovo"),
    ("мкр Иподромский", "novosibirsk"),
    ("в Академе опять", "novosibirsk"),
    ("ул. Ленина 5 Бердск", "berdsk"),
    ("живу в Бердске", "berdsk"),
    ("в Черепаново ямы", "cherepanovsky"),
    ("в Усть-Таркском районе", "ust_tarksky"),
    ("г. Обь, ул. Геодезическая", "ob"),
    ("рп Горный", "toguchinsky"),
    ("Кировский район, ул. Петухова", "novosibirsk"),
    ("в Линёво нет света", "iskitimsky"),
    ("Краузе 23 — тротуар разбит", "novosibirsk"),
    ("светофор на Нарымской сломан", "novosibirsk"),
    ("Горный, площадка у 3 дома: качели висят", "toguchinsky"),
    ("Половинное. Возле ФАПа машины на газоне", "krasnozersky"),
    ("Кочки, ул. Ленина, провалился асфальт", "kochkovsky"),
    ("в Кочках сделайте набережную у Карасука", "kochkovsky"),
])
def test_places_in_many_forms(text, expected):
    assert municipality(text) == expected


@pytest.mark.parametrize("text", [
    "по кочкам едем каждый день",
    "ул. Барабинская 5, подъезд 2",
    "летом купались в Оби",
    "горный велосипед украли",
    "Горный воздух у нас, а дышать нечем",
    "нарымская улица вся в ямах",
    "Тульская область, а не наша",
    "северное сияние видели",
    "доступ довольное сложный",
    "Кировский мост закрыт",
])
def test_traps_do_not_fire(text):
    assert municipality(text) is None


def test_spans_point_at_the_name():
    doc = normalise("Дети без воды в Краснозёрском")
    (m,) = G.find(doc)
    assert doc.text[m.start:m.stop] == "Краснозёрском" == m.text
    assert 0 < m.confidence <= 1


def test_two_municipalities_pick_the_more_evidenced():
    assert municipality("живу в Бердске, работаю в Новосибирске, а в Бердске опять нет воды") == "berdsk"


@pytest.mark.parametrize("text, expected", [
    ("во дворе дома на ул. Гоголя, 13 гаражи", True),
    ("Жители ул. Бетонная, 5 сообщают", True),
    ("пр-т Дзержинского 12 не чистят", True),
    ("у нас во дворе гаражи поставили", False),
    ("улица вся в ямах", False),
])
def test_street_addresses_are_noticed(text, expected):
    from cur_nlp.places import mentions_street

    assert mentions_street(normalise(text)) is expected
