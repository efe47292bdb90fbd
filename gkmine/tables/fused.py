"""Table rows whose cells lost their separators: ``…申请数量801000081`` for 80 1 0 0 0 0 81.

A page's text flattened by a crawler glues a row's label to its numbers and its numbers to
one another. When the labels of a table are glued to digits (the mark of such a text), the
digit runs are split off the labels, and a row that prints fewer runs than it has cells is
decoded: every split of its digits into the row's cells (no leading zeros but a lone ``0``,
at most :data:`MAX_CELL_DIGITS` digits a cell, never across a space the text kept) is
enumerated, and only the splits the table's identities accept are kept — the row's own sum
(H3: the six applicant columns make the total; H4: each t4 group's four results make its
total), then, for the rows still open, the column identities H1 and H2 across the rows of t3.
Exactly one survivor is placed, with confidence :data:`CONF_FUSED` and a note — unless the
rows of H1 each read one way by their own sum and H1 then holds in every column: two
identities agree, and those rows are read as printed (an H2 that fails is the source's). Of a row
that several survivors fit, a cell every one of them reads alike (same digits, same place)
is placed with :data:`CONF_AGREED`; the report's own prose may then settle the rest when it
states a cell's figure ("制发行政规范性文件62件"): the readings that give it are kept, and the
cells they all agree on are placed with :data:`CONF_PROSE` and a note naming the prose's
offsets (that prose then cannot also confirm them: :func:`prose_spans`). Every other cell
stays ``missing`` with the readings in its note: a split is never guessed, and a row whose
numbers are there is never called blank. A row that prints exactly
as many digits as it has cells has one reading whatever the identities say (one digit a
cell): it is read as printed, and an identity it breaks is the source's.

>>> row_splits(["801000081"], 7, group=7)
[(80, 1, 0, 0, 0, 0, 81)]
>>> row_splits(["20", "0", "0", "0", "02"], 7, group=7)  # partly spaced
[(2, 0, 0, 0, 0, 0, 2)]
>>> row_splits(["3720"], 3)  # t2 has no identity: three readings
[(3, 7, 20), (3, 72, 0), (37, 2, 0)]
>>> row_splits(["000"], 3)
[(0, 0, 0)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, product
from typing import Protocol

from gkmine.keys import SIGNED_COLS, T3_RESULT_ROWS, T4_COLS, T4_ROWS
from gkmine.read.normalize import CJK
from gkmine.tables.columns import Draft
from gkmine.tables.labels import row_specs
from gkmine.tables.notes import FUSED_DIGITS
from gkmine.tables.rows import read_rows
from gkmine.tables.stream import Item
from gkmine.tables.tokens import parse_value

#: a count printed in a table cell has at most this many digits (bounds the splits)
MAX_CELL_DIGITS = 6
#: steps of the split search of one row (a row past it is left undecided)
MAX_STEPS = 20_000
#: readings kept per row, and combinations of open rows tried against H1/H2
MAX_READINGS = 64
MAX_COMBINATIONS = 4096
CONF_FUSED = 0.8
#: a cell every admissible reading of its row agrees on (the row itself reads several ways)
CONF_AGREED = 0.7
#: a cell only the report's prose decides between readings
CONF_PROSE = 0.6
#: how the note of a cell the prose settled begins; :func:`prose_spans` reads it back
PROSE_NOTE = "settled by the report's prose at offsets"
_PROSE_SPANS = re.compile(rf"{PROSE_NOTE} ((?:\d+–\d+(?:, )?)+)")
#: the end of a text, but for the stray marks of a ruling line OCR may leave
_TAIL = r"[_|｜'`~\s]*"
_END = rf"(?={_TAIL}$)"
#: digits glued to the label before them: ``…申请数量801000081``, ``（七）总计3100``,
#: ``行政处罚0-3218`` (0, -3, 218), ``行政事业性收费1664.6``; inside a text, when a fragment of
#: another label follows (``…权益0000000公开``), three digits or more and no unit after them;
#: the digits of a text that starts with them (``02_``: a number and a ruling line's mark);
#: an amount with its unit glued on both sides (``政府集中采购1973601627.4元三、``)
_GLUED = re.compile(rf"(?:^|(?<=[{CJK}）)”」\"]))[+-]?\d[\d.+-]*(?<=\d)"
                    rf"(?:{_END}|(?<=\d\d\d)(?=[{CJK}（(“\"])(?![年月日件个项条次人万元])"
                    rf"|(?<=\d)元(?={_TAIL}$|[{CJK}]))")
#: a number that cannot be one printed count: cells fused (``000``, ``0104``)
_LEADING_ZERO = re.compile(r"0\d+")
#: printed runs of a fused row
_RUN = re.compile(r"[+-]?\d[\d.+-]*")
#: one cell: a count, a signed change or an amount, no leading zeros
_CELL = re.compile(r"[+-]?(?P<int>0|[1-9]\d*)(?P<frac>\.\d+)?")
#: marks of fusion a table needs before its rows are read as fused (t4 has one header)
_MIN_MARKS = {"t2": 2, "t3": 2, "t4": 1}


def row_splits(tokens: Sequence[str], n: int, *, group: int | None = None,
               limit: int = MAX_READINGS) -> list[tuple[int | float, ...]] | None:
    """The readings of the printed runs ``tokens`` as ``n`` cells, as numbers (see
    :func:`cell_splits`).

    >>> row_splits(["0-3218"], 3)
    [(0, -3, 218), (0, -32, 18), (0, -321, 8)]
    """
    found = cell_splits(tokens, n, group=group, limit=limit)
    return None if found is None else [tuple(_number(c) for c in r) for r in found]


def _number(cell: str) -> int | float:
    return float(cell) if "." in cell else int(cell)


def cell_splits(tokens: Sequence[str], n: int, *, group: int | None = None,
                signed: Sequence[bool] | None = None,
                limit: int = MAX_READINGS) -> list[tuple[str, ...]] | None:
    """The readings of the printed runs ``tokens`` as ``n`` cells (each run one or more
    cells; a sign starts a cell); with ``group``, the last cell of every ``group`` cells is
    the sum of the others; with ``signed``, only the cells it marks may carry a sign (a count
    is never negative). ``None`` when the search passes :data:`MAX_STEPS`; at most ``limit``
    readings, each the cells as printed.

    >>> cell_splits(["12", "+5"], 3)
    [('1', '2', '+5')]
    >>> cell_splits(["88-720"], 3)
    [('8', '8', '-720'), ('88', '-7', '20'), ('88', '-72', '0')]
    >>> cell_splits(["88-720"], 3, signed=(False, True, False))
    [('88', '-7', '20'), ('88', '-72', '0')]
    """
    chars = "".join(tokens)
    # cells end at the runs' boundaries and before a sign: no cell reaches past the next one
    cuts = sorted({*accumulate(len(token) for token in tokens),
                   *(m.start() for m in re.finditer("[+-]", chars) if m.start())})
    next_cut = [cuts[bisect_right(cuts, p)] if p < len(chars) else p
                for p in range(len(chars) + 1)]
    widest = MAX_CELL_DIGITS + 3  # digits, a sign and a decimal part
    out: list[tuple[str, ...]] = []
    cells: list[str] = []
    steps = [0]

    def walk(p: int, partial: int | float) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            return False
        i = len(cells)
        if i == n:
            if p == len(chars):
                out.append(tuple(cells))
            return len(out) < limit
        left = n - i
        if len(chars) - p < left or len(chars) - p > left * widest:
            return True
        total = bool(group) and i % group == group - 1
        if total:  # a total: the sum of its group, as printed
            want = _printed(partial)
            ends = [p + len(want)] if chars.startswith(want, p) else []
        else:
            ends = range(p + 1, min(p + widest, next_cut[p]) + 1)
        for e in ends:
            if e > next_cut[p]:
                break
            m = _CELL.fullmatch(chars, p, e)
            if m is None or len(m["int"]) > MAX_CELL_DIGITS:
                continue
            if signed is not None and chars[p] in "+-" and not signed[i]:
                continue
            cells.append(chars[p:e])
            ok = walk(e, 0 if total else partial + _number(chars[p:e]))
            cells.pop()
            if not ok:
                return False
        return True

    if not walk(0, 0) and steps[0] > MAX_STEPS:
        return None
    return out


def _printed(number: int | float) -> str:
    """How a sum prints: ``12``, ``1.5``."""
    if isinstance(number, float):
        number = round(number, 6)
        if number.is_integer():
            number = int(number)
    return str(number)


class Figure(Protocol):
    """A figure the prose states about cells (:class:`gkmine.checks.narrative.Figure`)."""

    value: float
    start: int
    end: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class OpenRun:
    """Fused digits that several admissible readings fit."""

    values: tuple[Item, ...]
    readings: tuple[tuple[str, ...], ...]
    #: where each cell of a reading goes: (row, col, index of the cell in the row's drafts)
    slots: tuple[tuple[str, str, int], ...]

    def drafts(self, table: str, figures: Sequence[Figure]) -> dict[tuple[str, int], Draft]:
        """A draft per slot: the cells every reading (the prose's, when it states one of
        them) agrees on, the others missing with the readings left."""
        readings, spans = self._by_prose(table, figures)
        agreed, before = _agreed(readings), _agreed(self.readings)
        split = _split_items(self.values, readings[0])
        why = _undecided_note(self.values, list(readings), len(self.slots))
        where = (self.values[0].start, self.values[-1].end) if self.values[0].start >= 0 else None
        out: dict[tuple[str, int], Draft] = {}
        for i, (row, _, j) in enumerate(self.slots):
            if i not in agreed:
                out[row, j] = Draft("missing", span=where, note=why)
                continue
            item, printed = split[i], " ".join(v.text for v in self.values)
            if i in before:
                note, confidence = (f"{FUSED_DIGITS} {printed!r} read {len(self.readings)} "
                                    "ways, all with this cell"), CONF_AGREED
            else:
                shown = ", ".join(f"{a}–{b}" for a, b in spans)
                note, confidence = (f"{PROSE_NOTE} {shown} ({FUSED_DIGITS} {printed!r} "
                                    "read several ways)"), CONF_PROSE
            out[row, j] = Draft("number", item.value, item=item, raw=item.text,
                                confidence=confidence, note=note)
        return out

    def _by_prose(self, table: str, figures: Sequence[Figure]
                  ) -> tuple[tuple[tuple[str, ...], ...], list[tuple[int, int]]]:
        """The readings that give every figure the prose states of a cell of the run (a
        figure no reading gives is about something else: 全区现行有效文件393件), and the spans
        of the figures that ruled readings out; all readings when the figures contradict
        one another."""
        index = {f"{table}.{row}.{col}": i for i, (row, col, _) in enumerate(self.slots)}
        stated = [(index[f.cells[0]], f) for f in figures
                  if len(f.cells) == 1 and f.cells[0] in index]
        usable = [(i, f) for i, f in stated
                  if any(_number(r[i]) == f.value for r in self.readings)]
        kept = tuple(r for r in self.readings
                     if all(_number(r[i]) == f.value for i, f in usable))
        if not kept:
            return self.readings, []
        spans = sorted({(f.start, f.end) for i, f in usable
                        if any(_number(r[i]) != f.value for r in self.readings)})
        return kept, spans


def _agreed(readings: Sequence[tuple[str, ...]]) -> set[int]:
    """Indices of the cells every reading prints alike, from the same digits."""
    placed = [set(zip(accumulate((len(c) for c in r), initial=0), r, strict=False))
              for r in readings]
    first = list(zip(accumulate((len(c) for c in readings[0]), initial=0), readings[0],
                     strict=False))
    return {i for i, cell in enumerate(first) if all(cell in p for p in placed[1:])}


def prose_spans(note: str) -> list[tuple[int, int]]:
    """The offsets of the prose that settled a cell, from its note (``[]`` for any other).

    >>> prose_spans(f"{PROSE_NOTE} 12–20, 30–41 (the fused digits '5416' read several ways)")
    [(12, 20), (30, 41)]
    """
    found = _PROSE_SPANS.search(note)
    return [] if found is None else [
        (int(a), int(b)) for a, b in (span.split("–") for span in found[1].split(", "))]


@dataclass
class Fusion:
    """The table's items with fused rows split (or set aside), and what to say about them."""

    items: list[Item]
    #: ``id`` of each item made by a split -> the note its cell carries
    split_notes: dict[int, str] = field(default_factory=dict)
    #: rows whose fused digits no single reading explains -> why their cells stay missing
    undecided: dict[str, str] = field(default_factory=dict)
    #: ``id`` of items read from as many digits as cells: no other reading exists, so they
    #: are read as printed cells (no note, full confidence: an identity they break is the
    #: source's)
    forced: set[int] = field(default_factory=set)
    #: rows (t4: the data row) that several readings fit, set aside from ``items``
    open_runs: list[OpenRun] = field(default_factory=list)
    table: str = ""

    def settle(self, drafts: dict[str, list[Draft]],
               figures: Sequence[Figure] = ()) -> dict[str, list[Draft]]:
        """The drafts with split cells marked (confidence, note), undecided rows missing
        and the open runs' agreed cells placed (``figures``: what the report's prose
        states, which may settle an open run)."""
        if not self.split_notes and not self.undecided and not self.open_runs:
            return drafts
        out = {}
        for row, cells in drafts.items():
            why = self.undecided.get(row) or self.undecided.get("*")
            if why:
                out[row] = [Draft("missing", span=_where(d), note=why) for d in cells]
                continue
            out[row] = [d if id(d.item) in self.forced else
                        _marked(d, self.split_notes.get(id(d.item))) for d in cells]
        for run in self.open_runs:
            for (row, j), draft in run.drafts(self.table, figures).items():
                out[row][j] = draft
        return out


