"""PDF files → extracted text in reading order + grids from the PDF's own ruling lines.

Library choice, measured with ``benchmarks/bench_pdf_readers.py`` (5 PDFs, 19 pages, made
from the seed texts with reportlab, one ruled 3×4 table each; three runs on the shared 2-core
machine on 2026-11-22, times as ratios to pypdfium2's text-only time in the same run, whose
absolute value was 22–46 ms for the 19 pages):

==========  =========  ===========  ==========  ==========  ================  ============
library     text sim.  whole lines  grid cells  text time   text+grids time   licence
==========  =========  ===========  ==========  ==========  ================  ============
pdfplumber  0.9999     99.8 %       100 %       15.7–30.4×  22.6–30.7×        MIT
pypdfium2   0.9996     99.0 %       none        1×          (no finder)       Apache/BSD
pymupdf     0.9999     99.8 %       100 %       0.6–0.8×    93–709×           AGPL
==========  =========  ===========  ==========  ==========  ================  ============

In these PDFs PDFium dropped every line made of a single character (``人``, ``告``: exactly the
broken table labels and title tails the tables and structure stages need), and it has no table
finder. pymupdf reads text as well as pdfplumber and fast, but its table finder was 3–25×
slower than pdfplumber's here, and its AGPL licence is a cost for gkmine's users. pdfplumber
(pdfminer) is slower on text but faithful, finds ruled grids with cell boxes, and is
permissive: gkmine reads PDFs with it.
``Config.pdf_grids=False`` skips the table finder; pages without any ruling skip it anyway.

Each page's text lines (pdfplumber, top to bottom) and ruled tables are merged by vertical
position; the lines inside a table are not emitted, the table is rendered in their place as
tab-separated rows (so nothing is duplicated), and every :class:`~gkmine.record.GridCell` keeps
its page and bbox. A table without ruling is only positioned text: its lines (those with wide
gaps) are laid out like ``pdftotext -layout`` so that the tables stage can see the columns,
empty cells included. Pages are separated by form feeds, which the normaliser uses to find page
numbers and running headers.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise

from gkmine.errors import ReadError, warning
from gkmine.read.extraction import Extraction
from gkmine.read.grids import render_grid
from gkmine.read.normalize import display_width

_CID = re.compile(r"\(cid:\d+\)")
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read_pdf(data: bytes, *, source: str, grids: bool = True,
             max_pages: int = 1_000) -> Extraction:
    """Extract a PDF; raises E101 (damaged), E102 (unreadable), E103 (no text layer), E104
    (needs a password), E105 (over ``max_pages``) or E106 (glyphs without characters).

    A PDF encrypted with an owner password only opens without one: when pdfminer cannot read
    it, PDFium's text (no grids) is taken, with warning W005.
    """
    if b"%%EOF" not in data.rstrip(b"\x00\x1a \t\r\n")[-1024:]:
        raise ReadError.of("E101", source, detail="no %%EOF marker at the end")
    with _pdfium_document(data, source) as pdfium_doc:
        if pdfium_doc is not None and len(pdfium_doc) > max_pages:
            raise ReadError.of("E105", source, count=len(pdfium_doc), limit=max_pages)
        try:
            return _read_with_pdfplumber(data, source=source, grids=grids, max_pages=max_pages)
        except ReadError as err:
            if pdfium_doc is None or not _is_encrypted(pdfium_doc) or err.code in ("E104",
                                                                                     "E105"):
                raise
            extraction = _checked(_pdfium_pages(pdfium_doc), source)
            extraction.warnings.append(warning("W005"))
            return extraction


@contextmanager
def _pdfium_document(data: bytes, source: str) -> Iterator:
    """The PDFium document, or None when PDFium cannot open it (pdfminer then decides)."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise ReadError.of("E104", source) from None
        doc = None
    try:
        yield doc
    finally:
        if doc is not None:
            doc.close()


def _is_encrypted(doc) -> bool:
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1


def _pdfium_pages(doc) -> list[tuple[str, list]]:
    pages = []
    for page in doc:
        textpage = page.get_textpage()
        pages.append((textpage.get_text_range().replace("\r\n", "\n"), []))
        textpage.close()
        page.close()
    return pages


def _read_with_pdfplumber(data: bytes, *, source: str, grids: bool,
                          max_pages: int) -> Extraction:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > max_pages:
                raise ReadError.of("E105", source, count=len(pdf.pages), limit=max_pages)
            pages = []
            for n, page in enumerate(pdf.pages, 1):
                pages.append(_read_page(page, n, grids))
                page.close()  # drop the page's cached objects: memory stays one page deep
    except PDFPasswordIncorrect:
        raise ReadError.of("E104", source) from None
    except PDFEncryptionError as err:
        raise ReadError.of("E102", source, detail=f"encryption pdfminer cannot undo: {err}") \
            from None
    except (PDFSyntaxError, PSException) as err:
        raise ReadError.of("E101", source, detail=f"{type(err).__name__}: {err}") from None
    except ReadError:
        raise
    except Exception as err:  # pdfminer raises assorted errors on broken files
        raise ReadError.of("E102", source, detail=f"{type(err).__name__}: {err}") from None
    return _checked(pages, source)


