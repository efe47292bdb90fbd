"""Keywords, keyness and collocations of a corpus of report texts, in quanteda's vocabulary.

Every function takes plain texts and an optional ``tokenizer`` (any ``Callable[[str],
list[str]]``; by default gkmine's :class:`~gkmine.nlp.Segmenter` with its stop list) and returns
a pandas DataFrame sorted by score (descending), then feature (ascending), so results are
reproducible row for row.

- :func:`dfm` — the document-feature matrix (counts).
- :func:`tfidf_keywords` — TF-IDF keywords per document, with the corpus's own IDF.
- :func:`textrank_keywords` — TextRank over a sparse word co-occurrence graph.
- :func:`keyness` — chi-squared or log-likelihood keyness of a target against a reference,
  computed as quanteda's ``textstat_keyness``.
- :func:`collocations` — adjacent word pairs (or triples) ranked by PMI.

>>> split = str.split
>>> keyness(["a a b", "a c"], ["b b c", "c b"], tokenizer=split, content_only=False).feature[0]
'a'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import sparse

from gkmine.errors import ModelError

Tokenizer = Callable[[str], list[str]]

_HAN_OR_LETTER = re.compile(r"[\u3400-\u9fffA-Za-z]")
_NUMERAL = re.compile(r"^[\d.,%％０-９零〇一二两三四五六七八九十百千万亿第余多]+$")


# --- tokens --------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _segmenter(stop_words: str | None):
    from gkmine.nlp.segmenter import Segmenter

    return Segmenter(stop_words=stop_words)


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from gkmine.nlp.segmenter import load_stop_words

    return load_stop_words()


def default_tokenizer(*, stop_words: str | None = "default") -> Tokenizer:
    """gkmine's segmenter (loaded once per process), by default without stop words."""
    return _segmenter(stop_words).cut


def is_content(token: str) -> bool:
    """A content-like token: two characters or more, a word, not a number, not a stop word.

    >>> [t for t in ["政务公开", "的", "2024", "三十", "，", "工作"] if is_content(t)]
    ['政务公开', '工作']
    """
    return (len(token) >= 2 and bool(_HAN_OR_LETTER.search(token))
            and not _NUMERAL.match(token) and token not in _stop_words())


def tokens(texts: Iterable[str], *, tokenizer: Tokenizer | None = None,
           content_only: bool = True) -> list[list[str]]:
    """Token lists of ``texts`` (quanteda's ``tokens``), content-like tokens only by default."""
    return list(_iter_tokens(texts, tokenizer=tokenizer, content_only=content_only))


def _iter_tokens(texts: Iterable[str], *, tokenizer: Tokenizer | None = None,
                 content_only: bool = True) -> Iterator[list[str]]:
    """:func:`tokens`, one text's list at a time."""
    cut = tokenizer or default_tokenizer()
    content: dict[str, bool] = {}  # is_content of each distinct token, decided once
    for text in texts:
        if not isinstance(text, str):
            raise ModelError("E412", "", f"texts must be strings, got {type(text).__name__}")
        toks = cut(text)
        if not content_only:
            yield list(toks)
            continue
        kept = []
        for t in toks:
            keep = content.get(t)
            if keep is None:
                keep = content[t] = is_content(t)
            if keep:
                kept.append(t)
        yield kept


# --- dfm -----------------------------------------------------------------------------------


@dataclass
class DocumentFeatureMatrix:
    """Counts of ``features`` (columns, sorted) in documents ``docnames`` (rows).

    >>> m = dfm(["a b a", "b c"], tokenizer=str.split, content_only=False)
    >>> m.features, m.matrix.toarray().tolist()
    (['a', 'b', 'c'], [[2, 1, 0], [0, 1, 1]])
    """

    matrix: sparse.csr_matrix
    features: list[str]
    docnames: list[str]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.matrix.toarray(), index=self.docnames, columns=self.features)

    def feature_counts(self) -> np.ndarray:
        return np.asarray(self.matrix.sum(axis=0)).ravel()


