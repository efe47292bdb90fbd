"""Tables from any reading order: blank cells that print nothing, rows printed column by
column, labels apart from their numbers, groups out of order.

The streams are built from :func:`gkmine.tables.render.random_cells` tables written in the
orders text tools give (row by row without blanks, column by column with the total column
out of place, a paragraph per cell) and from hand-written shapes of real extractions. What
they check: every number is placed where it belongs, or its cells stay ``missing``; nothing
is guessed into a blank.
"""

from __future__ import annotations

import shutil

import pytest

from gkmine.keys import T3_COLS, t3_rows
from gkmine.record import SourceDoc, TextMap
from gkmine.tables import extract_cells
from gkmine.tables.decode import chunk_values
from gkmine.tables.render import docx_text, fmt, random_cells, render_report, t3_row_labels
from gkmine.tables.slots import SlotSolver
from gkmine.tables.stream import text_items

T3_LABELS = t3_row_labels("2021")
HEAD = "三、收到和处理政府信息公开申请情况\n申请人情况\n自然人 商业企业 科研机构 其他 总计\n"


def t3_cells(doc_text: str) -> dict:
    doc = SourceDoc("x", "text", TextMap.identity(doc_text))
    return {(c.row, c.col): c for c in extract_cells(doc, [], "2021") if c.table == "t3"}


def truth_rows(seed: int, sparse) -> dict[str, list]:
    cells = random_cells("2021", seed=seed, sparse=sparse)
    return {row: [cells[("t3", row, col)] for col in T3_COLS] for row in t3_rows("2021")}


def assert_exact_or_missing(got: dict, truth: dict[str, list]) -> int:
    """Every cell is right, missing, or placed with a lowered confidence and a note saying
    that another placement fits as well; returns how many are right."""
    right = 0
    for row, values in truth.items():
        for col, value in zip(T3_COLS, values, strict=True):
            cell = got[(row, col)]
            if cell.status == "missing":
                continue
            shown = cell.value if cell.status == "number" else None
            if shown != value:
                assert cell.confidence <= 0.5 and "another placement" in cell.note, (
                    row, col, cell.status, cell.value, value, cell.note)
                continue
            right += 1
    return right


@pytest.mark.parametrize("seed", [3, 9, 21, 33])
def test_rows_that_leave_zeros_blank_are_placed_by_the_identities(seed):
    # a row per line, blanks printing nothing (pdftotext -raw of a table that leaves every
    # zero blank): the columns are decided column by column under H1/H2
    truth = truth_rows(seed, "zeros")
    lines = [f"{T3_LABELS[row]} {' '.join(fmt(v) for v in values if v is not None)}".strip()
             for row, values in truth.items()]
    got = t3_cells(HEAD + "\n".join(lines) + "\n")
    right = assert_exact_or_missing(got, truth)
    # the totals of the printed rows are never in doubt
    assert all(got[(row, "total")].value == values[-1]
               for row, values in truth.items() if values[-1] is not None)
    assert right >= 0.8 * len(truth) * len(T3_COLS)


def test_many_short_rows_are_placed_without_giving_up():
    # seventeen short rows: a search over every combination of columns ran out of budget
    counts = {"new": [16.0, 27.0, 3.0], "carried_in": [1.0], "total_processed": [16.0, 25.0, 3.0],
              "carried_out": [1.0, 2.0]}
    counts.update({f"r{k}": [1.0] for k in range(10)})
    counts.update({"r11": [2.0, 2.0, 1.0], "r12": [3.0, 3.0], "r13": [9.0, 14.0]})
    results = tuple(k for k in counts if k.startswith("r"))
    solver = SlotSolver(counts, fixed={}, results=results, width=6)
    first = solver.first()
    assert first is not None
    for j in range(6):  # H1 and H2 hold in every column of the placement found
        col = {key: dict(zip(first[key], counts[key], strict=True)).get(j, 0.0)
               for key in counts}
        assert col["new"] + col["carried_in"] == col["total_processed"] + col["carried_out"]
        assert sum(col[r] for r in results) == col["total_processed"]
    assert solver.steps < 50_000


def test_numbers_are_cut_at_the_labels_between_rows():
    text = "重复申请 1 1\n大量反复申请 2 2\n确认 1 1\n"
    chunks, skipped = chunk_values(text_items(text, 0, len(text)), short=True)
    assert [[v.text for v in c.values] for c in chunks] == [["1", "1"], ["2", "2"], ["1", "1"]]
    assert skipped == []


