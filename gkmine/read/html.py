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
    root, exceeded = _parse(markup, source)
    for flat_tags in (_FLAT_INLINE, _FLAT_ALL):
        if not exceeded:
            break
        # libxml2 stopped at its depth limit and dropped the rest of the page: unclosed inline
        # tags nesting one level per paragraph, or a hostile page. Read it without the nesting
        # of inline tags, else without that of block containers too (each becomes a break).
        root, exceeded = _parse(flat_tags.sub(_flatten_tag, markup), source)
    chrome: dict[str, str] = {}
    title = _title_of(root.findtext(".//title") or "")
    url = _own_url(root)
    if url:
        chrome["url"] = url
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
        raise ReadError.of("E121", source)
    return Extraction(text, renderer.grids, chrome, title_fallback=title)


#: tags whose nesting is removed from a page deeper than libxml2 reads: inline tags first,
#: then block containers too
_INLINE = "font|span|b|i|u|strong|em|small|big"
_FLAT_INLINE = re.compile(rf"<(/?)({_INLINE})\b[^>]*>", re.I)
_FLAT_ALL = re.compile(rf"<(/?)({_INLINE}|div|section|article|center|main|blockquote)\b[^>]*>",
                       re.I)
_FLAT_BLOCKS = frozenset(("div", "section", "article", "center", "main", "blockquote"))


def _parse(markup: str, source: str) -> tuple[object, bool]:
    """The parsed page and whether libxml2 stopped at its depth limit."""
    import lxml.html
    from lxml import etree

    # huge_tree lifts libxml2's depth limit from 256 to 2048 levels
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise ReadError.of("E122", source, detail=str(err)) from None
    return root, any("depth" in e.message.lower() for e in parser.error_log)


def _flatten_tag(m: re.Match[str]) -> str:
    """A line break for a block container, nothing for an inline tag.

    >>> _FLAT_ALL.sub(_flatten_tag, "<div><font color=red>a<div>b</font>")
    '<br>a<br>b'
    """
    return "<br>" if m.group(2).lower() in _FLAT_BLOCKS else ""


#: where a page states its own address, most specific first
_OWN_URL = ('//link[translate(@rel, "CANONICAL", "canonical")="canonical"]/@href',
            '//meta[@property="og:url"]/@content', "//base/@href")


def _own_url(root) -> str | None:
    """The page's own absolute address: its canonical link, ``og:url`` or ``<base href>``.

    >>> from lxml import html
    >>> _own_url(html.fromstring('<html><head><link rel="canonical" href="http://a.gov.cn/x">'
    ...                          '</head><body>x</body></html>'))
    'http://a.gov.cn/x'
    """
    for query in _OWN_URL:
        for value in root.xpath(query):
            value = str(value).strip()
            if re.match(r"https?://[^/\s]+", value, re.I):
                return value
    return None


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


def _count_text(root, counts: dict) -> int:
    """Non-space characters under each element (CJK or not: tables are mostly digits).

    Iterative (descendants first: reversed document order), as are all walks here: a page of
    unclosed tags nests deeper than Python's recursion limit."""
    for el in reversed(list(root.iter())):
        counts[el] = _visible(el.text) + sum(counts.get(c, 0) + _visible(c.tail) for c in el)
    return counts[root]


def _visible(s: str | None) -> int:
    return len("".join(s.split())) if s else 0


def _has_table_inside(el) -> bool:
    return bool(el.xpath(".//table"))


#: words of the statutory section titles
_SECTION_WORDS = ("总体情况", "主动公开政府信息", "政府信息公开申请", "行政复议",
                  "存在的主要问题", "其他需要报告", "總體情況", "主動公開政府信息",
                  "政府信息公開申請", "行政復議", "存在的主要問題", "其他需要報告")
_MAX_HEADING = 40
#: widen the content to a parent that adds at most this share of text (title, date line) …
_WIDEN_SHARE = 0.25
#: … and at most this many characters in all: a title, a date line and a metadata block fit,
#: the navigation, breadcrumbs and footer of a portal page do not
_WIDEN_MAX = 200


def _main_content(body, counts: dict):
    """The lowest element holding the section headings (widened to a parent that adds little,
    e.g. the title), or, without headings, the descent into a child holding most of the text."""
    # links are navigation, related reports or a table of contents, never the report's titles
    headings = [el for el in body.iter() if isinstance(el.tag, str)
                and counts.get(el, 0) <= _MAX_HEADING and _is_heading(el)
                and el.tag != "a" and not any(a.tag == "a" for a in el.iterancestors())]
    if len({w for el in headings for w in _SECTION_WORDS if w in el.text_content()}) >= 2:
        node = base = _headings_container(headings, counts)
        while node is not body and node.getparent() is not None:
            parent = node.getparent()
            added = counts.get(parent, 0) - counts.get(base, 0)
            if added > min(_WIDEN_SHARE * counts.get(base, 1), _WIDEN_MAX):
                break
            step = counts.get(parent, 0) - counts.get(node, 0)
            if _link_chars(parent, counts) - _link_chars(node, counts) > step / 2:
                break  # what the parent adds is mostly links: navigation, related reports
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


