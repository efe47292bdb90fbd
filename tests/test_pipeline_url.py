"""A page's address given by the caller: ``parse_document(url=)``, ``iter_reports(urls=)``, the
``path,url`` manifest, ``gkmine parse --urls`` (JSON or ``--db``), the engines (``run_corpus``
local and Dask) and ``reproduce``. The same bytes without an address give the text-only record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gkmine.cli import main
from gkmine.config import DEFAULT
from gkmine.engine import LocalEngine, document_id, run_corpus
from gkmine.pipeline import iter_reports, parse_bytes, parse_document, read_url_manifest, url_key
from gkmine.read import doc_id_of
from gkmine.reproduce import RunConfig, reproduce
from gkmine.store import Store

_PAGE = ("区水务局2022年政府信息公开工作年度报告\n2022年，区水务局坚持依法公开。\n"
         "一、总体情况\n（一）主动公开。全年主动公开政府信息56条。\n")
_URL = "http://swj.tjbh.gov.cn/contents/1.html"
_CONFIG = DEFAULT.replace(tables=False, checks=False)


def _page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(_PAGE, encoding="utf-8")
    return path


def test_parse_document_reads_the_address(tmp_path: Path) -> None:
    path = _page(tmp_path)
    assert parse_document(path, _CONFIG).meta.agency is None
    report = parse_document(path, _CONFIG, url=_URL)
    assert report.meta.agency == "天津市滨海新区水务局"
    assert report.meta.evidence["url"] == "滨海新区"
    same = parse_bytes(_PAGE.encode(), source="page.txt", config=_CONFIG, url=_URL)
    assert same.meta == report.meta


def test_manifest_maps_paths_relative_to_it(tmp_path: Path) -> None:
    path = _page(tmp_path)
    manifest = tmp_path / "urls.csv"
    manifest.write_text(f"path,url\npage.txt,{_URL}\n,\nother.txt\n", encoding="utf-8")
    urls = read_url_manifest(manifest)
    assert urls == {url_key(path): _URL}
    reports = list(iter_reports([path, tmp_path / "missing.txt"], config=_CONFIG, urls=urls))
    assert reports[0].meta.agency == "天津市滨海新区水务局" and reports[1].status == "error"


def test_cli_parse_takes_a_manifest(tmp_path: Path) -> None:
    path = _page(tmp_path)
    manifest = tmp_path / "urls.csv"
    manifest.write_text(f"{path},{_URL}\n", encoding="utf-8")
    args = ["parse", str(path), "--json", "--no-tables", "--no-progress", "--jobs", "1"]
    plain = CliRunner().invoke(main, args)
    given = CliRunner().invoke(main, [*args, "--urls", str(manifest)])
    assert plain.exit_code == 0 and given.exit_code == 0, given.output
    agency = [json.loads(r.stdout.splitlines()[0])["meta"]["agency"] for r in (plain, given)]
    assert agency == [None, "天津市滨海新区水务局"]
    db = tmp_path / "x.duckdb"
    into_db = CliRunner().invoke(main, [*args, "--urls", str(manifest), "--db", str(db)])
    assert into_db.exit_code == 0, into_db.output
    assert _stored(db) == [("天津市滨海新区水务局", _URL)]


def _stored(db: Path) -> list[tuple]:
    """(agency, url in the run log) of each file, latest run."""
    with Store(db) as store:
        rows = store.query(
            "select d.agency, l.url from run_log l join docs d using (doc_id) "
            "where l.run_id = (select max(run_id) from runs) order by l.path")
    return [(a, u) for a, u in rows.itertuples(index=False)]


def _run(db: Path, paths, urls=None, engine=None):
    return run_corpus(paths, db_path=db, config=_CONFIG, engine=engine or LocalEngine(1),
                      urls=urls).counts


def test_the_engine_carries_the_address_and_it_is_part_of_the_identity(tmp_path: Path) -> None:
    path = _page(tmp_path)
    urls = {url_key(path): _URL}
    db = tmp_path / "c.duckdb"
    assert _run(db, [path])["n_processed"] == 1
    assert _stored(db) == [(None, None)]  # as before: no address, no agency
    assert _run(db, [path], urls)["n_processed"] == 1  # a new address: processed again
    assert _stored(db) == [("天津市滨海新区水务局", _URL)]
    with Store(db) as store:
        ids = set(store.query("select doc_id from docs")["doc_id"])
    content = doc_id_of(_PAGE.encode())
    assert ids == {document_id(content, _URL)} and content not in ids  # the old one: orphaned
    assert _run(db, [path], urls)["n_unchanged"] == 1
    other = "http://swj.tjbh.gov.cn/contents/2.html"
    assert _run(db, [path], {url_key(path): other})["n_processed"] == 1
    assert _stored(db) == [("天津市滨海新区水务局", other)]
    assert _run(db, [path])["n_processed"] == 1  # back to the address-less document
    assert _stored(db) == [(None, None)]


def test_two_copies_of_a_page_under_two_addresses_are_two_documents(tmp_path: Path) -> None:
    path = _page(tmp_path)
    copy = tmp_path / "copy.txt"
    copy.write_text(_PAGE, encoding="utf-8")
    counts = _run(tmp_path / "c.duckdb", [path, copy], {url_key(copy): _URL})
    assert counts["n_processed"] == 2
    assert set(_stored(tmp_path / "c.duckdb")) == {(None, None), ("天津市滨海新区水务局", _URL)}


def test_the_dask_engine_carries_the_address(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed", reason="the Dask engine needs the "
                                      "'dask' extra (pip install -e '.[dask]')")
    from gkmine.engine import DaskEngine

    path = _page(tmp_path)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        _run(tmp_path / "d.duckdb", [path], {url_key(path): _URL},
             DaskEngine(client=client, ship="bytes"))
    assert _stored(tmp_path / "d.duckdb") == [("天津市滨海新区水务局", _URL)]


def test_reproduce_reads_the_manifest_of_its_config(tmp_path: Path) -> None:
    path = _page(tmp_path)
    (tmp_path / "urls.csv").write_text(f"page.txt,{_URL}\n", encoding="utf-8")
    (tmp_path / "run.yaml").write_text(
        "paths: [page.txt]\nout: out\nurls: urls.csv\njobs: 1\nanalyses: []\n"
        "figures: false\nreport: false\nconfig: {tables: false, checks: false}\n",
        encoding="utf-8")
    run = RunConfig.from_yaml(tmp_path / "run.yaml")
    assert run.urls == str(tmp_path / "urls.csv") and path.exists()
    reproduce(run, echo=lambda line: None)
    assert _stored(tmp_path / "out" / "gkmine.duckdb") == [("天津市滨海新区水务局", _URL)]