def column_major(truth: dict[str, list], rows: list[str], *, total_at: int) -> list[str]:
    """The numbers of ``rows`` column by column, the total column printed ``total_at``."""
    columns = [[fmt(truth[row][j] or 0) for row in rows] for j in range(len(T3_COLS))]
    columns.insert(total_at, columns.pop())
    return [n for column in columns for n in column]


@pytest.mark.parametrize("seed", [1, 4, 7])
def test_pages_printed_column_by_column_with_the_total_out_of_place(seed):
    # pdfminer.six: per page, the row labels, then every column of numbers in turn
    truth = {row: [v if v is not None else 0 for v in values]
             for row, values in truth_rows(seed, False).items()}
    rows = list(truth)
    pages = (rows[:13], rows[13:])
    text = HEAD
    for page in pages:
        text += "\n".join(T3_LABELS[row] for row in page) + "\n"
        text += "\n".join(column_major(truth, page, total_at=5)) + "\n"
    got = t3_cells(text)
    assert assert_exact_or_missing(got, truth) == len(rows) * len(T3_COLS)


def test_rows_and_column_blocks_mixed_with_labels_apart():
    # pdftotext without options on a real report: a few rows row by row, then blocks of
    # rows column by column, the labels elsewhere (every row printed, in statutory order)
    truth = {row: [v if v is not None else 0 for v in values]
             for row, values in truth_rows(2, False).items()}
    rows = list(truth)
    numbers = [fmt(v) for row in rows[:4] for v in truth[row]]
    numbers += column_major(truth, rows[4:13], total_at=6)
    numbers += column_major(truth, rows[13:20], total_at=6)
    numbers += [fmt(v) for row in rows[20:] for v in truth[row]]
    text = (HEAD + "\n".join(numbers[:30]) + "\n" + "\n".join(T3_LABELS.values()) + "\n"
            + "\n".join(numbers[30:]) + "\n")
    got = t3_cells(text)
    assert assert_exact_or_missing(got, truth) == len(rows) * len(T3_COLS)


@pytest.mark.parametrize("sparse", ["zeros", "rows"])
def test_text_of_a_docx_shows_blank_cells_as_empty_paragraphs(tmp_path, sparse):
    from gkmine.pipeline import parse_document

    cells = random_cells("2021", seed=21, sparse=sparse)
    path = tmp_path / "report.txt"
    path.write_text(docx_text(render_report(cells, "2021", "docx")), encoding="utf-8")
    report = parse_document(path)
    got = {(c.table, c.row, c.col): c for c in report.cells}
    for key, value in cells.items():
        cell = got[key]
        assert (cell.status, cell.value) == (("blank", None) if value is None
                                             else ("number", value)), key
    assert not [c for c in report.checks if c.rule.startswith("H") and not c.passed]


def t2_t4(text: str) -> dict:
    doc = SourceDoc("x", "text", TextMap.identity(text))
    return {c.id: c for c in extract_cells(doc, [], "2021") if c.table in ("t2", "t4")}


def test_t2_labels_before_their_numbers():
    text = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n"
            "现行有效件数\n规章\n行政规范性文件\n0\n3\n0\n0\n0\n8\n第二十条第（五）项\n信息内容\n"
            "本年处理决定数量\n550\n行政许可\n第二十条第（六）项\n信息内容\n本年处理决定数量\n"
            "行政处罚\n行政强制\n2776\n84\n")
    got = t2_t4(text)
    # one column: the numbers go to the labels in order; three columns: row or column order
    # is open, so the six numbers are not placed
    assert (got["t2.penalty.decisions"].value, got["t2.coercion.decisions"].value) == (2776, 84)
    assert {got[f"t2.{r}.{c}"].status for r in ("regulations", "normative_docs")
            for c in ("issued", "repealed", "in_force")} == {"missing"}
    # a label printed after its number takes it, with a note
    licensing = got["t2.licensing.decisions"]
    assert licensing.value == 550 and licensing.note


def test_t2_block_read_column_by_column_when_table_3_is():
    # pdfminer.six prints every grid column by column: t3 shows it (one column adds up the
    # others), so t2's block of two rows of three is read that way too, with a note
    truth = {row: [v if v is not None else 0 for v in values]
             for row, values in truth_rows(4, False).items()}
    rows = list(truth)
    t3 = HEAD + "\n".join(T3_LABELS[row] for row in rows) + "\n"
    t3 += "\n".join(column_major(truth, rows, total_at=6)) + "\n"
    t2 = ("二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\n本年制发件数\n本年废止件数\n"
          "现行有效件数\n规章\n行政规范性文件\n0\n3\n0\n0\n0\n8\n")
    got = t2_t4(t2 + t3)
    assert [got[f"t2.regulations.{c}"].value for c in ("issued", "repealed", "in_force")] == [
        0, 0, 0]
    normative = [got[f"t2.normative_docs.{c}"] for c in ("issued", "repealed", "in_force")]
    assert [c.value for c in normative] == [3, 0, 8]
    assert all(c.note and c.confidence < 1 for c in normative)


