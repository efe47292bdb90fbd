"""Soft checks of the narrative against the tables: N1 (numbers), N2 (year), N3 (section 五).

N1 reads the prose with gkmine's numeric-claims extractor (:mod:`gkmine.nlp.claims`), which
keys every claim that states a tabled quantity to its cells (:mod:`gkmine.link.quantities`):
applications received, processed, disclosed…, 行政复议 and 行政诉讼 cases and their
corrections, 行政许可/处罚/强制 decisions, regulations and normative documents issued, fees,
政府集中采购, including the explicit zeros (未收到政府信息公开申请, 没有…行政复议和行政诉讼).
A claim about something no table counts (主动公开…条, 依申请公开173条, a breakdown by channel)
is not compared, nor is an approximate one (20余件), one of another period (上年度…, 截至…
累计), nor one the prose credits to another body ("区政府办代表区政府受理…", "各乡镇共收到…":
keyed, with ``actor`` and no cell). A row total the agency left blank is read as the sum of
its printed parts; words that may mean another sum ("受理申请749件" = new + carried in,
"因本机关不掌握等原因无法提供" = that row or the group) agree with either. A row whose printed
values ran together and could not be split is judged by its digits: the prose's figures for
all its cells, written one after another, are that run or not (:func:`run_checks`).

>>> [(f.quantity, f.value) for f in table_figures("今年共收到政府信息公开申请12件，行政复议1起。")]
[('applications_new', 12), ('reviews', 1)]
>>> [(f.quantity, f.value) for f in table_figures("我局未收到政府信息公开申请。")]
[('applications_new', 0)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from gkmine.checks._common import Operand, operand
from gkmine.keys import T3_APPLICANT_COLS, T3_COLS, T4_COLS, t2_layout
from gkmine.link.quantities import QUANTITIES, named_rows
from gkmine.record import Cell, Check, Report
from gkmine.structure._text import cjk_only
from gkmine.tables.fused import prose_spans
from gkmine.tables.notes import printed_run

#: sections whose prose states the year's figures (五 discusses plans, not figures);
#: ``None`` is the preamble before the first section
NARRATIVE_SECTIONS: tuple[str | None, ...] = (None, "overall", "active_disclosure",
                                              "applications", "review_litigation", "other")
#: tolerance when comparing an amount in 万元 (tables print two decimals)
_WAN_TOLERANCE = 0.005
#: 万元 per unit of an amount the prose states
_WAN_PER_UNIT = {"元": 1e-4, "万元": 1, "亿元": 1e4}


@dataclass(frozen=True)
class Figure:
    """A figure the prose states about a table, with its span in the analysis text."""

    quantity: str
    value: float
    start: int
    end: int
    cells: tuple[str, ...]
    #: the claim's own expression ("12件", "未收到政府信息公开申请")
    text: str = ""
    #: other sums of cells its words may mean besides the quantity's own: the rows of the
    #: reasons it names ("因本机关不掌握等原因无法提供": that row, or the whole group)
    alternatives: tuple[tuple[str, ...], ...] = ()


def figure_of(claim, *, span: tuple[int, int] | None = None) -> Figure | None:
    """The comparable figure a keyed claim states, or ``None``.

    A claim is comparable when it is keyed to cells, exact (not 20余件) and, for a count,
    a whole number. ``claim`` is a :class:`~gkmine.nlp.claims.Claim` or its ``to_dict()`` row.
    """
    get = claim.get if isinstance(claim, Mapping) else claim.__getattribute__
    cell, quantity, value = get("cell"), get("quantity"), get("value")
    if not cell or not quantity or get("approx") or value is None or value != value:
        return None
    if QUANTITIES[quantity].measure == "count" and not float(value).is_integer():
        return None
    start, end = span or (int(get("start")), int(get("end")))
    if QUANTITIES[quantity].measure == "wan":  # an amount in 元 or 亿元, compared in 万元
        value = round(value * _WAN_PER_UNIT.get(get("unit"), 1), 6)
    number = int(value) if float(value).is_integer() else float(value)
    cells = tuple(cell.split("+"))
    named = named_rows(get("object") or "", cells)
    return Figure(quantity, number, start, end, cells, get("text") or "",
                  (named,) if named and named != cells else ())


def _object_span(text: str, claim, offset: int) -> tuple[int, int]:
    """The claim's span widened to the object when the object precedes the number (not
    another figure's object it shares: "采购信息21条共5419886元")."""
    obj = claim.object or ""
    local = claim.start - offset
    found = text.rfind(obj, max(0, local - len(obj) - 12), local) if obj else -1
    if found < 0 or _DIGITS.search(text, found + len(obj), local):
        return claim.start, claim.end
    return offset + found, claim.end


