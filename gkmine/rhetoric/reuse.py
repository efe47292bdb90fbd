"""Boilerplate and reuse across a corpus, on the one MinHash LSH mechanism.

Per document (in the worker), :func:`sentence_signatures` turns the narrative sentences of a
report into rows of the ``sentence_signatures`` table: where each sentence is, and a b-bit
MinHash signature of its comparable form (:mod:`gkmine.rhetoric.sentences`). Nothing else of
the text is kept.

Per corpus, :func:`reuse_tables` groups near-duplicate sentences (LSH banding, candidate
components, verification against a leader: :func:`gkmine.rhetoric.minhash.group_signatures`)
and derives from the groups:

- ``sentence_groups`` (group_id, doc_id, section, seq, similarity): sentences in groups that
  span two or more documents; a group is listed by its members, never as pairs;
- ``boilerplate`` (doc_id, n_sentences, n_boilerplate, boilerplate_share): the share of a
  report's sentences whose group spans at least ``boilerplate_agencies`` other agencies;
- ``reuse_pairs`` (doc_a, doc_b, reuse, shared, n_sentences, examples): ``reuse`` is the share
  of a's sentences that reappear in b. Groups in more than ``pair_group_cap`` documents are
  boilerplate (counted there) and make no pairs, so the table stays bounded;
- ``reuse_yoy`` (doc_id, section, prev_doc_id, n_sentences, reused, reuse): the share of a
  section's sentences (section ``all``: of the report's) that reappear from the same agency's
  report of the previous year (:func:`gkmine.structure.identity.agency_identity`);
- ``template_families`` (family_id, doc_id, similarity, n_docs): reports whose sets of sentence
  groups are alike (Jaccard >= ``family_threshold``, MinHash LSH again, at report level);
- ``same_report`` (same_report_id, doc_id, similarity, n_docs): the same report published more
  than once (sites, renderings): near-identical sentence-group sets, same agency and year.

Everything is near-linear in the number of sentences: one sort per LSH band, joins on group ids,
and pairs only inside groups of at most ``pair_group_cap`` documents.

>>> from gkmine.record import Meta, Report, Section
>>> def report(doc_id, agency, body):
...     text = "一、总体情况\\n" + body
...     return Report(source=doc_id + ".txt", doc_id=doc_id, text=text,
...                   meta=Meta(agency=agency, year=2024),
...                   sections=[Section("overall", "一、总体情况", 0, len(text), body, 7)])
>>> body = "我局认真贯彻政府信息公开条例。全年主动公开政府信息12条。"
>>> reports = [report("a", "甲县教育局", body), report("b", "乙县教育局", body.replace("12", "30")),
...            report("c", "丙县教育局", "本年度未收到政府信息公开申请，也未收取任何费用。")]
>>> pairs = reuse_tables_from_reports(reports)["reuse_pairs"]
>>> pairs[["doc_a", "doc_b", "reuse", "shared"]].values.tolist()
[['a', 'b', 1.0, 2], ['b', 'a', 1.0, 2]]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import pandas as pd

from gkmine.rhetoric.minhash import ReuseOptions, group_signatures, set_signatures, signatures
from gkmine.rhetoric.sentences import report_sentences
from gkmine.structure.identity import MAX_PREVIOUS_REPORTS, identity_of

__all__ = ["SIGNATURE_COLUMNS", "OUTPUTS", "sentence_signatures", "reuse_tables",
           "reuse_tables_from_reports", "reuse_tables_from_store", "reuse_parts_from_store",
           "boilerplate_shares",
           "documents_frame", "pair_reuse"]

#: The per-document feature table ``sentence_signatures`` (DuckDB types).
SIGNATURE_COLUMNS: dict[str, str] = {
    "doc_id": "VARCHAR", "section": "VARCHAR", "seq": "INTEGER", "start": "INTEGER",
    "end": "INTEGER", "n_chars": "INTEGER", "minhash": "USMALLINT[]"}
#: Tables written by the corpus step, with their columns.
OUTPUTS: dict[str, tuple[str, ...]] = {
    "sentence_groups": ("group_id", "doc_id", "section", "seq", "similarity"),
    "boilerplate": ("doc_id", "n_sentences", "n_boilerplate", "boilerplate_share"),
    "reuse_pairs": ("doc_a", "doc_b", "reuse", "shared", "n_sentences", "examples"),
    "reuse_yoy": ("doc_id", "section", "prev_doc_id", "n_sentences", "reused", "reuse"),
    "template_families": ("family_id", "doc_id", "similarity", "n_docs"),
    "same_report": ("same_report_id", "doc_id", "similarity", "n_docs"),
}
#: Document metadata the corpus step reads (from the ``documents`` view).
DOCUMENT_COLUMNS = ("doc_id", "agency", "year", "province", "city", "county")
_DEFAULT = ReuseOptions()
#: (doc_id, start, end) of example sentences -> their texts
TextFetcher = Callable[[pd.DataFrame], list[str]]


# --- per document ------------------------------------------------------------------------


def sentence_signatures(report, config=None) -> list[dict[str, Any]]:
    """Rows of ``sentence_signatures`` for one report (none for a report that failed)."""
    if report.status == "error":
        return []
    options = getattr(config, "reuse", None) or _DEFAULT
    sentences = report_sentences(report, options=options)
    sig = signatures([s.text for s in sentences], options=options)
    # one tolist for the whole matrix: per row it cost as much as the signatures
    return [{"doc_id": report.doc_id, "section": s.section, "seq": s.seq, "start": s.start,
             "end": s.end, "n_chars": len(s.text), "minhash": row}
            for s, row in zip(sentences, sig.tolist(), strict=True)]


def documents_frame(reports: Iterable[Any]) -> pd.DataFrame:
    """The metadata columns :func:`reuse_tables` reads, from in-memory reports."""
    rows = {r.doc_id: {"doc_id": r.doc_id, "source": r.source,
                       **{c: getattr(r.meta, c) for c in DOCUMENT_COLUMNS[1:]}}
            for r in reports if r.status != "error"}
    return pd.DataFrame(list(rows.values()), columns=[*DOCUMENT_COLUMNS, "source"])


def pair_reuse(pairs: Sequence[tuple[Any, Any]], *, options: ReuseOptions = _DEFAULT
               ) -> list[dict[str, tuple[float, int]]]:
    """For each (earlier, later) pair of in-memory reports: section -> (share of ``later``'s
    sentences in it that reappear in ``earlier``, number of those sentences); section ``all``
    is the whole narrative. The corpus step's mechanism and counting (``reuse_yoy``), on the
    reports of the given pairs only.
    """
    from gkmine.config import Config

    config = Config().replace(reuse=options)
    reports = list({id(r): r for pair in pairs for r in pair}.values())
    key = {id(r): str(i) for i, r in enumerate(reports)}
    rows = [{**row, "doc_id": key[id(r)]} for r in reports
            for row in sentence_signatures(r, config)]
    sentences = _order(pd.DataFrame(rows, columns=list(SIGNATURE_COLUMNS)))
    links = pd.DataFrame({"doc_id": [key[id(later)] for _, later in pairs],
                          "prev_doc_id": [key[id(earlier)] for earlier, _ in pairs]})
    yoy = _reuse_yoy(_grouped_sentences(sentences, _stacked(sentences["minhash"], options),
                                        options), links) if rows else None
    found: dict[tuple[str, str], dict[str, tuple[float, int]]] = defaultdict(dict)
    if yoy is not None:
        for row in yoy.itertuples(index=False):
            found[(row.prev_doc_id, row.doc_id)][row.section] = (row.reuse, row.n_sentences)
    return [found.get((key[id(earlier)], key[id(later)]), {}) for earlier, later in pairs]


# --- the corpus step ---------------------------------------------------------------------


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=list(OUTPUTS[name]))


def _agency_codes(documents: pd.DataFrame) -> pd.Series:
    """doc_id -> agency identity; a report without an agency is an agency of its own."""
    idents = [identity_of(row) or f"?{row['doc_id']}"
              for row in documents[list(DOCUMENT_COLUMNS)].to_dict("records")]
    return pd.Series(idents, index=documents["doc_id"].to_numpy())


def _stacked(minhash: pd.Series, options: ReuseOptions) -> np.ndarray:
    """A column of signatures as one (sentences × values) array."""
    if minhash.empty:
        return np.zeros((0, options.num_perm), dtype=np.uint16)
    return np.asarray(np.stack(minhash.to_numpy()), dtype=np.uint16)


def _grouped_sentences(sentences: pd.DataFrame, signatures: np.ndarray,
                       options: ReuseOptions) -> pd.DataFrame:
    """Sentence rows with the near-duplicate group of each sentence (-1: no group)."""
    return _sentence_frame(sentences, _groups_of(signatures, options))


def _groups_of(signatures: np.ndarray, options: ReuseOptions):
    """The near-duplicate groups of sentences' signatures."""
    return group_signatures(signatures, threshold=options.sentence_threshold,
                            bands=options.bands, rounds=options.rounds)


