"""Section finding on synthetic variants of real layouts (wrong/missing ordinals, broken
titles, truncation, pre-2019 titles) and the traps real reports hold (t3 rows, preamble lists,
OCR copies of headings, sub-lists inside 总体情况)."""

from __future__ import annotations

import pickle

import pytest

from gkmine.keys import SECTION_KEYS
from gkmine.structure import SectionResult, find_sections, find_subitems, subitem_key

PREAMBLE = ("根据《中华人民共和国政府信息公开条例》规定，现发布《某某县医疗保障局2024年"
            "政府信息公开工作年度报告》。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息"
            "公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分组成。\n")
OVERALL = ("2024年，我局坚持以公开为常态。一是加强领导；二是规范流程。\n"
           "（一）主动公开情况。全年主动公开信息120条。\n"
           "（二）依申请公开情况。未收到申请。\n"
           "一、加强组织领导\n"
           "（三）政府信息管理情况。严格审核。\n"
           "（四）政府信息公开平台建设情况。网站运行平稳。\n"
           "（五）监督保障情况。纳入考核。\n")
T2 = "第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n规章 0 0 0\n"
T3 = ("申请人情况\n自然人 法人或其他组织 总计\n"
      "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
      "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
      "三、本年度办理结果\n（一）予以公开 1 0 0 0 0 0 1\n"
      "四、结转下年度继续办理 0 0 0 0 0 0 0\n")
T4 = "行政复议 行政诉讼\n结果维持 结果纠正 其他结果 尚未审结 总计\n0 0 0 0 0 0 0 0 0 0\n"
TITLES = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
          "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
BODIES = [OVERALL, T2, T3, T4, "存在的主要问题：公开深度不够。改进措施：加强培训。\n",
          "本年度未收取信息处理费。如有疑问，请与某某县医疗保障局联系。\n"]
ORDINALS = "一二三四五六"


def report(titles=TITLES, ordinals=ORDINALS, bodies=BODIES, sep="、") -> str:
    parts = [PREAMBLE]
    for n, (title, body) in enumerate(zip(titles, bodies, strict=False)):
        ordinal = f"{ordinals[n]}{sep}" if ordinals else ""
        parts.append(f"{ordinal}{title}\n{body}")
    return "".join(parts)


def keys(result: SectionResult) -> list[str]:
    return [s.key for s in result.sections]


def test_standard_report(make_doc):
    text = report()
    res = find_sections(make_doc(text))
    assert keys(res) == list(SECTION_KEYS) and res.complete and not res.warnings
    doc_text = make_doc(text).text
    for sec, title in zip(res.sections, TITLES, strict=False):
        assert sec.title.endswith(title)
        assert doc_text[sec.start:].startswith(sec.title)
        assert sec.text == doc_text[sec.body_start:sec.end]
    # the t3 rows 一、…四、 stay inside section 三
    applications = res.sections[2]
    assert "一、本年新收" in applications.text and "四、结转下年度" in applications.text
    assert res.sections[3].title.startswith("四、政府信息公开")


def test_section_spans_tile_the_document(raw_doc):
    res = find_sections(raw_doc(report()))
    for a, b in zip(res.sections, res.sections[1:], strict=False):
        assert a.end == b.start
    assert res.sections[-1].end == len(report())


def test_wrong_ordinals_shifted_by_one(raw_doc):
    res = find_sections(raw_doc(report(ordinals="一一二三四五")))
    assert keys(res) == list(SECTION_KEYS) and res.complete
    assert any("ordinal" in w for w in res.warnings)


def test_missing_ordinals(raw_doc):
    res = find_sections(raw_doc(report(ordinals="")))
    assert keys(res) == list(SECTION_KEYS)
    assert res.sections[0].title == "总体情况"


def test_space_after_ordinal_and_other_separators(raw_doc):
    text = report().replace("一、总体情况", "一、 总体情况").replace("二、主动", "二．主动")
    res = find_sections(raw_doc(text))
    assert keys(res) == list(SECTION_KEYS)
    assert res.sections[0].title == "一、 总体情况"


