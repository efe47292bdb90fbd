"""The static site, read as files: every report has a page, failing checks are shown beside
their table with the quoted source lines, untrusted text is escaped, output is deterministic."""

from __future__ import annotations

import html
import re
from pathlib import Path

import duckdb
import pytest

from gkmine.report import build_site
from gkmine.report.db import REQUIRED, TABLES
from gkmine.report.html import page_slug
from tests.report.conftest import HOSTILE


def _page(index: Path, doc_id: str) -> str:
    return (index.parent / "reports" / f"{page_slug(doc_id)}.html").read_text(encoding="utf-8")


def test_every_report_has_a_page(built_site, site_db):
    with duckdb.connect(str(site_db.db_path), read_only=True) as con:
        ids = {r[0] for r in con.execute("select doc_id from reports").fetchall()}
    pages = {p.stem for p in (built_site.parent / "reports").glob("*.html")}
    assert pages == {page_slug(i) for i in ids}
    assert ":" not in "".join(pages)  # some ids are "path:…"; file names stay plain
    index_data = (built_site.parent / "assets" / "reports.js").read_text(encoding="utf-8")
    assert index_data.count("reports/") == len(ids)


def test_failing_check_is_shown_next_to_its_table_with_the_source_line(built_site, site_db):
    text = _page(built_site, site_db.tampered_doc_id)
    t3 = text[text.index('<section class="table-block" id="t3">'):]
    t3 = t3[:t3.index("</section>")]
    for rule in ("H1", "H3"):
        assert f'data-rule="{rule}"' in t3
    quotes = [html.unescape(q) for q in re.findall(r'<q class="source">(.*?)</q>', t3)]
    assert any("本年新收政府信息公开申请数量 7" in q for q in quotes)
    # the cell the check involves is highlighted and links to the check
    assert re.search(r'<td class="status-number fail" title="t3\.new\.natural_person @ \d+–\d+">'
                     r'<a href="#check-\d+">7</a>', t3)
    assert "本年新收政府信息公开申请数量" in t3 and "自然人" in t3  # Chinese row/column labels


def test_a_consistent_report_shows_no_failure(built_site, site_db, seed_paths):
    with duckdb.connect(str(site_db.db_path), read_only=True) as con:
        (doc_id,) = con.execute("select doc_id from reports where source like '%' || ?",
                                [seed_paths[1].name]).fetchone()
    text = _page(built_site, doc_id)
    assert 'class="check fail"' not in text and "检查通过" in text


def test_report_page_sections_present(built_site, site_db):
    text = _page(built_site, site_db.tampered_doc_id)
    for heading in ("基本信息", "统计表格与检查", "报告各部分", "正文数字与表格比对",
                    "第五部分：问题与改进措施编码", "修辞类别", "文本复用"):
        assert f">{heading}</h2>" in text
    assert "存在的主要问题及改进情况" in text
    error_page = _page(built_site, site_db.error_doc_id)
    assert "失败" in error_page and "[E" in error_page


def test_untrusted_text_is_escaped(built_site):
    root = built_site.parent
    pages = sorted(root.rglob("*.html"))
    assert any(html.escape(HOSTILE, quote=True) in p.read_text(encoding="utf-8") for p in pages)
    for p in pages:
        text = p.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text and "onerror=" not in text.replace(
            "onerror=&quot;", ""), p


def test_output_is_deterministic(built_site, site_db, tmp_path):
    again = build_site(site_db.db_path, tmp_path / "again",
                       figures_dir=built_site.parent / "figures")
    first = {p.relative_to(built_site.parent): p.read_bytes()
             for p in built_site.parent.rglob("*") if p.is_file()}
    second = {p.relative_to(again.parent): p.read_bytes()
              for p in again.parent.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_small_batches_and_processes_give_the_same_pages(built_site, site_db, tmp_path, n_jobs):
    again = build_site(site_db.db_path, tmp_path / "b", batch_size=2, n_jobs=n_jobs,
                       min_batches_per_job=1, figures_dir=built_site.parent / "figures")
    pages = sorted((built_site.parent / "reports").glob("*.html"))
    assert len(pages) >= 3 and sorted(p.name for p in (again.parent / "reports").iterdir()) \
        == [p.name for p in pages]
    for p in pages:
        assert (again.parent / "reports" / p.name).read_bytes() == p.read_bytes()


def test_core_tables_alone_are_enough(site_db, tmp_path):
    import shutil

    db_path = tmp_path / "core.duckdb"
    shutil.copyfile(site_db.db_path, db_path)
    optional = set(TABLES.values()) - {TABLES[r] for r in (*REQUIRED, "texts")}
    with duckdb.connect(str(db_path)) as con:
        for (name,) in con.execute("select table_name from information_schema.tables "
                                   "where table_type = 'BASE TABLE'").fetchall():
            if name in optional:
                con.execute(f'drop table "{name}"')
    index = build_site(db_path, tmp_path / "site")
    text = _page(index, site_db.tampered_doc_id)
    assert ">正文数字与表格比对</h2>" not in text and ">文本复用</h2>" not in text
    assert 'data-rule="H1"' in text


def test_not_a_gkmine_database(tmp_path):
    from gkmine.errors import GkmineError

    db_path = tmp_path / "other.duckdb"
    with duckdb.connect(str(db_path)) as con:
        con.execute("create table reports (doc_id varchar)")
    with pytest.raises(GkmineError, match="E505"):
        build_site(db_path, tmp_path / "site", figures_dir=tmp_path)