def _headings_container(headings: list, counts: dict):
    """The deepest element whose headings name every section word the page's headings name,
    so that sidebar or footer links (政府信息公开申请, 行政复议) are left out; it must hold
    most of the text under all the headings (a table of contents alone does not)."""
    top = _common_ancestor(headings)
    words: dict[object, set[str]] = {}
    for el in headings:
        found = {w for w in _SECTION_WORDS if w in el.text_content()}
        for anc in [el, *el.iterancestors()]:
            words.setdefault(anc, set()).update(found)
            if anc is top:
                break
    every = words[top]
    best, best_depth = top, 0
    for el, named in words.items():
        if named != every or counts.get(el, 0) < 0.5 * counts.get(top, 0):
            continue
        depth = sum(1 for _ in el.iterancestors())
        if depth > best_depth:
            best, best_depth = el, depth
    return best


def _link_chars(el, counts: dict) -> int:
    """Text under the outermost links of an element."""
    return sum(counts.get(a, 0) for a in el.iter("a")
               if not any(p.tag == "a" for p in a.iterancestors()))


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

    def block(self, root) -> None:
        """Render an element, its descendants and its tail (with an explicit stack)."""
        stack: list[tuple[object, bool]] = [(root, False)]
        while stack:
            el, closing = stack.pop()
            tag = el.tag if isinstance(el.tag, str) else ""
            if closing:
                if tag == "pre":
                    self._pre -= 1
                if tag in _BLOCK_TAGS:
                    self.newline()
                self.inline(el.tail)
                continue
            if tag == "table" and self._table(el):
                continue
            if tag == "br":
                self.newline()
                self.inline(el.tail)
                continue
            if tag in _BLOCK_TAGS:
                self.newline()
            if tag == "pre":
                self._pre += 1
            self.inline(el.text)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))

    def _table(self, table) -> bool:
        """Render a data table as a grid; False for layout tables (read as blocks)."""
        if _has_table_inside(table):
            return False
        rows = [tr for tr in table.iter("tr")]
        raw = [[RawCell(_cell_text(el), _span(el, "rowspan"), _span(el, "colspan"))
                for el in tr if el.tag in ("td", "th") and not _is_placeholder(el)]
               for tr in rows]
        raw = [r for r in raw if r]
        if len(raw) < 2 or max(len(r) for r in raw) < 2:
            return False
        if _is_prose_layout(raw):
            return False  # cells holding paragraphs of prose: a layout table
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


#: a table with this many short non-empty cells is data even when a long 注 row closes it
_MIN_DATA_CELLS = 10


def _is_prose_layout(rows: list[list[RawCell]]) -> bool:
    """Cells of several hundred characters hold most of the text and few short cells are
    around them: page layout around prose (a data table closed by a long 注 row is data)."""
    sizes = [_visible(c.text) for r in rows for c in r]
    long = sum(n for n in sizes if n > _MAX_CELL_TEXT)
    short = sum(1 for n in sizes if 0 < n <= _MAX_CELL_TEXT)
    return long > 0 and (long > 0.5 * sum(sizes) and short < _MIN_DATA_CELLS
                         or short < 2)


_CELL_TAGS = frozenset(("tr", "td", "th"))


def _cell_text(cell) -> str:
    """The text of a cell without rows nested in it: libxml2 nests the next row inside a cell
    whose ``<font>`` and ``</td>`` were left unclosed, where browsers start a new row.

    >>> import lxml.html
    >>> t = lxml.html.fragment_fromstring("<table><tr><td><font>a<td><font>b<tr><td>c</table>")
    >>> [_cell_text(td) for td in t.iter("td")]
    ['a', 'b', 'c']
    """
    if not any(el.tag in _CELL_TAGS for el in cell.iterdescendants()):
        return cell.text_content()
    parts: list[str] = []
    stack = [(cell, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            parts.append(el.tail or "")
            continue
        if el is not cell and el.tag in _CELL_TAGS:
            continue  # a row of its own (its tail is outside the cell in a browser too)
        parts.append(el.text or "" if isinstance(el.tag, str) else "")
        if el is not cell:
            stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return "".join(parts)


def _is_placeholder(cell) -> bool:
    """Word pads rows of uneven width with cells that are not part of the table.

    >>> import lxml.html
    >>> _is_placeholder(lxml.html.fragment_fromstring(
    ...     "<td style='mso-cell-special:placeholder;border:none'>&nbsp;</td>"))
    True
    """
    return "mso-cell-special:placeholder" in (cell.get("style") or "").replace(" ", "")


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
