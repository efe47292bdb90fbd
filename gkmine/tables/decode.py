"""Identity-guided decoding of table 三 from any reading order.

A text extraction of a ruled table may give its cells in an order far from the printed rows:
``pdftotext`` without options prints a block of labels, then the numbers of several rows, with
header words between them; a vertically centred label comes after its numbers; blank rows
print nothing at all; page numbers and OCR specks fall between the cells. What survives is the
order of the numbers within the table and where the labels fall among them.

The decoder uses what the table's grid and identities say about those numbers:

1. the numbers are cut into rows of seven (``H3``: the seventh is the sum of the first six),
   blocks of rows printed column by column (one column of the block adds up the others),
   or, where blank cells print nothing, short rows (the non-zero counts and their sum);
   a number that fits no row (a page number, debris) is passed over and reported; of all
   cuts, the one passing over fewest numbers with fewest labels inside rows (a dynamic
   programme, linear in the numbers);
2. every row of numbers is given a row key, keeping statutory order: when every row of the
   table printed its numbers, by their order alone; else the label on the line of its
   numbers, else the labels printed since the previous row of numbers (the one right before
   the numbers first in a cell-by-cell reading), else those after it (a label centred
   after its numbers); with no label at all, a row the identities tie together (``new``,
   ``carried_in``, ``total_processed``, ``carried_out``) or an unnamed result row, whose
   candidate rows then stay ``missing``;
3. of the assignments for which every column satisfies ``H1`` and ``H2`` (the rows that
   printed nothing as blank), the one that follows the labels best is kept; the counts of
   short rows go to the leftmost columns the identities accept (decided column by column:
   :mod:`gkmine.tables.slots`). A row placed by the identities rather than its own label,
   or one that another label or placement would fit as well, gets a lower confidence and
   a note.
   When no assignment fits but every row of numbers stands by its own label and only a few
   identities fail, that reading is kept: the source is inconsistent. So is the reading of
   a table whose every row printed seven numbers, taken in printed order, unless a number
   was passed over as debris (it may be a cell).

It never invents a value: every number of a decoded cell was printed, and a table whose
numbers cannot be cut into rows, or whose assignment no identity accepts, is not decoded.

>>> from gkmine.tables.stream import text_items
>>> from gkmine.tables.labels import row_specs
>>> from gkmine.tables.rows import read_rows
>>> text = ("一、本年新收政府信息公开申请数量\\n二、上年结转政府信息公开申请数量\\n"
...         "3 1 0 0 0 0 4\\n（一）予以公开\\n3 1 0 0 0 0 4\\n（七）总计\\n"
...         "四、结转下年度继续办理\\n3 1 0 0 0 0 4\\n")
>>> items = text_items(text, 0, len(text))
>>> specs = row_specs("t3", "2021")
>>> decoded = decode_t3(items, read_rows(items, specs), "2021")
>>> [row for row, drafts in decoded.rows.items() if drafts[0].status == "number"]
['new', 'disclosed', 'total_processed']
>>> decoded.rows["carried_out"][6].status  # printed nothing: blank
'blank'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from gkmine.keys import T3_COLS, T3_RESULT_ROWS, t3_rows
from gkmine.tables.columns import Draft
from gkmine.tables.columnwise import total_column
from gkmine.tables.labels import MIN_SCORE, _windows, normalize_label, row_specs
from gkmine.tables.rows import RowRead
from gkmine.tables.slots import SlotSolver
from gkmine.tables.stream import Item, without_stray_blanks

WIDTH = len(T3_COLS)
#: rows that H1/H2 tie to the rest of the table: a row of numbers without an adjacent label
#: may be one of them
FRAME_ROWS = ("new", "carried_in", "total_processed", "carried_out")
#: the search over assignments stops after this many candidate assignments
MAX_ASSIGNMENTS = 20_000
#: labels of groups of rows, which name no row themselves but look like some
#: (（三）不予公开 like （一）予以公开); （六）其他处理 is a row of the 2019 layout
GROUP_LABELS = ("不予公开", "无法提供", "不予处理", "本年度办理结果")
#: key of a row of numbers no label names (followed by its index)
UNNAMED = "?"
_CONF_BY_IDENTITY = 0.8
#: a reading by labels alone that breaks more identities than this is not a source error
MAX_SOURCE_ERRORS = 4
_CONF_AMBIGUOUS = 0.5


@dataclass
class Chunk:
    """Consecutive printed numbers of one row that satisfy H3, and where they lie in the
    stream: seven, or (where blank cells print nothing) the non-zero counts and the total."""

    values: list[Item]
    first: int
    last: int
    #: the column of each value; a short row's are decided by the identities
    slots: tuple[int, ...] | None = None
    balanced: bool = True  # H3 holds (seven numbers between rows may not)
    #: a short row whose columns its numbers' printed positions show exactly
    positioned: bool = False

    @property
    def full(self) -> bool:
        return len(self.values) == WIDTH

    def columns(self) -> tuple[int, ...]:
        if self.full:
            return tuple(range(WIDTH))
        if self.slots is not None:
            return self.slots
        return (*range(len(self.values) - 1), WIDTH - 1)  # until decided: the total counts

    @property
    def numbers(self) -> list[float]:
        out = [0.0] * WIDTH
        for j, v in zip(self.columns(), self.values, strict=True):
            out[j] = float(v.value) if v.status == "number" else 0.0
        return out


@dataclass
class Decoded:
    rows: dict[str, list[Draft]]
    skipped: list[Item] = field(default_factory=list)  # numbers that fit no row
    consistent: bool = True  # the identities accept the assignment (not a source error)

    @property
    def placed(self) -> int:
        return sum(d.item is not None for drafts in self.rows.values() for d in drafts)

    @property
    def by_labels(self) -> bool:
        """Every row of numbers was named by an adjacent label (none by the identities)."""
        return all(d.confidence == 1.0 for drafts in self.rows.values() for d in drafts
                   if d.item is not None)


def _row_sum_holds(numbers: list[float]) -> bool:
    # the sum first: most runs of numbers tried as a row do not add up
    return (abs(sum(numbers[:-1]) - numbers[-1]) < 1e-6
            and all(n >= 0 and float(n).is_integer() for n in numbers))


#: costs of a cut of the numbers into rows: a number passed over, a row whose numbers have
#: a label between them (header words fall inside rows in some readings, a row's label
#: between two rows' numbers is likelier), a row of seven that does not add up, any row
_COST_SKIP, _COST_LABEL_INSIDE, _COST_UNBALANCED, _COST_ROW = 1.0, 0.4, 5.0, 0.01
#: a block of rows printed column by column costs more than the same numbers row by row
_COST_COLUMNS = 0.5
#: the most rows a block printed column by column is tried with
MAX_BLOCK_ROWS = 25


def chunk_values(items: list[Item], *, short: bool = False) -> tuple[list[Chunk], list[Item]]:
    """The printed numbers cut into rows that satisfy H3; the numbers passed over.

    Rows are seven numbers; with ``short``, a row may also be its non-zero counts followed by
    their sum (blank cells that print nothing). Of every cut, the one that passes over the
    fewest numbers is kept, then the one whose rows hold fewest labels, then the one with
    the longest rows (a dynamic programme over the numbers: linear in their count). Seven
    numbers that do not add up are a row whose total is misprinted (H3 will say so) rather
    than seven numbers of debris.

    >>> from gkmine.tables.stream import text_items
    >>> text = "第 3 页\\n2 0 0 0 0 0 2\\n3\\n1 1 0 0 0 0 2"
    >>> chunks, skipped = chunk_values(text_items(text, 0, len(text)))
    >>> [c.numbers[-1] for c in chunks], [s.text for s in skipped]
    ([2.0, 2.0], ['3', '3'])
    >>> text = "3 1 4\\n2 2\\n5 0 0 0 0 0 5"
    >>> [len(c.values) for c in chunk_values(text_items(text, 0, len(text)), short=True)[0]]
    [3, 2, 7]
    >>> text = "重复申请 1 1 大量反复申请 2 2 确认 1 1"  # not 1 1 2 | 2 1 1
    >>> [len(c.values) for c in chunk_values(text_items(text, 0, len(text)), short=True)[0]]
    [2, 2, 2]
    """
    kept = {id(it) for it in without_stray_blanks(items)}
    at = [k for k, it in enumerate(items)
          if it.kind == "value" and not it.soft and it.status in ("number", "na", "blank")
          and id(it) in kept]
    numbers = [float(items[k].value) if items[k].status == "number" else 0.0 for k in at]
    # labels[k]: how many label stretches lie before number k since the first number; a
    # label opening the line of number k starts a row: no row runs across it
    labels = [0] * len(at)
    opens = [0] * len(at)
    for k in range(1, len(at)):
        between = [it for it in items[at[k - 1] + 1:at[k]]
                   if it.kind == "text" and not it.debris]
        labels[k] = labels[k - 1] + bool(between)
        opens[k] = opens[k - 1] + any(it.line == items[at[k]].line for it in between)
    n = len(at)
    cost = [0.0] + [float("inf")] * n
    # (row size or 0, balanced, the index within the row of a number passed over or -1)
    back: list[tuple[int, bool, int] | None] = [None] * (n + 1)
    for i in range(1, n + 1):
        cost[i], back[i] = cost[i - 1] + _COST_SKIP, (0, True, -1)
        inner = _stray_inside(numbers[i - WIDTH - 1:i]) if not short and i > WIDTH else -1
        if inner >= 0 and opens[i - 1] <= opens[i - WIDTH - 1]:
            # a stray number (a page number, a speck) inside a row of seven that adds up
            # without it
            here = (cost[i - WIDTH - 1] + _COST_ROW + _COST_SKIP + _COST_LABEL_INSIDE * (
                labels[i - 1] - labels[i - WIDTH - 1]))
            if here < cost[i] - 1e-9:
                cost[i], back[i] = here, (WIDTH + 1, True, inner)
        for size in range(2 if short else WIDTH, min(WIDTH, i) + 1):
            head = numbers[i - size:i]
            balanced = _is_row(head, short=short)
            if (not balanced and (size != WIDTH or short)) or opens[i - 1] > opens[i - size]:
                continue
            here = (cost[i - size] + _COST_ROW + _COST_LABEL_INSIDE * (
                labels[i - 1] - labels[i - size]) + (0 if balanced else _COST_UNBALANCED))
            if here < cost[i] - 1e-9:
                cost[i], back[i] = here, (size, balanced, -1)
        if not short and (i == n or labels[i] > labels[i - 1]):
            # the end of a run of numbers: its last 7×R may be R rows printed column by column
            for rows in range(2, min(i // WIDTH, MAX_BLOCK_ROWS) + 1):
                start = i - WIDTH * rows
                if labels[start] != labels[i - 1]:
                    break
                here = cost[start] + rows * _COST_ROW + _COST_COLUMNS
                if here < cost[i] - 1e-9 and total_column(
                        [numbers[start + j * rows:start + (j + 1) * rows]
                         for j in range(WIDTH)]) is not None:
                    cost[i], back[i] = here, (-rows, True, -1)
    chunks: list[Chunk] = []
    skipped: list[Item] = []
    i = n
    while i > 0:
        size, balanced, inner = back[i]
        if inner >= 0:
            row = [items[k] for k in at[i - size:i]]
            skipped.append(row.pop(inner))
            chunks.append(Chunk(row, at[i - size], at[i - 1]))
            i -= size
            continue
        if size == 0:
            skipped.append(items[at[i - 1]])
            i -= 1
            continue
        if size < 0:  # rows printed column by column: the total column where it adds up
            rows, start = -size, i - WIDTH * -size
            block = [items[k] for k in at[start:i]]
            total = total_column([numbers[start + j * rows:start + (j + 1) * rows]
                                  for j in range(WIDTH)])
            order = [j for j in range(WIDTH) if j != total] + [total]
            chunks.extend(Chunk([block[j * rows + r] for j in order], at[start], at[i - 1])
                          for r in reversed(range(rows)))
            i = start
            continue
        chunks.append(Chunk([items[k] for k in at[i - size:i]], at[i - size], at[i - 1],
                            balanced=balanced))
        i -= size
    chunks.reverse()
    skipped.reverse()
    if not any(chunk.balanced for chunk in chunks):  # no row shows the table's width
        return [], [items[k] for k in at]
    return chunks, skipped


def _stray_inside(numbers: list[float]) -> int:
    """The index of the one number inside eight (not the first or the last) without which
    the other seven make a row (H3), when every such choice leaves the same row; else -1.

    >>> _stray_inside([1, 0, 0, 0, 12, 0, 0, 1]), _stray_inside([0, 21, 0, 0, 0, 0, 0, 21])
    (4, -1)
    """
    if len(numbers) != WIDTH + 1:
        return -1
    # the ends count as choices too: passing over the first or the last leaves the cut the
    # other rows would make, and when that fits as well the stray is not known
    fits = [p for p in range(WIDTH + 1) if _is_row(numbers[:p] + numbers[p + 1:], short=False)]
    if not fits or fits[0] == 0 or fits[-1] == WIDTH:
        return -1
    rows = {tuple(numbers[:p] + numbers[p + 1:]) for p in fits}
    return fits[0] if len(rows) == 1 else -1


def _is_row(numbers: list[float], *, short: bool) -> bool:
    """Seven numbers whose last is the sum of the others, or (``short``) 2–6 non-zero
    counts ending in their sum."""
    if not _row_sum_holds(numbers):
        return False
    return len(numbers) == WIDTH or (short and all(n > 0 for n in numbers))


@lru_cache(maxsize=4)
def _patterns(specs) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """(row index or -1 for a group label, pattern) of every label pattern."""
    pairs = [(r, p) for r, spec in enumerate(specs) for p in spec.patterns]
    pairs += [(-1, p) for p in GROUP_LABELS]
    return tuple(r for r, _ in pairs), tuple(p for _, p in pairs)


def _best_patterns(lcs: np.ndarray, lengths: np.ndarray, rows: tuple[int, ...],
                   patterns: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each window (column of ``lcs``): the best score, its pattern's row, and whether
    that pattern is short; a later pattern wins only by more than 1e-9, the first one over 0.

    The scores are computed in one array; where no two scores of a window lie within a few
    1e-9 of each other, the pattern-by-pattern rule picks the first best, and only windows
    with such near ties are decided pattern by pattern.
    """
    sizes = np.array([len(p) for p in patterns], dtype=float)
    scores = lcs / sizes[:, None] * (lcs / np.maximum(lengths, 1)) ** 0.25
    first = np.argmax(scores, axis=0)
    top = scores[first, np.arange(scores.shape[1])]
    near = (scores > top - 3e-9) & (scores != top)
    unclear = near.any(axis=0) | ((top > 0) & (top <= 3e-9))
    best = np.where(top > 1e-9, top, 0.0)
    best_row = np.where(top > 1e-9, np.asarray(rows)[first], -1)
    short = np.where(top > 1e-9, sizes[first] < 4, False)
    for w in np.flatnonzero(unclear):  # pattern by pattern, as the rule says
        best[w], best_row[w], short[w] = 0.0, -1, False
        for p, score in enumerate(scores[:, w]):
            if score > best[w] + 1e-9:
                best[w], best_row[w], short[w] = score, rows[p], sizes[p] < 4
    return best, best_row, short


