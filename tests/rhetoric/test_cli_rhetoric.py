"""``gkmine rhetoric PATH... --json``: one line per document, deterministic for a seed."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from rhetoric_helpers import names_of, rename

from gkmine.cli import main

FIELDS = {"source", "doc_id", "cluster", "nearest", "similarity", "x", "y",
          "boilerplate_share"}


def _run(args) -> list[dict]:
    result = CliRunner().invoke(main, ["rhetoric", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_rhetoric_json_lines(seeds_dir, seed_reports, tmp_path):
    seeds = sorted(seeds_dir.glob("*.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_text(rename(seed_reports[0].text, names_of(seed_reports[0]), "重庆市渝中区司法局"),
                    encoding="utf-8")
    twin = tmp_path / "twin.txt"
    shutil.copy(seeds[1], twin)
    args = [*map(str, seeds), str(copy), str(twin), "--json", "--seed", "2", "--k", "2"]
    lines = _run(args)
    assert [line["source"] for line in lines] == args[:7]
    for line in lines:
        assert set(line) == FIELDS and 0 <= line["similarity"] <= 1
        share = line["boilerplate_share"]
        assert share is None or 0 <= share <= 1
    by_source = {line["source"]: line for line in lines}
    assert by_source[str(copy)]["nearest"] == str(seeds[0])
    assert by_source[str(copy)]["similarity"] >= 0.95
    assert by_source[str(twin)]["nearest"] == str(seeds[1])
    assert by_source[str(twin)]["similarity"] == 1.0
    assert _run(args) == lines


def test_rhetoric_reports_unreadable_files(tmp_path, seeds_dir):
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["rhetoric", str(missing), "--json"])
    assert result.exit_code == 0 and "E001" in result.stderr and result.stdout == ""
