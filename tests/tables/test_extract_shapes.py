"""extract_cells on small hand-written tables, one text shape at a time."""

from __future__ import annotations

import pytest

from gkmine.keys import table_shape
from gkmine.record import Grid, GridCell, Section, SourceDoc, TextMap
from gkmine.tables import extract_cells

# t3 row labels as reports print them (with ordinals), 2021 layout
T3_PRINTED_2021 = [
    "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密",
    "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他",
    "（七）总计", "四、结转下年度继续办理",
]
T3_PRINTED_2019 = T3_PRINTED_2021[:20] + ["（六）其他处理"] + T3_PRINTED_2021[23:]
T3_HEAD = ("申请人情况\n自然人 法人或其他组织 总计\n"
           "商业企业 科研机构 社会公益组织 法律服务机构 其他\n")
T4_HEAD = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
           "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n")

# a consistent 2021 t3: 5 new from natural persons, 1 from a company, 1 carried in;
# results: 4 disclosed, 1 not held, 1 repeat; 1 carried out
T3_VALUES = {
    "new": [5, 1, 0, 0, 0, 0, 6], "carried_in": [1, 0, 0, 0, 0, 0, 1],
    "disclosed": [3, 1, 0, 0, 0, 0, 4], "unavailable_not_held": [1, 0, 0, 0, 0, 0, 1],
    "not_processed_repeat": [1, 0, 0, 0, 0, 0, 1], "total_processed": [5, 1, 0, 0, 0, 0, 6],
    "carried_out": [1, 0, 0, 0, 0, 0, 1],
}


def _doc(text: str) -> SourceDoc:
    return SourceDoc("snippet", "text", TextMap.identity(text))


def _by_id(cells) -> dict:
    return {c.id: c for c in cells}


def _t3_rows(layout: str = "2021") -> list[tuple[str, str, list[int]]]:
    printed = T3_PRINTED_2021 if layout == "2021" else T3_PRINTED_2019
    keys = [row for row, col in table_shape("t3", layout) if col == "total"]
    return [(key, label, T3_VALUES.get(key, [0] * 7)) for key, label in zip(keys, printed,
                                                                            strict=True)]


def _row_per_line(layout: str = "2021") -> str:
    t3 = "".join(f"{label} {' '.join(map(str, vals))}\n" for _, label, vals in _t3_rows(layout))
    return ("二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
            "规章 0 0 2\n行政规范性文件 3 1 12\n第二十条第（五）项\n信息内容 本年处理决定数量\n"
            "行政许可 1,204\n第二十条第（六）项\n信息内容 本年处理决定数量\n"
            "行政处罚 57\n行政强制 2\n"
            "第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n行政事业性收费 12.35\n"
            "三、收到和处理政府信息公开申请情况\n" + T3_HEAD + t3 + T4_HEAD
            + "1 0 0 1 2 0 0 0 0 0 0 1 0 0 1\n五、存在的主要问题及改进情况\n无。\n")


def test_every_canonical_cell_in_order():
    cells = extract_cells(_doc(_row_per_line()), [], "2021")
    expected = [(t, r, c) for t in ("t2", "t3", "t4") for r, c in table_shape(t, "2021")]
    assert [(c.table, c.row, c.col) for c in cells] == expected


def test_row_per_line_values_and_types():
    cells = _by_id(extract_cells(_doc(_row_per_line()), [], "2021"))
    assert cells["t2.normative_docs.in_force"].value == 12
    assert cells["t2.licensing.decisions"].value == 1204
    fee = cells["t2.admin_fees.amount_wan"]
    assert fee.value == pytest.approx(12.35) and isinstance(fee.value, float)
    assert fee.amount_wan == pytest.approx(12.35)
    for key, _, vals in _t3_rows():
        got = [cells[f"t3.{key}.{col}"].value for col in
               ("natural_person", "commercial", "research", "social_welfare", "legal_service",
                "other_org", "total")]
        assert got == vals, key
    assert cells["t4.review.upheld"].value == 1 and cells["t4.review.total"].value == 2
    assert cells["t4.suit_after_review.total"].value == 1
    assert all(c.status == "number" and c.confidence == 1 for c in cells.values())
    assert isinstance(cells["t3.new.total"].value, int)


