"""Web-page chrome in text: metadata blocks, breadcrumbs and widgets.

Text copied from government web pages carries the page furniture: ``索引号: … 公开方式: …``
blocks (also as pipe rows ``| 索引號 | … |``), ``发布时间:… 来源:…`` lines, breadcrumbs
(``您当前所在位置：首页 > …``), share/print/font-size widgets and bullets such as ``• 听全文``.
:func:`classify_chrome_line` recognises a whole line of such furniture (conservatively: a line
with a sentence end ``。`` or much text is never chrome) and returns the useful values under the
stable keys of :data:`CHROME_KEYS`. The lines are expected in simplified characters.

>>> classify_chrome_line("索引号: 00248984X/2024-00227 公开方式: 主动公开")
{'index_no': '00248984X/2024-00227'}
>>> classify_chrome_line("时间:2024-01-22 17:28      来源:杭州市卫生健康委员会      浏览次数:")
{'date': '2024-01-22 17:28', 'publisher': '杭州市卫生健康委员会'}
>>> classify_chrome_line("您当前所在位置: 首页 > 部门公开信息 > 信息公开年度报告")
{}
>>> classify_chrome_line("网站标识码：6405000001 宁ICP备05001234号-1")
{}
>>> classify_chrome_line("共2页 首页 上一页 1 2 下一页 尾页"), classify_chrome_line("1 2")
({}, None)
>>> classify_chrome_line("一、总体情况") is None
True
"""

from __future__ import annotations

import re

#: the keys of ``SourceDoc.chrome``
CHROME_KEYS = ("title", "publisher", "date", "index_no", "doc_no", "url")

# label -> chrome key (None: recognised and dropped). Listed longest first where they overlap.
_SPECIFIC_LABELS: dict[str, str | None] = {
    "索引号": "index_no", "发布机构": "publisher", "发布单位": "publisher",
    "发文机关": "publisher", "发文单位": "publisher", "发布来源": "publisher",
    "信息来源": "publisher", "文章来源": "publisher", "发布日期": "date", "发布时间": "date",
    "公开日期": "date", "成文日期": "date", "发文日期": "date", "生成日期": "date",
    "公开时间": "date", "更新时间": "date", "发文字号": "doc_no", "文号": "doc_no",
    "标题": "title", "公开方式": None, "公开形式": None, "公开范围": None, "公开时限": None,
    "主题分类": None, "信息分类": None, "体裁分类": None, "组配分类": None, "服务对象分类": None,
    "主题词": None, "有效性": None, "浏览次数": None, "访问量": None, "点击数": None,
    "点击量": None, "阅读次数": None, "浏览量": None, "公开责任部门": "publisher",
}
# generic words that are labels only when a colon (or pipe) follows them
_GENERIC_LABELS: dict[str, str | None] = {
    "来源": "publisher", "时间": "date", "日期": "date", "字体": None, "字号": None,
    "背景色": None, "分类": None, "作者": None, "分享到": None,
}
_SP = r"[ \t\u3000]*"


def _label_alternation(labels) -> str:
    return "|".join(_SP.join(map(re.escape, lab)) for lab in sorted(labels, key=len, reverse=True))


_LABEL_RE = re.compile(
    rf"(?:^|(?<=[\s|｜:：】]))(?:(?P<spec>{_label_alternation(_SPECIFIC_LABELS)})"
    rf"(?={_SP}(?:[:：|｜]|\s|$))|(?P<gen>{_label_alternation(_GENERIC_LABELS)})"
    rf"(?={_SP}(?:[:：|｜]|$)))")
_LEAD = re.compile(r"^[\s|｜•·●▪■◆>【\[]*")
_VALUE_STRIP = " \t\u3000|｜:：【】[]"

