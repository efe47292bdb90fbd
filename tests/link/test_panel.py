"""The linked panel: key figures equal the tables, claims against cells, contradictions with
their spans, labels for every column, the store path equal to the in-memory path, the CLI."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from gkmine.link.labels import PANEL_FIGURES, RATES, panel_columns, panel_labels
from gkmine.link.panel import panel_from_reports
from gkmine.link.quantities import QUANTITIES
from gkmine.record import Cell, Meta, Report, Section
from gkmine.tables.render import random_cells


def table_sum(values: dict, cells: tuple[str, ...]) -> float:
    """The test's own reading of a sum of cells: blank is 0, as the report format says."""
    return float(sum(values[tuple(c.split("."))] or 0 for c in cells))


def report_with(values: dict, layout: str, *, prose: str = "", doc_id: str = "d") -> Report:
    text = "一、总体情况\n" + prose
    cells = [Cell(t, r, c, v, "" if v is None else str(v), "blank" if v is None else "number",
                  start=0, end=1)
             for (t, r, c), v in values.items()]
    return Report(source=f"{doc_id}.txt", doc_id=doc_id, text=text, cells=cells,
                  meta=Meta(agency="某某县医疗保障局", year=2023, layout=layout),
                  sections=[Section("overall", "一、总体情况", 0, len(text), prose, 7)])


@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("sparse", [False, "zeros"])
def test_key_figures_equal_the_tables(layout, sparse):
    reports = [report_with(random_cells(layout, seed=s, sparse=sparse), layout, doc_id=str(s))
               for s in range(8)]
    panel, bad = panel_from_reports(reports, statements=False)
    assert bad.empty and len(panel) == 8
    for report, row in zip(reports, panel.itertuples(), strict=True):
        values = {(c.table, c.row, c.col): c.value for c in report.cells}
        for name in PANEL_FIGURES:
            got = getattr(row, name)
            if name in RATES:
                numerators, denominator, _, _ = RATES[name]
                base = getattr(row, denominator)
                expected = (math.nan if base == 0
                            else sum(getattr(row, n) for n in numerators) / base)
            else:
                cells = QUANTITIES[name].cells_for(layout)
                expected = table_sum(values, cells) if cells else math.nan
            assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)
    # the named figures of the issue, read straight from the canonical cells
    first = {(c.table, c.row, c.col): c.value or 0 for c in reports[0].cells}
    row = panel.iloc[0]
    assert row.applications_new == first[("t3", "new", "total")]
    assert row.applications_processed == first[("t3", "total_processed", "total")]
    assert row.reviews == first[("t4", "review", "total")]
    assert row.suits == (first[("t4", "suit_direct", "total")]
                         + first[("t4", "suit_after_review", "total")])
    assert row.penalty_decisions == first[("t2", "penalty", "decisions")]


def test_unreadable_or_absent_cells_give_null_figures():
    values = random_cells("2021", seed=3)
    report = report_with(values, "2021")
    report.cells = [Cell(c.table, c.row, c.col, None, "x", "text") if c.id == "t3.new.total"
                    else c for c in report.cells if c.table != "t4"]
    row = panel_from_reports([report], statements=False)[0].iloc[0]
    assert math.isnan(row.applications_new) and math.isnan(row.reviews)
    assert row.applications_processed == values[("t3", "total_processed", "total")]
    nothing = Report("x.txt", doc_id="x", meta=Meta(layout="pre2019"), text="一、总体情况\n")
    row = panel_from_reports([nothing], statements=False)[0].iloc[0]
    assert all(math.isnan(row[name]) for name in PANEL_FIGURES)
    assert row.claims_checked == 0


def test_claims_agree_disagree_and_contradictions_with_spans():
    values = random_cells("2021", seed=5)
    new = values[("t3", "new", "total")] or 0
    suits = (values[("t4", "suit_direct", "total")] or 0) + (
        values[("t4", "suit_after_review", "total")] or 0)
    prose = (f"全年共收到政府信息公开申请{new}件。被提起行政诉讼{suits + 2}件。"
             "主动公开政府信息385条。")
    report = report_with(values, "2021", prose=prose)
    panel, bad = panel_from_reports([report], statements=False)
    row = panel.iloc[0]
    assert (row.claims_checked, row.claims_agree, row.claims_disagree) == (2, 1, 1)
    assert len(bad) == 1
    item = bad.iloc[0]
    assert item.quantity == "suits"
    assert item.cells == "t4.suit_direct.total+t4.suit_after_review.total"
    assert (item.claimed, item.tabled, item.delta) == (suits + 2, suits, -2)
    assert report.text[item.start:item.end] == item.claim_text == f"{suits + 2}件"
    assert item.quote == f"被提起行政诉讼{suits + 2}件。"
    assert item.section == "overall" and item.attribution == "source"


