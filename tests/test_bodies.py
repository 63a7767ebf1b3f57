"""Bodies of a kind per place: how labels become kinds, and what routing
gains when the portal's district is known."""
import numpy as np
import pytest

from cur_nlp.bodies import ELSE, PLACE, body_kind, choose_place_field, kind_label, with_kinds

from conftest import corpus_rows


@pytest.mark.parametrize("label, place, kind", [
    ("СПб ГКУ ЖА Невского района", "Невский", f"СПб ГКУ ЖА {PLACE} района"),
    ("Администрация Невского района", "Невский", f"Администрация {PLACE} района"),
    ("Администрация города Льгов", "Льгов", f"Администрация города {PLACE}"),
    ("Администрация Петродворцового района", "Петродворцовый", f"Администрация {PLACE} района"),
    # a city-wide body, and a body of another district, stay themselves
    ("Комитет по энергетике и инженерному обеспечению", "Невский", "Комитет по энергетике и инженерному обеспечению"),
    ("СПб ГКУ ЖА Кировского района", "Невский", "СПб ГКУ ЖА Кировского района"),
    ("СПб ГКУ ЖА Невского района", None, "СПб ГКУ ЖА Невского района"),
    ("СПб ГКУ ЖА Невского района", "", "СПб ГКУ ЖА Невского района"),
])
def test_body_kind(label, place, kind):
    assert body_kind(label, place) == kind


def test_the_kind_head_learns_per_place_kinds_and_one_class_for_the_rest():
    assert kind_label("СПб ГКУ ЖА Невского района", "Невский") == f"СПб ГКУ ЖА {PLACE} района"
    assert kind_label("Комитет по энергетике", "Невский") == ELSE
    assert kind_label("СПб ГКУ ЖА Кировского района", "Невский") == ELSE
    assert kind_label(None, "Невский") is None


def test_the_field_that_names_the_bodies_is_chosen():
    labels = ["ЖА Невского района", "Администрация Кировского района", "Водоканал", None]
    contexts = [{"district": "Невский", "object": "Двор"}, {"district": "Кировский", "object": "Дом"},
                {"district": "Кировский", "object": "Улица"}, {"district": "Невский", "object": "Дом"}]
    assert choose_place_field(labels, contexts, ["object", "district"]) == "district"
    # no field names the bodies often enough: no kinds
    assert choose_place_field(["Водоканал", "Ленсвет", "ЖА Невского района", "Ленсвет", "Водоканал", "Ленсвет"],
                              [{"district": "Невский"}] * 6, ["district"]) is None


def test_with_kinds_weighs_each_body_by_its_kind_at_the_message_place():
    agencies = ["ЖА Кировского района", "ЖА Невского района", "Водоканал"]
    kinds = [ELSE, f"ЖА {PLACE} района"]
    p_agency = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]])
    p_kind = np.array([[0.1, 0.9], [0.1, 0.9]])
    out = with_kinds(p_agency, agencies, p_kind, kinds, ["Невский", None])
    assert np.allclose(out.sum(axis=1), 1)
    # in Невский the housing agency kind is Невский's own: it wins over Кировский's
    assert out[0].argmax() == 1
    assert np.isclose(out[0, 0] / out[0, 2], np.sqrt(0.5 / 0.2))  # both "else": the agency head decides
    assert np.allclose(out[1], p_agency[1])  # no district given: the agency head's answer
    # no ELSE class trained: a body naming another place is all but ruled out
    out = with_kinds(p_agency[:1, :2], agencies[:2], p_kind[:1, 1:], kinds[1:], ["Невский"])
    assert out[0, 0] < 0.01


def _per_district_export():
    """Our corpus relabelled as a city portal's export: roads go to each
    district's road service, water and heating to its housing agency,
    health to a city committee. Колпинский has one road message only."""
    bodies = {"roads": "Дорожная служба {} района", "water": "Жилищное агентство {} района",
              "heating": "Жилищное агентство {} района", "healthcare": "Комитет по здравоохранению"}
    districts = {"Невский": "Невского", "Кировский": "Кировского", "Приморский": "Приморского",
                 "Колпинский": "Колпинского"}
    rows, k = [], 0
    for r in corpus_rows("train"):
        if r["topic"] not in bodies:
            continue
        district = list(districts)[k % 4]
        k += 1
        if district == "Колпинский" and r["topic"] == "roads" and any(
                x["district"] == "Колпинский" and x["executor"].startswith("Дорожная") for x in rows):
            district = "Невский"
        rows.append({"text": r["text"], "district": district,
                     "executor": bodies[r["topic"]].format(districts[district])})
    return rows


def test_router_learns_kinds_of_bodies_from_every_district(tmp_path):
    import cur_nlp

    rows = _per_district_export()
    router = cur_nlp.train(rows, agency="executor", topic=None, urgent=None, kind=None, region=None,
                           context=["district"])
    assert router.place_field_ == "district" and "body_kind" in router.heads
    text = "на дороге огромные ямы, асфальт разбит, машины бьют подвеску"
    r = router.route(text, {"district": "Колпинский"})
    assert r.agency == "Дорожная служба Колпинского района"
    assert set(router.heads["body_kind"].classes_) == {"Дорожная служба {place} района",
                                                       "Жилищное агентство {place} района", ELSE}
    loaded = cur_nlp.load(router.save(tmp_path / "m"))
    assert loaded.place_field_ == "district"
    assert loaded.route(text, {"district": "Колпинский"}).to_dict() == r.to_dict()


def test_labels_that_name_no_place_train_no_kind_head():
    import cur_nlp

    rows = [{"text": r["text"], "page": r["page"], "executor": "Комитет: " + r["topic"]}
            for r in corpus_rows("train")[:300]]
    router = cur_nlp.train(rows, agency="executor", topic=None, urgent=None, kind=None, region=None,
                           context=["page"])
    assert router.place_field_ is None and "body_kind" not in router.heads
