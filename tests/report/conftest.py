"""A small database for the site and the figures: the seeds, a copy of one seed with a
table number changed (so that checks H1 and H3 fail), a file that cannot be parsed, and the
optional analysis tables with hostile text in them (to prove that everything is escaped)."""

from __future__ import annotations

import re
import shutil
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
    from gkmine.engine import LocalEngine, run_corpus
    from gkmine.store import Store

    folder = tmp_path_factory.mktemp("site_corpus")
    inputs = folder / "in"
    inputs.mkdir()
    for seed in seed_paths:
        shutil.copyfile(seed, inputs / seed.name)
    _tampered_copy(seed_paths[0], inputs / "tampered.txt")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    db_path = folder / "gkmine.duckdb"
    run_corpus([inputs], db_path=db_path, engine=LocalEngine(1))
    with Store(db_path) as db:
        files = dict(db.con.execute("select source, doc_id from reports").fetchall())
        by_name = {Path(source).name: doc_id for source, doc_id in files.items()}
        tampered_id = by_name["tampered.txt"]
        # the tampered report comes first, so that it has every optional section
        ok_ids = [tampered_id] + [by_name[p.name] for p in seed_paths]
        for name, frame in _optional_tables(ok_ids).items():
            db.replace_table(name, frame)
    return SiteFixture(db_path=db_path, tampered_doc_id=tampered_id,
                       error_doc_id=by_name["empty.txt"])


@pytest.fixture(scope="session")
def built_site(site_db, tmp_path_factory) -> Path:
    """The site of ``site_db`` (figures drawn by the site itself); returns index.html."""
    from gkmine.report import build_site

    return build_site(site_db.db_path, tmp_path_factory.mktemp("site"))
