"""Options of the rhetoric stage, carried in :class:`gkmine.config.Config` as ``rhetoric``.

>>> RhetoricOptions().seed, RhetoricOptions().method
(0, 'kmeans')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class RhetoricOptions:
    #: options the per-document feature reads (``doc_terms``); only these enter the
    #: configuration hash that decides whether to process a stored document again
    DOCUMENT_FIELDS: ClassVar[tuple[str, ...]] = ("hash_bits", "bigrams")
    #: seed of every random step (SVD, k-means, resampling): same seed, same output
    seed: int = 0
    #: terms are hashed into ``2 ** hash_bits`` ids (a stable MurmurHash3 of the term)
    hash_bits: int = 21
    #: add word bigrams (stock phrases) to the words
    bigrams: bool = True
    #: parts of a report that make its document vector: "head" (the text before section 一)
    #: and section keys; the prose parts by default, since the statutory tables' labels are
    #: the same in every report (``doc_terms`` holds every part, so this can change later)
    parts: tuple[str, ...] = ("head", "overall", "problems", "other")
    #: terms in fewer documents are dropped before TF-IDF (1 keeps all)
    min_df: int = 1
    #: at most this many terms, the most widespread, enter TF-IDF and LSA (the LSA's memory
    #: grows with terms × components)
    max_terms: int = 200_000
    #: LSA dimensions (fewer when the corpus is small)
    n_components: int = 100
    #: at most this many reports (a seeded sample) fit the LSA; every report is transformed
    lsa_sample: int = 5000
    #: from this many reports on, each report's nearest is searched in an inverted file (the
    #: rows of its ``nprobe`` nearest k-means lists); below, among all reports
    exact_neighbours_below: int = 20_000
    nprobe: int = 16
    #: clustering method: kmeans | agglomerative | density
    method: str = "kmeans"
    #: a fixed number of clusters, or 0 to choose k by silhouette and stability
    n_clusters: int = 0
    k_range: tuple[int, int] = (2, 10)
    #: bootstrap resamples per k for the stability (adjusted Rand) of a clustering
    n_resamples: int = 10
    #: k is the best silhouette among ks whose mean adjusted Rand reaches this
    min_stability: float = 0.75
    #: at most this many reports enter silhouette, resampling and agglomerative fits
    max_sample: int = 5000
    #: keyness terms and example sentences kept per cluster
    n_terms: int = 20
    n_examples: int = 5
    #: reports nearest each cluster centre whose text names the cluster's terms and gives its
    #: example sentences (terms are stored as hashed ids only)
    n_describe_docs: int = 20


#: the tables the ``rhetoric`` analysis reads and writes (here, where workers can import them
#: without scikit-learn)
INPUTS = ("documents", "texts", "sections", "doc_terms")
TABLES = ("rhetoric_profiles", "rhetoric_k_selection", "rhetoric_cluster_terms",
          "rhetoric_cluster_examples", "rhetoric_crosstabs")
