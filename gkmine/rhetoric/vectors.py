"""Masked term counts per report part, and the corpus's TF-IDF + LSA space.

In the worker, :func:`document_terms` turns each part of a report (the head before section
一, then each section) into hashed term counts: words of the gkmine Segmenter and word
bigrams (stock phrases), after :mod:`gkmine.rhetoric.mask`. A term's id is the MurmurHash3 of
its text (as scikit-learn's ``HashingVectorizer`` computes it) modulo ``2 ** hash_bits``, so
ids agree across workers and runs without a shared vocabulary.

In the corpus step, nothing grows faster than the corpus and only the LSA vectors are held
for every document: :func:`merged_documents` streams the stored rows one document at a time,
:func:`vocabulary` counts document frequencies in one pass, and :class:`RhetoricSpace`
weights counts by TF-IDF with the corpus's IDF and reduces them by LSA (TruncatedSVD with a
fixed seed, fitted on a seeded sample of documents), rows normalised so that a dot product is
a cosine.

>>> ids, counts = term_counts(["落实", "〈机构〉", "公开", "工作"], hash_bits=20)
>>> len(ids), int(counts.sum())
(7, 7)
>>> term_id("政务公开", hash_bits=20) == term_id("政务公开", hash_bits=20)
True
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    out: list[str] = []
    for piece in pieces:
        if piece in PLACEHOLDERS:
            out.append(piece)
        elif len(piece) <= _MEMO_PIECE_CHARS:
            out.extend(_piece_tokens(piece))
        else:
            out.extend(_cut_piece(piece))
    return out


#: pieces up to this length are cut once per process: masking leaves stock pieces (条，其中;
#: 件，同比; 严格落实政府信息公开保密审查制度) between its placeholders. Of the pieces of 58
#: real reports up to 111 characters 74 % had come before in the same run, of the longer
#: ones 6 %.
_MEMO_PIECE_CHARS = 111


@lru_cache(maxsize=8192)
def _piece_tokens(piece: str) -> tuple[str, ...]:
    # interned: the memo's pieces share their words (a full memo of long pieces took 29 MB
    # with a string per token, 4 MB interned)
    return tuple(map(sys.intern, _cut_piece(piece)))


def _cut_piece(piece: str) -> list[str]:
    return [token if _WORDLIKE.search(token) else "" for token in _segmenter().cut(piece)]


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
    names = MaskNames.of_meta(meta)
    rows = []
    for part, text in report_parts(report):
        ids, counts = term_counts(tokens(mask(text, names)), hash_bits=options.hash_bits,
                                  bigrams=options.bigrams)
        if len(ids):
            rows.append({"doc_id": report.doc_id, "section": part,
                         "term_ids": ids.tolist(), "counts": counts.tolist()})
    return rows


# --- the corpus step ---------------------------------------------------------------------


def merged_documents(batches: Iterable[pd.DataFrame], *,
                     parts: Mapping[str, int] | None = None
                     ) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """``(doc_id, term ids, counts)`` per document, its parts' counts summed, from
    ``doc_terms`` rows (columns doc_id, term_ids, counts).

    Without ``parts``, a document's rows must come together (one document is held at a time).
    With ``parts`` (doc_id -> its number of rows), rows may come in any order: a document is
    given out as soon as all its rows are in, so memory holds the documents still open.

    >>> rows = pd.DataFrame({"doc_id": ["a", "b", "a"], "term_ids": [[1, 5], [2], [5]],
    ...                      "counts": [[1, 2], [1], [3]]})
    >>> [(d, i.tolist(), c.tolist()) for d, i, c in merged_documents(
    ...     [rows], parts={"a": 2, "b": 1})]
    [('b', [2], [1]), ('a', [1, 5], [1, 5])]
    """
    open_docs: dict[str, tuple[list[np.ndarray], list[np.ndarray]]] = {}
    current: str | None = None
    done: set[str] = set()
    for frame in batches:
        for doc_id, part_ids, part_counts in zip(frame["doc_id"], frame["term_ids"],
                                                 frame["counts"], strict=True):
            if parts is None and doc_id != current:
                if current is not None:
                    yield current, *_summed(*open_docs.pop(current))
                    done.add(current)
                if doc_id in done:
                    raise RuntimeError(f"the doc_terms rows of {doc_id} do not come together")
                current = doc_id
            ids, counts = open_docs.setdefault(doc_id, ([], []))
            ids.append(np.asarray(part_ids, dtype=np.int64))
            counts.append(np.asarray(part_counts, dtype=np.int64))
            if parts is not None and len(ids) == parts[doc_id]:
                yield doc_id, *_summed(*open_docs.pop(doc_id))
    for doc_id in sorted(open_docs):
        yield doc_id, *_summed(*open_docs[doc_id])


def _summed(ids: list[np.ndarray], counts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    if len(ids) == 1:
        return ids[0], counts[0]
    unique, at = np.unique(np.concatenate(ids), return_inverse=True)
    return unique, np.bincount(at, weights=np.concatenate(counts)).astype(np.int64)


@dataclass
class Vocabulary:
    """The terms of the corpus that enter TF-IDF: ``term_ids[j]`` (sorted hashed ids) is
    column ``j``, in ``document_frequency[j]`` of the ``doc_ids`` (sorted: row ``i`` of every
    matrix of the corpus is ``doc_ids[i]``)."""

    doc_ids: list[str]
    term_ids: np.ndarray
    document_frequency: np.ndarray

    def position(self) -> dict[str, int]:
        """doc_id -> its row (its place in ``doc_ids``)."""
        return {doc_id: i for i, doc_id in enumerate(self.doc_ids)}

    def columns(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The column of each of ``ids`` and a mask of those that have one."""
        at = np.searchsorted(self.term_ids, ids)
        found = at < len(self.term_ids)
        found[found] = self.term_ids[at[found]] == ids[found]
        return at, found

    def matrix(self, documents: Iterable[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
        """Documents' ``(term ids, counts)`` as rows of counts in these columns (others are
        dropped)."""
        indptr, cols, vals = [0], [], []
        for ids, counts in documents:
            at, found = self.columns(np.asarray(ids, dtype=np.int64))
            cols.append(at[found])
            vals.append(np.asarray(counts, dtype=np.float32)[found])
            indptr.append(indptr[-1] + int(found.sum()))
        return sparse.csr_matrix(
            (np.concatenate(vals) if vals else np.zeros(0, dtype=np.float32),
             np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64), indptr),
            shape=(len(indptr) - 1, len(self.term_ids)))


def vocabulary(documents: Iterable[tuple[str, np.ndarray, np.ndarray]], *, hash_bits: int,
               min_df: int = 1, max_terms: int | None = None) -> Vocabulary:
    """Document frequencies of every term, counted in one pass over ``merged_documents``
    (memory: one counter per hashed id, whatever the number of documents). Terms in fewer
    than ``min_df`` documents are dropped, and beyond ``max_terms`` the least widespread
    (ties: the higher id).

    >>> docs = [("a", np.array([1, 2, 3]), None), ("b", np.array([2, 3]), None),
    ...         ("c", np.array([3, 9]), None)]
    >>> v = vocabulary(docs, hash_bits=4, max_terms=2)
    >>> v.doc_ids, v.term_ids.tolist(), v.document_frequency.tolist()
    (['a', 'b', 'c'], [2, 3], [2, 3])
    """
    df = np.zeros(1 << hash_bits, dtype=np.int32)
    doc_ids = []
    for doc_id, ids, _ in documents:
        doc_ids.append(doc_id)
        df[ids] += 1  # a document's ids are unique
    keep = np.flatnonzero(df >= max(min_df, 1))
    if max_terms is not None and len(keep) > max_terms:
        keep = np.sort(keep[np.lexsort((keep, -df[keep]))[:max_terms]])
    # rows in doc_id order: the same whatever order the store returned the documents in
    return Vocabulary(sorted(doc_ids), keep.astype(np.int64), df[keep].astype(np.int64))


class RhetoricSpace(TransformerMixin, BaseEstimator):
    """TF-IDF (sublinear tf, smooth IDF) then LSA, rows L2-normalised.

    The IDF is that of ``X``, or, with the ``document_frequency`` and ``n_documents`` fit
    parameters, that of a whole corpus of which ``X`` is a sample (the LSA is then fitted on
    the sample, and every document is transformed in batches).

    ``n_components`` is lowered to what the fit allows (at most as many as documents and
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

    def fit(self, X, y=None, *, document_frequency: np.ndarray | None = None,
            n_documents: int | None = None) -> RhetoricSpace:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfTransformer

        self.tfidf_ = TfidfTransformer(sublinear_tf=True).fit(X)
        if document_frequency is not None:
            # smooth IDF, as TfidfTransformer computes it, of the whole corpus
            self.tfidf_.idf_ = np.log((1 + n_documents) /
                                      (1 + np.asarray(document_frequency, float))) + 1
        weighted = self.tfidf_.transform(X)
        n_docs, n_terms = weighted.shape
        self.n_components_ = max(1, min(self.n_components, n_docs, n_terms))
        self.svd_ = TruncatedSVD(n_components=self.n_components_, algorithm="randomized",
                                 random_state=self.random_state).fit(weighted)
        return self

    def transform(self, X) -> np.ndarray:
        from sklearn.preprocessing import normalize

        return normalize(self.svd_.transform(self.tfidf_.transform(X)))
