"""Hashed term counts, the TF-IDF + LSA space, and the done-when figures of issue 9:
renderings of one report are each other's nearest neighbours, and a copy under another
agency's name stays similar."""

from __future__ import annotations

import csv
import pickle

import numpy as np
import pandas as pd
import pytest
from rhetoric_helpers import names_of, rename, rhetoric_store, write_renderings
from scipy import sparse
from sklearn.base import clone

from gkmine.config import Config
from gkmine.pipeline import parse_document
from gkmine.rhetoric.describe import rhetoric_tables
from gkmine.rhetoric.mask import PLACEHOLDERS
from gkmine.rhetoric.vectors import (
    RhetoricSpace,
    document_terms,
    merged_documents,
    vocabulary,
)

OPTIONS = Config().rhetoric
NEW_NAMES = ("黄浦区外滩街道办事处", "内蒙古自治区人民政府国有资产监督管理委员会",
             "拉萨市城关区发展和改革委员会", "重庆市渝中区司法局", "龙游县横山镇人民政府")


def test_document_terms_rows(seed_reports):
    rows = document_terms(seed_reports[0], OPTIONS)
    parts = [r["section"] for r in rows]
    assert parts[0] == "head" and "problems" in parts
    for row in rows:
        assert row["term_ids"] == sorted(row["term_ids"]) and len(row["counts"]) == len(
            row["term_ids"]) and min(row["counts"]) >= 1
        assert max(row["term_ids"]) < 2 ** OPTIONS.hash_bits
    assert rows == document_terms(seed_reports[0], OPTIONS)


def test_error_report_has_no_terms():
    from gkmine.record import Report

    assert document_terms(Report(source="x", doc_id="x", status="error"), OPTIONS) == []


def _merged(batches):
    return [(d, i.tolist(), c.tolist()) for d, i, c in merged_documents(batches)]


def test_documents_stream_across_batch_boundaries(seed_reports):
    rows = pd.DataFrame([r for rep in seed_reports for r in document_terms(rep, OPTIONS)])
    rows = rows.sort_values("doc_id", kind="stable").reset_index(drop=True)
    whole = _merged([rows])
    assert _merged([rows.iloc[:7], rows.iloc[7:8], rows.iloc[8:]]) == whole
    assert [d for d, _, _ in whole] == sorted({r.doc_id for r in seed_reports})
    for doc_id, ids, counts in whole:
        parts = rows[rows.doc_id == doc_id]
        assert ids == sorted({i for p in parts.term_ids for i in p})
        assert sum(counts) == sum(sum(c) for c in parts.counts)


def test_vocabulary_keeps_the_most_widespread_terms():
    frame = pd.DataFrame({"doc_id": ["a", "a", "b", "c"],
                          "term_ids": [[1, 2], [2, 3], [2, 3], [3, 9]],
                          "counts": [[1, 1], [1, 1], [1, 1], [5, 1]]})

    def vocab(**kw):
        return vocabulary(merged_documents([frame]), hash_bits=4, **kw)

    assert vocab().term_ids.tolist() == [1, 2, 3, 9]
    assert vocab().document_frequency.tolist() == [1, 2, 3, 1]
    assert vocab(max_terms=2).term_ids.tolist() == [2, 3]
    assert vocab(min_df=2).term_ids.tolist() == [2, 3]
    matrix = vocab(max_terms=2).matrix([(np.array([2, 3, 9]), np.array([4, 1, 7]))])
    assert matrix.toarray().tolist() == [[4, 1]]


def test_space_is_an_estimator():
    X = sparse.random(30, 200, density=0.1, random_state=1, format="csr")
    space = RhetoricSpace(n_components=5, random_state=3)
    Z = space.fit_transform(X)
    assert Z.shape == (30, 5) and np.allclose(np.linalg.norm(Z, axis=1), 1)
    assert np.array_equal(clone(space).fit_transform(X), Z)
    assert np.array_equal(pickle.loads(pickle.dumps(space)).transform(X), Z)


def _nearest_share(reports, groups, tmp_path) -> tuple[float, pd.DataFrame]:
    with rhetoric_store(tmp_path / "r.duckdb", reports) as store:
        profiles = rhetoric_tables(store, OPTIONS)["rhetoric_profiles"]
    group = {r.doc_id: g for r, g in zip(reports, groups, strict=True)}
    same = profiles.doc_id.map(group) == profiles.nearest_doc_id.map(group)
    print(f"renderings: nearest is the same report for {same.sum()}/{len(same)} "
          f"({same.mean():.1%}); similarity min {profiles.similarity.min():.4f}")
    return float(same.mean()), profiles


