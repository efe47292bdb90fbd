"""The Segmenter: domain terms stay whole, stop words, HMM switch, pickling, spawn workers."""

from __future__ import annotations

import pickle

import joblib
import pytest

from gkmine.errors import ModelError
from gkmine.nlp import Segmenter, load_stop_words
from gkmine.nlp.segmenter import DEFAULT_DICTIONARY, load_dictionary

ENGINES = ("rjieba", "jieba")
DOMAIN_TERMS = [word for word, _, _ in load_dictionary(str(DEFAULT_DICTIONARY))]
#: Contexts each term is embedded in: after a verb, between a verb and a noun, before a
#: comma, and after a preposition — where a neighbour could steal its first or last character.
CONTEXTS = ("我局持续推进{}工作。", "进一步加强{}，", "在{}方面")


@pytest.fixture(scope="module", params=ENGINES)
def segmenter(request) -> Segmenter:
    return Segmenter(engine=request.param).fit()


def test_dictionary_is_large_and_has_the_brief_terms():
    assert len(set(DOMAIN_TERMS)) >= 400
    for term in ("政务公开", "政府信息公开", "依申请公开", "主动公开", "三审三校", "先审后发",
                 "政策解读", "12345政务服务便民热线", "双随机、一公开", "政府开放日",
                 "行政规范性文件", "政务新媒体", "六稳六保", "放管服", "互联网+政务服务",
                 "一网通办", "重点领域信息公开", "信息处理费", "行政复议", "行政诉讼",
                 "公开属性源头认定", "三安全一稳定", "行政执法案卷", "过程性信息",
                 "内部事务信息", "医疗保障局", "人力资源和社会保障局", "国办公开办函",
                 "政府信息公开条例", "知情权", "参与权", "表达权", "监督权", "三同步"):
        assert term in DOMAIN_TERMS, term


def test_every_domain_term_stays_whole_in_running_text(segmenter):
    cut_apart = [(ctx.format(term), segmenter.cut(ctx.format(term)))
                 for term in DOMAIN_TERMS for ctx in CONTEXTS
                 if term not in segmenter.cut(ctx.format(term))]
    assert cut_apart == []


def test_punctuated_terms_are_protected(segmenter):
    text = "落实“双随机、一公开”监管，推进互联网＋政务服务和互联网+政务服务。"
    tokens = segmenter.cut(text)
    assert "双随机、一公开" in tokens
    assert "互联网＋政务服务" in tokens and "互联网+政务服务" in tokens
    # Without the dictionary the same text is cut apart: the protection is what keeps it.
    assert "双随机、一公开" not in Segmenter(engine=segmenter.engine, dictionary=None).cut(text)


def test_tokenize_offsets_cover_the_text(segmenter):
    text = "（一）主动公开。\n 本年 主动公开“双随机、一公开”信息 385条\r\n"
    spans = segmenter.tokenize(text)
    assert "".join(tok for tok, _, _ in spans) == text
    assert all(text[start:end] == tok for tok, start, end in spans)
    assert ("双随机、一公开", text.index("双随机"), text.index("”信息")) in spans


def test_whitespace_tokens_are_dropped(segmenter):
    tokens = segmenter.cut("政务\u3000公开 \n\r\n\t工作")
    assert tokens == ["政务", "公开", "工作"]


def test_default_stop_words_keep_meaningful_words():
    stop = load_stop_words()
    for word in ("加强", "问题", "坚持", "全面", "进一步", "不足", "改进"):
        assert word not in stop, word
    for word in ("的", "了", "和", "与", "及", "等", "对", "在", "将", "把", "为", "，", "。",
                 "本报告", "年度报告", "我局", "我委", "本机关", "#"):
        assert word in stop, word
    tokens = Segmenter(stop_words="default").cut("我局坚持全面加强政务公开，解决存在的问题。")
    assert tokens == ["坚持", "全面", "加强", "政务公开", "解决", "存在", "问题"]


def test_stop_words_as_an_iterable_and_invalid():
    assert Segmenter(stop_words=["政务公开"]).cut("推进政务公开") == ["推进"]
    with pytest.raises(ModelError, match="E414"):
        Segmenter(stop_words="chinese").cut("政务公开")


def test_hmm_switch():
    text = "张晓燕同志负责落实六稳六保"
    off = Segmenter(hmm=False).cut(text)
    on = Segmenter(hmm=True).cut(text)
    assert "六稳六保" in off and "六稳六保" in on  # in the dictionary: whole either way
    assert off[:3] == ["张", "晓", "燕"]  # an unknown name: HMM off does not invent words
    assert on[0] == "张晓燕"  # HMM on guesses it
    # jieba's HMM invents 稳六保 when the dictionary does not have the term.
    assert "稳六保" in Segmenter(hmm=True, dictionary=None).cut("推进六稳六保工作")


def test_user_words_win():
    text = "推进数智政务建设"
    assert "数智政务" not in Segmenter().cut(text)
    assert "数智政务" in Segmenter(user_words=["数智政务"]).cut(text)
    assert "数智政务" in Segmenter(engine="jieba", user_words=[("数智政务", 9000)]).cut(text)
    assert "保障，局" in Segmenter(user_words=["保障，局"]).cut("医疗保障，局")


@pytest.mark.parametrize("engine", ENGINES)
def test_frequency_zero_forces_a_split(engine):
    seg = Segmenter(engine=engine, user_words=[("政务公开", 0)])
    assert seg.cut("推进政务公开") == ["推进", "政务", "公开"]


