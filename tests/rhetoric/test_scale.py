"""The rhetoric analysis at corpus scale: term counts stream in batches, the LSA fits on a
sample, and the nearest report is searched without comparing all pairs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from rhetoric_helpers import rhetoric_store

from gkmine.config import Config
from gkmine.rhetoric import describe
from gkmine.rhetoric.describe import lsa_vectors, rhetoric_tables
from gkmine.rhetoric.neighbours import nearest_neighbours

OPTIONS = Config().rhetoric


def _exact(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    sims = Z.astype(np.float64) @ Z.T.astype(np.float64)
    np.fill_diagonal(sims, -np.inf)
    return sims.argmax(axis=1), sims.max(axis=1)


@pytest.fixture(scope="module")
def families() -> np.ndarray:
    """3,000 unit vectors around 60 centres at varied spreads, and one exact twin."""
    rng = np.random.RandomState(5)
    centres = rng.normal(size=(60, 24))
    X = centres[rng.randint(0, 60, 3000)] + rng.normal(size=(3000, 24)) * rng.uniform(
        0.2, 1.5, size=(3000, 1))
    X[1] = X[0]
    return (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)


def test_inverted_file_finds_the_exact_neighbour(families):
    other, similarity = nearest_neighbours(families, exact_below=0, nprobe=8)
    best, best_similarity = _exact(families)
    same = float(np.mean(other == best))
    close = float(np.mean(similarity >= best_similarity - 1e-5))
    print(f"inverted file, nprobe 8, n {len(families)}: same neighbour as exact search "
          f"{same:.2%}, similarity within 1e-5 {close:.2%}")
    assert same >= 0.97 and close >= 0.97
    assert {other[0], other[1]} == {1, 0} and similarity[0] == similarity[1] == 1.0
    assert (other != np.arange(len(families))).all() and ((0 <= similarity) &
                                                          (similarity <= 1)).all()
    again = nearest_neighbours(families, exact_below=0, nprobe=8)
    assert np.array_equal(again[0], other) and np.array_equal(again[1], similarity)


def test_exact_search_below_the_threshold(families):
    other, similarity = nearest_neighbours(families[:500])
    best, best_similarity = _exact(families[:500])
    untied = ~np.isin(best, [0, 1])  # rows 0 and 1 are twins: either is the nearest
    assert np.array_equal(other[untied], best[untied])
    assert np.allclose(similarity, best_similarity, atol=1e-5)


def test_one_row_has_no_neighbour():
    other, similarity = nearest_neighbours(np.ones((1, 3), dtype=np.float32))
    assert other.tolist() == [-1] and np.isnan(similarity).all()


def test_vectors_do_not_depend_on_batch_sizes(corpus_reports, monkeypatch, tmp_path):
    reports = corpus_reports
    with rhetoric_store(tmp_path / "b.duckdb", reports) as store:
        vocab, _, Z = lsa_vectors(store, OPTIONS)
        monkeypatch.setattr(describe, "_BATCH_ROWS", 2)
        monkeypatch.setattr(describe, "_BATCH_DOCUMENTS", 3)
        small_vocab, _, small = lsa_vectors(store, OPTIONS)
    assert vocab.doc_ids == small_vocab.doc_ids == sorted(r.doc_id for r in reports)
    assert np.array_equal(Z, small) and Z.dtype == np.float32


def test_lsa_fitted_on_a_sample(corpus_reports, tmp_path):
    """With fewer reports in the LSA's fit than in the corpus, every report still gets a
    vector, the IDF is the whole corpus's, and each copy's nearest is its original."""
    reports = corpus_reports
    options = replace(OPTIONS, lsa_sample=len(reports) // 2, n_resamples=2)
    with rhetoric_store(tmp_path / "s.duckdb", reports) as store:
        vocab, space, Z = lsa_vectors(store, options)
        _, full_space, _ = lsa_vectors(store, OPTIONS)
        profiles = rhetoric_tables(store, options)["rhetoric_profiles"].set_index("doc_id")
    assert Z.shape == (len(reports), len(reports) // 2)
    assert np.allclose(space.tfidf_.idf_, full_space.tfidf_.idf_)
    n = len(reports) // 2
    for original, copy in zip(reports[:n], reports[n:], strict=True):
        assert profiles.nearest_doc_id[copy.doc_id] == original.doc_id
    print("similarity of copies, LSA fitted on half the reports:",
          profiles.similarity[[c.doc_id for c in reports[n:]]].round(4).tolist())
