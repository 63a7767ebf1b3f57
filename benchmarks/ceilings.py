"""How high the executor goals can be reached at all: what the labels allow
when the rubric, the portal's district and object are known exactly.

- Kursk: the best any rule on the true rubric alone can do (the majority
  executor of each rubric, counted on all 2,000 rows: an upper bound), and
  ``cur_nlp.train`` given the true rubric as context (5-fold CV) — the
  executor goal is 0.53. One more figure shows what the labels do follow:
  the same training given the block of 250 row ids a message falls in
  (the export's rows are grouped by when or how they were collected: ids
  below 490 went to the city administration only). Not a feature anyone
  can use, and not used: a leak that explains the noise.
- St Petersburg: the majority executor per (district, object, true reason)
  counted on the test split itself (an upper bound for any model that reads
  those three), and the same lookup learnt from the training split (a
  perfect reason head plus a table) — the goal is 0.88.

    python benchmarks/ceilings.py
"""
from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
from sklearn.model_selection import KFold

from common import SHARED, read_csv, require, spb_rows, write_report

import cur_nlp  # noqa: E402


def majority_accuracy(keys: list, labels: list, table_keys: list | None = None,
                      table_labels: list | None = None) -> float:
    """Accuracy of predicting each label by the majority label of its key,
    the majority counted on ``table_*`` (default: the rows themselves).
    Keys the table lacks count as wrong."""
    table: dict = defaultdict(Counter)
    for k, y in zip(table_keys or keys, table_labels or labels):
        table[k][y] += 1
    hits = [k in table and table[k].most_common(1)[0][0] == y for k, y in zip(keys, labels)]
    return round(float(np.mean(hits)), 4)


def _executor_cv(rows: list[dict], column: str) -> float:
    """5-fold CV executor accuracy of ``cur_nlp.train`` with ``column`` as context."""
    hits = []
    for tr, te in KFold(5, shuffle=True, random_state=0).split(rows):
        router = cur_nlp.train([rows[i] for i in tr], agency="executor", topic=None, urgent=None, kind=None,
                               region=None, context=[column])
        routed = router.route_many([rows[i]["text"] for i in te], [{column: rows[i][column]} for i in te])
        hits += [x.agency == rows[i]["executor"] for i, x in zip(te, routed)]
    return round(float(np.mean(hits)), 4)


def kursk() -> dict:
    rows = read_csv(require(SHARED / "kursk" / "train.csv"))
    for r in rows:
        r["id_block"] = str(int(r["id"]) // 250)
    return {"executor_by_true_rubric_upper_bound": majority_accuracy([r["topic"] for r in rows],
                                                                     [r["executor"] for r in rows]),
            "executor_text_and_true_rubric_cv": _executor_cv(rows, "topic"),
            "executor_text_and_id_block_cv_leak": _executor_cv(rows, "id_block"),
            "goal": 0.53}


def spb() -> dict:
    rows = spb_rows()
    cut = int(len(rows) * 0.8)
    labelled = [(i, r["executor"]) for i, r in enumerate(rows) if r["executor"]]
    train = [(i, e) for i, e in labelled if i < cut]
    test = [(i, e) for i, e in labelled if i >= cut]

    def key(i: int, fields: tuple[str, ...]) -> tuple:
        return tuple(rows[i][f] for f in fields)

    out = {"goal": 0.88}
    for name, fields in (("district_object", ("district", "city_object")),
                         ("district_object_reason", ("district", "city_object", "reason"))):
        out[f"{name}_upper_bound"] = majority_accuracy([key(i, fields) for i, _ in test], [e for _, e in test])
        out[f"{name}_from_train"] = majority_accuracy([key(i, fields) for i, _ in test], [e for _, e in test],
                                                      [key(i, fields) for i, _ in train], [e for _, e in train])
    return out


def main() -> dict:
    require(SHARED)
    report = {"kursk": kursk(), "spb": spb()}
    for data, figures in report.items():
        print(data)
        for name, value in figures.items():
            print(f"  {name:42s} {value:.3f}")
    write_report("ceilings", report)
    return report


if __name__ == "__main__":
    main()