def test_t4_groups_printed_out_of_order_are_left_open():
    # pdftotext interleaves the runs of the three groups: as printed H4 fails, in another
    # order it holds: which group is which is unknown
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n结果维持\n结果纠正\n其他结果\n"
            "尚未审结\n总计\n72\n64\n178\n37\n复议后起诉\n12\n1\n1\n6\n总计\n351\n结果维持\n13\n4\n8\n1\n26\n总计\n20\n")
    got = t2_t4(text)
    assert {c.status for k, c in got.items() if k.startswith("t4.")} == {"missing"}


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_real_pdfs_through_other_text_tools(shared_dir, tmp_path):
    """Text of the real PDFs by pdfminer.six and pdftotext: every cell read is the PDF's."""
    pytest.importorskip("pdfminer")
    from pdfminer.high_level import extract_text

    from gkmine.pipeline import parse_document
    from gkmine.tables.render import pdf_text

    pdfs = sorted((shared_dir / "corpora-dev" / "real-pdfs").glob("*.pdf"))
    if not pdfs:
        pytest.skip("corpora-dev/real-pdfs is absent")
    right = total = 0
    for pdf in pdfs:
        own = {c.id: c for c in parse_document(pdf).cells if c.status != "missing"}
        for name, text in (("pdfminer", extract_text(str(pdf))),
                           ("pdftotext", pdf_text(pdf.read_bytes()))):
            path = tmp_path / f"{pdf.stem}_{name}.txt"
            path.write_text(text, encoding="utf-8")
            got = {c.id: c for c in parse_document(path).cells}
            for key, cell in own.items():
                total += 1
                if got[key].status == "missing":
                    continue
                assert (got[key].status, got[key].value) == (cell.status, cell.value), (
                    pdf.name, name, key)
                right += 1
    assert right >= 0.95 * total


def test_a_source_error_in_rows_printed_apart_from_labels_is_blamed_on_the_source():
    # every row printed, in statutory order, labels elsewhere: the count decides the rows,
    # so an identity that fails is the source's, not the reading's
    from gkmine.checks import check_report
    from gkmine.record import Meta, Report
    from gkmine.tables.render import inject_inconsistency

    cells = random_cells("2021", seed=2, sparse=False)
    broken, rule = inject_inconsistency(cells, kind="H1", seed=2)
    truth = {row: [broken[("t3", row, col)] or 0 for col in T3_COLS] for row in t3_rows("2021")}
    numbers = [fmt(v) for row in truth.values() for v in row]
    text = HEAD + "\n".join(T3_LABELS.values()) + "\n" + "\n".join(numbers) + "\n"
    report = Report(source="x.txt", text=text, meta=Meta(layout="2021"))
    report.cells = extract_cells(SourceDoc("x", "text", TextMap.identity(text)), [], "2021")
    failing = [c for c in check_report(report) if c.rule == rule and not c.passed]
    assert failing and all(c.attribution == "source" and c.severity == "hard"
                           for c in failing)


def test_rows_in_order_with_a_number_passed_over_do_not_blame_the_source():
    # the same reading with a stray number among the rows (a page number): a row that the
    # stray broke would fail an identity, and it is not the source's doing
    cells = random_cells("2021", seed=2, sparse=False)
    truth = {row: [cells[("t3", row, col)] or 0 for col in T3_COLS] for row in t3_rows("2021")}
    numbers = [fmt(v) for row in truth.values() for v in row]
    numbers.insert(40, "12")
    text = HEAD + "\n".join(T3_LABELS.values()) + "\n" + "\n".join(numbers) + "\n"
    got = t3_cells(text)
    assert all(c.status == "missing" or c.confidence < 1.0 or c.value == truth[r][T3_COLS_INDEX[k]]
               for (r, k), c in got.items())


T3_COLS_INDEX = {col: j for j, col in enumerate(T3_COLS)}


