"""Real-world QA: annual reports as government CMSs publish them on the web.

The pages are generated here the way real sites produce them (not with gkmine's renderer):
TRS/WCM ``<div class="TRS_Editor">`` articles, 政府信息公开平台 detail pages with a
索引号/发布机构/发文日期 metadata table, breadcrumbs, share and print widgets, footers with
网站标识码 and ICP备案, content pasted from Word (``MsoNormal`` paragraphs, ``<o:p>``,
``&nbsp;`` indentation, runs split inside a number), headings in ``<strong>``/``<b>``,
statutory tables with ``rowspan``/``colspan`` headers and label columns, zero cells left empty
or holding ``&nbsp;``, whole pages laid out with ``<table>``, GBK pages declaring gb2312, and
traditional-character mirrors. Both the 2021 and the 2019 (trial) layouts are covered.

Each test reads the page through :func:`gkmine.pipeline.parse_document` and asserts what a
careful human reads on the page: every canonical cell, the metadata and the sections.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from gkmine.keys import T3_COLS, T4_COLS, T4_ROWS, t3_rows, table_shape
from gkmine.pipeline import parse_document

# --------------------------------------------------------------------------------------------
# figures: a consistent set of statutory values (identities H1–H4 hold) from a seed
# --------------------------------------------------------------------------------------------

_RESULT_GROUPS_2021 = [
    ("（一）予以公开", [("disclosed", None)]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("partial", None)]),
    ("（三）不予公开", [
        ("withheld_state_secret", "1.属于国家秘密"),
        ("withheld_law_prohibited", "2.其他法律行政法规禁止公开"),
        ("withheld_security_stability", "3.危及“三安全一稳定”"),
        ("withheld_third_party", "4.保护第三方合法权益"),
        ("withheld_internal_affairs", "5.属于三类内部事务信息"),
        ("withheld_process_info", "6.属于四类过程性信息"),
        ("withheld_enforcement_file", "7.属于行政执法案卷"),
        ("withheld_admin_query", "8.属于行政查询事项")]),
    ("（四）无法提供", [
        ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
        ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
        ("unavailable_unclear", "3.补正后申请内容仍不明确")]),
    ("（五）不予处理", [
        ("not_processed_petition", "1.信访举报投诉类申请"),
        ("not_processed_repeat", "2.重复申请"),
        ("not_processed_publication", "3.要求提供公开出版物"),
        ("not_processed_mass_repeat", "4.无正当理由大量反复申请"),
        ("not_processed_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息")]),
    ("（六）其他处理", [
        ("other_no_correction",
         "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        ("other_no_fee_paid",
         "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        ("other_other", "3.其他")]),
    ("（七）总计", [("total_processed", None)]),
]
_RESULT_GROUPS_2019 = [*_RESULT_GROUPS_2021[:5], ("（六）其他处理", [("other", None)]),
                       _RESULT_GROUPS_2021[-1]]


@dataclass(frozen=True)
class Shown:
    """A value printed in a decorated form (``16,368件``, ``１２``)."""

    value: object
    text: str


@dataclass
class Figures:
    """The values of t2/t3/t4 (None: the page leaves the cell empty)."""

    layout: str
    t2: dict[tuple[str, str], object] = field(default_factory=dict)
    t3: dict[tuple[str, str], int | None] = field(default_factory=dict)
    t4: dict[tuple[str, str], int | None] = field(default_factory=dict)
    #: 2019: the unit of 采购总金额 printed in the header (True: 万元), not in the cell
    amount_unit_in_header: bool | str = False


def decorate(fig: Figures) -> Figures:
    """Marks and suffixes real pages print: ``/`` for 规章 (no rule-making power), ``1,234件``,
    ``—`` for the whole 复议后起诉 block."""
    for key in list(fig.t2):
        if key[0] == "regulations":
            fig.t2[key] = "/"
    for key in (("licensing", "decisions"), ("penalty", "decisions")):
        v = fig.t2[key]
        fig.t2[key] = Shown(v, f"{v:,}件")
    for key in list(fig.t4):
        if key[0] == "suit_after_review":
            fig.t4[key] = "—"
    return fig


def make_figures(seed: int, layout: str, *, blank_zero: bool) -> Figures:
    """Consistent figures; with ``blank_zero`` the page leaves zero cells empty."""
    rnd = random.Random(seed)
    fig = Figures(layout)
    if layout == "2021":
        fig.t2 = {("regulations", "issued"): 0, ("regulations", "repealed"): 0,
                  ("regulations", "in_force"): 0,
                  ("normative_docs", "issued"): rnd.randint(1, 9),
                  ("normative_docs", "repealed"): rnd.randint(0, 3),
                  ("normative_docs", "in_force"): rnd.randint(10, 60),
                  ("licensing", "decisions"): rnd.randint(100, 3000),
                  ("penalty", "decisions"): rnd.randint(5, 400),
                  ("coercion", "decisions"): rnd.randint(0, 9),
                  ("admin_fees", "amount_wan"): round(rnd.uniform(1, 900), 2)}
    else:
        fig.t2 = {("regulations", "made"): 0, ("regulations", "published"): 0,
                  ("regulations", "public_total"): 0,
                  ("normative_docs", "made"): rnd.randint(1, 9),
                  ("normative_docs", "published"): rnd.randint(1, 9),
                  ("normative_docs", "public_total"): rnd.randint(10, 60),
                  ("licensing", "prev_count"): rnd.randint(20, 90),
                  ("licensing", "change"): rnd.randint(-5, -1),
                  ("licensing", "decisions"): rnd.randint(100, 3000),
                  ("other_services", "prev_count"): rnd.randint(5, 30),
                  ("other_services", "change"): rnd.randint(1, 4),
                  ("other_services", "decisions"): rnd.randint(10, 90),
                  ("penalty", "prev_count"): rnd.randint(100, 900),
                  ("penalty", "change"): 0,
                  ("penalty", "decisions"): rnd.randint(5, 400),
                  ("coercion", "prev_count"): rnd.randint(5, 50),
                  ("coercion", "change"): 0,
                  ("coercion", "decisions"): rnd.randint(0, 9),
                  ("admin_fees", "prev_count"): rnd.randint(1, 9),
                  ("admin_fees", "change"): 0,
                  ("procurement", "projects"): rnd.randint(2, 40),
                  ("procurement", "amount"): round(rnd.uniform(100, 5000), 2)}
    rows = t3_rows(layout)
    results = [r for r in rows if r not in ("new", "carried_in", "total_processed",
                                             "carried_out")]
    cols = [c for c in T3_COLS if c != "total"]
    busy = {"disclosed", "partial", "unavailable_not_held", "not_processed_repeat",
            "withheld_third_party", "other_other", "other"}
    for col in cols:
        active = col in ("natural_person", "commercial", "other_org")
        for row in results:
            fig.t3[(row, col)] = rnd.randint(1, 12) if active and row in busy else 0
        processed = sum(fig.t3[(r, col)] for r in results)
        carried_out = rnd.randint(0, 3) if active else 0
        carried_in = min(rnd.randint(0, 2), processed + carried_out) if active else 0
        fig.t3[("total_processed", col)] = processed
        fig.t3[("carried_out", col)] = carried_out
        fig.t3[("carried_in", col)] = carried_in
        fig.t3[("new", col)] = processed + carried_out - carried_in
    for row in rows:
        fig.t3[(row, "total")] = sum(fig.t3[(row, c)] for c in cols)
    review = [rnd.randint(0, 3), rnd.randint(0, 2), 0, rnd.randint(0, 1)]
    direct = [rnd.randint(0, 2), 0, 0, rnd.randint(0, 1)]
    after = [0, 0, 0, 0]
    for row, vals in zip(T4_ROWS, (review, direct, after), strict=True):
        for col, v in zip(list(T4_COLS)[:4], vals, strict=True):
            fig.t4[(row, col)] = v
        fig.t4[(row, "total")] = sum(vals)
    if blank_zero:
        for table in (fig.t3, fig.t4):
            for key, v in table.items():
                if v == 0:
                    table[key] = None
    return fig


# --------------------------------------------------------------------------------------------
# cell markup the way editors and Word produce it
# --------------------------------------------------------------------------------------------

_WORD_TD = ("<td width={w} valign=center style='width:{w}pt;border:solid windowtext 1.0pt;"
            "border-top:none;padding:0cm 5.4pt 0cm 5.4pt'>")


def _num(v, style: str, rnd: random.Random) -> str:
    """A value cell's inner markup; None is an empty cell as editors leave it."""
    if isinstance(v, Shown):
        v = v.text
    if v is None:
        return rnd.choice(["", "&nbsp;", "<p class=MsoNormal><span lang=EN-US>&nbsp;<o:p></o:p>"
                                       "</span></p>"]) if style == "word" else rnd.choice(
            ["", "&nbsp;"])
    s = str(v)
    if style == "word":
        if len(s) >= 2 and rnd.random() < 0.5:  # Word splits runs inside a number
            s = (f"<span lang=EN-US style='font-size:10.5pt'>{s[0]}</span>"
                 f"<span lang=EN-US style='font-size:10.5pt'>{s[1:]}</span>")
        else:
            s = f"<span lang=EN-US style='font-size:10.5pt;font-family:\"仿宋_GB2312\"'>{s}</span>"
        return f"<p class=MsoNormal align=center style='text-align:center'>{s}<o:p></o:p></p>"
    if style == "trs":
        return f"<p style=\"text-align:center\"><span style=\"font-size:14px\">{s}</span></p>"
    if style == "flat":  # typed with a Chinese input method: full-width digits, stray spaces
        wide = s.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
        return rnd.choice([s, wide, f"{s}&nbsp;", f" {s} "])
    return s