def _checked(pages: list[tuple[str, list]], source: str) -> Extraction:
    """The pages joined, or the error of a PDF without (usable) text."""
    if not pages:
        raise ReadError.of("E101", source, detail="it has no pages")
    if not any(text.strip() for text, _ in pages):
        raise ReadError.of("E103", source, detail=f"none of the {len(pages)} pages has text")
    extraction = _join_pages(pages)
    codes = _CID.findall(extraction.text)
    unmapped = len(codes)
    if sum(map(len, codes)) > 0.5 * len(extraction.text):
        raise ReadError.of("E106", source, count=unmapped)
    if unmapped:
        extraction.warnings.append(warning("W004", n=unmapped))
    return extraction


def _join_pages(pages) -> Extraction:
    parts: list[str] = []
    out_grids = []
    length = 0
    for i, (text, page_grids) in enumerate(pages):
        if i:
            parts.append("\f")
            length += 1
        for grid in page_grids:
            _shift(grid, length)
        out_grids.extend(page_grids)
        parts.append(text)
        length += len(text)
    return Extraction("".join(parts), out_grids, {})


def _shift(grid, by: int) -> None:
    grid.start += by
    grid.end += by
    for row in grid.rows:
        for cell in row:
            if cell.start >= 0:
                cell.start += by
                cell.end += by


def _inside(line: dict, bbox) -> bool:
    x = (line["x0"] + line["x1"]) / 2
    y = (line["top"] + line["bottom"]) / 2
    return bbox[0] - 1 <= x <= bbox[2] + 1 and bbox[1] - 1 <= y <= bbox[3] + 1


def _read_page(page, number: int, grids: bool) -> tuple[str, list]:
    tables = []
    if grids and (page.lines or page.rects or page.curves):  # no ruling: skip the finder
        found = (_without_leading_prose(page, t) for t in _page_tables(page))
        tables = [t for t in found
                  if t is not None and len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]
    lines = [ln for ln in page.extract_text_lines(return_chars=True)
             if not any(_inside(ln, t.bbox) for t in tables)]
    items = [(ln["top"], 0, _spaced_line(ln)) for ln in lines]
    items += [(t.bbox[1], 1, t) for t in tables]
    items.sort(key=lambda it: (it[0], it[1]))
    parts: list[str] = []
    length = 0
    page_grids = []
    for _top, kind, item in items:
        if kind == 0:
            parts.append(item + "\n")
            length += len(item) + 1
            continue
        cells, bboxes, spans = _table_cells(item)
        rendered, grid = render_grid(cells, origin="pdf", offset=length, page=number,
                                     bboxes=bboxes, spans=spans)
        parts.append(rendered + "\n")
        length += len(rendered) + 1
        page_grids.append(grid)
    return "".join(parts), page_grids


def _page_tables(page) -> list:
    """The ruled tables of ``page``, each found again on the page cropped to its box.

    The finder snaps ruling lines that lie within a few points of each other to their mean
    over the whole page, in chains: the borders of another table (or a frame line) near a
    column's border can pull that column line under the next column's characters (a number
    read into its neighbour's cell) or away from the ends of its row lines (the cells of a
    row vanish with their labels). Chromium draws each border as three lines 0.6 pt apart,
    so its tables chain readily. Within its own box a table's lines snap only to its own.
    """
    tables = page.find_tables(table_settings=_TABLE_SETTINGS)
    if not tables:
        return tables
    out = []
    for table in tables:
        x0, top, x1, bottom = table.bbox
        box = (max(x0 - _CROP_MARGIN, page.bbox[0]), max(top - _CROP_MARGIN, page.bbox[1]),
               min(x1 + _CROP_MARGIN, page.bbox[2]), min(bottom + _CROP_MARGIN, page.bbox[3]))
        again = [t for t in page.crop(box).find_tables(table_settings=_TABLE_SETTINGS)
                 if _centre_inside(t.bbox, table.bbox)]
        out.extend(again or [table])
    return out


_CROP_MARGIN = 2.0  # points around a table's box when it is found again on its own


def _centre_inside(inner, outer) -> bool:
    x = (inner[0] + inner[2]) / 2
    y = (inner[1] + inner[3]) / 2
    return outer[0] <= x <= outer[2] and outer[1] <= y <= outer[3]


#: a line of running prose: it is long or has a sentence's punctuation (a table's label rows
#: such as 第二十条第（一）项 or 二、主动公开政府信息情况 have neither)
_PROSE_LINE = re.compile(r".{20}|[，。；！？]")


