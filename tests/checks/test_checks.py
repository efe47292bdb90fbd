"""Checks on hand-made cell lists: consistent cells pass, each broken rule is flagged with the
right attribution, blank/na count as 0 and say so, missing cells are blamed on extraction."""

from __future__ import annotations

import pytest

from gkmine.checks import check_corpus, check_report, format_checks
from gkmine.keys import RULES
from gkmine.record import Cell, Meta, Report, Section
from gkmine.tables.render import INJECTION_KINDS, inject_inconsistency, random_cells

PROBLEMS = "存在的主要问题：公开内容不够全面。改进措施：加强培训，完善制度。"


def to_cells(values: dict) -> list[Cell]:
    out = []
    for (table, row, col), value in values.items():
        status = "blank" if value is None else "number"
        out.append(Cell(table, row, col, value, "" if value is None else str(value), status))
    return out


def make_report(values: dict, layout: str = "2021", *, text: str = "", year: int = 2023,
                agency: str = "某某县医疗保障局", problems: str | None = PROBLEMS,
                source: str = "x.txt") -> Report:
    sections = []
    if problems is not None:
        body = len(text) + 30
        text = text + "\n" + "X" * 28 + "\n五、存在的主要问题及改进情况\n" + problems + "\n"
        sections.append(Section("problems", "五、存在的主要问题及改进情况", body,
                                len(text), problems, body_start=body + 15))
    return Report(source=source, text=text, cells=to_cells(values),
                  meta=Meta(agency=agency, year=year, layout=layout), sections=sections)


def failing(checks, severity="hard"):
    return [c for c in checks if not c.passed and c.severity == severity]


def with_cell(values: dict, key, **changes) -> list[Cell]:
    cells = to_cells(values)
    for i, cell in enumerate(cells):
        if (cell.table, cell.row, cell.col) == key:
            for name, value in changes.items():
                setattr(cell, name, value)
            cells[i] = cell
    return cells


@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("sparse", [False, "rows", "zeros"])
def test_consistent_cells_pass_every_hard_check(layout, sparse):
    for seed in range(6):
        checks = check_report(make_report(random_cells(layout, seed=seed, sparse=sparse),
                                          layout))
        assert failing(checks) == []
        rules = {c.rule for c in checks}
        assert {"H1", "H2", "H3", "H4", "H5"} <= rules
        n_cols, n_rows = 7, 25 if layout == "2021" else 23
        assert sum(c.rule == "H1" for c in checks) == n_cols
        assert sum(c.rule == "H3" for c in checks) == n_rows


@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("kind", INJECTION_KINDS)
def test_each_injected_inconsistency_is_flagged_as_source(layout, kind):
    for seed in range(4):
        values, rule = inject_inconsistency(random_cells(layout, seed=seed), kind=kind,
                                            seed=seed)
        flagged = [c for c in failing(check_report(make_report(values, layout)))
                   if c.rule == rule]
        assert flagged, f"{kind} seed {seed} not flagged"
        assert all(c.attribution == "source" for c in flagged)
        assert all(c.cells and rule in c.message for c in flagged)


def test_failed_identity_names_cells_and_difference():
    values = random_cells("2021", seed=2)
    values[("t4", "review", "total")] = (values[("t4", "review", "total")] or 0) + 3
    (h4,) = [c for c in failing(check_report(make_report(values))) if c.rule == "H4"]
    assert h4.row == "review" and h4.delta == 3 and h4.actual - h4.expected == 3
    assert "t4.review.total" in h4.cells and "t4.review.upheld" in h4.cells
    assert "difference 3" in h4.message and "t4.review.total" in h4.message


