"""Masking of names, places, dates and numbers before a report is vectorised.

How an agency writes must not depend on what it is called, where it sits or which year and
figures it reports. :func:`mask` cuts a text into pieces: runs of text, and placeholders for

- agency names: the report's own (from its metadata, in every form :class:`MaskNames`
  derives), and any place followed by an organ of government (沙坡头区医疗保障局,
  利辛县望疃镇人民政府: the organs of gkmine's agency-type list, 人民政府, 街道办事处);
- places: the administrative divisions shipped with ``cpca``, a township written right after
  one (望疃镇), and the places of the report's metadata;
- person names after 联系人 or before 同志; dates; years; numbers (Arabic, and Chinese numerals
  before a measure word, so that 六稳六保 and 一是 stay words).

Whitespace is dropped first: Chinese does not need it, and renderings of one report differ
mostly in where their lines break.

>>> names = MaskNames.of(agency="沙坡头区医疗保障局")
>>> mask("沙坡头区医疗保障局2024年主动公开信息385条，中卫市联系人：张三。", names)
['〈机构〉', '〈年〉', '主动公开信息', '〈数〉', '条，', '〈地名〉', '联系人：', '〈人名〉', '。']
>>> masked_text("二〇二三年1月5日收到申请三十二件，落实六稳六保。")
'〈日期〉收到申请〈数〉件，落实六稳六保。'
>>> masked_text("经利辛县望疃镇人民政府和中卫市卫生健康委员会研究")
'经〈机构〉和〈机构〉研究'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gkmine.nlp.numbers import ARABIC, CHINESE, CN_NUMERAL_CHARS, NUMBER_START, gated
from gkmine.structure.agency import _agency_types, agency_key, clean_name
from gkmine.structure.divisions import division_index

AGENCY, PLACE, PERSON, DATE, YEAR, NUMBER = ("〈机构〉", "〈地名〉", "〈人名〉", "〈日期〉",
                                             "〈年〉", "〈数〉")
PLACEHOLDERS = frozenset((AGENCY, PLACE, PERSON, DATE, YEAR, NUMBER))

_WHITESPACE = re.compile(r"\s+")
_CN_YEAR_CHARS = "〇零一二三四五六七八九"
_CN_SMALL_CHARS = "一二三四五六七八九十"
_CN_YEAR = f"[{_CN_YEAR_CHARS}]{{4}}"
_CN_SMALL = f"[{_CN_SMALL_CHARS}]{{1,3}}"
_MONTH_DAY = rf"(?:\d{{1,2}}|{_CN_SMALL})月(?:\d{{1,2}}|{_CN_SMALL})[日号]"
_YEAR = rf"(?:\d{{4}}|{_CN_YEAR})年"
#: (placeholder, pattern); where matches overlap, the first to start wins, then the longest,
#: then the earlier in this list. Each pattern is gated on the characters its matches start
#: with (a digit or numeral): a class test fails most positions of a sentence at once.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (DATE, gated(rf"\d{_CN_YEAR_CHARS}{_CN_SMALL_CHARS}",
                 rf"{_YEAR}{_MONTH_DAY}|{_YEAR}(?:\d{{1,2}}|{_CN_SMALL})月|{_MONTH_DAY}"
                 r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")),
    (YEAR, gated(rf"\d{_CN_YEAR_CHARS}", rf"{_YEAR}度?")),
    (PERSON, re.compile(r"(?<=联系人[:：])[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,3}(?=同志)")),
    (NUMBER, gated(NUMBER_START, rf"(?:{ARABIC})|(?<![第{CN_NUMERAL_CHARS}])(?:{CHINESE})"
                                 "(?=[件条个次人项家篇期场份万亿元])")),
)
#: what a text must hold for each pattern to match in it (cheap tests: most sentences
#: have no date, many no year)
_DASHED_DATE = re.compile(r"\d{4}[-/.]\d")
_NEEDS = {DATE: lambda text: "月" in text or _DASHED_DATE.search(text) is not None,
          YEAR: lambda text: "年" in text,
          PERSON: lambda text: "同志" in text or "联系人" in text,
          NUMBER: lambda text: True}
#: adjacent placeholders that make one: (left, right); the right one stays
_JOINED = frozenset({(PLACE, PLACE), (PLACE, AGENCY), (AGENCY, AGENCY)})
_RANK = {AGENCY: 0, DATE: 1, YEAR: 2, PERSON: 3, NUMBER: 4, PLACE: 5}
#: a township right after a county (望疃镇); not 城乡, 各乡 and the like
_TOWNSHIP = re.compile(r"(?![各全本该所辖城])[\u4e00-\u9fff]{1,3}?(?:镇|乡|街道|苏木)")
_GOVERNMENT = re.compile(r"(?:人民政府|政府|街道办事处|办事处)?")
_ORGAN_END = "(?:委员会|办公室|办公厅|管理局|局|委|厅|办|中心|署)"


def compact(text: str) -> str:
    """``text`` without whitespace.

    >>> compact("沙坡头区医疗\\n\\n保障局 2024 年")
    '沙坡头区医疗保障局2024年'
    """
    return _WHITESPACE.sub("", text)


@lru_cache(maxsize=1)
def _organ() -> re.Pattern[str]:
    """An organ of government as written right after a place: a type word of the agency-type
    list, a few characters, an organ ending; or a government, its office, a sub-district."""
    words = sorted({alt.strip("^$") for _, pattern in _agency_types()
                    for alt in pattern.pattern.split("|")}, key=lambda w: (-len(w), w))
    return re.compile(rf"(?:{'|'.join(words)})[\u4e00-\u9fff]{{0,4}}?{_ORGAN_END}"
                      r"|(?:人民政府|政府)(?:办公厅|办公室|办)?|街道办事处|行政公署")


@lru_cache(maxsize=1)
def _division_prefixes() -> dict[str, int]:
    """First two characters of every division name, short name and county stem, with the
    longest name that starts with them: the only places where a division can start, and how
    far the index needs to look from there."""
    index = division_index()
    longest: dict[str, int] = {}
    # a county stem is matched with its one-character suffix (市, 县, 区, 旗)
    for table, extra in ((index.by_name, 0), (index.by_short, 0), (index.by_stem, 1)):
        for name in table:
            longest[name[:2]] = max(longest.get(name[:2], 0), len(name) + extra)
    return longest


def _place_spans(text: str) -> Iterator[tuple[int, int]]:
    """Administrative divisions in ``text``, longest first at each position."""
    index = division_index()
    longest = _division_prefixes()
    start = index.head_start  # the scan jumps from one possible start to the next
    at = 0
    while (hit := start.search(text, at)) is not None:
        at = hit.start()
        reach = longest.get(text[at:at + 2])
        found = index.match_at(text[at:at + reach], 0) if reach else None
        if found:
            yield at, at + len(found[0])
            at += len(found[0])
        else:
            at += 1


def _leading_places(name: str) -> int:
    """Where the places at the start of an agency name end (townships included)."""
    at = 0
    for start, end in _place_spans(name):
        if start != at:
            break
        at = end
    if at:
        township = _TOWNSHIP.match(name, at)
        if township and township.end() < len(name):
            at = township.end()
    return at


def _by_length(words: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(sorted({compact(w) for w in words if w and compact(w)},
                        key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class MaskNames:
    """What a report calls itself and where it sits, from its metadata.

    >>> m = MaskNames.of(agency="中卫市沙坡头区医保局", places=("宁夏回族自治区",))
    >>> m.names
    ('中卫市沙坡头区医疗保障局', '中卫市沙坡头区医保局', '沙坡头区医疗保障局', '沙坡头区医保局')
    >>> m.organs, m.places
    (('医疗保障局', '医保局'), ('宁夏回族自治区',))
    """

    #: the agency's name as written, cleaned and canonical, also without its first places
    names: tuple[str, ...] = ()
    #: the agency's organ (its name after its places): masked with a place right before it
    organs: tuple[str, ...] = ()
    places: tuple[str, ...] = ()

    @classmethod
    def of(cls, *, agency: str | None, places: Iterable[str | None] = ()) -> MaskNames:
        if not agency:
            return cls(places=_by_length(places))
        names, organs = set(), set()
        for name in {compact(agency), compact(clean_name(agency)), compact(agency_key(agency))}:
            cuts = [end for _, end in _place_spans(name)]
            names.add(name)
            end = _leading_places(name)
            names |= {name[cut:] for cut in cuts if cut < end}
            organs.add(name[end:])
            if _GOVERNMENT.fullmatch(name[end:]):  # 望疃镇 names 望疃镇人民政府 too
                names |= {name[:end], *(name[cut:end] for cut in cuts if cut < end)}
        return cls(_by_length(n for n in names if len(n) >= 2),
                   _by_length(o for o in organs if len(o) >= 2), _by_length(places))


    @classmethod
    def of_meta(cls, meta) -> MaskNames:
        """The names of a report's metadata: its agency, its province, city and county
        (made once for a report's two features, ``doc_terms`` and the sentences)."""
        return _names_of(cls, meta.agency, (meta.province, meta.city, meta.county))


@lru_cache(maxsize=8)
def _names_of(cls: type[MaskNames], agency: str | None, places: tuple[str | None, ...]
              ) -> MaskNames:
    return cls.of(agency=agency, places=places)


@lru_cache(maxsize=256)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def _candidates(text: str, names: MaskNames) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for kind, words in ((AGENCY, names.names), (PLACE, names.places)):
        if words:
            spans += [(m.start(), m.end(), kind) for m in _words_pattern(words).finditer(text)]
    for placeholder, pattern in _PATTERNS:
        if _NEEDS[placeholder](text):
            spans += [(m.start(), m.end(), placeholder) for m in pattern.finditer(text)
                      if m.end() > m.start()]
    spans += [(s, e, PLACE) for s, e in _place_spans(text)]
    return sorted(spans, key=lambda s: (s[0], s[0] - s[1], _RANK[s[2]]))


def _after_place(text: str, at: int, names: MaskNames) -> tuple[int, bool]:
    """Extend a place ending at ``at`` by a township, then by an organ (-> an agency)."""
    township = _TOWNSHIP.match(text, at)
    if township:
        at = township.end()
    own = next((o for o in names.organs if text.startswith(o, at)), None)
    if own:
        return at + len(own), True
    organ = _organ().match(text, at)
    return (organ.end(), True) if organ else (at, False)


def mask(text: str, names: MaskNames | None = None) -> list[str]:
    """``text`` (whitespace dropped) as pieces: runs of text and placeholders."""
    text = compact(text)
    names = names or MaskNames()
    pieces: list[str] = []
    at = 0
    for start, end, kind in _candidates(text, names):
        if start < at:
            continue
        if start > at:
            pieces.append(text[at:start])
        if kind in (PLACE, AGENCY):
            end, is_agency = _after_place(text, end, names)
            kind = AGENCY if is_agency else kind
        if start == at and pieces and (pieces[-1], kind) in _JOINED:
            # 宁夏中卫市 is one place, 中卫市 + 沙坡头区医疗保障局 one agency
            pieces[-1] = kind
        else:
            pieces.append(kind)
        at = end
    if at < len(text):
        pieces.append(text[at:])
    return pieces


#: joins texts masked in one pass: no name, place, date or number holds it or runs across it
_JOIN = "\x00"


def mask_each(texts: Sequence[str], names: MaskNames | None = None) -> list[list[str]]:
    """``[mask(text, names) for text in texts]``, made in one masking pass over the texts
    joined by a character that no pattern of the masking matches, looks across or extends a
    span over (so a sentence's fixed cost is paid once for its section's sentences).

    >>> texts = ["2024年收到3件", "", "中卫市联系人：张三"]
    >>> mask_each(texts) == [mask(t) for t in texts]
    True
    """
    names = names or MaskNames()
    words = (*names.names, *names.organs, *names.places)
    if len(texts) < 2 or any(_JOIN in t for t in (*texts, *words)):
        return [mask(text, names) for text in texts]
    out: list[list[str]] = [[]]
    for piece in mask(_JOIN.join(texts), names):
        if _JOIN not in piece:  # placeholders never hold it: only runs of text do
            out[-1].append(piece)
            continue
        first, *rest = piece.split(_JOIN)
        if first:
            out[-1].append(first)
        out.extend([part] if part else [] for part in rest)
    return out


def masked_text(text: str, names: MaskNames | None = None) -> str:
    """The masked text as one string (for display; vectors use :func:`mask`'s pieces)."""
    return "".join(mask(text, names))