def _where(draft: Draft) -> tuple[int, int] | None:
    """Offsets a cell keeps when it is set aside: its label's, or its printed value's."""
    if draft.span is not None or draft.item is None or draft.item.start < 0:
        return draft.span
    return draft.item.start, draft.item.end


def _marked(draft: Draft, note: str | None) -> Draft:
    if note is None or draft.item is None:
        return draft
    return replace(draft, confidence=min(draft.confidence, CONF_FUSED),
                   note=f"{draft.note}; {note}" if draft.note else note)


def _digit_a_cell(values: Sequence[Item], width: int) -> tuple[str, ...] | None:
    """The reading of a row that prints exactly as many digits as it has cells: one digit a
    cell is then the only split (``100000000000000`` for 15 cells), whatever the identities
    say of it."""
    chars = "".join(v.text for v in values)
    return tuple(chars) if len(chars) == width and chars.isdigit() else None


def unfuse(items: list[Item], table: str, layout: str) -> Fusion:
    """Split the fused rows of a table's items (a no-op unless its labels are glued to
    digits)."""
    glued = {k: runs for k, it in enumerate(items) if it.kind == "text" and not it.prose
             and (runs := list(_GLUED.finditer(it.text)))}
    # the marks of a fused table: labels ending in digits, numbers no count prints
    marks = sum(re.fullmatch(_TAIL, items[k].text[m.end():]) is not None
                for k, runs in glued.items() for m in runs)
    marks += sum(it.kind == "value" and _LEADING_ZERO.fullmatch(it.text) is not None
                 for it in items)
    if marks < _MIN_MARKS[table]:
        return Fusion(items)
    items = _unglued(items, glued)
    fusion = _unfuse_t4(items) if table == "t4" else _unfuse_rows(items, table, layout)
    fusion.table = table
    return fusion


