"""Metadata and sections of the five seed reports against hand-checked gold, and the agency
name functions."""

from __future__ import annotations

import json

import pytest

from gkmine.keys import LAYOUTS, LEVELS
from gkmine.structure import (
    agency_key,
    agency_type,
    agency_types,
    extract_meta,
    find_sections,
    same_agency,
)

META_FIELDS = ("agency", "year", "level", "province", "city", "county", "agency_type", "layout")


@pytest.fixture(scope="module")
def seed_gold(seeds_dir):
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "gold" / "seed_meta.json"
    gold = json.loads(path.read_text(encoding="utf-8"))
    return {name: (seeds_dir / name, want) for name, want in gold.items() if name.endswith(".txt")}


def test_gold_covers_every_seed(seed_gold, seed_paths):
    assert sorted(seed_gold) == sorted(p.name for p in seed_paths)


@pytest.mark.parametrize("name", ["000_83836b83bf579b6a.txt", "001_2e52dc39fd46a706.txt",
                                  "002_c4d4890b658ed4eb.txt", "003_fd90817f31466881.txt",
                                  "004_4e66213072b1ef4e.txt"])
def test_seed_matches_gold(seed_gold, make_doc, name):
    path, want = seed_gold[name]
    doc = make_doc(path.read_text(encoding="utf-8"), str(path))
    found = find_sections(doc)
    assert [(s.key, s.title) for s in found.sections] == [
        (s["key"], s["title"]) for s in want["sections"]]
    assert found.complete is want["complete"]
    assert [i.key for i in found.sections[0].subitems] == want["overall_subitems"]
    meta = extract_meta(doc, found.sections)
    assert {f: getattr(meta, f) for f in META_FIELDS} == want["meta"]
    assert meta.evidence["agency"] in ("title", "preamble", "contact")
    assert meta.evidence["year"] in ("period", "title")
    assert meta.level in LEVELS and meta.layout in LAYOUTS


def _meta(raw_doc, text, source="<test>"):
    doc = raw_doc(text, source)
    return extract_meta(doc, find_sections(doc).sections)


def test_year_is_the_period_not_the_publication_date(raw_doc):
    text = ("某某市财政局2021年政府信息公开工作年度报告\n发布日期：2022-01-20\n"
            "本报告统计期限自2021年1月1日起至12月31日止。\n一、总体情况\n2022年1月，我局…\n")
    meta = _meta(raw_doc, text)
    assert meta.year == 2021 and meta.evidence["year"] == "period"


def test_title_in_other_word_order_and_split(raw_doc):
    meta = _meta(raw_doc, "锡林郭勒盟市场监督管理局政府信息公开工作2021年度报告\n一、总体情况\n")
    assert (meta.agency, meta.year, meta.level, meta.province) == (
        "锡林郭勒盟市场监督管理局", 2021, "prefecture", "内蒙古自治区")
    meta = _meta(raw_doc, "山西省人民政府外事办公室\n2021年政府信息公开工作年度报告\n"
                          "一、总体情况\n")
    assert (meta.agency, meta.level, meta.agency_type) == ("山西省人民政府外事办公室", "province",
                                                           "外事")


def test_preamble_contact_and_body_evidence(raw_doc):
    meta = _meta(raw_doc, "根据《条例》规定，现将柞水县医疗保障局2024年政府信息公开工作"
                          "年度报告予以公布。\n")
    assert (meta.agency, meta.evidence["agency"], meta.year) == (
        "柞水县医疗保障局", "preamble", 2024)
    meta = _meta(raw_doc, "本报告依据条例编制。如有疑问，请与盐都区财政局办公室联系（地址：略）。\n"
                          "一、总体情况\n")
    assert (meta.agency, meta.evidence["agency"]) == ("盐城市盐都区财政局", "contact")  # city added
    assert (meta.province, meta.city, meta.county) == ("江苏省", "盐城市", "盐都区")
    meta = _meta(raw_doc, "一、总体情况\n2021年，潼南区公安局认真贯彻条例。\n")
    assert (meta.agency, meta.evidence["agency"], meta.year) == ("重庆市潼南区公安局", "body", 2021)
    assert (meta.province, meta.city, meta.level) == ("重庆市", None, "county")


