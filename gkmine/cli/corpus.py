"""Corpus commands: ``parse``, ``check``, ``export``, ``reproduce``."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import click

from gkmine.config import DEFAULT, Config
from gkmine.errors import display_source as display


def _config(no_tables: bool) -> Config:
    return DEFAULT.replace(tables=not no_tables, checks=not no_tables)


def engine_options(func):
    """``--jobs``, ``--engine`` and ``--scheduler``: where the per-document work runs."""
    func = click.option("--scheduler", default=None,
                        help="Dask scheduler address (with --engine dask), e.g. "
                             "tcp://host:8786.")(func)
    func = click.option("--engine", "engine_name", type=click.Choice(["local", "dask"]),
                        default="local", show_default=True,
                        help="A local process pool, or an existing Dask cluster.")(func)
    return click.option("--jobs", default=0, show_default=True,
                        help="Worker processes of the local engine (0 = all cores).")(func)


def make_engine(engine_name: str, jobs: int, scheduler: str | None):
    from gkmine.engine import DaskEngine, LocalEngine

    if engine_name == "dask":
        if not scheduler:
            raise click.UsageError("--engine dask needs --scheduler ADDRESS")
        return DaskEngine(scheduler=scheduler)
    return LocalEngine(jobs)


@contextmanager
def paths_store(paths, *, config: Config = DEFAULT, analyses: tuple[str, ...] = (),
                command: str = "", jobs: int = 0):
    """The documents under ``paths`` processed by the engine into a temporary database, with
    the named analyses built (and those they read); yields the open :class:`Store`.

    Errors are reported on stderr, one line per document; nothing is printed otherwise.
    """
    import tempfile

    from gkmine.engine import LocalEngine, run_analyses, run_corpus
    from gkmine.store import Store

    def report_error(result) -> None:
        if result.status == "error":
            docs = result.tables.get("docs") or [{}]
            click.echo(display(docs[0].get("error") or
                               f"[{result.error_code}] {result.source}"), err=True)

    with tempfile.TemporaryDirectory(prefix="gkmine-") as tmp:
        db = Path(tmp) / "gkmine.duckdb"
        summary = run_corpus(list(paths), db_path=db, config=config, engine=LocalEngine(jobs),
                             command=command, on_result=report_error)
        if summary.counts["n_inputs"] == 0:
            raise click.UsageError("no report files found under the given paths")
        with Store(db) as store:
            run_analyses(store, config, names=list(analyses))
            yield store


def _reports(paths, config: Config, jobs: int, progress: bool, urls=None):
    """Report records for JSON or text output (no database): errors included."""
    from gkmine.engine import discover_entries
    from gkmine.pipeline import iter_reports

    entries = discover_entries(paths, config)
    if not entries:
        raise click.UsageError("no report files found under the given paths")
    return iter_reports(entries, config=config, n_jobs=jobs, progress=progress, urls=urls)


@click.command("parse")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Write (or update) a DuckDB database.")
@engine_options
@click.option("--no-tables", is_flag=True, help="Skip table recovery and checks.")
@click.option("--with-text", is_flag=True, help="Include the analysis text in the JSON.")
@click.option("--urls", "urls_path", type=click.Path(exists=True, dir_okay=False),
              help="CSV manifest path,url: each page's address, weak evidence of its place.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar on stderr.")
def parse_cmd(paths, as_json, db_path, jobs, engine_name, scheduler, no_tables, with_text,
              urls_path, progress):
    """Parse reports (files or directories) into JSON Lines or a DuckDB database.

    Every input file gets exactly one row, with status ok, partial or error; a failing
    document never stops the batch. With --db, a re-run processes only new or changed files.
    """
    config = _config(no_tables)
    progress = progress and sys.stderr.isatty()
    urls = None
    if urls_path:
        from gkmine.pipeline import read_url_manifest

        urls = read_url_manifest(urls_path)
    if db_path:
        _parse_into_db(paths, db_path, config, make_engine(engine_name, jobs, scheduler),
                       progress, as_json, urls)
        return
    counts: dict[str, int] = {}
    for report in _reports(paths, config, jobs, progress, urls):
        counts[report.status] = counts.get(report.status, 0) + 1
        if as_json:
            click.echo(json.dumps(report.to_dict(with_text=with_text), ensure_ascii=False))
        else:
            click.echo(_summary_line(report))
        if report.status == "error":
            click.echo(display(report.error or ""), err=True)
    click.echo("parsed " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())), err=True)


def _parse_into_db(paths, db_path, config: Config, engine, progress: bool,
                   as_json: bool, urls=None) -> None:
    from gkmine.engine import run_corpus

    def show(result) -> None:
        if as_json:
            click.echo(json.dumps({"source": result.source, "doc_id": result.doc_id,
                                   "status": result.status, "action": result.action,
                                   "error_code": result.error_code}, ensure_ascii=False))
        if result.status == "error" and result.action != "unchanged":
            click.echo(f"{display(result.source)}: error {result.error_code}", err=True)

    summary = run_corpus(list(paths), db_path=db_path, config=config, engine=engine,
                         progress=progress, command="parse " + " ".join(paths),
                         on_result=show, urls=urls)
    counts = summary.counts
    click.echo(f"{counts['n_inputs']} files: {counts['n_processed']} processed, "
               f"{counts['n_reused']} reused, {counts['n_unchanged']} unchanged, "
               f"{counts['n_errors']} errors; {counts['n_skipped']} skipped "
               f"(not reports) → {db_path}", err=True)


def _summary_line(report) -> str:
    m = report.meta
    failed = sum(1 for c in report.checks if not c.passed and c.severity == "hard")
    return "\t".join(str(x) for x in (
        display(report.source), report.status, m.agency or "-", m.year or "-", m.level or "-",
        m.layout, f"{len(report.sections)} sections", f"{len(report.cells)} cells",
        f"{failed} failed checks"))


@click.command("check")
@click.argument("paths", nargs=-1)
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False),
              help="Check the reports stored in a database instead of parsing files.")
@click.option("--strict", is_flag=True, help="Exit with status 1 if any hard check fails.")
@click.option("--soft/--no-soft", default=True, show_default=True,
              help="Also list failing soft (narrative, cross-year) checks.")
def check_cmd(paths, db_path, strict, soft):
    """List failing checks with the source lines they involve.

    Per report: H1–H5 and the narrative checks; across reports of one agency in consecutive
    years: X1 (carry-over), S1 (stock of documents) and N4 (section 五 reused).
    """
    from gkmine.checks import format_checks
    from gkmine.corpus import Corpus

    if bool(paths) == bool(db_path):
        raise click.UsageError("give PATH... or --db FILE (one of them)")
    if db_path:
        corpus = Corpus.from_db(db_path)
    else:
        corpus = Corpus.from_paths(list(paths), n_jobs=1)
    hard_failures = 0
    n_reports = 0
    for report in corpus.records():
        n_reports += 1
        if report.status == "error":
            click.echo(f"{display(report.source)}: {report.error}")
            continue
        shown = [c for c in report.checks if soft or c.severity == "hard"]
        failing = [c for c in shown if not c.passed]
        hard_failures += sum(1 for c in failing if c.severity == "hard")
        if failing:
            click.echo(format_checks(replace(report, checks=shown), only_failed=True))
    across = corpus.corpus_checks()
    if len(across):
        across = across[~across["passed"].astype(bool)
                        & (soft | (across["severity"] == "hard"))]
        for row in across.itertuples():
            click.echo(f"{row.source_prev} → {row.source}: ✗ {row.rule} [{row.severity}, "
                       f"{row.attribution}] {row.message}")
        hard_failures += int((across["severity"] == "hard").sum())
    click.echo(f"{n_reports} reports, {hard_failures} failing hard checks", err=True)
    if strict and hard_failures:
        sys.exit(1)


@click.command("export")
@click.option("--db", "db_path", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--parquet", "parquet_dir", required=True, type=click.Path(file_okay=False))
def export_cmd(db_path, parquet_dir):
    """Export every table of a gkmine database to Parquet files."""
    from gkmine.store import Store

    with Store(db_path, read_only=True) as db:
        for path in db.export_parquet(parquet_dir):
            click.echo(str(path))


@click.command("reproduce")
@click.argument("targets", nargs=-1)
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False),
              help="Where everything goes (default: the config's `out`, else results/).")
@engine_options
@click.option("--urls", "urls_path", type=click.Path(exists=True, dir_okay=False),
              help="CSV manifest path,url of the pages' addresses (else the config's `urls`).")
def reproduce_cmd(targets, out_dir, jobs, engine_name, scheduler, urls_path):
    """Run every analysis and write all results: `reproduce CONFIG.yaml`, or the shorthand
    `reproduce PATH... --out DIR` (default: corpora/ into results/).

    Writes OUT/gkmine.duckdb, OUT/parquet/, OUT/figures/, OUT/report/index.html and
    OUT/manifest.json. A re-run reprocesses only new or changed documents and rebuilds only
    the analyses whose inputs changed.
    """
    from gkmine.reproduce import RunConfig, reproduce

    configs = [t for t in targets if t.endswith((".yaml", ".yml"))]
    if configs and len(targets) > 1:
        raise click.UsageError("give one CONFIG.yaml, or PATH... (not both)")
    if configs:
        run = RunConfig.from_yaml(configs[0])
    else:
        run = RunConfig(paths=tuple(targets) or ("corpora",))
    changes = {"engine": engine_name, "scheduler": scheduler}
    if out_dir:
        changes["out"] = out_dir
    if urls_path:
        changes["urls"] = urls_path
    if jobs or not configs:
        changes["jobs"] = jobs
    if engine_name == "local" and configs:
        changes.pop("engine")
        changes.pop("scheduler")
    run = replace(run, **changes)
    if run.engine == "dask" and not run.scheduler:
        raise click.UsageError("--engine dask needs --scheduler ADDRESS")
    summary = reproduce(run, echo=lambda line: click.echo(line, err=True))
    for name, rows in summary.items():
        click.echo(f"{name}\t{rows}")


__all__ = ["parse_cmd", "check_cmd", "export_cmd", "reproduce_cmd", "engine_options",
           "make_engine", "paths_store"]
