"""Reuse, boilerplate, template families and the same report twice, on constructed pairs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from gkmine.config import Config
from gkmine.pipeline import parse_document
from gkmine.read.simplify import opencc_converter
from gkmine.rhetoric.reuse import (
    boilerplate_shares,
    reuse_tables_from_reports,
    sentence_signatures,
)

#: sentences of seed 003 rewritten in its copy (a "copy with some sentences changed")
REWRITTEN = ("强化政务公开培训", "完善信息发布审核机制", "提升公开质量")


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _copy_under_another_agency(text: str) -> str:
    """Seed 003 (利通区医疗保障局, 2023) as 青铜峡市卫生健康局 would file it for 2024, with
    figures changed and some of its sentences rewritten."""
    out = (text.replace("利通区医疗保障局", "青铜峡市卫生健康局").replace("利通区", "青铜峡市")
           .replace("2023", "2024").replace("2022", "2023"))
    for old, new in (("1", "7"), ("3", "5")):
        out = out.replace(old, new)
    lines = out.split("\n")
    changed = 0
    for i, line in enumerate(lines):  # rewrite every fifth long line of prose
        if len(line) > 20 and "。" in line and i % 5 == 0:
            lines[i] = "我局" + REWRITTEN[changed % 3] + "，切实做到应公开尽公开。"
            changed += 1
    assert changed >= 3
    return "\n".join(lines)


def _html_page(report_text: str) -> str:
    body = "".join(f"<p>  {line}  </p>\n" for line in report_text.split("\n") if line.strip())
    return ("<html><head><title>年度报告_政务公开</title></head><body>"
            "<div class='nav'>首页 &gt; 政务公开 &gt; 政府信息公开年报</div>"
            f"<div class='article'>{body}</div>"
            "<div class='footer'>主办单位：某某人民政府办公室 网站标识码 6405000001</div>"
            "</body></html>")


@pytest.fixture(scope="module")
def corpus(seed_paths, tmp_path_factory):
    """The five seeds, a copy of seed 003 under another agency, seed 003 in traditional
    characters, and seed 000 as a web page."""
    tmp = tmp_path_factory.mktemp("reuse")
    seeds = [parse_document(p) for p in seed_paths]
    base = seed_paths[3].read_text(encoding="utf-8")
    copy = parse_document(_write(tmp, "copy.txt", _copy_under_another_agency(base)))
    trad = parse_document(_write(tmp, "trad.txt", opencc_converter("s2t").convert(base)))
    page = parse_document(_write(tmp, "page.html", _html_page(seeds[0].text)))
    reports = {"seeds": seeds, "copy": copy, "trad": trad, "page": page}
    tables = reuse_tables_from_reports([*seeds, copy, trad, page])
    return reports, tables


def _reuse(tables, a, b) -> float:
    pairs = tables["reuse_pairs"].set_index(["doc_a", "doc_b"])["reuse"]
    return float(pairs.get((a.doc_id, b.doc_id), 0.0))


def test_copy_under_another_agency_with_changes_is_found(corpus):
    reports, tables = corpus
    seed, copy = reports["seeds"][3], reports["copy"]
    assert copy.meta.agency != seed.meta.agency and copy.meta.year == seed.meta.year + 1
    assert _reuse(tables, copy, seed) >= 0.5
    assert _reuse(tables, seed, copy) >= 0.5
    assert _reuse(tables, copy, seed) < 1.0  # the rewritten sentences are not reuse


def test_traditional_copy_is_found(corpus):
    reports, tables = corpus
    assert reports["trad"].doc_id != reports["seeds"][3].doc_id
    assert _reuse(tables, reports["trad"], reports["seeds"][3]) >= 0.9


def test_unrelated_reports_score_near_zero(corpus):
    reports, tables = corpus
    seeds = reports["seeds"]
    scores = [_reuse(tables, a, b) for a in seeds for b in seeds if a is not b]
    assert len(scores) == 20 and max(scores) <= 0.25


def test_same_report_on_two_sites_is_recognised(corpus):
    reports, tables = corpus
    seed, page = reports["seeds"][0], reports["page"]
    assert page.format == "html" and seed.doc_id != page.doc_id
    same = tables["same_report"]
    groups = same.groupby("same_report_id")["doc_id"].agg(frozenset)
    assert frozenset({seed.doc_id, page.doc_id}) in set(groups)
    # a copy under another agency's name is reuse, not the same report
    assert not same["doc_id"].isin([reports["copy"].doc_id]).any()
    families = tables["template_families"].groupby("family_id")["doc_id"].agg(frozenset)
    # different seeds are different templates
    assert not any({reports["copy"].doc_id, seed.doc_id} <= f for f in families)
    assert any({reports["copy"].doc_id, reports["seeds"][3].doc_id} <= f for f in families)


def test_year_over_year_reuse_of_the_same_agency(seed_paths, tmp_path):
    base = seed_paths[1].read_text(encoding="utf-8")  # 中卫市医疗保障局 2023
    later = base.replace("2023", "2024").replace("中卫市医疗保障局", "中卫医保局")
    reports = [parse_document(seed_paths[1]),
               parse_document(_write(tmp_path, "later.txt", later)),
               parse_document(seed_paths[0])]
    yoy = reuse_tables_from_reports(reports)["reuse_yoy"]
    rows = yoy[yoy["doc_id"] == reports[1].doc_id].set_index("section")
    assert set(rows["prev_doc_id"]) == {reports[0].doc_id}
    assert {"overall", "problems", "all"} <= set(rows.index)
    assert rows.loc["all", "reuse"] >= 0.9
    assert not (yoy["doc_id"] == reports[2].doc_id).any()  # another agency: no previous report


def _tiny(doc_id: str, agency: str, sentences: list[str]):
    from gkmine.record import Meta, Report, Section

    body = "".join(sentences)
    text = "一、总体情况\n" + body
    return Report(source=f"{doc_id}.txt", doc_id=doc_id, text=text,
                  meta=Meta(agency=agency, year=2024),
                  sections=[Section("overall", "一、总体情况", 0, len(text), body, 7)])


STOCK = "坚持以公开为常态不公开为例外原则，全面推进决策执行管理服务结果公开。"
OWN = ("今年组织开展校园安全隐患排查整治行动。", "修订完善教师职称评审实施细则并公示。",
       "推动学前教育普惠发展新增公办园学位。", "建成智慧教育云平台覆盖全部中小学。",
       "开展义务教育阶段课后服务满意度调查。")


def test_boilerplate_counts_sentences_many_agencies_share():
    places = ["甲", "乙", "丙", "丁", "戊"]
    reports = [_tiny(f"d{i}", f"{p}县教育局", [STOCK, OWN[i]]) for i, p in enumerate(places)]
    shares = boilerplate_shares(reports)
    assert shares == {f"d{i}": 0.5 for i in range(5)}
    few = boilerplate_shares(reports[:3])  # the sentence spans only two other agencies
    assert set(few.values()) == {0.0}
    with pytest.raises(ValueError):
        boilerplate_shares()


def test_large_groups_are_members_not_pairs():
    options = Config().reuse.__class__(pair_group_cap=10)
    reports = [_tiny(f"d{i:02d}", f"第{i}号单位", [STOCK]) for i in range(30)]
    tables = reuse_tables_from_reports(reports, options=options)
    groups = tables["sentence_groups"]
    assert groups.groupby("group_id")["doc_id"].nunique().max() == 30
    assert tables["reuse_pairs"].empty  # the one shared sentence is boilerplate, not pairs


def test_no_pair_without_a_shared_sentence_and_deterministic(corpus):
    reports, tables = corpus
    again = reuse_tables_from_reports([*reports["seeds"], reports["copy"], reports["trad"],
                                       reports["page"]])
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name], check_dtype=False)
    assert (tables["reuse_pairs"]["shared"] > 0).all()


def test_cli_prints_pairs_with_reuse(seed_paths, tmp_path):
    from click.testing import CliRunner

    from gkmine.cli import main

    base = seed_paths[3].read_text(encoding="utf-8")
    copy = _write(tmp_path, "copy.txt", _copy_under_another_agency(base))
    other = _write(tmp_path, "other.txt",
                   "政府信息公开年报\n一、总体情况\n今年天气晴朗，游客众多。\n")
    result = CliRunner().invoke(main, ["reuse", str(seed_paths[3]), str(copy), str(other),
                                       "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert {(d["a"], d["b"]) for d in lines} == {(str(seed_paths[3]), str(copy)),
                                                (str(copy), str(seed_paths[3]))}
    for d in lines:
        assert d["reuse"] >= 0.5 and d["shared"] >= 1 and 1 <= len(d["examples"]) <= 3
        assert set(d) == {"a", "b", "reuse", "shared", "examples"}


def test_store_tables_equal_in_memory_tables(corpus, tmp_path):
    from gkmine.registry import analyses
    from gkmine.store import Store

    reports, tables = corpus
    everything = [*reports["seeds"], reports["copy"], reports["trad"], reports["page"]]
    with Store(tmp_path / "c.duckdb") as db:
        db.write_reports(everything)  # writes every per-document feature's rows too
        assert db.count("sentence_signatures") == sum(
            len(sentence_signatures(r, Config())) for r in everything)
        # the analysis streams its tables, one part each: joined here
        stored = next(a for a in analyses() if a.name == "reuse").build(db, Config())
        assert boilerplate_shares(store=db) == boilerplate_shares(everything)
    assert stored.keys() == tables.keys()
    for name in ("sentence_groups", "boilerplate", "reuse_yoy", "same_report"):
        pd.testing.assert_frame_equal(stored[name], tables[name], check_dtype=False)
    pd.testing.assert_frame_equal(stored["reuse_pairs"], tables["reuse_pairs"],
                                  check_dtype=False)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None,
                    reason="pdftotext (poppler-utils) is not installed")
def test_a_real_report_and_its_text_extractions_are_copies(shared_dir, tmp_path):
    """A published PDF and what pdftotext makes of it (plain, -layout, -raw) share most
    sentences both ways: wrapped prose is joined, and a page frame's ruling is no table."""
    reports, extractions = [], []
    for pdf in sorted((shared_dir / "corpora-dev" / "real-pdfs").glob("*.pdf")):
        original = parse_document(pdf)
        reports.append(original)
        for mode in ("", "-layout", "-raw"):
            out = tmp_path / f"{pdf.stem}{mode}.txt"
            subprocess.run(["pdftotext", *([mode] if mode else []), str(pdf), str(out)],
                           check=True)
            extractions.append((parse_document(out), original))
    tables = reuse_tables_from_reports([*reports, *(e for e, _ in extractions)])
    scores = [min(_reuse(tables, e, o), _reuse(tables, o, e)) for e, o in extractions]
    assert len(scores) == 9 and min(scores) >= 0.75