def _local_labels(items: list[Item], specs) -> list[tuple[str, int]]:
    """Rows whose label is printed among ``items`` (a stretch between two rows of numbers),
    with the index of the label's last item, in printed order, labels of four or more
    characters first: header words (``总计``, ``其他``) look like the short ones. Each stretch
    of text names its best-matching row."""
    windows = _windows(items)
    if not windows:
        return []
    texts = [w[2] for w in windows]
    lengths = np.array([len(t) for t in texts], dtype=float)
    rows, patterns = _patterns(specs)
    lcs = process.cdist(patterns, texts, scorer=LCSseq.similarity, workers=1)
    best, best_row, short = _best_patterns(lcs, lengths, rows, patterns)
    taken = np.zeros(len(items), dtype=bool)
    found: list[tuple[bool, int, int, str]] = []
    for w in np.argsort(-best, kind="stable"):
        first, last, _ = windows[w]
        if best[w] < MIN_SCORE or taken[first:last + 1].any():
            continue
        taken[first:last + 1] = True
        if best_row[w] < 0:  # a group label names no row
            continue
        found.append((bool(short[w]), first, last, specs[best_row[w]].key))
    out: dict[str, int] = {}
    for _, _, last, key in sorted(found):
        out.setdefault(key, last)
    return list(out.items())