def figures(claims: Iterable, *, text: str | None = None, offset: int = 0) -> list[Figure]:
    """Comparable figures of ``claims``, one per distinct (quantity, value), in text order.

    With ``text`` (the text the offsets point into, from ``offset``) a figure's span covers
    its object too ("政府信息公开申请12件").
    """
    seen: dict[tuple[str, float], Figure] = {}
    for claim in claims:
        span = _object_span(text, claim, offset) if text is not None else None
        figure = figure_of(claim, span=span)
        if figure is not None:
            seen.setdefault((figure.quantity, figure.value), figure)
    return sorted(seen.values(), key=lambda f: (f.start, f.quantity))


def table_figures(text: str, *, offset: int = 0, layout: str = "2021") -> list[Figure]:
    """Every figure the prose of ``text`` states about the tables, in text order."""
    from gkmine.nlp.claims import extract_claims

    return figures(extract_claims(text, offset=offset, layout=layout), text=text,
                   offset=offset)


def report_figures(report: Report) -> list[Figure]:
    """Figures in the preamble and the narrative sections, one per distinct (quantity, value)."""
    from gkmine.nlp.claims import report_claims

    claims = [c for c in report_claims(report) if c.section in NARRATIVE_SECTIONS]
    return figures(claims, text=report.text)


def _equal(quantity: str, claimed: float, table: float) -> bool:
    if QUANTITIES[quantity].measure == "count":
        return claimed == table
    return abs(claimed - table) <= _WAN_TOLERANCE


def _parts_of(cell_id: str) -> tuple[str, ...]:
    """The cells a total cell sums (its row's applicant or result columns), else ``()``."""
    table, row, col = cell_id.split(".")
    if col != "total":
        return ()
    if table == "t3":
        return tuple(f"t3.{row}.{c}" for c in T3_APPLICANT_COLS)
    if table == "t4":
        return tuple(f"t4.{row}.{c}" for c in T4_COLS if c != "total")
    return ()


def cells_read(quantity: str, layout: str | None) -> frozenset[str]:
    """Every cell N1 may read to judge a figure of ``quantity``: its cells, those of its
    alternative sums, and the parts of each total (read when the total is blank).

    >>> sorted(cells_read("review_upheld", "2021"))
    ['t4.review.upheld']
    >>> len(cells_read("applications_natural_person", "2021"))
    2
    """
    q = QUANTITIES[quantity]
    ids = {c for group in (q.cells_for(layout), *q.alternatives) for c in group}
    return frozenset(ids | {p for c in ids for p in _parts_of(c)})


def _operands(ids: Iterable[str], cells: Mapping[str, Cell]) -> tuple[list[Operand], list[str]]:
    """The operands of a sum of cells, and the totals read from their parts.

    An agency may leave a row's total blank and print its parts ("不予公开35件" while the
    total column of each 不予公开 row is empty): such a total is the sum of its printed parts,
    not 0.
    """
    ops: list[Operand] = []
    from_parts: list[str] = []
    for cid in ids:
        op = operand(cid, cells.get(cid))
        wan = getattr(cells.get(cid), "amount_wan", None)
        if wan is not None:  # an amount printed in 元 or 万元 ("251000元"): compared in 万元
            op = replace(op, value=wan)
        parts = [operand(p, cells.get(p)) for p in _parts_of(cid)] if (
            op.treated_as_zero == "blank") else []
        if any(p.value and not p.treated_as_zero for p in parts):
            ops.extend(parts)
            from_parts.append(cid)
        else:
            ops.append(op)
    return ops, from_parts