def test_blank_and_na_count_as_zero_and_say_so():
    values = random_cells("2021", seed=1)
    values[("t4", "review", "corrected")] = None
    cells = with_cell(values, ("t4", "review", "other"), status="na", value=None, raw="/")
    cells = [c if (c.table, c.row, c.col) != ("t4", "review", "corrected") else
             Cell("t4", "review", "corrected", None, "", "blank") for c in cells]
    values[("t4", "review", "other")] = None
    total = sum(values[("t4", "review", c)] or 0 for c in ("upheld", "pending"))
    cells = [c if c.id != "t4.review.total" else
             Cell("t4", "review", "total", total, str(total), "number") for c in cells]
    report = make_report({})
    report.cells = cells
    (h4,) = [c for c in check_report(report) if c.rule == "H4" and c.row == "review"]
    assert h4.passed
    assert "blank cell(s) counted as 0: t4.review.corrected" in h4.message
    assert "marked n/a cell(s) counted as 0: t4.review.other" in h4.message


def test_missing_cell_is_undecidable_and_blamed_on_extraction():
    values = random_cells("2021", seed=3)
    report = make_report({})
    report.cells = with_cell(values, ("t3", "new", "natural_person"), status="missing",
                             value=None, raw="", note="row had 6 numbers")
    checks = check_report(report)
    involved = [c for c in checks if "t3.new.natural_person" in c.cells and c.rule != "H5"]
    assert {c.rule for c in involved} == {"H1", "H3"}
    assert all(not c.passed and c.attribution == "extraction" and c.actual is None
               for c in involved)
    assert "row had 6 numbers" in involved[0].message


def test_text_cell_fails_h5_as_extraction():
    values = random_cells("2019", seed=4)
    report = make_report({}, "2019")
    report.cells = with_cell(values, ("t4", "review", "upheld"), status="text", value=None,
                             raw="若干")
    checks = check_report(report)
    h5 = [c for c in failing(checks, "soft") if c.rule == "H5"]
    assert [(c.cells, c.attribution) for c in h5] == [(["t4.review.upheld"], "extraction")]
    # a cell not read as a number says nothing of the report: not among its hard failures
    assert not [c for c in failing(checks) if c.rule == "H5"]


def test_inferred_cell_shifts_blame_to_extraction():
    values = random_cells("2021", seed=5)
    values[("t3", "new", "total")] = (values[("t3", "new", "total")] or 0) + 1
    report = make_report({})
    report.cells = with_cell(values, ("t3", "new", "total"), confidence=0.6,
                             note="inferred from H3")
    checks = check_report(report)
    h3 = [c for c in failing(checks, "soft") if c.rule == "H3"]
    assert [c.attribution for c in h3] == ["extraction"]
    assert "inferred from H3" in h3[0].message
    # decided (both sides have a value) but never shown as a hard failure of the report
    assert h3[0].actual is not None
    assert not [c for c in failing(checks) if c.rule == "H3"]


def test_absent_table_is_not_checked():
    values = {k: v for k, v in random_cells("2021", seed=0).items() if k[0] != "t3"}
    checks = check_report(make_report(values))
    assert not any(c.table == "t3" for c in checks)
    assert any(c.rule == "H4" for c in checks)


def test_h5_allows_signed_change_but_not_negative_counts():
    values = random_cells("2019", seed=6)
    values[("t2", "licensing", "change")] = -4
    assert not failing(check_report(make_report(values, "2019")))
    values[("t2", "licensing", "decisions")] = 2.5
    (h5,) = failing(check_report(make_report(values, "2019")))
    assert h5.cells == ["t2.licensing.decisions"] and "not an integer" in h5.message


def narrative_values(new=12, carried_in=0, review=0, suits=0):
    values = random_cells("2021", seed=0)
    for key in values:
        if key[0] in ("t3", "t4"):
            values[key] = 0
    values[("t3", "new", "natural_person")] = values[("t3", "new", "total")] = new
    values[("t3", "carried_in", "natural_person")] = carried_in
    values[("t3", "carried_in", "total")] = carried_in
    values[("t4", "review", "pending")] = values[("t4", "review", "total")] = review
    values[("t4", "suit_direct", "other")] = values[("t4", "suit_direct", "total")] = suits
    values[("t2", "penalty", "decisions")] = 7
    return values


