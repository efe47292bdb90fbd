"""Print checks for people: each failing check with the source lines it involves.

>>> from gkmine.record import Cell, Report
>>> text = "行政复议 1 0 0 0 2"
>>> cells = [Cell("t4", "review", col, int(raw), raw, "number", start=5 + 2 * i, end=6 + 2 * i)
...          for i, (col, raw) in enumerate(zip(["upheld", "corrected", "other", "pending",
...                                              "total"], text.split()[1:]))]
>>> report = Report(source="a.txt", text=text, cells=cells)
>>> from gkmine.checks import check_report
>>> report.checks = check_report(report)
>>> print(format_checks(report))
a.txt: 2 of 3 checks failed (1 hard)
✗ H4 [hard, source] H4 (t4 row review): upheld + corrected + other + pending = 1 but ...
    line 1 [t4.review.upheld, t4.review.corrected, t4.review.other +2]: 行政复议 1 0 0 0 2
✗ N3 [soft, extraction] N3: section 五 ...
"""

from __future__ import annotations

from dataclasses import dataclass

from gkmine.checks._common import cell_index, undecidable
from gkmine.record import Check, Report

#: at most this many quoted lines per check, and this many characters per line
MAX_LINES = 8
MAX_WIDTH = 160


def _line_at(text: str, offset: int) -> tuple[int, str]:
    """(1-based line number, line text) of the line holding ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return text.count("\n", 0, start) + 1, text[start:end]


@dataclass(frozen=True)
class SourceLine:
    """A line of the report text that a check involves, with the cells read from it."""

    number: int  # 1-based
    text: str
    cells: tuple[str, ...]


def source_lines(report: Report, check: Check) -> tuple[list[SourceLine], list[str]]:
    """The lines a check involves, in text order, and the ids of cells not located."""
    cells = cell_index(report.cells)
    offsets: list[tuple[str, int]] = []
    unlocated: list[str] = []
    for cid in check.cells:
        cell = cells.get(cid)
        if cell is None or cell.start is None or cell.start < 0:
            if cell is None or cell.status != "blank":
                unlocated.append(cid)
            continue
        offsets.append((cid, cell.start))
    offsets.extend(("", start) for start, _ in check.spans)
    seen: dict[int, tuple[str, list[str]]] = {}
    for cid, offset in sorted(offsets, key=lambda item: item[1]):
        if not 0 <= offset <= len(report.text):
            continue
        number, line = _line_at(report.text, offset)
        entry = seen.setdefault(number, (line, []))
        if cid:
            entry[1].append(cid)
    lines = [SourceLine(number, line, tuple(ids)) for number, (line, ids) in seen.items()]
    return lines, unlocated


def shorten(line: str, width: int = MAX_WIDTH) -> str:
    """A source line on one screen line: stripped, tabs shown, cut at ``width``."""
    shown = line.strip().replace("\t", " ⇥ ")
    return shown if len(shown) <= width else shown[:width - 1] + "…"


def _quotes(report: Report, check: Check) -> list[str]:
    if not report.text:
        return ["    (the report text was not kept: no source lines to quote)"] if (
            check.cells or check.spans) else []
    lines, unlocated = source_lines(report, check)
    out = []
    for line in lines[:MAX_LINES]:
        ids = line.cells
        shown_ids = ", ".join(ids[:3]) + (f" +{len(ids) - 3}" if len(ids) > 3 else "")
        label = f" [{shown_ids}]" if ids else ""
        out.append(f"    line {line.number}{label}: {shorten(line.text)}")
    if len(lines) > MAX_LINES:
        out.append(f"    … {len(lines) - MAX_LINES} more lines")
    if unlocated:
        out.append(f"    not located in the text: {', '.join(unlocated)}")
    return out


def format_check(report: Report, check: Check) -> str:
    """One check as a headline plus its quoted source lines."""
    mark = "✓" if check.passed else "✗"
    tag = check.severity + (f", {check.attribution}" if check.attribution else "")
    return "\n".join([f"{mark} {check.rule} [{tag}] {check.message}", *_quotes(report, check)])


def format_checks(report: Report, *, only_failed: bool = True) -> str:
    """The checks of a report, failing ones (or all) with the lines they involve: decided
    failures first, then the checks a cell not read left undecided (the extraction's, not
    the report's failures)."""
    checks = report.checks
    open_ = [c for c in checks if undecidable(c)]
    failed = [c for c in checks if not c.passed and not undecidable(c)]
    hard = sum(c.severity == "hard" for c in failed)
    head = (f"{report.source}: {len(failed)} of {len(checks)} checks failed ({hard} hard)"
            if failed else f"{report.source}: no check failed" if open_
            else f"{report.source}: all {len(checks)} checks passed")
    if open_:
        head += f"; {len(open_)} undecidable (cells not read)"
    shown = [*failed, *open_] if only_failed else checks
    return "\n".join([head, *(format_check(report, c) for c in shown)])
