"""The supervised classifier: fit, predict, save/load, the shipped model, a CV smoke test."""

from __future__ import annotations

import pickle

import pytest

from gkmine.errors import ModelError
from gkmine.issues.annotate import ANNOTATIONS, read_annotations
from gkmine.issues.codebook import CODEBOOK_VERSION, TOPICS
from gkmine.issues.evaluate import cross_validate, fold_indices
from gkmine.issues.model import DEFAULT_MODEL, IssueClassifier, default_model, file_sha256

PROBES = ["一是政府信息公开意识仍需加强；", "二是拓宽公开渠道，加强新媒体平台建设。",
          "一年来取得了一定成效，但还存在一些问题：", "本年度未发现问题。",
          "三是加强业务培训，提高工作人员业务水平。"]


@pytest.fixture(scope="module")
def rows():
    return read_annotations(ANNOTATIONS)


@pytest.fixture(scope="module")
def small_model(rows):
    sample = rows[::2]
    return IssueClassifier().fit([r["text"] for r in sample], [r["kind"] for r in sample],
                                 [r["topics"] for r in sample],
                                 contexts=[r["context"] for r in sample])


def test_predictions_are_codebook_labels(small_model):
    for kind, topics in small_model.predict(PROBES):
        assert kind in ("problem", "measure", "other", "none_reported")
        assert set(topics) <= set(TOPICS)
    assert small_model.predict(PROBES[3:4])[0] == ("none_reported", [])


def test_save_load_round_trip(small_model, tmp_path):
    path = small_model.save(tmp_path / "m.joblib", training_data=ANNOTATIONS)
    loaded = IssueClassifier.load(path)
    assert loaded.predict(PROBES) == small_model.predict(PROBES)
    assert loaded.predict_scored(PROBES) == small_model.predict_scored(PROBES)
    meta = loaded.metadata_
    assert meta["codebook_version"] == CODEBOOK_VERSION
    assert meta["training_data_sha256"] == file_sha256(ANNOTATIONS)
    assert meta["sklearn_version"] and meta["gkmine_version"]
    assert pickle.loads(pickle.dumps(small_model)).predict(PROBES) == small_model.predict(PROBES)


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


def test_cross_validation_smoke(rows):
    result = cross_validate(rows[:100], folds=2, seed=0)
    assert set(result["model"]) == {"supervised", "dictionary"}
    summary = result.set_index(["model", "label"])["f1"]
    # far above chance on held-out documents, even with half the data per fold
    assert summary[("supervised", "kind_accuracy")] > 0.75
    assert summary[("supervised", "topic_micro")] > 0.6
