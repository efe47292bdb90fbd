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


def _hard_wrapped(text: str, width: int = 34) -> str:
    """Every line longer than ``width`` cut into pieces of ``width`` characters, spaces and
    all, never inside a number (as a careless conversion of a space-aligned text does)."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = width
            while line[cut - 1].isdigit() and line[cut].isdigit():
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return "\n".join(out)


def _cells(text: str, layout: str) -> dict[str, tuple[str, object]]:
    doc = SourceDoc("x.txt", "text", TextMap.identity(text))
    return {c.id: (c.status, c.value) for c in extract_cells(doc, [], layout)}


def test_hard_wrapped_space_aligned_rows_read_as_the_whole_lines():
    from gkmine.tables.render import random_cells, render_report

    for seed, layout in ((3, "2021"), (6, "2019")):
        cells = random_cells(layout, seed=seed, sparse="zeros")  # blanks print nothing
        text = render_report(cells, layout, "layout")
        whole = _cells(text, layout)
        wrapped = _hard_wrapped(text)
        assert wrapped.count("\n") > text.count("\n") + 20
        assert _cells(wrapped, layout) == whole
        assert sum(status == "number" for status, _ in whole.values()) > 10


def test_a_stray_rule_on_a_line_of_its_own_is_no_empty_cell():
    from gkmine.tables.render import t3_row_labels

    # an empty table; OCR read a ruling line as ``|`` below a row's label
    labels = list(t3_row_labels("2019").values())
    text = "三、收到和处理政府信息公开申请情况\n申请人情况\n" + "\n".join(
        f"{label}\n|" if k in (3, 12) else label for k, label in enumerate(labels))
    cells = t3_cells(text + "\n五、存在的主要问题\n", "2019")
    rows = {row for row, _ in cells}
    assert all(cells[row, "total"].status == "blank" for row in rows)


def test_a_full_width_line_that_ends_whole_does_not_take_the_next_line():
    from gkmine.tables.stream import wrapped_lines

    cut = "行政规范性文件      1      \n           2\n"  # cut inside the spaces
    whole = "                   4.保护第三方合法权益\n           （三）不\n"
    text = cut * 8 + whole + "           （一）予以公开\n" * 3
    wraps = wrapped_lines(text)
    assert len(wraps) == 8  # the eight rows cut apart, not the whole line of the same width
    assert text.index("           （三）不") not in wraps


def test_a_bare_page_number_where_the_marked_pages_put_it_is_no_cell():
    from gkmine.record import TextMap
    from gkmine.tables.stream import text_items, without_page_numbers

    # a cell per line; pages every ten lines, page 2's number printed bare among cells "2"
    cells = ["规章", "2", "0", "2", "行政许可", "2", "3", "4", "5"]
    lines = ["第 1 页", *cells, "2", *cells, "第 3 页", *cells, "第 4 页"]
    text = "\n".join(lines) + "\n"
    items = text_items(text, 0, len(text))
    kept = without_page_numbers(items, TextMap.identity(text))
    dropped = [it for it in items if it not in kept]
    assert [(it.text, it.line) for it in dropped] == [("2", 10)]
