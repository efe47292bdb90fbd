"""Metadata by kind of evidence: constructed openings, one per kind of name that used to give no
agency, a short form or the wrong level (a subject's disclosure work, a national organ named
without its prefix, accounts named by a place's stem and a sector, a sector over a whole area,
zone offices, short offices, places that begin like a pronoun, namesake counties, glossed
mirrors, the sector of the organ's own work, a government's report made with its office).
Every opening is run both raw and through the reader."""

from __future__ import annotations

import pytest

from gkmine.structure import extract_meta, find_sections

_BODY = "一、总体情况\n（一）主动公开。全年主动公开政府信息56条。\n"


def _meta(make_doc, text, warnings=None):
    doc = make_doc(text, "<test>")
    return extract_meta(doc, find_sections(doc).sections, warnings=warnings)


@pytest.mark.parametrize("opening, agency, level, province", [
    # a place's disclosure work as the subject: the place's government
    ("2022年，江岸区政府信息公开工作在区委、区政府的领导下稳步推进。\n", "武汉市江岸区人民政府",
     "county", "湖北省"),
    # a bureau's disclosure work as the subject: the bureau
    ("2022年，宜宾市统计局政务公开工作坚持以人民为中心。\n", "宜宾市统计局", "prefecture",
     "四川省"),
    # a sector organ named without place, answering only to 党中央、国务院: the national organ
    ("2023年，统计局坚持依法公开，认真落实党中央、国务院关于政务公开工作的决策部署。\n",
     "国家统计局", "national", None),
    ("来源：办公厅\n2021年，国资委坚持以人民为中心，全面落实党中央、国务院决策部署。\n",
     "国务院国有资产监督管理委员会", "national", None),
    # the same on a mirror that glosses characters with toneless pinyin
    ("2021年，国(guo)资(zi)委坚(jian)持依法公开，落实党中(zhong)央、国(guo)务(wu)院的部署。\n",
     "国务院国有资产监督管理委员会", "national", None),
    # an account named by a prefecture's stem and a sector, of the self reference's kind
    ("2023年，我局通过“绵阳教育”微信公众号发布信息120条。\n", "绵阳市教育局", "prefecture",
     "四川省"),
    # …unquoted, by a district's stem: completed with its city
    ("2023年，我局开通江汉住建微博，发布信息80条。\n", "武汉市江汉区住房和城乡建设局", "county",
     "湖北省"),
    # an account of the bare-level organ's sector completes it (a county-level city: county)
    ("2023年，市财政局在市委、市政府的领导下推进公开，“凌源财政”公众号发布信息60条。\n",
     "凌源市财政局", "county", "辽宁省"),
    # the sector an organ works in over its area, the province named elsewhere
    ("2023年，我厅办好全省水利工作会议，公开《湖南省河道管理办法》解读。\n", "湖南省水利厅",
     "province", "湖南省"),
    # a zone's general office answers for the zone's committee
    ("如有疑问，请与桐城经济技术开发区综合办公室联系。\n", "桐城经济技术开发区管理委员会", "county",
     "安徽省"),
    # an office written short gets its full name
    ("2020年，市人民防空办认真贯彻上级要求。通过成都市人民防空网站公开信息。\n",
     "成都市人民防空办公室", "prefecture", "四川省"),
    # a place whose name begins like a self reference (本溪) is a place
    ("本溪市统计局2023年政府信息公开工作年度报告\n", "本溪市统计局", "prefecture", "辽宁省"),
    # a subject after two 在…下 clauses, completed by the city the text names
    ("2021年，在市委、市政府领导下，在省体育局的支持下，市体育局坚持依法公开，落实《雅安市"
     "人民政府办公室关于做好公开工作的通知》。\n", "雅安市体育局", "prefecture", "四川省"),
    # a township completed by the county whose government the text names, the county written
    # with the suffix that tells it from its namesake district (金平县, not 汕头市金平区)
    ("老集寨乡2021年政府信息公开工作年度报告\n按照《金平县人民政府办公室关于做好年度报告工作的"
     "通知》要求编制。\n", "金平苗族瑶族傣族自治县老集寨乡人民政府", "township", "云南省"),
    # an autonomous county named without its nationalities, completed from the division data
    ("务川自治县教育局2022年政府信息公开工作年度报告\n", "务川仡佬族苗族自治县教育局", "county",
     "贵州省"),
    # named only where the reader is told whom to ask: the organ, not "请联系…"
    ("依据《中华人民共和国政府信息公开条例》编制本年度报告。统计期限自2021年1月1日起至2021年"
     "12月31日止。如对本报告有任何疑问，请联系请联系合江门街道党政办公室（地址：宜宾市翠屏区"
     "合江门街道）。\n", "宜宾市翠屏区合江门街道办事处", "township", "四川省"),
    # a province's sector system, reporting through the sector's 局
    ("青海省邮政管理系统2022年政府信息公开年度报告\n", "青海省邮政管理局", "province", "青海省"),
    # a development zone named after its prefecture or municipality is a county-level body,
    # and its committee's office reports on its own, as a government's office does
    ("芜湖经济技术开发区管理委员会2022年政府信息公开工作年度报告\n",
     "芜湖经济技术开发区管理委员会", "county", "安徽省"),
    ("天津经开区消防救援支队2023年政府信息公开工作年度报告\n", "天津经开区消防救援支队",
     "county", "天津市"),
    ("成都高新技术产业开发区管理委员会办公室2021年政府信息公开工作年度报告\n",
     "成都高新技术产业开发区管理委员会办公室", "county", "四川省"),
    # a township's 党政综合办公室 named for contact: the township reports as its government
    ("编制本报告。如对本报告有疑问，请与黄陂区李集街道党政综合办公室联系。\n",
     "武汉市黄陂区李集街道办事处", "township", "湖北省"),
    # the body's year written without its 年, the organ as the sentence's subject
    ("一、总体情况\n2024，乌鲁木齐市天山区住建局以条例为遵循，推进主动公开。\n",
     "乌鲁木齐市天山区住建局", "county", "新疆维吾尔自治区"),
    # a prefecture organ's branch named after a district of it is county-level
    ("临沂市公共资源交易中心兰陵分中心2024年政府信息公开工作年度报告\n",
     "临沂市公共资源交易中心兰陵分中心", "county", "山东省"),
    # a customs house's district (关区) is the customs house (of a province's rank)
    ("南京海关关区2022年政府信息公开工作年度报告\n", "南京海关", "province", "江苏省"),
    # a development zone by its own name (no division in it) is county-level
    ("现发布《中新产业园管理委员会2024年政府信息公开工作年度报告》。\n",
     "中新产业园管理委员会", "county", None),
    # the organ whose statistics the report is written from (结合…工作有关统计数据撰写)
    ("结合太湖县数据资源管理局政府信息公开工作有关统计数据撰写。\n", "太湖县数据资源管理局",
     "county", "安徽省"),
    # the organ whose disclosure the report's parts cover, its year between
    ("全文包括乌兰浩特市义勒力特镇人民政府2024年政府信息公开总体情况等六部分。\n",
     "乌兰浩特市义勒力特镇人民政府", "township", "内蒙古自治区"),
    # a sector organ named without its place, the place its office's address begins with
    ("制定统计局2024年政府信息公开工作年度报告。统计局办公室地址:集安市黎明街88号。\n",
     "集安市统计局", "county", "吉林省"),
    # a 苏木 of one character, a subject that 紧扣 its work
    ("查苏木2024年政府信息公开工作年度报告\n", "查苏木", "township", None),
    ("一、总体情况\n2024年，桐庐县医疗保障局紧扣政务公开工作部署推进公开。\n",
     "桐庐县医疗保障局", "county", "浙江省"),
    # the organ that publishes the report as the sentence's subject
    ("根据条例要求，清新区住房和城乡建设局特向社会公布2024年度本机关信息公开工作报告。\n",
     "清远市清新区住房和城乡建设局", "county", "广东省"),
    # an account named after its kind
    ("2023年，我局通过微信公众号“绵阳教育”发布信息120条。\n", "绵阳市教育局", "prefecture",
     "四川省"),
    # the one sector whose work the self reference's text names, placed by the one government
    # the text names (a 厅 by its province)
    ("2021年，我局认真执行《条例》，增强住建工作透明度，依托荔湾区人民政府门户网站公开信息。\n",
     "广州市荔湾区住建局", "county", "广东省"),
    ("2025年，审计机关坚持依法公开，落实《河北省实施〈条例〉办法》和省委、省政府部署，推动我厅"
     "信息公开。\n", "河北省审计厅", "province", "河北省"),
    # a government's report made with its general office: the office's
    ("贵阳市人民政府（市人民政府办公厅）2021年政府信息公开工作年度报告\n", "贵阳市人民政府办公厅",
     "prefecture", "贵州省"),
    # a township's kind without its own name is no name: the contact block's name
    ("特编制并向社会公布2021年度街道信息公开年度报告。如对本报告有任何疑问，请与南通市通州区"
     "兴东街道办事处联系。\n", "南通市通州区兴东街道办事处", "township", "江苏省"),
    # an autonomous prefecture written by its first character and 州: its full name
    ("巴州住建局2019年度政府信息公开工作报告\n", "巴音郭楞蒙古自治州住建局", "prefecture",
     "新疆维吾尔自治区"),
    # the sites the report may be downloaded from, quoted with their addresses: not the
    # government's portal; a zone named with a word before its kind is county level
    ("报告的电子版可在“中国泰安”(http://www.taian.gov.cn)、“泰安旅游经济开发区”"
     "（http://lykfq.taian.gov.cn）下载。\n", "泰安旅游经济开发区管理委员会", "county", "山东省"),
    # the organ whose report it is as a sentence's subject, its 街道 left out
    ("全文包括总体情况等6项主要内容。铜陵市铜官区东郊办事处本年度报告中使用数据统计期限为"
     "2019年1月1日至12月31日。\n", "铜陵市铜官区东郊街道办事处", "township", "安徽省"),
    # a customs house is of a province's rank, whatever place names it
    ("湛江海关2023年政府信息公开工作年度报告\n", "湛江海关", "province", "广东省"),
    # the organ of the self reference's kind named in passing by a bare level, completed by
    # the one district the text names
    ("2024年，我局通过安居区政府门户网站中的区住房城乡建设局专栏更新信息60条。\n",
     "遂宁市安居区住房城乡建设局", "county", "四川省"),
    # the sector of the organ's own work, its city the one the text writes by stem when its
    # governments are a city's
    ("2022年，我局紧紧围绕市委、市政府中心工作，发挥统计工作作用，助力广州经济发展。\n",
     "广州市统计局", "prefecture", "广东省"),
    # a district newer than cpca's division file
    ("临平区统计局2023年政府信息公开工作年度报告\n", "杭州市临平区统计局", "county", "浙江省"),
    # a district renamed under its old code since cpca's file (桥东区 of 邢台 is 襄都区), in a
    # title that names only the place: the place's government
    ("邢台市襄都区2021年政府信息公开工作年度报告\n", "邢台市襄都区人民政府", "county", "河北省"),
    # a 地区's government is its 行政公署
    ("阿里地区2022年度政府信息公开工作年度报告\n", "阿里地区行政公署", "prefecture", "西藏自治区"),
    # an office written short by its full name (扶贫办 is a 扶贫开发办公室)
    ("2019年，在市政府办公室的精心指导下，三门峡市扶贫办认真贯彻落实《中华人民共和国政府信息"
     "公开条例》。\n", "三门峡市扶贫开发办公室", "prefecture", "河南省"),
    # the place said again after the year in the preamble
    ("根据有关规定，现公布汨罗市人民政府2024年汨罗市政府信息公开工作年度报告。\n",
     "汨罗市人民政府", "county", "湖南省"),
    # a traditional page that prints 陜 (a font's 陝) for 陕
    ("陜西省商務廳2023年政府信息公開工作年度報告\n", "陕西省商务厅", "province", "陕西省"),
    # the contact sentence's 请与 is no part of a name
    ("根据《条例》规定，特向社会公布本部门年度报告。如有疑问，请与城阳区民政局（以下简称区民政局）"
     "办公室联系。\n", "青岛市城阳区民政局", "county", "山东省"),
    # a government's own offices (XX人民政府机关) report as the government
    ("南岸区人民政府机关\n2022年政府信息公开工作年度报告\n", "重庆市南岸区人民政府", "county",
     "重庆市"),
    # a counsellors' office (参事室) is an organ
    ("2021年天津市人民政府参事室政府信息公开工作年度报告\n", "天津市人民政府参事室", "province",
     "天津市"),
    # a title's short form (大数据局) written out in full in the preamble: the full name
    ("贵州省大数据局2022年政府信息公开工作年度报告\n贵州省大数据发展管理局编制并公布"
     "《贵州省大数据发展管理局2022年政府信息公开工作年度报告》。\n",
     "贵州省大数据发展管理局", "province", "贵州省"),
    # the year after the work in the preamble (现将XX政府信息公开工作2023年度工作情况报告如下)
    ("根据《条例》有关规定，现将蒸湘区民政局政府信息公开工作2023年度工作情况报告如下：\n",
     "衡阳市蒸湘区民政局", "county", "湖南省"),
    # an organ named without place, placed by the credit code of its index numbers
    ("信息索引号：11320582014278566P/2023-00012\n发布机构：审计局\n"
     "审计局2022年政府信息公开工作年度报告\n", "张家港市审计局", "county", "江苏省"),
    # an autonomous prefecture by its stem and 州, a stem a province shares: the prefecture
    ("海南州卫生健康委员会2021年政府信息公开工作年度报告\n", "海南州卫生健康委员会", "prefecture",
     "青海省"),
    # 政务信息公开, and a title's 工作开展年度报告
    ("广西壮族自治区审计厅2024年政务信息公开工作开展年度报告\n", "广西壮族自治区审计厅",
     "province", "广西壮族自治区"),
    # a preamble's report named without its year
    ("根据《条例》的规定，现编制鹤山市应急管理局政府信息公开工作年度报告。\n",
     "鹤山市应急管理局", "county", "广东省"),
    # a place as the subject of a sentence without its year: its government's report (also
    # written in traditional characters, also after a span without its year)
    ("一、總體情況\n興慶區堅持以人民為中心，全面推進政務公開。\n", "银川市兴庆区人民政府", "county",
     "宁夏回族自治区"),
    ("一、总体情况\n过去一年，东丽区人民政府坚持以人民为中心，推进政务公开。\n",
     "天津市东丽区人民政府", "county", "天津市"),
    # an organ written without its organ word
    ("一、总体情况\n2023年，平利县农业农村认真贯彻落实《条例》。\n", "平利县农业农村局", "county",
     "陕西省"),
    # a district police branch, led by its district's committee and its city's bureau
    ("一、总体情况\n2023年，我局在荔湾区委、区政府和市公安局的正确领导下，推进政务公开。\n",
     "广州市公安局荔湾区分局", "county", "广东省"),
    ("一、总体情况\n2023年，我局在中共荔湾区委、区政府和广州市公安局党委的正确领导下推进公开。\n",
     "广州市公安局荔湾区分局", "county", "广东省"),
    # a branch named by its area without its city: the city the area lies in
    ("市公安局荔湾区分局2023年政府信息公开工作年度报告\n", "广州市公安局荔湾区分局", "county",
     "广东省"),
    ("一、总体情况\n2023年，荔湾公安分局坚持依法公开。\n", "广州市公安局荔湾区分局", "county",
     "广东省"),
    # a township named like a province (湖南镇) is no province's, its county the one named
    ("一、总体情况\n2023年，湖南镇人民政府认真贯彻落实《条例》，依托衢江区人民政府网站公开。\n",
     "衢州市衢江区湖南镇人民政府", "township", "浙江省"),
    # a sector whose name begins with 市 (市场监管) is no city's organ: placed by the one county
    # government the text names
    ("一、总体情况\n2023年，市场监管局认真落实《条例》，通过三原县人民政府网站公开信息。\n",
     "三原县市场监管局", "county", "陕西省"),
    # a cover notice issuing a place's report: the place's government, not the office
    ("平利县人民政府办公室关于印发平利县2023年政府信息公开工作年度报告的通知\n", "平利县人民政府",
     "county", "陕西省"),
    # 关于…工作情况的报告, and the year in brackets after the title
    ("关于兴庆区2023年政府信息公开工作情况的报告\n", "银川市兴庆区人民政府", "county",
     "宁夏回族自治区"),
    ("三原县统计局政府信息公开工作年度报告（2023年度）\n", "三原县统计局", "county", "陕西省"),
    # the subject after its 在…下 clause alone, without a year
    ("一、总体情况\n在县委、县政府的坚强领导下，三原县统计局认真贯彻落实《条例》。\n",
     "三原县统计局", "county", "陕西省"),
    # a township's Party committee and government as the subject: the township government
    ("一、总体情况\n2023年，大荔县城关镇党委、政府高度重视政务公开工作。\n",
     "大荔县城关镇人民政府", "township", "陕西省"),
    # a contact block's other forms: 联系单位：, 可拨打…电话, 请致电
    ("一、总体情况\n2023年，本机关坚持公开。\n联系单位：三原县统计局办公室，电话029-1234\n",
     "三原县统计局", "county", "陕西省"),
    ("一、总体情况\n2023年，本机关坚持公开。\n如有疑问，可拨打三原县统计局办公室电话：029-1234\n",
     "三原县统计局", "county", "陕西省"),
    # a township a new area administers, named as a government is (its portal): the area's,
    # in the province of the district the division data lists it under
    ("现编制《北杜街道办事处2023年政府信息公开工作年度报告》。在西咸新区门户网站政府信息公开平台"
     "上公开机构设置。\n", "西咸新区北杜街道办事处", "township", "陕西省"),
    # a district written by its stem before a sector organ (and before 市场监管局, whose 市 is
    # no part of the place's name): its city and full name
    ("一、总体情况\n2024年，海淀教委坚持依法公开。\n", "北京市海淀区教委", "county", "北京市"),
    ("一、总体情况\n2024年，我局坚持公开。如对本报告有任何疑问，请与盐都市场监管局联系。\n",
     "盐城市盐都区市场监管局", "county", "江苏省"),
    # a government and the zone's committee it runs as one: the government
    ("一、总体情况\n2022年，广州市黄埔区人民政府广州开发区管委会始终坚持依法公开。\n",
     "广州市黄埔区人民政府", "county", "广东省"),
    # a report compiled from the reports of the bodies below is the government's, its general
    # office only the contact
    ("本报告根据《条例》以及2020年南阳市各区县(市)、市人民政府各部门等政府信息公开工作年度报告"
     "编制。如有疑问，请与南阳市人民政府办公室联系。\n", "南阳市人民政府", "prefecture", "河南省"),
    # an organ that publishes its report without 特/现 before 向社会公布
    # (a zone's own 办事处 keeps its name, and is a township's rank)
    ("郑州高新技术产业开发区双桥办事处向社会公布2021年度本级政府信息公开年度报告。\n",
     "郑州高新技术产业开发区双桥办事处", "township", "河南省"),
    # a zone named after its prefecture with a long name of its own is county level
    ("广元市天然气综合利用工业园区管委会2023年政府信息公开工作年度报告\n",
     "广元市天然气综合利用工业园区管委会", "county", "四川省"),
    # an internal office of a township's 政府 named for contact: the township
    ("特向社会公布2021年度本镇政府信息公开年度报告。如有疑问请与衢州市衢江区湖南镇政府综合督考"
     "办公室联系。\n", "衢州市衢江区湖南镇人民政府", "township", "浙江省"),
    # a place's disclosure desk (日常受理机构) named for contact: the place's government
    ("如对本报告有任何疑问，请与精河县政府信息公开日常受理机构（精河县政务服务中心）联系。\n",
     "精河县人民政府", "county", "新疆维吾尔自治区"),
    # a portal's banner over a township's committee and office as the subject
    ("天津市河北区人民政府\n本年度报告根据《条例》编制。\n一、总体情况\n2025年，新开河街道党工委、"
     "办事处按照区委、区政府的统一部署推进公开。\n", "天津市河北区新开河街道办事处", "township",
     "天津市"),
    # a body of the Production and Construction Corps says whose it is by its division
    ("第一師阿拉爾市十六團新開嶺鎮2021年政府信息公開工作年度報告\n",
     "第一师阿拉尔市十六团新开岭镇人民政府", "township", "新疆维吾尔自治区"),
    # a mirror's spam written after a whole name
    ("漳平市审计局雷速体育直播 2025年政府信息公开工作的年度报告\n", "漳平市审计局", "county",
     "福建省"),
    # a title's 政府信息年度报告, its 公开 left out
    ("乌拉特中旗林业和草原局2020年政府信息年度报告\n", "乌拉特中旗林业和草原局", "county",
     "内蒙古自治区"),
    # the compiler after 编制完成 or a notice's 要求, or before 编制形成 or 负责编制
    ("根据条例和市委、市政府安排部署，编制完成延吉市依兰镇人民政府2023年政府信息公开工作年度报告。\n",
     "延吉市依兰镇人民政府", "township", "吉林省"),
    ("根据《关于做好2023年政府信息公开工作年度报告编制发布有关事项的通知》要求晋安区商务局编制"
     "了本报告。\n", "福州市晋安区商务局", "county", "福建省"),
    ("依据《中华人民共和国政府信息公开条例》，厦门市人民政府外事办公室编制形成本年度报告。\n",
     "厦门市人民政府外事办公室", "prefecture", "福建省"),
    ("本年报由锦州市营商环境建设局（市行政审批局）负责编制并向社会公开。\n",
     "锦州市营商环境建设局", "prefecture", "辽宁省"),
    # an autonomous county written by its stem and 自治县
    ("根据《条例》要求，现将孟连自治县2022政府信息公开工作年度报告进行公开。\n",
     "孟连傣族拉祜族佤族自治县人民政府", "county", "云南省"),
    # the organ whose notice asks for the report is not the organ that reports
    ("按照《湖南省统计局关于做好2020年政府信息公开工作年度报告的通知》要求，现将我局2020年度"
     "信息公开工作予以报告。我局在岳阳市统计局网站公开信息。\n", "岳阳市统计局", "prefecture",
     "湖南省"),
])
def test_agency_by_kind(make_doc, opening, agency, level, province):
    meta = _meta(make_doc, opening + _BODY)
    assert (meta.agency, meta.level, meta.province) == (agency, level, province)