def _sentence_frame(sentences: pd.DataFrame, groups) -> pd.DataFrame:
    frame = sentences[["doc_id", "section", "seq", "start", "end"]].reset_index(drop=True)
    return frame.assign(group=groups.label, similarity=np.round(groups.similarity, 4))


def _boilerplate(frame: pd.DataFrame, group_agencies: pd.Series, doc_ids: Sequence[str],
                 options: ReuseOptions) -> pd.DataFrame:
    spread = frame["group"].map(group_agencies).fillna(1)
    shared = spread >= options.boilerplate_agencies + 1  # its own agency plus N others
    per_doc = (frame.assign(boiler=shared).groupby("doc_id", sort=True)["boiler"]
               .agg(["size", "sum"]).reindex(sorted(set(doc_ids)), fill_value=0))
    out = pd.DataFrame({"doc_id": per_doc.index, "n_sentences": per_doc["size"].astype(int),
                        "n_boilerplate": per_doc["sum"].astype(int)})
    share = out["n_boilerplate"] / out["n_sentences"].where(out["n_sentences"] > 0)
    return out.assign(boilerplate_share=share.round(4)).reset_index(drop=True)


#: documents whose pairs are joined at once (a group of up to ``pair_group_cap`` documents
#: gives each member that many pairs: the join is bounded by the chunk, not the corpus)
_PAIR_DOCS = 2_000


