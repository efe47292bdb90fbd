"""Numeric claims of report prose: "主动公开政府信息 385 条", "20余条", "未收到政府信息公开申请".

A claim is a quantity with its unit, the short phrase it counts, whether it is approximate,
and the character offsets of the expression, so that every figure can be traced back and
compared with the statutory tables. Dates, years, document numbers, ordinals, addresses,
phone numbers, URLs and the lines of the statutory tables are not claims. Explicit negations
("未收到政府信息公开申请", "零问责", "未收取信息处理费") are claims of zero. A figure of another
period (上年度…, 2023年… in the report on 2024, 截至目前累计…) is a claim of no tabled quantity;
one of the bodies under the agency (各乡镇共收到…) is keyed with its ``actor`` and no cell.

>>> [(c.value, c.unit, c.object) for c in extract_claims("2024年主动公开政府信息 385 条。")]
[(385, '条', '主动公开政府信息')]
>>> [(c.value, c.unit, c.approx, c.text) for c in extract_claims("发布信息 20余条")]
[(20, '条', True, '20余条')]
>>> [(c.value, c.unit) for c in extract_claims("我局未收到政府信息公开申请。")]
[(0, '件')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any

from gkmine.errors import ModelError
from gkmine.link.quantities import (
    ALL_APPLICANTS,
    CHANNEL,
    PAIRED,
    PARENT_QUANTITIES,
    cell_key,
    claim_actor,
    claim_tail,
    key_claim,
    subordinate_actor,
)
from gkmine.nlp.numbers import (
    ARABIC,
    CHINESE,
    CN_NUMERAL_CHARS,
    NUMBER_START,
    gated,
    parse_number,
)

#: Units, longest first so that 人次 wins over 人 and 万元 over 万 + 元.
UNITS: tuple[str, ...] = tuple(sorted((
    "个百分点", "万人次", "万元", "亿元", "人次", "批次", "条", "件", "篇", "期", "次", "个",
    "名", "份", "项", "场", "元", "宗", "家", "人", "户", "种", "类", "批", "部", "本", "册", "张",
    "幅", "套", "起", "例", "轮", "所", "%", "％",
), key=len, reverse=True))

#: Units that carry their multiplier: 21万余人次 is 21 万人次, as 20余万元 is 20 万元.
_SCALED_UNITS = frozenset({"万元", "亿元", "万人次"})

#: Table sections: their lines of figures are cells, not claims (claims come from prose).
TABLE_SECTIONS = frozenset({"active_disclosure", "applications", "review_litigation"})

_NUMBER_RE = gated(NUMBER_START,
                   rf"(?P<ar>{ARABIC})|(?P<cn>{CHINESE}|(?<![{CN_NUMERAL_CHARS}])[百千](?=[余多]))")
_APPROX_BEFORE = ("将近", "大约", "超过", "共约", "近", "约", "逾", "超")
_NOT_APPROX = ("节约", "预约", "签约", "制约", "公约", "条约", "附近", "最近", "赶超")
_APPROX_AFTER = ("左右", "以上", "余", "多")
#: Units that start another word: "3个月" is a duration, "人民" is not 人.
_UNIT_BLOCKERS = {
    "个": ("月", "工作日", "小时", "星期", "自然日"),
    "人": ("民", "大", "事", "社", "员", "口"),
    "次": ("日", "年", "月", "数"),
    "期": ("间", "限", "满"),
    "名": ("单", "称", "义"),
    "项": ("目",),
    "所": ("属", "在", "有", "需", "以"),
    "部": ("门", "署", "分"),
    "类": ("别", "型", "似"),
    "起": ("草", "来", "到", "诉"),
    "本": ("级", "年", "单", "机", "局", "部"),
    "家": ("庭", "长", "属"),
    "张": ("贴",),
    "种": ("类",),
    "批": ("准", "复", "示"),
    "元": ("旦",),
}
#: Fixed political phrases whose numerals count nothing.
_SET_PHRASES = re.compile(
    r"两个(维护|确立|务必|责任|毫不动摇)|四个(意识|自信|全面)|三个代表|八项规定|三项制度|"
    r"五个一|两个一百年|三个务必|一个中心|四个一|[二三四五六七八九]个部分"
)
#: Spans that hold numbers but no claims.
_NOISE_KINDS = (
    r"https?://\S+|www\.[\w./\-?=&%#]+",
    r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+",  # an e-mail address
    r"(?:电话|传真|联系电话|咨询电话|邮编|邮政编码|地址|办公地址|索引号|文号)\s*[:：]?[^，。；,;）)\n]*"
    r"|\d{3,4}\s*[-—–]\s*\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)"
    r"|〔\s*\d{4}\s*〕\s*\d+\s*号|\[\s*\d{4}\s*\]\s*\d+\s*号|第\s*\S{1,8}?\s*号",
)
_NOISE = re.compile("|".join(_NOISE_KINDS))
#: the same without e-mail addresses, for a text without ``@``: the address pattern tries
#: every run of word characters (CJK ones included) to its end, quadratic in a sentence;
#: gated on what those kinds start with (a new kind must add its first characters here)
_NOISE_NO_MAIL = gated(r"hw电传联咨邮地办索文\d〔\[第", "|".join(_NOISE_KINDS[::2]))
_BOOK_TITLE = re.compile(r"《[^》]{0,60}》")
_SEPARATORS = set("，。；：:,;！？!?、（）()[]【】《》<>〈〉")  # not newlines: hard wraps
_HEADING_LINE = re.compile(
    r"^[^。，；,;\n]{0,20}?(?:情况|方面|工作|公开|管理|建设|保障|信息)[。.]?[ \t]*\n(?=\s*\S)")
#: Words after which the counted thing starts: 其中, 共(计), 累计 ("我局共受理申请4件").
_CLAUSE_CUT = re.compile(r"其中|共计|累计|合计|总计|(?<!公)共(?![享同建性识产青和])")
_LEAD_STRIP = re.compile(
    r"^(?:\d{4}\s*年度?|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|今年以来|全年|本年度?|年内|"
    r"截至目前|截至\S{0,6}?底|截止\S{0,6}?底|目前|当年|同期|其中|另外|此外|同时|"
    r"我局|我委|我办|我厅|我区|我市|我县|我镇|我街道|本机关|本局|本单位|本部门|"
    r"共计|累计|合计|总计|全年共|共|先后|已经|已|均|又|还|另|并|仍)")
_LEAD_VERBS = re.compile(r"(?:收到|接到|受理|组织|开展|召开|举办|发放|收集|邀请|接受|获得|获)")
_TAIL_STRIP = re.compile(r"(?:各|共|共计|累计|达|达到|为|计|约|近|超过|逾|分别|均|合计|总计)$")
_COUNTABLE_BEFORE = re.compile(r"(?:量|数|额|总数|总量)\s*(?:为|达|达到|超过)?\s*$")


@dataclass
class Claim:
    """A quantity stated in the prose, with offsets into the report text.

    ``unit`` is ``None`` for a bare magnitude ("播放量2.1亿", "关注量 3154"). ``quantity`` and
    ``cell`` say which tabled figure the claim states, when it states one.
    """

    value: int | float
    unit: str | None
    object: str
    approx: bool
    section: str | None
    start: int
    end: int
    text: str
    #: the tabled quantity the claim states (:data:`gkmine.link.quantities.QUANTITIES`)
    quantity: str | None = None
    #: its canonical cell key (``t3.new.total``; a sum as ``a+b``), per the report's layout;
    #: ``None`` when the claim credits its figure to another body (``actor``)
    cell: str | None = None
    #: the body the prose credits with the figure when it is not the reporting agency
    #: ("区政府办代表区政府"): the claim states its quantity for that body, not the table's
    actor: str | None = None

    def to_dict(self) -> dict[str, Any]:
        # every field is a scalar: no deep copy needed (``asdict`` costs several times more)
        return {name: getattr(self, name) for name in _CLAIM_FIELDS}


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


# --- numbers -------------------------------------------------------------------------------


class _Spans:
    """Sorted, merged half-open spans with a fast membership test."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


