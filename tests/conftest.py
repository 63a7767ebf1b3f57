"""Shared fixtures: a small router trained once per session on our corpus,
and the location of the real (non-redistributable) data beside the repo."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "datasets" / "nso" / "messages.csv"
SHARED = ROOT.parent / "shared"


def corpus_rows(split: str | None = None) -> list[dict[str, str]]:
    from cur_nlp.batch import read_table

    return [r for r in read_table(CORPUS).rows if split is None or r["split"] == split]


@pytest.fixture(scope="session")
def small_router():
    """A router trained on every third training row of the corpus: quick to
    fit, good enough to test behaviour of a trained model."""
    import cur_nlp

    rows = corpus_rows("train")[::3]
    return cur_nlp.train(rows, context=["page"])


@pytest.fixture(scope="session")
def shared_datasets() -> Path:
    path = SHARED / "datasets"
    if not path.exists():
        pytest.skip("../shared/datasets is absent (real data is not redistributed)")
    return path


def pytest_terminal_summary(terminalreporter):
    """Report the measured place-resolver quality with the test run."""
    from test_places_gold import RESULTS

    if RESULTS:
        terminalreporter.write_line(
            f"places gold set: {RESULTS['rows']} sentences, precision {RESULTS['precision']:.3f}, "
            f"recall {RESULTS['recall']:.3f}")
