"""The ``rhetoric`` corpus analysis: profiles, k selection, cluster terms and examples, and
cross-tabulations of clusters with what is known of each agency.

:func:`rhetoric_tables` reads the ``doc_terms`` feature rows and the ``documents`` metadata
from the store and returns five tables:

- ``rhetoric_profiles``: per report its cluster, a 2-D map position (the first two principal
  components of its LSA vector) and its nearest other report (cosine in LSA space, found by a
  nearest-neighbour index);
- ``rhetoric_k_selection``: silhouette and bootstrap stability (adjusted Rand) per k;
- ``rhetoric_cluster_terms``: keyness (G², Williams-corrected, quanteda's ``lr``) of each
  cluster's terms against the other clusters;
- ``rhetoric_cluster_examples``: the sentences closest to each cluster centre, with their
  analysis-text offsets;
- ``rhetoric_crosstabs``: cluster × agency type, level, province and year counts, with χ²,
  Cramér's V and its bias-corrected form (Bergsma 2013).

>>> round(cramers_v(np.array([[10, 0], [0, 10]]))[1], 3)
1.0
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from gkmine.rhetoric.cluster import DIAGNOSTICS, NOISE, RhetoricClusterer
from gkmine.rhetoric.mask import MaskNames, mask
from gkmine.rhetoric.neighbours import nearest_neighbours
from gkmine.rhetoric.options import RhetoricOptions
from gkmine.rhetoric.vectors import (
    HEAD,
    RhetoricSpace,
    Vocabulary,
    merged_documents,
    term_counts,
    term_id,
    terms,
    tokens,
    vocabulary,
)

#: columns of each output table
COLUMNS: dict[str, tuple[str, ...]] = {
    "rhetoric_profiles": ("doc_id", "source", "cluster", "x", "y", "nearest_doc_id",
                          "nearest_source", "similarity"),
    "rhetoric_k_selection": DIAGNOSTICS,
    "rhetoric_cluster_terms": ("cluster", "rank", "term_id", "term", "G2", "p", "n_target",
                               "n_reference"),
    "rhetoric_cluster_examples": ("cluster", "rank", "doc_id", "source", "section", "start",
                                  "end", "text", "similarity"),
    "rhetoric_crosstabs": ("variable", "value", "cluster", "n", "chi2", "dof", "p_value",
                           "cramers_v", "cramers_v_corrected", "n_reports"),
}
CROSSTAB_VARIABLES = ("agency_type", "level", "province", "year")
#: metadata read for every report, and for the few whose names are masked to quote them
_META = ("doc_id", "source", *CROSSTAB_VARIABLES)
_NAMES = ("doc_id", "agency", "province", "city", "county")
#: ``doc_terms`` rows per read (each holds one part's term list), documents per transform
_BATCH_ROWS = 5000
_BATCH_DOCUMENTS = 2000
#: a sentence shorter than this (in characters) is not offered as an example
_MIN_EXAMPLE_CHARS = 12


# --- reading the store -------------------------------------------------------------------


def documents_frame(store) -> pd.DataFrame:
    """One row per document (not in error) with its first source and its metadata."""
    return store.query(f"select {', '.join(_META)} from documents "
                       "where status is distinct from 'error' order by doc_id")


def stored_documents(store, options: RhetoricOptions, doc_ids: Sequence[str] | None = None
                     ) -> Iterator[tuple[str, np.ndarray, np.ndarray]]:
    """``(doc_id, term ids, counts)`` of each document (not in error; all, or ``doc_ids``)
    over the parts of ``options.parts``, in the table's own order, read a batch at a time.

    No ``order by``: sorting the term lists of a national corpus needs more memory than the
    database is given, and every use of the documents places them by ``doc_id`` itself.
    """
    where = ("where section in (select unnest(?)) and doc_id in "
             "(select doc_id from documents where status is distinct from 'error')")
    params: list = [list(options.parts)]
    if doc_ids is not None:
        where += " and doc_id in (select unnest(?))"
        params.append(sorted(doc_ids))
    # a document's rows may come apart: it is complete when all its parts are in
    parts = dict(store.con.execute(f"select doc_id, count(*) from doc_terms {where} "
                                   "group by doc_id", params).fetchall())
    return merged_documents(store.iter_query(f"select doc_id, term_ids, counts from doc_terms "
                                             f"{where}", params, batch_rows=_BATCH_ROWS),
                            parts=parts)


def _placed_batches(documents: Iterator[tuple[str, np.ndarray, np.ndarray]],
                    position: dict[str, int], size: int
                    ) -> Iterator[tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]]:
    """``(positions, [(term ids, counts)])`` of ``size`` documents at a time: each document's
    place in the sorted ``doc_ids`` (``position``), whatever order they are read in."""
    places, batch = [], []
    for doc_id, ids, counts in documents:
        places.append(position[doc_id])
        batch.append((ids, counts))
        if len(batch) == size:
            yield np.asarray(places), batch
            places, batch = [], []
    if batch:
        yield np.asarray(places), batch


def seeded_sample(n: int, size: int, seed: int) -> np.ndarray:
    """Sorted positions of a seeded sample of ``size`` of ``n`` (all when ``n <= size``)."""
    if n <= size:
        return np.arange(n)
    return np.sort(np.random.RandomState(seed).choice(n, size, replace=False))


def lsa_vectors(store, options: RhetoricOptions
                ) -> tuple[Vocabulary, RhetoricSpace | None, np.ndarray]:
    """The corpus's vocabulary, its LSA space, and every document's unit LSA vector (float32,
    rows in ``vocabulary.doc_ids`` order).

    Three reads of ``doc_terms``, none holding more than a batch: document frequencies, the
    seeded sample that fits the space (``options.lsa_sample`` documents), and every document
    transformed a batch at a time.
    """
    vocab = vocabulary(stored_documents(store, options), hash_bits=options.hash_bits,
                       min_df=options.min_df, max_terms=options.max_terms)
    n = len(vocab.doc_ids)
    if not n:
        return vocab, None, np.zeros((0, 0), dtype=np.float32)
    sample = [vocab.doc_ids[i] for i in seeded_sample(n, options.lsa_sample, options.seed)]
    # the sample's rows in doc_id order, however the store returns them
    fitting = vocab.matrix((ids, counts) for _, ids, counts
                           in sorted(stored_documents(store, options, sample),
                                     key=lambda doc: doc[0]))
    space = RhetoricSpace(n_components=options.n_components, random_state=options.seed).fit(
        fitting, document_frequency=vocab.document_frequency, n_documents=n)
    del fitting
    Z = np.empty((n, space.n_components_), dtype=np.float32)
    for places, batch in _placed_batches(stored_documents(store, options), vocab.position(),
                                         _BATCH_DOCUMENTS):
        Z[places] = space.transform(vocab.matrix(batch))
    return vocab, space, Z


def cluster_totals(documents: Iterator[tuple[str, np.ndarray, np.ndarray]], vocab: Vocabulary,
                   labels: np.ndarray) -> tuple[list[int], sparse.csr_matrix]:
    """The clusters (sorted labels) and each one's summed term counts (clusters × terms),
    from documents in any order (``labels`` follow ``vocab.doc_ids``), a batch at a time."""
    clusters = sorted(set(labels.tolist()))
    cluster_of = np.searchsorted(clusters, labels)
    totals = sparse.csr_matrix((len(clusters), len(vocab.term_ids)))
    # sums of whole counts in double precision: exact in any order the documents come in
    for places, batch in _placed_batches(documents, vocab.position(), _BATCH_DOCUMENTS):
        member = sparse.csr_matrix(
            (np.ones(len(batch)), (cluster_of[places], np.arange(len(batch)))),
            shape=(len(clusters), len(batch)))
        totals = totals + member @ vocab.matrix(batch).astype(np.float64)
    return clusters, totals.tocsr()


def stored_parts(store, doc_ids: Sequence[str]) -> dict[str, list[tuple[str, int, str]]]:
    """``doc_id -> [(part, offset, text)]`` for a few documents, read back from the store:
    the head (the text before the first section) and each section's body."""
    if not len(doc_ids):
        return {}
    ids = sorted(set(doc_ids))
    heads = store.query("select doc_id, text from texts where doc_id in (select unnest(?))",
                        [ids])
    sections = store.query("select doc_id, key, start, body_start, text from sections "
                           "where doc_id in (select unnest(?)) order by doc_id, start", [ids])
    out: dict[str, list[tuple[str, int, str]]] = {d: [] for d in ids}
    first = sections.groupby("doc_id")["start"].min().to_dict()
    for doc_id, text in zip(heads.doc_id, heads.text, strict=True):
        end = first.get(doc_id)
        out[doc_id].append((HEAD, 0, (text or "")[: int(end) if end is not None else None]))
    for row in sections.itertuples(index=False):
        out[row.doc_id].append((row.key, int(row.body_start), row.text or ""))
    return out


