"""One page per report: metadata, sections, tables with their failing checks, claims,
section 五 codings, the rhetoric cluster and reuse.

:class:`ReportRows` holds the database rows of one report; :func:`report_page` turns them
into HTML. Failing checks sit next to the table they concern, with the source lines they
quote (the logic of :mod:`gkmine.checks.display`), and their cells are highlighted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from gkmine import keys
from gkmine.checks.display import shorten, source_lines
from gkmine.record import Cell, Check, Report
from gkmine.report import labels
from gkmine.report.html import (
    definition_list,
    esc,
    fmt,
    link,
    page,
    records_table,
    report_href,
)

#: doc_id -> display name (agency and year) of every report that has a page
Known = Mapping[str, str]
#: claim columns that already say whether a claim agrees with its table cell
CLAIM_VERDICT_COLUMNS = ("agrees", "agree", "verdict")
#: claim columns naming the table cell a claim was compared with
CLAIM_CELL_COLUMNS = ("cell", "cell_id", "cell_key", "key")
VERDICT = {True: "一致", False: "不一致", None: "未核对"}
MAX_QUOTED_LINES = 8


@dataclass
class ReportRows:
    """The rows of one report (``doc_id``) in each table (plain dicts, in page order)."""

    doc_id: str
    report: Mapping  # the reports row (the first of its sources)
    sources: list[str]
    tables: dict[str, list[dict]] = field(default_factory=dict)

    def get(self, role: str) -> list[dict]:
        return self.tables.get(role, [])


def _json_list(value) -> list:
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        return json.loads(value) if value.strip() else []
    return list(value)


def _int(value) -> int | None:
    return None if value is None or value != value else int(value)


def _record(rows: ReportRows) -> Report:
    """Enough of a :class:`Report` to quote the source lines of its checks."""
    cells = [Cell(r["table"], r["row"], r["col"], None, fmt(r.get("raw")), fmt(r.get("status")),
                  start=_int(r.get("start")), end=_int(r.get("end")))
             for r in rows.get("cells")]
    return Report(source=rows.sources[0], doc_id=rows.doc_id, text=rows.report.get("text") or "",
                  cells=cells)


def _check(row: Mapping) -> Check:
    return Check(rule=row["rule"], table=row.get("table"), row=row.get("row"),
                 col=row.get("col"), passed=bool(row["passed"]), expected=row.get("expected"),
                 actual=row.get("actual"), delta=row.get("delta"),
                 cells=[str(c) for c in _json_list(row.get("cells"))],
                 severity=fmt(row.get("severity")), attribution=row.get("attribution"),
                 message=fmt(row.get("message")),
                 spans=[tuple(s) for s in _json_list(row.get("spans"))])


def _check_block(record: Report, check: Check, anchor: str) -> str:
    """A failing check: headline, the lines it quotes, and cells not found in the text."""
    tag = ", ".join(x for x in (check.severity, check.attribution or "") if x)
    lines, unlocated = source_lines(record, check) if record.text else ([], [])
    quoted = "".join(
        f'<li><span class="lineno">第 {line.number} 行</span>'
        f'<span class="cellids">{esc(", ".join(line.cells))}</span>'
        f'<q class="source">{esc(shorten(line.text))}</q></li>'
        for line in lines[:MAX_QUOTED_LINES])
    notes = []
    if len(lines) > MAX_QUOTED_LINES:
        notes.append(f"另有 {len(lines) - MAX_QUOTED_LINES} 行")
    if unlocated:
        notes.append("未在正文中定位：" + ", ".join(unlocated))
    if not record.text and (check.cells or check.spans):
        notes.append("未保存报告正文，无法引用原文")
    note = "".join(f'<p class="note">{esc(n)}</p>' for n in notes)
    return (f'<div class="check fail" id="{esc(anchor)}" data-rule="{esc(check.rule)}">'
            f'<p class="check-head"><b>✗ {esc(check.rule)}</b> '
            f'<span class="rule-label">{esc(labels.RULE.get(check.rule, ""))}</span> '
            f'<span class="tag">[{esc(tag)}]</span></p>'
            f'<p class="message">{esc(check.message)}</p>'
            f'<ol class="quotes">{quoted}</ol>{note}</div>')


def _grid(table: str, layout: str, cells: list[dict], failing: Mapping[str, list[str]]) -> str:
    """A statutory table as a grid with Chinese labels; failing cells link to their check."""
    rows = labels.row_labels(table, layout)
    cols = labels.col_labels(table, layout)
    by_id = {f"{table}.{r['row']}.{r['col']}": r for r in cells}
    row_keys = list(rows) + [r for r in dict.fromkeys(c["row"] for c in cells) if r not in rows]
    col_keys = list(cols) + [c for c in dict.fromkeys(c["col"] for c in cells) if c not in cols]
    head = "".join(f'<th title="{esc(c)}">{esc(cols.get(c, c))}</th>' for c in col_keys)
    body = []
    for row in row_keys:
        tds = []
        for col in col_keys:
            cid = f"{table}.{row}.{col}"
            cell = by_id.get(cid)
            if cell is None:
                tds.append('<td class="absent"></td>')
                continue
            classes = [f"status-{fmt(cell.get('status'))}"]
            shown = fmt(cell.get("raw")) or fmt(cell.get("value"))
            content = esc(shown)
            if cid in failing:
                classes.append("fail")
                content = link(f"#{failing[cid][0]}", shown or "∅")
            offsets = (f" @ {fmt(cell.get('start'))}–{fmt(cell.get('end'))}"
                       if fmt(cell.get("start")) else "")
            title = cid + offsets + (f" · {cell.get('note')}" if fmt(cell.get("note")) else "")
            tds.append(f'<td class="{" ".join(classes)}" title="{esc(title)}">{content}</td>')
        body.append(f'<tr><th title="{esc(row)}">{esc(rows.get(row, row))}</th>'
                    f"{''.join(tds)}</tr>")
    return (f'<div class="scroll"><table class="grid"><thead><tr><th></th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def _tables_and_checks(rows: ReportRows) -> str:
    """Each statutory table beside its failing checks, then the checks of no table."""
    checks = rows.get("checks")
    failed = [(f"check-{i + 1}", _check(c))
              for i, c in enumerate(c for c in checks if not c["passed"])]
    record = _record(rows) if failed else None  # only failing checks quote the text
    failing_cells: dict[str, list[str]] = {}
    for anchor, check in failed:
        for cid in check.cells:
            failing_cells.setdefault(cid, []).append(anchor)
    cells = rows.get("cells")
    layout = fmt(rows.report.get("layout")) or "2021"
    n_failed = len(failed)
    summary = (f'<p class="summary fail">{n_failed} 项检查未通过（共 {len(checks)} 项）。</p>'
               if n_failed else f'<p class="summary pass">全部 {len(checks)} 项检查通过。</p>')
    parts = [summary]
    for table in keys.TABLE_SECTION:
        part = [c for c in cells if c["table"] == table]
        here = [(a, c) for a, c in failed if c.table == table]
        if not part and not here:
            continue
        grid = _grid(table, layout, part, failing_cells) if part else (
            '<p class="empty">（未提取到单元格）</p>')
        blocks = "".join(_check_block(record, c, a) for a, c in here) or (
            '<p class="pass">本表检查全部通过。</p>')
        parts.append(f'<section class="table-block" id="{table}">'
                     f"<h3>{esc(labels.TABLE[table])}</h3>"
                     f'<div class="with-checks"><div>{grid}</div>'
                     f'<aside class="checks">{blocks}</aside></div></section>')
    others = [(a, c) for a, c in failed if c.table not in keys.TABLE_SECTION]
    if others:
        parts.append('<section class="table-block" id="other-checks"><h3>其他未通过的检查</h3>'
                     + "".join(_check_block(record, c, a) for a, c in others) + "</section>")
    return "".join(parts)


def _metadata(rows: ReportRows) -> str:
    r = rows.report
    items = [
        ("来源文件", "<br>".join(esc(s) for s in rows.sources)),
        ("文档编号", esc(rows.doc_id)),
        ("格式", esc(r.get("format"))),
        ("解析状态", esc(labels.STATUS.get(fmt(r.get("status")), r.get("status")))),
        ("机关", esc(r.get("agency"))),
        ("机关类型", esc(r.get("agency_type"))),
        ("层级", esc(labels.LEVEL.get(fmt(r.get("level")), r.get("level")))),
        ("省份", esc(r.get("province"))),
        ("城市", esc(r.get("city"))),
        ("区县", esc(r.get("county"))),
        ("报告年度", esc(r.get("year"))),
        ("表格版式", esc(r.get("layout"))),
    ]
    if fmt(r.get("error_code")):
        items.append(("错误", esc(f"[{fmt(r.get('error_code'))}] {fmt(r.get('error'))}")))
    warnings = _json_list(r.get("warnings"))
    if warnings:
        items.append(("警告", "<br>".join(esc(w) for w in warnings)))
    return definition_list(items)


def _sections(rows: ReportRows) -> str:
    sections = rows.get("sections")
    if not sections:
        return '<p class="empty">（未识别出各部分）</p>'
    out = []
    for s in sections:
        name = keys.SECTIONS.get(fmt(s.get("key")), fmt(s.get("key")))
        out.append(f'<details class="section" id="section-{esc(s.get("key"))}">'
                   f"<summary>{esc(s.get('title'))} <small>（{esc(name)}）</small></summary>"
                   f'<div class="text">{esc(fmt(s.get("text")).strip())}</div></details>')
    return "".join(out)


def claim_verdicts(claims: list[dict], *, contradictions: list[dict],
                   checks: list[dict]) -> list[bool | None]:
    """For each claim: agrees with its cell (True), disagrees (False) or was not compared.

    A verdict column of the claims table is used as is. Otherwise a claim disagrees when it
    is in ``contradictions`` or inside the span of a failing N1 check, and agrees when it
    names a cell and does not disagree.

    >>> claims = [{"start": 0, "end": 4, "cell": "t3.new.total"}, {"start": 9, "end": 12}]
    >>> claim_verdicts(claims, contradictions=[], checks=[
    ...     {"rule": "N1", "passed": False, "spans": "[[0, 4]]"}])
    [False, None]
    """
    columns = set(claims[0]) if claims else set()
    verdict_col = next((c for c in CLAIM_VERDICT_COLUMNS if c in columns), None)
    if verdict_col is not None:
        return [_verdict(c.get(verdict_col)) for c in claims]
    disagreeing = [(_int(c.get("start")), _int(c.get("end"))) for c in contradictions]
    for check in checks:
        if check.get("rule") == "N1" and not check.get("passed"):
            disagreeing += [tuple(span) for span in _json_list(check.get("spans"))]
    disagreeing = [(a, b) for a, b in disagreeing if a is not None and b is not None]
    cell_col = next((c for c in CLAIM_CELL_COLUMNS if c in columns), None)
    out: list[bool | None] = []
    for claim in claims:
        start, end = _int(claim.get("start")), _int(claim.get("end"))
        if start is not None and end is not None and any(
                a < end and start < b for a, b in disagreeing):
            out.append(False)
        elif cell_col is not None and fmt(claim.get(cell_col)):
            out.append(True)
        else:
            out.append(None)
    return out


def _verdict(value) -> bool | None:
    if value is None or value != value:
        return None
    if isinstance(value, str):
        return {"agree": True, "agrees": True, "disagree": False, "true": True,
                "false": False}.get(value.strip().lower())
    return bool(value)


def _claims(rows: ReportRows) -> str:
    claims = rows.get("claims")
    if not claims:
        return '<p class="empty">（正文中未发现数字陈述）</p>'
    verdicts = claim_verdicts(claims, contradictions=rows.get("contradictions"),
                              checks=rows.get("checks"))
    shown = [{"section": keys.SECTIONS.get(fmt(c.get("section")), fmt(c.get("section"))),
              "object": c.get("object"), "value": c.get("value"), "unit": c.get("unit"),
              "text": c.get("text"), "verdict": VERDICT[v]}
             for c, v in zip(claims, verdicts, strict=True)]
    counts = {name: sum(VERDICT[v] == name for v in verdicts) for name in VERDICT.values()}
    head = "，".join(f"{k} {v}" for k, v in counts.items())
    return (f'<p class="summary">{esc(head)}</p>' + records_table(
        shown, max_rows=500, cls="data claims",
        labels={"section": "部分", "object": "对象", "value": "数值", "unit": "单位",
                "text": "原文", "verdict": "与表格比对"},
        render={"verdict": lambda v: f'<span class="verdict v-{esc(v)}">{esc(v)}</span>'}))


def _codings(rows: ReportRows) -> str:
    statements = rows.get("statements")
    if not statements:
        return '<p class="empty">（第五部分无编码陈述）</p>'
    from gkmine.issues.codebook import parse_topics

    answered: dict[str, list[bool]] = {}
    for row in rows.get("problem_answered"):
        answered.setdefault(row.get("statement_id"), []).append(bool(row.get("answered")))
    shown = [{"seq": s.get("seq"), "kind": labels.kind_label(fmt(s.get("kind"))),
              "topics": "、".join(labels.topic_label(t) for t in parse_topics(s.get("topics"))),
              "answered": ("是" if all(answered[s["statement_id"]]) else "否")
              if s.get("statement_id") in answered else "",
              "text": s.get("text")} for s in statements]
    return records_table(shown, max_rows=500, labels={
        "seq": "序号", "kind": "类别", "topics": "主题", "answered": "问题有对应措施",
        "text": "原文"})


def doc_link(known: Known):
    """A renderer: a doc_id as a link to its page, named by agency and year, when it has one."""
    def render(doc_id) -> str:
        doc_id = fmt(doc_id)
        if doc_id not in known:
            return esc(doc_id)
        return (f'<a href="{esc(report_href(doc_id, depth=1))}" title="{esc(doc_id)}">'
                f"{esc(known[doc_id])}</a>")
    return render


def _rhetoric(rows: ReportRows, known: Known) -> str:
    parts = []
    profiles = rows.get("rhetoric_profiles")
    if profiles:
        p = profiles[0]
        parts.append(definition_list([
            ("修辞类别", esc(p.get("cluster"))),
            ("最相似的报告", doc_link(known)(p.get("nearest_doc_id"))),
            ("相似度", esc(p.get("similarity")))]))
        terms = rows.get("rhetoric_cluster_terms")
        if terms:
            parts.append("<h3>该类别的特征词</h3>" + records_table(
                terms, columns=[c for c in terms[0] if c != "cluster"], max_rows=20))
    boilerplate = rows.get("boilerplate")
    if boilerplate:
        parts.append(definition_list([("套话句子占比",
                                       esc(boilerplate[0].get("boilerplate_share")))]))
    return "".join(parts)


def _reuse(rows: ReportRows, known: Known) -> str:
    parts = []
    yoy = rows.get("reuse_yoy")
    if yoy:
        shown = [{**r, "section": keys.SECTIONS.get(fmt(r.get("section")), r.get("section"))}
                 for r in yoy]
        parts.append("<h3>与本机关上年报告的重复</h3>" + records_table(
            shown, columns=[c for c in shown[0] if c != "doc_id"],
            labels={"section": "部分", "prev_doc_id": "上年报告", "reuse": "重复句子比例"},
            render={"prev_doc_id": doc_link(known)}))
    pairs = rows.get("reuse_pairs")
    if pairs:
        parts.append("<h3>与其他报告共用的句子</h3>" + records_table(
            pairs, max_rows=50, render={"doc_a": doc_link(known), "doc_b": doc_link(known)},
            labels={"doc_a": "报告", "doc_b": "另一报告", "reuse": "复用比例",
                    "shared": "共用句数", "examples": "例句"}))
    return "".join(parts)


def report_page(rows: ReportRows, *, known: Known) -> str:
    """The HTML of one report's page; ``known`` names the doc_ids that have a page."""
    r = rows.report
    title = " ".join(x for x in (fmt(r.get("agency")) or rows.sources[0],
                                 fmt(r.get("year")) and f"{fmt(r.get('year'))} 年度") if x)
    blocks = [("metadata", "基本信息", _metadata(rows)),
              ("tables", "统计表格与检查", _tables_and_checks(rows)),
              ("sections", "报告各部分", _sections(rows))]
    if "claims" in rows.tables:
        blocks.append(("claims", "正文数字与表格比对", _claims(rows)))
    if "statements" in rows.tables:
        blocks.append(("codings", "第五部分：问题与改进措施编码", _codings(rows)))
    rhetoric = _rhetoric(rows, known)
    if rhetoric:
        blocks.append(("rhetoric", "修辞类别", rhetoric))
    reuse = _reuse(rows, known)
    if reuse:
        blocks.append(("reuse", "文本复用", reuse))
    toc = " · ".join(link(f"#{key}", name) for key, name, _ in blocks)
    body = f'<nav class="toc">{toc}</nav>' + "".join(
        f'<section id="{key}"><h2>{esc(name)}</h2>{html}</section>' for key, name, html in blocks)
    return page(title, body, depth=1)
