"""Registered per-document features and corpus analyses of the rhetoric stage."""

from __future__ import annotations

from gkmine.registry import analysis, document_feature

# Workers import this module to find the features: the corpus steps (scikit-learn's
# clustering, pandas) are imported only when an analysis runs.
# --- rhetoric profiles and clusters ------------------------------------------------------
from gkmine.rhetoric import options as _options  # noqa: E402
from gkmine.rhetoric import vectors as _vectors  # noqa: E402


@document_feature("doc_terms", columns=_vectors.DOC_TERMS_COLUMNS)
def doc_terms(report, config) -> list[dict]:
    """Hashed, masked term counts of each part of a report (:mod:`gkmine.rhetoric.vectors`)."""
    return _vectors.document_terms(report, config.rhetoric)


@analysis("rhetoric", inputs=_options.INPUTS, outputs=_options.TABLES)
def build_rhetoric(store, config):
    """Rhetoric profiles, clusters, their description and cross-tabulations
    (:mod:`gkmine.rhetoric.describe`)."""
    from gkmine.rhetoric.describe import rhetoric_tables

    return rhetoric_tables(store, config.rhetoric)

# --- boilerplate and reuse ---------------------------------------------------------------
from gkmine.rhetoric import reuse as _reuse  # noqa: E402

document_feature("sentence_signatures",
                 columns=_reuse.SIGNATURE_COLUMNS)(_reuse.sentence_signatures)


@analysis("reuse", inputs=("sentence_signatures", "documents", "sections"),
          outputs=tuple(_reuse.OUTPUTS))
def build_reuse(store, config):
    """Sentence groups, boilerplate shares, reuse pairs, year-over-year reuse, template
    families and the same report on several sites (:mod:`gkmine.rhetoric.reuse`)."""
    # a table at a time: each is written and let go before the next is made
    return _reuse.reuse_parts_from_store(store, options=config.reuse)
