"""Place resolver: speed on real Kursk-length texts (one core), and what
natasha's NER would add.

- Speed: texts/s of ``Gazetteer.find`` alone (texts normalised beforehand,
  as ``route`` does once for all steps), and of normalise + find. Goal:
  find ≥ 5,000 texts/s.
- NER: on our labelled place sentences (``tests/data/places_gold.csv``), the
  recall of the gazetteer alone, and of the gazetteer plus natasha's LOC
  spans fed back to it (what NER could add), with the time NER costs.

    python benchmarks/places.py [--repeat 5] [--no-ner]
"""
from __future__ import annotations

import argparse
import csv
import statistics
import time

from common import ROOT, SHARED, read_csv, require, write_report

from cur_nlp.places import load_gazetteer  # noqa: E402
from cur_nlp.text import normalise  # noqa: E402


def rate(fn, items, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for x in items:
            fn(x)
        runs.append(len(items) / (time.perf_counter() - t0))
    return statistics.median(runs)


def ner_effect(gazetteer) -> dict:
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    rows = list(csv.DictReader(open(ROOT / "tests" / "data" / "places_gold.csv", encoding="utf-8")))
    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())
    hits = {"gazetteer": 0, "gazetteer+ner": 0}
    gold = [r for r in rows if r["municipality"]]
    t0 = time.perf_counter()
    spans = []
    for r in gold:
        doc = Doc(r["text"])
        doc.segment(segmenter)
        doc.tag_ner(tagger)
        spans.append([s.text for s in doc.spans if s.type == "LOC"])
    ner_seconds = time.perf_counter() - t0
    for r, locs in zip(gold, spans):
        own = gazetteer.municipality(gazetteer.find(normalise(r["text"])))
        hits["gazetteer"] += own == r["municipality"]
        if own is None:  # NER's LOC spans, capitalised, as a second chance
            own = next((m for m in (gazetteer.municipality(gazetteer.find(normalise(l.title()))) for l in locs) if m), None)
        hits["gazetteer+ner"] += own == r["municipality"]
    return {"gold_positives": len(gold), "recall_gazetteer": round(hits["gazetteer"] / len(gold), 4),
            "recall_gazetteer_plus_ner": round(hits["gazetteer+ner"] / len(gold), 4),
            "ner_texts_per_s": round(len(gold) / ner_seconds, 1)}


def main() -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-ner", action="store_true")
    args = ap.parse_args()
    texts = [r["text"] for r in read_csv(require(SHARED / "kursk" / "train.csv"))]
    g = load_gazetteer("nso")
    docs = [normalise(t) for t in texts]
    report = {"texts": len(texts), "mean_chars": round(statistics.mean(len(t) for t in texts)),
              "repeat": args.repeat,
              "find_texts_per_s": round(rate(g.find, docs, args.repeat)),
              "normalise_and_find_texts_per_s": round(rate(lambda t: g.find(normalise(t)), texts, args.repeat)),
              "goal_find_texts_per_s": 5000,
              "gazetteer_rows": len(g.places)}
    if not args.no_ner:
        report["ner"] = ner_effect(g)
    for k, v in report.items():
        print(f"{k:32s} {v}")
    write_report("places", report)
    return report


if __name__ == "__main__":
    main()
