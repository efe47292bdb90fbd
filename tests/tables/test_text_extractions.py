"""Tables from text extractions of rendered reports: the kinds of misreading fixed one by one
(``pdftotext -layout`` columns, bare page numbers among the cells, runs of numbers that a
text of a cell per line gives no row), each through the whole pipeline."""

from __future__ import annotations

import shutil

import pytest

from gkmine.pipeline import parse_document
from gkmine.tables.render import (
    damage_text,
    inject_inconsistency,
    pdf_text,
    random_cells,
    render_report,
)

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


def _parse(tmp_path, text: str):
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return parse_document(path)


def _errors(report, cells, table: str) -> list:
    """Cells of ``table`` not read as the truth: (key, truth, status, value)."""
    got = {(c.table, c.row, c.col): c for c in report.cells}
    out = []
    for key, value in cells.items():
        if key[0] != table:
            continue
        cell = got[key]
        ok = cell.status == "blank" if value is None else (
            cell.status == "number" and cell.value == pytest.approx(value))
        if not ok:
            out.append((key, value, cell.status, cell.value))
    return out


def _text(cells, layout: str, mode: str, **kw) -> str:
    year = 2023 if layout == "2021" else 2020
    return pdf_text(render_report(cells, layout, "pdf", year=year, **kw), mode=mode)


@needs_pdftotext
@pytest.mark.parametrize(("seed", "table"), [(9006, "t2"), (9012, "t3"), (9018, "t3")])
def test_layout_text_keeps_the_columns_its_positions_show(tmp_path, seed, table):
    # blank cells print nothing: only where each number stands says its column. Lines
    # shifted by their labels put some numbers within reach of the wrong column in display
    # width; the character grid ``-layout`` sets, the header and the identities decide
    cells = random_cells("2019", seed=seed, sparse="zeros")
    report = _parse(tmp_path, _text(cells, "2019", "layout", agency="西岭省教育厅"))
    assert _errors(report, cells, table) == []


@needs_pdftotext
def test_a_bare_page_number_inside_a_table_is_not_a_cell(tmp_path):
    # the damaged text prints a page's number bare inside table 三, the pages around it
    # marked (第 1 页 … 2 … 第 3 页): passed over, every row adds up, and the H1 failure
    # injected is blamed on the source
    cells = random_cells("2021", seed=5001)
    broken, rule = inject_inconsistency(cells, kind="H1", seed=5001)
    text = damage_text(_text(broken, "2021", "plain", agency="江南省临川市交通运输局"), seed=5001)
    report = _parse(tmp_path, text)
    failed = [c for c in report.checks if c.rule == rule and not c.passed]
    assert failed and all(c.attribution == "source" and c.severity == "hard" for c in failed)
    assert _errors(report, broken, "t3") == []


@needs_pdftotext
def test_a_run_of_numbers_no_row_owns_is_left_missing(tmp_path):
    # plain pdftotext, blanks print nothing: 行政许可's label, header words, then 2 1113 8,
    # of which 8 is the next row's (its label after it): as many numbers as columns is no
    # sign they are the row's, so none is read wrong
    cells = random_cells("2019", seed=6, sparse="zeros")
    report = _parse(tmp_path, _text(cells, "2019", "plain", agency="某某市生态环境局"))
    errors = _errors(report, cells, "t2")
    assert errors and all(status == "missing" for _, _, status, _ in errors)


@needs_pdftotext
def test_the_last_pages_bare_number_in_an_empty_table_is_no_failure(tmp_path):
    # the damaged text marks pages 1 and 2 (— 1 —, 第 2 页) and prints the last page's
    # number bare, inside an empty t4: not a row of t4 whose numbers fail H4
    cells = random_cells("2019", seed=7066, sparse="zeros")
    text = damage_text(_text(cells, "2019", "layout", agency="临港经济开发区管理委员会"),
                       seed=7066)
    assert "第 2 页" in text and "\n3\n" in text
    report = _parse(tmp_path, text)
    assert not [c for c in report.checks if c.rule.startswith("H") and not c.passed
                and c.severity == "hard"]
    assert _errors(report, cells, "t4") == []