def test_narrative_numbers_against_tables():
    text = ("某某县医疗保障局\n2023年政府信息公开工作年度报告\n本报告统计期限为2023年1月1日至"
            "2023年12月31日。全年共收到政府信息公开申请12件。作出行政处罚决定7件。"
            "发生行政复议1件、行政诉讼2起。")
    report = make_report(narrative_values(12, review=1, suits=2), text=text)
    n1 = [c for c in check_report(report) if c.rule == "N1"]
    assert sorted(c.cells[0] for c in n1) == ["t2.penalty.decisions", "t3.new.total",
                                              "t4.review.total", "t4.suit_direct.total"]
    assert all(c.passed and c.severity == "soft" for c in n1)
    report = make_report(narrative_values(13, review=0, suits=2), text=text)
    bad = {c.cells[0]: c for c in check_report(report) if c.rule == "N1" and not c.passed}
    assert set(bad) == {"t3.new.total", "t4.review.total"}
    assert bad["t3.new.total"].attribution == "source" and bad["t3.new.total"].delta == 1
    start, end = bad["t3.new.total"].spans[0]
    assert report.text[start:end] == "政府信息公开申请12件"


def test_narrative_zero_statements():
    text = "2023年，我局未收到政府信息公开申请，未发生政府信息公开行政复议、行政诉讼情况。"
    report = make_report(narrative_values(0), text=text)
    n1 = [c for c in check_report(report) if c.rule == "N1"]
    # one zero denies reviews and both kinds of suit: their sum is 0
    assert sorted(c.cells for c in n1) == [
        ["t3.new.total"], ["t4.review.total", "t4.suit_direct.total",
                           "t4.suit_after_review.total"]]
    assert all(c.passed for c in n1)
    report = make_report(narrative_values(3, suits=1), text=text)
    failed = [c.cells[0] for c in check_report(report) if c.rule == "N1" and not c.passed]
    assert sorted(failed) == ["t3.new.total", "t4.review.total"]


def test_a_denied_correction_says_nothing_about_the_number_of_reviews():
    text = "2023年，我局未发生因政府信息公开被行政复议纠错的情况。未收到政府信息公开申请。"
    values = narrative_values(0, review=2)  # two reviews, none corrected
    values[("t4", "review", "pending")], values[("t4", "review", "corrected")] = 2, 0
    n1 = [c for c in check_report(make_report(values, text=text)) if c.rule == "N1"]
    assert sorted((c.cells[0], c.passed) for c in n1) == [("t3.new.total", True),
                                                           ("t4.review.corrected", True)]
    values[("t4", "review", "pending")], values[("t4", "review", "corrected")] = 1, 1
    n1 = [c for c in check_report(make_report(values, text=text)) if c.rule == "N1"]
    assert [c.cells[0] for c in n1 if not c.passed] == ["t4.review.corrected"]


def test_more_tabled_quantities_are_compared():
    from gkmine.checks.narrative import table_figures

    text = ("本年度新收政府信息公开申请20件，上年结转申请2件，办结政府信息公开申请22件，"
            "其中予以公开12件，部分公开3件，不予公开1件。作出行政许可决定550件，"
            "行政强制4件，新制定行政规范性文件2件，行政事业性收费12.5万元，"
            "收取信息处理费0元，行政诉讼3件，受理政府信息公开行政复议申请2件。")
    found = {f.quantity: (f.value, f.cells) for f in table_figures(text)}
    assert found == {
        "applications_new": (20, ("t3.new.total",)),
        "applications_carried_in": (2, ("t3.carried_in.total",)),
        "applications_processed": (22, ("t3.total_processed.total",)),
        "disclosed": (12, ("t3.disclosed.total",)), "partial": (3, ("t3.partial.total",)),
        "withheld": (1, tuple(f"t3.{r}.total" for r in (
            "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability",
            "withheld_third_party", "withheld_internal_affairs", "withheld_process_info",
            "withheld_enforcement_file", "withheld_admin_query"))),
        "licensing_decisions": (550, ("t2.licensing.decisions",)),
        "coercion_decisions": (4, ("t2.coercion.decisions",)),
        "normative_docs_issued": (2, ("t2.normative_docs.issued",)),
        "admin_fees_wan": (12.5, ("t2.admin_fees.amount_wan",)),
        "suits": (3, ("t4.suit_direct.total", "t4.suit_after_review.total")),
        "reviews": (2, ("t4.review.total",)),
    }
    assert [f.cells for f in table_figures("新制定规章1件", layout="2019")] == [
        ("t2.regulations.made",)]
    # counts of something else with the same words are not figures of the tables
    assert table_figures("公开行政许可事项126项，网上申请5件，行政复议结果维持2件余。") == []


