"""Recover the statutory tables 二/三/四 of a report into canonical cells.

The extraction goes: the table's region (its section, else the text between the neighbouring
sections, else wherever its own wording is: :mod:`gkmine.tables.regions`) → a stream of label
fragments and printed values (:mod:`gkmine.tables.stream`; the document's grids where they lie)
→ rows found by their labels in statutory order (:mod:`gkmine.tables.labels`,
:mod:`gkmine.tables.rows`) → the values placed into the row's columns (directly, by the empty
cells at a row's edges, by column alignment, or by the table's identities:
:mod:`gkmine.tables.columns`, :mod:`gkmine.tables.placement`); for table 三, readings in
other orders where the row-by-row one fails (:mod:`gkmine.tables.decode`,
:mod:`gkmine.tables.columnwise`) → :class:`gkmine.record.Cell` with provenance (analysis and
source offsets, page, bbox).

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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from itertools import combinations
from types import MappingProxyType, SimpleNamespace

from gkmine.keys import T3_COLS, T3_RESULT_ROWS, T4_COLS, T4_ROWS, table_shape
from gkmine.record import Cell, Section, SourceDoc
from gkmine.tables.columns import ALIGNED, CONF_ALIGNED, Draft, place_columns, total_last
from gkmine.tables.columnwise import decode_columns
from gkmine.tables.decode import decode_t3, identities_hold
from gkmine.tables.fused import Figure, unfuse
from gkmine.tables.labels import normalize_label, row_specs
from gkmine.tables.regions import item_streams, table_regions, wording_region
from gkmine.tables.rows import (
    RowRead,
    claim_numbers_before,
    read_rows,
    read_t4,
    runs_not_rows,
    split_label_blocks,
)
from gkmine.tables.slots import H1_SIGN
from gkmine.tables.stream import Item, split_glued_value
from gkmine.tables.tokens import amount_in_wan

TABLES = ("t2", "t3", "t4")

_LAYOUT_WORDS = {
    "2021": ("本年制发件数", "现行有效件数", "本年收费金额"),
    "2019": ("本年新制作数量", "对外公开总数量", "上一年项目数量", "政府集中采购"),
}
#: the heading of the section after a table (``五、存在的主要问题…``)
_NEXT_SECTION = re.compile(r"[一二三四五六七八九十]+[、.．]")
_T3_2021_ONLY = re.compile(r"逾期不补正|未按收费通知")
#: note of the ``other_other`` cells when a 2021 table prints the single （六）其他处理 row of
#: the 2019 layout instead of its three rows: the cells stay missing, their ``raw`` is the
#: printed value of the whole （六） group (the checks use it for H2)
MERGED_ROW = "the table prints the single （六）其他处理 row of the 2019 layout, not its three rows"
#: note of the applicant cells of a t3 row that printed only its non-zero counts and its
#: total, when the counts' columns are not known: the cells stay missing, their ``raw`` is
#: the counts as printed (their sum, H3, does not depend on the columns)
COUNTS_APART = "the row prints its non-zero counts without their columns"
#: the same for t4's data row, whose printed numbers are kept as ``raw`` of every cell
NUMBERS_APART = "the row prints its non-zero numbers without their columns"


class _Pages:
    """Page numbers from the form feeds of the text as extracted (1-based), if there are any:
    the analysis text has lost them with the page numbers and running headers."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\f", text)]

    def at(self, offset: int) -> int | None:
        return bisect_right(self.breaks, offset) + 1 if self.breaks else None


def _cell(doc: SourceDoc, pages: _Pages, table: str, row: str, col: str, draft: Draft,
          header_units: Mapping[str, str] | None = None) -> Cell:
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
            page = pages.at(src_start)
    cell = Cell(table, row, col, draft.value, draft.raw, draft.status, draft.confidence,
                start, end, src_start, src_end, page, bbox, unit, None, draft.note)
    _typed(cell, header_units)
    return cell


#: a unit printed in an amount column's header: 采购总金额（万元）, 本年收费金额（单位：元）
#: a narrow column breaks the header over lines, other header words between (``采购总金`` …
#: ``额（万元）``): anything but an opening bracket may come before the unit
_HEADER_UNIT = re.compile(r"(?P<head>采购总金|本年收费金|收费金)[^（(]{0,80}?[（(]\s*"
                          r"(?:单位\s*[:：]?\s*)?(?P<unit>万元|亿元|元)\s*[)）]")