def _dfm_from_tokens(token_lists: Sequence[list[str]], docnames: Sequence[str],
                     min_df: int = 1) -> DocumentFeatureMatrix:
    counts = [Counter(toks) for toks in token_lists]
    df = Counter(f for c in counts for f in c)
    features = sorted(f for f, n in df.items() if n >= min_df)
    index = {f: i for i, f in enumerate(features)}
    rows, cols, vals = [], [], []
    for r, c in enumerate(counts):
        for feat, n in c.items():
            if feat in index:
                rows.append(r)
                cols.append(index[feat])
                vals.append(n)
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(len(counts), len(features)),
                               dtype=np.int64)
    return DocumentFeatureMatrix(matrix, features, list(docnames))


def _docnames(texts: Sequence[str], docnames: Sequence[str] | None) -> list[str]:
    if docnames is None:
        return [f"text{i + 1}" for i in range(len(texts))]
    if len(docnames) != len(texts):
        raise ModelError("E413", "", f"{len(docnames)} docnames for {len(texts)} texts")
    return [str(d) for d in docnames]


def dfm(texts: Sequence[str], *, tokenizer: Tokenizer | None = None, min_df: int = 1,
        content_only: bool = True, docnames: Sequence[str] | None = None,
        n_process: int = 1, batch_size: int = 256) -> DocumentFeatureMatrix:
    """The document-feature matrix of ``texts``: features kept in ``min_df`` documents or more.

    With ``n_process > 1`` each spawned worker segments and counts a batch of documents and
    sends back only its small sparse matrix and vocabulary, so the work scales with the
    processes (token lists never cross a process boundary). ``tokenizer`` must then be
    picklable (a :class:`gkmine.nlp.Segmenter` or its ``cut`` is). The result is identical.

    >>> a = dfm(["政务 公开", "公开 预算 公开"], tokenizer=str.split)
    >>> b = dfm(["政务 公开", "公开 预算 公开"], tokenizer=str.split, n_process=2, batch_size=1)
    >>> a.features == b.features and (a.matrix != b.matrix).nnz == 0
    True
    """
    texts = list(texts)
    names = _docnames(texts, docnames)
    if n_process <= 1:
        return _dfm_from_tokens(tokens(texts, tokenizer=tokenizer, content_only=content_only),
                                names, min_df)
    from multiprocessing import get_context

    cut = tokenizer or default_tokenizer()
    batches = [(cut, content_only, texts[i:i + batch_size])
               for i in range(0, len(texts), batch_size)]
    with get_context("spawn").Pool(n_process) as pool:
        parts = pool.map(_batch_counts, batches, chunksize=1)
    return _stack_parts(parts, names, min_df)


def _batch_counts(task: tuple[Tokenizer, bool, list[str]]) -> tuple[sparse.csr_matrix, list[str]]:
    """Worker: the dfm of one batch, with the batch's own vocabulary."""
    cut, content_only, texts = task
    part = _dfm_from_tokens(tokens(texts, tokenizer=cut, content_only=content_only),
                            [""] * len(texts))
    return part.matrix, part.features


def _stack_parts(parts: Sequence[tuple[sparse.csr_matrix, list[str]]], docnames: list[str],
                 min_df: int) -> DocumentFeatureMatrix:
    """Batches' matrices re-indexed onto one sorted vocabulary, then stacked."""
    features = sorted(set().union(*(feats for _, feats in parts)))
    index = {f: i for i, f in enumerate(features)}
    blocks = []
    for matrix, feats in parts:
        remap = np.fromiter((index[f] for f in feats), dtype=np.int64, count=len(feats))
        coo = matrix.tocoo()
        blocks.append(sparse.csr_matrix((coo.data, (coo.row, remap[coo.col])),
                                        shape=(matrix.shape[0], len(features)), dtype=np.int64))
    matrix = sparse.vstack(blocks, format="csr") if blocks else sparse.csr_matrix(
        (0, 0), dtype=np.int64)
    keep = np.flatnonzero(np.asarray((matrix > 0).sum(axis=0)).ravel() >= min_df)
    return DocumentFeatureMatrix(matrix[:, keep].tocsr(), [features[i] for i in keep], docnames)


