"""Rows whose cells lost their separators, decoded by the identities (never guessed)."""

from __future__ import annotations

import time

from gkmine.keys import T3_COLS
from gkmine.pipeline import parse_source
from gkmine.read import read_string
from gkmine.tables.fused import (
    CONF_AGREED,
    CONF_FUSED,
    CONF_PROSE,
    cell_splits,
    prose_spans,
    row_splits,
    unfuse,
)
from gkmine.tables.render import random_cells, render_report
from gkmine.tables.stream import text_items


def _flat_report(cells, layout: str = "2021"):
    tsv = render_report(cells, layout, "tsv")
    text = "".join(line.replace("\t", "") for line in tsv.splitlines())
    return parse_source(read_string(text, source="flat.txt")), text


def test_row_identity_decides_a_fused_t3_row():
    assert row_splits(["801000081"], 7, group=7) == [(80, 1, 0, 0, 0, 0, 81)]
    assert row_splits(["0000000"], 7, group=7) == [(0,) * 7]
    # a space the text kept is a cell boundary
    assert row_splits(["20", "0", "0", "0", "02"], 7, group=7) == [(2, 0, 0, 0, 0, 0, 2)]
    # no reading: too few digits, or no split adds up
    assert row_splits(["123"], 7, group=7) == []
    assert row_splits(["9999999"], 7, group=7) == []


def test_readings_respect_leading_zeros_signs_and_decimals():
    assert cell_splits(["0012"], 3) == [("0", "0", "12")]
    assert cell_splits(["12", "+5"], 3) == [("1", "2", "+5")]
    assert row_splits(["1.52"], 2) == [(1.5, 2)]  # a cell never starts with its decimal point


def test_long_runs_are_bounded():
    start = time.perf_counter()
    assert row_splits(["1" * 200], 7, group=7) == []
    readings = cell_splits(["1" * 40], 15, group=5)
    assert readings is None or isinstance(readings, list)
    assert time.perf_counter() - start < 2.0


def test_a_flattened_report_reads_its_tables_by_the_identities():
    cells = random_cells("2021", seed=3)
    report, text = _flat_report(cells)
    got = {(c.table, c.row, c.col): c for c in report.cells}
    for key, value in cells.items():
        cell = got[key]
        if key[0] == "t2" and cell.status == "missing":
            # t2 has no identity: a row that splits several ways stays missing, with why
            assert "several ways" in cell.note
            continue
        assert cell.status == "number" and cell.value == value, (key, cell)
    read = [c for c in report.cells if c.status == "number"]
    split = [c for c in read if "fused digits" in c.note]
    assert all(c.confidence == CONF_FUSED for c in split)
    # a row of one digit a cell (every t3 and t4 row of this seed) has no other reading: it is
    # read as printed, with full confidence, so an identity it breaks is the source's
    single = [c for c in read if c.table in ("t3", "t4")]
    assert single and all(c.confidence == 1.0 and not c.note for c in single)
    # every cell read from fused digits points at the digits it was read from
    for c in split + single:
        assert report.text[c.start:c.end] == str(c.value)
        assert text[c.src_start:c.src_end] == str(c.value)


def test_column_identities_settle_rows_the_row_identity_leaves_open():
    # seed 4: the new and total_processed rows split two and three ways by H3 alone
    cells = random_cells("2021", seed=4)
    new = "".join(str(cells[("t3", "new", col)]) for col in T3_COLS)
    assert len(cell_splits([new], 7, group=7)) > 1
    report, _ = _flat_report(cells)
    got = {(c.table, c.row, c.col): c for c in report.cells}
    for col in T3_COLS:
        for row in ("new", "total_processed"):
            cell = got[("t3", row, col)]
            assert cell.value == cells[("t3", row, col)] and "H1 and H2" in cell.note


