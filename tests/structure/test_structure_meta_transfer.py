"""Metadata evidence of kinds that recur across page sets (session 10): each mechanism on
constructed openings naming places and sectors other than the pages it was found on, with the
cases it must leave alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gkmine.read import read_string
from gkmine.structure import extract_meta, find_sections
from gkmine.structure.agency import agency_key

_BODY = "一、总体情况\n（一）主动公开。全年主动公开政府信息56条。\n"


def _meta(make_doc, text, url=None):
    doc = make_doc(text + _BODY, "<test>")
    if url:
        doc = replace(doc, url=url)
    return extract_meta(doc, find_sections(doc).sections)


@pytest.mark.parametrize("opening, agency, level", [
    # a township's self reference, the township named in passing mid-sentence; its county
    # from the township data
    ("根据条例，结合我镇实际编制本报告。2023年我镇高度重视政务公开。截至2023年底，"
     "下湿壕镇人民政府通过网站公开信息36条。\n", "固阳县下湿壕镇人民政府", "township"),
    # …and its county from the superior the text names
    ("本报告根据《眉山市东坡区人民政府办公室关于做好年度报告编制工作的通知》，结合我镇实际编制。"
     "崇礼镇政务公开工作稳步推进。\n", "眉山市东坡区崇礼镇人民政府", "township"),
    # an account of the organ (“XX人社”官方微信) and the self reference 我局
    ("2023年，我局依托“柳州人社”官方微信发布政策解读20篇。\n", "柳州市人力资源和社会保障局",
     "prefecture"),
    # the site's owner printed before the year, the organ by a bare level after it
    ("蓬江区人民政府2022年区民政局政府信息公开工作年度报告\n", "江门市蓬江区民政局", "county"),
    # the subject after 在…领导下, with a verb of carrying out (贯彻落实)
    ("2020年，在区委、区政府的领导下，区统计局贯彻落实《条例》，按照巴南区人民政府办公室"
     "要求做好公开工作。\n", "重庆市巴南区统计局", "county"),
    # the sentence's words before a name that says whose it is (organ names begin with their
    # place); the report published 正式发布
    ("本报告所列数据仅限吉林省地震局机关（以下简称机关），统计时间为2023年全年。\n",
     "吉林省地震局", "province"),
    ("依据有关规定，现面向社会正式发布通化市东昌区档案馆2024年度政府信息公开工作年度报告。\n",
     "通化市东昌区档案馆", "county"),
    # the subject of 2025年以来，…
    ("2025年以来，桂花坪街道严格按照《条例》要求，持续推动公开。\n", "长沙市天心区桂花坪街道办事处",
     "township"),
    # an internal 部 named for contact: its organ
    ("如有疑问，请与秦淮区夫子庙街道办事处党政综合部联系。\n", "南京市秦淮区夫子庙街道办事处",
     "township"),
    # a government's portal publishes its department's report (chrome: the government)
    ("发布机构：汉滨区人民政府\n2024年汉滨区民政局认真执行《条例》。\n", "安康市汉滨区民政局",
     "county"),
    # a bare level completed by the place whose stem the text writes before the sector
    ("2023年，区人社局紧紧围绕锡山人社重点工作公开信息。\n", "无锡市锡山区人社局", "county"),
    # the organ that compiles the report as a sentence's subject
    ("按照有关文件要求，甘肃省文物局结合工作实际编制本报告。\n", "甘肃省文物局", "province"),
    ("根据通知要求，云南省人民防空办公室编制了2023年政府信息公开工作年度报告。\n",
     "云南省人民防空办公室", "province"),
    # the compiler after 由, with what it drew on between (由XX结合工作实际编制); an
    # abbreviated organ (供销联社, 供销社, 国动办) is the organ of its full form
    ("本报告根据《条例》要求，由岳阳县供销联社结合工作实际编制。\n", "岳阳县供销合作社联合社",
     "county"),
    # a line that opens with its organ as the subject of 根据《…》
    ("酒泉市供销社根据新修订《中华人民共和国政府信息公开条例》要求，拓宽公开渠道。\n",
     "酒泉市供销合作社", "prefecture"),
    ("2024年，湖南省国动办坚持依法公开。\n", "湖南省国防动员办公室", "province"),
    # a note between the name and its disclosure work, after 梳理
    ("根据有关规定，梳理2021年度应急管理部（本级机关）政府信息公开工作情况。\n", "应急管理部",
     "national"),
    # a chrome label the reader leaves in the text
    ("发布者：南开区人民政府办公室\n本年度报告根据《条例》编制。\n", "天津市南开区人民政府办公室",
     "county"),
])
def test_recurring_evidence(make_doc, opening, agency, level):
    meta = _meta(make_doc, opening)
    assert agency_key(meta.agency) == agency_key(agency) and meta.level == level


def test_a_credit_code_in_the_address_completes_a_bare_level():
    # 山东's annual-report platform puts the organ's credit code in the address (370100: 济南市)
    # (the host names no place: the code alone says 济南)
    url = "https://www.example.org/module/xxgk/xxgkAnnualReport.jsp?area=11370100004188888X"
    text = "2022年，市商务局认真贯彻落实《条例》。\n"
    doc = replace(read_string(text + _BODY, source="<test>"), url=url)
    meta = extract_meta(doc, find_sections(doc).sections)
    assert (meta.agency, meta.level, meta.province) == ("济南市商务局", "prefecture", "山东省")
    bare = extract_meta(read_string(text + _BODY, source="<test>"), [])
    assert bare.agency is None and bare.evidence["agency_fragment"] == "市商务局"


@pytest.mark.parametrize("opening", [
    # a township named by a bureau's report (no township self reference) is not its agency
    "2023年，我局指导下湿壕镇做好公开工作。\n",
    # a stem of several places (鼓楼: 南京, 福州, 开封, 徐州) completes no bare level
    "2023年，区应急局紧紧围绕鼓楼应急中心工作公开信息。\n",
    # 各乡镇 and a township named after 各 are no self reference's township
    "我镇督促各下湿壕镇代表参会。\n",
])
def test_no_agency_from_foreign_or_ambiguous_evidence(make_doc, opening):
    assert _meta(make_doc, opening).agency is None



def test_a_publisher_inside_a_chrome_value_the_reader_could_not_split(read_doc):
    # mojibake between the chrome fields: the reader keeps them as one date value
    text = "发布时间:2021-01-21 20:04??????来源:岳阳市水利局?????浏览量:次\n" + _BODY
    doc = read_doc(text, "<test>")
    assert "publisher" not in doc.chrome
    assert extract_meta(doc, find_sections(doc).sections).agency == "岳阳市水利局"


@pytest.mark.parametrize("opening, agency", [
    # a mirror converted with Taiwan phrases (联系 → 聯絡, 数据 → 資料, 门户 → 入口)
    ("如對本報告有疑問，請與浙江省統計局辦公室聯絡（地址：杭州市）。\n", "浙江省统计局"),
    ("本報告的電子版可在渝北區政府入口網站下載。如有疑問請與渝北區大資料應用發展管理局聯絡。\n",
     "渝北区大数据应用发展管理局"),
    ("彙出word紹興市民族宗教事務局2022年政府資訊公開工作年度報告\n", "绍兴市民族宗教事务局"),
])
def test_taiwan_phrases_of_a_converted_mirror(read_doc, opening, agency):
    doc = read_doc(opening + _BODY, "<test>")
    assert extract_meta(doc, find_sections(doc).sections).agency.endswith(agency)


@pytest.mark.parametrize("text, agency", [
    # a page whose lines were run together with spaces: the title among its pieces
    ("首页 > 政务公开 > 年报 合肥市庐阳区财政局2023年政府信息公开工作年度报告 发布时间：2024-01-20 "
     "一、总体情况 （一）主动公开。全年主动公开信息56条。", "合肥市庐阳区财政局"),
    # …without spaces: the report's name in running text, its sentence's words dropped
    ("首页政务公开年报合肥市庐阳区财政局2023年政府信息公开工作年度报告根据《条例》编制。"
     "一、总体情况（一）主动公开。全年主动公开信息56条。", "合肥市庐阳区财政局"),
    # the body's subject right after the section heading it was run into
    ("一、总体情况2023年，在区委、区政府的领导下，南岸区民政局认真贯彻落实《条例》。",
     "重庆市南岸区民政局"),
    # 特向社会公开 before the name
    ("根据《条例》，特向社会公开川主乡2019年度政府信息公开工作年度报告。一、概述 全年公开信息。",
     "川主乡人民政府"),
])
def test_a_page_whose_lines_were_run_together(make_doc, text, agency):
    doc = make_doc(text, "<test>")
    assert extract_meta(doc, find_sections(doc).sections).agency.endswith(agency)


def test_a_report_named_in_passing_is_weak_against_the_self_reference(make_doc):
    # a district's report named in passing is no agency for a page that says 我局
    text = ("2024年，我局按照洪山区2024年政府信息公开工作年度报告编制有关要求，编制年度报告。"
            "一、总体情况（一）主动公开。全年主动公开信息56条。")
    doc = make_doc(text, "<test>")
    assert extract_meta(doc, find_sections(doc).sections).agency is None


@pytest.mark.parametrize("opening, agency", [
    # a zone's committee named without its place, on the one county government's portal
    ("报告可在辛集市人民政府门户网站下载。如有疑问，请与经济开发区管委会党政办公室联系。\n",
     "辛集经济开发区管委会"),
    # the report's name in 《》 after the verb, the year first
    ("我镇认真编制了《2021年呷巴镇政府信息公开工作年度报告》。\n", "呷巴镇"),
    # a sentence without its year whose subject names whose it is
    ("一、总体情况\n国家林业和草原局以习近平新时代中国特色社会主义思想为指导，推进公开。\n",
     "国家林业和草原局"),
])
def test_evidence_found_on_the_later_sets(make_doc, opening, agency):
    doc = make_doc(opening + _BODY, "<test>")
    assert agency in extract_meta(doc, find_sections(doc).sections).agency


def test_a_zone_kind_is_no_county_and_the_subject_is_the_whole_name(make_doc):
    from gkmine.structure.meta import names_place
    assert not names_place("经济开发区管理委员会") and names_place("辛集经济开发区管理委员会")
    doc = make_doc("（一）概况\n推进政府信息公开是建宁乡人民政府的重要举措。\n", "<test>")
    assert extract_meta(doc, []).agency is None


def test_a_township_of_one_province_gives_the_province(raw_doc):
    # 鸡街乡: two counties, both in 云南; the text names neither
    text = "我乡2023年政府信息公开工作年度报告\n鸡街乡人民政府坚持公开。\n"
    doc = raw_doc(text + _BODY, "<test>")
    meta = extract_meta(doc, [])
    assert (meta.level, meta.county, meta.province) == ("township", None, "云南省")


@pytest.mark.parametrize("opening, agency", [
    # the city's portal publishes a district bureau's report (the district lies under the city)
    ("发布机构：安康市人民政府\n2024年汉滨区民政局认真执行《条例》。\n", "安康市汉滨区民政局"),
    # …and a township's: the township its self reference names in passing
    ("发布机构：固阳县人民政府\n结合我镇实际编制本报告。下湿壕镇人民政府主动公开信息。\n",
     "固阳县下湿壕镇人民政府"),
])
def test_an_organ_below_the_portal_that_publishes_it(make_doc, opening, agency):
    doc = make_doc(opening + _BODY, "<test>")
    assert extract_meta(doc, find_sections(doc).sections).agency == agency


def test_a_bare_level_below_the_portal_is_no_government(make_doc):
    # the portal's government is not the 区统计局 whose report it carries: no agency
    text = "发布机构：石家庄市人民政府\n2023年，区统计局紧紧围绕中心工作。\n"
    doc = make_doc(text + _BODY, "<test>")
    meta = extract_meta(doc, find_sections(doc).sections)
    assert meta.agency is None and meta.evidence["agency_fragment"] == "区统计局"


@pytest.mark.parametrize("title, province", [
    ("国家矿山安全监察局广西局", "广西壮族自治区"),
    ("国家统计局河北调查总队", "河北省"),
    ("国家能源局山西监管办公室", "山西省"),
])
def test_a_national_organs_provincial_office_is_province_level(make_doc, title, province):
    meta = _meta(make_doc, f"{title}2024年政府信息公开工作年度报告\n")
    assert (meta.agency, meta.level, meta.province) == (title, "province", province)


def test_a_national_organ_itself_stays_national(make_doc):
    meta = _meta(make_doc, "国家林业和草原局2024年政府信息公开工作年度报告\n")
    assert (meta.level, meta.province) == ("national", None)
