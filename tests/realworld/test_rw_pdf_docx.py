"""Real-world QA: reports as agencies' office software writes them (DOCX and PDF).

The documents are built here, independently of ``gkmine.tables.render``, the way Word/WPS and
their PDF export produce them:

* DOCX: a centred title split over two paragraphs, 仿宋/黑体 runs cut mid-word (with proofing
  marks and bookmarks between runs), headings 一、/（一） made by Word's automatic numbering
  (``numbering.xml``, not in the text), tables with vertical merges (``vMerge``) for the
  三、本年度办理结果 and （三）不予公开 label cells, ``gridSpan`` in the t3/t4 headers, empty
  cells for zeros, header rows marked to repeat, and t3 split into two tables (the second
  one repeating the header).
* PDF (reportlab, CID font STSong-Light): ruled tables with two-line header cells, t3
  continuing on the next page with its header repeated, ``- 3 -`` page numbers in the footer,
  a running header, wrapped prose; and a PDF without any ruling (the table is positioned
  text only).

Variants: the grid sliver Word leaves at a table's right edge (``gridAfter`` in some rows, a
wider last cell in others), WPS's explicit ``vMerge="continue"``, heading numbers from a
paragraph style, the title as one paragraph with a line break, the section title typed into
the table's first row, t2 as one small table per 第二十条 item, ``1,268``, the unit in the
procurement header (``采购总金额（万元）``); in PDFs: rules drawn as thin filled rectangles (as
Word/WPS export borders), no repeated header, right-aligned numbers, a narrow label column
that sets 三、本年度办理结果 one character per line, justified prose, ``第 2 页`` footers.

Both the 2021 layout and the 2019 trial layout are covered. Each test asserts the cells, the
metadata and the sections a careful human reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gkmine.keys import T3_COLS, T4_COLS, T4_ROWS, t2_layout, t3_rows
from gkmine.pipeline import parse_document

# --------------------------------------------------------------------------------------------
# the report content (real wording; numbers chosen to satisfy the printed identities)
# --------------------------------------------------------------------------------------------

RESULT = "三、本年度办理结果"
T3_LABELS_2021 = [
    # (row key, level-1 label, level-2 label, level-3 label)
    ("new", "一、本年新收政府信息公开申请数量", None, None),
    ("carried_in", "二、上年结转政府信息公开申请数量", None, None),
    ("disclosed", RESULT, "（一）予以公开", None),
    ("partial", RESULT, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("withheld_state_secret", RESULT, "（三）不予公开", "1.属于国家秘密"),
    ("withheld_law_prohibited", RESULT, "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("withheld_security_stability", RESULT, "（三）不予公开", "3.危及“三安全一稳定”"),
    ("withheld_third_party", RESULT, "（三）不予公开", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", RESULT, "（三）不予公开", "5.属于三类内部事务信息"),
    ("withheld_process_info", RESULT, "（三）不予公开", "6.属于四类过程性信息"),
    ("withheld_enforcement_file", RESULT, "（三）不予公开", "7.属于行政执法案卷"),
    ("withheld_admin_query", RESULT, "（三）不予公开", "8.属于行政查询事项"),
    ("unavailable_not_held", RESULT, "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unavailable_needs_creation", RESULT, "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unavailable_unclear", RESULT, "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("not_processed_petition", RESULT, "（五）不予处理", "1.信访举报投诉类申请"),
    ("not_processed_repeat", RESULT, "（五）不予处理", "2.重复申请"),
    ("not_processed_publication", RESULT, "（五）不予处理", "3.要求提供公开出版物"),
    ("not_processed_mass_repeat", RESULT, "（五）不予处理", "4.无正当理由大量反复申请"),
    ("not_processed_confirm_reissue", RESULT, "（五）不予处理",
     "5.要求行政机关确认或重新出具已获取信息"),
    ("other_no_correction", RESULT, "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_no_fee_paid", RESULT, "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", RESULT, "（六）其他处理", "3.其他"),
    ("total_processed", RESULT, "（七）总计", None),
    ("carried_out", "四、结转下年度继续办理", None, None),
]
T3_LABELS_2019 = [r for r in T3_LABELS_2021 if not r[0].startswith("other_")]
T3_LABELS_2019.insert(-2, ("other", "三、本年度办理结果", "（六）其他处理", None))

APPLICANTS = [c for c in T3_COLS if c != "total"]

# result rows per applicant column: (natural, commercial, research, welfare, legal, other)
_T3_RESULTS = {
    "disclosed": (21, 4, 0, 0, 1, 0),
    "partial": (6, 1, 0, 0, 0, 0),
    "withheld_third_party": (2, 0, 0, 0, 0, 0),
    "withheld_process_info": (1, 1, 0, 0, 0, 0),
    "unavailable_not_held": (13, 2, 0, 1, 0, 0),
    "unavailable_unclear": (1, 0, 0, 0, 0, 0),
    "not_processed_petition": (3, 0, 0, 0, 0, 0),
    "not_processed_repeat": (2, 0, 0, 0, 0, 0),
}
_T3_OTHER = {"other_no_correction": (2, 0, 0, 0, 0, 0), "other_other": (1, 0, 0, 0, 0, 0)}


def t3_values(layout: str) -> dict[str, tuple[int, ...]]:
    """Row key -> the seven values (six applicants + total), identities H1–H3 holding."""
    results = dict(_T3_RESULTS)
    if layout == "2021":
        results.update(_T3_OTHER)
    else:
        results["other"] = tuple(a + b for a, b in zip(*_T3_OTHER.values(), strict=True))
    rows: dict[str, tuple[int, ...]] = {}
    for key in t3_rows(layout):
        if key in ("new", "carried_in", "total_processed", "carried_out"):
            continue
        rows[key] = results.get(key, (0,) * 6)
    processed = tuple(sum(v[i] for v in rows.values()) for i in range(6))
    carried_in = (3, 1, 0, 0, 0, 0)
    carried_out = (4, 0, 0, 0, 1, 0)
    new = tuple(p + o - c for p, o, c in zip(processed, carried_out, carried_in, strict=True))
    rows.update(new=new, carried_in=carried_in, total_processed=processed,
                carried_out=carried_out)
    return {k: (*rows[k], sum(rows[k])) for k in t3_rows(layout)}


T4_VALUES = {"review": (2, 1, 0, 0, 3), "suit_direct": (1, 0, 0, 1, 2),
             "suit_after_review": (0, 0, 0, 0, 0)}

T2_2021 = {"regulations": (0, 0, 0), "normative_docs": (3, 1, 27), "licensing": (1268,),
           "penalty": (57,), "coercion": (0,), "admin_fees": (12.5,)}
T2_2019 = {"regulations": (0, 0, 0), "normative_docs": (4, 4, 31),
           "licensing": (12, -2, 986), "other_services": (5, 0, 133),
           "penalty": (8, 1, 42), "coercion": (2, 0, 3), "admin_fees": (1, 0),
           "procurement": (12, "1234.56万元")}


@dataclass
class Spec:
    agency: str
    year: int
    layout: str
    t2: dict
    t3: dict = field(default_factory=dict)
    t4: dict = field(default_factory=lambda: dict(T4_VALUES))
    thousands: bool = False  # counts of 1000 and more printed as ``1,268``
    amount_unit_in_header: bool = False  # ``采购总金额（万元）`` over a bare ``1234.56``

    def expected(self, *, zeros_blank: bool) -> dict[str, tuple[str, object]]:
        """cell id -> (status, value) as a human reads the rendered document."""
        out: dict[str, tuple[str, object]] = {}

        def put(cid: str, value: object) -> None:
            if isinstance(value, str):  # an amount with its unit
                out[cid] = ("number", float(value.rstrip("万元")))
            elif value == 0 and zeros_blank:
                out[cid] = ("blank", None)
            else:
                out[cid] = ("number", value)

        for row, (_label, cols) in t2_layout(self.layout).items():
            for (col, _), value in zip(cols, self.t2[row], strict=True):
                put(f"t2.{row}.{col}", value)
        for row, values in self.t3.items():
            for col, value in zip(T3_COLS, values, strict=True):
                put(f"t3.{row}.{col}", value)
        for row, values in self.t4.items():
            for col, value in zip(T4_COLS, values, strict=True):
                put(f"t4.{row}.{col}", value)
        return out


def spec_2021() -> Spec:
    return Spec("南京市江宁区司法局", 2021, "2021", T2_2021, t3_values("2021"))


def spec_2019() -> Spec:
    return Spec("宁波市鄞州区市场监督管理局", 2020, "2019", T2_2019, t3_values("2019"))


def spec_2019_units() -> Spec:
    """Counts with thousands separators, the procurement unit in the column header."""
    return Spec("宁波市鄞州区市场监督管理局", 2020, "2019", T2_2019, t3_values("2019"),
                thousands=True, amount_unit_in_header=True)


def spec_2021_thousands() -> Spec:
    return Spec("南京市江宁区司法局", 2021, "2021", T2_2021, t3_values("2021"), thousands=True)


def spec_2019_first_year() -> Spec:
    """The first report under the 2019 trial layout (report year 2019)."""
    return Spec("合肥市蜀山区人民政府办公室", 2019, "2019", T2_2019, t3_values("2019"))


def cell_shown(value: object, *, zeros_blank: bool, thousands: bool = False) -> str:
    if value == 0 and zeros_blank and not isinstance(value, str):
        return ""
    if thousands and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def prose(spec: Spec) -> dict[str, list[str]]:
    """Section key -> paragraphs (real wording of the seed reports and dev pages)."""
    y = spec.year
    a = spec.agency
    basis = ("（国办公开办函〔2021〕30号）" if spec.layout == "2021"
             else "（国办公开办函〔2019〕60号）")
    apps = spec.t3["new"][-1]
    return {
        "preamble": [
            f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定和《国务院办公厅政府"
            f"信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
            f"{basis}要求，现编发《{a}{y}年政府信息公开工作年度报告》。本报告统计数据从{y}年1月"
            f"1日至{y}年12月31日。",
        ],
        "overall": [
            f"{y}年，{a}深入贯彻落实《条例》，坚持以公开为常态、不公开为例外，围绕中心工作，"
            "不断提升政务公开质量和实效，现将有关情况报告如下。",
        ],
        "overall_items": [
            ("主动公开政府信息方面。", f"{y}年主动公开政府信息385条，其中通过门户网站发布"
             "217条，政务微信公众号发布168条，及时更新机构职能、部门预决算、行政执法等信息。"),
            ("依申请公开政府信息方面。", f"{y}年共收到政府信息公开申请{apps}件，均在法定期限内"
             "予以答复。"),
            ("政府信息管理方面。", "严格执行“三审三校”“先审后发”机制，定期维护和更新相关政府"
             "信息，确保政府信息公开准确、及时。"),
            ("政府信息公开平台建设方面。", "充分发挥政府网站作为政府信息公开第一平台的作用，"
             "做好政务新媒体运维保障工作。"),
            ("监督保障方面。", "建立政务公开领导小组，明确分管领导和具体工作人员，将政务公开"
             "纳入绩效考核内容。全年未发生因履行政府信息公开职责不到位被追究的情况。"),
        ],
        "problems": [
            f"{y}年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容不够全面，"
            "部分信息更新不够及时；二是政策解读形式较为单一，图解、视频等解读方式运用较少。",
            "下一步，我局将进一步加强学习培训，提升工作人员业务能力，丰富政策解读形式，"
            "推动政府信息公开工作规范化、标准化。",
        ],
        "other": [
            f"{y}年，{a}未收取信息处理费。联系电话：025-52281234。",
        ],
    }


SECTION_TITLES = [
    ("overall", "总体情况"),
    ("active_disclosure", "主动公开政府信息情况"),
    ("applications", "收到和处理政府信息公开申请情况"),
    ("review_litigation", "政府信息公开行政复议、行政诉讼情况"),
    ("problems", "存在的主要问题及改进情况"),
    ("other", "其他需要报告的事项"),
]
NUMERALS = "一二三四五六"


# --------------------------------------------------------------------------------------------
# table layouts as merged grids: rows of (text, colspan, vmerge) with vmerge in
# {None, "restart", "continue"}; the header row count is returned beside the rows
# --------------------------------------------------------------------------------------------

def t2_rows(spec: Spec, *, zeros_blank: bool) -> list[list[tuple]]:
    groups_2021 = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
                    ["regulations", "normative_docs"]),
                   ("第二十条第（五）项", ["本年处理决定数量"], ["licensing"]),
                   ("第二十条第（六）项", ["本年处理决定数量"], ["penalty", "coercion"]),
                   ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["admin_fees"])]
    groups_2019 = [("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                    ["regulations", "normative_docs"]),
                   ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                    ["licensing", "other_services"]),
                   ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                    ["penalty", "coercion"]),
                   ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["admin_fees"]),
                   ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["procurement"])]
    labels = t2_layout(spec.layout)
    rows: list[list[tuple]] = []
    for title, heads, keys in (groups_2021 if spec.layout == "2021" else groups_2019):
        rows.append([(title, 4, None)])
        if spec.amount_unit_in_header and heads[-1] == "采购总金额":
            heads = [*heads[:-1], "采购总金额（万元）"]
        rows.append([("信息内容", 1, None)] + _spread(heads))
        for key in keys:
            shown = [cell_shown(v, zeros_blank=zeros_blank, thousands=spec.thousands)
                     for v in spec.t2[key]]
            if spec.amount_unit_in_header and key == "procurement":
                shown[-1] = shown[-1].removesuffix("万元")
            rows.append([(labels[key][0], 1, None)] + _spread(shown))
    return rows


def _spread(texts: list[str]) -> list[tuple]:
    """Fill three columns: one text spans all three, two texts give the last one two columns."""
    if len(texts) == 1:
        return [(texts[0], 3, None)]
    if len(texts) == 2:
        return [(texts[0], 1, None), (texts[1], 2, None)]
    return [(t, 1, None) for t in texts]


T3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def t3_header() -> list[list[tuple]]:
    return [
        [(T3_HEADER_NOTE, 3, "restart"), ("申请人情况", 7, None)],
        [("", 3, "continue"), ("自然人", 1, "restart"), ("法人或其他组织", 5, None),
         ("总计", 1, "restart")],
        [("", 3, "continue"), ("", 1, "continue"), ("商业企业", 1, None), ("科研机构", 1, None),
         ("社会公益组织", 1, None), ("法律服务机构", 1, None), ("其他", 1, None),
         ("", 1, "continue")],
    ]


def t3_body(spec: Spec, *, zeros_blank: bool, labels: list[tuple],
            first: bool = True) -> list[list[tuple]]:
    rows = []
    prev1 = prev2 = None
    for i, (key, l1, l2, l3) in enumerate(labels):
        values = [(cell_shown(v, zeros_blank=zeros_blank), 1, None) for v in spec.t3[key]]
        if l2 is None:
            rows.append([(l1, 3, None)] + values)
            prev1 = prev2 = None
            continue
        c1 = (l1, 1, "restart") if l1 != prev1 or (i == 0 and not first) else ("", 1, "continue")
        if l3 is None:
            rows.append([c1, (l2, 2, None)] + values)
        else:
            c2 = (l2, 1, "restart") if l2 != prev2 else ("", 1, "continue")
            rows.append([c1, c2, (l3, 1, None)] + values)
        prev1, prev2 = l1, l2 if l3 is not None else None
    return rows


def t4_rows(spec: Spec, *, zeros_blank: bool) -> list[list[tuple]]:
    heads = list(T4_COLS.values())
    values = [cell_shown(v, zeros_blank=zeros_blank) for row in T4_ROWS
              for v in spec.t4[row]]
    return [
        [("行政复议", 5, None), ("行政诉讼", 10, None)],
        [(h, 1, "restart") for h in heads] + [("未经复议直接起诉", 5, None),
                                              ("复议后起诉", 5, None)],
        [("", 1, "continue")] * 5 + [(h, 1, None) for h in heads] * 2,
        [(v, 1, None) for v in values],
    ]


# --------------------------------------------------------------------------------------------
# DOCX, the way Word/WPS writes it
# --------------------------------------------------------------------------------------------

_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _runs(text: str, font: str = "仿宋_GB2312", size: int = 32, seed: int = 0) -> str:
    """Runs cut mid-word the way editing history leaves them, with proofing marks between."""
    out = []
    pos = 0
    k = seed
    while pos < len(text):
        step = 2 + (k * 7) % 5
        chunk = text[pos:pos + step]
        k += 1
        lang = '<w:lang w:val="en-US" w:eastAsia="zh-CN"/>' if k % 2 else ""
        out.append(f'<w:r><w:rPr><w:rFonts w:ascii="{font}" w:eastAsia="{font}" '
                   f'w:hAnsi="{font}" w:hint="eastAsia"/><w:sz w:val="{size}"/>{lang}</w:rPr>'
                   f'<w:t xml:space="preserve">{_esc(chunk)}</w:t></w:r>')
        if k % 3 == 0:
            out.append('<w:proofErr w:type="spellStart"/>')
        if k % 5 == 0:
            out.append(f'<w:bookmarkStart w:id="{k}" w:name="_Hlk{k}"/><w:bookmarkEnd w:id="{k}"/>')
        pos += step
    return "".join(out)


def _p(text: str, *, font: str = "仿宋_GB2312", centre: bool = False, num: tuple | None = None,
       size: int = 32, indent: bool = True) -> str:
    ppr = []
    if num is not None:
        ppr.append(f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>')
    ppr.append('<w:spacing w:line="560" w:lineRule="exact"/>')
    if indent and not centre:
        ppr.append('<w:ind w:firstLine="640" w:firstLineChars="200"/>')
    if centre:
        ppr.append('<w:jc w:val="center"/>')
    return (f"<w:p {_NS}><w:pPr>{''.join(ppr)}</w:pPr>"
            f"{_runs(text, font, size, seed=len(text))}</w:p>")


def _tc(text: str, span: int, vmerge: str | None, width: int) -> str:
    pr = [f'<w:tcW w:w="{width * span}" w:type="dxa"/>']
    if span > 1:
        pr.append(f'<w:gridSpan w:val="{span}"/>')
    if vmerge == "restart":
        pr.append('<w:vMerge w:val="restart"/>')
    elif vmerge == "continue":
        pr.append("<w:vMerge/>")
    pr.append('<w:vAlign w:val="center"/>')
    paras = text.split("\n") if text else [""]
    body = "".join(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
                   f'{_runs(t, "宋体", 21, seed=len(t)) if t else ""}</w:p>' for t in paras)
    return f"<w:tc><w:tcPr>{''.join(pr)}</w:tcPr>{body}</w:tc>"


def _tbl(rows: list[list[tuple]], n_cols: int, *, header_rows: int = 0,
         ghost: bool = False) -> str:
    """A Word table; ``ghost`` adds the sliver of a grid column that editing leaves at the
    right edge: some rows span their last cell over it, others end early (``gridAfter``)."""
    width = 9000 // n_cols
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(n_cols))
    if ghost:
        grid += '<w:gridCol w:w="57"/>'
    borders = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    out = [f'<w:tbl {_NS}><w:tblPr><w:tblW w:w="9000" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>'
           f"<w:tblGrid>{grid}</w:tblGrid>"]
    for r, row in enumerate(rows):
        props = "<w:tblHeader/>" if r < header_rows else ""
        if ghost and r % 2:
            row = row[:-1] + [(row[-1][0], row[-1][1] + 1, row[-1][2])]
        elif ghost:
            props = '<w:gridAfter w:val="1"/><w:wAfter w:w="57" w:type="dxa"/>' + props
        trpr = f"<w:trPr>{props}</w:trPr>" if props else ""
        out.append(f"<w:tr>{trpr}{''.join(_tc(t, s, v, width) for t, s, v in row)}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


_NUMBERING = f"""<w:numbering {_NS}>
<w:abstractNum w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
<w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>
<w:num w:numId="7"><w:abstractNumId w:val="90"/></w:num>
</w:numbering>"""


_HEADING_STYLE = f"""<w:style {_NS} w:type="paragraph" w:customStyle="1" w:styleId="gk1">
<w:name w:val="公开年报标题一"/><w:basedOn w:val="Normal"/><w:qFormat/>
<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr>
<w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:style>"""


def build_docx(path: Path, spec: Spec, *, zeros_blank: bool = True, split_t3: bool = True,
               auto_numbering: bool = True, style_numbering: bool = False,
               title_break: bool = False, heading_in_table: bool = False,
               ghost: bool = False, t2_split: bool = False, wps: bool = False) -> Path:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import XmlPart
    from lxml import etree

    document = docx.Document()
    body = document.element.body
    sect = body[-1]
    blocks: list[str] = []
    text = prose(spec)
    if title_break:  # one centred paragraph, the agency and the rest on two lines
        title = _p(spec.agency + "\u2028" + f"{spec.year}年政府信息公开工作年度报告",
                   font="方正小标宋简体", centre=True, size=44)
        blocks.append(title.replace("\u2028", '</w:t></w:r><w:r><w:br/><w:t>'))
    else:
        blocks.append(_p(spec.agency, font="方正小标宋简体", centre=True, size=44))
        blocks.append(_p(f"{spec.year}年政府信息公开工作年度报告", font="方正小标宋简体",
                         centre=True, size=44))
    blocks.append(_p(""))
    blocks += [_p(t) for t in text["preamble"]]

    def heading(i: int) -> str:
        title = SECTION_TITLES[i][1]
        if style_numbering:
            return _p(title, font="黑体").replace("<w:pPr>", '<w:pPr><w:pStyle w:val="gk1"/>', 1)
        if auto_numbering:
            return _p(title, font="黑体", num=("7", 0), indent=True)
        return _p(f"{NUMERALS[i]}、{title}", font="黑体")

    blocks.append(heading(0))
    blocks += [_p(t) for t in text["overall"]]
    for j, (lead, rest) in enumerate(text["overall_items"]):
        if auto_numbering:
            blocks.append(_p(lead + rest, num=("7", 1)))
        else:
            blocks.append(_p(f"（{NUMERALS[j]}）{lead}{rest}"))
    blocks.append(heading(1))
    t2 = t2_rows(spec, zeros_blank=zeros_blank)
    if t2_split:  # one small table per 第二十条 item, its caption a paragraph above it
        starts = [k for k, row in enumerate(t2) if len(row) == 1]
        for a, b in zip(starts, [*starts[1:], len(t2)], strict=True):
            blocks.append(_p(t2[a][0][0], indent=True))
            blocks.append(_tbl(t2[a + 1:b], 4, ghost=ghost))
    else:
        blocks.append(_tbl(t2, 4, ghost=ghost))
    if not heading_in_table:
        blocks.append(heading(2))
    labels = T3_LABELS_2021 if spec.layout == "2021" else T3_LABELS_2019
    if heading_in_table:  # the section title typed into a first merged row of the table
        caption = [[(f"{NUMERALS[2]}、{SECTION_TITLES[2][1]}", 10, None)]]
        blocks.append(_tbl(caption + t3_header() + t3_body(spec, zeros_blank=zeros_blank,
                                                            labels=labels), 10, header_rows=4))
    elif split_t3:
        cut = 9  # after （三）不予公开 5.
        blocks.append(_tbl(t3_header() + t3_body(spec, zeros_blank=zeros_blank,
                                                  labels=labels[:cut]), 10, header_rows=3))
        blocks.append(_p("", indent=False))
        blocks.append(_tbl(t3_header() + t3_body(spec, zeros_blank=zeros_blank,
                                                  labels=labels[cut:], first=False),
                           10, header_rows=3))
    else:
        blocks.append(_tbl(t3_header() + t3_body(spec, zeros_blank=zeros_blank,
                                                  labels=labels), 10, header_rows=3,
                           ghost=ghost))
    blocks.append(heading(3))
    blocks.append(_tbl(t4_rows(spec, zeros_blank=zeros_blank), 15, header_rows=3,
                       ghost=ghost))
    blocks.append(heading(4))
    blocks += [_p(t) for t in text["problems"]]
    blocks.append(heading(5))
    blocks += [_p(t) for t in text["other"]]
    for xml in blocks:
        if wps:  # WPS spells out the continuation of a vertical merge
            xml = xml.replace("<w:vMerge/>", '<w:vMerge w:val="continue"/>')
        sect.addprevious(etree.fromstring(xml))
    if style_numbering:
        document.styles.element.append(etree.fromstring(_HEADING_STYLE))
    if auto_numbering or style_numbering:
        try:
            part = document.part.numbering_part
            part._element = etree.fromstring(_NUMBERING)
        except NotImplementedError:
            part = XmlPart(PackURI("/word/numbering.xml"),
                           "application/vnd.openxmlformats-officedocument."
                           "wordprocessingml.numbering+xml",
                           etree.fromstring(_NUMBERING), document.part.package)
            document.part.relate_to(part, RT.NUMBERING)
    document.save(path)
    return path


# --------------------------------------------------------------------------------------------
# PDF, as exported from such a document (reportlab, STSong-Light)
# --------------------------------------------------------------------------------------------

def _filled_rules(table_class):
    """A Table class whose rules are thin filled rectangles, as Word and WPS export borders."""

    class FilledRules(table_class):
        def draw(self) -> None:
            canv = self.canv

            def bar(x1, y1, x2, y2) -> None:
                canv.rect(min(x1, x2) - 0.3, min(y1, y2) - 0.3, abs(x2 - x1) + 0.6,
                          abs(y2 - y1) + 0.6, stroke=0, fill=1)

            canv.line = bar
            canv.lines = lambda segments: [bar(*seg) for seg in segments]
            try:
                super().draw()
            finally:
                del canv.line, canv.lines

    return FilledRules


def _pdf_table(rows: list[list[tuple]], n_cols: int, widths: list[float], *, ruled: bool | str,
               header_rows: int, style, rects: bool = False, align: str = "CENTER"):
    """A reportlab Table from the merged-grid rows (vMerge/gridSpan become SPAN commands)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    if rects:
        Table = _filled_rules(Table)  # noqa: N806 - the class to build with

    data = [["" for _ in range(n_cols)] for _ in rows]
    commands = [("FONT", (0, 0), (-1, -1), "STSong-Light", 9),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (-1, -1), align)]
    if ruled == "horizontal":  # only the rules between rows, no column rules
        commands += [("LINEABOVE", (0, 0), (-1, 0), 0.6, "black"),
                     ("LINEBELOW", (0, 0), (-1, -1), 0.6, "black")]
    elif ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.6, "black"))
    starts: dict[int, tuple[int, int]] = {}  # column -> (row, span) of an open vMerge
    for r, row in enumerate(rows):
        c = 0
        for text, span, vmerge in row:
            if vmerge == "continue":
                c += span
                continue
            if vmerge == "restart":
                starts[c] = (r, span)
            wide = sum(widths[c:c + span])
            if len(text) * 9 > wide - 4 and "\n" not in text:
                data[r][c] = Paragraph(text, style)
            else:
                data[r][c] = text
            if span > 1 and vmerge is None:
                commands.append(("SPAN", (c, r), (c + span - 1, r)))
            c += span
        # close vMerges that do not continue into the next row
        nxt = rows[r + 1] if r + 1 < len(rows) else []
        cols_next, c2 = {}, 0
        for _t, span, vmerge in nxt:
            cols_next[c2] = vmerge
            c2 += span
        for col, (r0, span) in list(starts.items()):
            if cols_next.get(col) != "continue":
                commands.append(("SPAN", (col, r0), (col + span - 1, r)))
                del starts[col]
    return Table(data, colWidths=widths, repeatRows=header_rows, style=TableStyle(commands))


