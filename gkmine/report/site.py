"""Build the static site: an index with filters, one page per report, and corpus pages.

Report pages are written in batches of documents, each batch read from the database on its
own, so memory does not grow with the corpus. The index's rows go into a script file
(``assets/reports.js``) that the index page filters and pages through in the browser; the
site needs no server and opens from ``file://``. Output bytes depend only on the database.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path

from gkmine import keys
from gkmine.report import labels
from gkmine.report.db import Database
from gkmine.report.figures import CAPTIONS, make_figures
from gkmine.report.html import (
    CORPUS_PAGES,
    esc,
    fmt,
    frame_table,
    link,
    page,
    page_slug,
)
from gkmine.report.pages import Known, ReportRows, doc_link, report_page

#: documents read from the database at a time when writing report pages
BATCH_SIZE = 256
#: per-report tables read for each page, and the order of their rows
PER_REPORT: dict[str, str] = {
    "sections": "start, key",
    "cells": '"table", row, col',
    "checks": 'rule, "table", row, col, message',
    "claims": "start, \"end\"",
    "contradictions": "start",
    "statements": "seq",
    "problem_answered": "statement_id, topic",
    "rhetoric_profiles": "doc_id",
    "boilerplate": "doc_id",
    "reuse_yoy": "section",
}
#: the index's columns, in the order of each row of ``assets/reports.js``
INDEX_COLUMNS = ("page", "source", "agency", "agency_type", "level", "province", "year",
                 "status", "failing")
#: the figures each corpus page shows (file stems made by :mod:`gkmine.report.figures`)
PAGE_FIGURES: dict[str, tuple[str, ...]] = {
    "checks": ("check_failures", "report_status"),
    "panel": ("applications_by_year", "application_outcomes"),
    "issues": ("topic_recurrence", "classifier_scores"),
    "rhetoric": ("rhetoric_map", "boilerplate_shares"),
    "reuse": ("reuse_year_on_year",),
}


def build_site(db_path: str | os.PathLike, out_dir: str | os.PathLike, *,
               figures_dir: str | os.PathLike | None = None,
               batch_size: int = BATCH_SIZE, n_jobs: int = 1,
               min_batches_per_job: int = 4) -> Path:
    """Write the site for the database at ``db_path`` into ``out_dir``; returns index.html.

    The figures are copied from ``figures_dir`` (as made by
    :func:`gkmine.report.figures.make_figures`); without it they are drawn here. Report pages
    are written a batch at a time, by ``n_jobs`` processes that each open the database
    read-only, when there are at least ``min_batches_per_job`` batches per process (starting
    a process costs about as much as a batch); the pages do not depend on which process
    wrote them.
    """
    out = Path(out_dir)
    for folder in ("assets", "reports", "corpus", "figures"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    for stale in (out / "reports").glob("*.html"):  # pages of reports no longer in the database
        stale.unlink()
    _copy_assets(out / "assets")
    figures = _figures(db_path, out / "figures", figures_dir)
    with Database(db_path) as db:
        known = _write_index(db, out)
        ids = _document_ids(db)
    batches = [ids[start:start + batch_size] for start in range(0, len(ids), batch_size)]
    write = partial(_write_report_pages, os.fspath(db_path), out)
    if n_jobs > 1 and len(batches) >= min_batches_per_job * n_jobs:
        from gkmine.engine import process_pool

        with process_pool(n_jobs) as pool:
            for _ in pool.map(write, batches):
                pass
    else:
        for batch in batches:
            write(batch)
    with Database(db_path) as db:
        for stem, title in CORPUS_PAGES.items():
            body = CORPUS_BUILDERS[stem](db, known) + _figure_gallery(stem, figures)
            (out / "corpus" / f"{stem}.html").write_text(page(title, body, depth=1),
                                                         encoding="utf-8")
    return out / "index.html"


def _copy_assets(target: Path) -> None:
    static = resources.files("gkmine.report") / "static"
    for name in ("site.css", "site.js"):
        (target / name).write_bytes((static / name).read_bytes())


def _figures(db_path, target: Path, figures_dir) -> list[str]:
    """File stems of the figures in the site's ``figures/`` folder."""
    if figures_dir is not None and Path(figures_dir).resolve() == target.resolve():
        return sorted({p.stem for p in target.glob("*.png")})
    for stale in [*target.glob("*.png"), *target.glob("*.svg")]:
        stale.unlink()
    if figures_dir is None:
        make_figures(db_path, target)
    else:
        for path in sorted(Path(figures_dir).glob("*")):
            if path.suffix in (".png", ".svg"):
                shutil.copyfile(path, target / path.name)
    return sorted({p.stem for p in target.glob("*.png")})


