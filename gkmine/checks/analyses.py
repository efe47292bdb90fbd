"""Checks across reports (X1 carry-over, S1 stock of documents, N4 reuse of section 五).

The pairs are found from each report's agency and year alone; the few cells the checks read
are then loaded for a batch of pairs at a time, so memory holds the metadata of the corpus and
one batch, never whole records. N4 reads the reuse step's year-over-year measure of section
五 (``reuse_yoy``): the sentences are not compared again.
"""

from __future__ import annotations

from gkmine.registry import analysis

#: cells the cross-year rules read (X1: carried in/out; S1: the stock of documents)
_CELLS = "(c.table = 't3' and c.row in ('carried_in', 'carried_out')) or c.table = 't2'"


#: pairs checked per batch (their reports' cells and section 五 are loaded together)
PAIR_BATCH = 500


def light_reports(store):
    """Reports with their metadata only (no cells, no sections), from the store."""
    from gkmine.record import Meta, Report

    fields = ("agency", "level", "province", "city", "county", "agency_type", "layout")
    # plain tuples: a DataFrame and a dict per row would cost more than the records
    rows = store.con.execute(
        f"select doc_id, source, year, {', '.join(fields)} from documents "
        "where status <> 'error' and agency is not null and year is not null "
        "order by doc_id").fetchall()
    return [Report(source=source, doc_id=doc_id,
                   meta=Meta(**dict(zip(fields, values, strict=True)), year=int(year)))
            for doc_id, source, year, *values in rows]


def load_cells(store, reports) -> None:
    """Fill ``reports`` with the cells X1/S1 read."""
    from gkmine.store.rows import cell_from_row, rows_by_document

    ids = sorted({r.doc_id for r in reports})
    cells = rows_by_document(store.query(
        f"select c.* from cells c where ({_CELLS}) and c.doc_id in (select unnest(?)) "
        "order by c.doc_id, c.rowid", [ids]))
    for rep in reports:
        rep.cells = [cell_from_row(c) for c in cells.get(rep.doc_id, ())]


def stored_copy_shares(store) -> dict[tuple[str, str], tuple[float, int]]:
    """(previous doc_id, doc_id) -> N4's measure, from the reuse step's ``reuse_yoy``."""
    rows = store.query("select prev_doc_id, doc_id, reuse, n_sentences from reuse_yoy "
                       "where section = 'problems'")
    return {(p, d): (float(r), int(n)) for p, d, r, n in rows.itertuples(index=False)}


@analysis("corpus_checks", inputs=("docs", "cells", "reuse_yoy"))
def build_corpus_checks(store, config):
    """The rows of the checks, a batch of pairs at a time (a generator: the store appends
    each batch, so the table, about ten rows per report, is never held whole)."""
    import pandas as pd

    from gkmine.checks.corpus import COLUMNS, check_pairs, pair_reports

    pairs = pair_reports(light_reports(store))
    shares = stored_copy_shares(store)
    if not pairs:
        yield pd.DataFrame(columns=list(COLUMNS))
    for start in range(0, len(pairs), PAIR_BATCH):
        batch = pairs[start:start + PAIR_BATCH]
        reports = [r for pair in batch for r in pair]
        load_cells(store, reports)
        rows = check_pairs(batch, [shares.get((p.doc_id, c.doc_id)) for p, c in batch])
        # a batch's rows become columns at once: a row of dicts costs several times its
        # columnar form
        yield pd.DataFrame(rows, columns=list(COLUMNS))
        for rep in reports:  # a report pairs with two years: loaded again in its next batch
            rep.cells = []
