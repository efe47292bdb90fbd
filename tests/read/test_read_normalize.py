"""The normaliser on seed snippets: joins, table lines, page numbers, offsets."""

from __future__ import annotations

import pytest

from gkmine.read import read_string
from gkmine.read.normalize import is_table_line


def _lines(doc):
    return doc.text.splitlines()


def test_title_broken_inside_word_is_joined(seeds_dir):
    text = (seeds_dir / "002_c4d4890b658ed4eb.txt").read_text(encoding="utf-8")
    doc = read_string(text)
    assert _lines(doc)[0] == "殷都区医疗保障局2024年政府信息公开工作年度报告"


def test_agency_line_and_title_line_are_joined(seeds_dir):
    doc = read_string((seeds_dir / "000_83836b83bf579b6a.txt").read_text(encoding="utf-8"))
    assert _lines(doc)[0] == "沙坡头区医疗保障局2024年政府信息公开工作年度报告"


def test_site_name_line_is_not_joined_to_a_complete_title():
    site, title = "利辛县望疃镇人民政府", "利辛县望疃镇2023年政府信息公开工作年度报告"
    doc = read_string(f"{site}\n{title}\n一、总体情况\n")
    assert _lines(doc)[:2] == [site, title]


@pytest.mark.parametrize("name", ["000_83836b83bf579b6a.txt", "002_c4d4890b658ed4eb.txt",
                                  "003_fd90817f31466881.txt"])
