"""Numeric claims: hand-checked gold on the seeds and on development pages, and the rules."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from gkmine.nlp.claims import Claim, extract_claims, report_claims
from gkmine.nlp.numbers import parse_number

GOLD_DIR = Path(__file__).resolve().parents[1] / "gold" / "claims"
SEEDS_DIR = Path(__file__).resolve().parents[2] / "corpora" / "seeds"

_START = re.compile(r"(?m)^[ \t\u3000]*(?:[一1]\s*[、.．]\s*)?总体情况[ \t]*$")
_END = re.compile(r"(?m)^[ \t\u3000]*(?:二\s*[、.．]|主动公开政府信息情况)")


def overall_span(text: str) -> tuple[int, int]:
    """Body of section 一 (总体情况): from its heading line to the heading of 二."""
    start = _START.search(text)
    assert start is not None, "no 总体情况 heading"
    end = _END.search(text, start.end())
    return start.end(), end.start() if end else len(text)


def keys(claims) -> Counter:
    return Counter((c["value"], c["unit"], c["approx"]) if isinstance(c, dict)
                   else (c.value, c.unit, c.approx) for c in claims)


def scores(gold: Counter, found: Counter) -> tuple[int, int, int]:
    hits = sum((gold & found).values())
    return hits, sum(gold.values()), sum(found.values())


# --- gold: the five seeds -----------------------------------------------------------------


SEED_GOLD = sorted(GOLD_DIR.glob("*.json"))


def test_every_seed_has_gold():
    assert {p.stem for p in SEED_GOLD} == {p.stem for p in SEEDS_DIR.glob("*.txt")}


@pytest.mark.parametrize("gold_path", SEED_GOLD, ids=lambda p: p.stem[:3])
def test_seed_overall_claims_match_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    text = (SEEDS_DIR / gold["seed"]).read_text(encoding="utf-8")
    start, end = overall_span(text)
    claims = extract_claims(text[start:end], section="overall", offset=start)
    hits, n_gold, n_found = scores(keys(gold["claims"]), keys(claims))
    print(f"{gold['seed']}: recall {hits}/{n_gold}, precision {hits}/{n_found}")
    assert keys(claims) == keys(gold["claims"])
    for claim in claims:  # offsets point at the expression in the full text
        assert text[claim.start:claim.end] == claim.text
        assert claim.section == "overall"
    # the counted thing: the gold phrase and the found one overlap (one contains the other)
    pairs = zip(sorted(gold["claims"], key=lambda c: c["text"]),
                sorted(claims, key=lambda c: c.text), strict=True)
    agree = [g["object"] in c.object or (c.object and c.object in g["object"])
             for g, c in pairs if g["text"] == c.text]
    assert sum(agree) / len(agree) >= 0.9


def test_seed_gold_texts_are_in_the_seeds():
    for path in SEED_GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (SEEDS_DIR / gold["seed"]).read_text(encoding="utf-8")
        for claim in gold["claims"]:
            assert claim["text"] in text


# --- gold: development pages (public government text, read through the fixture) ----------

#: Section 一 of development pages, every claim read by hand: (value, unit, approx).
#: ``DEV_PAGES_SEEN`` were read while the rules were written; ``DEV_PAGES_HELD_OUT`` were
#: coded by hand before the extractor was first run on them.
DEV_PAGES_SEEN = {
    "p009": [(80, "项", False), (5, "件", False), (54, "种", False), (4, "种", False),
             (82, "件", False), (10, "期", False), (1046, "件", False), (862, "件", False),
             (82.4, "%", False), (171, "件", False), (16.3, "%", False), (13, "件", False),
             (1.3, "%", False), (1030, "件", False), (98.5, "%", False), (16, "件", False),
             (1.5, "%", False)],
    "p012": [(4, "期", False), (6, "期", False), (60, "批次", True), (729, "篇", False),
             (3972, "条", False), (5092, "条", False), (1103, "条", False), (607, "条", False),
             (210000000, None, False), (44, "件", False), (42, "件", False), (0, "件", False),
             (2, "件", False), (0, "件", False), (39, "件", False), (0, "件", False)],
    "p016": [(417, "篇", False), (2, "件", False), (5, "件", False), (4, "条", False),
             (11, "条", False), (8, "条", False), (7, "件", False), (5, "件", False),
             (187, "件", False), (135, "件", False), (4, "件", False), (4, "件", False),
             (0, "件", False), (0, "件", False), (1032, "条", False), (0, "件", False)],
    "p030": [(47, "条", False), (37, "条", False), (924.17, "万元", False), (2, "次", False),
             (2515, "项", False), (30, "件", False), (100, "%", False), (0, "件", False),
             (5, "个", False), (45, "项", False), (6476, "条", False), (6000000, "次", True)],
    "p033": [(1056, "条", False), (341, "条", False), (102, "宗", False), (0, "件", False),
             (4, "宗", False), (4, "份", False), (1, "份", False), (22, "篇", False)],
    "p039": [(85, "条", False), (70, "条", False), (82.35, "%", False), (11, "条", False),
             (12.94, "%", False), (4, "条", False), (4.7, "%", False), (26, "件", False),
             (7, "件", False)],
    "p048": [(236, "条", False), (27, "条", False), (198, "条", False), (11, "件", False),
             (0, "件", False), (3, "名", False), (49, "篇", False)],
}
DEV_PAGES_HELD_OUT = {
    "p005": [(167, "条", False), (5, "条", False), (32, "条", False), (0, "件", False),
             (1, "名", False), (1, "名", False)],
    "p011": [(465, "条", False), (1, "条", False), (1, "条", False), (1, "条", False),
             (1, "条", False), (8, "条", False), (34, "条", False), (56, "条", False),
             (362, "条", False)],
    "p031": [],
    "p040": [(2780, "条", False), (400, "条", True), (1, "个", False), (14, "个", False),
             (21, "万人次", True), (12, "期", False)],
    "p044": [],
    "p049": [(106, "条", False), (0, "件", False), (0, "件", False)],
    "p051": [(84, "条", False), (4, "条", False), (5, "条", False), (14, "条", False),
             (61, "条", False), (1, "件", False), (1, "件", False)],
    "p053": [(100, "条", True), (16, "件", False), (100, "%", False)],
    "p057": [(716, "条", False), (398, "条", False), (318, "条", False), (0, "件", False)],
    "p064": [(300, "条", True)],
}


def _dev_scores(dev_pages, gold_by_page) -> tuple[int, int, int]:
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    pages = {row["file"].removesuffix(".txt"): row for row in dev_pages}
    totals = [0, 0, 0]
    for name, gold in gold_by_page.items():
        text = to_simplified.convert(pages[name]["text"])
        start, end = overall_span(text)
        found = keys(extract_claims(text[start:end], section="overall", offset=start))
        hits, n_gold, n_found = scores(Counter(gold), found)
        if hits != n_gold or hits != n_found:
            print(name, "missed", Counter(gold) - found, "extra", found - Counter(gold))
        totals = [totals[0] + hits, totals[1] + n_gold, totals[2] + n_found]
    return totals[0], totals[1], totals[2]


@pytest.mark.parametrize("gold_by_page", [DEV_PAGES_SEEN, DEV_PAGES_HELD_OUT],
                         ids=["seen", "held_out"])
def test_dev_pages_recall_and_precision(dev_pages, gold_by_page):
    hits, n_gold, n_found = _dev_scores(dev_pages, gold_by_page)
    recall, precision = hits / n_gold, hits / n_found
    print(f"dev pages: recall {hits}/{n_gold} = {recall:.3f}, "
          f"precision {hits}/{n_found} = {precision:.3f}")
    assert recall >= 0.9 and precision >= 0.9


# --- rules ----------------------------------------------------------------------------------


def one(text: str, **kw) -> Claim:
    claims = extract_claims(text, **kw)
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize("text, value, unit, approx", [
    ("主动公开政府信息 385 条。", 385, "条", False),
    ("共收到申请1,046件。", 1046, "件", False),
    ("累计播放量2.1亿。", 210000000, None, False),
    ("发布信息1.2万条。", 12000, "条", False),
    ("采购总金额924.17万元。", 924.17, "万元", False),
    ("公开率100%。", 100, "%", False),
    ("占比82.4％。", 82.4, "％", False),
    ("发布信息20余条。", 20, "条", True),
    ("接受采访60多批次。", 60, "批次", True),
    ("举办培训近10场。", 10, "场", True),
    ("发布信息约300条。", 300, "条", True),
    ("发布信息100条左右。", 100, "条", True),
    ("访问量21万余人次。", 21, "万人次", True),
    ("阅读量超过600万次。", 6000000, "次", True),
    ("培训3.5万人次。", 3.5, "万人次", False),
    ("公开三十二条信息。", 32, "条", False),
    ("开展培训两次。", 2, "次", False),
    ("收到十余件申请。", 10, "件", True),
    ("发布信息百余条。", 100, "条", True),
    ("办结率提高12.5个百分点。", 12.5, "个百分点", False),
    ("收到申请3万余件。", 30000, "件", True),
    ("发布信息 ３８５ 条。", 385, "条", False),
    ("网站访问量达125000。", 125000, None, False),
])
def test_quantities(text, value, unit, approx):
    claim = one(text)
    assert (claim.value, claim.unit, claim.approx) == (value, unit, approx)
    assert text[claim.start:claim.end] == claim.text


@pytest.mark.parametrize("text", [
    "2024年1月1日至12月31日，截至12月底。",
    "根据国办公开办函〔2021〕30号和国务院令第711号。",
    "依据条例第二十条第（一）项规定。",
    "一是加强领导；（一）主动公开；1.属于国家秘密。",
    "联系电话：0951-7012345，邮编：755000。",
    "地址：文萃南路105号4楼，传真 0564-7356522。",
    "详见 http://www.example.gov.cn/art/2024/1/5.html 或 xx123@163.com。",
    "2023年度报告，2019-2021年度。",
    "贯彻党的二十大精神，坚决做到两个维护，落实中央八项规定。",
    "确保信息一个不漏，推行一项制度。",
    "12345热线，PM2.5监测。",
    "3个工作日内答复，用时3个月。",
])
def test_not_claims(text):
    assert extract_claims(text) == []


@pytest.mark.parametrize("text, unit, obj", [
    ("本年度未收到政府信息公开申请。", "件", "政府信息公开申请"),
    ("2021年未受理依申请公开事项。", "件", "依申请公开事项"),
    ("没有因政府信息公开申请引起的行政复议和行政诉讼。", "件", "行政复议和行政诉讼"),
    ("全年政府信息公开工作零问责。", "件", "问责"),
    ("未收取信息处理费。", "元", "信息处理费"),
    ("本年度无政府信息公开申请。", "件", "政府信息公开申请"),
    ("2023年未制定行政规范性文件。", "件", "行政规范性文件"),
])
def test_explicit_zeros(text, unit, obj):
    claim = one(text)
    assert (claim.value, claim.unit, claim.object, claim.approx) == (0, unit, obj, False)
    assert text[claim.start:claim.end] == claim.text


def test_one_zero_per_fact_and_sentence():
    claims = extract_claims("我局未接到政府信息公开申请，无依申请公开情况。")
    assert [(c.value, c.object) for c in claims] == [(0, "政府信息公开申请")]


def test_list_of_quantities_shares_its_object():
    claims = extract_claims("网上申请、信函申请分别为3件、5件。")
    assert [(c.value, c.object) for c in claims] == [(3, "信函申请"), (5, "信函申请")]


def test_no_zero_from_table_labels():
    assert extract_claims("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请") == []


def test_offsets_and_section():
    text = "（一）主动公开。2024年主动公开政府信息\n\n385 条，其中政策解读 2条。"
    claims = extract_claims(text, section="overall", offset=100)
    assert [(c.value, c.object) for c in claims] == [(385, "主动公开政府信息"), (2, "政策解读")]
    assert [c.section for c in claims] == ["overall", "overall"]
    assert [c.start - 100 for c in claims] == [text.index("385"), text.index("2条")]


def test_object_after_a_bare_verb():
    assert one("邀请 25 名服务对象代表、群众代表").object == "服务对象代表"


def test_table_lines_are_skipped_in_table_sections():
    text = ("本年度共收到申请5件，均已办结。\n"
            "（一）予以公开\t3\t0\t0\t0\t0\t0\t3\n"
            "规章 0 0 5\n"
            "12\n")
    claims = extract_claims(text, section="applications")
    assert [(c.value, c.unit) for c in claims] == [(5, "件")]


def test_tab_indented_prose_is_not_a_table():
    text = "\t（一）主动公开。全年共发布信息385条。\n规章 0 0 5\n"
    assert [(c.value, c.unit) for c in extract_claims(text, section="overall")] == [(385, "条")]


def test_parse_number():
    assert parse_number("1,234.5") == 1234.5
    assert parse_number("两百") == 200
    assert parse_number("3", multiplier="亿") == 300_000_000
    assert parse_number("abc") is None


def _parsed_seeds():
    from gkmine.pipeline import parse_document

    try:
        reports = [parse_document(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]
    except ImportError as err:  # the read/structure stages are still being written
        pytest.skip(f"pipeline not ready: {err}")
    if any(r.status == "error" or r.section("overall") is None for r in reports):
        pytest.skip("pipeline cannot parse the seeds yet")
    return reports


def test_report_claims_on_parsed_seeds():
    for report in _parsed_seeds():
        claims = report_claims(report)
        for claim in claims:
            assert report.text[claim.start:claim.end] == claim.text
        gold = json.loads((GOLD_DIR / f"{Path(report.source).stem}.json").read_text("utf-8"))
        overall = [c for c in claims if c.section == "overall"]
        hits, n_gold, n_found = scores(keys(gold["claims"]), keys(overall))
        assert hits / n_gold >= 0.9 and hits / max(n_found, 1) >= 0.9, report.source


def test_cli_claims_json(monkeypatch):
    """``gkmine claims --json``: one line per document, offsets into the report text."""
    from click.testing import CliRunner

    import gkmine.pipeline
    from gkmine.cli import main
    from gkmine.record import Report, Section

    def fake_iter_reports(files, **kw):  # section 一 sliced from each seed, no pipeline needed
        for path in files:
            text = Path(path).read_text(encoding="utf-8")
            start, end = overall_span(text)
            yield Report(source=str(path), doc_id=Path(path).stem, text=text, sections=[
                Section("overall", "一、总体情况", start, end, text[start:end], start)])

    monkeypatch.setattr(gkmine.pipeline, "iter_reports", fake_iter_reports)
    seeds = [str(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]  # not the folder's README
    result = CliRunner().invoke(main, ["claims", *seeds, "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.strip().splitlines()]
    assert len(lines) == 5
    for line in lines:
        assert set(line) == {"source", "doc_id", "claims"}
        gold = json.loads((GOLD_DIR / f"{line['doc_id']}.json").read_text(encoding="utf-8"))
        assert keys(line["claims"]) == keys(gold["claims"])
        text = Path(line["source"]).read_text(encoding="utf-8")
        for claim in line["claims"]:
            assert set(claim) == {"value", "unit", "object", "approx", "section", "start",
                                  "end", "text", "quantity", "cell", "actor"}
            assert text[claim["start"]:claim["end"]] == claim["text"]
    result = CliRunner().invoke(main, ["claims", *seeds])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split("\t")[2:5] == ["385", "条", "="]


# --- claims keyed to cells -----------------------------------------------------------------


@pytest.mark.parametrize("text, quantity, cell, value", [
    ("共收到政府信息公开申请12件。", "applications_new", "t3.new.total", 12),
    ("我局未收到政府信息公开申请。", "applications_new", "t3.new.total", 0),
    # a denied correction says nothing about the number of reviews
    ("未发生因政府信息公开被行政复议纠错的情况。", "review_corrected", "t4.review.corrected", 0),
    ("未出现行政复议、行政诉讼被纠错情况。", "reviews_and_suits_corrected",
     "t4.review.corrected+t4.suit_direct.corrected+t4.suit_after_review.corrected", 0),
    ("没有因政府信息公开申请引起的行政复议和行政诉讼。", "reviews_and_suits",
     "t4.review.total+t4.suit_direct.total+t4.suit_after_review.total", 0),
    ("未被行政诉讼。", "suits", "t4.suit_direct.total+t4.suit_after_review.total", 0),
    ("行政复议3件，其中结果维持2件。", "review_upheld", "t4.review.upheld", 2),
    ("行政复议3件，其中其他结果1件。", "review_other", "t4.review.other", 1),
    ("行政复议3件，其中尚未审结2件。", "review_pending", "t4.review.pending", 2),
    ("行政诉讼4件，其中结果维持3件。", "suit_upheld",
     "t4.suit_direct.upheld+t4.suit_after_review.upheld", 3),
    ("行政诉讼4件，其中结果维持3件，尚未审结1件。", "suit_pending",
     "t4.suit_direct.pending+t4.suit_after_review.pending", 1),
    ("本年度办结政府信息公开申请20件。", "applications_processed",
     "t3.total_processed.total", 20),
    ("上年结转申请2件。", "applications_carried_in", "t3.carried_in.total", 2),
    ("作出行政处罚决定19件。", "penalty_decisions", "t2.penalty.decisions", 19),
    ("全年作出行政处罚决定3项。", "penalty_decisions", "t2.penalty.decisions", 3),
    ("无行政处罚案件。", "penalty_decisions", "t2.penalty.decisions", 0),
    ("未制定行政规范性文件。", "normative_docs_issued", "t2.normative_docs.issued", 0),
    ("行政事业性收费12.5万元。", "admin_fees_wan", "t2.admin_fees.amount_wan", 12.5),
    ("未收取信息处理费。", "processing_fees", None, 0),
    # the outcome named last is what is counted, not the applications it is drawn from
    ("所有办结的信息公开申请中同意公开答复9件。", "disclosed", "t3.disclosed.total", 9),
    ("部分公开答复0件。", "partial", "t3.partial.total", 0),
    ("予以公开及部分公开208件。", "disclosed_and_partial",
     "t3.disclosed.total+t3.partial.total", 208),
    ("其他处理319件。", "other_results",
     "t3.other_no_correction.total+t3.other_no_fee_paid.total+t3.other_other.total", 319),
    # elliptic objects right after a figure of applications
    ("受理政府信息公开申请749件，共办理718件。", "applications_handled",
     "t3.total_processed.total", 718),
    ("受理政府信息公开申请749件，结转下一年31件。", "applications_carried_out",
     "t3.carried_out.total", 31),
    ("其他处理14件，转下一年度办理答复的有1件。", "applications_carried_out",
     "t3.carried_out.total", 1),
    ("收到政府信息公开申请75件，涉及自然人72件。", "applications_natural_person",
     "t3.new.natural_person", 72),
])
def test_claims_are_keyed_to_their_cells(text, quantity, cell, value):
    keyed = [(c.quantity, c.cell, c.value) for c in extract_claims(text) if c.quantity]
    assert keyed[-1] == (quantity, cell, value)  # the last: "行政复议3件，其中…" has two


@pytest.mark.parametrize("text", [
    "主动公开政府信息385条。", "网上申请42件。", "发布行政许可公示6条。",
    "公开行政许可事项126项。", "收到群众来信、依申请公开等26件。", "平台发布规范性文件2件。",
    "依申请公开173条。", "不予公开52条。", "共办理5件。", "结转下一年度资金31万元。",
    "发布的事项共有89项，其中行政许可57项。",
])
def test_counts_of_other_things_are_not_keyed(text):
    assert [c.quantity for c in extract_claims(text) if c.quantity] == []


def test_a_breakdown_refers_back_within_its_sentence_only():
    keyed = [(c.quantity, c.value) for c in extract_claims("行政复议3件。维持2件。") if c.quantity]
    assert keyed == [("reviews", 3)]


def test_the_cell_key_follows_the_layout():
    assert [c.cell for c in extract_claims("制定规章1件。", layout="2019")] == [
        "t2.regulations.made"]
    assert [c.cell for c in extract_claims("其他处理3件。", layout="2019")] == [
        "t3.other.total"]
    assert [c.cell for c in extract_claims("行政事业性收费3万元。", layout="2019")] == [None]


def test_report_claims_read_the_preamble():
    from gkmine.record import Meta, Report, Section

    text = "本年度共收到政府信息公开申请5件。\n一、总体情况\n行政处罚2件。"
    report = Report("a.txt", text=text, meta=Meta(layout="2021"), sections=[
        Section("overall", "一、总体情况", 18, len(text), text[25:], 25)])
    found = [(c.section, c.quantity, c.value) for c in report_claims(report)]
    assert found == [(None, "applications_new", 5), ("overall", "penalty_decisions", 2)]


#: Every keyed claim of the development pages, read by hand (rules revised on these pages:
#: this is an in-sample regression check, not a held-out measure).
DEV_PAGES_KEYED = {
    ("p005.txt", "applications_new", 0), ("p009.txt", "normative_docs_issued", 82),
    ("p009.txt", "applications_new", 1046), ("p009.txt", "applications_natural_person", 1030),
    ("p009.txt", "applications_organisations", 16), ("p012.txt", "applications_new", 44),
    ("p012.txt", "applications_carried_in", 0), ("p012.txt", "applications_processed", 39),
    ("p012.txt", "reviews_and_suits", 0), ("p023.txt", "applications_new", 0),
    ("p023.txt", "normative_docs_in_force", 1), ("p030.txt", "applications_new", 0),
    # 采购信息37条,采购总金额924.17万元 (a 2021 report: no procurement row to compare with)
    ("p030.txt", "procurement_projects", 37), ("p030.txt", "procurement_amount", 924.17),
    ("p033.txt", "applications_new", 102), ("p033.txt", "suits", 0),
    ("p033.txt", "review_upheld", 4), ("p039.txt", "applications_new", 7),
    ("p048.txt", "applications_new", 0), ("p049.txt", "applications_new", 0),
    ("p049.txt", "disclosed", 0), ("p051.txt", "applications_new", 1),
    ("p051.txt", "applications_processed", 1), ("p053.txt", "applications_new", 16),
    ("p056.txt", "applications_new", 1), ("p056.txt", "applications_processed", 1),
    ("p057.txt", "applications_new", 0), ("p068.txt", "applications_new", 1),
    ("p075.txt", "applications_new", 7), ("p075.txt", "reviews", 1), ("p075.txt", "suits", 0),
    ("p079.txt", "applications_new", 0), ("p081.txt", "applications_new", 1),
    ("p084.txt", "applications_new", 5), ("p089.txt", "applications_new", 0),
    ("p089.txt", "reviews_and_suits", 0),  # 未收到行政复议申请及行政诉讼
}


def test_dev_pages_keyed_claims(dev_pages):
    found = {(page["file"], c.quantity, c.value) for page in dev_pages
             for c in extract_claims(page["text"], section="overall") if c.quantity}
    assert found == DEV_PAGES_KEYED


@pytest.mark.slow
def test_extraction_is_linear_in_text_length():
    import time

    base = "".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))

    def seconds(n: int) -> float:
        text = (base * (n // len(base) + 1))[:n]
        start = time.perf_counter()
        extract_claims(text, section="overall")
        return time.perf_counter() - start

    small, large = seconds(250_000), seconds(2_000_000)
    assert large / small < 8 * 2.5  # 8 times the text; quadratic would be 64 times


@pytest.mark.parametrize("text, keyed", [
    ("本年度共收到70件申请，依法依规办结69件，1件结转下年度继续办理。",
     ["applications_new", "applications_processed", "applications_carried_out"]),
    ("共收到政府信息公开申请3条。", ["applications_new"]),  # 条 of the applications themselves
    ("依申请公开173条、不予公开52条。", [None, None]),  # 条 of information released
    ("收到行政许可申请30件，网上申请5件。", [None, None]),
    # the applications named by what they ask for (申请公开政府信息的要求)
    ("今年收到申请公开政府信息的要求6件，完成答复6件。",
     ["applications_new", "applications_processed"]),
])
def test_applications_counted_without_naming_them_again(text, keyed):
    assert [c.quantity for c in extract_claims(text)] == keyed


@pytest.mark.parametrize("text, keyed", [
    # negated reviews and suits, received or coordinated through a verb or a noun
    ("未收到因政府信息公开提出的行政复议、行政诉讼的申请。", ["reviews_and_suits"]),
    ("也无因政府信息公开申请行政复议、提起行政诉讼的案件。", ["reviews_and_suits"]),
    ("全年没有政府信息公开行政复议及行政诉讼情况。", ["reviews_and_suits"]),
    ("未收到行政复议申请。", ["reviews"]),
    ("办结申请3件，其中公开答复2件，无法提供1件。",
     ["applications_processed", "disclosed", "unavailable"]),
])
def test_negated_reviews_and_bare_outcomes(text, keyed):
    claims = extract_claims(text)
    assert [c.quantity for c in claims] == keyed
    assert all(c.value == 0 for c in claims if c.quantity in ("reviews", "reviews_and_suits"))


@pytest.mark.parametrize("text, keyed", [
    # every kind of applicant named: all applications, kept whole in the object
    ("全年共收到公民、法人和其他组织提出的政府信息公开申请12件。", ["applications_new"]),
    ("本年度未收到公民、法人或其他组织提出的政府信息公开申请。", ["applications_new"]),
    ("共收到公开政府信息申请3件。", ["applications_new"]),
    # one kind named: that kind's column, or nothing when the words do not say which
    ("收到公民申请3件。", ["applications_natural_person"]),
    ("收到公民提出的政府信息公开申请3件。", [None]),
    # a zero is the natural persons' whether 公民 means them or every applicant
    ("未收到公民提出的公开政府信息申请。", ["applications_natural_person"]),
])
def test_applications_of_every_applicant(text, keyed):
    claims = extract_claims(text)
    assert [c.quantity for c in claims] == keyed
    assert all(c.object.startswith("公民、法人") for c in claims if "、法人" in text)


@pytest.mark.parametrize("text, keyed", [
    # an outcome after its reasons
    ("因本机关不掌握等原因无法提供564件，属信访、重复申请等不予处理80件。",
     ["unavailable", "not_processed"]),
    ("“区分处理后公开”1件。", ["partial"]),
    # a zero of corrections is the reviews' (or suits') just stated, and alone says nothing
    ("因政府信息公开产生行政复议共2件，未出现结果纠正案件。", ["reviews", "review_corrected"]),
    ("行政诉讼1件，未发生败诉情况。", ["suits", "suit_corrected"]),
    ("未出现结果纠正案件。", [None]),
    # elliptic objects right after a figure of normative documents, and not without it
    ("制发行政规范性文件9件，按程序确认失效或废止文件7件，现行有效行政规范性文件共253件。",
     ["normative_docs_issued", "normative_docs_repealed", "normative_docs_in_force"]),
    ("本年度制发规范性文件34件，现行有效件数424件。",
     ["normative_docs_issued", "normative_docs_in_force"]),
    ("清理废止文件7件。", [None]),
    # every channel listed with 各类: all applications; one channel: a breakdown
    ("2024年接收通过邮寄、网络提交的各类政府信息公开申请21件。", ["applications_new"]),
    ("通过网络提交的政府信息公开申请5件。", [None]),
    # the counted thing after the number
    ("另有72件申请按照《条例》顺延到下年度答复。", ["applications_carried_out"]),
    ("2024年市科委有1件涉及政府信息公开工作的行政复议。", ["reviews"]),
    # a change is not a count
    ("行政复议5件，较上年减少行政复议2件。", ["reviews", None]),
    # documents in 份; outcomes of a review as its breakdown
    ("本年度作出行政处罚决定书86份，制定规范性文件3份。",
     ["penalty_decisions", "normative_docs_issued"]),
    ("被申请行政复议3件，其中维持1件，撤销1件，1件尚在审理中。",
     ["reviews", "review_upheld", "review_corrected", "review_pending"]),
])
def test_more_wordings_of_tabled_quantities(text, keyed):
    claims = extract_claims(text, year=2024)
    assert [c.quantity for c in claims] == keyed
    assert all(text[c.start:c.end] == c.text for c in claims)


def test_a_figure_of_another_year_is_no_claim_about_the_tables():
    text = ("2024年，共收到政府信息公开申请50件，共办结48件，结转至2025年2件。"
            "2023年，共收到政府信息公开申请40件。《2023年政务公开工作要点》印发后，办结申请48件。")
    claims = [(c.value, c.quantity) for c in extract_claims(text, year=2024)]
    assert claims == [(50, "applications_new"), (48, "applications_processed"),
                      (2, "applications_carried_out"), (40, None),
                      (48, "applications_processed")]
    # without the report's year nothing is known of the next year either
    assert [c.quantity for c in extract_claims(text)][2:4] == [None, "applications_new"]


AMOUNT = "procurement_amount"


@pytest.mark.parametrize("text, keyed", [
    # 政府集中采购: a count is the table's only with its amount
    ("全年共发布采购信息197批次涉及金额3601627.4元。", ["procurement_projects", AMOUNT]),
    ("今年共发布采购信息21条共5419886元。", ["procurement_projects", AMOUNT]),
    ("公开政府采购信息4条，财政资金4条。", [None, None]),
    ("采购项目数量采购总金额政府集中采购215419886元", [None]),  # the table's own header
])
def test_procurement_is_keyed_with_its_amount(text, keyed):
    claims = extract_claims(text, layout="2019")
    assert [c.quantity for c in claims] == keyed
    assert all(c.cell == f"t2.procurement.{c.quantity.split('_')[1]}" for c in claims
               if c.quantity)


@pytest.mark.parametrize("text, keyed", [
    # a running total over the years is not the year's
    ("截至2024年底，累计受理政府信息公开申请1200件。", [None]),
    ("今年以来累计受理政府信息公开申请20件。", ["applications_new"]),
    ("截至目前累计主动公开信息1770条，其中2024年度收到申请2件。", [None, "applications_new"]),
    ("本年度共办理申请130件。", ["applications_handled"]),
    ("梳理历年区管委会印发的\n行政规范性文件228份。", [None]),  # a line break inside
    # the year before, named as such; not in 上年结转 nor in a comparison
    ("上年度收到政府信息公开申请15件，今年收到政府信息公开申请20件。",
     [None, "applications_new"]),
    ("与上年相比，收到政府信息公开申请20件，上年结转申请2件。",
     ["applications_new", "applications_carried_in"]),
    ("2023年全年共收到政府信息公开申请40件。", [None]),  # 全年 of the year named
    ("与2023年相比，全年共收到政府信息公开申请50件。", ["applications_new"]),
    ("减免行政事业性收费300万元。", [None]),  # fees waived, not collected
    ("结转上年度政府信息公开申请1件。", ["applications_carried_in"]),
    ("收到政府信息公开申请7件，按照《条例》要求，及时规范答复7件。",
     ["applications_new", "applications_processed"]),
    # "应公开而不予公开" and a correction asked of an applicant count nothing of the table
    ("全年没有应公开而不予公开的情况，目前未收到该申请人提交的补正。", [None]),
])
def test_the_period_a_figure_speaks_of(text, keyed):
    assert [c.quantity for c in extract_claims(text, year=2024)] == keyed


@pytest.mark.parametrize("text, actor", [
    ("各乡镇（街道）共收到政府信息公开申请30件。", "各乡镇"),
    ("区直各部门共受理政府信息公开申请56件。", "区直各部门"),
    ("指导各镇街受理政府信息公开申请12件。", "各镇街"),
    ("组织各部门开展培训，全年共收到政府信息公开申请5件。", None),
    ("全区共收到政府信息公开申请100件。", None),
])
def test_figures_of_the_bodies_under_the_agency_are_not_its_tables(text, actor):
    (claim,) = extract_claims(text)
    assert claim.quantity == "applications_new" and claim.actor == actor
    assert (claim.cell is None) == (actor is not None)


def test_a_misread_report_year_excludes_no_figure():
    from gkmine.record import Meta, Report

    text = ("2024年，共收到政府信息公开申请5件。2023年收到政府信息公开申请4件。\n"
            "发布日期：2025年1月20日")
    found = {}
    for year in (2024, 2025):  # 2025: the year of publication, read as the report's
        report = Report("a.txt", text=text, meta=Meta(layout="2021", year=year), sections=[])
        found[year] = [(c.value, c.quantity) for c in report_claims(report)]
    assert found[2024] == [(5, "applications_new"), (4, None)]
    assert found[2025][0] == (5, "applications_new")  # not excluded as "another year"
