"""Real-world QA: text as real extraction tools give it, and metadata of real agency titles.

The inputs are written the way agencies' tools produce them (``pdftotext -layout`` with form
feeds and running headers, plain ``pdftotext`` one cell per line, web copies, Word "save as
text", OCR output, GBK files) from the real wording of the seed reports and the official
layouts; they are not made by gkmine's own renderer. The agency list is drawn from real
Chinese administration (ministries, provincial departments, 州/盟/地区, counties, 旗, 县级市,
districts, townships, 街道, 苏木); the expected metadata is what a careful human assigns.
"""

from __future__ import annotations

import re

import pytest

from gkmine.pipeline import parse_document

# --- metadata of real agency titles -----------------------------------------------------------

# agency, level, province, city, county, agency_type
N, P, C, K, T = "national", "province", "prefecture", "county", "township"
AGENCIES: list[tuple[str, str, str | None, str | None, str | None, str]] = [
    # national ministries, commissions, bureaus
    ("教育部", N, None, None, None, "教育"),
    ("国家税务总局", N, None, None, None, "税务"),
    ("国家市场监督管理总局", N, None, None, None, "市场监管"),
    ("国务院办公厅", N, None, None, None, "人民政府/办公室"),
    ("生态环境部", N, None, None, None, "生态环境"),
    ("国家卫生健康委员会", N, None, None, None, "卫生健康"),
    ("海关总署", N, None, None, None, "海关"),
    ("财政部", N, None, None, None, "财政"),
    ("人力资源社会保障部", N, None, None, None, "人力资源和社会保障"),
    ("国家林业和草原局", N, None, None, None, "林业"),
    ("中国气象局", N, None, None, None, "气象"),
    ("中国地震局", N, None, None, None, "地震"),
    ("审计署", N, None, None, None, "审计"),
    ("退役军人事务部", N, None, None, None, "退役军人"),
    ("应急管理部", N, None, None, None, "应急管理"),
    ("国家医疗保障局", N, None, None, None, "医疗保障"),
    ("住房和城乡建设部", N, None, None, None, "住房城乡建设"),
    ("国务院国有资产监督管理委员会", N, None, None, None, "国资"),
    ("国家信访局", N, None, None, None, "信访"),
    ("国家粮食和物资储备局", N, None, None, None, "粮食和物资储备"),
    ("国家发展和改革委员会", N, None, None, None, "发展改革"),
    ("民政部", N, None, None, None, "民政"),
    # provincial departments (incl. municipalities and autonomous regions)
    ("浙江省财政厅", P, "浙江省", None, None, "财政"),
    ("广西壮族自治区生态环境厅", P, "广西壮族自治区", None, None, "生态环境"),
    ("北京市规划和自然资源委员会", P, "北京市", None, None, "自然资源"),
    ("上海市教育委员会", P, "上海市", None, None, "教育"),
    ("重庆市人民政府办公厅", P, "重庆市", None, None, "人民政府/办公室"),
    ("天津市市场监督管理委员会", P, "天津市", None, None, "市场监管"),
    ("江苏省人民政府", P, "江苏省", None, None, "人民政府/办公室"),
    ("内蒙古自治区农牧厅", P, "内蒙古自治区", None, None, "农业农村"),
    ("新疆维吾尔自治区人力资源和社会保障厅", P, "新疆维吾尔自治区", None, None,
     "人力资源和社会保障"),
    ("宁夏回族自治区卫生健康委员会", P, "宁夏回族自治区", None, None, "卫生健康"),
    ("西藏自治区林业和草原局", P, "西藏自治区", None, None, "林业"),
    ("广东省公安厅", P, "广东省", None, None, "公安"),
    ("四川省应急管理厅", P, "四川省", None, None, "应急管理"),
    ("湖南省水利厅", P, "湖南省", None, None, "水利"),
    ("海南省大数据管理局", P, "海南省", None, None, "政务服务和数据管理"),
    ("贵州省退役军人事务厅", P, "贵州省", None, None, "退役军人"),
    ("福建省医疗保障局", P, "福建省", None, None, "医疗保障"),
    ("湖北省审计厅", P, "湖北省", None, None, "审计"),
    ("黑龙江省司法厅", P, "黑龙江省", None, None, "司法"),
    ("吉林省人民政府办公厅", P, "吉林省", None, None, "人民政府/办公室"),
    # prefecture level: 市, 自治州, 地区, 盟
    ("杭州市人力资源和社会保障局", C, "浙江省", "杭州市", None, "人力资源和社会保障"),
    ("阿坝藏族羌族自治州人民政府", C, "四川省", "阿坝藏族羌族自治州", None, "人民政府/办公室"),
    ("锡林郭勒盟行政公署", C, "内蒙古自治区", "锡林郭勒盟", None, "人民政府/办公室"),
    ("喀什地区行政公署", C, "新疆维吾尔自治区", "喀什地区", None, "人民政府/办公室"),
    ("恩施土家族苗族自治州民族宗教事务委员会", C, "湖北省", "恩施土家族苗族自治州", None,
     "民族宗教"),
    ("延边朝鲜族自治州教育局", C, "吉林省", "延边朝鲜族自治州", None, "教育"),
    ("苏州市住房和城乡建设局", C, "江苏省", "苏州市", None, "住房城乡建设"),
    ("广州市城市管理和综合执法局", C, "广东省", "广州市", None, "城市管理"),
    ("大理白族自治州财政局", C, "云南省", "大理白族自治州", None, "财政"),
    ("阿拉善盟生态环境局", C, "内蒙古自治区", "阿拉善盟", None, "生态环境"),
    ("深圳市人民政府办公厅", C, "广东省", "深圳市", None, "人民政府/办公室"),
    ("兰州市应急管理局", C, "甘肃省", "兰州市", None, "应急管理"),
    ("三亚市旅游和文化广电体育局", C, "海南省", "三亚市", None, "文化旅游"),
    ("南宁市行政审批局", C, "广西壮族自治区", "南宁市", None, "政务服务和数据管理"),
    ("西宁市人民政府", C, "青海省", "西宁市", None, "人民政府/办公室"),
    ("大兴安岭地区行政公署", C, "黑龙江省", "大兴安岭地区", None, "人民政府/办公室"),
    # county level: 县, 自治县, 县级市, 区, 旗, 自治旗
    ("龙游县农业农村局", K, "浙江省", "衢州市", "龙游县", "农业农村"),
    ("义乌市市场监督管理局", K, "浙江省", "金华市", "义乌市", "市场监管"),
    ("北京市朝阳区人民政府", K, "北京市", None, "朝阳区", "人民政府/办公室"),
    ("长兴县人民政府办公室", K, "浙江省", "湖州市", "长兴县", "人民政府/办公室"),
    ("峨边彝族自治县卫生健康局", K, "四川省", "乐山市", "峨边彝族自治县", "卫生健康"),
    ("鄂温克族自治旗人民政府", K, "内蒙古自治区", "呼伦贝尔市", "鄂温克族自治旗",
     "人民政府/办公室"),
    ("昆山市人力资源和社会保障局", K, "江苏省", "苏州市", "昆山市", "人力资源和社会保障"),
    ("广州市天河区财政局", K, "广东省", "广州市", "天河区", "财政"),
    ("重庆市渝中区住房和城乡建设委员会", K, "重庆市", None, "渝中区", "住房城乡建设"),
    ("长阳土家族自治县水利和湖泊局", K, "湖北省", "宜昌市", "长阳土家族自治县", "水利"),
    ("伊宁市公安局", K, "新疆维吾尔自治区", "伊犁哈萨克自治州", "伊宁市", "公安"),
    ("格尔木市人民政府", K, "青海省", "海西蒙古族藏族自治州", "格尔木市", "人民政府/办公室"),
    ("成都市武侯区退役军人事务局", K, "四川省", "成都市", "武侯区", "退役军人"),
    ("正蓝旗应急管理局", K, "内蒙古自治区", "锡林郭勒盟", "正蓝旗", "应急管理"),
    ("都江堰市司法局", K, "四川省", "成都市", "都江堰市", "司法"),
    ("互助土族自治县民政局", K, "青海省", "海东市", "互助土族自治县", "民政"),
    ("科尔沁右翼前旗教育局", K, "内蒙古自治区", "兴安盟", "科尔沁右翼前旗", "教育"),
    ("宁乡市自然资源局", K, "湖南省", "长沙市", "宁乡市", "自然资源"),
    # townships: 镇, 乡, 街道, 苏木
    ("龙游县横山镇人民政府", T, "浙江省", "衢州市", "龙游县", "乡镇"),
    ("杭州市西湖区北山街道办事处", T, "浙江省", "杭州市", "西湖区", "街道"),
    ("湖口县付垅乡人民政府", T, "江西省", "九江市", "湖口县", "乡镇"),
    ("北京市海淀区中关村街道办事处", T, "北京市", None, "海淀区", "街道"),
    ("宁乡市花明楼镇人民政府", T, "湖南省", "长沙市", "宁乡市", "乡镇"),
    ("景洪市勐罕镇人民政府", T, "云南省", "西双版纳傣族自治州", "景洪市", "乡镇"),
    ("锡林浩特市宝力根苏木", T, "内蒙古自治区", "锡林郭勒盟", "锡林浩特市", "乡镇"),
    ("鄂托克旗阿尔巴斯苏木", T, "内蒙古自治区", "鄂尔多斯市", "鄂托克旗", "乡镇"),
    ("成都市青羊区草市街街道办事处", T, "四川省", "成都市", "青羊区", "街道"),
    # vertical bodies, 新区, 林区, 省直辖县级市, 自治州 counties, provincial offices
    ("国家税务总局浙江省税务局", P, "浙江省", None, None, "税务"),
    ("国家税务总局宁波市税务局", C, "浙江省", "宁波市", None, "税务"),
    ("国家税务总局杭州市西湖区税务局", K, "浙江省", "杭州市", "西湖区", "税务"),
    ("上海市浦东新区人民政府", K, "上海市", None, "浦东新区", "人民政府/办公室"),
    ("深圳市南山区粤海街道办事处", T, "广东省", "深圳市", "南山区", "街道"),
    ("重庆市酉阳土家族苗族自治县民族宗教事务委员会", K, "重庆市", None, "酉阳土家族苗族自治县",
     "民族宗教"),
    ("神农架林区人民政府", K, "湖北省", None, "神农架林区", "人民政府/办公室"),
    ("仙桃市人民政府", K, "湖北省", None, "仙桃市", "人民政府/办公室"),
    ("中华人民共和国商务部", N, None, None, None, "商务"),
    ("中国证券监督管理委员会", N, None, None, None, "other"),
    ("国家档案局", N, None, None, None, "档案"),
    ("吉林市人民政府", C, "吉林省", "吉林市", None, "人民政府/办公室"),
    ("海西蒙古族藏族自治州人民政府办公室", C, "青海省", "海西蒙古族藏族自治州", None,
     "人民政府/办公室"),
    ("兴安盟行政公署办公室", C, "内蒙古自治区", "兴安盟", None, "人民政府/办公室"),
    ("阿勒泰地区生态环境局", C, "新疆维吾尔自治区", "阿勒泰地区", None, "生态环境"),
    ("广西壮族自治区人民政府办公厅", P, "广西壮族自治区", None, None, "人民政府/办公室"),
    ("北京市东城区东华门街道办事处", T, "北京市", None, "东城区", "街道"),
    ("南京市鼓楼区教育局", K, "江苏省", "南京市", "鼓楼区", "教育"),
    ("福州市鼓楼区人民政府", K, "福建省", "福州市", "鼓楼区", "人民政府/办公室"),
    ("四子王旗乌兰花镇人民政府", T, "内蒙古自治区", "乌兰察布市", "四子王旗", "乡镇"),
    ("额济纳旗达来呼布镇人民政府", T, "内蒙古自治区", "阿拉善盟", "额济纳旗", "乡镇"),
    ("甘孜藏族自治州康定市人民政府", K, "四川省", "甘孜藏族自治州", "康定市", "人民政府/办公室"),
    ("温州市鹿城区五马街道办事处", T, "浙江省", "温州市", "鹿城区", "街道"),
    ("浙江省发展和改革委员会", P, "浙江省", None, None, "发展改革"),
    ("江西省文化和旅游厅", P, "江西省", None, None, "文化旅游"),
    ("山东省工业和信息化厅", P, "山东省", None, None, "工业和信息化"),
    ("河北省科学技术厅", P, "河北省", None, None, "科技"),
    ("陕西省人民政府国有资产监督管理委员会", P, "陕西省", None, None, "国资"),
    ("云南省人民政府外事办公室", P, "云南省", None, None, "外事"),
    ("安徽省地方金融监督管理局", P, "安徽省", None, None, "金融监管"),
    ("廊坊市人民防空办公室", C, "河北省", "廊坊市", None, "人民防空"),
    ("长沙县人民政府", K, "湖南省", "长沙市", "长沙县", "人民政府/办公室"),
    ("满洲里市人民政府", K, "内蒙古自治区", "呼伦贝尔市", "满洲里市", "人民政府/办公室"),
    ("铜仁市碧江区乡村振兴局", K, "贵州省", "铜仁市", "碧江区", "乡村振兴"),
    ("黔东南苗族侗族自治州林业局", C, "贵州省", "黔东南苗族侗族自治州", None, "林业"),
    ("凉山彝族自治州西昌市公安局", K, "四川省", "凉山彝族自治州", "西昌市", "公安"),
    # abbreviations agencies use for their own 州 and 盟
    ("恩施州财政局", C, "湖北省", "恩施土家族苗族自治州", None, "财政"),
    ("湘西州民族宗教事务委员会", C, "湖南省", "湘西土家族苗族自治州", None, "民族宗教"),
    ("锡盟生态环境局", C, "内蒙古自治区", "锡林郭勒盟", None, "生态环境"),
    ("阿盟行政公署", C, "内蒙古自治区", "阿拉善盟", None, "人民政府/办公室"),
]

