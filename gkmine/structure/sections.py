"""Find the six statutory sections of a report and the sub-items of section 一.

Every short line that looks like a heading (an optional Chinese ordinal ``一、`` … then a few
words) is scored against the known wordings of each section title with rapidfuzz; a heading
broken over two or three lines is also tried joined. The statutory order is then imposed by
an ordered assignment (dynamic programming over candidates sorted by position, section keys
strictly increasing; O(n log n) in the number of candidates) that maximises the total score,
so the title words decide and the order resolves ambiguity: table rows such as
``一、本年新收…``, OCR copies of a heading or sub-lists inside 总体情况 cannot take a section's
place unless they beat the real heading.

A section whose heading is lost (an extraction dropped it) is found by what it says: 五 by
its statements of problems and measures (存在的问题, 还存在, 有待加强, 一是…, 下一步) in the
first prose line after 三 or 四, 六 by 信息处理费, 工作要点 or 建议提案 after 五; such a section
has confidence 0.6, an empty title and a warning.

Rule for ``complete``: a report whose headings are the pre-2019 free-form wordings (基本概况,
依申请公开情况 …) is complete when 一 to 五 were found (those reports have no statutory 六); any
other report is complete when all six sections were found. Sections that are absent (a
document cut short) are not invented; ``warnings`` names them. A text with no section heading
and no mention of 信息公开/政务公开 raises :class:`~gkmine.errors.ParseError` ``E201``.

>>> from gkmine.record import SourceDoc, TextMap
>>> text = "序言\\n一、总体情况\\n正文\\n三、主动公开政府信息情况\\n正文"
>>> res = find_sections(SourceDoc("x", "text", TextMap.identity(text)))
>>> [(s.key, s.title) for s in res.sections], res.complete
([('overall', '一、总体情况'), ('active_disclosure', '三、主动公开政府信息情况')], False)
"""

from __future__ import annotations

import bisect
import heapq
import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from gkmine.errors import ParseError, warning
from gkmine.keys import OVERALL_SUBITEMS, SECTION_KEYS, SECTIONS
from gkmine.record import Section, SourceDoc, SubItem
from gkmine.structure._text import Line, cjk_only, matching_view, split_lines

#: Wordings of each section title: the statutory one, the 2019 and common variants, then the
#: pre-2019 free-form ones (flagged legacy). Compared on CJK characters only.
_TITLE_VARIANTS: dict[str, tuple[tuple[str, bool], ...]] = {
    "overall": (
        (SECTIONS["overall"], False), ("基本情况", False),
        ("基本概况", True), ("政府信息公开工作的基本情况", True),
        ("政府信息公开工作的基本概况", True),
        ("概述", True), ("概况", True),
    ),
    "active_disclosure": (
        (SECTIONS["active_disclosure"], False),
        ("主动公开情况", True), ("主动公开政府信息的情况", True),
    ),
    "applications": (
        (SECTIONS["applications"], False), ("收到和处理政府信息公开申请的情况", False),
        ("依申请公开情况", True), ("依申请公开政府信息的情况", True),
        ("依申请公开政府信息和不予公开政府信息的情况", True),
    ),
    "review_litigation": (
        (SECTIONS["review_litigation"], False), ("政府信息公开行政复议行政诉讼情况", False),
        ("政府信息公开行政复议及行政诉讼情况", False),
        ("政府信息公开行政复议与行政诉讼情况", False),
        ("政府信息公开行政复议和行政诉讼情况", False),
        ("因政府信息公开工作被申请行政复议提起行政诉讼情况", False),
        ("因政府信息公开工作被申请行政复议和提起行政诉讼情况", False),
        ("因政府信息公开申请行政复议和提起行政诉讼的情况", True),
        ("因政府信息公开申请行政复议提起行政诉讼的情况", True),
        ("复议诉讼和申诉情况", True),
    ),
    "problems": (
        (SECTIONS["problems"], False), ("存在的主要问题及改进措施", False),
        ("政府信息公开工作存在的主要问题及改进情况", False), ("存在的主要问题和改进情况", False),
        ("主要问题和改进措施", True), ("存在的问题和改进措施", True),
    ),
    "other": (
        (SECTIONS["other"], False), ("其他报告的事项", False), ("其他需要说明的事项", False),
        ("其他需要报告事项", False), ("说明与附表", True),
    ),
}
#: Sections a pre-2019 free-form report is expected to have.
_LEGACY_REQUIRED = SECTION_KEYS[:5]

