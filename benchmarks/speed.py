"""Speed and size of the shipped default model, as medians of several runs,
next to a plain TF-IDF + LinearSVC pipeline run in the same process (the
ratio compares across noisy machines).

Goals: ``route_many`` ≥ 1,500 Kursk messages/s and ≥ 5,000 SPb messages/s
on one core; single ``route`` p50 ≤ 3 ms, p99 ≤ 15 ms after warm-up;
import + load + first route ≤ 2 s; resident memory ≤ 400 MB; model folder
≤ 20 MB.

    python benchmarks/speed.py [--runs 3] [--model DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from common import ROOT, SHARED, read_csv, require, write_report

import cur_nlp  # noqa: E402
from cur_nlp.api import DEFAULT_MODEL  # noqa: E402

GOALS = {"kursk_msgs_per_s": 1500, "spb_msgs_per_s": 5000, "route_p50_ms": 3.0, "route_p99_ms": 15.0,
         "cold_start_s": 2.0, "memory_mb": 400, "model_mb": 20}

# One fresh interpreter: import, load the default model, route one message;
# then route the given texts and report the peak resident memory.
_CHILD = """
import json, resource, sys, time
t = time.perf_counter()
import cur_nlp
router = cur_nlp.load(sys.argv[1])
router.route("Третий день нет воды в Краснозёрском")
cold = time.perf_counter() - t
texts = json.load(open(sys.argv[2], encoding="utf-8"))
router.route_many(texts)
print(json.dumps({"cold_start_s": cold, "memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _rate(fn, texts, runs: int) -> float:
    fn(texts)  # warm-up: the lemma and n-gram caches fill once per process
    rates = []
    for _ in range(runs):
        t = time.perf_counter()
        fn(texts)
        rates.append(len(texts) / (time.perf_counter() - t))
    return statistics.median(rates)


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):  # the goals are per core: no BLAS or thread may borrow another
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    kursk = read_csv(require(SHARED / "kursk" / "train.csv"))
    spb = read_csv(require(SHARED / "spb" / "messages.csv"))[:10_000]
    kursk_texts, spb_texts = [r["text"] for r in kursk], [r["text"] for r in spb]
    router = cur_nlp.load(args.model)

    # The plain pipeline, trained on the Kursk executors, timed on the same texts.
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    svm = LinearSVC(C=0.5).fit(vec.fit_transform(kursk_texts), [r["executor"] for r in kursk])
    report: dict = {"model": str(args.model), "runs": args.runs, "goals": GOALS}
    for name, texts in (("kursk", kursk_texts), ("spb", spb_texts)):
        ours = _rate(router.route_many, texts, args.runs)
        base = _rate(lambda t: svm.predict(vec.transform(t)), texts, args.runs)
        report[f"{name}_msgs_per_s"] = round(ours)
        report[f"{name}_plain_msgs_per_s"] = round(base)
        report[f"{name}_ratio_to_plain"] = round(ours / base, 3)

    latencies = []
    for text in kursk_texts[:300] + spb_texts[:300]:
        t = time.perf_counter()
        router.route(text)
        latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    report["route_p50_ms"] = round(latencies[len(latencies) // 2], 2)
    report["route_p99_ms"] = round(latencies[int(len(latencies) * 0.99)], 2)

    with tempfile.TemporaryDirectory() as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(kursk_texts, ensure_ascii=False), encoding="utf-8")
        children = []
        for _ in range(args.runs):
            out = subprocess.run([sys.executable, "-c", _CHILD, str(args.model), str(texts_file)],
                                 capture_output=True, text=True, check=True,
                                 env={**os.environ, "PYTHONPATH": str(ROOT)})
            children.append(json.loads(out.stdout.strip().splitlines()[-1]))
    report["cold_start_s"] = round(statistics.median(c["cold_start_s"] for c in children), 2)
    report["memory_mb"] = round(max(c["memory_mb"] for c in children))
    report["model_mb"] = round(sum(p.stat().st_size for p in Path(args.model).iterdir()) / 1e6, 2)

    for key, goal in GOALS.items():
        higher = key.endswith("per_s")
        ok = report[key] >= goal if higher else report[key] <= goal
        print(f"{key:20s} {report[key]:>10} {'≥' if higher else '≤'} {goal:<8} {'ok' if ok else 'MISSED'}")
    for name in ("kursk", "spb"):
        print(f"{name} plain TF-IDF+LinearSVC {report[f'{name}_plain_msgs_per_s']} msg/s; "
              f"ours/plain = {report[f'{name}_ratio_to_plain']}")
    write_report("speed", report)
    return report


if __name__ == "__main__":
    main()