@pytest.mark.parametrize("opening, level", [
    # the chain of governments above the organ ends at a district
    ("2021年，我局根据省、市、区政府的有关工作部署推进公开。\n", "county"),
    # the organ oversees counties and districts
    ("本报告涵盖各县、区政府和市政府各工作部门的政府信息公开工作情况。\n", "prefecture"),
])
def test_level_when_no_agency_is_named(make_doc, opening, level):
    meta = _meta(make_doc, opening + _BODY)
    assert (meta.agency, meta.level) == (None, level)


@pytest.mark.parametrize("opening", [
    # central decisions cited by a local organ make it no national one
    "2023年，统计局认真落实党中央、国务院和省委、省政府决策部署。\n",
    # an account of another sector, a stem of two places (海城市, 海城区), a stem that names no
    # place, no self reference: no organ
    "2023年，市财政局在市委领导下推进公开，“凌源教育”公众号发布信息。\n",
    "2023年，市财政局在市委领导下推进公开，“海城财政”公众号发布信息。\n",
    "2023年，我局通过“阳光政务”微信公众号发布信息。\n",
    "2023年，单位通过“绵阳教育”微信公众号发布信息。\n",
    # a word that only ends like an organ (大局) is none, though 我局 asks for a 局
    "2022年，我局坚持服务温州经济平稳健康发展和保持社会和谐稳定大局。\n",
    # a pinyin gloss alone is no glossed page (and the name stays a fragment)
    "2023年，区统计局网站(www)发布信息。\n",
    # a street named after a place is no city
    "2022年，我局紧紧围绕市委、市政府中心工作，做好统计工作。地址：中山路1号。\n",
    # the work of two sectors tells no organ
    "2023年，我局做好审计工作和统计工作，依托荔湾区人民政府门户网站公开信息。\n",
    # a sentence's words before a bare level are no place unknown to the division data
    "如对本报告有任何疑问，请与区卫生健康局办公室联系（地址：城中街245号）。\n",
    # a mirror's spam where the place was: the organ without its place, no name of spam
    "西甲直播文化和旅游局2022年政府信息公开工作年度报告\n2022年，我局在县委、县政府的领导下推进公开。\n",
    # a Party committee named with its government ends a name mentioned in passing
    "一、总体情况\n2023年，我局认真落实荔湾区委区政府和市公安局的部署推进公开。\n",
    # a place as a sentence's subject in a bureau's report is no name of the bureau
    "一、总体情况\n兴庆区坚持依法公开，我局认真落实。\n",
])
def test_no_agency_from_weak_or_foreign_evidence(make_doc, opening):
    assert _meta(make_doc, opening + _BODY).agency is None