class _Disjoint:
    """Disjoint half-open spans kept sorted, so that an overlap test is a binary search."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end) - 1  # the last span starting before ``end``
        return i >= 0 and self.ends[i] > start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def _noise_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in (_NOISE if "@" in text else _NOISE_NO_MAIL).finditer(text)]
    spans += [m.span() for m in _SET_PHRASES.finditer(text)]
    return spans


def _skip_space(text: str, pos: int, limit: int = 6) -> int:
    end = pos
    while end < len(text) and end - pos < limit and text[end].isspace():
        end += 1
    return end


def _prev_char(text: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u3000":
        i -= 1
    return text[i] if i >= 0 else ""


def _match_unit(text: str, pos: int) -> str | None:
    for unit in UNITS:
        if text.startswith(unit, pos):
            after = text[pos + len(unit):pos + len(unit) + 4]
            if any(after.startswith(b) for b in _UNIT_BLOCKERS.get(unit, ())):
                return None
            return unit
    return None


def _excluded_number(text: str, start: int, end: int, is_chinese: bool) -> bool:
    before = _prev_char(text, start)
    after = text[end:end + 1]
    if before == "第" or before and before.isascii() and (before.isalpha() or before in "-/.:_#"):
        return True
    if after and after.isascii() and (after.isalpha() or after in "-/_:"):
        return True
    if after == "." and text[end + 1:end + 2].isdigit():  # 2024.1.1, 1.2.3
        return True
    if is_chinese:
        numeral = text[start:end]
        if numeral in ("一", "万", "亿") or before in "（(":
            return True
        if after in "是者来则" or text[end:end + 2] in ("方面",):
            return True
        if text.endswith(("以下", "如下", "下面"), 0, start) or _in_quotes(text, start, end):
            return True
    return False


def _in_quotes(text: str, start: int, end: int, *, width: int = 12) -> bool:
    """Inside a short quoted slogan such as “四件大事” or “两个确立”."""
    before = text[max(0, start - width):start]
    opened = max(before.rfind("“"), before.rfind("「"))
    closed = max(before.rfind("”"), before.rfind("」"))
    return opened > closed and any(q in text[end:end + width] for q in "”」")


def _quantity_at(text: str, m: re.Match) -> tuple[int | float, str | None, bool, int] | None:
    """Value, unit, approx and end of the quantity starting with numeral ``m``, if any."""
    is_chinese = m.group("cn") is not None
    pos = _skip_space(text, m.end())
    approx = False
    if text[pos:pos + 1] in ("余", "多"):
        approx, pos = True, pos + 1
    multiplier = None
    unit = _match_unit(text, pos)
    if unit is None and text[pos:pos + 1] in ("万", "亿") and not is_chinese:
        multiplier = text[pos]
        pos += 1
        if text[pos:pos + 1] in ("余", "多"):
            approx, pos = True, pos + 1
        unit_pos = _skip_space(text, pos, 2)
        unit = _match_unit(text, unit_pos)
        if unit is not None:
            pos = unit_pos
    if unit is not None:
        pos += len(unit)
        if multiplier and multiplier + unit in _SCALED_UNITS:  # 20余万元 → 20 万元
            unit, multiplier = multiplier + unit, None
    elif is_chinese:
        return None
    elif multiplier is None:
        # a bare number is a claim only as the value of a count in a sentence: "关注量 3154，"
        if not _COUNTABLE_BEFORE.search(text[max(0, m.start() - 8):m.start()]):
            return None
        if not re.match(r"[ \t]*[，,。；;、）)\u4e00-\u9fff]", text[m.end():m.end() + 4]):
            return None
        pos = m.end()
    value = parse_number(m.group(0), multiplier=multiplier)
    if value is None:
        return None
    for marker in _APPROX_AFTER:
        if text.startswith(marker, pos) and unit is not None:
            approx, pos = True, pos + len(marker)
            break
    return value, unit, approx, pos


def _approx_prefix(text: str, start: int) -> int:
    """Start of an approximation word right before ``start`` (or ``start``)."""
    i = start
    while i > 0 and text[i - 1] in " \t\u3000":
        i -= 1
    for word in _APPROX_BEFORE:
        if text.endswith(word, 0, i) and not text.endswith(_NOT_APPROX, 0, i):
            return i - len(word)
    return start


# --- object --------------------------------------------------------------------------------


#: the first of the applicants a clause may enumerate all of (公民、法人或其他组织)
_ALL_APPLICANTS_HEAD = ("公民", "自然人")
#: a channel ending a list item: "通过邮寄、网络提交的各类申请" is one object (all channels)
_CHANNEL_ITEM = re.compile(f"{CHANNEL}$")


def _joins_one_object(text: str, lo: int, i: int) -> bool:
    """Whether the 、 at ``i`` lists the parts of one object (every applicant, every channel)
    rather than separating two claims."""
    return text.endswith(_ALL_APPLICANTS_HEAD, lo, i) or bool(
        _CHANNEL_ITEM.search(text, max(lo, i - 4), i))


def _clause_before(text: str, start: int, floor: int, *, width: int = 40) -> str:
    """The words between the last separator (outside quotes) and ``start``, no whitespace."""
    lo = max(floor, start - width)
    depth = 0
    i = start - 1
    while i >= lo:
        ch = text[i]
        if ch in "”」』":
            depth += 1
        elif ch in "“「『":
            depth = max(0, depth - 1)
        elif ch in _SEPARATORS and depth == 0 and not (
                ch == "、" and _joins_one_object(text, lo, i)):
            break
        i -= 1
    clause = text[i + 1:start]
    heading = _HEADING_LINE.search(clause) if i >= lo and text[i] in "）)" else None
    if heading:  # a heading line such as "（一）主动公开情况" ends its own clause
        clause = clause[heading.end():]
    clause = "".join(clause.split())
    cuts = [m.end() for m in _CLAUSE_CUT.finditer(clause) if m.end() < len(clause)]
    if cuts:
        clause = clause[cuts[-1]:]
    return clause


def _words_after(text: str, end: int, *, width: int = 16) -> str:
    """The words right after a quantity ("邀请 25 名服务对象代表" counts 服务对象代表), titles of
    documents left out ("72件申请按照《条例》顺延到下年度答复")."""
    out = []
    for ch in _BOOK_TITLE.sub("", text[end:end + width + _TITLE_ROOM])[:width]:
        if ch in _SEPARATORS or ch.isdigit():
            break
        out.append(ch)
    return "".join("".join(out).split())


#: how a clause ends when what it counts follows the number ("市科委有1件…行政复议")
_THERE_ARE = ("有", "另有", "共有")
#: room left for the titles a window of words after a number may hold
_TITLE_ROOM = 24


def _clean_object(words: str) -> str:
    previous = None
    while words and words != previous:
        previous = words
        words = _LEAD_STRIP.sub("", words)
    stripped = _LEAD_VERBS.sub("", words, count=1) if _LEAD_VERBS.match(words) else words
    if len(stripped) >= 2:
        words = stripped
    previous = None
    while words != previous:
        previous = words
        words = _TAIL_STRIP.sub("", words)
    cut = max(0, len(words) - 20)
    every = ALL_APPLICANTS.search(words)
    if every and every.start() < cut < every.end():
        cut = every.start()  # 公民、法人或其他组织 kept whole: it says the count is every one
    return words[cut:]


# --- zeros ---------------------------------------------------------------------------------

_GAP = r"[^，。；,;：:！？!?]"
_APPLICATION = r"(?:政府信息公开|依申请公开)\s*(?:申\s*请|事项|信息)?"
#: (kind, pattern, unit, object); the ``obj`` group is the object when none is given.
_ZERO_RULES: tuple[tuple[str, re.Pattern, str, str | None], ...] = (
    # 未收到政府信息公开申请 / 未受理依申请公开事项 / 未接到申请
    ("applications",
     re.compile(rf"(?:未|没有|尚未|无)\s*(?:收到|接到|受理|接收|收)\s*(?:过|任何)?"
                rf"(?P<obj>{_GAP}{{0,24}}?申\s*请(?:\s*公\s*开)?(?:\s*(?:事项|信息))?)"),
     "件", None),
    # 本年度无政府信息公开申请 / 无依申请公开情况
    # (not 没有政府信息公开行政复议…: the review rule speaks for it)
    ("applications", re.compile(rf"(?:无|没有)\s*(?P<obj>{_APPLICATION})"
                                rf"(?!{_GAP}{{0,6}}?(?:复议|诉讼))"), "件", None),
    # 政府信息公开申请数量为零
    ("applications", re.compile(rf"(?P<obj>{_APPLICATION}){_GAP}{{0,8}}?(?:均|都)?为零"),
     "件", None),
    # 没有因政府信息公开申请引起的行政复议和行政诉讼 / 未被行政诉讼 / 未收到…行政复议申请及
    # 行政诉讼案件 / 无…申请行政复议、提起行政诉讼的案件
    ("review",
     re.compile(rf"(?:未发生|未出现|未涉及|未产生|未被|未有|不存在|没有发生|没有|无|"
                rf"(?:未|没有|尚未)\s*(?:收到|接到|受理))"
                rf"{_GAP}{{0,30}}?(?P<obj>(?:行政)?(?:复议|诉讼)"
                rf"(?:\s*(?:申请|案件)?\s*(?:、|和|及|或|与)\s*(?:提起|被提起)?\s*"
                rf"(?:行政)?(?:复议|诉讼))?)"), "件", None),
    ("review", gated("行复诉", rf"(?P<obj>(?:行政)?(?:复议|诉讼)(?:\s*(?:、|和|及|或|与)\s*"
                               rf"(?:行政)?(?:复议|诉讼))?){_GAP}{{0,8}}?(?:均|都)?为零"),
     "件", None),
    # 行政复议2件，[未出现结果纠正案件]: the corrections of the reviews or suits just stated
    # (keyed only as such a breakdown; alone it does not say of what)
    ("outcome", re.compile(r"(?:未出现|未发生|没有出现|没有发生|未有|无)\s*(?:被)?"
                           r"(?P<obj>(?:结果)?(?:纠正|纠错|败诉)(?:的)?(?:案件|情况|情形)?)"),
     "件", None),
    # 未制定行政规范性文件 / 没有出台规章
    ("rules", re.compile(r"(?:未|没有|尚未)\s*(?:制定|制发|出台|印发|发布)\s*(?:任何|新的)?"
                         r"(?P<obj>(?:行政)?规范性文件|规章)"), "件", None),
    # 无行政处罚案件 / 未作出行政许可决定
    ("decisions", re.compile(r"(?:未|没有|无)\s*(?:作出|做出|实施|发生|办理)?\s*(?:任何)?"
                             r"(?P<obj>行政(?:处罚|许可|强制)(?:案件|决定)?)(?![权职])"),
     "件", None),
    # 零问责 / 未发生……被追究的情况 / 未出现……责任追究情况
    ("accountability", re.compile(r"(?P<obj>零问责|零追责)"), "件", "问责"),
    ("accountability",
     re.compile(rf"(?:未发生|未出现|未有|没有发生|没有|无|不存在){_GAP}{{0,30}}?"
                rf"(?P<obj>责任追究|被追究|问责|追责)"), "件", "责任追究"),
    # 未收取信息处理费
    ("fees", re.compile(rf"(?:未|没有|不|无)\s*(?:收取|产生|收)\s*(?:任何)?{_GAP}{{0,10}}?"
                        rf"(?P<obj>信息处理费|处理费|费用)"), "元", "信息处理费"),
)


_SENTENCE_MARK = re.compile(r"[。！？!?；;]")


def _zero_claims(text: str, section: str | None, offset: int, noise: _Spans) -> list[Claim]:
    out: list[Claim] = []
    taken = _Disjoint()
    said: set[tuple[str, int]] = set()  # (kind, sentence): one zero per fact and sentence
    # a sentence's index is the number of sentence marks before it (。！？；), found when
    # a first rule matches: most texts state no zero
    marks: list[int] | None = None
    for kind, pattern, unit, fixed_object in _ZERO_RULES:
        for m in pattern.finditer(text):
            span = m.group(0)
            if any(ch.isdigit() for ch in span) or m.start() in noise:
                continue
            if taken.overlaps(*m.span()):
                continue
            if kind == "applications" and ("复议" in span or "诉讼" in span):
                continue  # 未收到行政复议申请: the review rule speaks for it
            if marks is None:
                marks = [mark.start() for mark in _SENTENCE_MARK.finditer(text)]
            sentence = bisect_left(marks, m.start())
            if (kind, sentence) in said:
                continue
            said.add((kind, sentence))
            taken.add(*m.span())
            obj = fixed_object or "".join(m.group("obj").split())
            out.append(Claim(0, unit, obj, False, section, offset + m.start(), offset + m.end(),
                             span))
    return out


# --- tables --------------------------------------------------------------------------------

#: Two or more bare numbers in a row: the cells of a table line ("规章 0 0 0").
_TABLE_NUMBERS = re.compile(r"(?:^|[\s|｜])[-\d.,]+(?:[ \t|｜]+[-\d.,]+)+(?=[\s|｜]|$)")


def _is_table_line(line: str, *, table_section: bool) -> bool:
    """A line of a table (a run of cells, a lone cell) rather than a sentence.

    Outside the table sections only a run of bare numbers counts: prose there may be
    indented with tabs or carry a stray "|".
    """
    stripped = line.strip()
    if not stripped:
        return False
    if _TABLE_NUMBERS.search(stripped):
        return True
    return table_section and ("|" in stripped or "｜" in stripped or "\t" in stripped
                              or re.fullmatch(r"[-\d.,]+", stripped) is not None)


def _prose_mask(text: str, *, table_section: bool) -> list[tuple[int, int]]:
    """Spans of table lines, to be ignored."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        if _is_table_line(line, table_section=table_section):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


