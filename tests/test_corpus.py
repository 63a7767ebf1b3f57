"""Quality gates of our corpus ``datasets/nso/messages.csv`` (issue 3)."""
from collections import Counter

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from conftest import corpus_rows
from cur_nlp.registry import load_region

ROWS = corpus_rows()
NSO = load_region("nso")
CHANNELS = {"vk_comment", "vk_message", "ok_comment", "telegram", "portal"}
KINDS = {"complaint", "question", "suggestion", "gratitude", "other"}


def test_size_and_columns():
    assert len(ROWS) >= 4000
    assert list(ROWS[0]) == ["id", "text", "agency", "topic", "municipality", "urgent", "kind", "channel", "page", "split"]


def test_ids_unique_and_labels_valid():
    assert len({r["id"] for r in ROWS}) == len(ROWS)
    for r in ROWS:
        assert r["agency"] in NSO.agency_ids, r["id"]
        assert r["topic"] in NSO.topics, r["id"]
        assert r["municipality"] == "" or r["municipality"] in NSO.municipalities, r["id"]
        assert r["urgent"] in ("0", "1") and r["kind"] in KINDS and r["channel"] in CHANNELS, r["id"]
        assert r["page"] == "" or r["page"] in NSO.agency_ids, r["id"]
        assert r["split"] in ("train", "test"), r["id"]


def test_labels_are_consistent_with_the_routing_rules():
    for r in ROWS:
        if r["agency"].startswith("mun:"):
            assert r["municipality"] == r["agency"][4:], r["id"]
        if r["agency"] == "unknown":
            assert r["municipality"] == "" and not r["page"].startswith("mun:"), r["id"]


def test_no_exact_duplicates():
    texts = Counter(" ".join(r["text"].lower().split()) for r in ROWS)
    assert [t for t, n in texts.items() if n > 1] == []


def test_near_duplicates_under_one_percent():
    X = CountVectorizer(analyzer="char", ngram_range=(5, 5), binary=True).fit_transform(
        [" ".join(r["text"].lower().split()) for r in ROWS]).astype(np.float32).tocsr()
    sizes = np.asarray(X.sum(axis=1)).ravel()
    near = set()
    for start in range(0, X.shape[0], 500):
        inter = (X[start:start + 500] @ X.T).toarray()
        jac = inter / (sizes[start:start + 500, None] + sizes[None, :] - inter + 1e-9)
        for i, j in zip(*np.nonzero(jac >= 0.6)):
            if start + i < j:
                near.add(j)
    assert len(near) / len(ROWS) < 0.01, f"{len(near)} near-duplicate rows"


def test_openings_vary():
    openings = Counter(" ".join(r["text"].lower().split()[:3]) for r in ROWS if len(r["text"].split()) >= 3)
    top, n = openings.most_common(1)[0]
    assert n <= 0.015 * len(ROWS), f"{top!r} opens {n} rows"


def test_coverage_minimums():
    agency = Counter(r["agency"] for r in ROWS)
    for body in NSO.agencies:
        assert agency[body] >= 120, body
    assert agency["unknown"] >= 100 and agency["other"] >= 60
    place = Counter(r["municipality"] for r in ROWS)
    for m in NSO.municipalities:
        assert place[m] >= 30, m
    topic = Counter(r["topic"] for r in ROWS)
    for t in NSO.topics:
        assert topic[t] >= 60, t


def test_label_shares():
    urgent = sum(r["urgent"] == "1" for r in ROWS) / len(ROWS)
    assert 0.15 <= urgent <= 0.25
    kind = Counter(r["kind"] for r in ROWS)
    assert 0.55 <= kind["complaint"] / len(ROWS) <= 0.72
    for k in ("question", "suggestion", "gratitude", "other"):
        assert kind[k] / len(ROWS) >= 0.025, k


@pytest.mark.parametrize("agency", sorted({r["agency"] for r in ROWS}))
def test_split_is_stratified(agency):
    rows = [r for r in ROWS if r["agency"] == agency]
    test_share = sum(r["split"] == "test" for r in rows) / len(rows)
    assert 0.1 <= test_share <= 0.3 or len(rows) < 10
