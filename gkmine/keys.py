"""gkmine's canonical keys for sections, tables, rows and columns.

They are transcribed from ``shared/reference/report-format.md`` and every output of gkmine
(JSON, DuckDB, Parquet, DataFrames) uses exactly these strings, so that results from different
reports, years and layouts line up. Labels are the statutory wording; extractors match against
them (fuzzily), they never rely on row positions alone.

Examples
--------
>>> t3_rows("2019")[-3:]
('other', 'total_processed', 'carried_out')
>>> len(t3_rows("2021")) * len(T3_COLS)
175
"""

from __future__ import annotations

from typing import Final

#: The six statutory sections, in statutory order, with their canonical titles.
SECTIONS: Final[dict[str, str]] = {
    "overall": "总体情况",
    "active_disclosure": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
    "problems": "存在的主要问题及改进情况",
    "other": "其他需要报告的事项",
}
SECTION_KEYS: Final[tuple[str, ...]] = tuple(SECTIONS)

#: Sub-items of section 一 (总体情况) in the 2021 notice.
OVERALL_SUBITEMS: Final[dict[str, str]] = {
    "active": "主动公开",
    "on_request": "依申请公开",
    "management": "政府信息管理",
    "platforms": "平台建设",
    "supervision": "监督保障",
}

LAYOUTS: Final[tuple[str, ...]] = ("2021", "2019", "pre2019", "unknown")
LEVELS: Final[tuple[str, ...]] = ("national", "province", "prefecture", "county", "township")

#: Which table lives in which section.
TABLE_SECTION: Final[dict[str, str]] = {
    "t2": "active_disclosure",
    "t3": "applications",
    "t4": "review_litigation",
}

# --- t2 ---------------------------------------------------------------------------------

#: 2021 layout: row -> (label, columns). Columns are (key, label).
T2_2021: Final[dict[str, tuple[str, tuple[tuple[str, str], ...]]]] = {
    "regulations": ("规章", (("issued", "本年制发件数"), ("repealed", "本年废止件数"),
                            ("in_force", "现行有效件数"))),
    "normative_docs": ("行政规范性文件", (("issued", "本年制发件数"), ("repealed", "本年废止件数"),
                                    ("in_force", "现行有效件数"))),
    "licensing": ("行政许可", (("decisions", "本年处理决定数量"),)),
    "penalty": ("行政处罚", (("decisions", "本年处理决定数量"),)),
    "coercion": ("行政强制", (("decisions", "本年处理决定数量"),)),
    "admin_fees": ("行政事业性收费", (("amount_wan", "本年收费金额（单位：万元）"),)),
}

_T2_2019_DOCS = (("made", "本年新制作数量"), ("published", "本年新公开数量"),
                 ("public_total", "对外公开总数量"))
_T2_2019_ITEMS = (("prev_count", "上一年项目数量"), ("change", "本年增/减"),
                  ("decisions", "处理决定数量"))
#: t2 columns that may legitimately be negative (2019 layout 本年增/减); no other cell is
SIGNED_COLS: Final[frozenset[str]] = frozenset({"change"})

#: 2019 (trial) layout. ``procurement.amount`` keeps its raw text and unit; its cell also
#: carries ``amount_wan`` (the amount normalised to 万元).
T2_2019: Final[dict[str, tuple[str, tuple[tuple[str, str], ...]]]] = {
    "regulations": ("规章", _T2_2019_DOCS),
    "normative_docs": ("规范性文件", _T2_2019_DOCS),
    "licensing": ("行政许可", _T2_2019_ITEMS),
    "other_services": ("其他对外管理服务事项", _T2_2019_ITEMS),
    "penalty": ("行政处罚", _T2_2019_ITEMS),
    "coercion": ("行政强制", _T2_2019_ITEMS),
    "admin_fees": ("行政事业性收费", (("prev_count", "上一年项目数量"), ("change", "本年增/减"))),
    "procurement": ("政府集中采购", (("projects", "采购项目数量"), ("amount", "采购总金额"))),
}

