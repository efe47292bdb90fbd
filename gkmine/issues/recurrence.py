"""Recurrence of problems across agencies and years, as DataFrames.

All functions take a statements frame as made by :func:`gkmine.issues.statements_frame`
(columns ``doc_id``, ``statement_id``, ``kind``, ``topics`` (a list), ``text``, ``agency``,
``year``, ``level``, ``province``, ``agency_type``) and are pure and deterministic. "The same
agency" is the one identity of :func:`gkmine.structure.identity.agency_identity` (from
``agency`` and whichever of ``province``, ``city``, ``county`` the frame has), and near
duplicates use the corpus's one reuse mechanism (:mod:`gkmine.rhetoric.minhash`).
:func:`stream_recurrence` makes every table from statements read a batch of reports at a
time (a national corpus's statements never in one frame).

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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gkmine.issues.codebook import TOPICS
from gkmine.issues.corpus import topic_lists
from gkmine.issues.text import prepare_text
from gkmine.rhetoric.minhash import ReuseOptions, group_signatures, shingles, signatures

__all__ = ["topic_recurrence", "consecutive_repeats", "exact_duplicates", "near_duplicates",
           "problem_answered", "normalise_statement", "recurrence_tables", "recurrence_parts",
           "stream_recurrence", "NearOptions"]

#: Enumeration markers and punctuation do not make a statement different.
_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|"
                     r"第[一二三四五六七八九十]+[，,、]?|\d{1,2}[.．、]|[①-⑩])")
_PUNCT = re.compile(r"[\s，,。；;：:、！？!?“”\"'‘’（）()《》【】\-—…·]")
#: statements whose MinHash signatures are computed together (bounds their memory)
_SIGNATURE_CHUNK = 1024
#: rows of near duplicates held before they are written (a part of the table)
_NEAR_ROWS_AT_ONCE = 50_000
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
    counts = _TopicCounts([by] if isinstance(by, str) else list(by), kind)
    counts.add(statements)
    return counts.table()


class _TopicCounts:
    """The counts of :func:`topic_recurrence`, added up over batches of whole reports (a
    report's statements all in one batch, so counts of distinct reports add up)."""

    def __init__(self, keys: list[str], kind: str | None) -> None:
        self.keys, self.kind = keys, kind
        self.reports: list[pd.Series] = []
        self.topics: list[pd.DataFrame] = []

    def add(self, statements: pd.DataFrame) -> None:
        keys = self.keys
        base = statements[[*keys, "doc_id", "kind", "topics"]].copy()
        for key in keys:
            base[key] = base[key].astype(object).where(base[key].notna(), "(unknown)")
        self.reports.append(base.groupby(keys, sort=True)["doc_id"].nunique())
        grouped = _exploded(base, self.kind).groupby([*keys, "topic"], sort=True)
        self.topics.append(pd.DataFrame({"reports_with_topic": grouped["doc_id"].nunique(),
                                         "statements": grouped.size()}))

    def table(self) -> pd.DataFrame:
        keys = self.keys
        n_reports = _summed(self.reports, keys).rename("n_reports")
        result = _summed(self.topics, [*keys, "topic"]).reset_index()
        result = result.merge(n_reports.reset_index(), on=keys, how="left")
        result["share"] = (result["reports_with_topic"] / result["n_reports"]).round(4)
        result["topic"] = pd.Categorical(result["topic"], categories=TOPICS, ordered=True)
        result = result.sort_values(keys + ["topic"], kind="stable").reset_index(drop=True)
        result["topic"] = result["topic"].astype(str)
        return result[keys + list(TOPIC_RECURRENCE_COLUMNS)]


def _summed(parts: list, levels: list[str]):
    """Counts of several batches added up by their index (one batch: as it is)."""
    if len(parts) == 1:
        return parts[0]
    return pd.concat(parts).groupby(level=levels, sort=True).sum()


def consecutive_repeats(statements: pd.DataFrame, *, kind: str = "problem") -> pd.DataFrame:
    """Agencies that state the same topic (as ``kind``) in two consecutive report years.

    One row per agency × topic × year where the topic also appears in ``year - 1``, with the
    documents of both years.
    """
    topics = _AgencyTopics(kind)
    topics.add(statements)
    return topics.table()


class _AgencyTopics:
    """The (agency identity, topic, year, document) rows of :func:`consecutive_repeats`,
    gathered over batches as integer codes (a few bytes a row, not a frame of texts)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.values: dict[str, dict] = {c: {} for c in ("identity", "topic", "doc_id", "agency")}
        self.codes: dict[str, list[np.ndarray]] = {c: [] for c in (*self.values, "year")}

    def add(self, statements: pd.DataFrame) -> None:
        topics = _exploded(statements, self.kind).dropna(subset=["agency", "year"])
        if topics.empty:
            return
        topics = topics.assign(identity=_identities(topics), year=topics["year"].astype(int))
        topics = topics[["identity", "topic", "year", "doc_id", "agency"]]
        for column, seen in self.values.items():
            # setdefault numbers each new value; the value itself is kept once
            self.codes[column].append(np.fromiter(
                (seen.setdefault(v, len(seen)) for v in topics[column].tolist()),
                dtype=np.int32, count=len(topics)))
        self.codes["year"].append(topics["year"].to_numpy(dtype=np.int64))

    def table(self) -> pd.DataFrame:
        cols = list(CONSECUTIVE_COLUMNS)
        if not self.codes["year"]:
            return pd.DataFrame(columns=cols)
        code = {c: np.concatenate(v) for c, v in self.codes.items()}
        names = {c: np.array([*seen, None], dtype=object)[:-1]
                 for c, seen in self.values.items()}
        # rows sorted by identity, topic, year: a run of equal keys is one agency-topic-year
        # (rows of no known agency are in none, as a group key missing in pandas)
        known = np.flatnonzero(pd.notna(names["identity"])[code["identity"]])
        order = known[np.lexsort((code["year"][known], code["topic"][known],
                                  code["identity"][known]))]
        if not len(order):
            return pd.DataFrame(columns=cols)
        key = np.stack([code[c][order] for c in ("identity", "topic", "year")])
        starts = np.flatnonzero(np.any(np.diff(key, axis=1, prepend=-1), axis=0))
        groups = key[:, starts]
        # the agency named: the first in order of the names the group's rows give
        rank = np.empty(len(names["agency"]), dtype=np.int64)
        rank[sorted(range(len(rank)), key=lambda a: str(names["agency"][a]))] = np.arange(
            len(rank))
        first_agency = np.minimum.reduceat(rank[code["agency"][order]], starts)
        by_rank = np.argsort(rank)
        # the same agency and topic the year before: one integer key a group, in order
        year = groups[2] - groups[2].min(initial=0) + 1
        combined = ((groups[0] * len(names["topic"]) + groups[1]) * (year.max(initial=0) + 1)
                    + year)
        before = np.minimum(np.searchsorted(combined, combined - 1), len(combined) - 1)
        rows = []
        ends = [*starts[1:].tolist(), len(order)]
        for i in np.flatnonzero(combined[before] == combined - 1).tolist():
            identity, topic, year = groups[:, i].tolist()
            j = int(before[i])
            docs = [";".join(sorted({names["doc_id"][d] for d in
                                     code["doc_id"][order[starts[g]:ends[g]]].tolist()}))
                    for g in (i, j)]
            rows.append((names["agency"][by_rank[first_agency[i]]], names["topic"][topic],
                         year, year - 1, *docs, names["identity"][identity]))
        out = pd.DataFrame(rows, columns=[*cols, "identity"])
        out = out.astype({"year": np.int64, "previous_year": np.int64})
        # ties (one name, two agencies) in the order of the identities
        return (out.sort_values(["agency", "year", "topic", "identity"], kind="stable")
                [cols].reset_index(drop=True))


def exact_duplicates(statements: pd.DataFrame, *, min_chars: int = 6) -> pd.DataFrame:
    """Statements reused word for word (after :func:`normalise_statement`) in several reports.

    One row per reused text: ``scope`` is ``same_agency`` (all in one agency's reports, e.g.
    across years) or ``across_agencies``; ``n_reports``, ``agencies``, ``years``,
    ``statement_ids`` (``;``-joined). Texts shorter than ``min_chars`` (无, 暂无) are ignored.
    """
    frame = _with_norm(statements)
    frame = frame[frame["norm"].map(len) >= min_chars]
    frame = frame[frame["norm"].duplicated(keep=False)]  # a text in one statement is no reuse
    texts = _SameTexts()
    texts.add(frame)
    return texts.table()


class _SameTexts:
    """Statements gathered by their normalised text, for :func:`exact_duplicates`: integer
    codes a statement (its text, report, kind) and its id in an Arrow array, the texts and
    reports' metadata once each."""

    def __init__(self) -> None:
        self.codes: dict[str, dict] = {"norm": {}, "doc": {}, "kind": {}}
        self.reports: list[tuple] = []  # by report code: agency, identity, year
        self.rows: dict[str, list[np.ndarray]] = {c: [] for c in self.codes}
        self.ids: list = []  # Arrow arrays of statement ids

    def add(self, frame: pd.DataFrame) -> None:
        """Add the rows of ``frame`` (with its ``norm`` column)."""
        import pyarrow as pa

        docs = self.codes["doc"]
        for doc_id, agency, identity, year in zip(
                frame["doc_id"].tolist(), frame["agency"].tolist(), _identities(frame).tolist(),
                frame["year"].tolist(), strict=True):
            if doc_id not in docs:
                docs[doc_id] = len(docs)
                self.reports.append((str(agency) if pd.notna(agency) else None, identity,
                                     int(year) if pd.notna(year) else None))
        for column, seen in self.codes.items():
            values = frame["doc_id" if column == "doc" else column].tolist()
            self.rows[column].append(np.fromiter(
                (seen.setdefault(v, len(seen)) for v in values), dtype=np.int32,
                count=len(values)))
        self.ids.append(pa.array(frame["statement_id"].tolist(), pa.string()))

    def table(self) -> pd.DataFrame:
        import pyarrow as pa

        rows, by_norm = [], {c: np.concatenate(v) if v else np.zeros(0, dtype=np.int32)
                             for c, v in self.rows.items()}
        ids = pa.chunked_array(self.ids, pa.string())
        names = {c: np.array([*seen, None], dtype=object)[:-1]
                 for c, seen in self.codes.items()}
        order = np.argsort(by_norm["norm"], kind="stable")
        starts = np.flatnonzero(np.diff(by_norm["norm"][order], prepend=-1))
        for members in sorted(np.split(order, starts[1:]) if len(order) else [],
                              key=lambda m: names["norm"][by_norm["norm"][m[0]]]):
            docs = np.unique(by_norm["doc"][members])
            if len(docs) < 2:
                continue
            reports = [self.reports[d] for d in docs.tolist()]
            kinds, counts = np.unique(by_norm["kind"][members], return_counts=True)
            kinds = [(-n, names["kind"][k]) for k, n in zip(kinds, counts, strict=True)
                     if pd.notna(names["kind"][k])]
            rows.append({"normalised_text": names["norm"][by_norm["norm"][members[0]]],
                         # the mode; the first in order at a tie
                         "kind": min(kinds)[1] if kinds else None,
                         "scope": _scope({r[1] for r in reports}), "n_reports": len(docs),
                         "agencies": ";".join(sorted({r[0] for r in reports} - {None})),
                         "years": ";".join(map(str, sorted({r[2] for r in reports} - {None}))),
                         "statement_ids": ";".join(sorted(ids.take(members).to_pylist()))})
        out = pd.DataFrame(rows, columns=list(EXACT_COLUMNS))
        return out.sort_values(["n_reports", "normalised_text"], ascending=[False, True],
                               kind="stable").reset_index(drop=True)


def _scope(identities: set) -> str:
    """``same_agency`` when every report is of one known agency."""
    return ("same_agency" if len(identities) == 1 and None not in identities
            else "across_agencies")


@dataclass(frozen=True)
class NearOptions:
    """Options of :func:`near_duplicates` (the statements' own, stricter than sentences')."""

    threshold: float = 0.8
    num_perm: int = 128
    shingle: int = 3
    seed: int = 1
    min_chars: int = 10

    def reuse(self) -> ReuseOptions:
        return ReuseOptions(num_perm=self.num_perm, shingle=self.shingle, seed=self.seed)


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
    options = NearOptions(threshold=threshold, num_perm=num_perm, shingle=shingle, seed=seed,
                          min_chars=min_chars)
    frame = _with_norm(statements)
    frame = frame[frame["norm"].map(len) >= min_chars].reset_index(drop=True)
    groups = group_signatures(_norm_signatures(frame["norm"].tolist(), options),
                              threshold=threshold)
    pairs = _NearPairs(groups, options)
    pairs.add(frame, np.arange(len(frame)))
    return pd.concat(list(pairs.tables()), ignore_index=True)


def _at_least_one(frames: Iterable[pd.DataFrame], by: Sequence[str]) -> Iterator[pd.DataFrame]:
    """``frames``, or one empty frame when there are none (the tables then have columns)."""
    empty = True
    for frame in frames:
        empty = False
        yield frame
    if empty:
        yield pd.DataFrame(columns=list(dict.fromkeys(
            ("doc_id", "statement_id", "kind", "topics", "text", "agency", "province", *by))))


def _placed(sig: np.ndarray, at: int, rows: np.ndarray) -> np.ndarray:
    """``sig`` with ``rows`` written from row ``at``, grown (doubled) when it is too short."""
    if at + len(rows) > len(sig):
        grown = np.empty((max(2 * len(sig), at + len(rows)), sig.shape[1]), dtype=sig.dtype)
        grown[:at] = sig[:at]
        sig = grown
    sig[at:at + len(rows)] = rows
    return sig


def _norm_signatures(norms: list[str], options: NearOptions) -> np.ndarray:
    """MinHash signatures of normalised texts, each distinct text once (a statement repeated
    across a corpus is signed once)."""
    at: dict[str, int] = {}
    rows = np.fromiter((at.setdefault(n, len(at)) for n in norms), dtype=np.int64,
                       count=len(norms))
    unique = list(at)
    # a chunk at a time: a chunk's digests are Python lists of ints (KBs per statement)
    chunks = [signatures(unique[i:i + _SIGNATURE_CHUNK], options=options.reuse())
              for i in range(0, len(unique), _SIGNATURE_CHUNK)]
    if not chunks:
        return signatures([], options=options.reuse())
    return np.concatenate(chunks)[rows]


class _NearPairs:
    """The rows of :func:`near_duplicates` from its groups, the grouped statements given in
    order (a batch at a time): a group's leader is its first member, so it comes before the
    others, and it is let go after its last."""

    def __init__(self, groups, options: NearOptions) -> None:
        self.groups, self.options = groups, options
        grouped = np.flatnonzero(groups.label >= 0)
        self.last = np.full(int(groups.label.max(initial=-1)) + 1, -1, dtype=np.int64)
        np.maximum.at(self.last, groups.label[grouped], grouped)
        self.leaders: dict[int, tuple[set, str, str, object]] = {}
        self.rows: list[tuple] = []
        self.given = False  # a frame was given

    def add(self, frame: pd.DataFrame, items: np.ndarray) -> None:
        """Add the statements of ``frame`` (with ``norm``) that are items ``items`` of the
        groups (ascending; statements in no group are skipped)."""
        label = self.groups.label[items]
        frame, items, label = frame[label >= 0], items[label >= 0], label[label >= 0]
        k = self.options.shingle
        for item, group, norm, doc_id, statement_id, identity in zip(
                items.tolist(), label.tolist(), frame["norm"].tolist(),
                frame["doc_id"].tolist(), frame["statement_id"].tolist(),
                _identities(frame).tolist(), strict=True):
            lead = int(self.groups.leader[item])
            if lead == item:
                self.leaders[lead] = (set(shingles(norm, k)), doc_id, statement_id, identity)
            else:
                self._pair(item, group, self.leaders[lead], norm, doc_id, statement_id,
                           identity)
            if self.last[group] == item:
                del self.leaders[lead]

    def _pair(self, item, group, leader, norm, doc_id, statement_id, identity) -> None:
        lead_set, lead_doc, lead_id, lead_identity = leader
        if doc_id == lead_doc:
            return
        other = set(shingles(norm, self.options.shingle))
        jaccard = len(lead_set & other) / len(lead_set | other)
        if jaccard < self.options.threshold:
            return
        self.rows.append((group, item, lead_id, statement_id, lead_doc, doc_id,
                          _scope({lead_identity, identity}),
                          round(float(self.groups.similarity[item]), 4), round(jaccard, 4)))

    def tables(self, *, rows_at_once: int | None = None,
               last: bool = True) -> Iterator[pd.DataFrame]:
        """The rows found so far, by group, then member, in frames of ``rows_at_once`` rows
        (all in one by default); unless ``last``, only when there are that many (rows found
        later may then belong before them: the order is fixed, not by group). The last call
        gives one frame at least, maybe empty."""
        size = rows_at_once or max(len(self.rows), 1)
        if not last and len(self.rows) < size:
            return
        self.rows.sort(key=lambda row: row[:2])
        cols = list(NEAR_COLUMNS)
        for start in range(0, max(len(self.rows), 1 if last and not self.given else 0), size):
            chunk = self.rows[start:start + size]
            columns = [list(c) for c in zip(*chunk, strict=True)] or [[] for _ in range(9)]
            group, _, *fields = columns
            out = dict(zip(cols, [*fields, group], strict=True))  # columns, not a dict per row
            self.given = True
            yield pd.DataFrame(out, columns=cols)
        self.rows = []


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
    tables: dict[str, list[pd.DataFrame]] = {}
    for part in recurrence_parts(statements, by=by):
        for name, table in part.items():
            if len(table) or name not in tables:  # the empty fillers of other tables' parts
                tables[name] = [t for t in tables.get(name, []) if len(t)] + [table]
    return {name: frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
            for name, frames in tables.items()}


def recurrence_parts(statements: pd.DataFrame, *,
                     by: Sequence[str] = ("agency_type", "level", "province", "year")
                     ) -> Iterator[dict[str, pd.DataFrame]]:
    """The tables of :func:`recurrence_tables` as the parts of :func:`stream_recurrence`,
    the frame read as one batch.

    >>> from gkmine.issues.corpus import STATEMENT_COLUMNS
    >>> parts = list(recurrence_parts(pd.DataFrame(columns=list(STATEMENT_COLUMNS))))
    >>> len(parts), [len(part) for part in parts][:2]
    (8, [8, 8])
    """
    return stream_recurrence(lambda: iter([statements]), by=by)


def stream_recurrence(read: Callable[[], Iterable[pd.DataFrame]], *,
                      by: Sequence[str] = ("agency_type", "level", "province", "year"),
                      n_statements: int | None = None,
                      near: NearOptions = NearOptions(), exact_chars: int = 6
                      ) -> Iterator[dict[str, pd.DataFrame]]:
    """Every recurrence table, from statements read a batch of reports at a time.

    ``read()`` gives statements frames (the columns of :func:`statements_frame`'s recurrence
    functions; a report's statements all in one frame, the same frames each time it is
    called). It is called twice: the first pass counts topics and answered problems, hashes
    each text and signs it (``n_statements``, an upper bound of the statements, lets the
    signatures fill one array); the second reads again only the statements that a reused
    text or a group of near-duplicates needs. What is held between batches is counts and
    integer arrays, a few hundred bytes a statement, never the statements' texts. Each part
    names every table, all but one empty (which adds no row and changes no column type in
    the store), so a corpus step writes each table, or a piece of it, and lets it go; a table
    may come in several parts, to be concatenated.
    """
    for name, table in _streamed(read, by=by, n_statements=n_statements, near=near,
                                 exact_chars=exact_chars):
        yield {other: table if other == name else pd.DataFrame(columns=list(columns))
               for other, columns in _columns(by).items()}


def _columns(by: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """The columns of each recurrence table."""
    columns = {f"topic_recurrence_{column}": (column, *TOPIC_RECURRENCE_COLUMNS)
               for column in by}
    columns.update(consecutive_repeats=CONSECUTIVE_COLUMNS, exact_duplicates=EXACT_COLUMNS,
                   near_duplicates=NEAR_COLUMNS, problem_answered=ANSWERED_COLUMNS)
    return columns


def _streamed(read: Callable[[], Iterable[pd.DataFrame]], *, by: Sequence[str],
              n_statements: int | None, near: NearOptions, exact_chars: int
              ) -> Iterator[tuple[str, pd.DataFrame]]:
    """(table, frame) of :func:`stream_recurrence`."""
    counts = [_TopicCounts([column], "problem") for column in by]
    topics = _AgencyTopics("problem")
    hashes: list[np.ndarray] = []  # of the texts long enough to count as reused
    hashed: list[np.ndarray] = []  # those statements, in order
    sig = np.empty((n_statements or 0, near.num_perm), dtype=np.uint16)
    signed: list[np.ndarray] = []  # the statements signed, in order
    total, answered = 0, False
    for frame in _at_least_one(read(), by):
        frame = _with_norm(frame.reset_index(drop=True))
        for count in counts:
            count.add(frame)
        topics.add(frame)
        table = problem_answered(frame)
        if len(table):  # an empty part would fix the table's column types as text
            answered = True
            yield "problem_answered", table
        length = np.fromiter(map(len, frame["norm"]), dtype=np.int64, count=len(frame))
        long = length >= exact_chars
        # hash() is the process's own: equal texts have equal hashes; unequal texts that
        # collide are told apart in the second pass
        hashes.append(np.fromiter((hash(n) for n in frame["norm"][long]), dtype=np.int64,
                                  count=int(long.sum())))
        hashed.append(total + np.flatnonzero(long))
        rows = np.flatnonzero(length >= near.min_chars)
        part = _norm_signatures(frame["norm"].take(rows).tolist(), near)
        sig = _placed(sig, sum(map(len, signed)), part)
        signed.append(total + rows)
        total += len(frame)
    if not answered:
        yield "problem_answered", problem_answered(pd.DataFrame(
            {c: [] for c in ("doc_id", "statement_id", "kind", "topics")}))
    for column, count in zip(by, counts, strict=True):
        yield f"topic_recurrence_{column}", count.table()
    yield "consecutive_repeats", topics.table()
    del counts, topics

    reused = np.zeros(total, dtype=bool)  # statements whose text's hash is not alone
    every = np.concatenate(hashes) if hashes else np.zeros(0, dtype=np.int64)
    _, inverse, seen = np.unique(every, return_inverse=True, return_counts=True)
    reused[np.concatenate(hashed)[seen[inverse] > 1] if hashed else []] = True
    del hashes, hashed, every, inverse, seen
    signed_at = np.concatenate(signed) if signed else np.zeros(0, dtype=np.int64)
    groups = group_signatures(sig[:len(signed_at)], threshold=near.threshold)
    del sig
    item_of = np.full(total, -1, dtype=np.int64)  # statement -> its item in the groups
    item_of[signed_at] = np.arange(len(signed_at))
    item_of[signed_at[groups.label < 0]] = -1
    same, pairs = _SameTexts(), _NearPairs(groups, near)
    offset = 0
    for frame in read():
        stop = offset + len(frame)
        wanted = np.flatnonzero(reused[offset:stop] | (item_of[offset:stop] >= 0))
        if len(wanted):
            frame = _with_norm(frame.iloc[wanted].reset_index(drop=True))
            same.add(frame[reused[offset + wanted]])
            items = item_of[offset + wanted]
            pairs.add(frame[items >= 0], items[items >= 0])
            for table in pairs.tables(rows_at_once=_NEAR_ROWS_AT_ONCE, last=False):
                yield "near_duplicates", table
        offset = stop
    yield "exact_duplicates", same.table()
    for table in pairs.tables(rows_at_once=_NEAR_ROWS_AT_ONCE):
        yield "near_duplicates", table
