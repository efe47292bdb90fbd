"""The sentences reuse is measured on, and the comparable form two sentences are compared in.

Sentences are gkmine's own (:func:`gkmine.nlp.segmenter.split_sentences`: 。！？；…, line
breaks, enumeration markers) over the narrative sections (``ReuseOptions.sections``); tables
二/三/四 are statutory wording that every report shares and are left out.

The comparable form must not depend on who wrote the report or when. It is the rhetoric
stage's masking (:mod:`gkmine.rhetoric.mask`: agency names, places, persons, dates, years,
numbers) after traditional characters become simplified (the reader already does it; text
given directly may not), full-width characters half-width and years in Chinese numerals
digits; each name placeholder becomes 某 and each figure #, and an opening enumeration marker
and punctuation go.

>>> from gkmine.rhetoric.mask import MaskNames
>>> comparable("二是2023年沙坡頭區醫療保障局公開信息385條。",
...            names=MaskNames.of(agency="沙坡头区医疗保障局"))
'#某公开信息#条'
>>> comparable("（三）二〇二四年 中卫市公开  信息１２条；")
'#某公开信息#条'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gkmine.keys import OVERALL_SUBITEMS, SECTIONS
from gkmine.nlp.segmenter import _ENUMERATION, split_sentences
from gkmine.read.simplify import PINYIN_GLOSS, t2s
from gkmine.rhetoric.mask import (
    AGENCY,
    PERSON,
    PLACE,
    PLACEHOLDERS,
    MaskNames,
    compact,
    mask,
    mask_each,
)
from gkmine.rhetoric.minhash import ReuseOptions
from gkmine.structure._text import matching_view

__all__ = ["Sentence", "comparable", "report_sentences"]

NAME_MASK = "某"
NUMBER_MASK = "#"
#: what survives in the comparable form: CJK ideographs, Latin letters and the masks
_NOT_KEPT = re.compile(r"[^\u4e00-\u9fffA-Za-z#]+")
_DEFAULT = ReuseOptions()
_NO_NAMES = MaskNames()
#: a heading of the statutory format (（三）政府信息管理情况, 政府信息公开平台建设情况): every
#: report that follows the format prints it, so it is no sentence of the report's own
_FORMAT_HEADING = re.compile(
    "(?:政府信息公开)?(?:{})(?:政府信息)?(?:工作)?(?:情况|方面)?".format(
        "|".join(sorted({*SECTIONS.values(), *OVERALL_SUBITEMS.values()}, key=len,
                        reverse=True))))


@dataclass(frozen=True)
class Sentence:
    """A sentence of a report: its section, order, span in the analysis text, comparable form."""

    section: str
    seq: int
    start: int
    end: int
    text: str


def _compared(piece: str) -> str:
    if piece not in PLACEHOLDERS:
        return piece
    return NAME_MASK if piece in (AGENCY, PLACE, PERSON) else NUMBER_MASK


def _prepared(text: str) -> str:
    """``text`` as masked: NFKC, simplified, compact, years in digits, no opening marker."""
    text = unicodedata.normalize("NFKC", PINYIN_GLOSS.sub("", text))
    text = t2s(compact(text))
    text = matching_view(text)  # years in Chinese numerals become digits
    marker = _ENUMERATION.match(text)
    return text[marker.end():] if marker else text


def _kept(pieces: list[str]) -> str:
    return _NOT_KEPT.sub("", "".join(map(_compared, pieces)))


def comparable(text: str, *, names: MaskNames = _NO_NAMES) -> str:
    """``text`` as compared for reuse (see the module docstring)."""
    return _kept(mask(_prepared(text), names))


def report_sentences(report, *, options: ReuseOptions = _DEFAULT) -> list[Sentence]:
    """The comparable sentences of a report's narrative sections, in text order.

    Sentences shorter than ``options.min_chars`` in comparable form, and the headings of the
    statutory format, are left out.
    """
    names = MaskNames.of_meta(report.meta)
    out: list[Sentence] = []
    for section in report.sections:
        if section.key not in options.sections:
            continue
        seq = 0
        spans = split_sentences(section.text)
        raws = [section.text[s:e] for s, e in spans]
        # comparable() of each sentence, the section's sentences masked in one pass
        texts = map(_kept, mask_each([_prepared(raw) for raw in raws], names))
        for (s, _), raw, text in zip(spans, raws, texts, strict=True):
            if len(text) < options.min_chars or _FORMAT_HEADING.fullmatch(text):
                continue
            lead = len(raw) - len(raw.lstrip())
            start = section.body_start + s + lead
            out.append(Sentence(section.key, seq, start, start + len(raw.strip()), text))
            seq += 1
    return out