def _without_leading_prose(page, table):
    """``table`` without the prose lines a page frame's ruling put above its first row of
    cells: they are read as text lines, so that wrapped prose joins up (``None`` when the
    "table" is only prose)."""
    from pdfplumber.table import Table

    texts = table.extract()
    prose = 0
    for row in texts:
        filled = [c for c in row if c]
        if len(filled) != 1 or not row[0] or not _PROSE_LINE.search(row[0].replace("\n", "")):
            break
        prose += 1
    if not prose:
        return table
    if prose == len(texts):
        return None
    top = table.rows[prose].bbox[1]
    return Table(page, [c for c in table.cells if c[1] >= top - 0.5])


_GAP_EMS = 1.0  # a gap wider than this many character heights separates table columns


def _spaced_line(line: dict) -> str:
    """A line's text; a line with wide gaps (a table without ruling: positioned text only) is
    laid out like ``pdftotext -layout``, each character at the display column of its x position
    (CJK = 2 columns), so that the columns of the rows above and below line up in the text.
    """
    chars = [ch for ch in line.get("chars", ()) if ch.get("text", "").strip()]
    if len(chars) < 2:
        return line["text"]
    sizes = sorted(float(ch.get("size") or 0) for ch in chars)
    size = sizes[len(sizes) // 2]
    if size <= 0 or not any(b["x0"] - a["x1"] > _GAP_EMS * size for a, b in pairwise(chars)):
        return line["text"]
    unit = size / 2  # one display column: a half-width character
    out: list[str] = []
    width = 0
    prev = None
    for ch in _cell_order(chars, size):
        column = round(ch["x0"] / unit)
        if column > width and (prev is None or ch["x0"] - prev["x1"] > 0.3 * size):
            pad = column - width
            out.append(" " * pad)
            width += pad
        elif prev is not None and ch["x0"] - prev["x1"] > 0.3 * size:
            out.append(" ")
            width += 1
        out.append(ch["text"])
        width += display_width(ch["text"])  # (as the tables stage measures it)
        prev = ch
    return "".join(out)


def _cell_order(chars: list[dict], size: float) -> list[dict]:
    """Characters left to right, but a cluster of touching characters on several baselines (a
    header cell printed over two lines, merged into one text line) is read line by line."""
    chars = sorted(chars, key=lambda ch: ch["x0"])
    clusters: list[list[dict]] = []
    right = None
    for ch in chars:
        if clusters and ch["x0"] - right <= 0.3 * size:
            clusters[-1].append(ch)
            right = max(right, ch["x1"])
        else:
            clusters.append([ch])
            right = ch["x1"]
    out: list[dict] = []
    for cluster in clusters:
        rows: list[list[dict]] = []
        for ch in sorted(cluster, key=lambda ch: ch["top"]):
            if rows and ch["top"] - rows[-1][0]["top"] <= 0.5 * size:
                rows[-1].append(ch)
            else:
                rows.append([ch])
        out.extend(ch for row in rows for ch in sorted(row, key=lambda ch: ch["x0"]))
    return out


def _table_cells(table):
    """Texts, bboxes and span sources of a pdfplumber table (merged positions are None)."""
    texts = table.extract()
    rows = table.rows
    n_cols = max(len(r.cells) for r in rows)
    # a column's boxes share a left edge; the narrowest is the column's own width (wider ones
    # are cells merged across the columns to the right)
    col_x: list[float | None] = []
    for c in range(n_cols):
        boxes = [r.cells[c] for r in rows if c < len(r.cells) and r.cells[c] is not None]
        col_x.append(boxes[0][0] + min(b[2] - b[0] for b in boxes) / 2 if boxes else None)
    cells, bboxes, spans = [], [], []
    for r, row in enumerate(rows):
        out, boxes, src = [], [], []
        for c in range(n_cols):
            box = row.cells[c] if c < len(row.cells) else None
            text = texts[r][c] if r < len(texts) and c < len(texts[r]) else None
            if box is None:
                out.append(None)
                boxes.append(None)
                src.append(_covering(rows, r, c, col_x[c], _row_middle(row)))
            else:
                out.append(text or "")
                boxes.append(tuple(float(v) for v in box))
                src.append(None)
        cells.append(out)
        bboxes.append(boxes)
        spans.append(src)
    return cells, bboxes, spans


def _row_middle(row) -> float:
    """Vertical middle of a row: its boxes share a top, the shortest one is the row's own
    height (a taller one is a cell merged down over the rows below)."""
    heights = [box[3] - box[1] for box in row.cells if box is not None]
    return row.bbox[1] + (min(heights) if heights else 0) / 2


def _covering(rows, r: int, c: int, x, y: float) -> tuple[int, int] | None:
    """The (row, col) of the merged cell whose box covers position (r, c)."""
    for rr in range(r, -1, -1):
        for cc in range(c, -1, -1):
            box = rows[rr].cells[cc] if cc < len(rows[rr].cells) else None
            if box is None:
                continue
            if x is None or (box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1):
                return (rr, cc)
    return None