def test_year_and_empty_problems():
    text = "某局\n2023年政府信息公开工作年度报告\n统计数据从2022年1月1日至2022年12月31日。"
    checks = check_report(make_report(narrative_values(), text=text, problems="（无）"))
    n2 = {c.passed for c in checks if c.rule == "N2"}
    assert n2 == {True, False}
    (n3,) = [c for c in checks if c.rule == "N3"]
    assert not n3.passed and n3.attribution == "source"
    checks = check_report(make_report(narrative_values(), text=text, problems=None))
    assert [c.attribution for c in checks if c.rule == "N3"] == ["extraction"]


def test_rules_are_registered():
    assert {"H1", "H2", "H3", "H4", "H5", "X1", "S1", "N1", "N2", "N3", "N4"} <= set(RULES)


def test_corpus_carry_over_across_layout_change():
    old = random_cells("2019", seed=11)
    new = random_cells("2021", seed=12)
    for col in ("natural_person", "commercial", "research", "social_welfare", "legal_service",
                "other_org", "total"):
        new[("t3", "carried_in", col)] = old[("t3", "carried_out", col)]
    prev = make_report(old, "2019", year=2020, source="2020.txt")
    cur = make_report(new, "2021", year=2021, source="2021.txt",
                      problems="存在的主要问题：信息更新不及时。改进措施：建立定期更新机制。")
    frame = check_corpus([cur, prev])
    x1 = frame[frame.rule == "X1"]
    assert len(x1) == 7 and x1.passed.all()
    assert set(x1.year_prev) == {2020} and set(x1.year) == {2021}
    assert not (frame.rule == "S1").any()  # 2019 layout has no in_force
    assert (frame[frame.rule == "N4"].passed).all()
    new[("t3", "carried_in", "total")] = (new[("t3", "carried_in", "total")] or 0) + 2
    cur = make_report(new, "2021", year=2021, source="2021.txt")
    frame = check_corpus([prev, cur])
    bad = frame[(frame.rule == "X1") & ~frame.passed]
    assert list(bad.col) == ["total"] and list(bad.attribution) == ["source"]
    assert list(bad.delta) == [2]
    assert not frame[frame.rule == "N4"].passed.any()  # same 五 text as last year


def test_corpus_stock_and_unrelated_reports():
    a, b = random_cells("2021", seed=1), random_cells("2021", seed=2)
    b[("t2", "regulations", "in_force")] = (a[("t2", "regulations", "in_force")] or 0) + (
        b[("t2", "regulations", "issued")] or 0) - (b[("t2", "regulations", "repealed")] or 0)
    reports = [make_report(a, year=2022), make_report(b, year=2023),
               make_report(b, year=2023, agency="另一个局"), make_report(a, year=2025)]
    frame = check_corpus(reports)
    assert set(frame.year) == {2023}
    s1 = frame[frame.rule == "S1"].set_index("row")
    assert bool(s1.loc["regulations", "passed"]) and s1.loc["regulations", "severity"] == "soft"


