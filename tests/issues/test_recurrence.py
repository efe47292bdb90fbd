"""Recurrence analyses on a small synthetic statements frame."""

from __future__ import annotations

import pandas as pd
import pytest

from gkmine.issues.recurrence import (
    consecutive_repeats,
    exact_duplicates,
    near_duplicates,
    problem_answered,
    topic_recurrence,
)

ROWS = [  # doc, agency, year, agency_type, kind, topics, text
    ("a22", "甲局", 2022, "医疗保障",
     "problem", ["timeliness"], "一是信息更新不够及时，公开质量有待提高；"),
    ("a22", "甲局", 2022, "医疗保障",
     "measure", ["timeliness"], "一是及时更新栏目信息。"),
    ("a23", "甲局", 2023, "医疗保障",
     "problem", ["timeliness", "content"], "二是信息更新不够及时，公开质量有待提高。"),
    ("a23", "甲局", 2023, "医疗保障",
     "problem", ["capacity"], "三是工作人员业务水平有待提升。"),
    ("b23", "乙局", 2023, "卫生健康",
     "problem", ["timeliness"], "1.信息更新不够及时，公开质量有待提高。"),
    ("b23", "乙局", 2023, "卫生健康",
     "measure", ["capacity"], "1.加强业务培训，提升工作人员的业务水平和能力。"),
    ("c23", "丙局", 2023, "卫生健康",
     "problem", [], "一年来取得成效，但也存在一些问题。"),
]


@pytest.fixture()
def frame():
    df = pd.DataFrame(ROWS, columns=["doc_id", "agency", "year", "agency_type", "kind", "topics",
                                     "text"])
    df["statement_id"] = [f"{d}#{i}" for i, d in enumerate(df["doc_id"])]
    df["level"] = "county"
    df["province"] = "宁夏回族自治区"
    return df


def test_topic_recurrence_by_agency_type(frame):
    out = topic_recurrence(frame, by="agency_type").set_index(["agency_type", "topic"])
    assert out.loc[("医疗保障", "timeliness"), "reports_with_topic"] == 2
    assert out.loc[("医疗保障", "timeliness"), "share"] == 1.0
    assert out.loc[("卫生健康", "timeliness"), "n_reports"] == 2  # b23 and c23
    assert out.loc[("卫生健康", "timeliness"), "share"] == 0.5
    assert ("卫生健康", "capacity") not in out.index  # capacity there is a measure
    by_year = topic_recurrence(frame, by=["year"]).set_index(["year", "topic"])
    assert by_year.loc[(2023, "timeliness"), "statements"] == 2


def test_consecutive_repeats(frame):
    out = consecutive_repeats(frame)
    assert out[["agency", "topic", "year", "previous_year"]].values.tolist() == [
        ["甲局", "timeliness", 2023, 2022]]
    assert out["previous_doc_id"].tolist() == ["a22"]


def test_exact_duplicates_across_years_and_agencies(frame):
    out = exact_duplicates(frame)
    assert len(out) == 1
    row = out.iloc[0]
    assert row["n_reports"] == 3 and row["scope"] == "across_agencies"
    assert row["years"] == "2022;2023" and row["agencies"] == "乙局;甲局"
    same = exact_duplicates(frame[frame["agency"] == "甲局"])
    assert same["scope"].tolist() == ["same_agency"]


def test_near_duplicates_are_deterministic(frame):
    out = near_duplicates(frame, threshold=0.5)
    pairs = set(zip(out["statement_id"], out["other_statement_id"], strict=True))
    assert ("a22#0", "a23#2") in pairs and ("a22#0", "b23#4") in pairs
    # the two capacity statements share words but are not near-duplicates
    assert not any("a23#3" in p for p in pairs)
    assert out.equals(near_duplicates(frame, threshold=0.5))


def test_problem_answered(frame):
    out = problem_answered(frame).set_index(["statement_id", "topic"])
    assert out.loc[("a22#0", "timeliness"), "answered"]
    assert out.loc[("a22#0", "timeliness"), "measure_ids"] == "a22#1"
    assert not out.loc[("a23#2", "timeliness"), "answered"]  # no measure in a23
    assert not out.loc[("b23#4", "timeliness"), "answered"]  # b23 answers capacity only


def test_recurrence_tables(frame):
    from gkmine.issues.recurrence import recurrence_tables

    tables = recurrence_tables(frame)
    assert set(tables) == {"topic_recurrence_agency_type", "topic_recurrence_level",
                           "topic_recurrence_province", "topic_recurrence_year",
                           "consecutive_repeats", "exact_duplicates", "near_duplicates",
                           "problem_answered"}
    assert tables["topic_recurrence_level"]["n_reports"].max() == 4