def test_wrapped_prose_is_joined_and_headings_start_lines(seeds_dir, name):
    doc = read_string((seeds_dir / name).read_text(encoding="utf-8"))
    lines = _lines(doc)
    for heading in ("一、总体情况", "二、主动公开政府信息情况",
                    "三、收到和处理政府信息公开申请情况",
                    "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in lines, heading
    # a wrapped paragraph of section 一 became one line ending its sentence
    sub = [ln for ln in lines if ln.startswith("（一）")][0]
    assert sub.endswith("。") and len(sub) > 45


def test_double_spacing_is_collapsed(seeds_dir):
    doc = read_string((seeds_dir / "000_83836b83bf579b6a.txt").read_text(encoding="utf-8"))
    assert "\n\n" not in doc.text
    assert ("第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n"
            "规章 0 0 0") in doc.text


@pytest.mark.parametrize("name", ["000_83836b83bf579b6a.txt", "001_2e52dc39fd46a706.txt",
                                  "002_c4d4890b658ed4eb.txt", "003_fd90817f31466881.txt",
                                  "004_4e66213072b1ef4e.txt"])
def test_table_lines_are_never_joined(seeds_dir, name):
    raw = (seeds_dir / name).read_text(encoding="utf-8")
    doc = read_string(raw)
    out = set(_lines(doc))
    raw_table_lines = [ln for ln in raw.splitlines() if is_table_line(ln) and ln.strip()]
    assert raw_table_lines
    for ln in raw_table_lines:
        normalised = read_string(ln).text.strip("\n")
        assert normalised in out, ln


def test_label_fragments_keep_their_lines(seeds_dir):
    doc = read_string((seeds_dir / "002_c4d4890b658ed4eb.txt").read_text(encoding="utf-8"))
    text = doc.text
    assert "5.要求行政机关确认或重新出具已\n获取信息\n" in text
    assert "\n自然\n人\n" in text


def test_tab_table_lines_are_kept_with_their_cells(seeds_dir):
    raw = (seeds_dir / "001_2e52dc39fd46a706.txt").read_text(encoding="utf-8")
    doc = read_string(raw)
    assert "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t" in doc.text
    assert "三、本年度办理结果\t（一）予以公开\t0" in doc.text


def test_markdown_residue_is_stripped(seeds_dir):
    doc = read_string((seeds_dir / "004_4e66213072b1ef4e.txt").read_text(encoding="utf-8"))
    assert "- (" not in doc.text and "- （" not in doc.text
    assert any(ln.startswith("（一） 主动公开。") for ln in _lines(doc))
    doc1 = read_string((seeds_dir / "001_2e52dc39fd46a706.txt").read_text(encoding="utf-8"))
    assert "**" not in doc1.text and "二是积极做好政策解读。" in doc1.text


def test_page_break_inside_paragraph_is_joined(seeds_dir):
    doc = read_string((seeds_dir / "003_fd90817f31466881.txt").read_text(encoding="utf-8"))
    assert "完善政府网站本单位基本信息" in doc.text
    doc4 = read_string((seeds_dir / "004_4e66213072b1ef4e.txt").read_text(encoding="utf-8"))
    assert "卫生健康政策、医疗机构信息" in doc4.text


def test_a_line_ending_in_a_comma_continues_whatever_its_width():
    # pdftotext -raw cuts lines where text runs end, not at the wrap width
    lines = ["一、总体情况", "2024 年，", "我市坚持以习近平新时代中国特色社会主义思想为",
             "指导，认真学习宣传贯彻党的二十大和二十届二中、三中全会精", "神，按照决策部署和要求，",
             "严格落实《中华人民共和国政府信息公开条例》各项规定，圆满", "完成了各项任务。",
             "（一）主动公开情况。全年主动公开各类政府信息 5500 余条，全年新增公开规章 1 件。"]
    text = read_string("\n".join(lines)).text
    assert "2024 年，我市坚持" in text and "要求，严格落实" in text
    assert "\n（一）主动公开情况" in text  # a heading still starts its line


def test_page_numbers_and_running_headers_are_removed():
    pages = []
    for n in range(1, 5):
        pages.append(f"某局2024年政府信息公开工作年度报告\n第{n}段内容。\n- {n} -\n")
    doc = read_string("\f".join(pages) + "\f第5页 共8页\n3/8\n— 6 —\n结束。\n")
    # the header stays on the first page only, where it cannot be told from a title
    assert doc.text == ("某局2024年政府信息公开工作年度报告\n"
                        "第1段内容。\n第2段内容。\n第3段内容。\n第4段内容。\n结束。\n")
    assert any("page number" in w for w in doc.warnings)
    assert any("running header" in w for w in doc.warnings)
    # the first page's title equal to the running header stays
    title = "某局2024年政府信息公开工作年度报告"
    doc = read_string(f"{title}\n一、总体情况\n- 1 -\n" + "".join(
        f"\f{title}\n第{n}段内容。\n- {n} -\n" for n in range(2, 5)))
    assert doc.text == f"{title}\n一、总体情况\n第2段内容。\n第3段内容。\n第4段内容。\n"
    # a lone number counts pages only beside form feeds
    doc = read_string("甲。\n1\n\f乙。\n2\n\f丙。\n")
    assert doc.text == "甲。\n乙。\n丙。\n"


def test_lone_number_is_a_page_number_only_next_to_a_form_feed():
    doc = read_string("一、总体情况\n内容。\n1\n\f二、主动公开\n行政许可\n0\n")
    assert doc.text == "一、总体情况\n内容。\n二、主动公开\n行政许可\n0\n"


def test_one_lone_number_at_one_of_several_page_breaks_is_kept():
    # a table cell (one per line) that opens a page of a three-page text is no page count
    doc = read_string("一、总体情况\n内容。\n\f三、申请情况\n4\n\f2\n（一）予以公开\n2\n")
    assert doc.text == "一、总体情况\n内容。\n三、申请情况\n4\n2\n（一）予以公开\n2\n"
    # numbers at the page breaks of a text whose pages are numbered still go
    doc = read_string("甲。\n1\n\f乙。\n2\n\f丙。\n3\n\f丁。\n")
    assert doc.text == "甲。\n乙。\n丙。\n丁。\n"


def test_garbage_line_removed_but_numbers_kept():
    doc = read_string("一、总体情况\n<i>6</i>†: Ⅲ ¤§ ‡†: Ⅲ\n0 0 0 0\nsptqylbzj@163.com）。\n")
    assert doc.text == "一、总体情况\n0 0 0 0\nsptqylbzj@163.com）。\n"


def test_width_and_punctuation_conventions():
    doc = read_string("２０２４年(一)主动公开ＡＢ，时间:17:28,共3条;见(2024)\nf(x)\n")
    assert doc.text == "2024年（一）主动公开AB，时间：17:28，共3条；见（2024）\nf(x)\n"


def test_radicals_a_pdf_font_gives_for_ideographs_are_read_as_the_ideographs():
    # (Chromium's and some office suites' PDFs: ⼈⺠ for 人民, ⾏ for 行, ⻔ for 门)
    printed = "某某县⼈⺠政府2023年政府信息公开⼯作年度报告\n本⾏政机关⻔户⽹站发布信息12条。\n"
    doc = read_string(printed)
    assert _lines(doc) == ["某某县人民政府2023年政府信息公开工作年度报告",
                           "本行政机关门户网站发布信息12条。"]
    at = doc.text.index("民")
    assert printed[doc.textmap.to_original(at, at + 1)[0]] == "⺠"


@pytest.mark.parametrize("name", ["000_83836b83bf579b6a.txt", "004_4e66213072b1ef4e.txt"])
def test_offsets_map_back_exactly(seeds_dir, name):
    raw = (seeds_dir / name).read_text(encoding="utf-8")
    doc = read_string(raw)
    tm = doc.textmap
    assert tm.original == raw and len(tm.index) == len(tm.text) + 1
    assert tm.index == sorted(tm.index)
    for needle in ("二、主动公开政府信息情况", "行政处罚", "本年制发件数"):
        s = doc.text.index(needle)
        a, b = tm.to_original(s, s + len(needle))
        assert raw[a:b] == needle
    # a joined span maps onto the original across the removed line breaks
    s = doc.text.index("（一）")
    a, b = tm.to_original(s, s + 40)
    squeeze = str.maketrans("", "", "\n ")
    assert raw[a:b].translate(squeeze)[3:30] == doc.text[s:s + 40].translate(squeeze)[3:30]
    # every analysis character comes from an original character of the same identity or a
    # documented normalisation
    for i, ch in enumerate(tm.text):
        if ch == "\n":
            continue
        o = raw[tm.index[i]]
        assert ch == o or (ch, o) in {("（", "("), ("）", ")"), ("，", ","), ("：", ":"),
                                      ("；", ";")}, (i, ch, o)


def test_normalising_a_10k_report_is_linear(seeds_dir):
    raw = "".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt")))
    doc = read_string(raw)
    assert len(doc.text) > 10_000 * 0.8


def test_signs_and_pipe_cells_of_text_tables_survive_normalisation():
    # p088-style tables: one cell per line, each closed by a pipe; signed 本年增/减 values.
    text = "行政许可 |\n18 |\n-2 |\n+1 |\n|\n|||\n- （一）主动公开情况。\n"
    assert read_string(text).text == "行政许可 |\n18 |\n-2 |\n+1 |\n|\n|||\n（一）主动公开情况。\n"
