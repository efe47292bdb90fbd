"""Split section 五 into statements, the unit of coding of codebook v1.

A statement is one enumerated item (一是… / 1. … / （一）… / 第一，…) or, where the text does not
enumerate, one sentence (split at 。；！？). Items are recognised only when their numbers form a
sequence (一是 then 二是, （一） then （二） …), so a stray "统一是" or "1.5万" never opens one.
Labels such as ``存在的主要问题：`` or ``下一步改进措施：`` are dropped from the statement text but
switch the *context* (``"problem"`` or ``"measure"``) that the statements after them inherit;
framing sentences such as ``但还存在一些问题：`` or ``下一步，我局将…`` switch it too, and they
also close an open item, because an item never runs across such a switch.

Offsets are half-open ``[start, end)`` into the report text: ``offset`` (the section's
``body_start``) plus the position in the section text. Hard line breaks inside a statement
are kept in ``text``; compare statements after :func:`normalise`.

>>> body = "存在的主要问题：一是意识不强；二是渠道有限。下一步改进措施：一是拓宽渠道。"
>>> [(s.context, s.marker, s.text) for s in split_statements(body)]
[('problem', '一是', '一是意识不强；'), ('problem', '二是', '二是渠道有限。'), \
('measure', '一是', '一是拓宽渠道。')]
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Statement", "split_statements", "report_statements", "normalise"]


@dataclass(frozen=True)
class Statement:
    """One statement of section 五 with its place in the report text."""

    id: str
    doc_id: str
    text: str
    start: int
    end: int
    context: str | None  # "problem" | "measure" | None (not yet known)
    marker: str | None  # the enumeration marker as found ("一是", "（二）", "1.") or None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_WS = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text without any whitespace (hard line breaks, tabs, spaces), for comparisons.

    >>> normalise("意识不\\n\\n 强。")
    '意识不强。'
    """
    return _WS.sub("", text)


# --- enumeration markers -----------------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "[一二三四五六七八九十]{1,3}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"

#: style -> pattern of the marker itself (group "n" holds the number). Order matters: the
#: first style that matches at a position wins.
_MARKER_STYLES: tuple[tuple[str, str], ...] = (
    ("cn_shi", rf"(?P<n>{_CN_NUM})是"),
    ("paren_cn", rf"[（(]\s*(?P<n>{_CN_NUM})\s*[）)]"),
    ("di", rf"第(?P<n>{_CN_NUM})(?=[，,、：:是])"),
    ("cn_dun", rf"(?P<n>{_CN_NUM})[、．.]"),
    ("paren_ar", r"[（(]\s*(?P<n>\d{1,2})\s*[）)]"),
    ("arabic", r"(?P<n>\d{1,2})\s*[.．、](?!\d)"),
    ("circled", rf"(?P<n>[{_CIRCLED}])"),
)
#: What may stand right before a marker: nothing, a line break, or punctuation that closes a
#: clause. Arabic numbers need a stronger boundary than 一是 (which may follow a comma).
_BEFORE_ANY = "。；;！？!?：:\n\r\t 　-•·*"
_BEFORE_CN_SHI = _BEFORE_ANY + "，,、"
_MARKER_RE = re.compile("|".join(f"(?P<{name}>{pat.replace('(?P<n>', f'(?P<{name}_n>')})"
                                 for name, pat in _MARKER_STYLES))


def _cn_to_int(s: str) -> int | None:
    if s in _CIRCLED:
        return _CIRCLED.index(s) + 1
    if s.isdigit():
        return int(s)
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        value = (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0))
        return value if (not tens or tens in _CN_DIGITS) and (not ones or ones in _CN_DIGITS) \
            else None
    return _CN_DIGITS.get(s) if len(s) == 1 else None


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    style: str
    number: int


def _candidate_markers(text: str) -> list[_Marker]:
    found: list[_Marker] = []
    for m in _MARKER_RE.finditer(text):
        style = m.lastgroup
        if style is None or style.endswith("_n"):
            style = next(name for name, _ in _MARKER_STYLES if m.group(name))
        before = text[m.start() - 1] if m.start() > 0 else "\n"
        allowed = _BEFORE_CN_SHI if style == "cn_shi" else _BEFORE_ANY
        if before not in allowed:
            continue
        number = _cn_to_int(m.group(f"{style}_n"))
        if number is None:
            continue
        found.append(_Marker(m.start(), m.end(), style, number))
    return found


