"""Keywords, keyness and collocations: hand-computable toys, then the seeds and the CLI."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from scipy.stats import chi2 as chi2_dist
from scipy.stats import chi2_contingency

from gkmine.errors import ModelError
from gkmine.nlp.keywords import (
    collocations,
    dfm,
    is_content,
    keyness,
    keyness_chi2,
    keyness_lr,
    textrank_keywords,
    tfidf_keywords,
)
from gkmine.record import Meta, Report, Section

SEEDS_DIR = Path(__file__).resolve().parents[2] / "corpora" / "seeds"
split = str.split


# --- dfm and TF-IDF ------------------------------------------------------------------------


def test_dfm_counts_and_min_df():
    m = dfm(["政务 公开 政务", "公开 预算", "公开"], tokenizer=split)
    assert m.features == ["公开", "政务", "预算"]
    assert m.matrix.toarray().tolist() == [[1, 2, 0], [1, 0, 1], [1, 0, 0]]
    assert m.docnames == ["text1", "text2", "text3"]
    assert dfm(["政务 公开 政务", "公开 预算"], tokenizer=split, min_df=2).features == ["公开"]
    assert m.to_frame().loc["text1", "政务"] == 2


def test_tfidf_matches_hand_computation():
    texts = ["政务 公开 政务", "公开 预算"]
    kw = tfidf_keywords(texts, tokenizer=split, top_n=5)
    n = 2
    idf = {"政务": math.log((1 + n) / (1 + 1)) + 1, "公开": 1.0, "预算": math.log(1.5) + 1}
    raw1 = {"政务": 2 * idf["政务"], "公开": 1 * idf["公开"]}
    norm1 = math.sqrt(sum(v * v for v in raw1.values()))
    doc1 = kw[kw.doc_id == "text1"].set_index("feature").score
    assert doc1["政务"] == pytest.approx(raw1["政务"] / norm1)
    assert doc1["公开"] == pytest.approx(raw1["公开"] / norm1)
    assert list(kw.columns) == ["doc_id", "feature", "score"]
    assert kw.doc_id.tolist() == ["text1", "text1", "text2", "text2"]  # documents in input order


def test_tfidf_ties_sort_by_feature_and_top_n():
    kw = tfidf_keywords(["乙方 甲方 丙方"], tokenizer=split, top_n=2, docnames=["d"])
    assert kw.feature.tolist() == sorted(["乙方", "甲方", "丙方"])[:2]
    assert kw.doc_id.tolist() == ["d", "d"]


def test_content_filter():
    assert [t for t in ["2024", "第三", "百分之", "公开", "的", "信", "，", "e-mail"]
            if is_content(t)] == ["百分之", "公开", "e-mail"]


# --- TextRank -------------------------------------------------------------------------------


def test_textrank_path_graph_matches_closed_form():
    # path 甲甲—乙乙—丙丙 (window 2): r_end = 0.05 + 0.425 r_mid, r_mid = 0.05 + 1.7 r_end
    tr = textrank_keywords("甲甲 乙乙 丙丙", tokenizer=split, window=2, tol=1e-12)
    r_end = 0.07125 / 0.2775
    assert tr.feature.tolist() == ["乙乙", "丙丙", "甲甲"]  # tie broken by feature
    assert tr.score.tolist() == pytest.approx([1.7 * r_end + 0.05, r_end, r_end])
    assert tr.score.sum() == pytest.approx(1.0)


def test_textrank_drops_non_content_and_is_deterministic():
    text = "公开 的 信息 2024 公开 平台 , 公开 信息"
    tr = textrank_keywords(text, tokenizer=split, window=3)
    # edges 公开–信息 ×3, 公开–平台 ×2, 信息–平台 ×2: 公开 and 信息 tie, above 平台
    assert tr.feature.tolist() == ["信息", "公开", "平台"]  # a tie is broken by feature
    assert tr.score.iloc[0] == pytest.approx(tr.score.iloc[1])
    assert tr.score.iloc[2] < tr.score.iloc[1]
    pd.testing.assert_frame_equal(tr, textrank_keywords(text, tokenizer=split, window=3))
    with pytest.raises(ModelError):
        textrank_keywords(text, tokenizer=split, window=1)


# --- keyness --------------------------------------------------------------------------------


TARGET = ["公开 公开 公开 信息 平台 平台", "公开 申请 信息 公开"]
REFERENCE = ["申请 申请 信息 复议 诉讼", "申请 平台 复议 信息 信息 诉讼 申请"]


def _tables(frame):
    na, nb = frame.n_target.sum(), frame.n_reference.sum()
    for row in frame.itertuples():
        yield row, np.array([[row.n_target, row.n_reference],
                             [na - row.n_target, nb - row.n_reference]])


def test_keyness_chi2_yates_against_scipy():
    frame = keyness(TARGET, REFERENCE, tokenizer=split)
    assert list(frame.columns) == ["feature", "chi2", "p", "n_target", "n_reference"]
    assert frame.feature.iloc[0] == "公开" and frame.chi2.iloc[0] > 0
    assert frame.set_index("feature").chi2["申请"] < 0
    checked = 0
    for row, table in _tables(frame):
        n = table.sum()
        if abs(table[0, 0] * table[1, 1] - table[0, 1] * table[1, 0]) > n / 2:
            stat = chi2_contingency(table, correction=True)[0]
            assert abs(row.chi2) == pytest.approx(stat)
            assert row.p == pytest.approx(chi2_dist.sf(stat, 1))
            checked += 1
    assert checked >= 3
    assert frame.chi2.is_monotonic_decreasing


def test_keyness_g2_against_scipy_and_williams_by_hand():
    plain = keyness(TARGET, REFERENCE, tokenizer=split, measure="lr", correction="none")
    williams = keyness(TARGET, REFERENCE, tokenizer=split, measure="lr")
    for row, table in _tables(plain):
        stat = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert abs(row.G2) == pytest.approx(stat)
    (a, b), (c, d) = next(_tables(williams))[1]
    n = a + b + c + d
    q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    g2 = plain.set_index("feature").G2[williams.feature.iloc[0]]
    assert williams.G2.iloc[0] == pytest.approx(g2 / q)


def test_keyness_zero_cell_and_errors():
    g2 = keyness_lr(np.array([3.0, 2.0]), np.array([0.0, 4.0]), williams=False)
    assert np.isfinite(g2).all() and g2[0] > 0 > g2[1]
    assert keyness_chi2(np.array([3, 2]), np.array([0, 4]))[0] > 0
    with pytest.raises(ModelError):
        keyness(TARGET, [], tokenizer=split)
    with pytest.raises(ModelError):
        keyness(TARGET, REFERENCE, tokenizer=split, measure="pmi")
    with pytest.raises(ModelError, match="target texts hold no tokens"):
        keyness(["的 。"], REFERENCE, tokenizer=split)


# --- collocations ---------------------------------------------------------------------------


def test_collocation_pmi_by_hand():
    toy = ["政务 公开 工作 。 政务 公开 平台", "政务 公开 信息 公开 工作"]
    frame = collocations(toy, tokenizer=split, min_count=2)
    # N = 11 words; c(政务) = 3, c(公开) = 4, c(工作) = 2; "。" breaks the run
    pmi = frame.set_index("collocation").pmi
    assert pmi["政务 公开"] == pytest.approx(math.log(3 * 11 / (3 * 4)))
    assert pmi["公开 工作"] == pytest.approx(math.log(2 * 11 / (4 * 2)))
    assert frame.collocation.tolist() == ["公开 工作", "政务 公开"]  # equal PMI: by name
    assert frame["count"].tolist() == [2, 3]
    tri = collocations(toy, tokenizer=split, size=3, min_count=1)
    row = tri.set_index("collocation").loc["政务 公开 工作"]
    assert row["count"] == 1 and row["size"] == 3
    assert row.pmi == pytest.approx(math.log(1 * 11 ** 2 / (3 * 4 * 2)))
    with pytest.raises(ModelError):
        collocations(toy, tokenizer=split, size=4)


# --- seeds ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))]


def test_seed_keywords(seed_texts):
    kw = tfidf_keywords(seed_texts, top_n=10)
    assert kw.groupby("doc_id").size().tolist() == [10] * 5
    assert all(is_content(f) for f in kw.feature)
    assert kw.groupby("doc_id").score.apply(lambda s: s.is_monotonic_decreasing).all()
    pd.testing.assert_frame_equal(kw, tfidf_keywords(seed_texts, top_n=10))
    tr = textrank_keywords(seed_texts[1], top_n=10)
    assert len(tr) == 10 and all(is_content(f) for f in tr.feature)
    assert tr.score.is_monotonic_decreasing


def test_seed_keyness_finds_the_place_name(seed_texts):
    # 000 and 004 are reports of 沙坡头区 bodies; the other three are not
    target = [seed_texts[0], seed_texts[4]]
    reference = seed_texts[1:4]
    frame = keyness(target, reference).set_index("feature")
    assert frame.chi2["沙坡头区"] > 3.84  # p < 0.05
    assert frame.loc["沙坡头区", "n_reference"] < frame.loc["沙坡头区", "n_target"]


def test_seed_collocations_hold_stock_phrases(seed_texts):
    frame = collocations(seed_texts, min_count=5)
    assert (frame["count"] >= 5).all()
    assert "政府信息公开 工作" in set(frame.collocation)


# --- CLI ------------------------------------------------------------------------------------

_HEADINGS = {
    "overall": r"一、\s*总体情况", "active_disclosure": r"二、\s*主动公开",
    "applications": r"三、\s*收到和处理", "review_litigation": r"四、\s*政府信息公开行政复议",
    "problems": r"五、\s*(?:政府信息公开工作)?存在", "other": r"六、\s*其他",
}


def sliced_report(path: Path, level: str) -> Report:
    """A report record made by slicing a seed at its section headings (no pipeline needed)."""
    text = path.read_text(encoding="utf-8")
    heads = [(k, re.search(p, text)) for k, p in _HEADINGS.items()]
    sections = []
    for i, (key, m) in enumerate(heads):
        end = next((h.start() for _, h in heads[i + 1:] if h), len(text))
        sections.append(Section(key=key, title=m.group(0), start=m.start(), end=end,
                                text=text[m.end():end], body_start=m.end()))
    return Report(source=str(path), doc_id=path.stem[:3], text=text, sections=sections,
                  meta=Meta(level=level, year=2024))


@pytest.fixture()
def sliced_seeds(monkeypatch):
    """Route the CLI's parsing through :func:`sliced_report` (levels: 3 county, 2 city)."""
    import gkmine.pipeline

    levels = ["county", "city", "county", "city", "county"]

    def fake_iter_reports(files, **kw):
        for path, level in zip(sorted(files), levels, strict=False):
            yield sliced_report(Path(path), level)

    monkeypatch.setattr(gkmine.pipeline, "iter_reports", fake_iter_reports)


