"""The database schema, declared once with explicit DuckDB types.

No column type is ever inferred from the data written first: a table is created from its
declaration here (core tables) or from the registered feature that fills it (per-document
features), so an error-only or table-less first batch cannot poison a column with type
``NULL``. Corpus-analysis outputs are replaced whole on each build; their frames are written
with the types pandas/Arrow give them, ``NULL`` columns made ``VARCHAR``.

Two tables identify documents:

* ``files``: one row per input file (``path`` resolved, ``source`` as the user gave it),
  pointing at its document by ``doc_id``;
* ``docs``: one row per document (``doc_id`` = content hash), with status and metadata.

Every other per-document table is keyed by ``doc_id``. Two views join them: ``reports`` (one
row per file) and ``documents`` (one row per document, with its first source).
"""

from __future__ import annotations

from collections.abc import Mapping

Columns = Mapping[str, str]

META_COLUMNS: Columns = {
    "agency": "VARCHAR", "year": "INTEGER", "level": "VARCHAR", "province": "VARCHAR",
    "city": "VARCHAR", "county": "VARCHAR", "agency_type": "VARCHAR", "layout": "VARCHAR",
}

CORE_TABLES: dict[str, Columns] = {
    "files": {
        "path": "VARCHAR", "source": "VARCHAR", "doc_id": "VARCHAR", "size": "BIGINT",
        "mtime_ns": "BIGINT", "sha256": "VARCHAR", "config_hash": "VARCHAR",
    },
    "docs": {
        "doc_id": "VARCHAR", "status": "VARCHAR", "error_code": "VARCHAR", "error": "VARCHAR",
        "format": "VARCHAR", **META_COLUMNS, "evidence": "VARCHAR", "n_sections": "INTEGER",
        "n_cells": "INTEGER", "n_failed_hard": "INTEGER", "n_chars": "BIGINT",
        "warnings": "VARCHAR", "schema": "VARCHAR", "config_hash": "VARCHAR",
    },
    "texts": {"doc_id": "VARCHAR", "text": "VARCHAR"},
    "sections": {
        "doc_id": "VARCHAR", "key": "VARCHAR", "title": "VARCHAR", "start": "INTEGER",
        "end": "INTEGER", "text": "VARCHAR", "body_start": "INTEGER", "subitems": "VARCHAR",
        "confidence": "DOUBLE",
    },
    "cells": {
        "doc_id": "VARCHAR", "table": "VARCHAR", "row": "VARCHAR", "col": "VARCHAR",
        "value": "DOUBLE", "raw": "VARCHAR", "status": "VARCHAR", "confidence": "DOUBLE",
        "start": "INTEGER", "end": "INTEGER", "src_start": "INTEGER", "src_end": "INTEGER",
        "page": "INTEGER", "bbox": "DOUBLE[]", "unit": "VARCHAR", "amount_wan": "DOUBLE",
        "note": "VARCHAR",
    },
    "checks": {
        "doc_id": "VARCHAR", "rule": "VARCHAR", "table": "VARCHAR", "row": "VARCHAR",
        "col": "VARCHAR", "passed": "BOOLEAN", "expected": "DOUBLE", "actual": "DOUBLE",
        "delta": "DOUBLE", "cells": "VARCHAR[]", "severity": "VARCHAR",
        "attribution": "VARCHAR", "message": "VARCHAR", "spans": "INTEGER[][]",
    },
}