_CN_DIGITS = "一二三四五六七八九十"
_BULLETS = " \t\u3000\xa0-–—•·●▪■◆*>|?？、"
_ORDINAL = re.compile(
    rf"^(?:第(?P<ord2>[{_CN_DIGITS}]{{1,2}})(?:部分|章|节)|(?P<ord>[{_CN_DIGITS}]{{1,2}})"
    rf"(?=[、.．,，:：\s]))[、.．,，:：\s]*")
_PAREN_OR_DIGIT_START = re.compile(r"^(?:[（(][^）)]{1,3}[）)]|\d)")
#: an Arabic ordinal (1、总体情况, 2. 主动公开…): headings of some reports, but also the items of
#: sub-lists and table rows, so only tried when the Chinese ordinals find too few sections
_ARABIC_ORDINAL = re.compile(r"^(?P<ord>\d{1,2})(?:[、.．]\s*|\s+)(?=[^\d\s.．])")
_NUMBER_TOKEN = re.compile(r"(?:^|\s)[-+]?\d+(?:\.\d+)?(?=\s|$)")
_TITLE_END = re.compile(r"[。：:；;]")
_TOC_ENTRY = re.compile(r"(?:[.．…·。]{3,}|…{2,}|\.{2,})\s*\d+\s*$")
_REPORT_WORDS = re.compile(r"信息公开|政务公开")
_PAGE_NUMBER = re.compile(r"^[\s\-—–第页共/\d]*$")

#: score of a title match (0–100 rapidfuzz ratio) needed for a heading with / without ordinal
MIN_SCORE_ORDINAL = 68.0
MIN_SCORE_BARE = 85.0
#: score given to a heading found as the exact start of a longer line
PREFIX_SCORE = 90.0
#: a line longer than this (CJK characters, ordinal excluded) is not a heading
MAX_TITLE_CHARS = 32
#: confidence of a section found by its content, its heading lost
CONTENT_SCORE = 60.0
_MIN_PROSE_CHARS = 12
_SENTENCE = re.compile(r"[，。；,;]")
#: what sections 五 and 六 say, found when their heading is lost, and the sections (indexes)
#: that may come right before them
_CONTENT_CUES: tuple[tuple[int, re.Pattern[str], tuple[int, ...]], ...] = (
    (SECTION_KEYS.index("problems"), re.compile(
        r"存在(?:的)?(?:主要)?(?:问题|不足)|(?:问题|不足)(?:主要)?(?:是|有|表现在|[:：])|"
        r"[还仍也]存在|一是|"
        r"差距|薄弱|有待(?:进一步)?(?:加强|提高|提升|完善)|不够|下一步|今后|改进(?:措施|方向)"),
     (2, 3)),
    (SECTION_KEYS.index("other"),
     re.compile(r"信息处理费|收取.{0,6}费|工作要点|建议[和、]?提案|提案办理"), (4,)),
)


@dataclass
class SectionResult:
    """The sections found, in statutory order, and whether the report is complete."""

    sections: list[Section]
    complete: bool
    warnings: list[str] = field(default_factory=list)
    #: True when the headings are the pre-2019 free-form wordings
    legacy_titles: bool = False


@dataclass(frozen=True)
class _Candidate:
    key_index: int
    value: float
    score: float
    start: int  # offset of the title in the text
    title_end: int  # offset after the title (inline headings stop at their punctuation)
    body_start: int
    legacy: bool
    ordinal: int | None


@lru_cache(maxsize=1)
def _variants() -> tuple[tuple[int, str, bool], ...]:
    return tuple((i, cjk_only(text), legacy) for i, key in enumerate(SECTION_KEYS)
                 for text, legacy in _TITLE_VARIANTS[key])


def title_wordings(*, legacy: bool = True) -> tuple[str, ...]:
    """The wordings (CJK characters only) of the six section titles that are recognised;
    without the pre-2019 ones when ``legacy`` is false.

    >>> "政府信息公开行政复议与行政诉讼情况" in title_wordings(legacy=False)
    True
    """
    return tuple(dict.fromkeys(text for _, text, old in _variants() if legacy or not old))


@lru_cache(maxsize=1)
def _wordings() -> tuple[str, ...]:
    return tuple(variant for _, variant, _ in _variants())


def _ordinal_value(chars: str) -> int:
    if chars == "十":
        return 10
    if chars.startswith("十"):
        return 10 + _CN_DIGITS.index(chars[1]) + 1
    return _CN_DIGITS.index(chars[0]) + 1


