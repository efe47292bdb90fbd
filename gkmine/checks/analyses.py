"""Checks across reports (X1 carry-over, S1 stock of documents, N4 reuse of section 五).

The pairs are found from each report's agency and year alone (a tuple per report); the few
cells the checks read are split out of the cells table in one pass into parts of a few
batches of pairs, so memory holds the metadata of the corpus and one part, never whole
records. N4 reads the reuse step's year-over-year measure of section
五 (``reuse_yoy``): the sentences are not compared again.
"""

from __future__ import annotations

from typing import NamedTuple

from gkmine.registry import analysis

#: cells the cross-year rules read (X1: carried in/out; S1: the stock of documents)
_CELLS = "(c.table = 't3' and c.row in ('carried_in', 'carried_out')) or c.table = 't2'"


#: pairs checked per batch (their reports' cells and section 五 are loaded together)
PAIR_BATCH = 500
#: pair batches whose reports' cells are split out of the cells table together
BATCHES_PER_PART = 10
_META_FIELDS = ("agency", "level", "province", "city", "county", "agency_type", "layout")


class LightMeta(NamedTuple):
    """The metadata pairing reads, as one tuple (a :class:`~gkmine.record.Meta` per report of
    a national corpus would cost several times more)."""

    agency: str | None
    level: str | None
    province: str | None
    city: str | None
    county: str | None
    agency_type: str | None
    layout: str | None
    year: int


class LightReport(NamedTuple):
    """A report as :func:`~gkmine.checks.corpus.pair_reports` reads it."""

    doc_id: str
    source: str
    meta: LightMeta

    def report(self):
        """The :class:`~gkmine.record.Report` the checks read (no cells yet)."""
        from gkmine.record import Meta, Report

        return Report(source=self.source, doc_id=self.doc_id, meta=Meta(**self.meta._asdict()))


def light_reports(store) -> list[LightReport]:
    """Every report's metadata (no cells, no sections), from the store; repeated values
    (places, levels, layouts) are one string each."""
    shared: dict[str, str] = {}
    rows = store.con.execute(
        f"select doc_id, source, year, {', '.join(_META_FIELDS)} from documents "
        "where status <> 'error' and agency is not null and year is not null "
        "order by doc_id").fetchall()
    return [LightReport(doc_id, source, LightMeta(
                *(v if v is None else shared.setdefault(v, v) for v in values), year=int(year)))
            for doc_id, source, year, *values in rows]


def stored_copy_shares(store) -> dict[tuple[str, str], tuple[float, int]]:
    """(previous doc_id, doc_id) -> N4's measure, from the reuse step's ``reuse_yoy``."""
    rows = store.con.execute("select prev_doc_id, doc_id, reuse, n_sentences from reuse_yoy "
                             "where section = 'problems'").fetchall()
    return {(p, d): (float("nan") if r is None else float(r), int(n)) for p, d, r, n in rows}


def _parts_of_documents(pairs, part_pairs: int) -> dict[str, list[int]]:
    """doc_id -> the parts (of ``part_pairs`` pairs) whose pairs hold the report."""
    out: dict[str, list[int]] = {}
    for i, pair in enumerate(pairs):
        for report in pair:
            parts = out.setdefault(report.doc_id, [])
            if not parts or parts[-1] != i // part_pairs:
                parts.append(i // part_pairs)
    return out


@analysis("corpus_checks", inputs=("docs", "cells", "reuse_yoy"))
def build_corpus_checks(store, config):
    """The rows of the checks, a batch of pairs at a time (a generator: the store appends
    each batch, so the table, about ten rows per report, is never held whole).

    The cells the rules read are split once into parts of ``BATCHES_PER_PART`` batches
    (:class:`~gkmine.store.parts.DocumentParts`): a query per batch would scan the whole
    cells table each time."""
    import pandas as pd

    from gkmine.checks.corpus import COLUMNS, check_pairs, pair_reports
    from gkmine.store.parts import DocumentParts, rows_of
    from gkmine.store.rows import cell_from_row, rows_by_document

    pairs = pair_reports(light_reports(store))
    shares = stored_copy_shares(store)
    if not pairs:
        yield pd.DataFrame(columns=list(COLUMNS))
        return
    part_pairs = PAIR_BATCH * BATCHES_PER_PART
    with DocumentParts(store, _parts_of_documents(pairs, part_pairs)) as parts:
        parts.split("cells", f"select c.*, c.rowid as _row from cells c where ({_CELLS})")
        for part_start in range(0, len(pairs), part_pairs):
            cells_part = parts.arrow("cells", part_start // part_pairs,
                                     order_by="doc_id, _row", columns="* exclude (_row)")
            for start in range(part_start, min(part_start + part_pairs, len(pairs)),
                               PAIR_BATCH):
                light = pairs[start:start + PAIR_BATCH]
                reports = {r.doc_id: r.report() for pair in light for r in pair}
                cells = rows_by_document(rows_of(cells_part, reports, columns=["doc_id"]))
                for report in reports.values():
                    report.cells = [cell_from_row(c) for c in cells.get(report.doc_id, ())]
                batch = [(reports[prev.doc_id], reports[cur.doc_id]) for prev, cur in light]
                rows = check_pairs(batch, [shares.get((p.doc_id, c.doc_id)) for p, c in batch])
                # a batch's rows become columns at once: a row of dicts costs several times
                # its columnar form
                yield pd.DataFrame(rows, columns=list(COLUMNS))
