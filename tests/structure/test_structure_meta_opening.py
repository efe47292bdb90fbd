"""Metadata from the whole opening: one constructed opening per kind of evidence that used to be
missed (a full name before its 以下简称 note, the contact address, the organ's own guide, a
title run into the body, a sector's 部门, short and internal names, site names, zone levels).
Every opening is run both raw and through the reader."""

from __future__ import annotations

import pytest

from gkmine.structure import extract_meta, find_sections

_BODY = "一、总体情况\n（一）主动公开。全年主动公开政府信息56条。\n"


def _meta(make_doc, text, warnings=None):
    doc = make_doc(text, "<test>")
    return extract_meta(doc, find_sections(doc).sections, warnings=warnings)


@pytest.mark.parametrize("opening, agency, level, province", [
    # a full name with a national prefix, its 以下简称 note between it and the year
    ("根据条例，特向社会公布国家税务总局温州市税务局（以下简称“温州市税务局”，下文同）2022年政府"
     "信息公开工作年度报告。本报告电子版可在国家税务总局浙江省税务局网站（以下简称“税务网站”）查阅。\n",
     "国家税务总局温州市税务局", "prefecture", "浙江省"),
    # the note alone, with more after the short form
    ("2022年，国家税务总局湖州市税务局（以下简称“湖州市税务局”，下同）坚持依法公开。\n",
     "国家税务总局湖州市税务局", "prefecture", "浙江省"),
    # named only in the contact address: the organ, not its internal office
    ("如对本报告有疑问，请与本单位政府信息公开受理机构联系，地址：福建省永泰县梧桐镇人民政府"
     "党政综合办公室，电话：0591-1234567。\n", "福建省永泰县梧桐镇人民政府", "township", "福建省"),
    # an internal office named for contact: its organ, completed with its district and city
    ("现将碑林区长乐坊街道办事处2023年度报告予以公开。如对本报告有疑问，请联系长乐坊街道办事处"
     "党建与社会事务办公室（电话：029-1234567）。\n", "西安市碑林区长乐坊街道办事处", "township",
     "陕西省"),
    # named only in the title of its own disclosure guide; the county by its site's name
    ("2023年，我乡通过完善《龙下乡人民政府信息公开指南》，在宁都县政府门户网站公开信息。\n",
     "宁都县龙下乡人民政府", "township", "江西省"),
    # a title run on one line into the first section and the body
    ("秦安县人民政府2020年 政府信息公开工作年度报告 一、总体情况 2020年，秦安县政府信息公开工作"
     "以习近平新时代中国特色社会主义思想为指导。\n", "秦安县人民政府", "county", "甘肃省"),
    # an autonomous county written by its short form gets its full name and its province
    ("根据条例，现向社会公布积石山县民政局2024年度政府信息公开工作年度报告。\n",
     "积石山保安族东乡族撒拉族自治县民政局", "county", "甘肃省"),
    ("长阳县教育局2021年政府信息公开工作年度报告\n", "长阳土家族自治县教育局", "county", "湖北省"),
    # a city's sector system reports through its bureau; a province's meteorological one too
    ("湖北省荆门市气象部门2023年政府信息公开工作年度报告\n", "湖北省荆门市气象局", "prefecture",
     "湖北省"),
    ("湖南省气象部门2023年政府信息公开工作年度报告\n", "湖南省气象局", "province", "湖南省"),
])
def test_agency_from_the_whole_opening(make_doc, opening, agency, level, province):
    meta = _meta(make_doc, opening + _BODY)
    assert (meta.agency, meta.level, meta.province) == (agency, level, province)


@pytest.mark.parametrize("opening", [
    # a site's 以下简称 is no organ, and the sentence around it is no name
    "本报告电子版可在国家税务总局浙江省税务局网站（以下简称“税务网站”）查阅。\n",
    # a street address names no organ
    "如对本报告有疑问，请与我们联系，地址：温州市鹿城区人民西路12号，电话：0577-1234567。\n",
    # several organs of a place, or a province's sector that is not one bureau, are no agency
    "咸宁市有关部门2023年政府信息公开工作年度报告\n",
    "湖北省教育部门2023年政府信息公开工作年度报告\n",
])
def test_no_agency_from_sites_streets_or_groups_of_organs(make_doc, opening):
    warnings: list[str] = []
    meta = _meta(make_doc, opening + _BODY, warnings)
    assert meta.agency is None
    # a fragment kept as evidence is never a sentence: it starts with its place or level
    fragment = meta.evidence.get("agency_fragment")
    assert fragment is None or fragment[0] in "市县区州旗省自" or "部门" in fragment


def test_an_office_that_names_a_township_is_the_townships():
    """章贡区人民政府水东镇办公室 is the 镇's office, not an office of the district government."""
    from gkmine.read import read_string

    text = ("如对报告有任何疑问，请与南康区人民政府唐江镇办公室联系。\n2019年以来，我镇按照上级要求"
            "公开信息。\n" + _BODY)
    doc = read_string(text, source="<test>")
    meta = extract_meta(doc, find_sections(doc).sections)
    assert (meta.agency, meta.level) == ("赣州市南康区唐江镇人民政府", "township")


@pytest.mark.parametrize("opening, province, county", [
    # a site named after its prefecture tells the province
    # (and of the two counties with a 天宝镇, the one under that prefecture)
    ("本报告电子版可在“中国·泰安”政府门户网站查阅。如有疑问，请联系天宝镇人民政府。\n",
     "山东省", "新泰市"),
    # a county's stem written before the township's own name tells its county
    ("2023年，我乡在微信公众号“美丽永嘉溪下”发布信息。\n溪下乡2023年政府信息公开工作年度报告\n",
     "浙江省", "永嘉县"),
    # …unless the stem reads two counties (开平区 of 唐山, 开平市 of 江门) and the division data
    # knows no such township (蚬西镇 is made up)
    ("2023年，我镇在微信公众号“魅力侨镇开平蚬西”发布信息。\n蚬西镇2023年政府信息公开工作年度报告\n",
     None, None),
    # …where it does, its one county
    ("2023年，我镇在微信公众号“魅力侨镇开平蚬冈”发布信息。\n蚬冈镇2023年政府信息公开工作年度报告\n",
     "广东省", "开平市"),
])
def test_places_from_site_and_account_names(make_doc, opening, province, county):
    meta = _meta(make_doc, opening + _BODY)
    assert (meta.level, meta.province, meta.county) == ("township", province, county)


@pytest.mark.parametrize("opening, level", [
    # a zone's body is its division's (平潭: a county), whatever superiors and laws it cites
    ("平潭综合实验区农村发展局2022年政府信息公开工作年度报告\n根据《福建省政府信息公开办法》编制。"
     "2022年，我局认真落实党中央、国务院、省委省政府、区党工委管委会的决策部署。\n", "county"),
    # a province's regulation cited says nothing of the level of the body citing it
    ("2022年，区交通运输局严格按照《福建省政府信息公开办法》推进公开。\n", "county"),
])
def test_level_is_not_taken_from_what_the_text_cites(make_doc, opening, level):
    assert _meta(make_doc, opening + _BODY).level == level


def test_an_address_in_another_organs_building_is_not_the_agency(make_doc):
    """A 局 (我局) housed in its county government's building: the address names the building."""
    text = ("2023年，我局依法公开政府信息。如有疑问请与我们联系，地址：永泰县人民政府，"
            "电话：0591-1234567。\n2023年，永泰县教育局坚持以公开为常态。\n")
    assert _meta(make_doc, text + _BODY).agency == "永泰县教育局"
