"""Recover the statutory tables 二/三/四 of a report into canonical cells.

The extraction goes: the table's region (its section, else the text between the neighbouring
sections, else the whole text, always checked by table wording) → a stream of label fragments
and printed values (:mod:`gkmine.tables.stream`; the document's grids when one lies there) →
rows found by their labels in statutory order (:mod:`gkmine.tables.labels`) → the values after
each label, placed into the row's columns (directly, by column alignment, or by the identities
of :mod:`gkmine.tables.placement`) → :class:`gkmine.record.Cell` with provenance.

>>> from gkmine.record import SourceDoc, TextMap
>>> text = "二、主动公开政府信息情况\\n规章 0 1 5\\n行政规范性文件 2 0 9\\n行政处罚 57\\n"
>>> cells = extract_cells(SourceDoc("x", "text", TextMap.identity(text)), [], "2021")
>>> [(c.id, c.value) for c in cells[:3]]
[('t2.regulations.issued', 0), ('t2.regulations.repealed', 1), ('t2.regulations.in_force', 5)]
>>> next(c for c in cells if c.row == "penalty").raw, cells[-1].status
('57', 'missing')
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from statistics import median

from gkmine.keys import (
    SECTION_KEYS,
    T3_COLS,
    T4_COLS,
    T4_ROWS,
    TABLE_SECTION,
    t2_layout,
    table_shape,
)
from gkmine.record import Cell, Grid, Section, SourceDoc
from gkmine.tables.labels import RowMatch, RowSpec, align_rows, normalize_label, row_specs
from gkmine.tables.placement import Placement, place_row, t3_equations, t4_equations
from gkmine.tables.stream import Item, grid_items, text_items
from gkmine.tables.tokens import amount_in_wan

TABLES = ("t2", "t3", "t4")

#: Words that only the table itself prints: used to find a table outside its section and to
#: decide which grid is which table.
TABLE_WORDS: dict[str, tuple[str, ...]] = {
    "t2": ("本年制发件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "本年新制作数量",
           "对外公开总数量", "上一年项目数量", "政府集中采购", "第二十条第"),
    "t3": ("申请人情况", "本年新收政府信息公开申请", "上年结转政府信息公开申请", "予以公开",
           "不予公开", "结转下年度继续办理"),
    "t4": ("尚未审结", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正"),
}
_LAYOUT_WORDS = {
    "2021": ("本年制发件数", "现行有效件数", "本年收费金额"),
    "2019": ("本年新制作数量", "对外公开总数量", "上一年项目数量", "政府集中采购"),
}
_T4_HEADER = re.compile(r"维持|纠正|审结|起诉|复议")
_T4_COLUMNS = re.compile(r"维持|纠正|审结|起诉")
_T3_2021_ONLY = re.compile(r"逾期不补正|未按收费通知")
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
    raw: str = ""
    confidence: float = 1.0
    note: str = ""


@dataclass
class RowRead:
    key: str
    cols: tuple[str, ...]
    values: list[Item] = field(default_factory=list)
    found: bool = False
    note: str = ""
    label: str = ""  # the label as printed (normalised)


# ----------------------------------------------------------------------------- regions
def table_regions(text: str, sections: list[Section]) -> dict[str, tuple[int, int]]:
    """Where to look for each table: its section up to the next found section.

    A missing section is searched between its neighbours; the region is then narrowed to
    start near the table's own wording when it is found there.
    """
    by_key = {s.key: s for s in sections}
    order = list(SECTION_KEYS)
    regions = {}
    for table, key in TABLE_SECTION.items():
        idx = order.index(key)
        if key in by_key:
            start = by_key[key].start
        else:
            before = [by_key[k].start for k in order[:idx] if k in by_key]
            start = max(before) if before else 0
        later = [by_key[k].start for k in order[idx + 1:] if k in by_key
                 and by_key[k].start > start]
        end = min(later) if later else len(text)
        if key not in by_key:
            hit = _first_word(text, TABLE_WORDS[table], start, end)
            if hit is not None:
                start = max(start, text.rfind("\n", 0, max(hit - 400, start)) + 1)
        regions[table] = (start, end)
    return regions


def _first_word(text: str, words: tuple[str, ...], start: int, end: int) -> int | None:
    hits = [text.find(w, start, end) for w in words]
    hits = [h for h in hits if h >= 0]
    return min(hits) if hits else None


def _grids_for(doc: SourceDoc, table: str, region: tuple[int, int]) -> list[Grid]:
    start, end = region
    located = [g for g in doc.grids if g.start >= 0 and g.start < end and g.end > start]
    if located:
        return located
    words = TABLE_WORDS[table]
    return [g for g in doc.grids if g.start < 0
            and any(w in "".join(c.text for row in g.rows for c in row) for w in words)]


def _item_streams(doc: SourceDoc, table: str, region: tuple[int, int]) -> list[list[Item]]:
    """Streams to read the table from, best first.

    Grids located in the text replace the text they cover (a table whose first page has
    ruling lines and whose second has none is read from both); grids without offsets are
    matched by table wording. The plain text is always the last resort.
    """
    start, end = region
    text = text_items(doc.text, start, end, textmap=doc.textmap)
    grids = _grids_for(doc, table, region)
    if not grids:
        return [text]
    items: list[Item] = []
    pos = start
    for n, grid in enumerate(sorted(grids, key=lambda g: g.start)):
        if grid.start >= 0:
            if grid.start > pos:
                items.extend(text_items(doc.text, pos, grid.start, textmap=doc.textmap,
                                        line_base=(n + 1) * 1_000_000))
            pos = max(pos, grid.end)
        items.extend(grid_items(grid, line_base=(n + 1) * 100_000))
    if all(g.start >= 0 for g in grids) and pos < end:
        items.extend(text_items(doc.text, pos, end, textmap=doc.textmap, line_base=10**8))
    return [items, text]


# ----------------------------------------------------------------------------- rows
def _collect(items: list[Item], begin: int, stop: int, width: int) -> list[Item]:
    """The values printed after a label: until the next label, or text after the values."""
    values: list[Item] = []
    skipped = 0
    for item in items[begin:stop]:
        if item.kind == "value":
            values.append(item)
            continue
        if item.debris:
            continue
        if values:
            if (item.cells and item.line == values[-1].line and not item.prose
                    and len(values) < width):
                values.append(Item("value", item.text, item.start, item.end, item.line, True,
                                   "text", page=item.page, bbox=item.bbox))
                continue
            break
        skipped += 1
        if item.prose or skipped > 4:
            break
    return values


def read_rows(items: list[Item], specs: tuple[RowSpec, ...]) -> list[RowRead]:
    """Every row of ``specs``: its label match and the values printed after it."""
    matches = align_rows(items, specs)
    by_key: dict[str, RowMatch] = {m.key: m for m in matches}
    starts = [m.first for m in matches] + [len(items)]
    reads = []
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
            read.values = _collect(items, match.last + 1, nxt, len(spec.cols))
        reads.append(read)
    return reads


def read_t4(items: list[Item]) -> RowRead:
    """t4 has no row labels: one data row of 15 values under its header.

    Values are grouped in runs separated by label text; the data row is the first run of 15
    or more values, else consecutive runs that add up to 15 (a row printed group by group
    with its group labels), else the longest run (placed by H4 if a few values are lacking).
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
    for item in items[header + 1:]:
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
    if not read.values and runs:
        read.values = max(runs, key=len)
    return read


