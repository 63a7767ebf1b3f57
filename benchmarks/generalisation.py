"""Real-text check of the shipped default model (trained only on our own
corpus) on real Kursk messages it has never seen: topic accuracy through the
rubric map, urgency and kind on the 1,000 hand-labelled rows.

Goals: topic accuracy ≥ 0.72 (a model trained on Kursk itself: ~0.77),
urgency F1 ≥ 0.70, kind accuracy ≥ 0.85.

    python benchmarks/generalisation.py [--model DIR]
"""
from __future__ import annotations

import argparse
from collections import Counter

from common import SHARED, read_csv, require, write_report

import cur_nlp  # noqa: E402
from cur_nlp.metrics import binary_report, classification_report  # noqa: E402

GOALS = {"topic_accuracy": 0.72, "urgency_f1": 0.70, "kind_accuracy": 0.85}


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    ap.add_argument("--errors", type=int, default=0, help="print this many topic confusions")
    args = ap.parse_args()
    rows = read_csv(require(SHARED / "kursk" / "train.csv"))
    topic_map = {r["kursk_topic"]: r["topic"] for r in read_csv(SHARED / "kursk" / "topic_map.csv")}
    urgency = {r["id"]: r for r in read_csv(SHARED / "kursk" / "train_urgency.csv")}
    router = cur_nlp.load(args.model) if args.model else cur_nlp.default_router()

    routings = dict(zip((r["id"] for r in rows), router.route_many([r["text"] for r in rows])))
    mapped = [(topic_map[r["topic"]], routings[r["id"]]) for r in rows if r["topic"] in topic_map]
    report = {"model": str(args.model or cur_nlp.DEFAULT_MODEL), "goals": GOALS}
    report["topic"] = classification_report([t for t, _ in mapped], [x.topic or "" for _, x in mapped])
    report["topic"]["unmapped_rows"] = len(rows) - len(mapped)

    labelled = [(urgency[i], routings[i]) for i in urgency if i in routings]
    report["urgent"] = binary_report([int(u["urgent"]) for u, _ in labelled], [x.urgency or 0.0 for _, x in labelled],
                                     router.thresholds_.get("urgent", 0.5))
    report["kind"] = classification_report([u["kind"] for u, _ in labelled], [x.kind or "" for _, x in labelled])

    print(f"{'measure':18s} {'value':>7s} {'goal':>6s}")
    for name, value, goal in (("topic accuracy", report["topic"]["accuracy"], GOALS["topic_accuracy"]),
                              ("topic macro-F1", report["topic"]["macro_f1"], None),
                              ("urgency precision", report["urgent"]["precision"], None),
                              ("urgency recall", report["urgent"]["recall"], None),
                              ("urgency F1", report["urgent"]["f1"], GOALS["urgency_f1"]),
                              ("kind accuracy", report["kind"]["accuracy"], GOALS["kind_accuracy"])):
        print(f"{name:18s} {value:7.3f} {'' if goal is None else f'{goal:6.2f}'}")
    if args.errors:
        confusions = Counter((t, x.topic) for t, x in mapped if t != x.topic)
        for (gold, pred), n in confusions.most_common(args.errors):
            print(f"{n:4d}  {gold:15s} → {pred}")
        kinds = Counter((u["kind"], x.kind) for u, x in labelled if u["kind"] != x.kind)
        print("kind confusions:", kinds.most_common(8))
    write_report("generalisation", report)
    return report


if __name__ == "__main__":
    main()
