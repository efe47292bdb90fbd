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
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import pairwise

from gkmine.read.normalize import CJK, display_width
from gkmine.record import Grid, GridCell, TextMap
from gkmine.tables.tokens import NUMBER_PATTERN, parse_value

CJK_RE = re.compile(f"[{CJK}]")
_SPACE_NA = r"/|\\|-{1,2}|—{1,2}|－|–|―|无"
_SPACE_VALUE = re.compile(rf"(?<![^\s|｜])(?:{NUMBER_PATTERN}|{_SPACE_NA})(?![^\s|｜])")
_GAP = re.compile(r"\s{2,}|\u3000+")
_PIPES = re.compile(r"[|｜]")
_PROSE_END = re.compile(r"[。；;！？]")
#: CJK glyphs OCR makes of rules, boxes and specks, when they stand alone
_RULE_GLYPHS = re.compile(r"[丨囗、，·\u2500-\u257f\s]{1,3}")


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
    #: display columns (CJK = 2) of the item's edges in a space-aligned line (``-layout``),
    #: measured in the text as extracted, before indentation was dropped
    x0: float | None = None
    x1: float | None = None
    #: the same edges counted in characters: ``pdftotext -layout`` sets every character, CJK
    #: or not, on one grid step, so its columns line up by character count
    cx0: float | None = None
    cx1: float | None = None
    #: an empty tab cell at the edge of a row's values: a blank cell or just layout (merged
    #: label columns, unused columns); the row decides (see ``extract._resolve_soft``)
    soft: bool = False
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    @property
    def x(self) -> float | None:
        return None if self.x0 is None or self.x1 is None else (self.x0 + self.x1) / 2

    @property
    def prose(self) -> bool:
        """A sentence of narrative, never part of a table label."""
        if self.kind != "text":
            return False
        return bool(_PROSE_END.search(self.text)) or (
            len(self.text) > 60 and len(re.findall("[，,]", self.text)) >= 2)

    @property
    def debris(self) -> bool:
        """OCR residue or rule characters: ignored between the values of a row. OCR reads a
        ruling line or a box as a CJK character (``丨``, ``囗``) or a speck as a comma
        (``、``): alone, they are debris too."""
        return self.kind == "text" and ((not CJK_RE.search(self.text) and len(self.text) <= 6)
                                        or _RULE_GLYPHS.fullmatch(self.text) is not None)


def _width(text: str) -> float:
    return float(display_width(text))


def _value_item(raw: str, start: int, line: int, *, cells: bool,
                blank_at: int | None = None) -> Item:
    parsed = parse_value(raw)
    if parsed.status == "blank":
        at = start if blank_at is None else blank_at
        return Item("value", "", at, at, line, cells, "blank")
    stripped = raw.strip()
    offset = start + raw.index(stripped[0]) if stripped else start
    return Item("value", stripped, offset, offset + len(stripped), line, cells, parsed.status,
                parsed.value, parsed.unit)


def _space_items(segment: str, base: int, line: int, *, cells: bool) -> list[Item]:
    """Values bounded by spaces, and the text between them split at runs of spaces."""
    out: list[Item] = []
    pos = 0
    for match in _SPACE_VALUE.finditer(segment):
        out.extend(_text_items(segment[pos:match.start()], base + pos, line, cells=cells))
        out.append(_value_item(match.group(), base + match.start(), line, cells=cells))
        pos = match.end()
    out.extend(_text_items(segment[pos:], base + pos, line, cells=cells))
    return out


#: a number glued to the end of a label: a converter puts no space after a label that fills
#: its cell (``其他对外管理服务事项0 0 0``); a leading zero (``事项03``) is a fused row's
#: cells, left to :mod:`gkmine.tables.fused`
_GLUED_VALUE = re.compile(rf"(?<=[{CJK}）)”」\"])[+\-]?(?:0|[1-9]\d*)(?:\.\d+)?$")