def test_a_guessed_blank_that_breaks_an_identity_is_missing():
    # total_processed printed nothing where its numbers were looked for (a guess, with less
    # confidence), and the table prints a number no cell holds: H1 and H2 fail with it, so
    # the guess is refuted and the row is missing; blanks read with confidence and guesses no
    # identity refutes stay blank. With no number left over, the guesses stand.
    from gkmine.tables.columns import Draft
    from gkmine.tables.extract import _guessed_blanks_settled
    from gkmine.tables.stream import Item

    guess = Draft("blank", confidence=0.8, note="nothing printed between the row labels")
    drafts = {row: [Draft("blank") for _ in T3_COLS] for row in t3_rows("2021")}
    drafts["new"] = [Draft("number", 3), *[Draft("blank")] * 5, Draft("number", 3)]
    drafts["disclosed"] = list(drafts["new"])
    drafts["total_processed"] = [guess] * len(T3_COLS)
    drafts["partial"] = [guess] * len(T3_COLS)
    left_over = Item("value", "3", 0, 1, 0, status="number", value=3)
    out = _guessed_blanks_settled(drafts, "2021", [left_over])
    assert [d.status for d in out["total_processed"]] == ["missing", *["blank"] * 5, "missing"]
    assert "refuted" in out["total_processed"][0].note
    assert all(d.status == "blank" for d in out["partial"][1:-1])
    assert out["carried_in"][0].status == "blank"
    settled = _guessed_blanks_settled(drafts, "2021", [])
    assert all(d.status == "blank" and d.confidence == 1.0 and not d.note
               for d in settled["total_processed"])


def test_t4_of_pdftotext_layout_is_aligned_by_character_columns():
    # pdftotext -layout sets every character, CJK or not, on one grid step: the stacked
    # header words line up with the numbers by character count, not by display width
    header = ("四、政府信息公开行政复议、行政诉讼情况\n"
              "行政复议                               行政诉讼\n"
              "                                   未经复议直接起诉                   复议后起诉\n"
              "结果     结果     其他     尚未\n"
              "                              总计\n"
              "维持     纠正     结果     审结            结果     结果   其他   尚未"
              "        结果   结果   其他   尚未\n"
              "                                                         总计                   "
              "        总计\n"
              "                                   维持     纠正   结果   审结"
              "        维持   纠正   结果   审结\n")
    row = " " * 52 + "5    5    1" + " " * 23 + "1\n"
    got = t2_t4(header + row + "五、存在的主要问题及改进情况\n")
    values = [(c.row, c.col, c.value) for c in got.values() if c.status == "number"]
    assert values == [("suit_direct", "pending", 5), ("suit_direct", "total", 5),
                      ("suit_after_review", "upheld", 1), ("suit_after_review", "total", 1)]
    assert all(c.status == "blank" for c in got.values() if c.table == "t4"
               and c.status != "number")


T4_RAW_HEAD = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
               "结果维持 结果纠正 其他结果 尚未审结 总计\n")


@pytest.mark.parametrize(("row", "fails"), [("5 5 1 1", False), ("5 6 1 1", True),
                                            ("2 3 5", False)])
def test_t4_printed_without_its_blank_cells_is_judged_whatever_the_columns(row, fails):
    # blank cells print nothing and the row has no positions (pdftotext -raw): the columns
    # are not known, but whether some cut into the three rows adds up is
    from gkmine.checks import check_report
    from gkmine.record import Meta, Report

    text = T4_RAW_HEAD + row + "\n五、存在的主要问题及改进情况\n"
    report = Report(source="x.txt", text=text, meta=Meta(layout="2021"))
    report.cells = extract_cells(SourceDoc("x", "text", TextMap.identity(text)), [], "2021")
    t4 = [c for c in report.cells if c.table == "t4"]
    assert all(c.status == "missing" and c.raw == row for c in t4)
    h4 = [c for c in check_report(report) if c.rule == "H4" and not c.passed]
    assert [(c.attribution, c.severity) for c in h4] == ([("source", "hard")] if fails else [])


def test_h3_of_a_row_printing_its_counts_without_their_columns():
    # a table that leaves its zeros blank; one row's counts cannot be placed (their columns
    # are open) but their sum is printed wrong: H3 fails, blamed on the source
    from gkmine.checks import check_report
    from gkmine.record import Meta, Report

    rows = {"new": "3 1 4", "disclosed": "3 1 4", "total_processed": "3 1 4",
            "withheld_state_secret": "2 3"}
    lines = [f"{T3_LABELS[row]} {rows[row]}" if row in rows else T3_LABELS[row]
             for row in t3_rows("2021")]
    text = HEAD + "\n".join(lines) + "\n"
    report = Report(source="x.txt", text=text, meta=Meta(layout="2021"))
    report.cells = extract_cells(SourceDoc("x", "text", TextMap.identity(text)), [], "2021")
    secret = {c.col: c for c in report.cells if c.row == "withheld_state_secret"}
    assert secret["total"].value == 3 and secret["natural_person"].status == "missing"
    h3 = [c for c in check_report(report) if c.rule == "H3" and c.row == "withheld_state_secret"]
    assert [(c.passed, c.attribution) for c in h3] == [(False, "source")]


