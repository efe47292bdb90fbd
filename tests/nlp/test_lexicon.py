"""The modern lexicon: new words stay whole, collocations do not join, the build is cached."""

from __future__ import annotations

import pickle

import pytest

from gkmine.errors import ModelError
from gkmine.nlp import Segmenter
from gkmine.nlp import lexicon as lexicon_module
from gkmine.nlp.lexicon import build_lexicon, cache_key, lexicon_words

ENGINES = ("rjieba", "jieba")
TEXT = "通过微博、新媒体、公众号、抖音和小程序发布，一是线上问责，二是本年度未收到复议申请。"


@pytest.mark.parametrize("engine", ENGINES)
def test_modern_words_stay_whole(engine):
    tokens = Segmenter(engine=engine).cut(TEXT)
    for word in ("微博", "新媒体", "公众号", "抖音", "小程序", "线上", "问责"):
        assert word in tokens, (word, tokens)
    # Collocations of common words are not words: they stay apart.
    for word in ("一是", "二是", "未收到"):
        assert word not in tokens, (word, tokens)


def test_without_the_lexicon_new_words_fall_apart():
    tokens = Segmenter(lexicon=None).cut("关注抖音和微博")
    assert "抖音" not in tokens and "微博" not in tokens


def test_engines_agree_with_the_lexicon(seed_paths):
    text = seed_paths[0].read_text(encoding="utf-8")
    assert Segmenter(engine="rjieba").tokenize(text) == Segmenter(engine="jieba").tokenize(text)


def test_lexicon_holds_words_not_collocations():
    words = {w: f for w, f, _ in lexicon_words()}
    assert 200 <= len(words) <= 5000
    assert {"微博", "微信", "抖音", "官网"} <= set(words)
    assert not {"一是", "二是", "日至", "时有", "中有", "这是"} & set(words)
    assert all(isinstance(f, int) and f >= 1 for f in words.values())


def test_domain_dictionary_wins():
    seg = Segmenter(user_words=[("微博", 0)])  # a user or domain entry overrides the lexicon
    assert "微博" not in seg.cut("政府微博")


def test_build_is_deterministic_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("GKMINE_CACHE_DIR", str(tmp_path))
    lexicon_words.cache_clear()
    try:
        built = lexicon_words()
        path = tmp_path / cache_key()
        assert path.is_file() and list(tmp_path.iterdir()) == [path]
        assert built == build_lexicon()  # same words, same frequencies, same order

        def no_build(**_):
            raise AssertionError("the cached file must be read, not rebuilt")

        monkeypatch.setattr(lexicon_module, "build_lexicon", no_build)
        lexicon_words.cache_clear()
        assert lexicon_words() == built
    finally:
        lexicon_words.cache_clear()


def test_unknown_lexicon_is_an_error():
    with pytest.raises(ModelError, match="unknown lexicon"):
        Segmenter(lexicon="twitter").cut("微博")


def test_a_segmenter_pickled_before_the_lexicon_keeps_its_tokens():
    old_state = {k: v for k, v in Segmenter().__getstate__().items() if k != "lexicon"}
    seg = Segmenter.__new__(Segmenter)
    seg.__setstate__(old_state)
    assert seg.lexicon is None
    assert pickle.loads(pickle.dumps(seg)).cut("微博") == ["微", "博"]
