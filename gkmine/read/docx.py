"""DOCX files → extracted text + table grids (python-docx).

Paragraphs and tables are read in body order by walking the body XML children (inside content
controls too). Word's automatic list numbering is not part of a paragraph's text, yet reports
number their headings that way (``一、总体情况``): the numbers are rendered from
``numbering.xml`` (decimal, Chinese counting, letters, roman, circled). python-docx returns the
same cell object for every position a merged cell covers: repeats are marked ``spanned=True``
and render empty, like HTML spans.

>>> chinese_number(1), chinese_number(10), chinese_number(12), chinese_number(20)
('一', '十', '十二', '二十')
"""

from __future__ import annotations

import io
import zipfile
import zlib

from gkmine.config import DEFAULT, Config
from gkmine.errors import ReadError
from gkmine.read.extraction import Extraction
from gkmine.read.grids import clean_cell, render_grid

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, *, source: str, config: Config = DEFAULT) -> Extraction:
    """Extract a .docx; raises E111 (damaged), E112/E113 (over the unzipped size or ratio
    limits). Images and other binary parts are never inflated."""
    package = _text_parts_only(data, source=source, config=config)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(package))
    except Exception as err:  # python-docx raises many kinds for a broken package
        raise ReadError.of("E111", source, detail=f"{type(err).__name__}: {err}") from None
    parts: list[str] = []
    length = 0
    grids = []
    numbering = _Numbering(document)
    for child in _body_blocks(document.element.body):
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            line = numbering.label(child, paragraph) + paragraph_text(child) + "\n"
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


#: members above this size are checked against ``Config.max_docx_ratio``
_RATIO_FLOOR = 1_000_000


def _is_markup(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _text_parts_only(data: bytes, *, source: str, config: Config) -> bytes:
    """The package with every binary part (images, fonts, embedded files) emptied, after the
    sizes its directory declares for the markup parts are checked against the limits.

    python-docx loads every part into memory; the text is all in the markup parts, so an
    image that inflates to a gigabyte is never inflated. ``zipfile`` stops inflating a member
    at its declared size, so the declared sizes bound the memory.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as err:
        raise ReadError.of("E111", source, detail=str(err)) from None
    markup = [m for m in members if _is_markup(m.filename)]
    total = sum(m.file_size for m in markup)
    if total > config.max_docx_unzipped_bytes:
        raise ReadError.of("E112", source, size=total, member="its markup parts",
                           limit=config.max_docx_unzipped_bytes)
    for m in markup:
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > _RATIO_FLOOR and ratio > config.max_docx_ratio:
            raise ReadError.of("E113", source, member=m.filename, ratio=ratio,
                               limit=config.max_docx_ratio)
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
            for m in members:
                package.writestr(m.filename, archive.read(m) if _is_markup(m.filename) else b"")
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError,
            zlib.error) as err:
        raise ReadError.of("E111", source, detail=f"{type(err).__name__}: {err}") from None
    return out.getvalue()


def _body_blocks(body):
    """Paragraphs and tables in body order, looking inside content controls (``w:sdt``)."""
    for child in body.iterchildren():
        if child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _body_blocks(content)
        else:
            yield child


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
                out.append(clean_cell(_cell_text(cell)))
                src.append(None)
        cells.append(out)
        spans.append(src)
    width = max((len(r) for r in cells), default=0)
    for r in range(len(cells)):
        cells[r] += [""] * (width - len(cells[r]))
        spans[r] += [None] * (width - len(spans[r]))
    return cells, spans


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Chinese counting numerals as Word renders ``chineseCounting`` (1–99, else digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if not tens:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional",
               "japaneseCounting", "chineseLegalSimplified"):
        return chinese_number(n)
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalEnclosedCircle" and 0 < n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """Renders the automatic numbers of list paragraphs, counting as Word does."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", ""),
                    int(_val(lvl, "start", "1") or 1))
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                self.levels[num.get(f"{_W}numId")] = abstract.get(ref.get(f"{_W}val"), {})

    def label(self, p, paragraph) -> str:
        num_pr = _num_pr(p)
        if num_pr is None:
            style = getattr(paragraph.style, "element", None)
            num_pr = _num_pr(style) if style is not None else None
        if num_pr is None:
            return ""
        num_id = _val(num_pr, "numId", "0")
        ilvl = int(_val(num_pr, "ilvl", "0") or 0)
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels or levels[ilvl][0] in ("bullet", "none"):
            return ""
        counts = self.counters.setdefault(num_id, [0] * 10)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else levels[ilvl][2]
        for deeper in range(ilvl + 1, len(counts)):
            counts[deeper] = 0
        text = levels[ilvl][1]
        for k in range(ilvl + 1):
            fmt = levels.get(k, ("decimal", "", 1))[0]
            value = counts[k] or levels.get(k, ("", "", 1))[2]
            text = text.replace(f"%{k + 1}", _format_number(value, fmt))
        return text


def _cell_text(cell) -> str:
    """All paragraphs of a cell, those of tables nested in it included."""
    return "\n".join(paragraph_text(p) for p in cell._tc.iter(f"{_W}p")
                     if not _inside_paragraph(p))


_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": "\n", f"{_W}cr": "\n",
              f"{_W}noBreakHyphen": "-"}
#: text under these is not shown: deleted revisions, the fallback copy of a drawing
_HIDDEN = (f"{_W}del", f"{_W}moveFrom", f"{_MC}Fallback")


def paragraph_text(p) -> str:
    """The text a reader sees in a ``<w:p>``: runs anywhere inside it (inserted revisions,
    hyperlinks, fields, text boxes) but not deleted revisions or duplicate fallbacks.

    python-docx's ``Paragraph.text`` skips runs inside ``<w:ins>``, which loses tracked
    insertions, so the XML is walked directly.
    """
    out: list[str] = []
    for node in p.iter(*_TEXT_TAGS):
        if any(a.tag in _HIDDEN for a in node.iterancestors()):
            continue
        fixed = _TEXT_TAGS[node.tag]
        out.append(node.text or "" if fixed is None else fixed)
    return "".join(out)


def _inside_paragraph(p) -> bool:
    """A paragraph of a text box inside another paragraph (already read with it)."""
    return any(a.tag == f"{_W}p" for a in p.iterancestors())


def _val(node, tag: str, default: str) -> str:
    child = node.find(f"{_W}{tag}")
    return child.get(f"{_W}val", default) if child is not None else default


def _num_pr(element):
    ppr = element.find(f"{_W}pPr")
    return ppr.find(f"{_W}numPr") if ppr is not None else None
