from cur_nlp.decide import LOCAL, decide
from cur_nlp.registry import load_region

NSO = load_region("nso")


def test_local_matter_with_place_goes_to_that_municipality():
    agency, conf, alts = decide({LOCAL: 0.7, "minzhkh": 0.3}, "water", "krasnozersky", NSO)
    assert (agency, conf) == ("mun:krasnozersky", 0.7)
    assert alts == [("minzhkh", 0.3)]


def test_local_topic_stays_local_unless_a_regional_body_is_sure():
    # heating is a municipal topic, but a cold riser in one building is ГЖИ's
    assert decide({"gzhi": 0.8, LOCAL: 0.2}, "heating", "ob", NSO)[0] == "gzhi"
    assert decide({"gzhi": 0.4, "minzhkh": 0.35, LOCAL: 0.25}, "heating", "ob", NSO)[0] == "mun:ob"
    assert decide({"gzhi": 0.4, "minzhkh": 0.35, LOCAL: 0.25}, "housing", "ob", NSO)[0] == "gzhi"


def test_local_matter_without_place_is_unknown():
    assert decide({LOCAL: 0.6, "mintrans": 0.4}, "roads", None, NSO)[0] == "unknown"


def test_regional_matter_keeps_the_ministry_whatever_the_place():
    agency, conf, alts = decide({"minzdrav": 0.9, LOCAL: 0.1}, "healthcare", "kuybyshevsky", NSO)
    assert (agency, conf) == ("minzdrav", 0.9)
    assert alts == [("mun:kuybyshevsky", 0.1)]


def test_without_region_the_classifier_decides():
    agency, conf, alts = decide({"Комитет ЖКХ": 0.6, "Администрация района": 0.4}, None, None, None)
    assert agency == "Комитет ЖКХ" and alts == [("Администрация района", 0.4)]
