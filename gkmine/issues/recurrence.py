"""Recurrence of problems across agencies and years, as DataFrames.

All functions take a statements frame as made by :func:`gkmine.issues.statements_frame`
(columns ``doc_id``, ``statement_id``, ``kind``, ``topics`` (a list), ``text``, ``agency``,
``year``, ``level``, ``province``, ``agency_type``) and are pure and deterministic. "The same
agency" is the one identity of :func:`gkmine.structure.identity.agency_identity` (from
``agency`` and whichever of ``province``, ``city``, ``county`` the frame has), and near
duplicates use the corpus's one reuse mechanism (:mod:`gkmine.rhetoric.minhash`).

>>> df = pd.DataFrame({
...     "doc_id": ["a23", "a24", "b24"], "statement_id": ["a23#1", "a24#1", "b24#1"],
...     "kind": ["problem"] * 3, "topics": [["timeliness"], ["timeliness"], ["content"]],
...     "text": ["信息更新不够及时。", "一是信息更新不够及时；", "内容不全面。"],
...     "agency": ["甲局", "甲局", "乙局"],
...     "year": [2023, 2024, 2024], "level": "county", "province": "宁夏",
...     "agency_type": "医疗保障局"})
>>> consecutive_repeats(df)[["agency", "topic", "year"]].values.tolist()
[['甲局', 'timeliness', 2024]]
>>> exact_duplicates(df)[["scope", "n_reports"]].values.tolist()
[['same_agency', 2]]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy as np
import pandas as pd

from gkmine.issues.codebook import TOPICS
from gkmine.issues.corpus import topic_lists
from gkmine.issues.text import prepare_text

__all__ = ["topic_recurrence", "consecutive_repeats", "exact_duplicates", "near_duplicates",
           "problem_answered", "normalise_statement", "recurrence_tables", "recurrence_parts"]

#: Enumeration markers and punctuation do not make a statement different.
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|"
                     r"第[一二三四五六七八九十]+[，,、]?|\d{1,2}[.．、]|[①-⑩])")
_PUNCT = re.compile(r"[\s，,。；;：:、！？!?“”\"'‘’（）()《》【】\-—…·]")
#: statements whose MinHash signatures are computed together (bounds their memory)
_SIGNATURE_CHUNK = 1024
#: columns of each table (``topic_recurrence_<by>`` starts with its group columns)
TOPIC_RECURRENCE_COLUMNS = ("topic", "n_reports", "reports_with_topic", "share", "statements")
CONSECUTIVE_COLUMNS = ("agency", "topic", "year", "previous_year", "doc_id", "previous_doc_id")
EXACT_COLUMNS = ("normalised_text", "kind", "scope", "n_reports", "agencies", "years",
                 "statement_ids")
NEAR_COLUMNS = ("statement_id", "other_statement_id", "doc_id", "other_doc_id", "scope",
                "estimated_jaccard", "jaccard", "group_id")
ANSWERED_COLUMNS = ("doc_id", "statement_id", "topic", "answered", "measure_ids")


def normalise_statement(text: str) -> str:
    """The text compared for reuse: simplified, without marker, whitespace or punctuation.

    >>> a = normalise_statement("二是信息更新\\n不够及时；")
    >>> a == normalise_statement("1.信息更新不够及时。")
    True
    """
    text = prepare_text(text)
    return _PUNCT.sub("", _MARKER.sub("", text))


def _with_norm(statements: pd.DataFrame) -> pd.DataFrame:
    """``statements`` with the ``norm`` column of :func:`normalise_statement` (kept if given)."""
    if "norm" in statements.columns:
        return statements
    return statements.assign(norm=[normalise_statement(t) for t in statements["text"]])


def _identities(frame: pd.DataFrame) -> pd.Series:
    """The agency identity of each row (``None`` where the agency is unknown)."""
    from gkmine.structure.identity import identity_of

    cols = [c for c in ("agency", "province", "city", "county") if c in frame.columns]
    # once per distinct agency (a report has several statements, an agency several reports)
    keys = frame[cols].astype(object).where(frame[cols].notna(), None)
    codes, uniques = pd.factorize(pd.MultiIndex.from_frame(keys))
    found = [identity_of(dict(zip(cols, values, strict=True))) for values in uniques]
    return pd.Series([found[c] if c >= 0 else None for c in codes.tolist()],
                     index=frame.index, dtype=object)


def _exploded(statements: pd.DataFrame, kind: str | None) -> pd.DataFrame:
    frame = statements if kind is None else statements[statements["kind"] == kind]
    frame = frame.assign(topic=topic_lists(frame)).explode("topic")
    return frame.dropna(subset=["topic"])


def topic_recurrence(statements: pd.DataFrame, *, by: str | Sequence[str] = "agency_type",
                     kind: str | None = "problem") -> pd.DataFrame:
    """How many reports in each group state each topic (as ``kind``), and what share.

    One row per group × topic: ``n_reports`` (reports in the group with at least one
    statement), ``reports_with_topic``, ``share`` (of the group's reports), ``statements``
    (statements with the topic). ``by`` is a column or columns (``agency_type``, ``level``,
    ``province``, ``year`` …); missing values form their own group ``"(unknown)"``.
    """
    keys = [by] if isinstance(by, str) else list(by)
    base = statements.copy()
    for key in keys:
        base[key] = base[key].astype(object).where(base[key].notna(), "(unknown)")
    n_reports = base.groupby(keys, sort=True)["doc_id"].nunique().rename("n_reports")
    topics = _exploded(base, kind)
    grouped = topics.groupby(keys + ["topic"], sort=True)
    result = pd.DataFrame({"reports_with_topic": grouped["doc_id"].nunique(),
                           "statements": grouped.size()}).reset_index()
    result = result.merge(n_reports.reset_index(), on=keys, how="left")
    result["share"] = (result["reports_with_topic"] / result["n_reports"]).round(4)
    result["topic"] = pd.Categorical(result["topic"], categories=TOPICS, ordered=True)
    result = result.sort_values(keys + ["topic"], kind="stable").reset_index(drop=True)
    result["topic"] = result["topic"].astype(str)
    return result[keys + list(TOPIC_RECURRENCE_COLUMNS)]


def consecutive_repeats(statements: pd.DataFrame, *, kind: str = "problem") -> pd.DataFrame:
    """Agencies that state the same topic (as ``kind``) in two consecutive report years.

    One row per agency × topic × year where the topic also appears in ``year - 1``, with the
    documents of both years.
    """
    topics = _exploded(statements, kind).dropna(subset=["agency", "year"])
    cols = list(CONSECUTIVE_COLUMNS)
    if topics.empty:
        return pd.DataFrame(columns=cols)
    topics = topics.assign(identity=_identities(topics), year=topics["year"].astype(int))
    grouped = topics.groupby(["identity", "topic", "year"], sort=True)
    per_year = grouped["doc_id"].agg(lambda s: ";".join(sorted(set(s)))).reset_index()
    per_year["agency"] = grouped["agency"].agg(lambda s: sorted(map(str, s))[0]).to_numpy()
    previous = per_year.drop(columns="agency").rename(
        columns={"year": "previous_year", "doc_id": "previous_doc_id"})
    previous["year"] = previous["previous_year"] + 1
    out = per_year.merge(previous, on=["identity", "topic", "year"], how="inner")
    return out[cols].sort_values(["agency", "year", "topic"], kind="stable").reset_index(drop=True)


def exact_duplicates(statements: pd.DataFrame, *, min_chars: int = 6) -> pd.DataFrame:
    """Statements reused word for word (after :func:`normalise_statement`) in several reports.

    One row per reused text: ``scope`` is ``same_agency`` (all in one agency's reports, e.g.
    across years) or ``across_agencies``; ``n_reports``, ``agencies``, ``years``,
    ``statement_ids`` (``;``-joined). Texts shorter than ``min_chars`` (无, 暂无) are ignored.
    """
    frame = _with_norm(statements)
    frame = frame[frame["norm"].map(len) >= min_chars]
    frame = frame[frame["norm"].duplicated(keep=False)]  # a text in one statement is no reuse
    frame = frame.assign(identity=_identities(frame))
    rows = []
    for norm, group in frame.groupby("norm", sort=True):
        docs = sorted(set(group["doc_id"]))
        if len(docs) < 2:
            continue
        agencies = sorted({str(a) for a in group["agency"] if pd.notna(a)})
        identities = set(group["identity"])
        years = sorted({int(y) for y in group["year"] if pd.notna(y)})
        rows.append({"normalised_text": norm, "kind": group["kind"].mode().iloc[0],
                     "scope": _scope(identities),
                     "n_reports": len(docs), "agencies": ";".join(agencies),
                     "years": ";".join(map(str, years)),
                     "statement_ids": ";".join(sorted(group["statement_id"]))})
    out = pd.DataFrame(rows, columns=list(EXACT_COLUMNS))
    return out.sort_values(["n_reports", "normalised_text"], ascending=[False, True],
                           kind="stable").reset_index(drop=True)


def _scope(identities: set) -> str:
    """``same_agency`` when every report is of one known agency."""
    return ("same_agency" if len(identities) == 1 and None not in identities
            else "across_agencies")


def near_duplicates(statements: pd.DataFrame, *, threshold: float = 0.8, num_perm: int = 128,
                    shingle: int = 3, seed: int = 1, min_chars: int = 10) -> pd.DataFrame:
    """Statements from different reports whose texts nearly coincide, by groups.

    MinHash LSH of the normalised texts' character ``shingle``-grams (the corpus's reuse
    mechanism, :func:`gkmine.rhetoric.minhash.group_signatures`, fixed ``seed``): each
    group of near-duplicates is verified against its first statement, its leader, and every
    other member of another report comes out paired with the leader (``group_id`` says which
    group), so a statement repeated in a thousand reports gives a thousand rows, not half a
    million pairs. Each row keeps the estimated and the exact Jaccard similarity to the leader
    (at least ``threshold``); exact duplicates have 1.0.
    """
    from gkmine.rhetoric.minhash import ReuseOptions, group_signatures, shingles, signatures

    cols = list(NEAR_COLUMNS)
    frame = _with_norm(statements)
    frame = frame[frame["norm"].map(len) >= min_chars].reset_index(drop=True)
    options = ReuseOptions(num_perm=num_perm, shingle=shingle, seed=seed)
    norms = frame["norm"].tolist()
    # signatures a chunk at a time: a chunk's MinHash digests are Python lists of ints (KBs
    # per statement); the signature matrix itself is 2 bytes per permutation
    chunks = [signatures(norms[i:i + _SIGNATURE_CHUNK], options=options)
              for i in range(0, len(norms), _SIGNATURE_CHUNK)]
    groups = group_signatures(np.concatenate(chunks) if chunks else
                              signatures([], options=options), threshold=threshold)
    # only statements in a group are read again (identities, shingles): a few of a corpus
    grouped = np.flatnonzero(groups.label >= 0)
    sub = frame.iloc[grouped]
    at = {int(i): k for k, i in enumerate(grouped.tolist())}
    identity = _identities(sub).tolist()
    norm, doc_id = sub["norm"].tolist(), sub["doc_id"].tolist()
    statement_id = sub["statement_id"].tolist()
    out: dict[str, list] = {c: [] for c in cols}  # columns, not a dict per row
    for label, members in sorted(groups.members().items()):
        lead = at[members[0]]
        lead_set = set(shingles(norm[lead], shingle))
        for j in (at[m] for m in members[1:]):
            if doc_id[j] == doc_id[lead]:
                continue
            other = set(shingles(norm[j], shingle))
            jaccard = len(lead_set & other) / len(lead_set | other)
            if jaccard < threshold:
                continue
            for column, value in (
                    ("statement_id", statement_id[lead]),
                    ("other_statement_id", statement_id[j]), ("doc_id", doc_id[lead]),
                    ("other_doc_id", doc_id[j]), ("scope", _scope({identity[lead], identity[j]})),
                    ("estimated_jaccard", round(float(groups.similarity[grouped[j]]), 4)),
                    ("jaccard", round(jaccard, 4)), ("group_id", label)):
                out[column].append(value)
    return pd.DataFrame(out, columns=cols)


def problem_answered(statements: pd.DataFrame) -> pd.DataFrame:
    """For each problem statement and each of its topics: is there a measure of the same
    topic in the same report?

    One row per problem × topic (problems without topics get one row with ``topic`` None and
    ``answered`` False): ``answered`` and ``measure_ids`` (``;``-joined). Reports in
    ``doc_id`` order, statements in frame order.
    """
    # one pass over plain columns: a pandas group per report costs more than its rows
    by_doc: dict[str, list[tuple[str, str, list[str]]]] = {}
    for doc_id, statement_id, kind, topics in zip(
            statements["doc_id"].tolist(), statements["statement_id"].tolist(),
            statements["kind"].tolist(), topic_lists(statements), strict=True):
        by_doc.setdefault(doc_id, []).append((statement_id, kind, topics))
    columns = ANSWERED_COLUMNS
    out: dict[str, list] = {c: [] for c in columns}  # columns, not a dict per row
    for doc_id in sorted(by_doc):
        measures: dict[str, list[str]] = {}
        for statement_id, kind, topics in by_doc[doc_id]:
            if kind == "measure":
                for t in topics:
                    measures.setdefault(t, []).append(statement_id)
        for statement_id, kind, topics in by_doc[doc_id]:
            if kind != "problem":
                continue
            for t in topics or [None]:
                found = measures.get(t, []) if t else []
                for column, value in zip(columns, (doc_id, statement_id, t, bool(found),
                                                   ";".join(found)), strict=True):
                    out[column].append(value)
    return pd.DataFrame(out, columns=list(columns))


def recurrence_tables(statements: pd.DataFrame, *,
                      by: Sequence[str] = ("agency_type", "level", "province", "year")
                      ) -> dict[str, pd.DataFrame]:
    """Every recurrence analysis of a statements frame, by table name (for DuckDB/Parquet).

    ``topic_recurrence_<column>`` for each column of ``by`` (problems), and
    ``consecutive_repeats``, ``exact_duplicates``, ``near_duplicates``, ``problem_answered``.
    """
    return dict(_tables(statements, by))


def recurrence_parts(statements: pd.DataFrame, *,
                     by: Sequence[str] = ("agency_type", "level", "province", "year")
                     ) -> Iterator[dict[str, pd.DataFrame]]:
    """The tables of :func:`recurrence_tables` one at a time, each in a part that names every
    table (the others empty, which adds no row and changes no column type): a corpus step
    writes each table and lets it go before the next is made.

    >>> from gkmine.issues.corpus import STATEMENT_COLUMNS
    >>> parts = list(recurrence_parts(pd.DataFrame(columns=list(STATEMENT_COLUMNS))))
    >>> len(parts), [len(part) for part in parts][:2]
    (8, [8, 8])
    """
    empty = {f"topic_recurrence_{column}": (column, *TOPIC_RECURRENCE_COLUMNS)
             for column in by}
    empty.update(consecutive_repeats=CONSECUTIVE_COLUMNS, exact_duplicates=EXACT_COLUMNS,
                 near_duplicates=NEAR_COLUMNS, problem_answered=ANSWERED_COLUMNS)
    for name, table in _tables(statements, by):
        yield {other: table if other == name else pd.DataFrame(columns=list(columns))
               for other, columns in empty.items()}


def _tables(statements: pd.DataFrame, by: Sequence[str]) -> Iterator[tuple[str, pd.DataFrame]]:
    """(name, table) of every recurrence table, made one after the other."""
    for column in by:
        yield f"topic_recurrence_{column}", topic_recurrence(statements, by=column)
    yield "consecutive_repeats", consecutive_repeats(statements)
    with_norm = _with_norm(statements)  # normalised once for both
    yield "exact_duplicates", exact_duplicates(with_norm)
    yield "near_duplicates", near_duplicates(with_norm)
    del with_norm
    yield "problem_answered", problem_answered(statements)
