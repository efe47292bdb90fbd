"""Put a row's printed values into its columns.

A row that printed one value per column maps directly. Otherwise the empty tab cells at its
edges decide (when every reading agrees), then the column positions of a space-aligned
(``-layout``) table, then the table's identities (:mod:`gkmine.tables.placement`); what none of
them decides stays ``missing`` with the reason. Placed and inferred cells carry
``confidence < 1`` and a note.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise
from statistics import median

from gkmine.keys import T3_COLS, T4_COLS, T4_ROWS, t2_layout
from gkmine.tables.labels import normalize_label
from gkmine.tables.notes import PLACEMENT_AMBIGUOUS
from gkmine.tables.placement import Placement, place_row, t3_equations, t4_equations
from gkmine.tables.rows import RowRead
from gkmine.tables.stream import Item, _width, by_characters

_CONF_PLACED = 0.8
_CONF_AMBIGUOUS_SLOT = 0.6
_CONF_INFERRED = 0.5


@dataclass
class Draft:
    """A cell before provenance is attached."""

    status: str
    value: float | int | None = None
    item: Item | None = None
    span: tuple[int, int] | None = None  # when no single printed item backs the cell
    printed_span: bool = False  # ``span`` covers printed values (not just the row label)
    raw: str = ""
    confidence: float = 1.0
    note: str = ""


def _resolve_soft(values: list[Item], width: int) -> list[Item]:
    """Keep the soft blanks (edge tab cells) that make the row exactly ``width`` cells wide.

    Every window of ``width`` consecutive cells that holds all printed values is a possible
    reading; when they all read the same, that is the row, else the soft blanks are dropped
    and the printed values are placed by the identities.
    """
    if not any(v.soft for v in values):
        return values
    hard = [i for i, v in enumerate(values) if not v.soft]
    lo, hi = (hard[0], hard[-1]) if hard else (len(values), -1)
    readings = {tuple((v.status, v.value) for v in values[s:s + width])
                for s in range(0, len(values) - width + 1) if s <= lo and s + width - 1 >= hi}
    if len(readings) == 1:
        start = next(s for s in range(0, len(values) - width + 1)
                     if s <= lo and s + width - 1 >= hi)
        return values[start:start + width]
    return [v for v in values if not v.soft]


def _trim(values: list[Item], width: int) -> tuple[list[Item], str]:
    values = _resolve_soft(values, width)
    while len(values) > width and values[-1].status == "blank":
        values.pop()
    while len(values) > width and values[0].status == "blank":
        values.pop(0)
    if len(values) > width:
        extra = " ".join(v.text for v in values[width:])
        return values[:width], f"{len(values) - width} more values after the row ignored: {extra}"
    return values, ""


_STACKED = ("more values than columns, the first two lines of them printing the same "
            "short run: several rows' numbers stacked in column blocks (a converter's "
            "layout), which are this row's is not known")


def _stacked_rows(values: list[Item], width: int) -> bool:
    """More values than ``width``, the first two lines of which print the same number of
    values, more than one and fewer than ``width``: two rows printed in column blocks one
    above the other (``5 6 0 0`` / ``1 1 0 0`` / ``0`` / ``0``), not one row and some stray
    numbers after it."""
    printed = [v for v in values if v.status != "blank"]
    if len(printed) <= width:
        return False
    counts = list(Counter(v.line for v in printed).values())
    return len(counts) >= 2 and 1 < counts[0] < width and counts[1] == counts[0]


def _direct(values: list[Item], note: str) -> list[Draft]:
    conf = 0.8 if note else 1.0
    return [Draft(v.status, v.value, v, raw=v.text, confidence=conf, note=note) for v in values]


Span = tuple[float, float]
#: how many lines above a table's first value a header broken over lines is looked for in
_HEADER_DEPTHS = (4, 6, 8)


def _header_columns(items: list[Item], labels: tuple[str, ...], before: int) -> list[Span] | None:
    """Column spans from the nearest header line above ``before`` that prints every label."""
    wanted = [normalize_label(label) for label in labels]
    lines: dict[int, list[Item]] = {}
    for item in items[:before]:
        if item.kind == "text" and item.x0 is not None:
            lines.setdefault(item.line, []).append(item)
    for line in sorted(lines, reverse=True):
        whole = [(item.text, item.x0, item.x1) for item in lines[line]]
        words = [word for item in lines[line] for word in _words(item)]
        glued = [piece for word in words for piece in _glued_labels(word, wanted)]
        for pieces in dict.fromkeys(map(tuple, (whole, words, glued))):
            spans = _label_spans(pieces, wanted)
            if spans is not None:
                return spans
    # a header broken over lines sits above the table's first value
    first = next((k for k, it in enumerate(items) if it.kind == "value"), len(items))
    above = sorted(n for n in lines if n < items[first].line) if first < len(items) else []
    # the nearest lines first; a header of three tiers over two (t4) needs more of them
    for depth in _HEADER_DEPTHS:
        spans = _stacked_header_columns([lines[n] for n in above[-depth:]], wanted)
        if spans is not None or depth >= len(above):
            return spans
    return None


def _label_spans(pieces: list[tuple[str, float, float]], wanted: list[str]) -> list[Span] | None:
    """The spans of the pieces that print the wanted labels in order, if all are there."""
    spans, k = [], 0
    for text, x0, x1 in pieces:
        text = normalize_label(text)
        if k < len(wanted) and text and (wanted[k] in text or text in wanted[k]):
            spans.append((x0, x1))
            k += 1
    return spans if k == len(wanted) else None


def _words(item: Item) -> list[tuple[str, float, float]]:
    """The words of a header item split at single spaces (``自然人 商业企业``: two column
    labels a narrow gap apart), with their display columns."""
    parts = item.text.split(" ")
    if len(parts) == 1:
        return [(item.text, item.x0, item.x1)]
    out, x = [], item.x0
    for part in parts:
        width = _width(part)
        if part:
            out.append((part, x, x + width))
        x += width + 1
    return out


def _glued_labels(word: tuple[str, float, float],
                  wanted: list[str]) -> list[tuple[str, float, float]]:
    """A header word that prints several column labels with no space between them
    (``本年新制作数量本年新公开数量``: labels that fill their cells), as one piece per label
    with its share of the word's columns; else the word itself.

    >>> wanted = ["本年新制作数量", "本年新公开数量"]
    >>> _glued_labels(("本年新制作数量本年新公开数量", 10, 24), wanted)
    [('本年新制作数量', 10.0, 17.0), ('本年新公开数量', 17.0, 24.0)]
    """
    text, x0, x1 = word
    kept = [i for i, ch in enumerate(text) if normalize_label(ch)]
    letters = "".join(text[i] for i in kept)
    found, pos = [], 0
    for label in wanted:
        at = letters.find(label, pos)
        if at >= 0:
            found.append((label, kept[at], kept[at + len(label) - 1] + 1))
            pos = at + len(label)
    # only in a text counted in characters (``pdftotext -layout``, see
    # ``stream.by_characters``), where a word starts at its column and each character takes
    # one: its display columns, CJK counted double, put the labels right of their places
    in_chars = abs((x1 - x0) - len(text)) < 0.5 and _width(text) != len(text)
    if len(found) < 2 or not in_chars:
        return [word]
    return [(label, float(x0 + start), float(x0 + end)) for label, start, end in found]


def _stacked_header_columns(lines: list[list[Item]], wanted: list[str]) -> list[Span] | None:
    """Column spans from header words broken over lines (``商业`` above ``企业``).

    Fragments are stacked bottom-up into columns by horizontal overlap; a fragment over
    several columns (``法人或其他组织``) is a spanning header and is left out.
    """
    columns: list[list] = []  # [x0, x1, [texts bottom-up]]
    for line in reversed(lines):
        for item in line:
            over = [c for c in columns if item.x0 < c[1] and item.x1 > c[0]]
            if len(over) == 1:
                over[0][2].append(item.text)
                over[0][0], over[0][1] = min(over[0][0], item.x0), max(over[0][1], item.x1)
            elif not over:
                columns.append([item.x0, item.x1, [item.text]])
    spans, k = [], 0
    for x0, x1, texts in sorted(columns, key=lambda c: c[0]):
        text = normalize_label("".join(reversed(texts)))
        if k < len(wanted) and text and wanted[k] in text:
            spans.append((x0, x1))
            k += 1
    return spans if k == len(wanted) else None


def _header_line(items: list[Item], read: RowRead, labels: tuple[str, ...]) -> int | None:
    """The line of the nearest header above the row: rows under one header share columns."""
    first = normalize_label(labels[0])
    for item in reversed(items[:max(read.label_index, 0)]):
        text = normalize_label(item.text) if item.kind == "text" else ""
        if text and (first in text or (len(text) >= 2 and text in first)):
            return item.line
    return None


def _row_columns(reads: list[RowRead], read: RowRead, items: list[Item],
                 labels: tuple[str, ...]) -> list[Span] | None:
    """Column spans from the rows under the same header that printed every value, when
    they agree."""
    cols = read.cols
    block = _header_line(items, read, labels)
    full = [r for r in reads if r.found and r.cols == cols and len(r.values) == len(cols)
            and all(v.x0 is not None for v in r.values)
            and _header_line(items, r, labels) == block]
    if not full:
        return None
    for j in range(len(cols)):
        centres = [r.values[j].x for r in full]
        if max(centres) - min(centres) > 2:
            return None
    spans = [(median(r.values[j].x0 for r in full), median(r.values[j].x1 for r in full))
             for j in range(len(cols))]
    return spans if all(a[1] <= b[0] for a, b in pairwise(spans)) else None


def _value_columns(reads: list[RowRead], read: RowRead, items: list[Item],
                   labels: tuple[str, ...]) -> list[Span] | None:
    """Column spans from the positions of every value printed under the same header, when
    every column holds a value somewhere."""
    block = _header_line(items, read, labels)
    values = [v for r in reads if r.found and r.cols == read.cols
              and _header_line(items, r, labels) == block
              for v in r.values if v.x0 is not None and v.status != "blank"]
    spans = _cluster(values)
    if len(spans) != len(read.cols):
        return None
    return spans if all(a[1] <= b[0] for a, b in pairwise(spans)) else None


def _cluster(values: list[Item]) -> list[Span]:
    """Group values whose extents overlap (numbers of one column share a right or left edge
    or overlap), left to right."""
    spans: list[list[float]] = []
    for v in sorted(values, key=lambda v: v.x0):
        if spans and v.x0 <= spans[-1][1] + 1:  # extraction jitters by a column
            spans[-1][1] = max(spans[-1][1], v.x1)
        else:
            spans.append([v.x0, v.x1])
    return [(a, b) for a, b in spans]


#: column labels of the one column a negative number may sit in (2019 t2 本年增/减)
_SIGNED_LABELS = frozenset(label for rows in (t2_layout("2019"),) for _, cols in rows.values()
                           for col, label in cols if col == "change")
#: a value this close (in display columns) to its column's edge or centre is aligned
#: exactly: read as surely as a value of a ruled grid
_ALIGNED_EXACTLY = 1.0


#: note and confidence of a value placed by its position in a space-aligned row, not
#: exactly under its column
ALIGNED, CONF_ALIGNED = "placed by column alignment", 0.9


@dataclass
class Aligned:
    """A row read by column position: its drafts, and how far its values lie from their
    columns' edges or centres in all (display columns)."""

    drafts: list[Draft]
    misfit: float
    #: the columns are where the values themselves cluster (no header or complete row
    #: showed them): the values fit them by construction
    from_values: bool = False


