"""Traditional → simplified conversion that keeps the offset map, and mirror-gloss cleanup.

OpenCC (``t2s``) converts phrase-wise, so a phrase may in principle change length; the text is
converted line by line and a line whose length changes is mapped proportionally over its span,
so every simplified character still points into the traditional original.

>>> from gkmine.record import TextMap
>>> tm, n = to_simplified(TextMap.identity("政府資訊公開工作年度報告"))
>>> tm.text, n > 0, tm.original[tm.index[10]]
('政府信息公开工作年度报告', True, '報')
>>> to_simplified(TextMap.identity("陜西省人民政府辦公廳"))[0].text
'陕西省人民政府办公厅'
"""

from __future__ import annotations

import re
from functools import lru_cache

from gkmine.read._edit import Edit, apply_edit, sub_map
from gkmine.record import TextMap

#: one CJK Unified Ideograph (the basic block); shared by the read and structure stages
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
#: quotation marks, full- and half-width, that may wrap a term ("“同意公开”3件")
QUOTE_MARKS = "“”\"＂‘’'「」『』"
#: share of sampled CJK characters that t2s changes above which a text counts as traditional
TRADITIONAL_SHARE = 0.02
_SAMPLE = 4000

#: a CJK character followed by a pinyin gloss with tone marks, e.g. ``區(qū)``, ``發(fā)``
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
PINYIN_GLOSS = re.compile(
    rf"(?<=[\u4e00-\u9fff])\((?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,6}}\)")
#: ``????`` left where a mirror's encoding lost the full-width indentation spaces
QMARK_RESIDUE = re.compile(
    r"(?m)^([ \t\u3000\xa0]*)(?:\?{2,}|\?(?=[ \t\u3000\xa0]*(?:$|[\u4e00-\u9fff（(“\d])))")


#: Taiwan vocabulary that mirrors converting with Taiwan phrases (OpenCC s2twp) put in place
#: of the mainland word, read back on converted lines (same length: offsets stay exact).
#: OpenCC's own tw2sp goes further (資料 → 数据) and would change mainland words.
TAIWAN_PHRASES = {"资讯": "信息", "网路": "网络", "软体": "软件", "数位": "数字"}
_TAIWAN = re.compile("|".join(TAIWAN_PHRASES))
#: variant characters t2s leaves as they are, which traditional pages print for a simplified
#: character (陜西 for 陕西, a font's form of 陝): read as that character (same length)
VARIANT_CHARACTERS = {"陜": "陕", "鄕": "乡", "亊": "事"}
_VARIANTS = str.maketrans(VARIANT_CHARACTERS)


@lru_cache(maxsize=4)
def opencc_converter(config: str = "t2s"):
    """One OpenCC converter per process and configuration."""
    import opencc

    return opencc.OpenCC(config)


def t2s(text: str) -> str:
    """``text`` in simplified characters: OpenCC's t2s, then the variants it leaves.

    >>> t2s("陜西省商務廳")
    '陕西省商务厅'
    """
    return opencc_converter().convert(text).translate(_VARIANTS)


def traditional_share(text: str) -> float:
    """Share of (sampled) CJK characters that t2s would change.

    >>> traditional_share("政府信息公开"), traditional_share("政府資訊公開") > 0.3
    (0.0, True)
    """
    cjk = _NOT_CJK.sub("", text[: _SAMPLE * 3])[:_SAMPLE]  # one pass, no list of characters
    if not cjk:
        return 0.0
    converted = opencc_converter().convert(cjk)
    if converted == cjk:
        return 0.0
    if len(converted) != len(cjk):
        return 1.0
    changed = sum(a != b for a, b in zip(cjk, converted, strict=True))
    return changed / len(cjk)


def to_simplified(textmap: TextMap) -> tuple[TextMap, int]:
    """Convert the whole text with t2s; returns the new map and the count of changed chars."""
    text = textmap.text
    edit = Edit(text)
    changed = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        new = t2s(line) if CJK_CHAR.search(line) else line
        if new != line:
            new = _TAIWAN.sub(lambda m: TAIWAN_PHRASES[m.group()], new)
        if new == line:
            edit.keep(pos, end)
        elif len(new) == len(line):
            changed += sum(a != b for a, b in zip(line, new, strict=True))
            edit.replace(pos, end, new)  # same length: replace() maps one to one
        else:
            changed += max(len(line), len(new))
            edit.replace(pos, end, new)
        pos = end
    if not changed:
        return textmap, 0
    return apply_edit(textmap, edit), changed


def drop_pinyin_glosses(textmap: TextMap) -> tuple[TextMap, int]:
    """Remove ``(qū)``-style glosses that mirrors inject after characters.

    >>> tm, n = drop_pinyin_glosses(TextMap.identity("自治區(qū)發(fā)布"))
    >>> tm.text, n
    ('自治區發布', 2)
    """
    return sub_map(textmap, PINYIN_GLOSS, "")


def drop_qmark_residue(textmap: TextMap) -> tuple[TextMap, int]:
    """Remove ``????`` indentation residue at line starts (a sentence never starts with ?).

    >>> drop_qmark_residue(TextMap.identity("????根据条例\\n是否继续?"))[0].text
    '根据条例\\n是否继续?'
    """
    return sub_map(textmap, QMARK_RESIDUE, lambda m: m.group(1))