def _sequenced(markers: list[_Marker]) -> list[_Marker]:
    """Keep markers whose numbers continue a series (a stack of nested styles)."""
    stack: list[str] = []
    last: dict[str, int] = {}
    kept: list[_Marker] = []
    for mk in markers:
        if mk.style in stack and mk.number == last[mk.style] + 1:
            del stack[stack.index(mk.style) + 1:]
        elif mk.number == 1:
            if mk.style in stack:
                del stack[stack.index(mk.style):]
            stack.append(mk.style)
        else:
            continue
        last[mk.style] = mk.number
        kept.append(mk)
    return kept


# --- labels and framing (context switches) -----------------------------------------------

_PROBLEM_LABEL = (r"(?:工作中|目前|当前|仍然|还)?(?:存在的?|面临的?)?(?:主要|突出)?"
                  r"(?:问题|不足|短板|困难)(?:[和与及、](?:不足|困难|问题|短板))?(?:之处)?")
_MEASURE_LABEL = (r"(?:下一步|下步|今后|\d{4}年)?(?:的)?(?:工作)?(?:改进|整改|努力)?"
                  r"(?:措施|打算|计划|方向|思路|举措|情况|建议)")
_LABEL_END = r"\s*(?:[：:。．]|(?=\s*\n)|$)"
_LABEL_RE = re.compile(
    rf"^[\s\-•·*]*(?:(?P<problem>{_PROBLEM_LABEL})|(?P<measure>{_MEASURE_LABEL})){_LABEL_END}")
#: A label must say *which* context it is: a bare "情况：" or "计划：" does not switch.
_LABEL_KEYWORDS = re.compile(r"问题|不足|短板|困难|下一步|下步|今后|改进|整改|措施|打算")

_MEASURE_INTRO = re.compile(
    r"^[\s\-•·*]*(?:下一步|下步|接下来|今后|为此|对此|针对(?:上述|以上|这些|存在的)|"
    r"结合.{0,20}(?:问题|不足)|\d{4}年[，,]?(?:我|本).{0,8}将)"
    r"|(?:以下|如下|下列).{0,8}(?:方面|措施|工作|举措)(?:改进|整改|加以改进|入手)?[：:。]?\s*$"
    r"|将(?:采取|从).{0,10}(?:措施|方面)")
_PROBLEM_INTRO = re.compile(
    r"(?:存在|还有|仍有|面临|表现在|表现为|发现)(?:着)?(?:的)?(?:一些|以下|如下|部分|诸多|不少|"
    r"一定的?|个别|少数)?(?:问题|不足|短板|薄弱环节|困难|差距)"
    r"|主要表现(?:在|为)|不足之处|问题和不足|问题与不足")


def _label_at(text: str) -> tuple[str, int] | None:
    """``(context, length)`` if ``text`` starts with a problem/measure label."""
    m = _LABEL_RE.match(text)
    if not m or not _LABEL_KEYWORDS.search(m.group(0)):
        return None
    return ("problem" if m.group("problem") else "measure"), m.end()


def _framing_context(sentence: str) -> str | None:
    """The context a non-enumerated sentence switches to, if it frames one."""
    if _MEASURE_INTRO.search(sentence):
        return "measure"
    if _PROBLEM_INTRO.search(sentence):
        return "problem"
    return None


# --- sentences ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。；;！？!?]+[”’」』）)\"']*")


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        spans.append((pos, end))
    return spans


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in "-•·*"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "-•·*"):
        end -= 1
    return start, end


# --- splitting ---------------------------------------------------------------------------


@dataclass
class _Piece:
    start: int
    end: int
    context: str | None
    marker: str | None