def _label(text: str, style: str) -> str:
    if style == "word":
        # long labels wrap in Word cells; the wrap becomes a <br> or separate runs
        text = text.replace("（区分处理的", "<br>（区分处理的").replace("政府信息公开申请数量",
                                                                  "政府信息<br>公开申请数量")
        return (f"<p class=MsoNormal align=left style='text-align:left'><span style='font-size:"
                f"10.5pt;font-family:宋体'>{text}<o:p></o:p></span></p>")
    if style == "trs":
        return f"<p><span style=\"font-size:14px\">{text}</span></p>"
    if style == "flat":
        if text == "三、本年度办理结果":  # a narrow column: one character a line
            return "<br>".join(text)
        spaced = {"规章": "规\u3000\u3000章", "行政许可": "行政&nbsp;&nbsp;许可",
                  "自然人": "自 然 人", "总计": "总&nbsp;&nbsp;计"}
        return spaced.get(text, text.replace("件数", "<br>件数"))
    return text


def _td(inner: str, style: str, *, rowspan: int = 1, colspan: int = 1) -> str:
    if style == "br" and not any(ch.isdigit() for ch in inner) and inner.strip("&nbsp;"):
        return _th(inner, rowspan=rowspan, colspan=colspan)
    attrs = ""
    if rowspan > 1:
        attrs += f" rowspan=\"{rowspan}\""
    if colspan > 1:
        attrs += f" colspan=\"{colspan}\""
    if style == "word":
        return _WORD_TD.format(w=60).replace("<td", f"<td{attrs}", 1) + inner + "</td>"
    return f"<td{attrs}>{inner}</td>"


def _th(inner: str, *, rowspan: int, colspan: int) -> str:
    attrs = (f" rowspan={rowspan}" if rowspan > 1 else "") + (
        f" colspan={colspan}" if colspan > 1 else "")
    return f"<th{attrs}>{inner}</th>"


def _table(rows: list[str], style: str) -> str:
    if style == "word":
        head = ("<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=600 "
                "style='width:450.0pt;border-collapse:collapse;mso-yfti-tbllook:1184'>")
    elif style == "trs":
        head = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" align=\"center\">"
    else:
        head = "<table class=\"xxgk-table\" border=1>"
    body = "\n".join(f"<tr>{r}</tr>" for r in rows)
    if style == "word":  # Word closes a table with a zero-height row of its column widths
        widths = "".join("<td width=48 style='border:none'></td>" for _ in range(10))
        body += ("\n<![if !supportMisalignedColumns]><tr height=0>" + widths
                 + "</tr><![endif]>")
    return f"{head}<tbody>\n{body}\n</tbody></table>"


def t2_html(fig: Figures, style: str, rnd: random.Random, *, split: bool | str = False) -> str:
    """The t2 table; ``split`` prints one table per 第二十条 item, as many sites do."""
    rows = _t2_rows(fig, style, rnd)
    if not split:
        return _table(rows, style)
    starts = [i for i, r in enumerate(rows) if "第二十条第" in r] + [len(rows)]
    return "\n".join(_table(rows[a:b], style) for a, b in zip(starts, starts[1:], strict=False))


