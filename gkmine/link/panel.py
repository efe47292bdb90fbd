"""The linked panel: one row per report with metadata, key figures, prose against tables and
text measures; and the list of contradictions between the prose and the tables.

Everything is computed per batch of documents from the same frames the store holds
(``documents``, ``cells``, ``claims``, ``statements`` and, when present, ``rhetoric_profiles``,
``boilerplate``, ``reuse_yoy``), so the panel of a database and the panel of a few files parsed
on the spot (``gkmine panel PATH...``) are one computation. Key figures read cells the way the
identity checks do (:func:`gkmine.checks._common.operand`): blank and "/" count as 0, a cell
that cannot be read makes the figure null. Claims are compared with their cells by N1
(:func:`gkmine.checks.narrative.claim_check`), so ``claims_disagree`` counts exactly the N1
failures with a tabled value.

>>> from gkmine.record import Cell, Meta, Report, Section
>>> text = "一、总体情况\\n全年共收到政府信息公开申请5件。"
>>> report = Report("a.txt", doc_id="a", text=text, meta=Meta(agency="某局", year=2023,
...                 layout="2021"), sections=[Section("overall", "一、总体情况", 0,
...                 len(text), text[7:], 7)],
...                 cells=[Cell("t3", "new", "total", 4, "4", "number")])
>>> panel, bad = panel_from_reports([report], statements=False)
>>> row = panel.iloc[0]
>>> float(row.applications_new), int(row.claims_checked), int(row.claims_disagree)
(4.0, 1, 1)
>>> first = bad.iloc[0]
>>> print(first.quantity, first.claimed, first.tabled, first.quote)
applications_new 5.0 4.0 全年共收到政府信息公开申请5件。
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict
from typing import Any

import pandas as pd

from gkmine.checks._common import operand
from gkmine.checks.narrative import NARRATIVE_SECTIONS, cells_read, compared, figures
from gkmine.issues.codebook import TOPICS
from gkmine.link.labels import PANEL_FIGURES, RATES, panel_columns
from gkmine.link.options import LinkOptions
from gkmine.link.quantities import QUANTITIES, cell_key, key_claim
from gkmine.record import Cell

META = ("source", "agency", "agency_type", "level", "province", "city", "county", "year",
        "layout")
CELL_FIELDS = ("table", "row", "col", "value", "raw", "status", "confidence", "start", "end",
               "src_start", "src_end", "page", "note")
CLAIM_FIELDS = ("value", "unit", "object", "approx", "section", "start", "end", "text",
                "quantity", "cell")
CONTRADICTION_COLUMNS = (
    "doc_id", "source", "quantity", "label_zh", "cells", "claimed", "tabled", "delta",
    "attribution", "section", "start", "end", "quote", "claim_text", "cell_start", "cell_end",
    "cell_src_start", "cell_src_end", "cell_page", "message")
#: every cell a key figure or the N1 judgement of a claim can read, in both layouts
NEEDED_CELLS: tuple[str, ...] = tuple(sorted({
    c for name in QUANTITIES for layout in ("2021", "2019") for c in cells_read(name, layout)}))
_SENTENCE_MARKS = "。！？；;!?\n"


# --- one document ----------------------------------------------------------------------------


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _clean(value):
    return None if _missing(value) else value


def _records(frame: pd.DataFrame, fields: Sequence[str]) -> list[dict]:
    """The rows of ``frame`` as dicts of the ``fields`` it has: a list per column, then one
    zip (``to_dict("records")`` boxes every value through pandas and costs far more)."""
    present = [f for f in fields if f in frame.columns]
    return [dict(zip(present, values, strict=True))
            for values in zip(*(frame[f].tolist() for f in present), strict=True)]


def cells_of(rows: pd.DataFrame | Sequence[Mapping]) -> dict[str, Cell]:
    """Cells by id from rows of the ``cells`` table, as a frame or as dicts (the first of
    duplicated ids wins)."""
    out: dict[str, Cell] = {}
    for rec in _records(rows, CELL_FIELDS) if isinstance(rows, pd.DataFrame) else rows:
        cell = _cell(rec)
        out.setdefault(cell.id, cell)
    return out


def _cell(rec: Mapping) -> Cell:
    """A :class:`Cell` from a row of the ``cells`` table (missing values as None)."""
    cell = Cell(**{f: _clean(rec.get(f)) for f in CELL_FIELDS})
    cell.confidence = 1.0 if cell.confidence is None else cell.confidence
    cell.note = cell.note or ""
    return cell


class _StoredCells(Mapping):
    """One document's cells by id, as :func:`cells_of` gives them, each made into a
    :class:`Cell` when first read: a panel row reads a few dozen of a report's ~200 stored
    cells, and making every one cost most of the panel's time."""

    def __init__(self, columns: Mapping[str, list], rows: dict[str, int]) -> None:
        self._columns, self._rows, self._made = columns, rows, {}

    def __getitem__(self, cid: str) -> Cell:
        cell = self._made.get(cid)
        if cell is None:
            at = self._rows[cid]
            cell = self._made[cid] = _cell({f: c[at] for f, c in self._columns.items()})
        return cell

    def __contains__(self, cid: object) -> bool:
        return cid in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def _cells_by_doc(frame: pd.DataFrame | None) -> dict[str, Mapping[str, Cell]]:
    """The cells of a frame of ``cells`` rows by document, then by id (the first row of a
    duplicated id wins), as :func:`cells_of` of each document's rows."""
    if frame is None or frame.empty:
        return {}
    columns = {f: frame[f].tolist() for f in CELL_FIELDS if f in frame.columns}
    rows: dict[str, dict[str, int]] = {}
    for at, (doc_id, table, row, col) in enumerate(zip(
            frame["doc_id"].tolist(), columns["table"], columns["row"], columns["col"],
            strict=True)):
        # (text columns hold None for a missing value, as Cell.id then spells it)
        rows.setdefault(doc_id, {}).setdefault(f"{table}.{row}.{col}", at)
    return {doc_id: _StoredCells(columns, ids) for doc_id, ids in rows.items()}