def split_glued_value(item: Item, *, cells: bool = False) -> tuple[Item, Item] | None:
    """A text item whose label ends in a glued number, as its label and that value.

    >>> label, value = split_glued_value(Item("text", "行政事业性收费940", 5, 15, 0))
    >>> (label.text, label.end), (value.text, value.start, value.value)
    (('行政事业性收费', 12), ('940', 12, 940))
    """
    glued = _GLUED_VALUE.search(item.text) if item.kind == "text" else None
    if glued is None:
        return None
    label = replace(item, text=item.text[:glued.start()], end=item.start + glued.start())
    value = _value_item(glued.group(), item.start + glued.start(), item.line, cells=cells)
    if item.x0 is not None and item.cx0 is not None:  # a space-aligned line: each its share
        label.x1 = value.x0 = item.x0 + _width(label.text)
        label.cx1 = value.cx0 = item.cx0 + len(label.text)
        value.x1, value.cx1 = item.x1, item.cx1
    return label, value


def _unglued_first(items: list[Item]) -> list[Item]:
    """``items`` with the number glued to the end of a label split off as a value of its
    own where values follow it (on its line or the next: a cell per line).

    >>> [(i.kind, i.text) for i in text_items("其他对外管理服务事项0 0 3", 0, 16)]
    [('text', '其他对外管理服务事项'), ('value', '0'), ('value', '0'), ('value', '3')]
    >>> [(i.kind, i.text) for i in text_items("规章 0\\n事项0\\n0\\n", 0, 12)][2:]
    [('text', '事项'), ('value', '0'), ('value', '0')]
    """
    out: list[Item] = []
    for k, item in enumerate(items):
        after = items[k + 1] if k + 1 < len(items) else None
        split = (split_glued_value(item, cells=item.cells)
                 if after is not None and after.kind == "value" else None)
        out.extend(split or (item,))
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
            items = _space_items(text, start + offset, line_no, cells=True)
        if pending_blanks:
            # empty tab cells between two values are blank cells; before the first value or
            # after the last one they are blank cells or layout (merged label columns, unused
            # columns): "soft", decided per row
            if items and items[0].kind == "value":
                between = bool(out) and out[-1].kind == "value"
                for blank in pending_blanks:
                    blank.soft = not between
                out.extend(pending_blanks)
            pending_blanks = []
        out.extend(items)
    if pending_blanks and out:
        for blank in pending_blanks:
            blank.soft = True
        out.extend(pending_blanks)
    return out


def _set_columns(items: list[Item], textmap: TextMap | None, text: str) -> None:
    """Display columns of the items of one space-aligned line, in the text as extracted (a
    piece of a hard-wrapped line counted from the start of the whole line)."""
    source = textmap.original if textmap is not None else text
    wraps = wrapped_lines(source)
    for item in items:
        if item.start < 0 or item.end <= item.start:
            continue
        if textmap is not None:
            begin, finish = textmap.to_original(item.start, item.end)
        else:
            begin, finish = item.start, item.end
        line_start = source.rfind("\n", 0, begin) + 1
        _, dx, dcx = wraps.get(line_start, (line_start, 0, 0))
        item.x0 = dx + _width(source[line_start:begin])
        item.x1 = item.x0 + _width(source[begin:finish])
        item.cx0, item.cx1 = float(dcx + begin - line_start), float(dcx + finish - line_start)


#: a text hard-wrapped at a fixed width W: at least this many lines of exactly W characters,
#: this many times as many as of any other length, with this many of them ending in a space
#: (a line cut inside a run of spaces: no extraction tool ends a line of its own so), and
#: at most this share of the lines (a text that pads every line to one width is not cut)
_MIN_WRAPS, _WRAP_SPIKE, _MIN_SPACE_BREAKS, _MAX_WRAP_SHARE = 8, 2, 4, 0.8
_MIN_WRAP_WIDTH = 16