# --- public --------------------------------------------------------------------------------


def extract_claims(text: str, *, section: str | None = None, offset: int = 0,
                   layout: str | None = "2021", year: int | None = None) -> list[Claim]:
    """Numeric claims of ``text``; offsets are ``offset`` + positions in ``text``.

    Each claim that states a tabled quantity is keyed to its cells in ``layout``. With the
    report's ``year``, a claim whose sentence speaks of another year ("2023年收到申请40件" in
    the report on 2024) is keyed to nothing: the tables count the report's year.
    Linear in the length of ``text``.

    In the table sections (``active_disclosure``, ``applications``, ``review_litigation``)
    lines that look like table rows are skipped: claims come from prose.

    >>> [(c.value, c.unit, c.approx) for c in extract_claims("召开会议近 60 多批次，播放量2.1亿")]
    [(60, '批次', True), (210000000, None, False)]
    >>> extract_claims("根据国办公开办函〔2021〕30号，2024年1月1日至12月31日")
    []
    """
    if not isinstance(text, str):
        raise ModelError("E412", "", f"extract_claims expects a str, got {type(text).__name__}")
    noise = _Spans(_noise_spans(text)
                   + _prose_mask(text, table_section=section in TABLE_SECTIONS))
    claims: list[Claim] = []
    floor = 0
    for m in _NUMBER_RE.finditer(text):
        if m.start() < floor or m.start() in noise:
            continue
        if _excluded_number(text, m.start(), m.end(), m.group("cn") is not None):
            continue
        found = _quantity_at(text, m)
        if found is None:
            continue
        value, unit, approx, end = found
        start = _approx_prefix(text, m.start())
        approx = approx or start < m.start()
        obj = _clean_object(_clause_before(text, start, floor))
        if len(obj) < 2 or _LEAD_VERBS.fullmatch(obj) or obj.endswith(_THERE_ARE):
            obj = _clean_object(_words_after(text, end)) or obj
        if not obj and claims and claims[-1].end - offset >= start - 2:
            obj = claims[-1].object  # a list of quantities: "分别为3件、5件"
        claims.append(Claim(value, unit, obj, approx, section, offset + start, offset + end,
                            text[start:end]))
        floor = end
    numbers = _Disjoint()  # number claims are disjoint and in text order
    numbers.starts, numbers.ends = [c.start for c in claims], [c.end for c in claims]
    claims.extend(z for z in _zero_claims(text, section, offset, noise)
                  if not numbers.overlaps(z.start, z.end))
    claims.sort(key=lambda c: (c.start, c.end))
    parent = None
    previous = None  # the last keyed claim
    for i, claim in enumerate(claims):
        if i and _SENTENCE_MARK.search(text, claims[i - 1].end - offset, claim.start - offset):
            parent = None  # a breakdown ("其中维持2件") refers back within its sentence only
        near = previous is not None and claim.start - previous.end <= _FOLLOWS_WITHIN
        _key(claim, text, offset, layout, parent, previous.quantity if near else None, year)
        if claim.quantity in PARENT_QUANTITIES:
            parent = claim.quantity
        if claim.quantity:
            previous = claim
    _unpair(claims, text, offset)
    return claims