def _item_end(text: str, start: int, limit: int) -> int:
    """Where an item that opens at ``start`` ends: before a label or a framing sentence."""
    spans = _sentence_spans(text, start, limit)
    for s, _ in spans[1:]:
        s, e = _strip(text, s, limit)
        if s >= e:
            break
        if _label_at(text[s:e]):
            return s
        first = _sentence_spans(text, s, e)[0]
        sentence = text[first[0]:first[1]]
        if _MEASURE_INTRO.search(sentence) and not sentence.startswith(("为此项", "对此项")):
            return s
    return limit


def _split_lead(text: str, start: int, end: int, context: str | None,
                pieces: list[_Piece]) -> str | None:
    """Split text outside any item into sentences, dropping labels; returns the context."""
    for s, e in _sentence_spans(text, start, end):
        s, e = _strip(text, s, e)
        while s < e:
            label = _label_at(text[s:e])
            if not label:
                break
            context = label[0]
            s, e = _strip(text, s + label[1], e)
        if s >= e:
            continue
        context = _framing_context(text[s:e]) or context
        pieces.append(_Piece(s, e, context, None))
    return context


def _split_pieces(text: str) -> list[_Piece]:
    markers = _sequenced(_candidate_markers(text))
    pieces: list[_Piece] = []
    context: str | None = None
    pos = 0
    for i, mk in enumerate(markers):
        if mk.start < pos:  # swallowed by a label or an earlier item's tail
            continue
        context = _split_lead(text, pos, mk.start, context, pieces)
        limit = markers[i + 1].start if i + 1 < len(markers) else len(text)
        end = _item_end(text, mk.start, limit)
        s, e = _strip(text, mk.end, end)
        label = _label_at(text[s:e])
        if label:  # a heading such as （一）存在问题。 : drop marker and label
            context = label[0]
            s, e = _strip(text, s + label[1], e)
            if s < e:
                context = _split_lead(text, s, e, context, pieces)
        else:
            pieces.append(_Piece(mk.start, e, context, text[mk.start:mk.end]))
        pos = end
    _split_lead(text, pos, len(text), context, pieces)
    return pieces


def split_statements(text: str, *, offset: int = 0, doc_id: str = "") -> list[Statement]:
    """Split the body of section 五 into :class:`Statement` objects.

    ``offset`` is added to every start/end so that they point into the report text.

    >>> [s.text for s in split_statements("一年来取得成效，但存在一些问题：一是更新不及时。")]
    ['一年来取得成效，但存在一些问题：', '一是更新不及时。']
    >>> split_statements("本年度未发现问题。", offset=10)[0].start
    10
    """
    out: list[Statement] = []
    for n, piece in enumerate(_split_pieces(text), start=1):
        out.append(Statement(
            id=f"{doc_id}#{n:03d}" if doc_id else f"s{n:03d}",
            doc_id=doc_id,
            text=text[piece.start:piece.end],
            start=offset + piece.start,
            end=offset + piece.end,
            context=piece.context,
            marker=piece.marker,
        ))
    return out


def report_statements(report) -> list[Statement]:
    """The statements of section 五 (key ``problems``) of a :class:`gkmine.record.Report`.

    A report without that section has no statements (an empty list).
    """
    section = report.section("problems")
    if section is None or not section.text.strip():
        return []
    doc_id = report.doc_id or report.source
    return split_statements(section.text, offset=section.body_start, doc_id=doc_id)


def infer_contexts(texts: list[str]) -> list[str | None]:
    """Contexts for statements already split and listed in document order.

    Coded statements lose their labels, so only framing sentences (``…存在一些问题：``,
    ``下一步，我局将…``) switch the context here; enumerated items inherit it.

    >>> infer_contexts(["但还存在一些问题：", "一是意识不强；",
    ...                 "下一步，我局将持续推进。", "一是加强学习。"])
    ['problem', 'problem', 'measure', 'measure']
    """
    out: list[str | None] = []
    context: str | None = None
    for text in texts:
        stripped = text.strip()
        markers = _candidate_markers(stripped)
        if not (markers and markers[0].start == 0):
            label = _label_at(stripped)
            context = label[0] if label else (_framing_context(stripped) or context)
        out.append(context)
    return out
