"""HTML pages → extracted text + table grids + chrome.

The main content is the element that holds the report: the lowest common ancestor of the
section headings (short elements naming 总体情况, 主动公开政府信息, …), widened to a parent that
adds little text (the title, a date line); a page without headings is entered by descending into
the container child that holds 70 % of the text, stopping at data tables. Page chrome
outside the content is only mined for values (title, publisher, date, 索引号, 文号); chrome
inside it is removed by the text normaliser. Data tables (innermost tables with several rows)
become :class:`~gkmine.record.Grid` s rendered as tab-separated lines; tables that hold other
tables, or a cell of several hundred characters, are layout and are read as blocks; metadata
tables (索引号 | … | 发布机构 | …) are rendered as pipe rows so the chrome recogniser takes
them out of the text.

>>> ext = read_html("<html><title>T</title><body><div><p>一、总体情况</p><table>"
...     "<tr><td rowspan=2>a</td><td>1</td></tr><tr><td>2</td></tr></table></div></body></html>")
>>> ext.text
'一、总体情况\\na\\t1\\n\\t2\\n'
>>> ext.title_fallback, ext.grids[0].texts()
('T', [['a', '1'], ['a', '2']])
"""

from __future__ import annotations

import re

from gkmine.errors import ReadError
from gkmine.read.chrome import classify_chrome_line, merge_chrome
from gkmine.read.extraction import Extraction
from gkmine.read.grids import RawCell, clean_cell, expand_spans, render_grid
from gkmine.record import Grid

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe",
              "select", "button", "input", "textarea", "svg", "object", "embed", "template")
_BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 tr table tbody thead tfoot section article main "
    "aside dl dt dd blockquote pre center hr caption figure figcaption address td th".split())
#: longer than any statutory table cell: a table holding such a cell is page layout
_MAX_CELL_TEXT = 300
_WS = re.compile(r"[ \t\r\n\f\v\xa0\u3000]+")
#: elements the main-content search may descend into (paragraphs and headings are content)
_CONTAINERS = frozenset("div section article main td th table tbody tr center font span "
                        "form body dd li ul".split())