def _unpair(claims: list[Claim], text: str, offset: int) -> None:
    """Unkey a claim of a :data:`~gkmine.link.quantities.PAIRED` quantity whose partner does
    not follow it in its sentence ("采购信息21条" without the amount may count notices)."""
    for i, claim in enumerate(claims):
        partner = PAIRED.get(claim.quantity or "")
        if partner is None:
            continue
        after = next((c for c in claims[i + 1:] if c.quantity), None)
        if after is None or after.quantity != partner or _SENTENCE_MARK.search(
                text, claim.end - offset, after.start - offset):
            claim.quantity = claim.cell = claim.actor = None


#: how close an elliptic claim ("，共办理718件") must follow a keyed one to share its topic
_FOLLOWS_WITHIN = 40


#: a year the prose names: by number ("2023年", "2023年度"; not a date such as 2025年1月),
#: as the report's (今年, 本年度; 全年 and 当年 are of the year named before them) or as the
#: year before (上年, 去年; not in 上年结转, 结转上年度), none of them in a comparison
#: (较上年, 同比上年, 与2023年相比, 去年同期)
_YEAR = re.compile(r"(?<![\d较比与])(?P<year>\d{4})\s*年(?!\s*\d{1,2}\s*月)|(?P<this>今年|本年)|"
                   r"(?P<before>(?<![较比与同转])(?:上一?年|去年)(?!度?(?:结转|同期)))")
