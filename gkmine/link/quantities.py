"""Tabled quantities the prose talks about, and the keying of numeric claims to their cells.

A :class:`Quantity` is something a statutory table counts (applications received, requests
disclosed, 行政复议 cases, 行政处罚 decisions, regulations issued…), named as the linked panel
names its column, with the canonical cells (``table.row.col`` of :mod:`gkmine.keys`) whose sum
it is. :func:`key_claim` decides which quantity a numeric claim states, reading its counted
object and, for a claim of zero, the rest of its sentence: "未发生…被行政复议纠错" denies
corrections, not reviews. The outcome named last is what a claim counts ("办结的申请中同意公开
答复9件" counts disclosures), and table 三 counts applications, never the items of information
released (依申请公开173条).

>>> from gkmine.nlp.claims import extract_claims
>>> [(c.quantity, c.cell, c.value) for c in extract_claims("共收到政府信息公开申请12件。")]
[('applications_new', 't3.new.total', 12)]
>>> [(c.quantity, c.value) for c in extract_claims("未发生被行政复议纠错的情况。")]
[('review_corrected', 0)]
>>> [c.quantity for c in extract_claims("主动公开政府信息385条。")]
[None]
>>> [c.quantity for c in extract_claims("所有办结的申请中同意公开答复9件，依申请公开173条。")]
['disclosed', None]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gkmine.keys import T3_APPLICANT_COLS, T3_RESULT_ROWS
from gkmine.read.simplify import QUOTE_MARKS

#: units a count of cases, requests or decisions is stated in
COUNT_UNITS: frozenset[str] = frozenset({"件", "起", "宗", "个", "次", "项", "条", "例", "人次"})
#: units a count of applications is stated in: 条 counts published items of information
#: ("依申请公开173条" is what was released, not how many requests), 人次 counts people
APPLICATION_UNITS: frozenset[str] = COUNT_UNITS - {"条", "人次"}
_T4_SUITS = ("suit_direct", "suit_after_review")


def _rows_like(prefix: str, layout: str = "2021") -> tuple[str, ...]:
    """t3 result rows of one group (withheld_*, unavailable_*, not_processed_*, other*)."""
    return tuple(f"t3.{r}.total" for r in T3_RESULT_ROWS[layout] if r.startswith(prefix))


def _with_carried_in(cells: tuple[str, ...]) -> tuple[str, ...]:
    """The same applicant columns of new and carried-in applications: "受理申请749件，其中
    自然人申请741件" may count the year's caseload, new + carried in, column by column."""
    return (*cells, *(c.replace("t3.new.", "t3.carried_in.") for c in cells))


@dataclass(frozen=True)
class Quantity:
    """A tabled quantity: the sum of ``cells`` (per layout; ``None`` = the same in both)."""

    name: str
    label_zh: str
    cells: tuple[str, ...]
    #: other sums of cells the prose may mean by the same words (收到申请 = new + carried_in)
    alternatives: tuple[tuple[str, ...], ...] = ()
    #: the cells in the 2019 layout when they differ (t2 changed its columns)
    cells_2019: tuple[str, ...] | None = None
    #: "count" (a number of things) or "wan" (an amount in 万元)
    measure: str = "count"
    definition: str = ""

    def cells_for(self, layout: str | None) -> tuple[str, ...]:
        """The cells of this quantity in ``layout`` (empty when that layout has none)."""
        if layout == "2019" and self.cells_2019 is not None:
            return self.cells_2019
        return self.cells

    def key(self, layout: str | None) -> str | None:
        """The cell key a claim of this quantity carries: ``t3.new.total`` or ``a+b``."""
        cells = self.cells_for(layout)
        return "+".join(cells) if cells else None


_ORGANISATIONS = tuple(f"t3.new.{c}" for c in T3_APPLICANT_COLS if c != "natural_person")
_SUIT_TOTALS = tuple(f"t4.{r}.total" for r in _T4_SUITS)
_SUIT_CORRECTED = tuple(f"t4.{r}.corrected" for r in _T4_SUITS)


def _suits(col: str) -> tuple[str, ...]:
    return tuple(f"t4.{r}.{col}" for r in _T4_SUITS)