def _unglued(items: list[Item], glued: Mapping[int, list[re.Match[str]]]) -> list[Item]:
    """Each text with glued digits as its label fragments and values holding the digits."""
    out: list[Item] = []
    for k, it in enumerate(items):
        if k not in glued:
            out.append(it)
            continue
        pieces, pos = [], 0
        for m in glued[k]:
            if m.start() > pos:
                pieces.append(_piece(it, pos, m.start(), "text"))
            pieces.append(_piece(it, m.start(), m.end(), "value"))
            pos = m.end()
        if pos < len(it.text):
            pieces.append(_piece(it, pos, len(it.text), "text"))
        out.extend(p for p in pieces if p.text)
    return out


def _piece(item: Item, start: int, end: int, kind: str) -> Item:
    """``item.text[start:end]`` (without its spaces) as an item of its own."""
    text = item.text[start:end]
    start += len(text) - len(text.lstrip())
    text = text.strip()
    located = item.start >= 0 and item.end - item.start == len(item.text)
    span = (item.start + start, item.start + start + len(text)) if located else (-1, -1)
    if kind == "text":
        return replace(item, text=text, start=span[0], end=span[1])
    parsed = parse_value(text)
    return Item("value", text, *span, item.line, False, parsed.status, parsed.value,
                page=item.page, bbox=item.bbox)


