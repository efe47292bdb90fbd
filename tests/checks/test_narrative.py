"""N1 on constructed prose: every figure the prose states of consistent tables agrees with
them, whichever of the usual wordings states it, and a wrong figure is still caught."""

from __future__ import annotations

import random

import pytest

from gkmine.checks import check_report
from gkmine.checks.narrative import claim_check, table_figures
from gkmine.keys import T3_APPLICANT_COLS, T3_RESULT_ROWS, T4_COLS
from gkmine.nlp.claims import extract_claims
from gkmine.record import Cell, Meta, Report
from gkmine.tables.render import random_cells

ORGS = [c for c in T3_APPLICANT_COLS if c != "natural_person"]


def to_cells(values: dict) -> list[Cell]:
    return [Cell(t, r, c, v, "" if v is None else str(v), "blank" if v is None else "number")
            for (t, r, c), v in values.items()]


def n1(text: str, values: dict, layout: str = "2021") -> list:
    report = Report(source="x.txt", text=text, cells=to_cells(values),
                    meta=Meta(agency="某某县人民政府", year=2023, layout=layout))
    return [c for c in check_report(report) if c.rule == "N1"]


def t3(values: dict, row: str, col: str = "total") -> int:
    return values[("t3", row, col)] or 0


def rows_sum(values: dict, layout: str, prefix: str) -> int:
    return sum(t3(values, r) for r in T3_RESULT_ROWS[layout] if r.startswith(prefix))


def prose(values: dict, layout: str, rng: random.Random) -> str:
    """Sentences stating figures of ``values`` in one of the wordings reports use."""
    new, carried = t3(values, "new"), t3(values, "carried_in")
    person = t3(values, "new", "natural_person")
    orgs = sum(t3(values, "new", c) for c in ORGS)
    if rng.random() < 0.5:  # the year's new applications
        intake = (f"全年共收到政府信息公开申请{new}件，其中自然人申请{person}件，"
                  f"法人或其他组织申请{orgs}件。")
    else:  # the year's caseload: new + carried in, column by column
        person += t3(values, "carried_in", "natural_person")
        orgs += sum(t3(values, "carried_in", c) for c in ORGS)
        intake = (f"全年共受理政府信息公开申请{new + carried}件，其中自然人申请{person}件，"
                  f"法人或其他组织申请{orgs}件。")
    done, out = t3(values, "total_processed"), t3(values, "carried_out")
    closing = rng.choice([f"共办理{done}件，结转下一年{out}件。",
                          f"本年度办结政府信息公开申请{done}件，结转下年度继续办理申请{out}件。"])
    shown, part = t3(values, "disclosed"), t3(values, "partial")
    other = rows_sum(values, layout, "other")
    results = rng.choice([
        f"所有办结的信息公开申请中同意公开答复{shown}件，部分公开答复{part}件，",
        f"予以公开及部分公开{shown + part}件，",
    ]) + (f"不予公开{rows_sum(values, layout, 'withheld_')}件，"
          f"无法提供{rows_sum(values, layout, 'unavailable_')}件，"
          f"不予处理{rows_sum(values, layout, 'not_processed_')}件，其他处理{other}件。")
    review = {col: values[("t4", "review", col)] for col in T4_COLS}
    suit = {col: values[("t4", "suit_direct", col)] + values[("t4", "suit_after_review", col)]
            for col in T4_COLS}
    litigation = (f"发生政府信息公开行政复议{review['total']}件，其中结果维持{review['upheld']}件，"
                  f"其他结果{review['other']}件，尚未审结{review['pending']}件；"
                  f"行政诉讼{suit['total']}件，其中结果维持{suit['upheld']}件，"
                  f"结果纠正{suit['corrected']}件。")
    # figures of something the tables do not count, in the same words
    noise = (f"依申请公开信息{rng.randint(100, 900)}条，不予公开信息{rng.randint(1, 99)}条。"
             f"区政府办代表区政府受理政府信息公开申请{rng.randint(1, 9)}件。")
    return intake + closing + results + litigation + noise


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_consistent_tables_give_no_false_contradiction(layout):
    disagree, agree_reports = [], 0
    for seed in range(40):
        values = random_cells(layout, seed=seed)
        text = prose(values, layout, random.Random(seed))
        checks = n1(text, values, layout)
        disagree += [(seed, c.message) for c in checks if not c.passed]
        agree_reports += any(c.passed for c in checks)
        assert len(checks) >= 14, text
    assert disagree == []
    assert agree_reports == 40


def test_a_wrong_figure_is_still_a_contradiction():
    values = random_cells("2021", seed=3)
    new, carried = t3(values, "new"), t3(values, "carried_in")
    for wrong in (new + carried + 1, new - 1):
        (check,) = n1(f"全年共受理政府信息公开申请{wrong}件。", values)
        assert not check.passed and check.attribution == "source"
    shown = t3(values, "disclosed")
    (check,) = n1(f"所有办结的申请中同意公开答复{shown + 1}件。", values)
    assert check.cells == ["t3.disclosed.total"] and check.actual == shown


