"""The most similar other report of each report, without comparing all pairs.

Vectors are unit rows (LSA space), so the most similar row has the largest inner product.
Search runs in faiss, one thread (so that ties and sums come out the same on every run):

- below ``exact_below`` rows, exactly (``IndexFlatIP``: every pair, but in BLAS-sized blocks
  and without an n × n matrix);
- from there on, in an inverted file (``IndexIVFFlat``): k-means (seeded, trained on a seeded
  sample of 64 rows per list) cuts the space into √n lists, and each row is compared exactly
  with the rows of the ``nprobe`` lists whose centres are nearest it: time n·√n·nprobe,
  memory the vectors.

The similarity of the pair found is recomputed in float64 from their distance,
``1 − |a − b|² / 2``, so that identical vectors give exactly 1.

>>> import numpy as np
>>> Z = np.array([[1, 0], [0.8, 0.6], [0, 1], [1, 0]], dtype=np.float32)
>>> other, similarity = nearest_neighbours(Z)
>>> other.tolist(), similarity.round(2).tolist()
([3, 0, 1, 0], [1.0, 0.8, 0.6, 1.0])
"""

from __future__ import annotations

import numpy as np

#: training rows per list of the inverted file (faiss asks for 39 to 256)
_TRAIN_ROWS_PER_LIST = 64


def nearest_neighbours(Z: np.ndarray, *, exact_below: int = 20_000, nprobe: int = 16,
                       random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Index of each row's most similar other row (−1 when none was found) and the cosine,
    clipped to 0–1 (NaN when none)."""
    n = len(Z)
    other = np.full(n, -1, dtype=np.int64)
    similarity = np.full(n, np.nan)
    if n < 2:
        return other, similarity
    X = np.ascontiguousarray(Z, dtype=np.float32)
    found = _search(X, exact_below=exact_below, nprobe=nprobe, random_state=random_state)
    # the row itself is usually first; an identical row may come first instead
    pick = np.where(found[:, 0] == np.arange(n), found[:, 1], found[:, 0])
    has = pick >= 0
    other[has] = pick[has]
    rows = np.flatnonzero(has)
    for start in range(0, len(rows), 65_536):  # float64 differences, a block at a time
        block = rows[start:start + 65_536]
        delta = X[block].astype(np.float64) - X[other[block]]
        similarity[block] = np.clip(1 - np.einsum("ij,ij->i", delta, delta) / 2, 0.0, 1.0)
    return other, similarity


def _search(X: np.ndarray, *, exact_below: int, nprobe: int, random_state: int) -> np.ndarray:
    """The two rows with the largest inner product with each row (−1 pads)."""
    import faiss

    n, d = X.shape
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        n_lists = int(np.sqrt(n))
        if n < exact_below or n_lists < 2:
            index = faiss.IndexFlatIP(d)
        else:
            index = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, n_lists,
                                       faiss.METRIC_INNER_PRODUCT)
            index.cp.seed = random_state
            rows = np.sort(np.random.RandomState(random_state).choice(
                n, min(n, _TRAIN_ROWS_PER_LIST * n_lists), replace=False))
            index.train(X[rows])
            index.nprobe = min(nprobe, n_lists)
        index.add(X)
        return np.vstack([index.search(X[start:start + 65_536], 2)[1]
                          for start in range(0, n, 65_536)])
    finally:
        faiss.omp_set_num_threads(threads)