def test_no_year_and_no_agency(raw_doc):
    meta = _meta(raw_doc, "依据《条例》第五十条规定，编制本报告。\n一、总体情况\n我镇高度重视。\n")
    assert meta.year is None and meta.agency is None
    assert meta.level == "township" and meta.evidence["level"] == "body"
    assert meta.layout == "unknown"


def test_ambiguous_division_resolved_by_context(raw_doc):
    text = "长安区卫生健康局2022年政府信息公开工作年度报告\n一、总体情况\n在石家庄市委、河北省…\n"
    meta = _meta(raw_doc, text)
    assert (meta.province, meta.city, meta.county) == ("河北省", "石家庄市", "长安区")
    text = "长安区卫生健康局2022年政府信息公开工作年度报告\n一、总体情况\n在西安市委领导下…\n"
    assert _meta(raw_doc, text).province == "陕西省"
    text = "长安区卫生健康局2022年政府信息公开工作年度报告\n一、总体情况\n"
    meta = _meta(raw_doc, text)
    assert meta.province is None and meta.level == "county"


@pytest.mark.parametrize("name, level", [
    ("国家卫生健康委", "national"), ("北京市发展和改革委员会", "province"),
    ("内蒙古自治区市场监督管理局", "province"), ("鄂尔多斯市市场监督管理局", "prefecture"),
    ("大冶市自然资源和规划局", "county"), ("温州市公安局鹿城区分局", "county"),
    ("利辛县望疃镇", "township"), ("钢花村街道办事处", "township"), ("市教育局", "prefecture"),
])
def test_levels(raw_doc, name, level):
    assert _meta(raw_doc, f"{name}2022年政府信息公开工作年度报告\n一、总体情况\n").level == level


def test_layout_evidence_order(raw_doc):
    head = "某某县民政局{year}年政府信息公开工作年度报告\n（国办公开办函〔2019〕60号）\n"
    t2021 = "信息内容 本年制发件数 本年废止件数 现行有效件数\n"
    t2019 = "信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n"
    assert _meta(raw_doc, head.format(year=2021) + t2019).layout == "2019"
    meta = _meta(raw_doc, head.format(year=2019) + t2021)
    assert (meta.layout, meta.evidence["layout"]) == ("2021", "table")
    meta = _meta(raw_doc, head.format(year=2021))
    assert (meta.layout, meta.evidence["layout"]) == ("2021", "year")
    assert _meta(raw_doc, head.format(year=2017)).layout == "pre2019"
    meta = _meta(raw_doc, "本政府信息公开报告依据（国办公开办函〔2019〕60号）编制。\n")
    assert (meta.layout, meta.evidence["layout"]) == ("2019", "notice")


def test_traditional_mirror_with_pinyin_glosses(raw_doc):
    text = "西藏自治區(qū)人民政府辦公廳2021年政府信息公開工作年度報告\n一,、總體情況\n"
    meta = _meta(raw_doc, text)
    assert (meta.agency, meta.year, meta.level, meta.agency_type) == (
        "西藏自治区人民政府办公厅", 2021, "province", "人民政府/办公室")