@lru_cache(maxsize=1 << 12)  # headings and row labels recur in every report
def _best_matches(words: str, floor: float) -> tuple[tuple[int, tuple[float, bool]], ...]:
    """Per section index, the best ratio (at least ``floor``) of ``words`` to any of its title
    wordings; the comparison loop runs inside rapidfuzz, which skips hopeless wordings."""
    variants = _variants()
    best: dict[int, tuple[float, bool]] = {}
    hits = process.extract(words, _wordings(), scorer=fuzz.ratio,
                           processor=None, score_cutoff=floor, limit=None)
    for _, score, at in sorted(hits, key=lambda hit: hit[2]):  # wording order decides ties
        index, _, legacy = variants[at]
        if score > best.get(index, (-1.0, False))[0]:
            best[index] = (score, legacy)
    return tuple(best.items())


def _heading_candidates(lines: list[Line], at: int, *, arabic: bool = False) -> list[_Candidate]:
    """Candidates for the line ``lines[at]`` (joined with following lines if broken);
    ``arabic`` accepts Arabic ordinals (``1、总体情况``)."""
    line = lines[at]
    stripped = line.text.lstrip(_BULLETS)
    lead = len(line.text) - len(stripped)
    stripped = stripped.rstrip()
    arabic_match = _ARABIC_ORDINAL.match(stripped) if arabic else None
    if not stripped or (_PAREN_OR_DIGIT_START.match(stripped) and arabic_match is None):
        return []
    match = _ORDINAL.match(stripped)
    ordinal = None
    rest = stripped
    if arabic_match:
        ordinal = int(arabic_match.group("ord"))
        rest = stripped[arabic_match.end():]
    elif match:
        ordinal = _ordinal_value(match.group("ord") or match.group("ord2"))
        rest = stripped[match.end():]
    if len(_NUMBER_TOKEN.findall(rest)) >= 2:  # a table row such as 一、本年新收… 0 0 0
        return []
    if _TOC_ENTRY.search(rest):  # a table-of-contents line: 一、总体情况……1
        return []
    cut = _TITLE_END.search(rest)
    inline = cut is not None and cut.start() < len(rest) - 1
    if inline and ordinal is None:
        return []
    title_text = rest[: cut.start()] if cut else rest
    start = line.start + lead
    title_end = start + (len(stripped) - len(rest)) + len(title_text)
    body_start = title_end + 1 if inline else line.end
    pieces = [(cjk_only(title_text), title_end, body_start)]
    if not cut:  # a heading broken over lines: try it joined with the next one or two
        words = pieces[0][0]
        for nxt in lines[at + 1: at + 4]:
            if _PAGE_NUMBER.match(nxt.text):
                continue
            more = cjk_only(nxt.text)
            if len(more) > 14 or _TITLE_END.search(nxt.text):
                break
            words += more
            pieces.append((words, nxt.start + len(nxt.text.rstrip()), nxt.end))
            if len(pieces) == 3:
                break
    out = []
    floor = MIN_SCORE_ORDINAL if ordinal is not None else MIN_SCORE_BARE
    for words, t_end, b_start in pieces:
        if not 2 <= len(words) <= MAX_TITLE_CHARS:
            continue
        for index, (score, legacy) in _best_matches(words, floor):
            prior = 0.15 if ordinal == index + 1 else 0.05 if ordinal in (None, index) else 0.0
            out.append(_Candidate(index, score / 100 + prior, score, start, t_end, b_start,
                                  legacy, ordinal))
    if not out and ordinal is not None:  # a heading run into its text: 一、总体情况2024年，…
        out = _prefix_candidates(rest, start + len(stripped) - len(rest), start, ordinal)
    return out


def _prefix_candidates(rest: str, rest_start: int, start: int, ordinal: int) -> list[_Candidate]:
    """Candidates whose text begins with a title wording exactly (CJK characters compared)."""
    words = cjk_only(rest)
    cjk_at = [i for i, char in enumerate(rest) if cjk_only(char)]
    out = []
    for index, variant, legacy in _variants():
        if len(variant) < 4 or not words.startswith(variant):
            continue
        end = rest_start + cjk_at[len(variant) - 1] + 1
        prior = 0.15 if ordinal == index + 1 else 0.05 if ordinal == index else 0.0
        out.append(_Candidate(index, PREFIX_SCORE / 100 + prior, PREFIX_SCORE, start, end, end,
                              legacy, ordinal))
    return out