def test_format_checks_quotes_source_lines():
    values = random_cells("2021", seed=3)
    values[("t4", "review", "total")] = (values[("t4", "review", "total")] or 0) + 1
    line = " ".join(str(values[("t4", r, c)] or 0) for r in ("review", "suit_direct",
                                                             "suit_after_review")
                    for c in ("upheld", "corrected", "other", "pending", "total"))
    report = make_report(values, text="四、行政复议\n" + line)
    start = len("四、行政复议\n")
    report.cells = [Cell(c.table, c.row, c.col, c.value, c.raw, c.status, start=start,
                         end=start + 1) if c.table == "t4" else c for c in report.cells]
    report.checks = check_report(report)
    shown = format_checks(report)
    assert "✗ H4 [hard, source]" in shown and "line 2 [t4.review.upheld" in shown
    assert line in shown
    assert format_checks(Report(source="ok.txt")) == "ok.txt: all 0 checks passed"
    report.text = ""  # e.g. a report loaded from a database without its text
    assert "no source lines to quote" in format_checks(report)


def test_only_figures_the_tables_count_are_compared():
    from gkmine.checks.narrative import table_figures

    # number-first wording counts; "4宗被行政复议结果维持" is a result, not the total
    text = "2020年收到102宗政府信息公开申请，未被行政诉讼,4宗被行政复议结果维持。"
    assert [(f.quantity, f.value) for f in table_figures(text)] == [
        ("applications_new", 102), ("suits", 0), ("review_upheld", 4)]
    text = "无行政处罚案件，受理行政复议申请3件。上年结转政府信息公开申请2件，网上申请42件。"
    assert [(f.quantity, f.value) for f in table_figures(text)] == [
        ("penalty_decisions", 0), ("reviews", 3), ("applications_carried_in", 2)]
    wrapped = "共收到政府信息公开\n申请 3 件；行政复议二件。"
    assert [(f.quantity, f.value) for f in table_figures(wrapped)] == [
        ("applications_new", 3), ("reviews", 2)]


def test_corpus_pairs_agency_name_variants_but_not_ambiguous_ones():
    a, b = random_cells("2021", seed=1), random_cells("2021", seed=2)
    reports = [make_report(a, year=2022, agency="中卫医疗保障局", source="a"),
               make_report(b, year=2023, agency="中卫市医疗保障局", source="b"),
               make_report(a, year=2022, agency="医疗保障局", source="c"),
               make_report(b, year=2023, agency="银川市医疗保障局", source="d")]
    frame = check_corpus(reports)
    pairs = set(zip(frame.source_prev, frame.source, strict=True))
    assert ("a", "b") in pairs
    assert not any(prev == "c" for prev, _ in pairs)  # two candidates: ambiguous


def _merged_row_cells(printed: int, processed: int) -> list[Cell]:
    """A 2021 t3 whose （六） group is printed as the single 2019 row (as 洪泽's reports do)."""
    from gkmine.tables.extract import MERGED_ROW

    values = random_cells("2021", seed=5)
    cells = to_cells(values)
    for cell in cells:
        if cell.table == "t3" and cell.row.startswith("other_"):
            cell.status, cell.value, cell.raw = "missing", None, ""
            if cell.row == "other_other":
                cell.raw, cell.note = "0", MERGED_ROW
                if cell.col == "natural_person":
                    cell.raw = str(printed)
        if (cell.table, cell.row, cell.col) == ("t3", "total_processed", "natural_person"):
            cell.value = cell.raw = processed
    return cells


def test_a_single_printed_other_row_decides_h2():
    values = random_cells("2021", seed=5)
    processed = values[("t3", "total_processed", "natural_person")]
    others = sum(values[("t3", r, "natural_person")] or 0
                 for r in ("other_no_correction", "other_no_fee_paid", "other_other"))
    cells = _merged_row_cells(others, processed)
    h2 = [c for c in check_report(Report(source="x", cells=cells)) if c.rule == "H2"]
    assert len(h2) == 7 and all(c.passed for c in h2)
    assert "single printed （六）其他处理 row" in h2[0].message
    cells = _merged_row_cells(others + 2, processed)
    h2 = [c for c in check_report(Report(source="x", cells=cells)) if c.rule == "H2"]
    failed = [c for c in h2 if not c.passed]
    assert [(c.col, c.attribution, c.delta) for c in failed] == [("natural_person", "source",
                                                                  -2)]