def _reuse_pairs(frame: pd.DataFrame, group_docs: pd.Series, options: ReuseOptions,
                 fetch: TextFetcher | None) -> pd.DataFrame:
    grouped = frame[frame["group"] >= 0]
    small = grouped[grouped["group"].map(group_docs) <= options.pair_group_cap]
    members = small[["group", "doc_id"]].drop_duplicates()
    if members.empty:
        return _empty("reuse_pairs")
    n_sentences = frame.groupby("doc_id").size()
    docs = np.sort(members["doc_id"].unique())
    parts = [_pairs_of(docs[i:i + _PAIR_DOCS], small, members, n_sentences, options, fetch)
             for i in range(0, len(docs), _PAIR_DOCS)]
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return out[list(OUTPUTS["reuse_pairs"])]


def _pairs_of(docs: np.ndarray, small: pd.DataFrame, members: pd.DataFrame,
              n_sentences: pd.Series, options: ReuseOptions,
              fetch: TextFetcher | None) -> pd.DataFrame:
    """The reuse pairs whose first document is one of ``docs`` (sorted)."""
    mine = members[members["doc_id"].isin(docs)]
    pairs = mine.merge(members, on="group", suffixes=("_a", "_b"))
    pairs = pairs[pairs["doc_id_a"] != pairs["doc_id_b"]]
    hits = small[small["doc_id"].isin(docs)].merge(
        pairs, left_on=["group", "doc_id"], right_on=["group", "doc_id_a"])
    hits = hits.sort_values(["doc_id_a", "doc_id_b", "start"], kind="stable")
    hits = hits.drop_duplicates(["doc_id_a", "doc_id_b", "start"])
    out = (hits.groupby(["doc_id_a", "doc_id_b"], sort=True).size().rename("shared")
           .reset_index().rename(columns={"doc_id_a": "doc_a", "doc_id_b": "doc_b"}))
    out["n_sentences"] = out["doc_a"].map(n_sentences).astype(int)
    out["reuse"] = (out["shared"] / out["n_sentences"]).round(4)
    examples = hits.groupby(["doc_id_a", "doc_id_b"], sort=True).head(options.examples)
    if fetch is not None and len(examples):
        texts = fetch(examples[["doc_id", "start", "end"]].reset_index(drop=True))
        examples = examples.assign(text=texts)
        listed = examples.groupby(["doc_id_a", "doc_id_b"], sort=True)["text"].agg(list)
        out["examples"] = listed.to_numpy()
    else:
        out["examples"] = [[] for _ in range(len(out))]
    return out