def quantity_value(name: str, cells: Mapping[str, Cell], layout: str | None) -> float | None:
    """A tabled quantity: the sum of its cells, null when one cannot be read or none exists.

    >>> cells = {"t4.suit_direct.total": Cell("t4", "suit_direct", "total", 2, "2", "number"),
    ...          "t4.suit_after_review.total": Cell("t4", "suit_after_review", "total", None,
    ...                                             "", "blank")}
    >>> quantity_value("suits", cells, "2021"), quantity_value("reviews", cells, "2021")
    (2.0, None)
    """
    ids = QUANTITIES[name].cells_for(layout) if layout in ("2021", "2019") else ()
    if not ids or all(cells.get(c) is None for c in ids):
        return None
    ops = [operand(c, cells.get(c)) for c in ids]
    if any(op.value is None for op in ops):
        return None
    return float(sum(op.value for op in ops))


def key_figures(cells: Mapping[str, Cell], layout: str | None) -> dict[str, float | None]:
    """Every key figure of the panel (quantities and rates) for one report."""
    out: dict[str, float | None] = {}
    for name in PANEL_FIGURES:
        if name not in RATES:
            out[name] = quantity_value(name, cells, layout)
    for name, (numerators, denominator, _, _) in RATES.items():
        parts = [out[n] for n in numerators]
        base = out[denominator]
        out[name] = (None if base in (None, 0) or any(p is None for p in parts)
                     else sum(parts) / base)
    return {name: out[name] for name in PANEL_FIGURES}


def _keyed(claim: dict, layout: str | None) -> dict:
    """A claim row with its quantity and cell, keyed here when the stored row has none."""
    if "quantity" not in claim:  # a claims table written before claims were keyed
        claim["quantity"] = key_claim(value=claim["value"], unit=claim["unit"],
                                      obj=claim["object"] or "", text=claim["text"] or "")
        claim["cell"] = cell_key(claim["quantity"], layout)
    return claim


def processing_fees(claims: Iterable[dict]) -> float | None:
    """The information-processing fee the prose states, in 元 (the first exact claim)."""
    for claim in claims:
        if claim.get("quantity") == "processing_fees" and not claim.get("approx"):
            scale = 10_000 if claim.get("unit") == "万元" else 1
            return float(claim["value"]) * scale
    return None


