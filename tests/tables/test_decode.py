"""Identity-guided decoding of table 三: numbers and labels in any reading order.

The streams are written by hand in the shapes text extractions give (``pdftotext`` without
options: a block of labels, then numbers, header words among them; ``-layout``: a centred
label after its numbers; blank cells that print nothing), then the same through real
``pdftotext`` on rendered PDFs.
"""

from __future__ import annotations

import shutil

import pytest

from gkmine.checks import check_report
from gkmine.keys import T3_COLS, t3_rows
from gkmine.record import Meta, Report, SourceDoc, TextMap
from gkmine.structure import find_sections
from gkmine.tables import extract_cells
from gkmine.tables.decode import decode_t3
from gkmine.tables.labels import row_specs
from gkmine.tables.render import docx_text, pdf_text, random_cells, render_report
from gkmine.tables.rows import read_rows
from gkmine.tables.stream import text_items

HEAD = "三、收到和处理政府信息公开申请情况\n申请人情况\n"
NEW, IN = "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量"
DISCLOSED, PARTIAL = "（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
NOT_HELD = "1.本机关不掌握相关政府信息"
TOTAL, OUT = "（七）总计", "四、结转下年度继续办理"


def decode(text: str, layout: str = "2021"):
    items = text_items(text, 0, len(text))
    return decode_t3(items, read_rows(items, row_specs("t3", layout)), layout)


def values(decoded, row: str) -> list:
    return [d.value if d.status == "number" else d.status for d in decoded.rows[row]]


def lines(*parts: str) -> str:
    return "\n".join(parts) + "\n"


def test_labels_in_a_block_then_numbers_with_header_words_among_them():
    text = HEAD + lines(NEW, IN, "法人或其他组织", "自然人", "3", "总计", "商业企业", "其他",
                        "1", "0", "0", "0", "0", "4",
                        DISCLOSED, "3 1 0 0 0 0 4", TOTAL, OUT, "3 1 0 0 0 0 4")
    decoded = decode(text)
    assert values(decoded, "new") == [3, 1, 0, 0, 0, 0, 4]
    assert values(decoded, "disclosed") == [3, 1, 0, 0, 0, 0, 4]
    assert values(decoded, "total_processed") == [3, 1, 0, 0, 0, 0, 4]
    assert values(decoded, "partial") == ["missing"] * 7  # its label is not printed
    # new and carried_in both stand before the first numbers and H1 cannot tell them apart
    assert decoded.rows["new"][0].confidence < 1 and "carried_in" in decoded.rows["new"][0].note
    assert decoded.rows["carried_in"][0].status == "blank"
    assert decoded.rows["carried_in"][0].confidence < 1


def test_label_after_its_numbers_and_page_number_debris():
    text = HEAD + lines(f"{NEW} 2 0 0 0 0 0 2", "第 3 页", DISCLOSED, "  2 0 0 0 0 0 2",
                        f"{TOTAL} 2 0 0 0 0 0 2")
    decoded = decode(text)
    assert values(decoded, "disclosed") == [2, 0, 0, 0, 0, 0, 2]
    assert [s.text for s in decoded.skipped] == ["3"]
    text = HEAD + lines(f"{NEW} 2 0 0 0 0 0 2", "（一）", "  2 0 0 0 0 0 2", "予以公开",
                        f"{TOTAL} 2 0 0 0 0 0 2")
    assert values(decode(text), "disclosed") == [2, 0, 0, 0, 0, 0, 2]


def test_short_rows_are_placed_by_the_identities():
    # blank cells print nothing: 2 1 3 is two counts and their total
    text = HEAD + lines(f"{NEW} 2 1 3", f"{IN} 4 4", f"{DISCLOSED} 4 1 5", f"{PARTIAL} 2 2",
                        f"{TOTAL} 6 1 7", OUT)
    decoded = decode(text)
    blanks = ["blank"] * 4
    assert values(decoded, "new") == [2, 1, *blanks, 3]
    assert values(decoded, "carried_in") == [4, "blank", *blanks, 4]
    assert values(decoded, "total_processed") == [6, 1, *blanks, 7]
    assert values(decoded, "carried_out") == ["blank"] * 7
    assert values(decoded, "withheld_state_secret") == ["missing"] * 7  # no label printed