def test_bad_parameters_and_inputs(tmp_path):
    with pytest.raises(ModelError, match="E414"):
        Segmenter(engine="pkuseg").cut("政务公开")
    with pytest.raises(ModelError, match="E401") as err:
        Segmenter(dictionary=tmp_path / "missing.txt").cut("政务公开")
    assert "missing.txt" in str(err.value)
    bad = tmp_path / "bad.txt"
    bad.write_text("政务 公开 100 n\n", encoding="utf-8")
    with pytest.raises(ModelError, match="E406"):
        Segmenter(dictionary=bad).cut("政务公开")
    with pytest.raises(ModelError, match="E412"):
        Segmenter().cut(None)
    with pytest.raises(ModelError, match="E414"):
        Segmenter(user_words=[("", 3)]).cut("政务公开")


def test_custom_dictionary_file(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("# my terms\n数智政务 30000 n\n", encoding="utf-8")
    seg = Segmenter(dictionary=path)
    assert seg.cut("推进数智政务和六稳六保") == ["推进", "数智政务", "和", "六", "稳", "六", "保"]


def test_sklearn_protocol():
    from sklearn.base import clone

    seg = Segmenter(engine="jieba", stop_words="default")
    assert seg.get_params() == {"dictionary": "default", "engine": "jieba", "hmm": False,
                                "lexicon": "wordfreq", "stop_words": "default",
                                "user_words": ()}
    twin = clone(seg)
    assert twin is not seg and twin.get_params() == seg.get_params()
    assert seg.fit() is seg
    before = seg.cut("我局推进六稳六保")
    seg.set_params(stop_words=None)  # changing a parameter drops the loaded state
    assert seg.cut("我局推进六稳六保") == ["我局"] + before
    assert repr(seg) == "Segmenter(engine='jieba')"
    with pytest.raises(ValueError):
        seg.set_params(colour="red")
    assert seg.transform(["政务公开", ""]) == [["政务公开"], []]


def test_pickle_sends_only_parameters():
    seg = Segmenter(user_words=["数智政务"]).fit()
    data = pickle.dumps(seg)
    assert len(data) < 400  # parameters only: the engine (a whole dictionary) stays behind
    again = pickle.loads(data)
    assert again.get_params() == seg.get_params()
    assert again.cut("推进数智政务") == seg.cut("推进数智政务") == ["推进", "数智政务"]


def test_vectorizer_joblib_round_trip(tmp_path, seed_paths):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [p.read_text(encoding="utf-8") for p in seed_paths]
    vec = TfidfVectorizer(tokenizer=Segmenter(stop_words="default"), token_pattern=None,
                          lowercase=False).fit(texts)
    assert "政府信息公开" in vec.vocabulary_ and "的" not in vec.vocabulary_
    joblib.dump(vec, tmp_path / "vec.joblib")
    again = joblib.load(tmp_path / "vec.joblib")
    assert again.vocabulary_ == vec.vocabulary_
    assert (again.transform(texts) != vec.transform(texts)).nnz == 0


def test_spawn_workers_match_serial(seed_paths):
    texts = [p.read_text(encoding="utf-8") for p in seed_paths] * 3 + ["", "  \n"]
    seg = Segmenter(stop_words="default")
    serial = list(seg.pipe(texts))
    parallel = list(seg.pipe(texts, n_process=2, batch_size=2))
    assert parallel == serial
    assert serial[-2:] == [[], []]


@pytest.mark.parametrize(("text", "expected"), [
    ("推进公开。加强解读！提升质量？完善制度；",
     ["推进公开。", "加强解读！", "提升质量？", "完善制度；"]),
    ("他说：“要公开。”随后落实。", ["他说：“要公开。”", "随后落实。"]),
    ("问题：一是不及时，二是不规范", ["问题：", "一是不及时，", "二是不规范"]),
    ("（一）主动公开 （二）依申请公开", ["（一）主动公开 ", "（二）依申请公开"]),
    ("一、总体情况\n1.制度 2、平台", ["一、总体情况\n", "1.制度 ", "2、平台"]),
    ("比上年增长3.14%，共1.5万条", ["比上年增长3.14%，共1.5万条"]),
    ("按第（一）项和第一、二季度统一是指", ["按第（一）项和第一、二季度统一是指"]),
    ("①加强②完善", ["①加强②完善"]),
    ("，①加强；②完善", ["，", "①加强；", "②完善"]),
    ("", []),
])
def test_sentences(text, expected):
    from gkmine.nlp import split_sentences

    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_line_breaks_end_sentences_unless_told_otherwise():
    from gkmine.nlp import split_sentences

    text = "二、主动公开政府信息情况\n规章 0 0 0\n  行政许可 3"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "二、主动公开政府信息情况\n", "规章 0 0 0\n  ", "行政许可 3"]
    wrapped = "严格落实网络意识形态工作\n和网络安全责任制。"
    assert len(split_sentences(wrapped)) == 2
    assert len(split_sentences(wrapped, newlines=False)) == 1


def test_importing_gkmine_nlp_stays_light():
    import subprocess
    import sys

    code = ("import sys, gkmine.nlp as n; n.Segmenter()('政务公开'); "
            "print('spacy' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.split() == ["False", "False"]


def test_data_files_have_no_duplicates():
    from collections import Counter

    from gkmine.nlp.segmenter import DEFAULT_STOP_WORDS

    terms = Counter(DOMAIN_TERMS)
    assert [w for w, n in terms.items() if n > 1] == []
    lines = DEFAULT_STOP_WORDS.read_text(encoding="utf-8").splitlines()
    words = Counter(line.split()[0] for line in lines if line.strip() and line[0] != "#")
    assert [w for w, n in words.items() if n > 1] == []