@lru_cache(maxsize=4)
def wrapped_lines(source: str) -> dict[int, tuple[int, float, int]]:
    """The pieces of lines that a careless conversion hard-wrapped at a fixed width: start
    offset of each continuation line -> (start of the whole line's first piece, display
    width and characters of the pieces before it). See ``_MIN_WRAPS`` for when a text is
    taken as hard-wrapped; then a line of exactly the wrap width continues on the next,
    surely when it ends in a space, else when the next line's words then stand where the
    other lines' words do (a line may be that long and whole: see :func:`_aligns_shifted`).

    >>> row = "行政规范性文件      1      \\n2\\n"
    >>> wraps = wrapped_lines(row * 8)
    >>> len(wraps), wraps[21]
    (8, (0, 27.0, 20))
    >>> wrapped_lines(row.replace(" \\n", "") * 8)  # rows of one width, each whole
    {}
    >>> wrapped_lines(row.replace("\\n2", "") * 8)  # every line padded to one width
    {}
    """
    starts = [0] + [m.end() for m in re.finditer("\n", source)]
    lines = source.split("\n")
    lengths = Counter(len(line) for line in lines if len(line) >= _MIN_WRAP_WIDTH)
    if not lengths:
        return {}
    (width, count), *rest = lengths.most_common(2)
    breaks = [k for k, (line, nxt) in enumerate(pairwise(lines)) if len(line) == width and nxt]
    spaced = sum(lines[k][-1:].isspace() for k in breaks)
    if (count < _MIN_WRAPS or (rest and count < _WRAP_SPIKE * rest[0][1])
            or spaced < _MIN_SPACE_BREAKS
            or count > _MAX_WRAP_SHARE * sum(bool(line.strip()) for line in lines)):
        return {}
    # a line ending in a space was cut; a full line that ends otherwise may be whole: its
    # next line continues it when its words then stand where the other lines' words do
    sure = {k for k in breaks if lines[k][-1:].isspace()}
    offset: dict[int, int] = {}
    for k in sorted(sure):
        offset[k + 1] = offset.get(k, 0) + len(lines[k])
    unsure = set(breaks) - sure
    starts_at = Counter((offset.get(k, 0) + m.start(), _is_number(m.group()))
                        for k, line in enumerate(lines) if k - 1 not in unsure
                        for m in _TOKEN.finditer(line))
    out: dict[int, tuple[int, float, int]] = {}
    for k in breaks:
        head, dx, dcx = out.get(starts[k], (starts[k], 0.0, 0))
        shift = dcx + len(lines[k])
        if k not in sure and not _aligns_shifted(lines[k + 1], shift, starts_at):
            continue
        out[starts[k + 1]] = (head, dx + _width(lines[k]), shift)
    return out


_TOKEN = re.compile(r"\S+")
_NUMBER = re.compile(NUMBER_PATTERN)


def _aligns_shifted(line: str, shift: int, starts_at: Counter) -> bool:
    """Whether the words of ``line`` (but a first one a cut may have split) start where
    the words of the text's whole lines do more often when shifted by ``shift`` characters
    (a continuation) than where they stand (a line of its own that follows a line which
    happens to be as long as the wrap width); of numbers, where numbers do. With no
    evidence either way, a continuation.

    >>> at = Counter({(11, False): 3, (40, True): 5})
    >>> _aligns_shifted("           （三）不", 34, at), _aligns_shifted("      6", 34, at)
    (False, True)
    """
    words = [(m.start(), _is_number(m.group())) for m in _TOKEN.finditer(line)]
    words = words[0 if line[:1].isspace() else 1:]
    if not words:
        return True
    shifted = sum(starts_at[c + shift, number] for c, number in words)
    return shifted >= sum(starts_at[c, number] for c, number in words)


def _is_number(word: str) -> bool:
    return _NUMBER.fullmatch(word) is not None


def by_characters(items: list[Item]) -> list[Item]:
    """Copies of ``items`` whose display columns are their character columns (see
    :attr:`Item.cx0`), to align a table whose extractor counts every character as one step.

    >>> text = "维持  纠正\\n5     1"
    >>> items = text_items(text, 0, len(text))
    >>> [i.x0 for i in items], [i.x0 for i in by_characters(items)]
    ([0.0, 6.0, 0.0, 6.0], [0.0, 4.0, 0.0, 6.0])
    """
    return [replace(it, x0=it.cx0, x1=it.cx1) if it.cx0 is not None else it for it in items]


