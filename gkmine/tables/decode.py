"""Identity-guided decoding of table 三 from any reading order.

A text extraction of a ruled table may give its cells in an order far from the printed rows:
``pdftotext`` without options prints a block of labels, then the numbers of several rows, with
header words between them; a vertically centred label comes after its numbers; blank rows
print nothing at all; page numbers and OCR specks fall between the cells. What survives is the
order of the numbers within the table and where the labels fall among them.

The decoder uses what the table's grid and identities say about those numbers:

1. the numbers are cut into rows of seven (``H3``: the seventh is the sum of the first six);
   a number that does not fit (a page number, debris) is passed over and reported;
2. every row of numbers is given a row key, keeping statutory order: the labels printed
   between it and the previous row of numbers (first those before it, then those after it,
   as a label may follow its numbers), else one of the rows the identities tie together
   (``new``, ``carried_in``, ``total_processed``, ``carried_out``);
3. an assignment is kept when every column satisfies ``H1`` and ``H2`` with the rows that
   printed nothing as blank. The first acceptable assignment in label-preference order wins;
   a row placed by the identities rather than by an adjacent label gets a lower confidence.

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

from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from gkmine.keys import T3_COLS, T3_RESULT_ROWS, t3_rows
from gkmine.tables.columns import Draft
from gkmine.tables.labels import MIN_SCORE, _windows, row_specs
from gkmine.tables.rows import RowRead
from gkmine.tables.stream import Item

WIDTH = len(T3_COLS)
#: rows that H1/H2 tie to the rest of the table: a row of numbers without an adjacent label
#: may be one of them
FRAME_ROWS = ("new", "carried_in", "total_processed", "carried_out")
#: the search over assignments stops after this many candidate assignments
MAX_ASSIGNMENTS = 20_000
_CONF_BY_IDENTITY = 0.8


@dataclass
class Chunk:
    """Seven consecutive printed numbers that satisfy H3, and where they lie in the stream."""

    values: list[Item]
    first: int
    last: int

    @property
    def numbers(self) -> list[float]:
        return [float(v.value) if v.status == "number" else 0.0 for v in self.values]


@dataclass
class Decoded:
    rows: dict[str, list[Draft]]
    skipped: list[Item] = field(default_factory=list)  # numbers that fit no row

    @property
    def placed(self) -> int:
        return sum(d.item is not None for drafts in self.rows.values() for d in drafts)

    @property
    def by_labels(self) -> bool:
        """Every row of numbers was named by an adjacent label (none by the identities)."""
        return all(d.confidence == 1.0 for drafts in self.rows.values() for d in drafts
                   if d.item is not None)


def _row_sum_holds(numbers: list[float]) -> bool:
    return (all(n >= 0 and float(n).is_integer() for n in numbers)
            and abs(sum(numbers[:-1]) - numbers[-1]) < 1e-6)


def chunk_values(items: list[Item]) -> tuple[list[Chunk], list[Item]]:
    """The printed numbers cut into rows of seven that satisfy H3; the numbers passed over.

    >>> from gkmine.tables.stream import text_items
    >>> text = "第 3 页\\n2 0 0 0 0 0 2\\n3\\n1 1 0 0 0 0 2"
    >>> chunks, skipped = chunk_values(text_items(text, 0, len(text)))
    >>> [c.numbers[-1] for c in chunks], [s.text for s in skipped]
    ([2.0, 2.0], ['3', '3'])
    """
    at = [k for k, it in enumerate(items)
          if it.kind == "value" and not it.soft and it.status in ("number", "na", "blank")]
    chunks: list[Chunk] = []
    skipped: list[Item] = []
    i = 0
    while i + WIDTH <= len(at):
        window = [items[k] for k in at[i:i + WIDTH]]
        numbers = [float(v.value) if v.status == "number" else 0.0 for v in window]
        if (all(v.status == "number" for v in window[-1:]) or numbers[-1] == 0) and \
                _row_sum_holds(numbers):
            chunks.append(Chunk(window, at[i], at[i + WIDTH - 1]))
            i += WIDTH
        else:
            skipped.append(items[at[i]])
            i += 1
    skipped.extend(items[k] for k in at[i:])
    return chunks, skipped


def _local_labels(items: list[Item], specs) -> list[str]:
    """Rows whose label is printed among ``items`` (a stretch between two rows of numbers),
    in printed order, labels of four or more characters first: header words (``总计``,
    ``其他``) look like the short ones. Each stretch of text names its best-matching row."""
    windows = _windows(items)
    if not windows:
        return []
    texts = [w[2] for w in windows]
    lengths = np.array([len(t) for t in texts], dtype=float)
    best = np.zeros(len(windows))
    best_row = np.full(len(windows), -1)
    short = np.zeros(len(windows), dtype=bool)
    for r, spec in enumerate(specs):
        for pattern in spec.patterns:
            lcs = process.cdist([pattern], texts, scorer=LCSseq.similarity, workers=1)[0]
            score = lcs / len(pattern) * (lcs / np.maximum(lengths, 1)) ** 0.25
            better = score > best + 1e-9
            best[better], best_row[better] = score[better], r
            short[better] = len(pattern) < 4
    taken = np.zeros(len(items), dtype=bool)
    found: list[tuple[bool, int, str]] = []
    for w in np.argsort(-best, kind="stable"):
        first, last, _ = windows[w]
        if best[w] < MIN_SCORE or taken[first:last + 1].any():
            continue
        taken[first:last + 1] = True
        found.append((bool(short[w]), first, specs[best_row[w]].key))
    return list(dict.fromkeys(key for _, _, key in sorted(found)))


def _labelled(chunks: list[Chunk], items: list[Item], layout: str) -> list[list[str]]:
    """Row keys the labels around each chunk name, best first: the labels between it and
    the previous chunk (matched afresh there, as labels printed out of order are lost to a
    whole-table alignment), then those between it and the next one."""
    specs = row_specs("t3", layout)
    out = []
    for c, chunk in enumerate(chunks):
        prev_end = chunks[c - 1].last + 1 if c else 0
        next_start = chunks[c + 1].first if c + 1 < len(chunks) else len(items)
        before = _local_labels(items[prev_end:chunk.first], specs)
        after = _local_labels(items[chunk.last + 1:next_start], specs)
        out.append(list(dict.fromkeys([*before, *after])))
    return out


def identities_hold(assigned: dict[str, list[float]], results: tuple[str, ...]) -> bool:
    """H1 and H2 in every column, rows not assigned counting as 0."""
    zero = [0.0] * WIDTH

    def row(key: str) -> list[float]:
        return assigned.get(key, zero)

    for j in range(WIDTH):
        if abs(row("new")[j] + row("carried_in")[j]
               - row("total_processed")[j] - row("carried_out")[j]) > 1e-6:
            return False
        if abs(sum(row(r)[j] for r in results) - row("total_processed")[j]) > 1e-6:
            return False
    return True


def _search(chunks: list[Chunk], cands: list[list[str]], order: dict[str, int],
            results: tuple[str, ...]) -> list[str] | None:
    """The first assignment (in candidate order, keeping statutory order) the identities
    accept."""
    budget = [MAX_ASSIGNMENTS]
    chosen: list[str] = []

    def walk(c: int, floor: int) -> bool:
        if budget[0] <= 0:
            return False
        if c == len(chunks):
            budget[0] -= 1
            return identities_hold({key: chunks[k].numbers for k, key in enumerate(chosen)},
                                    results)
        for key in cands[c]:
            if order[key] < floor:
                continue
            chosen.append(key)
            if walk(c + 1, order[key] + 1):
                return True
            chosen.pop()
        return False

    return list(chosen) if walk(0, 0) else None


def decode_t3(items: list[Item], reads: list[RowRead], layout: str) -> Decoded | None:
    """Table 三 decoded from the numbers and labels of ``items``; ``None`` when it cannot be
    (no row of seven numbers, or no assignment the identities accept)."""
    rows = t3_rows(layout)
    results = T3_RESULT_ROWS["2019" if layout == "2019" else "2021"]
    chunks, skipped = chunk_values(items)
    if not chunks or len(chunks) > len(rows):
        return None
    labels = {r.key for r in reads if r.found}
    labelled = _labelled(chunks, items, layout)
    cands = [list(dict.fromkeys([*near, *FRAME_ROWS])) for near in labelled]
    order = {key: i for i, key in enumerate(rows)}
    assignment = _search(chunks, cands, order, results)
    if assignment is None:
        return None
    by_row = dict(zip(assignment, chunks, strict=True))
    drafts: dict[str, list[Draft]] = {}
    for key, near, chunk in zip(assignment, labelled, chunks, strict=True):
        conf, note = (1.0, "") if near[:1] == [key] else (
            _CONF_BY_IDENTITY, "row decided by the identities H1/H2, not by an adjacent label")
        drafts[key] = [Draft(v.status, v.value, v, raw=v.text, confidence=conf, note=note)
                       for v in chunk.values]
    for key in rows:
        if key in by_row:
            continue
        if key in labels:
            drafts[key] = [Draft("blank") for _ in T3_COLS]  # its label, no numbers
        else:
            drafts[key] = [Draft("blank", confidence=0.6,
                                 note="row label not found; no numbers were left for it")
                           for _ in T3_COLS]
    return Decoded(drafts, skipped)