def test_headings_of_the_statutory_format_are_no_shared_sentences():
    from gkmine.record import Meta, Report, Section

    def report(doc_id, agency, own):
        body = ("（三）政府信息管理情况。\n" + own + "\n（四）政府信息公开平台建设情况。\n"
                "（五）政府信息公开监督保障情况。")
        return Report(source=doc_id, doc_id=doc_id, text=body, meta=Meta(agency=agency),
                      sections=[Section("overall", "一、总体情况", 0, len(body), body, 0)])

    tables = reuse_tables_from_reports([
        report("a", "甲县教育局", "我局全面梳理主动公开目录，完善信息发布审核流程。"),
        report("b", "乙市民政局", "本年度重点推进养老服务政策解读，开展线上答疑活动。")])
    assert tables["reuse_pairs"].empty
    assert tables["boilerplate"]["n_sentences"].tolist() == [1, 1]


def test_candidate_components_are_those_of_every_shared_band_key():
    """Merging one band at a time gives the components of the graph of all bands at once."""
    import numpy as np

    from gkmine.rhetoric.minhash import _band_key, _candidate_components

    rng = np.random.default_rng(7)
    sig = rng.integers(0, 1 << 16, size=(400, 64), dtype=np.uint16)
    for a, b in rng.integers(0, 400, size=(120, 2)):  # near-duplicates sharing some bands
        cut = 4 * int(rng.integers(1, 4))
        sig[b, :cut] = sig[a, :cut]
    parent = list(range(len(sig)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for band in range(16):
        first: dict[int, int] = {}
        for i, key in enumerate(_band_key(sig, 16, band).tolist()):
            parent[root(i)] = root(first.setdefault(key, i))
    expected = [root(i) for i in range(len(sig))]
    found = _candidate_components(sig, 16).tolist()
    assert len(set(expected)) < len(sig)  # some were merged
    assert len(set(zip(expected, found, strict=True))) == len(set(expected)) == len(set(found))


def test_reuse_pairs_do_not_depend_on_the_join_chunk(corpus, monkeypatch):
    import gkmine.rhetoric.reuse as reuse

    reports, tables = corpus
    listed = [*reports["seeds"], reports["copy"], reports["trad"], reports["page"]]
    whole = tables["reuse_pairs"]
    monkeypatch.setattr(reuse, "_PAIR_DOCS", 1)
    chunked = reuse_tables_from_reports(listed)["reuse_pairs"]
    assert len(whole) > 2 and chunked.equals(whole)