def text_items(text: str, start: int, end: int, *, line_base: int = 0,
               textmap: TextMap | None = None) -> list[Item]:
    """Items of ``text[start:end]``, one line at a time.

    With ``textmap`` (whose ``text`` is ``text``), items of space-aligned lines get their
    display columns in the original text, where indentation still shows the columns.
    """
    out: list[Item] = []
    line_no = line_base
    # a bare pipe on a line of its own is an empty cell where the table draws its cells with
    # pipes, and an OCR speck of a ruling line where no other line does
    piped = any(_PIPES.search(m.group()) and _PIPES.sub("", m.group()).strip()
                for m in re.finditer(r"[^\n\f]+", text[start:end]))
    source = textmap.original if textmap is not None else text
    wraps = wrapped_lines(source)
    pieces = set(wraps) | {head for head, _, _ in wraps.values()}
    line_of: dict[int, int] = {}  # start of a line as extracted -> its line number
    for match in re.finditer(r"[^\n\f]+", text[start:end]):
        line = match.group()
        if not line.strip():
            continue
        at = start + match.start()
        begin = textmap.to_original(at, at)[0] if textmap is not None else at
        extracted = source.rfind("\n", 0, begin) + 1
        # the pieces of a hard-wrapped line are one line again
        number = line_of.get(wraps[extracted][0], line_no) if extracted in wraps else line_no
        line_of[extracted] = number
        if _PIPES.search(line) and (piped or len(line.strip()) > 1):
            out.extend(_cell_line_items(line, at, number, pipes=True))
        elif "\t" in line:
            out.extend(_cell_line_items(line, at, number, pipes=False))
        else:
            items = _space_items(line, at, number, cells=False)
            # a line of header words alone (``总计`` of a tall cell) is placed as well: its
            # indentation is its column
            if (_GAP.search(line.strip()) or all(it.kind == "text" for it in items)
                    or extracted in pieces):
                _set_columns(items, textmap, text)
            if extracted in wraps and items and out and out[-1].line == number:
                out[-1:], items = _rejoined(out[-1], items[0], textmap, source), items[1:]
            out.extend(items)
        line_no += number == line_no
    return _unglued_first(out)


def _rejoined(last: Item, first: Item, textmap: TextMap | None, source: str) -> list[Item]:
    """The last item of a hard-wrapped piece and the first of the next piece, as one item
    when the wrap cut it in two (``1128.`` | ``47``, ``法`` | ``律服务机构``): neither
    touches a space at the cut."""
    def original(item: Item) -> tuple[int, int]:
        return (textmap.to_original(item.start, item.end) if textmap is not None
                else (item.start, item.end))

    end, begin = original(last)[1], original(first)[0]
    if last.start < 0 or source[end:end + 1] != "\n" or begin != end + 1:
        return [last, first]
    joined = replace(last, text=last.text + first.text, end=first.end, x1=first.x1,
                     cx1=first.cx1)
    parsed = parse_value(joined.text)
    if parsed.status == "number":
        return [replace(joined, kind="value", status=parsed.status, value=parsed.value,
                        unit=parsed.unit)]
    return [joined] if last.kind == first.kind == "text" else [last, first]


#: a text where at least this share of lines is followed by an empty line writes a paragraph
#: per line with an empty line after each (the text of a DOCX): an empty paragraph more is
#: an empty table cell
_PARAGRAPH_SHARE = 0.9
_MIN_PARAGRAPHS = 20


def paragraph_text(text: str) -> bool:
    """Every paragraph of ``text`` is followed by an empty line (as ``docx2txt`` writes), so
    that further empty lines show empty table cells.

    >>> paragraph_text("规章\\n\\n3\\n\\n" * 12), paragraph_text("规章 3\\n" * 30)
    (True, False)
    """
    lines = text.split("\n")
    filled = [k for k in range(len(lines) - 1) if lines[k].strip()]
    if len(filled) < _MIN_PARAGRAPHS:
        return False
    followed = sum(not lines[k + 1].strip() for k in filled)
    return followed >= _PARAGRAPH_SHARE * len(filled)