def test_carried_in_applications_agree_with_new_plus_carried_in():
    values = {("t3", "new", "total"): 713, ("t3", "new", "natural_person"): 705,
              ("t3", "carried_in", "total"): 36, ("t3", "carried_in", "natural_person"): 36}
    for col in ORGS:
        values[("t3", "new", col)] = values[("t3", "carried_in", col)] = 0
    values[("t3", "new", "commercial")] = 8
    text = "全县全年共受理政府信息公开申请749件，其中自然人申请741件，法人或其他组织申请8件。"
    checks = n1(text, values)
    assert [c.passed for c in checks] == [True, True, True]
    assert checks[0].actual == 749 and "t3.carried_in.total" in checks[0].message
    assert checks[1].cells == ["t3.new.natural_person", "t3.carried_in.natural_person"]


def test_a_blank_total_is_read_from_its_printed_parts():
    values = random_cells("2021", seed=5)
    withheld = [r for r in T3_RESULT_ROWS["2021"] if r.startswith("withheld_")]
    for row in withheld:
        values[("t3", row, "natural_person")] = 3
        values[("t3", row, "total")] = None  # the agency left every total blank
    (check,) = n1("其中不予公开24件，占4.3%。", values)
    assert check.passed and "printed parts" in check.message
    (check,) = n1("其中不予公开35件。", values)
    assert not check.passed and check.actual == 24 and check.attribution == "source"


def test_a_missing_part_of_a_blank_total_is_undecidable():
    values = random_cells("2021", seed=5)
    cells = {c.id: c for c in to_cells(values)}
    cells["t3.disclosed.total"] = Cell("t3", "disclosed", "total", None, "", "blank")
    cells["t3.disclosed.natural_person"] = Cell("t3", "disclosed", "natural_person", 4, "4",
                                                "number")
    cells["t3.disclosed.research"] = Cell("t3", "disclosed", "research", None, "", "missing")
    (figure,) = table_figures("其中予以公开4件。")
    check = claim_check(figure, cells)
    assert not check.passed and check.attribution == "extraction" and check.actual is None


def test_a_figure_credited_to_another_body_is_keyed_but_not_compared():
    text = "区政府办代表区政府受理政府信息公开申请17件，均已按时答复。"
    (claim,) = extract_claims(text)
    assert (claim.quantity, claim.cell, claim.actor) == ("applications_new", None,
                                                          "区政府办代表区政府")
    assert n1(text, random_cells("2021", seed=1)) == []


@pytest.mark.parametrize("text", [
    "依申请公开173条、不予公开52条。",  # 条 counts items of information, not applications
    "依申请公开信息数255条，不予公开信息数81条。",
    "另有3件顺延到下年度答复。",  # elliptic, with no figure of applications before it
    "结转下一年度资金31万元。",
])
def test_items_and_elliptic_figures_without_context_are_not_compared(text):
    assert table_figures(text) == []


def test_a_figure_where_the_table_prints_nothing_is_undecidable():
    values = random_cells("2021", seed=5)
    for col in (*T3_APPLICANT_COLS, "total"):
        values[("t3", "carried_out", col)] = None  # the whole row left blank
    (check,) = n1("本年度办结申请8件，结转下年度继续办理申请1件。", values)[1:]
    assert not check.passed and check.attribution == "extraction" and check.actual is None
    assert "prints nothing" in check.message
    (check,) = n1("本年度办结申请8件，结转下年度继续办理申请0件。", values)[1:]
    assert check.passed  # a zero agrees with a blank row


def test_a_blank_new_column_still_agrees_with_its_carried_in_applications():
    values = {("t3", r, c): None for r in ("new", "carried_in") for c in (*T3_APPLICANT_COLS,
                                                                         "total")}
    values[("t3", "carried_in", "natural_person")] = values[("t3", "carried_in", "total")] = 2
    checks = n1("全年共受理政府信息公开申请2件，其中自然人申请2件。", values)
    assert [c.passed for c in checks] == [True, True]


def test_an_outcome_stated_with_its_reasons_may_count_the_rows_it_names():
    values = random_cells("2021", seed=5)
    for row, n in (("unavailable_not_held", 265), ("unavailable_needs_creation", 47),
                   ("unavailable_unclear", 25)):
        values[("t3", row, "total")] = n
    (check,) = n1("因本机关不掌握等原因无法提供265件。", values)
    assert check.passed and check.cells == ["t3.unavailable_not_held.total"]
    (check,) = n1("因本机关不掌握等原因无法提供337件。", values)
    assert check.passed and check.actual == 337
    (check,) = n1("无法提供265件。", values)  # no reason named: the whole group
    assert not check.passed and check.actual == 337


def test_a_figure_of_another_year_is_not_compared():
    values = random_cells("2021", seed=5)
    new = t3(values, "new")
    checks = n1(f"2023年共收到政府信息公开申请{new}件。2022年共收到政府信息公开申请"
                f"{new + 5}件。", values)
    assert [(c.passed, c.expected) for c in checks] == [(True, new)]