# --- description ---------------------------------------------------------------------------


def cramers_v(table: np.ndarray) -> tuple[float, float, float, int, float]:
    """``(chi2, V, V bias-corrected (Bergsma 2013), dof, p)`` of a contingency table."""
    from scipy.stats import chi2_contingency

    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    n = table.sum()
    r, k = table.shape
    if r < 2 or k < 2 or n < 2:
        return float("nan"), float("nan"), float("nan"), 0, float("nan")
    chi2, p, dof, _ = chi2_contingency(table, correction=False)
    phi2 = chi2 / n
    v = np.sqrt(phi2 / min(r - 1, k - 1))
    phi2c = max(0.0, phi2 - (k - 1) * (r - 1) / (n - 1))
    rc, kc = r - (r - 1) ** 2 / (n - 1), k - (k - 1) ** 2 / (n - 1)
    denominator = min(rc - 1, kc - 1)
    vc = np.sqrt(phi2c / denominator) if denominator > 0 else float("nan")
    return float(chi2), float(v), float(vc), int(dof), float(p)


def crosstabs(profiles: pd.DataFrame,
              variables: Sequence[str] = CROSSTAB_VARIABLES) -> pd.DataFrame:
    """Long table: variable, value, cluster, n, with the variable's association statistics
    (reports without the variable are left out; density noise is a cluster of its own)."""
    rows = []
    for variable in variables:
        known = profiles.dropna(subset=[variable])
        if known.empty:
            continue
        counts = pd.crosstab(known["cluster"], known[variable].astype(str))
        chi2, v, vc, dof, p = cramers_v(counts.to_numpy())
        for cluster, row in counts.iterrows():
            for value, n in row.items():
                rows.append({"variable": variable, "value": value, "cluster": int(cluster),
                             "n": int(n), "chi2": chi2, "dof": dof, "p_value": p,
                             "cramers_v": v, "cramers_v_corrected": vc,
                             "n_reports": int(len(known))})
    return pd.DataFrame(rows, columns=list(COLUMNS["rhetoric_crosstabs"]))


