"""Synthetic reports from known cells, rendered in every shape the tables arrive in.

This is the test bench of the table extractor and the checks: :func:`random_cells` draws cells
that satisfy H1–H5, :func:`inject_inconsistency` breaks one identity on purpose, and
:func:`render_report` writes a complete report (title, preamble with 统计期限, six sections
with prose, tables 二/三/四 in the layout's statutory wording) in one of :data:`SHAPES`:

- ``raw``: label then numbers on one line, as ``pdftotext -raw`` gives;
- ``tsv``: tab-separated, blank cells left empty;
- ``wrapped``: labels broken over lines, a row's numbers split over two lines, a blank line
  after every line;
- ``damaged``: ``raw`` plus OCR debris lines, shredded headers and one t3 row that lost its
  total (recoverable by H3);
- ``one_per_line``: every cell on a line of its own, as ``pdftotext`` gives for ruled tables;
- ``layout``: columns aligned with spaces, as ``pdftotext -layout`` gives;
- ``html``: a web page with real ``<table>`` markup (rowspan/colspan) and page chrome;
- ``docx``: a Word document whose tables have merged cells;
- ``pdf``: a PDF with ruled tables (reportlab, built-in CID font ``STSong-Light``).

Each document also gets a :class:`Style` (half-width parentheses, ``1．`` ordinals, ``结果 维持``
headers, spaced numbers in the prose, long labels wrapping in ``layout``), a deterministic
function of its cells and shape, because real reports differ in exactly these habits.

Blank cells (value ``None``) render empty. Text shapes whose lines drop empty cells (raw,
wrapped, damaged, one_per_line) cannot place a lone blank inside a row, so use
``sparse="rows"`` (whole zero rows left blank) with them; ``sparse="zeros"`` (every zero
blank) suits the shapes that keep cell positions (tsv, layout, html, docx, pdf).

>>> cells = random_cells("2021", seed=1)
>>> len(cells)
200
>>> text = render_report(cells, "2021", "raw")
>>> "四、结转下年度继续办理" in text and "统计期限" in text
True
>>> broken, rule = inject_inconsistency(cells, kind="H3", seed=1)
>>> rule
'H3'
"""

from __future__ import annotations

import io
import math
import random
import re
import unicodedata
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gkmine.keys import (
    T3_APPLICANT_COLS,
    T3_COLS,
    T3_RESULT_ROWS,
    T4_COLS,
    T4_ROWS,
    t2_layout,
    t3_rows,
    table_shape,
)
from gkmine.keys import T3_ROWS as T3_LABELS

Value = int | float | None
CellKey = tuple[str, str, str]
Cells = dict[CellKey, Value]

SHAPES: tuple[str, ...] = ("raw", "tsv", "wrapped", "damaged", "one_per_line", "layout",
                           "html", "docx", "pdf")
#: file extension that makes a reader treat a rendering as what it is
EXTENSIONS: dict[str, str] = {**{s: ".txt" for s in SHAPES[:6]}, "html": ".html",
                              "docx": ".docx", "pdf": ".pdf"}
INJECTION_KINDS: tuple[str, ...] = ("H1", "H2", "H3", "H4", "H5")
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


# --- cells -------------------------------------------------------------------------------

def _count(rng: random.Random, *, scale: int, p_zero: float) -> int:
    """A count with many zeros and a long tail (log-uniform up to ``scale``)."""
    if scale <= 0 or rng.random() < p_zero:
        return 0
    return max(1, int(round(10 ** rng.uniform(0, math.log10(scale)))))


