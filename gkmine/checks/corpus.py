"""Checks across the reports of one agency in consecutive years: X1, S1 and N4.

Reports are paired by consecutive ``meta.year`` and matched by agency with
``gkmine.structure.agency.agency_key``/``same_agency`` (see :func:`pair_reports`). Cell ids in
these checks carry the year, e.g. ``2023/t3.carried_out.total``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict

import pandas as pd

from gkmine.checks._common import cell_index, judge_identity
from gkmine.keys import T3_COLS
from gkmine.record import Cell, Check, Report

COLUMNS: tuple[str, ...] = ("agency", "year_prev", "year", "source_prev", "source", "rule",
                            "table", "row", "col", "passed", "expected", "actual", "delta",
                            "cells", "severity", "attribution", "message")
#: section 五 this similar (0–100) to the previous year's counts as copied (N4)
COPY_SIMILARITY = 90.0


def _year_cells(report: Report) -> dict[str, Cell]:
    year = report.meta.year
    return {f"{year}/{cid}": cell for cid, cell in cell_index(report.cells).items()}


def carry_over_checks(prev: Report, cur: Report) -> list[Check]:
    """X1: what was carried out of year t-1 is what year t carried in, per t3 column."""
    cells = {**_year_cells(prev), **_year_cells(cur)}
    y0, y1 = prev.meta.year, cur.meta.year
    out = [judge_identity("X1", "t3", "carried_in", col, [f"{y0}/t3.carried_out.{col}"],
                          [f"{y1}/t3.carried_in.{col}"], cells,
                          lhs_label=f"carried_out({y0})", rhs_label=f"carried_in({y1})",
                          where=f"t3 column {col}")
           for col in T3_COLS]
    return [c for c in out if c is not None]


def stock_checks(prev: Report, cur: Report, *, tolerance: float = 0.0) -> list[Check]:
    """S1 (soft, 2021 layout): in_force(t-1) + issued(t) = in_force(t) + repealed(t)."""
    if prev.meta.layout != "2021" or cur.meta.layout != "2021":
        return []
    cells = {**_year_cells(prev), **_year_cells(cur)}
    y0, y1 = prev.meta.year, cur.meta.year
    out = [judge_identity("S1", "t2", row, "in_force",
                          [f"{y0}/t2.{row}.in_force", f"{y1}/t2.{row}.issued"],
                          [f"{y1}/t2.{row}.in_force", f"{y1}/t2.{row}.repealed"], cells,
                          lhs_label=f"in_force({y0}) + issued({y1})",
                          rhs_label=f"in_force({y1}) + repealed({y1})", severity="soft",
                          where=f"t2 row {row}", tolerance=tolerance)
           for row in ("regulations", "normative_docs")]
    return [c for c in out if c is not None]


def _comparable(text: str) -> str:
    """Section 五 without whitespace, punctuation and digits (years change every year)."""
    return re.sub(r"[\s\d\W_]+", "", text)


def copy_check(prev: Report, cur: Report, *, threshold: float = COPY_SIMILARITY) -> list[Check]:
    """N4 (soft): section 五 is not (nearly) the same text as the previous year's."""
    from rapidfuzz import fuzz

    a, b = prev.section("problems"), cur.section("problems")
    if a is None or b is None:
        return []
    left, right = _comparable(a.text), _comparable(b.text)
    if not left or not right:
        return []
    similarity = round(fuzz.ratio(left, right), 1)
    passed = similarity < threshold
    y0, y1 = prev.meta.year, cur.meta.year
    message = (f"N4: section 五 of {y1} is {similarity:g}% similar to {y0}'s"
               + (" (below the copy threshold)." if passed else
                  f", at or above {threshold:g}%: it looks copied from the previous year."))
    return [Check("N4", None, None, None, passed, threshold, similarity, None, [], "soft",
                  None if passed else "source", message, [(b.start, b.end)])]


def pair_reports(reports: Iterable[Report]) -> list[tuple[Report, Report]]:
    """(year t-1, year t) pairs of reports of the same agency, in a stable order.

    Names are compared by key first (``agency_key``); when year t has no report under the
    same key, a single report whose name denotes the same agency (``same_agency``: a leading
    place dropped or shortened) is taken; several such candidates are ambiguous and skipped.
    """
    from gkmine.structure.agency import agency_key, same_agency

    blocks: dict[tuple[int, str], list[tuple[str, Report]]] = defaultdict(list)
    for report in reports:
        if report.meta.agency and report.meta.year is not None:
            key = agency_key(report.meta.agency)
            blocks[(report.meta.year, key[-3:])].append((key, report))  # by organ suffix
    pairs = []
    for (year, suffix), previous in blocks.items():
        following = sorted(blocks.get((year + 1, suffix), []), key=lambda kr: (kr[0],
                                                                             kr[1].source))
        for key, prev in previous:
            matches = [cur for k, cur in following if k == key]
            if not matches:
                similar = [cur for _, cur in following
                           if same_agency(prev.meta.agency, cur.meta.agency)]
                matches = similar if len(similar) == 1 else []
            pairs.extend((key, prev, cur) for cur in matches)
    pairs.sort(key=lambda t: (t[0], t[1].meta.year, t[1].source, t[2].source))
    return [(prev, cur) for _, prev, cur in pairs]


def check_corpus(reports: Sequence[Report], *, s1_tolerance: float = 0.0,
                 copy_threshold: float = COPY_SIMILARITY) -> pd.DataFrame:
    """X1, S1 and N4 over every consecutive pair of reports of the same agency.

    One row per check with the columns of :data:`COLUMNS`.

    >>> check_corpus([]).shape
    (0, 17)
    """
    rows = []
    for prev, cur in pair_reports(reports):
        checks = [*carry_over_checks(prev, cur),
                  *stock_checks(prev, cur, tolerance=s1_tolerance),
                  *copy_check(prev, cur, threshold=copy_threshold)]
        for check in checks:
            data = asdict(check)
            data.pop("spans", None)
            rows.append({"agency": cur.meta.agency, "year_prev": prev.meta.year,
                         "year": cur.meta.year, "source_prev": prev.source,
                         "source": cur.source, **data})
    return pd.DataFrame(rows, columns=list(COLUMNS))