_PREAMBLE = (
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务"
    "公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函"
    "〔2021〕30号）要求，{who}编制了{year}年政府信息公开工作年度报告。本报告中所列数据的统计"
    "期限自{year}年1月1日起至12月31日止。本报告电子版可在{site}门户网站下载。如对本报告有"
    "疑问，请与{agency}办公室联系（电话：0571-87654321）。\n"
)
_BODY = (
    "一、总体情况\n"
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，"
    "扎实做好政府信息公开工作。\n"
    "（一）主动公开。全年主动公开政府信息1,286条。\n"
    "（二）依申请公开。全年收到政府信息公开申请35件。\n"
    "二、主动公开政府信息情况\n"
    "三、收到和处理政府信息公开申请情况\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "五、存在的主要问题及改进情况\n"
    "信息公开的及时性有待提高。下一步将加强培训。\n"
    "六、其他需要报告的事项\n"
    "本年度未收取信息处理费。\n"
)


def _title_block(agency: str, year: int, style: int) -> str:
    """Titles as agencies print them: one line, broken over two lines, or 工作YYYY年度 order."""
    if style == 0:
        return f"{agency}{year}年政府信息公开工作年度报告\n"
    if style == 1:
        return f"{agency}\n{year}年政府信息公开工作年度报告\n"
    return f"{agency}政府信息公开工作{year}年度报告\n"


