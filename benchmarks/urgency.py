"""Urgency and kind on real messages.

1. Trained on Kursk: 5-fold cross-validation over the 1,000 hand-labelled
   rows of ``kursk/train_urgency.csv``. Each fold trains ``cur_nlp.train``
   on 800 rows, region-free, as a user would who needs recall ≥ 0.80
   (``urgent_recall=0.8``) and takes the default model's balanced urgency
   head, on top of the shipped corpus (``base="nso"``: its rows teach the
   heads, the threshold comes from the Kursk rows alone). Goal: F1 ≥ 0.72
   with recall ≥ 0.80 (plain TF-IDF + logistic regression: F1 ≈ 0.50).
   The same run without the corpus is reported beside it.
2. The shipped default model (trained only on our corpus) on the same 1,000
   real rows. Goals: F1 ≥ 0.70, kind accuracy ≥ 0.85.
3. The default model on the ``test`` split of our corpus. Goals: urgency
   F1 ≥ 0.85, kind macro-F1 ≥ 0.80.
Prints the precision/recall curve of each and writes the JSON report.

    python benchmarks/urgency.py
"""
from __future__ import annotations

import argparse

import numpy as np
from sklearn.model_selection import StratifiedKFold

from common import ROOT, SHARED, read_csv, require, write_report

import cur_nlp  # noqa: E402
from cur_nlp.metrics import binary_report, classification_report  # noqa: E402

GOALS = {"kursk_cv_f1": 0.72, "kursk_cv_recall": 0.80, "default_kursk_f1": 0.70, "default_kursk_kind_accuracy": 0.85,
         "default_corpus_f1": 0.85, "default_corpus_kind_macro_f1": 0.80}


def kursk_rows():
    texts = {r["id"]: r["text"] for r in read_csv(require(SHARED / "kursk" / "train.csv"))}
    return [{"text": texts[u["id"]], **u} for u in read_csv(SHARED / "kursk" / "train_urgency.csv") if u["id"] in texts]


#: How each fold trains: what a user with 800 labelled rows would ask for.
SETTINGS = {"urgent_recall": 0.8, "class_weight": {"urgent": "balanced"}}


def cross_validated(rows, folds: int, seed: int, base: str | None) -> dict:
    score = np.zeros(len(rows))
    kinds = [""] * len(rows)
    threshold = []
    y = np.array([int(r["urgent"]) for r in rows])
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(rows, y):
        router = cur_nlp.train([rows[i] for i in tr], agency=None, topic=None, urgent="urgent", kind="kind",
                               municipality=None, region=None, base=base, **SETTINGS)
        threshold.append(router.thresholds_["urgent"])
        for i, r in zip(te, router.route_many([rows[i]["text"] for i in te])):
            score[i], kinds[i] = r.urgency, r.kind
    # Each fold's own threshold was chosen on its training rows; report at
    # their median (the curve shows the rest).
    out = binary_report(y, score, float(np.median(threshold)))
    out["kind"] = classification_report([r["kind"] for r in rows], kinds)
    return out


def print_report(name: str, rep: dict) -> None:
    print(f"\n{name}: precision {rep['precision']:.3f}  recall {rep['recall']:.3f}  F1 {rep['f1']:.3f}  "
          f"(threshold {rep['threshold']:.3f}, {rep['positives']}/{rep['n']} urgent)")
    print("  curve: " + "  ".join(f"{c['threshold']:.1f}→P{c['precision']:.2f}/R{c['recall']:.2f}" for c in rep["curve"]))


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--model", default=None)
    args = ap.parse_args()
    rows = kursk_rows()
    report = {"goals": GOALS}

    for key, base, name in (("kursk_cv", "nso", "trained on Kursk + the shipped corpus, 5-fold CV"),
                            ("kursk_cv_without_base", None, "trained on Kursk alone, 5-fold CV")):
        report[key] = cross_validated(rows, args.folds, args.seed, base)
        print_report(name, report[key])
        print(f"  kind accuracy {report[key]['kind']['accuracy']:.3f}")

    router = cur_nlp.load(args.model) if args.model else cur_nlp.default_router()
    labels = {"urgent": [r["urgent"] for r in rows], "kind": [r["kind"] for r in rows]}
    rep = router.evaluate([r["text"] for r in rows], labels)
    report["default_on_kursk"] = {**rep["urgent"], "kind": rep["kind"]}
    print_report("default model on the 1,000 Kursk rows", rep["urgent"])
    print(f"  kind accuracy {rep['kind']['accuracy']:.3f}  macro-F1 {rep['kind']['macro_f1']:.3f}")

    test = [r for r in read_csv(ROOT / "datasets" / "nso" / "messages.csv") if r["split"] == "test"]
    rep = router.evaluate([r["text"] for r in test], {"urgent": [r["urgent"] for r in test],
                                                      "kind": [r["kind"] for r in test]},
                          [{"page": r["page"]} for r in test])
    report["default_on_corpus_test"] = {**rep["urgent"], "kind": rep["kind"]}
    print_report("default model on our corpus test split", rep["urgent"])
    print(f"  kind accuracy {rep['kind']['accuracy']:.3f}  macro-F1 {rep['kind']['macro_f1']:.3f}")
    write_report("urgency", report)
    return report


if __name__ == "__main__":
    main()
