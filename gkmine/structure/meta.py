"""Report metadata: agency, year reported on, level, places, agency type and layout.

Each field is decided by the strongest evidence present, recorded in ``Meta.evidence``:

- agency: the report title (``XXX2024年政府信息公开工作年度报告``, also over two lines, in the
  ``XXX政府信息公开工作2021年度报告`` order, ``XXX关于2022年…工作的年度报告``, without its
  year, after page widgets such as 导出word, before a file extension, and a cover letter's
  ``XXX关于报送…报告的函``) > a line that is only a name
  (the agency printed above its title) > the preamble (``现将XXX2024年…``,
  ``我局编制了《XXX2024年…报告》``, ``编制形成2021年XXX政府信息公开年度报告``,
  ``本年度报告由XXX根据…``, ``XXX（以下简称…）``, also with the note between the name and its
  year, ``结合XXX政府信息公开工作实际``, ``全文包括XXX信息公开总体情况``, ``特向社会公布我旗…``: the
  one 旗 whose government the page names) > the contact block (``请与/可与XXX办公室联系``) >
  its address (``地址：XX乡人民政府党政综合办公室``) > the site the report is published on
  (``电子版可在XX局网站下载``; not a government's portal) > page chrome (``发布机构``) >
  the first ``20xx年，(在…下，)XXX坚持…`` of the body (also ``XXX政府信息公开工作在…``:
  XXX's disclosure work), a sentence opening with a bare-level organ (``市教育局高度重视…``)
  or a township by its own name (``安棚镇通过…``) > the organ's own guide
  (``《XX乡人民政府信息公开指南》``) > the organ of the self reference's kind (我局, 我委, 我厅,
  我办) that the text names most (``mention``), that an account named by a place's stem and a
  sector stands for (``“资阳发改”公众号`` and 我委: ``account``), or that works in a sector
  over a whole area (``全省粮食和物资储备工作`` and 我局: ``sector``) > the file name. A title may
  run on one line into the first section. A disclosure desk names its organ (XX局政务公开办公室,
  XX县政务公开办公室 → XX县人民政府, a place's desk in its service bureau: XX旗政务服务与数据管理局
  政务公开办公室 → XX旗人民政府), a bureau's 办公室, Party committee and 机关 name the bureau, a
  township government's 办公室 the government, a zone run together with its division
  (高新区(新市区)) the division,
  an organ's internal office named for contact (XX街道办事处综合与经济发展办公室) the organ, a
  place's sector system (XX市气象部门) the sector's 局, a zone's office (XX经济开发区综合办公室)
  the zone's 管理委员会, and a desk named alone (办公厅) nobody; a weak name (address, chrome,
  guide, body, mention, account, sector, file name) of another kind of organ than the self
  reference says is dropped.
  The first name found says which agency; a short form the text defines (``XXX（以下简称YY）``)
  stands for its full name, and a government's office named for contact gives way to the
  government when the body's subject is the place itself (``2023年，伽师县坚持…``). Among the
  names that denote the same agency (:func:`same_agency`) and say whose it is
  (:func:`names_place`), the fullest is kept. Special zones (平潭综合实验区, 西咸新区) say
  whose their bodies are; a zone alone is its 管理委员会. A name that does not say whose it
  is (区生态环境局, 领导小组办公室, 现将我局) is completed by the one division of its level the
  document names (or an account of its sector names: 市发展和改革局 and ``“抚远发改”``), a
  sector organ named without any place in a text whose only superiors are 党中央、国务院 is the
  national organ (国资委: 国务院国有资产监督管理委员会), a sector organ named without any place in
  a text that names one county-level government is that government's, or else it gives no
  agency:
  ``evidence["agency_fragment"]`` keeps it and a
  warning says why. Names are completed from the division data and the text, recorded in
  ``evidence["agency_completed"]``: a 街道/街 gets its 办事处, a 镇/乡 its 人民政府 and the
  county written before it, whose government (or government site) the page names, that the
  page names alone, that its division code names or whose stem is written before the
  township's own name (``美丽永嘉溪下``), a district body its city, an autonomous county
  written short (张家川县) its full name, an office written short (人民防空办) its 办公室. A
  mirror's toneless pinyin glosses (国(guo)资(zi)委) are read past.
- year: the statistics period (``自2024年1月1日起至12月31日止``, also with 年/月 lost) > title
  year > preamble year > the first ``20xx年，`` of the body > a report named in passing
  (``编制的2024年度政府信息公开年度报告``) > chrome title. Never the publication date.
- level / province / city / county: the agency's leading places resolved in cpca's division
  data (:mod:`gkmine.structure.divisions`), ambiguous names decided by the division code the
  page prints (a unified social credit code in an index number, 11410402…: 平顶山市新华区, or
  a site code) and by the other places named in the document; a county stem after its
  prefecture (内江市隆昌生态环境局: 隆昌市) is that county; a county-level place missing from
  the data (大同市云冈区…) is a county; townships by 乡/镇/街道/苏木 in the name; a bare
  市/县/区 prefix, the division a zone is named after (平潭综合实验区XX局: a county's, whatever
  superiors or provincial rules it cites) or a self reference (我镇, 本街道, 全区 outside a
  自治区), the governments above it (省、市、区政府: county) or below it (各县、区: prefecture)
  when no place is named; a county written with its suffix is not its namesake of another
  suffix (金平县: not 金平区); when the agency names no province, the division a zone is
  named after, the governments the page names, the division code, or a site named after its
  place (``“中国·济宁”政府门户网站``). Municipality districts have no ``city``. A prefecture
  bureau's branch for an area below it (XX市公安局高新区分局) is county level.
- the page's address (``SourceDoc.url`` from the caller, ``chrome["url"]`` from the page):
  the divisions it names (:mod:`gkmine.structure.url`, ``evidence["url"]``) stand as a printed
  division code does (namesakes, a township's county, a province) and complete a bare level
  (区水务局); never an agency by themselves.
- kinds that recur across page sets (each read the same way whatever the place or sector):
  organ names begin with their place, so a name's leading sentence words are dropped
  (``所列数据仅限吉林省气象局``) and of names run together (a breadcrumb's before the title's)
  the last is kept; a page whose lines were run together is read by its space-separated
  pieces, the report's own name in running text (``inline``, weak) and the sentence right
  after the heading it was run into; a mirror converted with Taiwan phrases (联络, 入口网站,
  资料管理) reads as the mainland words; a township's self reference (我镇) takes the
  township the text names in passing (``mention``); a government the chrome names gives way
  to its department the body names as subject; a bare level is completed by the place whose
  stem the text writes before the sector (区人社局, ``锡山人社``) or by a credit code in the
  page's address; a zone's committee named without its place by the one government named;
  a township whose county is unknown gets the one province all its namesakes lie in.
- kinds of a page that names its organ only in passing (weak evidence, each completed by
  the places the document or its address names, else no agency): the one sector whose work
  the self reference's text names (我局…增强住建工作透明度: 住建局; ``sector``), the organ of
  the self reference's kind named by a bare level and one sector (区住房城乡建设局专栏;
  ``mention``), an account named after its kind (微信公众号“高台应急管理”), the sites the
  report may be downloaded from (“泰安旅游经济开发区”（http://…）), a footer's site owner
  (主办单位：XX局; governments' portals left out), the organ whose report it is as a subject
  (XX办事处本年度报告…), and, for a page naming none, a department's host spelling its
  organ by pinyin (swj.tj.gov.cn: 水务局, ``url``). A placeless sector organ takes the one
  county government named, an address's county, a 厅 its one province, the one place the
  page's address names, or the one city a city's text (市委、市政府) writes by stem; a
  government's report made with its office (XX人民政府（市人民政府办公厅）) is the office's;
  a customs house is of a province's rank.
- kinds a national study meets, each read whatever the place or sector: a place as a
  sentence's subject (兴庆区坚持…, also after 过去一年, 截至…年底 or a 在…下 clause alone) is
  its government's report, and so is a place's Party committee with its government (城关镇党委、
  政府…); an organ written without its organ word (平利县农业农村认真…) is the place's 局; a
  district written by its stem (海淀教委, 盐都市场监管局: the 市 of 市场 is a sector's) gets its
  city and name; a sector beginning with 市 (市场监管局) is no bare level's; a branch led by its
  area's committee and its city's organ (我局在荔湾区委…和市公安局的领导下) or named by its area
  without its city (市公安局荔湾区分局, 荔湾公安分局) is the city organ's branch for that area; a
  township named like a division (湖南镇) is no province; a township a new area administers
  (西咸新区门户网站) is the area's; a mirror's spam where a place was, or after a name, is no part
  of it; a cover notice issuing a report (关于印发XX县…报告的通知) names the report's organ; a
  government and the zone it runs as one (XX区人民政府 XX开发区管委会) is the government; a report
  compiled from the reports of the bodies below is the government's (its office only the
  contact); a contact's 联系单位：, 可拨打…电话, 请致电 and a place's 受理机构; a body of the
  Production and Construction Corps (第一师…) says whose it is; a placeless organ on an address
  of several readings takes the one of the level its own portal or superiors say (市政府网站,
  市委、市政府: 抚远市, not 富裕县).
- year, when nothing above says: the year's own work plan cited (《XX区2022年政务公开工作要点》),
  a title in the page's address, else the year before the date of publication (发布日期,
  a signature line, an index number's year, the address's date: a report is published after the
  year it covers); a report named at a sentence's end is no title.
- layout: table wording (2021 vs 2019 labels) > report year (≥2021, 2019–2020, ≤2018) and
  pre-2019 free-form section titles > the notice cited (〔2021〕30号 / 〔2019〕60号).

>>> from gkmine.record import SourceDoc, TextMap
>>> text = "沙坡头区医疗保障局\\n2024年政府信息公开工作年度报告\\n一、总体情况\\n…"
>>> m = extract_meta(SourceDoc("x", "text", TextMap.identity(text)), [])
>>> m.agency, m.year, m.level, m.city, m.agency_type, m.layout
('中卫市沙坡头区医疗保障局', 2024, 'county', '中卫市', '医疗保障', '2021')
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from gkmine.read.decode import decode_name
from gkmine.record import Meta, Section, SourceDoc
from gkmine.structure._text import (
    mainland_phrases,
    matching_view,
    simplify,
    split_lines,
    without_toneless_glosses,
)
from gkmine.structure.agency import (
    AGENCY_END,
    abbreviates,
    agency_key,
    agency_type,
    clean_name,
    expand_abbreviations,
    is_pronoun,
    is_sector,
    same_agency,
    sector_start,
    write_out_office,
)
from gkmine.structure.divisions import Division, division_index, township_counties
from gkmine.structure.url import url_organ, url_places

_TONED = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_NAME = rf"[\u4e00-\u9fff（）()·{_TONED}]"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
#: (also a title's 政府信息年度报告, its 公开 left out)
_DISCLOSURE = r"(?:政府信息公开|政务信息公开|政务公开|信息公开|政府信息(?=年度报告))"
_TITLE_PATTERNS = (
    re.compile(rf"(?P<agency>{_NAME}{{2,60}}?)?\s*{_YEAR}\s*年?度?\s*{_DISCLOSURE}(?:工作)?\s*"
               r"(?:开展)?的?(?:年度)?(?:工作)?(?:情况)?的?\s*(?:报告|年报)"),
    re.compile(rf"(?P<agency>{_NAME}{{2,60}}?)?\s*{_DISCLOSURE}工作\s*{_YEAR}\s*年度?\s*报告"),
    # (also after the site's owner: 定海区人民政府2022年区人力社保局政府信息公开…报告)
    re.compile(rf"^\s*(?:{_NAME}{{2,30}}?)?{_YEAR}\s*年度?\s*(?P<agency>{_NAME}{{2,60}}?)"
               rf"{_DISCLOSURE}(?:工作)?\s*"
               r"(?:年度)?(?:工作)?\s*(?:报告|年报)"),
    # the year in brackets after the title (XX局政府信息公开工作年度报告（2023年度）)
    re.compile(rf"(?P<agency>{_NAME}{{2,60}}?)\s*{_DISCLOSURE}(?:工作)?\s*年度\s*(?:报告|年报)\s*"
               rf"[（(]\s*{_YEAR}\s*年?度?\s*[）)]"),
    # a title without its year (驼峰路街道办事处政府信息公开工作年度报告)
    re.compile(rf"^\s*(?P<agency>{_NAME}{{2,60}}?)(?P<year>){_DISCLOSURE}工作\s*年度\s*(?:报告|年报)"),
)
#: what every title pattern but the last needs somewhere (its ``_YEAR``)
_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")
#: verbs that introduce the report in its preamble (现将…, 我局编制了…, 编制形成…)
_VERB = (r"(?:现报送|报送|现将|现公布|现发布|现公开|现编发|现予公布|现予发布|现向社会公布|"
         r"特向社会公布|向社会公布|现印发|编制并公布|编制形成|编制了?|制定|制作|形成|现就|"
         r"(?:现|特)?(?:面向社会|向社会)?正式(?:发布|公布)|梳理|总结)")
#: a note in brackets after a name (…税务局(以下简称“佛山市税务局”,下文类同)2021年…)
_NOTE = r"(?:[（(][^（）()]{0,40}[）)])?"
# 2021年，XX市XX局（以下简称“市XX局”）
_ALIAS = re.compile(rf"(?P<agency>{_NAME}{{2,40}}?)[（(][“\"]?以下简称(?:为)?[:：]?[“\"]?"
                    rf"(?P<alias>{_NAME}{{2,20}}?)[”\"]?(?:[,，、;；][^（）()]{{0,12}})?[）)]")
#: the organ's place said again after the year (现公布汨罗市人民政府2024年汨罗市政府信息公开…)
_PLACE_AGAIN = r"(?:[\u4e00-\u9fff]{1,8}?[省市县区旗州])?"
_PREAMBLE_PATTERNS = (
    re.compile(rf"{_VERB}《?(?P<agency>{_NAME}{{2,60}}?){_NOTE}{_YEAR}年?度?{_PLACE_AGAIN}"
               rf"{_DISCLOSURE}"),
    re.compile(rf"(?:{_VERB}|结合)《?{_YEAR}年度?(?P<agency>{_NAME}{{2,60}}?){_NOTE}{_DISCLOSURE}"),
    re.compile(rf"《(?P<agency>{_NAME}{{2,60}}?){_YEAR}年?度?{_DISCLOSURE}[^》]{{0,12}}报告》"),
    # no year: 现编制XX局政府信息公开工作年度报告
    re.compile(rf"{_VERB}《?(?P<agency>{_NAME}{{2,60}}?){_NOTE}{_DISCLOSURE}工作年度(?:报告|年报)"),
    # the year after the work: 现将XX局政府信息公开工作2024年度(工作情况)报告如下
    re.compile(rf"{_VERB}《?(?P<agency>{_NAME}{{2,60}}?){_NOTE}{_DISCLOSURE}工作{_YEAR}年度?"
               r"(?:工作)?(?:情况)?(?:报告|年报)"),
    # 本年度报告由XX根据…编制, 由商务局结合有关统计数据编制, 本报告是XX…
    re.compile(rf"报告(?:由|是)(?P<agency>{_NAME}{{2,40}}?)"
               r"(?:根据|依据|按照|结合|编制|汇总|负责)"),
    re.compile(rf"由(?P<agency>{_NAME}{{2,40}}?)(?:负责|牵头)?(?:结合[^。，,\n]{{0,10}}?)?编制"),
    # a line that opens with its organ as the subject: XX供销社根据新修订《条例》…
    re.compile(rf"(?m)^\s*(?P<agency>{_NAME}{{2,40}}?)(?:根据|依据|按照)(?:新修订的?)?《"),
    _ALIAS,
    # 结合XX局政府信息公开工作实际 / …工作有关统计数据撰写
    re.compile(rf"结合(?P<agency>{_NAME}{{2,40}}?)(?:{_YEAR}年度?)?(?:(?:{_DISCLOSURE}|政务)?"
               rf"工作实际|{_DISCLOSURE}工作)"),
    # XX局特向社会公布2024年度本机关信息公开工作报告: the organ that publishes it
    re.compile(rf"(?m)(?:^|[，,。])\s*(?P<agency>{_NAME}{{4,40}}?)(?:特|现)?向社会(?:公布|发布)"),
    # 全文包括XX人民政府(2025年)信息公开总体情况: the organ whose disclosure the report covers
    re.compile(rf"(?:包括|包含|涵盖)(?P<agency>{_NAME}{{2,40}}?)(?:{_YEAR}年度?)?(?:政府)?"
               rf"{_DISCLOSURE}(?:工作)?(?:的)?(?:总体|基本)?情况"),
)
#: an organ's own report as the sentence's subject (铜陵市铜官区东郊办事处本年度报告中使用数据…)
_OWN_REPORT = re.compile(rf"(?:^|[。；;\n])\s*(?P<agency>{_NAME}{{4,40}}?)(?:本年度报告|本报告)")
#: XX局结合工作实际编制本报告, XX办公室编制了2022年…: the organ that compiles it (the
#: sentence's words before the name dropped by its place; read within a line, as a chrome
#: line's name is no subject of the sentence after it)
_COMPILER = re.compile(
    rf"(?P<agency>{_NAME}{{4,40}}?)(?:特此|结合[^。，,\n]{{0,10}}?)?编制(?:了|完成|形成)?"
    rf"(?:本|{_YEAR}年度?)")
#: how far after its start a compiler's match holds 编制 (name, 结合…), and how far after 编制
#: it ends (完成, a year and 年度)
_COMPILER_REACH = (40 + 12, 10)
#: (also 联系单位：XX局, 可拨打XX局办公室电话, 请致电XX局)
_CONTACT = re.compile(
    rf"(?:请与|可与|欢迎与|(?:请|可)联系[:：]?|(?:联系|受理)(?:单位|部门|机构)[:：]|"
    rf"(?:请|可)?(?:致电|拨打)(?=[^。]{{0,40}}电话))(?P<agency>{_NAME}{{2,60}}?)"
    r"(?:联系|(?:咨询|联系|办公)?电话|[（(,，。;；]|$)")
#: the address in a contact block that names the organ (地址:XX县XX乡人民政府党政综合办公室,
#: not 地址:XX区人民西路12号, whose number ends the name before any terminator)
_ADDRESS = re.compile(
    rf"(?:联系|通讯|通信|办公)?地址[:：为]?(?P<agency>{_NAME}{{2,60}}?)(?=[,，。;；（(]|电话|邮编|$)")
#: organs an address may name (not 大院, 大楼, 中心)
_ADDRESS_ORGAN = re.compile(r"(?:人民政府|办事处|局|委员会|厅)$")
#: the site the report is published on (电子版可在XX局网站下载, 电子版在市人社局门户网站): its
#: owner, weak evidence; not a government's portal, which carries its departments' reports,
#: nor a site the text names as a platform (XX网站（以下简称“税务网站”）: a system's site)
_SITE = re.compile(
    rf"(?:电子版|全文|本报告)[^。]{{0,6}}?(?:在|于|登录|通过)[“\"]?(?P<agency>{_NAME}{{2,40}}?)"
    r"(?:门户|官方)?(?:网站|网)(?!站?[（(]以下简称)")
#: the organ's own disclosure guide or catalogue (《均村乡人民政府信息公开指南》)
_GUIDE = re.compile(rf"《(?P<agency>{_NAME}{{2,40}}?)(?:政府)?信息公开(?:指南|目录)》")
#: an organ and one of its internal offices (西关街道办事处综合与经济发展办公室, XX乡人民政府
#: 党政综合办公室): the organ reports, the office only answers questions (an office that names
#: another organ, 章贡区人民政府水东镇办公室, is that organ's)
_INTERNAL_OFFICE = re.compile(
    r"^(?P<organ>.+?(?:人民政府|(?<=[镇乡])政府|办事处|局))"
    r"(?P<office>(?:(?![镇乡街局委厅区县市])[\u4e00-\u9fff]){1,12}?(?:办公室|科|股|室|部))$")
#: the general office of a special zone's committee (XX经济开发区(管委会)综合办公室)
_ZONE_OFFICE = re.compile(r"(?:管委会|管理委员会)?(?:党政|综合|行政|党群)?办(?:公室)?")
#: an office written short (重庆市人民防空办, 县政府办): its full name ends in 办公室 (not a
#: 街办, a 街道办事处)
_SHORT_OFFICE = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?<!街)办$")
#: a township's office named under its county's government (章贡区人民政府水东镇办公室)
_COUNTY_TOWNSHIP_OFFICE = re.compile(r"人民政府(?=[\u4e00-\u9fff]{2,8}?(?:镇|乡|街道)办(?:公)?室$)")
#: a section of an office named in a contact block (…办公室信息科)
_DESK_TAIL = re.compile(r"(?<=室|局|厅|委|府)(?!办)[\u4e00-\u9fff]{1,8}?[科股组]$")  # (政府办…科)
_CHROME_LINE = re.compile(
    rf"(?:发布机构|发布单位|发文机关|发文单位|发布来源|发布部门|发布者|发布主体|来源)\s*[:：|]?\s*\|?\s*(?P<agency>{_NAME}{{2,40}})")
#: where a sentence may begin: also right after a section heading when the page's lines
#: were run together (一、总体情况2023年，XX局坚持…)
_SENTENCE_START = r"(?:^|[。\n]|(?<=情况)|(?<=概况)|(?<=概述))"
_SUBJECT_VERB = (r"(?:坚持|以|认真|在|深入|进一步|紧紧|紧密|按照|根据|严格|全面|持续|围绕|高度|"
                 r"积极|始终|着力|扎实|不断|聚焦|立足|结合|贯彻|落实|切实|大力|加强|强化|推进|"
                 r"做好|抓好|及时|依法|紧扣|紧盯|牢牢|坚决|准确|精准|全力|锚定|对标|"
                 r"深学笃用|深化|统筹|注重|秉持|牢固|"
                 r"共(?=[主收发公办受]))")
#: a span of time that opens a sentence of the year reported on, without that year written
_YEARLESS_SPAN = r"(?:过去的?一年|一年来|今年以?来|本年度|年内|截[至止](?:19|20)\d{2}年(?:底|末))"
#: 2023年，XX局坚持… / 2024年，在区政府的领导下，XX街道办事处严格… / 2019年汝州市共主动公开…
#: (2023，XX局坚持…: the 年 lost)
#: (also after two such clauses: 在市委、市政府领导下，在省体育局的支持下，市体育局坚持…)
#: (or after a span of time without its year: 过去一年，东丽区人民政府坚持…, 截至2023年底，XX局…)
#: (or after its 在…下 clauses alone: 在县委、县政府的坚强领导下，XX局认真…)
_LED_BY = r"在[^。，,\n]{2,40}?下[,，]\s*"
_BODY_SUBJECT = re.compile(
    rf"{_SENTENCE_START}\s*(?:(?:{_YEAR}(?:年度?(?:以来)?|(?=[,，]))|{_YEARLESS_SPAN})[,，]?\s*"
    rf"(?:{_LED_BY}){{0,2}}|(?:{_LED_BY}){{1,2}})"
    rf"(?P<agency>{_NAME}{{2,40}}?){_SUBJECT_VERB}")
#: a place's Party committee and government as a sentence's subject (2023年，城关镇党委、政府
#: 高度重视…): the place's government
_COMMITTEE_SUBJECT = re.compile(
    rf"{_SENTENCE_START}\s*(?:{_YEAR}年度?[,，]?\s*)?"
    r"(?P<place>[\u4e00-\u9fff]{2,12}?(?:镇|乡|街道|县|区|市|旗))(?:党委|党工委|委)[、，,]?"
    r"(?:[镇乡县区市旗]|街道)?(?:人民)?(?:政府|办事处)")
#: a sentence that begins with an organ named by a bare level (市教育局高度重视…): a fragment
#: the divisions the text names may complete
_BARE_SUBJECT = re.compile(
    rf"{_SENTENCE_START}\s*(?P<agency>[市县区州旗盟](?!场)[\u4e00-\u9fff]{{2,20}}?(?:局|委员会|委|厅|办))"
    rf"{_SUBJECT_VERB}")
#: a sentence without its year whose subject is an organ that says whose it is (一、总体情况
#: 国家中医药管理局以…为指导): read only when the name says whose it is
_NAMED_SUBJECT = re.compile(
    rf"{_SENTENCE_START}\s*(?P<agency>(?![我本该各全])[\u4e00-\u9fff（）()]{{4,30}}?"
    rf"(?:局|委员会|委|厅|办公室|部|署|人民政府|办事处|中心))(?:{_SUBJECT_VERB}|以)")
#: a sentence without its year whose subject is a place (一、总体情况 兴庆区坚持…): the place's
#: government, read only when the words are a chain of divisions
_PLACE_SUBJECT = re.compile(
    rf"{_SENTENCE_START}\s*(?P<agency>[\u4e00-\u9fff]{{2,14}}?[省市县区旗州盟]){_SUBJECT_VERB}")


def _government_of(place: str) -> str:
    """The government of a division: a 地区's or a 盟's is its 行政公署 (阿里地区行政公署), any
    other's its 人民政府.

    >>> _government_of("阿里地区"), _government_of("兴安盟"), _government_of("汨罗市")
    ('阿里地区行政公署', '兴安盟行政公署', '汨罗市人民政府')
    """
    return place + ("行政公署" if place.endswith(("地区", "盟")) else "人民政府")


def _committee_government(place: str) -> str | None:
    """The government of a place whose Party committee leads with it: a township by its own
    name (城关镇: the township, its government completed later), a division's 人民政府."""
    if _OWN_TOWNSHIP.match(place):
        return place
    return _government_of(place) if _is_place(place) else None