# --- index -----------------------------------------------------------------------------------


def _known(db: Database) -> Known:
    """doc_id -> the name its page is linked by (agency and year, else the file name)."""
    reports = db.query(f"select doc_id, source, agency, year from {db.table('reports')} "
                       "order by source, doc_id")
    return {r.doc_id: " ".join(x for x in (fmt(r.agency), fmt(r.year)) if x)
            or Path(r.source).name for r in reports.itertuples(index=False)}


def _write_index(db: Database, out: Path) -> Known:
    """Write index.html and its data file; returns the names of the reports with a page."""
    reports = db.query(
        "select doc_id, source, agency, agency_type, level, province, year, status "
        f"from {db.table('reports')} order by source, doc_id")
    failing = db.query(
        f"select doc_id, list(distinct rule order by rule) as rules from {db.table('checks')} "
        "where not passed group by doc_id")
    rules = dict(zip(failing["doc_id"], failing["rules"], strict=True))
    rows = [[f"reports/{page_slug(r.doc_id)}.html", r.source, fmt(r.agency),
             fmt(r.agency_type), labels.LEVEL.get(fmt(r.level), fmt(r.level)), fmt(r.province),
             fmt(r.year), labels.STATUS.get(fmt(r.status), fmt(r.status)),
             [str(x) for x in rules.get(r.doc_id, [])]]
            for r in reports.itertuples(index=False)]
    data = json.dumps({"columns": INDEX_COLUMNS, "rows": rows}, ensure_ascii=False,
                      separators=(",", ":"))
    (out / "assets" / "reports.js").write_text(f"window.GKMINE_INDEX = {data};\n",
                                               encoding="utf-8")
    filters = "".join(
        f'<label>{esc(name)} <select data-filter="{key}"><option value="">全部</option>'
        f"</select></label>"
        for key, name in (("agency_type", "机关类型"), ("level", "层级"), ("province", "省份"),
                          ("year", "年度"), ("status", "解析状态"), ("failing", "未通过的检查")))
    body = (
        f'<p class="summary">共 {len(reports)} 份报告（来源文件），'
        f"{len(rules)} 份有未通过的检查。</p>"
        f'<form class="filters" id="filters">{filters}'
        '<label>机关 <input type="search" data-filter="agency" placeholder="名称包含…"></label>'
        "</form>"
        '<p id="count" class="summary"></p>'
        '<div class="scroll"><table class="data" id="reports"><thead><tr>'
        "<th>机关</th><th>机关类型</th><th>层级</th><th>省份</th><th>年度</th><th>解析状态</th>"
        "<th>未通过的检查</th><th>来源文件</th></tr></thead><tbody></tbody></table></div>"
        '<p><button type="button" id="more" hidden>显示更多</button></p>'
        "<noscript><p>索引需要 JavaScript；各报告页面位于 reports/ 目录。</p></noscript>")
    (out / "index.html").write_text(
        page("报告索引", body, depth=0, scripts=("assets/reports.js", "assets/site.js")),
        encoding="utf-8")
    return _known(db)


# --- report pages ----------------------------------------------------------------------------


def _document_ids(db: Database) -> list[str]:
    return [r["doc_id"] for r in db.records(
        f"select distinct doc_id from {db.table('reports')} order by doc_id")]