#: words that carry applications over into a later year ("结转至2026年")
_INTO_NEXT_YEAR = re.compile(r"(?:结转|顺延|转)(?:至|到|入)?\s*$")
#: how far back a claim's sentence is searched for the year it speaks of
_YEAR_WINDOW = 60


#: a running total over the years ("截至目前，累计受理申请1200件", "梳理历年…印发的文件")
_CUMULATIVE = re.compile(r"历年|往年|(?:截至|截止|成立以来|建站以来|开通以来|运行以来).*累计|"
                         r"累计.*以来")


def _another_period(text: str, start: int, year: int | None) -> bool:
    """Whether the sentence before ``start`` speaks of another period than the report's:
    a running total over the years, or another year: the last it names (titles of documents
    aside) is the year before, or (with the report's ``year``) neither ``year`` nor the next
    year that applications are carried into."""
    lo = max(0, start - _YEAR_WINDOW)
    marks = [m.end() for m in _SENTENCE_MARK.finditer(text, lo, start)]
    lo = max([lo, *marks])  # (not at a line break: PDF text wraps its sentences)
    before = _BOOK_TITLE.sub(lambda m: " " * len(m[0]), text[lo:start])
    cumulative = None
    for cumulative in _CUMULATIVE.finditer(before):  # noqa: B007 (the last one is wanted)
        pass
    if cumulative and not _YEAR.search(before, cumulative.end()):
        return True  # (unless a year is named after it: "累计…1770条，其中2019年度…")
    named = None
    for named in _YEAR.finditer(before):  # noqa: B007 (the last one is wanted)
        pass
    if named is None or named["this"]:
        return False
    if named["before"]:
        return True
    if year is None or int(named["year"]) == year:
        return False
    return not (int(named["year"]) == year + 1
                and _INTO_NEXT_YEAR.search(before, 0, named.start()))