def test_renderings_of_a_seed_are_nearest_neighbours(seeds_dir, tmp_path):
    paths, groups = [], []
    for path in sorted(seeds_dir.glob("*.txt")):
        found = write_renderings(path.read_text(encoding="utf-8"), path.stem, tmp_path)
        paths += found
        groups += [path.stem] * len(found)
    share, _ = _nearest_share([parse_document(p) for p in paths], groups, tmp_path)
    assert share >= 0.95


@pytest.mark.slow
def test_renderings_of_real_reports_are_nearest_neighbours(seeds_dir, shared_dir, tmp_path):
    """Seeds (text, page, PDF), real report openings (text, page; p012 is p008 on another
    site) and the real PDFs (PDF, its extracted text, a page of it)."""
    pages = shared_dir / "corpora-dev" / "pages"
    paths, groups = [], []
    for path in sorted(seeds_dir.glob("*.txt")):
        found = write_renderings(path.read_text(encoding="utf-8"), path.stem, tmp_path)
        paths, groups = paths + found, groups + [path.stem] * len(found)
    with open(pages / "manifest.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            text = (pages / row["file"]).read_text(encoding="utf-8", errors="replace")
            stem = row["file"].removesuffix(".txt")
            found = write_renderings(text, stem, tmp_path, kinds=("txt", "html"))
            group = "p008" if "same report as p008" in row["notes"] else stem
            paths, groups = paths + found, groups + [group] * len(found)
    for pdf in sorted((shared_dir / "corpora-dev" / "real-pdfs").glob("*.pdf")):
        text = parse_document(pdf).text
        found = [pdf, *write_renderings(text, pdf.stem, tmp_path, kinds=("txt", "html"))]
        paths, groups = paths + found, groups + [pdf.stem] * len(found)
    share, _ = _nearest_share([parse_document(p) for p in paths], groups, tmp_path)
    assert share >= 0.95


def _copy_similarities(reports, tmp_path) -> list[float]:
    """Similarity (cosine in the corpus's LSA space) of each report and its renamed copy."""
    copies = []
    for i, report in enumerate(reports):
        path = tmp_path / f"copy_{i}.txt"
        path.write_text(rename(report.text, names_of(report), NEW_NAMES[i % len(NEW_NAMES)]),
                        encoding="utf-8")
        copies.append(parse_document(path))
    with rhetoric_store(tmp_path / "c.duckdb", [*reports, *copies]) as store:
        profiles = rhetoric_tables(store, OPTIONS)["rhetoric_profiles"].set_index("doc_id")
    sims = []
    for report, copy in zip(reports, copies, strict=True):
        assert profiles.nearest_doc_id[copy.doc_id] == report.doc_id
        sims.append(float(profiles.similarity[copy.doc_id]))
    print(f"copies under another name: similarity min {min(sims):.4f} over {len(sims)}")
    return sims


def test_copy_under_another_name_is_similar(seed_reports, tmp_path):
    assert min(_copy_similarities(seed_reports, tmp_path)) >= 0.95


@pytest.mark.slow
def test_copy_of_real_openings_under_another_name_is_similar(dev_pages, tmp_path):
    reports = [parse_document(row["path"]) for row in dev_pages]
    reports = [r for r in reports if r.status != "error" and r.meta.agency]
    assert min(_copy_similarities(reports, tmp_path)) >= 0.95


def test_memoised_piece_tokens_are_the_segmenters(seed_reports):
    """The tokens of a masked piece come from the per-process memo for short pieces and from
    the Segmenter for long ones: either way the Segmenter's own tokens."""
    from gkmine.rhetoric.mask import MaskNames, mask
    from gkmine.rhetoric.vectors import (
        _MEMO_PIECE_CHARS,
        _WORDLIKE,
        _piece_tokens,
        _segmenter,
        report_parts,
        tokens,
    )

    report = seed_reports[1]
    pieces = mask(report_parts(report)[-1][1], MaskNames.of_meta(report.meta))
    assert any(len(p) > _MEMO_PIECE_CHARS for p in pieces)  # both paths are taken
    _piece_tokens.cache_clear()
    direct = [t if _WORDLIKE.search(t) else "" for p in pieces for t in
              ([p] if p in PLACEHOLDERS else _segmenter().cut(p))]
    assert tokens(pieces) == direct
    assert tokens(pieces) == direct and _piece_tokens.cache_info().hits > 0
