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


_T3_LINES = """三、收到和处理政府信息公开申请情况
申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他
一、本年新收政府信息公开申请数量 0 0 0 0 0 0 0
二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0
三、本年度办理结果
（一）予以公开 0 0 0 0 0 0
（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0
（三）不予公开
""" + "".join(f"{k}.{label} 0 0 0 0 0 0 0\n" for k, label in enumerate(
    ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
     "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"], 1)) + \
    "（四）无法提供\n" + "".join(f"{k}.{label} 0 0 0 0 0 0 0\n" for k, label in enumerate(
        ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"], 1)) + \
    "（五）不予处理\n" + "".join(f"{k}.{label} 0 0 0 0 0 0 0\n" for k, label in enumerate(
        ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
         "要求行政机关确认或重新出具已获取信息"], 1)) + """（六）其他处理
1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0 0 0 0 0
3.其他 0 0 0 0 0 0 0
（七）总计 0 0 0 0 0 0 0
四、结转下年度继续办理 0 0 0 0 0 0 0
"""


def test_short_rows_do_not_pull_numbers_off_whole_rows(tmp_path):
    # two rows print 6 numbers for 7 cells (a blank printed as nothing); every other row
    # prints its 7 on its label's line: those stay its own, not blanks, whatever all-zero
    # readings the identities would accept
    report = _parse(tmp_path, "一、总体情况\n本年度工作稳步推进。\n" + _T3_LINES)
    got = {(c.row, c.col): c for c in report.cells if c.table == "t3"}
    for row in ("other_no_correction", "other_no_fee_paid", "other_other", "carried_out"):
        assert all(got[(row, col)].status == "number" and got[(row, col)].value == 0
                   for col in ("natural_person", "total")), row


@needs_pdftotext
def test_a_lone_total_in_a_blank_row_of_layout_text_is_the_sources_failure(tmp_path):
    # the row prints only its total; the other columns show nothing where their numbers
    # would stand. Every number the table prints has its cell, read surely: the blanks are
    # as sure as the rest, and H3 fails decided, blamed on the source (not left undecided)
    cells = random_cells("2019", seed=9513, sparse="rows")
    broken, rule = inject_inconsistency(cells, kind="H3", seed=9513)
    report = _parse(tmp_path, _text(broken, "2019", "layout", agency="桐柏街道办事处"))
    failed = [c for c in report.checks if c.rule == rule and not c.passed]
    assert failed and all(c.attribution == "source" for c in failed)
    assert _errors(report, broken, "t3") == []
