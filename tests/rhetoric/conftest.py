"""Fixtures of the rhetoric tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def seed_reports(seeds_dir):
    from gkmine.pipeline import parse_document

    return [parse_document(p) for p in sorted(seeds_dir.glob("*.txt"))]


@pytest.fixture(scope="module")
def corpus_reports(seed_reports, tmp_path_factory):
    """The seeds and a renamed copy of each (so that clusters have members to share)."""
    from rhetoric_helpers import names_of, rename

    from gkmine.pipeline import parse_document

    out = tmp_path_factory.mktemp("copies")
    copies = []
    for i, report in enumerate(seed_reports):
        path = out / f"copy_{i}.txt"
        path.write_text(rename(report.text, names_of(report), "重庆市渝中区司法局"),
                        encoding="utf-8")
        copies.append(parse_document(path))
    return [*seed_reports, *copies]
