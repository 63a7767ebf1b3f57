"""Run every benchmark and print one table: each figure, its target, and
whether it is met. Exits 1 when the real data is present and a quality
target is missed (speed and size targets are reported, not enforced: they
depend on the machine), 0 otherwise.

    python benchmarks/run_all.py [--skip NAME ...] [--only NAME ...] [--no-run]

``--no-run`` prints the table from the reports already in
``benchmarks/results/`` without running anything.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from common import RESULTS, ROOT, SHARED

BENCHMARKS = ["kursk", "spb", "ceilings", "urgency", "generalisation", "places", "speed"]

# (report, path into the JSON, target, ">=" or "<=", quality?) per row.
TARGETS = [
    ("kursk", "executor.accuracy", 0.53, ">=", True),
    ("kursk", "executor.top3_accuracy", None, ">=", True),
    ("kursk", "executor.macro_f1", None, ">=", True),
    ("kursk", "topic.accuracy", 0.62, ">=", True),
    ("ceilings", "kursk.executor_by_true_rubric_upper_bound", None, ">=", True),
    ("ceilings", "kursk.executor_text_and_true_rubric_cv", None, ">=", True),
    ("ceilings", "kursk.executor_text_and_id_block_cv_leak", None, ">=", True),
    ("spb", "reason_text.accuracy", 0.75, ">=", True),
    ("spb", "reason_context.accuracy", 0.88, ">=", True),
    ("spb", "executor_context.accuracy", 0.88, ">=", True),
    ("spb", "train_seconds", 60.0, "<=", False),
    ("ceilings", "spb.district_object_reason_upper_bound", None, ">=", True),
    ("ceilings", "spb.district_object_reason_from_train", None, ">=", True),
    ("urgency", "kursk_cv.f1", 0.72, ">=", True),
    ("urgency", "kursk_cv.recall", 0.80, ">=", True),
    ("urgency", "kursk_cv.kind.accuracy", None, ">=", True),
    ("urgency", "kursk_cv_without_base.f1", None, ">=", True),
    ("urgency", "kursk_cv_without_base.recall", None, ">=", True),
    ("urgency", "default_on_kursk.f1", 0.70, ">=", True),
    ("urgency", "default_on_kursk.kind.accuracy", 0.85, ">=", True),
    ("urgency", "default_on_corpus_test.f1", 0.85, ">=", True),
    ("urgency", "default_on_corpus_test.kind.macro_f1", 0.80, ">=", True),
    ("generalisation", "topic.accuracy", 0.72, ">=", True),
    ("generalisation", "urgent.f1", 0.70, ">=", True),
    ("default model", "agency.accuracy", 0.90, ">=", True),
    ("default model", "topic.accuracy", 0.85, ">=", True),
    ("places", "find_texts_per_s", 5000, ">=", False),
    ("speed", "kursk_msgs_per_s", 1500, ">=", False),
    ("speed", "kursk_ratio_to_plain", None, ">=", False),
    ("speed", "spb_msgs_per_s", 5000, ">=", False),
    ("speed", "spb_ratio_to_plain", None, ">=", False),
    ("speed", "route_p50_ms", 3.0, "<=", False),
    ("speed", "route_p99_ms", 15.0, "<=", False),
    ("speed", "cold_start_s", 2.0, "<=", False),
    ("speed", "memory_mb", 400, "<=", False),
    ("speed", "model_mb", 20, "<=", False),
]


def _get(report: dict, path: str):
    for key in path.split("."):
        if not isinstance(report, dict) or key not in report:
            return None
        report = report[key]
    return report


def _reports() -> dict[str, dict]:
    out = {}
    for name in BENCHMARKS:
        path = RESULTS / f"{name}.json"
        if path.exists():
            out[name] = json.loads(path.read_text(encoding="utf-8"))
    meta = ROOT / "models" / "nso-default" / "meta.json"
    if meta.exists():  # the shipped model's test-split metrics (scripts/build_default_model.py)
        out["default model"] = json.loads(meta.read_text(encoding="utf-8")).get("test_metrics", {})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip", nargs="*", default=[], choices=BENCHMARKS)
    ap.add_argument("--only", nargs="*", default=None, choices=BENCHMARKS)
    ap.add_argument("--no-run", action="store_true")
    args = ap.parse_args()
    if not SHARED.exists():
        print(f"SKIP: {SHARED} is absent (real data is read from ../shared, never shipped)")
        return 0
    if not args.no_run:
        for name in args.only or BENCHMARKS:
            if name in args.skip:
                continue
            print(f"== {name}", flush=True)
            subprocess.run([sys.executable, str(Path(__file__).with_name(f"{name}.py"))], check=True)
    reports = _reports()
    missed = []
    print(f"\n{'benchmark':15s} {'figure':44s} {'value':>9s} {'target':>9s}  status")
    for name, path, target, op, quality in TARGETS:
        value = _get(reports.get(name, {}), path)
        if value is None:
            status = "not run"
        elif target is None:
            status = "reported"
        else:
            ok = value >= target if op == ">=" else value <= target
            status = "ok" if ok else ("MISSED" if quality else "missed (speed/size)")
            if not ok and quality:
                missed.append(f"{name} {path}")
        shown = "-" if value is None else (f"{value:.3f}" if isinstance(value, float) and value < 10 else f"{value}")
        goal = "" if target is None else f"{'≥' if op == '>=' else '≤'} {target}"
        print(f"{name:15s} {path:44s} {shown:>9s} {goal:>9s}  {status}")
    if missed:
        print(f"\n{len(missed)} quality target(s) missed: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