# --- t3 ---------------------------------------------------------------------------------

T3_COLS: Final[dict[str, str]] = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
T3_APPLICANT_COLS: Final[tuple[str, ...]] = tuple(k for k in T3_COLS if k != "total")

_T3_HEAD = {
    "new": "本年新收政府信息公开申请数量",
    "carried_in": "上年结转政府信息公开申请数量",
    "disclosed": "予以公开",
    "partial": "部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "属于国家秘密",
    "withheld_law_prohibited": "其他法律行政法规禁止公开",
    "withheld_security_stability": "危及“三安全一稳定”",
    "withheld_third_party": "保护第三方合法权益",
    "withheld_internal_affairs": "属于三类内部事务信息",
    "withheld_process_info": "属于四类过程性信息",
    "withheld_enforcement_file": "属于行政执法案卷",
    "withheld_admin_query": "属于行政查询事项",
    "unavailable_not_held": "本机关不掌握相关政府信息",
    "unavailable_needs_creation": "没有现成信息需要另行制作",
    "unavailable_unclear": "补正后申请内容仍不明确",
    "not_processed_petition": "信访举报投诉类申请",
    "not_processed_repeat": "重复申请",
    "not_processed_publication": "要求提供公开出版物",
    "not_processed_mass_repeat": "无正当理由大量反复申请",
    "not_processed_confirm_reissue": "要求行政机关确认或重新出具已获取信息",
}
_T3_OTHER_2021 = {
    "other_no_correction": "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_no_fee_paid": "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_other": "其他",
}
_T3_TAIL = {
    "total_processed": "总计",
    "carried_out": "结转下年度继续办理",
}

#: t3 rows per layout: key -> statutory label (without its ordinal).
T3_ROWS: Final[dict[str, dict[str, str]]] = {
    "2021": {**_T3_HEAD, **_T3_OTHER_2021, **_T3_TAIL},
    "2019": {**_T3_HEAD, "other": "其他处理", **_T3_TAIL},
}

#: Result rows (disclosed … last （六） row) whose sum is ``total_processed`` (H2).
T3_RESULT_ROWS: Final[dict[str, tuple[str, ...]]] = {
    layout: tuple(k for k in rows if k not in ("new", "carried_in", "total_processed",
                                                 "carried_out"))
    for layout, rows in T3_ROWS.items()
}

# --- t4 ---------------------------------------------------------------------------------

T4_ROWS: Final[dict[str, str]] = {
    "review": "行政复议",
    "suit_direct": "行政诉讼 未经复议直接起诉",
    "suit_after_review": "行政诉讼 复议后起诉",
}
T4_COLS: Final[dict[str, str]] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}

RULES: Final[tuple[str, ...]] = ("H1", "H2", "H3", "H4", "H5", "X1", "S1", "N1", "N2",
                                 "N3", "N4")


def t2_layout(layout: str) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    """Return the t2 row/column spec of a layout (``2021`` or ``2019``)."""
    return T2_2019 if layout == "2019" else T2_2021


def t3_rows(layout: str) -> tuple[str, ...]:
    """Return the t3 row keys of a layout in statutory order."""
    return tuple(T3_ROWS["2019" if layout == "2019" else "2021"])


def table_shape(table: str, layout: str) -> list[tuple[str, str]]:
    """Every canonical ``(row, col)`` of a table in a layout, in reading order.

    >>> len(table_shape("t3", "2019")), len(table_shape("t4", "2021"))
    (161, 15)
    >>> table_shape("t2", "2021")[-1]
    ('admin_fees', 'amount_wan')
    """
    if table == "t2":
        return [(row, col) for row, (_, cols) in t2_layout(layout).items() for col, _ in cols]
    if table == "t3":
        return [(row, col) for row in t3_rows(layout) for col in T3_COLS]
    if table == "t4":
        return [(row, col) for row in T4_ROWS for col in T4_COLS]
    raise ValueError(f"unknown table {table!r}")
