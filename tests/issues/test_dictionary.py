"""The codebook dictionary classifier."""

from __future__ import annotations

import pickle

import pytest

from gkmine.errors import ModelError
from gkmine.issues.dictionary import DictionaryClassifier, load_patterns

#: the examples of codebook v1 (issue-codebook.md, "Examples")
CODEBOOK_EXAMPLES = [
    ("各中心（室）对政府网站工作重视程度还不够", "problem", {"awareness", "platforms"}),
    ("政务公开工作机制有待进一步完善", "problem", {"mechanism"}),
    ("政策解读形式较为单一，导致部分参保群众参与政务公开的积极性不高", "problem",
     {"interpretation", "engagement"}),
    ("二是积极与新闻传媒中心对接，将新媒体平台管理委托管理", "measure", {"platforms"}),
    ("三是提高思想认识。为干部提供信息公开相关培训", "measure", {"awareness", "capacity"}),
]


@pytest.fixture(scope="module")
def clf():
    return DictionaryClassifier().fit()


def test_codebook_examples_kinds(clf):
    texts = [t for t, _, _ in CODEBOOK_EXAMPLES]
    assert clf.predict(texts) == [k for _, k, _ in CODEBOOK_EXAMPLES]


def test_codebook_examples_topics(clf):
    predicted = clf.predict_topics([t for t, _, _ in CODEBOOK_EXAMPLES])
    exact = 0
    for (text, _, gold), got in zip(CODEBOOK_EXAMPLES, predicted, strict=True):
        assert gold <= set(got), text  # every codebook topic is found
        exact += gold == set(got)
    # 积极性 is a cue of awareness too, so example 3 gets one extra topic; the others are exact
    assert exact >= 4


def test_none_reported_and_framing(clf):
    texts = ["本年度未发现问题。", "一年来取得了一定成效，但还存在一些问题：", "无"]
    assert clf.predict(texts) == ["none_reported", "other", "none_reported"]


def test_traditional_text_is_normalised(clf):
    assert clf.predict(["政府信息公開更新不夠及時"]) == ["problem"]
    assert clf.predict_topics(["政府信息公開更新不夠及時"]) == [["timeliness"]]


def test_context_breaks_ties(clf):
    text = "信息公开工作"  # no cue at all
    assert clf.predict([text]) == ["other"]
    assert clf.predict([text], contexts=["measure"]) == ["measure"]


def test_explain_names_the_patterns(clf):
    matches = clf.explain("政务公开工作机制有待进一步完善")
    labels = {m.label for m in matches}
    assert {"kind:problem", "topic:mechanism"} <= labels
    assert all(m.note for m in matches)


def test_estimator_protocol(clf):
    copy = pickle.loads(pickle.dumps(clf))
    assert copy.predict(["一是更新不及时"]) == clf.predict(["一是更新不及时"])
    assert list(clf.classes_) == ["problem", "measure", "none_reported", "other"]
    with pytest.raises(ModelError, match="not fitted"):
        DictionaryClassifier().predict(["x"])


def test_bad_pattern_file_names_file_and_line(tmp_path):
    path = tmp_path / "p.tsv"
    path.write_text("label\tpattern\tweight\tnote\ntopic:content\t内容\t1\tok\n"
                    "topic:nonsense\tx\t1\tbad\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"E406.*p\.tsv.*line 3.*nonsense"):
        load_patterns(path)
    path.write_text("kind:problem\t(unclosed\t1\tbad regex\n", encoding="utf-8")
    with pytest.raises(ModelError, match="line 1"):
        load_patterns(path)


def test_custom_patterns_are_used(tmp_path):
    path = tmp_path / "mine.tsv"
    path.write_text("kind:problem\t短缺\t1\t\ntopic:capacity\t短缺\t1\t\n", encoding="utf-8")
    clf = DictionaryClassifier(patterns=str(path)).fit()
    assert clf.predict(["人员短缺"]) == ["problem"]
    assert clf.predict_topics(["人员短缺"]) == [["capacity"]]
