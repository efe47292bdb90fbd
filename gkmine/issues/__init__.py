"""Classify the problems and improvement measures of section 五 (codebook v1).

- :func:`split_statements` / :func:`report_statements`: the unit of coding, with offsets;
- :class:`DictionaryClassifier`: transparent codebook patterns (the baseline);
- :class:`IssueClassifier` / :func:`default_model`: the supervised model shipped with gkmine;
- :func:`statements_frame` / :func:`topic_profile`: a corpus as flat frames;
- :func:`codebook_label`: the Chinese label of a kind or topic key, for figures;
- :mod:`gkmine.issues.recurrence`, :mod:`gkmine.issues.annotate`, :mod:`gkmine.issues.evaluate`.

Importing this package is light: scikit-learn and pandas load on first use of what needs them.

>>> from gkmine.issues import split_statements
>>> [s.marker for s in split_statements("一是意识不强；二是渠道有限。")]
['一是', '二是']
"""

from __future__ import annotations

from typing import Any

from gkmine.issues.codebook import CODEBOOK_VERSION, KINDS, TOPICS, codebook_label
from gkmine.issues.statements import Statement, report_statements, split_statements

__all__ = ["CODEBOOK_VERSION", "KINDS", "TOPICS", "codebook_label", "Statement", "split_statements",
           "report_statements", "DictionaryClassifier", "IssueClassifier", "default_model",
           "statements_frame", "topic_profile"]

_LAZY = {
    "DictionaryClassifier": "gkmine.issues.dictionary",
    "IssueClassifier": "gkmine.issues.model",
    "default_model": "gkmine.issues.model",
    "statements_frame": "gkmine.issues.corpus",
    "topic_profile": "gkmine.issues.corpus",
}


def __getattr__(name: str) -> Any:  # PEP 562
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'gkmine.issues' has no attribute {name!r}")
