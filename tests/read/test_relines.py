"""Lines put back into a report flattened into one paragraph (a crawler's page text)."""

from __future__ import annotations

from gkmine.read import read_string
from gkmine.read.relines import is_flattened, line_breaks, reline
from gkmine.record import TextMap
from gkmine.tables.render import random_cells, render_report

PROSE = "本机关坚持以公开为常态、不公开为例外，全年作出行政处罚决定406件，均按规定公开。" * 4


def _flat(seed: int = 3, layout: str = "2021") -> str:
    tsv = render_report(random_cells(layout, seed=seed), layout, "tsv")
    return "".join(line.replace("\t", "") for line in tsv.splitlines())


def test_flattened_report_gets_its_sections_and_rows_back():
    doc = read_string(_flat())
    lines = doc.text.splitlines()
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况",
                    "六、其他需要报告的事项"):
        assert heading in lines
    assert any(line.startswith("一、本年新收政府信息公开申请数量") for line in lines)
    # the ordinal of the next row is told from the numbers of the row before
    assert any(line.startswith("2．其他法律行政法规禁止公开") for line in lines)
    assert any(line.startswith("规章") and line[2:].isdigit() for line in lines)
    assert any("[W006]" in w for w in doc.warnings)


def test_every_character_keeps_its_source_offset():
    flat = _flat(seed=5)
    tm, n = reline(TextMap.identity(flat))
    assert n > 20
    assert tm.text.replace("\n", "") == flat
    for k, ch in enumerate(tm.text):
        if ch != "\n":
            start, _ = tm.to_original(k, k + 1)
            assert flat[start] == ch


def test_text_with_lines_is_left_alone_and_relining_is_idempotent():
    tsv = render_report(random_cells("2021", seed=3), "2021", "tsv")
    tm = TextMap.identity(tsv)
    assert reline(tm) == (tm, 0)
    once, _ = reline(TextMap.identity(_flat()))
    assert reline(once)[1] == 0


def test_prose_is_not_broken_at_counts_or_references():
    line = PROSE + "第二十条第（一）项规定的规章共3件。二、主动公开政府信息情况规章000行政许可5"
    assert is_flattened(line)
    cut = [line[b:b + 4] for b in line_breaks(line)]
    assert "行政处罚" not in {c[:4] for c in cut}  # 行政处罚406件 is a sentence
    assert "（一）项" not in cut  # 第（一）项 is a reference, not a sub-item
    assert not any(c.startswith(("规章共", "第二十条")) for c in cut)
    assert {"二、主动", "规章00", "行政许可"} <= set(cut)


def test_a_long_prose_line_is_not_flattened():
    assert not is_flattened(PROSE * 3)


def test_common_heading_wordings_and_the_title_end_break():
    line = ("某县2023年政府信息公开工作年度报告根据《条例》要求，现发布本报告。" + PROSE
            + "五、政府信息公开工作存在的主要问题及改进情况一是公开不够及时。"
            + "四、政府信息公开行政复议、行政诉讼情况000000000000000六、其他需要报告的事项无")
    assert is_flattened(line)
    cut = {line[b:b + 4] for b in line_breaks(line)}
    assert {"根据《条", "五、政府", "一是公开", "四、政府", "0000"} <= cut


def test_spaces_around_a_break_are_dropped_and_offsets_kept():
    text = ("一、总体情况 本年公开工作平稳。" * 14 + "二、主动公开政府信息情况 规章 0 0 0 "
            "行政许可 5 三、收到和处理政府信息公开申请情况")
    tm, _ = reline(TextMap.identity(text))
    assert tm.text.endswith("二、主动公开政府信息情况\n规章 0 0 0\n行政许可 5\n"
                            "三、收到和处理政府信息公开申请情况")
    for k, ch in enumerate(tm.text):
        if ch != "\n":
            assert text[tm.to_original(k, k + 1)[0]] == ch


def test_a_sentence_before_the_review_table_and_the_与_wording_of_its_heading():
    from gkmine.pipeline import parse_source

    cells = random_cells("2021", seed=7)
    tsv = render_report(cells, "2021", "tsv").replace(
        "四、政府信息公开行政复议、行政诉讼情况\n",
        "四、政府信息公开行政复议与行政诉讼情况\n2024年，没有政府信息公开行政复议及行政诉讼情况。\n")
    report = parse_source(read_string("".join(tsv.replace("\t", "").splitlines()),
                                      source="flat.txt"))
    assert "review_litigation" in [s.key for s in report.sections]
    t4 = [c for c in report.cells if c.table == "t4"]
    assert len(t4) == 15 and all(
        c.status == "number" and c.value == cells[("t4", c.row, c.col)] for c in t4)