@lru_cache(maxsize=2)
def _corpus_context(db_path: str, modified: int) -> tuple[Known, dict]:
    """What every page of a database links to: the names of the reports with a page and the
    terms of each rhetoric cluster (read once per process and database version)."""
    with Database(db_path) as db:
        terms = _group(db.records(f"select * from {db.table('rhetoric_cluster_terms')} "
                                  "order by all")
                       if db.has("rhetoric_cluster_terms", "cluster") else [], "cluster")
        return _known(db), terms


def _write_report_pages(db_path: str, out: Path, batch: list[str]) -> None:
    """Write the pages of one batch of documents."""
    known, terms = _corpus_context(db_path, os.stat(db_path).st_mtime_ns)
    with Database(db_path) as db:
        for rows in _report_rows(db, batch, terms_by_cluster=terms):
            target = out / "reports" / f"{page_slug(rows.doc_id)}.html"
            target.write_text(report_page(rows, known=known), encoding="utf-8")


def _report_rows(db: Database, batch: list[str], *,
                 terms_by_cluster: dict) -> Iterator[ReportRows]:
    """The rows of each report of a batch of documents, in doc_id order."""
    pairs_order = "reuse desc, doc_a, doc_b" if "reuse" in db.columns("reuse_pairs") else ""
    reports = _group(db.records_for("reports", batch, order="doc_id, source"), "doc_id")
    texts = {r["doc_id"]: r["text"] for r in db.records_for("texts", batch)}
    tables = {role: _group(db.records_for(role, batch, order=order), "doc_id")
              for role, order in PER_REPORT.items() if db.exists(role)}
    pairs = db.records_for("reuse_pairs", batch, keys=("doc_a", "doc_b"), order=pairs_order)
    for doc_id in batch:
        here = {role: groups.get(doc_id, []) for role, groups in tables.items()}
        here["reuse_pairs"] = [p for p in pairs if doc_id in (p["doc_a"], p["doc_b"])]
        profile = here.get("rhetoric_profiles")
        if profile:
            here["rhetoric_cluster_terms"] = terms_by_cluster.get(profile[0]["cluster"], [])
        sources = reports[doc_id]
        report = {**sources[0], "text": texts.get(doc_id, sources[0].get("text"))}
        yield ReportRows(doc_id=doc_id, report=report,
                         sources=[r["source"] for r in sources], tables=here)


def _group(records: list[dict], key: str) -> dict[object, list[dict]]:
    """Records by the value of ``key``, each group in the order given."""
    groups: dict[object, list[dict]] = {}
    for record in records:
        groups.setdefault(record[key], []).append(record)
    return groups


# --- corpus pages ----------------------------------------------------------------------------

#: rows shown of a corpus table
MAX_ROWS = 200


def _figure_gallery(stem: str, figures: list[str]) -> str:
    names = [f for f in (figures if stem == "figures" else PAGE_FIGURES.get(stem, ()))
             if f in figures]
    if not names:
        return "" if stem != "figures" else '<p class="empty">（无图表）</p>'
    return '<h2>图表</h2><div class="figures">' + "".join(
        f'<figure><img src="../figures/{esc(n)}.png" alt="{esc(CAPTIONS.get(n, n))}">'
        f"<figcaption>{esc(CAPTIONS.get(n, n))}（"
        f'{link(f"../figures/{n}.svg", "SVG")}）</figcaption></figure>'
        for n in names) + "</div>"


def _table_section(db: Database, role: str, title: str, sql: str | None = None, *,
                   params=None, known: Known | None = None, **options) -> str:
    if not db.has(role):
        return ""
    frame = db.query(sql or f"select * from {db.table(role)}", params)
    if known is not None:
        options.setdefault("render", {})
        for col in ("doc_id", "doc_a", "doc_b", "nearest_doc_id", "prev_doc_id"):
            if col in frame.columns:
                options["render"][col] = doc_link(known)
    return f"<h2>{esc(title)}</h2>" + frame_table(frame, max_rows=MAX_ROWS, **options)


