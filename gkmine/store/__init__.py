"""The embedded database: the corpus as DuckDB tables, and Parquet export.

:class:`Store` is the only writer. Its schema is declared in :mod:`gkmine.store.schema` (core
tables) and by the registered per-document features; rows come from :mod:`gkmine.store.rows`.
Writes stream in transactional batches: each batch replaces every row of its documents, so a
re-run updates rows instead of duplicating them, and a crash mid-run leaves whole documents.

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
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from gkmine.errors import GkmineError, display_source
from gkmine.store.schema import (
    BOOKKEEPING_TABLES,
    CORE_TABLES,
    DOCUMENT_TABLES,
    RUN_TABLES,
    VIEW_BASES,
    VIEWS,
    Columns,
    arrow_schema,
    create_sql,
)

__all__ = ["Store", "StoreError", "DocumentResult", "resolve_path", "nulls_as_none"]

#: How long a writer waits for another process to release the database, by default.
LOCK_TIMEOUT = 10.0
#: DuckDB's buffer memory, by default: blocks beyond it go back to disk, so the memory of a
#: run does not grow with the corpus it writes (DuckDB's own default is 80% of the RAM)
MEMORY_LIMIT = "256MB"
#: DuckDB's buffer memory while a run writes documents: appends need little, and every block
#: the buffer keeps cached is memory the run holds for nothing (measured: a run's resident set
#: grows about 20 KB per document written under 256 MB, about 12 KB under 64 MB, no slower)
WRITE_MEMORY_LIMIT = "64MB"
#: a per-document table of more rows than this, or of more bytes of text, is exported a
#: chunk of documents at a time (sorting it whole must fit the database's memory: 20,000
#: reports' texts, 140 MB in 20,000 rows, did not)
EXPORT_CHUNK_ROWS = 50_000
EXPORT_CHUNK_BYTES = 32 * 2**20
EXPORT_CHUNK_DOCS = 5_000


class StoreError(GkmineError):
    """The database cannot be opened or written."""


def resolve_path(source: str) -> str:
    """The identity of a file: its absolute, symlink-free path (as given when it is broken)."""
    try:
        return os.path.realpath(source)
    except (OSError, ValueError):
        return os.path.abspath(source)


@dataclass
class DocumentResult:
    """What the per-document work returns: the file, its document, and every row made.

    ``tables`` maps table name -> rows, for ``docs``, ``texts``, ``sections``, ``cells``,
    ``checks`` and every registered feature. It is empty when the document was already in the
    store (``reused``): only the file row is written then.
    """

    path: str
    source: str
    doc_id: str
    status: str
    error_code: str | None = None
    size: int | None = None
    mtime_ns: int | None = None
    sha256: str | None = None
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    seconds: float = 0.0
    action: str = "processed"  # processed | reused | unchanged | error | skipped
    #: the page's address the run was given for the file (a URL manifest), if any
    url: str | None = None


_LOCK_PID = re.compile(r"PID (\d+)")


class Store:
    """A DuckDB file holding a corpus. Use it as a context manager.

    A second process that opens the same file for writing waits up to ``lock_timeout``
    seconds, then raises :class:`StoreError` ``E501`` naming the process that holds it.
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False,
                 lock_timeout: float = LOCK_TIMEOUT, memory_limit: str = MEMORY_LIMIT) -> None:
        self.path = os.fspath(path)
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self.memory_limit = memory_limit
        self._con = None
        self._stored_ids: set[str] | None = None

    # --- connection ----------------------------------------------------------------------

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> Store:
        import duckdb

        if self.read_only and not Path(self.path).is_file():
            raise StoreError("E502", self.path, "no gkmine database at this path")
        if not self.read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.lock_timeout
        while True:
            try:
                self._con = duckdb.connect(self.path, read_only=self.read_only,
                                           config={"memory_limit": self.memory_limit})
                break
            except duckdb.IOException as err:
                if "lock" not in str(err).lower():
                    raise StoreError("E503", self.path, f"cannot open the database: {err}") \
                        from None
                if time.monotonic() >= deadline:
                    holder = _LOCK_PID.search(str(err))
                    who = f"process {holder.group(1)}" if holder else "another process"
                    raise StoreError(
                        "E501", self.path,
                        f"the database is in use by {who}; wait for it to finish or use "
                        "another --db file") from None
                time.sleep(0.2)
        if not self.read_only:
            self._ensure_schema()
        return self

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def con(self):
        if self._con is None:
            raise RuntimeError("Store is not open: use it as a context manager")
        return self._con

    # --- schema --------------------------------------------------------------------------

    def _ensure_schema(self) -> None:
        from gkmine.registry import features

        declared = {**CORE_TABLES, **RUN_TABLES, **{f.name: f.columns for f in features()}}
        existing = set(self.tables())
        for name, columns in declared.items():
            if name in existing:
                self._add_missing_columns(name, columns)
            else:
                self.con.execute(create_sql(name, columns))
        for name, sql in VIEWS.items():
            self.con.execute(f'create or replace view "{name}" as {sql}')

    def _add_missing_columns(self, name: str, columns: Columns) -> None:
        have = {r[0] for r in self.con.execute(f'describe "{name}"').fetchall()}
        for col, kind in columns.items():
            if col not in have:
                self.con.execute(f'alter table "{name}" add column "{col}" {kind}')

    def declared(self) -> dict[str, Columns]:
        """Every per-document table with its declared columns (core and features)."""
        from gkmine.registry import features

        return {**{n: CORE_TABLES[n] for n in DOCUMENT_TABLES},
                **{f.name: f.columns for f in features()}}

    def tables(self) -> list[str]:
        """Tables and views of the database, sorted."""
        rows = self.con.execute(
            "select table_name from information_schema.tables "
            "where table_schema = 'main'").fetchall()
        return sorted(r[0] for r in rows)

    # --- reading -------------------------------------------------------------------------

    def query(self, sql: str, params: Sequence | None = None):
        """A query's result as a pandas DataFrame; a NULL text is ``None``.

        (pandas 3 turns a NULL string into NaN, which is true in a test like ``if county:``;
        metadata is often missing — a city's agency has no county — so text columns keep
        ``None``.)
        """
        # through Arrow: DuckDB's own pandas conversion makes a Python object per text value
        # (several times the memory of the result)
        relation = self.con.sql(sql, params=list(params)) if params else self.con.sql(sql)
        return nulls_as_none(relation.to_arrow_table().to_pandas())

    def iter_query(self, sql: str, params: Sequence | None = None, *,
                   batch_rows: int = 50_000) -> Iterator:
        """A query's result in DataFrames of at most ``batch_rows`` rows."""
        for batch in self.iter_arrow(sql, params, batch_rows=batch_rows):
            yield nulls_as_none(batch.to_pandas())

    def iter_arrow(self, sql: str, params: Sequence | None = None, *,
                   batch_rows: int = 50_000) -> Iterator:
        """A query's result in Arrow record batches of at most ``batch_rows`` rows."""
        relation = self.con.sql(sql, params=list(params)) if params else self.con.sql(sql)
        # DuckDB 2 names it to_arrow_reader; 1.x fetch_arrow_reader
        reader = (relation.to_arrow_reader(batch_rows) if hasattr(relation, "to_arrow_reader")
                  else relation.fetch_arrow_reader(batch_rows))
        yield from reader

    def table(self, name: str):
        """A whole table as a DataFrame."""
        return self.query(f'select * from "{name}"')

    def count(self, name: str) -> int:
        return int(self.con.execute(f'select count(*) from "{name}"').fetchall()[0][0])

    def file_index(self) -> dict[str, tuple[int, int, str, str, str]]:
        """path -> (size, mtime_ns, config_hash, doc_id, status) of every stored file.

        Paths are stored as :func:`~gkmine.errors.display_source` gives them (a name with
        bytes that are not UTF-8 has them escaped), and looked up the same way."""
        rows = self.con.execute(
            "select f.path, f.size, f.mtime_ns, f.config_hash, f.doc_id, d.status "
            "from files f left join docs d using (doc_id)").fetchall()
        return {r[0]: tuple(r[1:]) for r in rows}

    def known_documents(self, config_hash: str) -> dict[str, str]:
        """doc_id -> status of documents already processed with this configuration (not
        errors)."""
        rows = self.con.execute(
            "select doc_id, status from docs where config_hash = ? and status <> 'error'",
            [config_hash]).fetchall()
        return dict(rows)

    # --- writing -------------------------------------------------------------------------

    def write_results(self, results: Sequence[DocumentResult], *,
                      config_hash: str = "") -> None:
        """Write a batch of per-document results in one transaction."""
        import duckdb

        if not results:
            return
        declared = self.declared()
        rows: dict[str, list[dict]] = {name: [] for name in declared}
        processed: list[str] = []
        for result in results:
            if result.tables:
                processed.append(result.doc_id)
                for name, table_rows in result.tables.items():
                    rows.setdefault(name, []).extend(table_rows)
        files = [{"path": display_source(r.path), "source": display_source(r.source),
                  "doc_id": r.doc_id, "size": r.size,
                  "mtime_ns": r.mtime_ns, "sha256": r.sha256, "config_hash": config_hash}
                 for r in results]
        ids = sorted(set(processed))
        # only documents already stored have rows to replace: a scan of every per-document
        # table for each batch of new documents would make a run quadratic in its size
        replaced = sorted(set(ids) & self._stored_documents())
        try:
            self._write_batch(declared, rows, files, replaced, bump=bool(ids))
        except duckdb.OutOfMemoryException:
            if self.memory_limit != WRITE_MEMORY_LIMIT:
                raise
            # a batch with a very large document needs more than the small write buffer
            self.con.execute(f"set memory_limit = '{MEMORY_LIMIT}'")
            try:
                self._write_batch(declared, rows, files, replaced, bump=bool(ids))
            finally:
                self.con.execute(f"set memory_limit = '{self.memory_limit}'")
        self._stored_documents().update(ids)

    def _write_batch(self, declared: dict[str, Columns], rows: dict[str, list[dict]],
                     files: list[dict], replaced: list[str], *, bump: bool) -> None:
        """One transaction: replace the rows of ``replaced``, insert ``rows`` and ``files``."""
        con = self.con
        con.execute("begin transaction")
        try:
            for name in declared:
                if replaced:
                    con.execute(f'delete from "{name}" where doc_id in (select unnest(?))',
                                [replaced])
                self._insert(name, rows.get(name, []), declared[name])
            con.execute("delete from files where path in (select unnest(?))",
                        [[f["path"] for f in files]])
            self._insert("files", _unique_by(files, "path"), CORE_TABLES["files"])
            self._bump(["files", *declared] if bump else ["files"])
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            self._stored_ids = None
            with suppress(Exception):  # a failed insert leaves its rows registered
                con.unregister("_incoming")
            raise

    def _stored_documents(self) -> set[str]:
        if self._stored_ids is None:
            self._stored_ids = {r[0] for r in self.con.execute(
                "select doc_id from docs").fetchall()}
        return self._stored_ids

    def _insert(self, name: str, rows: list[dict], columns: Columns) -> None:
        if not rows:
            return
        import pyarrow as pa

        unknown = set(chain.from_iterable(rows)) - set(columns)  # every key of every row
        if unknown:
            raise StoreError("E504", self.path,
                             f"rows for table {name!r} have undeclared columns {sorted(unknown)}")
        batch = pa.Table.from_pylist(rows, schema=arrow_schema(columns))
        self.con.register("_incoming", batch)
        # (not in a ``finally``: in a failed transaction unregistering fails too and would
        # hide the first error; the transaction's handler unregisters after its rollback)
        self.con.execute(f'insert into "{name}" by name select * from _incoming')
        self.con.unregister("_incoming")

    def write_reports(self, reports: Iterable, *, config_hash: str = "") -> int:
        """Write (or replace) ready-made :class:`~gkmine.record.Report` records.

        Each record's ``source`` is its file; its rows are keyed by ``doc_id``. The engine
        (:mod:`gkmine.engine`) is the usual way in; this is for records made in Python.
        """
        from gkmine.engine import feature_rows
        from gkmine.store.rows import document_rows

        results = []
        for report in reports:
            tables = document_rows(report, config_hash=config_hash)
            tables.update(feature_rows(report, None))
            results.append(DocumentResult(
                path=resolve_path(report.source), source=report.source,
                doc_id=report.doc_id, status=report.status, error_code=report.error_code,
                tables=tables))
        self.write_results(results, config_hash=config_hash)
        return len(results)

    def remove_orphans(self) -> int:
        """Delete the rows of documents no file points at any more (an edited file's old
        version); returns how many documents went."""
        orphans = [r[0] for r in self.con.execute(
            "select doc_id from docs where doc_id not in (select doc_id from files)"
        ).fetchall()]
        if orphans:
            self._stored_ids = None
            self.con.execute("begin transaction")
            for name in self.declared():
                self.con.execute(f'delete from "{name}" where doc_id in (select unnest(?))',
                                 [orphans])
            self._bump(list(self.declared()))
            self.con.execute("commit")
        return len(orphans)

    def replace_table(self, name: str, frame) -> None:
        """Replace a corpus-analysis table with ``frame`` (all-NULL columns become VARCHAR)."""
        self.replace_tables([name], [{name: frame}])

    def replace_tables(self, names: Sequence[str], parts: Iterable[Mapping[str, Any]]) -> None:
        """Replace the tables ``names`` with the concatenation of their frames in ``parts``
        (dicts of table -> DataFrame), in one transaction, one part in memory at a time.

        A column takes the common type of its parts, as a concatenation would (integers in one
        part and decimals in another make DOUBLE); a column NULL throughout becomes VARCHAR.
        """
        con = self.con
        types: dict[str, dict[str, str | None]] = {}  # table -> column -> type (None: all NULL)
        con.execute("begin transaction")
        try:
            for name in names:
                con.execute(f'drop table if exists "{name}"')
            for part in parts:
                for name, frame in part.items():
                    self._append_frame(name, frame, types)
            for name in names:
                if name not in types:  # no part named it
                    self._append_frame(name, _no_columns(), types)
            self._bump(names)
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise

    def _append_frame(self, name: str, frame, types: dict[str, dict[str, str | None]]) -> None:
        if len(frame.columns) == 0:  # DuckDB cannot create a table without columns
            frame = _no_columns()
        con = self.con
        con.register("_frame", frame)
        try:
            kinds = {c: (None if k in ("NULL", '"NULL"') else k) for c, k, *_
                     in con.execute("describe select * from _frame").fetchall()}
            if name not in types:
                select = ", ".join(f'cast("{c}" as VARCHAR) as "{c}"' if k is None
                                   else f'"{c}"' for c, k in kinds.items())
                con.execute(f'create table "{name}" as select {select} from _frame')
                types[name] = kinds
                return
            for column, kind in kinds.items():
                held = types[name][column]
                if kind is None or kind == held:
                    continue
                wider = kind if held is None else con.execute(
                    f"select typeof(coalesce(NULL::{held}, NULL::{kind}))").fetchall()[0][0]
                if wider != held:
                    con.execute(f'alter table "{name}" alter "{column}" type {wider}')
                    types[name][column] = wider
            if len(frame):
                con.execute(f'insert into "{name}" by name select * from _frame')
        finally:
            con.unregister("_frame")

    # --- versions, runs and the log ------------------------------------------------------

    def _bump(self, names: Iterable[str]) -> None:
        # two statements for all the tables, not two a table (about 1 CPU ms a statement)
        names = sorted(set(names))
        self.con.execute("update table_versions set version = version + 1 "
                         "where name in (select unnest(?))", [names])
        self.con.execute("insert into table_versions select n, 1 from (select unnest(?) as n) "
                         "where n not in (select name from table_versions) order by n", [names])

    def versions(self, names: Iterable[str]) -> dict[str, int]:
        """Write counters of tables (a view counts as the tables it reads)."""
        names = sorted({base for name in names for base in VIEW_BASES.get(name, (name,))})
        rows = self.con.execute(
            "select name, version from table_versions where name in (select unnest(?))",
            [names]).fetchall()
        found = dict(rows)
        return {n: int(found.get(n, 0)) for n in names}

    def analysis_fingerprint(self, name: str) -> str | None:
        # fetchall: a result left half-read blocks the connection's next query
        rows = self.con.execute("select fingerprint from analysis_state where name = ?",
                                [name]).fetchall()
        return rows[0][0] if rows else None

    def set_analysis_fingerprint(self, name: str, fingerprint: str, run_id: int) -> None:
        self.con.execute("delete from analysis_state where name = ?", [name])
        self.con.execute("insert into analysis_state values (?, ?, ?)",
                         [name, fingerprint, run_id])

    def start_run(self, *, command: str, config: Mapping, config_hash: str,
                  engine: str) -> int:
        from datetime import datetime, timezone

        from gkmine.versions import gkmine_version, package_versions

        run_id = int(self.con.execute(
            "select coalesce(max(run_id), 0) + 1 from runs").fetchall()[0][0])
        self.con.execute(
            "insert into runs (run_id, started_at, command, gkmine_version, versions, config,"
            " config_hash, engine, completed) values (?, ?, ?, ?, ?, ?, ?, ?, false)",
            [run_id, datetime.now(timezone.utc).isoformat(timespec="seconds"),
             display_source(command),
             gkmine_version(), json.dumps(package_versions(), sort_keys=True),
             json.dumps(config, ensure_ascii=False, sort_keys=True), config_hash, engine])
        return run_id

    def finish_run(self, run_id: int, counts: Mapping[str, int], *,
                   analyses: Sequence[str] = ()) -> None:
        from datetime import datetime, timezone

        sets = ", ".join(f"{k} = ?" for k in counts)
        values = list(counts.values())
        self.con.execute(
            f"update runs set {sets}{', ' if sets else ''}finished_at = ?, completed = true, "
            "analyses = ? where run_id = ?",
            [*values, datetime.now(timezone.utc).isoformat(timespec="seconds"),
             json.dumps(list(analyses)), run_id])

    def log_documents(self, run_id: int, results: Sequence[DocumentResult]) -> None:
        rows = [{"run_id": run_id, "path": display_source(r.path),
                 "source": display_source(r.source), "doc_id": r.doc_id,
                 "action": r.action, "status": r.status, "error_code": r.error_code,
                 "seconds": round(r.seconds, 4), "url": r.url} for r in results]
        self._insert("run_log", rows, RUN_TABLES["run_log"])

    # --- export --------------------------------------------------------------------------

    def export_parquet(self, directory: str | os.PathLike, *,
                       include_runs: bool = True) -> list[Path]:
        """Write every table and view to ``DIR/<name>.parquet``, rows in a fixed order, so
        that the same corpus and configuration give byte-identical files."""
        out_dir = Path(directory)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name in self.tables():
            if name in RUN_TABLES and not include_runs:
                continue
            if name in BOOKKEEPING_TABLES:
                continue
            target = out_dir / f"{name}.parquet"
            columns = dict((c, kind) for c, kind, *_ in
                           self.con.execute(f'describe "{name}"').fetchall())
            if "doc_id" in columns and self._too_large_to_sort(name, columns):
                self._export_by_documents(name, target)
            else:
                self.write_parquet(f'select * from "{name}" order by all', target)
            written.append(target)
        return written

    def _too_large_to_sort(self, name: str, columns: Mapping[str, str]) -> bool:
        """More rows than ``EXPORT_CHUNK_ROWS`` or more bytes of text than
        ``EXPORT_CHUNK_BYTES`` (counted only in a table of few rows)."""
        if self.count(name) > EXPORT_CHUNK_ROWS:
            return True
        texts = [c for c, kind in columns.items() if kind == "VARCHAR"]
        if not texts:
            return False
        size = " + ".join(f'coalesce(sum(strlen("{c}")), 0)' for c in texts)
        return self.con.execute(f'select {size} from "{name}"').fetchall()[0][0] > (
            EXPORT_CHUNK_BYTES)

    def write_parquet(self, sql: str, target: str | os.PathLike) -> None:
        """A query's result written to a Parquet file by the database as it reads (no frame
        in between)."""
        target = Path(target).as_posix()
        self.con.execute(f"copy ({sql}) to '{_sql_str(target)}' (format parquet)")

    def _export_by_documents(self, name: str, target: Path) -> None:
        """A large per-document table in doc_id order, ``EXPORT_CHUNK_DOCS`` documents at a
        time (each ordered by all its columns): the database cannot sort a national corpus's
        texts at once within its memory."""
        import pyarrow.parquet as pq

        ids = [row[0] for row in self.con.execute(
            f'select distinct doc_id from "{name}" where doc_id is not null '
            "order by doc_id").fetchall()]
        queries = [(f'select * from "{name}" where doc_id in (select unnest(?)) order by all',
                    [ids[i:i + EXPORT_CHUNK_DOCS]])
                   for i in range(0, len(ids), EXPORT_CHUNK_DOCS)]
        queries.append((f'select * from "{name}" where doc_id is null order by all', None))
        writer = None
        try:
            for sql, params in queries:
                for batch in self.iter_arrow(sql, params, batch_rows=65_536):
                    if writer is None:
                        writer = pq.ParquetWriter(target, batch.schema)
                    writer.write_batch(batch)
        finally:
            if writer is not None:
                writer.close()


def nulls_as_none(frame):
    """Text columns with ``None`` for missing values (object dtype), other columns as they are.

    >>> import pandas as pd
    >>> nulls_as_none(pd.DataFrame({"a": ["x", None], "n": [1.0, None]}))["a"].tolist()
    ['x', None]
    """
    import pandas as pd

    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_string_dtype(column.dtype) and column.isna().any():
            frame[name] = column.astype(object).where(column.notna(), None)
    return frame


def _sql_str(text: str) -> str:
    return text.replace("'", "''")


def _unique_by(rows: list[dict], key: str) -> list[dict]:
    return list({row[key]: row for row in rows}.values())


def _no_columns():
    import pandas as pd

    return pd.DataFrame({"doc_id": pd.Series([], dtype="object")})