FILLER = ("在主动公开方面，严格落实政府信息公开属性源头认定机制，对公文类信息在拟制环节即明确"
          "公开属性，做到应公开尽公开；同时加强对已公开信息的动态管理，及时清理过时信息。")


def build_pdf(path: Path, spec: Spec, *, ruled: bool | str = True, zeros_blank: bool = False,
              filler: int = 0, justify: bool = False, footer: str = "- {n} -",
              rects: bool = False, repeat_header: bool = True, align: str = "CENTER",
              narrow: bool = False) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=20,
                          firstLineIndent=24, wordWrap="CJK", alignment=4 if justify else 0)
    head = ParagraphStyle("head", parent=body, fontSize=13)
    title = ParagraphStyle("title", parent=body, fontSize=18, leading=28, alignment=1,
                           firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=9, leading=11,
                          wordWrap="CJK", alignment=1)
    text = prose(spec)
    running = f"{spec.agency}{spec.year}年政府信息公开工作年度报告"

    def decorate(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        if doc.page > 1:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 12 * mm, running)
            canvas.line(20 * mm, A4[1] - 14 * mm, A4[0] - 20 * mm, A4[1] - 14 * mm)
        canvas.setFont("STSong-Light", 11)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, footer.format(n=doc.page))
        canvas.restoreState()

    story = [Paragraph(spec.agency, title),
             Paragraph(f"{spec.year}年政府信息公开工作年度报告", title), Spacer(1, 8)]
    story += [Paragraph(t, body) for t in text["preamble"]]
    story.append(Paragraph(f"一、{SECTION_TITLES[0][1]}", head))
    story += [Paragraph(t, body) for t in text["overall"]]
    story += [Paragraph(FILLER, body) for _ in range(filler)]
    story += [Paragraph(f"（{NUMERALS[j]}）{lead}{rest}", body)
              for j, (lead, rest) in enumerate(text["overall_items"])]
    story.append(Paragraph(f"二、{SECTION_TITLES[1][1]}", head))
    t2_heads = t2_rows(spec, zeros_blank=zeros_blank)
    for row in t2_heads:  # two-line header cells, as a narrow column wraps them
        for k, (t, s, v) in enumerate(row):
            if t.startswith(("本年", "现行", "对外", "上一年", "采购", "处理")) and len(t) > 4:
                row[k] = (t[:4] + "\n" + t[4:], s, v)
    story.append(_pdf_table(t2_heads, 4, [150, 110, 110, 110], ruled=ruled, header_rows=0,
                            style=cell, rects=rects, align=align))
    story.append(Paragraph(f"三、{SECTION_TITLES[2][1]}", head))
    labels = T3_LABELS_2021 if spec.layout == "2021" else T3_LABELS_2019
    header = t3_header()
    header[1][1] = ("自然\n人", 1, "restart")
    header[2][5] = ("法律服\n务机构", 1, None)
    header[2][4] = ("社会公\n益组织", 1, None)
    widths = [16, 40, 144] if narrow else [40, 40, 120]
    story.append(_pdf_table(header + t3_body(spec, zeros_blank=zeros_blank, labels=labels), 10,
                            widths + [40] * 7, ruled=ruled,
                            header_rows=3 if repeat_header else 0, style=cell,
                            rects=rects, align=align))
    story.append(Paragraph(f"四、{SECTION_TITLES[3][1]}", head))
    rows4 = t4_rows(spec, zeros_blank=zeros_blank)
    rows4[2] = [(t if len(t) < 4 else t[:2] + "\n" + t[2:], s, v) for t, s, v in rows4[2]]
    rows4[1] = [(t if len(t) < 4 or s > 1 else t[:2] + "\n" + t[2:], s, v)
                for t, s, v in rows4[1]]
    story.append(_pdf_table(rows4, 15, [31] * 15, ruled=ruled, header_rows=0, style=cell,
                            rects=rects, align=align))
    story.append(Paragraph(f"五、{SECTION_TITLES[4][1]}", head))
    story += [Paragraph(t, body) for t in text["problems"]]
    story.append(Paragraph(f"六、{SECTION_TITLES[5][1]}", head))
    story += [Paragraph(t, body) for t in text["other"]]
    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=25 * mm, rightMargin=25 * mm,
                            topMargin=22 * mm, bottomMargin=22 * mm, invariant=1)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