def _header_units(text: str) -> dict[str, str]:
    """Amount units printed in the t2 headers: ``procurement``/``admin_fees`` -> unit.

    >>> _header_units("信息内容 采购项目数量 采购总金额（单位：元）")
    {'procurement': '元'}
    >>> _header_units("采购项目  采购总金\\n信息内容\\n数量      额（万元）")
    {'procurement': '万元'}
    """
    out: dict[str, str] = {}
    for m in _HEADER_UNIT.finditer(text):
        row = "procurement" if m["head"].startswith("采购") else "admin_fees"
        out.setdefault(row, m["unit"])
    return out


def _typed(cell: Cell, header_units: Mapping[str, str] | None = None) -> None:
    """Counts are ints, 2021 fees are 万元 decimals, the 2019 procurement amount keeps its unit
    (the cell's own, else the one its column header prints)."""
    if cell.status != "number" or cell.value is None:
        cell.value = None if cell.status != "number" else cell.value
        return
    header_unit = (header_units or {}).get(cell.row) if cell.table == "t2" else None
    if cell.table == "t2" and cell.row == "admin_fees" and cell.col == "amount_wan":
        value = float(cell.value)
        if cell.unit is None and header_unit in ("元", "亿元"):
            cell.unit = header_unit
        if cell.unit in ("元", "亿", "亿元"):
            value = amount_in_wan(value, cell.unit)
            cell.note = (cell.note + "; " if cell.note else "") + f"converted from {cell.unit}"
        cell.value = value
        cell.amount_wan = value
        return
    if cell.table == "t2" and cell.row == "procurement" and cell.col == "amount":
        if cell.unit is None and header_unit:
            cell.unit = header_unit
            cell.note = (cell.note + "; " if cell.note else "") + "unit from the column header"
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


def _extract_table(doc: SourceDoc, table: str, layout: str, region: tuple[int, int],
                   t3_region: tuple[int, int], prose: Callable[[], Sequence[Figure]]
                   ) -> dict[str, list[Draft]]:
    streams = item_streams(doc, table, region)
    for items in streams:
        drafts = _read_table(doc, table, layout, region, items, t3_region, prose)
        if _table_present(drafts):
            break
    return drafts


def _read_table(doc: SourceDoc, table: str, layout: str, region: tuple[int, int],
                items: list[Item], t3_region: tuple[int, int],
                prose: Callable[[], Sequence[Figure]]) -> dict[str, list[Draft]]:
    # cells that lost their separators (a flattened page text) are split by the identities,
    # and a split they leave open by what the report's prose states
    fusion = unfuse(items, table, layout)
    drafts = _read_items(doc, table, layout, region, fusion.items, t3_region)
    return fusion.settle(drafts, prose() if fusion.open_runs else ())


def _prose_figures(doc: SourceDoc, sections: list[Section], layout: str | None,
                   year: int | None) -> list[Figure]:
    """The figures the report's prose states (as N1 reads them: the same claims, once)."""
    from gkmine.checks.narrative import report_figures

    return report_figures(SimpleNamespace(text=doc.text, sections=sections,
                                          meta=SimpleNamespace(layout=layout, year=year)))


