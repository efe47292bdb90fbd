"""Fixtures of the rhetoric tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def seed_reports(seeds_dir):
    from gkmine.pipeline import parse_document

    return [parse_document(p) for p in sorted(seeds_dir.glob("*.txt"))]
