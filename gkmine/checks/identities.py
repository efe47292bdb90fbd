"""The hard identities of one report: H1–H4 (sums of tables 三 and 四) and H5 (signs, integers).

>>> from gkmine.record import Cell
>>> cells = [Cell("t4", "review", c, v, str(v), "number")
...          for c, v in zip(("upheld", "corrected", "other", "pending", "total"),
...                          (1, 0, 0, 1, 2))]
>>> [(c.rule, c.passed) for c in identity_checks(cells, "2021")]
[('H4', True), ('H5', True)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from gkmine.checks._common import cell_index, judge_identity, operand
from gkmine.keys import (
    SIGNED_COLS,
    T3_APPLICANT_COLS,
    T3_COLS,
    T3_RESULT_ROWS,
    T4_COLS,
    T4_ROWS,
    t3_rows,
)
from gkmine.record import Cell, Check
from gkmine.tables.decode import UNNAMED_ROWS
from gkmine.tables.extract import COUNTS_APART, MERGED_ROW, NUMBERS_APART
from gkmine.tables.tokens import parse_value

#: t2 columns that hold amounts (non-negative decimals) rather than counts
AMOUNT_COLS: frozenset[str] = frozenset({"amount_wan", "amount"})
_T4_PARTS = tuple(c for c in T4_COLS if c != "total")
#: the three （六） rows of the 2021 layout
_OTHER_2021 = ("other_no_correction", "other_no_fee_paid", "other_other")


def infer_layout(cells: Sequence[Cell], layout: str) -> str:
    """The layout the cells follow: the report's, or guessed from the t3 row keys.

    >>> infer_layout([Cell("t3", "other", "total", 0, "0", "number")], "unknown")
    '2019'
    """
    if layout in ("2021", "2019"):
        return layout
    rows = {c.row for c in cells if c.table == "t3" and c.status != "missing"}
    if "other" in rows and "other_other" not in rows:
        return "2019"
    return "2021"


def t3_checks(cells: Mapping[str, Cell], layout: str) -> list[Check]:
    """H1 and H2 for every t3 column, H3 for every t3 row."""
    out: list[Check | None] = []
    results = T3_RESULT_ROWS["2019" if layout == "2019" else "2021"]
    # a blank total beside printed counts is an omission, not a 0 (as in N1)
    summed = _totals_from_parts(cells, t3_rows(layout))
    in_total = "; a blank total counted as the sum of its row's printed counts" if summed else ""
    for col in T3_COLS:
        view, where = (({**cells, **summed}, f"t3 column {col}{in_total}") if col == "total"
                       else (cells, f"t3 column {col}"))
        out.append(judge_identity(
            "H1", "t3", None, col, [f"t3.new.{col}", f"t3.carried_in.{col}"],
            [f"t3.total_processed.{col}", f"t3.carried_out.{col}"], view,
            lhs_label="new + carried_in", rhs_label="total_processed + carried_out",
            where=where))
    for col in T3_COLS:
        rows, view, where = results, cells, f"t3 column {col}"
        if col == "total" and summed:
            view, where = {**cells, **summed}, where + in_total
        merged = _merged_other_row(cells, col) if layout != "2019" else None
        if merged is not None:  # the one printed （六） row decides H2 for its three rows
            rows = tuple(r for r in results if r not in _OTHER_2021[:2])
            view = {**cells, merged.id: merged}
            where += "; the single printed （六）其他处理 row counts for its three rows"
        gaps = _unnamed_gaps(view, rows, col)
        if gaps is not None:  # rows of numbers no label names, all among the result rows
            view = {**view, **gaps}
            where += "; numbers no label names counted once, whichever result rows they are"
        out.append(judge_identity(
            "H2", "t3", "total_processed", col, [f"t3.{row}.{col}" for row in rows],
            [f"t3.total_processed.{col}"], view, lhs_label="sum of the result rows",
            rhs_label="total_processed", where=where))
    for row in t3_rows(layout):
        view, where = cells, f"t3 row {row}"
        apart = _counts_apart(cells, row)
        if apart is not None:  # the printed counts decide H3 whatever their columns
            view = {**cells, **{c.id: c for c in apart}}
            where += "; the counts printed without their columns, added up as printed"
        out.append(judge_identity(
            "H3", "t3", row, "total", [f"t3.{row}.{col}" for col in T3_APPLICANT_COLS],
            [f"t3.{row}.total"], view, lhs_label="sum of the six applicant columns",
            rhs_label="total", where=where))
    return [c for c in out if c is not None]


def _totals_from_parts(cells: Mapping[str, Cell], rows: Sequence[str]) -> dict[str, Cell]:
    """For the column identities: each t3 total left blank while its row prints counts,
    as the sum of those counts (what the agency left out; a failure it is part of is still
    the printed numbers').

    >>> parts = [Cell("t3", "carried_out", c, v, str(v), "number") for c, v in
    ...          (("natural_person", 1), ("commercial", 0))]
    >>> cells = {c.id: c for c in [*parts, Cell("t3", "carried_out", "total", None, "", "blank")]}
    >>> _totals_from_parts(cells, ["carried_out"])["t3.carried_out.total"].value
    1
    """
    out: dict[str, Cell] = {}
    for row in rows:
        total = cells.get(f"t3.{row}.total")
        parts = [cells.get(f"t3.{row}.{c}") for c in T3_APPLICANT_COLS]
        printed = [c.value for c in parts if c is not None and c.status == "number"]
        if total is not None and total.status == "blank" and any(printed):
            out[total.id] = replace(total, value=sum(printed), status="number")
    return out


def _unnamed_gaps(cells: Mapping[str, Cell], rows: Sequence[str],
                  col: str) -> dict[str, Cell] | None:
    """The missing cells of column ``col`` that rows of numbers no label names may be
    (:data:`gkmine.tables.decode.UNNAMED_ROWS`), as cells H2 can add up: the first of each
    gap holds the gap's sum, the others are blank; ``None`` unless some are missing so and
    every row of each such gap is a result row (the sum then does not depend on which).

    >>> from gkmine.tables.decode import UNNAMED_ROWS
    >>> note = f"{UNNAMED_ROWS}: 2 0 2 belong to 1 of the rows between partial and other"
    >>> cells = {f"t3.{r}.total": Cell("t3", r, "total", None, "2", "missing", note=note)
    ...          for r in ("withheld_state_secret", "withheld_law_prohibited")}
    >>> gaps = _unnamed_gaps(cells, ("withheld_state_secret", "withheld_law_prohibited"),
    ...                      "total")
    >>> [(c.status, c.value) for c in gaps.values()]
    [('number', 2), ('blank', None)]
    """
    gap_cells = [c for c in cells.values() if c.table == "t3" and c.col == col
                 and c.status == "missing" and c.note.startswith(UNNAMED_ROWS)]
    if not gap_cells or any(c.row not in rows for c in gap_cells):
        return None
    out: dict[str, Cell] = {}
    seen: set[str] = set()
    for cell in sorted(gap_cells, key=lambda c: rows.index(c.row)):
        value = parse_value(cell.raw)
        if value.status != "number":
            return None
        first = cell.note not in seen
        seen.add(cell.note)
        out[cell.id] = replace(cell, status="number" if first else "blank",
                               value=value.value if first else None, note="")
    return out


def _merged_other_row(cells: Mapping[str, Cell], col: str) -> Cell | None:
    """The value of the single （六）其他处理 row a 2021 table printed instead of its three
    rows (kept by the extractor in the missing ``other_other`` cell), as a cell; else None.

    >>> from gkmine.tables.extract import MERGED_ROW
    >>> cells = {f"t3.{r}.total": Cell("t3", r, "total", None, "", "missing")
    ...          for r in _OTHER_2021}
    >>> cells["t3.other_other.total"] = Cell("t3", "other_other", "total", None, "0",
    ...                                      "missing", note=MERGED_ROW)
    >>> _merged_other_row(cells, "total").value
    0
    """
    printed = cells.get(f"t3.other_other.{col}")
    if printed is None or printed.status != "missing" or not printed.note.startswith(
            MERGED_ROW) or any(cells.get(f"t3.{row}.{col}") is None
                               or cells[f"t3.{row}.{col}"].status != "missing"
                               for row in _OTHER_2021[:2]):
        return None
    value = parse_value(printed.raw)
    if value.status not in ("number", "blank", "na"):
        return None
    return replace(printed, status=value.status, value=value.value, note="")


def _counts_apart(cells: Mapping[str, Cell], row: str) -> list[Cell] | None:
    """The applicant cells of a t3 row that printed its non-zero counts without their
    columns (kept by the extractor as ``raw`` of its missing cells, see
    :data:`gkmine.tables.extract.COUNTS_APART`), as cells whose sum is the counts': the
    first holds their sum, the others are blank; else None.

    >>> from gkmine.tables.extract import COUNTS_APART
    >>> cells = {f"t3.new.{c}": Cell("t3", "new", c, None, "2 1", "missing", note=COUNTS_APART)
    ...          for c in T3_APPLICANT_COLS}
    >>> [(c.status, c.value) for c in _counts_apart(cells, "new")][:2]
    [('number', 3), ('blank', None)]
    """
    apart = [cells.get(f"t3.{row}.{col}") for col in T3_APPLICANT_COLS]
    if any(c is None or c.status != "missing" or COUNTS_APART not in c.note for c in apart) or (
            len({c.raw for c in apart}) != 1):
        return None
    counts = [parse_value(raw) for raw in apart[0].raw.split()]
    if any(v.status != "number" or v.value is None for v in counts):
        return None
    blank = [replace(c, status="blank", value=None, raw="", note="") for c in apart]
    # the numbers printed in order on the row's line decide H3 whatever their columns: it
    # holds only if the last is the sum of the others and stands in the total column, so a
    # doubt about the total's column (as opposed to its value) cannot explain a failure
    total = cells.get(f"t3.{row}.total")
    printed = parse_value(total.raw) if total is not None and total.raw else None
    fixed = [replace(total, confidence=1.0, note="")] if (
        total is not None and total.status == "number" and printed is not None
        and printed.value == total.value) else []
    if not counts:  # only the total printed: every count is blank
        return [*blank, *fixed]
    return [replace(apart[0], status="number", value=sum(v.value for v in counts), note=""),
            *blank[1:], *fixed]


def _t4_groups_fit(numbers: Sequence[float]) -> bool:
    """Whether the non-zero numbers of t4's data row, printed in order without their
    columns, can be cut into at most three groups (one per row, in order) each of which is
    up to four non-zero results followed by their total.

    >>> _t4_groups_fit([5, 5, 1, 1]), _t4_groups_fit([5, 6, 1, 1]), _t4_groups_fit([2, 3, 5])
    (True, False, True)
    """
    n, width = len(numbers), len(T4_COLS)
    # fits[k]: the fewest groups that cut the first k numbers
    fits = [0] + [len(T4_ROWS) + 1] * n
    for end in range(2, n + 1):
        for size in range(2, min(width, end) + 1):
            *parts, total = numbers[end - size:end]
            if abs(sum(parts) - total) < 1e-6:
                fits[end] = min(fits[end], fits[end - size] + 1)
    return fits[n] <= len(T4_ROWS)


def _t4_apart_check(cells: Mapping[str, Cell]) -> Check | None:
    """H4 over t4's data row printed without its columns (the extractor's
    :data:`gkmine.tables.extract.NUMBERS_APART`): a failure, blamed on the source, when no
    cut of the printed numbers into the three rows adds up; ``None`` otherwise (H4 is then
    undecided, as the cells are)."""
    row = [cells.get(f"t4.{r}.{c}") for r in T4_ROWS for c in T4_COLS]
    if any(c is None or c.status != "missing" or NUMBERS_APART not in c.note for c in row):
        return None
    values = [parse_value(raw) for raw in row[0].raw.split()]
    if not values or any(v.status != "number" or v.value is None for v in values):
        return None
    numbers = [float(v.value) for v in values]
    if _t4_groups_fit(numbers):
        return None
    return Check("H4", "t4", None, "total", False, None, None, None, [c.id for c in row],
                 "hard", "source",
                 f"H4 (t4): the data row prints {row[0].raw} without its blank cells, and no "
                 "cut of these numbers into the three rows makes each row's results add up "
                 "to its total; the printed numbers disagree.")


def t4_checks(cells: Mapping[str, Cell]) -> list[Check]:
    """H4 for every t4 row (or once for a data row printed without its columns)."""
    apart = _t4_apart_check(cells)
    if apart is not None:
        return [apart]
    out = [judge_identity("H4", "t4", row, "total", [f"t4.{row}.{c}" for c in _T4_PARTS],
                          [f"t4.{row}.total"], cells,
                          lhs_label="upheld + corrected + other + pending",
                          rhs_label="total", where=f"t4 row {row}")
           for row in T4_ROWS]
    return [c for c in out if c is not None]


def sign_checks(cells: Sequence[Cell]) -> list[Check]:
    """H5: one failing check per offending cell, else one passing check per table present."""
    out: list[Check] = []
    for table in ("t2", "t3", "t4"):
        present = [c for c in cells if c.table == table and c.status != "missing"]
        if not present:
            continue
        failures = [chk for cell in present if (chk := _sign_check(cell)) is not None]
        if failures:
            out.extend(failures)
        else:
            out.append(Check("H5", table, None, None, True, None, None, None,
                             [c.id for c in present], "hard", None,
                             f"H5 ({table}): every count is a non-negative integer and every "
                             f"amount non-negative ({len(present)} cells)."))
    return out


def _sign_check(cell: Cell) -> Check | None:
    """The H5 failure of one cell, or ``None`` when the cell is fine."""
    if cell.status == "text":
        return Check("H5", cell.table, cell.row, cell.col, False, None, None, None, [cell.id],
                     "soft", "extraction",
                     f"H5: {cell.id} holds text {cell.raw!r} where a number is expected.")
    if cell.status != "number" or cell.value is None:
        return None
    value = cell.value
    is_amount = cell.table == "t2" and cell.col in AMOUNT_COLS
    signed = cell.table == "t2" and cell.col in SIGNED_COLS
    problem = ""
    if value < 0 and not signed:
        problem = f"is negative ({value:g})"
    elif not is_amount and float(value) != int(value):
        problem = f"is not an integer ({value:g})"
    if not problem:
        return None
    doubtful = operand(cell.id, cell).doubtful
    kind = "amount" if is_amount else "count"
    return Check("H5", cell.table, cell.row, cell.col, False, 0 if value < 0 else None,
                 value, None, [cell.id], "soft" if doubtful else "hard",
                 "extraction" if doubtful else "source",
                 f"H5: the {kind} {cell.id} {problem} (printed {cell.raw!r})"
                 + ("; the value was inferred or is doubtful." if doubtful else "."))


def identity_checks(cells: Sequence[Cell], layout: str) -> list[Check]:
    """H1–H5 over the cells of one report, in rule order."""
    layout = infer_layout(cells, layout)
    index = cell_index(cells)
    return [*t3_checks(index, layout), *t4_checks(index), *sign_checks(cells)]