def test_other_row_and_total_row_are_not_the_columns():
    """``3.其他`` is a row and ``其他`` a column; ``（七）总计`` a row and ``总计`` a column."""
    text = _row_per_line().replace("3.其他 0 0 0 0 0 0 0", "3.其他 0 0 0 0 0 9 9")
    text = text.replace("（七）总计 5 1 0 0 0 0 6", "（七）总计 5 1 0 0 0 9 15")
    cells = _by_id(extract_cells(_doc(text), [], "2021"))
    assert cells["t3.other_other.other_org"].value == 9
    assert cells["t3.total_processed.total"].value == 15
    assert cells["t3.new.total"].value == 6


def test_provenance_points_at_the_printed_number():
    text = _row_per_line()
    cells = _by_id(extract_cells(_doc(text), [], "2021"))
    cell = cells["t2.penalty.decisions"]
    assert text[cell.start:cell.end] == "57" == cell.raw
    assert (cell.src_start, cell.src_end) == (cell.start, cell.end)


def test_provenance_maps_through_the_textmap():
    original = "行政处罚\u3000\u3000５７\n"
    analysis = "行政处罚  57\n"
    index = [0, 1, 2, 3, 4, 5, 6, 7, 8]  # one analysis char per original char
    doc = SourceDoc("x", "text", TextMap(analysis, original, index + [len(original)]))
    cell = _by_id(extract_cells(doc, [], "2021"))["t2.penalty.decisions"]
    assert cell.value == 57
    assert original[cell.src_start:cell.src_end] == "５７"


def test_tab_separated_empty_cells_are_blank():
    text = ("二、主动公开政府信息情况\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t1\t\t3\n行政规范性文件\t\t\t\n行政许可\t0\t\t\n")
    cells = _by_id(extract_cells(_doc(text), [], "2021"))
    assert (cells["t2.regulations.repealed"].status, cells["t2.regulations.repealed"].value) == (
        "blank", None)
    assert cells["t2.regulations.in_force"].value == 3
    assert cells["t2.normative_docs.issued"].status == "blank"
    assert cells["t2.licensing.decisions"].value == 0  # trailing empty tab cells are layout


def test_broken_labels_and_numbers_split_over_lines():
    text = ("三、收到和处理政府信息公开申请情况\n" + T3_HEAD
            + "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2\n三、本\n年度办\n理结果\n"
            "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形）\n\n0 0 0 0 0 0\n2\n"
            "5.要求行政机关确认或重新出具已\n获取信息\n0 0 0 1 0 0 1\n")
    cells = _by_id(extract_cells(_doc(text), [], "2021"))
    assert [cells[f"t3.partial.{c}"].value for c in ("natural_person", "total")] == [0, 2]
    assert cells["t3.not_processed_confirm_reissue.social_welfare"].value == 1
    assert cells["t3.disclosed.total"].status == "missing"
    assert "not found" in cells["t3.disclosed.total"].note


def test_one_number_per_line():
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n\n信息内容\n\n本年制发件数\n\n"
            "本年废止件数\n\n现行有效件数\n\n规章\n\n0\n\n0\n\n4\n\n行政规范性文件\n\n"
            "1\n\n0\n\n7\n\n第二十条第（五）项\n\n"
            "信息内容\n\n本年处理决定数量\n\n行政许可\n\n9\n\n行政处罚\n\n47\n")
    cells = _by_id(extract_cells(_doc(text), [], "2021"))
    assert cells["t2.regulations.in_force"].value == 4
    assert [cells[f"t2.normative_docs.{c}"].value for c in ("issued", "repealed", "in_force")] \
        == [1, 0, 7]
    assert cells["t2.licensing.decisions"].value == 9
    assert cells["t2.penalty.decisions"].value == 47


