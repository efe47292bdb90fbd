"""X1/S1/N4 across years: one agency identity, N4 on the corpus's reuse mechanism."""

from __future__ import annotations

from gkmine.checks.corpus import check_corpus, copy_check, pair_reports
from gkmine.record import Meta, Report, Section
from gkmine.structure.identity import agency_identity

PROBLEMS = ("存在的主要问题：一是信息更新不够及时，部分栏目内容长期未更新；二是政策解读形式单一，"
            "图解视频等解读方式运用较少。改进措施：建立栏目定期巡查机制，丰富政策解读形式。")
REWRITTEN = ("存在的主要问题：工作人员业务能力有待提升，对条例理解不够深入。"
             "改进措施：组织专题培训，"
             "邀请专家授课，开展案例交流，提高依法公开水平。")


def report(source: str, agency: str, year: int, problems: str, **places) -> Report:
    text = "五、存在的主要问题及改进情况\n" + problems
    return Report(source=source, text=text, meta=Meta(agency=agency, year=year, **places),
                  sections=[Section("problems", "五、存在的主要问题及改进情况", 0, len(text),
                                    problems, body_start=15)])


def test_one_identity_for_name_variants_and_metadata():
    full = agency_identity("宁夏回族自治区中卫市沙坡头区医疗保障局")
    assert agency_identity("沙坡头区医保局", province="宁夏回族自治区") == full
    assert agency_identity("区医疗保障局", province="宁夏回族自治区", city="中卫市",
                           county="沙坡头区") == full
    assert agency_identity("利通区医疗保障局") != full
    assert agency_identity("中卫市医疗保障局") != full  # the city's bureau, not the county's


def test_pairs_follow_the_identity_across_name_forms():
    prev = report("a", "中卫市沙坡头区医疗保障局", 2023, PROBLEMS)
    cur = report("b", "沙坡头区医保局", 2024, REWRITTEN, province="宁夏回族自治区",
                 city="中卫市")
    other = report("c", "利通区医疗保障局", 2024, PROBLEMS)
    assert [(p.source, c.source) for p, c in pair_reports([cur, other, prev])] == [("a", "b")]


def test_n4_measures_sentence_reuse_from_last_year():
    prev = report("a", "甲县教育局", 2023, PROBLEMS)
    copied = report("b", "甲县教育局", 2024, PROBLEMS.replace("一是", "1.").replace("二是", "2."))
    fresh = report("c", "甲县教育局", 2024, REWRITTEN)
    [bad] = copy_check(prev, copied)
    assert not bad.passed and bad.actual == 100.0 and bad.attribution == "source"
    assert "reappear" in bad.message
    [good] = copy_check(prev, fresh)
    assert good.passed and good.actual < 50.0
    frame = check_corpus([prev, copied])
    assert frame[frame.rule == "N4"]["passed"].tolist() == [False]


def test_a_report_pairs_with_at_most_three_of_the_year_before():
    """Five reports of one agency a year (the same report on several sites, agencies the
    metadata cannot tell apart) make three pairs per report, not every combination."""
    from gkmine.rhetoric.reuse import reuse_tables_from_reports
    from gkmine.structure.identity import MAX_PREVIOUS_REPORTS

    reports = []
    for year in (2023, 2024):
        for i in range(5):
            rep = report(f"{year}-{i}", "中卫市沙坡头区医疗保障局", year, PROBLEMS)
            rep.doc_id = f"{year}-{i}"
            reports.append(rep)
    pairs = pair_reports(reports)
    assert len(pairs) == 5 * MAX_PREVIOUS_REPORTS
    assert {p.doc_id for p, _ in pairs} == {"2023-0", "2023-1", "2023-2"}
    # year-over-year reuse pairs the same reports
    yoy = reuse_tables_from_reports(reports)["reuse_yoy"]
    assert set(zip(yoy["prev_doc_id"], yoy["doc_id"], strict=True)) == {
        (p.doc_id, c.doc_id) for p, c in pairs}


def test_stored_checks_do_not_depend_on_the_parts_of_the_cells_table(tmp_path, monkeypatch):
    """The cells are split once into parts of pair batches; any part size gives the rows."""
    import pandas as pd

    import gkmine.checks.analyses as analyses
    from gkmine.config import Config
    from gkmine.record import Cell
    from gkmine.store import Store

    reports = []
    for agency in ("甲县教育局", "乙县教育局", "丙县民政局"):
        for year in (2021, 2022, 2023):
            rep = report(f"{agency}{year}.txt", agency, year, PROBLEMS)
            rep.doc_id = f"{agency}{year}"
            rep.meta.layout = "2021"
            # 甲 carries over what it carried out; the others do not
            carried_in = (year - 1) % 5 if agency.startswith("甲") else year % 7
            rep.cells = [Cell("t3", row, "total", v, str(v), "number")
                         for row, v in (("carried_in", carried_in), ("carried_out", year % 5))]
            reports.append(rep)
    with Store(tmp_path / "c.duckdb") as store:
        store.write_reports(reports)
        store.replace_table("reuse_yoy", pd.DataFrame(
            columns=["prev_doc_id", "doc_id", "section", "reuse", "n_sentences"]))
        whole = pd.concat(analyses.build_corpus_checks(store, Config()), ignore_index=True)
        monkeypatch.setattr(analyses, "PAIR_BATCH", 1)
        monkeypatch.setattr(analyses, "BATCHES_PER_PART", 2)
        parted = pd.concat(analyses.build_corpus_checks(store, Config()), ignore_index=True)
    assert len(whole) == 3 * 2  # X1 of each agency's two pairs
    assert (~whole["passed"]).any() and whole["passed"].any()
    # (a batch whose attributions are all null gives an object column: values compared)
    def values(frame):
        return frame.astype(object).where(frame.notna(), None)

    pd.testing.assert_frame_equal(values(whole), values(parted))
