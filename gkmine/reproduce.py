"""One command that reproduces every analysis of a corpus (``gkmine reproduce``).

A :class:`RunConfig` (a YAML file: the corpus paths, every parameter, the seeds) says what to
run. The steps follow the one-way flow of the data: documents → the database
(:func:`gkmine.engine.run_corpus`) → every registered corpus analysis → Parquet, figures, the
HTML report and a manifest, all under one output folder::

    OUT/gkmine.duckdb   OUT/parquet/*.parquet   OUT/figures/*.png|svg
    OUT/report/index.html   OUT/manifest.json

A second run on the same corpus and configuration reprocesses nothing and gives
byte-identical Parquet tables (the run log aside).

>>> RunConfig.from_dict({"paths": ["corpora"], "config": {"tables": False}}).config.tables
False
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from gkmine.config import DEFAULT, Config

#: Tables that describe runs rather than the corpus (they differ between two runs).
RUN_LOG_TABLES = ("runs", "run_log")


@dataclass(frozen=True)
class RunConfig:
    """Everything one reproduction needs; ``gkmine reproduce CONFIG.yaml`` reads it."""

    paths: tuple[str, ...] = ("corpora",)
    out: str = "results"
    #: worker processes for the local engine (0: all cores)
    jobs: int = 0
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # Dask scheduler address, with engine: dask
    #: per-document and analysis parameters, seeds included
    config: Config = field(default_factory=lambda: DEFAULT)
    #: registered analyses to build (None: all)
    analyses: tuple[str, ...] | None = None
    figures: bool = True
    report: bool = True
    #: a CSV manifest ``path,url`` of the pages' addresses (evidence of each report's place)
    urls: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, base: Path | None = None) -> RunConfig:
        data = dict(data)
        unknown = set(data) - {f for f in cls.__dataclass_fields__}
        if unknown:
            from gkmine.errors import ModelError

            raise ModelError("E403", "", f"unknown settings in the run configuration: "
                             f"{sorted(unknown)}")
        if "config" in data:
            data["config"] = Config.from_dict(data["config"] or {})
        for name in ("paths", "analyses"):
            if data.get(name) is not None:
                value = data[name]
                data[name] = tuple([value] if isinstance(value, str) else value)
        if base is not None:
            data["paths"] = tuple(_relative(p, base) for p in data.get("paths", cls.paths))
            data["out"] = _relative(data.get("out", cls.out), base)
            if data.get("urls"):
                data["urls"] = _relative(data["urls"], base)
        return cls(**data)

    @classmethod
    def from_yaml(cls, path: str | os.PathLike) -> RunConfig:
        """Read a YAML run configuration; relative paths are relative to the file."""
        import yaml

        path = Path(path)
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
        return cls.from_dict(data, base=path.parent)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["config"] = self.config.to_dict()
        out["paths"] = list(self.paths)
        out["analyses"] = None if self.analyses is None else list(self.analyses)
        return out


def _relative(path: str, base: Path) -> str:
    return path if os.path.isabs(path) else os.path.normpath(os.path.join(base, path))


def reproduce(run: RunConfig | Sequence[str], *, out_dir: str | os.PathLike | None = None,
              config: Config | None = None, n_jobs: int | None = None,
              echo: Callable[[str], None] = print) -> dict[str, int]:
    """Run everything ``run`` says; returns rows per table.

    ``reproduce(["corpora"], out_dir="results")`` is the shorthand of
    ``reproduce(RunConfig(paths=("corpora",), out="results"))``.
    """
    from gkmine.engine import DaskEngine, LocalEngine, run_analyses, run_corpus
    from gkmine.store import Store
    from gkmine.store.schema import BOOKKEEPING_TABLES

    if not isinstance(run, RunConfig):
        run = RunConfig(paths=tuple(os.fspath(p) for p in run))
    changes = {k: v for k, v in (("out", None if out_dir is None else os.fspath(out_dir)),
                                 ("config", config), ("jobs", n_jobs)) if v is not None}
    run = replace(run, **changes)
    out = Path(run.out)
    out.mkdir(parents=True, exist_ok=True)
    db_path = out / "gkmine.duckdb"
    engine = (DaskEngine(scheduler=run.scheduler) if run.engine == "dask"
              else LocalEngine(run.jobs))
    echo(f"processing {', '.join(run.paths)} with the {engine.name} engine")
    urls = None
    if run.urls:
        from gkmine.pipeline import read_url_manifest

        urls = read_url_manifest(run.urls)
    summary = run_corpus(list(run.paths), db_path=db_path, config=run.config, engine=engine,
                         progress=True, command="reproduce", urls=urls)
    echo("documents: " + ", ".join(f"{k[2:]} {v}" for k, v in summary.counts.items()))
    with Store(db_path) as store:
        built = run_analyses(store, run.config, names=run.analyses, run_id=summary.run_id,
                             echo=echo)
        counts = {name: store.count(name) for name in store.tables()
                  if name not in BOOKKEEPING_TABLES}
        store.export_parquet(out / "parquet")
        inputs = store.query("select source, sha256, size from files order by path")
    written = [str(db_path), str(out / "parquet")]
    if run.figures:
        written.extend(_optional_step("figures", echo, _figures, db_path, out / "figures"))
    if run.report:
        written.extend(_optional_step("report", echo, _site, db_path, out / "report",
                                      out / "figures", run.jobs or os.cpu_count() or 1))
    _write_manifest(out / "manifest.json", run, counts, inputs, built)
    echo(f"wrote {', '.join(written)} and {out / 'manifest.json'}")
    return dict(sorted((k, v) for k, v in counts.items()))


def _optional_step(name: str, echo, func, *args) -> list[str]:
    try:
        return [str(p) for p in func(*args)]
    except ImportError as err:  # that stage is not part of this installation
        echo(f"skipped {name}: {err}")
        return []


def _figures(db_path: Path, folder: Path) -> list[Path]:
    from gkmine.report.figures import make_figures

    return [folder] if make_figures(db_path, folder) else []


def _site(db_path: Path, folder: Path, figures: Path, n_jobs: int = 1) -> list[Path]:
    from gkmine.report import build_site

    return [build_site(db_path, folder, figures_dir=figures if figures.is_dir() else None,
                       n_jobs=n_jobs)]


def _write_manifest(path: Path, run: RunConfig, counts: dict[str, int], inputs, built) -> None:
    from gkmine.versions import gkmine_version, package_versions

    manifest = {
        "gkmine": gkmine_version(),
        "packages": package_versions(),
        "run_config": run.to_dict(),
        "inputs": [{"source": s, "sha256": h, "bytes": None if b is None else int(b)}
                   for s, h, b in inputs.itertuples(index=False)],
        "tables": {k: counts[k] for k in sorted(counts)},
        "analyses": built,
    }
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                    encoding="utf-8")
