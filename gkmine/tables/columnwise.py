"""Table 三 read column by column: the order some PDF-to-text tools give a ruled grid.

pdfminer.six (and the PDF-to-markdown converters built on it) print a table page by page as
a block of row labels followed by a block of numbers, the numbers one *column* at a time:
the first column of every row on the page, then the second, and so on; the total column may
come out of its place. What ties the numbers to the cells:

- a block of ``7 × R`` numbers after a stretch of text that names ``R`` rows of the table
  (the labels found in that stretch, in statutory order);
- cut into seven columns of ``R`` numbers, exactly one column (or several identical ones)
  is the sum of the other six in every row (``H3``): that is the total column; the other
  six are the applicant columns in printed order.

A block that does not fit both (another count of labels, no column that adds up) is not
read this way, and nothing is invented: the rows stay as the other readings leave them.

>>> from gkmine.tables.stream import text_items
>>> from gkmine.tables.labels import row_specs
>>> from gkmine.tables.rows import read_rows
>>> text = ("一、本年新收政府信息公开申请数量\\n二、上年结转政府信息公开申请数量\\n"
...         + "\\n".join("5 1 0 0 0 0 0 0 0 0 1 0 6 1".split()) + "\\n")
>>> items = text_items(text, 0, len(text))
>>> rows = decode_columns(items, read_rows(items, row_specs("t3", "2021")))
>>> [d.value for d in rows["new"]], [d.value for d in rows["carried_in"]]
([5, 0, 0, 0, 0, 1, 6], [1, 0, 0, 0, 0, 0, 1])
"""

from __future__ import annotations

from gkmine.keys import T3_COLS
from gkmine.tables.columns import Draft
from gkmine.tables.rows import RowRead
from gkmine.tables.stream import Item

WIDTH = len(T3_COLS)
_EPS = 1e-6


def _value_runs(items: list[Item]) -> list[tuple[int, int]]:
    """(first, last) item index of every run of printed values with no label text between
    them (debris does not break a run)."""
    runs: list[tuple[int, int]] = []
    start = last = None
    for k, item in enumerate(items):
        if item.kind == "value" and item.status in ("number", "blank", "na"):
            start = k if start is None else start
            last = k
        elif item.kind == "text" and not item.debris and start is not None:
            runs.append((start, last))
            start = None
    if start is not None:
        runs.append((start, last))
    return runs


def total_column(blocks: list[list[float]]) -> int | None:
    """The column that is the sum of the others in every row; ``None`` if none is, or if
    several are and they differ."""
    rows = len(blocks[0])
    totals = [t for t in range(WIDTH)
              if all(abs(sum(blocks[j][i] for j in range(WIDTH) if j != t) - blocks[t][i])
                     <= _EPS for i in range(rows))]
    if not totals or any(blocks[t] != blocks[totals[0]] for t in totals):
        return None
    return totals[-1]  # identical candidates: the rightmost keeps the others in order


def decode_columns(items: list[Item], reads: list[RowRead]) -> dict[str, list[Draft]] | None:
    """The rows of t3 read column by column, for every block of numbers that fits; ``None``
    when no block does. Only the rows of fitting blocks are returned."""
    found = sorted((r for r in reads if r.found and r.label_index >= 0),
                   key=lambda r: r.label_index)
    out: dict[str, list[Draft]] = {}
    previous_end = -1
    for first, last in _value_runs(items):
        values = [it for it in items[first:last + 1]
                  if it.kind == "value" and it.status in ("number", "blank", "na")]
        if len(values) < WIDTH:  # a stray number among the labels, not a block
            continue
        named = [r for r in found if previous_end < r.label_index < first]
        previous_end = last
        if not named or len(values) != WIDTH * len(named):
            continue
        size = len(named)
        numbers = [float(v.value) if v.status == "number" else 0.0 for v in values]
        blocks = [numbers[j * size:(j + 1) * size] for j in range(WIDTH)]
        total = total_column(blocks)
        if total is None:
            continue
        order = [j for j in range(WIDTH) if j != total] + [total]
        for i, read in enumerate(named):
            cells = [values[j * size + i] for j in order]
            out[read.key] = [Draft(v.status, v.value, v, raw=v.text) for v in cells]
    return out or None