def _t3_totals_left_blank() -> dict:
    """A consistent report's cells with every t3 total left blank (its counts printed)."""
    values = random_cells("2021", seed=21)
    return {k: None if k[0] == "t3" and k[2] == "total" else v for k, v in values.items()}


def test_a_total_column_left_blank_is_one_soft_omission_per_row():
    # the agency prints the parts of every t3 row but leaves the total column blank
    values = _t3_totals_left_blank()
    checks = check_report(make_report(values))
    h3 = [c for c in checks if c.rule == "H3" and not c.passed]
    assert h3 and all(c.severity == "soft" and c.attribution == "source" for c in h3)
    assert all("total is left blank" in c.message for c in h3)
    assert not [c for c in failing(checks) if c.rule == "H3"]
    # a total printed wrong stays a hard failure
    values[("t3", "new", "total")] = 1 + sum(values[("t3", "new", c)] or 0 for c in (
        "natural_person", "commercial", "research", "social_welfare", "legal_service",
        "other_org"))
    assert [c.row for c in failing(check_report(make_report(values))) if c.rule == "H3"] \
        == ["new"]


def test_totals_left_blank_count_as_their_rows_printed_counts_in_h1_and_h2():
    # the total column blank beside printed counts: an omission, not zeros, so H1 and H2 on
    # the total column hold as the other columns do (they failed as 0 = 0 + …)
    values = _t3_totals_left_blank()
    checks = check_report(make_report(values))
    assert not [c for c in checks if c.rule in ("H1", "H2") and not c.passed]
    # a count printed wrong still breaks them, and it is the agency's
    values[("t3", "new", "natural_person")] += 1
    bad = [c for c in failing(check_report(make_report(values))) if c.rule == "H1"]
    assert {c.col for c in bad} == {"natural_person", "total"}
    assert all(c.attribution == "source" for c in bad)


def test_an_undecidable_identity_is_no_hard_failure_of_the_report():
    # a cell not read leaves its identities undecided: the extraction's note, soft, listed
    # apart in the display, never counted among the report's hard failures
    from gkmine.checks._common import undecidable

    values = random_cells("2021", seed=3)
    report = make_report({})
    report.cells = with_cell(values, ("t3", "new", "natural_person"), status="missing",
                             value=None, raw="", note="row had 6 numbers")
    report.checks = check_report(report)
    open_ = [c for c in report.checks if undecidable(c)]
    assert {c.rule for c in open_} == {"H1", "H3"}
    assert all(c.severity == "soft" for c in open_)
    assert not [c for c in failing(report.checks) if c.rule.startswith("H")]
    shown = format_checks(report)
    assert f"{len(open_)} undecidable (cells not read)" in shown.splitlines()[0]


@pytest.mark.parametrize("printed", ["3", "1 2 4"])
def test_counts_apart_fail_h3_hard_whatever_the_total_column(printed):
    """A row printing its non-zero counts without their columns fails H3 whichever columns
    they stand in unless the last is the sum of the others: a doubt about the column of the
    total (placed by alignment) does not make that failure the extraction's."""
    from gkmine.tables.extract import COUNTS_APART

    values = random_cells("2021", seed=7)
    report = make_report(values)
    *counts, total = printed.split()
    cells = []
    for cell in to_cells(values):
        if cell.table == "t3" and cell.row == "disclosed":
            if cell.col == "total":
                cell = Cell("t3", "disclosed", "total", int(total), total, "number",
                            confidence=0.9, note="placed by column alignment")
            else:
                cell = Cell("t3", "disclosed", cell.col, None, " ".join(counts), "missing",
                            note=COUNTS_APART)
        cells.append(cell)
    report.cells = cells
    h3 = [c for c in check_report(report) if c.rule == "H3" and c.row == "disclosed"]
    # a total printed without any count is an omission, failing softly (see judge_identity)
    severity = "soft" if not counts else "hard"
    assert [(c.passed, c.severity, c.attribution) for c in h3] == [(False, severity, "source")]
