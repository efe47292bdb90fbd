"""Code the statements of section 五 over a corpus of reports, as flat DuckDB-friendly frames.

``topics`` is a list of topic keys in codebook order (empty for none), as in every gkmine
output: a list column in pandas, a ``VARCHAR[]`` in DuckDB, a list in Parquet and JSON.
Scores are flat float columns: ``kind_score`` (probability of the predicted kind) and
``score_<topic>`` for each topic.

>>> from gkmine.record import Report, Section
>>> body = "存在问题：一是意识不强。"
>>> rep = Report(source="x.txt", doc_id="x", text="五、" + body,
...              sections=[Section("problems", "五、", 0, 14, body, body_start=2)])
>>> frame = statements_frame([rep], model=_KeywordModel())
>>> frame[["statement_id", "kind", "topics", "start", "end"]].values.tolist()
[['x#001', 'problem', ['awareness'], 7, 14]]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from gkmine.issues.codebook import KINDS, TOPICS
from gkmine.issues.statements import report_statements

__all__ = ["statements_frame", "topic_profile", "STATEMENT_COLUMNS", "META_COLUMNS"]

META_COLUMNS = ("agency", "year", "level", "province", "agency_type")
STATEMENT_COLUMNS = (("doc_id", "source", "statement_id", "seq", "kind", "topics", "kind_score")
                     + tuple(f"score_{t}" for t in TOPICS)
                     + ("context", "marker", "start", "end", "text") + META_COLUMNS)


class _KeywordModel:
    """A stand-in model for examples: problem unless 加强, topic awareness if 意识."""

    def predict_scored(self, texts, *, contexts=None):
        out = []
        for text in texts:
            kind = "measure" if "加强" in text else "problem"
            topics = ["awareness"] if "意识" in text else []
            scores = {f"kind:{kind}": 1.0}
            scores.update({f"topic:{t}": float(t in topics) for t in TOPICS})
            out.append((kind, topics, scores))
        return out


def _meta(report) -> dict[str, Any]:
    meta = report.meta
    return {"agency": meta.agency, "year": meta.year, "level": meta.level,
            "province": meta.province, "agency_type": meta.agency_type}


def statements_frame(reports: Iterable[Any], *, model=None) -> pd.DataFrame:
    """One row per statement of section 五 of each report, coded by ``model``.

    ``model`` is anything with ``predict_scored(texts, contexts=…)`` (an
    :class:`~gkmine.issues.model.IssueClassifier`); by default the shipped model.
    Reports without a section 五 (or that failed to parse) contribute no rows.
    """
    if model is None:
        from gkmine.issues.model import default_model

        model = default_model()
    rows: list[dict[str, Any]] = []
    for report in reports:
        statements = report_statements(report)
        if not statements:
            continue
        scored = model.predict_scored([s.text for s in statements],
                                      contexts=[s.context for s in statements])
        meta = _meta(report)
        for seq, (st, (kind, topics, scores)) in enumerate(zip(statements, scored,
                                                               strict=True), start=1):
            row = {"doc_id": st.doc_id, "source": report.source, "statement_id": st.id,
                   "seq": seq, "kind": kind, "topics": list(topics),
                   "kind_score": float(scores.get(f"kind:{kind}", 1.0))}
            row.update({f"score_{t}": float(scores.get(f"topic:{t}", 0.0)) for t in TOPICS})
            row.update({"context": st.context, "marker": st.marker, "start": st.start,
                        "end": st.end, "text": st.text})
            row.update(meta)
            rows.append(row)
    frame = pd.DataFrame(rows, columns=list(STATEMENT_COLUMNS))
    return frame.astype({"seq": "int64", "start": "int64", "end": "int64"})


def topic_lists(frame: pd.DataFrame) -> list[list[str]]:
    """The ``topics`` column as Python lists: DuckDB and Parquet give arrays, a missing value
    is ``[]``, and a ``;``-joined string (tables written by older versions) is split."""
    return [[t for t in v.split(";") if t] if isinstance(v, str)
            else [] if v is None or (isinstance(v, float) and v != v) else [str(t) for t in v]
            for v in frame["topics"]]


def topic_profile(statements: pd.DataFrame, *,
                  reports: Sequence[dict[str, Any]] | None = None) -> pd.DataFrame:
    """One row per report: statements per kind, and per kind × topic a count and a share.

    ``<kind>_<topic>_count`` counts the report's statements of that kind coded with the topic;
    ``<kind>_<topic>_share`` divides it by the report's statements of that kind (0 when
    there are none). ``reports`` (dicts with ``doc_id`` and metadata) adds rows for reports
    without statements, so that no report disappears from the profile.
    """
    kinds = ("problem", "measure")
    counts: dict[str, dict[str, Any]] = {}
    order: list[str] = []

    def blank(doc_id: str, meta: dict[str, Any]) -> dict[str, Any]:
        row = {"doc_id": doc_id, **{k: meta.get(k) for k in META_COLUMNS},
               "n_statements": 0, **{f"n_{k}": 0 for k in KINDS}}
        row.update({f"{k}_{t}_count": 0 for k in kinds for t in TOPICS})
        return row

    for report in reports or ():
        if report["doc_id"] not in counts:
            counts[report["doc_id"]] = blank(report["doc_id"], report)
            order.append(report["doc_id"])
    if len(statements):
        # The metadata of a report's first statement is read as ``iterrows`` would give it
        # (missing values included), but a row Series is built only for a new report.
        values = statements.to_numpy()
        for i, (doc, kind, topics) in enumerate(zip(statements["doc_id"], statements["kind"],
                                                    topic_lists(statements), strict=True)):
            if doc not in counts:
                counts[doc] = blank(doc, pd.Series(values[i], index=statements.columns).to_dict())
                order.append(doc)
            row = counts[doc]
            row["n_statements"] += 1
            row[f"n_{kind}"] += 1
            if kind in kinds:
                for t in topics:
                    row[f"{kind}_{t}_count"] += 1
    out = []
    for doc in order:
        row = counts[doc]
        for k in kinds:
            for t in TOPICS:
                n = row[f"n_{k}"]
                row[f"{k}_{t}_share"] = round(row[f"{k}_{t}_count"] / n, 4) if n else 0.0
        out.append(row)
    columns = (["doc_id", *META_COLUMNS, "n_statements"] + [f"n_{k}" for k in KINDS]
               + [f"{k}_{t}_{m}" for k in kinds for t in TOPICS for m in ("count", "share")])
    return pd.DataFrame(out, columns=columns)