def _read_items(doc: SourceDoc, table: str, layout: str, region: tuple[int, int],
                items: list[Item], t3_region: tuple[int, int]) -> dict[str, list[Draft]]:
    if table == "t4":
        read = read_t4(items)
        read.values = _t4_without_debris(read.values)
        drafts = _t4_numbers_apart(place_columns([read], "t4", layout, items)["t4"],
                                   read.values, items)
        return {row: drafts[i * len(T4_COLS):(i + 1) * len(T4_COLS)]
                for i, row in enumerate(T4_ROWS)}
    if table == "t2":
        why = _layout_mismatch(doc.text[region[0]:region[1]], layout)
        if why:
            return {spec.key: [Draft("missing", note=why) for _ in spec.cols]
                    for spec in row_specs("t2", layout)}
        items = _single_values_unglued(items, layout)
    reads = read_rows(items, row_specs(table, layout))
    if table == "t2":
        reads = claim_numbers_before(runs_not_rows(split_label_blocks(
            reads, by_columns=lambda: _t3_by_columns(doc, layout, t3_region)), items), items)
    drafts = place_columns(reads, table, layout, items)
    if table == "t3":
        drafts = _decoded_if_better(drafts, items, reads, layout)
        drafts = _columnwise_where_unread(drafts, items, reads)
        drafts = _guessed_blanks_settled(drafts, layout, items)
        drafts = _counts_apart(drafts, reads, items)
    if table == "t3" and layout == "2019" and _T3_2021_ONLY.search(doc.text, *region):
        why = "the table prints the 2021 （六） rows: not the 2019 single row"
        drafts["other"] = [Draft("missing", note=why) for _ in drafts["other"]]
    if table == "t3" and layout == "2021":
        by_key = {r.key: r for r in reads}
        other = by_key["other_other"]
        if (other.found and not by_key["other_no_correction"].found
                and not by_key["other_no_fee_paid"].found and "其他处理" in other.label):
            # the printed row still decides H2: its value is kept as ``raw`` (see MERGED_ROW)
            drafts["other_other"] = [
                Draft("missing", item=d.item, span=d.span, raw=d.raw if d.status in (
                    "number", "blank", "na") else "", note=MERGED_ROW)
                for d in drafts["other_other"]]
    return _point_at_labels(drafts, reads)


@cache
def _single_value_labels(layout: str) -> frozenset[str]:
    return frozenset(normalize_label(pattern) for spec in row_specs("t2", layout)
                     if len(spec.cols) == 1 for pattern in spec.patterns)


def _single_values_unglued(items: list[Item], layout: str) -> list[Item]:
    """``items`` with the number glued to the end of a line that is the label of a t2 row of
    one column (``行政事业性收费940``: a converter puts no space after a label that fills
    its cell) split off as that row's value. Only there is a glued number surely one cell:
    digits glued to a label of several columns may be its cells fused (left to
    :mod:`gkmine.tables.fused`)."""
    out: list[Item] = []
    for k, item in enumerate(items):
        split = split_glued_value(item) if item.start >= 0 else None
        last_on_line = k + 1 == len(items) or items[k + 1].line != item.line
        # (a PDF font's Kangxi radicals, ⾏ for 行, are ideographs once read: gkmine.read)
        if (split is not None and last_on_line
                and normalize_label(split[0].text) in _single_value_labels(layout)):
            out.extend(split)
        else:
            out.append(item)
    return out


#: at most this many stray numbers (page numbers, debris) are looked for in t4's data row
_T4_MAX_STRAYS = 2


def _t4_without_debris(values: list[Item]) -> list[Item]:
    """t4's data row without the stray numbers in it (a page number, OCR debris), when
    exactly one choice of strays leaves fifteen numbers for which H4 holds in all three
    groups; else the row as read.

    >>> from gkmine.tables.stream import text_items
    >>> row = "3 5 0 0 0 5 0 0 0 6 6 5 0 3 0 8"
    >>> [v.text for v in _t4_without_debris(text_items(row, 0, len(row)))][:3]
    ['5', '0', '0']
    """
    width = len(T4_ROWS) * len(T4_COLS)
    extra = len(values) - width
    if not 0 < extra <= _T4_MAX_STRAYS or any(v.status not in ("number", "blank", "na")
                                              for v in values):
        return values
    fits = []
    for strays in combinations(range(len(values)), extra):
        kept = [v for k, v in enumerate(values) if k not in strays]
        numbers = [float(v.value) if v.status == "number" else 0.0 for v in kept]
        groups = [numbers[g:g + len(T4_COLS)] for g in range(0, width, len(T4_COLS))]
        if all(abs(sum(g[:-1]) - g[-1]) < 1e-6 for g in groups):
            fits.append(kept)
    readings = {tuple(v.text for v in kept) for kept in fits}
    return fits[0] if len(readings) == 1 else values


