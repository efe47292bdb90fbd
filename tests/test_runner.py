"""The per-document pipeline and the corpus runner: no document stops a batch or vanishes."""

from __future__ import annotations

import json
from pathlib import Path

from gkmine.config import DEFAULT
from gkmine.pipeline import expand_paths, iter_reports, parse_document


def test_missing_file_gets_an_error_row_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.pdf"
    report = parse_document(missing)
    assert report.status == "error"
    assert report.error_code == "E001"
    assert str(missing) in report.error
    assert report.source == str(missing)


def test_batch_continues_past_bad_documents(tmp_path: Path, seed_paths: list[Path]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 4)
    good = tmp_path / "good.txt"
    good.write_text(seed_paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    files = expand_paths([tmp_path])
    reports = list(iter_reports(files))
    assert [Path(r.source).name for r in reports] == ["binary.pdf", "empty.txt", "good.txt"]
    statuses = {Path(r.source).name: (r.status, r.error_code) for r in reports}
    assert statuses["empty.txt"] == ("error", "E002")
    assert statuses["binary.pdf"][0] == "error" and statuses["binary.pdf"][1].startswith("E1")
    assert statuses["good.txt"][0] == "ok"


def test_expand_paths_keeps_explicit_files_and_skips_other_extensions(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "r.txt").write_text("x", encoding="utf-8")
    (tmp_path / "r.html").write_text("x", encoding="utf-8")
    # a PDF-to-markdown extraction is read; a README that mentions reports is not
    (tmp_path / "r.md").write_text("# 某局2024年政府信息公开工作年度报告\n## 一、总体情况\n…\n"
                                   "## 二、主动公开政府信息情况\n| 规章 | 0 |", encoding="utf-8")
    (tmp_path / "README.md").write_text("政府信息公开工作年度报告 as text", encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["r.html", "r.md"]
    assert [p.name for p in expand_paths([tmp_path / "notes.csv"])] == ["notes.csv"]


def test_process_pool_gives_the_same_records_in_the_same_order(seed_paths: list[Path]) -> None:
    serial = [r.to_dict() for r in iter_reports(seed_paths)]
    parallel = [r.to_dict() for r in iter_reports(seed_paths, n_jobs=2)]
    assert json.dumps(serial, ensure_ascii=False) == json.dumps(parallel, ensure_ascii=False)


def test_same_input_same_output(seed_paths: list[Path]) -> None:
    first = parse_document(seed_paths[1]).to_dict(with_text=True)
    second = parse_document(seed_paths[1]).to_dict(with_text=True)
    assert first == second


def test_config_switches_tables_off(seed_paths: list[Path]) -> None:
    report = parse_document(seed_paths[0], DEFAULT.replace(tables=False))
    assert report.cells == [] and report.checks == []
    assert len(report.sections) == 6
