import pytest

from cur_nlp.registry import OTHER, UNKNOWN, load_region


def test_nso_registry_has_every_body_and_topic():
    region = load_region("nso")
    assert len(region.agencies) == 14
    assert len(region.municipalities) == 35
    assert len(region.topics) == 27
    ids = region.agency_ids
    assert "minzdrav" in ids and "mun:krasnozersky" in ids and UNKNOWN in ids and OTHER in ids


def test_agency_names():
    region = load_region("nso")
    assert region.agency_name("mun:krasnozersky") == "Администрация Краснозёрского района"
    assert region.agency_name("gzhi").startswith("Государственная жилищная инспекция")
    assert region.agency_name("nonsense") is None


def test_topic_levels_follow_the_rubricator():
    region = load_region("nso")
    assert region.is_local_topic("water") and region.is_local_topic("snow")
    assert not region.is_local_topic("healthcare") and not region.is_local_topic(None)


def test_unknown_labels_are_named():
    region = load_region("nso")
    with pytest.raises(ValueError, match="minzdrov"):
        region.check_labels("agency", ["minzdrav", "minzdrov"])


def test_unknown_region_lists_bundled_ones():
    with pytest.raises(ValueError, match="nso"):
        load_region("xx")
