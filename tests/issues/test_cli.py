"""The `gkmine classify` command-line contract."""

from __future__ import annotations

import json

from click.testing import CliRunner

from gkmine.cli.classify import classify_group
from gkmine.issues.codebook import KINDS, TOPICS

LINES = [{"id": "a", "text": "一是政府信息公开意识仍需加强；"},
         {"id": 7, "text": "二是拓宽公开渠道，加强新媒体平台建设。", "context": "measure"}]


def _input(tmp_path, lines=LINES):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    return str(path)


def _check_json_lines(output: str):
    out = [json.loads(line) for line in output.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    for o in out:
        assert set(o) == {"id", "kind", "topics", "scores"}
        assert o["kind"] in KINDS and set(o["topics"]) <= set(TOPICS)
        assert all(isinstance(v, float) for v in o["scores"].values())
    return out


def test_apply_json(tmp_path):
    result = CliRunner().invoke(classify_group, ["apply", "--input", _input(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    out = _check_json_lines(result.output)
    assert out[0]["kind"] == "problem" and "awareness" in out[0]["topics"]
    assert out[1]["kind"] == "measure" and "channels" in out[1]["topics"]


def test_group_without_subcommand_applies(tmp_path):
    result = CliRunner().invoke(classify_group, ["--input", _input(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    _check_json_lines(result.output)


def test_apply_dictionary_and_plain_output(tmp_path):
    result = CliRunner().invoke(classify_group, ["apply", "--input", _input(tmp_path),
                                                 "--dictionary"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split("\t")[:2] == ["a", "problem"]


def test_bad_input_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n{"id": "b"}\n', encoding="utf-8")
    result = CliRunner().invoke(classify_group, ["apply", "--input", str(path), "--json"])
    assert result.exit_code != 0
    assert "E408" in result.output and "bad.jsonl" in result.output and "line 2" in result.output


def test_corpus_writes_duckdb(tmp_path, seeds_dir):
    import duckdb

    db = tmp_path / "issues.duckdb"
    seed = seeds_dir / "000_83836b83bf579b6a.txt"
    result = CliRunner().invoke(classify_group, ["corpus", str(seed), "--db", str(db)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db))
    kinds = [r[0] for r in con.execute("SELECT kind FROM statements ORDER BY seq").fetchall()]
    profiles = con.execute("SELECT n_statements FROM topic_profiles").fetchall()
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'statements'").fetchall())
    con.close()
    assert types["topics"] == "VARCHAR[]"
    assert kinds == ["problem", "measure", "measure"]
    assert profiles == [(3,)]


def test_corpus_json_is_strict_json_with_topic_lists(tmp_path):
    report = tmp_path / "no_metadata.txt"  # no title: agency and year are missing
    report.write_text("五、存在的主要问题及改进情况\n一是公开意识不强。\n二是加强业务培训。\n",
                      encoding="utf-8")

    def no_nan(name):
        raise AssertionError(f"{name} is not JSON")

    result = CliRunner().invoke(classify_group, ["corpus", str(report)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line, parse_constant=no_nan) for line in result.stdout.splitlines()
            if line.startswith("{")]
    assert rows and all(isinstance(r["topics"], list) for r in rows)
    assert any(r["year"] is None for r in rows)


def test_evaluate_prints_the_stored_evaluation_without_training(trained, monkeypatch):
    import gkmine.issues.evaluate as evaluate

    def no_training(*args, **kwargs):
        raise AssertionError("the stored evaluation must be used")

    monkeypatch.setattr(evaluate, "cross_validate", no_training)
    args = ["evaluate", "--model", str(trained.path), "--data", str(trained.data),
            "--folds", str(trained.folds)]
    result = CliRunner().invoke(classify_group, args)
    assert result.exit_code == 0, result.output
    assert "stored with the model" in result.output and "kind_accuracy" in result.output
    # --rerun (or another seed) cross-validates again
    rerun = CliRunner().invoke(classify_group, [*args, "--rerun"])
    assert rerun.exit_code != 0 and "stored evaluation must be used" in repr(rerun.exception)