def _decoded_if_better(drafts: dict[str, list[Draft]], items: list[Item],
                       reads: list[RowRead], layout: str) -> dict[str, list[Draft]]:
    """The identity-guided decoding of t3 replaces the row-by-row reading when that reading
    left cells missing or printed numbers unplaced, when every decoded row is named by the
    label next to its numbers and the decoding places at least as many (a row-by-row reading
    of labels printed in a block before their numbers can hold and still shift rows), or,
    in plain text, when the reading breaks an identity the decoding satisfies. A complete
    reading of a grid that breaks an identity is kept: the source may be inconsistent, and
    the identities must not explain it away."""
    clean = all(d.status != "missing" and d.confidence == 1.0 and not d.note
                for row in drafts.values() for d in row)
    if clean and _t3_holds(drafts):  # every row read beside its label, and it adds up
        return drafts
    # where the numbers stand shows their columns in a space-aligned text, unless the
    # identities refute it (a line shifted by its label can put a number exactly under
    # another column)
    decoded = (decode_t3(items, reads, layout, columns=_positioned(drafts))
               or decode_t3(items, reads, layout))
    if decoded is None or _contradicts_whole_lines(decoded.rows, drafts, reads, items):
        return drafts
    placed = sum(d.item is not None for row in drafts.values() for d in row)
    complete = all(d.status != "missing" for row in drafts.values() for d in row)
    if decoded.by_labels and decoded.placed >= placed:
        return decoded.rows
    if not complete or decoded.placed > placed:
        return decoded.rows
    # a decoding may satisfy the identities by passing over a number as debris: it replaces
    # a reading that breaks them only when it places every number that reading placed
    if (not any(it.cells for it in items) and decoded.consistent and not _t3_holds(drafts)
            and decoded.placed >= placed):
        return decoded.rows
    return drafts


def _contradicts_whole_lines(decoded: dict[str, list[Draft]], drafts: dict[str, list[Draft]],
                             reads: list[RowRead], items: list[Item]) -> bool:
    """Whether a decoding reads otherwise a row printed whole on its label's line (the label,
    then exactly as many values as the row has cells): such a row is surely its own, and a
    decoding that moves its numbers (to fill short rows above it, all zeros fitting any
    row) has explained the table by the identities alone."""
    for read in reads:
        if not (read.found and read.label_index >= 0 and len(read.values) == len(read.cols)
                and not (read.block or read.above or read.detached)):
            continue
        line = items[read.label_index].line
        if any(v.line != line for v in read.values):
            continue
        mine = [(d.status, d.value) for d in drafts[read.key]]
        if [(d.status, d.value) for d in decoded[read.key]] != mine:
            return True
    return False


def _positioned(drafts: dict[str, list[Draft]]) -> dict[int, tuple[int, bool]]:
    """The columns the row-by-row reading put printed numbers under by their positions in
    a space-aligned text: start offset -> (column, exactly aligned)."""
    out: dict[int, tuple[int, bool]] = {}
    for row in drafts.values():
        for j, d in enumerate(row):
            item = d.item
            if (item is not None and item.x0 is not None and item.start >= 0
                    and d.status == "number" and d.confidence >= CONF_ALIGNED
                    and d.note in ("", ALIGNED)):
                out[item.start] = (j, d.confidence == 1.0 and not d.note)
    return out


