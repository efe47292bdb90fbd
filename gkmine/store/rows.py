"""The one place where report records become database rows, and rows become records.

Rows are plain dicts whose keys are the declared columns of :mod:`gkmine.store.schema`;
dicts, and lists of strings that are not arrays in the schema, become JSON text. Nothing here
imports pandas: rows are made in the worker process, next to parsing.

>>> from gkmine.record import Cell, Meta, Report
>>> rep = Report("a.txt", doc_id="d1", meta=Meta(agency="某局", year=2023, layout="2021"),
...              cells=[Cell("t3", "new", "total", 4, "4", "number", bbox=(1, 2, 3, 4))])
>>> rows = document_rows(rep)
>>> rows["docs"][0]["agency"], rows["cells"][0]["bbox"]
('某局', [1, 2, 3, 4])
>>> back = report_from_rows(rows["docs"][0], text="", sections=[], cells=rows["cells"],
...                         checks=[], source="a.txt")
>>> back.cells[0] == rep.cells[0], back.meta.year
(True, 2023)
"""

from __future__ import annotations

import json
from dataclasses import fields
from functools import cache
from typing import Any

from gkmine.record import Cell, Check, Meta, Report, Section, SubItem
from gkmine.store.schema import CORE_TABLES, META_COLUMNS


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _shallow(record) -> dict[str, Any]:
    """A dataclass's fields as a dict, without ``asdict``'s deep copy (rows are made for
    every cell of every document: the copy was a tenth of the per-document time)."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


@cache
def _field_names(record_type: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(record_type))


def doc_row(report: Report, *, config_hash: str = "") -> dict[str, Any]:
    meta = _shallow(report.meta)
    evidence = meta.pop("evidence")
    return {
        "doc_id": report.doc_id, "status": report.status, "error_code": report.error_code,
        "error": report.error, "format": report.format,
        **{k: meta.get(k) for k in META_COLUMNS},
        "evidence": _json(evidence), "n_sections": len(report.sections),
        "n_cells": len(report.cells),
        "n_failed_hard": sum(1 for c in report.checks if not c.passed and c.severity == "hard"),
        "n_chars": len(report.text), "warnings": _json(report.warnings),
        "schema": report.schema, "config_hash": config_hash,
    }


def section_row(doc_id: str, section: Section) -> dict[str, Any]:
    row = _shallow(section)
    row["subitems"] = _json([_shallow(item) for item in section.subitems])
    return {"doc_id": doc_id, **row}


def cell_row(doc_id: str, cell: Cell) -> dict[str, Any]:
    # built in one dict: a report has a few hundred cells
    row = {"doc_id": doc_id}
    for name in _CELL_FIELDS:
        row[name] = getattr(cell, name)
    row["value"] = None if cell.value is None else float(cell.value)
    row["bbox"] = None if cell.bbox is None else list(cell.bbox)
    return row


_CELL_FIELDS = tuple(name for name in CORE_TABLES["cells"] if name != "doc_id")


def check_row(doc_id: str, check: Check) -> dict[str, Any]:
    row = _shallow(check)
    row["cells"] = list(check.cells)
    row["spans"] = [list(span) for span in check.spans]
    return {"doc_id": doc_id, **row}


def document_rows(report: Report, *, config_hash: str = "") -> dict[str, list[dict[str, Any]]]:
    """Rows of the core per-document tables (``docs``, ``texts``, ``sections``, …)."""
    doc_id = report.doc_id
    return {
        "docs": [doc_row(report, config_hash=config_hash)],
        "texts": [{"doc_id": doc_id, "text": report.text}] if report.text else [],
        "sections": [section_row(doc_id, s) for s in report.sections],
        "cells": [cell_row(doc_id, c) for c in report.cells],
        "checks": [check_row(doc_id, c) for c in report.checks],
    }


# --- rows back to records ------------------------------------------------------------------


def _none(value: Any) -> Any:
    """SQL NULL (and pandas' NaN / NA for it) as None."""
    if value is None:
        return None
    try:
        if value != value:  # NaN
            return None
    except (TypeError, ValueError):  # arrays compare element-wise
        return value
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _ints(value: Any) -> int | None:
    value = _none(value)
    return None if value is None else int(value)


def report_from_rows(doc: dict[str, Any], *, text: str, sections: list[dict],
                     cells: list[dict], checks: list[dict], source: str) -> Report:
    """Rebuild a :class:`Report` from its rows (the inverse of :func:`document_rows`)."""
    meta = Meta(**{k: _none(doc.get(k)) for k in META_COLUMNS},
                evidence=json.loads(doc.get("evidence") or "{}"))
    meta.year = _ints(meta.year)
    return Report(
        source=source, doc_id=doc["doc_id"], status=doc["status"],
        error=_none(doc.get("error")), error_code=_none(doc.get("error_code")),
        format=_none(doc.get("format")), meta=meta, text=text or "",
        warnings=json.loads(doc.get("warnings") or "[]"),
        sections=[_section(s) for s in sections], cells=[cell_from_row(c) for c in cells],
        checks=[_check(c) for c in checks])


def _section(row: dict) -> Section:
    return Section(key=row["key"], title=row["title"], start=int(row["start"]),
                   end=int(row["end"]), text=row["text"], body_start=int(row["body_start"]),
                   subitems=[SubItem(**s) for s in json.loads(row.get("subitems") or "[]")],
                   confidence=float(row["confidence"]))


_CELL_INTS = ("start", "end", "src_start", "src_end", "page")
_AMOUNT_COLS = ("amount_wan", "amount")


def cell_from_row(row: dict) -> Cell:
    data = {name: _none(row.get(name)) for name in _field_names(Cell)}
    for name in _CELL_INTS:
        data[name] = _ints(data[name])
    bbox = data.get("bbox")
    data["bbox"] = None if bbox is None else tuple(float(v) for v in bbox)
    value = data["value"]
    if value is not None and float(value).is_integer() and data["col"] not in _AMOUNT_COLS:
        data["value"] = int(value)
    data["note"] = data["note"] or ""
    data["confidence"] = float(data["confidence"])
    return Cell(**data)


def _check(row: dict) -> Check:
    data = {f.name: _none(row.get(f.name)) for f in fields(Check)}
    data["passed"] = bool(data["passed"])
    data["cells"] = [str(c) for c in (data["cells"] if data["cells"] is not None else [])]
    spans = data["spans"] if data["spans"] is not None else []
    data["spans"] = [(int(a), int(b)) for a, b in spans]
    return Check(**data)


def rows_by_document(frame) -> dict[str, list[dict[str, Any]]]:
    """A DataFrame's rows as dicts, grouped by ``doc_id`` in their order (converted once:
    a ``to_dict`` per group costs far more)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in frame.to_dict("records"):
        out.setdefault(row["doc_id"], []).append(row)
    return out