def _align(values: list[Item], spans: list[Span], *, exact: bool = True) -> Aligned | None:
    """Place values under their columns in a space-aligned table (``pdftotext -layout``).

    A value belongs to the column it is left-, centre- or right-aligned with; the columns
    without a value are blank cells. When every value is aligned exactly with its column
    (and ``exact`` allows it: the row was not shifted to fit), the row is read with full
    confidence, else with a little less.
    """
    if any(v.x0 is None for v in values) or len(spans) < 2:
        return None
    pitch = min(b[0] + b[1] - a[0] - a[1] for a, b in pairwise(spans)) / 2

    def distance(v: Item, span: Span) -> float:
        centre = (span[0] + span[1]) / 2
        return min(abs(v.x0 - span[0]), abs(v.x1 - span[1]), abs(v.x - centre))

    slots: list[int] = []
    for v in values:
        j = min(range(len(spans)), key=lambda j: distance(v, spans[j]))
        if distance(v, spans[j]) > pitch / 2 or (slots and j <= slots[-1]):
            return None
        slots.append(j)
    if exact and all(distance(v, spans[j]) <= _ALIGNED_EXACTLY
                     for v, j in zip(values, slots, strict=True)):
        conf, blank_note, note = 1.0, "", ""
    else:
        conf, blank_note, note = CONF_ALIGNED, "empty column in a column-aligned row", ALIGNED
    drafts = [Draft("blank", confidence=conf, note=blank_note) for _ in spans]
    for v, j in zip(values, slots, strict=True):
        drafts[j] = Draft(v.status, v.value, v, raw=v.text, confidence=conf, note=note)
    return Aligned(drafts, sum(distance(v, spans[j]) for v, j in zip(values, slots,
                                                                     strict=True)))