# --------------------------------------------------------------------------------------------
# comparison
# --------------------------------------------------------------------------------------------

def compare(report, expected: dict[str, tuple[str, object]]) -> list[str]:
    """Differences between what a human reads and what gkmine extracted (empty: all exact)."""
    got = {c.id: c for c in report.cells}
    wrong = []
    for cid, (status, value) in expected.items():
        cell = got.get(cid)
        if cell is None:
            wrong.append(f"{cid}: absent")
            continue
        seen = cell.amount_wan if cid.endswith("procurement.amount") else cell.value
        if cell.status != status or (value is not None and seen != value) \
                or (value is None and cell.value is not None):
            wrong.append(f"{cid}: want {status} {value!r}, got {cell.status} {cell.value!r} "
                         f"raw={cell.raw!r}")
    return wrong


def check_document(report, spec: Spec, *, zeros_blank: bool) -> None:
    assert report.status in ("ok", "partial"), report.error
    assert report.meta.layout == spec.layout
    assert report.meta.year == spec.year
    assert report.meta.agency == spec.agency
    keys = [s.key for s in report.sections]
    assert keys == [k for k, _ in SECTION_TITLES], keys
    wrong = compare(report, spec.expected(zeros_blank=zeros_blank))
    assert not wrong, "\n".join(wrong)
    # the documents are consistent: the identities and the narrative claims all hold
    failed = [f"{c.rule}: {c.message}" for c in report.checks if not c.passed]
    assert report.checks and not failed, failed