def test_pipe_rows_2019_with_units_and_signs():
    text = ("二、主动公开政府信息情况\n第二十条第(一)项 | |||\n"
            "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n规章 | |||\n"
            "规范性文件 | 11 | ||\n第二十条第(五)项 | |||\n"
            "信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n"
            "行政许可 | 18 | -2 | 16368(件) |\n其他对外管理服务事项 | 21 | +1 | 0 |\n"
            "行政处罚 | 1119 | +124 | 73 |\n行政强制 | 46 | 0 | 16 |\n"
            "行政事业性收费 | 0 | 0 | |\n第二十条第（九）项 | |||\n"
            "信息内容 | 采购项目数量 | 采购总金额 | |\n"
            "政府集中采购 | 53 | 211.509万 | |\n")
    cells = _by_id(extract_cells(_doc(text), [], "2019"))
    assert [cells[f"t2.regulations.{c}"].status for c in ("made", "published", "public_total")] \
        == ["blank"] * 3
    assert cells["t2.normative_docs.made"].value == 11
    assert cells["t2.normative_docs.published"].status == "blank"
    lic = cells["t2.licensing.decisions"]
    assert (lic.value, lic.unit, lic.raw) == (16368, "件", "16368(件)")
    assert cells["t2.licensing.change"].value == -2
    assert cells["t2.penalty.change"].value == 124
    assert [cells[f"t2.admin_fees.{c}"].value for c in ("prev_count", "change")] == [0, 0]
    amount = cells["t2.procurement.amount"]
    assert (amount.value, amount.unit, amount.amount_wan) == (211.509, "万", 211.509)
    assert "t2.licensing.issued" not in cells  # never a 2021 key in a 2019 table


def test_one_cell_per_line_with_pipes():
    text = ("二、主动公开政府信息情况\n第二十条第（五）项 |\n|||\n信息内容 |\n上一年项目数量 |\n"
            "本年增/减 |\n处理决定数量 |\n行政许可 |\n18 |\n-2 |\n16368(件) |\n"
            "其他对外管理服务事项 |\n|\n|\n|\n")
    cells = _by_id(extract_cells(_doc(text), [], "2019"))
    assert [cells[f"t2.licensing.{c}"].value for c in ("prev_count", "change", "decisions")] \
        == [18, -2, 16368]
    assert cells["t2.other_services.decisions"].status == "blank"


def test_t2_2019_eight_rows_and_procurement_in_yuan():
    text = ("二、主动公开政府信息情况\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n"
            "规章 0 0 0\n规范性文件 2 2 30\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"
            "行政许可 12 1 340\n其他对外管理服务事项 3 0 25\n行政处罚 40 -1 88\n行政强制 5 0 6\n"
            "信息内容 上一年项目数量 本年增/减\n行政事业性收费 2 0\n"
            "信息内容 采购项目数量 采购总金额\n"
            "政府集中采购 4 1250000元\n")
    cells = extract_cells(_doc(text), [], "2019")
    t2 = [c for c in cells if c.table == "t2"]
    assert len(t2) == 22 and all(c.status == "number" for c in t2)
    by = _by_id(cells)
    assert by["t2.penalty.change"].value == -1
    assert by["t2.procurement.amount"].amount_wan == pytest.approx(125.0)
    assert by["t2.procurement.amount"].raw == "1250000元"


def test_t3_2019_single_other_row():
    text = "三、收到和处理政府信息公开申请情况\n" + T3_HEAD + "".join(
        f"{label} {' '.join(map(str, vals))}\n" for _, label, vals in _t3_rows("2019"))
    text = text.replace("（六）其他处理 0 0 0 0 0 0 0", "（六）其他处理 0 1 0 0 0 0 1")
    cells = extract_cells(_doc(text), [], "2019")
    t3 = [c for c in cells if c.table == "t3"]
    assert len(t3) == 161 and all(c.status == "number" for c in t3)
    by = _by_id(cells)
    assert by["t3.other.commercial"].value == 1
    assert by["t3.carried_out.natural_person"].value == 1
    assert "t3.other_other.total" not in by


def test_2021_rows_under_2019_layout_are_not_merged():
    text = "三、收到和处理政府信息公开申请情况\n" + T3_HEAD + "".join(
        f"{label} {' '.join(map(str, vals))}\n" for _, label, vals in _t3_rows("2021"))
    by = _by_id(extract_cells(_doc(text), [], "2019"))
    assert by["t3.other.total"].status == "missing"
    assert "2021" in by["t3.other.total"].note


def test_t2_in_the_other_layout_is_missing_not_mapped():
    text = ("二、主动公开政府信息情况\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n"
            "规章 0 0 0\n规范性文件 2 2 30\n")
    cells = [c for c in extract_cells(_doc(text), [], "2021") if c.table == "t2"]
    assert all(c.status == "missing" and "2019 layout" in c.note for c in cells)