@pytest.mark.parametrize("opening, agency, province", [
    # a township the division data has in one county: its county (and a district's city)
    ("钱桥街道2023年政府信息公开工作年度报告\n", "无锡市惠山区钱桥街道办事处", "江苏省"),
    ("2023年，乌镇镇坚持依法公开。\n", "桐乡市乌镇镇人民政府", "浙江省"),
    # a township of two counties: the one of the province the text names
    ("西塘镇2023年政府信息公开工作年度报告\n根据《浙江省政府信息公开规定》编制。\n",
     "嘉善县西塘镇人民政府", "浙江省"),
    # a township of several counties: the one whose site the text names
    ("沙头镇人民政府2020年度政府信息公开工作年度报告\n本年报的电子版可以在“中国永嘉”县政府门户网站"
     "上下载。\n", "永嘉县沙头镇人民政府", "浙江省"),
    # …or none, with nothing to tell them apart or another province named
    ("西塘镇2023年政府信息公开工作年度报告\n", "西塘镇人民政府", None),
    ("钱桥街道2023年政府信息公开工作年度报告\n根据《广东省政府信息公开规定》编制。\n",
     "钱桥街道办事处", "广东省"),
])
def test_township_completed_from_the_division_data(make_doc, opening, agency, province):
    meta = _meta(make_doc, opening + _BODY)
    assert (meta.agency, meta.level, meta.province) == (agency, "township", province)


