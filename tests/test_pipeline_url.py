"""A page's address given by the caller: ``parse_document(url=)``, ``iter_reports(urls=)``, the
``path,url`` manifest and ``gkmine parse --urls``. The same bytes without an address give the
text-only record."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gkmine.cli import main
from gkmine.config import DEFAULT
from gkmine.pipeline import iter_reports, parse_bytes, parse_document, read_url_manifest, url_key

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
    refused = CliRunner().invoke(main, [*args, "--urls", str(manifest),
                                        "--db", str(tmp_path / "x.duckdb")])
    assert refused.exit_code != 0 and "--urls" in refused.output
