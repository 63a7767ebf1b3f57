"""Print the label counts of ``datasets/nso/messages.csv`` as Markdown (the
tables of the datasheet ``datasets/nso/README.md`` come from here).

    python scripts/corpus_stats.py
"""
from __future__ import annotations

import csv
import statistics
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "datasets" / "nso" / "messages.csv"


def table(title: str, counts: Counter, total: int) -> str:
    lines = [f"**{title}**", "", "| value | rows | share |", "|---|---:|---:|"]
    lines += [f"| {k or '(empty)'} | {n} | {n / total:.1%} |" for k, n in counts.most_common()]
    return "\n".join(lines) + "\n"


def main() -> None:
    rows = list(csv.DictReader(open(CORPUS, encoding="utf-8", newline="")))
    n = len(rows)
    words = [len(r["text"].split()) for r in rows]
    wrong_page = sum(1 for r in rows if r["page"] and r["page"] != r["agency"])
    print(f"{n} rows; train {sum(r['split'] == 'train' for r in rows)}, test {sum(r['split'] == 'test' for r in rows)}; "
          f"words per message: median {statistics.median(words):.0f}, min {min(words)}, max {max(words)}; "
          f"{sum(w < 10 for w in words) / n:.0%} under 10 words, {sum(w > 100 for w in words) / n:.0%} over 100; "
          f"page given for {sum(bool(r['page']) for r in rows)} rows, of which {wrong_page} name another body.\n")
    for col in ("agency", "topic", "municipality", "kind", "urgent", "channel"):
        print(table(col, Counter(r[col] for r in rows), n))


if __name__ == "__main__":
    main()
