"""Reports printed to PDF by Chromium (Skia), as agencies print a web page: every cell read.

Chromium draws each table border as three lines 0.6 pt apart and breaks a long table across
pages wherever the paper ends. The page setups here are ones that broke the reading before:
at scale 0.8 on A4 the borders of t3 pulled a column line of t4 under the next column's
number; on Letter, t3 breaks over two pages and the borders of t2 above made the labels of
the rows before the break vanish.
"""

from __future__ import annotations

import pdfplumber
import pytest

from gkmine.pipeline import parse_document
from gkmine.tables.render import random_cells, render_report

pytestmark = pytest.mark.slow

PAGE_SETUPS = {
    "a4-scaled": {"format": "A4", "scale": 0.8,
                  "margin": {"top": "2cm", "bottom": "2cm", "left": "2cm", "right": "2cm"}},
    "letter": {"format": "Letter",
               "margin": {"top": "1in", "bottom": "1in", "left": "1in", "right": "1in"}},
}


def _printed(chromium, html: str, setup: str) -> bytes:
    page = chromium.new_page()
    try:
        page.set_content(html)
        return page.pdf(**PAGE_SETUPS[setup])
    finally:
        page.close()


@pytest.mark.parametrize(("setup", "seed", "sparse"),
                         [("a4-scaled", 4, False), ("letter", 6, "zeros")])
def test_every_cell_of_a_chromium_pdf(chromium, tmp_path, setup, seed, sparse):
    cells = random_cells("2019", seed=seed, sparse=sparse)
    html = render_report(cells, "2019", "html", agency="某某市生态环境局", year=2020)
    path = tmp_path / f"{setup}.pdf"
    path.write_bytes(_printed(chromium, html, setup))
    report = parse_document(path)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2  # the tables run over pages
    got = {(c.table, c.row, c.col): c for c in report.cells}
    wrong = {key: (value, got[key].status, got[key].value) for key, value in cells.items()
             if not ((value is None and got[key].status == "blank")
                     or (value is not None and got[key].status == "number"
                         and got[key].value == value))}
    assert wrong == {}
    assert not [c for c in report.checks if c.rule.startswith("H") and not c.passed]
