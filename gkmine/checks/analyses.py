"""Checks across reports (X1 carry-over, S1 stock of documents, N4 reuse of section 五).

The pairs need each report's agency and year, a few cells and section 五: only those are
read from the store, never whole records.
"""

from __future__ import annotations

from gkmine.registry import analysis

#: cells the cross-year rules read (X1: carried in/out; S1: the stock of documents)
_CELLS = "(c.table = 't3' and c.row in ('carried_in', 'carried_out')) or c.table = 't2'"


def light_reports(store):
    """Reports with metadata, the cells X1/S1 read and section 五, from the store."""
    from gkmine.record import Meta, Report, Section
    from gkmine.store.rows import _cell, _none, rows_by_document

    docs = store.query("select doc_id, source, agency, year, level, province, city, county, "
                       "agency_type, layout from documents where status <> 'error' "
                       "and agency is not null and year is not null order by doc_id")
    cells = store.query(f"select c.* from cells c where {_CELLS} order by doc_id")
    problems = store.query("select doc_id, key, title, start, \"end\", text, body_start "
                           "from sections where key = 'problems' order by doc_id")
    by_doc_cells = rows_by_document(cells)
    by_doc_sec = rows_by_document(problems)
    reports = []
    for row in docs.to_dict("records"):
        meta = Meta(**{k: _none(row[k]) for k in ("agency", "level", "province", "city",
                                                  "county", "agency_type", "layout")},
                    year=int(row["year"]))
        rep = Report(source=row["source"], doc_id=row["doc_id"], meta=meta)
        rep.cells = [_cell(c) for c in by_doc_cells.get(row["doc_id"], ())]
        if row["doc_id"] in by_doc_sec:
            for s in by_doc_sec[row["doc_id"]]:
                rep.sections.append(Section(s["key"], s["title"], int(s["start"]),
                                            int(s["end"]), s["text"],
                                            body_start=int(s["body_start"])))
        reports.append(rep)
    return reports


@analysis("corpus_checks", inputs=("docs", "cells", "sections"))
def build_corpus_checks(store, config):
    from gkmine.checks import check_corpus

    return check_corpus(light_reports(store))