#: the kinds of township a name ends in
_TOWNSHIP_KINDS = "(?:镇|乡|街道|苏木)"
#: a sentence whose subject is a township by its own name (安棚镇通过…, 2024年，安棚镇人民政府
#:未收到…): read only when the name is the township's own (not 各乡镇)
_TOWNSHIP_SUBJECT = re.compile(
    rf"{_SENTENCE_START}\s*(?:{_YEAR}年度?[,，]?)?(?P<agency>(?![度我本全各该])(?:(?![我本])[\u4e00-\u9fff])"
    rf"{{2,8}}?{_TOWNSHIP_KINDS}"
    rf"(?:人民政府|政府|办事处)?)(?:{_SUBJECT_VERB}|通过|未|已|共|累计|主动|依法)")
#: a report named in passing (由XX局编制的2024年度政府信息公开年度报告)
_REPORT_YEAR = re.compile(rf"{_YEAR}年度?{_DISCLOSURE}(?:工作)?(?:年度)?(?:工作)?(?:报告|年报)")
#: a place's government reporting as itself (特向社会公布我旗2021年度…报告)
_SELF_GOVERNMENT = re.compile(rf"{_VERB}我(?P<level>[县旗区市])(?:{_YEAR}年度?)?{_DISCLOSURE}")
#: a division code in an index number or a unified social credit code (1133102400268125XW:
#: registered by an organ establishment office, 331024 = 仙居县) or a site code (网站标识码)
_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])1[1-9](?P<code>[1-8]\d{5})[0-9A-Z]{9}[0-9A-Z](?![0-9A-Z])")
_SITE_CODE = re.compile(r"网站标识码[:：]?\s*(?P<code>[1-8]\d{5})\d{4}(?!\d)")
#: a self reference that says what kind of organ reports (我局: a 局), with the endings of
#: such an organ's name, longest first
_SELF_ORGAN = (
    (re.compile(r"[我本]分?局"), ("分局", "局")),
    (re.compile(r"[我本]委(?![托员])"), ("委员会", "委")),
    (re.compile(r"[我本]厅"), ("厅",)),
    (re.compile(r"[我本]办(?![公理事结件法])"), ("办公室", "办公厅", "办")),
    (re.compile(r"[我本]中心"), ("中心",)),
)
#: where a name mentioned in running text cannot go on (…局的, …局关于)
#: (nor past a Party committee named with its government: 荔湾区委区政府和市公安局)
_MENTION_STOP = re.compile(r"的|关于|[^\u4e00-\u9fff]|委(?=[、，,]?[省市县区州旗](?:人民)?政府)")
_MENTION_MAX = 24
_OFFICE_TAIL = re.compile(
    r"(?:政府)?(?:信息公开|政务公开)?(?:工作)?(?:领导小组)?"
    r"(?:(?:党政综合|党政|综合|政务公开)?办(?:公)?室|(?:党政|综合)办)$")
#: a township government's own office (两城镇人民政府党政办公室, 黄花乡人民政府办公室 compiles
#: the 镇's report: a township reports as its government)
_TOWNSHIP_OFFICE = re.compile(
    r"(?:[镇乡]|苏木|街道)(?:人民政府|政府|办事处)?(?:党政综合|党政|综合)?办(?:公)?室?$")
#: the office that handles disclosure for an organ (…局政务公开办公室, …镇人民政府信息公开领导
#:小组办公室): the desk, not the agency that reports
_DISCLOSURE_DESK = re.compile(
    r"(?:(?<!人民)政府)?(?:信息公开|政务公开)(?:工作)?(?:领导小组)?办(?:公)?室$|"
    r"(?:政府信息公开|政务公开)?工作领导小组办公室$|"
    r"(?:(?<!人民)政府)?(?:信息公开|政务公开)(?:日常)?(?:工作)?(?:受理)?(?:机构|部门)$")
#: the bureau that hosts a place's disclosure desk (XX旗政务服务与数据管理局政务公开办公室 is
#: the 旗's desk: the government reports)
_SERVICE_BUREAU = re.compile(r"(?:政务服务(?:和|与)?数据管理|政务服务管理|政务服务|"
                             r"大数据(?:发展)?管理|政务(?:服务)?(?:和|与)?大数据管理)局$")
#: a desk named alone, without the organ it belongs to
_DESK_ONLY = re.compile(
    r"^(?:政府)?(?:信息公开|政务公开)?(?:工作)?(?:领导小组)?(?:(?:党政|综合)?办(?:公)?室|"
    r"(?:党政|综合)办|办公厅)$")
#: the office of a bureau or commission (…局办公室 compiles the bureau's report): the organ
#: — but a zone's committee governs like a government, and its office reports on its own
#: (XX高新技术产业开发区管理委员会办公室), as a government's 办公室 does
_ORGAN_OFFICE = re.compile(
    r"(?:(?<=[局厅])|(?<=[^公]署)|(?<=委员会)(?<!区管理委员会))办公室$")  # not 行政公署
#: the Party committee of an organ (市交通运输局党委) or its own offices (XX局机关,
#: XX人民政府机关), or the district a customs house covers (广州海关关区): the organ
_PARTY_TAIL = re.compile(r"(?<=[局厅委署会府])(?:党委|党组|机关|本级)$|(?<=海关)关区$")
#: breadcrumb or column words glued before a name (政府信息公开年报宣城市生态环境局)
_LEADING_JUNK = re.compile(
    r"^.*(?:报告|年报|信息公开|政务公开|地方政务|首页|当前位置|导出|打印|下载)[a-z]*|^关于|^[a-z]+"
    r"|^(?:标题|题名|名称)[:：]?")
#: a mirror's spam written where the organ's place was (西甲直播文化和旅游局, bt365彩票…直播365体育
#: 财政局): the words up to it dropped, leaving the organ without its place
_SPAM = (r"(?:博彩|彩票|投注|下注|赌|百家乐|老虎机|棋牌|网投|直播|官网|[Bb][Ee][Tt]|[Aa][Pp][Pp])"
         r"[\da-zA-Z_]*(?:体育|娱乐|平台|官方)?")
_SPAM_PLACE = re.compile(rf"^.*{_SPAM}")
#: … or written after a whole name (漳平市审计局雷速体育直播): the name before it
_SPAM_AFTER = re.compile(rf"(?<=[局委厅办府处会院])[\u4e00-\u9fff\da-zA-Z_]{{0,8}}?{_SPAM}.*$")
#: a cover letter's title (XX厅关于报送2020年…报告的函): the sender
_COVER_LETTER = re.compile(r"关于(?:报送|印发|发布|公布|上报|提交|公开)?$")
#: words that end like an organ but name none (编制了2021年政府信息公开…)
_NO_ORGAN = {"政府", "人民政府", "本级政府", "市政府", "县政府", "区政府"}
#: a zone run together with the division it lies in (高新区(新市区)政府, XX开发区（XX县）): one
#: administration, named by the division
_ZONE_DIVISION = re.compile(
    r"(?P<zone>[\u4e00-\u9fff]{0,10}?(?:新区|开发区|高新区|经开区|试验区|实验区|园区))"
    r"[（(](?P<division>[\u4e00-\u9fff]{2,8}?[区县市旗])[）)]")


#: a government's report made with its general office (贵阳市人民政府（市人民政府办公厅）):
#: the office, which compiles it
_JOINT_OFFICE = re.compile(
    r"(?P<government>人民政府)[（(](?:省|自治区|[市县区州盟旗])?(?:人民)?政府(?P<office>办公厅|办公室)[）)]$")


def _zone_division(match: re.Match[str]) -> str:
    return match.group("division") if division_index().lookup(match.group("division")) \
        else match.group()


#: words of the sentence left before a name (现公布区政府国资局2022年…, 年，XX局)
_LEADING_VERB = re.compile(rf"^(?:年度?|{_VERB}|[特现]?并?(?:向社会)?(?:公开|公布|发布)|"
                           r"(?:制定|制作|编发|印发|汇总)了?|根据|依据|按照|结合|对照|由|通过|依托|"
                           r"完成|要求|"
                           r"请?(?:与|向)?(?:联系|咨询|致电|致函)|请(?:与|向))+")
_SITE_TAIL = re.compile(r"(?:门户)?网站$|政府信息公开网$")
#: the disclosure work of an organ or place as a sentence's subject (2021年，东宝区政府信息公开
#: 工作在…, XX局政务公开工作坚持…): the organ, or the place's government
_WORK_TAIL = re.compile(r"的?(?:政府信息公开|政务公开|信息公开)(?:工作)?$")
#: the statistics period, also with the 年/月 lost by an extraction (自202111日起至20211231日止)
_PERIOD = re.compile(
    rf"{_YEAR}年?0?1月?0?1日[^。]{{0,16}}?(?:(?:19|20)\d{{2}}年?)?12月?31日")