def test_na_marks_and_text_cells():
    text = ("二、主动公开政府信息情况\n规章 | 0 | 不适用 | 3 |\n行政许可 /\n行政处罚 —\n"
            "行政强制 无\n")
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert {by[f"t2.{r}.decisions"].status for r in ("licensing", "penalty", "coercion")} == {
        "na"}
    assert by["t2.licensing.decisions"].value is None
    assert (by["t2.regulations.repealed"].status, by["t2.regulations.repealed"].raw) == (
        "text", "不适用")


def test_prose_before_the_table_is_not_a_row():
    text = "二、主动公开政府信息情况\n本年度办理行政许可 5 件，行政处罚 3 件。\n" + _row_per_line()
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert by["t2.licensing.decisions"].value == 1204
    assert by["t2.penalty.decisions"].value == 57


def test_sections_limit_the_search():
    text = _row_per_line()
    start = text.index("二、主动公开")
    t3_at = text.index("三、收到和处理")
    t4_at = text.index("四、政府信息公开行政复议")
    end = text.index("五、存在")
    sections = [Section("active_disclosure", "二、主动公开政府信息情况", start, t3_at, ""),
                Section("applications", "三、收到和处理政府信息公开申请情况", t3_at, t4_at, ""),
                Section("review_litigation", "四、…", t4_at, end, ""),
                Section("problems", "五、…", end, len(text), "")]
    cells = extract_cells(_doc(text), sections, "2021")
    assert cells == extract_cells(_doc(text), [], "2021")


def test_form_feeds_give_pages():
    text = _row_per_line().replace("三、收到和处理", "\f三、收到和处理")
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert by["t2.penalty.decisions"].page == 1
    assert by["t3.new.total"].page == 2


# ------------------------------------------------------------------ rows lacking numbers
def _t3_text(replace: dict[str, str]) -> str:
    text = "三、收到和处理政府信息公开申请情况\n" + T3_HEAD + "".join(
        f"{label} {' '.join(map(str, vals))}\n" for _, label, vals in _t3_rows())
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_short_row_placed_by_h3():
    # total not printed: a gap anywhere else would need a negative count
    text = _t3_text({"一、本年新收政府信息公开申请数量 5 1 0 0 0 0 6":
                     "一、本年新收政府信息公开申请数量 5 1 0 0 0 0"})
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    total = by["t3.new.total"]
    assert (total.status, total.value) == ("number", 6)
    assert total.confidence < 1 and "H3" in total.note and "inferred" in total.note
    np_cell = by["t3.new.natural_person"]
    assert (np_cell.value, np_cell.raw) == (5, "5") and np_cell.confidence < 1
    assert by["t3.carried_in.total"].confidence == 1


def test_short_row_placed_by_column_identity():
    # "5 0 0 0 0 5": H3 alone cannot tell a missing 0 from a missing natural_person; H1 can
    new = "一、本年新收政府信息公开申请数量"
    text = _t3_text({"（七）总计 5 1 0 0 0 0 6": "（七）总计 5 0 0 0 0 5",
                     f"{new} 5 1 0 0 0 0 6": f"{new} 5 0 0 0 0 0 5",
                     "（一）予以公开 3 1 0 0 0 0 4": "（一）予以公开 3 0 0 0 0 0 3"})
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    row = [by[f"t3.total_processed.{c}"] for c in ("natural_person", "commercial", "total")]
    assert [c.value for c in row] == [5, 0, 5]
    assert all(c.confidence < 1 for c in row)
    assert "H1" in row[0].note or "H2" in row[0].note


def test_short_row_ambiguous_is_missing():
    # two numbers for seven columns, nothing decides where they go
    text = _t3_text({"（一）予以公开 3 1 0 0 0 0 4": "（一）予以公开 3 4"})
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    cells = [by[f"t3.disclosed.{c}"] for c in ("natural_person", "commercial", "total")]
    assert all(c.status == "missing" and c.value is None for c in cells)
    assert "2 numbers for 7 columns" in cells[0].note
    assert cells[0].start is not None  # still points at what was printed