def _labelled(chunks: list[Chunk], items: list[Item],
              layout: str) -> tuple[list[list[str]], list[bool]]:
    """Row keys the labels around each chunk name, best first: a label that opens the line
    of the chunk's first number alone; else the labels between it and the previous chunk
    (matched afresh there, as labels printed out of order are lost to a whole-table
    alignment), the result row right before the numbers first when every chunk has a label
    there (a row per label, cell by cell: the labels before it printed nothing); else those
    between it and the next one. Also, for each chunk, whether its label opens the line of its
    numbers."""
    specs = row_specs("t3", layout)
    out, adjacent, beside = [], [], []
    for c, chunk in enumerate(chunks):
        prev_end = chunks[c - 1].last + 1 if c else 0
        next_start = chunks[c + 1].first if c + 1 < len(chunks) else len(items)
        before = _local_labels(items[prev_end:chunk.first], specs)
        next_to = [key for key, last in before
                   if all(it.debris for it in items[prev_end + last + 1:chunk.first])]
        adjacent.append(next_to[-1:])
        line = chunk.values[0].line
        same_line = [key for key in next_to[-1:]
                     if items[prev_end + dict(before)[key]].line == line]
        beside.append(bool(same_line))
        if same_line:
            out.append(same_line)
            continue
        if not before:  # a label printed after its numbers (centred in a tall cell)
            before = _local_labels(items[chunk.last + 1:next_start], specs)
        out.append([key for key, _ in before])
    if all(adjacent):  # frame rows keep their order: H1 ties them (new before carried_in)
        out = [near if len(near) == 1 or adj[0] in FRAME_ROWS
               else list(dict.fromkeys([*adj, *near]))
               for near, adj in zip(out, adjacent, strict=True)]
    return out, beside


