"""Kursk: 5-fold cross-validated executor and topic accuracy on 2,000 real
messages, trained through the public API (``cur_nlp.train``) with free-form
labels. Reference (plain lemma TF-IDF + LinearSVC): 0.457 / 0.556.

    python benchmarks/kursk.py [--folds 5]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from sklearn.model_selection import KFold

from common import SHARED, read_csv, require, write_report

import cur_nlp  # noqa: E402  (common puts the checkout on sys.path)
from cur_nlp.metrics import classification_report  # noqa: E402

REFERENCE = {"executor": 0.457, "topic": 0.556}


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = read_csv(require(SHARED / "kursk" / "train.csv"))
    pred = {"executor": [None] * len(rows), "topic": [None] * len(rows)}
    top3 = [False] * len(rows)
    t0 = time.perf_counter()
    for k, (tr, te) in enumerate(KFold(args.folds, shuffle=True, random_state=args.seed).split(rows)):
        router = cur_nlp.train([rows[i] for i in tr], agency="executor", topic="topic", urgent=None,
                               kind=None, region=None)
        for i, r in zip(te, router.route_many([rows[i]["text"] for i in te])):
            pred["executor"][i], pred["topic"][i] = r.agency, r.topic
            top3[i] = rows[i]["executor"] in {r.agency} | {a for a, _ in r.alternatives[:2]}
        print(f"fold {k + 1}/{args.folds} done", flush=True)
    seconds = time.perf_counter() - t0
    report = {"folds": args.folds, "seed": args.seed, "rows": len(rows), "seconds": round(seconds, 1)}
    for head in ("executor", "topic"):
        m = classification_report([r[head] for r in rows], pred[head], top3 if head == "executor" else None)
        m["reference_accuracy"] = REFERENCE[head]
        report[head] = m
    print(f"{'head':10s} {'accuracy':>9s} {'macro-F1':>9s} {'top-3':>7s} {'reference':>10s}")
    for head in ("executor", "topic"):
        m = report[head]
        print(f"{head:10s} {m['accuracy']:9.3f} {m['macro_f1']:9.3f} {m.get('top3_accuracy', np.nan):7.3f} "
              f"{m['reference_accuracy']:10.3f}")
    write_report("kursk", report)
    return report


if __name__ == "__main__":
    main()