# ----------------------------------------------------------------------------- columns
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


def _direct(values: list[Item], note: str) -> list[Draft]:
    conf = 0.8 if note else 1.0
    return [Draft(v.status, v.value, v, raw=v.text, confidence=conf, note=note) for v in values]


Span = tuple[float, float]


def _header_columns(items: list[Item], labels: tuple[str, ...], before: int) -> list[Span] | None:
    """Column spans from the nearest header line above ``before`` that prints every label."""
    wanted = [normalize_label(label) for label in labels]
    lines: dict[int, list[Item]] = {}
    for item in items[:before]:
        if item.kind == "text" and item.x0 is not None:
            lines.setdefault(item.line, []).append(item)
    for line in sorted(lines, reverse=True):
        spans, k = [], 0
        for item in lines[line]:
            text = normalize_label(item.text)
            if k < len(wanted) and text and (wanted[k] in text or text in wanted[k]):
                spans.append((item.x0, item.x1))
                k += 1
        if k == len(wanted):
            return spans
    return None


def _row_columns(reads: list[RowRead], width: int) -> list[Span] | None:
    """Column spans from rows of ``width`` columns that printed every value."""
    full = [r for r in reads if r.found and len(r.cols) == width and len(r.values) == width
            and all(v.x0 is not None for v in r.values)]
    if not full:
        return None
    spans = [(median(r.values[j].x0 for r in full), median(r.values[j].x1 for r in full))
             for j in range(width)]
    return spans if all(a[1] <= b[0] for a, b in pairwise(spans)) else None