def identity_failures(assigned: dict[str, list[float]], results: tuple[str, ...], *,
                      cols: range | tuple[int, ...] = range(WIDTH)) -> int:
    """How many of H1 and H2 fail over the columns ``cols``, rows not assigned counting
    as 0."""
    zero = [0.0] * WIDTH

    def row(key: str) -> list[float]:
        return assigned.get(key, zero)

    failures = 0
    for j in cols:
        failures += abs(row("new")[j] + row("carried_in")[j]
                        - row("total_processed")[j] - row("carried_out")[j]) > 1e-6
        failures += abs(sum(row(r)[j] for r in results) - row("total_processed")[j]) > 1e-6
    return failures


def identities_hold(assigned: dict[str, list[float]], results: tuple[str, ...], *,
                    cols: range | tuple[int, ...] = range(WIDTH)) -> bool:
    """H1 and H2 hold in every column of ``cols``, rows not assigned counting as 0."""
    return identity_failures(assigned, results, cols=cols) == 0


def _search(chunks: list[Chunk], cands: list[list[str]], order: dict[str, int],
            results: tuple[str, ...], labelled: list[list[str]]) -> list[str] | None:
    """The assignment (keeping statutory order) the identities accept that follows the
    labels best: each chunk costs nothing as the row its labels name first, a little as
    another row they name, more as a frame row and most as an unnamed row; of equal costs,
    the first in candidate order (a branch and bound within a budget)."""
    budget = [MAX_ASSIGNMENTS]
    numbers = [chunk.numbers for chunk in chunks]
    chosen: list[str] = []
    best: list = [float("inf"), None]
    # short rows' columns are not known yet: the totals decide the rows
    cols = range(WIDTH) if all(c.full for c in chunks) else (WIDTH - 1,)

    def cost(c: int, key: str) -> int:
        near = labelled[c]
        if near[:1] == [key]:
            return 0
        return 1 if key in near else 3 if key.startswith(UNNAMED) else 2

    def walk(c: int, floor: int, spent: int) -> None:
        budget[0] -= 1
        if budget[0] <= 0 or spent >= best[0]:
            return
        if c == len(chunks):
            if identities_hold(dict(zip(chosen, numbers, strict=True)),
                               _with_unnamed(results, chosen), cols=cols):
                best[:] = [spent, list(chosen)]
            return
        for key in cands[c]:
            # an unnamed row of numbers is one of the result rows from ``floor`` on
            rank = floor if key.startswith(UNNAMED) else order[key]
            if rank < floor or (key.startswith(UNNAMED) and floor > order[results[-1]]):
                continue
            chosen.append(key)
            walk(c + 1, rank + 1, spent + cost(c, key))
            chosen.pop()

    walk(0, 0, 0)
    return best[1]