CASES = {
    "docx2021": (spec_2021, "docx", {"zeros_blank": True, "split_t3": True}),
    "docx2021_plain": (spec_2021, "docx", {"zeros_blank": False, "split_t3": False,
                                           "auto_numbering": False}),
    "docx2019": (spec_2019, "docx", {"zeros_blank": True, "split_t3": True}),
    "docx2021_ghost": (spec_2021, "docx", {"zeros_blank": True, "split_t3": False,
                                           "ghost": True}),
    "docx2019_ghost": (spec_2019, "docx", {"zeros_blank": False, "split_t3": False,
                                           "ghost": True}),
    "docx2021_styles": (spec_2021, "docx", {"zeros_blank": True, "style_numbering": True,
                                            "title_break": True}),
    "docx2019_caption_row": (spec_2019, "docx", {"zeros_blank": False, "auto_numbering": False,
                                                 "heading_in_table": True}),
    "pdf2021": (spec_2021, "pdf", {"ruled": True}),
    "pdf2019": (spec_2019, "pdf", {"ruled": True, "zeros_blank": True}),
    "pdf2021_unruled": (spec_2021, "pdf", {"ruled": False}),
    "pdf2021_split": (spec_2021, "pdf", {"ruled": True, "filler": 5}),
    "pdf2021_split_blank": (spec_2021, "pdf", {"ruled": True, "filler": 7, "zeros_blank": True}),
    "pdf2021_unruled_split": (spec_2021, "pdf", {"ruled": False, "filler": 5}),
    "pdf2021_unruled_blank": (spec_2021, "pdf", {"ruled": False, "zeros_blank": True}),
    "pdf2019_split": (spec_2019, "pdf", {"ruled": True, "filler": 3}),
    "pdf2019_unruled_blank_split": (spec_2019, "pdf", {"ruled": False, "filler": 3,
                                                       "zeros_blank": True}),
    "pdf2021_rects": (spec_2021, "pdf", {"ruled": True, "rects": True, "filler": 5,
                                         "zeros_blank": True}),
    "pdf2019_rects": (spec_2019, "pdf", {"ruled": True, "rects": True}),
    "pdf2021_norepeat": (spec_2021, "pdf", {"ruled": True, "filler": 5, "zeros_blank": True,
                                            "repeat_header": False}),
    "pdf2021_unruled_norepeat": (spec_2021, "pdf", {"ruled": False, "filler": 5,
                                                    "zeros_blank": True, "repeat_header": False}),
    "docx2019_first_year": (spec_2019_first_year, "docx", {"zeros_blank": True}),
    "docx2019_units": (spec_2019_units, "docx", {"zeros_blank": True, "t2_split": True,
                                                 "wps": True}),
    "docx2021_t2_split": (spec_2021_thousands, "docx", {"zeros_blank": False, "t2_split": True}),
    "pdf2019_units": (spec_2019_units, "pdf", {"ruled": True}),
    "pdf2019_units_unruled": (spec_2019_units, "pdf", {"ruled": False, "zeros_blank": True}),
    "pdf2021_unruled_right": (spec_2021_thousands, "pdf", {"ruled": False, "zeros_blank": True,
                                                         "align": "RIGHT", "filler": 4}),
    "pdf2019_unruled_right": (spec_2019, "pdf", {"ruled": False, "zeros_blank": True,
                                                 "align": "RIGHT"}),
    "pdf2021_vertical": (spec_2021, "pdf", {"ruled": True, "narrow": True, "filler": 5}),
    "pdf2021_unruled_vertical": (spec_2021, "pdf", {"ruled": False, "narrow": True,
                                                    "zeros_blank": True}),
    "pdf2019_unruled_vertical": (spec_2019, "pdf", {"ruled": False, "narrow": True}),
    "pdf2021_hrules": (spec_2021, "pdf", {"ruled": "horizontal", "zeros_blank": True,
                                          "filler": 4}),
    "pdf2019_hrules": (spec_2019, "pdf", {"ruled": "horizontal"}),
    "pdf2021_justified": (spec_2021, "pdf", {"ruled": True, "filler": 6, "justify": True,
                                             "footer": "第 {n} 页"}),
    "pdf2021_unruled_justified": (spec_2021, "pdf", {"ruled": False, "filler": 6,
                                                     "justify": True, "zeros_blank": True}),
    "pdf2019_unruled": (spec_2019, "pdf", {"ruled": False}),
}