def _align(values: list[Item], spans: list[Span]) -> list[Draft] | None:
    """Place values under their columns in a space-aligned table (``pdftotext -layout``).

    A value belongs to the column it is left-, centre- or right-aligned with; the columns
    without a value are blank cells.
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
    drafts = [Draft("blank", confidence=0.9, note="empty column in a column-aligned row")
              for _ in spans]
    for v, j in zip(values, slots, strict=True):
        drafts[j] = Draft(v.status, v.value, v, raw=v.text, confidence=0.9,
                          note="placed by column alignment")
    return drafts


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
            drafts.append(Draft("missing", span=span,
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
            drafts.append(Draft("number", value, span=span,
                                raw=raws.pop() if len(raws) == 1 else "",
                                confidence=_CONF_INFERRED if inferred else _CONF_AMBIGUOUS_SLOT,
                                note=f"{'inferred' if inferred else 'placed'} by {rules}: "
                                     f"{len(values)} numbers for {width} columns, value "
                                     "implied, printed position ambiguous"))
    return drafts


def _number_map(reads: list[RowRead], prefix: str = "") -> dict[tuple[str, str], float]:
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


def place_columns(reads: list[RowRead], table: str, layout: str,
                  items: list[Item]) -> dict[str, list[Draft]]:
    """Drafts for every column of every row read."""
    out: dict[str, list[Draft]] = {}
    position = {id(item): k for k, item in enumerate(items)}
    for read in reads:
        width = len(read.cols)
        read.values, note = _trim(read.values, width)
        if not read.found:
            out[read.key] = [Draft("missing", note=read.note) for _ in read.cols]
        elif not read.values:
            out[read.key] = [Draft("blank", confidence=0.6,
                                   note="no value printed after the row label")
                             for _ in read.cols]
        elif len(read.values) == width:
            out[read.key] = _direct(read.values, note)
    known = _number_map(reads)
    for read in reads:
        if read.key in out:
            continue
        width = len(read.cols)
        aligned = None
        if read.values[0].x0 is not None:
            labels = _col_labels(table, layout, read)
            spans = (_header_columns(items, labels, position.get(id(read.values[0]), 0))
                     or _row_columns(reads, width))
            aligned = _align(read.values, spans) if spans else None
        if aligned is not None:
            out[read.key] = aligned
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
            if placement.complete:
                known.update({cell: float(v) for cell, v in zip(cells, placement.values,
                                                                   strict=True)})
        else:
            raw = " ".join(v.text for v in read.values)
            out[read.key] = [Draft("missing", span=(read.values[0].start, read.values[-1].end),
                                   note=f"{len(read.values)} values for {width} columns "
                                        f"({raw}): placement ambiguous") for _ in read.cols]
    return out


# ----------------------------------------------------------------------------- cells
class _Pages:
    """Page numbers from form feeds in the analysis text (1-based), if there are any."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\f", text)]

    def at(self, offset: int) -> int | None:
        return bisect_right(self.breaks, offset) + 1 if self.breaks else None


def _cell(doc: SourceDoc, pages: _Pages, table: str, row: str, col: str, draft: Draft,
          layout: str) -> Cell:
    item = draft.item
    start = end = None
    page = bbox = None
    unit = None
    if item is not None and item.start >= 0:
        start, end = item.start, max(item.end, item.start)
    elif draft.span is not None and draft.span[0] >= 0:
        start, end = draft.span
    if item is not None:
        page, bbox, unit = item.page, item.bbox, item.unit
    src_start = src_end = None
    if start is not None:
        src_start, src_end = doc.textmap.to_original(start, end)
        if page is None:
            page = pages.at(start)
    cell = Cell(table, row, col, draft.value, draft.raw, draft.status, draft.confidence,
                start, end, src_start, src_end, page, bbox, unit, None, draft.note)
    _typed(cell, layout)
    return cell


def _typed(cell: Cell, layout: str) -> None:
    """Counts are ints, 2021 fees are 万元 decimals, the 2019 procurement amount keeps its unit."""
    if cell.status != "number" or cell.value is None:
        cell.value = None if cell.status != "number" else cell.value
        return
    if cell.table == "t2" and cell.row == "admin_fees" and cell.col == "amount_wan":
        value = float(cell.value)
        if cell.unit in ("元", "亿", "亿元"):
            value = amount_in_wan(value, cell.unit)
            cell.note = (cell.note + "; " if cell.note else "") + f"converted from {cell.unit}"
        cell.value = value
        cell.amount_wan = value
        return
    if cell.table == "t2" and cell.row == "procurement" and cell.col == "amount":
        cell.amount_wan = amount_in_wan(cell.value, cell.unit)
        if cell.unit is None:
            cell.note = (cell.note + "; " if cell.note else "") + "unit not printed"
        return
    if isinstance(cell.value, float) and cell.value.is_integer():
        cell.value = int(cell.value)


