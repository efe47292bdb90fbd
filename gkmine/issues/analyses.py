"""Section 五 registrations: coded statements per document; profiles and recurrence per corpus.

Heavy imports happen inside the functions: workers import this module to find the features.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache

from gkmine.registry import analysis, document_feature


def _statement_columns() -> dict[str, str]:
    from gkmine.issues.codebook import TOPICS

    return {"doc_id": "VARCHAR", "statement_id": "VARCHAR", "seq": "INTEGER",
            "kind": "VARCHAR", "topics": "VARCHAR[]", "kind_score": "DOUBLE",
            **{f"score_{t}": "DOUBLE" for t in TOPICS},
            "context": "VARCHAR", "marker": "VARCHAR", "start": "INTEGER", "end": "INTEGER",
            "text": "VARCHAR"}


#: codings kept per process, keyed by a statement's text and context. Agencies copy their
#: wording from year to year and from each other: of the statements of 58 real reports 11 %
#: had come before in the same run (of generated reports, made from five seeds, 98 %).
CODING_MEMO_SIZE = 4096


@lru_cache(maxsize=1)
def _coding_memo() -> OrderedDict:
    """``(text, context) -> (kind, topics, kind_score, topic scores)``, oldest first."""
    return OrderedDict()


def _codings(statements) -> list[tuple]:
    """Each statement's coding by the shipped model: a coding depends on the statement's text
    and context only (see ``gkmine.issues.model._products``), so one made for an earlier
    report is the same bits, whatever the order of the reports."""
    from sklearn import config_context

    from gkmine.issues.codebook import TOPICS
    from gkmine.issues.model import default_model

    memo = _coding_memo()
    keys = [(s.text, s.context) for s in statements]
    found = {}
    for key in keys:
        coding = memo.get(key)  # (one lookup: another thread may drop the key meanwhile)
        if coding is not None:
            found[key] = coding
    missing = [key for key in dict.fromkeys(keys) if key not in found]
    if missing:
        # the model's features are finite counts and its parameters were validated at fit:
        # sklearn's per-call validation is a fixed cost paid for each of a document's texts
        with config_context(assume_finite=True, skip_parameter_validation=True):
            scored = default_model().predict_scored([t for t, _ in missing],
                                                    contexts=[c for _, c in missing])
        for key, (kind, topics, scores) in zip(missing, scored, strict=True):
            found[key] = (kind, tuple(topics), float(scores.get(f"kind:{kind}", 1.0)),
                          tuple(float(scores.get(f"topic:{t}", 0.0)) for t in TOPICS))
            memo[key] = found[key]
            if len(memo) > CODING_MEMO_SIZE:
                memo.popitem(last=False)  # atomic: Dask runs tasks in threads
    return [found[key] for key in keys]


@document_feature("statements", columns=_statement_columns())
def statement_rows(report, config) -> list[dict]:
    """The statements of section 五, split and coded by the shipped model."""
    from gkmine.issues.codebook import TOPICS
    from gkmine.issues.statements import report_statements

    statements = report_statements(report)
    if not statements:
        return []
    rows = []
    for seq, (st, (kind, topics, kind_score, scores)) in enumerate(
            zip(statements, _codings(statements), strict=True), start=1):
        row = {"doc_id": report.doc_id, "statement_id": st.id, "seq": seq, "kind": kind,
               "topics": list(topics), "kind_score": kind_score}
        row.update(zip([f"score_{t}" for t in TOPICS], scores, strict=True))
        row.update({"context": st.context, "marker": st.marker, "start": st.start,
                    "end": st.end, "text": st.text})
        rows.append(row)
    return rows


META = ("agency", "year", "level", "province", "agency_type")
#: the statement columns the recurrence tables read
RECURRENCE_COLUMNS = ("statement_id", "kind", "topics", "text")


def statements_with_meta(store, columns: tuple[str, ...] | None = None,
                         doc_ids: list[str] | None = None):
    """Coded statements with their report's metadata: every column and the report's
    ``source``, or only ``columns``; of every report, or of ``doc_ids``."""
    picked = "d.source, s.* exclude (doc_id)" if columns is None else ", ".join(
        f's."{c}"' for c in columns)
    where = "" if doc_ids is None else " where s.doc_id in (select unnest(?))"
    return store.query(
        f"select s.doc_id, {picked}, " + ", ".join(f"d.{m}" for m in META) +
        f" from statements s join documents d using (doc_id){where} order by s.doc_id, s.seq",
        None if doc_ids is None else [doc_ids])


#: reports profiled at once (a profile row is about sixty values)
PROFILE_BATCH = 5000


@analysis("topic_profiles", inputs=("statements", "docs"))
def build_topic_profiles(store, config):
    """One row per report, written a batch of reports at a time (the profile of a report
    depends on its own statements only)."""
    from gkmine.issues import topic_profile

    docs = store.query("select doc_id, " + ", ".join(META) +
                       " from documents where status <> 'error' order by doc_id")
    for start in range(0, max(len(docs), 1), PROFILE_BATCH):
        batch = docs.iloc[start:start + PROFILE_BATCH]
        # the profile counts kinds and topics: the statements' texts are not read
        statements = statements_with_meta(store, ("kind", "topics"),
                                          doc_ids=batch["doc_id"].tolist())
        yield topic_profile(statements, reports=batch.to_dict("records"))


RECURRENCE_TABLES = ("topic_recurrence_agency_type", "topic_recurrence_level",
                     "topic_recurrence_province", "topic_recurrence_year",
                     "consecutive_repeats", "exact_duplicates", "near_duplicates",
                     "problem_answered")


#: reports whose statements the recurrence tables read at once
RECURRENCE_PART_DOCS = 5000


@analysis("statements_recurrence", inputs=("statements", "docs"), outputs=RECURRENCE_TABLES)
def build_recurrence(store, config):
    return recurrence_parts_of_store(store)


def recurrence_parts_of_store(store, *, part_docs: int = RECURRENCE_PART_DOCS):
    """The parts of :func:`gkmine.issues.recurrence.stream_recurrence` over a store's
    statements, read ``part_docs`` reports at a time from one pass over the table
    (:class:`~gkmine.store.parts.DocumentParts`), each part with its reports' metadata."""
    from gkmine.issues.recurrence import stream_recurrence
    from gkmine.store import nulls_as_none
    from gkmine.store.parts import DocumentParts

    # the statements' reports (their metadata's types as one query over all of them gives)
    meta = store.query("select doc_id, " + ", ".join(META) + " from documents where doc_id in "
                       "(select doc_id from statements) order by doc_id").set_index("doc_id")
    n_parts = -(-len(meta) // part_docs)
    columns = ("doc_id", *RECURRENCE_COLUMNS)

    def read():
        for part in range(n_parts):
            table = parts.arrow("statements", part, order_by="doc_id, seq",
                                columns=", ".join(f'"{c}"' for c in columns))
            if table is not None:
                yield nulls_as_none(table.to_pandas()).join(meta, on="doc_id")

    with DocumentParts(store, {doc_id: i // part_docs
                               for i, doc_id in enumerate(meta.index.tolist())}) as parts:
        parts.split("statements", "select doc_id, seq, " + ", ".join(
            f'"{c}"' for c in RECURRENCE_COLUMNS) + " from statements")
        yield from stream_recurrence(read, n_statements=store.count("statements"))


@analysis("classifier_evaluation", inputs=())
def build_classifier_evaluation(store, config):
    """The shipped model's cross-validation, as recorded in the model file when it was
    trained: reproducing a corpus never re-trains anything."""
    import pandas as pd

    from gkmine.issues.model import default_model

    evaluation = getattr(default_model(), "evaluation_", None)
    return evaluation if evaluation is not None else pd.DataFrame()