def compare_claims(claims: Iterable[dict], cells: Mapping[str, Cell]) -> list[tuple]:
    """(figure, N1 check) for every comparable claim of the narrative whose cells were read."""
    narrative = [c for c in claims if _clean(c.get("section")) in NARRATIVE_SECTIONS]
    return [(figure, check) for figure, check in compared(figures(narrative), cells)
            if check.actual is not None]


def _contradiction(doc: dict, figure, check, cells: Mapping[str, Cell],
                   section: str | None) -> dict:
    first = cells.get(figure.cells[0])
    return {
        "doc_id": doc["doc_id"], "source": doc.get("source"), "quantity": figure.quantity,
        "label_zh": QUANTITIES[figure.quantity].label_zh, "cells": "+".join(figure.cells),
        "claimed": float(figure.value), "tabled": float(check.actual),
        "delta": float(check.delta), "attribution": check.attribution, "section": section,
        "start": figure.start, "end": figure.end, "quote": None, "claim_text": figure.text,
        "cell_start": first.start if first else None, "cell_end": first.end if first else None,
        "cell_src_start": first.src_start if first else None,
        "cell_src_end": first.src_end if first else None,
        "cell_page": first.page if first else None, "message": check.message}


def document_row(doc: dict, cells: Mapping[str, Cell], claims: list[dict]
                 ) -> tuple[dict, list[dict]]:
    """The panel row (metadata, figures, claims) and the contradictions of one report."""
    layout = _clean(doc.get("layout"))
    claims = sorted((_keyed(c, layout) for c in claims), key=lambda c: (c["start"], c["end"]))
    row = {"doc_id": doc["doc_id"], **{m: _clean(doc.get(m)) for m in META}}
    row.update(key_figures(cells, layout))
    row["processing_fees"] = processing_fees(claims)
    compared = compare_claims(claims, cells)
    agree = sum(1 for _, check in compared if check.passed)
    row.update(claims_checked=len(compared), claims_agree=agree,
               claims_disagree=len(compared) - agree)
    sections = {(c["start"], c["end"]): _clean(c.get("section")) for c in claims}
    bad = [_contradiction(doc, f, check, cells, sections.get((f.start, f.end)))
           for f, check in compared if not check.passed]
    return row, bad


# --- text measures ---------------------------------------------------------------------------


def _topic_list(value) -> list[str]:
    if isinstance(value, str):
        return [t for t in value.split(";") if t]
    return [] if value is None or (isinstance(value, float) and math.isnan(value)) else list(value)


def topic_shares(statements: pd.DataFrame) -> pd.DataFrame:
    """Per report: ``n_statements`` and ``share_<topic>``, the share of its section-五
    statements coded with the topic."""
    columns = ["doc_id", "n_statements", *(f"share_{t}" for t in TOPICS)]
    if statements is None or statements.empty:
        return pd.DataFrame(columns=columns)
    lists = [_topic_list(v) for v in statements["topics"]]
    flags = pd.DataFrame({f"share_{t}": [t in topics for topics in lists] for t in TOPICS},
                         index=statements.index, dtype="float64")
    flags["doc_id"] = statements["doc_id"].to_numpy()
    grouped = flags.groupby("doc_id", sort=True)
    out = grouped.mean()
    out.insert(0, "n_statements", grouped.size())
    return out.reset_index()[columns]


def _text_measures(frames: Mapping[str, pd.DataFrame | None]) -> list[pd.DataFrame]:
    """The per-report text-measure frames to left-join (empty ones when a table is absent)."""
    out = [topic_shares(frames.get("statements"))]
    rhetoric = frames.get("rhetoric_profiles")
    out.append(rhetoric[["doc_id", "cluster"]] if rhetoric is not None
               else pd.DataFrame(columns=["doc_id", "cluster"]))
    boiler = frames.get("boilerplate")
    out.append(boiler[["doc_id", "boilerplate_share"]] if boiler is not None
               else pd.DataFrame(columns=["doc_id", "boilerplate_share"]))
    reuse = frames.get("reuse_yoy")
    cols = ["doc_id", "reuse_prev_year", "reuse_prev_year_problems"]
    if reuse is None or reuse.empty:
        out.append(pd.DataFrame(columns=cols))
    else:
        wide = reuse.pivot_table(index="doc_id", columns="section", values="reuse",
                                 aggfunc="max")
        out.append(pd.DataFrame({
            "reuse_prev_year": wide["all"] if "all" in wide else float("nan"),
            "reuse_prev_year_problems": wide["problems"] if "problems" in wide
            else float("nan")}, index=wide.index).reset_index()[cols])
    return out