@pytest.mark.parametrize("a, b, same", [
    ("国家卫生健康委", "国家卫生健康委员会", True),
    ("西藏自治区政府国资委", "西藏自治区人民政府国有资产监督管理委员会", True),
    ("区卫生健康局", "杭州市临安区卫生健康局(区卫计局)", True),
    ("白云街", "广州市越秀区白云街道办事处", True),
    ("联安镇", "海丰县联安镇人民政府", True),
    ("中卫医疗保障局", "中卫市医疗保障局", True),
    ("市教育局", "市教育局(城市不详,疑为广东某地级市)", True),
    ("沙坡头区医疗保障局", "沙坡头区卫生健康局", False),
    ("中卫市医疗保障局", "吴忠市医疗保障局", False),
    ("市场监督管理局", "鄂尔多斯市市场监督管理局", True),
    ("县生态环境局", "市生态环境局", False),
    ("", "市生态环境局", False),
    # an autonomous prefecture by its stem and 州: not the province or city of that stem
    ("海南州人民政府", "海南藏族自治州人民政府", True),
    ("海南州人民政府", "海南省人民政府", False),
    ("恩施州民政局", "恩施市民政局", False),
])
def test_same_agency(a, b, same):
    assert same_agency(a, b) is same
    assert same_agency(b, a) is same


def test_agency_key_is_stable():
    assert agency_key("區衛健局") == agency_key("区卫生健康局") == "区卫生健康局"
    assert agency_key("人社局") == "人力资源和社会保障局"


@pytest.mark.parametrize("name, kind", [
    ("海南省旅游和文化广电体育厅", "文化旅游"), ("合肥市蜀山区教育体育局", "教育"),
    ("广州市人民政府办公厅", "人民政府/办公室"), ("西藏自治区人民政府", "人民政府/办公室"),
    ("来凤县政务服务和大数据管理局", "政务服务和数据管理"), ("住房和城乡建设局", "住房城乡建设"),
    ("某某县乡村振兴局", "乡村振兴"), ("某某档案馆", "档案"), ("某某研究院", "other"),
])
def test_agency_types(name, kind):
    assert agency_type(name) == kind
    assert kind in agency_types()


def test_office_is_kept_in_a_title_and_dropped_in_a_contact_block(raw_doc):
    meta = _meta(raw_doc, "某某县人民政府办公室2023年政府信息公开工作年度报告\n"
                          "如有疑问，请与某某县人民政府办公室联系。\n一、总体情况\n")
    assert (meta.agency, meta.agency_type) == ("某某县人民政府办公室", "人民政府/办公室")
    meta = _meta(raw_doc, "一、总体情况\n如有疑问，请与大冶市自然资源和规划局办公室联系。\n")
    assert meta.agency == "大冶市自然资源和规划局"


def test_a_place_reporting_is_its_government(raw_doc):
    for title in ("2023年宁夏回族自治区政府信息公开工作年度报告",
                  "宁夏回族自治区2023年政府信息公开工作年度报告"):
        meta = _meta(raw_doc, title + "\n一、总体情况\n")
        assert (meta.agency, meta.year, meta.level, meta.agency_type) == (
            "宁夏回族自治区人民政府", 2023, "province", "人民政府/办公室")


def test_chrome_page_title_is_evidence(raw_doc):
    from gkmine.record import SourceDoc, TextMap

    page_title = "嵩明县卫生健康局2025年政府信息公开工作年度报告 - 嵩明县人民政府"
    doc = SourceDoc("page.html", "html", TextMap.identity("一、总体情况\n我局认真贯彻条例。\n"),
                    chrome={"title": page_title})
    meta = extract_meta(doc, find_sections(doc).sections)
    assert (meta.agency, meta.year, meta.evidence["agency"], meta.evidence["year"]) == (
        "嵩明县卫生健康局", 2025, "chrome", "chrome")


# --- the agency from anywhere in the opening (no title at the top) ----------------------------

_BODY_START = "一、总体情况\n（一）主动公开。全年主动公开政府信息56条。\n"