#: Tables about runs, not documents: left out of "byte-identical output" comparisons.
RUN_TABLES: dict[str, Columns] = {
    "runs": {
        "run_id": "INTEGER", "started_at": "VARCHAR", "finished_at": "VARCHAR",
        "command": "VARCHAR", "gkmine_version": "VARCHAR", "versions": "VARCHAR",
        "config": "VARCHAR", "config_hash": "VARCHAR", "engine": "VARCHAR",
        "completed": "BOOLEAN", "n_inputs": "INTEGER", "n_processed": "INTEGER",
        "n_unchanged": "INTEGER", "n_reused": "INTEGER", "n_errors": "INTEGER",
        "n_skipped": "INTEGER", "analyses": "VARCHAR",
    },
    "run_log": {
        "run_id": "INTEGER", "path": "VARCHAR", "source": "VARCHAR", "doc_id": "VARCHAR",
        "action": "VARCHAR", "status": "VARCHAR", "error_code": "VARCHAR",
        "seconds": "DOUBLE", "url": "VARCHAR",
    },
    "analysis_state": {
        "name": "VARCHAR", "fingerprint": "VARCHAR", "run_id": "INTEGER",
    },
    "table_versions": {"name": "VARCHAR", "version": "BIGINT"},
}

#: Tables of the store's own bookkeeping: neither corpus data nor exported.
BOOKKEEPING_TABLES = ("analysis_state", "table_versions")

#: Per-document tables whose rows the engine replaces by ``doc_id``.
DOCUMENT_TABLES = ("docs", "texts", "sections", "cells", "checks")

VIEWS: dict[str, str] = {
    "reports": """
        select f.source, d.*, f.path, f.size
        from files f join docs d using (doc_id)
    """,
    # one row per document with the source of its first path: grouping the files alone
    # (grouping by every column of docs hashed whole rows on each query)
    "documents": """
        select f.source, d.*
        from docs d
        join (select doc_id, arg_min(source, path) as source from files group by doc_id) f
        using (doc_id)
    """,
}


_PY_TYPES = {"int": "INTEGER", "float": "DOUBLE", "str": "VARCHAR", "bool": "BOOLEAN",
             "int | float": "DOUBLE", "float | int": "DOUBLE", "list[str]": "VARCHAR[]",
             "list[int]": "INTEGER[]", "tuple[int, int]": "INTEGER[]"}


def columns_of(record_type, *, first: Columns | None = None, skip: tuple[str, ...] = ()) -> Columns:
    """Declared columns for a dataclass's fields (``str | None`` is ``VARCHAR``, …).

    >>> from gkmine.record import SubItem
    >>> list(columns_of(SubItem, first={"doc_id": "VARCHAR"}).values())
    ['VARCHAR', 'VARCHAR', 'VARCHAR', 'INTEGER', 'INTEGER']
    """
    from dataclasses import fields

    out = dict(first or {})
    for f in fields(record_type):
        if f.name in skip:
            continue
        hint = str(f.type).replace(" | None", "").replace("None | ", "")
        out[f.name] = _PY_TYPES.get(hint, "VARCHAR")
    return out


#: the tables each view reads, so that an analysis reading a view sees its changes
VIEW_BASES: dict[str, tuple[str, ...]] = {"reports": ("files", "docs"),
                                          "documents": ("files", "docs")}


def create_sql(name: str, columns: Columns) -> str:
    body = ", ".join(f'"{col}" {kind}' for col, kind in columns.items())
    return f'create table if not exists "{name}" ({body})'


def arrow_type(duck_type: str):
    """The Arrow type that carries a declared DuckDB type."""
    import pyarrow as pa

    if duck_type.endswith("[]"):
        return pa.list_(arrow_type(duck_type[:-2]))
    return {
        "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
        "UBIGINT": pa.uint64(), "UINTEGER": pa.uint32(), "USMALLINT": pa.uint16(),
        "UTINYINT": pa.uint8(), "TINYINT": pa.int8(), "DOUBLE": pa.float64(),
        "FLOAT": pa.float32(), "BOOLEAN": pa.bool_(), "SMALLINT": pa.int16(),
        "HUGEINT": pa.decimal128(38, 0),
    }[duck_type.upper()]


def arrow_schema(columns: Columns):
    import pyarrow as pa

    return pa.schema([(name, arrow_type(kind)) for name, kind in columns.items()])
