"""cells_frame (tidy) and panel_frame (wide) over report records."""

from __future__ import annotations

import math

import pytest

from gkmine.keys import table_shape
from gkmine.pipeline import parse_document
from gkmine.record import Cell, Meta, Report
from gkmine.tables import cells_frame, panel_frame


@pytest.fixture(scope="module")
def seed_reports(seed_paths):
    return [parse_document(p) for p in seed_paths]


def test_cells_frame_is_tidy(seed_reports):
    frame = cells_frame(seed_reports)
    assert len(frame) == sum(len(r.cells) for r in seed_reports) == 5 * 200
    for name in ("doc_id", "source", "agency", "year", "layout", "table", "row", "col", "value",
                 "raw", "status", "confidence", "start", "end", "src_start", "src_end", "note"):
        assert name in frame.columns
    penalty = frame[(frame.row == "penalty") & (frame.col == "decisions")]
    assert sorted(penalty["value"].tolist()) == [0.0, 0.0, 0.0, 19.0, 57.0]
    assert frame["value"].dtype == "float64"
    assert frame["start"].dtype == "Int64"


def test_panel_frame_one_row_per_report(seed_reports):
    panel = panel_frame(seed_reports)
    assert len(panel) == 5
    assert list(panel.columns[:7]) == ["doc_id", "source", "agency", "year", "level",
                                       "province", "layout"]
    assert "t3.new.total" in panel.columns and "t2.procurement.amount" in panel.columns
    assert panel["t2.licensing.decisions"].max() == 636
    assert panel["t2.procurement.amount"].isna().all()  # a 2019 cell in 2021 reports


def test_panel_frame_non_numbers_are_nan_and_ids_cover_both_layouts():
    rep = Report("x", doc_id="x", meta=Meta(layout="2019", year=2020),
                 cells=[Cell("t2", "procurement", "amount", 211.509, "211.509万", "number",
                             unit="万", amount_wan=211.509),
                        Cell("t3", "other", "total", None, "/", "na")])
    panel = panel_frame([rep])
    assert panel.loc[0, "t2.procurement.amount"] == pytest.approx(211.509)
    assert math.isnan(panel.loc[0, "t3.other.total"])
    every_id = {f"{t}.{r}.{c}" for lay in ("2021", "2019") for t in ("t2", "t3", "t4")
                for r, c in table_shape(t, lay)}
    assert every_id <= set(panel.columns)


def test_empty_input_gives_empty_frames():
    assert len(cells_frame([])) == 0 and len(panel_frame([])) == 0
