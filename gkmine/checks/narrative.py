"""Soft checks of the narrative against the tables: N1 (numbers), N2 (year), N3 (section 五).

N1 reads the prose with gkmine's numeric-claims extractor (:mod:`gkmine.nlp.claims`) and keeps
the claims whose object is something a statutory table counts: applications received (t3
``new``), 行政处罚 decisions (t2), 行政复议 and 行政诉讼 cases (t4), including the explicit zeros
(未收到政府信息公开申请, 没有…行政复议和行政诉讼). A claim about something else — carried-over
or concluded applications, a breakdown by channel, 主动公开…条 (no table cell) — is not compared.

>>> [(f.kind, f.value) for f in table_figures("今年共收到政府信息公开申请12件，行政复议1起。")]
[('applications', 12), ('review', 1)]
>>> [(f.kind, f.value) for f in table_figures("我局未收到政府信息公开申请。")]
[('applications', 0)]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from gkmine.checks._common import operand
from gkmine.record import Cell, Check, Report
from gkmine.structure._text import cjk_only

_APPLICATION = re.compile(r"(?:政府信息公开|依申请|信息公开)[^，,]*申请|依申请(?:政府信息)?公开")
#: words in a claim's object that mean it counts something other than the table's figure
_NOT_THE_TOTAL: dict[str, tuple[str, ...]] = {
    "applications": ("结转", "办结", "答复", "复议", "诉讼", "举报", "投诉", "网上", "现场",
                     "邮寄", "信函", "当面", "类"),
    "review": ("诉讼", "结果", "维持", "纠正"),
    "litigation": ("复议", "结果", "维持", "纠正"),
    "penalty": ("复议", "诉讼"),
}
_T4_SUITS = ("t4.suit_direct.total", "t4.suit_after_review.total")
#: figure kind -> (cells whose sum the prose states, alternative sums also accepted)
_TARGETS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "applications": (("t3.new.total",), (("t3.new.total", "t3.carried_in.total"),)),
    "penalty": (("t2.penalty.decisions",), ()),
    "review": (("t4.review.total",), ()),
    "litigation": (_T4_SUITS, ()),
}
#: sections whose prose states the year's figures (五 discusses plans, not figures)
NARRATIVE_SECTIONS: tuple[str, ...] = ("overall", "active_disclosure", "applications",
                                       "review_litigation", "other")


@dataclass(frozen=True)
class Figure:
    """A figure the prose states about a table, with its span in the analysis text."""

    kind: str
    value: int
    start: int
    end: int


def _kinds(obj: str, value: float) -> list[str]:
    """The table figures a claim's object names (a zero may deny review and suit at once)."""
    if "行政复议" in obj and "行政诉讼" in obj:
        return ["review", "litigation"] if value == 0 else []
    if "行政复议" in obj:
        kind = "review"
    elif "行政诉讼" in obj:
        kind = "litigation"
    elif "行政处罚" in obj:
        kind = "penalty"
    elif _APPLICATION.search(obj):
        kind = "applications"
    else:
        return []
    return [] if any(word in obj for word in _NOT_THE_TOTAL[kind]) else [kind]


def table_figures(text: str, *, offset: int = 0) -> list[Figure]:
    """Every figure the prose states about the tables, in text order."""
    from gkmine.nlp.claims import extract_claims

    out = []
    for claim in extract_claims(text, offset=offset):
        if claim.unit not in ("件", "起", "宗", "个", "次") or claim.approx:
            continue
        if not float(claim.value).is_integer():
            continue
        obj = claim.object or ""
        # the span covers the object as well as the number when the object precedes it
        local = claim.start - offset
        found = text.rfind(obj, max(0, local - len(obj) - 12), local) if obj else -1
        start = offset + found if found >= 0 else claim.start
        out.extend(Figure(kind, int(claim.value), start, claim.end)
                   for kind in _kinds(obj, claim.value))
    return sorted(out, key=lambda f: (f.start, f.kind))


def _narrative_spans(report: Report) -> list[tuple[int, int]]:
    spans = [(s.start, s.end) for s in report.sections if s.key in NARRATIVE_SECTIONS]
    if not spans:
        return [(0, len(report.text))]
    first = min(s.start for s in report.sections)
    return [(0, first), *spans]  # the preamble states figures too


def report_figures(report: Report) -> list[Figure]:
    """Figures in the preamble and the narrative sections, one per distinct (kind, value)."""
    seen: dict[tuple[str, int], Figure] = {}
    for start, end in _narrative_spans(report):
        for figure in table_figures(report.text[start:end], offset=start):
            seen.setdefault((figure.kind, figure.value), figure)
    return sorted(seen.values(), key=lambda f: (f.start, f.kind))


def claim_check(claim: Figure, cells: Mapping[str, Cell]) -> Check | None:
    """N1 for one figure, ``None`` when the table it refers to was not extracted."""
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
    """N1 for every distinct figure the report's prose states."""
    claims = report_figures(report)
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


#: fewer Chinese characters than this in section 五 means it says nothing
MIN_PROBLEM_CHARS = 10


def problems_check(report: Report) -> Check:
    """N3: section 五 exists and is not empty."""
    section = report.section("problems")
    if section is None:
        return Check("N3", None, None, None, False, None, None, None, [], "soft", "extraction",
                     "N3: section 五 (存在的主要问题及改进情况) was not found; it may be "
                     "absent from the source or missed by the structure stage.")
    n_chars = len(cjk_only(section.text))
    span = [(section.start, section.end)]
    if n_chars < MIN_PROBLEM_CHARS:
        return Check("N3", None, None, None, False, MIN_PROBLEM_CHARS, n_chars, None, [],
                     "soft", "source",
                     f"N3: section 五 is empty ({n_chars} Chinese characters).", span)
    return Check("N3", None, None, None, True, MIN_PROBLEM_CHARS, n_chars, None, [], "soft",
                 None, f"N3: section 五 has {n_chars} Chinese characters.", span)