@pytest.mark.parametrize("variant, key", [
    ("政府信息公开行政复议及行政诉讼情况", "review_litigation"),
    ("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "review_litigation"),
    ("政府信息公开工作存在的主要问题及改进情况", "problems"),
    ("存在的主要问题及改进措施", "problems"),
    ("其他报告的事项", "other"),
])
def test_title_variants(raw_doc, variant, key):
    titles = [variant if k == key else t for k, t in zip(SECTION_KEYS, TITLES, strict=False)]
    res = find_sections(raw_doc(report(titles=titles)))
    assert keys(res) == list(SECTION_KEYS)
    assert dict((s.key, s.title) for s in res.sections)[key].endswith(variant)


def test_title_broken_over_lines_and_page_number(raw_doc):
    text = report().replace("四、政府信息公开行政复议、行政诉讼情况",
                            "四、政府信息公开行政复议、行政诉\n- 5 -\n讼情况")
    text = text.replace("三、收到和处理政府信息公开申请情况",
                        "三、收到和处理政府信息公开申请 12 情况")
    res = find_sections(raw_doc(text))
    assert keys(res) == list(SECTION_KEYS)
    review = res.sections[3]
    assert review.title == "四、政府信息公开行政复议、行政诉讼情况"
    assert "讼情况" not in review.text[:5]


def test_ocr_copy_of_a_heading_is_not_a_section(raw_doc):
    text = report().replace(T2, "二、工切公开政府旧志府况\t\t\t\n" + T2)
    res = find_sections(raw_doc(text))
    assert keys(res) == list(SECTION_KEYS)
    assert res.sections[1].title == "二、主动公开政府信息情况"
    assert "工切公开" in res.sections[1].text


def test_truncated_document_reports_only_what_exists(raw_doc):
    full = report()
    cut = full[: full.index("四、政府信息公开行政复议") + 3]
    res = find_sections(raw_doc(cut))
    assert keys(res) == ["overall", "active_disclosure", "applications"]
    assert not res.complete
    assert any("review_litigation" in w for w in res.warnings)
    assert res.sections[-1].end == len(cut)


def test_document_without_sections(raw_doc):
    res = find_sections(raw_doc("本局政府信息公开工作年度报告正在编制。\n没有任何标题。"))
    assert res.sections == [] and not res.complete


def test_not_a_report_is_a_clear_error(raw_doc):
    from gkmine.errors import ParseError

    with pytest.raises(ParseError) as err:
        find_sections(raw_doc("菜谱：西红柿炒鸡蛋。\n一、准备材料\n", "menu.txt"))
    assert err.value.code == "E201" and "menu.txt" in str(err.value)


def test_pre2019_free_form_titles(raw_doc):
    titles = ["基本概况", "主动公开情况", "依申请公开情况",
              "因政府信息公开申请行政复议和提起行政诉讼的情况", "存在的主要问题及改进措施"]
    res = find_sections(raw_doc(report(titles=titles, bodies=BODIES[:5])))
    assert keys(res) == list(SECTION_KEYS[:5])
    assert res.legacy_titles and res.complete


def test_traditional_raw_text(raw_doc):
    text = report().replace("总体情况", "總體情況").replace("主动公开", "主動公開")
    res = find_sections(raw_doc(text))
    assert keys(res) == list(SECTION_KEYS)
    assert res.sections[0].title == "一、總體情況"


def test_inline_heading_followed_by_text(raw_doc):
    text = report().replace("五、存在的主要问题及改进情况\n",
                            "五、存在的主要问题及改进情况。存在问题：")
    res = find_sections(raw_doc(text))
    problems = res.sections[4]
    assert problems.key == "problems" and problems.title == "五、存在的主要问题及改进情况"
    assert problems.text.startswith("存在问题")


def test_overall_subitems(raw_doc):
    res = find_sections(raw_doc(report()))
    subitems = res.sections[0].subitems
    assert [s.key for s in subitems] == ["active", "on_request", "management", "platforms",
                                         "supervision"]
    text = report()
    for item in subitems:
        assert text[item.start:].startswith(item.label)
        assert res.sections[0].body_start <= item.start < item.end <= res.sections[0].end


def test_subitems_other_numbering_and_unknown_words():
    text = "1.组织领导\n加强领导。\n2.主动公开政府信息的情况\n3.依申请公开\n4.其他工作\n"
    items = find_subitems(text, 0, len(text))
    assert [i.key for i in items] == [None, "active", "on_request", None]
    assert subitem_key("三)政府信息管理情况") == "management"
    nested = "1.先说明\n（一）主动公开\n1.网站\n2.微信\n（二）依申请公开\n"
    assert [i.label for i in find_subitems(nested, 0, len(nested))] == ["（一）主动公开",
                                                                         "（二）依申请公开"]


def test_result_pickles(raw_doc):
    res = find_sections(raw_doc(report()))
    assert pickle.loads(pickle.dumps(res)) == res


def test_heading_run_into_its_text(raw_doc):
    text = report().replace("一、总体情况\n", "一、总体情况2024年，我局坚持以公开为常态\n")
    res = find_sections(raw_doc(text))
    assert keys(res) == list(SECTION_KEYS)
    assert res.sections[0].title == "一、总体情况"
    assert res.sections[0].text.startswith("2024年，我局")


def test_table_of_contents_is_not_taken_for_the_headings(raw_doc):
    toc = "目录\n" + "".join(f"{o}、{t}……{n + 1}\n" for n, (o, t) in
                            enumerate(zip(ORDINALS, TITLES, strict=True)))
    text = toc + report()
    res = find_sections(raw_doc(text))
    assert keys(res) == list(SECTION_KEYS)
    assert res.sections[0].start == text.index("一、总体情况\n")


def test_seeds_cut_short_keep_a_prefix_of_their_sections(seed_paths, raw_doc):
    """A seed cut anywhere finds exactly the sections whose heading lies before the cut."""
    for path in seed_paths:
        text = path.read_text(encoding="utf-8")
        full = find_sections(raw_doc(text)).sections
        for cut in range(len(text) // 10, len(text), len(text) // 10):
            res = find_sections(raw_doc(text[:cut]))
            expected = [s.key for s in full if s.start + len(s.title) <= cut]
            assert keys(res) == expected, (path.name, cut)
            assert res.complete is (len(expected) == 6)


# --- sections found by their content ---------------------------------------------------------

def test_problems_and_other_found_by_content_when_their_headings_are_lost(seed_paths, raw_doc):
    """Real seed text with the 五 and 六 headings deleted (as one real extraction lost them):
    the sections start at their first statement, with confidence below 1 and a warning."""
    import re

    text = seed_paths[0].read_text(encoding="utf-8")
    cut = re.sub(r"\n[五六]、[^\n]*\n", "\n", text)
    found = find_sections(raw_doc(cut))
    by_key = {s.key: s for s in found.sections}
    assert cut[by_key["problems"].start:].startswith("存在的主要问题")
    assert "信息处理费" in cut[by_key["other"].start:].split("\n")[0]
    assert by_key["problems"].confidence < 1 and by_key["other"].confidence < 1
    assert by_key["review_litigation"].end == by_key["problems"].start
    assert sum("found by its content" in w for w in found.warnings) == 2


def test_no_section_invented_from_content_when_the_text_stops_early(raw_doc):
    """A report cut short inside 三 has no 五, even if its prose speaks of 不足 and 下一步."""
    text = (PREAMBLE + "一、总体情况\n" + OVERALL.replace("规范流程", "工作还有不足，下一步将改进")
            + "二、主动公开政府信息情况\n" + T2 + "三、收到和处理政府信息公开申请情况\n" + T3)
    assert "problems" not in keys(find_sections(raw_doc(text)))


def test_ordered_assignment_equals_the_all_pairs_recurrence():
    """The O(n log n) assignment gives the chain of the quadratic dynamic programme."""
    import random

    from gkmine.structure.sections import _Candidate, _ordered_assignment

    def all_pairs(cands):
        cands = sorted(cands, key=lambda c: (c.start, c.key_index, -c.value))
        total, back = [], []
        for i, cand in enumerate(cands):
            best, arg = 0.0, -1
            for j in range(i):
                prev = cands[j]
                if prev.title_end <= cand.start and prev.key_index < cand.key_index \
                        and total[j] > best:
                    best, arg = total[j], j
            total.append(best + cand.value)
            back.append(arg)
        if not cands:
            return []
        i = max(range(len(cands)), key=lambda k: (total[k], -k))
        chain = []
        while i >= 0:
            chain.append(cands[i])
            i = back[i]
        return chain[::-1]

    rng = random.Random(7)
    for _ in range(500):
        cands = []
        for _ in range(rng.randint(0, 20)):
            start = rng.randint(0, 50)
            end = start + rng.randint(0, 4)
            cands.append(_Candidate(rng.randint(0, 5), rng.choice([0.7, 0.85, 1.0, 1.15]), 80.0,
                                    start, end, end, False, None))
        assert _ordered_assignment(cands) == all_pairs(cands)