def _ordered_assignment(cands: list[_Candidate]) -> list[_Candidate]:
    """The chain of candidates, increasing in position and key, with the highest total.

    Dynamic programming in O(n log n): candidates are taken in order of position; a
    candidate becomes a possible predecessor once the scan passes its title's end (a heap
    releases it), and only the best chain ending in each of the six keys is kept, so each
    candidate looks at six totals rather than at every earlier candidate. Ties go to the
    earliest candidate, as in the all-pairs recurrence.
    """
    cands = sorted(cands, key=lambda c: (c.start, c.key_index, -c.value))
    total: list[float] = []
    back: list[int] = []
    pending: list[tuple[int, int]] = []  # (title_end, index) of chains not yet usable
    best_by_key: list[tuple[float, int]] = [(0.0, -1)] * len(SECTION_KEYS)
    for i, cand in enumerate(cands):
        while pending and pending[0][0] <= cand.start:
            _, j = heapq.heappop(pending)
            key = cands[j].key_index
            if total[j] > best_by_key[key][0] or (
                    total[j] == best_by_key[key][0] and j < best_by_key[key][1]):
                best_by_key[key] = (total[j], j)
        best, arg = 0.0, -1
        for value, j in best_by_key[: cand.key_index]:
            if j >= 0 and (value > best or (value == best and arg >= 0 and j < arg)):
                best, arg = value, j
        total.append(best + cand.value)
        back.append(arg)
        heapq.heappush(pending, (cand.title_end, i))
    if not cands:
        return []
    i = max(range(len(cands)), key=lambda k: (total[k], -k))
    chain = []
    while i >= 0:
        chain.append(cands[i])
        i = back[i]
    return chain[::-1]


def _content_start(lines: list[Line], start: int, end: int,
                   cue: re.Pattern[str]) -> Line | None:
    """The first prose line of ``[start, end)`` that carries ``cue`` (also a cue broken
    over its end: …但也存 / 在：一是…)."""
    first = bisect.bisect_left([ln.start for ln in lines], start)
    for at in range(first, len(lines)):
        line = lines[at]
        if line.start >= end:
            return None
        if len(cjk_only(line.text)) < _MIN_PROSE_CHARS or (
                len(_NUMBER_TOKEN.findall(line.text)) > 1 and not _SENTENCE.search(line.text)):
            continue  # a heading or a table row
        joined = line.text + (lines[at + 1].text if at + 1 < len(lines) else "")
        if any(match.start() < len(line.text) for match in cue.finditer(joined)):
            return line
    return None


def _sections_by_content(chain: list[_Candidate],
                         lines: list[Line]) -> tuple[list[_Candidate], list[_Candidate]]:
    """Sections 五 and 六 whose heading is lost, found by what they say (存在的问题…下一步;
    信息处理费) after the section before them; the chain with them, and them alone."""
    added: list[_Candidate] = []
    for key_index, cue, before in _CONTENT_CUES:
        if any(c.key_index == key_index for c in chain):
            continue
        prev = max((c for c in chain if c.key_index < key_index), key=lambda c: c.key_index,
                   default=None)
        if prev is None or prev.key_index not in before:
            continue
        following = [c.start for c in chain if c.key_index > key_index]
        line = _content_start(lines, prev.body_start, min(following, default=lines[-1].end + 1),
                              cue)
        if line is None:
            continue
        found = _Candidate(key_index, CONTENT_SCORE / 100, CONTENT_SCORE, line.start, line.start,
                           line.start, False, None)
        added.append(found)
        chain = sorted([*chain, found], key=lambda c: c.start)
    return chain, added


def _title_as_found(span: str) -> str:
    """A heading's text: its lines joined, page-number lines between them dropped."""
    pieces = [p.strip() for p in re.split(r"[\r\n]+", span)]
    return "".join(p for n, p in enumerate(pieces) if n == 0 or not _PAGE_NUMBER.match(p))


