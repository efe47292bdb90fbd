"""Statements and topic profiles of a corpus of reports."""

from __future__ import annotations

import pytest

from gkmine.config import DEFAULT
from gkmine.issues.codebook import TOPICS
from gkmine.issues.corpus import STATEMENT_COLUMNS, statements_frame, topic_profile
from gkmine.pipeline import parse_document
from gkmine.record import Report


@pytest.fixture(scope="module")
def reports(seed_paths):
    config = DEFAULT.replace(tables=False, checks=False)
    parsed = [parse_document(p, config) for p in seed_paths]
    assert all(r.section("problems") is not None for r in parsed)  # every seed has a 五
    return parsed + [Report(source="broken.pdf", status="error", error="[E002] empty")]


def test_statements_frame_on_seeds(reports):
    frame = statements_frame(reports)
    assert list(frame.columns) == list(STATEMENT_COLUMNS)
    assert len(frame) == 26  # the 26 statements of the seed codings
    by_doc = {r.doc_id: r for r in reports}
    for row in frame.itertuples():
        assert by_doc[row.doc_id].text[row.start:row.end] == row.text
        assert isinstance(row.topics, list) and set(row.topics) <= set(TOPICS)
    assert frame["kind"].isin(["problem", "measure", "other", "none_reported"]).all()
    assert frame["agency"].notna().all() and frame["year"].notna().all()


def test_topic_profile(reports):
    frame = statements_frame(reports)
    docs = [{"doc_id": "empty", "agency": "某局", "year": 2024}]
    profile = topic_profile(frame, reports=docs)
    assert len(profile) == 6 and profile.iloc[0]["doc_id"] == "empty"
    assert profile.iloc[0]["n_statements"] == 0
    rest = profile.iloc[1:]
    assert rest["n_statements"].sum() == len(frame)
    for _, row in rest.iterrows():
        for t in TOPICS:
            n = row["n_problem"]
            share = row[f"problem_{t}_share"]
            assert share == (round(row[f"problem_{t}_count"] / n, 4) if n else 0.0)