@pytest.mark.parametrize("opening, agency, level", [
    ("根据《条例》要求，我局编制了《嘉兴市生态环境局2024年政府信息公开工作年度报告》。\n",
     "嘉兴市生态环境局", "prefecture"),
    ("依据《条例》规定，编制形成2021年宁波市人民政府办公室政府信息公开年度报告。\n",
     "宁波市人民政府办公室", "prefecture"),
    ("2021年，台州市财政局（以下简称“市财政局”）坚持依法公开。\n", "台州市财政局", "prefecture"),
    ("结合丽水市统计局政府信息公开工作实际，编制本报告。\n", "丽水市统计局", "prefecture"),
    ("本年度报告由国家机关事务管理局根据《条例》编制而成。\n", "国家机关事务管理局", "national"),
    ("大同市云冈区商务局2022年政府信息公开工作年度报告\n", "大同市云冈区商务局", "county"),
    # (completed with the district the division data has it in)
    ("2025年中仓街道积极推动街道政府信息公开工作。\n", "北京市通州区中仓街道办事处", "township"),
])
def test_agency_from_the_preamble_and_body(raw_doc, opening, agency, level):
    meta = _meta(raw_doc, opening + _BODY_START)
    assert (meta.agency, meta.level) == (agency, level)


@pytest.mark.parametrize("opening", [
    "根据《条例》规定，现将我局2023年政府信息公开工作年度报告公布如下。\n",
    "区生态环境局2023年政府信息公开工作年度报告\n",
    "如对本报告有疑问，请与领导小组办公室联系。\n",
])
def test_fragments_are_no_agency_and_say_why(raw_doc, opening):
    doc = raw_doc(opening + _BODY_START)
    warnings: list[str] = []
    meta = extract_meta(doc, find_sections(doc).sections, warnings=warnings)
    assert meta.agency is None
    assert len(warnings) == (0 if "我局" in opening else 1)


def test_names_completed_from_the_text_and_the_divisions(raw_doc):
    """A 镇 gets 人民政府 and the county whose government the page names; a fragment with a
    bare 区 the one district named; a district body its city."""
    meta = _meta(raw_doc, "张家湾镇2021年政府信息公开工作年度报告\n现通过《富县人民政府网》公布。\n"
                 + _BODY_START)
    assert (meta.agency, meta.level, meta.county, meta.province) == (
        "富县张家湾镇人民政府", "township", "富县", "陕西省")
    meta = _meta(raw_doc, "区统计局2023年政府信息公开工作年度报告\n"
                 "本报告在硚口区人民政府门户网站公布。\n" + _BODY_START)
    assert (meta.agency, meta.level, meta.city) == ("武汉市硚口区统计局", "county", "武汉市")
    assert meta.evidence["agency_completed"] == "text,division"


def test_level_and_year_when_no_agency_is_named(raw_doc):
    """全区 marks a district's report (not in a 自治区's); a period whose 年/月 were lost."""
    text = ("本报告所列数据的统计期限自202111日起至20211231日止。\n一、总体情况\n"
            "2021年，全区围绕市委、市政府的工作要求推进政务公开。\n")
    meta = _meta(raw_doc, text)
    assert (meta.agency, meta.year, meta.level) == (None, 2021, "county")
    assert _meta(raw_doc, text.replace("全区", "西藏自治区全区")).level != "county"


