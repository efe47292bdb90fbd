"""Shared machinery of the checks: reading cells as operands and judging one identity.

An identity ``lhs == rhs`` over cells is judged once, the same way for every rule, so that
H1–H4 (one report) and X1 (two reports) attribute failures identically:

- ``blank`` and ``na`` cells count as 0 and the message says so;
- a ``missing`` or ``text`` cell (or one the extractor did not return) makes the identity
  undecidable: the check does not pass, with attribution ``extraction`` and severity
  ``soft`` — a cell the extraction could not read says nothing about the report, so it is
  never counted among the report's hard failures (:func:`undecidable` tells such checks);
- when every operand is a number, a difference is blamed on the ``source`` (severity as
  asked, ``hard`` for H1–H4) only if every cell was read and placed with confidence; if one
  was inferred or doubtful (placed where another placement fits, or in a guessed reading
  order), the difference is blamed on the ``extraction`` and is ``soft``: it may be the
  placement's, so it is never shown among the report's hard failures.

>>> from gkmine.record import Cell
>>> cells = {c.id: c for c in [Cell("t4", "review", "upheld", 1, "1", "number"),
...                            Cell("t4", "review", "total", 2, "2", "number")]}
>>> check = judge_identity("H4", "t4", "review", "total", ["t4.review.upheld"],
...                        ["t4.review.total"], cells, lhs_label="upheld",
...                        rhs_label="total")
>>> check.passed, check.attribution, check.delta
(False, 'source', 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gkmine.record import Cell, Check

#: an exact identity still allows for float noise in decimal amounts
_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Operand:
    """A cell read for arithmetic: ``value`` is ``None`` when the cell cannot be used."""

    cell_id: str
    value: float | int | None
    treated_as_zero: str = ""  # "blank" | "na" when counted as 0
    doubtful: bool = False
    reason: str = ""  # why the cell is undecidable or doubtful


def operand(cell_id: str, cell: Cell | None) -> Operand:
    """Read one cell as an operand of an identity.

    >>> operand("t3.new.total", None).reason
    'not extracted'
    >>> operand("t3.new.total", Cell("t3", "new", "total", None, "", "blank")).treated_as_zero
    'blank'
    """
    if cell is None:
        return Operand(cell_id, None, reason="not extracted")
    if cell.status == "missing":
        return Operand(cell_id, None, reason=f"missing{_note(cell)}")
    if cell.status == "text":
        return Operand(cell_id, None, reason=f"text {cell.raw!r}{_note(cell)}")
    inferred = cell.confidence < 1.0 or bool(cell.note)
    reason = (f"inferred or doubtful (confidence {cell.confidence:g}{_note(cell)})"
              if inferred else "")
    if cell.status in ("blank", "na"):
        return Operand(cell_id, 0, treated_as_zero=cell.status, doubtful=inferred,
                       reason=reason)
    if cell.value is None:  # a "number" without a value is an extractor inconsistency
        return Operand(cell_id, None, reason=f"number without a value {cell.raw!r}")
    return Operand(cell_id, cell.value, doubtful=inferred, reason=reason)


def _note(cell: Cell) -> str:
    return f": {cell.note}" if cell.note else ""


def cell_index(cells: Sequence[Cell]) -> dict[str, Cell]:
    """Cells by id (``t3.new.total``); the first of duplicated ids wins."""
    out: dict[str, Cell] = {}
    for cell in cells:
        out.setdefault(cell.id, cell)
    return out


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "?"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def name_cells(ids: Sequence[str], *, limit: int = 8) -> str:
    """Cell ids for a message, abbreviated when there are many.

    >>> name_cells(["a", "b", "c"], limit=2)
    'a … c (3 cells)'
    """
    if len(ids) <= limit:
        return ", ".join(ids)
    return f"{ids[0]} … {ids[-1]} ({len(ids)} cells)"


def _sum(operands: Sequence[Operand]) -> float | int:
    total = sum(op.value for op in operands if op.value is not None)
    return round(total, 6) if isinstance(total, float) else total


def judge_identity(rule: str, table: str | None, row: str | None, col: str | None,
                   lhs: Sequence[str], rhs: Sequence[str], cells: Mapping[str, Cell], *,
                   lhs_label: str, rhs_label: str, severity: str = "hard",
                   where: str = "", tolerance: float = _TOLERANCE) -> Check | None:
    """Judge ``sum(lhs) == sum(rhs)``; ``None`` when no involved cell was extracted at all.

    ``expected`` is the left side, ``actual`` the right side, ``delta = actual - expected``.
    """
    ids = list(dict.fromkeys([*lhs, *rhs]))
    operands = {cid: operand(cid, cells.get(cid)) for cid in ids}
    if all(cells.get(cid) is None or cells[cid].status == "missing" for cid in ids):
        return None  # the table is absent: nothing to check (the extractor warns about it)
    left = [operands[cid] for cid in lhs]
    right = [operands[cid] for cid in rhs]
    place = f" ({where})" if where else ""
    zeros = _zero_note(operands.values())
    undecidable = [op for op in operands.values() if op.value is None]
    if undecidable:
        names = ", ".join(f"{op.cell_id} ({op.reason})" for op in undecidable)
        return Check(rule, table, row, col, False, None, None, None, ids, "soft",
                     "extraction",
                     f"{rule}{place}: cannot decide {lhs_label} = {rhs_label} because "
                     f"{names} could not be read as numbers.{zeros}")
    expected, actual = _sum(left), _sum(right)
    delta = actual - expected
    if isinstance(delta, float):
        delta = round(delta, 6)
    if abs(delta) <= tolerance:
        return Check(rule, table, row, col, True, expected, actual, 0, ids, severity, None,
                     f"{rule}{place}: {lhs_label} = {_fmt(expected)} = {rhs_label}.{zeros}")
    doubtful = [op for op in operands.values() if op.doubtful]
    attribution = "extraction" if doubtful else "source"
    if doubtful:
        severity = "soft"
    blame = ("; suspect extraction: " + ", ".join(f"{op.cell_id} {op.reason}"
                                                    for op in doubtful)
             if doubtful else "; the printed numbers disagree")
    omitted = _left_blank(left, right)
    if omitted and not doubtful:
        # a side the agency left blank is one omission, not a sum printed wrong: it fails
        # softly, so that a table without totals does not read as a dozen hard errors
        severity = "soft"
        blame = f"; {rhs_label if omitted == 'right' else lhs_label} is left blank"
    return Check(rule, table, row, col, False, expected, actual, delta, ids, severity,
                 attribution,
                 f"{rule}{place}: {lhs_label} = {_fmt(expected)} but {rhs_label} = "
                 f"{_fmt(actual)} (difference {_fmt(delta)}) over cells {name_cells(ids)}"
                 f"{blame}.{zeros}")


def undecidable(check: Check) -> bool:
    """A check that could not be decided: a cell it needs was not read as a number (no
    value on one side), so it blames the extraction and says nothing of the source.

    >>> undecidable(Check("H1", "t3", None, "total", False, None, None, None,
    ...                   ["t3.new.total"], "soft", "extraction", ""))
    True
    """
    return (not check.passed and check.attribution == "extraction" and check.actual is None
            and bool(check.cells))


def _left_blank(left: Sequence[Operand], right: Sequence[Operand]) -> str:
    """"left" or "right" when every cell of that side is blank and the other side sums to
    more than 0; else ""."""
    for side, this, other in (("right", right, left), ("left", left, right)):
        if all(op.treated_as_zero == "blank" for op in this) and _sum(other) > 0:
            return side
    return ""


def _zero_note(operands) -> str:
    notes = []
    for status in ("blank", "na"):
        ids = [op.cell_id for op in operands if op.treated_as_zero == status]
        if ids:
            shown = ", ".join(ids[:6]) + (f" and {len(ids) - 6} more" if len(ids) > 6 else "")
            word = "blank" if status == "blank" else "marked n/a"
            notes.append(f" {len(ids)} {word} cell(s) counted as 0: {shown}.")
    return "".join(notes)