def test_t4_with_a_lacking_value_placed_by_h4():
    text = T4_HEAD + "2 0 0 0 2 0 0 0 0 0 0 0 0 0\n五、存在的主要问题及改进情况\n"
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    t4 = [c for c in by.values() if c.table == "t4"]
    assert [c.value for c in t4] == [2, 0, 0, 0, 2] + [0] * 10
    assert all(c.confidence < 1 and "H4" in c.note for c in t4)


def test_t4_printed_group_by_group():
    text = (T4_HEAD + "行政复议 1 0 0 0 1\n未经复议直接起诉 0 0 0 1 1\n复议后起诉 0 0 0 0 0\n"
            "五、存在的主要问题及改进情况\n")
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert by["t4.review.upheld"].value == 1 and by["t4.suit_direct.pending"].value == 1
    assert by["t4.suit_after_review.total"].value == 0


def test_t4_header_debris_numbers_are_skipped():
    text = (T4_HEAD + "6 †: Ⅲ 6 †: Ⅲ\t果!其他\n" + " ".join(["0"] * 14) + " 3\n"
            "五、存在的主要问题及改进情况\n")
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert by["t4.review.upheld"].value == 0
    assert by["t4.suit_after_review.total"].value == 3


def test_column_aligned_layout_places_blank_columns():
    rows = [("一、本年新收政府信息公开申请数量", ["3", "1", "", "", "", "", "4"]),
            ("二、上年结转政府信息公开申请数量", ["0", "0", "0", "0", "0", "0", "0"]),
            ("（一）予以公开", ["2", "", "", "", "", "1", "3"])]
    lines = []
    for label, vals in rows:
        lines.append(label.ljust(20, "\u3000").replace("\u3000", "  ")
                     + "".join(v.rjust(6) for v in vals))
    text = "三、收到和处理政府信息公开申请情况\n" + "\n".join(lines) + "\n"
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert by["t3.new.commercial"].value == 1
    assert by["t3.new.research"].status == "blank"
    assert by["t3.new.total"].value == 4
    assert by["t3.disclosed.other_org"].value == 1
    assert by["t3.disclosed.commercial"].status == "blank"
    # every value sits exactly under its column: read as surely as a ruled grid
    assert by["t3.disclosed.other_org"].confidence == 1.0


# ------------------------------------------------------------------ grids
def _grid(rows: list[list[str]], start: int, *, spanned: set[tuple[int, int]] = frozenset(),
          page: int = 3) -> Grid:
    out = []
    for r, row in enumerate(rows):
        out.append([GridCell(text, start + 10 * r + c, start + 10 * r + c + len(text), page,
                             (10.0 * c, 20.0 * r, 10.0 * c + 9, 20.0 * r + 19), (r, c) in spanned)
                    for c, text in enumerate(row)])
    return Grid(out, "html", start, start + 10 * len(rows), page)


def test_grid_cells_with_spans_and_empty_cells():
    text = "二、主动公开政府信息情况\n[表格]\n三、收到和处理政府信息公开申请情况\n[表格]\n"
    item = "第二十条第（一）项"
    t2 = _grid([[item, item, item, item],
                ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                ["规章", "0", "", "5"], ["行政规范性文件", "2", "1", "9"],
                ["行政许可", "130", "130", "130"]],
               0, spanned={(0, 1), (0, 2), (0, 3), (4, 2), (4, 3)})
    t3_start = text.index("三、")
    t3 = _grid([["三、本年度办理结果", "（一）予以公开", "4", "", "", "", "", "", "4"],
                ["三、本年度办理结果", "（二）部分公开", "", "", "", "", "", "", ""]],
               t3_start, spanned={(1, 0)})
    doc = SourceDoc("x.html", "html", TextMap.identity(text), grids=[t2, t3])
    by = _by_id(extract_cells(doc, [], "2021"))
    assert by["t2.regulations.repealed"].status == "blank"
    assert by["t2.regulations.in_force"].value == 5
    lic = by["t2.licensing.decisions"]
    assert lic.value == 130 and lic.page == 3 and lic.bbox == (10.0, 80.0, 19.0, 99.0)
    assert by["t3.disclosed.natural_person"].value == 4
    assert by["t3.disclosed.commercial"].status == "blank"
    assert by["t3.partial.total"].status == "blank"