#: the rows of the 2021 （六） group a table may print as one row
_OTHER_SUBROWS = ("other_no_correction", "other_no_fee_paid")


def _every_row_in_order(chunks: list[Chunk], rows: tuple[str, ...],
                        results: tuple[str, ...]) -> tuple[list[str], int] | None:
    """The rows in statutory order when there are exactly as many rows of seven numbers as
    the table has rows (or as it has with （六） printed as one row): whatever order the
    labels came in, no other assignment keeps the rows' order. Returned with the number of
    identities it leaves failing (rows that do not add up, H1/H2 columns), when at most
    ``MAX_SOURCE_ERRORS``."""
    if not chunks or not all(chunk.full for chunk in chunks):
        return None
    for keys in (rows, tuple(r for r in rows if r not in _OTHER_SUBROWS)):
        if len(keys) != len(chunks):
            continue
        failures = identity_failures(
            {key: chunk.numbers for key, chunk in zip(keys, chunks, strict=True)},
            tuple(r for r in results if r in keys))
        failures += sum(not chunk.balanced for chunk in chunks)
        if failures <= MAX_SOURCE_ERRORS:
            return list(keys), failures
    return None


def _with_unnamed(results: tuple[str, ...], assignment: list[str]) -> tuple[str, ...]:
    return results + tuple(key for key in assignment if key.startswith(UNNAMED))


#: where a space-aligned text puts a printed number: its start offset -> (column, whether
#: it stands exactly under the column)
Columns = Mapping[int, tuple[int, bool]]


def _printed_slots(chunk: Chunk, columns: Columns) -> tuple[tuple[int, ...], bool] | None:
    """The columns the printed positions of a short row's numbers point at, in order and
    ending under the total, and whether all of them exactly; ``None`` when some number's
    position points nowhere."""
    seen = [columns.get(v.start) for v in chunk.values]
    if any(s is None for s in seen):
        return None
    slots = tuple(s[0] for s in seen)
    if slots[-1] != WIDTH - 1 or any(a >= b for a, b in pairwise(slots)):
        return None
    return slots, all(s[1] for s in seen)


