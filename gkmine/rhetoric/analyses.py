"""Registrations of the rhetoric stage: per-document features and corpus analyses."""

from __future__ import annotations

from gkmine.registry import analysis, document_feature

# --- rhetoric profiles and clusters ------------------------------------------------------
from gkmine.rhetoric import describe, vectors


@document_feature("doc_terms", columns={"doc_id": "VARCHAR", "section": "VARCHAR",
                                        "term_ids": "INTEGER[]", "counts": "INTEGER[]"})
def doc_terms(report, config) -> list[dict]:
    """Hashed, masked term counts of each part of a report (see gkmine.rhetoric.vectors)."""
    return vectors.document_terms(report, config.rhetoric)


@analysis("rhetoric", inputs=("documents", "reports", "sections", "doc_terms"),
          outputs=describe.TABLES)
def rhetoric(store, config):
    """Rhetoric profiles, clusters, their description and cross-tabulations."""
    return describe.rhetoric_tables(store, config.rhetoric)