def build_case(name: str, tmp_path: Path):
    make_spec, kind, options = CASES[name]
    spec = make_spec()
    path = tmp_path / f"{name}.{kind}"
    (build_docx if kind == "docx" else build_pdf)(path, spec, **options)
    return spec, path, options.get("zeros_blank", False)


@pytest.mark.parametrize("name", list(CASES))
def test_office_document(name: str, tmp_path: Path) -> None:
    spec, path, zeros_blank = build_case(name, tmp_path)
    report = parse_document(path)
    check_document(report, spec, zeros_blank=zeros_blank)


def test_docx_auto_numbering_reaches_text(tmp_path: Path) -> None:
    spec, path, _ = build_case("docx2021", tmp_path)
    report = parse_document(path)
    assert "一、总体情况" in report.text
    assert "（二）依申请公开政府信息方面" in report.text
    assert "六、其他需要报告的事项" in report.text


def test_pdf_cells_keep_page_and_box(tmp_path: Path) -> None:
    """t3 runs over a page break: cells after it come from the next page, with their box;
    the page number and the repeated running header do not reach the section text."""
    spec, path, _ = build_case("pdf2021_split", tmp_path)
    report = parse_document(path)
    t3 = {c.row: c for c in report.cells if c.table == "t3" and c.col == "total"}
    assert t3["new"].page == 2 and t3["carried_out"].page == 3
    assert all(c.bbox is not None for c in t3.values())
    body = report.section("applications").text
    assert "- 2 -" not in body and "- 3 -" not in body
    assert f"{spec.agency}{spec.year}年政府信息公开工作年度报告" not in report.text[200:]