def _previous_reports(documents: pd.DataFrame, agencies: pd.Series) -> pd.DataFrame:
    """(doc_id, prev_doc_id): the same agency's reports of the year before (at most
    ``MAX_PREVIOUS_REPORTS`` of them, as the cross-year checks pair them)."""
    docs = documents[["doc_id", "year"]].assign(agency=documents["doc_id"].map(agencies))
    docs = docs[docs["year"].notna() & ~docs["agency"].str.startswith("?")]
    docs = docs.assign(year=docs["year"].astype(int)).sort_values("doc_id", kind="stable")
    prev = docs.rename(columns={"doc_id": "prev_doc_id"}).assign(year=lambda d: d["year"] + 1)
    prev = prev[prev.groupby(["agency", "year"]).cumcount() < MAX_PREVIOUS_REPORTS]
    pairs = docs.merge(prev, on=["agency", "year"])
    return pairs[["doc_id", "prev_doc_id"]].sort_values(["doc_id", "prev_doc_id"])


#: sentences taken together when counting year-over-year reuse (bounds its memory)
_YOY_CHUNK = 50_000


def _reuse_yoy(frame: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """reuse_yoy for (doc_id, prev_doc_id) pairs of reports, from their grouped sentences.

    Each sentence counts once per earlier report of its document. The counting runs on
    integer keys, a chunk of documents at a time, so that a corpus where an agency files
    several reports a year multiplies integers, not rows of strings.
    """
    if pairs.empty or frame.empty:
        return _empty("reuse_yoy")
    ids = pd.Index(pd.unique(np.concatenate([frame["doc_id"].to_numpy(dtype=object),
                                             pairs["doc_id"].to_numpy(dtype=object),
                                             pairs["prev_doc_id"].to_numpy(dtype=object)])))
    n = len(ids)
    doc = ids.get_indexer(frame["doc_id"])
    group = frame["group"].to_numpy()
    names, section = np.unique(frame["section"].to_numpy(dtype=object), return_inverse=True)
    names = [*names, "all"]
    everything = len(names) - 1
    members = np.unique(group[group >= 0].astype(np.int64) * n + doc[group >= 0])
    cur, prev = ids.get_indexer(pairs["doc_id"]), ids.get_indexer(pairs["prev_doc_id"])
    order = np.argsort(cur, kind="stable")
    cur, prev = cur[order], prev[order]
    counted: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    # sentences are in document order: a chunk ends where a document does, so a key (which
    # names its document) is counted in one chunk only
    bounds = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1], True])
    start = 0
    while start < len(doc):
        stop = bounds[min(np.searchsorted(bounds, start + _YOY_CHUNK), len(bounds) - 1)]
        stop = max(stop, bounds[np.searchsorted(bounds, start, "right")])
        counted.extend(_count_yoy(doc[start:stop], section[start:stop], group[start:stop],
                                  cur, prev, members, n, len(names), everything))
        start = stop
    keys, sizes, hits = (np.concatenate([c[i] for c in counted]) if counted
                         else np.zeros(0, dtype=np.int64) for i in range(3))
    keys, inverse = np.unique(keys, return_inverse=True)  # (a document split across chunks)
    sizes, hits = (np.bincount(inverse, weights=v, minlength=len(keys)).astype(np.int64)
                   for v in (sizes, hits))
    out = pd.DataFrame({"doc_id": ids[keys // n // len(names)].to_numpy(),
                        "section": np.asarray(names, dtype=object)[keys // n % len(names)],
                        "prev_doc_id": ids[keys % n].to_numpy(),
                        "n_sentences": sizes, "reused": hits})
    out["reuse"] = (out["reused"] / out["n_sentences"]).round(4)
    out = out.sort_values(["doc_id", "section", "prev_doc_id"], kind="stable")
    return out[list(OUTPUTS["reuse_yoy"])].reset_index(drop=True)


def _count_yoy(doc, section, group, cur, prev, members, n: int, n_sections: int,
               everything: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """A chunk's (keys, sentences, reused) per (document, section, earlier report) key, in
    arrays (a Python object per key cost more than the counting)."""
    first, last = np.searchsorted(cur, doc, "left"), np.searchsorted(cur, doc, "right")
    times = last - first  # earlier reports of each sentence's document
    sentence = np.repeat(np.arange(len(doc)), times)
    pair = (np.arange(len(sentence)) - np.repeat(np.cumsum(times) - times, times)
            + np.repeat(first, times))
    earlier = prev[pair]
    g = group[sentence]
    wanted = g.astype(np.int64) * n + earlier
    at = np.minimum(np.searchsorted(members, wanted), max(len(members) - 1, 0))
    reused = (g >= 0) & (members[at] == wanted) if len(members) else np.zeros(len(g), bool)
    for part in (section[sentence], np.full(len(sentence), everything)):
        keys = (doc[sentence].astype(np.int64) * n_sections + part) * n + earlier
        unique, inverse = np.unique(keys, return_inverse=True)
        yield (unique, np.bincount(inverse, minlength=len(unique)).astype(np.int64),
               np.bincount(inverse, weights=reused, minlength=len(unique)).astype(np.int64))


def _report_signatures(frame: pd.DataFrame, options: ReuseOptions
                       ) -> tuple[np.ndarray, np.ndarray]:
    """(doc_ids, MinHash signatures of each report's set of sentence groups); a sentence in no
    group is a token of its own. ``frame`` is ordered by doc_id; the token lists are made one
    report at a time."""
    doc = frame["doc_id"].to_numpy(dtype=object)
    group = frame["group"].to_numpy()
    bounds = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1], True])

    def token_sets():
        for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
            yield [f"g{g}" if g >= 0 else f"s{i}"
                   for i, g in zip(range(start, stop), group[start:stop].tolist(), strict=True)]

    return doc[bounds[:-1]], set_signatures(token_sets(), options=options)


