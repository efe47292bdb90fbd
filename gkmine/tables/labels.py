"""Find the rows of a table by their labels: fuzzy matching in statutory order.

Each canonical row of t2/t3 has its statutory label (from :mod:`gkmine.keys`) and a few short
variants that reports print instead. A candidate label is a window of consecutive text items
(a label broken over lines, or preceded by its group label ``（三）不予公开``); it is scored by
the longest common subsequence of CJK characters, which tolerates line breaks, OCR drops,
inserted debris and punctuation of either width. :func:`align_rows` then picks, by dynamic
programming, the best assignment of rows to windows that keeps the statutory row order — that
order is what tells the row ``3.其他`` from the column ``其他``, or ``（七）总计`` from the column
``总计``.

>>> normalize_label("（三）不予公开 1.属于国家秘密")
'不予公开属于国家秘密'
>>> [spec.key for spec in row_specs("t2", "2019")][-2:]
['admin_fees', 'procurement']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from gkmine.keys import T3_COLS, T3_ROWS, t2_layout
from gkmine.read.normalize import CJK
from gkmine.tables.stream import Item

_ORDINAL = re.compile(r"[（(][一二三四五六七八九十\d]{1,3}[）)]"
                      r"|(?:^|(?<=[\s|｜]))[一二三四五六七八九十]{1,3}\s*[、，,．.]"
                      r"|\d{1,2}\s*[.．、）)]")
_NON_CJK = re.compile(f"[^{CJK}]")

#: Short forms printed instead of the statutory wording.
_VARIANTS: dict[str, tuple[str, ...]] = {
    "partial": ("部分公开",),
    "normative_docs": ("规范性文件",),
    "withheld_security_stability": ("危及三安全一稳定",),
    "other_other": ("其他",),
    "total_processed": ("总计",),
    "carried_out": ("结转下年度继续办理",),
    "other_no_correction": ("逾期不补正",),
    "other_no_fee_paid": ("逾期未按收费通知要求缴纳费用",),
}

#: Minimum score for a window to be a row's label.
MIN_SCORE = 0.6
_MAX_WINDOW = 6


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    cols: tuple[str, ...]
    patterns: tuple[str, ...]  # normalised label and variants


@dataclass(frozen=True)
class RowMatch:
    key: str
    first: int  # index of the window's first item
    last: int  # index of the window's last item
    score: float


@lru_cache(maxsize=1 << 14)  # labels recur in every report
def normalize_label(text: str) -> str:
    """CJK characters of a label, without ordinals (``（三）``, ``1.``, ``四、``)."""
    return _NON_CJK.sub("", _ORDINAL.sub("", text))


@lru_cache(maxsize=8)
def row_specs(table: str, layout: str) -> tuple[RowSpec, ...]:
    """The canonical rows of t2 or t3 in a layout, with their match patterns."""
    if table == "t2":
        rows = [(key, label, tuple(col for col, _ in cols))
                for key, (label, cols) in t2_layout(layout).items()]
    elif table == "t3":
        t3 = T3_ROWS["2019" if layout == "2019" else "2021"]
        rows = [(key, label, tuple(T3_COLS)) for key, label in t3.items()]
    else:
        raise ValueError(f"no row labels for table {table!r}")
    specs = []
    for key, label, cols in rows:
        patterns = (normalize_label(label),) + _VARIANTS.get(key, ())
        specs.append(RowSpec(key, label, cols, tuple(dict.fromkeys(patterns))))
    return tuple(specs)


def _wrapped_past_values(items: list[Item], at: int) -> int | None:
    """Where a label resumes after the values at ``items[at]``, or None.

    In a column-aligned table with top-aligned cells the numbers follow the first line of a
    wrapped label and its rest comes on the next lines, in the same column (``1.申请人无正当
    理由逾期 0 0 …`` / ``不补正、行政机关不再处``). The rest is not a new row: it does not
    start with an ordinal.
    """
    label = items[at - 1] if at > 0 else None
    if label is None or label.kind != "text" or label.x0 is None:
        return None
    end = at
    while end < len(items) and items[end].kind == "value" and items[end].line == label.line:
        end += 1
    if end == at or end >= len(items):
        return None
    rest = items[end]
    if (rest.kind != "text" or rest.prose or rest.cells or rest.line != label.line + 1
            or (rest.x0 is not None and abs(rest.x0 - label.x0) > 2)
            or _ORDINAL.match(rest.text.lstrip())):
        return None
    return end


def _windows(items: list[Item]) -> list[tuple[int, int, str]]:
    """(first, last, normalised text) of runs of up to ``_MAX_WINDOW`` label fragments
    (a label wrapped around its row's values in a top-aligned table is one run)."""
    out = []
    for first, item in enumerate(items):
        if item.kind != "text" or item.prose:
            continue
        text = ""
        last, taken = first, 0
        while last < len(items) and taken < _MAX_WINDOW:
            nxt = items[last]
            if nxt.kind == "value" and text and last > first:
                resume = _wrapped_past_values(items, last)
                if resume is None:
                    break
                last = resume
                continue
            if nxt.kind != "text" or nxt.prose:
                break
            text += normalize_label(nxt.text)
            if text and len(text) <= 80:
                out.append((first, last, text))
            last += 1
            taken += 1
    return out


def _scores(specs: tuple[RowSpec, ...], windows: list[tuple[int, int, str]],
            items: list[Item]) -> np.ndarray:
    """rows × windows: LCS recall of the label, lightly penalised by extra characters."""
    texts = [w[2] for w in windows]
    lengths = np.array([len(t) for t in texts], dtype=float)
    best = np.zeros((len(specs), len(windows)))
    patterns = [pattern for spec in specs for pattern in spec.patterns]
    if patterns:  # every pattern against every window in one call, scored in one array
        lcs = process.cdist(patterns, texts, scorer=LCSseq.similarity, workers=1)
        sizes = np.array([len(pattern) for pattern in patterns], dtype=float)
        precision = np.where(lengths > 0, lcs / np.maximum(lengths, 1), 0.0)
        score = lcs / sizes[:, None] * precision ** 0.25
        at = 0
        for r, spec in enumerate(specs):
            if spec.patterns:
                best[r] = np.maximum(best[r], score[at:at + len(spec.patterns)].max(axis=0))
            at += len(spec.patterns)
    # a label is followed by its values: a small bonus breaks ties with header words
    followed = np.array([w[1] + 1 < len(items) and items[w[1] + 1].kind == "value"
                         or any(it.kind == "value" for it in items[w[0]:w[1]])
                         for w in windows])
    return best + 0.05 * followed


def align_rows(items: list[Item], specs: tuple[RowSpec, ...]) -> list[RowMatch]:
    """The best order-preserving assignment of rows to label windows (rows may stay unmatched).

    >>> from gkmine.tables.stream import text_items
    >>> text = "自然人 其他 总计\\n一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\\n3.其他 0\\n"
    >>> items = text_items(text, 0, len(text))
    >>> [(m.key, items[m.first].text) for m in align_rows(items, row_specs("t3", "2021"))]
    [('new', '一、本年新收政府信息公开申请数量'), ('other_other', '3.其他')]
    """
    windows = _windows(items)
    if not windows:
        return []
    scores = _scores(specs, windows, items)
    n_rows, n_items = len(specs), len(items)
    # best[r][e]: best total score using rows < r, every chosen window ending before item e.
    # back[r][e]: -1 = row r-1 skipped, -2 = same as at e-1, w >= 0 = row r-1 at window w
    best = np.zeros((n_rows + 1, n_items + 1))
    back = np.full((n_rows + 1, n_items + 1), -1, dtype=np.int64)
    for r in range(n_rows):
        row_best = best[r].copy()
        row_back = np.full(n_items + 1, -1, dtype=np.int64)
        for w in np.nonzero(scores[r] >= MIN_SCORE)[0]:
            first, last, _ = windows[w]
            total = best[r, first] + scores[r, w]
            if total > row_best[last + 1] + 1e-9:
                row_best[last + 1] = total
                row_back[last + 1] = w
        carried = np.maximum.accumulate(row_best)
        row_back[carried > row_best + 1e-9] = -2
        best[r + 1], back[r + 1] = carried, row_back
    matches: list[RowMatch] = []
    e = n_items
    for r in range(n_rows, 0, -1):
        while back[r, e] == -2:
            e -= 1
        w = int(back[r, e])
        if w >= 0:
            first, last, _ = windows[w]
            matches.append(RowMatch(specs[r - 1].key, first, last, float(scores[r - 1, w])))
            e = first
    return matches[::-1]