def _from_placement(values: list[Item], placement: Placement, width: int) -> list[Draft]:
    span = (values[0].start, values[-1].end)
    printed = " ".join(v.text for v in values)
    rules = "+".join(placement.rules) or "identities"
    drafts = []
    for j in range(width):
        value, slot = placement.values[j], placement.slots[j]
        if value is None:
            why = placement.note or (f"{placement.hypotheses} placements fit the identities, "
                                     "none decides this cell")
            drafts.append(Draft("missing", span=span, printed_span=True,
                                note=f"{len(values)} numbers for {width} columns ({printed}); "
                                     f"{why}"))
        elif slot is not None:
            drafts.append(Draft("number", value, values[slot], raw=values[slot].text,
                                confidence=_CONF_PLACED,
                                note=f"placed by {rules}: {len(values)} numbers for {width} "
                                     "columns"))
        else:
            # which printed numbers could stand here: any with the cell's value
            raws = {v.text for v in values if v.value == value}
            inferred = not raws
            drafts.append(Draft("number", value, span=span, printed_span=True,
                                raw=raws.pop() if len(raws) == 1 else "",
                                confidence=_CONF_INFERRED if inferred else _CONF_AMBIGUOUS_SLOT,
                                note=f"{'inferred' if inferred else 'placed'} by {rules}: "
                                     f"{len(values)} numbers for {width} columns, value "
                                     "implied, printed position ambiguous"))
    return drafts