def _key(claim: Claim, text: str, offset: int, layout: str | None,
         parent: str | None, follows: str | None, year: int | None = None) -> None:
    """Set the quantity, cell key and actor of ``claim`` (``text`` is the text it was found
    in)."""
    if _another_period(text, claim.start - offset, year):
        claim.quantity = claim.actor = claim.cell = None
        return
    claim.quantity = key_claim(value=claim.value, unit=claim.unit, obj=claim.object,
                               text=claim.text, tail=claim_tail(text, claim.end - offset),
                               parent=parent, follows=follows, year=year)
    claim.actor = None if claim.quantity is None else (
        claim_actor(claim.object) or subordinate_actor(_subject_clause(text, claim.start - offset)))
    claim.cell = None if claim.actor else cell_key(claim.quantity, layout)


#: what ends the clause a claim's subject is in (not brackets: "各乡镇（街道）共收到…")
_SUBJECT_END = re.compile(r"[，,。；;：:！？!?\n]")


def _subject_clause(text: str, start: int, *, width: int = 40) -> str:
    """The clause before ``start`` up to its last comma or sentence mark."""
    lo = max(0, start - width)
    ends = [m.end() for m in _SUBJECT_END.finditer(text, lo, start)]
    return text[ends[-1] if ends else lo:start]


