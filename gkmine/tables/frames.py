"""Cells as pandas DataFrames: tidy (one row per cell) and panel (one row per report).

>>> from gkmine.record import Cell, Meta, Report
>>> rep = Report("a.txt", doc_id="a", meta=Meta(agency="某局", year=2023, layout="2021"),
...              cells=[Cell("t3", "new", "total", 4, "4", "number"),
...                     Cell("t3", "carried_in", "total", None, "", "blank")])
>>> tidy = cells_frame([rep])
>>> tidy[["row", "col", "value", "status"]].values.tolist()
[['new', 'total', 4.0, 'number'], ['carried_in', 'total', nan, 'blank']]
>>> panel = panel_frame([rep])
>>> float(panel.loc[0, "t3.new.total"]), panel.loc[0, "agency"], "t3.other.total" in panel
(4.0, '某局', True)
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from gkmine.keys import table_shape
from gkmine.record import Report

META_COLUMNS = ("doc_id", "source", "agency", "year", "level", "province", "layout")
CELL_COLUMNS = ("table", "row", "col", "value", "raw", "status", "confidence", "start", "end",
                "src_start", "src_end", "page", "unit", "amount_wan", "note")


def _meta(report: Report) -> dict:
    meta = report.meta
    return {"doc_id": report.doc_id, "source": report.source, "agency": meta.agency,
            "year": meta.year, "level": meta.level, "province": meta.province,
            "layout": meta.layout}


def cells_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """Tidy frame: one row per cell with its report's metadata and the cell's provenance.

    ``value`` is a float column (NaN unless the status is ``number``).
    """
    rows = []
    for report in reports:
        meta = _meta(report)
        for cell in report.cells:
            row = dict(meta)
            row.update({name: getattr(cell, name) for name in CELL_COLUMNS})
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(META_COLUMNS + CELL_COLUMNS))
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    for name in ("start", "end", "src_start", "src_end", "page", "year"):
        frame[name] = frame[name].astype("Int64")
    frame["confidence"] = frame["confidence"].astype("float64")
    frame["amount_wan"] = pd.to_numeric(frame["amount_wan"], errors="coerce").astype("float64")
    return frame


@lru_cache(maxsize=1)
def panel_columns() -> tuple[str, ...]:
    """Every cell id of both layouts, in canonical order (2021 first, then 2019-only ids)."""
    ids: dict[str, None] = {}
    for layout in ("2021", "2019"):
        for table in ("t2", "t3", "t4"):
            for row, col in table_shape(table, layout):
                ids.setdefault(f"{table}.{row}.{col}", None)
    return tuple(ids)


def panel_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """Wide frame: one row per report, one float column per cell id (``t3.new.total`` …).

    A cell that is not a number (blank, n/a, text, missing, or not in the report's layout) is
    NaN; the tidy :func:`cells_frame` says which.
    """
    columns = panel_columns()
    rows = []
    for report in reports:
        row: dict = _meta(report)
        values = {c.id: c.value for c in report.cells if c.status == "number"}
        row.update({cid: values.get(cid) for cid in columns})
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(META_COLUMNS) + list(columns))
    frame[list(columns)] = frame[list(columns)].apply(pd.to_numeric, errors="coerce")
    frame[list(columns)] = frame[list(columns)].astype("float64")
    frame["year"] = frame["year"].astype("Int64")
    return frame