def _t2_rows(fig: Figures, style: str, rnd: random.Random) -> list[str]:
    g = fig.t2
    td = lambda inner, **k: _td(inner, style, **k)  # noqa: E731
    lab = lambda s: td(_label(s, style))  # noqa: E731
    num = lambda key, **k: td(_num(g[key], style, rnd), **k)  # noqa: E731
    if fig.layout == "2021":
        rows = [td(_label("第二十条第（一）项", style), colspan=4),
                "".join([lab("信息内容"), lab("本年制发件数"), lab("本年废止件数"),
                         lab("现行有效件数")])]
        for row, name in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
            rows.append(lab(name) + "".join(num((row, c)) for c in ("issued", "repealed",
                                                                    "in_force")))
        for item, names in (("（五）", [("licensing", "行政许可")]),
                            ("（六）", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
            rows.append(td(_label(f"第二十条第{item}项", style), colspan=4))
            rows.append(lab("信息内容") + td(_label("本年处理决定数量", style), colspan=3))
            for row, name in names:
                rows.append(lab(name) + num((row, "decisions"), colspan=3))
        rows.append(td(_label("第二十条第（八）项", style), colspan=4))
        rows.append(lab("信息内容") + td(_label("本年收费金额（单位：万元）", style), colspan=3))
        rows.append(lab("行政事业性收费") + num(("admin_fees", "amount_wan"), colspan=3))
        return rows
    rows = [td(_label("第二十条第（一）项", style), colspan=4),
            lab("信息内容") + lab("本年新制作数量") + lab("本年新公开数量") + lab("对外公开总数量")]
    for row, name in (("regulations", "规章"), ("normative_docs", "规范性文件")):
        rows.append(lab(name) + "".join(num((row, c)) for c in ("made", "published",
                                                                "public_total")))
    for item, names in (("（五）", [("licensing", "行政许可"),
                                   ("other_services", "其他对外管理服务事项")]),
                        ("（六）", [("penalty", "行政处罚"), ("coercion", "行政强制")])):
        rows.append(td(_label(f"第二十条第{item}项", style), colspan=4))
        rows.append(lab("信息内容") + lab("上一年项目数量") + lab("本年增/减")
                    + lab("处理决定数量"))
        for row, name in names:
            change = g[(row, "change")]
            shown = f"+{change}" if change > 0 else str(change)
            rows.append(lab(name) + num((row, "prev_count"))
                        + td(_num(shown, style, rnd)) + num((row, "decisions")))
    rows.append(td(_label("第二十条第（八）项", style), colspan=4))
    rows.append(lab("信息内容") + lab("上一年项目数量") + td(_label("本年增/减", style), colspan=2))
    rows.append(lab("行政事业性收费") + num(("admin_fees", "prev_count"))
                + num(("admin_fees", "change"), colspan=2))
    rows.append(td(_label("第二十条第（九）项", style), colspan=4))
    rows.append(lab("信息内容") + lab("采购项目数量") + td(_label("采购总金额", style), colspan=2))
    amount = g[("procurement", "amount")]
    amount = amount.text if isinstance(amount, Shown) else f"{amount:.2f}" + (
        "" if fig.amount_unit_in_header else "万元")
    if fig.amount_unit_in_header:
        rows[-1] = rows[-1].replace("采购总金额", f"采购总金额（{fig.amount_unit_in_header}）"
                                    if isinstance(fig.amount_unit_in_header, str)
                                    else "采购总金额（万元）")
    rows.append(lab("政府集中采购") + num(("procurement", "projects"))
                + td(_num(amount, style, rnd), colspan=2))
    return rows


def t3_html(fig: Figures, style: str, rnd: random.Random, *, split: bool | str = False) -> str:
    """The t3 table; ``split`` continues it in a second table (from （四）, or from the row
    key given), as pages do whose table was broken at a page end: the label cells of the
    groups cut restart empty."""
    td = lambda inner, **k: _td(_label(inner, style) if inner else "", style, **k)  # noqa: E731
    cols = list(T3_COLS)

    def values(row: str) -> str:
        return "".join(_td(_num(fig.t3[(row, c)], style, rnd), style) for c in cols)

    head = [td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
               colspan=3, rowspan=3) + td("申请人情况", colspan=7),
            td("自然人", rowspan=2) + td("法人或其他组织", colspan=5) + td("总计", rowspan=2),
            "".join(td(T3_COLS[c]) for c in cols[1:6]),
            td("一、本年新收政府信息公开申请数量", colspan=3) + values("new"),
            td("二、上年结转政府信息公开申请数量", colspan=3) + values("carried_in")]
    groups = _RESULT_GROUPS_2021 if fig.layout == "2021" else _RESULT_GROUPS_2019
    # (group label, index in group, group size, key, sub-label)
    flat = [(label, i, len(items), key, sub) for label, items in groups
            for i, (key, sub) in enumerate(items)]
    cut = next((k for k, r in enumerate(flat) if r[3] == (
        split if isinstance(split, str) else "unavailable_not_held")), len(flat))
    parts = [flat[:cut], flat[cut:]] if split else [flat]
    tables = []
    for n, part in enumerate(parts):
        rows = head if n == 0 else []
        for j, (label, i, size, key, sub) in enumerate(part):
            if style == "flat":  # merged cells never merged: empty cells below the label
                cells = td("三、本年度办理结果" if n == 0 and j == 0 else "")
                cells += td(label) + td("") if sub is None else (
                    td(label if i == 0 else "") + td(sub))
                rows.append(cells + values(key))
                continue
            cells = td("" if n else "三、本年度办理结果", rowspan=len(part)) if j == 0 else ""
            if sub is None:
                cells += td(label, colspan=2)
            else:
                if i == 0 or j == 0:  # a group cut by the table break restarts empty
                    left = min(size - i, len(part) - j)
                    cells += td(label if i == 0 else "", rowspan=left)
                cells += td(sub)
            rows.append(cells + values(key))
        if n == len(parts) - 1:
            rows.append(td("四、结转下年度继续办理", colspan=3) + values("carried_out"))
        tables.append(_table(rows, style))
    return "\n<p>&nbsp;</p>\n".join(tables)


def t4_html(fig: Figures, style: str, rnd: random.Random) -> str:
    td = lambda inner, **k: _td(_label(inner, style), style, **k)  # noqa: E731
    heads = "".join(td(T4_COLS[c]) for c in T4_COLS)
    rows = [td("行政复议", colspan=5) + td("行政诉讼", colspan=10),
            "".join(td(T4_COLS[c], rowspan=2) for c in T4_COLS)
            + td("未经复议直接起诉", colspan=5) + td("复议后起诉", colspan=5),
            heads + heads,
            "".join(_td(_num(fig.t4[(r, c)], style, rnd), style) for r in T4_ROWS
                    for c in T4_COLS)]
    return _table(rows, style)


# --------------------------------------------------------------------------------------------
# narrative and page chrome
# --------------------------------------------------------------------------------------------


@dataclass
class Page:
    agency: str
    year: int
    site: str  # the portal, e.g. 某市人民政府
    index_no: str
    published: str  # 2024-01-26
    layout: str = "2021"


def _para(text: str, style: str) -> str:
    if style == "br":
        return f"\u3000\u3000{text}<br>\n"
    if style == "word":
        return ("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'><span "
                f"style='font-size:16.0pt;font-family:仿宋_GB2312'>{text}<span lang=EN-US>"
                "<o:p></o:p></span></span></p>")
    if style == "trs":
        return f"<p style=\"text-indent: 2em; text-align: justify;\">{text}</p>"
    return f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{text}</p>"


def _heading(text: str, style: str) -> str:
    if style == "br":
        return f"\u3000\u3000{text}<br>\n"
    if style == "word":
        return ("<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-size:16.0pt;"
                f"font-family:黑体'>{text}<span lang=EN-US><o:p></o:p></span></span></b></p>")
    if style == "trs":
        return f"<p style=\"text-indent: 2em;\"><strong>{text}</strong></p>"
    return f"<p>&nbsp;&nbsp;&nbsp;&nbsp;<b>{text}</b></p>"


def content_html(page: Page, fig: Figures, style: str, rnd: random.Random, *,
                 split: bool | str = False) -> str:
    y = page.year
    received = fig.t3[("new", "total")] or 0
    penalty = fig.t2.get(("penalty", "decisions"))
    law = ("国办公开办函〔2021〕30号" if page.layout == "2021" else "国办公开办函〔2019〕60号")
    parts = [
        _para(f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅"
              f"政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的"
              f"通知》（{law}）要求编制。本报告所列数据统计期限自{y}年1月1日起至{y}年12月31日止。"
              f"如对本报告有疑问，请与{page.agency}办公室联系。", style),
        _heading("一、总体情况", style),
        _para(f"{y}年，{page.agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
              "《条例》，扎实推进政务公开各项工作。", style),
        _para("<strong>（一）主动公开。</strong>全年通过门户网站主动公开政府信息"
              f"{rnd.randint(100, 900)}条，其中政策解读{rnd.randint(5, 40)}条。"
              f"全年作出行政处罚决定{penalty}件。", style),
        _para(f"<strong>（二）依申请公开。</strong>全年共收到政府信息公开申请{received}件，"
              "均在法定期限内予以答复。", style),
        _para("<strong>（三）政府信息管理。</strong>严格落实公开属性源头认定机制，动态调整"
              "主动公开基本目录。", style),
        _para("<strong>（四）平台建设。</strong>持续优化政府信息公开专栏，及时更新栏目内容。",
              style),
        _para("<strong>（五）监督保障。</strong>将政务公开纳入年度绩效考核，组织业务培训2次。",
              style),
        _heading("二、主动公开政府信息情况", style),
        t2_html(fig, style, rnd, split=split),
        _heading("三、收到和处理政府信息公开申请情况", style),
        t3_html(fig, style, rnd, split=split),
        _heading("四、政府信息公开行政复议、行政诉讼情况", style),
        t4_html(fig, style, rnd),
        _heading("五、存在的主要问题及改进情况", style),
        _para(f"{y}年，我局政府信息公开工作取得了一定成效，但仍存在政策解读形式较为单一、"
              "信息更新不够及时等问题。下一步，我们将丰富解读形式，加强栏目日常维护。", style),
        _heading("六、其他需要报告的事项", style),
        _para(f"本年度未收取信息处理费。{page.agency}联系电话：0951-1234567。", style),
    ]
    return "\n".join(parts)


_META_LABELS = ("索引号", "发布机构", "发文日期", "主题分类", "文号", "成文日期")


def meta_table(page: Page) -> str:
    """The 政府信息公开平台 metadata block above the content."""
    v = {"索引号": page.index_no, "发布机构": page.agency, "发文日期": page.published,
         "主题分类": "综合政务/政务公开", "文号": "", "成文日期": page.published}
    cells = [f"<td class=\"t\">{k}：</td><td class=\"v\">{v[k]}</td>" for k in _META_LABELS]
    rows = ["".join(cells[i:i + 2]) for i in range(0, 6, 2)]
    return ("<table class=\"xxgk_table\" width=\"100%\">"
            + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>")


def header_chrome(page: Page) -> str:
    return (f"<div class=\"top\"><a href=\"/\">{page.site}</a> <a href=\"#\">无障碍</a> "
            "<a href=\"#\">长者模式</a> <a href=\"#\">English</a></div>"
            "<div class=\"nav\"><ul><li>首页</li><li>要闻动态</li><li>政务公开</li>"
            "<li>政务服务</li><li>互动交流</li></ul></div>"
            "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"#\">政务公开"
            "</a> &gt; <a href=\"#\">政府信息公开年报</a></div>")


def footer_chrome(page: Page) -> str:
    return ("<div class=\"share\">分享到：<a>微信</a><a>微博</a> 【<a href=\"javascript:window."
            "print()\">打印本页</a>】【<a href=\"javascript:window.close()\">关闭窗口</a>】"
            "【字体：大 中 小】</div>"
            "<div class=\"related\"><p>相关链接：</p><ul><li><a>"
            f"{page.agency}{page.year - 1}年政府信息公开工作年度报告</a></li></ul></div>"
            f"<div class=\"foot\"><p>主办单位：{page.site}办公室 承办单位：{page.site}"
            "大数据中心</p><p>网站标识码：6405000001 宁ICP备05001234号-1 "
            "宁公网安备 64050202000123号</p><p>地址：中卫市沙坡头区鼓楼西街 邮编：755000</p></div>")


def trs_page(page: Page, fig: Figures, rnd: random.Random, *,
             split: bool | str = False) -> str:
    """A TRS/WCM article page, UTF-8, content in ``div.TRS_Editor``."""
    title = f"{page.agency}{page.year}年政府信息公开工作年度报告"
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        f"<title>{title}_{page.site}</title>"
        "<meta name=\"ArticleTitle\" content=\"" + title + "\">"
        f"<meta name=\"PubDate\" content=\"{page.published} 10:32\">"
        "<script>var _hmt = _hmt || [];</script><style>.TRS_Editor p{margin:0}</style>"
        "</head><body>" + header_chrome(page)
        + "<div class=\"main\"><div class=\"article\">"
        f"<h1 class=\"title\">{title}</h1>"
        f"<div class=\"info\"><span>发布时间：{page.published}</span><span>来源：{page.agency}"
        "</span><span>浏览次数：<script>document.write(123)</script></span></div>"
        "<div class=\"article-content\"><div class=\"TRS_Editor\">"
        + content_html(page, fig, "trs", rnd, split=split)
        + "</div></div></div></div>" + footer_chrome(page) + "</body></html>")


def xxgk_layout_page(page: Page, fig: Figures, rnd: random.Random, *, style: str,
                     split: bool | str = False) -> str:
    """A 政府信息公开平台 detail page laid out with tables, metadata table above the content."""
    title = f"{page.agency}{page.year}年政府信息公开工作年度报告"
    return (
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
        f"<title>{page.site}-政府信息公开</title></head><body>"
        "<table width=\"1000\" border=\"0\" align=\"center\" cellpadding=\"0\" cellspacing=\"0\">"
        f"<tr><td>{header_chrome(page)}</td></tr>"
        "<tr><td><table width=\"100%\"><tr><td width=\"200\" valign=\"top\"><ul>"
        "<li><a href=\"../zn/\">政府信息公开指南</a></li><li><a href=\"../zd/\">政府信息公开制度"
        "</a></li><li><a href=\"../fdzdgknr/\">法定主动公开内容</a></li><li><a href=\"../nb/\">"
        "政府信息公开年报</a></li></ul></td><td valign=\"top\">"
        + meta_table(page)
        + f"<table width=\"100%\"><tr><td align=\"center\"><font size=\"5\"><b>{title}</b>"
        "</font></td></tr><tr><td class=\"content\">"
        "<div class=\"WordSection1\" style=\"layout-grid:15.6pt\">"
        + content_html(page, fig, style, rnd, split=split)
        + "</div></td></tr></table></td></tr></table></td></tr>"
        f"<tr><td>{footer_chrome(page)}</td></tr></table></body></html>")


# --------------------------------------------------------------------------------------------
# comparison
# --------------------------------------------------------------------------------------------


def expected_cells(fig: Figures) -> dict[str, tuple[str, object]]:
    """cell id -> (status, value) as a human reads the page."""
    out: dict[str, tuple[str, object]] = {}
    for table, values in (("t2", fig.t2), ("t3", fig.t3), ("t4", fig.t4)):
        for row, col in table_shape(table, fig.layout):
            v = values[(row, col)]
            if isinstance(v, Shown) and table == "t2" and row == "procurement":
                v = v.value[0]  # (as printed, in 万元)
            elif isinstance(v, Shown):
                v = v.value
            if v is None:
                out[f"{table}.{row}.{col}"] = ("blank", None)
            elif isinstance(v, str):
                out[f"{table}.{row}.{col}"] = ("na", None)  # a printed mark: — / 无
            else:
                out[f"{table}.{row}.{col}"] = ("number", v)
    return out


def cell_mismatches(report, fig: Figures) -> list[str]:
    got = {c.id: c for c in report.cells}
    bad = []
    for cid, (status, value) in expected_cells(fig).items():
        cell = got.get(cid)
        if cell is None:
            bad.append(f"{cid}: absent")
            continue
        ok = cell.status == status and (
            value is None or (cell.value is not None and abs(float(cell.value) - value) < 1e-6))
        if not ok:
            bad.append(f"{cid}: want {status} {value!r}, got {cell.status} {cell.value!r} "
                       f"raw={cell.raw!r}")
    return bad


_SECTIONS = ["overall", "active_disclosure", "applications", "review_litigation", "problems",
             "other"]

_PAGES = [
    Page("中卫市医疗保障局", 2023, "中卫市人民政府", "640500001/2024-00012", "2024-01-26"),
    Page("中卫市沙坡头区医疗保障局", 2022, "中卫市沙坡头区人民政府",
         "11640502MB1234567X/2023-00007", "2023-01-18"),
    Page("中卫市自然资源局", 2019, "中卫市人民政府", "640500003/2020-00031", "2020-01-20",
         layout="2019"),
]


def _write(tmp_path, name: str, markup: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(markup.encode(encoding))
    return path


def _check(report, page: Page, fig: Figures, *, check_traceable: bool = True) -> None:
    assert report.status in ("ok", "partial"), report.error
    assert report.format == "html"
    assert report.meta.layout == page.layout
    assert report.meta.year == page.year
    assert report.meta.agency == page.agency
    assert [s.key for s in report.sections] == _SECTIONS
    # the report ends where the page's footer begins; section 五 holds its own text only
    assert report.sections[-1].text.strip().endswith("0951-1234567。"), \
        report.sections[-1].text[-200:]
    problems = report.sections[4].text.strip()
    assert problems.startswith(f"{page.year}年") and problems.endswith("加强栏目日常维护。")
    bad = cell_mismatches(report, fig)
    assert not bad, f"{len(bad)} cells wrong:\n" + "\n".join(bad[:40])
    # the figures are consistent: no hard identity may fail
    failed = [c.message for c in report.checks if c.severity == "hard" and not c.passed]
    assert not failed, failed[:5]
    if check_traceable:
        for cell in report.cells:
            if cell.status == "number":
                assert cell.start is not None and cell.raw in report.text[cell.start:cell.end] \
                    or report.text[cell.start:cell.end] in cell.raw, cell.id


# --------------------------------------------------------------------------------------------
# tests
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("blank_zero", [False, True], ids=["zeros", "blank-zeros"])
def test_trs_editor_page_2021(tmp_path, blank_zero):
    page = _PAGES[0]
    fig = make_figures(11, "2021", blank_zero=blank_zero)
    markup = trs_page(page, fig, random.Random(1))
    report = parse_document(_write(tmp_path, "t1.html", markup))
    _check(report, page, fig)
    assert "网站标识码" not in report.text and "打印本页" not in report.text
    assert "当前位置" not in report.text


@pytest.mark.parametrize("blank_zero", [False, True], ids=["zeros", "blank-zeros"])
def test_xxgk_gbk_layout_tables_word_paste_2021(tmp_path, blank_zero):
    page = _PAGES[1]
    fig = make_figures(12, "2021", blank_zero=blank_zero)
    markup = xxgk_layout_page(page, fig, random.Random(2), style="word")
    report = parse_document(_write(tmp_path, "content_7788.shtml", markup, "gbk"))
    _check(report, page, fig)
    assert "索引号" not in report.text and "ICP" not in report.text
    assert "政府信息公开指南" not in report.text  # the column's navigation links
    assert report.text.startswith(f"{page.agency}{page.year}年政府信息公开工作年度报告\n")


@pytest.mark.parametrize("blank_zero", [False, True], ids=["zeros", "blank-zeros"])
def test_xxgk_2019_layout(tmp_path, blank_zero):
    page = _PAGES[2]
    fig = make_figures(13, "2019", blank_zero=blank_zero)
    markup = xxgk_layout_page(page, fig, random.Random(3), style="plain")
    report = parse_document(_write(tmp_path, "art_2019.html", markup, "gbk"))
    _check(report, page, fig)
    amount = next(c for c in report.cells if c.id == "t2.procurement.amount")
    assert amount.unit == "万元" and amount.amount_wan == pytest.approx(
        fig.t2[("procurement", "amount")])


@pytest.mark.parametrize("style", ["word", "trs"])
def test_tables_split_across_several_table_elements(tmp_path, style):
    """t2 printed as one table per 第二十条 item; t3 continued in a second table."""
    page = _PAGES[0]
    fig = make_figures(21, "2021", blank_zero=style == "trs")
    if style == "word":
        markup = xxgk_layout_page(page, fig, random.Random(4), style="word", split=True)
    else:
        markup = trs_page(page, fig, random.Random(4), split=True)
    report = parse_document(_write(tmp_path, "split.html", markup))
    _check(report, page, fig)


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_traditional_mirror(tmp_path, layout):
    """A 繁體 mirror: the whole page converted to traditional characters by the site."""
    import opencc

    page = _PAGES[0] if layout == "2021" else _PAGES[2]
    fig = make_figures(31, layout, blank_zero=False)
    markup = trs_page(page, fig, random.Random(5))
    markup = opencc.OpenCC("s2t").convert(markup)
    report = parse_document(_write(tmp_path, "big5_mirror.html", markup))
    _check(report, page, fig)


def br_page(page: Page, fig: Figures, rnd: random.Random) -> str:
    """A CMS that stores the article as text lines separated by ``<br>`` (no heading
    elements), labels in ``<th>``, inside a ``div#zoom``; a related-links list follows."""
    title = f"{page.agency}{page.year}年政府信息公开工作年度报告"
    return (
        "<html><head><meta charset=\"utf-8\"><title>首页</title></head><body>"
        + header_chrome(page)
        + f"<div class=\"detail\"><div class=\"tit\">{title}</div>"
        f"<div class=\"date\">{page.published}</div><div id=\"zoom\">"
        + content_html(page, fig, "br", rnd) + "</div></div>"
        + footer_chrome(page) + "</body></html>")


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_br_lines_th_labels_and_printed_marks(tmp_path, layout):
    page = _PAGES[0] if layout == "2021" else _PAGES[2]
    fig = decorate(make_figures(41, layout, blank_zero=False))
    fig.amount_unit_in_header = True
    report = parse_document(_write(tmp_path, "zoom.htm", br_page(page, fig, random.Random(6))))
    _check(report, page, fig)
    if layout == "2019":  # 采购总金额（万元）: the unit is in the header, not in the cell
        amount = next(c for c in report.cells if c.id == "t2.procurement.amount")
        assert amount.unit == "万元" and amount.amount_wan == pytest.approx(
            fig.t2[("procurement", "amount")])
    assert "网站标识码" not in report.text and "当前位置" not in report.text


def flat_page(page: Page, fig: Figures, rnd: random.Random) -> str:
    """An editor that never merged cells: labels above empty cells, a one-character-a-line
    label column, full-width digits, labels justified with spaces, a title broken by ``<br>``."""
    return (
        "<html><head><meta charset=\"gb2312\"><title>" + page.site + "</title></head><body>"
        + header_chrome(page) + meta_table(page)
        + f"<div class=\"con\"><h2>{page.agency}<br>{page.year}年政府信息公开工作年度报告</h2>"
        + content_html(page, fig, "flat", rnd) + "</div>"
        + footer_chrome(page) + "</body></html>")


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_unmerged_label_cells_and_typed_digits(tmp_path, layout):
    page = _PAGES[1] if layout == "2021" else _PAGES[2]
    fig = make_figures(51, layout, blank_zero=layout == "2019")
    markup = flat_page(page, fig, random.Random(7))
    report = parse_document(_write(tmp_path, "flat.html", markup, "gbk"))
    _check(report, page, fig)


def caption_row_page(page: Page, fig: Figures, rnd: random.Random) -> str:
    """Section titles typed into the first row of each table (Word users do this), the report
    title only in ``<title>`` and the agency only in the metadata table."""
    body = content_html(page, fig, "word", rnd)
    for title in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                  "四、政府信息公开行政复议、行政诉讼情况"):
        heading = _heading(title, "word")
        at = body.index(heading)
        body = body[:at] + body[at + len(heading):]
        tbody = body.index("<tbody>", at) + len("<tbody>")
        width = 4 if title.startswith("二") else 10 if title.startswith("三") else 15
        body = (body[:tbody] + f"\n<tr>{_td(_label(title, 'word'), 'word', colspan=width)}</tr>"
                + body[tbody:])
    return (
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">"
        f"<title>{page.year}年政府信息公开工作年度报告</title></head><body>"
        + header_chrome(page) + "<div class=\"xxgk\">" + meta_table(page)
        + f"<div class=\"bt\">{page.year}年政府信息公开工作年度报告</div>"
        + "<div class=\"zw\">" + body + "</div></div>" + footer_chrome(page) + "</body></html>")


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_section_titles_inside_tables_and_agency_from_metadata(tmp_path, layout):
    page = _PAGES[1] if layout == "2021" else _PAGES[2]
    fig = make_figures(61, layout, blank_zero=False)
    markup = caption_row_page(page, fig, random.Random(8))
    report = parse_document(_write(tmp_path, "t20230118_77.html", markup, "gbk"))
    _check(report, page, fig)


def test_big5_traditional_mirror(tmp_path):
    import opencc

    page = _PAGES[0]
    fig = make_figures(71, "2021", blank_zero=True)
    markup = opencc.OpenCC("s2t").convert(trs_page(page, fig, random.Random(9)))
    markup = markup.replace('charset="utf-8"', 'charset="big5"')
    report = parse_document(_write(tmp_path, "big5.htm", markup.encode("big5", "replace")
                                   .decode("big5"), "big5"))
    _check(report, page, fig)


_GLOSSES = {"區": "qū", "發": "fā", "構": "gòu", "據": "jù", "計": "jì", "辦": "bàn", "數": "shù",
            "統": "tǒng", "導": "dǎo", "結": "jié", "處": "chǔ", "費": "fèi", "單": "dān",
            "務": "wù", "請": "qǐng", "轉": "zhuǎn", "許": "xǔ", "復": "fù", "議": "yì"}


def gloss_mirror(markup: str) -> str:
    """A third-party mirror: traditional characters, pinyin glosses after some of them in the
    text (never in tags), ``????`` where the indentation was."""
    import re

    import opencc

    markup = opencc.OpenCC("s2t").convert(markup)

    def gloss(m: re.Match) -> str:
        text = "".join(f"{ch}({_GLOSSES[ch]})" if ch in _GLOSSES else ch for ch in m[1])
        return ">" + text.replace("\u3000\u3000", "????") + "<"

    return re.sub(r">([^<>]+)<", gloss, markup)


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_pinyin_gloss_mirror(tmp_path, layout):
    page = _PAGES[0] if layout == "2021" else _PAGES[2]
    fig = make_figures(81, layout, blank_zero=layout == "2021")
    markup = gloss_mirror(br_page(page, fig, random.Random(10)))
    report = parse_document(_write(tmp_path, "mirror.html", markup))
    _check(report, page, fig)


def sidebar_page(page: Page, fig: Figures, rnd: random.Random, *, style: str = "trs") -> str:
    """A 政府信息公开 column page whose sidebar and footer links name section words
    (政府信息公开申请, 行政复议) and list last year's report."""
    side = ("<div class=\"side\"><h3>政府信息公开</h3><ul><li><a>政府信息公开指南</a></li>"
            "<li><a>政府信息公开申请</a></li><li><a>行政复议</a></li><li><a>总体情况</a></li>"
            "<li><a>政府信息公开年报</a></li></ul><h3>最新年报</h3><ul><li><a>"
            f"{page.agency}{page.year - 1}年政府信息公开工作年度报告</a></li><li><a>"
            f"{page.agency}{page.year - 2}年政府信息公开工作年度报告</a></li></ul></div>")
    title = f"{page.agency}{page.year}年政府信息公开工作年度报告"
    return (
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>政府信息公开年报</title>"
        "</head><body>" + header_chrome(page) + "<div class=\"wrap\">" + side
        + f"<div class=\"right\"><div class=\"artTitle\">{title}</div>"
        f"<div class=\"artInfo\">发布日期：{page.published}　信息来源：{page.agency}</div>"
        "<div class=\"artCon\">" + content_html(page, fig, style, rnd) + "</div></div></div>"
        + "<div class=\"links\"><a>政府信息公开申请</a> <a>行政复议</a> <a>网站地图</a></div>"
        + footer_chrome(page) + "</body></html>")


@pytest.mark.parametrize("style", ["trs", "br"])
def test_sidebar_links_with_section_words(tmp_path, style):
    """Sidebar links name section words; with ``br`` the report itself has no heading
    elements, so the links are the only short elements naming sections."""
    page = _PAGES[0]
    fig = make_figures(91, "2021", blank_zero=False)
    markup = sidebar_page(page, fig, random.Random(11), style=style)
    report = parse_document(_write(tmp_path, "side.html", markup))
    _check(report, page, fig)
    assert "政府信息公开指南" not in report.text
    assert f"{page.year - 1}年政府信息公开工作年度报告" not in report.text


_PLACEHOLDER = ("<td style='mso-cell-special:placeholder;border:none;padding:0cm 0cm 0cm 0cm' "
                "width=0><p class='MsoNormal'>&nbsp;</p></td>")


def with_placeholders(markup: str, rnd: random.Random) -> str:
    """Word rows of uneven width end in placeholder cells (``mso-cell-special:placeholder``)."""
    import re

    def row(m: re.Match) -> str:
        return m[0][:-5] + _PLACEHOLDER * rnd.randint(1, 2) + "</tr>" if rnd.random() < 0.4 \
            else m[0]

    return re.sub(r"<tr>(?:(?!</tr>).)*</tr>", row, markup, flags=re.S)


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_word_placeholder_cells(tmp_path, layout):
    page = _PAGES[1] if layout == "2021" else _PAGES[2]
    fig = make_figures(101, layout, blank_zero=True)
    rnd = random.Random(12)
    markup = with_placeholders(xxgk_layout_page(page, fig, rnd, style="word"), rnd)
    report = parse_document(_write(tmp_path, "placeholder.html", markup, "gbk"))
    _check(report, page, fig)


def with_spare_column(markup: str) -> str:
    """A table editor's spare column: every row of every table ends in an empty cell."""
    return markup.replace("</tr>", "<td>&nbsp;</td></tr>")


@pytest.mark.parametrize("blank_zero", [False, True], ids=["zeros", "blank-zeros"])
def test_spare_empty_column(tmp_path, blank_zero):
    page = _PAGES[0]
    fig = make_figures(111, "2021", blank_zero=blank_zero)
    markup = with_spare_column(trs_page(page, fig, random.Random(13)))
    report = parse_document(_write(tmp_path, "spare.html", markup))
    _check(report, page, fig)


def entity_encoded(markup: str) -> str:
    """Old ASP sites write every Chinese character as a numeric character reference."""
    return "".join(f"&#{ord(ch)};" if ord(ch) > 127 else ch for ch in markup)


def unclosed_cells(markup: str) -> str:
    """Hand-written HTML of older sites: ``</td>``, ``</tr>`` and ``</p>`` never closed."""
    return markup.replace("</td>", "").replace("</tr>", "").replace("</p>", "")


@pytest.mark.parametrize("damage", ["entities", "unclosed"])
def test_old_site_markup(tmp_path, damage):
    page = _PAGES[1]
    fig = make_figures(121, "2021", blank_zero=damage == "unclosed")
    markup = xxgk_layout_page(page, fig, random.Random(14), style="plain")
    markup = entity_encoded(markup) if damage == "entities" else unclosed_cells(markup)
    report = parse_document(_write(tmp_path, "old.asp.htm", markup, "gbk"))
    _check(report, page, fig)


def test_agency_only_in_metadata_table(tmp_path):
    """Title ``2023年政府信息公开工作年度报告``, text saying only 我局; the agency is the
    发布机构 of the metadata table."""
    page = _PAGES[1]
    fig = make_figures(131, "2021", blank_zero=False)
    body = content_html(page, fig, "trs", random.Random(15)).replace(page.agency, "我局")
    markup = (f"<html><head><meta charset=\"utf-8\"><title>{page.year}年政府信息公开工作年度报告"
              "</title></head><body>" + header_chrome(page) + meta_table(page)
              + f"<div class=\"detail\"><h1>{page.year}年政府信息公开工作年度报告</h1>"
              + "<div class=\"TRS_Editor\">" + body + "</div></div>" + footer_chrome(page)
              + "</body></html>")
    report = parse_document(_write(tmp_path, "t20230118_4455.html", markup))
    _check(report, page, fig)


def word_list_headings(markup: str) -> str:
    """Word "Save as Web Page": headings numbered by a list style, their ordinal in a
    downlevel-revealed ``<![if !supportLists]>`` block followed by a tab-like gap."""
    import re

    def heading(m: re.Match) -> str:
        ordinal, title = m[1], m[2]
        return ("<p class=MsoListParagraph style='margin-left:32.0pt;text-indent:-32.0pt;"
                "mso-list:l0 level1 lfo1'><![if !supportLists]><b><span style='font-size:16.0pt;"
                f"font-family:黑体'><span style='mso-list:Ignore'>{ordinal}<span style='font:"
                "7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span></b>"
                f"<![endif]><b><span style='font-size:16.0pt;font-family:黑体'>{title}<o:p></o:p>"
                "</span></b></p>")

    return re.sub(r"<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-size:"
                  r"16.0pt;\s*font-family:黑体'>([一二三四五六]、)([^<]+)<span lang=EN-US><o:p>"
                  r"</o:p></span></span></b></p>", heading, markup)


def test_word_list_numbered_headings(tmp_path):
    page = _PAGES[1]
    fig = make_figures(141, "2021", blank_zero=True)
    markup = xxgk_layout_page(page, fig, random.Random(16), style="word")
    listed = word_list_headings(markup)
    assert listed.count("supportLists") == 6
    report = parse_document(_write(tmp_path, "word_web.htm", listed, "gbk"))
    _check(report, page, fig)


def sloppy_spans(markup: str) -> str:
    """Header cells spanning more columns than the table has (editors drag cell borders)."""
    return (markup.replace('colspan="7">', 'colspan="9">').replace('colspan="10">',
                                                                     'colspan="12">')
            .replace('colspan="4"><p><span style="font-size:14px">第二十条',
                     'colspan="6"><p><span style="font-size:14px">第二十条'))


@pytest.mark.parametrize("blank_zero", [False, True], ids=["zeros", "blank-zeros"])
def test_header_spans_wider_than_the_table(tmp_path, blank_zero):
    page = _PAGES[0]
    fig = make_figures(151, "2021", blank_zero=blank_zero)
    markup = trs_page(page, fig, random.Random(17))
    sloppy = sloppy_spans(markup)
    assert sloppy.count('colspan="9"') == 1 and sloppy.count('colspan="6"') == 4
    report = parse_document(_write(tmp_path, "sloppy.html", sloppy))
    _check(report, page, fig)


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_rowspan_overshooting_the_group(tmp_path, layout):
    """三、本年度办理结果 spanning one row too many (over 四、结转下年度继续办理): browsers shift
    that row one column right; its numbers read the same."""
    page = _PAGES[0] if layout == "2021" else _PAGES[2]
    fig = make_figures(161, layout, blank_zero=False)
    markup = trs_page(page, fig, random.Random(18))
    n = 22 if layout == "2021" else 20
    assert markup.count(f'rowspan="{n}"') == 1
    report = parse_document(_write(tmp_path, "overshoot.html",
                                   markup.replace(f'rowspan="{n}"', f'rowspan="{n + 1}"')))
    _check(report, page, fig)


@pytest.mark.parametrize("cut", ["withheld_internal_affairs", "not_processed_repeat",
                                 "total_processed"])
def test_t3_broken_inside_a_group(tmp_path, cut):
    """t3 continued in a second table from inside a group (5.属于三类内部事务信息 …): the
    continuation starts with empty label cells."""
    page = _PAGES[1]
    fig = make_figures(171, "2021", blank_zero=cut == "not_processed_repeat")
    markup = xxgk_layout_page(page, fig, random.Random(19), style="word", split=cut)
    report = parse_document(_write(tmp_path, "cut.html", markup, "gbk"))
    _check(report, page, fig)


# agency, year, site, level, province, city, county, how the page shows its title
_META_PAGES = [
    ("杭州市拱墅区卫生健康局", 2023, "杭州市拱墅区人民政府", "county", "浙江省", "杭州市", "拱墅区",
     "h1"),
    ("广西壮族自治区生态环境厅", 2022, "广西壮族自治区生态环境厅", "province", "广西壮族自治区",
     None, None, "title-only"),
    ("北京市西城区财政局", 2021, "北京市西城区人民政府", "county", "北京市", None, "西城区",
     "meta-table"),
    ("龙游县横山镇人民政府", 2024, "龙游县人民政府", "township", "浙江省", "衢州市", "龙游县",
     "br-title"),
    ("延边朝鲜族自治州教育局", 2020, "延边朝鲜族自治州人民政府", "prefecture", "吉林省",
     "延边朝鲜族自治州", None, "h1"),
]


def titled_page(page: Page, fig: Figures, rnd: random.Random, how: str) -> str:
    """The report title where sites put it: an ``<h1>``, only the ``<title>``, a 标题 row of
    the metadata table, or a title broken by ``<br>``."""
    title = f"{page.agency}{page.year}年政府信息公开工作年度报告"
    head_title = title + "_" + page.site if how == "title-only" else page.site
    shown = {"h1": f"<h1>{title}</h1>", "title-only": "",
             "meta-table": "", "br-title": f"<h2>{page.agency}<br>{page.year}年政府信息公开工作"
                                          "年度报告</h2>"}[how]
    meta = meta_table(page)
    if how == "meta-table":
        meta = meta.replace("<table class=\"xxgk_table\" width=\"100%\">",
                            "<table class=\"xxgk_table\" width=\"100%\"><tr><td>标题：</td>"
                            f"<td colspan=\"3\">{title}</td></tr>")
    body = content_html(page, fig, "trs", rnd)
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
            f"<title>{head_title}</title></head><body>" + header_chrome(page) + meta
            + "<div class=\"article\">" + shown + "<div class=\"TRS_Editor\">" + body
            + "</div></div>" + footer_chrome(page) + "</body></html>")