@pytest.mark.parametrize("opening, agency, level", [
    # a disclosure desk names its organ; a county's desk its government
    ("如对本报告有疑问，请与宁海县政务公开办公室联系（地址：宁海县）。\n", "宁海县人民政府",
     "county"),
    ("如有疑问，请联系：龙游县横山镇人民政府信息公开领导小组办公室，邮编：324406。\n",
     "龙游县横山镇人民政府", "township"),
    ("如有疑问，可与内蒙古自治区市场监督管理局政务公开办公室联系（电话：0471）。\n",
     "内蒙古自治区市场监督管理局", "province"),
    # a bureau's office compiles the bureau's report; a township's 党政办 answers for it
    ("本年报由盐城市自然资源和规划局办公室编制。\n", "盐城市自然资源和规划局", "prefecture"),
    ("如有疑问，可与高良乡人民政府党政办联系，地址为师宗县高良乡人民政府党政办公室。\n",
     "师宗县高良乡人民政府", "township"),
    # a government's own office is the agency
    ("如对报告内容有疑问，请与温州市人民政府办公室联系（地址：温州市）。\n",
     "温州市人民政府办公室", "prefecture"),
    # a title followed by table rules, a title sharing its 政府, a 街
    ("温州市人力资源和社会保障局2023年政府信息公开工作年度报告 | ||||||||\n",
     "温州市人力资源和社会保障局", "prefecture"),
    ("现向社会公布2021年度张家湾镇人民政府信息公开工作年度报告。\n", "张家湾镇人民政府",
     "township"),
    ("2022年，白云街以习近平新时代中国特色社会主义思想为指导。越秀区门户网站公开信息。\n",
     "广州市越秀区白云街道办事处", "township"),
])
def test_agency_from_desks_offices_and_short_forms(raw_doc, opening, agency, level):
    meta = _meta(raw_doc, opening + _BODY_START)
    assert (meta.agency, meta.level) == (agency, level)


def test_agency_mentioned_in_passing_needs_a_self_reference(raw_doc):
    """No title: the organ the text names that is of the kind its 我局/我委 says; a weak
    name of another kind (a site's publisher) gives way; without a self reference, nothing."""
    text = ("发布机构：自治区政府办公厅\n依据条例编制本报告。2020年，我委公开了《西藏自治区人民政府"
            "国有资产监督管理委员会2020年度部门预算》《西藏自治区人民政府国有资产监督管理委员会"
            "2019年度部门决算》。\n")
    meta = _meta(raw_doc, text + _BODY_START)
    assert (meta.agency, meta.level, meta.evidence["agency"]) == (
        "西藏自治区人民政府国有资产监督管理委员会", "province", "mention")
    text = "编制本年度报告。2022年蜀山区教体局主动公开信息417篇，我局重点对校园安全进行公开。\n"
    meta = _meta(raw_doc, text + _BODY_START)
    assert (meta.agency, meta.level) == ("合肥市蜀山区教体局", "county")
    meta = _meta(raw_doc, text.replace("我局", "全区") + _BODY_START)
    assert meta.agency is None


def test_party_committee_and_desk_alone_are_no_agency(raw_doc):
    warnings: list[str] = []
    doc = raw_doc("2022年，市交通运输局党委高度重视政务公开工作。\n" + _BODY_START)
    meta = extract_meta(doc, find_sections(doc).sections, warnings=warnings)
    assert (meta.agency, meta.evidence["agency_fragment"]) == (None, "市交通运输局")
    assert len(warnings) == 1
    doc = raw_doc("请与工作领导小组办公室联系。2021年，丽水市统计局坚持依法公开。\n" + _BODY_START)
    assert extract_meta(doc, find_sections(doc).sections).agency == "丽水市统计局"


@pytest.mark.parametrize("short, full, same", [
    ("锡盟生态环境局", "锡林郭勒盟生态环境局", True),
    ("甘南州民委", "甘南藏族自治州民族事务委员会", True),
    ("恩施州财政局", "恩施土家族苗族自治州财政局", True),
    ("恩施州财政局", "恩施市财政局", False),  # the county-level city named after its 州
    ("临安市卫生健康局", "临安区卫生健康局", True),  # a county renamed
])
def test_short_places_denote_their_division(short, full, same):
    assert same_agency(short, full) is same


# --- second round: cover letters, chrome words, short forms, codes, zones ----------------------


