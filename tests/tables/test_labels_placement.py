"""Row labels in statutory order, and the placement of rows that lack numbers."""

from __future__ import annotations

from gkmine.keys import T3_COLS
from gkmine.tables.labels import align_rows, normalize_label, row_specs
from gkmine.tables.placement import place_row, solve, t3_equations, t4_equations
from gkmine.tables.stream import text_items


def _items(text: str):
    return text_items(text, 0, len(text))


def test_normalize_label_drops_ordinals_and_punctuation():
    assert normalize_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == (
        "部分公开区分处理的只计这一情形不计其他情形")
    assert normalize_label("3.危及“三安全一稳定”") == "危及三安全一稳定"
    assert normalize_label("四、结转下年度继续办理") == "结转下年度继续办理"


def test_specs_per_layout():
    assert len(row_specs("t3", "2021")) == 25 and len(row_specs("t3", "2019")) == 23
    assert [s.key for s in row_specs("t2", "2021")] == [
        "regulations", "normative_docs", "licensing", "penalty", "coercion", "admin_fees"]


def test_ocr_damaged_and_shredded_labels_are_found():
    text = ("_\t（二）部分 计其他情形\t公开（区分处理的，只计这一情形，不\t0 0 0 0 0 0 0\n"
            "三、本年\t\t7.属于行政执法案卷\t0 0 0 0 0 0 0\n")
    items = _items(text)
    keys = [m.key for m in align_rows(items, row_specs("t3", "2021"))]
    assert keys == ["partial", "withheld_enforcement_file"]


def test_label_broken_over_lines():
    text = "1.申请人无正当理由逾期不\n补正、行政机关不再处理其政\n府信息公开申请\n0 0 0 0 0 0 0\n"
    items = _items(text)
    (match,) = align_rows(items, row_specs("t3", "2021"))
    assert match.key == "other_no_correction"
    assert items[match.last + 1].kind == "value"


def test_statutory_order_decides_between_similar_labels():
    # the column header 总计 comes before the rows; （七）总计 after the result rows
    text = ("自然人 其他 总计\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
            "（七）总计 1 0 0 0 0 0 1\n")
    items = _items(text)
    matches = align_rows(items, row_specs("t3", "2021"))
    assert [(m.key, items[m.first].text) for m in matches] == [
        ("new", "一、本年新收政府信息公开申请数量"), ("total_processed", "（七）总计")]


def test_unrelated_text_matches_nothing():
    items = _items("本报告电子版可在本机关门户网站下载 0951\n")
    assert align_rows(items, row_specs("t3", "2021")) == []


def test_t3_equations_cover_h1_h2_h3():
    eqs = t3_equations("2021")
    assert sum(e.rule == "H3" for e in eqs) == 25
    assert sum(e.rule == "H1" for e in eqs) == sum(e.rule == "H2" for e in eqs) == len(T3_COLS)
    assert len(t4_equations()) == 3


def test_solve_detects_inconsistency():
    eqs = t4_equations()
    known = {("review", c): v for c, v in
             zip(("upheld", "corrected", "other", "pending", "total"), (1, 1, 0, 0, 3),
                 strict=True)}
    ok, _, _ = solve(eqs, {k: float(v) for k, v in known.items()}, set())
    assert not ok


def test_place_row_unique_with_h3():
    cells = [("new", c) for c in T3_COLS]
    placement = place_row([4, 3, 0, 0, 0, 0], cells, t3_equations("2021"), {})
    assert placement.values == [4, 3, 0, 0, 0, 0, 7]
    assert placement.slots == [0, 1, 2, 3, 4, 5, None]
    assert placement.rules == ("H3",)


def test_place_row_ambiguous_without_other_evidence():
    cells = [("new", c) for c in T3_COLS]
    placement = place_row([2, 0, 0, 0, 0, 2], cells, t3_equations("2021"), {})
    assert placement.values[0] is None and not placement.complete
    assert placement.hypotheses > 1


def test_place_row_uses_column_identities():
    cells = [("carried_out", c) for c in T3_COLS]
    known = {}
    for col in T3_COLS:  # new 2 (natural person), nothing carried in, 1 processed
        known[("new", col)] = 2.0 if col in ("natural_person", "total") else 0.0
        known[("carried_in", col)] = 0.0
        known[("total_processed", col)] = 1.0 if col in ("natural_person", "total") else 0.0
    placement = place_row([1, 0, 0, 0, 0, 1], cells, t3_equations("2021"), known)
    assert placement.values == [1, 0, 0, 0, 0, 0, 1]
    assert "H1" in placement.rules