def _place_short_rows(chunks: list[Chunk], assignment: list[str], results: tuple[str, ...],
                      columns: Columns) -> dict[int, bool] | None:
    """Columns for the counts of the short rows (blank cells not printed): where their
    printed positions show them exactly (``columns``), else the first placement with which
    H1 and H2 hold in every column (see :mod:`gkmine.tables.slots`), nearest the columns
    the positions point at, then leftmost; returns for each short row whether another
    placement of the table would do as well, or ``None`` when none does."""
    fixed = {key: chunk.numbers[:WIDTH - 1]
             for key, chunk in zip(assignment, chunks, strict=True) if chunk.full}
    short: dict[str, list[float]] = {}
    prefer: dict[str, tuple[int, ...]] = {}
    for key, chunk in zip(assignment, chunks, strict=True):
        if chunk.full:
            continue
        printed = _printed_slots(chunk, columns)
        if printed is not None and printed[1]:
            chunk.slots, chunk.positioned = printed[0], True
            fixed[key] = chunk.numbers[:WIDTH - 1]
            continue
        short[key] = [float(v.value) for v in chunk.values[:-1]]
        if printed is not None:
            prefer[key] = printed[0][:-1]
    if not short:  # rows placed by their positions alone must satisfy the identities
        positioned = any(chunk.positioned for chunk in chunks)
        return {} if not positioned or _short_rows_hold(fixed, results) else None
    solver = SlotSolver(short, fixed=fixed, results=results, width=WIDTH - 1, prefer=prefer)
    first = solver.first()
    if first is None:
        return None
    ambiguous = {}
    for c, (key, chunk) in enumerate(zip(assignment, chunks, strict=True)):
        if key in short:
            chunk.slots = (*first[key], WIDTH - 1)
            ambiguous[c] = solver.ambiguous(key)
    return ambiguous


def _short_rows_hold(fixed: Mapping[str, list[float]], results: tuple[str, ...]) -> bool:
    """H1 and H2 hold in every applicant column of rows placed by their positions alone."""
    return identities_hold({key: [*row, 0.0] for key, row in fixed.items()}, results,
                           cols=range(WIDTH - 1))


def decode_t3(items: list[Item], reads: list[RowRead], layout: str, *,
              columns: Columns | None = None) -> Decoded | None:
    """Table 三 decoded from the numbers and labels of ``items``; ``None`` when it cannot be
    (no row of seven numbers, or no assignment the identities accept). ``columns``: the
    columns a space-aligned text shows its numbers under (see :data:`Columns`)."""
    rows = t3_rows(layout)
    results = T3_RESULT_ROWS["2019" if layout == "2019" else "2021"]
    chunks, skipped = chunk_values(items)
    if len(skipped) > len(chunks):  # rows do not print seven numbers: blank cells print none
        chunks, skipped = chunk_values(items, short=True)
    if not chunks or len(chunks) > len(rows):
        return None
    by_count = _every_row_in_order(chunks, rows, results)
    if by_count and by_count[1] and skipped:
        # identities fail and a number was passed over as debris: it may be a cell, and the
        # rows it left not the printed ones; the count does not decide
        by_count = None
    printed_as_is = bool(by_count and by_count[1])  # the identities that fail: the source's
    if by_count is not None:  # every row printed, in statutory order: the count decides
        labelled, beside = [[key] for key in by_count[0]], [True] * len(chunks)
    else:
        labelled, beside = _labelled(chunks, items, layout)
    labels = {r.key for r in reads if r.found}.union(*labelled)
    # a row of numbers with no label beside it is a frame row, else some result row
    cands = [list(dict.fromkeys([*near, *FRAME_ROWS])) if near
             else [*FRAME_ROWS, f"{UNNAMED}{c}"] for c, near in enumerate(labelled)]
    order = {key: i for i, key in enumerate(rows)}
    assignment = by_count[0] if by_count else _search(chunks, cands, order, results, labelled)
    if assignment is None and not all(beside):
        # labels printed away from their numbers (a block of them after the table) may name
        # other rows than the numbers around them: such a row may be an unnamed result row
        cands = [near if on_line else list(dict.fromkeys([*near, f"{UNNAMED}{c}"]))
                 for c, (near, on_line) in enumerate(zip(cands, beside, strict=True))]
        assignment = _search(chunks, cands, order, results, labelled)
    if assignment is None:
        # no assignment reconciles the numbers: when every row of numbers stands by its own
        # label and only a few identities fail, the source itself is inconsistent
        assignment = _by_labels_alone(chunks, labelled, order, results)
        if assignment is None:
            return None
        printed_as_is = True
    results = _with_unnamed(results, assignment)
    shifts = _place_short_rows(chunks, assignment, results, columns or {})
    if shifts is None:
        return None
    by_row = dict(zip(assignment, chunks, strict=True))
    unnamed = _unnamed_rows(assignment, chunks, order)
    drafts: dict[str, list[Draft]] = {}
    doubtful: dict[str, str] = {}  # a row that might hold another row's numbers, and why
    for c, (key, near, chunk) in enumerate(zip(assignment, labelled, chunks, strict=True)):
        if key.startswith(UNNAMED):
            continue
        rivals = [] if printed_as_is else _rivals(c, assignment, near, chunks, order, results)
        if rivals:
            why = (f"the labels of {key} and {', '.join(rivals)} all stand by this row of "
                   "numbers and the identities do not tell which it is")
            conf, note = _CONF_AMBIGUOUS, why
            doubtful.update(dict.fromkeys(rivals, why))
        elif near[:1] == [key]:
            conf, note = 1.0, ""
        else:
            conf, note = _CONF_BY_IDENTITY, ("row decided by the identities H1/H2, not by an "
                                             "adjacent label")
        drafts[key] = _row_drafts(chunk, conf, note, shifted=shifts.get(c, False))
    unplaced = _rows_of_skipped(skipped, items, layout)
    between = _rows_between(assignment, chunks, skipped, order, _printed_labels(items, layout))
    for key in rows:
        if key in by_row:
            continue
        if key in unnamed:
            span, note, sums = unnamed[key]
            drafts[key] = [Draft("missing", span=span, printed_span=True, raw=raw, note=note)
                           for raw in sums]
        elif key in unplaced:
            drafts[key] = [Draft("missing", item=None, span=unplaced[key][0],
                                 printed_span=True, note=unplaced[key][1]) for _ in T3_COLS]
        elif key in doubtful:
            drafts[key] = [Draft("blank", confidence=_CONF_AMBIGUOUS, note=doubtful[key])
                           for _ in T3_COLS]
        elif key in labels:
            drafts[key] = [Draft("blank") for _ in T3_COLS]  # its label, no numbers
        elif key in between:
            drafts[key] = [Draft("blank", confidence=_CONF_BY_IDENTITY, note=between[key])
                           for _ in T3_COLS]
        else:
            # a table cut short (a page opening) or a label lost: nothing says it is blank
            drafts[key] = [Draft("missing", note="row label not found and no numbers were "
                                                 "left for it") for _ in T3_COLS]
    return Decoded(drafts, skipped, consistent=not printed_as_is)