_MIXED_ROWS = ("numbers on lines of their own that do not add up, in a table whose rows "
               "print short: they may be several rows' numbers")


def _mixed_rows(values: list[Item], reads: list[RowRead]) -> bool:
    """Numbers after a t3 row label (seven, or fewer ending in what should be their total),
    each on a line of its own, that break H3, in a table whose rows mostly print short
    (blank cells print nothing): a text of a cell per line runs the numbers of several
    short rows together, so they are not the row's for sure. (In a table of full rows, or
    on the label's own line, they are the row's.)"""
    if len({v.line for v in values}) < 2 or any(v.status != "number" for v in values):
        return False
    numbers = [float(v.value) for v in values]
    printing = [r for r in reads if r.found and r.values]
    return abs(sum(numbers[:-1]) - numbers[-1]) > 1e-6 and 2 * sum(
        len(r.values) < len(r.cols) for r in printing) >= len(printing)


def total_last(values: list[Item], width: int, reads: list[RowRead]) -> bool:
    """A t3 row printed short on one line, numbers only, its last the largest, in a table
    whose rows print short (at least half of those that print anything: blank cells print
    nothing), each on a line of its own: its last number is its total, whether or not the
    counts before it add up to it (H3 says if they do not). One short row among full ones
    lost some of its numbers, and which is not known.

    >>> from gkmine.tables.stream import text_items
    >>> def rows(*texts):
    ...     return [RowRead(str(k), (), text_items(t, 0, len(t), line_base=k), True)
    ...             for k, t in enumerate(texts)]
    >>> row, short = text_items("2 1 4", 0, 5), text_items("5 2", 0, 3)
    >>> total_last(row, 7, rows("2 1 4", "3 3")), total_last(short, 7, rows("5 2"))
    (True, False)
    >>> total_last(row, 7, rows("2 1 4", "0 0 0 0 0 0 0", "1 0 0 0 0 0 1"))
    False
    """
    printing = [r for r in reads if r.found and r.values]
    if (not values or len(values) >= width or any(v.status != "number" for v in values)
            or 2 * sum(len(r.values) < width for r in printing) < len(printing)
            or len({v.line for v in values}) > 1 or len({r.values[0].line for r in printing})
            < len(printing)):
        # a row's numbers over several lines, or rows sharing lines: a text of a cell per
        # line, whose rows may have lost numbers to other rows
        return False
    *counts, total = (float(v.value) for v in values)
    return total > 0 and all(0 < c <= total for c in counts)


