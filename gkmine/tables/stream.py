"""A table region as a stream of label fragments and printed values, in reading order.

Every text shape a table comes in — a row per line (``pdftotext -raw``), tab- or pipe-separated
cells, one cell per line, columns aligned by runs of spaces (``-layout``), or the grid an
HTML/DOCX/PDF file carries — becomes the same thing: a list of :class:`Item`. A ``text`` item
is a fragment of a label or header; a ``value`` item is one printed cell (a number, an n/a
mark, or an empty cell where the format shows cell boundaries). Items keep their offsets in the
analysis text, so every cell read from them can be traced back.

>>> items = text_items("规章 0 0 3\\n行政规范性文件\\t1\\t\\t2\\n", 0, 30)
>>> [(i.kind, i.text, i.status) for i in items]  # doctest: +NORMALIZE_WHITESPACE
[('text', '规章', ''), ('value', '0', 'number'), ('value', '0', 'number'),
 ('value', '3', 'number'), ('text', '行政规范性文件', ''), ('value', '1', 'number'),
 ('value', '', 'blank'), ('value', '2', 'number')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gkmine.record import Grid
from gkmine.tables.tokens import NUMBER_PATTERN, parse_value

CJK_RE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_SPACE_NA = r"/|\\|-{1,2}|—{1,2}|－|–|―|无"
_SPACE_VALUE = re.compile(rf"(?<![^\s|｜])(?:{NUMBER_PATTERN}|{_SPACE_NA})(?![^\s|｜])")
_GAP = re.compile(r"\s{2,}|\u3000+")
_PIPES = re.compile(r"[|｜]")
_PROSE_END = re.compile(r"[。；;！？]")


@dataclass
class Item:
    kind: str  # "text" | "value"
    text: str
    start: int
    end: int
    line: int
    cells: bool = False  # the line shows cell boundaries (tabs, pipes, grid)
    status: str = ""  # for values: number | na | blank | text
    value: int | float | None = None
    unit: str | None = None
    x: float | None = None  # display column in a space-aligned line
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    @property
    def prose(self) -> bool:
        """A sentence of narrative, never part of a table label."""
        if self.kind != "text":
            return False
        return bool(_PROSE_END.search(self.text)) or (
            len(self.text) > 60 and len(re.findall("[，,]", self.text)) >= 2)

    @property
    def debris(self) -> bool:
        """OCR residue or rule characters: ignored between the values of a row."""
        return self.kind == "text" and not CJK_RE.search(self.text) and len(self.text) <= 6


def _width(text: str) -> float:
    return sum(2.0 if ord(ch) >= 0x2E80 else 1.0 for ch in text)


def _value_item(raw: str, start: int, line: int, *, cells: bool, x: float | None = None,
                blank_at: int | None = None) -> Item:
    parsed = parse_value(raw)
    if parsed.status == "blank":
        at = start if blank_at is None else blank_at
        return Item("value", "", at, at, line, cells, "blank")
    stripped = raw.strip()
    offset = start + raw.index(stripped[0]) if stripped else start
    return Item("value", stripped, offset, offset + len(stripped), line, cells, parsed.status,
                parsed.value, parsed.unit, x)


def _space_items(segment: str, base: int, line: int, line_start: int, line_text: str, *,
                 cells: bool) -> list[Item]:
    """Values bounded by spaces, and the text between them split at runs of spaces."""
    out: list[Item] = []
    pos = 0
    aligned = bool(_GAP.search(line_text.strip()))
    for match in _SPACE_VALUE.finditer(segment):
        out.extend(_text_items(segment[pos:match.start()], base + pos, line, cells=cells))
        x = None
        if aligned:
            col = base + match.start() - line_start
            x = _width(line_text[:col]) + _width(match.group()) / 2
        out.append(_value_item(match.group(), base + match.start(), line, cells=cells, x=x))
        pos = match.end()
    out.extend(_text_items(segment[pos:], base + pos, line, cells=cells))
    return out


def _text_items(segment: str, base: int, line: int, *, cells: bool) -> list[Item]:
    out = []
    pos = 0
    for piece in _GAP.split(segment):
        at = segment.index(piece, pos) if piece else pos
        pos = at + len(piece)
        text = piece.strip()
        if text:
            start = base + at + piece.index(text)
            out.append(Item("text", text, start, start + len(text), line, cells))
    return out


def _split_cells(line: str, sep: re.Pattern[str]) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a tab- or pipe-separated line."""
    out, pos = [], 0
    for match in sep.finditer(line):
        out.append((pos, line[pos:match.start()]))
        pos = match.end()
    out.append((pos, line[pos:]))
    return out


