"""Rows of a large table split into parts of documents, in one pass over the table.

A corpus step that works a batch of documents at a time must not query the table once per
batch: a document's rows lie anywhere in the table (``doc_id`` is a content hash), so every
such query scans the whole table, and the step grows with the square of the corpus.
:class:`DocumentParts` instead reads each table once, writing every row into the part of its
document (DuckDB's partitioned ``COPY`` to Parquet files in a temporary folder); a part is
then read back alone. A part holds a bounded number of documents, so sorting it (``order
by``) stays within the database's memory where sorting the whole table would not.

>>> import tempfile, os
>>> from gkmine.store import Store
>>> path = os.path.join(tempfile.mkdtemp(), "x.duckdb")
>>> with Store(path) as store:
...     _ = store.con.execute("create table t as select * from (values ('b', 2), ('a', 1), "
...                           "('c', 3), ('a', 0)) v(doc_id, n)")
...     with DocumentParts(store, {"a": 0, "b": 0, "c": 1}) as parts:
...         parts.split("t", "select doc_id, n from t")
...         print(parts.query("t", 0, order_by="n")["n"].tolist(),
...               [len(parts.query("t", part)) for part in (1, 2)])
[0, 1, 2] [1, 0]
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path

__all__ = ["DocumentParts", "rows_of"]

#: the temporary table that maps each document to its part
_MAP = "_gkmine_doc_parts"


class DocumentParts:
    """Tables split by document into numbered parts, for a store opened for reading.

    ``parts`` maps ``doc_id`` to a part number, or to several (a document some batches share:
    its rows are written to each). Rows of documents not mapped are left out. Use it as a
    context manager: the temporary files go at its end.
    """

    def __init__(self, store, parts: Mapping[str, int | list[int]]) -> None:
        self.store = store
        self.parts = parts
        self._folder: Path | None = None
        self._split: set[str] = set()

    def __enter__(self) -> DocumentParts:
        import pyarrow as pa

        ids, numbers = [], []
        for doc_id, part in self.parts.items():
            for number in (part if isinstance(part, list) else [part]):
                ids.append(doc_id)
                numbers.append(number)
        scratch = _scratch(self.store)
        _remove_orphans(scratch)
        self._folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=scratch))
        mapping = pa.table({"doc_id": pa.array(ids, pa.string()),
                            "_part": pa.array(numbers, pa.int32())})
        con = self.store.con
        con.register("_gkmine_incoming_parts", mapping)
        try:
            con.execute(f"create or replace temp table {_MAP} as "
                        "select * from _gkmine_incoming_parts")
        finally:
            con.unregister("_gkmine_incoming_parts")
        return self

    def __exit__(self, *exc) -> None:
        with suppress(RuntimeError):  # the store closed first (a generator left unfinished)
            self.store.con.execute(f"drop table if exists {_MAP}")
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def split(self, name: str, sql: str) -> None:
        """Write the rows of ``sql`` (a query with a ``doc_id`` column) into the parts of their
        documents, under ``name``: one pass over what the query reads."""
        folder = self._path(name)
        self.store.con.execute(
            f"copy (select q.*, m._part from ({sql}) q join {_MAP} m on q.doc_id = m.doc_id) "
            f"to '{_sql_str(folder.as_posix())}' (format parquet, partition_by (_part))")
        self._split.add(name)

    def sql(self, name: str, part: int, *, order_by: str = "", columns: str = "*") -> str | None:
        """A query of the rows of ``name`` in ``part`` (``None`` when the part has none)."""
        if name not in self._split:
            raise KeyError(f"{name!r} was not split")
        folder = self._path(name) / f"_part={part}"
        if not folder.is_dir():
            return None
        files = _sql_str((folder / "*.parquet").as_posix())
        order = f" order by {order_by}" if order_by else ""
        return (f"select {columns} from read_parquet('{files}', hive_partitioning = false)"
                f"{order}")

    def query(self, name: str, part: int, *, order_by: str = "", columns: str = "*"):
        """The rows of ``name`` in ``part`` as a DataFrame (empty, without columns, when the
        part has none)."""
        import pandas as pd

        sql = self.sql(name, part, order_by=order_by, columns=columns)
        return pd.DataFrame() if sql is None else self.store.query(sql)

    def arrow(self, name: str, part: int, *, order_by: str = "", columns: str = "*"):
        """The rows of ``name`` in ``part`` as an Arrow table (``None`` when the part has
        none): compact, to be cut into batches (:func:`rows_of`) before pandas sees them."""
        sql = self.sql(name, part, order_by=order_by, columns=columns)
        return None if sql is None else self.store.con.sql(sql).to_arrow_table()

    def _path(self, name: str) -> Path:
        if self._folder is None:
            raise RuntimeError("DocumentParts is not open: use it as a context manager")
        return self._folder / name


def rows_of(table, doc_ids, *, columns=()):
    """The rows of an Arrow ``table`` (or ``None``) whose ``doc_id`` is one of ``doc_ids``,
    as a DataFrame the way :meth:`~gkmine.store.Store.query` gives one (text columns with
    ``None`` for missing values); an empty frame with ``columns`` when there are none."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from gkmine.store import nulls_as_none

    if table is None:
        return pd.DataFrame(columns=list(columns))
    mask = pc.is_in(table.column("doc_id"), value_set=pa.array(list(doc_ids), pa.string()))
    return nulls_as_none(table.filter(mask).to_pandas())


#: the parts' folders are named by the process that made them
_PREFIX = ".gkmine-parts-"


def _remove_orphans(scratch: str | None) -> None:
    """The parts' folders a killed run left behind (their process is gone)."""
    for folder in Path(scratch or tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = folder.name[len(_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _scratch(store) -> str | None:
    """Beside the database (its disk holds the corpus), else the system's temporary folder."""
    folder = os.path.dirname(os.path.abspath(store.path))
    return folder if os.access(folder, os.W_OK) else None


def _sql_str(text: str) -> str:
    return text.replace("'", "''")
