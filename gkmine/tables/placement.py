"""Place the numbers of a row that printed fewer numbers than it has columns.

An extraction drops cells (an empty cell in plain text, an OCR miss), so a row can show six
numbers for seven columns. Which column lost its number is decided by the table's own
identities, never by position alone: every way of leaving ``k`` columns empty is tried, the
missing values are solved from the identities (H3: ``total`` = the sum of the six applicant
columns; H1/H2 down each column of t3; H4 across each t4 group), and the placement is accepted
only when every consistent hypothesis gives the same value to every cell of the row. Cells
placed this way get ``confidence < 1`` and a note, so a failing check can be attributed to
the extraction.

>>> eqs = [Equation(((("r", "a"), -1.0), (("r", "b"), -1.0), (("r", "t"), 1.0)), "H3")]
>>> res = place_row([7, 3], [("r", "a"), ("r", "b"), ("r", "t")], eqs, {})
>>> res.values, res.slots, res.rules  # a gap before 7 or 3 would need a negative count
([7, 3, 10], [0, 1, None], ('H3',))
>>> place_row([2, 5], [("r", "a"), ("r", "b"), ("r", "t")], eqs, {}).values  # ambiguous
[None, None, None]
>>> place_row([0, 0], [("r", "a"), ("r", "b"), ("r", "t")], eqs, {}).values
[0, 0, 0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from gkmine.keys import T3_APPLICANT_COLS, T3_COLS, T3_RESULT_ROWS, T4_COLS, T4_ROWS, t3_rows

CellKey = tuple[str, str]
#: at most this many empty columns are hypothesised in one row
MAX_GAPS = 2


@dataclass(frozen=True)
class Equation:
    """``sum(coef * cell) == 0`` with the name of the identity it expresses."""

    terms: tuple[tuple[CellKey, float], ...]
    rule: str


@dataclass
class Placement:
    values: list[float | int | None]  # per column; None: could not be decided
    slots: list[int | None]  # per column: index of the printed number, None when inferred
    rules: tuple[str, ...]  # identities that decided it
    hypotheses: int  # consistent hypotheses found
    note: str = ""

    @property
    def complete(self) -> bool:
        return all(v is not None for v in self.values)


@lru_cache(maxsize=4)  # built once per process and layout (placing a row reads them)
def t3_equations(layout: str) -> tuple[Equation, ...]:
    """H3 per row, H1 and H2 per column of t3."""
    eqs = []
    for row in t3_rows(layout):
        terms = (((row, "total"), 1.0),) + tuple(((row, c), -1.0) for c in T3_APPLICANT_COLS)
        eqs.append(Equation(terms, "H3"))
    results = T3_RESULT_ROWS["2019" if layout == "2019" else "2021"]
    for col in T3_COLS:
        eqs.append(Equation(((("new", col), 1.0), (("carried_in", col), 1.0),
                             (("total_processed", col), -1.0), (("carried_out", col), -1.0)),
                            "H1"))
        eqs.append(Equation(((("total_processed", col), 1.0),)
                            + tuple(((row, col), -1.0) for row in results), "H2"))
    return tuple(eqs)


@lru_cache(maxsize=1)
def t4_equations() -> tuple[Equation, ...]:
    """H4 for each of the three t4 groups."""
    parts = [c for c in T4_COLS if c != "total"]
    return tuple(Equation((((row, "total"), 1.0),) + tuple(((row, c), -1.0) for c in parts),
                          "H4") for row in T4_ROWS)


def solve(equations: Sequence[Equation], known: dict[CellKey, float],
          unknown: set[CellKey]) -> tuple[bool, dict[CellKey, float], set[str]]:
    """Propagate the equations: returns (consistent, solved values, rules used).

    Equations touching a cell that is neither known nor unknown are skipped. Counts are
    non-negative, so unknowns that must sum to zero are all zero.
    """
    values = dict(known)
    open_cells = set(unknown)
    used: set[str] = set()
    changed = True
    while changed:
        changed = False
        for eq in equations:
            if any(c not in values and c not in open_cells for c, _ in eq.terms):
                continue
            free = [(c, k) for c, k in eq.terms if c in open_cells]
            residual = sum(k * values[c] for c, k in eq.terms if c not in open_cells)
            if not free:
                if abs(residual) > 1e-6:
                    return False, values, used
                continue
            if len(free) == 1:
                cell, coef = free[0]
                value = -residual / coef
                if value < -1e-9:
                    return False, values, used
                values[cell] = round(value, 6)
            elif abs(residual) < 1e-9 and len({k > 0 for _, k in free}) == 1:
                for cell, _ in free:
                    values[cell] = 0.0
            else:
                continue
            open_cells -= {c for c, _ in free}
            used.add(eq.rule)
            changed = True
    return True, values, used


def place_row(printed: list[float], cells: list[CellKey], equations: Sequence[Equation],
              known: dict[CellKey, float]) -> Placement:
    """Try every placement of ``printed`` (in order) into ``cells`` leaving gaps.

    ``known`` holds the other cells of the table that were read with certainty; equations
    touching cells outside ``known`` and ``cells`` are ignored.
    """
    n_gaps = len(cells) - len(printed)
    if n_gaps <= 0 or n_gaps > MAX_GAPS:
        return Placement([None] * len(cells), [None] * len(cells), (), 0,
                         f"{len(printed)} numbers for {len(cells)} columns: more than "
                         f"{MAX_GAPS} empty columns cannot be placed")
    own = set(cells)
    local = [eq for eq in equations if all(c in own for c, _ in eq.terms)]
    result = _consistent(printed, cells, local, {})
    rules: tuple[str, ...] = tuple(sorted({r for _, _, used in result for r in used}))
    if not _agree(result):
        wider = [eq for eq in equations if any(c in own for c, _ in eq.terms)]
        result = _consistent(printed, cells, wider, known)
        # the column identities decided by rejecting placements, even where they solved nothing
        rules = tuple(sorted({r for _, _, used in result for r in used}
                             | {eq.rule for eq in wider}))
    values: list[float | int | None] = [None] * len(cells)
    slots: list[int | None] = [None] * len(cells)
    if result:
        for j in range(len(cells)):
            seen = {vals[j] for _, vals, _ in result}
            if len(seen) == 1 and None not in seen:
                values[j] = _as_number(next(iter(seen)))
            picks = {slot[j] for slot, _, _ in result}
            if len(picks) == 1:
                slots[j] = next(iter(picks))
    return Placement(values, slots, rules, len(result))


def _consistent(printed, cells, equations, known):
    out = []
    for gaps in combinations(range(len(cells)), len(cells) - len(printed)):
        slot: list[int | None] = []
        it = iter(range(len(printed)))
        for j in range(len(cells)):
            slot.append(None if j in gaps else next(it))
        assigned = {cells[j]: float(printed[s]) for j, s in enumerate(slot) if s is not None}
        unknown = {cells[j] for j in gaps}
        ok, values, used = solve(equations, {**known, **assigned}, unknown)
        if not ok:
            continue
        vals = [values.get(c) for c in cells]
        out.append((tuple(slot), vals, used))
    return out


def _agree(result) -> bool:
    if not result:
        return False
    first = result[0][1]
    return all(v is not None for v in first) and all(vals == first for _, vals, _ in result)


def _as_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
