"""Tables read from damaged text extractions: hard wraps, page-number lines, OCR specks, and
rows of ``pdftotext -raw`` that print only their non-blank cells (constructed texts)."""

from __future__ import annotations

from gkmine.keys import table_shape
from gkmine.record import SourceDoc, TextMap
from gkmine.tables import extract_cells

LAYOUT_HEAD = ("三、收到和处理政府信息公开申请情况\n"
               "                         自然人    商业企业   科研机构   社会公益   法律服务   "
               "其他     总计\n")


def t3_cells(text: str, layout: str = "2021") -> dict[tuple[str, str], object]:
    cells = extract_cells(SourceDoc("x.txt", "text", TextMap.identity(text)), [], layout)
    return {(c.row, c.col): c for c in cells if c.table == "t3"}


def test_a_layout_row_whose_total_wrapped_to_a_line_of_its_own_is_read_without_failing():
    # a hard wrap put the row's total alone on the next line, where it has no column
    text = LAYOUT_HEAD + (
        "一、本年新收政府信息公开申请数量   18        8                              14      \n"
        "40\n"
        "二、上年结转政府信息公开申请数量\n"
        "（一）予以公开                    7         3                              2     12\n"
        "四、结转下年度继续办理\n五、存在的主要问题\n")
    cells = t3_cells(text)
    assert len(cells) == len(table_shape("t3", "2021"))
    # nothing is read wrong: the wrapped row is not placed by guesswork
    assert cells[("new", "total")].status in ("missing", "number")
    assert cells[("new", "total")].value in (None, 40)
