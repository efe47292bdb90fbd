"""RhetoricClusterer and the tables of the ``rhetoric`` analysis: determinism, estimator
behaviour, diagnostics reported (not judged), description traceable to the text."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from rhetoric_helpers import rhetoric_store
from sklearn.base import clone

from gkmine.config import Config
from gkmine.errors import ModelError
from gkmine.rhetoric.cluster import RhetoricClusterer
from gkmine.rhetoric.describe import cramers_v, rhetoric_tables
from gkmine.rhetoric.options import TABLES


@pytest.fixture(scope="module")
def blobs() -> np.ndarray:
    rng = np.random.RandomState(7)
    X = np.vstack([rng.normal(0, 0.3, size=(40, 5)) + 3 * np.eye(5)[i] for i in range(4)])
    return X / np.linalg.norm(X, axis=1, keepdims=True)


@pytest.mark.parametrize("method", ["kmeans", "agglomerative", "density"])
def test_each_method_is_deterministic_and_an_estimator(blobs, method):
    model = RhetoricClusterer(method=method, k_range=(2, 6), n_resamples=4, random_state=3)
    labels = model.fit_predict(blobs)
    assert labels.shape == (len(blobs),) and model.n_clusters_ >= 1
    assert np.array_equal(clone(model).fit_predict(blobs), labels)
    assert np.array_equal(pickle.loads(pickle.dumps(model)).labels_, labels)
    table = model.k_selection_
    assert list(table.columns) == ["method", "k", "silhouette", "stability", "stability_sd",
                                   "n_resamples", "n_sample", "chosen"]
    assert table.chosen.sum() == 1 and (table.method == method).all()
    print(method, table.to_string(index=False))


def test_fixed_k_and_sampled_fit(blobs):
    model = RhetoricClusterer(method="agglomerative", n_clusters=3, max_sample=50,
                              n_resamples=2).fit(blobs)
    assert model.n_clusters_ == 3 and len(model.k_selection_) == 1
    assert set(model.predict(blobs)) == {0, 1, 2}
    assert model.k_selection_.n_sample.iloc[0] == 50


def test_unknown_method_is_refused(blobs):
    with pytest.raises(ModelError):
        RhetoricClusterer(method="spectral").fit(blobs)


def test_too_few_rows_make_one_cluster():
    model = RhetoricClusterer().fit(np.eye(2))
    assert model.labels_.tolist() == [0, 0] and model.k_selection_.empty


def test_cramers_v():
    chi2, v, vc, dof, p = cramers_v(np.array([[20, 0], [0, 20]]))
    assert v == pytest.approx(1.0) and vc == pytest.approx(1.0) and dof == 1 and p < 1e-6
    _, v, vc, _, _ = cramers_v(np.array([[10, 10], [10, 10]]))
    assert v == pytest.approx(0.0) and vc == pytest.approx(0.0)


def test_rhetoric_tables_are_deterministic_and_traceable(corpus_reports, tmp_path):
    config = Config().replace(rhetoric=Config().rhetoric.__class__(n_resamples=3))
    runs = []
    for name in ("a", "b"):
        with rhetoric_store(tmp_path / f"{name}.duckdb", corpus_reports) as store:
            runs.append(rhetoric_tables(store, config.rhetoric))
    for table in TABLES:
        pd.testing.assert_frame_equal(runs[0][table], runs[1][table])
    tables = runs[0]
    profiles = tables["rhetoric_profiles"]
    assert len(profiles) == len(corpus_reports) and profiles.similarity.between(0, 1).all()
    assert profiles.nearest_doc_id.isin(profiles.doc_id).all()
    assert (profiles.nearest_doc_id != profiles.doc_id).all()
    print(tables["rhetoric_k_selection"].to_string(index=False))

    terms = tables["rhetoric_cluster_terms"]
    assert len(terms) and (terms.G2 > 0).all()
    print(f"cluster terms with their text: {terms.term.notna().mean():.0%}")
    texts = {r.doc_id: r.text for r in corpus_reports}
    examples = tables["rhetoric_cluster_examples"]
    assert len(examples)
    for row in examples.itertuples():
        assert texts[row.doc_id][row.start:row.end].strip() == row.text

    crosstabs = tables["rhetoric_crosstabs"]
    assert set(crosstabs.variable) <= {"agency_type", "level", "province", "year"}
    for _, group in crosstabs.groupby("variable"):
        assert group.n.sum() == group.n_reports.iloc[0]
    assert crosstabs.cramers_v.dropna().between(0, 1).all()


def test_seed_changes_nothing_it_should_not(corpus_reports, tmp_path):
    """A seed picks the SVD and k-means starts; the nearest report does not depend on it."""
    nearest = []
    for seed in (0, 1):
        config = Config().replace(rhetoric=Config().rhetoric.__class__(seed=seed,
                                                                      n_resamples=2))
        with rhetoric_store(tmp_path / f"s{seed}.duckdb", corpus_reports) as store:
            nearest.append(rhetoric_tables(store, config.rhetoric)["rhetoric_profiles"]
                           .set_index("doc_id").nearest_doc_id)
    assert nearest[0].equals(nearest[1])