@pytest.mark.parametrize("opening, agency, level", [
    # a cover letter's title names its sender; the sentence that sends the report too
    ("湖南省水利厅关于报送2021年政府信息公开工作年度报告的函\n省政府办公厅：\n"
     "现报送湖南省水利厅2021年政府信息公开工作年度报告。\n", "湖南省水利厅", "province"),
    # a page widget glued before the title
    ("2021-02-07导出word临夏州民族事务委员会2020年信息公开工作年度报告\n",
     "临夏州民族事务委员会", "prefecture"),
    # a title with its file name extension
    ("四子王旗乌兰花镇2021年政府信息公开工作年度报告.docx\n", "四子王旗乌兰花镇人民政府",
     "township"),
    ("四子王旗吉尔嘎朗图苏木2021年政府信息公开工作年度报告.pdf\n", "四子王旗吉尔嘎朗图苏木",
     "township"),
    # the full name a 以下简称 gives is kept over the short form of the title
    ("自治区海洋局2022年政府信息公开工作年度报告\n本年度报告由广西壮族自治区海洋局（以下简称"
     "自治区海洋局）编制。\n", "广西壮族自治区海洋局", "province"),
    # a county stem without its suffix after its prefecture (资中: 资中县)
    ("如对本报告有疑问，可与内江市资中生态环境局联系。\n", "内江市资中生态环境局", "county"),
    # the subject after a clause, or a place reporting as itself
    ("2024年，在区政府的领导下，新华街道办事处严格依照条例推进公开。\n", "新华街道办事处",
     "township"),
    ("2019年鲁山县共主动公开信息2080条。\n", "鲁山县人民政府", "county"),
    ("根据条例，特向社会公布我旗2021年度信息公开年度报告。\n截至年底，达拉特旗政府网站公开信息。\n",
     "达拉特旗人民政府", "county"),
    # a sentence whose subject is a bare-level organ, completed by the one city named
    ("（一）加强领导。市教育局高度重视信息公开工作，建立《遵义市教育局信息公开制度》。\n",
     "遵义市教育局", "prefecture"),
    # a government's office named for contact while the county itself is the subject
    ("如有疑问请与疏附县人民政府办公室联系。\n2023年，疏附县坚持依法公开。\n", "疏附县人民政府",
     "county"),
    # a special zone is whose its bodies are; the zone alone is its committee
    ("平潭综合实验区公安局2024年政府信息公开工作年度报告\n", "平潭综合实验区公安局", None),
    ("平潭综合实验区2024年度政府信息公开工作年度报告\n", "平潭综合实验区管理委员会", None),
])
def test_agency_from_letters_widgets_short_forms_and_subjects(raw_doc, opening, agency, level):
    meta = _meta(raw_doc, opening + _BODY_START)
    assert meta.agency == agency
    if level:
        assert meta.level == level


@pytest.mark.parametrize("opening", [
    "根据条例，编制了2021年政府信息公开工作年度报告。\n",  # 政府 of 政府信息公开 is no organ
    "（一）加强领导。市教育局高度重视信息公开工作。\n",  # no city named: stays a fragment
])
def test_words_that_end_like_an_organ_give_no_agency(raw_doc, opening):
    assert _meta(raw_doc, opening + _BODY_START).agency is None


def test_a_organs_own_name_is_no_county_stem(raw_doc):
    """荆州市公安局 is the city's bureau, not a body of 公安县."""
    meta = _meta(raw_doc, "荆州市公安局2022年政府信息公开工作年度报告\n" + _BODY_START)
    assert (meta.agency, meta.level) == ("荆州市公安局", "prefecture")


def test_year_from_the_report_named_in_passing(raw_doc):
    """No period, title or 20xx年，: the year of the report the text names (编制的2024年度…报告)."""
    meta = _meta(raw_doc, "本年报由武进区卫生健康局编制的2024年度政府信息公开年度报告。全文包括概述"
                 "等部分。\n" + _BODY_START)
    assert (meta.year, meta.evidence["year"]) == (2024, "report")


