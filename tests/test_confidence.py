"""The confidence a dispatcher reads: mapped so that answers shown 0.8 are
right about 80% of the time."""
import numpy as np
import pytest

from cur_nlp.confidence import IDENTITY, fit_confidence_map, map_confidence
from cur_nlp.metrics import expected_calibration_error

from conftest import corpus_rows


def _overconfident(n: int = 2000, seed: int = 0):
    """Answers shown with confidence c are right with probability 0.2 + 0.5 c."""
    rng = np.random.default_rng(seed)
    conf = rng.uniform(0.05, 1.0, n)
    return rng.uniform(size=n) < 0.2 + 0.5 * conf, conf


def test_the_map_calibrates_an_overconfident_head_on_new_answers():
    correct, conf = _overconfident(seed=0)
    ab = fit_confidence_map(correct, conf)
    new_correct, new_conf = _overconfident(seed=1)
    mapped = [map_confidence(p, ab) for p in new_conf]
    assert expected_calibration_error(new_correct, new_conf) > 0.1
    assert expected_calibration_error(new_correct, mapped) < 0.04


def test_the_map_keeps_the_order_of_answers_and_stays_a_probability():
    ab = fit_confidence_map(*_overconfident())
    grid = [0.0, 1e-9, 0.1, 0.3, 0.5, 0.7, 0.9, 1 - 1e-9, 1.0]
    mapped = [map_confidence(p, ab) for p in grid]
    assert mapped == sorted(mapped) and all(0.0 <= p <= 1.0 for p in mapped)


@pytest.mark.parametrize("correct, conf", [
    ([True] * 100, [0.9] * 100),  # nothing to learn from: every answer right
    ([True, False] * 10, [0.9, 0.2] * 10),  # too few answers
])
def test_no_map_without_enough_evidence(correct, conf):
    assert fit_confidence_map(correct, conf) == IDENTITY
    assert map_confidence(0.42, IDENTITY) == 0.42


def test_router_shows_mapped_confidences_and_keeps_the_map(tmp_path):
    import cur_nlp

    rows = [{"text": r["text"], "executor": "Комитет " + r["agency"], "topic": r["topic"]}
            for r in corpus_rows("train")[:400]]
    router = cur_nlp.train(rows, agency="executor", urgent=None, kind=None, region=None)
    held_out = router.meta["heldout_metrics"]
    for head in ("agency", "topic"):
        a, b = router.thresholds_[f"{head}_confidence"]
        assert a > 0
        assert held_out[head]["calibration_error"] <= held_out[head]["calibration_error_unmapped"] + 0.02
    r = router.route("в поликлинике нет талонов к терапевту уже месяц")
    assert 0 <= r.confidence <= 1 and 0 <= r.topic_confidence <= 1
    assert all(p <= r.confidence for _, p in r.alternatives)  # the map keeps the order
    # review is decided on the number shown, against a threshold chosen on mapped held-out answers
    routed = router.route_many([r["text"] for r in corpus_rows("test")[:300]])
    review = router.thresholds_["review"]
    assert [x.needs_review for x in routed] == [x.confidence < review for x in routed]
    loaded = cur_nlp.load(router.save(tmp_path / "m"))
    assert loaded.route("в поликлинике нет талонов к терапевту уже месяц").to_dict() == r.to_dict()
