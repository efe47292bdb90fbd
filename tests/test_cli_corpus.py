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


def test_check_reports_carry_over_between_years_of_one_agency(tmp_path: Path) -> None:
    from gkmine.tables.render import random_cells, render_report

    cols = ("natural_person", "commercial", "research", "social_welfare", "legal_service",
            "other_org", "total")
    for seed in range(1, 50):  # the first pair of random years that does not chain
        years = {2022: random_cells("2021", seed=seed), 2023: random_cells("2021", seed=seed + 1)}
        broken = [c for c in cols if years[2022][("t3", "carried_out", c)]
                  != years[2023][("t3", "carried_in", c)]]
        if broken:  # X1 must fail for exactly these columns
            break
    for year, cells in years.items():
        text = render_report(cells, "2021", "tsv", agency="某某县医疗保障局", year=year)
        (tmp_path / f"r{year}.txt").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--strict"])
    x1 = [line for line in result.output.splitlines() if "✗ X1" in line]
    assert len(x1) == len(broken)
    assert all("r2022.txt → " in line and "r2023.txt" in line for line in x1)
    assert result.exit_code == 1


def test_reproduce_writes_every_analysis(tmp_path: Path, seed_paths: list[Path]) -> None:
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["reproduce", str(seed_paths[0]), str(seed_paths[2]),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = dict(line.split("\t") for line in result.stdout.splitlines())
    assert rows["reports"] == "2" and int(rows["cells"]) == 400
    assert int(rows["statements"]) > 0 and int(rows["claims"]) > 0
    assert int(rows["classifier_evaluation"]) > 0
    parquet = {p.stem for p in (out / "parquet").glob("*.parquet")}
    assert set(rows) | {"runs"} <= parquet