def _checks_page(db: Database, known: Known) -> str:
    checks = db.table("checks")
    per_rule = db.query(
        f"select rule, count(*) filter (where not passed) as failed, "
        f"count(distinct doc_id) filter (where not passed) as reports_failed, count(*) as checked "
        f"from {checks} group by rule order by rule")
    per_rule.insert(1, "label", [labels.RULE.get(r, "") for r in per_rule["rule"]])
    body = "<h2>各项检查</h2>" + frame_table(per_rule, labels={
        "rule": "规则", "label": "内容", "failed": "未通过次数", "reports_failed": "未通过的报告数",
        "checked": "检查次数"})
    body += _table_section(
        db, "checks", "未通过的检查",
        f"select c.doc_id, r.agency, r.year, c.rule, c.severity, c.attribution, c.message "
        f"from {checks} c left join (select doc_id, any_value(agency) as agency, "
        f"any_value(year) as year from {db.table('reports')} group by doc_id) r using (doc_id) "
        f"where not c.passed order by c.rule, c.doc_id, c.message limit {MAX_ROWS + 1}",
        known=known, labels={"doc_id": "报告", "agency": "机关", "year": "年度", "rule": "规则",
                             "severity": "严重程度", "attribution": "归因", "message": "说明"})
    body += _table_section(db, "corpus_checks", "跨年度检查（同一机关）",
                           f"select * from {db.table('corpus_checks')} where not passed "
                           f"order by all limit {MAX_ROWS + 1}"
                           if db.has("corpus_checks", "passed") else None)
    return body


def _panel_page(db: Database, known: Known) -> str:
    body = _table_section(db, "panel_labels", "面板变量说明",
                          f"select * from {db.table('panel_labels')} order by all")
    for role, title in (("linked_panel", "文本与数字关联面板"), ("panel", "表格数据面板")):
        if db.has(role):
            numeric = db.query(f"summarize {db.table(role)}")
            numeric = numeric[numeric["column_type"].isin(["DOUBLE", "BIGINT", "INTEGER"])]
            numeric = numeric[["column_name", "count", "null_percentage", "min", "avg", "q50",
                               "max"]]
            numeric.insert(1, "label", [labels.column_label(c) for c in numeric["column_name"]])
            body += f"<h2>{esc(title)}：变量概况</h2>" + frame_table(numeric, max_rows=400, labels={
                "column_name": "变量", "label": "含义", "count": "行数",
                "null_percentage": "缺失比例", "min": "最小值", "avg": "平均值", "q50": "中位数",
                "max": "最大值"})
    body += _table_section(db, "panel_associations", "文本与数字的关联检验")
    return body or '<p class="empty">（无面板数据）</p>'


def _nlp_page(db: Database, known: Known) -> str:
    body = ""
    if db.has("keywords", "feature", "score"):
        body += _table_section(db, "keywords", "关键词（按平均得分）",
                               f"select feature, count(*) as reports, avg(score) as mean_score "
                               f"from {db.table('keywords')} group by feature "
                               f"order by mean_score desc, feature limit {MAX_ROWS}",
                               labels={"feature": "词", "reports": "报告数",
                                       "mean_score": "平均得分"})
    body += _table_section(db, "collocations", "搭配",
                           f"select * from {db.table('collocations')} order by all "
                           f"limit {MAX_ROWS + 1}")
    if db.has("claims", "object"):
        body += _table_section(db, "claims", "正文中的数字陈述（按对象）",
                               f"select object, count(*) as claims, count(distinct doc_id) as "
                               f"reports from {db.table('claims')} group by object "
                               f"order by claims desc, object limit {MAX_ROWS}",
                               labels={"object": "对象", "claims": "陈述数", "reports": "报告数"})
    body += _table_section(db, "contradictions", "正文与表格不一致之处",
                           f"select * from {db.table('contradictions')} order by all "
                           f"limit {MAX_ROWS + 1}", known=known)
    return body or '<p class="empty">（无文本分析结果）</p>'


