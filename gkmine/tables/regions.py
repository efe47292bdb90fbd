"""Where each table is: its section, the text between its neighbours, or its own wording.

>>> text = "二、主动公开政府信息情况\\n规章 0 0 1\\n申请人情况\\n本年新收政府信息公开申请 1\\n"
>>> regions = table_regions(text, [])  # no sections: found by the tables' own wording
>>> regions["t2"] == regions["t3"] == (0, len(text))
True
"""

from __future__ import annotations

import re

from gkmine.keys import SECTION_KEYS, TABLE_SECTION
from gkmine.record import Grid, Section, SourceDoc
from gkmine.tables.stream import (
    Item,
    grid_items,
    paragraph_text,
    text_items,
    with_empty_paragraph_cells,
    without_page_numbers,
)

#: Words that only the table itself prints: used to find a table outside its section and to
#: decide which grid is which table.
TABLE_WORDS: dict[str, tuple[str, ...]] = {
    "t2": ("本年制发件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "本年新制作数量",
           "对外公开总数量", "上一年项目数量", "政府集中采购", "第二十条第"),
    "t3": ("申请人情况", "本年新收政府信息公开申请", "上年结转政府信息公开申请", "予以公开",
           "不予公开", "结转下年度继续办理"),
    "t4": ("尚未审结", "未经复议直接起诉", "复议后起诉", "结果维持", "结果纠正"),
}
_ROW_HEADING = re.compile(r"\s*[一二三四][、.．]\s*"
                          r"(?:结转下年度|本年度?办理结果|本年新收|上年结转)")


def table_regions(text: str, sections: list[Section]) -> dict[str, tuple[int, int]]:
    """Where to look for each table: its section up to the next found section.

    A missing section is searched between its neighbours; the region is then narrowed to
    start near the table's own wording when it is found there.
    """
    # a heading found on a table row (四、结转下年度继续办理) is no section boundary
    by_key = {s.key: s for s in sections if not _ROW_HEADING.match(text, s.start)}
    order = list(SECTION_KEYS)
    regions: dict[str, tuple[int, int]] = {}
    previous_start = 0
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
        else:  # the table's own first words before its heading: the heading was misplaced
            hit = _first_word(text, TABLE_WORDS[table][:2], previous_start, start)
            if hit is not None:
                start = text.rfind("\n", 0, hit) + 1
        regions[table] = (start, end)
        previous_start = start
    return regions


def wording_region(text: str, table: str) -> tuple[int, int] | None:
    """Around the first place the table's own wording appears, wherever that is."""
    hit = _first_word(text, TABLE_WORDS[table], 0, len(text))
    if hit is None:
        return None
    start = text.rfind("\n", 0, max(0, hit - 1500)) + 1
    return start, min(len(text), hit + 20000)


def _first_word(text: str, words: tuple[str, ...], start: int, end: int) -> int | None:
    hits = [text.find(w, start, end) for w in words]
    hits = [h for h in hits if h >= 0]
    return min(hits) if hits else None


def grids_for(doc: SourceDoc, table: str, region: tuple[int, int]) -> list[Grid]:
    start, end = region
    located = [g for g in doc.grids if g.start >= 0 and g.start < end and g.end > start]
    if located:
        return located
    words = TABLE_WORDS[table]
    unlocated = ((g, "".join(c.text for row in g.rows for c in row))
                 for g in doc.grids if g.start < 0)
    return [g for g, text in unlocated if any(w in text for w in words)]


def item_streams(doc: SourceDoc, table: str, region: tuple[int, int]) -> list[list[Item]]:
    """Streams to read the table from, best first.

    Grids located in the text replace the text they cover (a table whose first page has
    ruling lines and whose second has none is read from both); grids without offsets are
    matched by table wording. The plain text is always the last resort.
    """
    start, end = region
    text = without_page_numbers(text_items(doc.text, start, end, textmap=doc.textmap),
                                doc.textmap)
    grids = grids_for(doc, table, region)
    if not grids:
        if paragraph_text(doc.textmap.original):
            # a paragraph per line: empty paragraphs are empty cells
            return [with_empty_paragraph_cells(text, doc.textmap, end), text]
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