@pytest.mark.parametrize("entry", _META_PAGES, ids=[e[0] for e in _META_PAGES])
def test_metadata_where_sites_put_the_title(tmp_path, entry):
    agency, year, site, level, province, city, county, how = entry
    layout = "2019" if year < 2021 else "2021"
    page = Page(agency, year, site, "000000001/2024-00001", f"{year + 1}-01-20", layout=layout)
    fig = make_figures(year, layout, blank_zero=False)
    report = parse_document(_write(tmp_path, "index.html",
                                   titled_page(page, fig, random.Random(year), how)))
    _check(report, page, fig)
    meta = report.meta
    assert (meta.level, meta.province, meta.city, meta.county) == (level, province, city, county)


_TITLES = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
           "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
           "六、其他需要报告的事项"]


def word_toc(page_no: int = 1) -> str:
    """A Word table of contents (``MsoToc1`` paragraphs with dot leaders and page numbers)."""
    lines = [f"<p class=MsoToc1 style='tab-stops:right dotted 414.8pt'><span class=MsoHyperlink>"
             f"<a href=\"#_Toc{9000 + k}\">{t}<span style='color:windowtext;display:none;"
             f"mso-hide:screen'>\t</span>……………………………………{page_no + k // 2}</a></span></p>"
             for k, t in enumerate(_TITLES)]
    return "<p class=MsoNormal align=center style='text-align:center'><b>目  录</b></p>" + "".join(
        lines)


