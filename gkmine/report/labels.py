"""Chinese labels for what the figures and the site show.

Table cells take the statutory wording from :mod:`gkmine.keys`; panel columns take the
``panel_labels`` table when the database has one. Codebook kinds and topics use the codebook's
own Chinese labels when it provides them (``gkmine.issues.codebook.label_zh``), else the short
labels below.

>>> cell_label("t3", "new", "total", layout="2021")
'本年新收政府信息公开申请数量 · 总计'
>>> column_label("t4.review.corrected")
'行政复议 · 结果纠正'
>>> topic_label("timeliness")
'更新时效'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from gkmine import keys

STATUS: Final[dict[str, str]] = {"ok": "完整", "partial": "部分", "error": "失败"}
LEVEL: Final[dict[str, str]] = {"national": "国家级", "province": "省级",
                                "prefecture": "地市级", "county": "县级",
                                "township": "乡镇级"}
TABLE: Final[dict[str, str]] = {"t2": "表二 主动公开政府信息情况",
                                "t3": "表三 收到和处理政府信息公开申请情况",
                                "t4": "表四 政府信息公开行政复议、行政诉讼情况"}
RULE: Final[dict[str, str]] = {
    "H1": "新收+结转 = 办理总计+结转下年",
    "H2": "办理总计 = 各办理结果之和",
    "H3": "总计 = 各类申请人之和",
    "H4": "复议诉讼：各结果之和 = 总计",
    "H5": "数值非负",
    "X1": "结转下年 = 次年上年结转",
    "S1": "现行有效件数前后相符",
    "N1": "正文数字与表格一致",
    "N2": "正文年份与报告年度一致",
    "N3": "第五部分不为空",
    "N4": "第五部分不照抄上年",
}
#: headers of database columns shown in the site's tables (columns not listed keep their key)
COLUMNS: Final[dict[str, str]] = {
    "doc_id": "报告", "source": "来源文件", "agency": "机关", "agency_type": "机关类型",
    "level": "层级", "province": "省份", "city": "城市", "county": "区县", "year": "年度",
    "status": "状态", "rule": "规则", "severity": "严重程度", "attribution": "归因",
    "message": "说明", "passed": "通过", "expected": "应为", "actual": "实为", "delta": "差值",
    "cluster": "类别", "term": "词", "score": "得分", "text": "原文", "section": "部分",
    "boilerplate_share": "套话句子占比", "reuse": "复用比例", "shared": "共用句数",
    "examples": "例句", "doc_a": "报告", "doc_b": "另一报告", "prev_doc_id": "上年报告",
    "nearest_doc_id": "最相似的报告", "similarity": "相似度", "topic": "主题", "kind": "类别",
    "model": "模型", "label": "标签", "precision": "精确率", "recall": "召回率", "f1": "F1",
    "support": "样本数", "collocation": "搭配", "count": "次数", "size": "词数",
    "pmi": "点互信息", "column": "变量", "label_zh": "中文名", "definition": "定义",
    "value": "数值", "unit": "单位", "object": "对象", "n_sentences": "句数",
    "n_boilerplate": "套话句数", "reused": "重复句数", "n_reports": "报告数",
}
def topic_label(key: str) -> str:
    """The Chinese label of a codebook topic or kind (the key itself when unknown)."""
    from gkmine.issues.codebook import codebook_label

    try:
        return codebook_label(key)
    except ValueError:  # a key of another codebook version: shown as it is
        return key


kind_label = topic_label


def row_labels(table: str, layout: str) -> dict[str, str]:
    """row key -> statutory label of a table in a layout."""
    if table == "t2":
        return {row: label for row, (label, _) in keys.t2_layout(layout).items()}
    if table == "t3":
        return dict(keys.T3_ROWS["2019" if layout == "2019" else "2021"])
    return dict(keys.T4_ROWS)


def col_labels(table: str, layout: str) -> dict[str, str]:
    """col key -> statutory label of a table in a layout (t2 columns of every row)."""
    if table == "t2":
        return {col: label for _, cols in keys.t2_layout(layout).values() for col, label in cols}
    return dict(keys.T3_COLS if table == "t3" else keys.T4_COLS)


def cell_label(table: str, row: str, col: str, *, layout: str = "2021") -> str:
    rows = {**row_labels(table, "2019"), **row_labels(table, layout)}
    cols = {**col_labels(table, "2019"), **col_labels(table, layout)}
    return f"{rows.get(row, row)} · {cols.get(col, col)}"


def column_label(column: str, panel_labels: Mapping[str, str] | None = None) -> str:
    """The Chinese label of a panel column (``t3.new.total`` or a ``panel_labels`` entry)."""
    if panel_labels and column in panel_labels:
        return panel_labels[column]
    parts = column.split(".")
    if len(parts) == 3 and parts[0] in TABLE:
        return cell_label(*parts)
    return column
