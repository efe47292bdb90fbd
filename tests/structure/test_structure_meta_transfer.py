"""Metadata evidence of kinds that recur across page sets (session 10): each mechanism on
constructed openings naming places and sectors other than the pages it was found on, with the
cases it must leave alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gkmine.read import read_string
from gkmine.structure import extract_meta, find_sections

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
])
def test_recurring_evidence(make_doc, opening, agency, level):
    meta = _meta(make_doc, opening)
    assert (meta.agency, meta.level) == (agency, level)


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
    # 各乡镇 and a township named after 各 are no self reference's township
    "我镇督促各下湿壕镇代表参会。\n",
])
def test_township_mentions_need_a_township_self_reference(make_doc, opening):
    meta = _meta(make_doc, opening)
    assert meta.agency is None or "下湿壕镇" not in meta.agency
