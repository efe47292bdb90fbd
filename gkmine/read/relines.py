"""Put line breaks back into a report flattened into one paragraph.

A crawler that keeps only a page's text joins every paragraph and every table cell with
nothing between them: headings run on inside the prose and a table row is its label glued to
its numbers (``…安全运行。二、主动公开政府信息情况第二十条第（一）项信息内容…``). Such a line
is *flattened* when it is long and holds several statutory headings or table row labels; only
flattened lines are touched. In them a line break goes

- before and after a section heading printed with its title (``二、主动公开政府信息情况``:
  the titles of :data:`gkmine.keys.SECTIONS` and their common wordings);
- before a sub-item marker ``（一）`` (not in ``第（一）项``) and before an enumeration
  ``1.`` that follows the end of a sentence;
- before every row label of the statutory tables (:mod:`gkmine.keys`) with its ordinal
  (``一、本年新收…``, ``2.其他法律…``: the ordinal's one digit is told from the numbers of
  the row before by the label after it), and before an unnumbered row label (``规章``,
  ``行政许可``) followed by its numbers rather than by a unit (``行政处罚406件`` is prose);
- before the header lines of the tables (``第二十条第（一）项``, ``信息内容``, ``申请人情况``);
- after the report's title, where the preamble starts (``…年度报告根据《…条例》``).

The breaks are inserted through an :class:`~gkmine.read._edit.Edit`: each one maps onto the
character after it, every other character keeps its offset.

>>> from gkmine.record import TextMap
>>> flat = ("一、总体情况（一）主动公开。本年主动公开信息12条，" + "政务公开工作平稳。" * 16 +
...         "二、主动公开政府信息情况"
...         "第二十条第（一）项信息内容本年制发件数规章000行政规范性文件102三、收到和处理政府"
...         "信息公开申请情况一、本年新收政府信息公开申请数量3100004")
>>> tm, n = reline(TextMap.identity(flat))
>>> print(tm.text)  # doctest: +ELLIPSIS
一、总体情况
（一）主动公开。本年主动公开信息12条，政务公开工作平稳。...
二、主动公开政府信息情况
第二十条第（一）项
信息内容本年制发件数
规章000
行政规范性文件102
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量3100004
>>> tm.to_original(tm.text.index("规章"), tm.text.index("规章") + 2) == (flat.index("规章"),
...     flat.index("规章") + 2)
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from gkmine.keys import T2_2019, T2_2021, T3_ROWS
from gkmine.read._edit import Edit, apply_edit
from gkmine.read.normalize import CJK
from gkmine.read.simplify import QUOTE_MARKS
from gkmine.record import TextMap

#: a line at least this long that holds this many headings or row labels is flattened
FLAT_LINE = 200
FLAT_MARKS = 3
_SPACES = " \t\u3000"

_CN_ORDINAL = "一二三四五六七八九十"
_SECTION_ORDINALS = "一二三四五六"
#: a sub-item marker, not the ``（一）`` of ``第二十条第（一）项``
_SUBITEM = re.compile(rf"(?<!第)[（(][{_CN_ORDINAL}]{{1,3}}[)）](?=\s*[{CJK}])")
#: quotation marks print in either width and style (``危及“三安全一稳定”``, ``危及"三…``)
#: an enumeration after the end of a sentence: ``。1.加强…``
_ENUMERATION = re.compile(rf"(?<=[。；;：:！？])\d{{1,2}}[.．、](?=[{CJK}])")
#: header lines of the tables
_HEADERS = re.compile(r"第二十条第[（(][一二三四五六七八九十]{1,3}[)）]项(?![规的所])"
                      r"|信息内容|申请人情况|[一二三四五六七八九十][、.．]本年度办理结果"
                      r"|行政复议(?=\s*行政诉讼\s*结果维持)")
#: the end of the report's title, where the preamble starts
_TITLE_END = re.compile(r"(?:政府信息公开|政务公开)(?:工作)?年度?报告(?=根据|依据|按照|本报告|现)")
#: what follows a row label's numbers in prose (``行政处罚406件``), never in a table row
_UNIT_AFTER = re.compile(r"\s*[\d.,，]+\s*(?:[件个项条次人年月日%％]|万元|万|元)")
_NUMBERS_AFTER = re.compile(r"\s*(?:\d|[/—－-])")


def _prefix(label: str, n: int = 4) -> str:
    """The first ``n`` CJK characters of a label (what a report prints whatever its variant)."""
    return "".join(re.findall(f"[{CJK}]", label))[:n]


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(section headings, numbered row labels, unnumbered row labels)."""
    sections = re.compile(rf"[{_SECTION_ORDINALS}]\s*[、.．]\s*(?:{_titles()})")
    heads: set[str] = set()
    for rows in T3_ROWS.values():
        for label in rows.values():
            # the label as printed (``危及“三安全…``): its first characters, punctuation kept
            head = "".join(f"[{re.escape(QUOTE_MARKS)}]" if ch in QUOTE_MARKS else re.escape(ch)
                           for ch in label[:4])
            if len(_prefix(label)) >= 2:
                heads.add(head)
    # ``一、本年新收…``, ``（一）予以公开``, ``1.属于国家秘密`` (one digit: the numbers of the row
    # before end right in front of it). The marker is matched once, then the labels: it can
    # match in one way only at a position, so this finds what one alternative per label would
    numbered_re = re.compile(rf"(?:[{_CN_ORDINAL}]{{1,2}}[、.．]|[（(][{_CN_ORDINAL}]{{1,3}}[)）]"
                             rf"|(?<![.．])\d[.．、])\s*(?:{'|'.join(sorted(heads))})")
    plain = sorted({label for spec in (T2_2021, T2_2019) for label, _ in spec.values()},
                   key=len, reverse=True)
    plain_re = re.compile("|".join(re.escape(label) for label in plain))
    return sections, numbered_re, plain_re