def test_2019_other_row_under_2021_layout_is_not_other_other():
    text = "三、收到和处理政府信息公开申请情况\n" + T3_HEAD + "".join(
        f"{label} {' '.join(map(str, vals))}\n" for _, label, vals in _t3_rows("2019"))
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert by["t3.other_other.total"].status == "missing"
    assert "2019" in by["t3.other_other.total"].note
    assert by["t3.total_processed.total"].value == 6


def test_grid_on_one_page_and_text_on_the_next():
    head = "二、主动公开政府信息情况\n[表格]\n"
    rest = "行政许可 130\n行政处罚 57\n行政强制 2\n行政事业性收费 0.5\n"
    text = head + rest
    grid = _grid([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                   ["规章", "0", "", "5"], ["行政规范性文件", "2", "1", "9"]],
                  0, page=1)
    grid.start, grid.end = text.index("[表格]"), text.index("[表格]") + 4
    doc = SourceDoc("x.pdf", "pdf", TextMap.identity(text), grids=[grid])
    by = _by_id(extract_cells(doc, [], "2021"))
    assert by["t2.regulations.in_force"].value == 5 and by["t2.regulations.in_force"].page == 1
    assert by["t2.penalty.decisions"].value == 57
    assert by["t2.admin_fees.amount_wan"].value == pytest.approx(0.5)


LAYOUT_T3 = """三、收到和处理政府信息公开申请情况
                                                                   申请人情况
                                                                          法人或其他组织
          （本列数据的勾稽关系为：第一项加第二项之和，          自然人    商业   科研   社会公  法律服             总计
          等于第三项加第四项之和）                                        企业   机构   益组织  务机构   其他
 一、本年新收政府信息公开申请数量                                     12      3      0      0      0      0      15
 二、上年结转政府信息公开申请数量                                      0      0      0      0      0      0       0
 三、本年度   （一）予以公开                                           5      1                                  6
 办理结果     （二）部分公开（区分处理的，只计这一情形，不计其他        1                                         1
              情形）
              （三）不予公开  1.属于国家秘密                            2                                         2
"""  # noqa: E501  (pdftotext -layout keeps the page width)


def test_pdftotext_layout_with_split_header_uses_complete_rows():
    by = _by_id(extract_cells(_doc(LAYOUT_T3), [], "2021"))
    assert [by[f"t3.disclosed.{c}"].value for c in ("natural_person", "commercial", "total")] \
        == [5, 1, 6]
    assert by["t3.disclosed.research"].status == "blank"
    assert [by[f"t3.partial.{c}"].value for c in ("natural_person", "total")] == [1, 1]
    assert by["t3.withheld_state_secret.total"].value == 2
    assert by["t3.new.total"].confidence == 1


def test_no_table_anywhere_gives_missing_cells_with_a_reason():
    for text in ("", "一、总体情况\n本机关未收到申请。\n六、其他需要报告的事项\n无。\n"):
        cells = extract_cells(_doc(text), [], "2021")
        assert len(cells) == 200
        assert all(c.status == "missing" and c.note for c in cells)


def test_extraction_is_deterministic_and_picklable():
    import pickle

    doc = _doc(_row_per_line())
    first = extract_cells(doc, [], "2021")
    assert extract_cells(doc, [], "2021") == first
    assert pickle.loads(pickle.dumps(first)) == first


def test_numbers_printed_inside_a_wrapped_label():
    text = _t3_text({"（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0":
                     "（二）部分公开（区分处理的，只计这一情形， 1 0 0\n不计其他情形） 0 0 0 1"})
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert [by[f"t3.partial.{c}"].value for c in ("natural_person", "total")] == [1, 1]
    assert by["t3.partial.total"].confidence == 1


