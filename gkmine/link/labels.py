"""Chinese labels and definitions of every column of the linked panel.

>>> labels = panel_labels()
>>> labels.set_index("column").loc["disclosure_rate", "label_zh"]
'申请公开率'
>>> list(labels.columns)
['column', 'label_zh', 'definition']
"""

from __future__ import annotations

import pandas as pd

from gkmine.issues.codebook import TOPICS
from gkmine.link.quantities import QUANTITIES

#: section 五 topics of the codebook, in Chinese
TOPIC_LABELS: dict[str, str] = {
    "awareness": "公开意识", "mechanism": "工作机制", "content": "公开内容",
    "timeliness": "公开时效", "interpretation": "政策解读", "channels": "公开渠道",
    "platforms": "平台建设", "engagement": "公众参与", "capacity": "队伍能力",
    "applications": "依申请公开办理", "review": "发布审核", "supervision": "监督考核",
    "digital": "数字化",
}

_META: dict[str, tuple[str, str]] = {
    "doc_id": ("文档编号", "报告内容的哈希值"),
    "source": ("来源", "报告文件路径或网址（同一内容多处发布时取路径序第一个）"),
    "agency": ("机关名称", "报告所属行政机关"),
    "agency_type": ("机关类型", "机关的类型（政府、部门类别等）"),
    "level": ("行政层级", "national/province/prefecture/county/township"),
    "province": ("省份", "所在省级行政区"),
    "city": ("地市", "所在地级行政区"),
    "county": ("区县", "所在县级行政区"),
    "year": ("报告年度", "报告所述年度"),
    "layout": ("表格版式", "2021（国办公开办函〔2021〕30号）、2019、pre2019 或 unknown"),
}

#: key figures of the panel, in order: tabled quantities and rates (the rest of
#: :data:`~gkmine.link.quantities.QUANTITIES` serve claims only)
PANEL_FIGURES: tuple[str, ...] = (
    "applications_new", "applications_carried_in", "applications_processed",
    "applications_carried_out", "disclosed", "partial", "withheld", "unavailable",
    "not_processed", "disclosure_rate", "reviews", "review_corrected", "review_correction_rate",
    "suits", "suit_corrected", "suit_correction_rate", "licensing_decisions",
    "penalty_decisions", "coercion_decisions", "admin_fees_wan",
)

#: rates: column -> (numerator quantities (summed), denominator quantity, label, definition)
RATES: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "disclosure_rate": (("disclosed", "partial"), "applications_processed", "申请公开率",
                        "（予以公开 + 部分公开）÷ 办理结果总计，均取表三总计栏；"
                        "办理结果总计为 0 或未能读取时为空"),
    "review_correction_rate": (("review_corrected",), "reviews", "行政复议纠错率",
                               "表四行政复议“结果纠正”÷ 行政复议总计；总计为 0 时为空"),
    "suit_correction_rate": (("suit_corrected",), "suits", "行政诉讼纠错率",
                             "表四两类行政诉讼“结果纠正”之和 ÷ 两类行政诉讼总计之和；"
                             "总计为 0 时为空"),
}

_CLAIMS: dict[str, tuple[str, str]] = {
    "processing_fees": (QUANTITIES["processing_fees"].label_zh,
                        QUANTITIES["processing_fees"].definition),
    "claims_checked": ("正文数字核对数", "正文（序言及第一、二、三、四、六部分）中表述表格数字的"
                       "确数说法与表格单元格比对的条数（同一数量同一数值计一次）"),
    "claims_agree": ("正文与表格一致数", "核对中正文数字与表格一致的条数"),
    "claims_disagree": ("正文与表格不一致数",
                        "核对中正文数字与表格不一致的条数（见 contradictions 表）"),
}

_TEXT: dict[str, tuple[str, str]] = {
    "n_statements": ("第五部分陈述数", "第五部分（存在的主要问题及改进情况）切分出的陈述条数"),
    **{f"share_{t}": (f"第五部分“{TOPIC_LABELS[t]}”主题占比",
                      f"第五部分陈述中编码含“{TOPIC_LABELS[t]}”（{t}）主题的比例；无陈述时为空")
       for t in TOPICS},
    "cluster": ("修辞聚类", "报告文本修辞聚类编号（rhetoric_profiles 表）；未运行聚类时为空"),
    "boilerplate_share": ("套话占比",
                          "报告句子中被许多其他机关同样使用的句子比例（boilerplate 表）"),
    "reuse_prev_year": ("较上年复用率",
                        "全文句子中在同一机关上一年度报告里重现的比例（reuse_yoy 表）"),
    "reuse_prev_year_problems": ("第五部分较上年复用率",
                                 "第五部分句子中在同一机关上一年度报告里重现的比例"),
}


def _figures() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for name in PANEL_FIGURES:
        if name in RATES:
            out[name] = RATES[name][2:]
        else:
            q = QUANTITIES[name]
            out[name] = (q.label_zh, q.definition + "；空白或“/”按 0 计，无法读取时为空")
    return out


def label_table() -> dict[str, tuple[str, str]]:
    """column -> (Chinese label, definition), in the panel's column order."""
    return {**_META, **_figures(), **_CLAIMS, **_TEXT}


def panel_columns() -> tuple[str, ...]:
    """The linked panel's columns, in order."""
    return tuple(label_table())


def panel_labels() -> pd.DataFrame:
    """One row per panel column: ``column``, ``label_zh``, ``definition``."""
    return pd.DataFrame([(c, zh, d) for c, (zh, d) in label_table().items()],
                        columns=["column", "label_zh", "definition"])