def test_division_codes_place_a_township_and_an_ambiguous_district(raw_doc):
    """A unified social credit code in an index number (11331024…) or a site code names the
    division: the county of a 镇, the reading of an ambiguous 新华区, the province."""
    meta = _meta(raw_doc, "索 引 号 1133102400268125XW/2024-104757 公开方式 主动公开\n"
                 "2023年下各镇政府信息公开工作年度报告\n" + _BODY_START)
    assert (meta.agency, meta.county, meta.province) == (
        "仙居县下各镇人民政府", "仙居县", "浙江省")
    meta = _meta(raw_doc, "文号 | 索引号 | 11410402005462140C/2025-00005 |\n"
                 "新华区人民政府办公室2024年政府信息公开工作年度报告\n" + _BODY_START)
    assert (meta.province, meta.city) == ("河南省", "平顶山市")
    meta = _meta(raw_doc, "网站标识码:4104820001\n2019年，全市主动公开信息。\n" + _BODY_START)
    assert meta.province == "河南省"
    # codes that disagree say nothing (of a township the division data does not know)
    meta = _meta(raw_doc, "1133102400268125XW 11410402005462140C\n上各镇2023年政府信息公开工作"
                 "年度报告\n" + _BODY_START)
    assert meta.province is None


def test_zone_province_from_the_division_it_is_named_after(raw_doc):
    meta = _meta(raw_doc, "平潭综合实验区财政金融局2024年政府信息公开工作年度报告\n" + _BODY_START)
    assert meta.province == "福建省"


# --- fixes found on the material measured after the second round ------------------------------


def test_autonomous_prefectures_have_the_place_as_their_short_name():
    """黔东南苗族侗族自治州 is 黔东南 (not 黔东), 伊犁哈萨克自治州 is 伊犁."""
    assert same_agency("黔东南州生态环境局", "黔东南苗族侗族自治州生态环境局")
    assert same_agency("西双版纳州教育局", "西双版纳傣族自治州教育局")
    assert same_agency("伊犁州财政局", "伊犁哈萨克自治州财政局")


def test_short_forms_of_offices():
    assert same_agency("兴安盟行署外事办公室", "兴安盟行政公署外事办公室")


@pytest.mark.parametrize("opening, agency, level, county", [
    # a township's own office compiles the report: the township government's
    ("本报告由两城镇人民政府党政办公室编制。地址：微山县两城镇府前路1号。\n",
     "微山县两城镇人民政府", "township", "微山县"),
    # a prefecture bureau's branch named after a county (by its stem) is that county's
    ("十堰市生态环境局郧阳分局2022年政府信息公开工作年度报告\n", "十堰市生态环境局郧阳分局",
     "county", "郧阳区"),
])
def test_township_offices_and_county_branches(raw_doc, opening, agency, level, county):
    meta = _meta(raw_doc, opening + _BODY_START)
    assert (meta.agency, meta.level, meta.county) == (agency, level, county)


def test_a_conjunction_before_a_committee_names_no_county(raw_doc):
    """…工作要求和县委、县政府…: 和县 is not named (its province is not the report's)."""
    text = ("一、总体情况\n2022年，我县按照省、市的决策部署和县委、县政府的工作要求，主动公开"
            "政府信息。\n")
    assert _meta(raw_doc, text).province is None


@pytest.mark.parametrize("text, agency", [
    # the title run into the preamble on one line
    ("2024年湖州市政府信息公开工作年度报告根据《中华人民共和国政府信息公开条例》编制并向社会公布。"
     "\n一、总体情况\n围绕市政府工作报告确定的重大举措……", "湖州市人民政府"),
    # a page label glued before the title
    ("索引号000014349/2023-74857\n标题水城区杨梅乡2022年政府信息公开工作年度报告\n\n"
     "发布时间: 2023-01-12\n一、总体情况\n……", "水城区杨梅乡人民政府"),
])
def test_titles_glued_to_their_neighbours(text, agency):
    from gkmine.read import read_string

    doc = read_string(text, source="x.txt")
    assert extract_meta(doc, find_sections(doc).sections).agency == agency
