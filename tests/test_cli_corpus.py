"""The CLI contract of ``gkmine parse``, ``export`` and ``check``."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gkmine.cli import main

REQUIRED = {"schema", "doc_id", "source", "status", "error", "format", "meta", "sections",
            "cells", "checks", "warnings"}
META = {"agency", "year", "level", "province", "city", "county", "agency_type"}


def test_parse_json_prints_one_line_per_document_with_source_as_given(
        tmp_path: Path, seed_paths: list[Path]) -> None:
    given = [str(seed_paths[0]), str(tmp_path / "missing.docx")]
    result = CliRunner().invoke(main, ["parse", *given, "--json", "--no-progress"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["source"] for d in lines] == given
    for doc in lines:
        assert REQUIRED <= doc.keys() and META <= doc["meta"].keys()
    ok, missing = lines
    assert ok["status"] == "ok" and len(ok["sections"]) == 6 and ok["cells"]
    assert missing["status"] == "error" and "missing.docx" in missing["error"]


def test_parse_directory_into_db_and_export_parquet(tmp_path: Path, seeds_dir: Path) -> None:
    db = tmp_path / "corpus.duckdb"
    runner = CliRunner()
    for _ in range(2):  # a re-run updates rows
        result = runner.invoke(main, ["parse", str(seeds_dir), "--db", str(db), "--no-progress"])
        assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["export", "--db", str(db), "--parquet", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    import pandas as pd

    reports = pd.read_parquet(tmp_path / "pq" / "reports.parquet")
    assert len(reports) == 5 and set(reports["status"]) == {"ok"}
    assert len(pd.read_parquet(tmp_path / "pq" / "runs.parquet")) == 2


def test_check_strict_exit_code_follows_hard_failures(tmp_path: Path,
                                                      seed_paths: list[Path]) -> None:
    text = seed_paths[1].read_text(encoding="utf-8")
    runner = CliRunner()
    clean = runner.invoke(main, ["check", str(seed_paths[1]), "--strict", "--no-soft"])
    assert clean.exit_code == 0, clean.output
    # Seed 001 prints 行政处罚 19 in t2 and 0 in t3 …; break H3 in t3's first row instead:
    # the applicant columns of 本年新收 no longer add up to its total.
    broken = text.replace("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                          "一、本年新收政府信息公开申请数量\t\t3\t0\t0\t0\t0\t0\t0")
    assert broken != text
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    failing = runner.invoke(main, ["check", str(path), "--strict"])
    assert isinstance(failing.exception, SystemExit), failing.exception
    assert failing.exit_code == 1
    assert "H3" in failing.output and "本年新收" in failing.output
