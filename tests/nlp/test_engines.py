"""rjieba and jieba give the same tokens on every real text we have, HMM off and on."""

from __future__ import annotations

import difflib
import json

import pytest

from gkmine.nlp import Segmenter


def _differences(texts: list[tuple[str, str]], hmm: bool) -> list[tuple[str, list, list]]:
    fast, reference = Segmenter(engine="rjieba", hmm=hmm), Segmenter(engine="jieba", hmm=hmm)
    out = []
    for name, text in texts:
        a, b = fast.cut(text), reference.cut(text)
        if a != b:
            ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
            out.extend((name, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in ops if op != "equal")
    return out


def _repository_texts(seeds_dir) -> list[tuple[str, str]]:
    """Every text under corpora/: the seed reports and any JSON-lines file's ``text`` fields."""
    texts = []
    for path in sorted(seeds_dir.parent.rglob("*")):
        if path.suffix == ".txt":
            texts.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
        elif path.suffix == ".jsonl":
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
                if line.strip() and isinstance(json.loads(line).get("text"), str):
                    texts.append((f"{path.name}:{number}", json.loads(line)["text"]))
    return texts


@pytest.mark.parametrize("hmm", [False, True])
def test_engines_agree_on_repository_corpora(seeds_dir, seed_paths, hmm):
    texts = _repository_texts(seeds_dir)
    assert {p.name for p in seed_paths} <= {name for name, _ in texts}
    assert _differences(texts, hmm) == []


@pytest.mark.parametrize("hmm", [False, True])
def test_engines_agree_on_dev_pages(dev_pages, hmm):
    texts = [(row["file"], row["text"]) for row in dev_pages]
    assert _differences(texts, hmm) == []


@pytest.mark.parametrize("hmm", [False, True])
def test_engines_agree_on_dev_statements(dev_statements, hmm):
    texts = [(row["id"], row["text"]) for row in dev_statements]
    assert _differences(texts, hmm) == []


def test_engines_agree_on_hard_cases():
    # Non-Chinese runs under HMM (jieba-rs keeps 0955-8598933 whole, jieba cuts it), rare
    # CJK extension characters (outside jieba's block range), traditional text, mixed scripts.
    texts = [("hard", "电话：0955-8598933，网址www.spt.gov.cn，邮箱abc_1@163.com，比例12.5%。"),
             ("hard", "㐀㐁丟並 政府資訊公開 政府信息公开ＡＢＣ１２３ C++ 3.14 v2.0-beta"),
             ("hard", "\ufeff\u200b依申请公开\x00\x1f\u3000（一）1.2.3．")]
    for hmm in (False, True):
        assert _differences(texts, hmm) == []
