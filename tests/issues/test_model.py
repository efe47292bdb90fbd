"""The supervised classifier: fit, predict, save/load, stacking, the shipped model, CV smoke."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

from gkmine.errors import ModelError
from gkmine.issues.annotate import ANNOTATIONS
from gkmine.issues.codebook import CODEBOOK_VERSION, TOPICS
from gkmine.issues.evaluate import fold_indices, stored_evaluation
from gkmine.issues.model import DEFAULT_MODEL, IssueClassifier, default_model, file_sha256
from gkmine.issues.train import train_model

PROBES = ["一是政府信息公开意识仍需加强；", "二是拓宽公开渠道，加强新媒体平台建设。",
          "一年来取得了一定成效，但还存在一些问题：", "本年度未发现问题。",
          "三是加强业务培训，提高工作人员业务水平。"]


@pytest.fixture(scope="module")
def rows(annotation_rows):
    return annotation_rows


@pytest.fixture(scope="module")
def small_model(trained):
    return trained.model


def test_predictions_are_codebook_labels(small_model):
    for kind, topics in small_model.predict(PROBES):
        assert kind in ("problem", "measure", "other", "none_reported")
        assert set(topics) <= set(TOPICS)
    assert small_model.predict(PROBES[3:4])[0] == ("none_reported", [])


def test_save_load_round_trip(small_model, trained):
    loaded = IssueClassifier.load(trained.path)
    assert loaded.predict(PROBES) == small_model.predict(PROBES)
    assert loaded.predict_scored(PROBES) == small_model.predict_scored(PROBES)
    meta = loaded.metadata_
    assert meta["codebook_version"] == CODEBOOK_VERSION
    assert meta["training_data_sha256"] == file_sha256(trained.data)
    assert meta["sklearn_version"] and meta["gkmine_version"] and meta["segmenter_lexicon"]
    assert pickle.loads(pickle.dumps(small_model)).predict(PROBES) == small_model.predict(PROBES)


def test_line_breaks_and_traditional_script_do_not_matter(small_model):
    plain = ["二是政府网站栏目更新不够及时；", "三是加强业务培训，提高工作人员业务水平。"]
    noisy = ["二是政府網站欄目\n更新不夠\n\n及時；", "三是加強業務培訓，\r\n提高工作人員業務水平。"]
    assert small_model.predict_scored(noisy) == small_model.predict_scored(plain)


def test_topic_cut_comes_from_the_inner_grid(small_model):
    assert small_model.stack_threshold_ in small_model.threshold_grid
    assert 0.0 < small_model.inner_topic_micro_f1_ <= 1.0
    _, scores = small_model.predict_proba(PROBES)
    assert scores.shape == (len(PROBES), len(TOPICS))
    # a topic is predicted exactly when its reported score reaches topic_threshold
    for (_, topics), row in zip(small_model.predict(PROBES[:3]), scores[:3], strict=True):
        assert topics == [t for t, s in zip(TOPICS, row, strict=True)
                          if s >= small_model.topic_threshold]


def test_rare_topic_is_left_to_the_dictionary():
    texts = ["一是公开意识不强", "二是公开渠道有限", "三是数字化水平不高", "一是加强培训",
             "二是拓宽渠道", "三是强化公开意识", "四是提高培训质量", "五是增强意识"]
    kinds = ["problem"] * 3 + ["measure"] * 5
    topics = [["awareness"], ["channels"], ["digital"], ["capacity"], ["channels"],
              ["awareness"], ["capacity"], ["awareness"]]
    model = IssueClassifier(inner_folds=2, min_positives=3).fit(texts, kinds, topics)
    learned = dict(zip(TOPICS, model.learned_topics_, strict=True))
    assert learned["awareness"] and not learned["digital"] and not learned["channels"]
    (_, found, scores), = model.predict_scored(["推进政务服务数字化建设"])
    assert "digital" in found and scores["topic:digital"] == 1.0
    assert model.predict_scored(["加强业务培训"])[0][2]["topic:digital"] == 0.0


def test_fit_checks_lengths():
    with pytest.raises(ValueError, match="same length"):
        IssueClassifier().fit(["a", "b"], ["problem"], [[], []])
    with pytest.raises(ValueError, match="groups"):
        IssueClassifier().fit(["a", "b"], ["problem", "measure"], [[], []], groups=["d1"])


@pytest.mark.slow
def test_training_is_byte_reproducible(trained, tmp_path):
    again = train_model(trained.data, tmp_path / "again.joblib", folds=trained.folds, seed=0)
    assert (tmp_path / "again.joblib").read_bytes() == trained.path.read_bytes()
    assert again.metadata_["training_data_sha256"] == file_sha256(trained.data)


def test_the_model_carries_its_cross_validation(trained, rows):
    table = trained.model.evaluation_
    loaded = IssueClassifier.load(trained.path).evaluation_
    pd.testing.assert_frame_equal(table, loaded)
    assert set(table["model"]) == {"supervised", "dictionary"}
    assert (table["folds"] == trained.folds).all()
    assert (table["n_statements"] == len(rows[::2])).all()
    assert stored_evaluation(trained.model, data=trained.data, folds=2) is not None
    # another seed, other folds or other data: not this evaluation
    assert stored_evaluation(trained.model, data=trained.data, folds=2, seed=1) is None
    assert stored_evaluation(trained.model, data=trained.data, folds=5) is None
    assert stored_evaluation(trained.model, data=ANNOTATIONS, folds=2) is None


def test_load_rejects_other_files(tmp_path):
    bad = tmp_path / "bad.joblib"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="E401"):
        IssueClassifier.load(bad)
    with pytest.raises(ModelError, match="not fitted"):
        IssueClassifier().predict(["x"])


def test_shipped_model(rows):
    assert DEFAULT_MODEL.stat().st_size < 5_000_000
    model = default_model()
    assert model is default_model()  # loaded once per process
    assert model.metadata_["codebook_version"] == CODEBOOK_VERSION
    # trained on the annotations in the repository as they are now
    assert model.metadata_["training_data_sha256"] == file_sha256(ANNOTATIONS)
    assert model.metadata_["n_statements"] == len(rows)
    kinds = [k for k, _ in model.predict(PROBES)]
    assert kinds == ["problem", "measure", "other", "none_reported", "measure"]


def test_folds_group_by_document(rows):
    for train, test in fold_indices(rows, folds=3, seed=0):
        assert not {rows[i]["doc"] for i in train} & {rows[i]["doc"] for i in test}


def test_cross_validation_smoke(trained):
    result = trained.model.evaluation_  # cross_validate, run once when the fixture trained
    summary = result.set_index(["model", "label"])["f1"]
    # the table says that the dictionary's score is in-sample, and which cuts inner CV chose
    assert result.loc[result["model"] == "dictionary", "in_sample"].all()
    assert not result.loc[result["model"] == "supervised", "in_sample"].any()
    assert result["note"].str.contains("in-sample", case=False).all()
    cuts = result.loc[result["model"] == "supervised", "inner_thresholds"].iloc[0].split(";")
    assert len(cuts) == 2 and all(0.0 < float(c) < 1.0 for c in cuts)
    # far above chance on held-out documents, even with a quarter of the data per fold
    assert summary[("supervised", "kind_accuracy")] > 0.75
    assert summary[("supervised", "topic_micro")] > 0.6


def test_shipped_model_carries_the_repository_evaluation(rows):
    table = stored_evaluation()
    assert table is not None and (table["n_statements"] == len(rows)).all()
    assert (table["folds"] == 5).all() and (table["seed"] == 0).all()


def test_fast_feature_and_kind_paths_equal_scikit_learn(rows):
    """The shipped model's own TF-IDF counting and multinomial probabilities give the very
    bits scikit-learn's ``transform`` and ``predict_proba`` give (out-of-vocabulary n-grams,
    repeats, an empty text and a text without any known n-gram included)."""
    import numpy as np
    import scipy.sparse as sp

    from gkmine.issues.model import _class_proba, _tfidf_transform, _union_transform
    from gkmine.issues.text import prepare_text

    model = default_model()
    texts = [prepare_text(r["text"]) for r in rows[:40]] + ["", "ＸＹＺ", "公开公开公开 公开"]
    for _, vectorizer in model.features_.transformer_list:
        expected = sp.csr_matrix(vectorizer.transform(texts))
        got = _tfidf_transform(vectorizer, texts)
        assert np.array_equal(got.indptr, expected.indptr)
        assert np.array_equal(got.indices, expected.indices)
        assert got.data.tobytes() == expected.data.tobytes()
    X = sp.csr_matrix(_union_transform(model.features_, texts))
    assert _class_proba(model.text_kind_model_, X).tobytes() == \
        model.text_kind_model_.predict_proba(X).tobytes()


def test_a_statements_scores_do_not_depend_on_its_batch(rows):
    """The shipped model's scores of a statement are the same bits coded alone or with any
    other statements (BLAS would sum a dense row's products in another order): what lets a
    worker reuse a coding made for an earlier report."""
    import numpy as np

    model = default_model()
    texts = [r["text"] for r in rows[:60]]
    alone = [model._predict_parts([t], None) for t in texts]
    for size in (2, 7, 60):
        kinds, topics, _ = model._predict_parts(texts[:size], None)
        for i in range(size):
            assert kinds[i].tobytes() == alone[i][0][0].tobytes()
            assert topics[i].tobytes() == alone[i][1][0].tobytes()
    assert not np.array_equal(alone[0][0], alone[1][0])  # the statements are told apart