#: Every quantity a claim can be keyed to, by name (also the linked panel's column names).
QUANTITIES: dict[str, Quantity] = {q.name: q for q in (
    Quantity("applications_new", "本年新收政府信息公开申请数", ("t3.new.total",),
             alternatives=(("t3.new.total", "t3.carried_in.total"),),
             definition="表三“本年新收政府信息公开申请数量”总计"),
    Quantity("applications_carried_in", "上年结转申请数", ("t3.carried_in.total",),
             definition="表三“上年结转政府信息公开申请数量”总计"),
    Quantity("applications_processed", "本年办结申请数", ("t3.total_processed.total",),
             definition="表三“本年度办理结果”（七）总计"),
    Quantity("applications_carried_out", "结转下年度申请数", ("t3.carried_out.total",),
             definition="表三“结转下年度继续办理”总计"),
    Quantity("applications_handled", "本年办理申请数", ("t3.total_processed.total",),
             alternatives=(("t3.new.total", "t3.carried_in.total"),),
             definition="正文“共办理申请”：表三（七）总计，或新收与上年结转之和（两种用法都有）"),
    Quantity("applications_natural_person", "自然人申请数", ("t3.new.natural_person",),
             alternatives=(_with_carried_in(("t3.new.natural_person",)),),
             definition="表三本年新收申请中自然人一栏"),
    Quantity("applications_organisations", "法人或其他组织申请数", _ORGANISATIONS,
             alternatives=(_with_carried_in(_ORGANISATIONS),),
             definition="表三本年新收申请中法人或其他组织五栏之和"),
    Quantity("disclosed", "予以公开数", ("t3.disclosed.total",),
             definition="表三“予以公开”总计"),
    Quantity("partial", "部分公开数", ("t3.partial.total",), definition="表三“部分公开”总计"),
    Quantity("disclosed_and_partial", "予以公开及部分公开数",
             ("t3.disclosed.total", "t3.partial.total"),
             definition="表三“予以公开”与“部分公开”总计之和"),
    Quantity("withheld", "不予公开数", _rows_like("withheld_"),
             definition="表三“不予公开”八项之和"),
    Quantity("unavailable", "无法提供数", _rows_like("unavailable_"),
             definition="表三“无法提供”三项之和"),
    Quantity("not_processed", "不予处理数", _rows_like("not_processed_"),
             definition="表三“不予处理”五项之和"),
    Quantity("other_results", "其他处理数", _rows_like("other_"),
             cells_2019=_rows_like("other", "2019"),
             definition="表三“其他处理”各项之和（2019 版式：一行）"),
    Quantity("reviews", "行政复议数", ("t4.review.total",), definition="表四行政复议总计"),
    Quantity("review_corrected", "行政复议结果纠正数", ("t4.review.corrected",),
             definition="表四行政复议“结果纠正”"),
    Quantity("review_upheld", "行政复议结果维持数", ("t4.review.upheld",),
             definition="表四行政复议“结果维持”"),
    Quantity("suits", "行政诉讼数", _SUIT_TOTALS,
             definition="表四行政诉讼“未经复议直接起诉”与“复议后起诉”总计之和"),
    Quantity("review_other", "行政复议其他结果数", ("t4.review.other",),
             definition="表四行政复议“其他结果”"),
    Quantity("review_pending", "行政复议尚未审结数", ("t4.review.pending",),
             definition="表四行政复议“尚未审结”"),
    Quantity("suit_upheld", "行政诉讼结果维持数", _suits("upheld"),
             definition="表四行政诉讼两类“结果维持”之和"),
    Quantity("suit_other", "行政诉讼其他结果数", _suits("other"),
             definition="表四行政诉讼两类“其他结果”之和"),
    Quantity("suit_pending", "行政诉讼尚未审结数", _suits("pending"),
             definition="表四行政诉讼两类“尚未审结”之和"),
    Quantity("suit_corrected", "行政诉讼结果纠正数", _SUIT_CORRECTED,
             definition="表四行政诉讼两类“结果纠正”之和"),
    Quantity("reviews_and_suits", "行政复议与行政诉讼合计", ("t4.review.total", *_SUIT_TOTALS),
             definition="表四行政复议总计与两类行政诉讼总计之和"),
    Quantity("reviews_and_suits_corrected", "行政复议与行政诉讼纠正合计",
             ("t4.review.corrected", *_SUIT_CORRECTED),
             definition="表四行政复议与两类行政诉讼“结果纠正”之和"),
    Quantity("regulations_issued", "本年制发规章数", ("t2.regulations.issued",),
             cells_2019=("t2.regulations.made",),
             definition="表二规章“本年制发件数”（2019 版式：本年新制作数量）"),
    Quantity("normative_docs_issued", "本年制发行政规范性文件数", ("t2.normative_docs.issued",),
             cells_2019=("t2.normative_docs.made",),
             definition="表二行政规范性文件“本年制发件数”（2019 版式：本年新制作数量）"),
    Quantity("normative_docs_repealed", "本年废止行政规范性文件数",
             ("t2.normative_docs.repealed",), cells_2019=(),
             definition="表二行政规范性文件“本年废止件数”（2021 版式）"),
    Quantity("normative_docs_in_force", "现行有效行政规范性文件数",
             ("t2.normative_docs.in_force",), cells_2019=("t2.normative_docs.public_total",),
             definition="表二行政规范性文件“现行有效件数”（2019 版式：对外公开总数量）"),
    Quantity("licensing_decisions", "行政许可处理决定数", ("t2.licensing.decisions",),
             definition="表二行政许可“本年处理决定数量”"),
    Quantity("penalty_decisions", "行政处罚处理决定数", ("t2.penalty.decisions",),
             definition="表二行政处罚“本年处理决定数量”"),
    Quantity("coercion_decisions", "行政强制处理决定数", ("t2.coercion.decisions",),
             definition="表二行政强制“本年处理决定数量”"),
    Quantity("admin_fees_wan", "行政事业性收费金额（万元）", ("t2.admin_fees.amount_wan",),
             cells_2019=(), measure="wan",
             definition="表二行政事业性收费“本年收费金额”，单位万元（2021 版式）"),
    Quantity("procurement_projects", "政府集中采购项目数", (),
             cells_2019=("t2.procurement.projects",),
             definition="表二政府集中采购“采购项目数量”（2019 版式；正文同时说明金额时才算）"),
    Quantity("procurement_amount", "政府集中采购总金额（万元）", (),
             cells_2019=("t2.procurement.amount",), measure="wan",
             definition="表二政府集中采购“采购总金额”，折合万元（2019 版式）"),
    Quantity("processing_fees", "信息处理费（元）", (), measure="yuan",
             definition="正文所述本年收取的政府信息公开信息处理费，单位元（表中无此项）"),
)}