def map_2d(Z: np.ndarray, sample: np.ndarray | None = None) -> np.ndarray:
    """x, y of each report: the first two principal components of its LSA vector (fitted on
    the rows of ``sample``, or on all)."""
    from sklearn.decomposition import PCA

    out = np.zeros((len(Z), 2))
    fitting = Z[sample if sample is not None else slice(None)].astype(np.float64)
    n = min(2, Z.shape[1], max(len(fitting) - 1, 0))
    if n:
        pca = PCA(n_components=n, svd_solver="full").fit(fitting)
        for start in range(0, len(Z), 65_536):
            block = Z[start:start + 65_536].astype(np.float64)
            out[start:start + len(block), :n] = pca.transform(block)
    return out


def _term_texts(parts: dict[str, list[tuple[str, int, str]]], masking: dict[str, MaskNames],
                options: RhetoricOptions) -> dict[int, str]:
    """Hashed id -> term text, from re-cutting a few documents (the first text wins)."""
    out: dict[int, str] = {}
    for doc_id in sorted(parts):
        for part, _, text in parts[doc_id]:
            if part not in options.parts:
                continue
            for term in terms(tokens(mask(text, masking[doc_id])), bigrams=options.bigrams):
                out.setdefault(term_id(term, hash_bits=options.hash_bits), term)
    return out


