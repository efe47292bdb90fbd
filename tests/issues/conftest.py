"""One classifier trained per test session, with its stored cross-validation.

Training (with the grouped CV that the model file carries) is the slow part of these tests,
so it happens once here and every test that needs a fitted model shares it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from gkmine.issues.annotate import ANNOTATIONS, read_annotations
from gkmine.issues.model import IssueClassifier
from gkmine.issues.train import train_model


@dataclass(frozen=True)
class Trained:
    model: IssueClassifier
    path: Path  # the saved model file
    data: Path  # the codings it was trained and cross-validated on
    folds: int


@pytest.fixture(scope="session")
def annotation_rows() -> list[dict]:
    return read_annotations(ANNOTATIONS)


@pytest.fixture(scope="session")
def trained(tmp_path_factory, annotation_rows) -> Trained:
    """Half of the codings, 2-fold grouped CV stored with the model."""
    folder = tmp_path_factory.mktemp("trained")
    data = folder / "codings.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                            for r in annotation_rows[::2]), encoding="utf-8")
    path = folder / "model.joblib"
    model = train_model(data, path, folds=2, seed=0)
    return Trained(model, path, data, folds=2)