def read_html(markup: str, *, source: str = "<html>") -> Extraction:
    """Extract a page; raises E121 when it holds no text."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as err:
        raise ReadError("E121", source, f"the HTML could not be parsed ({err})") from None
    chrome: dict[str, str] = {}
    title = _title_of(root.findtext(".//title") or "")
    for bad in root.xpath("|".join(f"//{t}" for t in _DROP_TAGS) + "|//comment()"):
        bad.drop_tree()
    body = root.find(".//body")
    if body is None:
        body = root
    counts: dict[object, int] = {}
    _count_text(body, counts)
    main = _main_content(body, counts)
    # values of the chrome outside the main content (metadata blocks, 发布时间 lines …)
    whole = _Renderer(grids=False)
    whole.block(body)
    for line in whole.text().splitlines():
        found = classify_chrome_line(line)
        if found:
            merge_chrome(chrome, found)
    renderer = _Renderer(grids=True)
    renderer.block(main)
    text = renderer.text()
    if not text.strip():
        raise ReadError("E121", source, "the HTML page holds no text")
    return Extraction(text, renderer.grids, chrome, title_fallback=title)


def _title_of(title: str) -> str | None:
    """The document part of a ``<title>`` such as ``某局2023年…报告_某市人民政府``.

    >>> _title_of("某局2023年政府信息公开工作年度报告_某市人民政府 - 政务公开")
    '某局2023年政府信息公开工作年度报告'
    """
    title = clean_cell(title)
    parts = [p.strip() for p in re.split(r"\s+[-–—|｜]\s+|_|\|", title) if p.strip()]
    for part in parts:
        if "报告" in part or "報告" in part or "年报" in part:
            return part
    return title or None


def _count_text(el, counts: dict) -> int:
    """Non-space characters under each element (CJK or not: tables are mostly digits)."""
    n = _visible(el.text)
    for child in el:
        n += _count_text(child, counts) + _visible(child.tail)
    counts[el] = n
    return n


def _visible(s: str | None) -> int:
    return len("".join(s.split())) if s else 0


def _has_table_inside(el) -> bool:
    return bool(el.xpath(".//table"))


#: words of the statutory section titles
_SECTION_WORDS = ("总体情况", "主动公开政府信息", "政府信息公开申请", "行政复议",
                  "存在的主要问题", "其他需要报告", "總體情況", "主動公開政府信息",
                  "政府信息公開申請", "行政復議", "存在的主要問題", "其他需要報告")
_MAX_HEADING = 40
#: widen the content to a parent that adds at most this share of text (title, date line)
_WIDEN_SHARE = 0.25


def _main_content(body, counts: dict):
    """The lowest element holding the section headings (widened to a parent that adds little,
    e.g. the title), or, without headings, the descent into a child holding most of the text."""
    headings = [el for el in body.iter() if isinstance(el.tag, str) and _is_heading(el)]
    if len({w for el in headings for w in _SECTION_WORDS if w in el.text_content()}) >= 2:
        node = _common_ancestor(headings)
        while node is not body and node.getparent() is not None:
            parent = node.getparent()
            if counts.get(parent, 0) - counts.get(node, 0) > _WIDEN_SHARE * counts.get(node, 1):
                break
            node = parent
        return node
    node = body
    while True:
        children = [c for c in node if isinstance(c.tag, str) and c.tag in _CONTAINERS]
        if not children or counts.get(node, 0) == 0:
            break
        best = max(children, key=lambda c: counts.get(c, 0))
        if counts.get(best, 0) < 0.7 * counts[node]:
            break
        if best.tag == "table" and not _has_table_inside(best):
            break  # a data table is content, not a container
        node = best
    return node


def _is_heading(el) -> bool:
    """A short element naming a section, with no smaller such element inside."""
    text = el.text_content().strip()
    if not text or len(text) > _MAX_HEADING or not any(w in text for w in _SECTION_WORDS):
        return False
    return not any(isinstance(c.tag, str) and any(w in c.text_content() for w in _SECTION_WORDS)
                   for c in el)


def _common_ancestor(elements):
    paths = [list(el.iterancestors())[::-1] + [el] for el in elements]
    common = None
    for level in zip(*paths, strict=False):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


class _Renderer:
    """Walks elements into lines of text; data tables become grids."""

    def __init__(self, *, grids: bool) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.want_grids = grids
        self.grids: list[Grid] = []
        self._pre = 0

    def text(self) -> str:
        self.newline()
        return "".join(self.parts)

    def _put(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.length += len(s)

    def newline(self) -> None:
        if self.parts and not self.parts[-1].endswith("\n"):
            self._put("\n")

    def inline(self, s: str | None) -> None:
        if not s:
            return
        if self._pre:
            self._put(s)
            return
        s = _WS.sub(" ", s)
        if not self.parts or self.parts[-1].endswith("\n"):
            s = s.lstrip(" ")
        self._put(s)

    def block(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "table" and self._table(el):
            return
        is_block = tag in _BLOCK_TAGS
        if tag == "br":
            self.newline()
            self.inline(el.tail)
            return
        if is_block:
            self.newline()
        if tag == "pre":
            self._pre += 1
        self.inline(el.text)
        for child in el:
            self.block(child)
        if tag == "pre":
            self._pre -= 1
        if is_block:
            self.newline()
        self.inline(el.tail)

    def _table(self, table) -> bool:
        """Render a data table as a grid; False for layout tables (read as blocks)."""
        if _has_table_inside(table):
            return False
        rows = [tr for tr in table.iter("tr")]
        raw = [[RawCell(el.text_content(), _span(el, "rowspan"), _span(el, "colspan"))
                for el in tr if el.tag in ("td", "th")] for tr in rows]
        raw = [r for r in raw if r]
        if len(raw) < 2 or max(len(r) for r in raw) < 2:
            return False
        if max(len(c.text.strip()) for r in raw for c in r) > _MAX_CELL_TEXT:
            return False  # a cell holding paragraphs of prose: a layout table
        self.newline()
        if _is_meta_table(raw) or not self.want_grids:
            for r in raw:
                self._put(" | ".join(clean_cell(c.text) for c in r) + "\n")
        else:
            layout = expand_spans(raw)
            cells = [[c.text if isinstance(c, RawCell) else None for c in row]
                     for row in layout]
            spans = [[c if isinstance(c, tuple) else None for c in row] for row in layout]
            rendered, grid = render_grid(cells, origin="html", offset=self.length, spans=spans)
            self._put(rendered + "\n")
            self.grids.append(grid)
        self.inline(table.tail)
        return True


def _span(el, attr: str) -> int:
    try:
        return max(1, int(re.sub(r"\D", "", el.get(attr, "1")) or 1))
    except ValueError:
        return 1


def _is_meta_table(rows: list[list[RawCell]]) -> bool:
    """A 索引号 / 发布机构 metadata block laid out as a table."""
    hits = sum(classify_chrome_line(" | ".join(clean_cell(c.text) for c in r)) is not None
               for r in rows)
    return hits >= max(1, len(rows) // 2)
