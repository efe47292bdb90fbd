"""Repair extraction damage into the analysis text, always through the offset map.

Conventions of the analysis text (downstream stages still accept both forms):

- full-width digits, Latin letters and spaces become half-width (``２０２４`` → ``2024``);
- Chinese punctuation stays full-width, and ASCII ``( ) , : ;`` touching a CJK character
  becomes full-width (``(一)`` → ``（一）``, ``时间:`` → ``时间：``; ``17:28`` is untouched);
- traditional characters become simplified (OpenCC ``t2s``) when the text is traditional;
  pinyin glosses injected by mirrors (``區(qū)``) and ``????`` indentation residue are dropped;
- lines: leading indentation is dropped (tabs kept: they separate table cells), markdown
  residue (``**bold**``, ``- `` bullets before ``（一）``) is removed, page numbers
  (``- 3 -``, ``第3页 共8页``, ``3/8``, a lone page number next to a form feed), running
  headers/footers repeated at page breaks, form feeds, clear OCR garbage lines and web-page
  chrome lines (see :mod:`gkmine.read.chrome`) are removed;
- blank lines: in a "double-spaced" extraction (a blank line after nearly every line) single
  blank lines are dropped and longer runs become one paragraph break; elsewhere a run of
  blank lines becomes one;
- hard wraps are joined (in text and PDF extractions; the lines of HTML and DOCX are the
  document's own paragraphs and stay): a prose line that reaches the document's typical full
  line width and does not end a sentence continues on the next line, unless that line starts a
  heading or an enumeration (``一、``, ``（一）``, ``1.``); a long prose line that stops
  mid-sentence before a blank line (a page break) continues too; a title broken near the top
  (``…年度报`` + ``告``, ``机关`` + ``2024年…报告``) is joined in every format. Table
  lines (tabs, pipes, rows ending in numbers, lone numbers) are never joined, so every
  table row or label fragment keeps its own line and every heading starts a line.

>>> from gkmine.record import TextMap
>>> res = normalize_text(TextMap.identity("２０２４年(一)主动公开\\n- 3 -\\n"))
>>> res.textmap.text
'2024年（一）主动公开\\n'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from gkmine.config import DEFAULT, Config
from gkmine.errors import warning
from gkmine.nlp.numbers import gated
from gkmine.read._edit import Edit, apply_edit, sub_map, translate_map
from gkmine.read.chrome import classify_chrome_line, merge_chrome
from gkmine.read.simplify import (
    TRADITIONAL_SHARE,
    drop_pinyin_glosses,
    drop_qmark_residue,
    to_simplified,
    traditional_share,
)
from gkmine.record import TextMap

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
#: characters set in one display column: everything before the CJK radicals (U+2E80)
_NARROW = re.compile("[^\u2e80-\U0010ffff]+")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width rendering: 2 for a character from U+2E80 on
    (CJK), 1 for any other, as ``pdftotext -layout`` sets them.

    >>> display_width("维持 12")
    7
    """
    return 2 * len(text) - sum(map(len, _NARROW.findall(text)))

