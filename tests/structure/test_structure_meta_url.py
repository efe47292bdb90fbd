"""Metadata from the whole opening, round 9: the page's address as weak evidence of its place
(never of its agency), and constructed openings of the kinds of name that gave no agency or a
short form (a title 关于…的年度报告, the site a report is published on, a zone run together with
its division, a place's desk in its service bureau, a township as a sentence's subject, a title
without its year, an organ's 机关, a township government's office, a sector organ named without
any place, a bureau's branch for an area). The place names differ from the pages the rules were
written from."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gkmine.read import read_bytes
from gkmine.structure import extract_meta, find_sections, same_agency
from gkmine.structure.url import spellings, url_places

_BODY = "一、总体情况\n（一）主动公开。全年主动公开政府信息56条。\n"


def _meta(make_doc, text, url=None):
    doc = make_doc(text, "<test>")
    if url:
        doc = replace(doc, url=url)
    return extract_meta(doc, find_sections(doc).sections)


def _names(url, **kwargs):
    return [d.name for d in url_places(url, **kwargs)]


# --- decoding an address ----------------------------------------------------------------------


@pytest.mark.parametrize("url, names", [
    ("http://www.tongbai.gov.cn/2025/01-16/861386.html", ["桐柏县"]),  # full pinyin
    ("http://mhk.gov.cn/zwgk/1.html", ["梅河口市"]),  # initials of the name
    ("http://amr.hlj.gov.cn/amr/1.shtml", ["黑龙江省"]),  # a province's domain
    ("http://www.cqkz.gov.cn/kz/1.html", ["开州区"]),  # a district after its municipality
    ("http://www.jdzcjq.gov.cn/qgxj/1.shtml", ["昌江区"]),  # …after its prefecture
    ("http://xxgk.sxgp.gov.cn/gzbm/1.html", ["高平市"]),  # 山西 + 高平
    ("https://example.org/信息公开/沐川县/1.html", ["沐川县"]),  # a Chinese path segment
])
def test_url_places(url, names):
    assert _names(url) == names


def test_a_shared_spelling_gives_nothing_unless_the_text_tells():
    url = "http://www.htq.gov.cn/zwgk/1.html"  # 汉台区 (汉中), 红塔区 (玉溪)
    assert _names(url) == []
    assert _names(url, text="首页 走进汉台 新闻中心") == ["汉台区"]


def test_mirror_hosts_and_sector_labels_tell_nothing():
    assert _names("http://evantanner.com/swlufeng/zwgk/1.html") == []
    assert _names("http://www.e5515c-test.cn/xgxxxgk/1.html") == []
    assert _names(None) == [] and _names("not a url") == []


def test_spellings_cover_every_reading():
    assert {"chongqing", "zhongqing", "cq", "zq"} <= spellings("重庆")


# --- the address in metadata ------------------------------------------------------------------


def test_address_completes_a_bare_level_and_a_province(make_doc):
    text = "区水务局2022年政府信息公开工作年度报告\n2022年，区水务局坚持依法公开。\n" + _BODY
    assert _meta(make_doc, text).agency is None
    meta = _meta(make_doc, text, url="http://swj.tjbh.gov.cn/contents/1.html")
    assert (meta.agency, meta.level, meta.province) == (
        "天津市滨海新区水务局", "county", "天津市")
    assert meta.evidence["url"] == "滨海新区"


def test_address_gives_a_township_its_county(make_doc):
    text = "城关镇2023年政府信息公开工作年度报告\n2023年，城关镇坚持依法公开。\n" + _BODY
    meta = _meta(make_doc, text, url="https://www.muchuan.gov.cn/mcx/xzxxgknb/1.html")
    assert (meta.agency, meta.province) == ("沐川县城关镇人民政府", "四川省")


def test_address_is_never_an_agency(make_doc):
    text = "2021年，我局严格按照《条例》要求推进政务公开。\n" + _BODY
    meta = _meta(make_doc, text, url="http://gaotai.gov.cn/zfxxgk/1.html")
    assert meta.agency is None and meta.province == "甘肃省"


def test_html_page_states_its_own_address():
    page = ('<html><head><link rel="canonical" href="http://swj.tjbh.gov.cn/c/1.html">'
            "</head><body><div><p>区水务局2022年政府信息公开工作年度报告</p>"
            "<p>一、总体情况</p><p>2022年，区水务局坚持依法公开。</p></div></body></html>")
    doc = read_bytes(page.encode(), source="page.html")
    assert doc.chrome["url"] == "http://swj.tjbh.gov.cn/c/1.html" and doc.url is None
    meta = extract_meta(doc, find_sections(doc).sections)
    assert meta.agency == "天津市滨海新区水务局"


# --- kinds of name ----------------------------------------------------------------------------


@pytest.mark.parametrize("opening, agency, level", [
    # a cover-letter title: XX关于2023年…工作的年度报告
    ("江苏省科技厅关于2023年政府信息公开工作的年度报告\n", "江苏省科技厅", "province"),
    # the site the report is published on names its owner
    ("本报告中所列数据统计期限为2023年1月1日至12月31日。报告的电子版可在扬州市水利局网站下载。\n",
     "扬州市水利局", "prefecture"),
    # the organ whose disclosure the report covers
    ("本报告全文包括五原县隆兴昌镇人民政府信息公开总体情况、主动公开政府信息情况等。\n",
     "五原县隆兴昌镇人民政府", "township"),
    # a zone run together with its division: the division's government
    ("2022年经开区(武侯区)政府信息公开工作年度报告\n", "成都市武侯区人民政府", "county"),
    # a place's disclosure desk hosted by its service bureau: the government
    ("如有疑问请与乌审旗政务服务与数据管理局政务公开办公室联系。\n", "乌审旗人民政府", "county"),
    # the township office that compiles the report: the township's government
    ("本报告由武侯区簇桥街道办事处办公室按照《条例》规定编制。\n",
     "成都市武侯区簇桥街道办事处", "township"),
    # a title without its year
    ("东湖区公园街道办事处政府信息公开工作年度报告\n", "南昌市东湖区公园街道办事处", "township"),
    # an organ's 机关
    ("四川省交通运输厅机关2023年政府信息公开工作年度报告\n", "四川省交通运输厅", "province"),
    # a sector organ named without place, in a text naming one county government
    ("水利局2024年政府信息公开工作年度报告\n本报告根据广汉市人民政府办公室《关于做好年度报告的"
     "通知》要求编制。\n", "广汉市水利局", "county"),
    # a prefecture bureau's branch for a zone below it
    ("德阳市公安局经开区分局2022年政府信息公开工作年度报告\n", "德阳市公安局经开区分局", "county"),
])
def test_agency_by_kind(make_doc, opening, agency, level):
    meta = _meta(make_doc, opening + _BODY)
    assert (meta.agency, meta.level) == (agency, level)


def test_a_township_as_the_subject_needs_its_own_name(make_doc):
    opening = "一、总体情况\n（一）主动公开\n大村镇通过政务公开栏主动公开信息53条。\n"
    meta = _meta(make_doc, opening + "按照古蔺县人民政府要求。\n")
    assert meta.agency == "古蔺县大村镇人民政府"
    meta = _meta(make_doc, "2023年度我乡人民政府未收到申请。\n各乡镇通过政务公开栏公开信息。\n")
    assert meta.agency is None


def test_names_match_their_abbreviations_and_bare_levels():
    assert same_agency("景德镇市昌江区工信局", "景德镇市昌江区工业和信息化局")
    assert same_agency("贵州省科技厅", "贵州省科学技术厅")
    # a bare level matches a county whose name is its own stem (珙县), not another level
    assert same_agency("县交通运输局", "珙县交通运输局")
    assert not same_agency("区交通运输局", "珙县交通运输局")


@pytest.mark.parametrize("opening, url, agency, level, province", [
    # jl spells 吉林省 and 吉林市: the organ's bare level 省 decides
    ("根据《条例》要求，结合省统计局2023年政府信息公开工作实际，编制本报告。\n",
     "http://tjj.jl.gov.cn/zwgk/ndbg/1.html", "吉林省统计局", "province", "吉林省"),
    # tj is Tianjin's municipality, which a bare 市 names
    ("一、总体情况\n2023年，市教委坚持依法公开，按照市委市政府要求推进公开。\n",
     "http://jw.tj.gov.cn/zwgk/ndbg/1.html", "天津市教委", "province", "天津市"),
    # suining spells 遂宁市 and 睢宁县: the organ's bare level 市 decides
    ("一、总体情况\n2021年，市城建局坚持依法公开。\n",
     "https://xxgk.suining.gov.cn/a/1.html", "遂宁市城建局", "prefecture", "四川省"),
])
def test_an_organ_named_by_its_bare_level_takes_the_address_place_of_that_level(
        make_doc, opening, url, agency, level, province):
    assert _meta(make_doc, opening + _BODY).agency is None
    meta = _meta(make_doc, opening + _BODY, url=url)
    assert (meta.agency, meta.level, meta.province) == (agency, level, province)
    # (the address alone, read without the text's bare level, names no place)
    assert _names(url) == []


def test_a_chrome_title_under_a_portal_banner_names_the_township():
    # the body lost: the page's chrome is all there is, and its title names the report
    page = ("邹平市人民政府\n| 标题: | 邹平市黛溪街道办事处 2024年政府信息公开工作年度报告 | ||\n"
            "|---|---|---|---|\n| 发文日期: | 2025-01-20 | 发布机构: | 邹平市黛溪街道办事处 |\n")
    doc = read_bytes(page.encode(), source="<test>")
    meta = extract_meta(doc, find_sections(doc).sections)
    assert (meta.agency, meta.year, meta.level) == ("邹平市黛溪街道办事处", 2024, "township")


@pytest.mark.parametrize("short, full", [
    ("铜仁市城管执法局", "铜仁市城市管理执法局"), ("长沙市城管执法委", "长沙市城市管理执法委员会"),
    ("天津市教委", "天津市教育委员会"), ("余姚市发改局", "余姚市发展和改革局"),
    ("北京市住建委", "北京市住房和城乡建设委员会"),
    ("重庆市住房城乡建委", "重庆市住房和城乡建设委员会"),
    ("重庆市江北区经济信息委", "重庆市江北区经济和信息化委员会"),
])
def test_common_abbreviations_are_the_same_agency(short, full):
    assert same_agency(short, full)


def test_a_bare_level_organ_takes_its_place_as_the_text_writes_it_elsewhere(make_doc):
    # a district newer than cpca's file, which jionlp's location dictionary knows (with
    # its city), named in a document the text cites
    text = ("2022年，区统计局严格落实条例。修改《钱塘区统计局主动公开基本目录》。\n" + _BODY)
    assert _meta(make_doc, text).agency == "杭州市钱塘区统计局"
    # … and one no division data knows: as the text writes it
    text = ("2022年，区统计局严格落实条例。修改《翠湖区统计局主动公开基本目录》。\n" + _BODY)
    assert _meta(make_doc, text).agency == "翠湖区统计局"
    # words of the sentence before a bare level are no place (结合省财政厅)
    text = "结合省财政厅2024年政府信息公开工作实际，编制本报告。\n" + _BODY
    assert _meta(make_doc, text).agency is None


def test_a_sector_organ_of_the_self_reference_takes_the_address_place(make_doc):
    # 我办 and the sector of its work (国防动员), the place only in the address
    text = "2024年，我办坚持依法公开，以信息公开助力全市国防动员建设。\n" + _BODY
    assert _meta(make_doc, text).agency is None
    meta = _meta(make_doc, text, url="https://www.wenzhou.gov.cn/module/1.jsp")
    assert (meta.agency, meta.level) == ("温州市国防动员办公室", "prefecture")


def test_a_department_host_names_its_organ(make_doc):
    # swj spells 水务局, 税务局, 商务局: the sector the text names decides; the place is the
    # host's, the kind the self reference's
    text = ("2021年，我局落实《天津市政务公开工作要点》，紧紧围绕水务中心任务推进公开。\n"
            + _BODY)
    assert _meta(make_doc, text).agency is None
    meta = _meta(make_doc, text, url="https://swj.tj.gov.cn/zwgk/1.html")
    assert (meta.agency, meta.level, meta.evidence["agency"]) == ("天津市水务局", "province", "url")
    text = "根据《南平市人民政府办公室关于做好年度报告工作的通知》，本局坚持依法公开。\n" + _BODY
    meta = _meta(make_doc, text, url="http://gxj.np.gov.cn/cms/1.html")
    assert (meta.agency, meta.level) == ("南平市工业和信息化局", "prefecture")
    # another kind than the self reference's, or a mirror's host: no organ
    assert _meta(make_doc, text.replace("本局", "我委"),
                 url="http://gxj.np.gov.cn/cms/1.html").agency is None
    assert _meta(make_doc, text, url="http://gxj.np.gov.com/cms/1.html").agency is None


def test_a_placeless_organ_takes_the_address_place_its_own_portal_says(make_doc):
    # hljfy spells 抚远市 and 富裕县 of 黑龙江; the organ's own portal is a 市's
    opening = "一、总体情况\n2024年，教育局坚持依法公开，我局在市政府网站发布信息29条。\n"
    url = "http://hljfy.gov.cn/govinfo/contents/1287/34951.html"
    meta = _meta(make_doc, opening + _BODY, url)
    assert (meta.agency, meta.level) == ("抚远市教育局", "county")
    assert _names(url, suffix="县") == ["富裕县"] and _names(url) == []


def test_a_site_named_china_and_its_place():
    # cn + jx: 中国·绩溪, jx read with the text as any label is
    url = "https://www.cnjx.gov.cn/OpennessAnnualReport/show/6103.html"
    assert _names(url, text="政务新媒体“绩溪发布”") == ["绩溪县"] and _names(url) == []


def test_the_address_may_hold_the_report_title(make_doc):
    # a wiki files the page under the report's title: its year (weak, as a file name is)
    url = ("https://example.com.tw/wiki/%E8%88%88%E6%85%B6%E5%8D%80%E4%BA%BA%E6%B0%91%E6%94%BF"
           "%E5%BA%9C2021%E5%B9%B4%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E9%96%8B%E5%B7"
           "%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E5%A0%B1%E5%91%8A/63971565")
    meta = _meta(make_doc, "一、总体情况\n兴庆区坚持依法公开。\n", url)
    assert (meta.agency, meta.year) == ("银川市兴庆区人民政府", 2021)
    assert _meta(make_doc, "一、总体情况\n兴庆区坚持依法公开。\n").year is None


def test_a_place_reporting_as_itself_on_its_own_portal(make_doc):
    # 我县 is the subject and no organ of it reports: the government of the address's county
    opening = "2022年，我县认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。\n"
    url = "http://www.tongbai.gov.cn/2023/01-16/1.html"
    assert _meta(make_doc, opening + _BODY, url).agency == "桐柏县人民政府"
    assert _meta(make_doc, opening + _BODY).agency is None  # no address: no place
    # a bureau that says 我县 is one of the county's organs, not the county
    bureau = "2022年，我局认真贯彻落实条例，我县政务公开工作持续深化。\n"
    assert _meta(make_doc, bureau + _BODY, url).agency != "桐柏县人民政府"


def test_a_general_office_compiling_the_reports_below_reports_for_its_government(make_doc):
    opening = ("杭州市人民政府网站消息，本年度报告由市政府办公厅综合各区、县（市）人民政府和市政府"
               "各委、办、局（下称“市级机关”）的政府信息公开工作年度报告编制而成。\n")
    assert _meta(make_doc, opening + _BODY).agency == "杭州市人民政府"


def test_a_township_named_alone_on_its_county_portal(make_doc):
    opening = "一、总体情况\n2025年柳镇人民政府按照《条例》要求，紧紧围绕县委、县政府工作安排。\n"
    url = "http://www.tongbai.gov.cn/zwgk/xxgknb/1.html"
    assert _meta(make_doc, opening + _BODY, url).agency == "桐柏县柳镇人民政府"