def _printed_chars(values: Sequence[Item], width: int) -> int:
    """Characters of a row printed as fewer runs than it has cells, all of them numbers
    (0 for any other row)."""
    if not 0 < len(values) < width or not all(v.kind == "value" and _RUN.fullmatch(v.text)
                                              for v in values):
        return 0
    return sum(len(v.text) for v in values)


def _split_items(values: Sequence[Item], reading: tuple[str, ...]) -> list[Item]:
    """One value item per cell of ``reading``, each on the characters it was read from."""
    spots = [(v, k) for v in values for k in range(len(v.text))]
    out, p = [], 0
    for cell in reading:
        first, k = spots[p]
        start = first.start + k if first.start >= 0 else -1
        out.append(Item("value", cell, start, start + len(cell) if start >= 0 else -1,
                        first.line, False, "number", _number(cell), page=first.page,
                        bbox=first.bbox))
        p += len(cell)
    return out


def _note(values: Sequence[Item], how: str) -> str:
    return f"read from {FUSED_DIGITS} {' '.join(v.text for v in values)!r} ({how})"


def _undecided_note(values: Sequence[Item], readings: list[tuple[str, ...]] | None,
                    cells: int) -> str:
    printed = " ".join(v.text for v in values)
    if readings is None:
        return f"{FUSED_DIGITS} {printed!r} have too many readings to search"
    if not readings and len(printed.replace(" ", "")) < cells:
        return (f"{FUSED_DIGITS} {printed!r} are fewer than the row's {cells} cells: blank "
                "cells were lost with their separators")
    if not readings:
        return f"no reading of {FUSED_DIGITS} {printed!r} satisfies the table's identities"
    shown = "; ".join(" ".join(r) for r in readings[:3])
    more = f" and {len(readings) - 3} more" if len(readings) > 3 else ""
    return f"{FUSED_DIGITS} {printed!r} read several ways: {shown}{more}"


