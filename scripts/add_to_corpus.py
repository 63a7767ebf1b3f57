"""Append hand-written rows (JSON Lines) to ``datasets/nso/messages.csv``.

Rows already in the corpus keep their id and split for good; new rows get
the next ids and a split that keeps every agency at 80/20 train/test (by a
hash of the text, so the assignment does not depend on file order).
Exact duplicates of existing texts are refused.

    python scripts/add_to_corpus.py new_rows.jsonl [more.jsonl ...]
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "datasets" / "nso" / "messages.csv"
COLUMNS = ["id", "text", "agency", "topic", "municipality", "urgent", "kind", "channel", "page", "split"]


def key(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("parts", nargs="+", type=Path)
    args = ap.parse_args()
    rows = list(csv.DictReader(open(CORPUS, encoding="utf-8"))) if CORPUS.exists() else []
    seen = {key(r["text"]) for r in rows}
    next_id = 1 + max((int(r["id"].split("-")[1]) for r in rows), default=0)
    new, dropped = [], 0
    for part in args.parts:
        for line in open(part, encoding="utf-8"):
            if not line.strip():
                continue
            r = json.loads(line)
            k = key(r["text"])
            if k in seen:
                dropped += 1
                continue
            seen.add(k)
            new.append({c: str(r.get(c, "") if r.get(c) is not None else "") for c in COLUMNS})
    by_agency = defaultdict(list)
    for r in new:
        by_agency[r["agency"]].append(r)
    for agency_rows in by_agency.values():
        agency_rows.sort(key=lambda r: hashlib.sha256(r["text"].encode()).hexdigest())
        for i, r in enumerate(agency_rows):
            r["split"] = "test" if i % 5 == 2 else "train"
    for r in new:
        r["id"] = f"nso-{next_id:05d}"
        next_id += 1
    with open(CORPUS, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows + new)
    print(f"added {len(new)} rows ({dropped} exact duplicates refused); corpus has {len(rows) + len(new)}")


if __name__ == "__main__":
    main()