# --- a batch of documents --------------------------------------------------------------------


def _records_by_doc(frame: pd.DataFrame | None, fields: Sequence[str]
                    ) -> dict[str, list[dict]]:
    """The rows of ``frame`` by ``doc_id``, in order, missing values as None."""
    out: dict[str, list[dict]] = {}
    if frame is None or frame.empty:
        return out
    for rec in _records(frame, ("doc_id", *fields)):
        doc_id = rec.pop("doc_id")
        out.setdefault(doc_id, []).append({k: _clean(v) for k, v in rec.items()})
    return out


def panel_batch(frames: Mapping[str, pd.DataFrame | None]
                ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Panel rows and contradictions (without quotes) of the documents in
    ``frames["documents"]``.

    ``frames`` holds the rows of those documents from ``documents``, ``cells``, ``claims``
    and the optional text-measure tables.
    """
    docs = frames["documents"]
    by_doc_cells = _cells_by_doc(frames.get("cells"))
    by_doc_claims = _records_by_doc(frames.get("claims"), CLAIM_FIELDS)
    rows, bad = [], []
    for doc in _records(docs, ("doc_id", *META)):
        row, contradictions = document_row(doc, by_doc_cells.get(doc["doc_id"], {}),
                                           by_doc_claims.get(doc["doc_id"], []))
        rows.append(row)
        bad.extend(contradictions)
    panel = pd.DataFrame(rows, columns=["doc_id", *META, *PANEL_FIGURES, "processing_fees",
                                        "claims_checked", "claims_agree", "claims_disagree"])
    for extra in _text_measures(frames):
        panel = panel.merge(extra, on="doc_id", how="left")
    panel = _typed(panel.reindex(columns=list(panel_columns())))
    return panel, pd.DataFrame(bad, columns=list(CONTRADICTION_COLUMNS))


def with_quotes(bad: pd.DataFrame, texts: Mapping[str, str]) -> pd.DataFrame:
    """Contradictions with ``quote``, the sentence around each claim (``texts``: doc_id ->
    analysis text)."""
    bad = bad.copy()
    bad["quote"] = [sentence_around(texts[d], int(s), int(e)) if d in texts else None
                    for d, s, e in zip(bad["doc_id"], bad["start"], bad["end"], strict=True)]
    return bad


def _typed(panel: pd.DataFrame) -> pd.DataFrame:
    """Stable column types, whatever the batch holds (all-null columns included)."""
    floats = (*PANEL_FIGURES, "processing_fees", "boilerplate_share", "reuse_prev_year",
              "reuse_prev_year_problems", *(f"share_{t}" for t in TOPICS))
    for col in floats:
        panel[col] = pd.to_numeric(panel[col], errors="coerce").astype("float64")
    for col in ("year", "claims_checked", "claims_agree", "claims_disagree", "n_statements",
                "cluster"):
        panel[col] = pd.to_numeric(panel[col], errors="coerce").astype("Int64")
    return panel


def sentence_around(text: str, start: int, end: int, *, width: int = 80) -> str:
    """The sentence holding ``text[start:end]`` (at most ``width`` characters either side).

    >>> sentence_around("上文。共收到申请5件，均已办结。下文", 6, 8)
    '共收到申请5件，均已办结。'
    """
    lo = max(0, start - width)
    head = text[lo:start]
    cut = max(head.rfind(m) for m in _SENTENCE_MARKS)
    left = lo + cut + 1 if cut >= 0 else lo
    tail = text[end:end + width]
    stops = [i for i in (tail.find(m) for m in _SENTENCE_MARKS) if i >= 0]
    right = end + (min(stops) + 1 if stops else len(tail))
    return text[left:right].strip()


# --- from parsed reports ---------------------------------------------------------------------


def report_frames(reports: Sequence, *, statements: bool = True) -> dict[str, pd.DataFrame]:
    """The store's frames for reports parsed in this process (``gkmine panel PATH...``)."""
    from gkmine.nlp.claims import report_claims

    good = [r for r in reports if r.status != "error"]
    docs = pd.DataFrame([{"doc_id": r.doc_id, "source": r.source,
                          **{m: getattr(r.meta, m) for m in META if m != "source"}}
                         for r in good], columns=["doc_id", *META])
    cells = pd.DataFrame([{"doc_id": r.doc_id, **{f: getattr(c, f) for f in CELL_FIELDS}}
                          for r in good for c in r.cells], columns=["doc_id", *CELL_FIELDS])
    claims = pd.DataFrame([{"doc_id": r.doc_id, **asdict(c)} for r in good
                           for c in report_claims(r)], columns=["doc_id", *CLAIM_FIELDS])
    frames = {"documents": docs, "cells": cells, "claims": claims}
    if statements:
        from gkmine.config import DEFAULT
        from gkmine.issues.analyses import statement_rows

        frames["statements"] = pd.DataFrame(
            [row for r in good for row in statement_rows(r, DEFAULT)],
            columns=["doc_id", "topics"])
    return frames


def panel_from_reports(reports: Sequence, *, statements: bool = True
                       ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The panel and contradictions of parsed reports (errors left out)."""
    panel, bad = panel_batch(report_frames(reports, statements=statements))
    return panel, with_quotes(bad, {r.doc_id: r.text for r in reports})


# --- from the store --------------------------------------------------------------------------


def _has(store, name: str) -> bool:
    return name in store.tables()


def _columns(store, name: str) -> set[str]:
    return {r[0] for r in store.con.execute(f'describe "{name}"').fetchall()}


#: the optional tables of text measures a panel batch reads, with their columns
_MEASURES: dict[str, tuple[str, ...]] = {
    "statements": ("topics",), "rhetoric_profiles": ("cluster",),
    "boilerplate": ("boilerplate_share",), "reuse_yoy": ("section", "reuse")}
#: panel batches whose documents' rows are split out of each table together
BATCHES_PER_PART = 4


def _split_inputs(store, parts) -> dict[str, list[str]]:
    """Each input table of the panel read once into the parts of its documents; returns the
    columns of each table split (absent tables are left out). A row keeps its place in the
    table (``_row``), so a document's rows come back in the order they were written."""
    needed = ", ".join(f"'{key}'" for key in NEEDED_CELLS)
    wanted = {"cells": (CELL_FIELDS, "(\"table\" || '.' || \"row\" || '.' || col) in "
                                     f"({needed})"),
              "claims": (CLAIM_FIELDS, ""),
              **{name: (fields, "") for name, fields in _MEASURES.items()}}
    split = {}
    for table, (fields, where) in wanted.items():
        if not _has(store, table):
            continue
        have = _columns(store, table)
        columns = [f for f in ("doc_id", *fields) if f in have]
        select = ", ".join(f'"{c}"' for c in columns)
        parts.split(table, f'select {select}, rowid as _row from "{table}"'
                           + (f" where {where}" if where else ""))
        split[table] = columns
    return split


def _part_tables(parts, split: Mapping[str, list[str]], part: int) -> dict[str, Any]:
    """The rows of one part of each split table (Arrow), by document in their written
    order."""
    return {table: parts.arrow(table, part, order_by="doc_id, _row",
                               columns=", ".join(f'"{c}"' for c in columns))
            for table, columns in split.items()}


def _documents_sql(store) -> str:
    table = "documents" if _has(store, "documents") else "reports"
    have = _columns(store, table)
    cols = ", ".join(f'"{m}"' if m in have else f'null as "{m}"' for m in META)
    return (f'select doc_id, {cols} from "{table}" where status <> \'error\' '
            "qualify row_number() over (partition by doc_id order by source) = 1 "
            "order by doc_id")


def _quotes(store, bads: Sequence[pd.DataFrame]) -> dict[tuple[str, int, int], str]:
    """The sentence around each contradiction's claim, from one pass over the texts of the
    documents that have any: (doc_id, start, end) -> quote."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for bad in bads:
        for doc_id, start, end in zip(bad["doc_id"], bad["start"], bad["end"], strict=True):
            spans.setdefault(doc_id, []).append((int(start), int(end)))
    table = next((t for t in ("texts", "reports")
                  if spans and _has(store, t) and "text" in _columns(store, t)), None)
    if table is None:
        return {}
    quotes = {}
    for batch in store.iter_arrow(f'select doc_id, text from "{table}" '
                                  "where doc_id in (select unnest(?))", [sorted(spans)],
                                  batch_rows=1_000):
        for doc_id, text in zip(batch.column("doc_id").to_pylist(),
                                batch.column("text").to_pylist(), strict=True):
            for start, end in spans[doc_id]:
                quotes[(doc_id, start, end)] = sentence_around(text, start, end)
    return quotes


def linked_panel(store, *, options: LinkOptions | None = None) -> dict[str, pd.DataFrame]:
    """``linked_panel`` and ``contradictions`` of every document of a store, in batches.

    Reads only the columns it needs, ``options.batch_docs`` documents at a time.
    """
    panels, bads = [], []
    for part in linked_panel_parts(store, options=options):
        # (each part holds one table's rows; the other's frame is empty)
        panels.extend(frame for frame in [part["linked_panel"]] if len(frame))
        bads.extend(frame for frame in [part["contradictions"]] if len(frame))
    panel = (pd.concat(panels, ignore_index=True) if panels
             else _typed(pd.DataFrame(columns=list(panel_columns()))))
    bad = (pd.concat(bads, ignore_index=True) if bads
           else pd.DataFrame(columns=list(CONTRADICTION_COLUMNS)))
    return {"linked_panel": panel, "contradictions": bad}


def linked_panel_parts(store, *, options: LinkOptions | None = None
                       ) -> Iterator[dict[str, pd.DataFrame]]:
    """The tables of :func:`linked_panel`, one batch of documents at a time (the corpus
    analysis writes each as it comes): the panel's batches first, then the contradictions
    of each batch with their quotes.

    Each input table is read once, into parts of ``BATCHES_PER_PART`` batches
    (:class:`~gkmine.store.parts.DocumentParts`): a query per batch would scan the whole
    table each time. The texts are read once, for the quotes.
    """
    from gkmine.store.parts import DocumentParts, rows_of

    options = options or LinkOptions()
    size = options.batch_docs
    # the documents' metadata is small (one row each)
    docs = store.query(_documents_sql(store))
    part_docs = size * BATCHES_PER_PART
    bads = []
    with DocumentParts(store, {d: i // part_docs for i, d in enumerate(docs["doc_id"])}
                       ) as parts:
        split = _split_inputs(store, parts)
        for part_start in range(0, len(docs), part_docs):
            tables = _part_tables(parts, split, part_start // part_docs)
            for lo in range(part_start, min(part_start + part_docs, len(docs)), size):
                batch = docs.iloc[lo:lo + size]
                ids = batch["doc_id"].tolist()
                panel, bad = panel_batch({
                    "documents": batch,
                    **{name: rows_of(table, ids, columns=split[name])
                       for name, table in tables.items()}})
                bads.append(bad)
                # (an empty frame of either table adds no rows and changes no column type)
                yield {"linked_panel": panel,
                       "contradictions": pd.DataFrame(columns=list(CONTRADICTION_COLUMNS))}
    quotes = _quotes(store, bads)
    no_rows = _typed(pd.DataFrame(columns=list(panel_columns())))
    for bad in bads:
        bad = bad.copy()
        # texts, also when a batch has none (an empty list would make a float column, which
        # the store cannot join to the text columns of other batches: seen at 100k reports)
        bad["quote"] = pd.Series([quotes.get((d, int(s), int(e))) for d, s, e in zip(
            bad["doc_id"], bad["start"], bad["end"], strict=True)], index=bad.index,
            dtype=object)
        yield {"linked_panel": no_rows, "contradictions": bad}