def _layout_mismatch(text: str, layout: str) -> str | None:
    own = any(w in text for w in _LAYOUT_WORDS[layout])
    other = "2019" if layout == "2021" else "2021"
    if not own and any(w in text for w in _LAYOUT_WORDS[other]):
        return f"t2 is printed in the {other} layout, not {layout}: its columns differ"
    return None


def _extract_table(doc: SourceDoc, table: str, layout: str,
                   region: tuple[int, int]) -> dict[str, list[Draft]]:
    streams = _item_streams(doc, table, region)
    for items in streams:
        drafts = _read_table(doc, table, layout, region, items)
        if _table_present(drafts):
            break
    return drafts


def _read_table(doc: SourceDoc, table: str, layout: str, region: tuple[int, int],
                items: list[Item]) -> dict[str, list[Draft]]:
    if table == "t4":
        read = read_t4(items)
        drafts = place_columns([read], "t4", layout, items)["t4"]
        return {row: drafts[i * len(T4_COLS):(i + 1) * len(T4_COLS)]
                for i, row in enumerate(T4_ROWS)}
    if table == "t2":
        why = _layout_mismatch(doc.text[region[0]:region[1]], layout)
        if why:
            return {spec.key: [Draft("missing", note=why) for _ in spec.cols]
                    for spec in row_specs("t2", layout)}
    reads = read_rows(items, row_specs(table, layout))
    drafts = place_columns(reads, table, layout, items)
    if table == "t3" and layout == "2019" and _T3_2021_ONLY.search(doc.text, *region):
        why = "the table prints the 2021 （六） rows: not the 2019 single row"
        drafts["other"] = [Draft("missing", note=why) for _ in drafts["other"]]
    if table == "t3" and layout == "2021":
        by_key = {r.key: r for r in reads}
        other = by_key["other_other"]
        if (other.found and not by_key["other_no_correction"].found
                and not by_key["other_no_fee_paid"].found and "其他处理" in other.label):
            why = "the table prints the 2019 single （六）其他处理 row, not 3.其他"
            drafts["other_other"] = [Draft("missing", note=why) for _ in other.cols]
    return drafts


def _printed_rows(drafts: dict[str, list[Draft]]) -> int:
    """Rows with at least one printed value (a number, a mark, an empty cell shown)."""
    return sum(any(d.item is not None or d.span is not None for d in row)
               for row in drafts.values())


def _table_present(drafts: dict[str, list[Draft]]) -> bool:
    """A value was printed, or enough row labels were found for an empty table."""
    found = sum(any(d.status != "missing" for d in row) for row in drafts.values())
    return _printed_rows(drafts) > 0 or found >= max(2, len(drafts) // 2) or (
        len(drafts) == len(T4_ROWS) and found == len(drafts))


def _nothing_printed(drafts: dict[str, list[Draft]], where: str) -> dict[str, list[Draft]]:
    note = f"no value of the table found {where}"
    return {row: [d if d.status == "missing" else Draft("missing", note=note) for d in cells]
            for row, cells in drafts.items()}


def extract_cells(doc: SourceDoc, sections: list[Section], layout: str) -> list[Cell]:
    """Every canonical cell of t2, t3 and t4 for ``layout`` (``2021`` or ``2019``).

    Cells are in :func:`gkmine.keys.table_shape` order; a cell that could not be read has
    status ``missing`` and a note saying why.
    """
    layout = "2019" if layout == "2019" else "2021"
    regions = table_regions(doc.text, sections)
    pages = _Pages(doc.text)
    cells: list[Cell] = []
    for table in TABLES:
        drafts = _extract_table(doc, table, layout, regions[table])
        if not _table_present(drafts) and regions[table] != (0, len(doc.text)):
            # not in its section: printed elsewhere (an annex, a misplaced heading)?
            anywhere = _extract_table(doc, table, layout, (0, len(doc.text)))
            if _table_present(anywhere):
                drafts = anywhere
        if not _table_present(drafts):
            drafts = _nothing_printed(drafts, "in its section or elsewhere in the text")
        for row, col in table_shape(table, layout):
            index = _col_indices(table, layout)[(row, col)]
            cells.append(_cell(doc, pages, table, row, col, drafts[row][index], layout))
    return cells


@lru_cache(maxsize=8)
def _col_indices(table: str, layout: str) -> dict[tuple[str, str], int]:
    """(row, col) -> index of the column within its row's drafts."""
    if table == "t4":
        return {(row, col): list(T4_COLS).index(col) for row, col in table_shape("t4", layout)}
    return {(spec.key, col): j for spec in row_specs(table, layout)
            for j, col in enumerate(spec.cols)}