def _sum(ops: list[Operand]) -> float | None:
    return None if any(op.value is None for op in ops) else sum(op.value for op in ops)


def _undecidable(ids: tuple[str, ...], claim: Figure, message: str) -> Check:
    return Check("N1", ids[0].split(".")[0], None, None, False, claim.value, None, None,
                 list(ids), "soft", "extraction", message, [(claim.start, claim.end)])


def _inside_cells(claim: Figure, ids: Iterable[str], cells: Mapping[str, Cell]) -> bool:
    """Whether the figure's number lies in the printed text of one of the cells ``ids``."""
    number = claim.end - len(claim.text)  # (the span may start at the object)
    return any(cell is not None and cell.start is not None and cell.end is not None
               and cell.start < claim.end and number < cell.end
               for cell in map(cells.get, ids))


def _settled_by(claim: Figure, cell: Cell) -> bool:
    """Whether the figure is among the prose that settled the cell's reading (the spans the
    note records hold its number, whether or not they were widened to its object: the
    panel reads figures from stored claims, without the text)."""
    number = claim.end - len(claim.text)
    return any(a <= number and claim.end <= b for a, b in prose_spans(cell.note))


def claim_check(claim: Figure, cells: Mapping[str, Cell]) -> Check | None:
    """N1 for one figure, ``None`` when the table it refers to was not extracted.

    The figure agrees when it equals the quantity's cells or one of the other sums the same
    words may mean (:attr:`~gkmine.link.quantities.Quantity.alternatives`: "受理申请749件" may
    count new + carried-in applications); ``actual`` is then the sum it equals.
    """
    ids = claim.cells
    if all(cells.get(cid) is None or cells[cid].status == "missing" for cid in ids):
        return None
    if _inside_cells(claim, ids, cells):
        return None  # the table's own text read as prose (a row run into a sentence)
    if any(cid in cells and _settled_by(claim, cells[cid]) for cid in ids):
        return None  # the prose chose that cell's reading: it cannot also confirm it
    ops, from_parts = _operands(ids, cells)
    spans = [(claim.start, claim.end)]
    what = f"the prose states {claim.quantity} = {claim.value}"
    table_value = _sum(ops)
    if table_value is None:
        bad = ", ".join(f"{op.cell_id} ({op.reason})" for op in ops if op.value is None)
        return _undecidable(ids, claim, f"N1: {what} but {bad} could not be read.")
    table, row, col = ids[0].split(".")
    zeros = [op.cell_id for op in ops if op.treated_as_zero]
    note = f" (blank/n.a. counted as 0: {', '.join(zeros)})" if zeros else ""
    if from_parts:
        note += f" (blank total read as the sum of its printed parts: {', '.join(from_parts)})"
    for alt in (ids, *QUANTITIES[claim.quantity].alternatives, *claim.alternatives):
        value = table_value if alt is ids else _sum(_operands(alt, cells)[0])
        if value is not None and _equal(claim.quantity, claim.value, value):
            how = "as the table" if alt is ids else f"as the table's {' + '.join(alt)}"
            return Check("N1", table, row, col, True, claim.value, value, 0, list(alt),
                         "soft", None, f"N1: {what}, {how}{note}.", spans)
    if all(op.treated_as_zero == "blank" for op in ops):
        # nothing printed where the prose states a figure: an omission of the agency and a
        # value lost in rendering look the same, so the table cannot contradict the prose
        return _undecidable(ids, claim, f"N1: {what} but the table prints nothing there "
                                        f"({', '.join(op.cell_id for op in ops)} blank).")
    doubtful = any(op.doubtful for op in ops)
    delta = table_value - claim.value
    return Check("N1", table, row, col, False, claim.value, table_value, delta, list(ids),
                 "soft", "extraction" if doubtful else "source",
                 f"N1: {what} but the table gives {' + '.join(ids)} = {table_value}{note} "
                 f"(difference {delta:g}).", spans)