@pytest.mark.parametrize("owner, agency", [
    # a department's own site: its owner; a government's portal carries others' reports
    ("主办单位：温州市统计局 技术支持：某科技公司", "温州市统计局"),
    ("主办单位：温州市人民政府办公室 承办：温州市大数据发展管理局", None),
])
def test_the_site_owner_a_footer_names(make_doc, owner, agency):
    text = "2023年，我局坚持依法公开。\n" + _BODY + "（二）平台建设。" * 400 + "\n" + owner + "\n"
    assert _meta(make_doc, text).agency == agency


@pytest.mark.parametrize("opening, year", [
    # nothing but the date of publication: the year before it (due by 31 January)
    ("索引号 | 002482285/2023-00209 | 发布机构 | 省水利厅\n本年度报告由浙江省水利厅编制。\n", 2022),
    ("发布日期 2021-12-20 乌拉特中旗林业和草原局政府信息公开工作年度报告\n", 2020),
    # the year's own work plan the organ reports against
    ("一、总体情况\n根据《常州市武进区2022年政务公开工作要点》要求，我局推进公开。\n", 2022),
    # the year in brackets on the line after the title
    ("三原县统计局政府信息公开工作年度报告\n（2023年度）\n", 2023),
    # a report named at the end of a sentence is no title: the body's year
    ("一、总体情况\n2020年，我局网站公开了重点领域信息及2019年度信息公开工作报告。\n", 2020),
])
def test_year_by_kind(make_doc, opening, year):
    assert _meta(make_doc, opening + _BODY).year == year