def cluster_terms(clusters: Sequence[int], totals: sparse.csr_matrix, term_ids: np.ndarray,
                  texts: dict[int, str], *, n_terms: int) -> pd.DataFrame:
    """The ``n_terms`` terms of each cluster with the highest keyness against the others
    (``totals``: each cluster's summed term counts, columns ``term_ids``)."""
    from scipy.stats import chi2 as chi2_dist

    from gkmine.nlp.keywords import keyness_lr

    rows = []
    corpus = np.asarray(totals.sum(axis=0)).ravel()
    for i, cluster in enumerate(clusters if len(clusters) > 1 else []):
        a = totals[i].toarray().ravel()
        b = corpus - a
        g2 = keyness_lr(a, b)
        order = np.lexsort((term_ids, -g2))
        top = [j for j in order if g2[j] > 0][:n_terms]
        for rank, j in enumerate(top, 1):
            tid = int(term_ids[j])
            rows.append({"cluster": cluster, "rank": rank, "term_id": tid,
                         "term": texts.get(tid), "G2": float(g2[j]),
                         "p": float(chi2_dist.sf(g2[j], 1)), "n_target": int(a[j]),
                         "n_reference": int(b[j])})
    return pd.DataFrame(rows, columns=list(COLUMNS["rhetoric_cluster_terms"]))


def _sentence_rows(parts: list[tuple[str, int, str]], masking: MaskNames,
                   options: RhetoricOptions) -> Iterator[tuple[str, int, int, str, list]]:
    from gkmine.nlp.segmenter import split_sentences

    for part, offset, text in parts:
        if part not in options.parts:
            continue
        for start, end in split_sentences(text):
            sentence = text[start:end].strip()
            if len(sentence) >= _MIN_EXAMPLE_CHARS:
                yield part, offset + start, offset + end, sentence, tokens(mask(sentence, masking))


def cluster_examples(space: RhetoricSpace, vocab: Vocabulary, centres: np.ndarray,
                     nearest_docs: dict[int, list[str]],
                     parts: dict[str, list[tuple[str, int, str]]],
                     masking: dict[str, MaskNames], sources: dict[str, str],
                     options: RhetoricOptions) -> pd.DataFrame:
    """Per cluster, the ``n_examples`` sentences (of the reports nearest its centre) whose
    LSA vectors are closest to the centre."""
    rows = []
    for cluster, doc_ids in sorted(nearest_docs.items()):
        found = [(doc_id, *s) for doc_id in doc_ids
                 for s in _sentence_rows(parts.get(doc_id, []), masking[doc_id], options)]
        if not found:
            continue
        matrix = vocab.matrix(term_counts(f[-1], hash_bits=options.hash_bits,
                                          bigrams=options.bigrams) for f in found)
        centre = centres[cluster] / (np.linalg.norm(centres[cluster]) or 1.0)
        similarity = space.transform(matrix) @ centre
        seen: set[str] = set()
        rank = 0
        for i in np.lexsort((np.arange(len(found)), -similarity)):
            doc_id, part, start, end, sentence, _ = found[i]
            if sentence in seen:
                continue
            seen.add(sentence)
            rank += 1
            rows.append({"cluster": cluster, "rank": rank, "doc_id": doc_id,
                         "source": sources[doc_id], "section": part, "start": start,
                         "end": end, "text": sentence, "similarity": float(similarity[i])})
            if rank == options.n_examples:
                break
    return pd.DataFrame(rows, columns=list(COLUMNS["rhetoric_cluster_examples"]))