def test_word_table_of_contents_before_the_report(tmp_path):
    page = _PAGES[1]
    fig = make_figures(181, "2021", blank_zero=True)
    markup = xxgk_layout_page(page, fig, random.Random(20), style="word")
    at = markup.index("<div class=\"WordSection1\"")
    at = markup.index(">", at) + 1
    markup = markup[:at] + word_toc() + markup[at:]
    report = parse_document(_write(tmp_path, "toc.html", markup, "gbk"))
    _check(report, page, fig)
    assert report.sections[0].start > report.text.index("……")


def test_first_of_two_paginated_pages(tmp_path):
    """TRS paginates long articles: this page holds 一 and 二 only, then the pager."""
    page = _PAGES[0]
    fig = make_figures(191, "2021", blank_zero=False)
    markup = trs_page(page, fig, random.Random(21))
    cut = markup.index("<p style=\"text-indent: 2em;\"><strong>三、")
    end = markup.index("</div></div></div></div>")
    pager = ("<div class=\"page\" id=\"pager\"><script>createPageHTML(2, 0, \"t20240126_1\", "
             "\"html\");</script>共2页 <a>首页</a> <a>上一页</a> <span>1</span> <a>2</a> "
             "<a>下一页</a> <a>尾页</a></div>")
    markup = markup[:cut] + pager + markup[end:]
    report = parse_document(_write(tmp_path, "t20240126_1.html", markup))
    assert report.status == "partial"
    assert [s.key for s in report.sections] == ["overall", "active_disclosure"]
    assert "下一页" not in report.text and "尾页" not in report.text
    got = {c.id: c for c in report.cells}
    for cid, (status, value) in expected_cells(fig).items():
        if cid.startswith("t2."):
            assert (got[cid].status, got[cid].value) == (status, value), cid
        else:
            assert got[cid].status == "missing", cid