def test_empty_corpus_gives_empty_tables():
    from gkmine.issues.corpus import STATEMENT_COLUMNS
    from gkmine.issues.recurrence import recurrence_tables

    empty = pd.DataFrame(columns=list(STATEMENT_COLUMNS))
    assert all(t.empty for t in recurrence_tables(empty).values())


def test_scope_is_same_agency_for_one_agency_named_two_ways():
    """Two years of one agency, named with and without its province, are one agency."""
    text = "一是政府信息公开栏目更新不够及时，公开质量有待提高。"
    df = pd.DataFrame({
        "doc_id": ["y23", "y24"], "statement_id": ["y23#1", "y24#1"],
        "kind": ["problem"] * 2, "topics": [["timeliness"]] * 2, "text": [text, text],
        "agency": ["中卫市医疗保障局", "宁夏回族自治区中卫市医疗保障局"],
        "year": [2023, 2024], "level": "prefecture", "province": [None, "宁夏回族自治区"],
        "agency_type": "医疗保障局"})
    assert exact_duplicates(df)["scope"].tolist() == ["same_agency"]
    assert near_duplicates(df)["scope"].tolist() == ["same_agency"]
    assert consecutive_repeats(df)["year"].tolist() == [2024]


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    """Rows in one order; text columns as objects (a batch whose texts are all missing has
    an object column where the whole frame has a string one: both are text in the store)."""
    text = [c for c in table.columns if pd.api.types.is_string_dtype(table[c].dtype)]
    table = table.astype({c: object for c in text})
    table[text] = table[text].where(table[text].notna(), None)
    return table.sort_values(list(table.columns)).reset_index(drop=True)


def test_streamed_batches_give_the_tables_of_one_frame(frame, monkeypatch):
    """Reports read one at a time (several agencies, years and copies of each text) give the
    tables of the whole frame: the same rows, the same types."""
    import gkmine.issues.recurrence as recurrence
    from gkmine.issues.recurrence import recurrence_tables, stream_recurrence

    copies = []
    for n, agency in enumerate(["甲局", "丁局", "戊局"]):
        copy = frame.assign(doc_id=frame["doc_id"] + f"-{n}", year=frame["year"] + n % 2)
        copy["agency"] = copy["agency"].where(copy["agency"] != "甲局", agency)
        copy["statement_id"] = copy["doc_id"] + "#" + copy.index.astype(str)
        copies.append(copy)
    corpus = pd.concat(copies, ignore_index=True).sort_values("doc_id", kind="stable")
    whole = recurrence_tables(corpus)
    by_report = [group for _, group in corpus.groupby("doc_id", sort=True)]
    monkeypatch.setattr(recurrence, "_NEAR_ROWS_AT_ONCE", 2)  # near duplicates in pieces
    streamed: dict[str, list[pd.DataFrame]] = {}
    for part in stream_recurrence(lambda: iter(by_report), n_statements=3):
        assert set(part) == set(whole)  # every table named, all but one empty
        for name, table in part.items():
            if len(table):
                streamed.setdefault(name, []).append(table)
    assert len(streamed["problem_answered"]) > 1  # written a report at a time
    assert len(streamed["near_duplicates"]) > 1
    assert len(whole["near_duplicates"]) > 3 and len(whole["exact_duplicates"]) > 0
    for name, table in whole.items():
        parts = _sorted(pd.concat(streamed[name], ignore_index=True))
        pd.testing.assert_frame_equal(parts, _sorted(table), obj=name)


def test_store_recurrence_is_the_frame_recurrence(tmp_path, seed_paths):
    """The corpus step reads the statements a part of reports at a time; its tables are those
    of the whole statements frame, whatever the part size."""
    from gkmine.engine import LocalEngine, run_corpus
    from gkmine.issues.analyses import (
        RECURRENCE_COLUMNS,
        RECURRENCE_TABLES,
        recurrence_parts_of_store,
        statements_with_meta,
    )
    from gkmine.issues.recurrence import recurrence_tables
    from gkmine.store import Store

    db = tmp_path / "c.duckdb"
    run_corpus(seed_paths, db_path=db, engine=LocalEngine(1))
    with Store(db) as store:
        whole = recurrence_tables(statements_with_meta(store, RECURRENCE_COLUMNS))
        written = {}
        for part_docs in (1, 1000):
            store.replace_tables(RECURRENCE_TABLES,
                                 recurrence_parts_of_store(store, part_docs=part_docs))
            written[part_docs] = {name: store.table(name) for name in RECURRENCE_TABLES}
    assert len(whole["problem_answered"]) > 0
    for name in RECURRENCE_TABLES:
        for tables in written.values():
            assert list(tables[name].columns) == list(whole[name].columns), name
            assert len(tables[name]) == len(whole[name]), name
        pd.testing.assert_frame_equal(_sorted(written[1][name]), _sorted(written[1000][name]),
                                      obj=name)
