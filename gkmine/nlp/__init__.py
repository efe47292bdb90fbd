"""Chinese NLP for disclosure reports: segmentation, a spaCy pipeline, claims and keywords.

Importing :mod:`gkmine.nlp` is light: the :class:`Segmenter` and the rule-based sentence
splitter (``split_sentences``) need neither spaCy nor scikit-learn, and the spaCy helpers
(``make_nlp``, ``docs_from_report``, ``SegmenterTokenizer``) are imported on first use.

>>> from gkmine.nlp import Segmenter
>>> Segmenter()("推进政务公开")
['推进', '政务公开']
"""

from __future__ import annotations

from typing import Any

from gkmine.nlp.segmenter import Segmenter, load_stop_words, sentence_starts, split_sentences

__all__ = ["Segmenter", "load_stop_words", "sentence_starts", "split_sentences", "make_nlp",
           "docs_from_report", "SegmenterTokenizer"]

_PIPELINE_NAMES = {"make_nlp", "docs_from_report", "SegmenterTokenizer"}


def __getattr__(name: str) -> Any:  # PEP 562: spaCy is imported only when asked for
    if name in _PIPELINE_NAMES:
        from gkmine.nlp import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module 'gkmine.nlp' has no attribute {name!r}")
