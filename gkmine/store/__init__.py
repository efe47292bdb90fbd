"""The embedded database: DuckDB tables keyed by ``doc_id``, and Parquet export.

Tables: ``reports`` (one row per document, whatever its status), ``sections``, ``cells``,
``checks``, and ``runs`` (the configuration and package version of every write). Writing a
report replaces all of its rows (``reports`` by file, the others by content hash), so re-running
a corpus updates rows instead of duplicating them. Later stages (claims, statements, topic
profiles) add their own tables through :func:`write_frame`.

>>> import tempfile, os
>>> from gkmine.record import Report
>>> path = os.path.join(tempfile.mkdtemp(), "x.duckdb")
>>> with Store(path) as db:
...     for _ in range(2):
...         _ = db.write_reports([Report(source="a.txt", doc_id="d1", status="error")])
...     int(db.query("select count(*) as n from reports")["n"][0])
1
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from gkmine.record import Report

#: Per-report tables and the frame builder for each.
REPORT_TABLES = ("reports", "sections", "cells", "checks")


def reports_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """One row per report: identity, status and metadata (with the evidence as JSON)."""
    rows = []
    for r in reports:
        meta = asdict(r.meta)
        evidence = meta.pop("evidence")
        rows.append({
            "doc_id": r.doc_id, "source": r.source, "status": r.status,
            "error_code": r.error_code, "error": r.error, "format": r.format, **meta,
            "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True),
            "n_sections": len(r.sections), "n_cells": len(r.cells),
            "n_failed_hard": sum(1 for c in r.checks if not c.passed and c.severity == "hard"),
            "warnings": json.dumps(r.warnings, ensure_ascii=False), "text": r.text,
            "schema": r.schema,
        })
    return pd.DataFrame(rows, columns=_columns(rows, "reports"))


def flat_row(record) -> dict:
    """A dataclass as a database row: lists, tuples and dicts become JSON text."""
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, tuple, dict)) else v)
            for k, v in asdict(record).items()}


def sections_frame(reports: Iterable[Report]) -> pd.DataFrame:
    rows = [{"doc_id": r.doc_id, **flat_row(s)}
            for r in reports for s in r.sections]
    return pd.DataFrame(rows, columns=_columns(rows, "sections"))


def cells_frame(reports: Iterable[Report]) -> pd.DataFrame:
    """The tidy cell table: one row per (report, table, row, col)."""
    from gkmine.tables.frames import cells_frame as tidy_cells

    reports = list(reports)
    frame = tidy_cells(reports)
    # The database keeps the PDF box too, so that a record can be rebuilt from its rows.
    frame["bbox"] = [None if c.bbox is None else json.dumps(c.bbox)
                     for r in reports for c in r.cells]
    return frame


def checks_frame(reports: Iterable[Report]) -> pd.DataFrame:
    rows = [{"doc_id": r.doc_id, "source": r.source, **flat_row(c)}
            for r in reports for c in r.checks]
    return pd.DataFrame(rows, columns=_columns(rows, "checks"))


FRAMES = {"reports": reports_frame, "sections": sections_frame, "cells": cells_frame,
          "checks": checks_frame}

# Column order when a frame is empty (DuckDB needs the columns to create the table).
_EMPTY_COLUMNS = {
    "reports": ["doc_id", "source", "status", "error_code", "error", "format", "agency", "year",
                "level", "province", "city", "county", "agency_type", "layout", "evidence",
                "n_sections", "n_cells", "n_failed_hard", "warnings", "text", "schema"],
    "sections": ["doc_id", "key", "title", "start", "end", "text", "body_start", "subitems",
                 "confidence"],
    "checks": ["doc_id", "source", "rule", "table", "row", "col", "passed", "expected", "actual",
               "delta", "cells", "severity", "attribution", "message"],
}


def _columns(rows: list[dict], table: str) -> list[str]:
    return list(rows[0]) if rows else _EMPTY_COLUMNS[table]


class Store:
    """A DuckDB file holding a corpus. Use as a context manager.

    ``write_reports`` replaces every row of the given documents in all per-report tables;
    ``write_frame(name, df, key="doc_id")`` does the same for any other table.
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False) -> None:
        self.path = os.fspath(path)
        self.read_only = read_only
        self._con = None

    def __enter__(self) -> Store:
        import duckdb

        if not self.read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(self.path, read_only=self.read_only)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def con(self):
        if self._con is None:
            raise RuntimeError("Store is not open: use it as a context manager")
        return self._con

    def tables(self) -> list[str]:
        return sorted(r[0] for r in self.con.execute("show tables").fetchall())

    def write_reports(self, reports: Iterable[Report]) -> int:
        """Write (or replace) the rows of ``reports``.

        ``reports`` has one row per file (keyed by ``source``); the derived tables are keyed
        by ``doc_id``, the content hash, so identical files at several paths each keep their
        row while their sections, cells and checks are stored once.
        """
        reports = list(reports)
        self.write_frame("reports", reports_frame(reports), key="source")
        unique = list({r.doc_id: r for r in reports}.values())
        for name in REPORT_TABLES[1:]:
            self.write_frame(name, FRAMES[name](unique), replace_ids=[r.doc_id for r in unique])
        return len(reports)

    def write_frame(self, name: str, frame: pd.DataFrame, *, key: str = "doc_id",
                    replace_ids: Iterable[str] | None = None) -> None:
        """Insert ``frame`` into table ``name``, first deleting rows with the same keys."""
        ids = sorted(set(replace_ids if replace_ids is not None else frame[key].astype(str)))
        con = self.con
        con.register("_incoming", frame)
        try:
            if name not in self.tables():
                con.execute(f'create table "{name}" as select * from _incoming limit 0')
            self._add_missing_columns(name, frame)
            if ids:
                con.execute(f'delete from "{name}" where "{key}" in (select unnest(?))', [ids])
            if len(frame):
                cols = ", ".join(f'"{c}"' for c in frame.columns)
                con.execute(f'insert into "{name}" ({cols}) select {cols} from _incoming')
        finally:
            con.unregister("_incoming")

    def _add_missing_columns(self, name: str, frame: pd.DataFrame) -> None:
        existing = {r[0] for r in self.con.execute(f'describe "{name}"').fetchall()}
        for col in frame.columns:
            if col not in existing:
                kind = self.con.execute(
                    f'select typeof("{col}") from _incoming limit 1').fetchone()
                sql_type = kind[0] if kind and kind[0] != "NULL" else "VARCHAR"
                self.con.execute(f'alter table "{name}" add column "{col}" {sql_type}')

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def table(self, name: str) -> pd.DataFrame:
        return self.query(f'select * from "{name}"')

    def record_run(self, *, command: str, config: dict) -> None:
        from datetime import datetime, timezone

        from gkmine import __version__

        frame = pd.DataFrame([{
            "run_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "command": command, "gkmine_version": __version__,
            "config": json.dumps(config, ensure_ascii=False, sort_keys=True)}])
        self.con.register("_run", frame)
        try:
            if "runs" not in self.tables():
                self.con.execute("create table runs as select * from _run limit 0")
            self.con.execute("insert into runs select * from _run")
        finally:
            self.con.unregister("_run")

    def export_parquet(self, directory: str | os.PathLike) -> list[Path]:
        """Write every table to ``DIR/<table>.parquet``; returns the files written."""
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.tables():
            target = out_dir / f"{name}.parquet"
            self.con.execute(f"copy \"{name}\" to '{target.as_posix()}' (format parquet)")
            written.append(target)
        return written
