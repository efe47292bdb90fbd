"""Read-only access to a gkmine database for the figures and the site.

Every table is looked up through :data:`TABLES`, so that a renamed table is changed in one
place. Only the per-report core tables are required; a page section or a figure whose table is
absent is left out.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Final

import pandas as pd

from gkmine.errors import GkmineError

#: role -> table name in the database.
TABLES: Final[dict[str, str]] = {
    # per report, always present
    "reports": "reports",
    "sections": "sections",
    "cells": "cells",
    "checks": "checks",
    # optional: per report
    "texts": "texts",  # the analysis text (older databases keep it in reports.text)
    "claims": "claims",
    "contradictions": "contradictions",
    "statements": "statements",
    "problem_answered": "problem_answered",
    "rhetoric_profiles": "rhetoric_profiles",
    "boilerplate": "boilerplate",
    "reuse_pairs": "reuse_pairs",
    "reuse_yoy": "reuse_yoy",
    "linked_panel": "linked_panel",
    # optional: corpus analyses
    "panel": "panel",
    "panel_labels": "panel_labels",
    "panel_associations": "panel_associations",
    "corpus_checks": "corpus_checks",
    "keywords": "keywords",
    "collocations": "collocations",
    "topic_profiles": "topic_profiles",
    "topic_recurrence_agency_type": "topic_recurrence_agency_type",
    "topic_recurrence_level": "topic_recurrence_level",
    "topic_recurrence_province": "topic_recurrence_province",
    "topic_recurrence_year": "topic_recurrence_year",
    "classifier_evaluation": "classifier_evaluation",
    "rhetoric_cluster_terms": "rhetoric_cluster_terms",
    "rhetoric_cluster_examples": "rhetoric_cluster_examples",
    "rhetoric_crosstabs": "rhetoric_crosstabs",
}

REQUIRED: Final[tuple[str, ...]] = ("reports", "sections", "cells", "checks")


class Database:
    """A gkmine DuckDB file opened read-only. Use as a context manager."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = os.fspath(path)
        self._con = None
        self._columns: dict[str, frozenset[str]] = {}

    def __enter__(self) -> Database:
        import duckdb

        self._con = duckdb.connect(self.path, read_only=True)
        columns: dict[str, set[str]] = {}
        for table, column in self._con.execute(
                "select table_name, column_name from information_schema.columns").fetchall():
            columns.setdefault(table, set()).add(column)  # tables and views alike
        self._columns = {name: frozenset(cols) for name, cols in columns.items()}
        missing = [role for role in REQUIRED if not self.has(role)]
        if missing:
            self.close()
            raise GkmineError("E505", self.path, "not a gkmine database: no table "
                              + ", ".join(TABLES[r] for r in missing))
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def exists(self, role: str) -> bool:
        return TABLES[role] in self._columns

    def has(self, role: str, *columns: str) -> bool:
        """Whether the table of ``role`` exists, holds ``columns`` and is not empty."""
        cols = self._columns.get(TABLES[role])
        if cols is None or not set(columns) <= cols:
            return False
        return bool(self._con.execute(f"select 1 from {self.table(role)} limit 1").fetchall())

    def columns(self, role: str) -> frozenset[str]:
        return self._columns.get(TABLES[role], frozenset())

    @staticmethod
    def table(role: str) -> str:
        """The quoted table name of ``role``, to put into SQL."""
        return '"' + TABLES[role].replace('"', '""') + '"'

    def query(self, sql: str, params: Sequence | None = None) -> pd.DataFrame:
        return self._con.execute(sql, list(params or [])).df()

    def records(self, sql: str, params: Sequence | Mapping | None = None) -> list[dict]:
        """The result of ``sql`` as plain dicts (much cheaper than a DataFrame per report)."""
        result = self._con.execute(sql, params if isinstance(params, Mapping) else
                                   list(params or []))
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]

    def records_for(self, role: str, ids: Sequence[str], *, keys: Sequence[str] = ("doc_id",),
                    order: str = "") -> list[dict]:
        """The rows of ``role`` whose ``keys`` (any of them) are in ``ids``."""
        if not self.exists(role) or not set(keys) <= self.columns(role):
            return []
        where = " or ".join(f'"{k}" in (select unnest($ids))' for k in keys)
        order_by = f" order by {order}" if order else ""
        return self.records(f"select * from {self.table(role)} where {where}{order_by}",
                            {"ids": list(ids)})
