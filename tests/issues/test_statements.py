"""Splitting section 五 into statements (codebook v1 unit of coding)."""

from __future__ import annotations

import json

import pytest

from gkmine.issues.statements import (
    infer_contexts,
    normalise,
    report_statements,
    split_statements,
)

SEED_TITLE = "五、存在的主要问题及改进情况"
NEXT_TITLE = "六、其他需要报告的事项"


@pytest.fixture(scope="module")
def seed_codings(shared_dir):
    path = shared_dir / "corpora-dev" / "statements" / "seed_statements.jsonl"
    if not path.is_file():
        pytest.skip(f"needs the seed codings of the development material, absent: {path}")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r["doc"].endswith(".txt")]


def _section_five(path):
    """Section 五 from the pipeline when it finds it, else sliced between the two titles."""
    from gkmine.config import DEFAULT
    from gkmine.pipeline import parse_document

    report = parse_document(path, DEFAULT.replace(tables=False, checks=False))
    if report.status != "error" and report.section("problems") is not None:
        return report, report_statements(report)
    text = path.read_text(encoding="utf-8")
    start = text.index(SEED_TITLE) + len(SEED_TITLE)
    end = text.index(NEXT_TITLE, start)
    return None, split_statements(text[start:end], offset=start, doc_id=path.name)


def test_seeds_reproduce_the_seed_codings(seeds_dir, seed_codings):
    docs = sorted({r["doc"] for r in seed_codings})
    assert len(docs) == 5
    for doc in docs:
        gold = [normalise(r["text"]) for r in seed_codings if r["doc"] == doc]
        _, statements = _section_five(seeds_dir / doc)
        # the pipeline may normalise punctuation (, -> ，); compare the characters that carry
        # the words, with ASCII/full-width punctuation unified
        got = [normalise(s.text) for s in statements]
        assert [_unify(g) for g in got] == [_unify(g) for g in gold], doc


def _unify(text: str) -> str:
    return text.translate(str.maketrans(",;:()!?\"", "，；：（）！？”")).replace("“", "”")


def test_statement_offsets_point_into_the_report(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        report, statements = _section_five(path)
        text = report.text if report is not None else path.read_text(encoding="utf-8")
        assert statements, path.name
        for st in statements:
            assert text[st.start:st.end] == st.text


def test_seed_contexts_follow_the_labels(seeds_dir, seed_codings):
    for doc in sorted({r["doc"] for r in seed_codings}):
        _, statements = _section_five(seeds_dir / doc)
        kinds = [r["kind"] for r in seed_codings if r["doc"] == doc]
        for st, kind in zip(statements, kinds, strict=True):
            if kind in ("problem", "measure") and st.marker:
                assert st.context == kind, (doc, st.text)


def test_labels_are_dropped_and_switch_context():
    body = ("存在问题：\n政务公开意识不强。\n下一步工作打算：\n"
            "（一）加强学习培训。（二）拓宽公开渠道。")
    got = [(s.context, s.marker, s.text) for s in split_statements(body)]
    assert got == [("problem", None, "政务公开意识不强。"),
                   ("measure", "（一）", "（一）加强学习培训。"),
                   ("measure", "（二）", "（二）拓宽公开渠道。")]


def test_heading_items_are_labels_not_statements():
    body = "（一）存在的主要问题\n1.信息更新不及时；2.解读形式单一。\n（二）改进措施\n1.及时更新。"
    got = [(s.context, s.text) for s in split_statements(body)]
    assert got == [("problem", "1.信息更新不及时；"), ("problem", "2.解读形式单一。"),
                   ("measure", "1.及时更新。")]


def test_numbers_out_of_sequence_are_not_items():
    body = "全年公开信息1.5万条，统一是关键。三是不够及时。"
    assert [s.marker for s in split_statements(body)] == [None, None]


def test_hard_line_breaks_inside_an_item_are_kept():
    body = "一是信息公开渠道\n\n有限；二是意识不\n强。"
    statements = split_statements(body, offset=100, doc_id="d")
    assert [normalise(s.text) for s in statements] == ["一是信息公开渠道有限；", "二是意识不强。"]
    assert statements[0].start == 100 and statements[1].id == "d#002"


def test_a_framing_sentence_closes_an_item():
    body = "一是意识不强。下一步，我局将持续推进公开工作。一是加强学习。"
    got = [(s.marker, s.context) for s in split_statements(body)]
    assert got == [("一是", None), (None, "measure"), ("一是", "measure")]


def test_empty_section_has_no_statements():
    assert split_statements("  \n ") == []


def test_infer_contexts_on_coded_statements():
    texts = ["目前还存在一些不足:", "一是意识不强;", "为此,我们将采取以下措施积极改进。",
             "(一)加强培训。"]
    assert infer_contexts(texts) == ["problem", "problem", "measure", "measure"]


@pytest.mark.parametrize(("body", "expected"), [
    ("一、存在的主要问题\n部分栏目更新不及时，解读形式单一。\n二、下一步工作打算\n一是加强栏目维护；二是丰富解读形式。",
     [("problem", None), ("measure", "一是"), ("measure", "二是")]),
    ("问题：政务公开意识不强，信息更新不及时。措施：加强学习培训，及时更新信息。",
     [("problem", None), ("measure", None)]),
    ("存在的问题主要有：第一，公开内容不够全面；第二，更新不及时。下一步，我局将做好以下工作：第一，加强培训。",
     [("problem", None), ("problem", "第一"), ("problem", "第二"), ("measure", None),
      ("measure", "第一")]),
    ("主要问题：①公开渠道单一；②互动不足。改进措施：①拓宽渠道。",
     [("problem", "①"), ("problem", "②"), ("measure", "①")]),
    ("存在问题：(1)栏目更新不及时；(2)审核把关不严。整改措施：(1)及时更新。",
     [("problem", "(1)"), ("problem", "(2)"), ("measure", "(1)")]),
    ("我局还存在一些不足。一方面，工作机制有待完善；另一方面，宣传力度不够。下一步，我局将完善机制。",
     [("problem", None)] * 3 + [("measure", None)]),
])
def test_layout_variants(body, expected):
    assert [(s.context, s.marker) for s in split_statements(body)] == expected