# --- the analysis ------------------------------------------------------------------------


def clusterer(options: RhetoricOptions) -> RhetoricClusterer:
    return RhetoricClusterer(method=options.method, n_clusters=options.n_clusters or None,
                             k_range=tuple(options.k_range), n_resamples=options.n_resamples,
                             min_stability=options.min_stability,
                             max_sample=options.max_sample, random_state=options.seed)


def rhetoric_tables(store, options: RhetoricOptions) -> dict[str, pd.DataFrame]:
    """The five tables of the ``rhetoric`` analysis (see the module docstring).

    Memory: the LSA vectors of every report (``n_components`` float32 each) and its metadata;
    term counts are read a batch at a time, and nothing compares all pairs of reports.
    """
    vocab, space, Z = lsa_vectors(store, options)
    if space is None:
        return _empty()
    doc_ids = vocab.doc_ids
    docs = documents_frame(store).set_index("doc_id", drop=False).loc[doc_ids]
    model = clusterer(options).fit(Z)
    labels = model.labels_
    other, similarity = nearest_neighbours(
        Z, exact_below=options.exact_neighbours_below, nprobe=options.nprobe,
        random_state=options.seed)
    xy = map_2d(Z, seeded_sample(len(Z), options.lsa_sample, options.seed))
    sources = docs.source.to_dict()
    profiles = pd.DataFrame({
        "doc_id": doc_ids, "source": docs.source.to_numpy(), "cluster": labels,
        "x": xy[:, 0], "y": xy[:, 1],
        "nearest_doc_id": [doc_ids[j] if j >= 0 else None for j in other],
        "similarity": similarity})
    profiles["nearest_source"] = profiles.nearest_doc_id.map(sources)
    profiles = profiles[list(COLUMNS["rhetoric_profiles"])]

    nearest_docs = _nearest_to_centres(Z, labels, model.cluster_centers_, doc_ids,
                                       options.n_describe_docs)
    described = sorted({d for ds in nearest_docs.values() for d in ds})
    texts_of = stored_parts(store, described)
    names = store.query(f"select {', '.join(_NAMES)} from documents "
                        "where doc_id in (select unnest(?))", [described]).set_index("doc_id")
    masking = {d: MaskNames.of(agency=_text_or_none(names.agency[d]),
                               places=[_text_or_none(names[c][d])
                                       for c in ("province", "city", "county")])
               for d in described}
    examples_of = {c: ds[:max(1, options.n_describe_docs // 4)]
                   for c, ds in nearest_docs.items()}
    clusters, totals = cluster_totals(stored_documents(store, options), vocab, labels)
    with_meta = profiles.merge(docs[list(CROSSTAB_VARIABLES)], left_on="doc_id",
                               right_index=True)
    return {
        "rhetoric_profiles": profiles,
        "rhetoric_k_selection": model.k_selection_.reset_index(drop=True),
        "rhetoric_cluster_terms": cluster_terms(
            clusters, totals, vocab.term_ids, _term_texts(texts_of, masking, options),
            n_terms=options.n_terms),
        "rhetoric_cluster_examples": cluster_examples(
            space, vocab, model.cluster_centers_, examples_of, texts_of, masking, sources,
            options),
        "rhetoric_crosstabs": crosstabs(with_meta),
    }


def _nearest_to_centres(Z: np.ndarray, labels: np.ndarray, centres: np.ndarray,
                        doc_ids: list[str], n: int) -> dict[int, list[str]]:
    out = {}
    for cluster in sorted(set(labels.tolist()) - {NOISE}):
        members = np.flatnonzero(labels == cluster)
        closeness = Z[members] @ centres[cluster]
        order = members[np.lexsort((members, -closeness))][:n]
        out[cluster] = [doc_ids[i] for i in order]
    return out


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _empty() -> dict[str, pd.DataFrame]:
    return {name: pd.DataFrame(columns=list(columns)) for name, columns in COLUMNS.items()}
