"""A small database for the site and the figures: the seeds, a copy of one seed with a
table number changed (so that checks H1 and H3 fail), a file that cannot be parsed, and the
optional analysis tables with hostile text in them (to prove that everything is escaped)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

#: text that would run script if the site did not escape it
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 1">'


@dataclass(frozen=True)
class SiteFixture:
    db_path: Path
    tampered_doc_id: str
    error_doc_id: str


def _tampered_copy(seed: Path, target: Path) -> Path:
    text = seed.read_text(encoding="utf-8")
    # 7 applications from natural persons, but the row total and the balance still say 0
    text, n = re.subn(r"(本年新收政府信息公开申请数量\s+)0 ", r"\g<1>7 ", text, count=1)
    assert n == 1, "the seed no longer has the t3 'new' row this fixture edits"
    target.write_text(text, encoding="utf-8")
    return target


def _optional_tables(doc_ids: list[str]) -> dict[str, pd.DataFrame]:
    a, b = doc_ids[0], doc_ids[1]
    return {
        "rhetoric_profiles": pd.DataFrame({
            "doc_id": doc_ids, "source": doc_ids, "cluster": [i % 2 for i in range(len(doc_ids))],
            "x": [float(i) for i in range(len(doc_ids))],
            "y": [float(-i) for i in range(len(doc_ids))],
            "nearest_doc_id": doc_ids[1:] + doc_ids[:1],
            "nearest_source": doc_ids[1:] + doc_ids[:1],
            "similarity": [0.5] * len(doc_ids)}),
        "rhetoric_cluster_terms": pd.DataFrame({
            "cluster": [0, 1], "term": ["政务公开" + HOSTILE, "医疗保障"], "score": [2.0, 1.5]}),
        "boilerplate": pd.DataFrame({"doc_id": doc_ids,
                                     "boilerplate_share": [0.1 * i for i in range(len(doc_ids))]}),
        "reuse_pairs": pd.DataFrame({"doc_a": [a], "doc_b": [b], "reuse": [0.4], "shared": [3],
                                     "examples": ["一、总体情况" + HOSTILE]}),
        "reuse_yoy": pd.DataFrame({"doc_id": [a], "section": ["problems"], "prev_doc_id": [b],
                                   "reuse": [0.25]}),
    }


@pytest.fixture(scope="session")
def site_db(tmp_path_factory, seed_paths) -> SiteFixture:
    from gkmine.corpus import Corpus
    from gkmine.pipeline import parse_document
    from gkmine.reproduce import _replace_table
    from gkmine.store import Store

    folder = tmp_path_factory.mktemp("site_corpus")
    tampered = _tampered_copy(seed_paths[0], folder / "tampered.txt")
    broken = folder / "empty.txt"
    broken.write_text("", encoding="utf-8")
    records = [parse_document(p) for p in [*seed_paths, tampered, broken]]
    corpus = Corpus(records)
    db_path = folder / "gkmine.duckdb"
    tampered_id = records[-2].doc_id
    # the tampered report comes first, so that it has every optional section
    ok_ids = [tampered_id] + [r.doc_id for r in records[:-2] if r.status != "error"]
    with Store(db_path) as db:
        db.write_reports(records)
        tables = {"claims": corpus.claims(), "statements": corpus.statements(),
                  **_optional_tables(ok_ids)}
        for name, frame in tables.items():
            _replace_table(db, name, frame)
    return SiteFixture(db_path=db_path, tampered_doc_id=tampered_id,
                       error_doc_id=records[-1].doc_id)


@pytest.fixture(scope="session")
def built_site(site_db, tmp_path_factory) -> Path:
    """The site of ``site_db`` (figures drawn by the site itself); returns index.html."""
    from gkmine.report import build_site

    return build_site(site_db.db_path, tmp_path_factory.mktemp("site"))