@pytest.mark.parametrize(("printed", "header", "value", "unit", "wan"), [
    ("12345600元", False, 12345600, "元", 1234.56),
    ("1,234.56万元", False, 1234.56, "万元", 1234.56),
    ("3460000", "元", 3460000, "元", 346.0),
    ("0.25亿元", False, 0.25, "亿元", 2500.0),
    ("88.6万", False, 88.6, "万", 88.6),
])
def test_2019_procurement_amount_forms(tmp_path, printed, header, value, unit, wan):
    page = _PAGES[2]
    fig = make_figures(201, "2019", blank_zero=False)
    fig.t2[("procurement", "amount")] = Shown((value, wan), printed)
    fig.amount_unit_in_header = header
    markup = xxgk_layout_page(page, fig, random.Random(22), style="word")
    report = parse_document(_write(tmp_path, "amount.html", markup, "gbk"))
    _check(report, page, fig)
    cell = next(c for c in report.cells if c.id == "t2.procurement.amount")
    assert (cell.unit, cell.amount_wan) == (unit, pytest.approx(wan))


def unmerged_single_values(markup: str, *, where: str) -> str:
    """t2's single-value rows (行政许可 …) with the value in one cell and the rest of the row
    left as empty cells instead of a merged cell; ``where`` puts the value first or last."""
    import re

    def row(m: re.Match) -> str:
        cell = f"<td>{m[2]}</td>"
        empty = "<td>&nbsp;</td><td></td>"
        return m[1] + (cell + empty if where == "first" else empty + cell) + "</tr>"

    return re.sub(r'(<tr><td><p><span style="font-size:14px">(?:行政许可|行政处罚|行政强制|'
                  r'行政事业性收费)</span></p></td>)<td colspan="3">(.*?)</td></tr>', row, markup)