def _t3_reads(text: str):
    from gkmine.tables.labels import row_specs
    from gkmine.tables.rows import read_rows
    from gkmine.tables.stream import text_items

    reads = read_rows(text_items(text, 0, len(text)), row_specs("t3", "2021"))
    return {r.key: r for r in reads}


def test_values_on_a_group_label_line_go_to_the_nearer_row_label():
    """``pdftotext -layout`` centres a row's values vertically: on the line of a group label
    (（四）无法提供) below one row label and right above the next, they are the next row's."""
    text = ("    1.本机关不掌握相关政府信息\n三、本\n"
            "    (四)无法提                                          4\n"
            "    2.没有现成信息需要另行制作\n"
            "    3.补正后申请内容仍不明确\n")
    reads = _t3_reads(text)
    assert reads["unavailable_not_held"].values == []
    assert [v.text for v in reads["unavailable_needs_creation"].values] == ["4"]


def test_values_as_near_two_row_labels_are_neither_rows_for_sure():
    text = ("    1.本机关不掌握相关政府信息\n"
            "    (四)无法提                                          4\n"
            "    2.没有现成信息需要另行制作\n"
            "    3.补正后申请内容仍不明确\n")
    reads = _t3_reads(text)
    for key in ("unavailable_not_held", "unavailable_needs_creation"):
        assert reads[key].values == [] and reads[key].block


def test_values_no_row_took_go_to_the_row_label_right_below():
    """A row with its values on its label's line leaves the values of the line below (a
    group label's) to the next row, whose label follows: they are centred above it."""
    text = ("    4.保护第三方合法权益                  2                  2\n"
            "    (三)不\n"
            "    予公开                                1                  1\n"
            "    5.属于三类内部事务信息\n"
            "    6.属于四类过程性信息                  1                  1\n")
    reads = _t3_reads(text)
    assert [v.text for v in reads["withheld_third_party"].values] == ["2", "2"]
    assert [v.text for v in reads["withheld_internal_affairs"].values] == ["1", "1"]
    assert reads["withheld_internal_affairs"].above  # its own, as if on its label's line


def test_a_row_with_nothing_in_a_table_of_rows_on_or_right_above_their_labels_is_blank():
    """Every row prints its values on its label's line or centred right above it: a row
    label with nothing is a blank row, as surely as a number is read."""
    from gkmine.tables.columns import place_columns
    from gkmine.tables.labels import row_specs
    from gkmine.tables.rows import read_rows
    from gkmine.tables.stream import text_items

    text = ("    4.保护第三方合法权益                  2                  2\n"
            "    (三)不\n"
            "    予公开                                1                  1\n"
            "    5.属于三类内部事务信息\n"
            "    6.属于四类过程性信息\n"
            "    7.属于行政执法案卷                    3                  3\n")
    items = text_items(text, 0, len(text))
    drafts = place_columns(read_rows(items, row_specs("t3", "2021")), "t3", "2021", items)
    assert {(d.status, d.confidence) for d in drafts["withheld_process_info"]} == {
        ("blank", 1.0)}


def test_seven_numbers_that_do_not_add_up_among_short_rows_stay_missing():
    """A text of a cell per line runs several short rows' numbers together: seven that break
    H3 after one label, in a table whose rows print short, are not placed (never a row of
    confidently wrong cells), and are kept as printed."""
    from gkmine.tables.columns import place_columns
    from gkmine.tables.labels import row_specs
    from gkmine.tables.rows import read_rows
    from gkmine.tables.stream import text_items

    text = "\n".join(["一、本年新收政府信息公开申请数量", "2", "2",
                      "二、上年结转政府信息公开申请数量", "1", "1",
                      "（一）予以公开", *"1234567",
                      "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1", "1"])
    items = text_items(text, 0, len(text))
    drafts = place_columns(read_rows(items, row_specs("t3", "2021")), "t3", "2021", items)
    assert [d.status for d in drafts["disclosed"]] == ["missing"] * 7
    assert [d.raw for d in drafts["disclosed"]] == list("1234567")
