"""``cur-nlp`` command line: a thin shell over the public API."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .api import DEFAULT_MODEL, load, train
from .batch import label_table, read_table, write_table
from .persist import ModelError

__all__ = ["main"]


def _columns(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]


def _label_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--text-column", default="text")
    p.add_argument("--agency-column", default="agency")
    p.add_argument("--topic-column", default="topic")
    p.add_argument("--urgent-column", default="urgent")
    p.add_argument("--kind-column", default="kind")
    p.add_argument("--context-columns", default="", help="comma-separated columns used as context")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="cur-nlp", description="Route citizen messages to the body that must answer.")
    ap.add_argument("--version", action="version", version=f"cur_nlp {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("route", help="route one message, print JSON")
    p.add_argument("text")
    p.add_argument("--model", type=Path, default=None, help=f"model folder (default {DEFAULT_MODEL})")
    p.add_argument("--page", default=None, help="id of the body whose page received the message")
    p.add_argument("--municipality", default=None)
    p.add_argument("--address", default=None)
    p.add_argument("--date", default=None, help="when it was written (YYYY-MM-DD): heating weighs more in winter")

    p = sub.add_parser("label", help="add route_* columns to every row of a CSV/xlsx export")
    p.add_argument("input", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--text-column", default="text")
    p.add_argument("--context-columns", default="")
    p.add_argument("--model", type=Path, default=None)
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--urgent-first", action="store_true",
                   help="write the most urgent rows first (each with route_urgency_reasons)")

    p = sub.add_parser("train", help="train a model folder on a labelled export")
    p.add_argument("data", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)
    _label_options(p)
    p.add_argument("--municipality-column", default="municipality")
    p.add_argument("--region", default="nso", help="region code, or 'none' for free-form labels")
    p.add_argument("--base", default=None, metavar="CORPUS",
                   help="also learn from a shipped corpus ('nso'); thresholds and metrics stay on DATA")

    p = sub.add_parser("evaluate", help="measure a model on a labelled export")
    p.add_argument("data", type=Path)
    p.add_argument("--model", type=Path, default=None)
    _label_options(p)
    p.add_argument("--municipality-column", default="municipality")
    p.add_argument("--report", type=Path, default=None, help="write the report as JSON here")
    return ap


def _model(path):
    return load(path or DEFAULT_MODEL)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (ModelError, FileNotFoundError, ValueError, TypeError) as e:
        print(f"cur-nlp {args.command}: error: {e}", file=sys.stderr)
        return 2


def _run(args) -> int:
    if args.command == "route":
        context = {k: v for k, v in (("page", args.page), ("municipality", args.municipality),
                                      ("address", args.address), ("date", args.date)) if v}
        r = _model(args.model).route(args.text, context or None)
        print(json.dumps(r.to_dict(), ensure_ascii=False))
        return 0

    if args.command == "label":
        router = _model(args.model)
        table = read_table(args.input)
        out = label_table(router, table, args.text_column, _columns(args.context_columns),
                          progress=not args.no_progress and sys.stderr.isatty(), urgent_first=args.urgent_first)
        write_table(out, args.output)
        errors = sum(1 for r in out.rows if r.get("route_error"))
        print(f"labelled {len(out.rows)} rows → {args.output} ({errors} with route_error)", file=sys.stderr)
        return 0

    if args.command == "train":
        table = read_table(args.data)
        cols = {h: getattr(args, f"{h}_column") for h in ("agency", "topic", "urgent", "kind", "municipality")}
        absent = [f"{h} ({c})" for h, c in cols.items() if c not in table.columns and h != "municipality"]
        router = train(args.data, text=args.text_column, context=_columns(args.context_columns),
                       region=None if args.region.lower() == "none" else args.region, base=args.base, **cols)
        router.save(args.output)
        if absent:
            print(f"not trained, column absent: {', '.join(absent)}", file=sys.stderr)
        print(json.dumps(router.meta["heldout_metrics"], ensure_ascii=False, indent=2))
        print(f"saved {router!r} → {args.output}", file=sys.stderr)
        return 0

    if args.command == "evaluate":
        router = _model(args.model)
        table = read_table(args.data)
        if args.text_column not in table.columns:
            raise ValueError(f"no column {args.text_column!r} in {args.data}; columns are {table.columns}")
        ctx_cols = _columns(args.context_columns)
        labels = {h: table.column(getattr(args, f"{h}_column"))
                  for h in ("agency", "topic", "urgent", "kind", "municipality")}
        contexts = [{c: r.get(c, "") for c in ctx_cols} for r in table.rows] if ctx_cols else None
        report = router.evaluate(table.column(args.text_column), labels, contexts)
        text = json.dumps(report, ensure_ascii=False, indent=2)
        print(text)
        if args.report:
            args.report.write_text(text + "\n", encoding="utf-8")
        return 0
    return 1  # pragma: no cover - argparse requires a command


if __name__ == "__main__":
    sys.exit(main())