def _section_offset(report, section) -> int:
    body = section.body_start
    if report.text[body:body + len(section.text)] == section.text:
        return body
    found = report.text.find(section.text, max(0, section.start))
    return found if found >= 0 else body


def report_claims(report) -> list[Claim]:
    """Claims of a :class:`gkmine.record.Report`, offsets into its text, keyed to its layout.

    The text before the first section (the preamble, which may state figures too) gives
    claims with ``section`` ``None``; a report without sections is read whole.
    """
    sections = tuple((s.key, s.text, s.start, _section_offset(report, s))
                     for s in report.sections)
    year = getattr(report.meta, "year", None)  # (the table stage reads before the year)
    if year is not None and not _names_as_period(report.text, year):
        year = None  # a year the report never speaks of (a misread one) excludes nothing
    return [replace(c) for c in _claims_of(report.text, report.meta.layout, sections, year)]


def _names_as_period(text: str, year: int) -> bool:
    """Whether ``text`` speaks of ``year`` as a period ("2024年，…", "2024年度"), not only in
    a date ("2025年1月20日", the day a report on 2024 was published)."""
    return re.search(rf"(?<!\d){year}\s*年(?!\s*\d{{1,2}}\s*月)", text) is not None


@lru_cache(maxsize=4)
def _claims_of(text: str, layout: str | None, sections: tuple[tuple[str, str, int, int], ...],
               year: int | None = None) -> tuple[Claim, ...]:
    """The claims of one report, computed once: the N1 check and the ``claims`` table of the
    same document both read them (callers get copies)."""
    first = min((start for _, _, start, _ in sections), default=len(text))
    claims = extract_claims(text[:first], section=None, offset=0, layout=layout, year=year)
    for key, body, _, offset in sections:
        claims.extend(extract_claims(body, section=key, offset=offset, layout=layout,
                                     year=year))
    claims.sort(key=lambda c: (c.start, c.end))
    return tuple(claims)
