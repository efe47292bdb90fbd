"""The ``statements`` feature's codings, memoised per process by statement text and context."""

from __future__ import annotations

import pytest

from gkmine.issues import analyses
from gkmine.issues.codebook import TOPICS
from gkmine.issues.model import default_model
from gkmine.pipeline import parse_document


@pytest.fixture(scope="module")
def seed_reports(seeds_dir):
    return [parse_document(p) for p in sorted(seeds_dir.glob("*.txt"))]


def _rows(reports):
    return [analyses.statement_rows(r, None) for r in reports]


def test_rows_are_the_models_codings(seed_reports):
    analyses._coding_memo().clear()
    report = seed_reports[0]
    rows = analyses.statement_rows(report, None)
    assert rows
    scored = default_model().predict_scored([r["text"] for r in rows],
                                            contexts=[r["context"] for r in rows])
    for row, (kind, topics, scores) in zip(rows, scored, strict=True):
        assert (row["kind"], row["topics"]) == (kind, topics)
        assert row["kind_score"] == scores[f"kind:{kind}"]
        assert [row[f"score_{t}"] for t in TOPICS] == [scores[f"topic:{t}"] for t in TOPICS]


def test_rows_do_not_depend_on_the_order_of_reports(seed_reports, monkeypatch):
    """A memo keyed by the statement's text and context: the same rows in any order, with a
    memo warm, cold, or too small to keep anything for long."""
    analyses._coding_memo().clear()
    forward = _rows(seed_reports)
    again = _rows(seed_reports)  # every coding from the memo
    analyses._coding_memo().clear()
    backward = _rows(seed_reports[::-1])[::-1]
    monkeypatch.setattr(analyses, "CODING_MEMO_SIZE", 3)
    analyses._coding_memo().clear()
    small = _rows(seed_reports)
    assert len(analyses._coding_memo()) == 3
    assert forward == again == backward == small
    rows = [row for doc in forward for row in doc]
    assert len({(r["text"], r["context"]) for r in rows}) > 3
    analyses._coding_memo().clear()
