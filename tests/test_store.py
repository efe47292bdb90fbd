"""The DuckDB store: upserts by document, every status kept, Parquet export, round trip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from gkmine.corpus import Corpus
from gkmine.pipeline import parse_document
from gkmine.store import Store


def test_rewriting_updates_rows_instead_of_duplicating(tmp_path: Path,
                                                        seed_paths: list[Path]) -> None:
    reports = [parse_document(p) for p in seed_paths[:2]]
    db_path = tmp_path / "c.duckdb"
    for _ in range(2):
        with Store(db_path) as db:
            db.write_reports(reports)
    with Store(db_path, read_only=True) as db:
        counts = db.query("select count(*) n, count(distinct doc_id) d from reports").iloc[0]
        sections = int(db.query("select count(*) n from sections")["n"][0])
        cells = int(db.query("select count(*) n from cells")["n"][0])
    assert counts["n"] == counts["d"] == 2
    assert sections == sum(len(r.sections) for r in reports)
    assert cells == sum(len(r.cells) for r in reports) > 0


def test_error_rows_are_stored(tmp_path: Path) -> None:
    report = parse_document(tmp_path / "missing.txt")
    with Store(tmp_path / "c.duckdb") as db:
        db.write_reports([report])
        row = db.table("reports").iloc[0]
    assert row["status"] == "error" and row["error_code"] == "E001"
    assert row["source"] == str(tmp_path / "missing.txt")


def test_round_trip_through_the_database(tmp_path: Path, seed_paths: list[Path]) -> None:
    reports = [parse_document(p) for p in seed_paths]
    with Store(tmp_path / "c.duckdb") as db:
        db.write_reports(reports)
    loaded = Corpus.from_db(tmp_path / "c.duckdb")
    by_id = {r.doc_id: r for r in loaded}
    for report in reports:
        again = by_id[report.doc_id]
        assert again.to_dict(with_text=True) == report.to_dict(with_text=True)


def test_parquet_export_has_every_table(tmp_path: Path, seed_paths: list[Path]) -> None:
    with Store(tmp_path / "c.duckdb") as db:
        db.write_reports([parse_document(seed_paths[0])])
        files = db.export_parquet(tmp_path / "pq")
    names = sorted(p.stem for p in files)
    assert {"reports", "sections", "cells", "checks"} <= set(names)
    assert pq.read_table(tmp_path / "pq" / "cells.parquet").num_rows > 0


def test_identical_files_keep_a_row_each_and_share_derived_rows(
        tmp_path: Path, seed_paths: list[Path]) -> None:
    copies = []
    for name in ("a.txt", "b.txt"):
        copies.append(tmp_path / name)
        copies[-1].write_bytes(seed_paths[0].read_bytes())
    reports = [parse_document(p) for p in copies]
    assert reports[0].doc_id == reports[1].doc_id
    for batch in ([reports], [reports[:1], reports[1:]]):  # one batch, then one at a time
        for part in batch:
            with Store(tmp_path / "c.duckdb") as db:
                db.write_reports(part)
    with Store(tmp_path / "c.duckdb", read_only=True) as db:
        sources = sorted(db.table("reports")["source"])
        n_cells = int(db.query("select count(*) n from cells")["n"][0])
    assert sources == sorted(str(p) for p in copies)
    assert n_cells == len(reports[0].cells)
    loaded = Corpus.from_db(tmp_path / "c.duckdb")
    assert sorted(r.source for r in loaded) == sources
    assert all(len(r.cells) == n_cells for r in loaded)


def test_a_document_larger_than_the_write_buffer_is_written(tmp_path: Path, monkeypatch) -> None:
    """A run writes under a small DuckDB buffer; a batch that needs more (one very long
    text) is written again under the default limit instead of failing, and the small limit
    comes back for the next batch."""
    import gkmine.store as store_module
    from gkmine.record import Report
    from gkmine.store import DocumentResult
    from gkmine.store.rows import document_rows

    monkeypatch.setattr(store_module, "WRITE_MEMORY_LIMIT", "4MB")
    report = Report(source="long.txt", doc_id="long", status="ok", text="政府信息公开" * 500_000)
    result = DocumentResult("long.txt", "long.txt", "long", "ok", tables=document_rows(report))
    with Store(tmp_path / "c.duckdb", memory_limit="4MB") as db:
        db.write_results([result])
        limit = db.con.execute("select current_setting('memory_limit')").fetchone()[0]
        assert db.count("texts") == db.count("docs") == db.count("files") == 1
    assert limit.startswith("3.")  # 4 MB as DuckDB prints it (MiB)
    with Store(tmp_path / "c.duckdb", read_only=True) as db:
        assert int(db.query("select length(text) n from texts")["n"][0]) == 3_000_000


def test_replaced_tables_join_their_parts_and_widen_types(tmp_path: Path) -> None:
    import pandas as pd

    parts = [{"t": pd.DataFrame({"n": [1, 2], "x": [None, None]})},
             {"t": pd.DataFrame({"n": [0.5], "x": ["a"]})},
             {"t": pd.DataFrame({"n": [7], "x": [None]}), "u": pd.DataFrame({"k": ["z"]})}]
    with Store(tmp_path / "s.duckdb") as store:
        store.replace_tables(["t", "u", "v"], parts)
        kinds = dict((c, k) for c, k, *_ in store.con.execute("describe t").fetchall())
        assert kinds == {"n": "DOUBLE", "x": "VARCHAR"}  # as a concatenation would type them
        assert store.con.execute("select * from t").fetchall() == [
            (1.0, None), (2.0, None), (0.5, "a"), (7.0, None)]
        assert store.count("u") == 1 and store.count("v") == 0  # v: named, never given
        assert store.versions(["t", "u", "v"]) == {"t": 1, "u": 1, "v": 1}


def test_a_failing_analysis_leaves_its_tables_as_they_were(tmp_path: Path) -> None:
    import pandas as pd
    import pytest

    def parts():
        yield {"t": pd.DataFrame({"n": [9]})}
        raise RuntimeError("analysis failed half-way")

    with Store(tmp_path / "s.duckdb") as store:
        store.replace_table("t", pd.DataFrame({"n": [1, 2]}))
        with pytest.raises(RuntimeError):
            store.replace_tables(["t"], parts())
        assert store.con.execute("select n from t").fetchall() == [(1,), (2,)]


def test_a_streamed_analysis_writes_what_it_builds(tmp_path: Path) -> None:
    import pandas as pd

    from gkmine.config import Config
    from gkmine.registry import Analysis

    def parts(store, config):
        for i in range(3):
            yield pd.DataFrame({"i": [i, i + 10]})

    item = Analysis("numbers", (), ("numbers",), parts)
    with Store(tmp_path / "s.duckdb") as store:
        built = item.build(store, Config())["numbers"]
        store.replace_tables(item.outputs, item.batches(store, Config()))
        assert store.table("numbers")["i"].tolist() == built["i"].tolist() == [0, 10, 1, 11,
                                                                               2, 12]


def test_large_tables_export_by_documents_with_the_same_rows(
        tmp_path: Path, seed_paths: list[Path], monkeypatch) -> None:
    import gkmine.store as store_module
    from gkmine.engine import LocalEngine, run_corpus

    run_corpus(seed_paths, db_path=tmp_path / "c.duckdb", engine=LocalEngine(1))
    with Store(tmp_path / "c.duckdb", read_only=True) as store:
        store.export_parquet(tmp_path / "whole")
        monkeypatch.setattr(store_module, "EXPORT_CHUNK_ROWS", 0)
        monkeypatch.setattr(store_module, "EXPORT_CHUNK_DOCS", 2)
        for name in ("chunked", "again"):
            store.export_parquet(tmp_path / name)
    for table in ("texts", "cells", "docs"):
        whole = pq.read_table(tmp_path / "whole" / f"{table}.parquet").to_pandas()
        chunked = pq.read_table(tmp_path / "chunked" / f"{table}.parquet").to_pandas()
        key = list(whole.columns)
        assert len(whole) > 0
        assert whole.sort_values(key).reset_index(drop=True).equals(
            chunked.sort_values(key).reset_index(drop=True))
        assert chunked["doc_id"].is_monotonic_increasing  # documents in doc_id order
        assert ((tmp_path / "chunked" / f"{table}.parquet").read_bytes()
                == (tmp_path / "again" / f"{table}.parquet").read_bytes())


def test_document_parts_split_a_table_into_parts_in_one_pass(tmp_path: Path) -> None:
    from gkmine.store.parts import DocumentParts

    with Store(tmp_path / "p.duckdb") as store:
        store.con.execute("create table t as select * from (values ('a', 1), ('b', 2), "
                          "('a', 3), (null, 4), ('c', 5)) v(doc_id, n)")
        with DocumentParts(store, {"a": [0, 1], "b": 1}) as parts:
            parts.split("t", "select doc_id, n from t")
            assert parts.query("t", 0, order_by="n")["n"].tolist() == [1, 3]
            # a document in two parts is in both; unmapped and null documents in none
            assert parts.query("t", 1, order_by="n")["n"].tolist() == [1, 2, 3]
            assert parts.sql("t", 2) is None and parts.query("t", 2).empty
            with pytest.raises(KeyError):
                parts.sql("u", 0)
            folder = parts._folder
        assert not folder.exists()
        assert "_gkmine_doc_parts" not in {r[0] for r in store.con.execute(
            "select table_name from information_schema.tables").fetchall()}


def test_document_parts_left_by_a_killed_run_go_at_the_next(tmp_path: Path) -> None:
    from gkmine.store.parts import DocumentParts

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    orphan = tmp_path / f".gkmine-parts-{dead}-x"
    living = tmp_path / f".gkmine-parts-{os.getpid()}-y"  # this process: still working
    for folder in (orphan, living):
        folder.mkdir()
        (folder / "t.parquet").write_bytes(b"")
    with Store(tmp_path / "p.duckdb") as store, DocumentParts(store, {"a": 0}):
        pass
    assert not orphan.exists() and living.exists()


def test_tables_of_much_text_export_by_documents(tmp_path: Path, seed_paths: list[Path],
                                                 monkeypatch) -> None:
    """A table of few rows but much text (20,000 reports' texts) is not sorted whole: the
    database ran out of memory doing so."""
    import gkmine.store as store_module
    from gkmine.engine import LocalEngine, run_corpus

    run_corpus(seed_paths, db_path=tmp_path / "c.duckdb", engine=LocalEngine(1))
    chunked: list[str] = []
    with Store(tmp_path / "c.duckdb", read_only=True) as store:
        store.export_parquet(tmp_path / "whole")
        monkeypatch.setattr(store_module, "EXPORT_CHUNK_BYTES", 1_000)
        spy = store_module.Store._export_by_documents
        monkeypatch.setattr(store_module.Store, "_export_by_documents",
                            lambda self, name, target: (chunked.append(name),
                                                        spy(self, name, target)))
        store.export_parquet(tmp_path / "chunked")
    assert "texts" in chunked and "runs" not in chunked
    whole = pq.read_table(tmp_path / "whole" / "texts.parquet")
    assert whole.num_rows == len(seed_paths)
    # (the same rows in the same order; a chunked file's columns are not marked non-null)
    assert whole.to_pylist() == pq.read_table(tmp_path / "chunked" / "texts.parquet").to_pylist()
