"""``gkmine reproduce``: one configuration, every output, byte-identical tables on a re-run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gkmine.reproduce import RUN_LOG_TABLES, RunConfig, reproduce


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in sorted((folder / "parquet").glob("*.parquet"))
            if p.stem not in RUN_LOG_TABLES}


def test_run_config_reads_yaml_relative_to_its_folder(tmp_path: Path) -> None:
    (tmp_path / "run.yaml").write_text(
        "paths: [docs]\nout: out\njobs: 1\nconfig:\n  tables: false\n", encoding="utf-8")
    run = RunConfig.from_yaml(tmp_path / "run.yaml")
    assert run.paths == (str(tmp_path / "docs"),) and run.out == str(tmp_path / "out")
    assert run.jobs == 1 and run.config.tables is False


def test_run_config_rejects_unknown_settings(tmp_path: Path) -> None:
    from gkmine.errors import GkmineError

    with pytest.raises(GkmineError, match="unknown settings"):
        RunConfig.from_dict({"pathz": ["x"]})


@pytest.mark.slow
def test_two_runs_give_byte_identical_tables(tmp_path: Path, seed_paths) -> None:
    outputs = []
    for name in ("first", "second"):
        run = RunConfig(paths=tuple(str(p) for p in seed_paths), out=str(tmp_path / name),
                        jobs=1, figures=False, report=False)
        counts = reproduce(run, echo=lambda line: None)
        outputs.append(_tables(tmp_path / name))
        assert counts["reports"] == 5 and counts["cells"] == 1000
    assert outputs[0].keys() == outputs[1].keys() and len(outputs[0]) > 10
    different = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert different == []
    manifest = json.loads((tmp_path / "second" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["inputs"]) == 5 and all(len(i["sha256"]) == 64
                                                for i in manifest["inputs"])
    assert manifest["tables"]["cells"] == 1000 and "duckdb" in manifest["packages"]


@pytest.mark.slow
def test_rerun_into_the_same_folder_rebuilds_nothing(tmp_path: Path, seed_paths) -> None:
    run = RunConfig(paths=tuple(str(p) for p in seed_paths[:2]), out=str(tmp_path / "out"),
                    jobs=1, figures=False, report=False)
    reproduce(run, echo=lambda line: None)
    lines: list[str] = []
    reproduce(run, echo=lines.append)
    assert not any(line.startswith("analysis ") for line in lines), lines
    assert any("unchanged 2" in line for line in lines)
