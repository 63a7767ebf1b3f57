"""Shared pieces of the benchmarks: where the real data is, skipping
cleanly without it, and the JSON report."""
from __future__ import annotations

import csv
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "datasets"
RESULTS = Path(__file__).resolve().parent / "results"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def require(path: Path) -> Path:
    """Exit 0 with a note when the real data is absent (users' machines)."""
    if not path.exists():
        print(f"SKIP: {path} is absent (real data is read from ../shared, never shipped)")
        sys.exit(0)
    return path


def spb_rows() -> list[dict[str, str]]:
    """The St Petersburg messages in time order (the goals' split: the first
    80% train), each with ``executor``: the body that answered, None when
    the export has none or names the portal's moderator («Комитет по
    печати…», not a real executor)."""
    rows = read_csv(require(SHARED / "spb" / "messages.csv"))
    rows.sort(key=lambda r: r["created_dt"])
    for r in rows:
        e = (r.get("executor_org") or "").strip()
        r["executor"] = None if not e or e.startswith("Комитет по печати") else e
    return rows


def plain_text(text: str) -> str:
    """A message as the plain reference pipeline reads it: lemmas joined by spaces."""
    from cur_nlp.text import normalise

    return " ".join(normalise(text).lemmas)


def context_tokens(row: dict, fields) -> str:
    """Context fields as extra tokens for the plain pipeline (``ctx_district_Невский``)."""
    return " ".join(f"ctx_{c}_{row[c]}".replace(" ", "_") for c in fields)


def plain_tfidf(train: list[str], test: list[str]):
    """The reference features: lemma 1-2-gram TF-IDF (train, test matrices)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    return vec.fit_transform(train), vec.transform(test)


def plain_svm(X, y, Xt, **params):
    """The reference classifier: LinearSVC(C=0.5), predictions on ``Xt``."""
    from sklearn.svm import LinearSVC

    return LinearSVC(C=0.5, **params).fit(X, y).predict(Xt)


def write_report(name: str, report: dict) -> Path:
    import cur_nlp

    RESULTS.mkdir(exist_ok=True)
    report = {"benchmark": name, "cur_nlp": cur_nlp.__version__, "python": platform.python_version(),
              "machine": platform.machine(), "time": time.strftime("%Y-%m-%dT%H:%M:%S"), **report}
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"report → {path.relative_to(ROOT)}")
    return path