def test_a_titles_year_before_a_lone_end_of_year_date(make_doc):
    # 截至2020年12月31日 may be a figure's date the 2021 report kept; the title says 2021
    opening = ("定西市乡村振兴局2021年政府信息公开工作年度报告\n一、总体情况\n"
               "（一）主动公开。截至2020年12月31日，我局通过网站公布信息1877条。\n")
    assert _meta(make_doc, opening).year == 2021


def test_a_place_reporting_as_itself_with_a_bureau_for_contact(make_doc):
    # the bureau that runs disclosure is named for contact; the subject is the county itself
    opening = ("所列数据统计期限为2025年1月1日至2025年12月31日。如对本报告有任何疑问，请与"
               "察布查尔锡伯自治县数字化发展局联系。\n一、总体情况\n2025年察布查尔锡伯自治县坚持"
               "以公开为常态。\n")
    assert _meta(make_doc, opening + _BODY).agency == "察布查尔锡伯自治县人民政府"


@pytest.mark.parametrize("opening, agency", [
    # the government's general office named only for contact, by its disclosure section, in a
    # report on the whole city: the city government's report
    ("本报告根据《条例》要求编制。如有疑问，请与忻州市人民政府办公室政府信息公开科联系。\n"
     "一、总体情况\n2020年，我市坚持以公开为常态。\n", "忻州市人民政府"),
    # …but the office's own report (我办) stays the office's
    ("本报告根据《条例》要求编制。如有疑问，请与忻州市人民政府办公室联系。\n一、总体情况\n"
     "2020年，我办指导全市政务公开工作。\n", "忻州市人民政府办公室"),
    # a desk of the government's office written short (政府办电子政务科): the office, whole
    ("如对本年度报告有疑问，请与泰宁县政府办电子政务科联系。\n一、总体情况\n"
     "2024年，我办认真贯彻落实条例。\n", "泰宁县人民政府办公室"),
    # a government listed before the bodies below it whose figures the report gathers
    ("结合2022年永安市人民政府、各乡镇（街道）、市直各部门政府信息公开统计数据形成该《报告》。\n",
     "永安市人民政府"),
    # an organ as the subject with a verb of the newer reports
    ("根据《条例》编制本报告。\n一、总体情况\n2024年，重庆市江北区人民政府办公室深学笃用习近平"
     "新时代中国特色社会主义思想。\n", "重庆市江北区人民政府办公室"),
])
def test_whole_area_reports_and_their_offices(make_doc, opening, agency):
    assert _meta(make_doc, opening + _BODY).agency == agency


def test_a_zones_own_name_holds_no_division(make_doc):
    # 贵安新区 spells 安新 (安新县, 河北) inside its own name: no province from there
    meta = _meta(make_doc, "贵安新区经济发展局2023年政府信息公开工作年度报告\n" + _BODY)
    assert meta.agency == "贵安新区经济发展局" and meta.province != "河北省"


def test_the_year_of_the_work_plan_a_notice_issues(make_doc):
    # no period, no title: the year's work plan, cited by the notice that issues it
    opening = ("一、总体情况\n根据《文山县人民政府办公室关于印发2021年文山县政务公开工作要点的"
               "通知》文件精神，县统计局高度重视，进一步贯彻落实政府信息公开各项规定。\n")
    assert _meta(make_doc, opening).year == 2021
