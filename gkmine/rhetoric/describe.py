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

#: tables the analysis reads: metadata, texts and sections (to name terms and quote
#: examples of a few reports per cluster) and the ``doc_terms`` feature
from gkmine.rhetoric.options import RhetoricOptions  # noqa: E402
from gkmine.rhetoric.vectors import (
    HEAD,
    CountMatrix,
    RhetoricSpace,
    count_matrix,
    term_counts,
    term_id,
    terms,
    tokens,
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
_META = ("doc_id", "source", "agency", "agency_type", "level", "province", "city", "county",
         "year")
#: a sentence shorter than this (in characters) is not offered as an example
_MIN_EXAMPLE_CHARS = 12


# --- reading the store -------------------------------------------------------------------


def documents_frame(store) -> pd.DataFrame:
    """One row per document (not in error) with its first source and its metadata."""
    return store.query(f"select {', '.join(_META)} from documents "
                       "where status is distinct from 'error' order by doc_id")


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


def nearest_neighbours(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each row's most similar other row (−1 when alone) and the cosine (0–1).

    Rows are unit vectors, so the Euclidean index gives the cosine: cos = 1 − d²/2.
    """
    from sklearn.neighbors import NearestNeighbors

    n = len(Z)
    if n < 2:
        return np.full(n, -1), np.full(n, np.nan)
    distances, indices = NearestNeighbors(n_neighbors=2).fit(Z).kneighbors(Z)
    # a row identical to another may be listed after it: take the first that is not itself
    own = indices[:, 0] == np.arange(n)
    pick = np.where(own, 1, 0)
    other = indices[np.arange(n), pick]
    cosine = 1 - distances[np.arange(n), pick] ** 2 / 2
    return other, np.clip(cosine, 0.0, 1.0)


def map_2d(Z: np.ndarray) -> np.ndarray:
    """x, y of each report: the first two principal components of its LSA vector."""
    from sklearn.decomposition import PCA

    out = np.zeros((len(Z), 2))
    n = min(2, Z.shape[1], max(len(Z) - 1, 0))
    if n:
        out[:, :n] = PCA(n_components=n, svd_solver="full").fit_transform(Z)
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


def cluster_terms(counts: CountMatrix, labels: np.ndarray, texts: dict[int, str], *,
                  n_terms: int) -> pd.DataFrame:
    """The ``n_terms`` terms of each cluster with the highest keyness against the others."""
    from scipy.stats import chi2 as chi2_dist

    from gkmine.nlp.keywords import keyness_lr

    rows = []
    clusters = sorted(set(labels.tolist()))
    for cluster in clusters if len(clusters) > 1 else []:
        inside = labels == cluster
        a = np.asarray(counts.matrix[inside].sum(axis=0)).ravel()
        b = np.asarray(counts.matrix[~inside].sum(axis=0)).ravel()
        g2 = keyness_lr(a, b)
        order = np.lexsort((counts.term_ids, -g2))
        top = [j for j in order if g2[j] > 0][:n_terms]
        for rank, j in enumerate(top, 1):
            tid = int(counts.term_ids[j])
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


def cluster_examples(space: RhetoricSpace, counts: CountMatrix, centres: np.ndarray,
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
        matrix = _rows_in_columns([f[-1] for f in found], counts.term_ids, options)
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


def _rows_in_columns(token_lists: list[list[str]], term_ids: np.ndarray,
                     options: RhetoricOptions) -> sparse.csr_matrix:
    """Term counts of token lists in the columns of a fitted count matrix (others dropped)."""
    rows, cols, vals = [], [], []
    for row, toks in enumerate(token_lists):
        ids, counts = term_counts(toks, hash_bits=options.hash_bits, bigrams=options.bigrams)
        at = np.searchsorted(term_ids, ids)
        hit = (at < len(term_ids)) & (term_ids[np.minimum(at, len(term_ids) - 1)] == ids)
        rows += [row] * int(hit.sum())
        cols += at[hit].tolist()
        vals += counts[hit].tolist()
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(token_lists), len(term_ids)),
                             dtype=np.float64)


# --- the analysis ------------------------------------------------------------------------


def clusterer(options: RhetoricOptions) -> RhetoricClusterer:
    return RhetoricClusterer(method=options.method, n_clusters=options.n_clusters or None,
                             k_range=tuple(options.k_range), n_resamples=options.n_resamples,
                             min_stability=options.min_stability,
                             max_sample=options.max_sample, random_state=options.seed)


def rhetoric_tables(store, options: RhetoricOptions) -> dict[str, pd.DataFrame]:
    """The five tables of the ``rhetoric`` analysis (see the module docstring)."""
    docs = documents_frame(store).set_index("doc_id", drop=False)
    parts = list(options.parts)
    counts = count_matrix(store.iter_query(
        "select t.doc_id, t.term_ids, t.counts from doc_terms t join documents d using (doc_id) "
        "where d.status is distinct from 'error' and t.section in (select unnest(?))",
        [parts]), min_df=options.min_df, max_terms=options.max_terms)
    if not counts.doc_ids:
        return _empty()
    docs = docs.loc[counts.doc_ids]
    space = RhetoricSpace(n_components=options.n_components, random_state=options.seed)
    Z = space.fit_transform(counts.matrix)
    model = clusterer(options).fit(Z)
    labels = model.labels_
    other, similarity = nearest_neighbours(Z)
    xy = map_2d(Z)
    sources = docs.source.to_dict()
    profiles = pd.DataFrame({
        "doc_id": counts.doc_ids, "source": docs.source.to_numpy(), "cluster": labels,
        "x": xy[:, 0], "y": xy[:, 1],
        "nearest_doc_id": [counts.doc_ids[j] if j >= 0 else None for j in other],
        "similarity": similarity})
    profiles["nearest_source"] = profiles.nearest_doc_id.map(sources)
    profiles = profiles[list(COLUMNS["rhetoric_profiles"])]

    nearest_docs = _nearest_to_centres(Z, labels, model.cluster_centers_, counts.doc_ids,
                                       options.n_describe_docs)
    described = sorted({d for ds in nearest_docs.values() for d in ds})
    texts_of = stored_parts(store, described)
    masking = {d: MaskNames.of(agency=_text_or_none(docs.agency[d]),
                               places=[_text_or_none(docs[c][d])
                                       for c in ("province", "city", "county")])
               for d in described}
    examples_of = {c: ds[:max(1, options.n_describe_docs // 4)]
                   for c, ds in nearest_docs.items()}
    with_meta = profiles.merge(docs[list(CROSSTAB_VARIABLES)], left_on="doc_id",
                               right_index=True)
    return {
        "rhetoric_profiles": profiles,
        "rhetoric_k_selection": model.k_selection_.reset_index(drop=True),
        "rhetoric_cluster_terms": cluster_terms(
            counts, labels, _term_texts(texts_of, masking, options), n_terms=options.n_terms),
        "rhetoric_cluster_examples": cluster_examples(
            space, counts, model.cluster_centers_, examples_of, texts_of, masking, sources,
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