def test_column_aligned_rows_without_a_complete_row():
    lines = []
    for label, vals in (("一、本年新收政府信息公开申请数量", ["3", "1", "", "", "", "", "4"]),
                        ("二、上年结转政府信息公开申请数量", ["", "", "2", "", "", "", "2"]),
                        ("（一）予以公开", ["", "", "", "1", "12", "", "13"]),
                        ("（二）部分公开", ["", "", "", "", "", "5", "5"]),
                        ("（三）不予公开 1.属于国家秘密", ["2", "", "", "", "", "", "2"])):
        width = sum(1 if ch.isascii() else 2 for ch in label)
        lines.append(label + " " * (40 - width) + "".join(v.rjust(6) for v in vals))
    text = "三、收到和处理政府信息公开申请情况\n" + "\n".join(lines) + "\n"
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert [by[f"t3.new.{c}"].value for c in ("natural_person", "commercial", "total")] == [
        3, 1, 4]
    assert by["t3.carried_in.research"].value == 2
    assert by["t3.carried_in.natural_person"].status == "blank"
    assert by["t3.disclosed.legal_service"].value == 12
    assert by["t3.partial.other_org"].value == 5
    assert by["t3.withheld_state_secret.natural_person"].value == 2


def test_misplaced_section_headings_do_not_cut_a_table():
    text = _row_per_line()
    t2_at, t3_at = text.index("二、主动公开"), text.index("三、收到和处理")
    row_at = text.index("三、本年度办理结果") if "三、本年度办理结果" in text else text.index(
        "（一）予以公开")
    carried_out_at = text.index("四、结转下年度继续办理")
    t4_at, end = text.index("四、政府信息公开行政复议"), text.index("五、存在")
    sections = [Section("active_disclosure", "二、", t2_at, t3_at, ""),
                Section("applications", "（一）予以公开", row_at, carried_out_at, ""),
                Section("review_litigation", "四、结转下年度继续办理", carried_out_at, t4_at, ""),
                Section("problems", "五、", end, len(text), "")]
    assert t3_at < row_at
    by = _by_id(extract_cells(_doc(text), sections, "2021"))
    assert by["t3.new.total"].value == 6
    assert by["t3.carried_out.natural_person"].value == 1
    assert by["t4.review.total"].value == 2


def test_table_regions_from_sections_and_wording():
    from gkmine.tables.regions import table_regions

    text = _row_per_line()
    t2_at, t3_at = text.index("二、主动公开"), text.index("三、收到和处理")
    t4_at, end = text.index("四、政府信息公开行政复议"), text.index("五、存在")
    sections = [Section("active_disclosure", "二、", t2_at, t3_at, ""),
                Section("applications", "三、", t3_at, t4_at, ""),
                Section("problems", "五、", end, len(text), "")]
    regions = table_regions(text, sections)
    assert regions["t2"] == (t2_at, t3_at)
    assert regions["t3"] == (t3_at, end)  # no 四 heading: up to the next one found
    assert regions["t4"][0] >= t3_at and regions["t4"][1] == end


def _centred(cells: list[str], *, left: str = "", width: int = 8, margin: int = 40) -> str:
    def size(text: str) -> int:
        return sum(1 if ch.isascii() else 2 for ch in text)

    line = left + " " * (margin - size(left))
    for text in cells:
        pad = width - size(text)
        line += " " * (pad // 2) + text + " " * (pad - pad // 2)
    return line.rstrip()


def test_pdftotext_layout_header_broken_over_lines_gives_the_columns():
    # no row prints all seven values and two columns print none: the columns come from the
    # header words, stacked over two lines, with the spanning 法人或其他组织 above them
    text = "\n".join([
        "三、收到和处理政府信息公开申请情况",
        _centred(["", "法人或其他组织"], width=16),
        _centred(["自然人", "商业", "科研", "社会公", "法律服", "", "总计"],
                 left="（本列数据的勾稽关系为："),
        _centred(["", "企业", "机构", "益组织", "务机构", "其他", ""],
                 left="第一项加第二项之和）"),
        _centred(["5", "1", "", "", "", "", "6"], left="（一）予以公开"),
        _centred(["1", "", "", "", "", "", "1"], left="（二）部分公开"),
        _centred(["", "", "", "", "", "2", "2"], left="1.属于国家秘密"),
    ]) + "\n"
    by = _by_id(extract_cells(_doc(text), [], "2021"))
    assert [by[f"t3.disclosed.{c}"].value for c in ("natural_person", "commercial", "total")] \
        == [5, 1, 6]
    assert by["t3.disclosed.social_welfare"].status == "blank"
    assert by["t3.partial.natural_person"].value == 1
    assert by["t3.withheld_state_secret.other_org"].value == 2
    assert by["t3.partial.total"].confidence == 1.0
