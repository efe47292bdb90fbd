"""HTML building blocks of the site: escaping, values, tables and the page shell.

Report text is untrusted: every value goes through :func:`esc` (or :func:`cell`) on its way
into the page, and data for scripts goes into separate ``.js`` files as JSON, never into HTML.

>>> esc('<script>alert("x")</script>')
'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
>>> fmt(0.12345), fmt(3.0), fmt(None), fmt(float("nan"))
('0.123', '3', '', '')
>>> page_slug("path:ab/../c d")
'path_ab_.._c_d'
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from gkmine.report.labels import COLUMNS

SITE_TITLE = "政府信息公开工作年度报告 · gkmine"
_UNSAFE_FILE_CHARS = re.compile(r"[^0-9A-Za-z_.-]")


def esc(value: Any) -> str:
    """``value`` as HTML text (``None`` and NaN as empty)."""
    return html.escape(fmt(value), quote=True)


def fmt(value: Any) -> str:
    """A value as text: integral floats without ``.0``, other floats to three decimals."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else f"{value:.3g}"
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return fmt(value.item()) if getattr(value, "ndim", 0) == 0 else "; ".join(
            fmt(v) for v in value)
    if isinstance(value, (list, tuple)):
        return "; ".join(fmt(v) for v in value)
    return str(value)


def page_slug(doc_id: str) -> str:
    """A file name for a report page: ``doc_id`` with unsafe characters replaced."""
    return _UNSAFE_FILE_CHARS.sub("_", doc_id)


def report_href(doc_id: str, *, depth: int) -> str:
    return "../" * depth + f"reports/{page_slug(doc_id)}.html"


def link(href: str, text: Any) -> str:
    return f'<a href="{esc(href)}">{esc(text)}</a>'


def frame_table(frame: pd.DataFrame, **options) -> str:
    """``frame`` as an HTML table (see :func:`records_table` for the options)."""
    return records_table(frame.head(options.get("max_rows", 200)).to_dict("records"),
                         columns=list(frame.columns), n_rows=len(frame), **options)


def records_table(records: list[dict], *, columns: list[str] | None = None,
                  n_rows: int | None = None, labels: Mapping[str, str] | None = None,
                  max_rows: int = 200, cls: str = "data",
                  render: Mapping[str, Callable[[Any], str]] | None = None) -> str:
    """Rows as an HTML table; ``render`` maps a column to a function giving its HTML.

    >>> table = records_table([{"a": "<b>", "n": 2.0}], labels={"a": "甲"})
    >>> '<th title="a">甲</th>' in table, "<td>&lt;b&gt;</td><td>2</td>" in table
    (True, True)
    """
    columns = columns if columns is not None else list(records[0]) if records else []
    if not records:
        return '<p class="empty">（无数据）</p>'
    labels = {**COLUMNS, **(labels or {})}
    render = render or {}
    n_rows = len(records) if n_rows is None else n_rows
    head = "".join(f'<th title="{esc(c)}">{esc(labels.get(c, c))}</th>' for c in columns)
    rows = []
    for record in records[:max_rows]:
        tds = (render[c](record.get(c)) if c in render else esc(record.get(c)) for c in columns)
        rows.append("<tr>" + "".join(f"<td>{td}</td>" for td in tds) + "</tr>")
    more = f'<p class="note">仅显示前 {max_rows} 行。</p>' if n_rows > max_rows else ""
    return (f'<div class="scroll"><table class="{cls}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>{more}")


def definition_list(items: Iterable[tuple[str, str]]) -> str:
    """``(label, html)`` pairs as a ``<dl>``; the html is trusted (already escaped)."""
    body = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in items)
    return f'<dl class="meta">{body}</dl>'


#: the corpus pages: file stem -> title, in menu order
CORPUS_PAGES: dict[str, str] = {
    "checks": "检查结果",
    "panel": "数据面板",
    "nlp": "文本分析",
    "issues": "问题与改进措施",
    "rhetoric": "修辞类别",
    "reuse": "文本复用",
    "figures": "全部图表",
}


def page(title: str, body: str, *, depth: int, scripts: Iterable[str] = ()) -> str:
    """A whole page; ``depth`` is how many folders below the site root it lives."""
    up = "../" * depth
    menu = [link(f"{up}index.html", "报告索引")]
    menu += [link(f"{up}corpus/{stem}.html", name) for stem, name in CORPUS_PAGES.items()]
    tags = "".join(f'<script src="{esc(up + s)}"></script>' for s in scripts)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · {esc(SITE_TITLE)}</title>\n"
        f'<link rel="stylesheet" href="{up}assets/site.css">\n</head>\n<body>\n'
        f'<nav class="menu">{" · ".join(menu)}</nav>\n<main>\n<h1>{esc(title)}</h1>\n'
        f"{body}\n</main>\n{tags}\n</body>\n</html>\n"
    )