def _report_groups(signatures: np.ndarray, threshold: float, options: ReuseOptions):
    """LSH groups of reports over their sets of sentence groups (singletons are unique)."""
    return group_signatures(signatures, threshold=threshold, bands=options.bands,
                            rounds=options.rounds)


def _group_table(doc_ids: np.ndarray, label: np.ndarray, similarity: np.ndarray,
                 id_column: str, name: str) -> pd.DataFrame:
    out = pd.DataFrame({"doc_id": doc_ids, "label": label, "similarity": similarity})
    out = out[out["label"] >= 0]
    out = out[out.groupby("label")["doc_id"].transform("size") >= 2]
    if out.empty:
        return _empty(name)
    out[id_column] = pd.factorize(out["label"], sort=True)[0]
    out["n_docs"] = out.groupby(id_column)["doc_id"].transform("size")
    out["similarity"] = out["similarity"].round(4)
    return (out.sort_values([id_column, "doc_id"])[list(OUTPUTS[name])]
            .reset_index(drop=True))


def _families(doc_ids: np.ndarray, signatures: np.ndarray,
              options: ReuseOptions) -> pd.DataFrame:
    groups = _report_groups(signatures, options.family_threshold, options)
    return _group_table(doc_ids, groups.label, groups.similarity, "family_id",
                        "template_families")


def _same_report(doc_ids: np.ndarray, signatures: np.ndarray, documents: pd.DataFrame,
                 agencies: pd.Series, options: ReuseOptions) -> pd.DataFrame:
    groups = _report_groups(signatures, options.same_report_threshold, options)
    meta = documents.set_index("doc_id")
    year = meta["year"].reindex(doc_ids).astype("Float64").astype(str).to_numpy()
    agency = pd.Series(doc_ids).map(agencies).fillna("?").to_numpy()
    # The same report: one group, one agency, one year (copies under other names are reuse).
    keys = pd.Series([f"{g}|{a}|{y}" if g >= 0 else "" for g, a, y
                      in zip(groups.label.tolist(), agency, year, strict=True)])
    label = np.where(groups.label >= 0, pd.factorize(keys, sort=True)[0], -1)
    return _group_table(doc_ids, label, groups.similarity, "same_report_id", "same_report")