def _number_map(reads: list[RowRead]) -> dict[tuple[str, str], float]:
    known = {}
    for read in reads:
        if read.found and len(read.values) == len(read.cols):
            for col, v in zip(read.cols, read.values, strict=True):
                if v.status == "number":
                    known[(read.key, col)] = float(v.value)
                elif v.status in ("blank", "na"):
                    known[(read.key, col)] = 0.0
    return known


def _col_labels(table: str, layout: str, read: RowRead) -> tuple[str, ...]:
    if table == "t4":
        return tuple(T4_COLS.values()) * len(T4_ROWS)
    if table == "t3":
        return tuple(T3_COLS.values())
    return tuple(label for _, label in t2_layout(layout)[read.key][1])


#: what a row label with nothing after it means, by how the table's rows print their values
_EMPTY_BESIDE = Draft("blank", confidence=0.9,
                      note="nothing printed on the row label's line")
#: the same in a table where every row's numbers sit on one line right after its own label
#: (no other label's words between) and no number is left over: the row printed nothing, as
#: surely as a number is read
_EMPTY_ROW = Draft("blank")
_EMPTY_AFTER = Draft("blank", confidence=0.8,
                     note="nothing printed between the row label and the next one")
_EMPTY_APART = Draft("missing", note="no value printed after the row label, and the table "
                                     "prints its numbers apart from their labels")
_EMPTY_TABLE = Draft("blank", confidence=0.6, note="no value printed after the row label")
#: this many numbers that no row took mean the table prints numbers apart from their labels
_MAX_STRAY_NUMBERS = 2


def _empty_row(reads: list[RowRead], items: list[Item], position: dict[int, int], *,
               claims_every_number: bool) -> Draft:
    """How to read a row label with no value after it, from the rows that have values: when
    they print them on the label's line (a row per line), the row is blank; right after the
    label (a cell per line), blank with less confidence; when numbers pile up after one label
    (a block of numbers apart from a block of labels) or none follows its label, the row's
    numbers may be anywhere: missing. A table with no number at all is printed empty. With
    ``claims_every_number`` (no other reading places the numbers no row took, as t3's
    decoding does), numbers that no row took also leave the empty rows missing."""
    with_values = [r for r in reads if r.found and r.values]
    taken = {id(v) for r in with_values for v in r.values}
    # numbers no row took (more than a stray page number): the empty rows' own, maybe
    untaken = sum(it.status == "number" and id(it) not in taken for it in items)
    if not with_values:  # printed empty, unless numbers stand where no row took them
        return _EMPTY_APART if untaken else _EMPTY_TABLE
    if (claims_every_number and untaken >= _MAX_STRAY_NUMBERS) or any(
            len(r.values) > len(r.cols) for r in with_values):
        return _EMPTY_APART
    if untaken > max(_MAX_STRAY_NUMBERS, len(taken)) and all(
            len(r.values) < len(r.cols) for r in with_values):
        # no row printed all its cells, and more numbers stand where no row took them than
        # beside the labels: the rows' other columns are printed apart (a converter's
        # column blocks), the empty rows' numbers may be among them
        return _EMPTY_APART
    beside = after = own = 0
    for read in with_values:
        k = position.get(id(read.values[0]), 0)
        label = next((it for it in reversed(items[:k]) if not it.debris), None)
        if label is None or label.kind != "text":
            continue
        beside += label.line == read.values[0].line
        after += label.line != read.values[0].line
        own += read.above or (read.label_span is not None
                              and read.label_span[0] <= label.start < read.label_span[1])
    if beside + after < len(with_values) / 2:
        return _EMPTY_APART
    if own == len(with_values) and not untaken and all(
            it.line == read.values[-1].line for read in with_values for it in read.values):
        return _EMPTY_ROW
    return _EMPTY_BESIDE if beside >= 2 * after else _EMPTY_AFTER