def _ranked(frame: pd.DataFrame, score: str, *, by: list[str] | None = None) -> pd.DataFrame:
    keys = (by or []) + [score, "feature"]
    ascending = [True] * len(by or []) + [False, True]
    return frame.sort_values(keys, ascending=ascending, kind="mergesort").reset_index(drop=True)


# --- TF-IDF --------------------------------------------------------------------------------


def tfidf_keywords(texts: Sequence[str], *, tokenizer: Tokenizer | None = None, top_n: int = 20,
                   docnames: Sequence[str] | None = None) -> pd.DataFrame:
    """The ``top_n`` TF-IDF keywords of each text, the IDF learnt on ``texts`` themselves.

    TF is the raw count, IDF is smoothed (``ln((1 + n) / (1 + df)) + 1``) and each document's
    vector is L2-normalised, as scikit-learn's ``TfidfTransformer`` does by default.

    >>> kw = tfidf_keywords(["政务 公开 政务", "公开 预算"], tokenizer=str.split, top_n=1)
    >>> kw.columns.tolist(), kw.values.tolist()
    (['doc_id', 'feature', 'score'], ...)
    >>> kw.values.tolist()
    [['text1', '政务', 0.9...], ['text2', '预算', 0.8...]]
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    texts = list(texts)
    matrix = dfm(texts, tokenizer=tokenizer, docnames=docnames)
    columns = ["doc_id", "feature", "score"]
    if not matrix.features:
        return pd.DataFrame(columns=columns)
    weights = TfidfTransformer().fit_transform(matrix.matrix).tocsr()
    rows = []
    for r, name in enumerate(matrix.docnames):
        row = weights.getrow(r)
        rows.extend((name, matrix.features[c], float(v)) for c, v in
                    zip(row.indices, row.data, strict=True))
    frame = pd.DataFrame(rows, columns=columns)
    order = {name: i for i, name in enumerate(matrix.docnames)}
    frame["_doc_order"] = frame["doc_id"].map(order)
    frame = _ranked(frame, "score", by=["_doc_order"])
    frame = frame.groupby("_doc_order", sort=True).head(top_n)
    return frame.drop(columns="_doc_order").reset_index(drop=True)


def tfidf_keywords_streamed(batches, *, tokenizer: Tokenizer | None = None,
                            top_n: int = 20) -> pd.DataFrame:
    """:func:`tfidf_keywords` over a corpus too large to hold at once.

    ``batches()`` returns an iterator of ``(docnames, texts)`` pairs. Each text is segmented
    once: its term counts go, as arrays of term ids, to a temporary file while document
    frequencies are counted; a second pass over that file scores each document. Memory holds
    the vocabulary and one batch, whatever the corpus size.

    >>> corpus = [(["text1", "text2"], ["政务 公开 政务", "公开 预算"])]
    >>> tfidf_keywords_streamed(lambda: iter(corpus), tokenizer=str.split, top_n=1).values.tolist()
    [['text1', '政务', 0.9...], ['text2', '预算', 0.8...]]
    """
    parts = list(tfidf_keyword_parts(batches, tokenizer=tokenizer, top_n=top_n))
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def tfidf_keyword_parts(batches, *, tokenizer: Tokenizer | None = None,
                        top_n: int = 20) -> Iterator[pd.DataFrame]:
    """The rows of :func:`tfidf_keywords_streamed`, one DataFrame per batch (a corpus
    analysis writes them as they come: the keywords of every document are not held at once).
    """
    import pickle
    import tempfile

    columns = ["doc_id", "feature", "score"]
    df: Counter[str] = Counter()
    vocabulary: dict[str, int] = {}
    n_docs = 0
    with tempfile.TemporaryFile() as spill:
        for names, texts in batches():
            counted = []
            # one text's tokens at a time: a batch's token lists outweigh its texts
            for name, toks in zip(names, _iter_tokens(texts, tokenizer=tokenizer), strict=True):
                counts = Counter(toks)  # terms in order of first occurrence
                df.update(counts.keys())
                n_docs += 1
                ids = [vocabulary.setdefault(f, len(vocabulary)) for f in counts]
                counted.append((str(name), np.array(ids, dtype=np.int32),
                                np.fromiter(counts.values(), dtype=np.int64, count=len(ids))))
            pickle.dump(counted, spill, protocol=pickle.HIGHEST_PROTOCOL)
        terms = list(vocabulary)
        idf = [float(np.log((1 + n_docs) / (1 + df[f])) + 1.0) for f in terms]
        spill.seek(0)
        yielded = False
        while True:
            try:
                counted = pickle.load(spill)
            except EOFError:
                break
            rows = []
            for name, ids, counts in counted:
                weights = {terms[i]: c * idf[i] for i, c in zip(ids.tolist(), counts.tolist(),
                                                               strict=True)}
                norm = float(np.sqrt(sum(w * w for w in weights.values()))) or 1.0
                best = sorted(weights.items(), key=lambda fw: (-fw[1], fw[0]))[:top_n]
                rows.extend((name, f, w / norm) for f, w in best)
            if rows:  # (an empty part would make the columns' dtype object)
                yielded = True
                yield pd.DataFrame(rows, columns=columns)
        if not yielded:
            yield pd.DataFrame([], columns=columns)


# --- TextRank ------------------------------------------------------------------------------


def textrank_keywords(text: str, *, tokenizer: Tokenizer | None = None, window: int = 5,
                      top_n: int = 20, damping: float = 0.85, max_iter: int = 100,
                      tol: float = 1e-6) -> pd.DataFrame:
    """TextRank keywords of one text (Mihalcea & Tarau 2004).

    Content-like tokens are the vertices; two are linked, with a weight that counts how often
    they occur within ``window`` tokens of each other in the filtered token sequence. Scores
    come from weighted PageRank run to ``tol`` (L1) or ``max_iter`` iterations, and sum to 1.

    >>> tr = textrank_keywords("公开 信息 公开 平台 公开 信息", tokenizer=str.split, window=2)
    >>> tr.feature.tolist()
    ['公开', '信息', '平台']
    """
    if window < 2:
        raise ModelError("E414", "", f"window must be 2 or more, got {window}")
    seq = tokens([text], tokenizer=tokenizer)[0]
    vocab = sorted(set(seq))
    columns = ["feature", "score"]
    if not vocab:
        return pd.DataFrame(columns=columns)
    index = {w: i for i, w in enumerate(vocab)}
    scores = _pagerank(_cooccurrence(np.array([index[w] for w in seq], dtype=np.int64),
                                     len(vocab), window),
                       damping=damping, max_iter=max_iter, tol=tol)
    frame = pd.DataFrame({"feature": vocab, "score": scores})
    return _ranked(frame, "score").head(top_n)


def _cooccurrence(ids: np.ndarray, n: int, window: int) -> sparse.csr_matrix:
    """Symmetric sparse counts of distinct vertices within ``window`` positions: at most
    ``2 (window − 1)`` entries per token, so linear in the text (never vocabulary²)."""
    rows, cols = [], []
    for offset in range(1, window):
        a, b = ids[:-offset], ids[offset:]
        differ = a != b
        rows += [a[differ], b[differ]]
        cols += [b[differ], a[differ]]
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    return sparse.csr_matrix((np.ones(len(row)), (row, col)), shape=(n, n))  # sums repeats


def _pagerank(weights: sparse.csr_matrix, *, damping: float, max_iter: int,
              tol: float) -> np.ndarray:
    n = weights.shape[0]
    out_weight = np.asarray(weights.sum(axis=1)).ravel()
    # An isolated vertex spreads its rank evenly (a dangling node), keeping the total at 1.
    dangling = out_weight == 0
    inverse = np.divide(1.0, out_weight, out=np.zeros(n), where=~dangling)
    spread_by = (sparse.diags(inverse) @ weights).T.tocsr()  # column-stochastic transpose
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = spread_by @ rank + rank[dangling].sum() / n
        new = (1 - damping) / n + damping * spread
        if np.abs(new - rank).sum() < tol:
            rank = new
            break
        rank = new
    return rank / rank.sum()


# --- keyness -------------------------------------------------------------------------------


def _keyness_table(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    c = a.sum() - a
    d = b.sum() - b
    n = a + b + c + d
    expected_a = (a + b) * (a + c) / n
    return a, b, c, d, n, expected_a


def keyness_chi2(a: np.ndarray, b: np.ndarray, *, yates: bool = True) -> np.ndarray:
    """Signed chi-squared of the 2×2 tables (a, b, Σa−a, Σb−b), as quanteda computes it.

    With ``yates`` (quanteda's default) the statistic is
    ``N (|ad − bc| − N/2)² / ((a+b)(c+d)(a+c)(b+d))``; the sign is + when the feature is
    more frequent in the target than expected.

    >>> keyness_chi2(np.array([20, 10]), np.array([5, 25])).round(2).tolist()
    [13.44, -13.44]
    """
    a, b, c, d, n, expected_a = _keyness_table(a.astype(float), b.astype(float))
    diff = np.abs(a * d - b * c)
    if yates:
        diff = diff - n * 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = n * diff ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    return stat * np.where(a > expected_a, 1.0, -1.0)


def keyness_lr(a: np.ndarray, b: np.ndarray, *, williams: bool = True) -> np.ndarray:
    """Signed log-likelihood G² of the 2×2 tables, as quanteda computes it.

    ``G² = 2 Σ O ln(O / E)`` over the four cells (a cell of 0 adds 0); with ``williams``
    (quanteda's default) it is divided by Williams' ``q``.
    """
    a, b, c, d, n, expected_a = _keyness_table(a.astype(float), b.astype(float))
    expected = ((a + b) * (a + c) / n, (a + b) * (b + d) / n,
                (c + d) * (a + c) / n, (c + d) * (b + d) / n)
    g2 = np.zeros_like(a)
    for observed, exp in zip((a, b, c, d), expected, strict=True):
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(observed > 0, observed * np.log(observed / exp), 0.0)
        g2 += term
    g2 *= 2
    if williams:
        q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
        g2 = g2 / q
    return g2 * np.where(a > expected_a, 1.0, -1.0)


def keyness(target_texts: Sequence[str], reference_texts: Sequence[str], *,
            tokenizer: Tokenizer | None = None, measure: str = "chi2",
            correction: str = "default", content_only: bool = True) -> pd.DataFrame:
    """Keyness of the target texts against the reference texts (quanteda ``textstat_keyness``).

    ``measure`` is ``"chi2"`` (column ``chi2``) or ``"lr"`` (column ``G2``). ``correction``
    ``"default"`` applies Yates to chi2 and Williams to G2 as quanteda does; ``"none"`` applies
    neither. ``p`` is the upper tail of χ²(1) at ``|statistic|``.

    >>> k = keyness(["a a a b"], ["b b b a"], tokenizer=str.split, content_only=False,
    ...             measure="lr", correction="none")
    >>> k.feature.tolist(), [round(x, 3) for x in k.G2]
    (['a', 'b'], [2.093, -2.093])
    """
    from scipy.stats import chi2 as chi2_dist

    if measure not in ("chi2", "lr"):
        raise ModelError("E414", "", f"measure is 'chi2' or 'lr', not {measure!r}")
    if correction not in ("default", "none"):
        raise ModelError("E414", "", f"correction is 'default' or 'none', not {correction!r}")
    if not target_texts or not reference_texts:
        raise ModelError("E411", "", "keyness needs at least one target and one reference text")
    toks_t = [t for toks in tokens(target_texts, tokenizer=tokenizer, content_only=content_only)
              for t in toks]
    toks_r = [t for toks in tokens(reference_texts, tokenizer=tokenizer,
                                   content_only=content_only) for t in toks]
    if not toks_t or not toks_r:
        side = "target" if not toks_t else "reference"
        raise ModelError("E411", "", f"the {side} texts hold no tokens to compare")
    matrix = _dfm_from_tokens([toks_t, toks_r], ["target", "reference"])
    counts = matrix.matrix.toarray().astype(float)
    a, b = counts[0], counts[1]
    name = "chi2" if measure == "chi2" else "G2"
    if measure == "chi2":
        stat = keyness_chi2(a, b, yates=correction == "default")
    else:
        stat = keyness_lr(a, b, williams=correction == "default")
    frame = pd.DataFrame({"feature": matrix.features, name: stat,
                          "p": chi2_dist.sf(np.abs(stat), 1),
                          "n_target": a.astype(int), "n_reference": b.astype(int)})
    return _ranked(frame, name)


# --- collocations --------------------------------------------------------------------------


def collocations(texts: Iterable[str], *, tokenizer: Tokenizer | None = None,
                 size: int | Sequence[int] = 2, min_count: int = 3) -> pd.DataFrame:
    """Runs of ``size`` adjacent words (2, 3 or both) that occur together more than chance.

    ``pmi = ln(c(w1…wk) · N^(k−1) / Π c(wi))`` with ``N`` the number of word tokens: the log
    ratio of the observed frequency of the run to the frequency expected if its words were
    independent. Words are the tokenizer's tokens that hold a Han character or a letter (by
    default all of them, stop words included: stock phrases are made of them); a run never
    crosses punctuation or a number. ``texts`` is read once (an iterator will do).

    >>> toy = ["政务 公开 工作 政务 公开 平台", "政务 公开 信息"]
    >>> collocations(toy, tokenizer=str.split, min_count=2).values.tolist()
    [['政务 公开', 3, 2, 1.0986...]]
    """
    sizes = (size,) if isinstance(size, int) else tuple(size)
    if not sizes or any(k not in (2, 3) for k in sizes):
        raise ModelError("E414", "", f"size is 2, 3 or (2, 3), not {size!r}")
    cut = tokenizer or default_tokenizer(stop_words=None)
    unigrams: Counter[str] = Counter()
    grams: Counter[tuple[str, ...]] = Counter()
    for text in texts:
        for run in _word_runs(cut(text)):
            unigrams.update(run)
            for k in sizes:
                grams.update(tuple(run[i:i + k]) for i in range(len(run) - k + 1))
    total = sum(unigrams.values())
    rows = []
    for gram, count in grams.items():
        if count < min_count:
            continue
        expected = math.prod(unigrams[w] for w in gram) / total ** (len(gram) - 1)
        rows.append((" ".join(gram), count, len(gram), math.log(count / expected)))
    frame = pd.DataFrame(rows, columns=["collocation", "count", "size", "pmi"])
    frame = frame.rename(columns={"collocation": "feature"})
    return _ranked(frame, "pmi").rename(columns={"feature": "collocation"})


def _word_runs(toks: Iterable[str]) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for tok in toks:
        if tok.isspace():
            continue
        if _HAN_OR_LETTER.search(tok) and not _NUMERAL.match(tok):
            runs[-1].append(tok)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]
