"""Rows of a table: each row's label found in statutory order, and the values after it.

>>> from gkmine.tables.labels import row_specs
>>> from gkmine.tables.stream import text_items
>>> text = "行政许可\\n\\n9\\n行政处罚 47\\n"
>>> reads = read_rows(text_items(text, 0, len(text)), row_specs("t2", "2021"))
>>> [(r.key, [v.text for v in r.values]) for r in reads if r.found]
[('licensing', ['9']), ('penalty', ['47'])]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import permutations

from rapidfuzz.distance import LCSseq

from gkmine.keys import T4_COLS, T4_ROWS
from gkmine.tables.labels import RowMatch, RowSpec, align_rows, normalize_label
from gkmine.tables.stream import Item, without_stray_blanks

_T4_HEADER = re.compile(r"维持|纠正|审结|起诉|复议")
_T4_COLUMNS = re.compile(r"维持|纠正|审结|起诉")
#: the heading of a sub-table of t2: values after it belong to its rows, not to earlier ones
_SUBTABLE = re.compile(r"第二十条")


@dataclass
class RowRead:
    """A row as read: its label match and the values printed after it, not yet placed."""

    key: str
    cols: tuple[str, ...]
    values: list[Item] = field(default_factory=list)
    found: bool = False
    note: str = ""
    label: str = ""  # the label as printed (normalised)
    label_span: tuple[int, int] | None = None  # where the label is, for cells with no value
    label_index: int = -1  # index of the label's first item in the stream
    block: bool = False  # its numbers are in a block with other rows' in an open order
    #: its values stand on the line right above its label (a space-aligned row centred on
    #: them, its label wrapped around a group label), as surely its own as on its line
    above: bool = False
    #: other text (header words) stands between its label and its values
    detached: bool = False


def _label_continues(item: Item, spec: RowSpec) -> bool:
    """The fragment is the rest of the row's own label (a wrapped label printed around its
    numbers, as ``pdftotext`` does with a vertically centred row)."""
    text = normalize_label(item.text)
    return len(text) >= 2 and LCSseq.similarity(text, spec.patterns[0]) >= 0.8 * len(text)


def _collect(items: list[Item], begin: int, stop: int,
             spec: RowSpec) -> tuple[list[Item], bool]:
    """The values printed after a label: until the next label, or text after the values;
    and whether other text (header words) stands between the label and them."""
    width = len(spec.cols)
    values: list[Item] = []
    skipped = 0
    for item in items[begin:stop]:
        if item.kind == "value":
            values.append(item)
            continue
        if item.debris:
            continue
        if _SUBTABLE.search(item.text):
            break
        if values:
            if (item.cells and item.line == values[-1].line and not item.prose
                    and len(values) < width):
                values.append(Item("value", item.text, item.start, item.end, item.line, True,
                                   "text", page=item.page, bbox=item.bbox))
                continue
            if not item.cells and len(values) < width and _label_continues(item, spec):
                continue
            break
        skipped += 1
        if item.prose or skipped > 4:
            break
    return values, skipped > 0


def read_rows(items: list[Item], specs: tuple[RowSpec, ...]) -> list[RowRead]:
    """Every row of ``specs``: its label match and the values printed after it."""
    matches = align_rows(items, specs)
    by_key: dict[str, RowMatch] = {m.key: m for m in matches}
    starts = [m.first for m in matches] + [len(items)]
    reads = []
    after_text: dict[str, bool] = {}
    for spec in specs:
        read = RowRead(spec.key, spec.cols)
        match = by_key.get(spec.key)
        if match is None:
            read.note = "row label not found"
        else:
            nxt = starts[matches.index(match) + 1]
            read.found = True
            read.label = "".join(normalize_label(it.text)
                                 for it in items[match.first:match.last + 1])
            read.label_index = match.first
            if items[match.first].start >= 0:
                read.label_span = (items[match.first].start, items[match.last].end)
            # a label wrapped around its values (top-aligned cells) holds them
            inner = [it for it in items[match.first:match.last + 1] if it.kind == "value"]
            read.values, detached = (inner, False) if inner else _collect(
                items, match.last + 1, nxt, spec)
            if detached and sum(v.status != "blank" for v in read.values) > len(spec.cols):
                # more numbers than columns, away from the label: other rows' block
                read.note = (f"{len(read.values)} values for {len(spec.cols)} columns after "
                             "other text: a block of several rows' numbers")
                read.block = True
            after_text[read.key] = read.detached = detached
        reads.append(read)
    return _between_labels(reads, items, matches, after_text)


#: note of two rows between whose labels values stand on a line of other text (a group
#: label), as near the one label as the other
BETWEEN_LABELS = ("the numbers stand on a line of other text as near this row's label as "
                  "the next row's: which row they are is not known")


def _between_labels(reads: list[RowRead], items: list[Item], matches: list[RowMatch],
                    detached: dict[str, bool]) -> list[RowRead]:
    """Values of a space-aligned table (``pdftotext -layout``) on a line between two row
    labels, beside a group label such as （四）无法提供: a row's values are centred in it.
    Values no row took, below a row read on its label's line, are the next row's; values a
    row took after other text belong to the next row when its label is nearer, and to
    neither for sure when both are as near (both rows' cells then stay missing). ``detached``
    says which rows took their values after other text."""
    by_key = {r.key: r for r in reads}
    claimed = {id(v) for r in reads for v in r.values}
    for match, following in zip(matches, matches[1:], strict=False):
        read, nxt = by_key[match.key], by_key[following.key]
        values = read.values
        strays = [it for it in items[match.last + 1:following.first]
                  if it.kind == "value" and id(it) not in claimed]
        if (values and not detached.get(read.key) and strays and not nxt.values
                and not nxt.block and all(v.x0 is not None and v.line == strays[0].line
                                          and v.line > values[-1].line for v in strays)
                and strays[0].line < items[following.first].line):
            # values no row took, on a line of their own below a row that has its values
            # on its label's line: the next row's, centred above its label
            nxt.values = strays
            nxt.above = strays[0].line == items[following.first].line - 1
            continue
        if (not detached.get(read.key) or not values or nxt.values or nxt.block
                or any(v.x0 is None or v.line != values[0].line for v in values)):
            continue
        above = values[0].line - items[match.last].line
        below = items[following.first].line - values[0].line
        if above <= 0 or below <= 0 or below > above:
            continue
        if below < above:
            # as surely placed as a value on its label's line: the row is centred on it
            read.values, nxt.values = [], values
            nxt.above = below == 1
        else:
            for row in (read, nxt):
                row.values, row.note, row.block = [], BETWEEN_LABELS, True
    return reads


def read_t4(items: list[Item]) -> RowRead:
    """t4 has no row labels: one data row of 15 values under its header.

    Values are grouped in runs separated by label text; the data row is the first run of 15
    or more values, else consecutive runs that add up to 15 (a row printed group by group
    with its group labels), else all the values under the header when they are 15 to 17,
    else the longest run (placed by H4 if a few values are lacking).
    Numbers inside the header (OCR debris) form short runs and are passed over.
    """
    read = RowRead("t4", tuple(f"{r}.{c}" for r in T4_ROWS for c in T4_COLS))
    header = next((k for k, it in enumerate(items)
                   if it.kind == "text" and not it.prose and _T4_COLUMNS.search(it.text)), None)
    columns_printed = header is not None
    if header is None:  # no column words (shredded header): start after the title
        header = next((k for k, it in enumerate(items)
                       if it.kind == "text" and not it.prose and _T4_HEADER.search(it.text)),
                      None)
    if header is None:
        read.note = "table header not found"
        return read
    read.found = True
    runs: list[list[Item]] = [[]]
    for item in without_stray_blanks(items[header + 1:]):
        if item.kind == "value":
            runs[-1].append(item)
        elif item.prose and any(runs):
            break
        elif not item.debris and runs[-1]:
            runs.append([])
    runs = [run for run in runs if any(not v.soft for v in run)]
    if not runs:  # a printed header over an empty row is an empty table
        read.found = columns_printed
        read.note = "no values under the table header"
        return read
    width = len(read.cols)
    read.values = next((run for run in runs if len(run) >= width), [])
    if not read.values:
        for i in range(len(runs)):
            total = 0
            for j in range(i, len(runs)):
                total += len(runs[j])
                if total >= width:
                    break
            if total == width:
                read.values = [v for run in runs[i:j + 1] for v in run]
                break
    flat = [v for run in runs for v in run]
    if not read.values and width <= len(flat) <= width + 2:
        # one cell per line with header words among them (``pdftotext``): the row is every
        # value under the header (a stray number or two is left to H4)
        read.values = flat
    if not read.values and runs:
        read.values = max(runs, key=len)
    read.values = _trim_empty_edges(read.values, width)
    chosen = {id(v) for v in read.values}
    used = [run for run in runs if any(id(v) in chosen for v in run)]
    if len(used) > 1 and not _h4_holds(read.values) and _h4_in_another_order(used):
        # the groups of runs add up only in another order than printed: which group is
        # which is not known (``pdftotext`` printing the three groups' runs interleaved)
        read.note = ("the numbers satisfy H4 only when their runs are taken in another order "
                     "than printed: which group is which is not known")
        read.values, read.block = [], True
    return read


#: at most this many runs of numbers are reordered to test H4
_MAX_T4_RUNS = 6


def _h4_holds(values: list[Item]) -> bool:
    """The four counts add up to the total in each group of five."""
    if len(values) != len(T4_ROWS) * len(T4_COLS) or any(
            v.status not in ("number", "blank", "na") for v in values):
        return False
    numbers = [float(v.value) if v.status == "number" else 0.0 for v in values]
    step = len(T4_COLS)
    return all(abs(sum(numbers[g:g + step - 1]) - numbers[g + step - 1]) < 1e-6
               for g in range(0, len(numbers), step))


def _h4_in_another_order(runs: list[list[Item]]) -> bool:
    """Some other order of the runs gives fifteen numbers for which H4 holds."""
    if len(runs) > _MAX_T4_RUNS:
        return False
    return any(_h4_holds([v for run in order for v in run])
               for order in permutations(runs) if list(order) != runs)


def _trim_empty_edges(values: list[Item], width: int) -> list[Item]:
    """Empty cells beyond ``width`` are layout: a spare column, the header's empty last cell.
    Edge cells marked soft go first, then empty cells of another line than the row's, then
    empty cells at the end, then at the start."""
    def drop(keep) -> None:
        nonlocal values
        for edge in (-1, 0):
            while len(values) > width and not keep(values[edge]):
                values = values[:-1] if edge == -1 else values[1:]

    drop(lambda v: not v.soft)
    lines = Counter(v.line for v in values if v.status != "blank")
    if lines:
        row_line = lines.most_common(1)[0][0]
        drop(lambda v: v.status != "blank" or v.line == row_line)
    drop(lambda v: v.status != "blank")
    return values




#: note of the rows of a block of labels printed before one block of their numbers
BLOCK_ORDER_OPEN = ("the labels of {n} rows are printed together before {m} numbers: the "
                    "numbers may be row by row or column by column")
BLOCK_BY_COLUMNS = ("the labels of several rows are printed together before their numbers: "
                    "read column by column, the order the document's table 三 is printed in")


def split_label_blocks(reads: list[RowRead], *,
                       by_columns: Callable[[], bool] = lambda: False) -> list[RowRead]:
    """Rows whose labels are printed together, then all their numbers (a PDF-to-text tool
    that reads a grid column by column): the numbers of ``k`` one-column rows go to the
    rows in order; for wider rows the order of the numbers is open (row by row or column
    by column): they are read column by column, with a note, when ``by_columns()`` says
    the document's other tables are printed so, else the rows get none, with a note. Rows
    read otherwise are left alone.

    >>> from gkmine.tables.labels import row_specs
    >>> from gkmine.tables.stream import text_items
    >>> text = "行政处罚\\n行政强制\\n2776\\n84\\n"
    >>> reads = split_label_blocks(read_rows(text_items(text, 0, len(text)),
    ...                                      row_specs("t2", "2021")))
    >>> [(r.key, [v.text for v in r.values]) for r in reads if r.found]
    [('penalty', ['2776']), ('coercion', ['84'])]
    """
    found = [r for r in reads if r.found]
    i = 0
    while i < len(found):
        j = i
        while j < len(found) and not found[j].values:
            j += 1
        if j == len(found):
            break
        values = found[j].values
        width = len(found[j].cols)
        # the labels right before the numbers, as many as there are rows of numbers
        rows = len(values) // width if values and len(values) % width == 0 else 0
        block = found[j + 1 - rows:j + 1] if 1 < rows <= j + 1 - i else []
        if block and all(len(r.cols) == width for r in block):
            if width == 1:
                for read, value in zip(block, values, strict=True):
                    read.values = [value]
            elif by_columns():
                for r, read in enumerate(block):
                    read.values = values[r::len(block)]
                    read.note = BLOCK_BY_COLUMNS
            else:
                for read in block:
                    read.values = []
                    read.note = BLOCK_ORDER_OPEN.format(n=len(block), m=len(values))
                    read.block = True
        i = j + 1
    return reads


#: note of a row that took, after other text, as many numbers as it has columns, each on
#: a line of its own, in a table that prints no zero, no mark and no empty cell
RUN_NOT_ROW = ("{n} numbers for {n} columns after other text, a cell per line, in a table "
               "whose blank cells print nothing: they may be several rows' numbers")


def runs_not_rows(reads: list[RowRead], items: list[Item]) -> list[RowRead]:
    """Rows that took, after other text (header words), exactly as many numbers as they
    have columns, each on a line of its own, in a table whose blank cells print nothing
    (no zero, n/a mark or empty cell anywhere): ``pdftotext`` reads such a table a cell per
    line in an order of its own, and the count matching is no sign that the numbers are the
    row's (the next row's may follow, its label after them). Their values are dropped and
    the row is left to the block notes (missing).

    >>> from gkmine.tables.labels import row_specs
    >>> from gkmine.tables.stream import text_items
    >>> text = "行政许可\\n本年增/减\\n处理决定数量\\n2\\n1113\\n8\\n其他对外管理服务事项\\n"
    >>> items = text_items(text, 0, len(text))
    >>> reads = runs_not_rows(read_rows(items, row_specs("t2", "2019")), items)
    >>> [(r.key, r.values, r.block) for r in reads if r.found]
    [('licensing', [], True), ('other_services', [], False)]
    """
    if not blanks_print_nothing(items):
        return reads
    for read in reads:
        if read.found and read.detached and _cell_per_line(read.values, len(read.cols)):
            read.values, read.block = [], True
            read.note = RUN_NOT_ROW.format(n=len(read.cols))
    return reads


def blanks_print_nothing(items: list[Item]) -> bool:
    """The table prints numbers, and no zero, n/a mark or empty cell among them."""
    values = [it for it in items if it.kind == "value"]
    return bool(values) and all(v.status == "number" and v.value != 0 for v in values)


def _cell_per_line(values: list[Item], width: int) -> bool:
    """As many numbers as the row has columns (two or more), each on a line of its own."""
    return len(values) == width > 1 and len({v.line for v in values}) == width


#: note of a row whose numbers were printed before its label, none of them claimed
BEFORE_LABEL = "printed right before the row label (the label after its numbers)"


def claim_numbers_before(reads: list[RowRead], items: list[Item]) -> list[RowRead]:
    """Rows with no value after their label take the numbers printed right before it when
    exactly as many as the row has columns stand there, after other text, and no other row
    took them (``pdftotext`` prints a vertically centred label after its numbers).

    >>> from gkmine.tables.labels import row_specs
    >>> from gkmine.tables.stream import text_items
    >>> text = "本年处理决定数量\\n550\\n行政许可\\n"
    >>> items = text_items(text, 0, len(text))
    >>> reads = claim_numbers_before(read_rows(items, row_specs("t2", "2021")), items)
    >>> [(r.key, [v.text for v in r.values]) for r in reads if r.found]
    [('licensing', ['550'])]
    """
    claimed = {id(v) for r in reads for v in r.values}
    # a text of a cell per line whose blank cells print nothing runs rows' numbers
    # together: a run as long as the row is no sign it is the row's
    open_runs = blanks_print_nothing(items)
    for read in reads:
        if not read.found or read.values or read.block or read.label_index <= 0:
            continue
        k = read.label_index - 1
        while k >= 0 and items[k].debris:
            k -= 1
        run: list[Item] = []
        while k >= 0 and items[k].kind == "value":
            run.insert(0, items[k])
            k -= 1
        if (k >= 0 and len(run) == len(read.cols) and not any(id(v) in claimed for v in run)
                and all(v.status in ("number", "na") for v in run)
                and not (open_runs and _cell_per_line(run, len(read.cols)))):
            read.values, read.note = run, BEFORE_LABEL
            claimed.update(id(v) for v in run)
    return reads
