"""Masked term counts per report part, and the corpus's TF-IDF + LSA space.

In the worker, :func:`document_terms` turns each part of a report (the head before section
一, then each section) into hashed term counts: words of the gkmine Segmenter and word
bigrams (stock phrases), after :mod:`gkmine.rhetoric.mask`. A term's id is the MurmurHash3 of
its text (as scikit-learn's ``HashingVectorizer`` computes it) modulo ``2 ** hash_bits``, so
ids agree across workers and runs without a shared vocabulary.

In the corpus step, :func:`count_matrix` stacks those rows into a sparse documents × terms
matrix, and :class:`RhetoricSpace` weights it by TF-IDF with the corpus's IDF and reduces it
by LSA (TruncatedSVD with a fixed seed), rows normalised so that a dot product is a cosine.

>>> ids, counts = term_counts(["落实", "〈机构〉", "公开", "工作"], hash_bits=20)
>>> len(ids), int(counts.sum())
(7, 7)
>>> term_id("政务公开", hash_bits=20) == term_id("政务公开", hash_bits=20)
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils import murmurhash3_32

from gkmine.rhetoric.mask import PLACEHOLDERS, MaskNames, mask
from gkmine.rhetoric.options import RhetoricOptions

HEAD = "head"
#: columns of the ``doc_terms`` feature: one row per part of a report
DOC_TERMS_COLUMNS = {"doc_id": "VARCHAR", "section": "VARCHAR", "term_ids": "INTEGER[]",
                     "counts": "INTEGER[]"}
#: a token that carries words: Han characters, letters or a placeholder (not punctuation)
_WORDLIKE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_BIGRAM_JOIN = " "


@lru_cache(maxsize=1)
def _segmenter():
    from gkmine.nlp.segmenter import Segmenter

    return Segmenter()


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from gkmine.nlp.segmenter import load_stop_words

    return load_stop_words()


def term_id(term: str, *, hash_bits: int) -> int:
    """The stable id of a term (MurmurHash3, seed 0, modulo ``2 ** hash_bits``)."""
    return murmurhash3_32(term, seed=0, positive=True) & ((1 << hash_bits) - 1)


def tokens(pieces: Sequence[str]) -> list[str]:
    """Tokens of masked pieces: placeholders as they are, text cut by the Segmenter; an empty
    string marks punctuation, where a phrase cannot run on.

    >>> tokens(["〈年〉", "主动公开政府信息", "〈数〉", "条，其中"])
    ['〈年〉', '主动公开政府信息', '〈数〉', '条', '', '其中']
    """
    cut = _segmenter().cut
    out: list[str] = []
    for piece in pieces:
        if piece in PLACEHOLDERS:
            out.append(piece)
            continue
        for token in cut(piece):
            out.append(token if _WORDLIKE.search(token) else "")
    return out


def terms(toks: Sequence[str], *, bigrams: bool = True) -> Iterator[str]:
    """Words (not stop words, not punctuation) and, with ``bigrams``, adjacent word pairs.

    >>> list(terms(["〈年〉", "主动", "公开", "", "的", "工作"]))
    ['〈年〉', '主动', '公开', '工作', '〈年〉 主动', '主动 公开', '的 工作']
    """
    stop = _stop_words()
    yield from (t for t in toks if t and t not in stop)
    if bigrams:
        for left, right in zip(toks, toks[1:], strict=False):
            if left and right:
                yield left + _BIGRAM_JOIN + right


def term_counts(toks: Sequence[str], *, hash_bits: int,
                bigrams: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Sorted hashed term ids and their counts (int32)."""
    counts = Counter(term_id(t, hash_bits=hash_bits) for t in terms(toks, bigrams=bigrams))
    ids = np.array(sorted(counts), dtype=np.int32)
    return ids, np.array([counts[i] for i in ids], dtype=np.int32)


def report_parts(report) -> list[tuple[str, str]]:
    """``(part, text)``: the head (text before the first section, all text when no section
    was found), then each section's body."""
    if not report.sections:
        return [(HEAD, report.text)]
    first = min(s.start for s in report.sections)
    return [(HEAD, report.text[:first]), *((s.key, s.text) for s in report.sections)]