def _aligned(reads: list[RowRead], read: RowRead, items: list[Item],
             labels: tuple[str, ...], at: int, *, rows_only: bool) -> Aligned | None:
    """The row's values (its first at ``items[at]``) under their columns by position: the
    columns from the complete rows (only, with ``rows_only``), else from the header words,
    then from all the values' positions. A negative number goes only to a column that may
    hold one (2019 本年增/减)."""
    spans = _row_columns(reads, read, items, labels) if rows_only else (
        _header_columns(items, labels, at))
    from_values = not spans and not rows_only
    if from_values:
        spans = _value_columns(reads, read, items, labels)
    if not spans:
        return None
    aligned = _align(read.values, spans)
    if aligned is not None:
        aligned.from_values = from_values
    if aligned is not None and any(
            d.status == "number" and d.value is not None and d.value < 0
            and label not in _SIGNED_LABELS
            for d, label in zip(aligned.drafts, labels, strict=False)):
        return None
    # (a value hard-wrapped to a line of its own has no position: nothing to anchor)
    if (aligned is None and labels[-1] == T3_COLS["total"] and read.values[-1].status == "number"
            and all(v.x is not None for v in read.values)):
        aligned = _align(_anchored(read.values, spans[-1]), spans, exact=False)
        if aligned is not None:
            aligned.from_values = from_values
    return aligned


def _best_aligned(readings: list[Aligned | None]) -> list[Draft] | None:
    """Of a row's readings by column position in each metric, the exact one whose values
    lie nearest columns that the header or complete rows show, else the first at all: the
    metric the text was set in puts every value on its column's edge, the other may put
    one within reach of a wrong column (and even count it as exact: its far edge a step
    from the column's); columns drawn from the values' own positions fit by construction.

    >>> near = Aligned([Draft("number", 2)], 0.0)
    >>> far = Aligned([Draft("number", 2, confidence=1.0, note="")], 2.0)
    >>> _best_aligned([far, near]) is near.drafts, _best_aligned([None, None])
    (True, None)
    """
    found = [r for r in readings if r is not None]
    exact = [r for r in found if all(d.confidence == 1.0 for d in r.drafts)]
    if exact:
        return min(exact, key=lambda r: (r.from_values, r.misfit)).drafts
    return found[0].drafts if found else None


def _sure_total(drafts: list[Draft], values: list[Item]) -> list[Draft]:
    """A t3 row placed by column alignment (not exactly) with its last printed value, the
    largest, under the total column: that value is the total as surely as if aligned
    exactly, since a row's total is printed last and is at least each of its counts; the
    counts' columns stay as doubtful as their alignment.

    >>> from gkmine.tables.stream import text_items
    >>> row = text_items("2 5", 0, 3)
    >>> drafts = [Draft("number", 2, row[0], confidence=0.9)] + [
    ...     Draft("blank", confidence=0.9) for _ in range(5)] + [
    ...     Draft("number", 5, row[1], confidence=0.9)]
    >>> [d.confidence for d in _sure_total(drafts, row)][::6]
    [0.9, 1.0]
    """
    total = drafts[-1]
    if (total.status != "number" or total.item is None or not values
            or total.item.start != values[-1].start or total.confidence == 1.0
            or any(v.status == "number" and v.value > total.value for v in values)):
        return drafts
    return [*drafts[:-1], replace(total, confidence=1.0, note="")]


def _anchored(values: list[Item], total: Span) -> list[Item]:
    """A t3 row's values shifted so that its last, the row's total, sits under the total
    column: ``pdftotext -layout`` shifts a line by the width its CJK label takes beyond one
    step a character, so a row's columns keep their distances, not their places.

    >>> from gkmine.tables.stream import text_items
    >>> row = text_items("3      2     5", 0, 14)
    >>> for v, x in zip(row, (0, 7, 13)):
    ...     v.x0, v.x1 = x + 11.0, x + 12.0
    >>> [v.x0 for v in _anchored(row, (13.0, 14.0))]
    [0.0, 7.0, 13.0]
    """
    last = values[-1]
    shift = (total[0] + total[1]) / 2 - last.x
    return [replace(v, x0=v.x0 + shift, x1=v.x1 + shift) for v in values]


def _in_characters(reads: list[RowRead],
                   items: list[Item]) -> tuple[list[RowRead], list[Item]]:
    """The reads and the items with their columns counted in characters (see
    :func:`gkmine.tables.stream.by_characters`)."""
    moved = dict(zip(map(id, items), by_characters(items), strict=True))
    copies = [replace(r, values=[moved.get(id(v)) or by_characters([v])[0] for v in r.values])
              for r in reads]
    return copies, list(moved.values())


