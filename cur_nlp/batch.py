"""Reading and writing exports: CSV (UTF-8 with or without BOM, or cp1251;
``,``, ``;`` or tab delimited; quoted multi-line cells) and Excel ``.xlsx``.

A batch run never loses a row: a row that cannot be routed keeps its data
and gets ``route_error``.
"""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Table", "read_table", "write_table", "label_table", "OUTPUT_COLUMNS"]

# Portal exports carry whole letters in one cell; the default 128 KB limit
# would reject them.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

OUTPUT_COLUMNS = ["route_agency", "route_agency_name", "route_confidence", "route_topic",
                  "route_municipality", "route_urgent", "route_urgency", "route_urgency_reasons", "route_kind",
                  "route_needs_review", "route_explanation", "route_error"]


@dataclass
class Table:
    """Rows of an export with its header; ``errors[i]`` describes what was
    wrong with row ``i`` as read (empty when nothing)."""

    columns: list[str]
    rows: list[dict[str, str]]
    errors: list[str] = field(default_factory=list)
    delimiter: str = ","

    def column(self, name: str | None) -> list[str] | None:
        """Values of a column, or None when the column is absent."""
        if not name or name not in self.columns:
            return None
        return [r.get(name) or "" for r in self.rows]


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # Russian Excel saves CSV in cp1251; every byte decodes in it.
        return raw.decode("cp1251", errors="replace")


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max([",", ";", "\t"], key=header.count)


def read_table(path: str | Path) -> Table:
    """Read a CSV or ``.xlsx`` export into a :class:`Table`."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"input file {path} does not exist")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    text = _decode(path.read_bytes()).replace("\x00", "")
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ValueError(f"{path} is empty: no header row") from None
    columns = _unique([h.strip() for h in header])
    rows, errors = [], []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:  # a malformed quote the reader cannot resync after
            rows.append({})
            errors.append(f"unreadable row: {e}")
            break
        if not any(c.strip() for c in cells):
            continue  # blank line, not a row
        row = dict(zip(columns, cells))
        error = ""
        if len(cells) != len(columns):
            error = f"row has {len(cells)} fields, header has {len(columns)}"
            if len(cells) > len(columns):
                row[columns[-1]] = delimiter.join(cells[len(columns) - 1:])
        rows.append(row)
        errors.append(error)
    return Table(columns, rows, errors, delimiter)


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        n = n or "column"
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n}.{seen[n]}")
    return out


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    it: Iterator = wb.active.iter_rows(values_only=True)
    try:
        header = next(it)
    except StopIteration:
        raise ValueError(f"{path} is empty: no header row") from None
    columns = _unique(["" if h is None else str(h).strip() for h in header])
    rows, errors = [], []
    for cells in it:
        if cells is None or all(c is None or str(c).strip() == "" for c in cells):
            continue
        rows.append({c: ("" if v is None else str(v)) for c, v in zip(columns, cells)})
        errors.append("")
    wb.close()
    return Table(columns, rows, errors, ",")


def write_table(table: Table, path: str | Path) -> None:
    """Write a table as ``.xlsx`` or as CSV (UTF-8 with BOM, so Excel opens
    Cyrillic correctly; the input's delimiter)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(table.columns)
        for row in table.rows:
            ws.append([row.get(c, "") for c in table.columns])
        wb.save(path)
        return
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=table.delimiter)
        w.writerow(table.columns)
        for row in table.rows:
            w.writerow([row.get(c, "") for c in table.columns])


def label_table(router, table: Table, text_column: str = "text", context_columns=(),
                batch_size: int = 2000, progress: bool = False, urgent_first: bool = False) -> Table:
    """Route every row of a table; return the table with ``route_*``
    columns added. Rows keep their data; a row that cannot be routed gets
    ``route_error``. Rows keep their order, or with ``urgent_first`` come
    most urgent first (the morning queue), ties in input order."""
    if text_column not in table.columns:
        raise ValueError(f"no column {text_column!r} in input; columns are {table.columns}")
    out_rows = [dict(r) for r in table.rows]
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(out_rows), unit="msg", desc="routing")
    for start in range(0, len(out_rows), batch_size):
        chunk = out_rows[start:start + batch_size]
        texts = [r.get(text_column) or "" for r in chunk]
        contexts = [{c: r.get(c, "") for c in context_columns} for r in chunk]
        try:
            routings = router.route_many(texts, contexts)
        except Exception:  # isolate the failing rows instead of losing the chunk
            routings = []
            for t, c in zip(texts, contexts):
                try:
                    routings.append(router.route(t, c))
                except Exception as e:
                    routings.append(e)
        for k, (row, r) in enumerate(zip(chunk, routings)):
            error = table.errors[start + k] if start + k < len(table.errors) else ""
            if isinstance(r, Exception):
                row.update({c: "" for c in OUTPUT_COLUMNS})
                row["route_error"] = f"{type(r).__name__}: {r}"
                continue
            row.update({
                "route_agency": r.agency,
                "route_agency_name": r.agency_name or "",
                "route_confidence": f"{r.confidence:.4f}",
                "route_topic": r.topic or "",
                "route_municipality": r.municipality or "",
                "route_urgent": "" if r.urgent is None else int(r.urgent),
                "route_urgency": "" if r.urgency is None else f"{r.urgency:.4f}",
                "route_urgency_reasons": "; ".join(r.urgency_reasons),
                "route_kind": r.kind or "",
                "route_needs_review": int(r.needs_review),
                "route_explanation": ", ".join(term for term, _ in r.explanation),
                "route_error": error,
            })
        if bar is not None:
            bar.update(len(chunk))
    if bar is not None:
        bar.close()
    columns = table.columns + [c for c in OUTPUT_COLUMNS if c not in table.columns]
    if urgent_first:
        out_rows.sort(key=lambda row: -float(row.get("route_urgency") or 0.0))  # stable: ties keep input order
    return Table(columns, out_rows, list(table.errors), table.delimiter)