def _printed_labels(items: list[Item], layout: str) -> set[str]:
    """Rows of t3 whose label is printed whole somewhere among ``items``."""
    text = normalize_label("".join(it.text for it in items if it.kind == "text"))
    return {spec.key for spec in row_specs("t3", layout) if spec.patterns[0] in text}


def _rows_between(assignment: list[str], chunks: list[Chunk], skipped: list[Item],
                  order: dict[str, int], printed: set[str]) -> dict[str, str]:
    """Rows whose label is ``printed`` (somewhere: a block of labels apart from their rows)
    and whose place in the printed order lies between two consecutive rows of numbers, with
    no number passed over between them: the numbers come in statutory order, so such a row
    printed none: key -> note. (Where a label is not printed at all, the text may be an
    excerpt: nothing says the row is blank.)"""
    rows = sorted(order, key=order.get)
    out: dict[str, str] = {}
    for c in range(len(chunks) - 1):
        low, high = assignment[c], assignment[c + 1]
        after, before = chunks[c].values[-1].end, chunks[c + 1].values[0].start
        if low.startswith(UNNAMED) or high.startswith(UNNAMED) or any(
                it.start < 0 or after < 0 or after <= it.start < before for it in skipped):
            continue
        for key in (k for k in rows[order[low] + 1:order[high]] if k in printed):
            out[key] = (f"nothing printed: its place in the printed order, between the numbers "
                        f"of {low} and of {high}, holds none (its label is printed elsewhere)")
    return out


def _row_drafts(chunk: Chunk, conf: float, note: str, *, shifted: bool) -> list[Draft]:
    """The seven cells of a decoded row; a short row's other cells are blank (not printed)."""
    if chunk.full:
        return [Draft(v.status, v.value, v, raw=v.text, confidence=conf, note=note)
                for v in chunk.values]
    why = ("blank cells print nothing: the columns of these numbers were "
           + ("shown by their printed positions" if chunk.positioned
              else "not decided, another placement fits the identities as well" if shifted
              else "decided by the identities H1/H2"))
    # the last number, the sum of the others, is the total whatever the counts' columns:
    # it is as sure as the row it was given
    total = chunk.values[-1]
    row_total = Draft(total.status, total.value, total, raw=total.text, confidence=conf,
                      note=note)
    if not chunk.positioned:
        conf = min(conf, _CONF_AMBIGUOUS if shifted else _CONF_BY_IDENTITY)
    note = f"{note}; {why}" if note else why
    drafts = [Draft("blank", confidence=conf, note=note) for _ in range(WIDTH)]
    for j, v in zip(chunk.columns(), chunk.values, strict=True):
        drafts[j] = Draft(v.status, v.value, v, raw=v.text, confidence=conf, note=note)
    drafts[-1] = row_total
    return drafts