def _cell_line_items(line: str, start: int, line_no: int, *, pipes: bool) -> list[Item]:
    cells = _split_cells(line, _PIPES if pipes else re.compile("\t"))
    if pipes:
        # "a | b |" and "|||": every pipe closes a cell (a bare "|" line is one empty cell);
        # "| a | b |" (markdown) also opens the first cell with a pipe
        if cells and not cells[-1][1].strip():
            cells = cells[:-1]
        if (len(cells) > 1 and not cells[0][1].strip() and line.lstrip()[:1] in "|｜"
                and any(text.strip() for _, text in cells)):
            cells = cells[1:]
    out: list[Item] = []
    pending_blanks: list[Item] = []
    for offset, text in cells:
        if not text.strip():
            blank = _value_item("", start + offset, line_no, cells=True)
            if pipes:
                out.append(blank)
            else:
                pending_blanks.append(blank)
            continue
        parsed = parse_value(text)
        if parsed.status in ("number", "na"):
            items = [_value_item(text, start + offset, line_no, cells=True)]
        else:
            items = _space_items(text, start + offset, line_no, start, line, cells=True)
        if not pipes and pending_blanks:
            # an empty tab cell counts only between two values: leading and trailing empty
            # cells are layout (merged label cells, unused columns), not blank data
            if out and out[-1].kind == "value" and items and items[0].kind == "value":
                out.extend(pending_blanks)
            pending_blanks = []
        out.extend(items)
    return out


def text_items(text: str, start: int, end: int, *, line_base: int = 0) -> list[Item]:
    """Items of ``text[start:end]``, one line at a time."""
    out: list[Item] = []
    line_no = line_base
    for match in re.finditer(r"[^\n\f]+", text[start:end]):
        line = match.group()
        if not line.strip():
            continue
        at = start + match.start()
        if "|" in line or "｜" in line:
            out.extend(_cell_line_items(line, at, line_no, pipes=True))
        elif "\t" in line:
            out.extend(_cell_line_items(line, at, line_no, pipes=False))
        else:
            out.extend(_space_items(line, at, line_no, at, line, cells=False))
        line_no += 1
    return out


def grid_items(grid: Grid, *, line_base: int = 0) -> list[Item]:
    """Items of a table grid: each row a line, each cell a value or a label fragment."""
    out: list[Item] = []
    for row_no, row in enumerate(grid.rows):
        line_no = line_base + row_no
        row_items: list[Item] = []
        for cell in row:
            if cell.spanned:
                continue
            parsed = parse_value(cell.text)
            start = cell.start if cell.start >= 0 else -1
            end = cell.end if cell.end >= 0 else -1
            if parsed.status == "text":
                text = " ".join(cell.text.split())
                item = Item("text", text, start, end, line_no, True)
            else:
                item = Item("value", cell.text.strip(), start, end, line_no, True,
                            parsed.status, parsed.value, parsed.unit)
            item.page = cell.page if cell.page is not None else grid.page
            item.bbox = cell.bbox
            if item.kind == "value" and item.status == "blank" and not row_items:
                continue  # empty cells before the row's label are the merged label column
            row_items.append(item)
        out.extend(row_items)
    return out
