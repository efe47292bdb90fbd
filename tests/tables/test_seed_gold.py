"""Every cell of the five seed reports against the hand-read gold (tests/gold/seed_cells)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkmine.pipeline import parse_document
from gkmine.record import SourceDoc, TextMap
from gkmine.tables import extract_cells

GOLD = Path(__file__).resolve().parents[1] / "gold" / "seed_cells"
SEEDS = Path(__file__).resolve().parents[2] / "corpora" / "seeds"
STEMS = sorted(p.stem for p in GOLD.glob("*.json"))


def _gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def _key(cell) -> tuple:
    return (cell.table, cell.row, cell.col, cell.value, cell.status)


def _gold_keys(gold: dict) -> list[tuple]:
    return [(c["table"], c["row"], c["col"], c["value"], c["status"]) for c in gold["cells"]]


@pytest.fixture(scope="module")
def parsed() -> dict:
    return {stem: parse_document(SEEDS / f"{stem}.txt") for stem in STEMS}


def test_gold_covers_every_seed(seed_paths):
    assert STEMS == sorted(p.stem for p in seed_paths)
    assert all(len(_gold(stem)["cells"]) == 200 for stem in STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_seed_cells_end_to_end(parsed, stem):
    report = parsed[stem]
    assert report.status != "error", report.error
    assert report.meta.layout == "2021"
    assert [_key(c) for c in report.cells] == _gold_keys(_gold(stem))


@pytest.mark.parametrize("stem", STEMS)
def test_seed_cells_from_raw_text_without_sections(stem):
    """The extractor alone, on the text exactly as extracted and with no section help."""
    text = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    doc = SourceDoc(stem, "text", TextMap.identity(text))
    cells = extract_cells(doc, [], "2021")
    assert [_key(c) for c in cells] == _gold_keys(_gold(stem))


@pytest.mark.parametrize("stem", STEMS)
def test_seed_confidence_marks_inference(parsed, stem):
    inferred = set(_gold(stem)["inferred_rows"].get("t3", []))
    for cell in parsed[stem].cells:
        if cell.table == "t3" and cell.row in inferred:
            assert cell.confidence < 1 and "H3" in cell.note, cell
        else:
            assert cell.confidence == 1 and cell.note == "", cell


@pytest.mark.parametrize("stem", STEMS)
def test_seed_provenance(parsed, stem):
    report = parsed[stem]
    original = (SEEDS / f"{stem}.txt").read_text(encoding="utf-8")
    for cell in report.cells:
        assert cell.start is not None and cell.src_start is not None, cell
        if cell.confidence == 1:
            assert report.text[cell.start:cell.end] == cell.raw
            assert original[cell.src_start:cell.src_end] == cell.raw
        else:  # the span of the row's printed numbers
            assert "0" in report.text[cell.start:cell.end]
