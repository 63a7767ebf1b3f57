from cur_nlp.decide import decide
from cur_nlp.registry import load_region

NSO = load_region("nso")


def test_local_matter_with_place_goes_to_that_municipality():
    proba = {"mun:novosibirsk": 0.5, "mun:berdsk": 0.2, "minzhkh": 0.3}
    agency, conf, alts = decide(proba, "water", "krasnozersky", NSO)
    assert agency == "mun:krasnozersky"
    assert abs(conf - 0.7) < 1e-9
    assert alts[0][0] == "minzhkh"


def test_local_topic_stays_local_unless_a_regional_body_is_sure():
    # heating is a municipal topic, but a cold riser in one building is ГЖИ's
    assert decide({"gzhi": 0.8, "mun:ob": 0.2}, "heating", "ob", NSO)[0] == "gzhi"
    assert decide({"gzhi": 0.4, "minzhkh": 0.35, "mun:ob": 0.25}, "heating", "ob", NSO)[0] == "mun:ob"


def test_local_matter_without_place_is_unknown():
    proba = {"mun:novosibirsk": 0.3, "mun:berdsk": 0.3, "unknown": 0.2, "mintrans": 0.2}
    assert decide(proba, "roads", None, NSO)[0] == "unknown"


def test_classifier_municipality_kept_when_it_is_sure():
    proba = {"mun:berdsk": 0.8, "unknown": 0.05, "mintrans": 0.15}
    assert decide(proba, "roads", None, NSO)[0] == "mun:berdsk"


def test_regional_matter_keeps_the_ministry_whatever_the_place():
    agency, conf, alts = decide({"minzdrav": 0.9, "mun:kuybyshevsky": 0.1}, "healthcare", "kuybyshevsky", NSO)
    assert agency == "minzdrav" and conf == 0.9
    assert ("mun:kuybyshevsky", 0.1) in alts


def test_without_region_the_classifier_decides():
    agency, conf, alts = decide({"Комитет ЖКХ": 0.6, "Администрация района": 0.4}, None, None, None)
    assert agency == "Комитет ЖКХ" and alts == [("Администрация района", 0.4)]
