"""The spaCy pipeline: registered tokenizer, saving/loading, sentences, report offsets."""

from __future__ import annotations

import importlib
import json
import pickle
import subprocess
import sys

import pytest

from gkmine.errors import ModelError, ParseError
from gkmine.nlp import Segmenter
from gkmine.nlp import pipeline as nlp_pipeline
from gkmine.nlp.pipeline import docs_from_report, make_nlp
from gkmine.record import Report, Section

TEXT = ("（一）主动公开。本年主动公开“双随机、一公开”信息 385条，推进数智政务！\n"
        "存在问题：一是公开不够及时，二是解读形式单一；3.14%的申请按第（一）项办理。")


@pytest.fixture(scope="module")
def nlp():
    return make_nlp(user_words=["数智政务"])


def test_tokens_are_the_segmenters_and_keep_every_character(nlp):
    doc = nlp(TEXT)
    assert doc.text == TEXT
    seg = Segmenter(user_words=["数智政务"])
    assert [t.text for t in doc] == [tok for tok, _, _ in seg.tokenize(TEXT)]
    assert [t.text for t in doc if not t.is_space] == seg.cut(TEXT)
    assert "双随机、一公开" in [t.text for t in doc] and "数智政务" in [t.text for t in doc]


def test_config_records_the_tokenizer(nlp):
    cfg = nlp.config["nlp"]["tokenizer"]
    assert cfg["@tokenizers"] == "gkmine.Segmenter.v1"
    assert (cfg["engine"], cfg["hmm"], cfg["user_words"]) == ("rjieba", False,
                                                               [["数智政务", None, None]])
    jieba_hmm = make_nlp(engine="jieba", hmm=True, sentencizer=False)
    assert jieba_hmm.tokenizer.segmenter.get_params()["engine"] == "jieba"
    assert [t.text for t in jieba_hmm("张晓燕负责")][0] == "张晓燕"
    assert jieba_hmm.pipe_names == []


def test_stop_words_are_gkmines(nlp):
    doc = nlp("我局坚持全面加强政务公开的问题")
    stops = {t.text for t in doc if t.is_stop}
    assert stops == {"我局", "的"}
    assert not any(t.is_stop for t in make_nlp(stop_words=None, sentencizer=False)("我局的"))


def test_sentences(nlp):
    doc = nlp(TEXT)
    sents = [s.text.strip() for s in doc.sents]
    assert sents == ["（一）主动公开。", "本年主动公开“双随机、一公开”信息 385条，推进数智政务！",
                     "存在问题：", "一是公开不够及时，", "二是解读形式单一；",
                     "3.14%的申请按第（一）项办理。"]
    plain = make_nlp()
    plain.replace_pipe("gkmine_sentencizer", "gkmine_sentencizer",
                       config={"enumerations": False, "newlines": False})
    assert len(list(plain(TEXT).sents)) == 4
    assert len(list(plain("严格落实\n网络安全责任制。").sents)) == 1
    assert len(list(make_nlp()("严格落实\n网络安全责任制。").sents)) == 2


def test_no_sentence_is_whitespace_only(nlp):
    # Section bodies begin with the line break after their heading.
    doc = nlp("\n\n一是加强培训。\n  \n二是完善制度。\n")
    sents = [s.text for s in doc.sents]
    assert all(s.strip() for s in sents), sents
    assert [s.strip() for s in sents] == ["一是加强培训。", "二是完善制度。"]


def test_a_saved_pipeline_keeps_its_lexicon_setting():
    without = make_nlp(lexicon=None, sentencizer=False)
    assert [t.text for t in without("关注微博")] == ["关注", "微", "博"]
    assert [t.text for t in make_nlp(sentencizer=False)("关注微博")] == ["关注", "微博"]
    again = make_nlp(sentencizer=False)
    again.tokenizer.from_bytes(without.tokenizer.to_bytes())
    assert again.tokenizer.lexicon is None and len(again("关注微博")) == 3