def test_ocr_glyphs_of_rules_standing_alone_are_debris():
    items = text_items("丨\n囗\n、\n开\n3\n", 0, 10)
    assert [(it.text, it.debris) for it in items if it.kind == "text"] == [
        ("丨", True), ("囗", True), ("、", True), ("开", False)]


def test_a_row_between_two_rows_of_numbers_printed_nothing():
    # pdftotext without options: the rows that print numbers come with their labels, cell
    # by cell; the labels of the blank rows fall in a block after the table. A row whose
    # place in the printed order holds no numbers printed nothing: blank, not missing
    truth = truth_rows(2, "rows")
    printed = [row for row, values in truth.items() if any(v is not None for v in values)]
    lines = [line for row in printed
             for line in (T3_LABELS[row], *(fmt(v or 0) for v in truth[row]))]
    rest = [T3_LABELS[row] for row in truth if row not in printed]
    got = t3_cells(HEAD + "\n".join(lines + rest) + "\n")
    assert assert_exact_or_missing(got, truth) == len(truth) * len(T3_COLS)
    between = [row for row in truth if row not in printed
               and list(truth).index("new") < list(truth).index(row) < list(truth).index(
                   "total_processed")]
    assert between and all(got[(row, "total")].status == "blank" for row in between)


def test_t2_of_pdftotext_layout_keeps_its_columns_with_blank_cells():
    # 2019 t2 in pdftotext -layout, blank cells printing nothing: the rows' numbers stay
    # under their header words (-2 under 本年增/减, never under a count column)
    text = ("二、主动公开政府信息情况\n 第二十条第（五）项\n"
            " 信息内容             上一年项目数量    本年增/减           处理决定数量\n"
            " 行政许可                                -2                  1443\n"
            " 其他对外管理服务事项   2                                       1\n")
    doc = SourceDoc("x", "text", TextMap.identity(text))
    got = {c.id: c for c in extract_cells(doc, [], "2019") if c.table == "t2"}
    assert got["t2.licensing.prev_count"].status != "number"
    assert got["t2.licensing.change"].value == -2


def test_seven_numbers_of_several_short_rows_after_one_label_are_doubtful():
    # a text of a cell per line whose rows leave their zeros blank: seven numbers after a
    # label that do not add up are several rows' numbers run together, not surely the row's
    from gkmine.tables.columns import _mixed_rows
    from gkmine.tables.rows import RowRead

    def row(key, numbers, *, one_line=False):
        text = (" " if one_line else "\n").join(numbers)
        return RowRead(key, tuple(T3_COLS), text_items(text, 0, len(text)), True)

    short = [row("new", ["3", "4"]), row("total_processed", ["3", "1", "4"])]
    mixed = row("disclosed", ["12", "2", "21", "3", "3", "1", "1"])
    assert _mixed_rows(mixed.values, [*short, mixed])
    full = [row("new", ["1", "0", "0", "0", "0", "0", "1"]),
            row("total_processed", ["1", "0", "0", "0", "0", "0", "1"])]
    assert not _mixed_rows(mixed.values, [*full, mixed])  # a table of full rows
    on_line = row("disclosed", ["12", "2", "21", "3", "3", "1", "1"], one_line=True)
    assert not _mixed_rows(on_line.values, [*short, on_line])  # on the label's own line


@pytest.mark.parametrize(("row", "kept", "passed_over"), [
    ("| |21|0|0|0|0|0|21|", ["21", "0", "0", "0", "0", "0", "21"], [""]),
    ("1 0 0 0 12 0 0 1", ["1", "0", "0", "0", "0", "0", "1"], ["12"]),
])
def test_a_stray_number_in_a_row_is_passed_over_only_where_it_is_known(row, kept, passed_over):
    # an empty cell before a row's seven numbers (a merged label column) is not a stray
    # inside the row; a page number inside a row of zeros is
    chunks, skipped = chunk_values(text_items(row, 0, len(row)))
    assert [[v.text for v in c.values] for c in chunks] == [kept]
    assert [s.text for s in skipped] == passed_over