def reuse_tables(sentences: pd.DataFrame, documents: pd.DataFrame, *,
                 signatures: np.ndarray | None = None, options: ReuseOptions = _DEFAULT,
                 fetch: TextFetcher | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the module docstring from ``sentence_signatures`` rows and documents.

    ``sentences`` must be ordered by (doc_id, start); their signatures are ``signatures``
    (one row each) or else their ``minhash`` column. ``fetch`` returns the texts of example
    sentences given (doc_id, start, end) rows (examples stay empty without it).
    """
    return dict(_reuse_items(sentences, documents, signatures=signatures, options=options,
                             fetch=fetch))


def _reuse_items(sentences: pd.DataFrame, documents: pd.DataFrame, *,
                 signatures: np.ndarray | None, options: ReuseOptions,
                 fetch: TextFetcher | None) -> Iterator[tuple[str, pd.DataFrame]]:
    """(name, table) of :func:`reuse_tables`, made one after the other; the signatures and
    the sentence rows are let go once the sentences are grouped (when the caller holds them
    no more)."""
    if signatures is None:
        signatures = _stacked(sentences["minhash"], options)
    keep = sentences["doc_id"].isin(documents["doc_id"]).to_numpy()
    if "minhash" in sentences.columns:
        sentences = sentences.drop(columns="minhash")
    if not keep.all():  # (a copy of every sentence and signature otherwise)
        sentences, signatures = sentences.loc[keep], signatures[keep]
    if sentences.empty:
        tables = {name: _empty(name) for name in OUTPUTS}
        tables["boilerplate"] = _boilerplate(_sentence_frame(sentences, _no_groups()),
                                             pd.Series(dtype=float), documents["doc_id"],
                                             options)
        yield from tables.items()
        return
    groups = _groups_of(signatures, options)
    del signatures  # (the largest array of the step)
    frame = _sentence_frame(sentences, groups)
    del sentences, groups
    agencies = _agency_codes(documents)
    grouped = frame[frame["group"] >= 0]
    group_docs = grouped.groupby("group")["doc_id"].nunique()
    group_agencies = grouped.assign(agency=grouped["doc_id"].map(agencies)).groupby(
        "group")["agency"].nunique()
    across = grouped[grouped["group"].map(group_docs) >= 2]
    del grouped
    listed = across.assign(group_id=pd.factorize(across["group"], sort=True)[0])
    del across
    yield "sentence_groups", listed[list(OUTPUTS["sentence_groups"])].reset_index(drop=True)
    del listed
    yield "boilerplate", _boilerplate(frame, group_agencies, documents["doc_id"], options)
    yield "reuse_pairs", _reuse_pairs(frame, group_docs, options, fetch)
    yield "reuse_yoy", _reuse_yoy(frame, _previous_reports(documents, agencies))
    doc_ids, report_signatures = _report_signatures(frame, options)
    del frame
    yield "template_families", _families(doc_ids, report_signatures, options)
    yield "same_report", _same_report(doc_ids, report_signatures, documents, agencies,
                                      options)


def _no_groups():
    from gkmine.rhetoric.minhash import Groups

    empty = np.zeros(0)
    return Groups(empty.astype(np.int64), empty.astype(np.int64), empty)


# --- entry points: in-memory reports, or a store ------------------------------------------


def _order(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def reuse_tables_from_reports(reports: Sequence[Any], *, options: ReuseOptions = _DEFAULT
                              ) -> dict[str, pd.DataFrame]:
    """:func:`reuse_tables` of in-memory reports (examples are their sentence texts)."""
    from gkmine.config import Config

    config = Config().replace(reuse=options)
    unique = list({r.doc_id: r for r in reports if r.status != "error"}.values())
    rows = [row for r in unique for row in sentence_signatures(r, config)]
    sentences = _order(pd.DataFrame(rows, columns=list(SIGNATURE_COLUMNS)))
    texts = {r.doc_id: r.text for r in unique}

    def fetch(spans: pd.DataFrame) -> list[str]:
        return [texts[d][s:e] for d, s, e in spans.itertuples(index=False)]

    return reuse_tables(sentences, documents_frame(unique), options=options, fetch=fetch)


def stored_signatures(store, *, num_perm: int = _DEFAULT.num_perm
                      ) -> tuple[pd.DataFrame, np.ndarray]:
    """The ``sentence_signatures`` table as (sentences ordered by doc_id and start, their
    signatures as one ``uint16`` array).

    Read in batches into one preallocated array (2 bytes a value, never a Python object per
    sentence) and ordered here: a sort in the database would carry every signature along.
    The table is not written to while the corpus step reads it (``Store`` is its only
    writer), so both scans see the same rows.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    # first the small columns, to find each sentence's place; then the signatures, written
    # straight to their places (one array, no sorted copy of it)
    parts = [pa.Table.from_batches([b]) for b in store.iter_arrow(
        'select rowid, doc_id, section, seq, start, "end" from sentence_signatures',
        batch_rows=65_536)]
    if not parts:
        return (pd.DataFrame(columns=[c for c in SIGNATURE_COLUMNS
                                      if c not in ("minhash", "n_chars")]),
                np.zeros((0, num_perm), dtype=np.uint16))
    table = pa.concat_tables(parts)
    del parts
    # ordered in Arrow (a stable sort, as a lexsort), then converted once: one copy of the
    # rows at a time, not a frame and its sorted copy
    order = pc.sort_indices(table, sort_keys=[("doc_id", "ascending"),
                                              ("start", "ascending")]).to_numpy()
    rowid = table.column("rowid").to_numpy()[order]
    table = table.drop_columns(["rowid"]).take(order)
    sentences = table.to_pandas(self_destruct=True, split_blocks=True)
    del table, order
    by_rowid = np.argsort(rowid, kind="stable")  # rowid rank -> place
    sorted_rowid = rowid[by_rowid]
    del rowid
    signatures = None
    for batch in store.iter_arrow("select rowid, minhash from sentence_signatures",
                                  batch_rows=65_536):
        values = batch.column("minhash").flatten().to_numpy(zero_copy_only=False)
        width = len(values) // batch.num_rows if batch.num_rows else num_perm
        if signatures is None:
            signatures = np.empty((len(sentences), width), dtype=np.uint16)
        places = by_rowid[np.searchsorted(sorted_rowid, batch.column("rowid").to_numpy())]
        signatures[places] = values.reshape(batch.num_rows, width)
    return sentences, signatures


def reuse_tables_from_store(store, *, options: ReuseOptions = _DEFAULT
                            ) -> dict[str, pd.DataFrame]:
    """:func:`reuse_tables` from the ``sentence_signatures``, ``documents`` and ``sections``
    tables of a store (examples are cut from the section texts)."""
    return dict(_store_items(store, options))


def reuse_parts_from_store(store, *, options: ReuseOptions = _DEFAULT
                           ) -> Iterator[dict[str, pd.DataFrame]]:
    """The tables of :func:`reuse_tables_from_store` one at a time, each in a part that names
    every table (the others empty, which adds no row and changes no column type): the corpus
    step writes each and lets it go before the next is made, and the signatures go once the
    sentences are grouped."""
    for name, table in _store_items(store, options):
        yield {other: table if other == name else _empty(other) for other in OUTPUTS}


def _store_items(store, options: ReuseOptions) -> Iterator[tuple[str, pd.DataFrame]]:
    documents = store.query(
        f"select {', '.join(DOCUMENT_COLUMNS)} from documents where status != 'error' "
        "order by doc_id")
    sentences, signatures = stored_signatures(store, num_perm=options.num_perm)

    def fetch(spans: pd.DataFrame) -> list[str]:
        store.con.register("_reuse_examples", spans.assign(i=range(len(spans))))
        try:
            found = store.query(
                'select e.i, substring(s.text, e.start - s.body_start + 1, e."end" - e.start) '
                "as text from _reuse_examples e join sections s on s.doc_id = e.doc_id "
                'and e.start >= s.body_start and e."end" <= s."end" order by e.i')
        finally:
            store.con.unregister("_reuse_examples")
        texts = dict(zip(found["i"], found["text"], strict=True))
        return [texts.get(i, "") for i in range(len(spans))]

    items = _reuse_items(sentences, documents, signatures=signatures, options=options,
                         fetch=fetch)
    del sentences, signatures  # the items let them go once the sentences are grouped
    yield from items


def boilerplate_shares(reports: Sequence[Any] | None = None, *, store=None,
                       options: ReuseOptions = _DEFAULT) -> dict[str, float | None]:
    """doc_id -> boilerplate share (``None`` for a report without comparable sentences),
    from in-memory ``reports`` or from a ``store`` that holds ``sentence_signatures``.

    A store that already holds the ``boilerplate`` table is read, not recomputed.
    """
    if (reports is None) == (store is None):
        raise ValueError("give reports or a store, not both")
    if store is not None and "boilerplate" in store.tables():
        table = store.query("select doc_id, boilerplate_share from boilerplate")
    elif store is not None:
        table = reuse_tables_from_store(store, options=options)["boilerplate"]
    else:
        table = reuse_tables_from_reports(reports, options=options)["boilerplate"]
    return {d: (None if pd.isna(s) else float(s))
            for d, s in zip(table["doc_id"], table["boilerplate_share"], strict=True)}