def _guessed_blanks_settled(drafts: dict[str, list[Draft]], layout: str,
                            items: list[Item]) -> dict[str, list[Draft]]:
    """t3 with the blanks it guessed (nothing printed where a row's numbers were looked for,
    read with less confidence) made ``missing`` wherever an identity they take part in fails
    with them: the guess is refuted, and the identity stays undecided rather than blaming
    anyone on a guess. Unless every number the table prints backs a cell read with full
    confidence: then no number can be missing from a guessed cell, the guesses stand as sure
    as the rest, and a failure is the source's.

    >>> from gkmine.keys import t3_rows
    >>> drafts = {row: [Draft("blank") for _ in range(7)] for row in t3_rows("2021")}
    >>> drafts["new"] = [Draft("number", 1)] + [Draft("blank")] * 5 + [Draft("number", 1)]
    >>> drafts["total_processed"] = [Draft("blank", confidence=0.8)] * 7
    >>> stray = Item("value", "1", 0, 1, 0, status="number", value=1)
    >>> _guessed_blanks_settled(drafts, "2021", [stray])["total_processed"][0].status
    'missing'
    >>> _guessed_blanks_settled(drafts, "2021", [])["total_processed"][0].confidence
    1.0
    """
    def guessed(d: Draft) -> bool:
        return d.status == "blank" and d.item is None and d.confidence < 1.0

    if not any(guessed(d) for row in drafts.values() for d in row):
        return drafts
    if _numbers_placed_surely(drafts, items):
        return {row: [replace(d, confidence=1.0, note="") if guessed(d) else d for d in cells]
                for row, cells in drafts.items()}
    results = T3_RESULT_ROWS["2019" if layout == "2019" else "2021"]
    h2 = {**dict.fromkeys(results, 1), "total_processed": -1}
    groups = [[(row, j, sign) for row, sign in eq.items()] for eq in (H1_SIGN, h2)
              for j in range(len(T3_COLS))]
    groups += [[(row, j, 1) for j in range(len(T3_COLS) - 1)] + [(row, len(T3_COLS) - 1, -1)]
               for row in drafts]
    refuted: set[tuple[str, int]] = set()
    for group in groups:
        cells = [(row, j, sign, drafts[row][j]) for row, j, sign in group]
        if any(d.status not in ("number", "blank", "na") for *_, d in cells):
            continue
        balance = sum(sign * (float(d.value) if d.status == "number" else 0.0)
                      for _, _, sign, d in cells)
        if abs(balance) > 1e-6:
            refuted.update((row, j) for row, j, _, d in cells if guessed(d))
    if not refuted:
        return drafts
    why = "guessed blank (nothing printed where its numbers were looked for) refuted: an " \
          "identity fails with it"
    return {row: [Draft("missing", span=d.span, note=f"{d.note}; {why}" if d.note else why)
                  if (row, j) in refuted else d for j, d in enumerate(cells)]
            for row, cells in drafts.items()}


def _numbers_placed_surely(drafts: dict[str, list[Draft]], items: list[Item]) -> bool:
    """Whether every number printed in the table's region backs a cell read with full
    confidence."""
    placed = {d.item.start for row in drafts.values() for d in row if d.item is not None}
    return all(d.confidence == 1.0 for row in drafts.values() for d in row
               if d.status == "number") \
        and not any(item.kind == "value" and item.status == "number"
                    and item.start not in placed for item in items)


def _counts_apart(drafts: dict[str, list[Draft]], reads: list[RowRead],
                  items: list[Item]) -> dict[str, list[Draft]]:
    """t3 rows whose applicant cells were left missing although the row printed its numbers
    on its label's line, short (blank cells print nothing) and ending in the largest: the
    last is the total (read as printed), and the missing applicant cells keep the counts
    as printed in ``raw`` (see :data:`COUNTS_APART`), so that H3 can be judged."""
    out = dict(drafts)
    for read in reads:
        row = drafts.get(read.key)
        values = read.values
        if (row is None or not read.found or read.label_index < 0 or not values
                or not all(d.status == "missing" for d in row[:-1])
                or not all(v.line == items[read.label_index].line for v in values)
                or not total_last(values, len(row), reads)):
            continue
        counts = " ".join(v.text for v in values[:-1])
        total = row[-1]
        if total.status == "missing":
            last = values[-1]
            total = Draft("number", last.value, last, raw=last.text)
        out[read.key] = [replace(d, raw=counts, note=f"{d.note}; {COUNTS_APART}" if d.note
                                 else COUNTS_APART) for d in row[:-1]] + [total]
    return out


def _t4_numbers_apart(drafts: list[Draft], values: list[Item],
                      items: list[Item]) -> list[Draft]:
    """t4's cells, left missing when its data row printed fewer numbers than cells on one
    line, in a table that prints no zero (blank cells print nothing) and no other number,
    with the numbers as printed in ``raw`` (see :data:`NUMBERS_APART`): whether H4 can hold
    in some placement of them does not depend on the columns. A row whose numbers are
    spread among header words (a text of a cell per line) or other numbers may not be all of
    them, or in order."""
    numbers = [it for it in items if it.kind == "value" and it.status != "blank"]
    first = next((k for k, it in enumerate(items) if it is values[0]), None) if values else None
    if (not all(d.status == "missing" for d in drafts) or first is None
            or any(it.kind == "text" and not it.debris and not it.prose
                   and not _NEXT_SECTION.match(it.text) for it in items[first:])
            or len(values) >= len(drafts) or any(v.status != "number" for v in values)
            or len(numbers) != len(values) or len({v.line for v in values}) != 1
            or any(v.value == 0 for v in values)):
        return drafts
    printed = " ".join(v.text for v in values)
    return [replace(d, raw=printed, note=f"{d.note}; {NUMBERS_APART}" if d.note
                    else NUMBERS_APART) for d in drafts]


