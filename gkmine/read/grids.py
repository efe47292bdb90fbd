"""Table grids: span expansion, rendering into the text as tab-separated lines, and locating
each cell in the analysis text after normalisation.

A grid is rendered one line per row with cells joined by ``\\t``; a position filled by a
rowspan/colspan expansion renders empty (so the columns line up, as text extractors print
merged cells) and its :class:`GridCell` repeats the text and offsets of the cell it copies.

>>> text, grid = render_grid([["a", "b"], ["c", None]], origin="html", offset=0)
>>> text
'a\\tb\\nc\\t'
>>> [(c.text, c.start, c.end, c.spanned) for c in grid.rows[1]]
[('c', 4, 5, False), ('c', 4, 5, True)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gkmine.record import Grid, GridCell, TextMap

_WS = re.compile(r"\s+")
_CJK_WRAP = re.compile(r"(?<=[\u4e00-\u9fff（）、，])[ \t]*\n\s*(?=[\u4e00-\u9fff（）、，])")


def clean_cell(text: str) -> str:
    """One line of text per cell: a line break between CJK characters is a wrap and goes;
    other runs of whitespace become single spaces.

    >>> clean_cell(" 本年制发\\n件数 "), clean_cell("a\\tb")
    ('本年制发件数', 'a b')
    """
    return _WS.sub(" ", _CJK_WRAP.sub("", text)).strip()


@dataclass
class RawCell:
    """A cell as the format gives it, before expansion."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    bbox: tuple[float, float, float, float] | None = None


def expand_spans(rows: list[list[RawCell]]) -> list[list[RawCell | None | tuple[int, int]]]:
    """Lay cells out on a rectangular grid; covered positions hold the (row, col) of their cell.

    >>> g = expand_spans([[RawCell("a", rowspan=2), RawCell("b")], [RawCell("c")]])
    >>> [[x.text if isinstance(x, RawCell) else x for x in row] for row in g]
    [['a', 'b'], [(0, 0), 'c']]
    """
    layout: dict[tuple[int, int], RawCell | tuple[int, int]] = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in layout:
                c += 1
            rs, cs = max(1, min(cell.rowspan, 500)), max(1, min(cell.colspan, 100))
            for dr in range(rs):
                for dc in range(cs):
                    layout[(r + dr, c + dc)] = cell if (dr, dc) == (0, 0) else (r, c)
            c += cs
    n_rows = len(rows)
    n_cols = max((c for (r, c) in layout if r < n_rows), default=-1) + 1
    return [[layout.get((r, c)) for c in range(n_cols)] for r in range(n_rows)]


def render_grid(cells: list[list[str | None]], *, origin: str, offset: int,
                page: int | None = None,
                bboxes: list[list[tuple[float, float, float, float] | None]] | None = None,
                spans: list[list[tuple[int, int] | None]] | None = None,
                ) -> tuple[str, Grid]:
    """Render a rectangular grid; ``None`` cells (or ``spans`` entries) are expansions.

    ``spans[r][c]`` names the (row, col) a covered position copies; when absent, a ``None``
    copies its left neighbour (or the cell above for the first column).
    """
    lines: list[str] = []
    grid_rows: list[list[GridCell]] = []
    pos = offset
    for r, row in enumerate(cells):
        parts: list[str] = []
        out_row: list[GridCell] = []
        for c, value in enumerate(row):
            if c:
                pos += 1  # the tab
            bbox = bboxes[r][c] if bboxes else None
            if value is None:
                src = spans[r][c] if spans and spans[r][c] else None
                if src is None:
                    src = (r, c - 1) if c else (r - 1, c)
                orig = (grid_rows[src[0]][src[1]] if src[0] < r else out_row[src[1]]) \
                    if src[0] >= 0 and src[1] >= 0 else GridCell("")
                out_row.append(GridCell(orig.text, orig.start, orig.end, page,
                                        bbox or orig.bbox, spanned=True))
                parts.append("")
                continue
            text = clean_cell(value)
            out_row.append(GridCell(text, pos if text else -1, pos + len(text) if text else -1,
                                    page, bbox))
            parts.append(text)
            pos += len(text)
        pos += 1  # the newline
        lines.append("\t".join(parts))
        grid_rows.append(out_row)
    text = "\n".join(lines)
    return text, Grid(grid_rows, origin, offset, offset + len(text), page)


def locate_grids(grids: list[Grid], textmap: TextMap) -> list[Grid]:
    """Move grid offsets from the extracted text into the analysis text (in place)."""
    text = textmap.text
    for grid in grids:
        if grid.start >= 0:
            grid.start, grid.end = _forward(textmap, grid.start, grid.end)
        for row in grid.rows:
            for cell in row:
                if cell.start < 0:
                    continue
                start, end = _forward(textmap, cell.start, cell.end)
                if end > start:
                    cell.start, cell.end = start, end
                    cell.text = text[start:end]
                else:
                    cell.start = cell.end = -1
    return grids


def _forward(textmap: TextMap, start: int, end: int) -> tuple[int, int]:
    return textmap.from_original(start), textmap.from_original(end)