def test_ambiguous_rows_stay_missing_never_blank():
    # t2's regulations row "3720" reads 3 7 20, 3 72 0 or 37 2 0
    report, _ = _flat_report(random_cells("2021", seed=3))
    row = [c for c in report.cells if c.table == "t2" and c.row == "regulations"]
    assert [c.status for c in row] == ["missing"] * 3
    assert "3 7 20" in row[0].note
    assert all(c.start is not None for c in row)  # still traceable to the printed row


def test_separated_cells_are_left_alone():
    text = ("一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4\n"
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n")
    items = text_items(text, 0, len(text))
    fusion = unfuse(items, "t3", "2021")
    assert fusion.items is items and not fusion.split_notes and not fusion.undecided


def test_digits_glued_inside_a_label_fragment_or_before_ocr_marks_are_values():
    text = ("一、本年新收政府信息公开申请数量801000081\n"
            "二、上年结转政府信息公开申请数量0000000公开\n"
            "（一）予以公开20 0 0 0 02_\n")
    items = text_items(text, 0, len(text))
    fusion = unfuse(items, "t3", "2021")
    values = [it.text for it in fusion.items if it.kind == "value"]
    assert values == ["80", "1", "0", "0", "0", "0", "81", *"0000000", *"2000002"]
    assert [it.text for it in fusion.items if it.kind == "text"][1:3] == [
        "二、上年结转政府信息公开申请数量", "公开"]
    for it in fusion.items:
        assert text[it.start:it.end] == it.text


def test_a_row_with_fewer_digits_than_cells_stays_missing():
    text = ("一、本年新收政府信息公开申请数量801000081\n"
            "二、上年结转政府信息公开申请数量000000\n")
    fusion = unfuse(text_items(text, 0, len(text)), "t3", "2021")
    assert "fewer than the row's 7 cells" in fusion.undecided["carried_in"]


def test_as_many_digits_as_cells_is_the_only_reading_and_the_identity_judges_it():
    # t4 printed as 15 digits: review upheld 1 but its total 0, an error of the source
    cells = random_cells("2021", seed=5)
    for (table, row, col) in list(cells):
        if table == "t4":
            cells[(table, row, col)] = 0
    cells[("t4", "review", "upheld")] = 1
    report, _ = _flat_report(cells)
    t4 = {(c.row, c.col): c for c in report.cells if c.table == "t4"}
    assert t4[("review", "upheld")].value == 1 and t4[("review", "total")].value == 0
    assert all(c.status == "number" and c.confidence == 1.0 for c in t4.values())
    [h4] = [c for c in report.checks if c.rule == "H4" and c.row == "review"]
    assert h4.passed is False and h4.attribution == "source"


# a page's text as a crawler flattens it: t2 with its cells glued (after the 平潭 site)
_T2_FLAT = ("二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"
            "规章000行政规范性文件{norm}第二十条第（五）项信息内容本年处理决定数量行政许可2418"
            "第二十条第（六）项信息内容本年处理决定数量行政处罚644行政强制64"
            "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费0"
            "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构"
            "社会公益组织法律服务机构其他一、本年新收政府信息公开申请数量1000001"
            "二、上年结转政府信息公开申请数量0000000")


def _t2_report(norm: str, prose: str = ""):
    text = ("平潭综合实验区某局2024年政府信息公开工作年度报告\n一、总体情况\n" + prose
            + "\n" + _T2_FLAT.format(norm=norm))
    report = parse_source(read_string(text, source="t2.txt"))
    return report, {c.id: c for c in report.cells}


def test_cells_every_reading_agrees_on_are_placed_the_rest_stay_missing():
    # 2019 layout (上一年 | 增/减 | 决定): "88-720" reads 88 -7 20 or 88 -72 0, 88 in both
    text = ("平潭综合实验区某局2020年度政府信息公开工作年度报告\n一、总体情况\n本局做好公开工作。\n"
            "二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量"
            "对外公开总数量规章000规范性文件335第二十条第（五）项信息内容上一年项目数量本年增/减"
            "处理决定数量行政许可88-720其他对外管理服务事项000第二十条第（六）项信息内容上一年项目"
            "数量本年增/减处理决定数量行政处罚000行政强制000第二十条第（八）项信息内容上一年项目数量"
            "本年增/减行政事业性收费00第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购00"
            "三、收到和处理政府信息公开申请情况")
    report = parse_source(read_string(text, source="t2_2019.txt"))
    assert report.meta.layout == "2019"
    # an amount glued to its label and its unit is printed, never a blank row
    glued = parse_source(read_string(text.replace("政府集中采购00", "政府集中采购1973601627.4元"),
                                     source="t2_2019.txt"))
    procurement = [c for c in glued.cells if c.row == "procurement"]
    assert [c.status for c in procurement] == ["missing", "missing"]
    assert "1973601627.4元" in procurement[0].note
    cells = {c.id: c for c in report.cells}
    placed = cells["t2.licensing.prev_count"]
    assert (placed.status, placed.value, placed.confidence) == ("number", 88, CONF_AGREED)
    assert report.text[placed.start:placed.end] == "88"
    assert "2 ways, all with this cell" in placed.note
    rest = [cells["t2.licensing.change"], cells["t2.licensing.decisions"]]
    assert [c.status for c in rest] == ["missing", "missing"]
    assert "88 -7 20" in rest[0].note


def test_the_reports_prose_settles_a_fused_row_and_then_does_not_confirm_it():
    # "5845546" reads 58 4 5546, 5 84 5546, 58 45 546…; no identity ties t2's columns
    report, cells = _t2_report("5845546")
    assert all(cells[f"t2.normative_docs.{c}"].status == "missing"
               for c in ("issued", "repealed", "in_force"))
    prose = "本年度制发行政规范性文件58件，废止4件，现行有效行政规范性文件5546件。"
    report, cells = _t2_report("5845546", prose)
    got = [cells[f"t2.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")]
    assert [c.value for c in got] == [58, 4, 5546]
    assert all(c.confidence == CONF_PROSE for c in got)
    spans = prose_spans(got[0].note)
    assert spans and all(report.text[a:b] in prose for a, b in spans)
    # the claims that chose the reading are not counted as agreeing with it
    assert not [k for k in report.checks if k.rule == "N1" and k.table == "t2"]
    # the licensing figure is an ordinary one: N1 still compares it
    report, _ = _t2_report("5845546", prose + "全年办理行政许可2418件。")
    assert [k.passed for k in report.checks if k.rule == "N1" and k.table == "t2"] == [True]


def test_prose_about_something_else_settles_nothing():
    # 393 is no cell of any reading of "77132470" (a zone-wide count): it is not used, and a
    # figure that contradicts another leaves every reading open
    prose = "清理并集中发布现行有效行政规范性文件393件。"
    _, cells = _t2_report("77132470", prose)
    assert cells["t2.normative_docs.in_force"].status == "missing"
    _, cells = _t2_report("5845546", "本年度制发行政规范性文件58件。全年制发行政规范性文件5件。")
    assert cells["t2.normative_docs.issued"].status == "missing"


def test_rows_their_own_sum_and_h1_agree_on_blame_h2_on_the_source():
    # new and total_processed print 12 0 0 0 0 0 12 fused: H3 reads them one way, and H1
    # holds with that reading in every column; the result rows sum to 2: the agency's error
    cells = {k: (0 if k[0] == "t3" else v) for k, v in random_cells("2021", seed=3).items()}
    for row in ("new", "total_processed"):
        cells[("t3", row, "natural_person")] = cells[("t3", row, "total")] = 12
    cells[("t3", "disclosed", "natural_person")] = cells[("t3", "disclosed", "total")] = 2
    report, _ = _flat_report(cells)
    got = {(c.table, c.row, c.col): c for c in report.cells}
    assert got[("t3", "new", "total")].value == 12 and got[("t3", "new", "total")].confidence == 1
    h2 = [k for k in report.checks if k.rule == "H2" and k.passed is False]
    assert h2 and all(k.attribution == "source" and k.severity == "hard" for k in h2)
