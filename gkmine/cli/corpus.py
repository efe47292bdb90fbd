"""Corpus commands: ``parse``, ``check``, ``export``, ``reproduce``."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from gkmine.config import DEFAULT, Config

BATCH = 50  # reports written to the database per transaction


def _config(no_tables: bool) -> Config:
    return DEFAULT.replace(tables=not no_tables, checks=not no_tables)


def _reports(paths, config: Config, jobs: int, progress: bool):
    from gkmine.pipeline import expand_paths, iter_reports

    files = expand_paths(paths, config=config)
    if not files:
        raise click.UsageError("no report files found under the given paths")
    return iter_reports(files, config=config, n_jobs=jobs, progress=progress)


@click.command("parse")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per document.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Write (or update) a DuckDB database.")
@click.option("--jobs", default=1, show_default=True, help="Worker processes (0 = all cores).")
@click.option("--no-tables", is_flag=True, help="Skip table recovery and checks.")
@click.option("--with-text", is_flag=True, help="Include the analysis text in the JSON.")
@click.option("--progress/--no-progress", default=True, show_default=True,
              help="Show a progress bar on stderr.")
def parse_cmd(paths, as_json, db_path, jobs, no_tables, with_text, progress):
    """Parse reports (files or directories) into JSON Lines or a DuckDB database.

    Every document gets a row, with status ok, partial or error; a failing document never
    stops the batch.
    """
    config = _config(no_tables)
    store = None
    if db_path:
        from gkmine.store import Store

        store = Store(db_path).__enter__()
        store.record_run(command="parse " + " ".join(paths), config=config.to_dict())
    counts: dict[str, int] = {}
    batch = []
    try:
        for report in _reports(paths, config, jobs, progress and sys.stderr.isatty()):
            counts[report.status] = counts.get(report.status, 0) + 1
            if as_json:
                click.echo(json.dumps(report.to_dict(with_text=with_text), ensure_ascii=False))
            elif not store:
                click.echo(_summary_line(report))
            if report.status == "error":
                click.echo(report.error, err=True)
            if store:
                batch.append(report)
                if len(batch) >= BATCH:
                    store.write_reports(batch)
                    batch = []
        if store and batch:
            store.write_reports(batch)
    finally:
        if store:
            store.close()
    click.echo("parsed " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())), err=True)


def _summary_line(report) -> str:
    m = report.meta
    failed = sum(1 for c in report.checks if not c.passed and c.severity == "hard")
    return "\t".join(str(x) for x in (
        report.source, report.status, m.agency or "-", m.year or "-", m.level or "-",
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
    corpus = Corpus.from_db(db_path) if db_path else Corpus(list(_reports(paths, DEFAULT, 1,
                                                                          False)))
    hard_failures = 0
    for report in corpus:
        if report.status == "error":
            click.echo(f"{report.source}: {report.error}")
            continue
        shown = [c for c in report.checks if soft or c.severity == "hard"]
        failing = [c for c in shown if not c.passed]
        hard_failures += sum(1 for c in failing if c.severity == "hard")
        if failing:
            click.echo(format_checks(replace(report, checks=shown), only_failed=True))
    across = corpus.corpus_checks()
    across = across[~across["passed"].astype(bool) & (soft | (across["severity"] == "hard"))]
    for row in across.itertuples():
        click.echo(f"{row.source_prev} → {row.source}: ✗ {row.rule} [{row.severity}, "
                   f"{row.attribution}] {row.message}")
    hard_failures += int((across["severity"] == "hard").sum())
    click.echo(f"{len(corpus)} reports, {hard_failures} failing hard checks", err=True)
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
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default="results", show_default=True,
              type=click.Path(file_okay=False), help="Where the database and tables go.")
@click.option("--jobs", default=1, show_default=True, help="Worker processes (0 = all cores).")
def reproduce_cmd(paths, out_dir, jobs):
    """Run every analysis on a corpus (default: corpora/) and write all results.

    Writes OUT/gkmine.duckdb with every table, OUT/parquet/*.parquet, and prints a summary.
    """
    from gkmine.reproduce import reproduce

    summary = reproduce(list(paths) or ["corpora"], out_dir=Path(out_dir), n_jobs=jobs,
                        echo=lambda line: click.echo(line, err=True))
    for name, rows in summary.items():
        click.echo(f"{name}\t{rows}")