def _t3_by_columns(doc: SourceDoc, layout: str, region: tuple[int, int]) -> bool:
    """Table 三 of the document is printed column by column (a block of its numbers fits
    only that order): the tool that extracted the text reads grids so."""
    items = item_streams(doc, "t3", region)[0]
    return decode_columns(items, read_rows(items, row_specs("t3", layout))) is not None


def _columnwise_where_unread(drafts: dict[str, list[Draft]], items: list[Item],
                             reads: list[RowRead]) -> dict[str, list[Draft]]:
    """Rows left missing or doubtful by the row readings, read column by column where a
    block of numbers fits that order (:mod:`gkmine.tables.columnwise`)."""
    unread = [key for key, row in drafts.items()
              if any(d.status == "missing" or d.confidence < 1.0 for d in row)]
    if not unread:
        return drafts
    columns = decode_columns(items, reads) or {}
    return {key: columns[key] if key in columns and key in unread else row
            for key, row in drafts.items()}


def _t3_holds(drafts: dict[str, list[Draft]]) -> bool:
    """H1 and H2 hold in every column of a complete t3 reading (blank and n/a as 0)."""
    values = {row: [float(d.value) if d.status == "number" else 0.0 for d in cells]
              for row, cells in drafts.items()}
    results = T3_RESULT_ROWS["2019" if "other" in drafts else "2021"]
    return identities_hold(values, results)


def _point_at_labels(drafts: dict[str, list[Draft]],
                     reads: list[RowRead]) -> dict[str, list[Draft]]:
    """Cells with nothing printed keep the offsets of their row's label, to be traceable."""
    for read in reads:
        if read.label_span is None:
            continue
        for draft in drafts[read.key]:
            if draft.item is None and draft.span is None:
                draft.span = read.label_span
    return drafts


def _printed_rows(drafts: dict[str, list[Draft]]) -> int:
    """Rows with at least one printed value (a number, a mark, an empty cell shown)."""
    return sum(any(d.item is not None or d.printed_span for d in row)
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


def extract_cells(doc: SourceDoc, sections: list[Section], layout: str, *,
                  year: int | None = None) -> list[Cell]:
    """Every canonical cell of t2, t3 and t4 for ``layout`` (``2021`` or ``2019``).

    Cells are in :func:`gkmine.keys.table_shape` order; a cell that could not be read has
    status ``missing`` and a note saying why. The report's ``year`` tells the prose's figures
    of another year from those the tables count, where the prose decides a row printed run
    together.
    """
    prose = cache(lambda: _prose_figures(doc, sections, layout, year))
    layout = "2019" if layout == "2019" else "2021"
    regions = table_regions(doc.text, sections)
    pages = _Pages(doc.textmap.original)
    cells: list[Cell] = []
    for table in TABLES:
        drafts = _extract_table(doc, table, layout, regions[table], regions["t3"], prose)
        elsewhere = wording_region(doc.text, table)
        if not _table_present(drafts) and elsewhere not in (None, regions[table]):
            # not in its section: printed elsewhere (an annex, a misplaced heading)?
            anywhere = _extract_table(doc, table, layout, elsewhere, regions["t3"], prose)
            if _table_present(anywhere):
                drafts = anywhere
        if not _table_present(drafts):
            drafts = _nothing_printed(drafts, "in its section or elsewhere in the text")
        units = _header_units(doc.text[slice(*regions[table])]) if table == "t2" else None
        for row, col in table_shape(table, layout):
            index = _col_indices(table, layout)[(row, col)]
            cells.append(_cell(doc, pages, table, row, col, drafts[row][index], units))
    return cells


@lru_cache(maxsize=8)
def _col_indices(table: str, layout: str) -> Mapping[tuple[str, str], int]:
    """(row, col) -> index of the column within its row's drafts."""
    if table == "t4":
        index = {(row, col): list(T4_COLS).index(col) for row, col in table_shape("t4", layout)}
    else:
        index = {(spec.key, col): j for spec in row_specs(table, layout)
                 for j, col in enumerate(spec.cols)}
    return MappingProxyType(index)