def _replaced(items: list[Item], old: Sequence[Item], new: Sequence[Item]) -> list[Item]:
    """``items`` with the run ``old`` replaced by ``new``."""
    ids = {id(v) for v in old}
    out: list[Item] = []
    for it in items:
        if id(it) in ids:
            if it is old[0]:
                out.extend(new)
            continue
        out.append(it)
    return out


def _unfuse_t4(items: list[Item]) -> Fusion:
    """t4's data row: the first run of values; each group of five sums to its total."""
    width, group = len(T4_ROWS) * len(T4_COLS), len(T4_COLS)
    runs: list[list[Item]] = [[]]
    for it in items:
        if it.kind == "value":
            runs[-1].append(it)
        elif runs[-1] and not it.debris:
            runs.append([])
    # the data row, not numbers left in the header by OCR
    run = next((r for r in runs if _printed_chars(r, width) >= width), [])
    if not run:
        return Fusion(items)
    forced = _digit_a_cell(run, width)
    if forced is not None:
        new = _split_items(run, forced)
        return Fusion(_replaced(items, run, new), forced={id(v) for v in new})
    readings = cell_splits([v.text for v in run], width, group=group)
    if readings is not None and len(readings) == 1:
        new = _split_items(run, readings[0])
        note = _note(run, "H4 holds in every group")
        return Fusion(_replaced(items, run, new), {id(v): note for v in new})
    if readings:
        slots = tuple((row, col, j) for row in T4_ROWS for j, col in enumerate(T4_COLS))
        return Fusion(_replaced(items, run, []),
                      open_runs=[OpenRun(tuple(run), tuple(readings), slots)])
    return Fusion(_replaced(items, run, []), undecided={"*": _undecided_note(run, readings, width)})


def _unfuse_rows(items: list[Item], table: str, layout: str) -> Fusion:
    specs = row_specs(table, layout)
    widths = {spec.key: len(spec.cols) for spec in specs}
    reads = read_rows(items, specs)
    group = len(specs[0].cols) if table == "t3" else None
    readings: dict[str, list[tuple[str, ...]] | None] = {}
    runs: dict[str, list[Item]] = {}
    for read in reads:
        width = len(read.cols)
        chars = _printed_chars(read.values, width) if read.found else 0
        if chars:
            runs[read.key] = read.values
            # fewer digits than cells: blank cells went with the separators, none is known
            signed = [table == "t2" and col in SIGNED_COLS for col in read.cols]
            readings[read.key] = cell_splits([v.text for v in read.values], width,
                                             group=group, signed=signed
                                             ) if chars >= width else []
    if not runs:
        return Fusion(items)
    how = dict.fromkeys(readings, "H3 holds" if group else "the only split")
    confirmed: set[str] = set()
    if table == "t3":
        # before the column identities choose among readings: H1 must confirm, not choose
        known = _known_rows(readings, reads)
        confirmed = _confirmed_by_h1(readings, known)
        _by_columns(readings, known, layout, how)
    fusion = Fusion(items)
    for key, run in runs.items():
        found = readings[key]
        forced = _digit_a_cell(run, widths[key])
        if forced is not None:
            new = _split_items(run, forced)
            fusion.items = _replaced(fusion.items, run, new)
            fusion.forced.update(id(v) for v in new)
        elif found is not None and len(found) == 1:
            new = _split_items(run, found[0])
            fusion.items = _replaced(fusion.items, run, new)
            if key in confirmed:  # as sure as a row printed one digit a cell
                fusion.forced.update(id(v) for v in new)
            else:
                fusion.split_notes.update({id(v): _note(run, how[key]) for v in new})
        elif found:
            fusion.items = _replaced(fusion.items, run, [])
            cols = next(spec.cols for spec in specs if spec.key == key)
            slots = tuple((key, col, j) for j, col in enumerate(cols))
            fusion.open_runs.append(OpenRun(tuple(run), tuple(found), slots))
        else:
            fusion.items = _replaced(fusion.items, run, [])
            fusion.undecided[key] = _undecided_note(run, found, widths[key])
    return fusion