def find_sections(doc: SourceDoc) -> SectionResult:
    """The statutory sections of ``doc`` (see the module docstring for the method)."""
    text = doc.text
    view = matching_view(text)
    lines = split_lines(view)
    cands = [c for at in range(len(lines)) for c in _heading_candidates(lines, at)]
    chain = _ordered_assignment(cands)
    if len(chain) < len(SECTION_KEYS) // 2:  # headings numbered 1、2、… rather than 一、二、…
        arabic = [c for at in range(len(lines))
                  for c in _heading_candidates(lines, at, arabic=True)]
        arabic_chain = _ordered_assignment(arabic)
        if len(arabic_chain) > len(chain):
            chain = arabic_chain
    chain, by_content = _sections_by_content(chain, lines)
    # a page's chrome may hold the only mention (its title field) when the body is lost
    if not chain and not _REPORT_WORDS.search(view) and not any(
            _REPORT_WORDS.search(matching_view(v)) for v in doc.chrome.values()):
        raise ParseError.of("E201", doc.source,
                            detail="no section heading and no mention of 政府信息公开 or 政务公开")
    sections = []
    warnings = [f"{doc.source}: section {SECTION_KEYS[c.key_index]} has no heading; found by its "
                "content" for c in by_content]
    for n, cand in enumerate(chain):
        key = SECTION_KEYS[cand.key_index]
        end = chain[n + 1].start if n + 1 < len(chain) else len(text)
        title = _title_as_found(text[cand.start:cand.title_end])
        body_start = min(cand.body_start, end)
        section = Section(key=key, title=title, start=cand.start, end=end,
                          text=text[body_start:end], body_start=body_start,
                          confidence=round(min(cand.score, 100.0) / 100, 3))
        if key == "overall":
            section.subitems = find_subitems(text, body_start, end)
        if cand.ordinal is not None and cand.ordinal != cand.key_index + 1:
            warnings.append(warning("W201", key=key, ordinal=cand.ordinal,
                                    expected=cand.key_index + 1))
        sections.append(section)
    legacy = sum(c.legacy for c in chain) * 2 > len(chain) > 0
    required = _LEGACY_REQUIRED if legacy else SECTION_KEYS
    found = {s.key for s in sections}
    missing = [k for k in required if k not in found]
    if missing:
        warnings.append(warning("W202", keys=", ".join(missing)))
    return SectionResult(sections, not missing, warnings, legacy)


# --- sub-items of 一 ------------------------------------------------------------------------

_SUBITEM_STYLES = (
    ("paren", re.compile(rf"[（(]\s*[{_CN_DIGITS}]{{1,2}}\s*[）)]|[{_CN_DIGITS}]{{1,2}}[）)]")),
    ("arabic", re.compile(r"\d{1,2}\s*[.．、](?!\d)")),
)
#: words that identify a sub-item, checked in this order (依申请 before 主动公开)
_SUBITEM_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("on_request", re.compile(r"依申请|申请公开")),
    ("active", re.compile(r"主动公开")),
    ("platforms", re.compile(r"平台")),
    ("management", re.compile(r"信息管理|规范")),
    ("supervision", re.compile(r"监督|保障")),
)
assert {k for k, _ in _SUBITEM_WORDS} == set(OVERALL_SUBITEMS)


def subitem_key(label: str) -> str | None:
    """The key of a sub-item of 一 from the words of its label.

    >>> subitem_key("（二）依申请公开情况"), subitem_key("（一）组织领导")
    ('on_request', None)
    """
    for key, words in _SUBITEM_WORDS:
        if words.search(label):
            return key
    return None


def find_subitems(text: str, start: int, end: int) -> list[SubItem]:
    """Numbered sub-items (``（一）``, ``(一)``, ``一)``, ``1.``) of the span ``text[start:end]``.

    Only one numbering style is used: ``（一）`` if any line starts so (``1.`` is then a list
    inside a sub-item), else ``1.``. A key is given once, to the first label carrying its words.

    >>> t = "（一）主动公开。全年…\\n一是加强\\n（二）组织领导\\n（三）监督保障情况\\n"
    >>> [(s.key, s.label) for s in find_subitems(t, 0, len(t))]
    [('active', '（一）主动公开'), (None, '（二）组织领导'), ('supervision', '（三）监督保障情况')]
    """
    heads: list[tuple[str, int, str]] = []
    view = matching_view(text[start:end])
    for line in split_lines(view):
        stripped = line.text.lstrip(_BULLETS)
        offset = start + line.start + len(line.text) - len(stripped)
        for style, pattern in _SUBITEM_STYLES:
            if pattern.match(stripped):
                cut = _TITLE_END.search(stripped)
                label = stripped[: cut.start()] if cut else stripped.rstrip()
                heads.append((style, offset, label[:40]))
                break
    if not heads:
        return []
    style = min((h[0] for h in heads), key=[s for s, _ in _SUBITEM_STYLES].index)
    heads = [h for h in heads if h[0] == style]
    items = []
    used: set[str] = set()
    for n, (_, offset, label) in enumerate(heads):
        key = subitem_key(label)
        if key in used:
            key = None
        if key:
            used.add(key)
        item_end = heads[n + 1][1] if n + 1 < len(heads) else end
        original = text[offset: offset + len(label)]
        items.append(SubItem(key, original, offset, item_end))
    return items