#: the end of the period alone (截至2023年12月31日)
_PERIOD_END = re.compile(rf"截[至止]到?{_YEAR}年?12月?31日")
#: 2023年，… / 2023年以来… / 2023年中仓街道积极… (not 2023年1月, 2023年底); 2023，XX局… (年 lost)
_BODY_YEAR = re.compile(
    rf"(?:^|[。\n：:])\s*{_YEAR}\s*(?:年度?\s*(?:[,，以来全]|(?=[\u4e00-\u9fff])(?![月底初前后末]))|"
    r"[,，](?=[\u4e00-\u9fff]))")
#: self references and the government an agency answers to (在县委、县政府的领导下), in order
_SELF_LEVEL = (
    (re.compile(r"[我本](?:镇|乡|街道|街|苏木)"), "township"),
    (re.compile(r"[我本](?:县|区|旗)(?!委|政府)"), "county"),
    (re.compile(r"全(?:县|旗)(?!委)|全区(?!委)"), "county"),  # 全区 not in a 自治区's report
    # the organ oversees the counties and districts below it (涵盖各县、区政府…)
    (re.compile(r"各县[（(、，,]?(?:市[、，,]?)?区"), "prefecture"),
    (re.compile(r"(?:县|区|旗)委[、，,]?(?:县|区|旗)(?:人民)?政府"), "county"),
    # the chain of governments above the organ (根据省、市、区政府的有关工作部署)
    (re.compile(r"市[、，,](?:县|区|旗)(?:委|(?:人民)?政府)"), "county"),
    (re.compile(r"(?:市|州|盟)委[、，,]?(?:市|州|盟)(?:人民)?政府"), "prefecture"),
    (re.compile(r"省委[、，,]?省(?:人民)?政府"), "province"),
)
_NATIONAL = re.compile(r"^(?:国家|国务院|中华人民共和国|中央|中国(?!共产党))")
#: a body of the Xinjiang Production and Construction Corps by its division (第一师阿拉尔市…):
#: whose it is, though the division data lists none of its own
_CORPS = re.compile(r"^(?:新疆生产建设)?(?:兵团)?第[一二三四五六七八九十]{1,3}师")
#: a ministry-style name (教育部, 海关总署, 审计署) naming no place is a national body
_MINISTRY = re.compile(r"^[^省市县区州盟旗].*(?:部|(?<!公)署|总局)$")  # not 行政公署
_TOWNSHIP = re.compile(r"(?:街道办事处|街道|(?:[乡镇]|苏木)(?:人民政府)?)$")
#: what cannot begin a place name (a bare level, a pronoun, 全区, 自治区 alone)
_NOT_A_PLACE = r"(?![市县区州省旗全我本该]|自治)"
#: a county-level place missing from the division data (大同市云冈区…, renamed or new)
_UNLISTED_COUNTY = re.compile(
    rf"^{_NOT_A_PLACE}(?!经济|高新|综合)[\u4e00-\u9fff]{{2,4}}?(?<!开发)(?<!园)[区县旗](?=.{{2,}})")
#: a township's name of its own (张家湾镇, 中仓街道, 建平乡政府)
_OWN_TOWNSHIP = re.compile(
    rf"^{_NOT_A_PLACE}(?:[\u4e00-\u9fff]{{2,8}}?{_TOWNSHIP_KINDS}|[\u4e00-\u9fff]苏木)"
    r"(?=人民政府|政府|办事处|$)")  # a 苏木's name may be one character (辉苏木)
#: the kinds of development zone (经济技术开发区, 高新区, 综合保税区, 工业园区)
_DEVELOPMENT_ZONE_KINDS = (r"经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区|"
                           r"综合保税区|保税区|工业园区|产业园区|工业园|产业园")
#: a special zone that is no administrative division but is whose its bodies are (平潭综合实验区
#: 公安局, 西咸新区底张街道): its own name, then the zone's kind
_ZONE = re.compile(
    rf"^{_NOT_A_PLACE}(?P<stem>(?!经济|高新|综合)[\u4e00-\u9fff]{{2,10}}?)(?:综合实验区|综合试验区|新区|"
    rf"{_DEVELOPMENT_ZONE_KINDS}|自由贸易试验区|自贸区|示范区)")
#: a government and the zone's committee it runs as one administration (广州市黄埔区人民政府
#: 广州开发区管委会): the government, the division's
_GOVERNMENT_WITH_ZONE = re.compile(
    rf"(?<=[\u4e00-\u9fff])(?P<government>人民政府)\s*[\u4e00-\u9fff]{{2,10}}?"
    rf"(?:{_DEVELOPMENT_ZONE_KINDS}|新区)(?:管委会|管理委员会)$")
#: a development zone named after its province or prefecture (运城经济技术开发区, 重庆高新区),
#: with its organs: administered as a county is (a new area, 兰州新区, is not such a zone)
_DEVELOPMENT_ZONE = re.compile(f"(?:{_DEVELOPMENT_ZONE_KINDS})")
#: a zone's own township office (郑州高新技术产业开发区双桥办事处): a 街道's rank
_ZONE_TOWNSHIP = re.compile(rf"(?:{_DEVELOPMENT_ZONE_KINDS}|新区)[\u4e00-\u9fff]{{2,4}}办事处$")
#: a customs house (广州海关, 黄埔海关): directly under the national administration, of a
#: province's rank
_CUSTOMS_HOUSE = re.compile(r"(?<!总)海关$")
#: a development zone's own name after its place (泰安|旅游经济开发区, 重庆|高新区)
_NAMED_ZONE = re.compile(rf"[\u4e00-\u9fff]{{0,10}}?(?:{_DEVELOPMENT_ZONE_KINDS})")
#: where a document names a government (《富县人民政府网》, 师宗县人民政府网站, 邹城市委)
_GOVERNMENT = re.compile(r"(?:人民政府|政府(?:门户)?网|[县区市旗]委)")
#: a township named by its place alone: 街道 → 街道办事处, 镇/乡 → 镇/乡人民政府
_TOWNSHIP_ORGAN = re.compile(r"(?:街道|街办|(?<!大)街|(?<=[镇乡])政府|(?<=[镇乡]))$")
_BARE_LEVEL = {"省": "province", "市": "prefecture", "州": "prefecture", "盟": "prefecture",
               "县": "county", "区": "county", "旗": "county"}


def _bare(key: str) -> str:
    """The bare level a name begins with (市教育局: 市), not a sector's first word (市场监管局).

    >>> _bare("市教育局"), _bare("市场监管局"), _bare("市市场监管局")
    ('市', '', '市')
    """
    return key[:1] if key[:1] in _BARE_LEVEL and not key.startswith("市场") else ""


