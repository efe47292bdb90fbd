"""Printed cell values and the item stream of each text shape."""

from __future__ import annotations

import pytest

from gkmine.record import Grid, GridCell, TextMap
from gkmine.tables.stream import grid_items, text_items
from gkmine.tables.tokens import amount_in_wan, parse_value


@pytest.mark.parametrize("raw, status, value, unit", [
    ("57", "number", 57, None), ("-2", "number", -2, None), ("+124", "number", 124, None),
    ("16368(件)", "number", 16368, "件"), ("16368（件）", "number", 16368, "件"),
    ("211.509万", "number", 211.509, "万"), ("1,250,000元", "number", 1250000, "元"),
    ("１２", "number", 12, None), ("0.00", "number", 0.0, None),
    ("/", "na", None, None), ("—", "na", None, None), ("-", "na", None, None),
    ("无", "na", None, None), ("", "blank", None, None), ("  ", "blank", None, None),
    ("不适用", "text", None, None), ("1.属于", "text", None, None),
])
def test_parse_value(raw, status, value, unit):
    parsed = parse_value(raw)
    assert (parsed.status, parsed.value, parsed.unit) == (status, value, unit)


def test_amount_in_wan():
    assert amount_in_wan(1250000, "元") == pytest.approx(125.0)
    assert amount_in_wan(2.5, "亿元") == pytest.approx(25000.0)
    assert amount_in_wan(12, "万元") == 12.0
    assert amount_in_wan(12, None) is None


def _shape(text: str) -> list[tuple[str, str, str]]:
    return [(i.kind, i.text, i.status) for i in text_items(text, 0, len(text))]


def test_ordinals_and_years_are_not_values():
    items = _shape("1.属于国家秘密 0 3\n2024年 第二十条第（一）项\n")
    assert [t for k, t, _ in items if k == "value"] == ["0", "3"]


def test_pipe_lines_every_pipe_closes_a_cell():
    assert _shape("规章 | |||\n") == [("text", "规章", ""), ("value", "", "blank"),
                                     ("value", "", "blank"), ("value", "", "blank")]
    assert _shape("规章 | 5 |\n|\n")[-1][2] == "blank"
    # where no other line draws cells with pipes, a bare pipe is a speck of a ruling line
    assert _shape("规章\n5\n|\n0\n")[2][:2] == ("text", "|")
    markdown = _shape("| 行政许可 | 5 | |\n")
    assert markdown == [("text", "行政许可", ""), ("value", "5", "number"),
                        ("value", "", "blank")]


def test_tab_blanks_inside_a_row_are_blank_and_at_its_edges_soft():
    items = text_items("规章\t\t1\t\t3\t\n", 0, 12)
    values = [(i.text, i.status, i.soft) for i in items if i.kind == "value"]
    assert values == [("", "blank", True), ("1", "number", False), ("", "blank", False),
                      ("3", "number", False), ("", "blank", True)]


def test_space_aligned_lines_get_columns_from_the_original_text():
    original = "    规章      3      5\n"
    analysis = "规章      3      5\n"
    textmap = TextMap(analysis, original, list(range(4, len(original))) + [len(original)])
    items = text_items(analysis, 0, len(analysis), textmap=textmap)
    assert [(i.text, i.x0) for i in items] == [("规章", 4), ("3", 14), ("5", 21)]


def test_grid_items_skip_spans_and_keep_pages():
    cells = [[GridCell("行政许可", 0, 4, 2), GridCell("行政许可", 0, 4, 2, spanned=True),
              GridCell("12", 5, 7, 2, (1.0, 2.0, 3.0, 4.0)), GridCell("", 8, 8, 2)]]
    items = grid_items(Grid(cells, "pdf", 0, 9, 2))
    assert [(i.kind, i.text, i.status) for i in items] == [
        ("text", "行政许可", ""), ("value", "12", "number"), ("value", "", "blank")]
    assert items[1].page == 2 and items[1].bbox == (1.0, 2.0, 3.0, 4.0)


def test_grid_cell_holding_a_label_and_its_numbers_is_split():
    cells = [[GridCell("行政许可 5", 10, 16, 1)]]
    items = grid_items(Grid(cells, "pdf", 10, 16, 1))
    assert [(i.kind, i.text, i.start) for i in items] == [("text", "行政许可", 10),
                                                          ("value", "5", 15)]


def test_a_pipe_speck_in_a_cell_per_line_table_is_no_cell():
    from gkmine.record import SourceDoc
    from gkmine.tables import extract_cells

    text = ("二、主动公开政府信息情况\n信息内容\n本年制发件数\n本年废止件数\n现行有效件数\n"
            "规章\n5\n|\n0\n7\n行政规范性文件\n2\n6\n32\n")
    cells = extract_cells(SourceDoc("x", "text", TextMap.identity(text)), [], "2021")
    assert [c.value for c in cells[:6]] == [5, 0, 7, 2, 6, 32]
