"""Codebook keys and their Chinese labels."""

from __future__ import annotations

import re

import pytest

from gkmine.issues.codebook import KINDS, TOPICS, codebook_label


def test_every_key_has_a_distinct_chinese_label():
    labels = [codebook_label(k) for k in KINDS + TOPICS]
    assert len(set(labels)) == len(labels)
    assert all(re.fullmatch("[\u4e00-\u9fff与]+", label) for label in labels)
    with pytest.raises(ValueError, match="unknown codebook key"):
        codebook_label("weather")


def test_topic_keys_are_the_reference_codebooks(shared_dir):
    text = (shared_dir / "reference" / "issue-codebook.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| `(\w+)` \|", text, re.M) == list(TOPICS)