# --- keying ----------------------------------------------------------------------------------

#: quantities of table 三, after which an elliptic object still speaks of applications
APPLICATION_QUANTITIES: frozenset[str] = frozenset(
    name for name, q in QUANTITIES.items() if q.cells and all(c.startswith("t3.") for c in q.cells))

_REVIEW = "复议"
_SUIT = "诉讼"
#: a review or suit that went against the agency
_CORRECTED = re.compile(r"纠错|纠正|撤销|确认违法|败诉|被责令")
_UPHELD = re.compile(r"维持|驳回")
_OTHER_RESULT = re.compile(r"其他结果")
_PENDING = re.compile(r"尚未审结|未审结|正在审理|审理中")
_APPLICATION = re.compile(r"申\s*请|依申请")
#: words that make an application count something other than the table's row
_NOT_APPLICATION_ROW = re.compile(
    r"复议|诉讼|举报|投诉|网上|网络|现场|当面|邮寄|信函|传真|电子邮件|电话|类|平台|渠道|咨询|"
    r"件次|人次|涉及|同比|增长|下降|减少|增加|占")
#: a count of items (事项, 清单) or of something else named with the same words
#: (条 counts published items: "发布行政许可公示6条", "归集…行政许可信息93842条")
_NOT_DECISIONS = re.compile(r"事项|清单|目录|权力|标准|依据|流程|人员|窗口|复议|诉讼|信息|公示|"
                            r"归集|申请")
