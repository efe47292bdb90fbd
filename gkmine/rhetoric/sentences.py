"""The sentences reuse is measured on, and the comparable form two sentences are compared in.

Sentences are gkmine's own (:func:`gkmine.nlp.segmenter.split_sentences`: 。！？；…, line
breaks, enumeration markers) over the narrative sections (``ReuseOptions.sections``); tables
二/三/四 are statutory wording that every report shares and are left out.

The comparable form must not depend on who wrote the report or when: traditional characters
become simplified (the reader already does it; text given directly may not be), full-width
characters half-width, the report's own agency and place names become 某, numbers (years
included, also 二〇二三年) become #, and an opening enumeration marker, whitespace and
punctuation go.

>>> comparable("二是2023年沙坡頭區醫療保障局公開信息385條。", names=("沙坡头区医疗保障局",))
'#年某公开信息#条'
>>> comparable("（三）二〇二四年 中卫市公开  信息１２条；", names=("中卫市",))
'#年某公开信息#条'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from gkmine.nlp.segmenter import _ENUMERATION, split_sentences
from gkmine.read.simplify import PINYIN_GLOSS, opencc_converter
from gkmine.rhetoric.minhash import ReuseOptions
from gkmine.structure._text import matching_view

__all__ = ["Sentence", "comparable", "report_names", "report_sentences"]

NAME_MASK = "某"
NUMBER_MASK = "#"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
#: what survives in the comparable form: CJK ideographs, Latin letters and the masks
_NOT_KEPT = re.compile(r"[^\u4e00-\u9fffA-Za-z#]+")
_DEFAULT = ReuseOptions()


@dataclass(frozen=True)
class Sentence:
    """A sentence of a report: its section, order, span in the analysis text, comparable form."""

    section: str
    seq: int
    start: int
    end: int
    text: str


@lru_cache(maxsize=4096)
def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    unique = sorted({n for n in names if len(n) >= 2}, key=lambda n: (-len(n), n))
    return re.compile("|".join(map(re.escape, unique))) if unique else None


def comparable(text: str, *, names: Iterable[str] = ()) -> str:
    """``text`` as compared for reuse (see the module docstring)."""
    text = unicodedata.normalize("NFKC", PINYIN_GLOSS.sub("", text))
    text = opencc_converter("t2s").convert(re.sub(r"\s+", "", text))
    text = matching_view(text)  # years in Chinese numerals become digits
    marker = _ENUMERATION.match(text)
    if marker:
        text = text[marker.end():]
    pattern = _name_pattern(tuple(names))
    if pattern is not None:
        text = pattern.sub(NAME_MASK, text)
    text = _NUMBER.sub(NUMBER_MASK, text)
    return _NOT_KEPT.sub("", text)


def report_names(meta) -> tuple[str, ...]:
    """The names masked in a report: its agency (as written, cleaned and canonical), the
    places of its metadata and of its agency name, full and as stems."""
    from gkmine.structure.agency import _place_chains, agency_key, clean_name
    from gkmine.structure.identity import _place_stem

    names: set[str] = set()
    agency = getattr(meta, "agency", None)
    if agency:
        key = agency_key(agency)
        names.update({agency, clean_name(agency), key})
        for places, organ in _place_chains(key):
            names.update(stem + suffix for stem, suffix in places if stem)
            names.update(stem for stem, _ in places if len(stem) >= 2)
            # the name with fewer leading places (沙坡头区医疗保障局), and the organ alone
            names.update("".join(s + x for s, x in places[i:]) + organ
                         for i in range(len(places)))
            if len(organ) >= 4 and organ != "人民政府":
                names.add(organ)
    for field in ("province", "city", "county"):
        place = getattr(meta, field, None)
        if place:
            names.update({place, _place_stem(place)})
    return tuple(sorted(n for n in names if len(n) >= 2))


def report_sentences(report, *, options: ReuseOptions = _DEFAULT) -> list[Sentence]:
    """The comparable sentences of a report's narrative sections, in text order.

    Sentences shorter than ``options.min_chars`` in comparable form are left out.
    """
    names = report_names(report.meta)
    out: list[Sentence] = []
    for section in report.sections:
        if section.key not in options.sections:
            continue
        seq = 0
        for s, e in split_sentences(section.text):
            raw = section.text[s:e]
            text = comparable(raw, names=names)
            if len(text) < options.min_chars:
                continue
            lead = len(raw) - len(raw.lstrip())
            start = section.body_start + s + lead
            out.append(Sentence(section.key, seq, start, start + len(raw.strip()), text))
            seq += 1
    return out