@pytest.mark.parametrize("where", ["first", "last"])
def test_t2_values_in_unmerged_cells(tmp_path, where):
    page = _PAGES[0]
    fig = make_figures(211, "2021", blank_zero=False)
    markup = trs_page(page, fig, random.Random(23))
    changed = unmerged_single_values(markup, where=where)
    assert changed.count("<td>&nbsp;</td><td></td>") == 4
    report = parse_document(_write(tmp_path, "unmerged.html", changed))
    _check(report, page, fig)


def test_gbk_page_with_a_utf8_footer_include(tmp_path):
    """A GBK page whose server-side-included header and footer are UTF-8 files."""
    page = _PAGES[1]
    fig = make_figures(221, "2021", blank_zero=True)
    markup = xxgk_layout_page(page, fig, random.Random(24), style="word")
    head_at = markup.index(header_chrome(page))
    foot_at = markup.index(footer_chrome(page))
    data = (markup[:head_at].encode("gbk") + header_chrome(page).encode("utf-8")
            + markup[head_at + len(header_chrome(page)):foot_at].encode("gbk")
            + footer_chrome(page).encode("utf-8")
            + markup[foot_at + len(footer_chrome(page)):].encode("gbk"))
    path = tmp_path / "ssi.shtml"
    path.write_bytes(data)
    report = parse_document(path)
    _check(report, page, fig)


def unclosed_fonts(markup: str) -> str:
    """A legacy editor (eWebEditor era): a ``<font>`` opened in every paragraph and cell and
    never closed. The parser nests them one level per paragraph or cell, hundreds deep."""
    import re

    markup = markup.replace("<p>", "<p><font face=\"仿宋_GB2312\" size=\"4\">")
    return unclosed_cells(re.sub(r"<td([^>]*)>", r'<td\1><font size="2">', markup))