def test_short_rows_the_identities_cannot_place_are_flagged():
    # 1 1 2 in three rows: any two columns fit, as long as all three rows agree
    text = HEAD + lines(f"{NEW} 1 1 2", f"{DISCLOSED} 1 1 2", f"{TOTAL} 1 1 2", OUT)
    decoded = decode(text)
    assert values(decoded, "new") == [1, 1, "blank", "blank", "blank", "blank", 2]
    assert all(d.confidence < 1 and "not decided" in d.note for d in decoded.rows["new"][:-1])
    # the last number, the sum of the others, is the total whatever the counts' columns
    assert decoded.rows["new"][-1].confidence == 1.0


def test_a_row_takes_the_label_right_before_its_numbers_cell_per_line():
    # one cell per line, blank cells and rows print nothing: the labels of the rows that
    # printed nothing pile up, the row's own label is the last before its numbers (a group
    # label, centred on its rows, may fall between them)
    text = HEAD + lines(NEW, IN, "2", "1", "3", DISCLOSED, PARTIAL, "1", "1",
                        NOT_HELD, "2.没有现成信息需要另行制作", "1.信访举报投诉类申请",
                        "2.重复申请", "（五）不", "予处理", "1", "1", "2", "2", "1", "3",
                        "3.要求提供公开出版物", TOTAL, OUT)
    decoded = decode(text)
    blanks = ["blank"] * 4
    assert values(decoded, "partial") == [1, *["blank"] * 5, 1]
    assert values(decoded, "disclosed") == ["blank"] * 7
    assert values(decoded, "not_processed_repeat") == [1, 1, *blanks, 2]
    assert values(decoded, "unavailable_not_held") == ["blank"] * 7
    assert values(decoded, "total_processed") == [2, 1, *blanks, 3]


def test_a_label_among_its_row_numbers():
    # a label centred in its cell comes out between the row's first number and the rest
    text = HEAD + lines(NEW, IN, "3", "1", "4", "2", DISCLOSED, "2", PARTIAL,
                        "1.属于国家秘密", NOT_HELD, "（四）无", "法提供", "1", "1", "2",
                        "3", "1", "4", "2.没有现成信息需要另行制作", TOTAL, OUT)
    decoded = decode(text)
    blanks = ["blank"] * 4
    assert values(decoded, "disclosed") == [2, *["blank"] * 5, 2]
    assert values(decoded, "partial") == ["blank"] * 7
    assert values(decoded, "unavailable_not_held") == [1, 1, *blanks, 2]


def test_a_cut_short_table_leaves_the_rows_it_does_not_show_missing():
    decoded = decode(HEAD + lines(f"{NEW} 0 0 0 0 0 0 0", f"{IN} 0 0 0 0 0 0 0", "三、本年度"))
    assert values(decoded, "new") == [0] * 7
    assert decoded.rows["disclosed"][0].status == "missing"
    assert decoded.rows["carried_out"][0].status == "missing"


def test_numbers_that_form_no_row_keep_their_row_missing():
    text = HEAD + lines(f"{NEW} 2 2", f"{DISCLOSED} 2 2", f"{NOT_HELD} 3", f"{TOTAL} 2 2",
                        OUT)
    decoded = decode(text)
    assert decoded.rows["unavailable_not_held"][0].status == "missing"
    assert "do not add up" in decoded.rows["unavailable_not_held"][0].note
    assert "1 numbers for 7 columns (3)" in decoded.rows["unavailable_not_held"][0].note


def _report(text: str, layout: str = "2021") -> Report:
    doc = SourceDoc("x.txt", "text", TextMap.identity(text))
    report = Report(source="x.txt", text=text, meta=Meta(layout=layout))
    report.cells = extract_cells(doc, find_sections(doc).sections, layout)
    report.checks = check_report(report)
    return report