def _issues_page(db: Database, known: Known) -> str:
    body = ""
    if db.has("statements", "kind"):
        kinds = db.query(f"select kind, count(*) as statements, count(distinct doc_id) as "
                         f"reports from {db.table('statements')} group by kind order by kind")
        kinds["kind"] = [labels.kind_label(k) for k in kinds["kind"]]
        body += "<h2>第五部分陈述（按类别）</h2>" + frame_table(kinds, labels={
            "kind": "类别", "statements": "陈述数", "reports": "报告数"})
    for dim, name in (("agency_type", "机关类型"), ("level", "层级"), ("province", "省份"),
                      ("year", "年度")):
        role = f"topic_recurrence_{dim}"
        if db.has(role, "topic"):
            frame = db.query(f"select * from {db.table(role)} order by all")
            frame["topic"] = [labels.topic_label(t) for t in frame["topic"]]
            body += f"<h2>各主题出现的报告比例（按{name}）</h2>" + frame_table(
                frame, max_rows=MAX_ROWS, labels={
                    dim: name, "topic": "主题", "n_reports": "报告数",
                    "reports_with_topic": "含该主题的报告数", "share": "比例",
                    "statements": "陈述数"})
    body += _table_section(db, "classifier_evaluation", "分类器评估（按文档交叉验证）",
                           f"select * from {db.table('classifier_evaluation')} order by all")
    return body or '<p class="empty">（无编码结果）</p>'


def _rhetoric_page(db: Database, known: Known) -> str:
    body = ""
    if db.has("rhetoric_profiles", "cluster"):
        body += _table_section(db, "rhetoric_profiles", "各修辞类别的报告数",
                               f"select cluster, count(*) as reports from "
                               f"{db.table('rhetoric_profiles')} group by cluster order by cluster",
                               labels={"cluster": "类别", "reports": "报告数"})
    for role, title in (("rhetoric_cluster_terms", "各类别的特征词"),
                        ("rhetoric_cluster_examples", "各类别的例句"),
                        ("rhetoric_crosstabs", "类别与机关属性的交叉分析")):
        body += _table_section(db, role, title,
                               f"select * from {db.table(role)} order by all", known=known)
    if db.has("boilerplate", "boilerplate_share"):
        body += _table_section(db, "boilerplate", "套话句子占比最高的报告",
                               f"select doc_id, boilerplate_share from {db.table('boilerplate')} "
                               f"order by boilerplate_share desc nulls last, doc_id "
                               f"limit {MAX_ROWS}", known=known)
    return body or '<p class="empty">（无修辞分析结果）</p>'


def _reuse_page(db: Database, known: Known) -> str:
    body = ""
    if db.has("reuse_yoy", "section", "reuse"):
        frame = db.query(f"select section, count(*) as reports, avg(reuse) as mean_reuse from "
                         f"{db.table('reuse_yoy')} group by section order by section")
        frame["section"] = [keys.SECTIONS.get(s, s) for s in frame["section"]]
        body += "<h2>与上年报告重复的句子比例（按部分）</h2>" + frame_table(frame, labels={
            "section": "部分", "reports": "报告数", "mean_reuse": "平均重复比例"})
    if db.has("reuse_pairs"):
        order = ("order by reuse desc, doc_a, doc_b" if "reuse" in db.columns("reuse_pairs")
                 else "order by all")
        body += _table_section(db, "reuse_pairs", "复用最多的报告对",
                               f"select * from {db.table('reuse_pairs')} {order} "
                               f"limit {MAX_ROWS + 1}", known=known)
    return body or '<p class="empty">（无复用分析结果）</p>'


CORPUS_BUILDERS = {
    "checks": _checks_page,
    "panel": _panel_page,
    "nlp": _nlp_page,
    "issues": _issues_page,
    "rhetoric": _rhetoric_page,
    "reuse": _reuse_page,
    "figures": lambda db, known: "",
}