# ---------------------------------------------------------------- character level
_WIDTH_TABLE = {0xFF10 + i: chr(0x30 + i) for i in range(10)}
_WIDTH_TABLE.update({0xFF21 + i: chr(0x41 + i) for i in range(26)})
_WIDTH_TABLE.update({0xFF41 + i: chr(0x61 + i) for i in range(26)})
_WIDTH_TABLE.update({0x3000: " ", 0xA0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "})
#: Kangxi radicals and CJK compatibility ideographs, which a PDF's font may give for the
#: ideographs they look like (⾏ for 行, ⼀ for 一): the ideograph (NFKC, one for one) …
_IDEOGRAPH_TABLE = {
    cp: folded for block in ((0x2E80, 0x2FE0), (0xF900, 0xFB00)) for cp in range(*block)
    if len(folded := unicodedata.normalize("NFKC", chr(cp))) == 1 and folded != chr(cp)}
#: … and the radicals (CJK Radicals Supplement) that NFKC leaves but Unicode's
#: Equivalent_Unified_Ideograph maps to a character of running text (⼈⺠ for 人民)
_IDEOGRAPH_TABLE.update(str.maketrans(
    "⺠⻄⻅⻆⻉⻋⻑⻓⻔⻘⻚⻛⻜⻢⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳",
    "民西见角贝车長长门青页风飞马鬼鱼鸟卤麦黄齐齿龙龟"))
_NEEDS_IDEOGRAPH = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")
_CJK_CHAR = re.compile(f"[{CJK}]")
_NEEDS_WIDTH = re.compile("[" + "".join(map(chr, _WIDTH_TABLE)) + "]")
_FULL_PUNCT = {"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"}
# gated on the characters they replace (see gkmine.nlp.numbers.gated): most text has none
_DOUBLED_COMMA = gated(",", r",+(?=[、，])|(?<=[、，]),+|,(?=,)")
_PAREN_PAIR = re.compile(r"\(([^()\n]{0,80})\)")
_PUNCT_NEAR_CJK = gated("(),:;", rf"(?<=[{CJK}])[(),:;]|[(),:;](?=[{CJK}])")
_CONTROL = re.compile(r"\r\n?|[\x00-\x08\x0b\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
_INLINE_TAG = re.compile(r"</?(?:i|b|u|em|strong|sup|sub|span|font|br)\s*/?>", re.I)
_MD_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{1,200}?)(?<=\S)\*\*")


def normalize_chars(textmap: TextMap, *, config: Config = DEFAULT) -> tuple[TextMap, list[str],
                                                                              bool]:
    """Character-level repairs; returns the map, warnings and whether t2s was applied."""
    warnings: list[str] = []
    textmap, _ = sub_map(textmap, _CONTROL, lambda m: "\n" if m.group(0)[0] == "\r" else "")
    textmap, _ = sub_map(textmap, _INLINE_TAG, "")
    textmap, n_gloss = drop_pinyin_glosses(textmap)
    if n_gloss:
        warnings.append(warning("W001", n=n_gloss))
    textmap, _ = drop_qmark_residue(textmap)
    if _NEEDS_IDEOGRAPH.search(textmap.text):  # before t2s: ⾨ is 門, then 门
        textmap = translate_map(textmap, _IDEOGRAPH_TABLE)
    converted = False
    if config.to_simplified and traditional_share(textmap.text) >= TRADITIONAL_SHARE:
        textmap, n_changed = to_simplified(textmap)
        converted = n_changed > 0
        if converted:
            warnings.append(warning("W002", n=n_changed))
    if _NEEDS_WIDTH.search(textmap.text):
        textmap = translate_map(textmap, _WIDTH_TABLE)
    textmap, _ = sub_map(textmap, _DOUBLED_COMMA, "")
    textmap, _ = sub_map(textmap, _PAREN_PAIR, _full_width_pair)
    textmap, _ = sub_map(textmap, _PUNCT_NEAR_CJK, lambda m: _FULL_PUNCT[m.group(0)])
    textmap, _ = sub_map(textmap, _MD_BOLD, lambda m: m.group(1))
    return textmap, warnings, converted


def _full_width_pair(m: re.Match[str]) -> str:
    """``(…)`` touching or holding CJK becomes ``（…）`` as a pair."""
    text = m.string
    before = text[m.start() - 1] if m.start() else ""
    after = text[m.end()] if m.end() < len(text) else ""
    if _CJK_CHAR.search(before + m.group(1) + after):
        return f"（{m.group(1)}）"
    return m.group(0)


# ---------------------------------------------------------------- line classification
_HEADING_START = re.compile(
    r"^(?:第[一二三四五六七八九十百]+[章节条部分]|[一二三四五六七八九十]+[、.．]"
    r"|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[①-⑳])")
_MD_BULLET = re.compile(r"^(?:[-*+]\s+|[•·●▪]\s*|#{1,6}\s+)(?=[（(一二三四五六七八九十\d第【])")
_SENTENCE_END = re.compile(r"(?:[。！？；：!?;:…]|[。！？][”’」』）)]?)$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~·•]+\s*\d{1,4}\s*[-—–－_~·•]+|第\s*\d{1,4}\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,]?\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$")
_LONE_NUMBER = re.compile(r"^\d{1,4}$")
_ALIGNED = re.compile(r"\S {3,}\S")
#: a value of a table row: a number, or what OCR makes of one (O for 0, l for 1, 1，286)
_ROW_VALUE = re.compile(r"[-+－−＋]?[\d.,，%]+|(?=[\dOIl]*[\dOl])[\dOIl]{1,7}")
#: a stray mark of a ruling line that OCR may leave after the values of a row
_STRAY_MARK = re.compile(r"[_|｜'`~]{1,2}")
#: a lone number, or one value set far apart from its label (a space-aligned table row)
_NUMBER_LINE = re.compile(r"^[-+]?[\d.,%]+$|\S {3,}[-+]?\d[\d.,]*(?:万元|元|%)?\s*$")
_DEBRIS_SAFE = re.compile(r"@|https?:|www\.|\.(?:com|cn|gov|org|net)\b|\d{3,}-\d{3,}")
_TITLE_TAIL = re.compile(r"(?:报告|年报)$")
_CLAUSE_OPEN = re.compile(r"[，、“‘《（]$")
_TITLE_WORDS = re.compile(r"政府信息公开|政务公开|信息公开")


@dataclass
class _Line:
    start: int  # content span in the text being edited
    end: int
    page: int
    sep: int  # offset of the line's own separator (newline or form feed)
    kind: str = "text"  # text | blank | chrome | page | running | garbage
    spans: list[tuple[int, int]] = field(default_factory=list)

    def content(self, text: str) -> str:
        return "".join(text[s:e] for s, e in self.spans)


_LINE_SEP = re.compile(r"\n?\f|\n")
#: what pads a line (stripped from its span; other whitespace is kept)
_LINE_PAD = " \u3000\xa0"
#: a report's title with its year (…2022年政府信息公开工作年度报告)
_DATED_REPORT = re.compile(r"[12]\d{3}\s*年[^\n]{0,40}?(?:年度报告|年报)")


def _split_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, page) of each line; form feeds end a line and start a page."""
    page = 0
    pos = 0
    for m in _LINE_SEP.finditer(text):
        yield pos, m.start(), page
        if m.group(0).endswith("\f"):
            page += 1
        pos = m.end()
    yield pos, len(text), page


def _is_number_row(line: str) -> bool:
    """A line ending with two or more values (then perhaps a stray mark), or a line of
    :data:`_NUMBER_LINE`.

    Read token by token from the end: one regex for the whole row backtracks exponentially
    on a line of numbers that ends in a word (the two kinds of value overlap on digits).

    >>> _is_number_row("行政许可 12 0 |"), _is_number_row("1 2 " * 40 + "件")
    (True, False)
    """
    tokens = line.split()
    if len(tokens) > 2 and _STRAY_MARK.fullmatch(tokens[-1]):
        tokens.pop()
    values = 0
    for token in reversed(tokens):
        if not _ROW_VALUE.fullmatch(token):
            break
        values += 1
        if values == 2:
            return True
    return _NUMBER_LINE.search(line) is not None


def is_table_line(line: str) -> bool:
    """Lines the tables stage reads line by line: never joined.

    >>> is_table_line("规章\\t0\\t0"), is_table_line("行政许可 0 0"), is_table_line("0")
    (True, True, True)
    """
    return "\t" in line or "|" in line or "｜" in line or _is_number_row(line)


def _is_debris(line: str) -> bool:
    # Pipe-ruled text tables put one cell per line (``18 |``, ``-2 |``, ``|``): table data.
    # (the cheap test first: every condition here only clears the line)
    if _CJK_CHAR.search(line):
        return False
    core = line.replace("|", " ").replace("｜", " ").strip()
    if not core or _is_number_row(core):
        return False
    if _is_number_row(line) or _DEBRIS_SAFE.search(line):
        return False
    if len(line) < 3 or "\t" in line:
        return False
    odd = sum(1 for ch in line if not (ch.isascii() and (ch.isalnum() or ch in " .,-/()%+:;'\"")))
    return odd / len(line) >= 0.25


def _visual_width(line: str) -> float:
    """Width in CJK character cells: ASCII counts half."""
    return len(line) - 0.5 * len(line.encode("ascii", "ignore"))


# ---------------------------------------------------------------- the line pass
@dataclass
class Normalized:
    textmap: TextMap
    chrome: dict[str, str]
    warnings: list[str]
    converted_traditional: bool = False


def normalize_text(textmap: TextMap, *, config: Config = DEFAULT,
                   chrome: dict[str, str] | None = None, join_prose: bool = True) -> Normalized:
    """Normalise an extracted text (see the module docstring for the conventions).

    ``join_prose=False`` keeps every line break of prose (HTML/DOCX, whose lines are the
    document's own paragraphs); broken titles are joined either way.
    """
    textmap, warnings, converted = normalize_chars(textmap, config=config)
    chrome = dict(chrome or {})
    text = textmap.text
    lines = _classify(text, chrome, warnings)
    edit = _emit(text, lines, join_prose=join_prose)
    out = apply_edit(textmap, edit)
    return Normalized(out, chrome, warnings, converted)


def _classify(text: str, chrome: dict[str, str], warnings: list[str]) -> list[_Line]:
    lines: list[_Line] = []
    for start, end, page in _split_lines(text):
        raw = text[start:end]
        content = raw.strip(_LINE_PAD)
        s = start + len(raw) - len(raw.lstrip(_LINE_PAD)) if content else end
        e = s + len(content)
        line = _Line(s, e, page, end)
        if not content.strip():
            line.kind = "blank"
        else:
            found = classify_chrome_line(content)
            if found is not None:
                merge_chrome(chrome, found)
                line.kind = "chrome"
            else:
                m = _MD_BULLET.match(content)
                if m:
                    s += m.end()
                line.spans = [(s, e)]
        lines.append(line)
    if not any(ln.kind == "text" for ln in lines):
        # every line reads as furniture, yet one names a year's report: a page run into one
        # line that opens with its breadcrumbs is read, not dropped whole as chrome
        for ln in lines:
            if ln.kind == "chrome" and _DATED_REPORT.search(text, ln.start, ln.end):
                ln.kind, ln.spans = "text", [(ln.start, ln.end)]
    counts = {"chrome": sum(ln.kind == "chrome" for ln in lines)}
    counts["page number"] = _mark_page_numbers(text, lines)
    counts["running header/footer"] = _mark_running_lines(text, lines)
    counts["garbage"] = 0
    for ln in lines:
        if ln.kind == "text" and _is_debris(text[ln.start:ln.end]):
            ln.kind = "garbage"
            counts["garbage"] += 1
    for what, n in counts.items():
        if n:
            warnings.append(warning("W003", n=n, what=what, s="s" if n > 1 else ""))
    return lines


def _page_edges(lines: list[_Line]) -> list[tuple[int, list[int]]]:
    """For each page, the indices of its first and last non-blank text lines."""
    pages: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        if ln.kind == "text":
            pages.setdefault(ln.page, []).append(i)
    return [(p, sorted({idx[0], idx[-1]})) for p, idx in sorted(pages.items())]


def _mark_page_numbers(text: str, lines: list[_Line]) -> int:
    """Decorated page numbers anywhere; lone numbers only beside a form feed, when they count
    the pages."""
    n = 0
    for ln in lines:
        if ln.kind == "text" and _PAGE_NUMBER.match(text[ln.start:ln.end].strip()):
            ln.kind = "page"
            n += 1
    last_page = lines[-1].page if lines else 0
    lone: list[_Line] = []
    for page, idx in _page_edges(lines):
        first, last = idx[0], idx[-1]
        for i, beside_ff in ((first, page > 0), (last, page < last_page)):
            content = text[lines[i].start:lines[i].end].strip()
            if beside_ff and _LONE_NUMBER.match(content) and 1 <= int(content) \
                    and abs(int(content) - (page + 1)) <= 1:
                lone.append(lines[i])
    # one lone number at one of several page breaks is a coincidence (a table cell that
    # opens or closes a page), not a count of the pages
    if lone and len(lone) >= max(1, last_page // 2, min(2, last_page)):
        for ln in lone:
            ln.kind = "page"
        n += len(lone)
    return n


def _mark_running_lines(text: str, lines: list[_Line]) -> int:
    """Short non-sentence lines repeated at the edges of many pages (digits ignored)."""
    edges = _page_edges(lines)
    if len(edges) < 3:
        return 0
    seen: dict[str, set[int]] = {}
    for page, idx in edges:
        for i in idx:
            content = text[lines[i].start:lines[i].end]
            if len(content) <= 40 and not is_table_line(content) \
                    and not _SENTENCE_END.search(content):
                seen.setdefault(re.sub(r"\d+", "#", content), set()).add(page)
    # a header printed on every page but the first (the title page) counts from two pages
    later = {page for page, _ in edges[1:]}
    repeated = {k for k, pages in seen.items()
                if len(pages) >= max(3, len(edges) // 2) or (len(pages) >= 2 and pages == later)}
    first_page = [re.sub(r"\d+", "#", text[ln.start:ln.end]) for ln in lines
                  if ln.kind == "text" and ln.page == edges[0][0]]
    n = 0
    for page, idx in edges:
        for i in idx:
            key = re.sub(r"\d+", "#", text[lines[i].start:lines[i].end])
            # on the first page a header may be the title itself: drop it only if repeated there
            if key in repeated and (page != edges[0][0] or first_page.count(key) > 1):
                lines[i].kind = "running"
                n += 1
    return n


def _emit(text: str, lines: list[_Line], *, join_prose: bool) -> Edit:
    content = [ln for ln in lines if ln.kind in ("text", "blank")]
    # gaps: number of blank lines before each text line
    items: list[tuple[_Line, int]] = []
    gap = 0
    for ln in content:
        if ln.kind == "blank":
            gap += 1
        else:
            items.append((ln, gap if items else 0))
            gap = 0
    strings = [ln.content(text) for ln, _ in items]
    # whether each line is a table line, decided once: every join test asks it of two lines
    table = [is_table_line(s) for s in strings]
    double = _double_spaced([g for _, g in items[1:]])
    width = _typical_width(strings, table)
    edit = Edit(text)
    for k, (ln, gap) in enumerate(items):
        if k:
            prev = strings[k - 1]
            breaks = (1 if gap >= 2 else 0) if double else min(gap, 1)
            if not (table[k - 1] or table[k]) and (
                    (join_prose and _joins(prev, strings[k], breaks, width))
                    or (breaks <= 1 and _title_joins(prev, strings[k], k))):
                if prev[-1:].isascii() and prev[-1:].isalpha() and strings[k][:1].isalpha():
                    edit.insert(" ", at=ln.start)
            else:
                sep = items[k - 1][0].sep
                edit.replace(sep, sep + 1, "\n" * (1 + breaks))
        for s, e in ln.spans:
            edit.keep(s, e)
    if items:
        sep = items[-1][0].sep
        edit.replace(sep, sep + 1, "\n")
    return edit


def _double_spaced(gaps: list[int]) -> bool:
    """True when nearly every line is followed by exactly one blank line."""
    if len(gaps) < 6:
        return False
    return sum(g == 1 for g in gaps) / len(gaps) >= 0.6


def _typical_width(lines: list[str], table: list[bool]) -> float | None:
    """The full line width of a hard-wrapped text, or None when lines are paragraphs
    (``table``: whether each line is a table line)."""
    # space-aligned table lines (runs of spaces between cells) are no measure of the wrap width
    widths = sorted(_visual_width(s) for s, is_table in zip(lines, table, strict=True)
                    if not is_table and len(s) >= 8 and not _ALIGNED.search(s))
    if len(widths) < 5:
        return None
    top = widths[int(0.8 * (len(widths) - 1))]
    near = sum(1 for w in widths if 0.85 * top <= w <= 1.1 * top)
    return top if near >= max(4, 0.35 * len(widths)) else None


def _joins(prev: str, nxt: str, breaks: int, width: float | None) -> bool:
    """Whether ``nxt`` continues the prose sentence wrapped at the end of ``prev`` (neither
    being a table line)."""
    if breaks > 1 or _HEADING_START.match(nxt):
        return False
    if _SENTENCE_END.search(prev) or not re.match(rf"[{CJK}A-Za-z0-9“‘《〈（(、，]", nxt):
        return False
    if _CLAUSE_OPEN.search(prev):  # a line ending in a comma or an open quote ends no sentence
        return True
    w = _visual_width(prev)
    if width is not None:  # a blank line after a full line that ends mid-sentence: page break
        return w >= 0.85 * width
    # paragraph-per-line text: only a long prose line broken mid-sentence (at a page break)
    return (w >= 36 and re.search(f"[{CJK}，、]$", prev) is not None
            and re.search("[，。；、]", prev) is not None)


def _title_joins(prev: str, nxt: str, k: int) -> bool:
    """A report title broken over lines near the top: ``…年度报`` + ``告`` (neither being a
    table line)."""
    if k > 12 or len(prev) > 40 or len(nxt) > 24:
        return False
    joined = prev + nxt
    if _TITLE_TAIL.search(prev) or not _TITLE_TAIL.search(joined) or _SENTENCE_END.search(prev):
        return False
    if re.search("[，。：；]", joined) or _HEADING_START.match(nxt):
        return False
    # a complete title under a site-name line stays apart; ``机关`` + ``2024年…报告`` joins
    if (_TITLE_WORDS.search(nxt) and not re.match(r"\d{4}", nxt)
            and not re.search(r"\d{4}\s*年?度?$", prev)):
        return False
    return bool(_TITLE_WORDS.search(joined)) and re.search(r"\d{4}|年度", joined) is not None