def _by_columns(readings: dict[str, list[tuple[str, ...]] | None],
                known: Mapping[str, tuple[float, ...] | None], layout: str,
                how: dict[str, str]) -> None:
    """Narrow the readings of open t3 rows to those for which H1 and H2 hold in every column
    (rows read otherwise count as printed, rows without values as 0); rows not found leave
    their identities unchecked."""
    open_rows = [k for k, r in readings.items() if r is not None and len(r) > 1]
    if not open_rows:
        return
    choices = [readings[k] for k in open_rows]
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_COMBINATIONS:
        return
    results = T3_RESULT_ROWS["2019" if layout == "2019" else "2021"]
    kept: list[tuple[tuple[str, ...], ...]] = []
    for combo in product(*choices):
        chosen = {k: tuple(map(_number, r)) for k, r in zip(open_rows, combo, strict=True)}
        rows = {**known, **chosen}
        if _columns_hold(rows, results):
            kept.append(combo)
    for j, key in enumerate(open_rows):
        readings[key] = sorted({combo[j] for combo in kept})
        how[key] = "H3 holds, and H1 and H2 in every column"


def _known_rows(readings: Mapping[str, list[tuple[str, ...]] | None],
                reads) -> dict[str, tuple[float, ...] | None]:
    """Each t3 row's values where they are known: its one reading, as printed (a row read
    otherwise), 0 (a row without values), else None."""
    known: dict[str, tuple[float, ...] | None] = {}
    for read in reads:
        width = len(read.cols)
        if read.key in readings:
            found = readings[read.key]
            known[read.key] = (tuple(map(_number, found[0])) if found is not None
                               and len(found) == 1 else None)
        elif not read.found:
            known[read.key] = None
        elif not read.values:
            known[read.key] = (0.0,) * width
        elif len(read.values) == width and all(v.status in ("number", "blank", "na")
                                               for v in read.values):
            known[read.key] = tuple(float(v.value or 0) for v in read.values)
        else:
            known[read.key] = None
    return known


#: the rows of H1 (new + carried in = processed + carried out)
_H1_ROWS = ("new", "carried_in", "total_processed", "carried_out")


def _confirmed_by_h1(readings: Mapping[str, list[tuple[str, ...]] | None],
                     known: Mapping[str, tuple[float, ...] | None]) -> set[str]:
    """The H1 rows each read one way by their own sum (H3) for which H1 also holds in every
    column: two identities agree on them, so they are read as printed, with full confidence
    (an H2 that then fails is the source's)."""
    if any(known.get(k) is None for k in _H1_ROWS) or not _columns_hold(
            {k: known[k] for k in _H1_ROWS}, ()):
        return set()
    return {k for k in _H1_ROWS if readings.get(k) is not None and len(readings[k]) == 1}


def _columns_hold(rows: Mapping[str, Sequence[float] | None], results: tuple[str, ...]) -> bool:
    """H1 and H2 in every column, each checked only when all its rows are known."""
    def col(key: str, c: int) -> float:
        return rows[key][c]

    width = len(next(v for v in rows.values() if v is not None))
    h1 = ("new", "carried_in", "total_processed", "carried_out")
    check_h1 = all(rows.get(k) is not None for k in h1)
    check_h2 = bool(results) and rows.get("total_processed") is not None and all(
        rows.get(k) is not None for k in results)
    for c in range(width):
        if check_h1 and col("new", c) + col("carried_in", c) != (
                col("total_processed", c) + col("carried_out", c)):
            return False
        if check_h2 and sum(col(k, c) for k in results) != col("total_processed", c):
            return False
    return True
