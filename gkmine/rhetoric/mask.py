"""Masking of names, places, dates and numbers before a report is vectorised.

How an agency writes must not depend on what it is called, where it sits or which year and
figures it reports. :func:`mask` cuts a text into pieces: runs of text, and placeholders for
the agency's own names (from the report's metadata), other administrative places (the
division data shipped with ``cpca``), person names after 联系人 or before 同志, dates, years
and numbers. Whitespace is dropped first, because Chinese does not need it and renderings of
one report differ mostly in where their lines break.

>>> mask("沙坡头区医疗保障局2024年主动公开信息385条，中卫市联系人：张三。",
...      names=("沙坡头区医疗保障局",))
['〈机构〉', '〈年〉', '主动公开信息', '〈数〉', '条，', '〈地名〉', '联系人：', '〈人名〉', '。']
>>> masked_text("二〇二三年1月5日收到申请三十二件，落实六稳六保。")
'〈日期〉收到申请〈数〉件，落实六稳六保。'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from gkmine.nlp.numbers import ARABIC, CHINESE, CN_NUMERAL_CHARS
from gkmine.structure.agency import agency_key, clean_name
from gkmine.structure.divisions import division_index

AGENCY, PLACE, PERSON, DATE, YEAR, NUMBER = ("〈机构〉", "〈地名〉", "〈人名〉", "〈日期〉",
                                             "〈年〉", "〈数〉")
PLACEHOLDERS = frozenset((AGENCY, PLACE, PERSON, DATE, YEAR, NUMBER))
_ORGAN = "organ"  # the agency's organ name: masked only right after a place

_WHITESPACE = re.compile(r"\s+")
_CN_YEAR = "[〇零一二三四五六七八九]{4}"
_MONTH_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
#: (placeholder, pattern), in order of precedence when matches overlap at one start
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (DATE, re.compile(rf"(?:\d{{4}}|{_CN_YEAR})年{_MONTH_DAY}|(?:\d{{4}}|{_CN_YEAR})年"
                      rf"(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})月|{_MONTH_DAY}"
                      r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")),
    (YEAR, re.compile(rf"(?:\d{{4}}|{_CN_YEAR})年(?:度)?")),
    (PERSON, re.compile(r"(?<=联系人[:：])[\u4e00-\u9fff]{2,3}|[\u4e00-\u9fff]{2,3}(?=同志)")),
    # a Chinese numeral counts only before a measure word, so 六稳六保 and 一是 stay words
    (NUMBER, re.compile(rf"(?:{ARABIC})|(?<![第{CN_NUMERAL_CHARS}])(?:{CHINESE})"
                        "(?=[件条个次人项家篇期场份万亿元])")),
)


def compact(text: str) -> str:
    """``text`` without whitespace.

    >>> compact("沙坡头区医疗\\n\\n保障局 2024 年")
    '沙坡头区医疗保障局2024年'
    """
    return _WHITESPACE.sub("", text)


def own_names(agency: str | None) -> tuple[tuple[str, ...], str | None]:
    """The forms of a report's agency name, and its organ (the name without leading places).

    The forms are the name as written, cleaned and canonical, each also with its leading
    places dropped one by one while one place remains; the organ alone is masked only right
    after a place (区医疗保障局 in 中卫市沙坡头区医疗保障局, not 医疗保障 in running text).

    >>> own_names("中卫市沙坡头区医保局")
    (('中卫市沙坡头区医疗保障局', '中卫市沙坡头区医保局', '沙坡头区医疗保障局', '沙坡头区医保局'), '医疗保障局')
    """
    if not agency:
        return (), None
    forms, organ = set(), None
    for name in {compact(agency), compact(clean_name(agency)), compact(agency_key(agency))}:
        cuts = [end for _, end in _leading_places(name)]
        forms |= {name[cut:] for cut in [0, *cuts[:-1]]}
        if cuts and len(name) - cuts[-1] >= 2:
            organ = max(organ or "", name[cuts[-1]:], key=len)
    return tuple(sorted((f for f in forms if len(f) >= 2), key=lambda n: (-len(n), n))), organ


def _leading_places(name: str) -> list[tuple[int, int]]:
    out = []
    for start, end in _place_spans(name):
        if start != (out[-1][1] if out else 0):
            break
        out.append((start, end))
    return out


@lru_cache(maxsize=1)
def _division_starts() -> frozenset[str]:
    index = division_index()
    return frozenset(n[0] for table in (index.by_name, index.by_short, index.by_stem)
                     for n in table)


def _place_spans(text: str) -> Iterable[tuple[int, int]]:
    index = division_index()
    starts = _division_starts()
    at = 0
    while at < len(text):
        found = index.match_at(text, at) if text[at] in starts else None
        if found:
            yield at, at + len(found[0])
            at += len(found[0])
        else:
            at += 1


def _spans(text: str, names: tuple[str, ...], places: tuple[str, ...],
           organ: str | None) -> list[tuple[int, int, str]]:
    """Candidate (start, end, placeholder) spans, not yet resolved."""
    spans: list[tuple[int, int, str]] = []
    for kind, words in ((AGENCY, names), (PLACE, places), (_ORGAN, (organ,) if organ else ())):
        if words:
            pattern = re.compile("|".join(re.escape(w) for w in words))
            spans += [(m.start(), m.end(), kind) for m in pattern.finditer(text)]
    for placeholder, pattern in _PATTERNS:
        spans += [(m.start(), m.end(), placeholder) for m in pattern.finditer(text)
                  if m.end() > m.start()]
    spans += [(s, e, PLACE) for s, e in _place_spans(text)]
    return spans


def _ordered(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({compact(w) for w in words if w and compact(w)},
                        key=lambda w: (-len(w), w)))


def mask(text: str, *, names: Iterable[str] = (), places: Iterable[str] = (),
         organ: str | None = None) -> list[str]:
    """``text`` (whitespace dropped) as pieces: runs of text and placeholders.

    ``names`` are masked as the agency and ``places`` as places, longest first (see
    :func:`own_names`; places come from the report's metadata and add to the division data);
    ``organ`` joins a place right before it into the agency. Where spans overlap, the one
    that starts first wins, then the longest, then the agency before dates, years, persons,
    numbers and places.
    """
    text = compact(text)
    rank = {AGENCY: 0, DATE: 1, YEAR: 2, PERSON: 3, NUMBER: 4, PLACE: 5, _ORGAN: 6}
    candidates = _spans(text, _ordered(names), _ordered(places), compact(organ or "") or None)
    pieces: list[str] = []
    at = 0
    for start, end, kind in sorted(candidates, key=lambda s: (s[0], s[0] - s[1], rank[s[2]])):
        if kind == _ORGAN:
            if start == at and pieces and pieces[-1] in (PLACE, AGENCY):
                pieces[-1] = AGENCY
                at = end
            continue
        if start < at:
            continue
        if start > at:
            pieces.append(text[at:start])
        pieces.append(kind)
        at = end
    if at < len(text):
        pieces.append(text[at:])
    return pieces


def masked_text(text: str, **names) -> str:
    """The masked text as one string (for display; vectors use :func:`mask`'s pieces)."""
    return "".join(mask(text, **names))
