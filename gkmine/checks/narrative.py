"""Soft checks of the narrative against the tables: N1 (numbers), N2 (year), N3 (section 五).

The matcher is deliberately small and careful: a pattern must name what is counted and end in
a counting unit (件, 起, 宗), so that table rows such as ``行政处罚 0`` are never read as prose.
``主动公开…条`` has no counterpart in the statutory tables and is not compared.

>>> [(c.kind, c.value) for c in find_claims("今年共收到政府信息公开申请12件，行政复议1起。")]
[('applications', 12), ('review', 1)]
>>> [c.kind for c in find_claims("我局未收到政府信息公开申请。")]
['no_applications']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gkmine.checks._common import operand
from gkmine.record import Cell, Check, Report

_NUM = r"(?P<n>\d[\d,，]*|[零〇一二两三四五六七八九十百千万]+)"
_GAP = r"[^。；;！？，,\d]{0,%d}?"  # within a clause; hard line wraps are allowed
_UNIT = r"\s*(?:件|起|宗)"

#: kind -> pattern; group ``n`` is the number when there is one
_PATTERNS: dict[str, re.Pattern[str]] = {
    "applications": re.compile(
        r"(?:收到|受理|新收|接收|接到)" + _GAP % 12
        + r"(?:政府信息公开|依申请公开|公开)?申请" + _GAP % 8 + _NUM + _UNIT),
    "no_applications": re.compile(
        r"(?:未|没有|无)(?:收到|接到|受理|新收|产生)" + _GAP % 6
        + r"(?:政府信息公开|依申请公开|公开)申请|无依申请公开"),
    "penalty": re.compile(r"行政处罚" + _GAP % 6 + _NUM + _UNIT),
    "review": re.compile(r"行政复议" + _GAP % 8 + _NUM + _UNIT),
    "litigation": re.compile(r"行政诉讼" + _GAP % 8 + _NUM + _UNIT),
    "no_review_litigation": re.compile(
        r"(?:没有|未发生|未出现|未产生|不存在|未收到|无)[^。；;，,\d]{0,24}?行政复议"
        r"[^。；;\d]{0,8}?行政诉讼"),
}
#: words inside a match that mean it counts something else
_EXCLUDE: dict[str, tuple[str, ...]] = {
    "applications": ("结转", "上年", "办结", "答复", "复议", "诉讼", "举报", "投诉"),
    "review": ("诉讼",),
    "litigation": ("复议",),
    "penalty": ("复议", "诉讼"),
}
_T4_SUITS = ("t4.suit_direct.total", "t4.suit_after_review.total")
#: claim kind -> (cells whose sum the claim states, alternative sums also accepted)
_TARGETS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "applications": (("t3.new.total",), (("t3.new.total", "t3.carried_in.total"),)),
    "no_applications": (("t3.new.total",), ()),
    "penalty": (("t2.penalty.decisions",), ()),
    "review": (("t4.review.total",), ()),
    "litigation": (_T4_SUITS, ()),
    "no_review_litigation": (("t4.review.total", *_T4_SUITS), ()),
}
#: sections whose prose states the year's figures (五 discusses plans, not figures)
NARRATIVE_SECTIONS: tuple[str, ...] = ("overall", "active_disclosure", "applications",
                                       "review_litigation", "other")


@dataclass(frozen=True)
class Claim:
    """A figure stated in the prose, with its span in the analysis text."""

    kind: str
    value: int
    start: int
    end: int


def parse_count(text: str) -> int | None:
    """An Arabic or Chinese numeral as an integer.

    >>> parse_count("1,234"), parse_count("十二"), parse_count("两")
    (1234, 12, 2)
    """
    digits = re.sub(r"[,，]", "", text)
    if digits.isdigit():
        return int(digits)
    import cn2an

    try:
        return int(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, TypeError):
        return None


def find_claims(text: str, *, offset: int = 0) -> list[Claim]:
    """Every figure the prose states about the tables, in text order."""
    claims: list[Claim] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(text):
            if any(word in match.group(0) for word in _EXCLUDE.get(kind, ())):
                continue
            if "n" in pattern.groupindex:
                value = parse_count(match.group("n"))
                if value is None:
                    continue
            else:
                value = 0
            claims.append(Claim(kind, value, offset + match.start(), offset + match.end()))
    return sorted(claims, key=lambda c: (c.start, c.kind))


def _narrative_spans(report: Report) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in report.sections if s.key in NARRATIVE_SECTIONS]
    if not spans:
        return [(0, len(report.text))]
    first = min(s.start for s in report.sections)
    return [(0, first), *spans]  # the preamble states figures too


def report_claims(report: Report) -> list[Claim]:
    """Claims in the preamble and the narrative sections, one per distinct (kind, value)."""
    seen: dict[tuple[str, int], Claim] = {}
    for start, end in _narrative_spans(report):
        for claim in find_claims(report.text[start:end], offset=start):
            seen.setdefault((claim.kind, claim.value), claim)
    return sorted(seen.values(), key=lambda c: (c.start, c.kind))


def claim_check(claim: Claim, cells: Mapping[str, Cell]) -> Check | None:
    """N1 for one claim, ``None`` when the table it refers to was not extracted."""
    ids, alternatives = _TARGETS[claim.kind]
    if all(cells.get(cid) is None or cells[cid].status == "missing" for cid in ids):
        return None
    ops = [operand(cid, cells.get(cid)) for cid in ids]
    spans = [(claim.start, claim.end)]
    what = f"the prose states {claim.kind.replace('_', ' ')} = {claim.value}"
    if any(op.value is None for op in ops):
        bad = ", ".join(f"{op.cell_id} ({op.reason})" for op in ops if op.value is None)
        return Check("N1", ids[0].split(".")[0], None, None, False, claim.value, None, None,
                     list(ids), "soft", "extraction",
                     f"N1: {what} but {bad} could not be read.", spans)
    table_value = sum(op.value for op in ops)
    accepted = [table_value]
    for alt in alternatives:
        alt_ops = [operand(cid, cells.get(cid)) for cid in alt]
        if all(op.value is not None for op in alt_ops):
            accepted.append(sum(op.value for op in alt_ops))
    table, row, col = ids[0].split(".")
    zeros = [op.cell_id for op in ops if op.treated_as_zero]
    zero_note = f" (blank/n.a. counted as 0: {', '.join(zeros)})" if zeros else ""
    if claim.value in accepted:
        return Check("N1", table, row, col, True, claim.value, table_value, 0, list(ids),
                     "soft", None, f"N1: {what}, as the table{zero_note}.", spans)
    doubtful = any(op.doubtful for op in ops)
    return Check("N1", table, row, col, False, claim.value, table_value,
                 table_value - claim.value, list(ids), "soft",
                 "extraction" if doubtful else "source",
                 f"N1: {what} but the table gives {' + '.join(ids)} = {table_value}{zero_note} "
                 f"(difference {table_value - claim.value}).", spans)


def narrative_number_checks(report: Report, cells: Mapping[str, Cell]) -> list[Check]:
    """N1 for every distinct claim of the report."""
    claims = report_claims(report)
    out = []
    for claim in claims:
        check = claim_check(claim, cells)
        if check is not None:
            out.append(check)
    return out


_PERIOD = re.compile(
    r"(\d{4})\s*年\s*(?:1|01|一)\s*月\s*(?:1|01|一)\s*日\s*(?:起)?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?:(\d{4})\s*年\s*)?(?:12|十二)\s*月\s*(?:31|三十一)\s*日")
_TITLE_YEAR = re.compile(r"(\d{4})\s*年\s*度?[^\n。，]{0,30}?政府信息公开(?:工作)?年度?报告")


def year_checks(report: Report) -> list[Check]:
    """N2: the statistical period and the title name the report year."""
    year = report.meta.year
    if year is None:
        return []
    out = []
    head = report.text[:600]
    title = _TITLE_YEAR.search(head)
    period = _PERIOD.search(report.text)
    found = []
    if title:
        found.append(("title", int(title.group(1)), title.span()))
    if period:  # one check for the period: the year that differs, if one does
        years = [int(y) for y in period.groups() if y]
        found.append(("statistical period", next((y for y in years if y != year), years[0]),
                      period.span()))
    for what, named, span in found:
        passed = named == year
        out.append(Check(
            "N2", None, None, None, passed, year, named, named - year, [], "soft",
            None if passed else "source",
            f"N2: the {what} names {named}" + (", the report year." if passed else
                                               f" but the report year is {year}."),
            [span]))
    return out


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: fewer Chinese characters than this in section 五 means it says nothing
MIN_PROBLEM_CHARS = 10


def problems_check(report: Report) -> Check:
    """N3: section 五 exists and is not empty."""
    section = report.section("problems")
    if section is None:
        return Check("N3", None, None, None, False, None, None, None, [], "soft", "extraction",
                     "N3: section 五 (存在的主要问题及改进情况) was not found; it may be "
                     "absent from the source or missed by the structure stage.")
    n_chars = len(_CJK.findall(section.text))
    span = [(section.start, section.end)]
    if n_chars < MIN_PROBLEM_CHARS:
        return Check("N3", None, None, None, False, MIN_PROBLEM_CHARS, n_chars, None, [],
                     "soft", "source",
                     f"N3: section 五 is empty ({n_chars} Chinese characters).", span)
    return Check("N3", None, None, None, True, MIN_PROBLEM_CHARS, n_chars, None, [], "soft",
                 None, f"N3: section 五 has {n_chars} Chinese characters.", span)
