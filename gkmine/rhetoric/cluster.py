"""Clusters of reports in the rhetoric space, k chosen by silhouette and stability.

:class:`RhetoricClusterer` puts k-means, agglomerative (Ward) and a density method (HDBSCAN)
behind one scikit-learn estimator. Without ``n_clusters`` it tries every k of ``k_range`` and
records two diagnostics per k in ``k_selection_``: the silhouette (cosine) of the clustering,
and its stability, the mean adjusted Rand index between the clustering and clusterings of
bootstrap resamples (each resample's clusters are carried to every report by nearest centre).
The chosen k has the best silhouette among the ks whose stability reaches ``min_stability``,
or the most stable k when none does. The diagnostics are reported, not judged here.

The choice of k works on at most ``max_sample`` reports (a seeded sample), since silhouettes,
resampling and the agglomerative and density fits cost more than linear time; the chosen
clustering then reaches every report: k-means is refined on all reports from the sample's
centres, and with the other methods each other report joins its nearest cluster centre.

>>> import numpy as np
>>> rng = np.random.RandomState(0)
>>> X = np.vstack([rng.normal(c, 0.1, size=(20, 3)) for c in (0, 3, 6)])
>>> model = RhetoricClusterer(k_range=(2, 5), n_resamples=3).fit(X)
>>> model.n_clusters_, len(set(model.labels_)), int(model.k_selection_.chosen.sum())
(3, 3, 1)
>>> bool((model.predict(X) == model.labels_).all())
True
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.utils.validation import check_array, check_is_fitted

from gkmine.errors import ModelError

METHODS = ("kmeans", "agglomerative", "density")
#: columns of ``k_selection_``
DIAGNOSTICS = ("method", "k", "silhouette", "stability", "stability_sd", "n_resamples",
               "n_sample", "chosen")
NOISE = -1


class RhetoricClusterer(ClusterMixin, BaseEstimator):
    """One clustering estimator for k-means, agglomerative and density (HDBSCAN) methods.

    Fitted attributes: ``labels_`` (−1 marks density noise), ``cluster_centers_``,
    ``n_clusters_``, ``k_selection_`` (a DataFrame: method, k, silhouette, stability,
    stability_sd, n_resamples, n_sample, chosen).
    """

    def __init__(self, *, method: str = "kmeans", n_clusters: int | None = None,
                 k_range: tuple[int, int] = (2, 10), n_resamples: int = 10,
                 min_stability: float = 0.75, max_sample: int = 5000,
                 min_cluster_size: int | None = None, random_state: int = 0) -> None:
        self.method = method
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.n_resamples = n_resamples
        self.min_stability = min_stability
        self.max_sample = max_sample
        self.min_cluster_size = min_cluster_size
        self.random_state = random_state

    # --- fitting -----------------------------------------------------------------------

    def fit(self, X, y=None) -> RhetoricClusterer:
        if self.method not in METHODS:
            raise ModelError("E402", "", f"method is one of {METHODS}, not {self.method!r}")
        X = check_array(X, dtype=[np.float64, np.float32])  # float32 vectors are not copied
        n = len(X)
        rng = np.random.RandomState(self.random_state)
        sample = np.sort(rng.choice(n, self.max_sample, replace=False)) \
            if n > self.max_sample else np.arange(n)
        part = X[sample]
        if self.method == "density":
            ks: list[int | None] = [None]
        elif self.n_clusters:
            ks = [self.n_clusters] if self.n_clusters <= len(part) else []
        else:
            # more clusters than distinct rows (renderings of one report coincide) cannot be
            distinct = len(np.unique(part.round(9), axis=0))
            ks = list(range(self.k_range[0], min(self.k_range[1], distinct - 1) + 1))
        fits = {k: self._fit(part, k) for k in ks}
        rows = [self._diagnose(part, k, labels) for k, labels in fits.items()]
        if not rows:  # too few reports to cluster: one cluster
            self.labels_ = np.zeros(n, dtype=np.int64)
            self.k_selection_ = pd.DataFrame(columns=list(DIAGNOSTICS))
        else:
            table = pd.DataFrame(rows, columns=list(DIAGNOSTICS))
            chosen = self._choose(table)
            table["chosen"] = table.index == chosen
            self.k_selection_ = table
            self.labels_ = self._extend(X, sample, fits[ks[chosen]])
        self.cluster_centers_ = _centres(X, self.labels_)
        self.n_clusters_ = len(self.cluster_centers_)
        return self

    def fit_predict(self, X, y=None) -> np.ndarray:
        return self.fit(X).labels_

    def predict(self, X) -> np.ndarray:
        """The nearest cluster centre of each row."""
        check_is_fitted(self, "cluster_centers_")
        return _nearest(check_array(X, dtype=[np.float64, np.float32]), self.cluster_centers_)

    # --- helpers -----------------------------------------------------------------------

    def _seed(self, *parts: int) -> int:
        return int(np.random.RandomState([self.random_state, *parts]).randint(2**31 - 1))

    def _fit(self, X: np.ndarray, k: int | None, seed_parts: tuple[int, ...] = (), *,
             n_init: int = 4) -> np.ndarray:
        """Labels of the rows of ``X`` by the method (``k`` clusters, or HDBSCAN's own)."""
        seed = self._seed(k or 0, *seed_parts)
        if self.method == "kmeans":
            from sklearn.cluster import KMeans

            return KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit_predict(X)
        if self.method == "agglomerative":
            from sklearn.cluster import AgglomerativeClustering

            return AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(X)
        from sklearn.cluster import HDBSCAN

        size = self.min_cluster_size or max(2, min(15, len(X) // 20))
        return HDBSCAN(min_cluster_size=size, copy=True).fit_predict(X)

    def _extend(self, X: np.ndarray, sample: np.ndarray, fitted: np.ndarray) -> np.ndarray:
        """Labels of every row from the labels of the sample: k-means is refined on all rows
        from the sample's centres; other methods give each other row its nearest centre."""
        if len(sample) == len(X):
            return fitted
        centres = _centres(X[sample], fitted)
        if self.method == "kmeans":
            from sklearn.cluster import KMeans

            return KMeans(n_clusters=len(centres), init=centres, n_init=1).fit_predict(X)
        labels = _nearest(X, centres)
        labels[sample] = fitted
        return labels

    def _diagnose(self, X: np.ndarray, k: int | None, labels: np.ndarray) -> dict:
        """Silhouette of ``labels`` and their mean adjusted Rand with bootstrap refits."""
        rng = np.random.RandomState(self._seed(k or 0, 1))
        scores = []
        for b in range(self.n_resamples):
            draw = np.sort(rng.choice(len(X), len(X), replace=True))
            with warnings.catch_warnings():  # a resample may hold fewer distinct rows than k
                warnings.simplefilter("ignore", ConvergenceWarning)
                # one k-means start per resample: the instability of starts counts too
                resampled = self._fit(X[draw], k, (b, 2), n_init=1)
            centres = _centres(X[draw], resampled)
            if len(centres):
                scores.append(adjusted_rand_score(labels, _nearest(X, centres)))
        return {"method": self.method, "k": len(set(labels.tolist()) - {NOISE}),
                "silhouette": _silhouette(X, labels),
                "stability": float(np.mean(scores)) if scores else np.nan,
                "stability_sd": float(np.std(scores)) if scores else np.nan,
                "n_resamples": len(scores), "n_sample": len(X)}

    def _choose(self, table: pd.DataFrame) -> int:
        stable = table[table.stability >= self.min_stability]
        if len(stable) and stable.silhouette.notna().any():
            return int(stable.silhouette.idxmax())
        if table.stability.notna().any():
            return int(table.stability.idxmax())
        return 0


def _centres(X: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Mean of each cluster (noise excluded), in label order."""
    ids = sorted(set(labels.tolist()) - {NOISE})
    if not ids:
        return np.zeros((0, X.shape[1]))
    return np.vstack([X[labels == i].mean(axis=0) for i in ids])


def _nearest(X: np.ndarray, centres: np.ndarray) -> np.ndarray:
    if not len(centres):
        return np.full(len(X), NOISE, dtype=np.int64)
    # |x - c|² without the n × k × d array: |c|² − 2 x·c (|x|² is the same for every c)
    distances = (centres ** 2).sum(axis=1)[None, :] - 2 * X @ centres.T
    return distances.argmin(axis=1).astype(np.int64)


def _silhouette(X: np.ndarray, labels: np.ndarray) -> float:
    kept = labels != NOISE
    n_labels = len(set(labels[kept].tolist()))
    if not 2 <= n_labels <= kept.sum() - 1:
        return float("nan")
    return float(silhouette_score(X[kept], labels[kept], metric="cosine"))