def test_unruled_pdf_header_cells_read_in_order(tmp_path: Path) -> None:
    """A header cell printed over two lines in a table without ruling reads 自然人, not 自人然."""
    _spec, path, _ = build_case("pdf2021_unruled_blank", tmp_path)
    report = parse_document(path)
    assert "自然人" in report.section("applications").text


def test_unruled_pdf_prose_still_joins(tmp_path: Path) -> None:
    """Space-aligned table lines do not make the wrapped prose look short (and unjoined)."""
    _spec, path, _ = build_case("pdf2021_unruled_justified", tmp_path)
    report = parse_document(path)
    assert "规定和《国务院办公厅政府信息与政务公开办公室" in report.text


@pytest.mark.parametrize("name", ["pdf2021_unruled_split", "docx2021", "pdf2021_rects"])
def test_cells_point_at_their_source(name: str, tmp_path: Path) -> None:
    """Every number cell's offsets give back its raw text; PDF cells know their page even
    when the table is positioned text only (t3 starts on page 2, continues on page 3)."""
    _spec, path, _ = build_case(name, tmp_path)
    report = parse_document(path)
    numbers = [c for c in report.cells if c.status == "number"]
    assert numbers and all(report.text[c.start:c.end] == c.raw for c in numbers)
    if name.startswith("pdf"):
        assert all(c.page is not None for c in numbers)
        t3 = {c.row: c.page for c in numbers if c.table == "t3" and c.col == "total"}
        assert (t3["new"], t3["carried_out"]) == (2, 3)