def with_empty_paragraph_cells(items: list[Item], textmap: TextMap, end: int) -> list[Item]:
    """``items`` with a blank cell for every empty paragraph between two of them, in a text
    written a paragraph per line (:func:`paragraph_text`): a DOCX table cell that holds
    nothing leaves just its empty line (up to ``end``, where the table ends). Blanks before
    a label are soft (the trailing cells
    of a row, or a vertically merged label cell, which leaves an empty paragraph as well).

    >>> text = "规章\\n\\n\\n\\n3\\n\\n6\\n\\n" * 10
    >>> items = text_items(text, 0, 14)
    >>> [(i.text, i.status) for i in with_empty_paragraph_cells(items, TextMap.identity(text), 14)]
    [('规章', ''), ('', 'blank'), ('3', 'number'), ('6', 'number'), ('规章', '')]
    """
    original = textmap.original
    out: list[Item] = []
    for before, after in zip(items, [*items[1:], None], strict=True):
        out.append(before)
        if (after is not None and after.line == before.line) or before.end < 0 or (
                after is not None and after.start < 0):
            continue
        _, gap_start = textmap.to_original(before.end, before.end)
        gap_end, _ = textmap.to_original(*(2 * [end if after is None else after.start]))
        empty = (original.count("\n", gap_start, gap_end) - 2) // 2
        for _ in range(max(0, empty)):
            out.append(Item("value", "", before.end, before.end, before.line, True, "blank",
                            soft=after is None or after.kind == "text"))
    return out


def without_stray_blanks(items: list[Item]) -> list[Item]:
    """``items`` without an empty cell alone on its line: a stray rule (``|``) or OCR speck
    of a damaged text, not a cell (an empty row of a pipe table shows several).

    >>> [i.text for i in without_stray_blanks(text_items("|\\n1 | 2 |\\n", 0, 10))]
    ['1', '2']
    """
    per_line = Counter(it.line for it in items)
    return [it for it in items
            if it.kind == "text" or it.status != "blank" or per_line[it.line] > 1]


#: a page-number line as converters print them: 第 3 页, 第3页 共9页, - 3 -, — 3 —
_PAGE_MARK = re.compile(r"^[ \t]*(?:第\s*(?P<nth>\d{1,4})\s*页(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?"
                        r"|[-—–]\s*(?P<dashed>\d{1,4})\s*[-—–])[ \t]*$", re.M)
#: a line that prints a number and nothing else
_BARE_NUMBER_LINE = re.compile(r"^[ \t]*(\d{1,4})[ \t]*$", re.M)


def without_page_numbers(items: list[Item], textmap: TextMap) -> list[Item]:
    """``items`` without the bare numbers that are page numbers: a number alone on its line
    of the text as extracted, between the marked page-number lines of the pages before
    and after it (``第 1 页`` … ``2`` … ``第 3 页``; before ``第 2 页`` for page 1; after the
    last marked page for the last), when it is the only such line there in the whole text
    (a text of a cell per line prints cells alone on their lines too), or else the one on
    the line where the marked pages put that page (:func:`_where_pages_fall`). A page number
    printed bare where the others are marked is debris inside a table, not a cell.

    >>> text = "第1页\\n规章 0\\n2\\n3\\n第3页\\n"
    >>> items = text_items(text, 0, len(text))
    >>> [it.text for it in without_page_numbers(items, TextMap.identity(text))]
    ['第1页', '规章', '0', '3', '第3页']
    """
    original = textmap.original
    marks = [(m.start(), int(m["nth"] or m["dashed"])) for m in _PAGE_MARK.finditer(original)]
    if not marks:
        return items
    offsets = [at for at, _ in marks]
    gaps: dict[int, list[int]] = {}  # page gap -> offsets of the bare numbers that fit it
    bare: dict[int, list[int]] = {}  # page -> offsets of the bare numbers that print it
    wraps = wrapped_lines(original)  # the last piece of a hard-wrapped row is no page number
    for m in _BARE_NUMBER_LINE.finditer(original):
        if m.start() in wraps:
            continue
        k = bisect_right(offsets, m.start())
        before = marks[k - 1][1] if k > 0 else 0
        after = marks[k][1] if k < len(marks) else None
        # the last page's number has no marked page after it
        page = int(m[1])
        bare.setdefault(page, []).append(m.start(1))
        if before == page - 1 and (after == page + 1 or (after is None and before > 0)):
            gaps.setdefault(k, []).append(m.start(1))
    pages = {found[0] for found in gaps.values() if len(found) == 1}
    pages |= _where_pages_fall(marks, bare, original)
    if not pages:
        return items
    return [item for item in items if item.kind != "value" or item.start < 0
            or textmap.to_original(item.start, item.end)[0] not in pages]