#: (项 counts items, "事项共有89项，其中行政许可57项", unless decisions are named: "处罚决定3项")
_DECISION_UNITS = COUNT_UNITS - {"条", "人次", "项"} | {"份"}
#: units a count of regulations or normative documents is stated in ("制定规范性文件3份")
_DOCUMENT_UNITS = COUNT_UNITS | {"份"}
#: issuing a document (发布 is left out: "平台发布规范性文件2件" publishes, it does not issue)
_ISSUED = re.compile(r"制定|制发|出台|印发|新增|起草")


@dataclass(frozen=True)
class _Rule:
    quantity: str
    requires: tuple[re.Pattern, ...]
    excludes: re.Pattern | None = None
    #: unit families the claim must be stated in
    units: frozenset[str] = field(default=COUNT_UNITS)
    #: only right after a claim of one of these quantities (an elliptic "共办理718件" after
    #: figures of applications, "废止文件7件" after normative documents); empty: anywhere
    after: frozenset[str] = frozenset()
    #: only for a claim of zero ("未收到公民提出的申请" entails no natural person applied,
    #: whether 公民 means natural persons or every applicant; "公民申请5件" does not say which)
    zero_only: bool = False


def _p(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _result(outcome: str) -> re.Pattern:
    """A t3 outcome ending the object, after nothing, after the applications it is drawn
    from ("…申请中同意公开答复") or after its reasons ("因本机关不掌握等原因无法提供",
    "重复申请等不予处理"): "不予公开答复2件", "其中部分公开的3件"."""
    return _p(rf"^(?:.*(?:中|等|原因))?(?:其中)?(?:答复|决定|作出)?{outcome}(?:答复|决定)?"
              rf"(?:的|类)?$")


#: the ways an application reaches an agency, as a clause lists them
CHANNEL = r"(?:邮寄|信函|网络|网上|在线|当面|现场|传真|电子邮件|邮件|电话|线上|线下)"
_CARRIED_OUT = _p(r"(?:结转|顺延|转)(?:至|到|入)?下(?:一)?年|继续办理")
#: the quantities of table 二's normative documents, after which "废止文件7件" or
#: "现行有效件数424件" still speaks of them
_NORMATIVE_DOCS = frozenset({"normative_docs_issued", "normative_docs_repealed",
                             "normative_docs_in_force"})
_MONEY = frozenset({"元", "万元", "亿元"})
#: a quantity kept only when the prose states its partner with it: the claims' pairing
PAIRED: dict[str, str] = {"procurement_projects": "procurement_amount"}
#: Tried in order; the first rule whose patterns all match the claim's object wins.
_RULES: tuple[_Rule, ...] = (
    _Rule("processing_fees", (_p(r"信息处理费|处理费"),), units=frozenset({"元", "万元"})),
    _Rule("admin_fees_wan", (_p(r"行政事业性收费"),),
          _p(r"项目|事项|清单|减免|免收|免征|减征|停征|取消|降低|减负|让利"), units=_MONEY),
    _Rule("reviews_and_suits_corrected", (_p(_REVIEW), _p(_SUIT), _CORRECTED)),
    _Rule("review_corrected", (_p(_REVIEW), _CORRECTED), _p(_SUIT)),
    _Rule("suit_corrected", (_p(_SUIT), _CORRECTED), _p(_REVIEW)),
    _Rule("review_upheld", (_p(_REVIEW), _UPHELD), _p(_SUIT)),
    _Rule("suit_upheld", (_p(_SUIT), _UPHELD), _p(_REVIEW)),
    _Rule("review_other", (_p(_REVIEW), _OTHER_RESULT), _p(_SUIT)),
    _Rule("suit_other", (_p(_SUIT), _OTHER_RESULT), _p(_REVIEW)),
    _Rule("review_pending", (_p(_REVIEW), _PENDING), _p(_SUIT)),
    _Rule("suit_pending", (_p(_SUIT), _PENDING), _p(_REVIEW)),
    _Rule("reviews_and_suits", (_p(_REVIEW), _p(_SUIT)), _p(r"结果|审结|维持|驳回|申请人")),
    _Rule("reviews", (_p(_REVIEW),), _p(r"结果|审结|维持|驳回|申请人|诉讼|决定书")),
    _Rule("suits", (_p(_SUIT),), _p(r"结果|审结|维持|驳回|复议|一审|二审|判决|开庭|出庭")),
    _Rule("applications_carried_in", (_p(r"上年(?:度)?结转|结转自上年|结转上(?:一)?年"),),
          _p(r"下(?:一)?年|办结|复议|诉讼"), APPLICATION_UNITS),
    # result rows name the outcome right before the number, whatever set of applications
    # the clause starts from: "所有办结的申请中同意公开答复9件" counts disclosures
    _Rule("disclosed_and_partial",
          (_result(r"(?:予以|同意|全部)?公开(?:及|和|与|、|或)部分公开"),),
          units=APPLICATION_UNITS),
    _Rule("partial", (_result("(?:部分公开|区分处理后(?:予以)?公开)"),), units=APPLICATION_UNITS),
    _Rule("withheld", (_result("不予公开"),), units=APPLICATION_UNITS),
    _Rule("unavailable", (_result("无法提供"),), units=APPLICATION_UNITS),
    _Rule("not_processed", (_result("不予处理"),), units=APPLICATION_UNITS),
    _Rule("other_results", (_result("其他处理"),), units=APPLICATION_UNITS),
    _Rule("disclosed", (_result("(?:予以|同意)公开"),), units=APPLICATION_UNITS),
    # "其中公开答复1件": the bare outcome, answered (a bare "公开4件" may publish anything)
    _Rule("disclosed", (_p(r"^(?:.*中)?(?:其中)?公开答复(?:的)?$"),), units=APPLICATION_UNITS),
    _Rule("applications_carried_out", (_APPLICATION, _CARRIED_OUT), units=APPLICATION_UNITS),
    # "…，结转下一年31件" / "转下一年度办理答复的有1件" right after figures of applications
    _Rule("applications_carried_out",
          (_p(r"^(?:另有)?(?:结转|转|顺延)(?:至|到|入)?下(?:一)?年(?:度)?(?:继续)?"
              r"(?:办理|答复)*(?:的)?(?:有)?$"),), units=APPLICATION_UNITS,
          after=APPLICATION_QUANTITIES),
    _Rule("applications_processed",
          (_APPLICATION, _p(r"办结|答复|办理完毕|处理完毕|已办理|完成")), _NOT_APPLICATION_ROW,
          APPLICATION_UNITS),
    _Rule("applications_processed",
          (_p(r"^(?:及时|依法|依规|规范|按时|按期|全部|均|完成|已)*(?:办结|答复|办理完毕)(?:申请)?$"),),
          units=APPLICATION_UNITS),
    # a bare "共办理718件" after figures of applications: processed or the year's caseload
    _Rule("applications_handled", (_p(r"^(?:依法)?办理$"),), units=APPLICATION_UNITS,
          after=APPLICATION_QUANTITIES),
    _Rule("applications_handled",
          (_p(r"^(?:依法)?办理(?:政府信息公开|信息公开|依申请公开|公开)?申请(?:件)?$"),),
          units=APPLICATION_UNITS),
    _Rule("applications_natural_person",
          (_p(r"^(?:其中)?(?:来自|涉及)?(?:自然人|公民个人|公民)(?:提出的?)?(?:申请)?$"),),
          units=APPLICATION_UNITS),
    _Rule("applications_natural_person",
          (_p(r"^(?:自然人|公民)(?:个人)?(?:提出|提交)的?(?:政府信息公开|公开政府信息的?|信息公开|公开)?"
              r"申请$"),), units=APPLICATION_UNITS, zero_only=True),
    _Rule("applications_organisations",
          (_p(r"^(?:其中)?(?:来自|涉及)?法人(?:或|和)?(?:其他)?(?:组织)?(?:提出的?)?(?:申请)?$"),),
          units=APPLICATION_UNITS),
    _Rule("applications_new", (_APPLICATION, _p(r"政府信息公开|信息公开|依申请|公开申请|"
                                                 r"申请(?:公开|获取)(?:政府)?信息|"
                                                 r"公开政府信息的?申请")),
          _p(r"结转|办结|答复|已办理|处理完毕|办理完毕|完成|自然人|公民|法人|等|来信|"
             + _NOT_APPLICATION_ROW.pattern), APPLICATION_UNITS),
    # every kind of application, received through every channel the clause lists
    # ("通过邮寄、网络提交的各类政府信息公开申请"): a channel named alone is a breakdown
    _Rule("applications_new",
          (_p(rf"^.*?{CHANNEL}(?:、|和|及|或){CHANNEL}.{{0,8}}?各类(?:政府信息公开|信息公开|依申请公开|公开)?"
              rf"申请$"),), units=APPLICATION_UNITS),
    # a report on disclosure counts its applications without naming them again:
    # "本年度共收到70件申请"; in 条 only when the object is the applications themselves
    _Rule("applications_new", (_p(r"^(?:政府信息公开|信息公开|公开)?申请(?:件)?$"),),
          units=APPLICATION_UNITS),
    _Rule("applications_new", (_p(r"^(?:政府信息公开|信息公开|公开)申请$"),),
          units=frozenset({"条"})),
    _Rule("regulations_issued", (_p(r"规章"), _ISSUED), _p(r"规范性文件|[清梳]理|废止|现行"),
          _DOCUMENT_UNITS),
    _Rule("normative_docs_issued", (_p(r"规范性文件"), _ISSUED), _p(r"[清梳]理|废止|现行|规章"),
          _DOCUMENT_UNITS),
    _Rule("normative_docs_repealed", (_p(r"规范性文件"), _p(r"废止")), _p(r"规章"),
          _DOCUMENT_UNITS),
    _Rule("normative_docs_in_force", (_p(r"规范性文件"), _p(r"现行有效|持续有效")), _p(r"规章"),
          _DOCUMENT_UNITS),
    # elliptic, right after a figure of normative documents: "制发行政规范性文件9件，按程序确认
    # 失效或废止文件7件", "本年度制发规范性文件34件，现行有效件数424件"
    _Rule("normative_docs_repealed", (_p(r"^.{0,8}?废止(?:或失效|、失效)?(?:的)?(?:文件)?$"),),
          _p(r"规章|政策|资金|项目"), after=_NORMATIVE_DOCS),
    _Rule("normative_docs_in_force",
          (_p(r"^(?:现行有效|持续有效)(?:的)?(?:文件)?(?:件数|总数|数量)?$"),),
          after=_NORMATIVE_DOCS),
    # 政府集中采购 (2019 layout): the projects, and their amount named or right after them
    # ("发布采购信息197批次涉及金额3601627.4元"); a count stated without its amount is left
    # unkeyed by the claims' pairing (:data:`PAIRED`): 采购信息 may count notices
    _Rule("procurement_projects", (_p(r"采购"), _p(r"信息|项目")), _p(r"金额|资金|平台|网站"),
          frozenset({"条", "批次", "批", "个", "项", "笔", "宗", "次", "件"})),
    _Rule("procurement_amount", (_p(r"采购"), _p(r"金额")), _p(r"数量|项目数"), _MONEY),
    _Rule("procurement_amount",
          (_p(r"^(?:共|涉及|合计|总)?(?:金额|采购金额|总金额)?(?:为|达|共)?$|采购"),),
          _p(r"数量|项目数"), units=_MONEY, after=frozenset({"procurement_projects"})),
    _Rule("licensing_decisions", (_p(r"行政许可"),), _NOT_DECISIONS, _DECISION_UNITS),
    _Rule("licensing_decisions", (_p(r"行政许可"), _p(r"决定")), _NOT_DECISIONS, frozenset({"项"})),
    _Rule("penalty_decisions", (_p(r"行政处罚"),), _NOT_DECISIONS, _DECISION_UNITS),
    _Rule("penalty_decisions", (_p(r"行政处罚"), _p(r"决定")), _NOT_DECISIONS, frozenset({"项"})),
    _Rule("coercion_decisions", (_p(r"行政强制"),), _NOT_DECISIONS, _DECISION_UNITS),
    _Rule("coercion_decisions", (_p(r"行政强制"), _p(r"决定")), _NOT_DECISIONS, frozenset({"项"})),
)

#: the rest of a clause after a claim of zero: "未发生…被复议[纠错的情况]"
_SENTENCE_END = re.compile(r"[，,。；;！？!?\n]")


def claim_tail(text: str, end: int, *, width: int = 16) -> str:
    """The rest of the clause after a claim ending at ``end`` (at most ``width`` characters),
    which :func:`key_claim` reads for a zero."""
    window = text[end:end + width]
    stop = _SENTENCE_END.search(window)
    return window[:stop.start()] if stop else window


#: quantities whose breakdown follows in the same sentence: "行政复议3件，其中结果维持2件"
PARENT_QUANTITIES: dict[str, str] = {"reviews": "行政复议", "suits": "行政诉讼"}
_BREAKDOWN = re.compile(
    r"^(?:其中)?(?:结果)?(?:维持|纠正|纠错|被纠错|败诉|撤销|确认违法|被责令|驳回|其他结果|"
    r"尚未审结|未审结|(?:尚在|正在)?审理)")


_UNQUOTE = str.maketrans("", "", QUOTE_MARKS)
#: every kind of applicant, enumerated (公民、法人或其他组织)
ALL_APPLICANTS = re.compile(
    r"(?:公民|自然人)[、，,]?(?:和|及|与|或)?法人[、，,]?(?:和|及|与|或)?(?:其他|非法人)?组织")


#: words of a change or a comparison with another period ("同比增长", "较上年减少")
_COMPARISON = re.compile(r"同比|环比|(?:较|比)(?:上年|去年|上一年|\d{4}年)|(?:上年|去年)同期|"
                         r"增长|下降|增幅|降幅|减少|增加|多于|少于")


def key_claim(*, value: float, unit: str | None, obj: str, text: str, tail: str = "",
              parent: str | None = None, follows: str | None = None,
              year: int | None = None) -> str | None:
    """The name of the quantity a claim states, or ``None``.

    ``obj`` is the counted thing, ``text`` the claim's own expression and ``tail`` the rest of
    its sentence (read only for a zero, which may deny the corrections rather than the cases).
    ``parent`` is the quantity of an earlier claim of the sentence that a breakdown such as
    "其中结果维持2件" refers to; ``follows`` the quantity of the keyed claim right before it,
    which lets an elliptic object ("共办理718件", "结转下一年31件") be read as applications;
    ``year`` the report's year, which lets "结转至2026年" of the report on 2025 be read as
    carried over to the next year.

    >>> key_claim(value=3, unit="件", obj="受理行政复议申请", text="3件")
    'reviews'
    >>> key_claim(value=0, unit="件", obj="行政复议", text="未发生行政复议", tail="纠错的情况")
    'review_corrected'
    >>> key_claim(value=2, unit="件", obj="行政复议结果维持", text="2件")
    'review_upheld'
    >>> key_claim(value=2, unit="件", obj="行政复议审结", text="2件") is None
    True
    >>> key_claim(value=1, unit="件", obj="其中结果纠正", text="1件", parent="reviews")
    'review_corrected'
    >>> key_claim(value=31, unit="件", obj="结转下一年", text="31件", follows="applications_new")
    'applications_carried_out'
    >>> key_claim(value=31, unit="件", obj="结转下一年", text="31件") is None
    True
    """
    obj = obj.translate(_UNQUOTE)  # "“同意公开”3件" names the outcome as printed
    if _COMPARISON.search(obj):  # "较上年减少2件" is a change, not a count of the table
        return None
    if year is not None:  # "结转至2026年6件" in the report on 2025: carried to the next year
        obj = re.sub(rf"{year + 1}\s*年度?", "下一年", obj)
    # every kind of applicant named (公民、法人或其他组织提出的申请) narrows nothing
    obj = ALL_APPLICANTS.sub("", obj)
    words = ALL_APPLICANTS.sub("", "".join(f"{obj}{text}".split()))
    if parent in PARENT_QUANTITIES and _BREAKDOWN.match(obj):
        words = PARENT_QUANTITIES[parent] + words
    if value == 0 and _CORRECTED.search(tail):  # the denial is of the corrections
        words += "".join(tail.split())
    for rule in _RULES:
        if unit not in rule.units or rule.after and follows not in rule.after or (
                rule.zero_only and value != 0):
            continue
        target = obj if rule.requires[0].pattern.startswith("^") else words
        if all(p.search(target) for p in rule.requires) and not (
                rule.excludes is not None and rule.excludes.search(words)):
            return rule.quantity
    return None


#: reasons that name one t3 result row ("因本机关不掌握等原因无法提供"), as the table words them
_REASON_ROWS: tuple[tuple[re.Pattern, str], ...] = tuple((_p(words), row) for words, row in (
    ("不掌握", "unavailable_not_held"), ("另行制作|没有现成", "unavailable_needs_creation"),
    ("不明确", "unavailable_unclear"), ("信访|举报|投诉", "not_processed_petition"),
    ("重复申请", "not_processed_repeat"), ("出版物", "not_processed_publication"),
    ("大量反复", "not_processed_mass_repeat"), ("重新出具", "not_processed_confirm_reissue"),
    ("国家秘密", "withheld_state_secret"), ("禁止公开", "withheld_law_prohibited"),
    ("三安全一稳定|危及", "withheld_security_stability"), ("第三方", "withheld_third_party"),
    ("内部事务", "withheld_internal_affairs"), ("过程性", "withheld_process_info"),
    ("执法案卷", "withheld_enforcement_file"), ("行政查询", "withheld_admin_query"),
    ("不补正", "other_no_correction"), ("缴纳费用|收费通知", "other_no_fee_paid"),
))


def named_rows(obj: str, cells: tuple[str, ...]) -> tuple[str, ...]:
    """The cells of ``cells`` in the result rows the reasons of ``obj`` name.

    An outcome stated with its reasons may count the whole group or only the rows it names:
    "因本机关不掌握等原因无法提供265件" is, in one real report, the 本机关不掌握 row alone.

    >>> named_rows("因本机关不掌握等原因无法提供", ("t3.unavailable_not_held.total",
    ...                                          "t3.unavailable_unclear.total"))
    ('t3.unavailable_not_held.total',)
    >>> named_rows("无法提供", ("t3.unavailable_not_held.total",))
    ()
    """
    rows = {row for words, row in _REASON_ROWS if words.search(obj)}
    return tuple(c for c in cells if c.split(".")[1] in rows) if rows else ()


#: another body credited with the figure: "区政府办代表区政府受理申请17件"
_ACTOR = re.compile(r"^(?P<actor>.{1,16}?(?:代表|代为).{0,12}?(?:政府|机关|部门|单位|局|委|办|厅))"
                    r"(?:受理|收到|接收|办理|答复|办结)")


#: bodies under the reporting agency, whose figures its tables do not count ("各乡镇（街道）
#: 共收到申请30件", "指导各镇街受理…", "区直各部门共受理…"); the whole area's figures
#: (全区各级行政机关) are the tables' in the reports read
_SUBORDINATE = re.compile(
    r"(?:各|所属|下属|直属)(?:个)?(?:部门|单位|乡镇|镇街|街道|镇|乡|区县|县区|县市区|委办局|"
    r"成员单位|派出机构)|(?:区|市|县|州|旗)直(?:各)?(?:部门|单位|机关)|"
    r"(?:省|市|区|县)级(?:各)?部门")


def subordinate_actor(clause: str) -> str | None:
    """The bodies under the agency that a clause credits with its figure, or ``None``.

    >>> subordinate_actor("各乡镇（街道）共收到政府信息公开申请")
    '各乡镇'
    >>> subordinate_actor("全区共收到政府信息公开申请") is None
    True
    """
    m = _SUBORDINATE.search(clause)
    return m.group(0) if m else None


def claim_actor(obj: str) -> str | None:
    """The body a claim credits with its figure when that is not the reporting agency.

    An office acting for its government ("区政府办代表区政府受理…") counts what passed through
    its hands, which need not be what the government's table counts: such a claim is keyed to
    its quantity but compared with no cell.

    >>> claim_actor("区政府办代表区政府受理政府信息公开申请")
    '区政府办代表区政府'
    >>> claim_actor("政府信息公开申请") is None
    True
    """
    m = _ACTOR.match(obj)
    return m.group("actor") if m else None


def cell_key(quantity: str | None, layout: str | None) -> str | None:
    """The cell key of a quantity in a layout (``None`` for no quantity or no cell).

    >>> cell_key("suits", "2021")
    't4.suit_direct.total+t4.suit_after_review.total'
    >>> cell_key("regulations_issued", "2019")
    't2.regulations.made'
    """
    return QUANTITIES[quantity].key(layout) if quantity else None