def _by_labels_alone(chunks: list[Chunk], labelled: list[list[str]], order: dict[str, int],
                     results: tuple[str, ...]) -> list[str] | None:
    """Each full row of numbers given the one label beside it, when that keeps statutory
    order and at most ``MAX_SOURCE_ERRORS`` identities fail."""
    if not all(chunk.full for chunk in chunks) or not all(len(near) == 1 for near in labelled):
        return None
    assignment = [near[0] for near in labelled]
    ranks = [order[key] for key in assignment]
    if not all(a < b for a, b in pairwise(ranks)):
        return None
    failures = identity_failures({key: chunks[k].numbers for k, key in enumerate(assignment)},
                                 results)
    return assignment if failures <= MAX_SOURCE_ERRORS else None


#: note opening the cells of the rows a gap's unnamed rows of numbers may be: together
#: those rows hold the gap's numbers, whose column sums the cells keep as ``raw`` (H2 adds
#: up the result rows whatever row each number is)
UNNAMED_ROWS = "numbers that stand by no label"


@dataclass
class _Gap:
    """Unnamed rows of numbers between two named rows, and the rows they may be."""

    chunks: list[Chunk]
    rows: list[str]
    note: str = ""


def _unnamed_rows(assignment: list[str], chunks: list[Chunk],
                  order: dict[str, int]) -> dict[str, tuple[tuple[int, int], str, list[str]]]:
    """The rows an unnamed row of numbers may be (between the named rows around it, not
    named themselves): each is missing, with the numbers they may hold (span, note, and per
    column the sum of the gap's numbers)."""
    named = [order[key] for key in assignment if not key.startswith(UNNAMED)]
    rows = sorted(order, key=order.get)
    gaps: dict[tuple[int, int], _Gap] = {}
    for c, key in enumerate(assignment):
        if not key.startswith(UNNAMED):
            continue
        before = max((order[k] for k in assignment[:c] if not k.startswith(UNNAMED)),
                     default=-1)
        after = min((order[k] for k in assignment[c + 1:] if not k.startswith(UNNAMED)),
                    default=len(rows))
        gap = gaps.setdefault((before, after), _Gap([], [r for r in rows[before + 1:after]
                                                         if order[r] not in named]))
        gap.chunks.append(chunks[c])
        gap.note = (f"{UNNAMED_ROWS}: "
                    + "; ".join(" ".join(v.text for v in ch.values) for ch in gap.chunks)
                    + f" belong to {len(gap.chunks)} of the rows between "
                    f"{rows[before] if before >= 0 else 'the top'} and "
                    f"{rows[after] if after < len(rows) else 'the end'}")
    out: dict[str, tuple[tuple[int, int], str, list[str]]] = {}
    for gap in gaps.values():
        span = (gap.chunks[0].values[0].start, gap.chunks[-1].values[-1].end)
        sums = [_printed_sum(sum(ch.numbers[j] for ch in gap.chunks)) for j in range(WIDTH)]
        for row in gap.rows:
            out.setdefault(row, (span, gap.note, sums))
    return out


def _printed_sum(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _rows_of_skipped(skipped: list[Item], items: list[Item],
                     layout: str) -> dict[str, tuple[tuple[int, int], str]]:
    """Rows whose label shares a line with numbers that formed no row: they printed
    something that does not add up, so they are not blank (span and note per row)."""
    specs = row_specs("t3", layout)
    by_line: dict[int, list[Item]] = {}
    for item in items:
        by_line.setdefault(item.line, []).append(item)
    out: dict[str, tuple[tuple[int, int], str]] = {}
    for value in skipped:
        line = by_line.get(value.line, [])
        for key, _ in _local_labels([it for it in line if it.kind == "text"], specs)[:1]:
            printed = [v.text for v in line if v.kind == "value"]
            out.setdefault(key, ((value.start, value.end),
                                 f"{len(printed)} numbers for {WIDTH} columns "
                                 f"({' '.join(printed)}) that do not add up to a row of the "
                                 "table: not placed"))
    return out


def _rivals(c: int, assignment: list[str], near: list[str], chunks: list[Chunk],
            order: dict[str, int], results: tuple[str, ...]) -> list[str]:
    """Other labelled rows chunk ``c`` could be with every other chunk kept in place."""
    out = []
    for alt in near:
        if alt == assignment[c] or alt in assignment:
            continue
        trial = [*assignment[:c], alt, *assignment[c + 1:]]
        ranks = [order[key] for key in trial if not key.startswith(UNNAMED)]
        if all(a < b for a, b in pairwise(ranks)) and identities_hold(
                {key: chunks[k].numbers for k, key in enumerate(trial)}, results):
            out.append(alt)
    return out