def _meta_report(agency: str, year: int, style: int) -> str:
    who = "本机关" if style == 1 else agency
    return (_title_block(agency, year, style)
            + _PREAMBLE.format(who=who, year=year, site=agency, agency=agency)
            + _BODY.format(year=year, agency=agency))


def _meta_tuple(meta) -> tuple:
    return (meta.agency, meta.level, meta.province, meta.city, meta.county, meta.agency_type)


@pytest.mark.parametrize("row", AGENCIES, ids=[a[0] for a in AGENCIES])
def test_agency_metadata(tmp_path, row):
    agency = row[0]
    style = sum(map(ord, agency)) % 3  # deterministic variety of title forms
    path = tmp_path / "report.txt"
    path.write_text(_meta_report(agency, 2023, style), encoding="utf-8")
    report = parse_document(path)
    assert report.status != "error", report.error
    assert report.meta.year == 2023
    assert report.meta.layout == "2021"
    assert _meta_tuple(report.meta) == row


# --- table values: distinct, mostly non-zero, consistent with the identities H1–H4 -------------

T3_ORDER_2021 = [
    "new", "carried_in", "disclosed", "partial",
    "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability",
    "withheld_third_party", "withheld_internal_affairs", "withheld_process_info",
    "withheld_enforcement_file", "withheld_admin_query",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "not_processed_petition", "not_processed_repeat", "not_processed_publication",
    "not_processed_mass_repeat", "not_processed_confirm_reissue",
    "other_no_correction", "other_no_fee_paid", "other_other", "total_processed", "carried_out",
]
T3_ORDER_2019 = T3_ORDER_2021[:20] + ["other", "total_processed", "carried_out"]
T3_COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service",
           "other_org", "total"]