def _procurement_report(prose: str, projects: Cell, amount: Cell) -> Report:
    return Report(source="x.txt", text=prose, cells=[projects, amount],
                  meta=Meta(agency="某某区人民政府办公室", year=2019, layout="2019"))


def _n1_and_panel(report: Report) -> tuple[list, list]:
    from gkmine.link.panel import compare_claims
    from gkmine.nlp.claims import report_claims

    cells = {c.id: c for c in report.cells}
    panel = compare_claims([c.to_dict() for c in report_claims(report)], cells)
    return [c for c in check_report(report) if c.rule == "N1"], [c for _, c in panel]


def test_procurement_figures_agree_with_a_run_of_printed_digits():
    prose = "今年共发布采购信息21条共5419886元。\n政府集中采购215419886元\n"
    at = prose.index("2154")
    note = "1 values for 2 columns (215419886元): placement ambiguous"
    run = [Cell("t2", "procurement", col, None, "", "missing", start=at, end=at + 10,
                note=note) for col in ("projects", "amount")]
    checks, panel = _n1_and_panel(_procurement_report(prose, *run))
    assert sorted((c.passed, c.col) for c in checks) == [(True, "amount"), (True, "projects")]
    assert [c.passed for c in panel] == [True, True]
    # figures that do not write the run: undecidable, never the agency's error
    checks, panel = _n1_and_panel(_procurement_report(prose.replace("21条", "22条"), *run))
    assert [(c.passed, c.attribution, c.actual) for c in checks] == [
        (False, "extraction", None)] * 2
    assert panel == []


def test_a_run_the_table_stage_could_not_place_is_compared_with_the_prose(tmp_path):
    # end to end: the note the table stage writes is the one N1 reads back
    from gkmine.pipeline import parse_document
    from gkmine.tables.render import docx_text, random_cells, render_report

    cells = random_cells("2019", seed=4)
    cells[("t2", "procurement", "projects")], cells[("t2", "procurement", "amount")] = 21, 5419886
    text = docx_text(render_report(cells, "2019", "docx", agency="某某县财政局", year=2020))
    text = text.replace("政府集中采购\n\n21\n\n5419886\n", "政府集中采购\n\n215419886元\n")
    prose = "全年发布采购信息21条，共5419886元。"
    text = text.replace("一、总体情况\n", f"一、总体情况\n\n{prose}\n", 1)
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    report = parse_document(path)
    assert [c.status for c in report.cells if c.row == "procurement"] == ["missing"] * 2
    assert sorted((c.cells[0], c.passed) for c in report.checks if c.rule == "N1"
                  and c.table == "t2" and c.row == "procurement") == [
        ("t2.procurement.amount", True), ("t2.procurement.projects", True)]


def test_procurement_amounts_are_compared_in_wan():
    projects = Cell("t2", "procurement", "projects", 6, "6", "number")
    amount = Cell("t2", "procurement", "amount", 251000, "251000元", "number", unit="元",
                  amount_wan=25.1)
    for prose in ("全年政府集中采购项目6个，采购总金额251000元。",
                  "发布采购信息6条，共25.1万元。"):
        checks, panel = _n1_and_panel(_procurement_report(prose, projects, amount))
        assert [c.passed for c in checks] == [True, True] and len(panel) == 2, prose
    checks, _ = _n1_and_panel(_procurement_report("发布采购信息6条，共26万元。", projects, amount))
    assert [c.passed for c in checks] == [True, False]


def test_the_tables_own_text_is_not_compared_with_itself():
    text = "其中行政复议3件。"
    cell = Cell("t4", "review", "total", 3, "3", "number", start=text.index("3"),
                end=text.index("3") + 1)
    report = Report(source="x.txt", text=text, cells=[cell],
                    meta=Meta(agency="某某县人民政府", year=2023, layout="2021"))
    assert [c for c in check_report(report) if c.rule == "N1"] == []


def test_fees_stated_in_yuan_are_compared_in_wan():
    values = random_cells("2021", seed=5)
    values[("t2", "admin_fees", "amount_wan")] = 3.5
    (check,) = n1("本年度收取行政事业性收费35000元。", values)
    assert check.passed and check.expected == 3.5
    (check,) = n1("本年度收取行政事业性收费36000元。", values)
    assert not check.passed and check.attribution == "source"


def test_prose_that_settled_a_cell_does_not_confirm_it_in_n1_nor_in_the_panel():
    from gkmine.checks.narrative import figure_of
    from gkmine.tables.fused import PROSE_NOTE

    text = "本年度制发规范性文件34件。"
    (claim,) = extract_claims(text)
    (widened,) = table_figures(text)
    assert widened.start < claim.start  # N1's figure spans the object too
    note = f"{PROSE_NOTE} {widened.start}–{widened.end} (the fused digits '3489' read two ways)"
    cells = {"t2.normative_docs.issued": Cell("t2", "normative_docs", "issued", 34, "34",
                                              "number", note=note)}
    assert claim_check(widened, cells) is None
    assert claim_check(figure_of(claim.to_dict()), cells) is None  # the panel's figure
