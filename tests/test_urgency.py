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


def test_ongoing_keeps_it_urgent():
    assert "utility" in active("опять нет воды, до сих пор не починили")


def test_reason_cites_the_text():
    (cue,) = [c for c in find_cues(normalise("Газом воняет в подъезде")) if not c.negated]
    assert "Газом воняет" in cue.reason and cue.reason.startswith("угроза жизни")