T4_ROWS = ["review", "suit_direct", "suit_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]


def _t3_values(layout: str, seed: int) -> dict[tuple[str, str], int]:
    """Application counts; the result rows follow a fixed pseudo-random pattern."""
    order = T3_ORDER_2021 if layout == "2021" else T3_ORDER_2019
    results = order[2:-2]
    out: dict[tuple[str, str], int] = {}
    for r, row in enumerate(results):
        for c, col in enumerate(T3_COLS[:-1]):
            k = (r * 7 + c * 3 + seed) % 11
            out[row, col] = 0 if k > 5 or c in (2, 4) else (k * (3 if c == 0 else 1)) + (c == 0)
    for c, col in enumerate(T3_COLS[:-1]):
        processed = sum(out[row, col] for row in results)
        out["total_processed", col] = processed
        out["carried_in", col] = min(processed, (c + seed) % 3)
        out["carried_out", col] = (c * 2 + seed) % 4 if c in (0, 1) else 0
        out["new", col] = processed + out["carried_out", col] - out["carried_in", col]
    for row in order:
        out[row, "total"] = sum(out[row, col] for col in T3_COLS[:-1])
    return out


def _t4_values(seed: int) -> dict[tuple[str, str], int]:
    out = {}
    for r, row in enumerate(T4_ROWS):
        parts = [(r + seed) % 3 + (r == 0) * 2, (r * 2 + seed) % 2, 0, (seed + r) % 2]
        for col, v in zip(T4_COLS, parts, strict=False):
            out[row, col] = v
        out[row, "total"] = sum(parts)
    return out


def _t2_values(layout: str) -> dict[tuple[str, str], str]:
    if layout == "2021":
        return {("regulations", "issued"): "0", ("regulations", "repealed"): "0",
                ("regulations", "in_force"): "2", ("normative_docs", "issued"): "4",
                ("normative_docs", "repealed"): "1", ("normative_docs", "in_force"): "37",
                ("licensing", "decisions"): "1286", ("penalty", "decisions"): "53",
                ("coercion", "decisions"): "6", ("admin_fees", "amount_wan"): "12.35"}
    return {("regulations", "made"): "0", ("regulations", "published"): "0",
            ("regulations", "public_total"): "3", ("normative_docs", "made"): "5",
            ("normative_docs", "published"): "5", ("normative_docs", "public_total"): "41",
            ("licensing", "prev_count"): "36", ("licensing", "change"): "-2",
            ("licensing", "decisions"): "915", ("other_services", "prev_count"): "12",
            ("other_services", "change"): "0", ("other_services", "decisions"): "77",
            ("penalty", "prev_count"): "28", ("penalty", "change"): "+3",
            ("penalty", "decisions"): "64", ("coercion", "prev_count"): "7",
            ("coercion", "change"): "0", ("coercion", "decisions"): "2",
            ("admin_fees", "prev_count"): "4", ("admin_fees", "change"): "-1",
            ("procurement", "projects"): "9", ("procurement", "amount"): "356.8万元"}


def expected_cells(layout: str, seed: int) -> dict[str, float]:
    """cell id → the value a human reads off the printed table."""
    out: dict[str, float] = {}
    for (row, col), raw in _t2_values(layout).items():
        out[f"t2.{row}.{col}"] = float(raw.replace("万元", "").replace("+", ""))
    for (row, col), v in _t3_values(layout, seed).items():
        out[f"t3.{row}.{col}"] = float(v)
    for (row, col), v in _t4_values(seed).items():
        out[f"t4.{row}.{col}"] = float(v)
    return out


# --- the statutory row labels as printed, with their nesting ------------------------------

_T3_LABELS = {
    "new": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量",
    "disclosed": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "1.属于国家秘密",
    "withheld_law_prohibited": "2.其他法律行政法规禁止公开",
    "withheld_security_stability": "3.危及“三安全一稳定”",
    "withheld_third_party": "4.保护第三方合法权益",
    "withheld_internal_affairs": "5.属于三类内部事务信息",
    "withheld_process_info": "6.属于四类过程性信息",
    "withheld_enforcement_file": "7.属于行政执法案卷", "withheld_admin_query": "8.属于行政查询事项",
    "unavailable_not_held": "1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "2.没有现成信息需要另行制作",
    "unavailable_unclear": "3.补正后申请内容仍不明确",
    "not_processed_petition": "1.信访举报投诉类申请", "not_processed_repeat": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物",
    "not_processed_mass_repeat": "4.无正当理由大量反复申请",
    "not_processed_confirm_reissue": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_no_fee_paid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "3.其他", "other": "（六）其他处理", "total_processed": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
#: group labels that span several rows (column B) and the rows they span
_T3_GROUPS = {
    "（三）不予公开": [k for k in T3_ORDER_2021 if k.startswith("withheld")],
    "（四）无法提供": [k for k in T3_ORDER_2021 if k.startswith("unavailable")],
    "（五）不予处理": [k for k in T3_ORDER_2021 if k.startswith("not_processed")],
    "（六）其他处理": ["other_no_correction", "other_no_fee_paid", "other_other"],
}
_T3_HEADER = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
_T3_CAPTION = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_T4_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _t3_cells(layout: str, row: str) -> list[str]:
    """Row labels as the three label columns A (一、/三、), B (（一）…) and C (1.…)."""
    label = _T3_LABELS[row]
    if row in ("new", "carried_in", "carried_out"):
        return [label, "", ""]
    group = next((g for g, rows in _T3_GROUPS.items() if row in rows), None)
    if group and (layout == "2021" or row != "other"):
        return ["", group, label]
    return ["", label, ""]


def _t2_blocks(layout: str) -> list[tuple[str, list[str], list[tuple[str, str, list[str]]]]]:
    """(第二十条 caption, column heads, [(row key, label, column keys)])."""
    if layout == "2021":
        docs = ["issued", "repealed", "in_force"]
        return [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
                 [("regulations", "规章", docs), ("normative_docs", "行政规范性文件", docs)]),
                ("第二十条第（五）项", ["本年处理决定数量"],
                 [("licensing", "行政许可", ["decisions"])]),
                ("第二十条第（六）项", ["本年处理决定数量"],
                 [("penalty", "行政处罚", ["decisions"]), ("coercion", "行政强制", ["decisions"])]),
                ("第二十条第（八）项", ["本年收费金额（单位：万元）"],
                 [("admin_fees", "行政事业性收费", ["amount_wan"])])]
    docs = ["made", "published", "public_total"]
    items = ["prev_count", "change", "decisions"]
    heads = ["上一年项目数量", "本年增/减", "处理决定数量"]
    return [("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
             [("regulations", "规章", docs), ("normative_docs", "规范性文件", docs)]),
            ("第二十条第（五）项", heads,
             [("licensing", "行政许可", items), ("other_services", "其他对外管理服务事项", items)]),
            ("第二十条第（六）项", heads,
             [("penalty", "行政处罚", items), ("coercion", "行政强制", items)]),
            ("第二十条第（八）项", heads[:2],
             [("admin_fees", "行政事业性收费", ["prev_count", "change"])]),
            ("第二十条第（九）项", ["采购项目数量", "采购总金额"],
             [("procurement", "政府集中采购", ["projects", "amount"])])]


# --- pdftotext -layout ------------------------------------------------------------------------

def _w(text: str) -> int:
    """Display width: CJK characters take two columns in -layout output."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and _w(line + ch) > width and ch not in "，。、；：）”》":
            # 避头: a closing mark never starts a line (Word lets it overhang instead)
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines or [""]


class _Canvas:
    """Lines of text with items placed at display columns, as pdftotext -layout prints them."""

    def __init__(self) -> None:
        self.lines: list[list[tuple[int, str]]] = []

    def put(self, line: int, x: int, text: str, *, right: int | None = None) -> None:
        while len(self.lines) <= line:
            self.lines.append([])
        if right is not None:
            x = right - _w(text)
        self.lines[line].append((x, text))

    def render(self) -> list[str]:
        out = []
        for items in self.lines:
            line = ""
            for x, text in sorted(items):
                line += " " * max(x - _w(line), 1 if line else 0) + text
            out.append(line.rstrip())
        return out


def _layout_t3(layout: str, seed: int, *, width_c: int = 22, top: bool = False,
               blank_zero: bool = False) -> list[str]:
    """t3 as -layout prints it; ``top``: numbers on a row's first line (top-aligned cells),
    ``blank_zero``: zero cells left empty as many agencies do."""
    values = _t3_values(layout, seed)
    order = T3_ORDER_2021 if layout == "2021" else T3_ORDER_2019
    xa, xb, xc, xn, wn = 2, 14, 30, 30 + width_c + 2, 8
    canvas = _Canvas()
    canvas.put(0, xn + 3 * wn, "申请人情况")
    canvas.put(1, xn + wn + 2 * wn, "法人或其他组织")
    heads = [_wrap(h, 4) for h in _T3_HEADER]
    for n, head in enumerate(heads):
        for k, part in enumerate(head):
            canvas.put(2 + k, 0, "", right=0)
            canvas.put(2 + k, xn + n * wn + 2, part)
    for k, part in enumerate(_wrap(_T3_CAPTION, xn - xa - 2)):
        canvas.put(1 + k, xa, part)
    line = 2 + max(map(len, heads))
    spans: dict[str, list[int]] = {}
    for row in order:
        a, b, c = _t3_cells(layout, row)
        if a:
            own = [(xa, p) for p in _wrap(a, xn - xa - 2)]
        elif c:
            own = [(xc, p) for p in _wrap(c, width_c)]
        else:
            own = [(xb, p) for p in _wrap(b, xn - xb - 2)]
        start = line
        for k, (x, part) in enumerate(own):
            canvas.put(line + k, x, part)
        mid = line if top else line + (len(own) - 1) // 2
        for n, col in enumerate(T3_COLS):
            if values[row, col] or not blank_zero:
                canvas.put(mid, 0, str(values[row, col]), right=xn + (n + 1) * wn - 1)
        line += len(own)
        if b and c:
            spans.setdefault(b, [start, line])[1] = line
        if row not in ("new", "carried_in", "carried_out"):
            spans.setdefault("三、本年度办理结果", [start, line])[1] = line
    for label, (first, last) in spans.items():
        x, width = (xa, 10) if label.startswith("三") else (xb, 14)
        parts = _wrap(label, width)
        top = first + (last - first - len(parts)) // 2
        for k, part in enumerate(parts):
            canvas.put(top + k, x, part)
    return canvas.render()


def _layout_t4(seed: int) -> list[str]:
    values = _t4_values(seed)
    canvas = _Canvas()
    wn, x0 = 7, 4
    canvas.put(0, x0 + 2 * wn - 2, "行政复议")
    canvas.put(0, x0 + 9 * wn, "行政诉讼")
    canvas.put(1, x0 + 6 * wn, "未经复议直接起诉")
    canvas.put(1, x0 + 11 * wn + 2, "复议后起诉")
    for n in range(15):
        for k, part in enumerate(_wrap(_T4_HEAD[n % 5], 4)):
            canvas.put(2 + k, x0 + n * wn + 1, part)
    for n, (row, col) in enumerate((r, c) for r in T4_ROWS for c in T4_COLS):
        canvas.put(4, 0, str(values[row, col]), right=x0 + n * wn + 4)
    return canvas.render()


def _layout_t2(layout: str) -> list[str]:
    values = _t2_values(layout)
    canvas = _Canvas()
    line = 0
    for caption, heads, rows in _t2_blocks(layout):
        canvas.put(line, 30, caption)
        line += 1
        wn = 60 // len(heads)
        canvas.put(line, 6, "信息内容")
        for n, head in enumerate(heads):
            canvas.put(line, 24 + n * wn, head)
        line += 1
        for row, label, cols in rows:
            parts = _wrap(label, 14)
            for k, part in enumerate(parts):
                canvas.put(line + k, 4, part)
            for n, col in enumerate(cols):
                canvas.put(line + (len(parts) - 1) // 2, 0, values[row, col],
                           right=24 + n * wn + 8)
            line += len(parts)
    return canvas.render()


def _prose(paragraph: str, width: int = 76) -> list[str]:
    """A paragraph as -layout prints it: first line indented two characters, hard wraps."""
    return _wrap("    " + paragraph, width)


_SECTIONS_2021 = {
    "overall": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


def _narrative(agency: str, year: int, seed: int, layout: str) -> dict[str, list[str]]:
    new = _t3_values(layout, seed)["new", "total"]
    return {
        "overall": [
            f"{year}年，{agency}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
            "不公开为例外，围绕中心工作，扎实推进政府信息公开工作。",
            "（一）主动公开。全年通过门户网站主动公开政府信息1286条，其中政策文件37件，政策解读"
            "12篇，行政处罚53件。",
            f"（二）依申请公开。全年共收到政府信息公开申请{new}件，均在法定期限内答复。",
            "（三）政府信息管理。严格落实“三审三校”制度，动态调整主动公开基本目录。",
            "（四）平台建设。持续优化政府网站信息公开专栏，做好政务新媒体运维。",
            "（五）监督保障。将政务公开纳入年度绩效考核，全年未发生责任追究情况。"],
        "problems": [
            "一是政策解读形式较为单一，图解、视频等解读比例不高；二是信息公开工作人员业务水平"
            "有待提高。下一步，我们将丰富解读形式，加强业务培训，提升公开质量。"],
        "other": [
            "本年度未收取信息处理费。",
            f"如对本报告有疑问，请与{agency}办公室联系（电话：0791-86123456）。"],
    }


def pdftotext_layout(agency: str, year: int, layout: str, seed: int, *,
                     page_lines: int = 46, headings: dict[str, str] | None = None,
                     top: bool = False, blank_zero: bool = False) -> str:
    """A whole report as ``pdftotext -layout`` prints it: title, wrapped prose, tables with
    wrapped labels, pages separated by form feeds with a running header and ``- n -``."""
    headings = headings or _SECTIONS_2021
    notice = "〔2021〕30号" if layout == "2021" else "〔2019〕60号"
    text = _narrative(agency, year, seed, layout)
    body: list[str] = [" " * 12 + agency, " " * 8 + f"{year}年政府信息公开工作年度报告", ""]
    body += _prose("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府"
                   f"信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
                   f"（国办公开办函{notice}）要求，现公布{agency}{year}年政府信息公开工作年度报告。"
                   f"本报告中所列数据的统计期限自{year}年1月1日起至12月31日止。")
    tables = {"active_disclosure": _layout_t2(layout),
              "applications": _layout_t3(layout, seed, top=top, blank_zero=blank_zero),
              "review_litigation": _layout_t4(seed)}
    for key, heading in headings.items():
        body += ["", "  " + heading, ""] if heading else [""]
        for paragraph in text.get(key, []):
            body += _prose(paragraph)
        body += tables.get(key, [])
    pages, header = [], f"{agency}{year}年政府信息公开工作年度报告"
    for n in range(0, len(body), page_lines):
        page = body[n:n + page_lines]
        top = [" " * 20 + header, ""] if n else []
        pages.append("\n".join([*top, *page, "", " " * 36 + f"- {n // page_lines + 1} -", ""]))
    return "\f".join(pages)


# --- tables as HTML/Word carry them: rows of the cells present (merged cells once) -------------

def _rows_t2(layout: str) -> list[list[str]]:
    values = _t2_values(layout)
    rows: list[list[str]] = []
    for caption, heads, items in _t2_blocks(layout):
        rows += [[caption], ["信息内容", *heads]]
        rows += [[label, *(values[row, col] for col in cols)] for row, label, cols in items]
    return rows


def _rows_t3(layout: str, seed: int, *, expand: bool = False) -> list[list[str]]:
    """Rows of t3; ``expand`` repeats nothing but leaves an empty cell under a merged one
    (Word's save-as-text), otherwise a merged cell appears once (HTML order)."""
    values = _t3_values(layout, seed)
    order = T3_ORDER_2021 if layout == "2021" else T3_ORDER_2019
    gap = [""] if expand else []
    rows = [[_T3_CAPTION, *gap * 2, "申请人情况"], [*gap * 3, "自然人", "法人或其他组织", "总计"],
            [*gap * 4, *_T3_HEADER[1:6], *gap]]
    seen: set[str] = set()
    for row in order:
        a, b, c = _t3_cells(layout, row)
        nums = [str(values[row, col]) for col in T3_COLS]
        if a:
            cells = [a, *gap * 2]
        else:
            cells = []
            if "三" not in seen:
                cells.append("三、本年度办理结果")
                seen.add("三")
            else:
                cells += gap
            if c:
                cells += gap if b in seen else [b]
                seen.add(b)
                cells.append(c)
            else:
                cells += [b, *gap]
        rows.append(cells + nums)
    return rows


def _rows_t4(seed: int) -> list[list[str]]:
    values = _t4_values(seed)
    return [["行政复议", "行政诉讼"], [*_T4_HEAD, "未经复议直接起诉", "复议后起诉"],
            _T4_HEAD * 2, [str(values[r, c]) for r in T4_ROWS for c in T4_COLS]]


def _report_parts(agency: str, year: int, layout: str, seed: int,
                  headings: dict[str, str] | None = None):
    """(kind, payload) pieces of a report: ("line", text) or ("table", rows)."""
    headings = headings or _SECTIONS_2021
    notice = "〔2021〕30号" if layout == "2021" else "〔2019〕60号"
    text = _narrative(agency, year, seed, layout)
    tables = {"active_disclosure": _rows_t2(layout), "applications": _rows_t3(layout, seed),
              "review_litigation": _rows_t4(seed)}
    parts = [("line", f"{agency}{year}年政府信息公开工作年度报告"),
             ("line", "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅"
              "政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的"
              f"通知》（国办公开办函{notice}）要求，现公布{agency}{year}年政府信息公开工作年度"
              f"报告。本报告中所列数据的统计期限自{year}年1月1日起至12月31日止。")]
    for key, heading in headings.items():
        if heading:
            parts.append(("line", heading))
        parts += [("line", p) for p in text.get(key, [])]
        if key in tables:
            parts.append(("table", tables[key]))
    return parts


def web_copy(agency: str, year: int, layout: str, seed: int, *, pipes: bool = False,
             headings: dict[str, str] | None = None) -> str:
    """Text copied from a web page: a cell per line, or ``| a | b |`` rows."""
    out: list[str] = []
    for kind, payload in _report_parts(agency, year, layout, seed, headings):
        if kind == "line":
            out.append(payload)
        elif pipes:
            out += ["| " + " | ".join(row) + " |" for row in payload]
        else:
            out += [cell for row in payload for cell in row]
    return "\n".join(out) + "\n"


def word_text(agency: str, year: int, layout: str, seed: int) -> str:
    """Word's "save as text": paragraphs on one line, table rows tab-separated, CRLF."""
    out: list[str] = []
    for kind, payload in _report_parts(agency, year, layout, seed):
        if kind == "line":
            out.append(payload)
        else:
            rows = _rows_t3(layout, seed, expand=True) if payload[0][0] == _T3_CAPTION else payload
            out += ["\t".join(row) for row in rows]
    return "\r\n".join(out) + "\r\n"


def pdftotext_plain(agency: str, year: int, layout: str, seed: int, *, page_lines: int = 60,
                    footer: str = "{n}") -> str:
    """Plain ``pdftotext``: prose hard-wrapped, every table cell on its own line(s), a label
    cell wrapped inside its column, page breaks with a page number."""
    out: list[str] = []
    for kind, payload in _report_parts(agency, year, layout, seed):
        if kind == "line":
            out += _wrap(payload, 72)
        else:
            for row in payload:
                for cell in row:
                    out += _wrap(cell, 12 if cell[:1] in "0123456789+-" else 20)
    pages = ["\n".join(out[n:n + page_lines] + ["", footer.format(n=n // page_lines + 1), ""])
             for n in range(0, len(out), page_lines)]
    return "\f".join(pages)


# --- OCR output -------------------------------------------------------------------------------

def ocr_text(text: str) -> str:
    """What OCR makes of a scanned table: O for 0 and l for 1 in some numbers, a full-width
    comma as thousands separator, stray bars and marks from ruling lines."""
    counter = iter(range(10**6))

    def confuse(match: re.Match[str]) -> str:
        number, n = match.group(0), next(counter)
        if len(number) == 4 and n % 2 == 0:
            return number[0] + "，" + number[1:]
        if n % 5 == 1:
            return number.replace("0", "O")
        if n % 5 == 3:
            return number.replace("1", "l")
        return number

    out = []
    for k, line in enumerate(text.split("\n")):
        if re.fullmatch(r"[\s\d.+-]+", line.split("  ", 1)[-1]) is None and "  " not in line:
            out.append(line)
            continue
        line = re.sub(r"(?<![\d.年月日第（(])\d+(?![\d.年月日])", confuse, line)
        if k % 3 == 0:
            line = line.replace("      ", "   |  ", 1)
        if k % 4 == 1:
            line += " _"
        out.append(line)
    return "\n".join(out)


# --- the tests: every shape of text gives the cells and sections a human reads ----------------

AGENCY = "宁波市江北区司法局"
_ALL_SECTIONS = list(_SECTIONS_2021)


def _headings(style: str) -> dict[str, str]:
    plain = {k: v[2:] for k, v in _SECTIONS_2021.items()}
    if style == "arabic":
        return {k: f"{n}、{v}" for n, (k, v) in enumerate(plain.items(), 1)}
    if style == "dotted":
        return {k: f"{n}. {v}" for n, (k, v) in enumerate(plain.items(), 1)}
    return plain  # no ordinals at all


def _parse(tmp_path, text: str, *, encoding: str = "utf-8", name: str = "report.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    report = parse_document(path)
    assert report.status != "error", report.error
    return report


def _wrong_cells(report, layout: str, seed: int) -> list[tuple[str, float, object]]:
    got = {c.id: c for c in report.cells}
    return [(k, v, got[k].raw if k in got else None)
            for k, v in expected_cells(layout, seed).items()
            if k not in got or got[k].status != "number" or got[k].value != v]


SHAPES = {
    "pdftotext-layout": lambda a, y, lay, s: pdftotext_layout(a, y, lay, s),
    "pdftotext-plain": pdftotext_plain,
    "web-lines": web_copy,
    "web-pipes": lambda a, y, lay, s: web_copy(a, y, lay, s, pipes=True),
    "word-tabs": word_text,
    "ocr-layout": lambda a, y, lay, s: ocr_text(pdftotext_layout(a, y, lay, s)),
}


@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_text_shapes_read_every_cell(tmp_path, shape, layout):
    year, seed = (2022, 1) if layout == "2021" else (2020, 2)
    report = _parse(tmp_path, SHAPES[shape](AGENCY, year, layout, seed))
    assert (report.meta.agency, report.meta.year, report.meta.layout) == (AGENCY, year, layout)
    assert [s.key for s in report.sections] == _ALL_SECTIONS
    assert _wrong_cells(report, layout, seed) == []
    # every number keeps where it came from
    located = [c for c in report.cells if c.status == "number" and c.raw]
    assert all(report.text[c.start:c.end] == c.raw for c in located)


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_gbk_layout_file(tmp_path, layout):
    year, seed = (2023, 7) if layout == "2021" else (2019, 8)
    report = _parse(tmp_path, pdftotext_layout("格尔木市人民政府", year, layout, seed),
                    encoding="gbk")
    assert (report.meta.agency, report.meta.year, report.meta.level) == (
        "格尔木市人民政府", year, "county")
    assert report.meta.city == "海西蒙古族藏族自治州"
    assert _wrong_cells(report, layout, seed) == []


def test_layout_page_breaks_inside_table_three(tmp_path):
    text = pdftotext_layout(AGENCY, 2022, "2021", 9, page_lines=30)
    assert text.count("\f") >= 3 and "- 3 -" in text
    report = _parse(tmp_path, text)
    assert _wrong_cells(report, "2021", 9) == []
    assert "- 2 -" not in report.sections[2].text  # page furniture dropped from the section


def test_ocr_confusions_in_numbers(tmp_path):
    text = ocr_text(word_text(AGENCY, 2022, "2021", 4).replace("\r\n", "\n"))
    text = text.replace("\t1286", "\t1，286")  # a thousands separator OCR read full width
    assert "\t1，286" in text
    report = _parse(tmp_path, text)
    assert _wrong_cells(report, "2021", 4) == []


@pytest.mark.parametrize("style", ["arabic", "dotted", "bare"])
@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_headings_without_chinese_ordinals(tmp_path, style, layout):
    year, seed = (2023, 5) if layout == "2021" else (2019, 6)
    heads = _headings(style)
    for text in (pdftotext_layout(AGENCY, year, layout, seed, headings=heads),
                 web_copy(AGENCY, year, layout, seed, headings=heads)):
        report = _parse(tmp_path, text)
        assert [s.key for s in report.sections] == _ALL_SECTIONS, style
        assert report.sections[4].text.strip().startswith("一是政策解读")
        assert _wrong_cells(report, layout, seed) == []


def test_problems_and_other_in_one_section(tmp_path):
    heads = dict(_SECTIONS_2021, problems="五、存在的主要问题及改进情况和其他需要报告的事项",
                 other="")
    report = _parse(tmp_path, pdftotext_layout(AGENCY, 2023, "2021", 5, headings=heads))
    keys = [s.key for s in report.sections]
    assert keys == _ALL_SECTIONS[:5]  # 六 is not invented
    assert "信息处理费" in report.sections[-1].text and "一是政策解读" in report.sections[-1].text
    assert report.status == "partial"
    assert _wrong_cells(report, "2021", 5) == []


def test_agency_completed_from_contact_block(tmp_path):
    """区卫生健康局 in the title, the full name in the 请与…联系 sentence."""
    text = ("区卫生健康局2023年政府信息公开工作年度报告\n"
            + _PREAMBLE.format(who="本机关", year=2023, site="广州市天河区人民政府",
                               agency="广州市天河区卫生健康局")
            + _BODY.format(year=2023, agency="我局"))
    meta = _parse(tmp_path, text).meta
    assert _meta_tuple(meta) == ("广州市天河区卫生健康局", K, "广东省", "广州市", "天河区",
                                 "卫生健康")


def test_ambiguous_district_decided_by_context(tmp_path):
    """朝阳区 is in 北京 and in 长春; the site named in the preamble decides."""
    text = ("朝阳区教育委员会2023年政府信息公开工作年度报告\n"
            + _PREAMBLE.format(who="本机关", year=2023, site="北京市朝阳区人民政府",
                               agency="朝阳区教育委员会")
            + _BODY.format(year=2023, agency="我委"))
    meta = _parse(tmp_path, text).meta
    assert (meta.level, meta.province, meta.city, meta.county) == (K, "北京市", None, "朝阳区")


def test_traditional_title_and_filename_only(tmp_path):
    text = _meta_report("廣東省衛生健康委員會", 2023, 0).replace("报告", "報告")
    meta = _parse(tmp_path, text).meta
    assert _meta_tuple(meta) == ("广东省卫生健康委员会", P, "广东省", None, None, "卫生健康")
    bare = "一、总体情况\n2023年，我局坚持依法公开。\n" + _BODY.format(year=2023, agency="我局")
    meta = _parse(tmp_path, bare, name="正蓝旗应急管理局2023年政府信息公开工作年度报告.txt").meta
    assert _meta_tuple(meta) == ("正蓝旗应急管理局", K, "内蒙古自治区", "锡林郭勒盟", "正蓝旗",
                                 "应急管理")


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_layout_top_aligned_cells(tmp_path, layout):
    """Word tables with top-aligned cells: numbers on a wrapped label's first line."""
    year, seed = (2023, 11) if layout == "2021" else (2019, 12)
    report = _parse(tmp_path, pdftotext_layout(AGENCY, year, layout, seed, top=True))
    assert _wrong_cells(report, layout, seed) == []


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_layout_zero_cells_left_empty(tmp_path, layout):
    """Zero cells printed empty are read as blank (not zero, not shifted)."""
    year, seed = (2023, 11) if layout == "2021" else (2019, 12)
    report = _parse(tmp_path, pdftotext_layout(AGENCY, year, layout, seed, blank_zero=True))
    got = {c.id: c for c in report.cells}
    for key, value in expected_cells(layout, seed).items():
        if not key.startswith("t3."):
            continue
        cell = got[key]
        assert (cell.status, cell.value) == (("blank", None) if value == 0 else
                                             ("number", value)), key


@pytest.mark.parametrize(("layout", "printed", "as_printed", "cell", "value"), [
    ("2021", "1286", "1，286", "t2.licensing.decisions", 1286),
    ("2021", "1286", "1,286件", "t2.licensing.decisions", 1286),
    ("2021", "12.35", "12.35万元", "t2.admin_fees.amount_wan", 12.35),
    ("2019", "-2", "－2", "t2.licensing.change", -2),  # full-width minus from Word
    ("2019", "-2", "−2", "t2.licensing.change", -2),
    ("2019", "+3", "＋3", "t2.penalty.change", 3),
])
def test_layout_t2_number_forms(tmp_path, layout, printed, as_printed, cell, value):
    year, seed = (2023, 13) if layout == "2021" else (2019, 14)
    text = pdftotext_layout(AGENCY, year, layout, seed)
    cell_text = re.compile(rf"(?<= ){re.escape(printed)}(?= |\n)")
    assert cell_text.search(text)
    report = _parse(tmp_path, cell_text.sub(as_printed, text, count=1))
    got = {c.id: c for c in report.cells}
    assert (got[cell].status, got[cell].value, got[cell].raw) == ("number", value, as_printed)
    assert _wrong_cells(report, layout, seed) == []
