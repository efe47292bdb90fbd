"""Validate cells: identities H1–H5 per report, X1/S1/N4 across years, narrative against tables.

Contract (owned by the checks stage):

- ``check_report(report: Report) -> list[Check]`` (uses ``report.cells``, ``report.meta``,
  ``report.sections``, ``report.text``) returns every check that applies, passed or failed.
- ``check_corpus(reports) -> pandas.DataFrame`` runs X1, S1 and N4 across a corpus.
- ``format_checks(report, *, only_failed=True) -> str`` prints checks with their source lines.

Rules (codes in :data:`gkmine.keys.RULES`):

=====  ======  ==========================================================================
rule   kind    what must hold
=====  ======  ==========================================================================
H1     hard    every t3 column: new + carried_in = total_processed + carried_out
H2     hard    every t3 column: total_processed = sum of the result rows
                (``gkmine.keys.T3_RESULT_ROWS[layout]``, disclosed … last （六） row)
H3     hard    every t3 row: total = sum of the six applicant columns
H4     hard    every t4 row: upheld + corrected + other + pending = total
H5     hard    counts are non-negative integers, amounts non-negative (2019 本年增/减 may
                be negative); one failing check per offending cell, else one passing
                check per table
N1     soft    a figure stated in the prose equals its table cells: 收到/受理…申请 N 件 →
                t3.new.total (or new + carried_in); 未收到…申请 → t3.new.total = 0;
                行政处罚 N 件 → t2.penalty.decisions; 行政复议 N 件 → t4.review.total;
                行政诉讼 N 件 → the two suit totals; 没有/未发生…行政复议…行政诉讼 → all
                three t4 totals are 0
N2     soft    the title and the statistical period (1月1日至12月31日) name the report year
N3     soft    section 五 exists and holds text
X1     hard    (corpus) carried_out(t) = carried_in(t+1) per t3 column, across layouts
S1     soft    (corpus, 2021 layout) in_force(t-1) + issued(t) = in_force(t) + repealed(t)
N4     soft    (corpus) section 五 is not (nearly) identical to the previous year's
=====  ======  ==========================================================================

Arithmetic: ``blank`` and ``na`` cells count as 0 and the message says so. A ``missing`` or
``text`` cell makes an identity undecidable: it fails with attribution ``extraction``. A check
whose cells were all missing (the table was not found) is not reported. A failure is
attributed to the ``source`` when every cell involved was read with confidence (the printed
numbers disagree) and to the ``extraction`` when one was inferred (confidence < 1 or a
``note``). ``Check.cells`` lists cell ids (``t3.new.total``), ``Check.spans`` the text spans of
narrative evidence.

>>> from gkmine.record import Cell, Report
>>> cells = [Cell("t4", "review", c, 0, "0", "number")
...          for c in ("upheld", "corrected", "other", "pending", "total")]
>>> [(c.rule, c.passed) for c in check_report(Report(source="x", cells=cells))]
[('H4', True), ('H5', True), ('N3', False)]
"""

from __future__ import annotations

from gkmine.checks._common import cell_index
from gkmine.checks.corpus import check_corpus
from gkmine.checks.display import format_check, format_checks
from gkmine.checks.identities import identity_checks
from gkmine.checks.narrative import narrative_number_checks, problems_check, year_checks
from gkmine.record import Check, Report

__all__ = ["check_report", "check_corpus", "format_checks", "format_check"]


def check_report(report: Report) -> list[Check]:
    """Every check that applies to one report, passed or failed: H1–H5, then N1–N3."""
    checks = identity_checks(report.cells, report.meta.layout)
    checks.extend(narrative_number_checks(report, cell_index(report.cells)))
    checks.extend(year_checks(report))
    checks.append(problems_check(report))
    return checks
