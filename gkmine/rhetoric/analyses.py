"""Registered per-document features and corpus analyses of the rhetoric stage."""

from __future__ import annotations

from gkmine.registry import analysis, document_feature

# --- boilerplate and reuse ---------------------------------------------------------------
from gkmine.rhetoric import reuse as _reuse  # noqa: E402

document_feature("sentence_signatures",
                 columns=_reuse.SIGNATURE_COLUMNS)(_reuse.sentence_signatures)


@analysis("reuse", inputs=("sentence_signatures", "documents", "sections"),
          outputs=tuple(_reuse.OUTPUTS))
def build_reuse(store, config):
    """Sentence groups, boilerplate shares, reuse pairs, year-over-year reuse, template
    families and the same report on several sites (:mod:`gkmine.rhetoric.reuse`)."""
    return _reuse.reuse_tables_from_store(store, options=config.reuse)