def _split(rng: random.Random, total: int, n: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` over ``n`` parts by weighted draws (deterministic for the rng)."""
    parts = [0] * n
    if total <= 0:
        return parts
    if total > 200:  # large totals: proportional split with a random remainder
        w = [max(0.0, rng.gauss(x, x / 3)) for x in weights]
        s = sum(w) or 1.0
        parts = [int(total * x / s) for x in w]
        for _ in range(total - sum(parts)):
            parts[rng.choices(range(n), weights=weights)[0]] += 1
        return parts
    for _ in range(total):
        parts[rng.choices(range(n), weights=weights)[0]] += 1
    return parts


def _t3_cells(rng: random.Random, layout: str) -> Cells:
    results = T3_RESULT_ROWS[layout]
    activity = rng.choice((0, 0, 1, 2, 3))  # none / low / medium / high demand
    scale = {0: 0, 1: 8, 2: 120, 3: 3000}[activity]
    col_scale = {"natural_person": 1.0, "commercial": 0.25, "research": 0.03,
                 "social_welfare": 0.03, "legal_service": 0.08, "other_org": 0.05}
    weights = [{"disclosed": 30, "partial": 8, "unavailable_not_held": 12,
                "not_processed_petition": 4, "not_processed_repeat": 3}.get(r, 0.8)
               for r in results]
    cells: Cells = {}
    for col in T3_APPLICANT_COLS:
        share = col_scale[col]
        new = _count(rng, scale=int(scale * share), p_zero=0.2 if share >= 0.25 else 0.7)
        carried_in = _count(rng, scale=max(0, new // 10), p_zero=0.6)
        available = new + carried_in
        carried_out = rng.randint(0, available // 8) if available else 0
        processed = available - carried_out
        parts = _split(rng, processed, len(results), weights)
        values = {"new": new, "carried_in": carried_in, "total_processed": processed,
                  "carried_out": carried_out, **dict(zip(results, parts, strict=True))}
        for row, value in values.items():
            cells[("t3", row, col)] = value
    for row in t3_rows(layout):
        cells[("t3", row, "total")] = sum(cells[("t3", row, c)] for c in T3_APPLICANT_COLS)
    return cells


def _t4_cells(rng: random.Random) -> Cells:
    cells: Cells = {}
    busy = rng.random() < 0.4
    for row in T4_ROWS:
        parts = [_count(rng, scale=6 if busy else 0, p_zero=0.6) for _ in range(4)]
        for col, value in zip(("upheld", "corrected", "other", "pending"), parts,
                              strict=True):
            cells[("t4", row, col)] = value
        cells[("t4", row, "total")] = sum(parts)
    return cells


def _t2_cells(rng: random.Random, layout: str) -> Cells:
    cells: Cells = {}
    for row, (_, cols) in t2_layout(layout).items():
        for col, _ in cols:
            if col in ("amount_wan", "amount"):
                value: Value = (0 if rng.random() < 0.5
                                else round(rng.uniform(0.1, 3000), rng.choice((0, 1, 2))))
                if isinstance(value, float) and value.is_integer():
                    value = int(value)
            elif col == "change":
                value = rng.randint(-3, 3) if rng.random() < 0.4 else 0
            else:
                scale = {"licensing": 5000, "penalty": 800, "in_force": 60,
                         "public_total": 60, "prev_count": 40}.get(row, 0)
                scale = scale or {"in_force": 60, "public_total": 60, "prev_count": 40}.get(
                    col, 12)
                value = _count(rng, scale=scale, p_zero=0.5)
            cells[("t2", row, col)] = value
    for row, stock, flow in (("regulations", "in_force", "issued"),
                             ("normative_docs", "in_force", "issued"),
                             ("regulations", "public_total", "published"),
                             ("normative_docs", "public_total", "published")):
        if ("t2", row, stock) in cells:  # what is in force includes what was issued this year
            cells[("t2", row, stock)] += cells[("t2", row, flow)]
    return cells


def random_cells(layout: str, *, seed: int, sparse: bool | str = False) -> Cells:
    """Every canonical cell of t2/t3/t4 for a layout, consistent with H1–H5.

    ``sparse``: ``False`` (zeros printed), ``"rows"`` (rows that are all zero left blank)
    or ``"zeros"``/``True`` (every zero left blank). Blank cells have value ``None``.

    >>> cells = random_cells("2019", seed=3, sparse="zeros")
    >>> len(cells), 0 in cells.values()
    (198, False)
    """
    if layout not in ("2021", "2019"):
        raise ValueError(f"layout must be '2021' or '2019', not {layout!r}")
    rng = random.Random(f"{layout}:{seed}")
    cells = {**_t2_cells(rng, layout), **_t3_cells(rng, layout), **_t4_cells(rng)}
    ordered = {(t, r, c): cells[(t, r, c)] for t in ("t2", "t3", "t4")
               for r, c in table_shape(t, layout)}
    mode = "zeros" if sparse is True else (sparse or "")
    if mode == "zeros":
        return {k: (None if v == 0 else v) for k, v in ordered.items()}
    if mode == "rows":
        zero_rows = {(t, r) for (t, r, _) in ordered
                     if t == "t3" and all(v == 0 for (t2, r2, _), v in ordered.items()
                                          if (t2, r2) == (t, r))}
        return {k: (None if (k[0], k[1]) in zero_rows else v) for k, v in ordered.items()}
    if mode:
        raise ValueError(f"sparse must be False, 'rows' or 'zeros', not {sparse!r}")
    return ordered


def inject_inconsistency(cells: Mapping[CellKey, Value], *, kind: str,
                         seed: int) -> tuple[Cells, str]:
    """A copy of ``cells`` with one identity broken; returns it with the rule it breaks.

    >>> cells = random_cells("2021", seed=0)
    >>> broken, rule = inject_inconsistency(cells, kind="H4", seed=0)
    >>> rule, broken[("t4", "review", "total")] != cells[("t4", "review", "total")]
    ('H4', True)
    """
    if kind not in INJECTION_KINDS:
        raise ValueError(f"kind must be one of {INJECTION_KINDS}, not {kind!r}")
    rng = random.Random(f"{kind}:{seed}")
    out = dict(cells)
    delta = rng.randint(1, 5)
    col = rng.choice(T3_APPLICANT_COLS)

    def bump(key: CellKey, by: int) -> None:
        out[key] = (out.get(key) or 0) + by

    if kind == "H1":  # carried_out off by delta in one column (and its total): H3 still holds
        bump(("t3", "carried_out", col), delta)
        bump(("t3", "carried_out", "total"), delta)
    elif kind == "H2":  # total_processed off; carried_out compensates so H1 holds
        bump(("t3", "total_processed", col), delta)
        bump(("t3", "total_processed", "total"), delta)
        bump(("t3", "carried_out", col), -delta)
        bump(("t3", "carried_out", "total"), -delta)
        if (out[("t3", "carried_out", col)] or 0) < 0:  # keep H5: let H1 break as well
            bump(("t3", "carried_out", col), delta)
            bump(("t3", "carried_out", "total"), delta)
    elif kind == "H3":
        row = rng.choice(t3_rows("2019" if ("t3", "other", "total") in cells else "2021"))
        bump(("t3", row, "total"), delta)
    elif kind == "H4":
        bump(("t4", rng.choice(tuple(T4_ROWS)), "total"), delta)
    else:  # H5: a negative count outside every sum
        row = rng.choice(("licensing", "penalty", "coercion"))
        out[("t2", row, "decisions")] = -delta
    return out, kind


# --- table models ------------------------------------------------------------------------

def fmt(value: Value) -> str:
    """A cell value as printed: blank → ``""``, decimals without trailing zeros.

    >>> fmt(None), fmt(3), fmt(12.5), fmt(0.0)
    ('', '3', '12.5', '0')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if not value.is_integer() \
            else str(int(value))
    return str(value)


@dataclass(frozen=True)
class Row:
    """One data row: enclosing group labels, its own label, its printed values."""

    groups: tuple[str, ...]
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A table as text renderers see it: a caption, header words, rows."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    depth: int = 1  # label columns


@dataclass(frozen=True)
class Span:
    """A cell of a ruled table: its text and its extent."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class SpanGrid:
    cells: tuple[Span, ...]
    n_rows: int
    n_cols: int


_T2_ITEMS_2021 = (("第二十条第（一）项", ("regulations", "normative_docs")),
                  ("第二十条第（五）项", ("licensing",)),
                  ("第二十条第（六）项", ("penalty", "coercion")),
                  ("第二十条第（八）项", ("admin_fees",)))
_T2_ITEMS_2019 = (("第二十条第（一）项", ("regulations", "normative_docs")),
                  ("第二十条第（五）项", ("licensing", "other_services")),
                  ("第二十条第（六）项", ("penalty", "coercion")),
                  ("第二十条第（八）项", ("admin_fees",)),
                  ("第二十条第（九）项", ("procurement",)))


def t2_blocks(cells: Mapping[CellKey, Value], layout: str) -> list[Block]:
    """Table 二 as its statutory sub-tables (one per 第二十条 item)."""
    spec = t2_layout(layout)
    blocks = []
    for caption, rows in (_T2_ITEMS_2019 if layout == "2019" else _T2_ITEMS_2021):
        header = ("信息内容", *(label for _, label in spec[rows[0]][1]))
        body = tuple(Row((), spec[row][0],
                         tuple(fmt(cells.get(("t2", row, col))) for col, _ in spec[row][1]))
                     for row in rows)
        blocks.append(Block(caption, header, body))
    return blocks


def _t3_structure(layout: str) -> list[tuple[str, tuple[str, ...], str]]:
    """(row key, group labels, own label with ordinal) for every t3 row."""
    labels = T3_LABELS["2019" if layout == "2019" else "2021"]
    groups = {"disclosed": None, "partial": None, "withheld": "（三）不予公开",
              "unavailable": "（四）无法提供", "not_processed": "（五）不予处理",
              "other": "（六）其他处理"}
    out = []
    result_group = "三、本年度办理结果"
    numbered: dict[str, int] = {}
    for key in t3_rows(layout):
        if key in ("new", "carried_in", "carried_out"):
            ordinal = {"new": "一", "carried_in": "二", "carried_out": "四"}[key]
            out.append((key, (), f"{ordinal}、{labels[key]}"))
        elif key == "total_processed":
            out.append((key, (result_group,), f"（七）{labels[key]}"))
        elif key in ("disclosed", "partial"):
            ordinal = "（一）" if key == "disclosed" else "（二）"
            out.append((key, (result_group,), f"{ordinal}{labels[key]}"))
        elif key == "other":  # 2019: a single row
            out.append((key, (result_group,), f"（六）{labels[key]}"))
        else:
            family = next(f for f in groups if key.startswith(f) and groups[f])
            numbered[family] = numbered.get(family, 0) + 1
            out.append((key, (result_group, groups[family]),
                        f"{numbered[family]}.{labels[key]}"))
    return out


def t3_row_labels(layout: str) -> dict[str, str]:
    """row key -> the label a t3 row is printed with, its ordinal included (一、…, （一）…, 1.…).

    >>> t3_row_labels("2021")["withheld_third_party"]
    '4.保护第三方合法权益'
    """
    return {key: label for key, _, label in _t3_structure(layout)}


def t3_block(cells: Mapping[CellKey, Value], layout: str) -> Block:
    header = ("申请人情况", "自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织",
              "法律服务机构", "其他", "总计")
    rows = tuple(Row(groups, label, tuple(fmt(cells.get(("t3", key, col))) for col in T3_COLS))
                 for key, groups, label in _t3_structure(layout))
    return Block(T3_NOTE, header, rows, depth=3)


_T4_PARTS = tuple(T4_COLS.values())


def t4_block(cells: Mapping[CellKey, Value]) -> Block:
    header = ("行政复议", "行政诉讼", *_T4_PARTS, "未经复议直接起诉", "复议后起诉",
              *_T4_PARTS, *_T4_PARTS)
    values = tuple(fmt(cells.get(("t4", row, col))) for row in T4_ROWS for col in T4_COLS)
    return Block("", header, (Row((), "", values),), depth=0)


def t2_grid(block: Sequence[Block]) -> SpanGrid:
    """Table 二 as one ruled table of four columns, narrower rows spanning to the right."""
    spans: list[Span] = []
    r = 0
    for sub in block:
        spans.append(Span(sub.caption, r, 0, colspan=4))
        r += 1
        for line in ((sub.header[0], *sub.header[1:]),
                     *((row.label, *row.values) for row in sub.rows)):
            spans.append(Span(line[0], r, 0))
            n = len(line) - 1
            for i, text in enumerate(line[1:]):
                spans.append(Span(text, r, 1 + i, colspan=(4 - n if i == n - 1 else 1)))
            r += 1
    return SpanGrid(tuple(spans), r, 4)


def t3_grid(block: Block) -> SpanGrid:
    """Table 三 with the statutory merged header and merged group labels."""
    h = block.header
    spans = [Span(block.caption, 0, 0, rowspan=3, colspan=3), Span(h[0], 0, 3, colspan=7),
             Span(h[1], 1, 3, rowspan=2), Span(h[2], 1, 4, colspan=5),
             Span(h[8], 1, 9, rowspan=2),
             *(Span(text, 2, 4 + i) for i, text in enumerate(h[3:8]))]
    rows = block.rows
    for i, row in enumerate(rows):
        r = 3 + i
        for level, group in enumerate(row.groups):
            if i > 0 and rows[i - 1].groups[level:level + 1] == (group,):
                continue  # covered by the span started above
            run = 1
            while i + run < len(rows) and rows[i + run].groups[level:level + 1] == (group,):
                run += 1
            spans.append(Span(group, r, level, rowspan=run))
        depth = len(row.groups)
        spans.append(Span(row.label, r, depth, colspan=3 - depth))
        spans.extend(Span(v, r, 3 + j) for j, v in enumerate(row.values))
    return SpanGrid(tuple(spans), 3 + len(rows), 10)


def t4_grid(block: Block) -> SpanGrid:
    """Table 四 with its three header rows."""
    h = block.header
    spans = [Span(h[0], 0, 0, colspan=5), Span(h[1], 0, 5, colspan=10),
             *(Span(text, 1, i, rowspan=2) for i, text in enumerate(h[2:7])),
             Span(h[7], 1, 5, colspan=5), Span(h[8], 1, 10, colspan=5),
             *(Span(text, 2, 5 + i) for i, text in enumerate(h[9:19])),
             *(Span(v, 3, i) for i, v in enumerate(block.rows[0].values))]
    return SpanGrid(tuple(spans), 4, 15)


@dataclass(frozen=True)
class Style:
    """Typographic habits of one document; real reports differ in exactly these ways."""

    half_width_parens: bool = False  # (一)予以公开
    full_width_dot: bool = False  # 1．属于国家秘密
    spaced_t4_header: bool = False  # 结果 维持
    spaced_numbers: bool = False  # 2023 年 … 12 件
    wrapped_labels: bool = False  # layout: long labels continue on the next line


def document_style(cells: Mapping[CellKey, Value], *parts: object) -> Style:
    """The style of one document: a deterministic function of its cells and shape."""
    digest = zlib.crc32(repr((sorted(cells.items(), key=lambda kv: kv[0]), parts)).encode())
    rng = random.Random(digest)
    return Style(rng.random() < 0.4, rng.random() < 0.2, rng.random() < 0.3,
                 rng.random() < 0.5, rng.random() < 0.5)


def _styled_label(text: str, style: Style) -> str:
    if style.half_width_parens:
        text = text.replace("（", "(").replace("）", ")")
    if style.full_width_dot:
        text = re.sub(r"^(\d)\.", "\\1．", text)
    return text


def styled_block(block: Block, style: Style) -> Block:
    """A block with the document's label habits applied."""
    header = block.header
    if style.spaced_t4_header and block.depth == 0:
        header = tuple(f"{w[:2]} {w[2:]}" if w in _T4_PARTS[:4] else w for w in header)
    rows = tuple(Row(tuple(_styled_label(g, style) for g in r.groups),
                     _styled_label(r.label, style), r.values) for r in block.rows)
    return Block(_styled_label(block.caption, style), header, rows, block.depth)


def _styled_prose(prose: dict[str, list[str]], style: Style) -> dict[str, list[str]]:
    if not style.spaced_numbers:
        return prose
    return {key: [re.sub(r"(\d+)(?=[年月日件条])", r" \1 ", p) for p in paragraphs]
            for key, paragraphs in prose.items()}


def _document(cells: Mapping[CellKey, Value], layout: str, shape: str, agency: str,
              year: int) -> tuple[Style, dict[str, list[str]], dict[str, list[Block]]]:
    """The style, the prose and the table blocks of one document."""
    style = document_style(cells, shape, layout, agency, year)
    blocks = {"t2": t2_blocks(cells, layout), "t3": [t3_block(cells, layout)],
              "t4": [t4_block(cells)]}
    styled = {key: [styled_block(b, style) for b in value] for key, value in blocks.items()}
    return style, _styled_prose(_prose(cells, layout, agency, year), style), styled


# --- prose -------------------------------------------------------------------------------

def _n(cells: Mapping[CellKey, Value], key: CellKey) -> float | int:
    value = cells.get(key)
    return value if value is not None else 0


def _prose(cells: Mapping[CellKey, Value], layout: str, agency: str,
           year: int) -> dict[str, list[str]]:
    """Paragraphs before the tables, per section key (``head`` is title and preamble)."""
    notice = "国办公开办函〔2019〕60号" if layout == "2019" else "国办公开办函〔2021〕30号"
    published = 40 + sum(int(_n(cells, ("t2", r, c))) for r, c in table_shape("t2", layout)
                         if c in ("issued", "published", "decisions") and
                         _n(cells, ("t2", r, c)) > 0)
    penalty = cells.get(("t2", "penalty", "decisions"))
    new = _n(cells, ("t3", "new", "total"))
    review = _n(cells, ("t4", "review", "total"))
    suits = _n(cells, ("t4", "suit_direct", "total")) + _n(cells, ("t4", "suit_after_review",
                                                                   "total"))
    applications = (f"{year}年，本机关未收到政府信息公开申请。" if new == 0 else
                    f"{year}年，本机关共收到政府信息公开申请{fmt(new)}件，上年结转"
                    f"{fmt(_n(cells, ('t3', 'carried_in', 'total')))}件，均依法按时答复。")
    disputes = ("全年未发生因政府信息公开引起的行政复议、行政诉讼。" if review == suits == 0 else
                f"全年发生政府信息公开行政复议{fmt(review)}件、行政诉讼{fmt(suits)}件。")
    penalty_text = (f"全年作出行政处罚决定{fmt(penalty)}件，均按规定公开。"
                    if isinstance(penalty, int) and penalty >= 0 else "")
    return {
        "head": [agency, f"{year}年政府信息公开工作年度报告",
                 f"根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室"
                 f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{notice}）要求，"
                 f"现发布《{agency}{year}年政府信息公开工作年度报告》。本报告统计期限为{year}年1月"
                 f"1日至{year}年12月31日。如对本报告有疑问，请与本机关办公室联系。"],
        "overall": [f"（一）主动公开。{year}年，本机关坚持以公开为常态、不公开为例外，"
                    f"主动公开政府信息{published}条。{penalty_text}",
                    f"（二）依申请公开。{applications}",
                    "（三）政府信息管理。严格落实信息发布审核制度，执行“三审三校”，"
                    "定期清理更新已公开信息。",
                    "（四）平台建设。充分发挥政府网站第一平台作用，及时更新政务公开专栏。",
                    f"（五）监督保障。将政务公开纳入年度绩效考核，{disputes}"],
        "problems": ["存在的主要问题：政务公开工作人员业务能力有待提升，政策解读形式较为单一。",
                     "改进措施：一是加强业务培训，提升工作人员能力；二是丰富政策解读形式，"
                     "运用图解、视频等方式提高解读质量。"],
        "other": [f"{year}年本机关未收取信息处理费。",
                  "本报告电子版可在本机关门户网站下载。联系电话：0951-1234567。"],
    }


_SECTION_TITLES = (("overall", "一、总体情况"), ("t2", "二、主动公开政府信息情况"),
                   ("t3", "三、收到和处理政府信息公开申请情况"),
                   ("t4", "四、政府信息公开行政复议、行政诉讼情况"),
                   ("problems", "五、存在的主要问题及改进情况"),
                   ("other", "六、其他需要报告的事项"))


# --- text shapes -------------------------------------------------------------------------

def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def _row_lines_raw(block: Block, *, shape: str, rng: random.Random,
                   drop_total_row: int | None = None) -> list[str]:
    lines: list[str] = []
    previous: tuple[str, ...] = ()
    for i, row in enumerate(block.rows):
        for level, group in enumerate(row.groups):
            if previous[level:level + 1] != (group,):
                lines.extend(_chunks(group, 4) if shape == "wrapped" else [group])
        previous = row.groups
        values = [v for v in row.values if v]
        if i == drop_total_row and values:
            values = values[:-1]  # the total was lost; H3 recovers it
        if shape == "one_per_line":
            lines.extend([row.label] if row.label else [])
            lines.extend(values)
        elif shape == "wrapped":
            label_lines = _chunks(row.label, 12) if row.label else [""]
            cut = rng.randint(1, max(1, len(values) - 1)) if len(values) > 1 else len(values)
            first, rest = values[:cut], values[cut:]
            lines.extend(label_lines[:-1])
            lines.append(" ".join(x for x in (label_lines[-1], *first) if x))
            if rest:
                lines.append(" ".join(rest))
        else:
            lines.append(" ".join(x for x in (row.label, *values) if x))
    return lines


def _header_lines(block: Block, shape: str) -> list[str]:
    if shape == "one_per_line":
        return list(block.header)
    if shape == "wrapped":  # three header words to a line
        return [" ".join(block.header[i:i + 3]) for i in range(0, len(block.header), 3)]
    if shape == "damaged":  # shredded: pieces of two characters, one per line
        return [piece for word in block.header for piece in _chunks(word, 2)]
    return [" ".join(block.header)]


def _tsv_lines(block: Block) -> list[str]:
    lines = ["\t".join(block.header)]
    previous: tuple[str, ...] = ()
    for row in block.rows:
        labels = []
        for level in range(block.depth):
            if level < len(row.groups):
                group = row.groups[level]
                labels.append(group if previous[level:level + 1] != (group,) else "")
            elif level == len(row.groups):
                labels.append(row.label)
            else:
                labels.append("")
        previous = row.groups
        lines.append("\t".join([*labels, *row.values]))
    return lines


def _value_labels(block: Block) -> tuple[list[tuple[int, int, str]], tuple[str, ...]]:
    """Spanning header words as (line, first value column, text), and one label per column."""
    n_values = max(len(r.values) for r in block.rows)
    h = block.header
    if block.depth == 3:  # t3: 申请人情况 over all seven, 法人或其他组织 over the five
        return [(0, 0, h[0]), (0, 1, h[2])], (h[1], *h[3:])
    if block.depth == 0:  # t4: 行政复议 | 行政诉讼, then 未经复议直接起诉 | 复议后起诉
        return ([(0, 0, h[0]), (0, 5, h[1]), (1, 5, h[7]), (1, 10, h[8])],
                (*h[2:7], *h[9:9 + n_values - 5]))
    return [], h[1:]


#: labels wider than this (display columns) wrap inside their cell in ``wrapped_labels`` style
LABEL_CELL_WIDTH = 36


def _layout_lines(block: Block, *, wrap_labels: bool = False) -> list[str]:
    """Columns aligned with spaces; group labels on the first row of their group.

    With ``wrap_labels`` a long label continues on the line below its numbers, as
    ``pdftotext -layout`` prints a label cell that wraps inside a narrow column.
    """
    def pad(text: str, width: int) -> str:
        return text + " " * max(0, width - _width(text))

    group_texts, previous = [], ()
    for row in block.rows:
        group_texts.append("".join(g for level, g in enumerate(row.groups)
                                   if previous[level:level + 1] != (g,)))
        previous = row.groups
    group_width = max(map(_width, group_texts), default=0)
    group_col = group_width + 2 if group_width else 0
    def shown(label: str) -> str:
        return label[:LABEL_CELL_WIDTH // 2] if (
            wrap_labels and _width(label) > LABEL_CELL_WIDTH) else label

    left_width = group_col + max([_width(shown(r.label)) for r in block.rows]
                                 + [_width(block.header[0]) if block.depth == 1 else 0]) + 2
    supers, labels = _value_labels(block)
    col_width = max(map(_width, labels)) + 2
    lines = []
    for line_no in sorted({line for line, _, _ in supers}):
        line = ""
        for _, col, text in sorted(x for x in supers if x[0] == line_no):
            line = pad(line, left_width + col * col_width + 2) + text
        lines.append(line)
    first = block.header[0] if block.depth == 1 else ""
    lines.append(pad(first, left_width) + "".join(
        " " * (col_width - _width(w)) + w for w in labels))
    for group_text, row in zip(group_texts, block.rows, strict=True):
        label = shown(row.label)
        rest = row.label[len(label):]
        # a row outside every group spans the label columns: it starts at the margin
        left = (pad(group_text, group_col) + label) if row.groups else label
        cells = "".join(" " * (col_width - _width(v)) + v for v in row.values)
        lines.append((pad(left, left_width) + cells).rstrip())
        if rest:
            lines.append(" " * (group_col if row.groups else 0) + rest)
    return lines


def _table_lines(block: Block, shape: str, rng: random.Random, *,
                 drop_total_row: int | None = None, wrap_labels: bool = False) -> list[str]:
    lines = [block.caption] if block.caption else []
    if shape == "wrapped":
        lines = [piece for line in lines for piece in _hard_wrap(line)]
    if shape == "tsv":
        return lines + _tsv_lines(block)
    if shape == "layout":
        return lines + _layout_lines(block, wrap_labels=wrap_labels)
    return (lines + _header_lines(block, shape)
            + _row_lines_raw(block, shape=shape, rng=rng, drop_total_row=drop_total_row))


def _recoverable_row(rows: Sequence[Row], rng: random.Random) -> int | None:
    """A t3 row whose total, once lost, H3 recovers uniquely (preferably a non-zero one).

    With the total gone, six numbers are left; they can also be read as five applicant
    columns plus the total (one applicant lost) unless the last of them is smaller than the
    sum of the first five, or all of them are 0 (every reading gives the same values).
    """
    def numbers(row: Row) -> list[int] | None:
        if not all(v.isdigit() for v in row.values):
            return None
        return [int(v) for v in row.values]

    unique = [i for i, r in enumerate(rows) if (n := numbers(r)) and n[5] < sum(n[:5])]
    zero = [i for i, r in enumerate(rows) if (n := numbers(r)) and not any(n)]
    candidates = unique or zero
    return rng.choice(candidates) if candidates else None


_DEBRIS = ("·", "— {page} —", "丨", "ˉ ˉ", "- {page} -", "囗", "、")


def _hard_wrap(line: str, width: int = 28) -> list[str]:
    """Break prose every ``width`` characters, never inside a number (as PDF lines do)."""
    out = []
    while len(line) > width:
        cut = width
        while 0 < cut < len(line) and line[cut - 1].isdigit() and line[cut].isdigit():
            cut -= 1
        cut = cut or width
        out.append(line[:cut])
        line = line[cut:]
    return [*out, line]


def _text_report(cells: Mapping[CellKey, Value], layout: str, shape: str, agency: str,
                 year: int) -> str:
    rng = random.Random(f"{shape}:{layout}:{year}:{agency}")
    style, prose, blocks = _document(cells, layout, shape, agency, year)
    wrap = _hard_wrap if shape == "wrapped" else (lambda line: [line])
    out = [piece for line in prose["head"] for piece in wrap(line)]
    drop = None
    if shape == "damaged":
        drop = _recoverable_row(blocks["t3"][0].rows, rng)
    for key, title in _SECTION_TITLES:
        out.append(title)
        if key in blocks:
            for block in blocks[key]:
                out.extend(_table_lines(block, shape, rng,
                                        drop_total_row=drop if key == "t3" else None,
                                        wrap_labels=style.wrapped_labels))
        else:
            out.extend(piece for line in prose[key] for piece in wrap(line))
    if shape == "wrapped":  # prose is hard-wrapped above, table lines are wrapped by cell
        return "\n\n".join(out) + "\n"
    if shape == "damaged":
        noisy = []
        for i, line in enumerate(out):
            noisy.append(line)
            if rng.random() < 0.12:
                noisy.append(rng.choice(_DEBRIS).format(page=1 + i // 40))
        return "\n".join(noisy) + "\n"
    return "\n".join(out) + "\n"


# --- structured shapes -------------------------------------------------------------------

def _structured(cells: Mapping[CellKey, Value], layout: str, shape: str, agency: str,
                year: int) -> tuple[dict[str, list[str]], dict[str, SpanGrid]]:
    _, prose, blocks = _document(cells, layout, shape, agency, year)
    return prose, {"t2": t2_grid(blocks["t2"]), "t3": t3_grid(blocks["t3"][0]),
                   "t4": t4_grid(blocks["t4"][0])}


def _html_table(grid: SpanGrid) -> str:
    from html import escape

    by_row: dict[int, list[Span]] = {}
    for span in grid.cells:
        by_row.setdefault(span.row, []).append(span)
    rows = []
    for r in range(grid.n_rows):
        tds = []
        for span in sorted(by_row.get(r, []), key=lambda s: s.col):
            attrs = (f' rowspan="{span.rowspan}"' if span.rowspan > 1 else "") + \
                    (f' colspan="{span.colspan}"' if span.colspan > 1 else "")
            tds.append(f"<td{attrs}>{escape(span.text)}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="0">\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")


def _html_report(cells: Mapping[CellKey, Value], layout: str, agency: str, year: int) -> str:
    from html import escape

    prose, grids = _structured(cells, layout, "html", agency, year)
    title = f"{agency}{year}年政府信息公开工作年度报告"
    body = [f'<h1 class="title">{escape(prose["head"][0])}<br/>{escape(prose["head"][1])}</h1>',
            f"<p>{escape(prose['head'][2])}</p>"]
    for key, heading in _SECTION_TITLES:
        body.append(f"<p><strong>{escape(heading)}</strong></p>")
        if key in grids:
            body.append(_html_table(grids[key]))
        else:
            body.extend(f"<p>{escape(p)}</p>" for p in prose[key])
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8"/>',
        f"<title>{escape(title)}_{escape(agency)}</title></head><body>",
        '<div class="header"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
        "<span>政府信息公开年报</span></div>",
        f'<div class="meta"><span>索引号：11640500MB0000000X/{year + 1}-00012</span> '
        f"<span>发布机构：{escape(agency)}</span> <span>发布日期：{year + 1}-01-20</span></div>",
        '<div class="article">', *body, "</div>",
        '<div class="footer">主办单位：本机关 网站标识码：6405000001 宁ICP备00000000号 '
        '<a href="#">打印本页</a> <a href="#">关闭窗口</a></div>',
        "</body></html>"])


def _docx_report(cells: Mapping[CellKey, Value], layout: str, agency: str,
                 year: int) -> bytes:
    from docx import Document

    prose, grids = _structured(cells, layout, "docx", agency, year)
    document = Document()
    for line in prose["head"]:
        document.add_paragraph(line)
    for key, heading in _SECTION_TITLES:
        document.add_paragraph(heading)
        if key not in grids:
            for paragraph in prose[key]:
                document.add_paragraph(paragraph)
            continue
        grid = grids[key]
        table = document.add_table(rows=grid.n_rows, cols=grid.n_cols)
        table.style = "Table Grid"
        # ``table.cell`` rescans the whole table on every call; the unmerged cells are taken
        # once (spans never overlap, so a merge leaves the other cached cells valid)
        cache = table._cells
        for span in grid.cells:
            top = cache[span.row * grid.n_cols + span.col]
            if span.rowspan > 1 or span.colspan > 1:
                bottom = cache[(span.row + span.rowspan - 1) * grid.n_cols
                               + span.col + span.colspan - 1]
                top = top.merge(bottom)
            top.text = span.text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


_PDF_FONT = "STSong-Light"


@lru_cache(maxsize=1)
def _pdf_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))
    return _PDF_FONT


def _pdf_table(grid: SpanGrid, widths: Sequence[float], font: str):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    style = ParagraphStyle("cell", fontName=font, fontSize=7.5, leading=9, wordWrap="CJK")
    data: list[list[object]] = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    commands: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, "black"),
                             ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1),
                                                                   7.5),
                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for span in grid.cells:
        is_number = re.fullmatch(r"-?[\d.]+", span.text) is not None
        data[span.row][span.col] = span.text if is_number or not span.text else Paragraph(
            span.text, style)
        if span.rowspan > 1 or span.colspan > 1:
            commands.append(("SPAN", (span.col, span.row),
                             (span.col + span.colspan - 1, span.row + span.rowspan - 1)))
    return Table(data, colWidths=list(widths), style=TableStyle(commands), repeatRows=0)


def _pdf_report(cells: Mapping[CellKey, Value], layout: str, agency: str, year: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = _pdf_font()
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK",
                          firstLineIndent=21)
    heading = ParagraphStyle("heading", parent=body, firstLineIndent=0, fontSize=12)
    title = ParagraphStyle("title", parent=heading, fontSize=15, leading=22, alignment=1)
    prose, grids = _structured(cells, layout, "pdf", agency, year)
    widths = {"t2": (160, 115, 115, 115), "t3": (40, 48, 122, *(43,) * 6, 47),
              "t4": (34,) * 15}
    story: list[object] = [Paragraph(prose["head"][0], title), Paragraph(prose["head"][1], title),
                           Spacer(1, 8), Paragraph(prose["head"][2], body)]
    for key, text in _SECTION_TITLES:
        story.append(Paragraph(text, heading))
        if key in grids:
            story.extend([_pdf_table(grids[key], widths[key], font), Spacer(1, 6)])
        else:
            story.extend(Paragraph(p, body) for p in prose[key])
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=36, rightMargin=36, topMargin=48,
                            bottomMargin=48, title=f"{agency}{year}年政府信息公开工作年度报告",
                            invariant=1)
    doc.build(story)
    return buffer.getvalue()


def render_report(cells: Mapping[CellKey, Value], layout: str, shape: str, *,
                  agency: str = "某某县医疗保障局", year: int = 2023) -> str | bytes:
    """A complete report holding ``cells`` in ``shape``: ``str`` for text and HTML shapes,
    ``bytes`` for ``docx`` and ``pdf``."""
    if layout not in ("2021", "2019"):
        raise ValueError(f"layout must be '2021' or '2019', not {layout!r}")
    if shape == "html":
        return _html_report(cells, layout, agency, year)
    if shape == "docx":
        return _docx_report(cells, layout, agency, year)
    if shape == "pdf":
        return _pdf_report(cells, layout, agency, year)
    if shape in SHAPES:
        return _text_report(cells, layout, shape, agency, year)
    raise ValueError(f"shape must be one of {SHAPES}, not {shape!r}")


# --- text extractions of the renderings --------------------------------------------------

#: ``pdftotext`` modes: one text block after another (a ruled table: one cell per line),
#: columns kept by spaces, content-stream order
PDF_TEXT_MODES: dict[str, tuple[str, ...]] = {"plain": (), "layout": ("-layout",),
                                              "raw": ("-raw",)}


def pdf_text(pdf: bytes, *, mode: str = "plain") -> str:
    """The text ``pdftotext`` (poppler-utils) extracts from ``pdf`` in ``mode``."""
    import subprocess

    if mode not in PDF_TEXT_MODES:
        raise ValueError(f"mode must be one of {tuple(PDF_TEXT_MODES)}, not {mode!r}")
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", *PDF_TEXT_MODES[mode], "-", "-"],
                         input=pdf, capture_output=True, check=True)
    return run.stdout.decode("utf-8")


def docx_text(docx: bytes) -> str:
    """The text of a DOCX as ``docx2txt`` gives it: every paragraph, in and out of tables,
    followed by a blank line; an empty table cell leaves only its blank line.

    >>> cells = random_cells("2021", seed=1)
    >>> text = docx_text(render_report(cells, "2021", "docx"))
    >>> "本年新收政府信息公开申请数量\\n\\n" in text
    True
    """
    from docx import Document
    from docx.oxml.ns import qn

    body = Document(io.BytesIO(docx)).element.body
    out = []
    for paragraph in body.iter(qn("w:p")):
        out.append("".join(t.text or "" for t in paragraph.iter(qn("w:t"))) + "\n\n")
    return "".join(out)


_PAGE_LINES = ("- {page} -", "— {page} —", "第 {page} 页", "{page}", "第{page}页 共{pages}页")
_OCR_SPECKS = ("·", "丨", "ˉ ˉ", "囗", "、", "|", "_", ".")


def damage_text(text: str, *, seed: int, width: int = 34) -> str:
    """``text`` as a careless conversion leaves it: long lines hard-wrapped at ``width``
    characters (never inside a number), a page-number line every ~40 lines (also inside
    tables) and specks of OCR debris on lines of their own. Values are never altered.

    >>> damage_text("行政处罚 12\\n" * 3, seed=1).count("12") >= 3
    True
    """
    rng = random.Random(f"damage:{seed}")
    out: list[str] = []
    lines = text.splitlines()
    pages = 1 + len(lines) // 40
    for i, line in enumerate(lines):
        out.extend(_hard_wrap(line, width) if len(line) > width and rng.random() < 0.7
                   else [line])
        if i % 40 == 39:
            out.append(rng.choice(_PAGE_LINES).format(page=1 + i // 40, pages=pages))
        if rng.random() < 0.06:
            out.append(rng.choice(_OCR_SPECKS))
    return "\n".join(out) + "\n"