@pytest.mark.parametrize("layout", ["2021", "2019"])
def test_legacy_unclosed_font_tags(tmp_path, layout):
    import lxml.html

    page = _PAGES[1] if layout == "2021" else _PAGES[2]
    fig = make_figures(231, layout, blank_zero=layout == "2019")
    markup = xxgk_layout_page(page, fig, random.Random(25), style="plain")
    # a long provincial report: 240 more paragraphs in 总体情况
    extra = "".join(f"<p>　　第{k}项工作。本机关持续推进政务公开标准化规范化建设，完善工作机制。"
                    for k in range(240))
    markup = markup.replace("<p>&nbsp;&nbsp;&nbsp;&nbsp;<b>二、", extra + "<p>&nbsp;&nbsp;"
                            "&nbsp;&nbsp;<b>二、", 1)
    markup = unclosed_fonts(markup)
    root = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(huge_tree=True))
    assert max(len(list(e.iterancestors())) for e in root.iter()) > 256  # libxml2 default cap
    report = parse_document(_write(tmp_path, "legacy.htm", markup, "gbk"))
    _check(report, page, fig)
    assert report.text.count("本机关持续推进政务公开标准化规范化建设") == 240


@pytest.mark.parametrize("style", ["word", "plain"])
def test_metadata_table_values_are_chrome(tmp_path, style):
    """The 索引号/发布机构/发文日期 block is mined for values and kept out of the text."""
    from gkmine.read import read_document

    page = _PAGES[1]
    fig = make_figures(241, "2021", blank_zero=False)
    markup = xxgk_layout_page(page, fig, random.Random(26), style=style)
    if style == "plain":  # labels in <th>, values in <td>, one pair a row
        markup = markup.replace("<td class=\"t\">", "<th>").replace("：</td><td class=\"v\">",
                                                                      "</th><td>")
    doc = read_document(_write(tmp_path, "meta.html", markup, "gbk"))
    assert (doc.chrome.get("index_no"), doc.chrome.get("publisher"), doc.chrome.get("date")) \
        == (page.index_no, page.agency, page.published)
    assert "索引号" not in doc.text and "主题分类" not in doc.text


def t3_heading_rows_html(fig: Figures, *, empty_cells: bool) -> str:
    """t3 with one label column: 三、本年度办理结果 and the groups （三）–（六） as heading rows
    of their own (spanning the table, or followed by empty value cells), items below."""
    cols = list(T3_COLS)

    def values(row: str) -> str:
        return "".join(f"<td>{'' if fig.t3[(row, c)] is None else fig.t3[(row, c)]}</td>"
                       for c in cols)

    def heading(label: str) -> str:
        return (f"<tr><td>{label}</td>" + "<td></td>" * 7 + "</tr>" if empty_cells
                else f"<tr><td colspan=\"8\">{label}</td></tr>")

    rows = ["<tr><td rowspan=\"3\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项"
            "之和）</td><td colspan=\"7\">申请人情况</td></tr>",
            "<tr><td rowspan=\"2\">自然人</td><td colspan=\"5\">法人或其他组织</td>"
            "<td rowspan=\"2\">总计</td></tr>",
            "<tr>" + "".join(f"<td>{T3_COLS[c]}</td>" for c in cols[1:6]) + "</tr>",
            f"<tr><td>一、本年新收政府信息公开申请数量</td>{values('new')}</tr>",
            f"<tr><td>二、上年结转政府信息公开申请数量</td>{values('carried_in')}</tr>",
            heading("三、本年度办理结果")]
    groups = _RESULT_GROUPS_2021 if fig.layout == "2021" else _RESULT_GROUPS_2019
    for label, items in groups:
        if items[0][1] is not None:
            rows.append(heading(label))
        for key, sub in items:
            rows.append(f"<tr><td>{sub or label}</td>{values(key)}</tr>")
    rows.append(f"<tr><td>四、结转下年度继续办理</td>{values('carried_out')}</tr>")
    return "<table border=\"1\">" + "".join(rows) + "</table>"


@pytest.mark.parametrize("layout", ["2021", "2019"])
@pytest.mark.parametrize("empty_cells", [False, True], ids=["spanning", "empty-cells"])
def test_t3_group_heading_rows(tmp_path, layout, empty_cells):
    page = _PAGES[0] if layout == "2021" else _PAGES[2]
    fig = make_figures(251, layout, blank_zero=empty_cells)
    markup = trs_page(page, fig, random.Random(27))
    start = markup.index("<table", markup.index("三、收到和处理政府信息公开申请情况"))
    end = markup.index("</table>", start) + len("</table>")
    markup = markup[:start] + t3_heading_rows_html(fig, empty_cells=empty_cells) + markup[end:]
    report = parse_document(_write(tmp_path, "heading_rows.html", markup))
    _check(report, page, fig)


def t2_left_item_column_html(fig: Figures) -> str:
    """2021 t2 with the 第二十条 items as a merged column on the left of a 5-column table."""
    g = fig.t2

    def v(key) -> str:
        return "" if g[key] is None else str(g[key])

    rows = ["<tr><td rowspan=\"3\">第二十条第（一）项</td><td>信息内容</td><td>本年制发件数</td>"
            "<td>本年废止件数</td><td>现行有效件数</td></tr>"]
    for key, name in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
        rows.append(f"<tr><td>{name}</td>" + "".join(
            f"<td>{v((key, c))}</td>" for c in ("issued", "repealed", "in_force")) + "</tr>")
    for item, names, head in (
            ("（五）", [("licensing", "行政许可")], "本年处理决定数量"),
            ("（六）", [("penalty", "行政处罚"), ("coercion", "行政强制")], "本年处理决定数量"),
            ("（八）", [("admin_fees", "行政事业性收费")], "本年收费金额（单位：万元）")):
        rows.append(f"<tr><td rowspan=\"{len(names) + 1}\">第二十条第{item}项</td>"
                    f"<td>信息内容</td><td colspan=\"3\">{head}</td></tr>")
        for key, name in names:
            col = "amount_wan" if key == "admin_fees" else "decisions"
            rows.append(f"<tr><td>{name}</td><td colspan=\"3\">{v((key, col))}</td></tr>")
    return "<table border=\"1\">" + "".join(rows) + "</table>"


def test_t2_items_in_a_left_column(tmp_path):
    page = _PAGES[0]
    fig = make_figures(261, "2021", blank_zero=False)
    markup = trs_page(page, fig, random.Random(28))
    start = markup.index("<table", markup.index("二、主动公开政府信息情况"))
    end = markup.index("</table>", start) + len("</table>")
    markup = markup[:start] + t2_left_item_column_html(fig) + markup[end:]
    report = parse_document(_write(tmp_path, "left_items.html", markup))
    _check(report, page, fig)


_LONG_NOTE = ("注：1.本表“本年新收政府信息公开申请数量”包括通过信函、网络平台、当面等方式"
              "提出的申请；2.“予以公开”包括依申请公开和主动公开后告知申请人获取途径的情形；3.“本机关不掌握相关"
              "政府信息”指经检索查找，本机关未制作、获取申请人所申请的政府信息，已告知申请人并说明"
              "理由，能够确定负责公开机关的，告知申请人该行政机关的名称、联系方式；4.“重复申请”指"
              "同一申请人就同一内容反复提出公开申请的情形；5.“其他”包括申请人撤回申请、申请内容"
              "不属于政府信息等情形；6.本表数据统计时限为本年度1月1日至12月31日，由本机关办公室"
              "负责统计汇总，经分管领导审核后发布，如有疑问请与本机关办公室联系，联系电话见本报告第"
              "六部分。")


@pytest.mark.parametrize("table", ["t3", "t4"])
def test_long_note_row_inside_a_data_table(tmp_path, table):
    """A statutory table closed by a long 注 row (over 300 characters) is still data."""
    assert len(_LONG_NOTE) > 300
    page = _PAGES[0]
    fig = make_figures(271, "2021", blank_zero=True)
    markup = trs_page(page, fig, random.Random(29))
    title = "三、收到和处理" if table == "t3" else "四、政府信息公开行政复议"
    start = markup.index("<table", markup.index(title))
    end = markup.index("</tbody></table>", start)
    width = 10 if table == "t3" else 15
    markup = (markup[:end] + f"<tr><td colspan=\"{width}\"><p>{_LONG_NOTE}</p></td></tr>"
              + markup[end:])
    report = parse_document(_write(tmp_path, "note.html", markup))
    _check(report, page, fig)