#: a bare page number among cells of its value lies within this share of a page's lines
#: from where the marked pages put it (pages of a text run about as many lines each), and
#: this many lines nearer than any other of its value
_PAGE_REACH, _PAGE_MARGIN = 0.1, 2


def _where_pages_fall(marks: list[tuple[int, int]], bare: dict[int, list[int]],
                      original: str) -> set[int]:
    """Of the bare numbers printing page numbers that no mark prints, the one on the line
    where the marked pages (offset, page; of two pages or more) put that page, when no
    other bare number of its value is about as near: between the marked pages around it in
    proportion, or beyond the first or last two marks at their pace.

    >>> lines = ["第1页", *"abcdefghi", "2", *"abcdefghi", "第3页", *"a2cdefghi", "第4页"]
    >>> text = "\\n".join(lines)
    >>> marks = [(m.start(), int(m[1])) for m in re.finditer(r"第(\\d)页", text)]
    >>> twos = [m.start() for m in re.finditer("(?m)^2$", text)]
    >>> [text.count("\\n", 0, at) for at in _where_pages_fall(marks, {2: twos}, text)]
    [10]
    """
    newlines = [m.start() for m in re.finditer("\n", original)]
    line_of: dict[int, int] = {}  # marked page -> its line (the first mark of a page)
    for at, page in marks:
        line_of.setdefault(page, bisect_right(newlines, at))
    marked = sorted(line_of)
    out: set[int] = set()
    for page, found in bare.items() if len(marked) > 1 else ():
        if page in line_of:
            continue
        k = bisect_right(marked, page)
        low, high = (marked[k - 1], marked[k]) if 0 < k < len(marked) else (
            marked[:2] if k == 0 else marked[-2:])
        per_page = (line_of[high] - line_of[low]) / (high - low)
        if per_page <= 0:
            continue
        expected = line_of[low] + (page - low) * per_page
        off = sorted((abs(bisect_right(newlines, at) - expected), at) for at in found)
        if off[0][0] <= _PAGE_REACH * per_page and (
                len(off) == 1 or off[1][0] >= off[0][0] + _PAGE_MARGIN):
            out.add(off[0][1])
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
            if parsed.status == "text" and _SPACE_VALUE.search(cell.text):
                # a label and its numbers merged into one cell by a missing ruling line
                row_items.extend(_merged_cell_items(grid, cell, line_no))
                continue
            if parsed.status == "text":
                text = " ".join(cell.text.split())
                item = Item("text", text, start, end, line_no, True)
            else:
                item = Item("value", cell.text.strip(), start, end, line_no, True,
                            parsed.status, parsed.value, parsed.unit)
            item.page = cell.page if cell.page is not None else grid.page
            item.bbox = cell.bbox
            if item.kind == "value" and item.status == "blank" and all(
                    i.status == "blank" for i in row_items):
                # empty cells opening a row: a merged label column, or blank cells of a row
                # without a label (t4's data row); the row decides
                item.soft = True
            row_items.append(item)
        out.extend(row_items)
    return out


def _merged_cell_items(grid: Grid, cell: GridCell, line_no: int) -> list[Item]:
    located = cell.start >= 0 and cell.end - cell.start == len(cell.text)
    items = _space_items(cell.text, cell.start if located else 0, line_no, cells=True)
    for item in items:
        if not located:
            item.start = item.end = -1
        item.page = cell.page if cell.page is not None else grid.page
        item.bbox = cell.bbox
    return items
