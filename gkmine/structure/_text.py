"""Line splitting and a simplified matching view shared by the structure modules.

The structure stage must work on the reader's normalised text and on raw extractions alike.
Raw text may still be traditional: :func:`matching_view` converts it line by line with OpenCC
but keeps a line unchanged when conversion would change its length, so every offset found in
the view is an offset in the text itself.

>>> [(ln.start, ln.text) for ln in split_lines("ab\\n\\n cd")]
[(0, 'ab'), (4, ' cd')]
>>> matching_view("總體情況")
'总体情况'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gkmine.read.simplify import CJK_CHAR, PINYIN_GLOSS, t2s

_NON_CJK = re.compile(r"[^\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Line:
    """A non-empty line of a text with the offset of its first character."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with their offsets (line breaks are ``\\n``, ``\\r`` or both)."""
    out = []
    for match in re.finditer(r"[^\r\n]+", text):
        if match.group().strip():
            out.append(Line(match.start(), match.group()))
    return out


#: full-width ASCII (２０２４, Ａ) → ASCII and the ideographic space → space: one to one
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)} | {0x3000: 0x20}
#: a year in Chinese numerals (二〇二三年) → digits, same length
_CN_YEAR = re.compile(r"[〇零○一二三四五六七八九]{4}(?=年)")
_CN_DIGIT = str.maketrans("〇零○一二三四五六七八九", "000123456789")


#: a character of ``_HALF_WIDTH`` (most texts have none: the search is cheaper than translate)
_FULL_WIDTH = re.compile(r"[\uff10-\uff19\u3000]")


@lru_cache(maxsize=4)
def matching_view(text: str) -> str:
    """The text in simplified characters, same length and offsets as ``text``.

    Full-width digits and years in Chinese numerals become ASCII digits. Cached per process:
    the sections, the metadata and the rhetoric stages each ask for the same document's view.

    >>> matching_view("二〇二三年　２０２４年")
    '2023年 2024年'
    """
    if _FULL_WIDTH.search(text):
        text = text.translate(_HALF_WIDTH)
    text = _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGIT), text)
    # OpenCC matches phrases, none of which spans a line break: converting the whole text
    # at once converts each line as converting it alone would, in one call instead of one
    # a line
    converted = t2s(text)
    if converted == text:
        return text
    lines, new_lines = text.split("\n"), converted.split("\n")
    if len(lines) != len(new_lines):  # not expected: convert line by line
        new_lines = [t2s(line) for line in lines]
    return "\n".join(new if new == line or (len(new) == len(line) and CJK_CHAR.search(line))
                     else line for line, new in zip(lines, new_lines, strict=True))


def simplify(text: str) -> str:
    """Simplified characters, without mirror pinyin glosses (``區(qū)`` → ``区``).

    >>> simplify("西藏自治區(qū)人民政府")
    '西藏自治区人民政府'
    """
    return t2s(PINYIN_GLOSS.sub("", text))


#: a mirror's pinyin gloss without tone marks (國(guo)資(zi)委, 中(zhong)(zhong)國), repeated
_TONELESS_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff）)])[（(][a-z]{1,6}[）)]")
#: how many such glosses make a glossed page (a single 网站(www) is no gloss)
_GLOSSED_PAGE = 3


def without_toneless_glosses(text: str) -> str:
    """``text`` without the toneless pinyin glosses of a mirror, when it has several.

    >>> without_toneless_glosses("国(guo)资(zi)委坚(jian)持"), without_toneless_glosses("网站(www)")
    ('国资委坚持', '网站(www)')
    """
    if len(_TONELESS_GLOSS.findall(text, 0, 2000)) < _GLOSSED_PAGE:
        return text
    return _TONELESS_GLOSS.sub("", text)


def cjk_only(text: str) -> str:
    """Only the CJK characters of ``text``: page numbers, spaces and punctuation dropped.

    >>> cjk_only("三、收到和处理 - 3 - 申请情况")
    '三收到和处理申请情况'
    """
    return _NON_CJK.sub("", text)


#: words a Taiwan-phrase conversion (OpenCC s2twp, as mirrors convert) writes for the mainland
#: words of a report's opening, read back after t2s: each the same length as the mainland word
_TAIWAN_PHRASES = {
    "联络": "联系", "汇出": "导出", "释出": "发布", "入口网站": "门户网站", "入口网": "门户网",
    "大资料": "大数据", "资料管理": "数据管理", "资料资源": "数据资源", "资料局": "数据局",
    "资料发展": "数据发展",
}
_TAIWAN_PHRASE = re.compile("|".join(sorted(_TAIWAN_PHRASES, key=len, reverse=True)))


def mainland_phrases(view: str) -> str:
    """A simplified view with the Taiwan phrases of a converted mirror read as the mainland
    words (same length, so offsets hold).

    >>> mainland_phrases("请与江苏省统计局办公室联络，汇出word")
    '请与江苏省统计局办公室联系，导出word'
    >>> mainland_phrases("广东省政务服务和资料管理局")
    '广东省政务服务和数据管理局'
    """
    return _TAIWAN_PHRASE.sub(lambda m: _TAIWAN_PHRASES[m.group()], view)
