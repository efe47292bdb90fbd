"""NLP stage registrations: numeric claims per document; keywords and collocations per corpus.

Heavy imports happen inside the functions: workers import this module to find the features.
"""

from __future__ import annotations

from gkmine.registry import analysis, document_feature


def _claim_columns():
    from gkmine.nlp.claims import Claim
    from gkmine.store.schema import columns_of

    return columns_of(Claim, first={"doc_id": "VARCHAR"})


@document_feature("claims", columns=_claim_columns())
def claims_rows(report, config) -> list[dict]:
    """Numeric claims of the prose (``Claim.to_dict()``), keyed by ``doc_id``."""
    from gkmine.nlp.claims import report_claims

    return [{"doc_id": report.doc_id, **claim.to_dict()} for claim in report_claims(report)]


@analysis("keywords", inputs=("texts", "docs"))
def build_keywords(store, config):
    """TF-IDF keywords per document, with the corpus's own IDF (two passes in batches; the
    rows are written a batch at a time).

    The texts are read in the table's own order: sorting every text of a national corpus
    needs more memory than the database is given, and no document's keywords depend on the
    order (the Parquet export orders the rows).
    """
    from gkmine.nlp.keywords import tfidf_keyword_parts

    def batches():
        for frame in store.iter_query(
                "select d.doc_id, t.text from documents d join texts t using (doc_id) "
                "where d.status <> 'error'", batch_rows=500):
            yield list(frame["doc_id"]), list(frame["text"])

    return tfidf_keyword_parts(batches, top_n=20)


@analysis("collocations", inputs=("sections", "docs"))
def build_collocations(store, config):
    """Stock phrases of section 一 (``overall``) by PMI."""
    from gkmine.nlp.keywords import collocations

    def texts():  # a batch of section texts at a time, in any order (counts do not care)
        for frame in store.iter_query(
                "select coalesce(s.text, '') as text from documents d left join sections s "
                "on s.doc_id = d.doc_id and s.key = 'overall' where d.status <> 'error'",
                batch_rows=1000):
            yield from frame["text"]

    return collocations(texts(), size=2, min_count=3)