def test_cli_keywords_tfidf_and_textrank(sliced_seeds):
    from gkmine.cli import main

    result = CliRunner().invoke(main, ["keywords", str(SEEDS_DIR), "--top", "3", "--csv",
                                       "--section", "overall"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "doc_id,feature,score" and len(lines) == 1 + 5 * 3
    result = CliRunner().invoke(main, ["keywords", str(SEEDS_DIR), "--method", "textrank",
                                       "--top", "2", "--json"])
    rows = [json.loads(line) for line in result.output.strip().splitlines()]
    assert len(rows) == 10 and set(rows[0]) == {"doc_id", "feature", "score"}
    result = CliRunner().invoke(main, ["keywords", str(SEEDS_DIR), "--top", "2"])
    assert result.exit_code == 0 and "feature" in result.output.splitlines()[0]


def test_cli_keyness(sliced_seeds):
    from gkmine.cli import main

    result = CliRunner().invoke(main, ["keyness", str(SEEDS_DIR), "--by", "level", "--top",
                                       "5", "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.strip().splitlines()
            if line.startswith("{")]
    assert len(rows) == 5 and set(rows[0]) == {"feature", "chi2", "p", "n_target",
                                               "n_reference"}
    assert rows[0]["chi2"] >= rows[-1]["chi2"]
    result = CliRunner().invoke(main, ["keyness", str(SEEDS_DIR), "--by", "year"])
    assert result.exit_code != 0 and "E411" in result.output  # one value: nothing to compare


def test_cli_on_parsed_seeds():
    from gkmine.pipeline import parse_document

    report = parse_document(sorted(SEEDS_DIR.glob("*.txt"))[0])
    assert report.status != "error", report.error
    from gkmine.cli import main

    result = CliRunner().invoke(main, ["keywords", str(SEEDS_DIR), "--top", "3", "--csv"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1 + 5 * 3


def test_parallel_dfm_equals_serial_dfm_with_the_segmenter(seed_paths):
    from gkmine.nlp import Segmenter

    texts = [p.read_text(encoding="utf-8") for p in seed_paths] * 3
    cut = Segmenter(stop_words="default").cut
    serial = dfm(texts, tokenizer=cut)
    parallel = dfm(texts, tokenizer=cut, n_process=2, batch_size=4)
    assert serial.features == parallel.features
    assert (serial.matrix != parallel.matrix).nnz == 0
    assert serial.docnames == parallel.docnames


def test_textrank_graph_is_sparse_and_linear_in_the_text():
    # 30,000 distinct words: a dense vocabulary x vocabulary matrix would need 7 GB.
    text = " ".join(f"词{i}" for i in range(30_000))
    tr = textrank_keywords(text, tokenizer=str.split, window=3, top_n=3)
    assert len(tr) == 3 and tr.score.iloc[0] == pytest.approx(1 / 30_000, rel=0.2)


def test_streamed_keywords_equal_the_in_memory_ones(seed_paths) -> None:
    from gkmine.nlp.keywords import tfidf_keywords, tfidf_keywords_streamed

    texts = [p.read_text(encoding="utf-8") for p in seed_paths]
    names = [p.stem for p in seed_paths]
    whole = tfidf_keywords(texts, docnames=names, top_n=15)
    streamed = tfidf_keywords_streamed(
        lambda: iter([(names[:2], texts[:2]), (names[2:], texts[2:])]), top_n=15)
    assert whole[["doc_id", "feature"]].values.tolist() == \
        streamed[["doc_id", "feature"]].values.tolist()
    assert (whole["score"] - streamed["score"]).abs().max() < 1e-12