def _titles() -> str:
    """The section titles as a regex: the statutory ones and their common (not pre-2019)
    wordings, punctuation between their characters optional (``行政复议、行政诉讼``)."""
    # imported here: the structure stage reads texts through this package
    from gkmine.structure.sections import title_wordings

    words = set(title_wordings(legacy=False))
    return "|".join(r"[、，,\s]?".join(map(re.escape, word))
                    for word in sorted(words, key=len, reverse=True))


def is_flattened(line: str) -> bool:
    """A long line holding several section headings or table row labels.

    >>> is_flattened("二、主动公开政府信息情况" + "规章000行政许可5行政处罚3" + "。" * 200)
    True
    >>> is_flattened("全年主动公开政府信息。" * 30)
    False
    """
    if len(line) < FLAT_LINE:
        return False
    sections, numbered, plain = _patterns()
    marks = 0
    for pattern in (sections, numbered, plain):
        for m in pattern.finditer(line):
            marks += pattern is not plain or _starts_row(line, m)
            if marks >= FLAT_MARKS:
                return True
    return False


def _starts_row(line: str, label: re.Match[str]) -> bool:
    """An unnumbered row label followed by its numbers, not by a count in a sentence."""
    return (_NUMBERS_AFTER.match(line, label.end()) is not None
            and _UNIT_AFTER.match(line, label.end()) is None)


def line_breaks(line: str) -> list[int]:
    """Offsets in ``line`` before which a line break goes (sorted, without 0).

    >>> line = "情况规章3720行政规范性文件004行政处罚406件（二）监督。1.加强"
    >>> [line[i:i + 2] for i in line_breaks(line)]
    ['规章', '行政', '（二', '1.']
    """
    sections, numbered, plain = _patterns()
    breaks: set[int] = set()
    heading_ends: set[int] = set()
    for m in sections.finditer(line):
        breaks.add(m.start())
        heading_ends.add(m.end())
    for pattern in (numbered, _SUBITEM, _ENUMERATION, _HEADERS):
        breaks.update(m.start() for m in pattern.finditer(line))
    breaks.update(m.start() for m in plain.finditer(line) if _starts_row(line, m))
    breaks.update(m.end() for m in _TITLE_END.finditer(line))
    # a heading's end is no break when punctuation follows (``二、…情况：``)
    breaks.update(b for b in heading_ends if b < len(line) and line[b] not in "。：:，、")
    return sorted(b for b in breaks if 0 < b < len(line))


def reline(textmap: TextMap) -> tuple[TextMap, int]:
    """Line breaks put back into the flattened lines of the text; returns the new map and
    the number of breaks inserted (0: the map unchanged)."""
    text = textmap.text
    edit = Edit(text)
    pos = inserted = 0
    for m in re.finditer(r"[^\n]+", text):
        if not is_flattened(m.group()):
            continue
        broke = -1
        for offset in line_breaks(m.group()):
            at = m.start() + offset
            if at <= broke:  # within the spaces around a break just made
                continue
            # the spaces around a break separated what now stands on two lines: dropped
            end = at
            while end > pos and text[end - 1] in _SPACES:
                end -= 1
            edit.keep(pos, end)
            edit.insert("\n", at=at)
            pos = broke = at + len(text[at:m.end()]) - len(text[at:m.end()].lstrip(_SPACES))
            inserted += 1
    if not inserted:
        return textmap, 0
    edit.keep(pos, len(text))
    return apply_edit(textmap, edit), inserted