_LAYOUT_WORDS = {
    "2021": re.compile(r"本年制发件数|本年废止件数|现行有效件数|逾期不补正|逾期未按收费通知"),
    "2019": re.compile(r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|政府集中采购"),
}
#: words of the pre-2019 free-form section titles
_LEGACY_TITLE = re.compile(r"基本概况|基本情况|概述|依申请公开|因政府信息公开申请")
_NOTICE = {"2021": re.compile(r"〔2021〕\s*30"), "2019": re.compile(r"〔2019〕\s*60")}
_HEAD_CHARS = 3000
#: table rules and separators a page prints after its title (…年度报告 | |||||)
#: a year in brackets, as printed after a title (（2023年度）)
_BRACKETED_YEAR = re.compile(r"[（(]\s*(?:19|20)\d{2}\s*年?度?\s*[）)]")
#: (and the year in brackets after a title, which a title pattern reads)
_TRAILING_CHROME = re.compile(rf"[\s|│丨_\-–—]+|\.(?:docx?|pdf|wps|html?)\b|"
                              rf"{_BRACKETED_YEAR.pattern}")
#: evidence too weak to hold against the self reference (我委 and 发布机构：XX办公厅)
#: (an address may be a building shared with another organ: 地址：XX县人民政府 in a 局's report)
_WEAK = ("address", "site", "chrome", "guide", "body", "mention", "account", "sector",
         "filename", "inline")
_HEADING_NAME = re.compile(r"(?!.*(?:年|报告|公开|首页|位置|网|主页))[\u4e00-\u9fff]+")
_TITLE_SEPARATORS = re.compile(r"\s+[-_|–—]+\s+|\s*[|_]\s*|\s{2,}")


@dataclass(frozen=True)
class _Found:
    value: str
    evidence: str
    year: int | None = None
    alias: str | None = None  # the short form a 以下简称 gives for this name


def _valid_year(text: str | None) -> int | None:
    if not text:  # a title without its year
        return None
    year = int(text)
    return year if 2000 <= year <= 2100 else None


def _is_place(name: str) -> bool:
    """Whether ``name`` is only a chain of division names (宁夏回族自治区, 中卫市沙坡头区)."""
    index = division_index()
    at = 0
    while at < len(name):
        found = index.match_at(name, at)
        if not found or found[0] not in index.by_name:
            return False
        at += len(found[0])
    return bool(name)


def _agency_name(raw: str | None, *, contact: bool = False) -> str | None:
    """A candidate agency cleaned; None for pronouns and what does not end like an organ.

    In a contact block the office named (请与XX局办公室联系) is the agency's own office;
    :func:`_contact_names` gives both readings.
    """
    if not raw:
        return None
    raw = _reported_of_cover(_JOINT_OFFICE.sub(r"\g<government>\g<office>", raw))
    raw = _GOVERNMENT_WITH_ZONE.sub(r"\g<government>", _ZONE_DIVISION.sub(_zone_division, raw))
    name = _PARTY_TAIL.sub("", _ORGAN_OFFICE.sub("", _organ_of_desk(clean_name(raw))))
    name = _LEADING_JUNK.sub("", _WORK_TAIL.sub("", _SPAM_PLACE.sub("", _SPAM_AFTER.sub("", name))))
    name = _LEADING_VERB.sub("", _SITE_TAIL.sub("", _COVER_LETTER.sub("", name)))
    name = _last_of_run_together(_from_its_place(name))
    if name in _NO_ORGAN:
        return None
    zone = _ZONE.match(name)
    if zone and zone.end() == len(name):  # 平潭综合实验区2024年…报告: the zone's committee
        name += "管理委员会"
    elif _is_place(name):  # 北京市2023年政府信息公开工作年度报告: the government's own report
        name = _government_of(name)
    elif autonomous := _autonomous_written_short(name):  # 现将耿马自治县2021…年度报告
        name = _government_of(autonomous)
    elif name.endswith("人民"):  # XX镇人民|政府信息公开…: the title shares its 政府
        name += "政府"
    name = _street_office(_system_organ(name))
    township_office = _TOWNSHIP_OFFICE.search(name)
    trimmed = _OFFICE_TAIL.sub("", name) if contact or township_office else name
    if trimmed.endswith("人民") and (township_office
                                     or re.search(r"党政|综合", name[len(trimmed):])):
        trimmed += "政府"  # a township's 党政办 answers for its government
    if trimmed != name and AGENCY_END.search(trimmed):
        name = trimmed
    if not AGENCY_END.search(name):
        name = _with_organ_word(name)
    if len(name) < 2 or is_pronoun(name) or not AGENCY_END.search(name) \
            or _KIND_ONLY.fullmatch(name):
        return None
    return name


def _autonomous_written_short(name: str) -> str | None:
    """The full name of the one autonomous county, banner or prefecture ``name`` writes by its
    stem (耿马自治县: 耿马傣族佤族自治县), or None.

    >>> _autonomous_written_short("耿马自治县"), _autonomous_written_short("耿马县")
    ('耿马傣族佤族自治县', None)
    """
    if not name.endswith(("自治县", "自治旗", "自治州")):
        return None
    found = division_index().lookup(name)
    return found[0].name if len(found) == 1 else None


def _with_organ_word(name: str) -> str:
    """A place's organ written without its organ word (平利县农业农村认真…): the place's 局 of
    that sector, the commonest kind of sector organ; other names unchanged.

    >>> _with_organ_word("平利县农业农村"), _with_organ_word("平利县政务公开")
    ('平利县农业农村局', '平利县政务公开')
    """
    index = division_index()
    at = 0
    while (found := index.match_at(name, at)) is not None and len(found[0]) >= 2:
        at += len(found[0])
    sector = name[at:]
    if at and 2 <= len(sector) <= 10 and is_sector(sector):
        return name + "局"
    return name


#: a cover notice's title between its sender and the report it issues (XX县人民政府办公室关于
#: 印发XX县2023年…报告的通知)
_COVER_NOTICE = re.compile(r"关于(?:报送|印发|发布|公布|上报|提交|公开)")


def _reported_of_cover(raw: str) -> str:
    """Of a cover notice's sender and the report it issues, the organ whose report it is: the
    one named after 关于印发 when it says whose it is (a place: its government's), else the
    sender.

    >>> _reported_of_cover("平利县人民政府办公室关于印发平利县")
    '平利县'
    >>> _reported_of_cover("平利县统计局关于报送"), _reported_of_cover("平利县统计局")
    ('平利县统计局', '平利县统计局')
    """
    cover = _COVER_NOTICE.search(raw)
    if cover is None:
        return raw
    issued = raw[cover.end():]
    return issued if issued and (_is_place(issued) or names_place(issued)) \
        else raw[:cover.start()]


#: a township's kind without its own name (…公布2021年度街道信息公开年度报告): no name
_KIND_ONLY = re.compile(rf"{_TOWNSHIP_KINDS}(?:人民政府|政府|办事处)?|街办|乡镇|镇街")


def _street_office(name: str) -> str:
    """A 街道办事处 written without its 街道 right after its county (铜官区东郊办事处) gets it,
    when the township data has a 街道 of that own name (东郊街道); other names unchanged
    (a government's 北京办事处, 驻京办事处).

    >>> _street_office("铜陵市铜官区东郊办事处"), _street_office("重庆市人民政府北京办事处")
    ('铜陵市铜官区东郊街道办事处', '重庆市人民政府北京办事处')
    """
    if not name.endswith("办事处") or name.endswith("街道办事处") or "驻" in name:
        return name  # (a liaison office, 驻京办事处, is no township's)
    before = name[:-3]
    for size in (4, 3, 2):
        own = before[-size:]
        # right after its county (…铜官区东郊), not a government's office elsewhere
        if before[-size - 1:-size] in ("区", "县", "市", "旗") \
                and not _DEVELOPMENT_ZONE.search(before[:-size][-6:]) \
                and township_counties(own + "街道"):  # (a zone's 双桥办事处 keeps its name)
            return before + "街道办事处"
    return name


def _from_its_place(name: str) -> str:
    """A name with the words of its sentence still before it (所列数据仅限吉林省气象局) from its
    first division on, when that much says whose it is (organ names begin with their place);
    a name that says whose it is already, or begins with a bare level, unchanged.

    >>> _from_its_place("所列数据仅限吉林省气象局"), _from_its_place("区政府国资局")
    ('吉林省气象局', '区政府国资局')
    >>> _from_its_place("导出word甘南州民族事务委员会")
    '甘南州民族事务委员会'
    """
    if len(name) < 5 or _bare(name) or names_place(name) \
            or _TOWNSHIP.search(name) or _TOWNSHIP_OFFICE.search(name):
        return name  # a township's own name may hold a place's (合江门街道: 江门)
    index = division_index()
    for at in range(2, len(name) - 3):  # words of a sentence: two characters at least
        found = index.match_at(name, at) if name[at:at + 2] in index.heads else None
        if found and names_place(name[at:]):
            return name[at:]
    return name


def _last_of_run_together(name: str) -> str:
    """The last of names run together (a breadcrumb before a title: 高平市信访局高平市信访局,
    赵县人民政府赵县沙河店镇人民政府): from where a division of its leading chain is written
    again, when that much says whose it is.

    >>> _last_of_run_together("重庆市大足区政府办公室和区政府部门重庆市大足区发展和改革委员会")
    '重庆市大足区发展和改革委员会'
    >>> _last_of_run_together("汉中市汉台区人民政府汉中路街道办事处")
    '汉中市汉台区人民政府汉中路街道办事处'
    """
    index = division_index()
    chain, at = [], 0
    while (found := index.match_at(name, at)) is not None and len(found[0]) >= 2:
        chain.append(found[0])
        at += len(found[0])
    again = [p for p in (name.find(piece, at) for piece in chain) if p > 0]
    return name[min(again):] if again and names_place(name[min(again):]) else name


#: words that make a 部门 several organs, not one sector's (各部门, 有关部门, 政府部门)
_NOT_A_SECTOR = re.compile(r"各|有关|相关|职能|政府|直属")
#: sectors whose provincial organ is a 局 too, managed from the national bureau (中国气象局)
_BUREAU_SYSTEMS = ("气象", "地震")
#: … and those whose province's organ is a 局 by name (邮政管理局, 统计局, 市场监督管理局)
_PROVINCIAL_BUREAUS = (*_BUREAU_SYSTEMS, "邮政管理", "税务", "统计", "市场监督管理",
                       "药品监督管理", "烟草专卖", "医疗保障", "应急管理", "林业和草原",
                       "粮食和物资储备", "通信管理")


def _system_organ(name: str) -> str:
    """The organ a place's sector system (XX市气象部门, XX邮政管理系统) reports through: the
    sector's 局, below a province (or for a sector whose provincial organ is a 局); the name
    unchanged when it names no place before the sector.

    >>> _system_organ("湖北省咸宁市气象部门"), _system_organ("湖北省教育部门")
    ('湖北省咸宁市气象局', '湖北省教育部门')
    >>> _system_organ("西藏自治区邮政管理系统")
    '西藏自治区邮政管理局'
    """
    if not name.endswith(("部门", "系统")):
        return name
    index = division_index()
    at, place = 0, None
    while (found := index.match_at(name, at)) is not None:
        at, place = at + len(found[0]), found[1][0]
    sector = name[at:-2]
    if place is None or not 2 <= len(sector) <= 8 or _NOT_A_SECTOR.search(sector):
        return name
    if place.level == "province" and sector not in _PROVINCIAL_BUREAUS:
        return name
    return name[:at] + sector + "局"


def _organ_of_desk(name: str) -> str:
    """The organ a disclosure desk belongs to (XX局政务公开办公室 → XX局, 东至县政务公开办公室
    → 东至县人民政府); the name unchanged when it is not such a desk or names no organ."""
    desk = _DISCLOSURE_DESK.search(name)
    if desk is None:
        return name
    organ = name[:desk.start()]
    service = _SERVICE_BUREAU.search(organ)
    if service and _is_place(organ[:service.start()]):  # the place's desk, hosted by a bureau
        organ = organ[:service.start()]
    if organ.endswith("人民"):
        organ += "政府"
    elif organ and _is_place(organ):
        organ = _government_of(organ)
    return organ if AGENCY_END.search(organ) else name


def _contact_names(raw: str) -> list[str]:
    """The agency a contact block names: the organ whose office is named (XX局办公室 → XX局,
    XX街道办事处党建办公室 → XX街道办事处), then the office itself, which is the agency when it
    is a government's (XX区政府办公室)."""
    raw = _COUNTY_TOWNSHIP_OFFICE.sub("", _DESK_TAIL.sub("", clean_name(raw)), count=1)
    organ = _organ_of_desk(raw)
    if organ != raw:  # a disclosure desk: its organ (XX局政务公开办公室, a place's desk)
        return [name] if (name := _agency_name(organ)) else []
    zone = _ZONE.match(raw)
    if zone and _ZONE_OFFICE.fullmatch(raw, zone.end()):  # a zone's office: its committee
        return [raw[:zone.end()] + "管理委员会"]
    internal = _INTERNAL_OFFICE.match(raw)
    # a government's general office (XX县人民政府办公室) may be the agency itself
    if internal and not (internal.group("organ").endswith("人民政府")
                         and internal.group("office") in ("办公室", "办公厅")):
        return [name] if (name := _agency_name(internal.group("organ"))) else []
    names = [_agency_name(raw, contact=True), _agency_name(raw)]
    return list(dict.fromkeys(n for n in names if n))


def names_place(name: str) -> bool:
    """Whether an agency name says whose it is: a leading division (中卫市…, 云冈区… for a
    district newer than the data), its own township name (张家湾镇, 中仓街道) or a national
    body. 区生态环境局, 领导小组办公室 and 自治区人民政府办公厅 do not.

    >>> names_place("沙坡头区医疗保障局"), names_place("区生态环境局"), names_place("教育部")
    (True, False, True)
    """
    key = agency_key(name)
    if any(p.search(key) for p in (_NATIONAL, _MINISTRY, _OWN_TOWNSHIP, _UNLISTED_COUNTY,
                                   _CORPS)):
        return True
    zone = _ZONE.match(key)
    if zone and zone.end() < len(key):
        return True
    found = division_index().match_at(key, 0)
    return found is not None and len(found[0]) >= 2 and key[len(found[0]):] != "" \
        or _stem_organ(key) is not None


def _stem_organ(key: str) -> tuple[str, list[Division]] | None:
    """A county-level division written by its stem alone before a sector organ (海淀教委,
    江汉住建局): the stem and the division, when the stem reads one.

    >>> _stem_organ("海淀教育委员会")[1][0].name, _stem_organ("海淀") is None
    ('海淀区', True)
    >>> _stem_organ("公安交通管理局") is None
    True
    """
    index = division_index()
    for size in (4, 3, 2):
        found = [d for d in index.by_stem.get(key[:size], []) if d.level == "county"]
        sector = _PLACELESS_KIND.sub("", key[size:])
        if len(found) == 1 and sector != key[size:] and len(sector) >= 2 and is_sector(sector) \
                and not is_sector(key[:size]):  # (公安交通管理局: no 公安县's)
            return key[:size], found
    return None


#: a title the preamble or the first section follows on the same line (…年度报告根据《条例》
#: 编制…, …年度报告 一、总体情况…)
_GLUED_TITLE = re.compile(
    r"^(.{6,80}?(?:报告|年报))(?=根据|依据|按照|本报告|现将|现公布|为|\s*[一二三四五六七八九十]{1,2}[、.．])")


_SPACES = re.compile(r"\s+")


#: what a sentence holds before a report it names, and a title never does
_SENTENCE_PUNCTUATION = re.compile(r"[，,。；;]")


def _title_candidates(lines: list[str], evidence: str) -> Iterable[_Found]:
    """Titles on one line, or broken over two (agency or a tail such as 告 on another line)."""
    # (each line without its spaces once: a two-line join is two such lines)
    bare = [_SPACES.sub("", line) for line in lines] + [""]
    for n, line in enumerate(lines):
        text = line
        match = _title_match(line)
        if match and not match.group("year") and _BRACKETED_YEAR.fullmatch(bare[n + 1]):
            text = bare[n] + bare[n + 1]  # the year in brackets on the next line: （2023年度）
            match = _title_match(text)
        # (a glued title ends in 报告 or 年报)
        glued = None if match or "报" not in line else _GLUED_TITLE.match(line)
        if glued:  # the title run into the preamble on one line
            text = glued.group(1)
            match = _title_match(text)
        if match is None:
            text = bare[n] + bare[n + 1]
            match = _title_match(text)
            if match is None or match.start("year") >= len(bare[n]):
                continue
        if _SENTENCE_PUNCTUATION.search(text, 0, match.start()) \
                and not text.startswith("《", match.start() - 1):
            continue  # a report named at the end of a sentence (…公开了…及2019年度…报告。)
        name = _agency_name(match.group("agency"))
        if name is None and n > 0 and match.start() <= 1:
            again = _title_match(bare[n - 1] + _SPACES.sub("", text))
            name = _agency_name(again.group("agency")) if again else None
        yield _Found(name or "", evidence, _valid_year(match.group("year")))


def _heading_names(lines: list[str]) -> Iterable[_Found]:
    """A line of the opening that is only a name (the agency printed above its title)."""
    for line in lines[:12]:
        if re.search(r"\s", line.strip()):  # a navigation bar: 中国政府网 山西省政府 忻州市政府
            continue
        text = clean_name(line)
        if 4 <= len(text) <= 30 and _HEADING_NAME.fullmatch(text) and names_place(text):
            name = _agency_name(text)
            if name:
                yield _Found(name, "heading")


#: a report's own name anywhere in running text (a page whose lines were run together:
#: 首页>年报 北京市XX街道办事处2023年政府信息公开工作年度报告根据…)
_INLINE_TITLE = re.compile(
    rf"(?<!《)(?P<agency>{_NAME}{{2,60}}?){_YEAR}\s*年度?\s*{_DISCLOSURE}(?:工作)?\s*(?:年度)?"
    r"(?:工作)?\s*(?:报告|年报)(?!》|[^《》]{0,30}》)")


def _run_together_titles(lines: list[str], compact: str) -> list[_Found]:
    """For a page whose lines were run together: the titles among its space-separated
    pieces, else the first report name in running text that is no document cited (《…》),
    its sentence's words dropped (weak: ``inline``)."""
    pieces = [piece for line in lines for piece in line.split() if piece]
    found = [f for f in _title_candidates(pieces, "title") if f.value]
    return found or [_Found(name, "inline", _valid_year(m.group("year")))
                     for m in _INLINE_TITLE.finditer(compact)
                     if (name := _agency_name(m.group("agency")))][:1]


def _title_match(text: str) -> re.Match[str] | None:
    """A title pattern ending the text (a few trailing characters allowed)."""
    # every title pattern ends in 报告 or 年报 and names a disclosure (…公开); all but the
    # last hold a year: tests that clear most lines before the patterns' costly searches
    if "报" not in text or "公开" not in text and "政府信息年度报告" not in text:
        return None
    # a match ends in the text's last 报告 or 年报 or before it, where no less follows
    last = max(text.rfind("报告"), text.rfind("年报"))
    if last < 0 or len(_TRAILING_CHROME.sub("", text[last + 2:])) > 4:
        return None
    dated = _ANY_YEAR.search(text) is not None
    for pattern in _TITLE_PATTERNS if dated else _TITLE_PATTERNS[-1:]:
        match = pattern.search(text)
        if match and len(_TRAILING_CHROME.sub("", text[match.end():])) <= 4:
            return match
    return None


def _finditer_near(pattern: re.Pattern[str], text: str, anchor: str,
                   reach: tuple[int, int]) -> Iterable[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern each match of which holds ``anchor`` at most
    ``reach[0]`` characters after its start and ends at most ``reach[1]`` characters after
    that anchor's start (no lookahead, no ``$``): searched only around each anchor, as a
    name run before a word is otherwise tried at every character of the text.

    >>> [m.group() for m in _finditer_near(re.compile(r"[a-z]{1,3}?X"), "ab X abcX aX",
    ...                                    "X", (3, 1))]
    ['abcX', 'aX']
    """
    pos = 0
    while (at := text.find(anchor, pos)) >= 0:
        # (no match starts before ``at - reach[0]``: its anchor would come before ``at``)
        match = pattern.search(text, max(pos, at - reach[0]), at + sum(reach))
        if match is not None and match.start() <= at:
            yield match
            pos = match.end()
        else:  # no match starts up to ``at``
            pos = at + 1


def _candidates(doc: SourceDoc, view: str, compact: str, compact_head: str,
                lined_head: str) -> list[_Found]:
    head_lines = [ln.text.strip() for ln in split_lines(view[:_HEAD_CHARS])]
    found: list[_Found] = []
    if doc.chrome.get("title"):  # a page title such as "XX局2023年…年度报告 - XX市人民政府"
        parts = _TITLE_SEPARATORS.split(simplify(doc.chrome["title"]))
        found.extend(_title_candidates([p for p in parts if p], "chrome"))
    found[:0] = list(_title_candidates(head_lines, "title")) + list(_heading_names(head_lines))
    for pattern in _PREAMBLE_PATTERNS:
        if pattern is _ALIAS and "以下简称" not in compact_head:
            continue  # (the name run before it is tried at every character: costly)
        for match in pattern.finditer(compact_head):
            if match.groupdict().get("alias") and _SITE_TAIL.search(match.group("agency")):
                continue  # XX网站（以下简称“税务网站”）: a site, not an organ
            found.append(_Found(_agency_name(match.group("agency")) or "", "preamble",
                                _valid_year(match.groupdict().get("year")),
                                match.groupdict().get("alias")))
    found.extend(_Found(_agency_name(m.group("agency")) or "", "preamble",
                        _valid_year(m.group("year")))
                 for m in _finditer_near(_COMPILER, lined_head, "编制", _COMPILER_REACH))
    found.extend(_Found(name, "preamble") for m in _OWN_REPORT.finditer(lined_head)
                 if (name := _agency_name(m.group("agency"))) and names_place(name))
    if not any(f.value for f in found):  # no title, no preamble: lines run together?
        found[:0] = _run_together_titles(head_lines, compact_head)
    found.extend(_self_government(compact_head, view))
    # a report compiled from the reports of the bodies below (各区县、各部门…年度报告): a
    # government's, its general office only the contact
    overall = _FROM_BELOW.search(compact_head) is not None
    if overall:
        found.extend(_Found(agency_key(m.group("agency")), "preamble")
                     for m in _OFFICE_COMPILER.finditer(compact_head))
    for match in _CONTACT.finditer(compact):
        found.extend(_Found(_GENERAL_OFFICE.sub("", name) if overall else name, "contact")
                     for name in _contact_names(match.group("agency")))
    for match in _ADDRESS.finditer(compact_head):
        found.extend(_Found(name, "address") for name in _contact_names(match.group("agency"))
                     if _ADDRESS_ORGAN.search(agency_key(name)))
    found.extend(_Found(name, "site") for name in _site_owners(compact_head))
    publisher = doc.chrome.get("publisher")
    if publisher:
        found.append(_Found(_agency_name(simplify(publisher)) or "", "chrome"))
    # (also inside a chrome value the reader could not split: 2021-01-21 20:04??来源:XX局)
    chrome_text = "\n".join([view[:_HEAD_CHARS], *(simplify(v) for k, v in doc.chrome.items()
                                                   if k not in ("title", "publisher"))])
    for match in _CHROME_LINE.finditer(chrome_text):
        found.append(_Found(_agency_name(match.group("agency")) or "", "chrome"))
    for match in _BODY_SUBJECT.finditer(lined_head):
        found.append(_Found(_agency_name(match.group("agency")) or "", "body",
                            _valid_year(match.group("year"))))
    found.extend(_Found(_agency_name(m.group("agency")) or "", "body")
                 for m in _BARE_SUBJECT.finditer(lined_head))
    # (the whole subject is the name: 推进公开是XX乡人民政府… is no subject's name)
    found.extend(_Found(name, "body") for m in _NAMED_SUBJECT.finditer(lined_head)
                 if (name := _agency_name(m.group("agency"))) == clean_name(m.group("agency"))
                 and names_place(name))
    found.extend(_Found(_government_of(m.group("agency")), "body")
                 for m in _PLACE_SUBJECT.finditer(lined_head) if _is_place(m.group("agency")))
    found.extend(_Found(name, "body") for m in _COMMITTEE_SUBJECT.finditer(lined_head)
                 if (name := _committee_government(m.group("place"))))
    found.extend(_Found(name, "body") for m in _GOVERNMENT_AND_BELOW.finditer(compact_head)
                 if (name := _agency_name(m.group("agency"))) and names_place(name))
    found.extend(_Found(name, "body")
                 for name in _branch_organs(compact_head, _self_organ(compact_head)))
    found.extend(_Found(name, "body") for m in _TOWNSHIP_SUBJECT.finditer(lined_head)
                 if _OWN_TOWNSHIP.match(name := _agency_name(m.group("agency")) or ""))
    found.extend(_Found(_agency_name(m.group("agency")) or "", "guide")
                 for m in _GUIDE.finditer(compact_head))
    endings = _self_organ(compact_head)
    found.extend(_Found(name, "mention") for name in _mentions(compact_head, endings))
    found.extend(_Found(name, "mention") for name in _township_mentions(compact_head))
    found.extend(_Found(name, "mention") for name in _bare_mentions(compact_head, endings))
    found.extend(_Found(name, "site") for name in _footer_owners(doc))
    found.extend(_Found(name, "account") for name in _account_organs(compact_head, endings))
    found.extend(_Found(name, "sector") for name in _sector_organs(compact_head, endings))
    found.extend(_Found(name, "sector") for name in _work_sector_organs(compact_head, endings))
    stem = os.path.splitext(os.path.basename(decode_name(doc.source)))[0]
    found.extend(_title_candidates([simplify(stem)], "filename"))
    # (and the report's title a page's address may hold: /wiki/興慶區人民政府2021年…報告/…)
    found.extend(_title_candidates(_address_titles(doc), "filename"))
    if endings:  # a weak name of another kind of organ than the report's own is another's
        found = [f for f in found if f.evidence not in _WEAK or not f.value
                 or agency_key(f.value).endswith(endings) or f.value.endswith(endings)]
    elif _SELF_TOWNSHIP.search(compact_head):  # 我镇: a weak name of no township is another's
        found = [f for f in found if f.evidence not in _WEAK or not f.value
                 or _TOWNSHIP.search(agency_key(f.value))]
    return found


#: a government listed before the bodies below it whose figures a report gathers (结合2022年
#: 漳平市人民政府、各乡镇（街道）、市直各部门…统计数据): the government's report
_GOVERNMENT_AND_BELOW = re.compile(
    r"(?P<agency>[\u4e00-\u9fff]{2,14}?人民政府)[、，,]各(?:乡镇|乡|镇|街道|部门|区|县)")
#: a report said to be compiled from the reports of the governments or departments below
#: (以及2020年郑州市各开发区管委会、各区县(市)、市人民政府各部门等…年度报告编制)
_FROM_BELOW = re.compile(r"各(?:区|县|市|部门|区县|县区|县市|乡镇|街道)[^。]{0,80}?"
                         r"(?:年度报告|年报)(?:汇总)?(?:编制|汇总|整理)")
#: the general office that compiles its government's report from those below (由市政府办公厅
#: 综合各区人民政府…年度报告编制而成): the report is the government's
_OFFICE_COMPILER = re.compile(r"由(?P<agency>[\u4e00-\u9fff]{0,12}?[省市县区州旗盟](?:人民)?政府)"
                              r"办公[厅室](?:会同|综合|汇总|根据|牵头)")
#: a government's general office (XX市人民政府办公厅): the government's own desk
_GENERAL_OFFICE = re.compile(r"(?<=人民政府)办公[厅室]$")


def _page_urls(doc: SourceDoc) -> list[str]:
    """The page's addresses: the one the caller gives and the page's own canonical one."""
    return [url for url in (doc.url, doc.chrome.get("url")) if url]


def _address_titles(doc: SourceDoc) -> list[str]:
    """The path segments of the page's addresses that are written in Chinese (a title a wiki
    or a mirror files the page under), simplified."""
    out = []
    for url in _page_urls(doc):
        if "%E" in url.upper() or re.search(r"[\u4e00-\u9fff]", url):
            out += [simplify(seg) for seg in unquote(urlsplit(url).path).split("/")
                    if re.search(r"[\u4e00-\u9fff]{4}", seg)]
    return out


#: a sentence that says where the report may be downloaded, its sites quoted (电子版可在
#: “中国泰安”(http://…)、“泰安旅游经济开发区”（http://…）下载)
_SITE_SENTENCE = re.compile(r"(?:电子版|全文|本报告)[^。]{0,160}?(?:下载|查阅|浏览|获取)")
_QUOTED_SITE = re.compile(r"[“\"「](?P<agency>[\u4e00-\u9fff·]{2,30}?)[”\"」]")


def _site_owners(text: str) -> list[str]:
    """The organs whose sites the report is published on, governments' portals left out."""
    raw = [m.group("agency") for m in _SITE.finditer(text)]
    raw += [q.group("agency") for m in _SITE_SENTENCE.finditer(text)
            for q in _QUOTED_SITE.finditer(m.group())]
    names = (_agency_name(name) for name in raw)
    return list(dict.fromkeys(name for name in names if name and not name.endswith("政府")))


#: a site's footer naming its owner (主办单位：XX市XX局, 版权所有：XX局); the organ's own site
#: when it is no government's portal
_FOOTER_OWNER = re.compile(
    rf"(?:主办单位|网站主办|主办|版权所有)\s*[:：]\s*(?P<agency>{_NAME}{{4,40}}?)"
    r"(?=\s|承办|协办|技术支持|运行维护|运维|维护|地址|电话|联系|网站标识|[a-zA-Z|｜,，。;；©]|$)",
    re.MULTILINE)
#: a government's or its general office's name: the owner of a portal carrying others' reports
_GOVERNMENT_OWNER = re.compile(r"(?:人民政府|政府|行政公署)(?:办公室|办公厅)?$")


def _footer_owners(doc: SourceDoc) -> list[str]:
    """The organs a page's footer names as the site's owner, governments' portals left out.

    >>> from gkmine.record import TextMap
    >>> text = "正文\\n主办单位：温州市统计局 技术支持：某公司\\n版权所有：温州市人民政府"
    >>> _footer_owners(SourceDoc("x", "text", TextMap.identity(text)))
    ['温州市统计局']
    """
    text = simplify(doc.textmap.original)
    if "主办" not in text and "版权所有" not in text:
        return []
    names = (_agency_name(m.group("agency")) for m in _FOOTER_OWNER.finditer(text))
    return list(dict.fromkeys(n for n in names if n and not _GOVERNMENT_OWNER.search(n)))


def _self_government(text: str, view: str) -> list[_Found]:
    """A place reporting as 我旗/我县 (特向社会公布我旗2021年度…): the government of the one
    division of that kind whose government the opening names (乌拉特前旗政府网站)."""
    match = _SELF_GOVERNMENT.search(text)
    if match is None:
        return []
    head = view[:_HEAD_CHARS]
    government = _government_of_one(_governments_named(head) or _counties_named(head),
                                    match.group("level"))
    return [_Found(government, "preamble", _valid_year(match.group("year")))] \
        if government else []


def _government_of_one(places: Iterable[Division], kind: str) -> str | None:
    """The government of the one division of ``places`` whose name ends in ``kind`` (县, 旗,
    区, 市: what 我县, 我旗… say), or None."""
    fitting = {d.code: d for d in places if d.name.endswith(kind) and d.level != "township"}
    return _government_of(next(iter(fitting.values())).name) if len(fitting) == 1 else None


#: an account named by a place's stem and a sector (通过“资阳发改”政务微信公众号…, 打造安居综合
#: 行政执法微信公众号): quoted, or the words before the account's kind
_ACCOUNT = re.compile(
    r"(?:[“\"「](?P<quoted>[\u4e00-\u9fff]{3,10})[”\"」]|(?P<name>[\u4e00-\u9fff]{3,14}?))"
    r"(?:官方|政务)?(?:新媒体)?(?:微信)?(?:公众号|公众平台|微信|微博|头条号|抖音号?|视频号|客户端)")


#: the kinds of account, one of which every match of ``_ACCOUNT`` ends with
_ACCOUNT_KIND = re.compile(r"公众号|公众平台|微信|微博|头条号|抖音|视频号|客户端")
#: an account named after its kind (微信公众号“高台应急管理”, 官方微博「XX发布」)
_ACCOUNT_AFTER = re.compile(
    r"(?:公众号|公众平台|微信|微博|头条号|抖音号?|视频号|客户端)(?:账号|帐号|平台)?[:：]?"
    r"[“\"「](?P<quoted>[\u4e00-\u9fff]{3,10})[”\"」]")


@dataclass(frozen=True)
class _Account:
    place: Division
    sector: str  # as written (发改, 综合行政执法)


def _accounts(text: str) -> list[_Account]:
    """Accounts a text names by a place's stem and a sector, the stem read as a province or
    prefecture first, else as the one county it names (抚远: 抚远市).

    >>> [(a.place.name, a.sector) for a in _accounts("打造安居综合行政执法微信公众号")]
    [('安居区', '综合行政执法')]
    >>> [(a.place.name, a.sector) for a in _accounts("微信公众号“高台应急管理”发布258条")]
    [('高台县', '应急管理')]
    """
    index = division_index()
    out: list[_Account] = []
    if _ACCOUNT_KIND.search(text) is None:  # the name run is tried at every character
        return out
    matches = [*_ACCOUNT.finditer(text), *_ACCOUNT_AFTER.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        quoted = match.group("quoted")
        name = quoted or match.group("name")
        starts = (0,) if quoted else range(len(name) - 3)
        for at, size in ((at, size) for at in starts for size in (4, 3, 2)):
            stem, sector = name[at:at + size], name[at + size:]
            places = index.by_short.get(stem) or index.by_stem.get(stem, [])
            if len({d.code for d in places}) == 1 and 2 <= len(sector) <= 8 \
                    and is_sector(sector):
                out.append(_Account(places[0], sector))
                break
    return out


#: a branch led by its area's Party committee and by its city's organ of the sector (我局在荔湾
#: 区委、区政府和市公安局的正确领导下): the city organ's branch for that area
_BRANCH_LEADERS = re.compile(
    r"在(?:中共)?(?P<place>[\u4e00-\u9fff]{2,8}?[区县市旗])委[^。；;]{0,40}?[和及、与]"
    r"(?:(?:(?![和及与委])[\u4e00-\u9fff]){2,6}?)?[市州盟](?P<sector>[\u4e00-\u9fff]{2,10}?)局(?:党委)?的?[^。；;]{0,12}?(?:领导|指导)")


def _branch_organs(text: str, endings: tuple[str, ...]) -> list[str]:
    """The branch (我局, 我分局) of a city's sector organ for the county-level place whose
    Party committee leads it with that organ: the city's organ and the place's 分局.

    >>> _branch_organs("2023年,我局在荔湾区委、区政府和市公安局的正确领导下", ("分局", "局"))
    ['广州市公安局荔湾区分局']
    """
    if "局" not in endings:
        return []
    index = division_index()
    found = (_city_branch([d for d in index.lookup(m.group("place")) if d.level == "county"],
                          m.group("sector")) for m in _BRANCH_LEADERS.finditer(text))
    return [name for name in found if name]


def _city_branch(counties: list[Division], sector: str) -> str | None:
    """The branch of the city's organ of ``sector`` for the one county-level division of
    ``counties`` (荔湾区, 公安: 广州市公安局荔湾区分局), or ``None``."""
    city = division_index().city_of(counties[0]) if len(counties) == 1 else None
    if city is None or not is_sector(sector):
        return None
    return f"{city.name}{sector}局{counties[0].name}分局"


def _account_organs(text: str, endings: tuple[str, ...]) -> list[str]:
    """The organs accounts named by a place's stem and a sector stand for, of the kind the
    text's self reference says (“资阳发改” and 我委: 资阳市发展和改革委员会).

    >>> _account_organs("通过“资阳发改”政务微信公众号发布信息", ("委员会", "委"))
    ['资阳市发展和改革委员会']
    """
    organs = (agency_key(a.place.name + a.sector + endings[-1])
              for a in (_accounts(text) if endings else ()))
    return [organ for organ in organs if organ.endswith(endings)]


#: the sector an organ works in, over its whole area (全省粮食和物资储备工作会议, 全市教育工作)
_AREA_SECTOR = re.compile(r"全(?P<level>[省市县区旗])(?P<sector>[\u4e00-\u9fff]{2,10}?)工作")


def _sector_organs(text: str, endings: tuple[str, ...]) -> list[str]:
    """The organ of the kind the self reference says (我局) for the first sector the text
    works in over a whole area, named by the area's bare level (全省粮食和物资储备工作:
    省粮食和物资储备局), for the divisions the document names to complete.

    >>> _sector_organs("我局做好全省粮食和物资储备工作会议的报道", ("分局", "局"))
    ['省粮食和物资储备局']
    """
    for match in _AREA_SECTOR.finditer(text) if endings else ():
        if is_sector(match.group("sector")):
            return [match.group("level") + match.group("sector") + endings[-1]]
    return []


#: what follows the sector an organ names as its own work (增强住建工作透明度, 审计机关以…,
#: 全市国防动员建设, 人社政策, 应急管理系统, 水务高质量发展)
_OWN_WORK = re.compile(r"工作|机关|建设|政策|系统|领域|事业|部门|高质量|发展|改革")
_SECTOR_MAX = 8


def _work_sector_organs(text: str, endings: tuple[str, ...]) -> list[str]:
    """The organ of the kind the self reference says (我局) for the one sector whose work the
    text names (住建工作: 住建局), without its place, for the document to complete; none
    when the text names the work of several sectors (审计工作, 统计工作).

    >>> _work_sector_organs("我局认真履职，增强住建工作透明度", ("分局", "局"))
    ['住建局']
    >>> _work_sector_organs("我局做好审计工作和统计工作", ("分局", "局"))
    []
    """
    kinds: dict[str | None, str] = {}
    sector: dict[str, bool] = {}  # (the same words come before many a 工作: test them once)
    for match in _OWN_WORK.finditer(text) if endings else ():
        for size in range(_SECTOR_MAX, 1, -1):  # the longest sector written before it
            words = text[max(0, match.start() - size):match.start()]
            if len(words) != size:
                continue
            if words not in sector:
                sector[words] = bool(sector_start().match(words)) and is_sector(words)
            if sector[words]:
                kinds.setdefault(agency_type(words + endings[-1]), words)
                break
    return [kinds.popitem()[1] + endings[-1]] if len(kinds) == 1 else []


def _self_organ(text: str) -> tuple[str, ...]:
    """The endings of the kind of organ the text's self reference names (我局: 分局, 局)."""
    return next((endings for pattern, endings in _SELF_ORGAN if pattern.search(text)), ())


def _organ_end(text: str, start: int, endings: tuple[str, ...]) -> int | None:
    """Where the organ name beginning at ``start`` first ends in one of ``endings``."""
    stop = _MENTION_STOP.search(text, start, start + _MENTION_MAX)
    limit = stop.start() if stop else min(len(text), start + _MENTION_MAX)
    for end in range(start + 2, limit + 1):
        for ending in endings:
            at = end - len(ending)
            if at > start and text.startswith(ending, at):
                # the longest ending written there (…委 of …委员会)
                return max(at + len(e) for e in endings if text.startswith(e, at))
    return None


def _mentions(text: str, endings: tuple[str, ...]) -> list[str]:
    """Agencies the text names in passing (…蜀山区教体局主动公开…, 《西藏自治区人民政府国有资产
    监督管理委员会2020年度部门预算》): a division followed by an organ of the kind the text's
    self reference says (我局, 我委, 我厅, 我办), the most often named first, not an organ
    that issues a notice (X局关于…). None without such a self reference: a report that says
    我局 is a 局's.

    >>> _mentions("按《福建省统计局关于做好年报的通知》，我局和南平市统计局", ("局",))
    ['南平市统计局']
    """
    if not endings:
        return []
    index = division_index()
    counts: dict[str, int] = {}
    at = 0
    while at < len(text) - 2:
        if text[at:at + 2] not in index.heads:  # jump to where a division may start
            hit = index.head_start.search(text, at + 1)
            if hit is None:
                break
            at = hit.start()
            continue
        found = index.match_at(text, at)
        end = _organ_end(text, at + len(found[0]), endings) if found else None
        if end is None:
            at += len(found[0]) if found else 1
            continue
        if not text.startswith("关于", end):  # (《X局关于做好…的通知》: who asks, not who reports)
            counts[text[at:end]] = counts.get(text[at:end], 0) + 1
        at = end
    # (not a word that only ends like one: …保持社会和谐稳定大局)
    return sorted((name for name in counts if AGENCY_END.search(name)),
                  key=lambda name: -counts[name])  # stable: first named on ties


#: an organ named by a bare level and a sector in passing (安居区政府门户网站中的区住房城乡建设局
#: 专栏): not after another level (市县区), nor 全/各/本/我/地 (全市, 地区)
_BARE_MENTION = re.compile(
    r"(?<![省市县区州旗全各本我地])(?P<bare>[市县区旗])(?!场)(?P<sector>[\u4e00-\u9fff]{2,10}?)"
    r"(?P<kind>委员会|分局|局|委|厅|办公室|办)")


def _bare_mentions(text: str, endings: tuple[str, ...]) -> list[str]:
    """The organ of the self reference's kind (我局) the text names in passing by a bare level
    and a sector (区民政局综合办公室…), for the divisions the document names to complete;
    none when it names organs of several sectors or levels (区统计局, 市统计局).

    >>> _bare_mentions("我局通过区政府网站的区住房城乡建设局专栏公开", ("分局", "局"))
    ['区住房城乡建设局']
    >>> _bare_mentions("我局在市统计局指导下，区统计局…", ("分局", "局"))
    []
    """
    found: dict[tuple[str, str | None], str] = {}
    for match in _BARE_MENTION.finditer(text) if endings else ():
        if match.group("kind") in endings and is_sector(match.group("sector")):
            key = (match.group("bare"), agency_type(match.group("sector") + match.group("kind")))
            found.setdefault(key, match.group())
    return list(found.values()) if len(found) == 1 else []


#: a township's self reference (我镇, 本街道): the kind of township that reports
_SELF_TOWNSHIP = re.compile(rf"[我本](?P<kind>{_TOWNSHIP_KINDS}|街(?!道))")
_TOWNSHIP_ORGAN_WORDS = re.compile(r"人民政府|政府|办事处")


def _township_mentions(text: str) -> list[str]:
    """Townships of the kind the text's self reference says (我镇, 本街道) that the text names
    in passing (…结合我镇实际… 崇礼镇政务公开…), most often named first: each name the longest
    one the township data knows ending at the kind (眉山市东坡区崇礼镇: 崇礼镇).

    >>> _township_mentions("结合我乡实际。截至年底,牛街乡人民政府主动公开信息")
    ['牛街乡人民政府']
    >>> _township_mentions("我局指导各乡镇做好牛街乡公开工作")
    []
    """
    self_reference = _SELF_TOWNSHIP.search(text)
    if self_reference is None:
        return []
    kind = self_reference.group("kind")
    kind = "街道" if kind == "街" else kind
    counts: dict[str, int] = {}  # a township's own name → times named, in order of mention
    longest: dict[str, str] = {}  # … → its longest form written (牛街乡人民政府)
    for match in re.finditer(kind, text):
        for size in (4, 3, 2):
            start = match.start() - size
            own = text[max(0, start):match.end()]
            if start < 0 or text[start - 1:start] in ("各", "该") or not township_counties(own):
                continue
            organ = _TOWNSHIP_ORGAN_WORDS.match(text, match.end())
            name = own + (organ.group() if organ else "")
            counts[own] = counts.get(own, 0) + 1
            longest[own] = max(longest.get(own, name), name, key=len)
            break
    best = max(counts, key=counts.__getitem__, default=None)  # the first named on ties
    return [longest[best]] if best else []


def _choose_agency(found: list[_Found]) -> tuple[str | None, str | None, str | None]:
    """The agency, its evidence, and the fragment left unresolved (None when resolved).

    The first name found (strongest evidence) says which agency; among the names that say
    whose it is (:func:`names_place`) and denote the same agency, the fullest is kept. A first
    name that says whose it is nowhere (区生态环境局) gives no agency.
    """
    named = [f for f in found if f.value]
    if not named:
        return None, None, None
    # a desk named alone (领导小组办公室) is whose-ever: the next name, if any, says more
    named = [f for f in named if not _DESK_ONLY.match(f.value)] or named
    primary = named[0]
    # a short form the text defines (自治区北部湾办, 以下简称) stands for its full name
    primary = next((f for f in named if f.alias and same_agency(f.alias, primary.value)),
                   primary)
    # an organ of a place named for contact (its government's office, the bureau that runs
    # disclosure), while the text's subject is the place's government itself (2023年，伽师县
    # 坚持…): the government's report
    key = agency_key(primary.value)
    if primary.evidence == "contact":
        primary = next((f for f in named if f.evidence in ("preamble", "body")
                        and (own := agency_key(f.value)).endswith("人民政府")
                        and key.startswith(own.removesuffix("人民政府")) and key != own),
                       primary)
    if primary.evidence == "chrome":
        primary = _department_on_portal(primary, named)
    elif primary.evidence == "heading" and primary.year is None:
        # a portal's banner (高青县人民政府) over a chrome title naming one of its townships'
        # or departments' reports of a year: that report's organ
        primary = _department_on_portal(
            primary, [f for f in named if f.year or f.evidence == "body"
                      and _OWN_TOWNSHIP.match(agency_key(f.value))], ("chrome", "body"))
    # (also its full name written out elsewhere: 贵州省大数据局 in the title, 贵州省大数据发展
    # 管理局 in the preamble)
    same = [f for f in named if names_place(f.value) and (
        same_agency(f.value, primary.value) or abbreviates(primary.value, f.value))]
    if not same:
        return None, None, primary.value
    # the fullest: longest canonical form, then longest as written; the first on ties
    fullest = max(same, key=lambda f: (len(agency_key(f.value)), len(f.value)))
    return fullest.value, fullest.evidence, None


def _department_on_portal(chrome: _Found, named: list[_Found],
                          below: tuple[str, ...] = ()) -> _Found:
    """A government named by the page's chrome (发布机构：明山区人民政府) publishes the reports
    of its departments, districts and townships on its portal: an organ the body names as a
    subject or in passing that is the place's own (2024年明山区卫生健康局认真…), a bare level's
    (区统计局: completed or left a fragment) or a township's is the agency; else the chrome's
    name."""
    key = agency_key(chrome.value)
    if not key.endswith("人民政府"):
        return chrome
    place = key.removesuffix("人民政府")
    return next((f for f in named if f.evidence in (below or _BELOW_PORTAL)
                 and (organ := agency_key(f.value)) != key
                 and not organ.endswith("人民政府办公室")
                 and (organ.startswith(place) or _bare(organ)
                      or _OWN_TOWNSHIP.match(organ) or _lies_under(organ, place))),
                chrome)


def _lies_under(organ: str, place: str) -> bool:
    """Whether the division an organ's name begins with lies under ``place`` (明山区卫生健康局
    and 本溪市)."""
    index = division_index()
    found = index.match_at(organ, 0)
    above = index.lookup(place)
    return bool(found and above) and any(index.is_under(d, p) for d in found[1] for p in above)


#: evidence of an organ a portal's chrome may stand over
_BELOW_PORTAL = ("body", "mention", "account", "sector", "guide", "inline")


def _choose_year(found: list[_Found], compact: str, lined: str, full: str,
                 context: str = "", urls: Iterable[str] = ()) -> tuple[int | None, str | None]:
    match = _PERIOD.search(compact) or _PERIOD.search(full)
    if match and _valid_year(match.group("year")):
        return int(match.group("year")), "period"
    for evidence in ("title", "preamble"):
        for f in found:
            if f.evidence == evidence and f.year:
                return f.year, evidence
    # (after a title's year: 截至2020年12月31日 may be a figure's date a 2021 report kept)
    match = _PERIOD_END.search(compact)
    if match and _valid_year(match.group("year")):
        return int(match.group("year")), "period"
    match = _BODY_YEAR.search(lined)
    if match and _valid_year(match.group("year")):
        return int(match.group("year")), "body"
    # a report named in passing (由XX局编制的2024年度政府信息公开年度报告, 关于做好2020年度…
    # 年度报告编制…的通知)
    match = _REPORT_YEAR.search(compact)
    if match and _valid_year(match.group("year")):
        return int(match.group("year")), "report"
    for f in found:
        if f.year:
            return f.year, f.evidence
    # the year's own work plan the organ reports against (根据《常州市武进区2022年政务公开工作
    # 要点》要求…)
    match = _YEAR_PLAN.search(compact)
    if match and _valid_year(match.group("year")):
        return int(match.group("year")), "plan"
    published = _publication_year(context, urls)
    return (published - 1, "published") if published else (None, None)


#: a place's work plan for a year, cited by name (《XX区2022年政务公开工作要点》, or the notice
#: that issues it: 《…关于印发2021年XX县政务公开工作要点的通知》)
_YEAR_PLAN = re.compile(rf"《[^《》]{{0,30}}?{_YEAR}年度?[^《》]{{0,12}}?(?:政务公开|信息公开)"
                        r"[^《》]{0,8}?(?:工作)?要点(?:的通知)?》")
#: the date a page says it was published or signed (发布日期：2021-12-20, 成文日期 2024年1月15日,
#: a signature line 2025年1月20日, an index number's year 002482285/2023-00209)
_PUBLISHED = (
    re.compile(r"(?:发布|成文|印发|公开|生成|发文)(?:日期|时间)\s*[:：|]?\s*\|?\s*"
               r"(?P<year>(?:19|20)\d{2})\s*[-年./]\s*\d{1,2}"),
    re.compile(r"(?m)^\s*(?P<year>(?:19|20)\d{2})年\d{1,2}月\d{1,2}日\s*$"),
    re.compile(r"索引号\s*[:：|]?\s*\|?\s*[0-9A-Za-z]+[/-](?P<year>(?:19|20)\d{2})-\d{2,}"),
)
#: a publication date in a page's address (/202401/t20240105_…, /art/2024/1/15/art_…)
_URL_PUBLISHED = re.compile(
    r"/(?:t|art/)?(?P<year>20\d{2})(?:/(?:0?[1-9]|1[0-2])/|(?:0[1-9]|1[0-2])(?:/|\d{2}_))")


def _publication_year(context: str, urls: Iterable[str]) -> int | None:
    """The year a page was published in, by the date it prints or, else, its address: a
    report is published after the year it reports on (by 31 January of the next year), so the
    year before is the report's, when nothing else says."""
    for pattern in _PUBLISHED:
        match = pattern.search(context)
        if match and _valid_year(match.group("year")):
            return int(match.group("year"))
    for url in urls:
        match = _URL_PUBLISHED.search(url)
        if match and _valid_year(match.group("year")):
            return int(match.group("year"))
    return None


# --- places ---------------------------------------------------------------------------------


def _named_places(name: str) -> list[tuple[str, list[Division]]]:
    """Places named in ``name`` as written, with their division readings: the leading chain,
    then any other name of three characters or more (温州市公安局鹿城区分局).

    >>> _named_places("贵安新区经济发展局")
    []
    """
    index = division_index()
    out: list[tuple[str, list[Division]]] = []
    at = 0
    chained = True
    while at < len(name):
        found = index.autonomous_prefecture_at(name, at) or index.match_at(name, at)
        if found and found[0].endswith("市") and name.startswith("场", at + len(found[0])):
            # 盐都|市场监管局: the 市 of a sector (市场), not of the place's name
            stem = found[0][:-1]
            found = index.match_at(name[:at + len(stem)], at) \
                or ((stem, index.by_stem[stem]) if stem in index.by_stem else None)
        if found and _township_named_after(name, at, found[0]):
            break  # 湖南镇 (衢江区): a township's own name, not the province it spells
        if found and (chained or len(found[0]) >= 3):
            out.append(found)
            at += len(found[0])
            continue
        county = _county_stem_at(name, at, out[-1][1]) if chained and out else None
        if county is not None:
            out.append((county.stem, [county]))
            at += len(county.stem)
            continue
        zone = _ZONE.match(name) if at == 0 else None
        chained = False
        # a zone's own name is no division's (贵安新区: not 安新县)
        at = zone.end() if zone else at + 1
    if not out and (stem := _stem_organ(name)) is not None:
        out.append(stem)  # 海淀教委: 海淀区
    county = _branch_county(name, out[-1][1]) if out else None
    if county is not None and not any(county in found for _, found in out):
        out.append((county.stem, [county]))
    return out


#: a township's kind right after its own name (湖南|镇, 江南|街道)
_TOWNSHIP_KIND_AT = re.compile(_TOWNSHIP_KINDS)


def _township_named_after(name: str, at: int, place: str) -> bool:
    """Whether the division name ``place`` read at ``at`` is rather the own name of a township
    that the township data knows (湖南镇 of 衢江区, not 湖南省): the township's kind follows it
    and nothing of a division does.

    >>> _township_named_after("湖南镇人民政府", 0, "湖南")
    True
    >>> _township_named_after("湖南省", 0, "湖南")
    False
    """
    kind = _TOWNSHIP_KIND_AT.match(name, at + len(place))
    return kind is not None and bool(township_counties(place + kind.group()))


#: a prefecture bureau's branch for an area below it (淄博市公安局高新区分局, XX市生态环境局XX县
#: 分局): a county-level organ
_AREA_BRANCH = re.compile(r"(?:局|厅)[\u4e00-\u9fff]{2,10}?[区县市旗](?:公安|生态环境)?分局$")


#: a branch of a prefecture organ (…分局, …分中心)
_BRANCH_TAIL = re.compile(r"分(?:局|中心)$")


def _branch_county(name: str, parents: list[Division]) -> Division | None:
    """The county a prefecture organ's branch is named after (十堰市生态环境局郧阳分局: 郧阳区,
    XX市公共资源交易服务中心兖州分中心: 兖州区), the only such reading."""
    index = division_index()
    tail = _BRANCH_TAIL.search(name)
    for size in (4, 3, 2) if tail else ():
        counties = {d.code: d for d in index.by_stem.get(name[tail.start() - size:tail.start()], [])
                    if d.level == "county" and any(index.is_under(d, p) for p in parents)}
        if len(counties) == 1:
            return next(iter(counties.values()))
    return None


#: what begins an organ's own name, not the rest of a county's (荆州市公安局 is no 公安县's)
_ORGAN_HEAD = "局厅委办处署院所站队中会部科"


def _county_stem_at(name: str, at: int, parents: list[Division]) -> Division | None:
    """A county-level division written by its stem right after its prefecture (内江市隆昌生态
    环境局: 隆昌市), the only such reading."""
    index = division_index()
    for size in (4, 3, 2):
        rest = name[at + size:]
        if len(rest) < 2 or rest[0] in _ORGAN_HEAD:
            continue
        counties = {d.code: d for d in index.by_stem.get(name[at:at + size], [])
                    if d.level == "county" and any(index.is_under(d, p) for p in parents)}
        if len(counties) == 1:
            return next(iter(counties.values()))
    return None


def _coded_division(context: str) -> Division | None:
    """The division a unified social credit code (in an index number) or a government site
    code names, when all such codes in the text agree."""
    index = division_index()
    found: dict[str, Division] = {}
    for pattern in (_CREDIT_CODE, _SITE_CODE):
        for match in pattern.finditer(context):
            code = match.group("code")
            for full in (code, code[:4] + "00", code[:2] + "0000"):
                division = index.by_code.get(full + "000000")
                if division is not None:
                    found[division.code] = division
                    break
    return next(iter(found.values())) if len(found) == 1 else None


def _context_score(division: Division, text: str) -> int:
    """How often the ancestors of a division are named in the document."""
    index = division_index()
    score = 0
    for level in ("province", "prefecture"):
        parent = index.parent(division, level)
        if parent is not None and parent != division:
            score += text.count(parent.name) * 2 + text.count(parent.stem)
    return score


def _resolve(places: list[list[Division]], text: str,
             coded: Division | None = None) -> tuple[Division | None, str | None]:
    """The most specific named place, consistent with the others, the division code the
    document prints and the document, and its level (known even when the place is ambiguous
    if all readings share it)."""
    index = division_index()
    if not places:
        return None, None
    options = places[-1]
    for earlier in places[:-1]:
        narrowed = [d for d in options if any(index.is_under(d, p) or d == p for p in earlier)]
        options = narrowed or options
    if coded is not None and len(options) > 1:
        options = [d for d in options if d == coded or index.is_under(d, coded)
                   or index.is_under(coded, d)] or options
    levels = {d.level for d in options}
    level = levels.pop() if len(levels) == 1 else None
    if len(options) > 1:
        scored = sorted(options, key=lambda d: -_context_score(d, text))
        if _context_score(scored[0], text) == _context_score(scored[1], text):
            return None, level
        options = scored[:1]
    return options[0], options[0].level


def _division_names_in(text: str) -> set[str]:
    """Division names of three characters or more written in ``text`` (耿马傣族佤族自治县 too)."""
    index = division_index()
    names = index.by_name.keys()
    # a name ends in one of a few characters (市, 县, 区…): only substrings ending there
    return {text[end - size:end] for end in (m.end() for m in _division_last_chars().finditer(text))
            for size in range(3, min(index.max_len, end) + 1) if text[end - size:end] in names}


@lru_cache(maxsize=1)
def _province_after_organ() -> re.Pattern[str]:
    """A province by its short name right after an organ and before the office it holds
    there (…局广西局, …统计局河北调查总队, …总局江苏监管局)."""
    stems = sorted((stem for stem, found in division_index().by_short.items()
                    if any(d.level == "province" for d in found)), key=len, reverse=True)
    return re.compile(rf"(?<=[局会署部院])(?P<stem>{'|'.join(map(re.escape, stems))})"
                      r"(?=[\u4e00-\u9fff]{0,8}(?:局|总队|分局|办事处|办公室|中心)$)")


def _provincial_office(name: str) -> Division | None:
    """The province a national organ's provincial office is named by (国家统计局河北调查总队:
    河北省), or ``None``."""
    match = _province_after_organ().search(name)
    if match is None:
        return None
    return next((d for d in division_index().by_short[match.group("stem")]
                 if d.level == "province"), None)


@lru_cache(maxsize=1)
def _division_last_chars() -> re.Pattern[str]:
    return re.compile(f"[{''.join(sorted({n[-1] for n in division_index().by_name}))}]")



def _places_in_document(text: str) -> Division | None:
    """The single province the document names (through any unambiguous division name)."""
    index = division_index()
    provinces: set[Division] = set()
    for name in _division_names_in(text):
        owners = {index.province_of(d) or d for d in index.by_name[name]}
        if len(owners) == 1:
            provinces |= owners
    return next(iter(provinces)) if len(provinces) == 1 else None


#: words of a sentence that a place unknown to the division data does not begin with
#: (请与区卫生健康局办公室联系: no 请与区)
_FUNCTION_WORD = re.compile(r"[请与向由在和及对为将把从经按据到于即如若或并且同跟给让被是的]")


def _complete_fragment(fragment: str, context: str,
                       hints: tuple[Division, ...] = ()) -> str | None:
    """A name with a bare level (区统计局, 市教育局, 自治区人民政府办公厅) completed with the one
    division of that level the document names (硚口区…, 《汨罗市人民政府网》, 视察新疆…, an
    account of the same sector, “抚远发改”); None when not exactly one."""
    key = agency_key(fragment)
    bare = "自治区" if key.startswith("自治区") else _bare(key)
    if len(key) < 3 or bare not in ("市", "县", "区", "旗", "省", "自治区"):
        return None
    index = division_index()
    named = _division_names_in(context) | {d.name for d in _governments_named(context)}
    # an account of the same sector named by its place's stem (市发展和改革局, “抚远发改”)
    named |= {a.place.name for a in _accounts(context)
              if agency_type(a.sector) == agency_type(key)}
    named |= _sector_places(fragment.removeprefix(bare), bare, context)
    if bare in ("省", "自治区"):
        named |= {d.name for stem, found in index.by_short.items() if stem in context
                  for d in found if d.level == "province"}
    fitting = [n for n in named if n.endswith(bare) and len(index.by_name.get(n, [])) == 1
               and (bare not in ("省", "自治区") or index.by_name[n][0].level == "province")]
    # the same organ written with its place elsewhere, where a name begins (区统计局 and
    # 《临平区统计局…》): a place the division data may not know yet
    written = {m.group(1) for m in re.finditer(
        rf"(?<![\u4e00-\u9fff])({_NOT_A_PLACE}[\u4e00-\u9fff]{{2,4}}?{re.escape(bare)})"
        rf"{re.escape(key[len(bare):])}", context) if not _LEADING_VERB.match(m.group(1))
        and (index.lookup(m.group(1)) or not _FUNCTION_WORD.match(m.group(1)))}
    if not fitting and bare in ("区", "县", "市", "旗") and len(written) == 1:
        fitting = list(written)
    # the places the page's address names (区水务局 and swj.tjbh.gov.cn: 滨海新区)
    fitting += [d.name for d in hints if d.name.endswith(bare) and d.name not in fitting
                and (bare not in ("省", "自治区") or d.level == "province")]
    return fitting[0] + fragment.removeprefix(bare) if len(fitting) == 1 else None


#: a city organ's branch named without its city (市公安局荔湾区分局, 市生态环境局荔湾分局,
#: 荔湾公安分局): the organ's sector and the area the branch is named after
_BRANCH_NAME = (
    re.compile(r"^[市州盟](?P<sector>[\u4e00-\u9fff]{2,10}?)局(?P<area>[\u4e00-\u9fff]{2,8}?)分局$"),
    re.compile(r"^(?P<area>[\u4e00-\u9fff]{2,8}?)(?P<sector>[\u4e00-\u9fff]{2,10}?)分局$"),
)


def _complete_branch(fragment: str) -> str | None:
    """A city organ's branch named by the county-level area it serves but not by its city:
    completed with the city that area lies in, when the area reads one division.

    >>> _complete_branch("市公安局荔湾区分局"), _complete_branch("荔湾公安分局")
    ('广州市公安局荔湾区分局', '广州市公安局荔湾区分局')
    >>> _complete_branch("市公安局新华分局") is None  # 新华区: several cities
    True
    """
    key = agency_key(fragment)
    index = division_index()
    for match in filter(None, (pattern.match(key) for pattern in _BRANCH_NAME)):
        area = match.group("area")
        counties = {d.code: d for d in index.lookup(area) + index.by_stem.get(area, [])
                    if d.level == "county"}
        branch = _city_branch(list(counties.values()), match.group("sector"))
        if branch is not None:
            return branch
    return None


def _sector_places(organ: str, bare: str, context: str) -> set[str]:
    """Divisions of a bare level whose stem the text writes right before the organ's sector as
    the organ writes it (区人社局 and 锡山人社重点工作: 锡山区).

    >>> sorted(_sector_places("人社局", "区", "紧紧围绕锡山人社重点工作"))
    ['锡山区']
    """
    sector = _ORGAN_KIND.sub("", organ)
    if len(sector) < 2 or not is_sector(sector):
        return set()
    index = division_index()
    out: set[str] = set()
    for match in re.finditer(re.escape(sector), context):
        for size in (4, 3, 2):
            stem = context[max(0, match.start() - size):match.start()]
            # a stem of two places (海城: 海城市, 海城区) tells nothing
            found = {d.name for d in index.by_stem.get(stem, []) + index.by_short.get(stem, [])}
            if len(found) == 1:
                out |= {name for name in found if name.endswith(bare)}
                break
    return out


#: the central authorities a national organ answers to (认真落实党中央、国务院…决策部署)
_CENTRAL_SUPERIORS = re.compile(r"党中央[、，,]?国务院")
#: a superior or an area of government below the centre (省委、省政府, 市政府, 省、市, 全县):
#: a local organ's report, whatever central decisions it also cites
_LOCAL_SUPERIORS = re.compile(
    r"[省市县区州盟旗]委[、，,]|[省市县区州盟旗](?:人民)?政府|[省市][、，,][市县区]|"
    r"[我本全](?:省|市|县|区|州|旗|镇|乡|街道)")
#: national organs whose names begin with 国务院 (a commission directly under the State Council
#: and its offices), not with 国家
_STATE_COUNCIL_ORGANS = ("国有资产监督管理委员会", "台湾事务办公室", "港澳事务办公室", "研究室",
                         "参事室")
#: the kind of organ ending a sector organ's name (统计局: 统计)
_ORGAN_KIND = re.compile(r"(?:委员会|总局|局|委|部|总署|署)$")


def _complete_national(fragment: str, head: str) -> str | None:
    """A sector organ named without any place (国资委坚持…) in a text whose only superiors
    are 党中央、国务院: the national organ (国务院国有资产监督管理委员会, 国家统计局, 中国地震局);
    None in a local organ's text.

    >>> _complete_national("国资委", "认真落实党中央、国务院关于政务公开工作的决策部署")
    '国务院国有资产监督管理委员会'
    >>> _complete_national("统计局", "认真落实党中央、国务院和省委、省政府决策部署") is None
    True
    """
    key = agency_key(fragment)
    if (_bare(key) or key.startswith("自治") or names_place(key)
            or not _CENTRAL_SUPERIORS.search(head) or _LOCAL_SUPERIORS.search(head)):
        return None
    if key in _STATE_COUNCIL_ORGANS:
        return "国务院" + key
    if not is_sector(_ORGAN_KIND.sub("", key)):
        return None
    if any(key.startswith(sector) for sector in _BUREAU_SYSTEMS):
        return "中国" + key
    return "国家" + key


#: the kind of organ ending a sector organ's name written without its place (审计厅, 国防动员办)
_PLACELESS_KIND = re.compile(r"(?:委员会|总局|局|委|部|总署|署|厅|办公室|办)$")


#: a township's government or street office named by the township alone (厚镇人民政府)
_LONE_TOWNSHIP_ORGAN = re.compile(
    rf"^{_NOT_A_PLACE}[\u4e00-\u9fff]{{1,8}}?{_TOWNSHIP_KINDS}(?:人民政府|办事处)$")


def _township_of_portal(fragment: str, hints: tuple[Division, ...]) -> str | None:
    """A township's government named without its county (厚镇人民政府) on a page whose address
    names one county-level place (lantian.gov.cn: 蓝田县): that county's; None otherwise.

    >>> from gkmine.structure.divisions import division_index
    >>> _township_of_portal("厚镇人民政府", tuple(division_index().by_name["蓝田县"]))
    '蓝田县厚镇人民政府'
    >>> _township_of_portal("厚镇人民政府", tuple(division_index().by_name["桐柏县"])) is None
    True
    """
    counties = [d for d in hints if d.level == "county"]
    if not _LONE_TOWNSHIP_ORGAN.match(fragment) or len(counties) != 1:
        return None
    listed = township_counties(_TOWNSHIP_ORGAN_WORDS.sub("", fragment))
    if listed and counties[0] not in listed:  # the division data has it in other counties
        return None
    return counties[0].name + fragment


def _complete_placeless(fragment: str, context: str,
                        hints: tuple[Division, ...] = ()) -> str | None:
    """A sector organ named without any place (应急管理局2025年…报告) in a text that names one
    county-level government (按照梅河口市人民政府办公室《关于…》), or else one county-level
    place as an address begins (地址:梅河口市…), or else (a 厅, a province's organ) one
    province, or else the one place the page's address names, or else the division its credit
    code or site code names (信息索引号：11330782…): that place's organ; None otherwise.

    >>> _complete_placeless("应急管理局", "及梅河口市人民政府办公室《关于做好…的通知》")
    '梅河口市应急管理局'
    >>> _complete_placeless("应急管理局", "按照省政府办公厅要求") is None
    True
    >>> _complete_placeless("水利局", "水利局办公室地址:梅河口市银河大街1号")
    '梅河口市水利局'
    >>> _complete_placeless("审计厅", "《河北省实施〈条例〉办法》…全面落实省委、省政府工作部署")
    '河北省审计厅'
    """
    key = agency_key(fragment)
    zone = _PLACELESS_ZONE.match(key)
    if _bare(key) or key.startswith("自治") or names_place(key) \
            or not (zone or is_sector(_PLACELESS_KIND.sub("", key))):
        return None
    provincial = key.endswith("厅")  # a province's organ, never a county's
    if provincial:
        governments = [p] if (p := _places_in_document(context)) else []
    else:
        governments = _governments_named(context) or _addressed_counties(context)
    if not governments and not zone and len(hints) == 1 \
            and (hints[0].level == "province" or not provincial):
        governments = list(hints)
    # the division the organ's own credit code (its index numbers) or its site's code names
    coded = _coded_division(context) if not governments and not zone else None
    if coded is not None and (coded.level == "province") == provincial:
        governments = [coded]
    if not governments and not zone and not provincial:
        governments = _self_level_places(context)
    if len(governments) != 1:
        return None
    if not zone:
        return governments[0].name + fragment
    # a zone is named after its place's stem (定州经济开发区), as the text writes it in full
    # when it does (开发区管委会 and 舒城经济开发区综合办公室: 舒城经济开发区管理委员会)
    stem = governments[0].stem
    kind = re.match(_DEVELOPMENT_ZONE_KINDS, key).group()
    written = re.search(rf"{re.escape(stem)}(?:{_DEVELOPMENT_ZONE_KINDS})", context)
    return written.group() + key[len(kind):] if written else stem + fragment


def _self_level_places(context: str) -> list[Division]:
    """The one city the text writes (by name or stem: 助力广州经济…) when its governments are
    a city's (市委、市政府) and it names no county-level place by name; none otherwise.

    >>> [d.name for d in _self_level_places("紧紧围绕市委、市政府中心工作，助力广州经济发展")]
    ['广州市']
    >>> _self_level_places("紧紧围绕市委、市政府中心工作，助力广州、佛山经济发展")
    []
    """
    if _self_level(context) != "prefecture" or _counties_named(context):
        return []
    index = division_index()
    cities = {d.code: d for stem, found in index.by_short.items() if stem in context
              and re.search(f"{stem}(?!{_NAMED_AFTER_PLACE})", context)
              for d in found if d.level == "prefecture"
              or d.level == "province" and d.name.endswith("市")}  # a municipality
    return list(cities.values()) if len(cities) == 1 else []


#: what a street or an institution named after a place goes on with (中山路, 中山大学)
_NAMED_AFTER_PLACE = "路|街|大道|巷|大学|学院|公园|广场|大厦|宾馆|饭店|医院"


#: a zone's organ named without its place (经济开发区管委会)
_PLACELESS_ZONE = re.compile(
    r"^(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|开发区)(?:管理委员会|管委会)")


#: an address given in the text (水利局办公室地址:梅河口市银河大街…)
_ADDRESS_START = re.compile(r"地址[:：为]?\s*")


def _addressed_counties(context: str) -> list[Division]:
    """County-level divisions an address in the text begins with, each read unambiguously
    (地址:梅河口市银河大街: 梅河口市)."""
    index = division_index()
    out: dict[str, Division] = {}
    for match in _ADDRESS_START.finditer(context):
        found = index.match_at(context, match.end())
        if found and len(found[1]) == 1 and found[1][0].level == "county":
            out.setdefault(found[1][0].code, found[1][0])
    return list(out.values())


def _governments_named(context: str) -> list[Division]:
    """County-level divisions whose government the document names, each read unambiguously."""
    index = division_index()
    out: dict[str, Division] = {}
    for match in _GOVERNMENT.finditer(context):
        end = match.start() + (1 if match.group().endswith("委") else 0)
        committee = match.group().endswith("委")
        for size in range(min(index.max_len, end), 1, -1):
            readings = index.lookup(context[end - size:end])
            if readings:
                # 要求和县委、县政府: 和县 before 委 is a conjunction and 县委
                if committee and size == 2:
                    break
                if len(readings) == 1 and readings[0].level == "county":
                    out.setdefault(readings[0].code, readings[0])
                break
    return list(out.values())


def _self_level(view: str) -> str | None:
    for pattern, level in _SELF_LEVEL:
        match = pattern.search(view)
        if match and not (match.group() == "全区" and "自治区" in view):
            return level
    return None


def _leading_chain_end(name: str, named: list[tuple[str, list[Division]]]) -> int:
    at = 0
    for piece, _ in named:
        if not name.startswith(piece, at):
            break
        at += len(piece)
    return at


def _set_places(meta: Meta, place: Division, written: str) -> None:
    index = division_index()
    meta.province = (index.province_of(place) or place).name
    prefecture = index.parent(place, "prefecture")
    meta.city = prefecture.name if prefecture and place.level != "province" else None
    # a county renamed since the data file keeps the name the report uses (禄丰市)
    # (a county written by its stem alone, 内江市隆昌…, or an autonomous county by its short
    # form, 张家川县, gets its full name)
    renamed = written not in index.by_name and written != place.stem and not _autonomous(place)
    meta.county = (written if renamed else place.name) if place.level == "county" else None
    meta.evidence["province"] = "division"


def _geography(meta: Meta, view: str, context: str, fragment: str | None,
               hints: tuple[Division, ...] = ()) -> None:
    """Level and places; ``context`` (head of the text and of the text as extracted, chrome)
    decides ambiguous places and a province when the agency names none. A ``fragment``
    left as no agency (市教育局) still tells the level."""
    name = agency_key(meta.agency or fragment or "")
    named = _named_places(name)
    name_evidence = meta.evidence.get("agency", "body")
    if name and not named and (_NATIONAL.match(name) or _MINISTRY.search(name)):
        province = _provincial_office(name) if _NATIONAL.match(name) else None
        if province is not None:  # 国家矿山安全监察局广西局: the national organ's office
            meta.level, meta.evidence["level"] = "province", name_evidence
            _set_places(meta, province, province.name)
            return
        meta.level, meta.evidence["level"] = "national", name_evidence
        return
    coded = _coded_division(context)
    # the place the page's address names stands as a printed division code does
    hinted = _most_specific(hints) if coded is None else None
    coded = coded or hinted
    place, level = _resolve([found for _, found in named], context, coded)
    rest = name[_leading_chain_end(name, named):]
    unlisted = _UNLISTED_COUNTY.match(rest) if level in (None, "prefecture") else None
    if place is not None:
        _set_places(meta, place, named[-1][0])
        _complete_autonomous(meta, place, named)
        _complete_short_prefecture(meta, named)
    zone = _zone_divisions(name) if place is None else []
    if level is None and len({d.level for d in zone}) == 1:
        level = zone[0].level  # 平潭综合实验区交通与建设局: a county's, whatever it cites
    elif level is None and place is None and (own := _ZONE.match(name)) \
            and _DEVELOPMENT_ZONE.search(own.group()):
        level = "county"  # a development zone by its own name (苏银产业园管理委员会)
    if unlisted:
        level, meta.county = "county", unlisted.group()
    elif place is None and level is None and _bare(name):
        level = _BARE_LEVEL[_bare(name)]
    if level == "prefecture" and _AREA_BRANCH.search(name) \
            or level in ("province", "prefecture") and _NAMED_ZONE.match(rest):
        level = "county"
    if name and (_TOWNSHIP.search(name) or _ZONE_TOWNSHIP.search(name)):
        level = "township"
    elif level is not None and _CUSTOMS_HOUSE.search(name):
        level = "province"  # a customs house answers to 海关总署, whatever place names it
    level_from_name = level is not None
    if level is None:
        level = _self_level(view)
    if level:
        evidence = "division" if place is not None else name_evidence
        meta.level, meta.evidence["level"] = level, evidence if level_from_name else "body"
    if meta.level == "township" and meta.agency:
        meta.agency = _TOWNSHIP_ORGAN.sub(_township_organ, meta.agency)
        if meta.county is None:
            county = _complete_township(meta, context, coded)
            named = [(county.name, [county])] if county else named
            place = county or place
    if place is not None and place.level == "county" and meta.agency:
        _complete_district(meta, place, named[0][0])
    zone_provinces = {(division_index().province_of(d) or d).name for d in zone}
    if meta.province is None and len(zone_provinces) == 1:
        meta.province, meta.evidence["province"] = zone_provinces.pop(), "zone"
    if meta.province is None:
        governments = _governments_named(context)
        province = _places_in_document(context)
        owners = {(division_index().province_of(d) or d).name for d in governments}
        if province is not None:
            meta.province, meta.evidence["province"] = province.name, "body"
        elif len(owners) == 1:
            meta.province, meta.evidence["province"] = owners.pop(), "body"
        elif coded is not None:
            meta.province = (division_index().province_of(coded) or coded).name
            meta.evidence["province"] = "url" if hinted else "code"
        elif (site := _site_province(context)) is not None:
            meta.province, meta.evidence["province"] = site.name, "site"
        elif (owner := _township_province(meta)) is not None:
            meta.province, meta.evidence["province"] = owner.name, "division"


def _township_province(meta: Meta) -> Division | None:
    """The one province all the townships of the agency's name lie in (双溪乡: several
    counties, one province), for a township whose county is not known."""
    if meta.level != "township" or not meta.agency:
        return None
    index = division_index()
    own = re.sub(r"(?:人民政府|政府|办事处)$", "", meta.agency)
    provinces = {(index.province_of(d) or d).code: index.province_of(d) or d
                 for d in township_counties(own)}
    return next(iter(provinces.values())) if len(provinces) == 1 else None


def _most_specific(places: tuple[Division, ...]) -> Division | None:
    """The most specific of places that lie on one chain (黑龙江省; 天津市, 滨海新区), else None."""
    index = division_index()
    for place in places:
        if all(p == place or index.is_under(place, p) for p in places):
            return place
    return None


def _url_places(doc: SourceDoc, context: str, level: str | None = None,
                suffix: str | None = None) -> list[Division]:
    """The divisions the page's addresses (the caller's, the page's own canonical one) name,
    read with the divisions the text names (:func:`gkmine.structure.url.url_places`), of
    ``level`` and named with ``suffix`` only when given."""
    urls = _page_urls(doc)
    if not urls:
        return []
    index = division_index()
    named = [d for name in sorted(_division_names_in(context)) for d in index.by_name[name]]
    found = {d.code: d for url in urls
             for d in url_places(url, named, text=context, level=level, suffix=suffix)}
    # a unified social credit code in the address (…AnnualReport.jsp?area=11370900…): its
    # division, as when the page prints it
    coded = _coded_division(" ".join(urls))
    if coded is not None:
        found.setdefault(coded.code, coded)
    return list(found.values())


def _zone_divisions(name: str) -> list[Division]:
    """The divisions a special zone is named after (平潭综合实验区: 平潭县)."""
    zone = _ZONE.match(name)
    if zone is None:
        return []
    index = division_index()
    stem = zone.group("stem")
    return index.by_stem.get(stem, []) or index.by_short.get(stem, [])


#: a government site named after its place (“中国·济宁”政府门户网站, “中国永嘉”门户网站,
#: “中国永嘉”县政府门户网站)
_SITE_NAME = re.compile(r"中国[·•・.]?(?P<place>[\u4e00-\u9fff]{2,4}?)[”\"]?"
                        r"(?:[省市县区旗](?:人民)?政府)?(?:政府)?(?:门户)?网")


def _site_places(context: str) -> list[Division]:
    """The divisions the sites named in ``context`` are named after (中国永嘉: 永嘉县)."""
    index = division_index()
    return list({d.code: d for match in _SITE_NAME.finditer(context)
                 for d in index.by_short.get(match.group("place"), [])
                 + index.by_stem.get(match.group("place"), [])}.values())


def _site_province(context: str) -> Division | None:
    """The one province of the places the sites named in ``context`` are named after."""
    index = division_index()
    provinces = {(index.province_of(d) or d).code: index.province_of(d) or d
                 for d in _site_places(context)}
    return next(iter(provinces.values())) if len(provinces) == 1 else None


def _autonomous(place: Division) -> bool:
    return "自治" in place.name


def _complete_autonomous(meta: Meta, place: Division,
                         named: list[tuple[str, list[Division]]]) -> None:
    """An autonomous county written by its short form (张家川县退役军人事务局) gets its full name
    (张家川回族自治县…), as the division data spells it."""
    written = named[-1][0]
    if (meta.agency and _autonomous(place) and place.level == "county" and written != place.name
            and written not in division_index().by_name and written in meta.agency):
        meta.agency = meta.agency.replace(written, place.name, 1)
        done = meta.evidence.get("agency_completed")
        meta.evidence["agency_completed"] = f"{done},division" if done else "division"


def _complete_short_prefecture(meta: Meta, named: list[tuple[str, list[Division]]]) -> None:
    """An autonomous prefecture written by its first character (巴州住建局) gets its full name
    (巴音郭楞蒙古自治州…), as the division data spells it (a 盟 keeps its usual short form,
    锡盟, which names match by)."""
    written, found = named[0]
    index = division_index()
    if (meta.agency and len(found) == 1 and written in index.by_short and written.endswith("州")
            and not written.startswith(found[0].stem) and meta.agency.startswith(written)):
        meta.agency = found[0].name + meta.agency[len(written):]
        done = meta.evidence.get("agency_completed")
        meta.evidence["agency_completed"] = f"{done},division" if done else "division"


def _township_organ(match: re.Match[str]) -> str:
    return "街道办事处" if match.group().startswith("街") else "人民政府"


#: words of a sentence before a name (在西咸新区…)
_FUNCTION_WORDS = re.compile(r"^[在由对向从为和与及将经据到于]+")
#: a new area named as a government is (its portal, committee): it administers the townships
#: in it, whatever district the division data lists them under (西咸新区门户网站)
_GOVERNING_AREA = re.compile(
    r"(?P<zone>[\u4e00-\u9fff]{2,4}?新区)(?:门户网站|政务网|政府网|管委会|管理委员会|党工委)")


def _complete_township(meta: Meta, context: str,
                       coded: Division | None = None) -> Division | None:
    """A 镇/乡/街道 named without its county, when the document writes it after one county
    (地址为师宗县高良乡人民政府… → 师宗县高良乡人民政府), or else names one county's government
    (张家湾镇 and 《富县人民政府网》 → 富县张家湾镇人民政府), or else names one county, or else
    writes the township's own name after one county's stem (公众号“美丽永嘉溪下”), or else
    names one county's site that has such a township (“中国永嘉”县政府门户网站), or else
    the division data has it in one county (:func:`_township_data_county`); the county."""
    if not meta.agency:
        return None
    own = re.sub(r"(?:人民政府|政府|办事处)$", "", meta.agency)
    counties = (_counties_before(own, context) or _governments_named(context)
                or _counties_named(context) or _county_stems_before(own, context)
                or [d for d in _site_places(context) if d in township_counties(own)])
    if len(counties) != 1 and coded is not None and coded.level == "county":
        counties = [coded]  # the county its credit code is registered in (11331024…)
    zones = {_FUNCTION_WORDS.sub("", m.group("zone")) for m in _GOVERNING_AREA.finditer(context)}
    if not counties and len(zones) == 1 and not meta.agency.startswith(next(iter(zones))):
        # a township a new area administers (西咸新区门户网站 and 北杜街道): the area's, in
        # the province of the district the division data lists it under
        meta.agency = zones.pop() + meta.agency
        meta.evidence["agency_completed"] = "text"
        listed = _township_data_county(own, [], context)
        if len(listed) == 1:
            meta.province = division_index().province_of(listed[0]).name
            meta.evidence["province"] = "division"
        return None
    evidence = "text"
    if len(counties) != 1:
        counties, evidence = _township_data_county(own, counties, context), "division"
    if len(counties) != 1:
        return None
    county = counties[0]
    _set_places(meta, county, county.name)
    meta.agency = county.name + meta.agency
    meta.evidence["agency_completed"] = evidence
    return county


def _township_data_county(own: str, named: list[Division], context: str) -> list[Division]:
    """The one county that has a township of this name in the division data (下湿壕镇: 固阳县),
    among the counties the text names if several, else among those whose province or
    prefecture the text names most if several; none when the text names another province."""
    found = township_counties(own)
    readings = [d for d in found if d.level == "county"]
    if len(readings) != len(found):
        return []  # a county the division file lacks may be the one
    if named:
        readings = [d for d in readings if d in named]
    elif len(readings) > 1:
        scores = {d.code: _context_score(d, context) for d in readings}
        best = max(scores.values())
        readings = [d for d in readings if best > 0 and scores[d.code] == best]
    index = division_index()
    province = _places_in_document(context)
    if len(readings) == 1 and province is not None and index.province_of(readings[0]) != province:
        return []
    return readings


def _counties_named(context: str) -> list[Division]:
    """County-level divisions the text names by their full name, each read unambiguously."""
    index = division_index()
    return [found[0] for name in sorted(_division_names_in(context))
            if len(found := index.by_name[name]) == 1 and found[0].level == "county"]


def _counties_before(own: str, context: str) -> list[Division]:
    """County-level divisions written right before ``own`` in the text, each read
    unambiguously."""
    index = division_index()
    out: dict[str, Division] = {}
    for match in re.finditer(re.escape(own), context) if len(own) >= 2 else ():
        end = match.start()
        for size in range(min(index.max_len, end), 1, -1):
            readings = index.lookup(context[end - size:end])
            if readings:
                counties = [d for d in readings if d.level == "county"]
                if len(counties) == 1:
                    out.setdefault(counties[0].code, counties[0])
                break
    return list(out.values())


#: a township's kind after its own name (溪下乡, 中仓街道)
_TOWNSHIP_KIND = re.compile(rf"{_TOWNSHIP_KINDS}$")


def _county_stems_before(own: str, context: str) -> list[Division]:
    """The one county-level division whose stem is written right before the township's own
    name without its kind (永嘉溪下 for 溪下乡); none when the stem reads several (开平: 开平区,
    开平市)."""
    index = division_index()
    stem = _TOWNSHIP_KIND.sub("", own)
    out: dict[str, Division] = {}
    for match in re.finditer(re.escape(stem), context) if len(stem) >= 2 and stem != own else ():
        end = match.start()
        for size in (4, 3, 2):
            readings = [d for d in index.by_stem.get(context[max(0, end - size):end], [])
                        if d.level == "county"]
            if readings:
                out.update((d.code, d) for d in readings)
                break
    return list(out.values()) if len(out) == 1 else []


def _complete_district(meta: Meta, place: Division, first: str) -> None:
    """A district body named without its city gets it (沙坡头区医疗保障局 →
    中卫市沙坡头区医疗保障局, 盐都市场监管局 → 盐城市盐都区市场监管局); a county (县, 旗,
    county-level city) is named in full already."""
    index = division_index()
    if not (meta.agency and place.name.endswith("区") and first in (place.name, place.stem)
            and meta.agency.startswith(first)):
        return
    city = index.city_of(place)
    if city is not None and city != place:  # (a district written by its stem: its name)
        meta.agency = city.name + place.name + meta.agency[len(first):]
        done = meta.evidence.get("agency_completed")
        meta.evidence["agency_completed"] = f"{done},division" if done else "division"


def _layout(view: str, year: int | None, sections: list[Section]) -> tuple[str, str | None]:
    counts = {k: len(p.findall(view)) for k, p in _LAYOUT_WORDS.items()}
    if max(counts.values()) > 0 and counts["2021"] != counts["2019"]:
        return max(counts, key=counts.get), "table"
    if year is not None:
        return ("2021" if year >= 2021 else "2019" if year >= 2019 else "pre2019"), "year"
    if sections and sum(bool(_LEGACY_TITLE.search(s.title)) for s in sections) * 2 > len(sections):
        return "pre2019", "sections"
    for layout, pattern in _NOTICE.items():
        if pattern.search(view):
            return layout, "notice"
    return "unknown", None


def _hosted_organ(doc: SourceDoc, context: str, hints: tuple[Division, ...],
                  fragment: str | None, endings: tuple[str, ...]) -> str | None:
    """The organ a department's host spells (swj.tj.gov.cn: 天津市水务局), for a page that
    names none: its place the one the address names most specifically, its kind the self
    reference's (我委) and its sector the fragment's, when the text gives them."""
    urls = _page_urls(doc)
    organ = next(filter(None, (url_organ(u, text=context) for u in urls)), None)
    level = _self_level(context) if organ and not hints else None
    if level in ("province", "prefecture"):  # (省委、省政府 and sc.gov.cn: 四川省)
        hints = tuple(_url_places(doc, context, level))
    place = _most_specific(hints)
    if place is None or organ is None or endings and not organ.endswith(endings) \
            or fragment and agency_type(fragment) != agency_type(organ):
        return None
    return expand_abbreviations(place.name + organ)


#: a place that reports as itself (2021年，我县认真贯彻落实…条例): the place is the subject,
#: not one of its organs (我县教育局, 我县政府网站 are no such subject)
_SELF_PLACE = re.compile(r"(?:^|[，,。；;：:]|年度?)我(?P<kind>[县旗区市])(?=[\u4e00-\u9fff])"
                         r"(?![委政级直属内域])")
#: a unit that reports without an organ's self reference (我单位, 本院): then 我县 is its county,
#: as it is an organ's (我局: :data:`_SELF_ORGAN`) or a township's (我镇: ``_SELF_TOWNSHIP``)
_OWN_UNIT = re.compile(r"[我本](?:单位|部门|院|所|站|队|公司|会)")


def _speaks_as_unit(text: str) -> bool:
    """Whether the text speaks as an organ, a township or another unit (我局, 我镇, 本单位),
    so that its place (我县, 全县) is only where it works."""
    return bool(_self_organ(text) or _SELF_TOWNSHIP.search(text) or _OWN_UNIT.search(text))


#: a place's whole area as a report's subject (全县政府信息公开网站…, 2020年，我市…)
_WHOLE_AREA = re.compile(r"[全我](?P<kind>[县市区旗])(?![委级直属内域])")


def _whole_area_government(office: str | None, text: str) -> str | None:
    """The government whose general office a report names only for contact (请与朔州市人民
    政府办公室政府信息公开科联系), when the report speaks of that government's whole area
    (2020年，我市…) and of no organ or unit of its own (我办, 本单位): the government's.

    >>> _whole_area_government("朔州市人民政府办公室", "2020年，我市坚持以公开为常态")
    '朔州市人民政府'
    >>> _whole_area_government("朔州市人民政府办公室", "2020年，我办指导全市公开工作") is None
    True
    """
    government = _GENERAL_OFFICE.sub("", office or "")
    if government == office or not government.endswith("人民政府") or _speaks_as_unit(text):
        return None
    kinds = {m.group("kind") for m in _WHOLE_AREA.finditer(text)}
    return government if kinds == {government.removesuffix("人民政府")[-1:]} else None


def _self_place_government(text: str, hints: tuple[Division, ...]) -> str | None:
    """The government of a place that reports as itself (2021年，我县认真贯彻落实…) and names
    itself nowhere, from the one place of that kind its page's address names (xinghai.gov.cn:
    兴海县人民政府).

    >>> from gkmine.structure.divisions import division_index
    >>> hints = tuple(division_index().by_name["兴海县"])
    >>> _self_place_government("2021年，我县认真贯彻落实新修订的条例", hints)
    '兴海县人民政府'
    >>> _self_place_government("2021年，我局认真贯彻落实条例，我县公开工作", hints) is None
    True
    """
    kinds = {m.group("kind") for m in _SELF_PLACE.finditer(text)}
    if len(kinds) != 1 or _speaks_as_unit(text):
        return None
    return _government_of_one(hints, kinds.pop())


#: the portal of an organ's own government named by its bare level (我局在市政府网站发布…)
_OWN_PORTAL = re.compile(
    r"(?:^|(?<=[在过托于录和、及与]))(?P<bare>[市县区旗])(?:人民)?政府(?:门户)?网站?")


#: the Party committee and government an organ answers to, by their bare level (市委、市政府)
_OWN_SUPERIORS = re.compile(
    r"(?:^|(?<=[在于和、及与，,]))(?P<bare>[市县区旗])委[、，,]?(?P=bare)(?:人民)?政府")


def _own_portal_level(context: str) -> str:
    """The one bare level by which a text names its own government's portal (市政府网站: 市),
    or else the committee and government it answers to (市委、市政府: 市), or ``""``."""
    for pattern in (_OWN_PORTAL, _OWN_SUPERIORS):
        found = {m.group("bare") for m in pattern.finditer(context)}
        if found:
            return found.pop() if len(found) == 1 else ""
    return ""


#: the levels of division a bare level (市城建局) may be read as in the page's address
_BARE_URL_LEVELS = {"省": ("province",), "自": ("province",),
                    "市": ("province", "prefecture", "county"),
                    "县": ("county",), "区": ("county",), "旗": ("county",)}


def extract_meta(doc: SourceDoc, sections: list[Section], *,
                 warnings: list[str] | None = None) -> Meta:
    """Metadata of a report (see the module docstring for the evidence order); what could
    not be decided is explained in ``warnings`` when a list is given."""
    view = mainland_phrases(without_toneless_glosses(matching_view(doc.text)))
    first = min((s.start for s in sections), default=_HEAD_CHARS)
    head = view[: max(first + 600, _HEAD_CHARS)]
    compact_head = re.sub(r"\s+", "", head)
    lined_head = re.sub(r"[^\S\n]+", "", head)
    compact = re.sub(r"\s+", "", view)
    found = _candidates(doc, view, compact, compact_head, lined_head)
    meta = Meta()
    meta.agency, agency_evidence, fragment = _choose_agency(found)
    if agency_evidence == "contact" and (own := _whole_area_government(meta.agency,
                                                                       compact_head)):
        meta.agency = own
    original = doc.textmap.original
    extra = [simplify(original[:_HEAD_CHARS])] if original != doc.text else []
    context = "\n".join([view[:_HEAD_CHARS], *extra, *map(simplify, doc.chrome.values())])
    hints = tuple(_url_places(doc, context))  # the places the page's address names
    bare = _bare(agency_key(fragment)) if fragment else ""
    for level in _BARE_URL_LEVELS.get(bare, ()):
        # 省财政厅 on xxgk.jl.gov.cn: the address's province, though jl also spells 吉林市;
        # 市教委 on jw.cq.gov.cn: the municipality's; 市城建局 on suining.gov.cn: 遂宁市, not
        # 睢宁县 (a reading of the level the bare level says, named with it)
        hints += tuple(d for d in _url_places(doc, context, level) if d not in hints
                       and (level == "province" or d.name.endswith(bare)))
    if fragment and not bare and not hints and (portal := _own_portal_level(context)):
        # a placeless organ whose own government's portal the text names by its bare level
        # (教育局 在市政府网站发布… on hljfy.gov.cn: 抚远市, not 富裕县)
        hints = tuple(_url_places(doc, context, suffix=portal))
    if hints:
        meta.evidence["url"] = ",".join(d.name for d in hints)
    branch = fragment and _complete_branch(fragment)
    completed = branch or fragment and (_complete_fragment(fragment, context, hints)
                                        or _complete_national(fragment, view[:_HEAD_CHARS])
                                        or _complete_placeless(fragment, context, hints)
                                        or _township_of_portal(fragment, hints))
    if completed:
        agency_evidence = next(f.evidence for f in found if f.value == fragment)
        meta.agency, fragment = completed, None
        meta.evidence["agency_completed"] = "division" if branch else "text"
    if not meta.agency and (hosted := _hosted_organ(doc, context, hints, fragment,
                                                     _self_organ(compact_head))):
        meta.agency, agency_evidence, fragment = hosted, "url", None
    if not meta.agency and not fragment and (own := _self_place_government(compact_head,
                                                                           hints)):
        meta.agency, agency_evidence = own, "url"
    if meta.agency:
        meta.agency = _SHORT_OFFICE.sub("办公室", write_out_office(meta.agency))
    if agency_evidence:
        meta.evidence["agency"] = agency_evidence
    if fragment:
        meta.evidence["agency_fragment"] = fragment
    if fragment and warnings is not None:
        warnings.append(f"{doc.source}: the agency is named only as {fragment!r}, which does "
                        "not say whose it is; agency left empty")
    meta.year, year_evidence = _choose_year(
        found, compact_head, lined_head, compact, context,
        _page_urls(doc))
    if year_evidence:
        meta.evidence["year"] = year_evidence
    _geography(meta, view, context, fragment, hints)
    meta.agency_type = agency_type(meta.agency)
    if meta.agency_type:
        meta.evidence["agency_type"] = meta.evidence.get("agency", "")
    meta.layout, layout_evidence = _layout(view, meta.year, sections)
    if layout_evidence:
        meta.evidence["layout"] = layout_evidence
    return meta