_WIDGET_WORDS = frozenset(
    "听全文 分享 分享到 打印 打印本页 关闭 关闭窗口 关闭本页 字体 大 中 小 默认 背景色 收藏 "
    "用微信扫描二维码 分享至好友和朋友圈 扫一扫在手机打开当前页 关怀版 无障碍 长者模式 "
    "继续访问 放弃 继续访问放弃 返回顶部 我要纠错 微信 微博 QQ空间 朗读 视力保护色 "
    "浏览次数 访问量 阅读次数 【打印】 【关闭】 - > » 字号 保存 保存本页 打印正文 "
    "加入收藏 纠错 下载 下载附件 全文 清爽版 简 繁 简体 繁体 English 返回 顶部".split())
_WIDGET_SPLIT = re.compile(r"[\s【】\[\]()（）:：|｜•·●▪■◆/]+")
_BREADCRUMB = re.compile(
    r"^(?:您?(?:当前|现在)?(?:所在|的)?(?:的)?位置|当前位置|所在位置)\s*[:：]?"
    r"|首页\s*(?:>>?|»|＞|›|/|→)")
_LEAVE_NOTICE = re.compile(r"即将离开.{0,30}(?:网站|页面)")
#: site footers: 网站标识码, ICP/公安备案, 主办/承办单位, copyright, 技术支持
_FOOTER = re.compile(r"网站标识码|ICP\s*备|ICP\s*证|公网安备|版权所有|Copyright|©"
                     r"|^(?:主办单位|承办单位|技术支持|运维单位|网站维护)\s*[:：]", re.I)
#: an article pager: 共2页 首页 上一页 1 2 下一页 尾页 (page numbers only beside pager words)
_PAGER_WORD = re.compile(r"^(?:上一页|下一页|前一页|后一页|尾页|末页|共\d+页|第\d+页|当前第\d+页)$")
_PAGER_TOKEN = re.compile(r"^(?:首页|跳转|转到|GO|\d+|\.\.\.|…)$", re.I)
_DATE_ONLY = re.compile(
    r"^[•·●▪]?\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$")
_MAX_CHROME_LEN = 200


def classify_chrome_line(line: str) -> dict[str, str] | None:
    """The chrome values of a line that is page furniture, or ``None`` for report content."""
    text = line.strip()
    if not text or "\t" in text or "。" in text or len(text) > _MAX_CHROME_LEN:
        return None
    if not text.strip("|｜ "):
        return None  # empty cells of a pipe-ruled table, not a widget
    body = _LEAD.sub("", text)
    m = _DATE_ONLY.match(text)
    if m:
        return {"date": m.group(1)}
    if _BREADCRUMB.search(body) or _LEAVE_NOTICE.search(body) or _FOOTER.search(body):
        return {}
    values = _label_values(body)
    if values is not None:
        return values
    words = [w for w in _WIDGET_SPLIT.split(text) if w]
    if len(words) == 1 and len(words[0]) == 1 and body == text and words[0] != ">":
        return None  # a lone 中 or - may be a table fragment; a bullet makes it a widget
    if all(w in _WIDGET_WORDS for w in words):
        return {}
    if any(_PAGER_WORD.match(w) for w in words) and all(
            _PAGER_WORD.match(w) or _PAGER_TOKEN.match(w) for w in words):
        return {}
    return None


def _label_values(body: str) -> dict[str, str] | None:
    if _LABEL_RE.match(body) is None:  # the cheap test first: most lines hold no label
        return None
    matches = list(_LABEL_RE.finditer(body))
    out: dict[str, str] = {}
    for m, nxt in zip(matches, [*matches[1:], None], strict=True):
        label = re.sub(r"\s", "", m.group(0))
        key = _SPECIFIC_LABELS.get(label, _GENERIC_LABELS.get(label))
        value = body[m.end(): nxt.start() if nxt else len(body)].strip(_VALUE_STRIP).strip()
        if key is None or not value:
            continue
        if key == "date" and not re.search(r"\d", value):
            continue
        out.setdefault(key, value)
    return out


def merge_chrome(into: dict[str, str], found: dict[str, str]) -> None:
    """Keep the first value seen for each key."""
    for key, value in found.items():
        if value and key not in into:
            into[key] = value