_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _printed_run(cell: Cell | None) -> str | None:
    """The digits of the run a missing cell was printed in, from its note, or ``None``."""
    return printed_run(cell.note or "") if cell and cell.status == "missing" else None


def _written(figure: Figure) -> str | None:
    """The digits of a figure's own expression ("21条" -> "21"; ``None`` for a zero stated in
    words or a Chinese numeral)."""
    found = _DIGITS.findall(figure.text.replace(",", ""))
    return found[0] if len(found) == 1 else None


def _row_cells(cell_id: str) -> tuple[str, ...]:
    """Every cell of the row of ``cell_id``, in the columns' order (t2 per the layout whose
    columns hold it)."""
    table, row, col = cell_id.split(".")
    if table == "t2":
        for layout in ("2021", "2019"):
            cols = [c for c, _ in t2_layout(layout).get(row, ("", ()))[1]]
            if col in cols:
                return tuple(f"t2.{row}.{c}" for c in cols)
        return ()
    cols = T3_COLS if table == "t3" else T4_COLS
    return tuple(f"{table}.{row}.{c}" for c in cols)


def run_checks(found: Iterable[Figure], cells: Mapping[str, Cell]) -> dict[Figure, Check]:
    """N1 for the figures the prose states of every cell of a run of values printed
    together ("215419886元" for 采购项目数量 and 采购总金额), which the extraction could not
    split: the figures, written one after another in the columns' order, are the run's
    digits ("21" + "5419886") or they are not. The run shows only whether they can be read
    so: a mismatch is undecidable (another split of the row may be what the prose counts).
    """
    stated: dict[str, Figure] = {}
    for f in found:
        if len(f.cells) == 1 and not _inside_cells(f, f.cells, cells):
            stated.setdefault(f.cells[0], f)
    out: dict[Figure, Check] = {}
    done: set[str] = set()
    for cid in stated:
        printed = _printed_run(cells.get(cid))
        if printed is None or cid in done:
            continue
        span = (cells[cid].start, cells[cid].end)
        run = [c for c in _row_cells(cid) if _printed_run(cells.get(c)) == printed
               and (cells[c].start, cells[c].end) == span]
        done.update(run)
        written = [_written(stated[c]) if c in stated else None for c in run]
        if len(run) < 2 or None in written:
            continue
        agree = "".join(written) == printed
        for c in run:
            figure = stated[c]
            what = (f"N1: the prose states {figure.quantity} = {figure.value}, and its figures "
                    f"for {', '.join(run)} written together are ")
            table, row, col = c.split(".")
            out[figure] = Check(
                "N1", table, row, col, agree, figure.value, figure.value if agree else None,
                0 if agree else None, [c], "soft", None if agree else "extraction",
                what + (f"the run the row prints ('{printed}')." if agree else
                        f"not the run the row prints ('{printed}'): undecidable."),
                [(figure.start, figure.end)])
    return out


def compared(found: Iterable[Figure], cells: Mapping[str, Cell]) -> list[tuple[Figure, Check]]:
    """(figure, N1) for each figure whose table was extracted, in the figures' order."""
    found = list(found)
    runs: dict[Figure, Check] | None = None
    out = []
    for figure in found:
        check = claim_check(figure, cells)
        if check is None:
            if runs is None:  # (most reports have no run to read)
                runs = run_checks(found, cells)
            check = runs.get(figure)
        if check is not None:
            out.append((figure, check))
    return out


def figure_checks(found: Iterable[Figure], cells: Mapping[str, Cell]) -> list[Check]:
    """N1 for each figure whose table was extracted."""
    return [check for _, check in compared(found, cells)]


def narrative_number_checks(report: Report, cells: Mapping[str, Cell]) -> list[Check]:
    """N1 for every distinct figure the report's prose states."""
    return figure_checks(report_figures(report), cells)


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
