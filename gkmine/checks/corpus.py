"""Checks across the reports of one agency in consecutive years: X1, S1 and N4.

Reports are paired by consecutive ``meta.year`` and matched by the one agency identity of
:func:`gkmine.structure.identity.agency_identity` (see :func:`pair_reports`). N4 is the
corpus's year-over-year reuse of section 五 (the ``reuse_yoy`` table, or
:func:`gkmine.rhetoric.reuse.pair_reuse` for reports in memory). Cell ids in these checks carry
the year, e.g. ``2023/t3.carried_out.total``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import fields

from gkmine.checks._common import cell_index, judge_identity
from gkmine.keys import T3_COLS
from gkmine.record import Cell, Check, Report

COLUMNS: tuple[str, ...] = ("agency", "year_prev", "year", "source_prev", "source", "rule",
                            "table", "row", "col", "passed", "expected", "actual", "delta",
                            "cells", "severity", "attribution", "message")
#: N4: this share (0–100) of section 五's sentences reappearing from the previous year's report
#: counts as copied (local assessment rules penalise reuse above half)
COPY_SIMILARITY = 50.0
#: the fields of a check that make its row (its text spans stay out)
_CHECK_FIELDS = tuple(f.name for f in fields(Check) if f.name != "spans")


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


#: (share of section 五's sentences reappearing from the previous report, their number)
CopyShare = tuple[float, int]


def copy_check(prev: Report, cur: Report, *, threshold: float = COPY_SIMILARITY) -> list[Check]:
    """N4 (soft): section 五 is not largely the previous year's sentences again.

    ``actual`` is the percentage of section 五's sentences that reappear (near-duplicates after
    names, years and numbers are masked) in the previous year's report: the ``problems`` row of
    the corpus's year-over-year reuse (:func:`gkmine.rhetoric.reuse.pair_reuse`).
    """
    [shares] = copy_shares([(prev, cur)])
    return judge_copy(prev, cur, shares, threshold=threshold)


def copy_shares(pairs: Sequence[tuple[Report, Report]]) -> list[CopyShare | None]:
    """The N4 measure of each (year t-1, year t) pair of in-memory reports, in one grouping."""
    from gkmine.rhetoric.reuse import pair_reuse

    return [found.get("problems") for found in pair_reuse(pairs)]


def judge_copy(prev: Report, cur: Report, found: CopyShare | None, *,
               threshold: float = COPY_SIMILARITY) -> list[Check]:
    """The N4 check of a pair from its measure (none when section 五 has no sentence)."""
    if found is None:
        return []
    share, n = found
    percent = round(100 * share, 1)
    passed = percent < threshold
    y0, y1 = prev.meta.year, cur.meta.year
    message = (f"N4: {percent:g}% of the {n} sentences of section 五 of {y1} reappear from "
               f"{y0}'s report" + (" (below the copy threshold)." if passed else
                                   f", at or above {threshold:g}%: it looks copied from the "
                                   "previous year."))
    section = cur.section("problems")
    spans = [(section.start, section.end)] if section is not None else []
    return [Check("N4", None, None, None, passed, threshold, percent, None, [], "soft",
                  None if passed else "source", message, spans)]


def pair_reports(reports: Iterable[Report]) -> list[tuple[Report, Report]]:
    """(year t-1, year t) pairs of reports of the same agency, in a stable order.

    The same agency is the same :func:`~gkmine.structure.identity.identity_of` key: a name
    with or without its leading places, abbreviated or in full, pairs when its places agree.
    A report pairs with at most ``MAX_PREVIOUS_REPORTS`` reports of the year before.
    """
    from gkmine.structure.identity import MAX_PREVIOUS_REPORTS, identity_of

    blocks: dict[tuple[str, int], list[Report]] = defaultdict(list)
    for report in reports:
        identity = identity_of(report.meta)
        if identity is not None and report.meta.year is not None:
            blocks[(identity, report.meta.year)].append(report)
    for block in blocks.values():
        block.sort(key=lambda r: r.doc_id or "")
    pairs = [(identity, prev, cur)
             for (identity, year), current in blocks.items() for cur in current
             for prev in blocks.get((identity, year - 1), [])[:MAX_PREVIOUS_REPORTS]]
    pairs.sort(key=lambda t: (t[0], t[1].meta.year, t[1].source, t[2].source))
    return [(prev, cur) for _, prev, cur in pairs]


def check_corpus(reports: Sequence[Report], *, s1_tolerance: float = 0.0,
                 copy_threshold: float = COPY_SIMILARITY):
    """X1, S1 and N4 over every consecutive pair of reports of the same agency.

    One row per check with the columns of :data:`COLUMNS`.

    >>> check_corpus([]).shape
    (0, 17)
    """
    import pandas as pd  # only here: workers import this package for the per-report checks

    pairs = pair_reports(reports)
    rows = check_pairs(pairs, copy_shares(pairs), s1_tolerance=s1_tolerance,
                       copy_threshold=copy_threshold)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def check_pairs(pairs: Sequence[tuple[Report, Report]], shares: Sequence[CopyShare | None],
                *, s1_tolerance: float = 0.0, copy_threshold: float = COPY_SIMILARITY
                ) -> list[dict]:
    """The rows of :func:`check_corpus` for given (year t-1, year t) pairs and the N4 measure
    of each (:func:`copy_shares`, or the store's ``reuse_yoy``)."""
    rows = []
    for (prev, cur), share in zip(pairs, shares, strict=True):
        checks = [*carry_over_checks(prev, cur),
                  *stock_checks(prev, cur, tolerance=s1_tolerance),
                  *judge_copy(prev, cur, share, threshold=copy_threshold)]
        for check in checks:
            # a shallow copy: the row's ``cells`` list is the check's own, not needed again
            data = {name: getattr(check, name) for name in _CHECK_FIELDS}
            rows.append({"agency": cur.meta.agency, "year_prev": prev.meta.year,
                         "year": cur.meta.year, "source_prev": prev.source,
                         "source": cur.source, **data})
    return rows
