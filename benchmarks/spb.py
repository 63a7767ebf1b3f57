"""St Petersburg: routing with known metadata, at scale. Trains through the
public API on the first 80% of 47,911 portal messages by ``created_dt`` and
tests on the last 20%, next to a plain lemma TF-IDF + LinearSVC trained in
the same process on the same split.

Goals: ``reason`` from text alone ≥ 0.75 (plain: 0.71), with ``district`` and
``city_object`` as context ≥ 0.88 (plain: 0.86); ``executor_org`` with that
context ≥ 0.88 (plain with both as tokens: 0.84); training ≤ 60 s.

Executor rows that are empty or the portal's moderator («Комитет по
печати…», not a real executor) are left out of the executor head.

    python benchmarks/spb.py [--limit N]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
from common import context_tokens, plain_svm, plain_text, plain_tfidf, spb_rows, write_report

import cur_nlp  # noqa: E402
from cur_nlp.metrics import classification_report  # noqa: E402

GOALS = {"reason_text": 0.75, "reason_context": 0.88, "executor_context": 0.88, "train_seconds": 60.0}
PLAIN_REFERENCE = {"reason_text": 0.71, "reason_context": 0.86, "executor_context": 0.84}
CONTEXT = ["district", "city_object"]

def plain(train_texts, y_train, test_texts):
    """The reference: lemma 1-2-gram TF-IDF + LinearSVC, nothing else."""
    X, Xt = plain_tfidf(train_texts, test_texts)
    return plain_svm(X, y_train, Xt)


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="use only the first N rows (a quick run)")
    args = ap.parse_args()
    rows = spb_rows()
    if args.limit:
        rows = rows[:args.limit]
    cut = int(len(rows) * 0.8)
    train, test = rows[:cut], rows[cut:]
    report: dict = {"rows": len(rows), "train_rows": len(train), "test_rows": len(test), "goals": GOALS,
                    "plain_reference": PLAIN_REFERENCE}

    t0 = time.perf_counter()
    with_context = cur_nlp.train(train, agency="executor", topic="reason", urgent=None, kind=None,
                                 municipality=None, region=None, context=CONTEXT)
    report["train_seconds"] = round(time.perf_counter() - t0, 1)
    text_only = cur_nlp.train(train, agency=None, topic="reason", urgent=None, kind=None,
                              municipality=None, region=None)
    contexts = [{c: r[c] for c in CONTEXT} for r in test]
    routed = with_context.route_many([r["text"] for r in test], contexts)
    routed_text = text_only.route_many([r["text"] for r in test])
    truth_reason = [r["reason"] for r in test]
    report["reason_text"] = classification_report(truth_reason, [x.topic for x in routed_text])
    report["reason_context"] = classification_report(truth_reason, [x.topic for x in routed])
    keep = [i for i, r in enumerate(test) if r["executor"]]
    report["executor_context"] = classification_report([test[i]["executor"] for i in keep],
                                                        [routed[i].agency for i in keep])

    # The plain pipeline on the same split, in this process: lemmas joined by
    # spaces, context fields as extra tokens.
    lemmas = {id(r): plain_text(r["text"]) for r in rows}
    ctx = {id(r): context_tokens(r, CONTEXT) for r in rows}
    plain_acc = {}
    pred = plain([lemmas[id(r)] for r in train], [r["reason"] for r in train], [lemmas[id(r)] for r in test])
    plain_acc["reason_text"] = float(np.mean(pred == np.array(truth_reason)))
    pred = plain([lemmas[id(r)] + " " + ctx[id(r)] for r in train], [r["reason"] for r in train],
                 [lemmas[id(r)] + " " + ctx[id(r)] for r in test])
    plain_acc["reason_context"] = float(np.mean(pred == np.array(truth_reason)))
    tr = [r for r in train if r["executor"]]
    te = [test[i] for i in keep]
    pred = plain([lemmas[id(r)] + " " + ctx[id(r)] for r in tr], [r["executor"] for r in tr],
                 [lemmas[id(r)] + " " + ctx[id(r)] for r in te])
    plain_acc["executor_context"] = float(np.mean(pred == np.array([r["executor"] for r in te])))
    report["plain_same_split"] = {k: round(v, 4) for k, v in plain_acc.items()}

    print(f"{'task':18s} {'cur_nlp':>8s} {'plain':>7s} {'goal':>6s}")
    for k in ("reason_text", "reason_context", "executor_context"):
        print(f"{k:18s} {report[k]['accuracy']:8.3f} {plain_acc[k]:7.3f} {GOALS[k]:6.2f}")
    print(f"{'train seconds':18s} {report['train_seconds']:8.1f} {'':7s} {GOALS['train_seconds']:6.0f}")
    write_report("spb", report)
    return report


if __name__ == "__main__":
    main()