def test_save_and_load_in_a_fresh_process(tmp_path, nlp):
    nlp.tokenizer.add_user_words([("云上政务", 30000)])  # added after creation: not in config
    path = tmp_path / "model"
    nlp.to_disk(path)
    script = (
        "import json, sys, spacy, gkmine.nlp.pipeline\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp(sys.argv[2])\n"
        "print(json.dumps({'tokens': [t.text for t in doc], 'pipes': nlp.pipe_names,\n"
        "  'sents': len(list(doc.sents)), 'stop': [t.is_stop for t in doc]}))\n")
    text = "推进数智政务和云上政务的建设。一是加强"
    out = subprocess.run([sys.executable, "-c", script, str(path), text], check=True,
                         capture_output=True, text=True, timeout=120)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["tokens"] == [t.text for t in nlp(text)]
    assert "数智政务" in got["tokens"] and "云上政务" in got["tokens"]
    assert got["pipes"] == ["gkmine_sentencizer"] and got["sents"] == 2
    assert got["stop"][got["tokens"].index("的")] is True


def test_bytes_round_trip_embeds_a_custom_dictionary(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("数智政务 30000 n\n", encoding="utf-8")
    nlp = make_nlp(dictionary=str(path), user_words=[("政务云", 30000)])
    data = nlp.to_bytes()
    path.unlink()  # the copy must not need the file
    fresh = make_nlp(sentencizer=False)
    fresh.tokenizer.from_bytes(nlp.tokenizer.to_bytes())
    text = "推进数智政务和政务云"
    assert [t.text for t in fresh(text)] == ["推进", "数智政务", "和", "政务云"]
    assert len(data) > 0
    with pytest.raises(ModelError, match="E401"):
        fresh.tokenizer.from_bytes(b"not json")


def test_pickle_and_registration_are_safe(nlp):
    again = pickle.loads(pickle.dumps(nlp))
    assert [t.text for t in again(TEXT)] == [t.text for t in nlp(TEXT)]
    nlp_pipeline._register()
    importlib.reload(nlp_pipeline)  # registering twice must not fail
    assert [t.text for t in nlp_pipeline.make_nlp()("政务公开")] == ["政务公开"]


def _report() -> Report:
    text = ("一、总体情况\n本年度推进政务公开。一是加强培训。\n"
            "五、存在的主要问题及改进情况\n问题：公开不及时；（一）完善制度。")
    sections = []
    titles = (("overall", "一、总体情况\n"), ("problems", "五、存在的主要问题及改进情况\n"))
    for key, title in titles:
        start = text.index(title)
        body = start + len(title)
        end = text.find("\n五、", body) if key == "overall" else len(text)
        sections.append(Section(key, title.strip(), start, end, text[body:end],
                                body_start=body))
    return Report(source="r.txt", doc_id="r1", text=text, sections=sections)


def test_docs_from_report_keep_report_offsets(nlp):
    report = _report()
    docs = list(docs_from_report(nlp, report))
    assert [(d._.doc_id, d._.section) for d in docs] == [("r1", "overall"), ("r1", "problems")]
    for doc in docs:
        for span in list(doc.sents) + [doc[1:3]]:
            assert report.text[span._.report_start:span._.report_end] == span.text
        token = doc[-1]
        assert report.text[token._.report_start:token._.report_end] == token.text
    problems = list(docs_from_report(nlp, report, sections=["problems"]))
    assert [d._.section for d in problems] == ["problems"]
    assert [s.text for s in problems[0].sents] == ["问题：公开不及时；", "（一）完善制度。"]


def test_docs_from_report_rejects_inconsistent_sections(nlp):
    report = _report()
    report.sections[0].body_start += 1
    with pytest.raises(ParseError, match=r"E416.*r\.txt.*overall"):
        list(docs_from_report(nlp, report))
