"""DOCX files → extracted text + table grids (python-docx).

Paragraphs and tables are read in body order by walking the body XML children. python-docx
returns the same cell object for every position a merged cell covers: repeats are marked
``spanned=True`` and render empty, like HTML spans.
"""

from __future__ import annotations

import io

from gkmine.errors import ReadError
from gkmine.read.grids import clean_cell, render_grid
from gkmine.read.html import Extraction

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, *, source: str) -> Extraction:
    """Extract a .docx; raises E111 when the package is damaged."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises many kinds for a broken package
        raise ReadError("E111", source, f"the DOCX package is damaged ({type(err).__name__}: "
                        f"{err})") from None
    parts: list[str] = []
    length = 0
    grids = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            line = Paragraph(child, document).text + "\n"
        elif child.tag == f"{_W}tbl":
            table = Table(child, document)
            cells, spans = _table_cells(table)
            if not cells:
                continue
            line, grid = render_grid(cells, origin="docx", offset=length, spans=spans)
            line += "\n"
            grids.append(grid)
        else:
            continue
        parts.append(line)
        length += len(line)
    return Extraction("".join(parts), grids, {})


def _table_cells(table) -> tuple[list[list[str | None]], list[list[tuple[int, int] | None]]]:
    """Cell texts with ``None`` at merged repeats, and where each repeat comes from."""
    seen: dict[object, tuple[int, int]] = {}  # keyed by the <w:tc> element (kept alive)
    cells: list[list[str | None]] = []
    spans: list[list[tuple[int, int] | None]] = []
    for r, row in enumerate(table.rows):
        out: list[str | None] = []
        src: list[tuple[int, int] | None] = []
        for c, cell in enumerate(row.cells):
            key = cell._tc
            if key in seen:
                out.append(None)
                src.append(seen[key])
            else:
                seen[key] = (r, c)
                out.append(clean_cell("\n".join(p.text for p in cell.paragraphs)))
                src.append(None)
        cells.append(out)
        spans.append(src)
    width = max((len(r) for r in cells), default=0)
    for r in range(len(cells)):
        cells[r] += [""] * (width - len(cells[r]))
        spans[r] += [None] * (width - len(spans[r]))
    return cells, spans
