"""Columns of the short rows of table 三: where the printed counts of a row go when its blank
cells print nothing.

A row that leaves its zeros blank prints only its non-zero counts and their total: ``3 1 4``
is two counts in two of the six applicant columns. Which two, the row alone cannot say; the
table's identities can: in every column ``new + carried_in = total_processed + carried_out``
(H1) and the result rows add up to ``total_processed`` (H2).

The columns are decided one at a time, left to right. The state after a column is how many
counts of each short row have been placed, so whether the rest of the table can still be
placed from there is a question asked once per state (memoised): the work grows with the
number of states the identities let through, not with the product of every row's choices.
A row is *ambiguous* when another placement of the whole table that satisfies the identities
puts its counts in other columns.

>>> counts = {"new": [2.0, 1.0], "total_processed": [2.0, 1.0], "disclosed": [2.0],
...           "partial": [1.0]}
>>> solver = SlotSolver(counts, fixed={}, results=("disclosed", "partial"), width=6)
>>> solver.first()
{'new': (0, 1), 'total_processed': (0, 1), 'disclosed': (0,), 'partial': (1,)}
>>> solver.ambiguous("disclosed"), solver.ambiguous("partial")
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

#: coefficient of each frame row in H1 (new + carried_in − total_processed − carried_out)
H1_SIGN = {"new": 1, "carried_in": 1, "total_processed": -1, "carried_out": -1}
#: the search gives up (no placement, or every row ambiguous) after this many steps
MAX_STEPS = 50_000
_EPS = 1e-6


class SlotSolver:
    """Placements of short rows' counts into ``width`` applicant columns under H1 and H2.

    ``short``: row key -> the printed counts (without the total), in printed order;
    ``fixed``: row key -> the row's ``width`` applicant values where they are known (full
    rows); rows in neither are blank. ``results``: the rows H2 adds up. ``prefer``: row
    key -> the columns its counts' printed positions point at (a space-aligned text that
    sets columns unevenly): of the placements the identities accept, those nearest them
    are tried first, before the leftmost.

    >>> counts = {"new": [2.0], "total_processed": [2.0], "disclosed": [2.0]}
    >>> solver = SlotSolver(counts, fixed={}, results=("disclosed",), width=6,
    ...                     prefer={"new": (4,)})
    >>> solver.first(), solver.ambiguous("new")
    ({'new': (4,), 'total_processed': (4,), 'disclosed': (4,)}, True)
    """

    def __init__(self, short: Mapping[str, Sequence[float]], *,
                 fixed: Mapping[str, Sequence[float]], results: Sequence[str],
                 width: int, prefer: Mapping[str, Sequence[int]] | None = None) -> None:
        self.keys = list(short)
        self.counts = [list(short[k]) for k in self.keys]
        self.prefer = [tuple((prefer or {}).get(k, ())) for k in self.keys]
        self.width = width
        self.h1 = [H1_SIGN.get(k, 0) for k in self.keys]
        self.h2 = [(k in results) - (k == "total_processed") for k in self.keys]
        # what the known rows put into each column's H1 and H2 balance
        self.base_h1 = [sum(H1_SIGN.get(k, 0) * v[j] for k, v in fixed.items())
                        for j in range(width)]
        self.base_h2 = [sum(((k in results) - (k == "total_processed")) * v[j]
                            for k, v in fixed.items()) for j in range(width)]
        self.steps = 0
        self._choices: dict[tuple[int, tuple[int, ...]], list[tuple[int, ...]]] = {}
        self._memo: dict[tuple, bool] = {}
        self._first: dict[str, tuple[int, ...]] | None = None
        self.exhausted = False

    # -- the choices of one column ----------------------------------------------------------

    def _column(self, j: int, state: tuple[int, ...]) -> list[tuple[int, ...]]:
        """The sets of short rows (as indices) whose next count can sit in column ``j``
        with H1 and H2 holding there, the sets that place more counts (and earlier rows)
        first: blank cells are the exception, so the leftmost columns are tried first."""
        key = (j, state)
        if key in self._choices:
            return self._choices[key]
        left = self.width - j
        open_rows = [r for r, p in enumerate(state) if p < len(self.counts[r])]
        forced = {r for r in open_rows if len(self.counts[r]) - state[r] >= left}
        if any(len(self.counts[r]) - state[r] > left for r in open_rows):
            self._choices[key] = []
            return []
        value = {r: self.counts[r][state[r]] for r in open_rows}
        frame = [r for r in open_rows if self.h1[r]]
        rest = [r for r in open_rows if not self.h1[r]]
        out: list[tuple[int, ...]] = []
        for chosen_frame in _subsets(frame, forced):
            self.steps += 1
            if self.steps > MAX_STEPS:
                self.exhausted = True
                break
            h1 = self.base_h1[j] + sum(self.h1[r] * value[r] for r in chosen_frame)
            if abs(h1) > _EPS:
                continue
            # H2: the result rows chosen must make up what the frame leaves
            target = -(self.base_h2[j] + sum(self.h2[r] * value[r] for r in chosen_frame))
            for chosen in _subset_sums(rest, value, target, forced):
                out.append(tuple(sorted((*chosen_frame, *chosen))))
        out.sort(key=lambda rows: (self._off_preferred(j, state, open_rows, rows),
                                   -len(rows), rows))
        self._choices[key] = out
        return out

    def _off_preferred(self, j: int, state: tuple[int, ...], open_rows: list[int],
                       rows: tuple[int, ...]) -> int:
        """How many open rows with a preferred column for their next count place it
        otherwise than preferred by choosing ``rows`` for column ``j``."""
        return sum((r in rows) != (self.prefer[r][state[r]] == j) for r in open_rows
                   if len(self.prefer[r]) == len(self.counts[r]))

    # -- the search ---------------------------------------------------------------------------

    def _feasible(self, j: int, state: tuple[int, ...], watch: int = -1,
                  deviated: bool = False) -> bool:
        """Whether the table can be completed from column ``j`` in ``state``; with
        ``watch``, only by a completion that puts that row's counts elsewhere than the
        first placement (``deviated``: it already has)."""
        if j == self.width:
            return all(p == len(c) for p, c in zip(state, self.counts, strict=True)) and (
                watch < 0 or deviated)
        key = (j, state, watch, deviated)
        if key in self._memo:
            return self._memo[key]
        ok = False
        for rows in self._column(j, state):
            if self.exhausted:
                break
            step = self._advance(state, rows)
            dev = deviated or (watch >= 0 and self._deviates(watch, j, state, rows))
            if self._feasible(j + 1, step, watch, dev):
                ok = True
                break
        self._memo[key] = ok
        return ok

    def _advance(self, state: tuple[int, ...], rows: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(p + (r in rows) for r, p in enumerate(state))

    def _deviates(self, r: int, j: int, state: tuple[int, ...], rows: tuple[int, ...]) -> bool:
        """Row ``r`` places (or skips) column ``j`` unlike in the first placement."""
        assert self._first is not None
        return (r in rows) != (j in self._first[self.keys[r]])

    def first(self) -> dict[str, tuple[int, ...]] | None:
        """The first placement (leftmost columns first) the identities accept, as row key ->
        the columns of its counts; ``None`` when there is none (or the search gave up)."""
        if self._first is not None:
            return self._first
        state = tuple(0 for _ in self.keys)
        if not self._feasible(0, state):
            return None
        slots: list[list[int]] = [[] for _ in self.keys]
        for j in range(self.width):
            for rows in self._column(j, state):
                step = self._advance(state, rows)
                if self._feasible(j + 1, step):
                    for r in rows:
                        slots[r].append(j)
                    state = step
                    break
        self._first = {k: tuple(s) for k, s in zip(self.keys, slots, strict=True)}
        return self._first

    def ambiguous(self, key: str) -> bool:
        """Another placement the identities accept puts row ``key``'s counts in other
        columns (``True`` as well when the search gave up)."""
        if self.first() is None:
            raise ValueError("no placement to compare with")
        r = self.keys.index(key)
        found = self._feasible(0, tuple(0 for _ in self.keys), r, False)
        return found or self.exhausted


def _subsets(rows: list[int], forced: set[int]) -> Iterator[tuple[int, ...]]:
    """Every subset of ``rows`` that holds the ``forced`` ones, larger (and earlier) first."""
    free = [r for r in rows if r not in forced]
    must = tuple(r for r in rows if r in forced)

    def walk(i: int, chosen: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        if i == len(free):
            yield tuple(sorted((*must, *chosen)))
            return
        yield from walk(i + 1, (*chosen, free[i]))
        yield from walk(i + 1, chosen)

    yield from walk(0, ())


def _subset_sums(rows: list[int], value: Mapping[int, float], target: float,
                 forced: set[int]) -> Iterator[tuple[int, ...]]:
    """Subsets of ``rows`` (positive values) holding the ``forced`` ones whose values add up
    to ``target``."""
    must = [r for r in rows if r in forced]
    free = [r for r in rows if r not in forced]
    need = target - sum(value[r] for r in must)
    suffix = [0.0] * (len(free) + 1)
    for i in range(len(free) - 1, -1, -1):
        suffix[i] = suffix[i + 1] + value[free[i]]

    def walk(i: int, left: float, chosen: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        if abs(left) <= _EPS:
            yield (*must, *chosen)
            return
        if left < -_EPS or i == len(free) or suffix[i] < left - _EPS:
            return
        yield from walk(i + 1, left - value[free[i]], (*chosen, free[i]))
        yield from walk(i + 1, left, chosen)

    yield from walk(0, need, ())
