"""A pattern gated on its first characters (:func:`gkmine.nlp.numbers.gated`) finds exactly
what the pattern alone finds: the gate must hold every character a match can start with."""

from __future__ import annotations

import re

import pytest

from gkmine.nlp import claims
from gkmine.nlp.numbers import gated
from gkmine.read import normalize
from gkmine.rhetoric import mask

GATED = {
    "claims number": claims._NUMBER_RE,
    "claims noise": claims._NOISE_NO_MAIL,
    **{f"claims zero {kind} {i}": pattern
       for i, (kind, pattern, _, _) in enumerate(claims._ZERO_RULES)
       if pattern.pattern.startswith("(?=[")},
    **{f"mask {name}": pattern for name, pattern in mask._PATTERNS
       if pattern.pattern.startswith("(?=[")},
    "doubled comma": normalize._DOUBLED_COMMA,
    "punctuation near CJK": normalize._PUNCT_NEAR_CJK,
}

PROBES = [
    "二〇二三年1月5日收到申请三十二件，2024-01-05办结；十二月三日答复，二〇二四年度报告",
    "第三十二条规定，三万名群众，一千二百余人，百余件，两千多条，3,046件，82.4%，1.5万元",
    "联系电话：0951-1234567，传真 0951 - 7654321，手机13912345678，邮编750001，"
    "索引号：11640500/2024-00012，宁政办发〔2021〕30号，[2022]5号，第 12 号",
    "详见 https://www.gov.cn/zhengce/2024/05,06 或 www.nx.gov.cn/a?b=1&c=2",
    "没有因政府信息公开申请引起的行政复议和行政诉讼，行政复议、行政诉讼均为零，诉讼都为零",
    "甲,,，乙、,丙,,,丁 (a) 中文(b)，x:y 文字:说明; 结束;",
    "联系人：张三同志，李四同志说明",
]


def _ungated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern without its gate, as :func:`gated` wrapped it."""
    head, gate_end = "(?=[", "])(?:"
    assert pattern.pattern.startswith(head) and gate_end in pattern.pattern
    inner = pattern.pattern.split(gate_end, 1)[1]
    assert inner.endswith(")")
    return re.compile(inner[:-1], pattern.flags)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


def test_gated_keeps_groups_and_matches():
    pattern = gated("二三", "(?P<n>[二三]+)件")
    assert [m.group("n") for m in pattern.finditer("二件，三三件，四件")] == ["二", "三三"]
    assert _ungated(pattern).pattern == "(?P<n>[二三]+)件"


@pytest.mark.parametrize("name", sorted(GATED))
def test_gated_pattern_finds_what_the_pattern_finds(name, seed_paths):
    pattern = GATED[name]
    plain = _ungated(pattern)
    texts = PROBES + [p.read_text(encoding="utf-8") for p in seed_paths]
    for text in texts:
        assert _spans(pattern, text) == _spans(plain, text), (name, text[:40])
    assert any(pattern.search(text) for text in texts), f"{name} never matches the probes"


def test_gated_patterns_on_real_report_openings(dev_pages):
    for name, pattern in GATED.items():
        plain = _ungated(pattern)
        for page in dev_pages:
            assert _spans(pattern, page["text"]) == _spans(plain, page["text"]), \
                (name, page["file"])