def test_a_denied_correction_is_not_a_false_contradiction():
    values = random_cells("2021", seed=6)
    values[("t4", "review", "corrected")] = 0
    values[("t4", "review", "upheld")] = values[("t4", "review", "total")] = 3
    for col in ("other", "pending"):
        values[("t4", "review", col)] = 0
    prose = "本年度未发生因政府信息公开被行政复议纠错的情况。"
    panel, bad = panel_from_reports([report_with(values, "2021", prose=prose)],
                                    statements=False)
    assert bad.empty and panel.iloc[0].claims_agree == 1


def test_the_store_reads_every_cell_n1_needs():
    """The store's panel reads only NEEDED_CELLS: carried-in columns and the parts of a blank
    total must be among them, or a consistent report shows a false contradiction there."""
    from gkmine.link.panel import NEEDED_CELLS, panel_batch, report_frames

    values = random_cells("2021", seed=7)
    for row in ("withheld_third_party", "withheld_process_info"):
        values[("t3", row, "natural_person")] = 2
        values[("t3", row, "commercial")] = 1
        values[("t3", row, "total")] = None  # printed parts, blank total
    withheld = sum((values[("t3", r, "total")] or 0) for r in (
        "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability",
        "withheld_internal_affairs", "withheld_enforcement_file", "withheld_admin_query")) + 6
    person = sum(values[("t3", r, "natural_person")] or 0 for r in ("new", "carried_in"))
    prose = f"其中自然人申请{person}件。其中不予公开{withheld}件。"
    frames = report_frames([report_with(values, "2021", prose=prose)], statements=False)
    cells = frames["cells"]
    ids = cells["table"] + "." + cells["row"] + "." + cells["col"]
    stored, _ = panel_batch({**frames, "cells": cells[ids.isin(NEEDED_CELLS)]})
    memory, _ = panel_batch(frames)
    counts = ["claims_checked", "claims_agree", "claims_disagree"]
    assert stored[counts].values.tolist() == memory[counts].values.tolist() == [[2, 2, 0]]


def test_every_column_has_a_chinese_label():
    labels = panel_labels()
    assert list(labels["column"]) == list(panel_columns())
    assert labels["label_zh"].str.contains(r"[\u4e00-\u9fff]").all()
    assert (labels["definition"].str.len() > 0).all()
    definition = labels.set_index("column").loc["disclosure_rate", "definition"]
    assert "予以公开" in definition and "部分公开" in definition and "为空" in definition


def test_seed_panel_columns_and_figures(seed_paths):
    from gkmine.pipeline import parse_document

    reports = [parse_document(p) for p in seed_paths]
    panel, _ = panel_from_reports(reports, statements=False)
    assert list(panel.columns) == list(panel_columns())
    for report, row in zip(reports, panel.itertuples(), strict=True):
        cells = {c.id: c for c in report.cells}
        assert row.applications_new == (cells["t3.new.total"].value or 0)
        assert row.agency == report.meta.agency and row.year == report.meta.year
    # every seed whose prose states a tabled figure has a claim that agrees with its table
    stated = panel[panel.claims_checked > 0]
    assert len(stated) >= 3 and (stated.claims_agree > 0).all()


@pytest.mark.slow
def test_store_panel_equals_the_in_memory_panel(tmp_path, seed_paths):
    from gkmine.config import Config
    from gkmine.engine import LocalEngine, run_analyses, run_corpus
    from gkmine.pipeline import parse_document
    from gkmine.store import Store

    db = tmp_path / "c.duckdb"
    paths = seed_paths[:2]
    run_corpus(paths, db_path=db, engine=LocalEngine(1))
    with Store(db) as store:
        done = run_analyses(store, Config(), names=["linked_panel", "panel_labels",
                                                    "panel_associations"])
        assert set(done) >= {"linked_panel", "panel_labels", "panel_associations"}
        stored = store.table("linked_panel").sort_values("doc_id").reset_index(drop=True)
        assert len(store.table("panel_labels")) == len(panel_columns())
        assert set(store.tables()) >= {"contradictions", "panel_associations"}
        has_boilerplate = "boilerplate" in store.tables()
    from gkmine.store import nulls_as_none  # the store gives None for a missing text

    memory, _ = panel_from_reports([parse_document(p) for p in paths])
    memory = nulls_as_none(memory)
    memory = memory.sort_values("doc_id").reset_index(drop=True)
    memory["source"] = stored["source"]  # the store resolves paths
    # the corpus measures exist only in the store (run by the analyses the panel reads)
    corpus_measures = ["cluster", "boilerplate_share", "reuse_prev_year",
                       "reuse_prev_year_problems"]
    if has_boilerplate:
        assert stored["boilerplate_share"].notna().all()
    pd.testing.assert_frame_equal(stored.drop(columns=corpus_measures),
                                  memory.drop(columns=corpus_measures), check_dtype=False)
    # `gkmine panel --db` streams the stored panel: the same rows, as Parquet and as JSON
    from click.testing import CliRunner

    from gkmine.cli import main

    out = tmp_path / "panel.parquet"
    result = CliRunner().invoke(main, ["panel", "--db", str(db), "--parquet", str(out)])
    assert result.exit_code == 0, result.output
    written = nulls_as_none(pd.read_parquet(out).sort_values("doc_id").reset_index(drop=True))
    pd.testing.assert_frame_equal(written, stored, check_dtype=False)
    result = CliRunner().invoke(main, ["panel", "--db", str(db), "--json"])
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert sorted(line["doc_id"] for line in lines) == list(stored["doc_id"])


