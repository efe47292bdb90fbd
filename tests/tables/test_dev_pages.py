"""Tables in the openings of real reports (corpora-dev/pages): the rows each page shows.

Most pages stop inside section 一 or inside table 二, so only the rows they print are checked;
the rest must be ``missing``, never invented.
"""

from __future__ import annotations

import pytest

from gkmine.read import read_string
from gkmine.record import SourceDoc, TextMap
from gkmine.structure import find_sections
from gkmine.tables import extract_cells


def _page(dev_pages, name: str) -> dict:
    return next(p for p in dev_pages if p["file"] == f"{name}.txt")


def _cells(doc: SourceDoc, layout: str) -> dict:
    return {c.id: c for c in extract_cells(doc, find_sections(doc).sections, layout)}


def _read(dev_pages, name: str) -> SourceDoc:
    return read_string(_page(dev_pages, name)["text"], source=name)


def _raw(dev_pages, name: str) -> SourceDoc:
    return SourceDoc(name, "text", TextMap.identity(_page(dev_pages, name)["text"]))


@pytest.mark.parametrize("reader", [_read, _raw])
def test_p011_one_cell_per_line(dev_pages, reader):
    cells = _cells(reader(dev_pages, "p011"), "2021")
    t2 = {k: c.value for k, c in cells.items() if k.startswith("t2.")}
    assert t2 == {"t2.regulations.issued": 0, "t2.regulations.repealed": 0,
                  "t2.regulations.in_force": 0, "t2.normative_docs.issued": 0,
                  "t2.normative_docs.repealed": 0, "t2.normative_docs.in_force": 0,
                  "t2.licensing.decisions": 9, "t2.penalty.decisions": 47,
                  "t2.coercion.decisions": 0, "t2.admin_fees.amount_wan": 0.0}
    # the page stops after six numbers of t3 row 一: too few to place, nothing invented
    assert all(c.status == "missing" for k, c in cells.items() if k.startswith("t4."))
    assert cells["t3.disclosed.total"].status == "missing"


@pytest.mark.parametrize("reader", [_read, _raw])
def test_p068_pipe_rows(dev_pages, reader):
    cells = _cells(reader(dev_pages, "p068"), "2021")
    assert [cells[f"t2.regulations.{c}"].value for c in ("issued", "repealed", "in_force")] == [
        0, 0, 0]
    assert cells["t2.normative_docs.in_force"].status == "number"
    assert cells["t2.licensing.decisions"].status == "missing"  # the page ends before it


@pytest.mark.parametrize("reader", [_read, _raw])
def test_p093_pipe_rows_2019_with_empty_cells(dev_pages, reader):
    cells = _cells(reader(dev_pages, "p093"), "2019")
    assert [cells[f"t2.regulations.{c}"].status for c in ("made", "published", "public_total")] \
        == ["blank"] * 3
    assert cells["t2.normative_docs.made"].value == 11
    assert cells["t2.normative_docs.published"].status == "blank"


@pytest.mark.parametrize("reader", [_read, _raw])
def test_p088_one_cell_per_line_2019_units_and_signs(dev_pages, reader):
    cells = _cells(reader(dev_pages, "p088"), "2019")
    values = {k: c.value for k, c in cells.items() if k.startswith("t2.") and c.value is not None}
    assert values == {
        "t2.licensing.prev_count": 18, "t2.licensing.change": -2,
        "t2.licensing.decisions": 16368, "t2.other_services.prev_count": 21,
        "t2.other_services.change": 1, "t2.other_services.decisions": 0,
        "t2.penalty.prev_count": 1119, "t2.penalty.change": 124, "t2.penalty.decisions": 73,
        "t2.coercion.prev_count": 46, "t2.coercion.change": 0, "t2.coercion.decisions": 16,
        "t2.admin_fees.prev_count": 0, "t2.admin_fees.change": 0,
        "t2.procurement.projects": 53, "t2.procurement.amount": 211.509}
    assert cells["t2.licensing.decisions"].unit == "件"
    assert cells["t2.procurement.amount"].amount_wan == pytest.approx(211.509)
    assert all(cells[f"t2.{r}.{c}"].status == "blank" for r in ("regulations", "normative_docs")
               for c in ("made", "published", "public_total"))


def test_pages_without_tables_invent_nothing(dev_pages):
    invented = []
    for page in dev_pages:
        if page["file"] in ("p011.txt", "p068.txt", "p088.txt", "p093.txt"):
            continue
        doc = read_string(page["text"], source=page["file"])
        layout = "2019" if page["year"] in ("2019", "2020") else "2021"
        cells = extract_cells(doc, find_sections(doc).sections, layout)
        invented += [f"{page['file']}:{c.id}" for c in cells if c.status == "number"]
    assert invented == []