def document_terms(report, options: RhetoricOptions) -> list[dict]:
    """Rows of the ``doc_terms`` feature: hashed term counts per part of ``report``."""
    if report.status == "error" or not report.text:
        return []
    meta = report.meta
    names = MaskNames.of(agency=meta.agency, places=(meta.province, meta.city, meta.county))
    rows = []
    for part, text in report_parts(report):
        ids, counts = term_counts(tokens(mask(text, names)), hash_bits=options.hash_bits,
                                  bigrams=options.bigrams)
        if len(ids):
            rows.append({"doc_id": report.doc_id, "section": part,
                         "term_ids": ids.tolist(), "counts": counts.tolist()})
    return rows


# --- the corpus step ---------------------------------------------------------------------


@dataclass
class CountMatrix:
    """Documents × terms counts; ``term_ids[j]`` is the hashed id of column ``j``."""

    doc_ids: list[str]
    term_ids: np.ndarray
    matrix: sparse.csr_matrix


def count_matrix(batches: Iterable[pd.DataFrame], *, min_df: int = 1,
                 max_terms: int | None = None) -> CountMatrix:
    """Sum ``doc_terms`` rows (columns doc_id, term_ids, counts) into one row per document.

    Documents are ordered by doc_id and columns by term id, so the matrix does not depend on
    the order rows arrive in. Terms in fewer than ``min_df`` documents are dropped, and
    beyond ``max_terms`` the least widespread (ties: the higher id).
    """
    doc_index: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for frame in batches:
        for doc_id, ids, counts in zip(frame["doc_id"], frame["term_ids"], frame["counts"],
                                       strict=True):
            row = doc_index.setdefault(doc_id, len(doc_index))
            ids = np.asarray(ids, dtype=np.int32)  # 32-bit ids and counts: half the memory
            rows.append(np.full(len(ids), row, dtype=np.int32))
            cols.append(ids)
            vals.append(np.asarray(counts, dtype=np.float32))
    doc_ids = sorted(doc_index)
    if not doc_ids:
        return CountMatrix([], np.zeros(0, dtype=np.int64), sparse.csr_matrix((0, 0)))
    order = np.empty(len(doc_ids), dtype=np.int32)
    order[[doc_index[d] for d in doc_ids]] = np.arange(len(doc_ids))
    all_cols = np.concatenate(cols)
    term_ids, col = np.unique(all_cols, return_inverse=True)
    matrix = sparse.csr_matrix((np.concatenate(vals), (order[np.concatenate(rows)], col)),
                               shape=(len(doc_ids), len(term_ids)))
    matrix.sum_duplicates()
    df = np.diff(matrix.tocsc().indptr)
    keep = np.flatnonzero(df >= min_df)
    if max_terms is not None and len(keep) > max_terms:
        keep = np.sort(keep[np.lexsort((term_ids[keep], -df[keep]))[:max_terms]])
    if len(keep) < len(term_ids):
        matrix, term_ids = matrix[:, keep].tocsr(), term_ids[keep]
    return CountMatrix(doc_ids, term_ids, matrix)


class RhetoricSpace(TransformerMixin, BaseEstimator):
    """TF-IDF (sublinear tf, smooth IDF of the fitted corpus) then LSA, rows L2-normalised.

    ``n_components`` is lowered to what the corpus allows (at most as many as documents and
    terms); a corpus of no more documents than components keeps all its dimensions, so its
    cosines are those of TF-IDF.

    >>> X = sparse.csr_matrix(np.array([[2, 1, 0, 0], [2, 1, 0, 1], [0, 0, 3, 1.]]))
    >>> Z = RhetoricSpace(n_components=2).fit_transform(X)
    >>> Z.shape, bool(Z[0] @ Z[1] > Z[0] @ Z[2])
    ((3, 2), True)
    """

    def __init__(self, *, n_components: int = 100, random_state: int = 0) -> None:
        self.n_components = n_components
        self.random_state = random_state

    def fit(self, X, y=None) -> RhetoricSpace:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfTransformer

        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(X)
        weighted = self.tfidf_.transform(X)
        n_docs, n_terms = weighted.shape
        self.n_components_ = max(1, min(self.n_components, n_docs, n_terms))
        self.svd_ = TruncatedSVD(n_components=self.n_components_, algorithm="randomized",
                                 random_state=self.random_state).fit(weighted)
        return self

    def transform(self, X) -> np.ndarray:
        from sklearn.preprocessing import normalize

        return normalize(self.svd_.transform(self.tfidf_.transform(X)))