def test_cli_panel_json_and_parquet(tmp_path, seed_paths):
    from click.testing import CliRunner

    from gkmine.cli import main

    result = CliRunner().invoke(main, ["panel", *map(str, seed_paths[:2]), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["source"] for line in lines] == [str(p) for p in seed_paths[:2]]
    assert all(list(line) == list(panel_columns()) for line in lines)
    out = tmp_path / "p.parquet"
    result = CliRunner().invoke(main, ["panel", *map(str, seed_paths[:2]),
                                       "--parquet", str(out)])
    assert result.exit_code == 0, result.output
    assert list(pd.read_parquet(out).columns) == list(panel_columns())
    assert CliRunner().invoke(main, ["panel"]).exit_code != 0


@pytest.mark.slow
def test_real_pdfs_key_figures_equal_their_cells(shared_dir):
    from gkmine.pipeline import parse_document

    pdfs = sorted((shared_dir / "corpora-dev" / "real-pdfs").glob("*.pdf"))
    if not pdfs:
        pytest.skip("no real PDFs")
    reports = [parse_document(p) for p in pdfs]
    panel, bad = panel_from_reports(reports, statements=False)
    for report, row in zip(reports, panel.itertuples(), strict=True):
        cells = {c.id: c.value or 0 for c in report.cells}
        assert row.applications_processed == cells["t3.total_processed.total"]
        assert row.licensing_decisions == cells["t2.licensing.decisions"]
        assert row.disclosure_rate == pytest.approx(
            (cells["t3.disclosed.total"] + cells["t3.partial.total"])
            / cells["t3.total_processed.total"])
    # each contradiction quotes the prose and points at the tabled cell's source
    for item in bad.itertuples():
        assert str(int(item.claimed)) in item.quote
        assert item.cell_src_start is not None


def test_config_carries_the_link_options():
    from gkmine.config import Config
    from gkmine.link.options import LinkOptions

    config = Config().replace(link=LinkOptions(seed=7, min_group=2))
    assert Config.from_dict(json.loads(json.dumps(config.to_dict()))) == config



def test_store_panel_does_not_depend_on_its_batches_or_parts(tmp_path, seed_paths,
                                                             monkeypatch):
    """Each input table is split once into parts of batches; any sizes give the same rows."""
    import gkmine.link.panel as panel_module
    from gkmine.engine import LocalEngine, run_corpus
    from gkmine.link.options import LinkOptions
    from gkmine.link.panel import linked_panel
    from gkmine.store import Store

    db = tmp_path / "c.duckdb"
    run_corpus(seed_paths, db_path=db, engine=LocalEngine(1))
    with Store(db) as store:
        # a contradiction planted in a claim, so that quotes are read too
        store.con.execute("update claims set value = value + 1000 where quantity = "
                          "'applications_new'")
        whole = linked_panel(store)
        monkeypatch.setattr(panel_module, "BATCHES_PER_PART", 2)
        parted = linked_panel(store, options=LinkOptions(batch_docs=1))
    assert len(whole["linked_panel"]) == len(seed_paths)
    assert whole["contradictions"]["quote"].notna().any()
    for name in ("linked_panel", "contradictions"):
        # (one document's batch has a null text column: values compared, not dtypes)
        whole_values, parted_values = (frame[name].astype(object).where(
            frame[name].notna(), None) for frame in (whole, parted))
        pd.testing.assert_frame_equal(whole_values, parted_values)


def test_store_panel_batches_without_contradictions_write(tmp_path, seed_paths):
    """A batch without contradictions after one with some: the quote column stays text (an
    empty batch once made it a float column, and the store refused to join the two)."""
    from gkmine.config import Config
    from gkmine.engine import LocalEngine, run_analyses, run_corpus
    from gkmine.link.options import LinkOptions
    from gkmine.store import Store

    db = tmp_path / "c.duckdb"
    run_corpus(seed_paths, db_path=db, engine=LocalEngine(1))
    with Store(db) as store:
        first = store.query("select min(doc_id) as d from claims")["d"][0]
        store.con.execute("update claims set value = value + 1000 where quantity = "
                          "'applications_new' and doc_id = ?", [first])
        config = Config().replace(link=LinkOptions(batch_docs=1))
        run_analyses(store, config, names=["linked_panel"])
        bad = store.table("contradictions")
        kinds = dict(store.con.execute("select column_name, data_type from "
                                       "information_schema.columns where table_name = "
                                       "'contradictions'").fetchall())
    assert set(bad["doc_id"]) == {first}
    assert kinds["quote"] == "VARCHAR"