def test_a_source_error_read_by_labels_is_blamed_on_the_source():
    # every row of numbers beside its own label; carried_out misprinted (+1 in natural_person)
    text = HEAD + lines(f"{NEW} 3 1 0 0 0 0 4", IN, f"{DISCLOSED} 3 1 0 0 0 0 4",
                        f"{TOTAL} 3 1 0 0 0 0 4", f"{OUT} 1 0 0 0 0 0 1")
    failed = [c for c in _report(text).checks if c.rule == "H1" and not c.passed]
    assert {c.col for c in failed} == {"natural_person", "total"}
    assert all(c.attribution == "source" for c in failed)


def _cell_errors(report: Report, cells) -> list:
    got = {(c.table, c.row, c.col): c for c in report.cells}
    wrong = []
    for key, value in cells.items():
        cell = got[key]
        ok = (cell.status == "blank") if value is None else (
            cell.status == "number" and cell.value == pytest.approx(value))
        if not ok:
            wrong.append((key, value, cell.status, cell.value))
    return wrong


needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


@needs_pdftotext
@pytest.mark.parametrize("mode", ["raw", "layout", "plain"])
@pytest.mark.parametrize(("layout", "seed", "sparse"), [("2021", 11, False),
                                                        ("2019", 12, "rows")])
def test_pdftotext_extractions_of_rendered_reports(mode, layout, seed, sparse):
    cells = random_cells(layout, seed=seed, sparse=sparse)
    text = pdf_text(render_report(cells, layout, "pdf", agency="某某市统计局"), mode=mode)
    report = _report(text, layout)
    t3 = {k: v for k, v in cells.items() if k[0] == "t3"}
    errors = _cell_errors(report, t3)
    if mode == "plain":
        # a row of numbers with no label beside it cannot be named: its candidate rows stay
        # missing and nothing is blamed on the source, but no value is wrong
        assert [e for e in errors if e[2] != "missing"] == []
        assert not [c for c in report.checks if not c.passed and c.attribution == "source"]
    else:
        assert errors == []
        assert not [c.message for c in report.checks if c.rule.startswith("H") and not c.passed]


def test_docx_text_of_a_rendered_report():
    cells = random_cells("2021", seed=13, sparse="rows")
    report = _report(docx_text(render_report(cells, "2021", "docx")))
    assert _cell_errors(report, cells) == []


def test_t3_rows_and_columns_are_the_canonical_ones():
    decoded = decode(HEAD + lines(f"{NEW} 1 0 0 0 0 0 1", f"{DISCLOSED} 1 0 0 0 0 0 1",
                                  f"{TOTAL} 1 0 0 0 0 0 1", OUT))
    assert list(decoded.rows) == list(t3_rows("2021")) or set(decoded.rows) == set(
        t3_rows("2021"))
    assert all(len(row) == len(T3_COLS) for row in decoded.rows.values())


def test_a_short_run_that_does_not_add_up_is_not_placed_by_h3():
    # a cell per line, blank cells print nothing: "1 2" after a label is no row (1 is not
    # the sum of nothing but 2): another row's number ran in, so H3 must not fill the gap
    from gkmine.tables.columns import place_columns

    text = HEAD + lines(NEW, "2", "1", "3", DISCLOSED, "1", "2", TOTAL, "2", "1", "3", OUT)
    items = text_items(text, 0, len(text))
    drafts = place_columns(read_rows(items, row_specs("t3", "2021")), "t3", "2021", items)
    assert [d.status for d in drafts["disclosed"]] == ["missing"] * 7
    assert "do not add up" in drafts["disclosed"][0].note


def test_a_page_number_inside_a_short_row_is_passed_over():
    # damaged text: a bare page-number line "2" between the counts of a row that prints
    # only its non-zero counts (3 2 5)
    text = HEAD + lines(NEW, IN, "3", "2", "2", "5", DISCLOSED, "2", "1", "3", PARTIAL,
                        "1", "1", "2", TOTAL, "3", "2", "5", OUT)
    decoded = decode(text)
    blanks = ["blank"] * 4
    assert values(decoded, "new") == [3, 2, *blanks, 5]
    assert values(decoded, "disclosed") == [2, 1, *blanks, 3]
    assert [s.text for s in decoded.skipped] == ["2"]
