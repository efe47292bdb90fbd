"""Annotation workflow: validation, agreement, uncertainty export, merging."""

from __future__ import annotations

import json
import math

import pytest

from gkmine.errors import ModelError
from gkmine.issues.annotate import (
    agreement,
    cohen_kappa,
    export_uncertain,
    merge_codings,
    read_annotations,
    write_annotations,
)


def test_kappa_hand_computed():
    # 10 items, coder A: 6 problem / 4 measure, coder B: 5 / 5, agreeing on 8.
    a = ["problem"] * 6 + ["measure"] * 4
    b = ["problem"] * 5 + ["measure"] + ["measure"] * 3 + ["problem"]
    # observed 0.8; expected 0.6*0.6 + 0.4*0.4 = 0.52; kappa = 0.28 / 0.48
    assert cohen_kappa(a, b) == round(0.28 / 0.48, 4) == 0.5833
    assert cohen_kappa(a, a) == 1.0
    assert math.isnan(cohen_kappa(["x", "x"], ["x", "x"]))


def test_agreement_per_topic():
    first = [{"id": "1", "kind": "problem", "topics": ["content"]},
             {"id": "2", "kind": "measure", "topics": ["content", "capacity"]},
             {"id": "3", "kind": "problem", "topics": []},
             {"id": "9", "kind": "other", "topics": []}]
    second = [{"id": "1", "kind": "problem", "topics": ["content"]},
              {"id": "2", "kind": "measure", "topics": ["capacity"]},
              {"id": "3", "kind": "measure", "topics": []}]
    table = agreement(first, second).set_index("label")
    assert table.loc["kind", "n"] == 3
    # kind: observed 2/3; A = (p, m, p), B = (p, m, m): expected 2/3*1/3 + 1/3*2/3 = 4/9
    assert table.loc["kind", "kappa"] == round((2 / 3 - 4 / 9) / (1 - 4 / 9), 4)
    # content: A = (1, 1, 0), B = (1, 0, 0): observed 2/3, expected 2/3*1/3 + 1/3*2/3
    assert table.loc["topic:content", "kappa"] == 0.4
    assert table.loc["topic:capacity", "kappa"] == 1.0


def test_read_annotations_validates(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "1", "text": "x", "kind": "problem", "topics": ["content"]}\n'
                    '{"id": "2", "text": "y", "kind": "problem", "topics": ["speed"]}\n',
                    encoding="utf-8")
    with pytest.raises(ModelError, match=r"E408.*c\.jsonl.*line 2.*speed"):
        read_annotations(path)
    csv_path = tmp_path / "c.csv"
    csv_path.write_text("id,text,kind,topics\n1,x,problem,content;timeliness\n2,y,issue,\n",
                        encoding="utf-8")
    with pytest.raises(ModelError, match=r"line 3.*unknown kind 'issue'"):
        read_annotations(csv_path)
    csv_path.write_text("id,text,kind,topics\n1,x,measure,content;timeliness\n", encoding="utf-8")
    assert read_annotations(csv_path)[0]["topics"] == ["content", "timeliness"]


def test_merge_refuses_silent_overwrite():
    base = [{"id": "1", "text": "x", "kind": "problem", "topics": []}]
    new = [{"id": "1", "text": "x", "kind": "measure", "topics": []},
           {"id": "2", "text": "y", "kind": "other", "topics": []}]
    with pytest.raises(ModelError, match="already coded"):
        merge_codings(base, new)
    merged = merge_codings(base, new, replace=True)
    assert [(r["id"], r["kind"]) for r in merged] == [("1", "measure"), ("2", "other")]


def test_export_uncertain_orders_by_entropy(tmp_path):
    statements = [{"id": "a", "text": "一是政府信息公开意识仍需加强；"},
                  {"id": "b", "text": "信息公开工作"},
                  {"id": "c", "text": "二是加强业务培训，提高工作人员业务水平。"}]
    frame = export_uncertain(statements, tmp_path / "todo.csv", exclude_ids=["c"])
    assert list(frame["id"]) == ["b", "a"]  # the cue-less text is the most uncertain
    assert (frame["kind_entropy"].diff().dropna() <= 0).all()
    out = write_annotations([{"id": "b", "text": "信息公开工作", "kind": "other",
                              "topics": []}], tmp_path / "done.jsonl")
    assert json.loads(out.read_text(encoding="utf-8"))["kind"] == "other"
