"""The place resolver on a hand-labelled set of 400 sentences
(``tests/data/places_gold.csv``): positives in many forms (cases, district
adjectives, abbreviations, ё/е, hyphens, typos, microdistricts, two places)
and traps (rivers, common words, street names, surnames, places outside the
region, names shared by several districts). Gold is the municipality where
the problem is, or empty."""
import csv
from pathlib import Path

import pytest

from cur_nlp.places import load_gazetteer
from cur_nlp.text import normalise

GOLD = Path(__file__).parent / "data" / "places_gold.csv"
RESULTS: dict = {}


@pytest.fixture(scope="module")
def scored():
    g = load_gazetteer("nso")
    rows = list(csv.DictReader(open(GOLD, encoding="utf-8", newline="")))
    pred = [g.municipality(g.find(normalise(r["text"]))) or "" for r in rows]
    tp = sum(bool(p) and p == r["municipality"] for p, r in zip(pred, rows))
    predicted = sum(bool(p) for p in pred)
    gold = sum(bool(r["municipality"]) for r in rows)
    RESULTS.update(rows=len(rows), precision=tp / predicted, recall=tp / gold)
    return rows, pred


def test_gold_set_is_big_and_varied(scored):
    rows, _ = scored
    assert len(rows) >= 200
    notes = " ".join(r["note"] for r in rows)
    for form in ("typo", "trap: river", "trap: street name", "trap: surname", "ambiguous", "two places", "prepositional"):
        assert form in notes


def test_precision_first(scored):
    assert RESULTS["precision"] >= 0.97, RESULTS


def test_recall(scored):
    assert RESULTS["recall"] >= 0.90, RESULTS


def test_traps_never_fire(scored):
    rows, pred = scored
    fired = [(r["text"], p) for r, p in zip(rows, pred) if r["note"].startswith("trap") and not r["municipality"] and p]
    assert len(fired) <= 2, fired