def place_columns(reads: list[RowRead], table: str, layout: str,
                  items: list[Item]) -> dict[str, list[Draft]]:
    """Drafts for every column of every row read."""
    out: dict[str, list[Draft]] = {}
    position = {id(item): k for k, item in enumerate(items)}
    empty = _empty_row(reads, items, position, claims_every_number=table == "t2")
    for read in reads:
        width = len(read.cols)
        stacked = _stacked_rows(read.values, width)
        read.values, note = _trim(read.values, width)
        if stacked:
            span = (read.values[0].start, read.values[-1].end)
            out[read.key] = [Draft("missing", span=span, printed_span=True, note=_STACKED)
                             for _ in read.cols]
        elif not read.found or read.block:
            out[read.key] = [Draft("missing", note=read.note) for _ in read.cols]
        elif not read.values:
            out[read.key] = [Draft(empty.status, confidence=empty.confidence,
                                   note=read.note or empty.note) for _ in read.cols]
        elif (table == "t3" and len(read.values) <= width
              and _mixed_rows(read.values, reads)):
            # not the row's for sure (a short row that does not add up either: H3 would
            # place another row's numbers): left missing, the numbers kept as printed
            span = (read.values[0].start, read.values[-1].end)
            why = "; ".join(filter(None, (read.note, note, _MIXED_ROWS)))
            raws = [v.text for v in read.values]
            if len(raws) < width:
                raws = [" ".join(raws)] * width
            out[read.key] = [Draft("missing", span=span, printed_span=True, raw=raw,
                                   note=why) for raw in raws]
        elif len(read.values) == width:
            out[read.key] = _direct(read.values, "; ".join(filter(None, (read.note, note))))
    known = _number_map(reads)
    in_chars: tuple[list[RowRead], list[Item]] | None = None
    for read in reads:
        if read.key in out:
            continue
        width = len(read.cols)
        aligned = None
        labels, at = _col_labels(table, layout, read), position.get(id(read.values[0]), 0)
        # columns in display width, else in characters (``pdftotext -layout`` sets every
        # character on one grid step): the complete rows' columns in either first, as the
        # metric in which they agree is the text's
        metrics = []
        if read.values[0].x0 is not None:
            metrics.append((reads, read, items))
        if read.values[0].cx0 is not None:
            if in_chars is None:  # once per table: the copies are as long as the table
                in_chars = _in_characters(reads, items)
            mine = next(c for r, c in zip(reads, in_chars[0], strict=True) if r is read)
            metrics.append((in_chars[0], mine, in_chars[1]))
        for rows_only in (True, False):
            if aligned is None:
                aligned = _best_aligned([_aligned(*metric, labels, at, rows_only=rows_only)
                                         for metric in metrics])
        if aligned is not None:
            out[read.key] = _sure_total(aligned, read.values) if table == "t3" else aligned
            continue
        printed = [v.value if v.status == "number" else 0.0 for v in read.values]
        if table in ("t3", "t4") and all(v.status in ("number", "blank", "na")
                                         for v in read.values):
            if table == "t3":
                cells = [(read.key, c) for c in read.cols]
                eqs = t3_equations(layout)
            else:
                cells = [tuple(c.split(".")) for c in read.cols]
                eqs = t4_equations()
            placement = place_row(printed, cells, eqs, known)
            out[read.key] = _from_placement(read.values, placement, width)
            if (table == "t3" and out[read.key][-1].status == "missing" and (
                    len(read.values) > 1 or read.values[0].line == items[read.label_index].line)
                    and total_last(read.values, width, reads)):
                # numbers sharing a line, or one on its label's: a text of a row per line
                last = read.values[-1]  # the counts' columns are open, their total is not
                out[read.key][-1] = Draft("number", last.value, last, raw=last.text)
            if placement.complete:
                known.update({cell: float(v) for cell, v in zip(cells, placement.values,
                                                                   strict=True)})
        else:
            raw = " ".join(v.text for v in read.values)
            out[read.key] = [Draft("missing", span=(read.values[0].start, read.values[-1].end),
                                   printed_span=True,
                                   note=f"{len(read.values)} values for {width} columns "
                                        f"({raw}): {PLACEMENT_AMBIGUOUS}") for _ in read.cols]
    return out


