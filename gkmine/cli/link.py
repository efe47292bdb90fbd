"""``gkmine panel``: the linked text-to-numbers panel, one row per report.

``gkmine panel PATH... --json`` processes the reports with the engine and prints one JSON line
per report with the panel's columns (metadata, key figures, claims checked, text measures);
``gkmine panel --db FILE --parquet OUT`` writes the panel of a gkmine database (built from its
tables when the ``linked_panel`` analysis has not been run).
"""

from __future__ import annotations

import json
import math

import click


def _plain(value):
    """A JSON-ready value: NaN/NA are null, numpy scalars Python numbers."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value


def _panel_of_paths(paths):
    """The panel and its contradictions, through the engine and the registered analyses."""
    from gkmine.cli.corpus import paths_store

    with paths_store(paths, analyses=("linked_panel",), command="panel") as db:
        return (db.query("select * from linked_panel order by source"),
                db.query("select * from contradictions"))


def _panel_of_db(db_path):
    from gkmine.link.panel import linked_panel
    from gkmine.store import Store

    with Store(db_path, read_only=True) as store:
        if "linked_panel" in store.tables():
            return store.query(_STORED_PANEL)
        return linked_panel(store)["linked_panel"]


#: the stored panel in a fixed order (one small row per report: DuckDB sorts it within memory)
_STORED_PANEL = "select * from linked_panel order by source, doc_id"


def _stream_stored_panel(db_path, *, parquet_out, as_json) -> bool:
    """Write a database's stored panel without holding it (a national panel need not fit in
    memory as a DataFrame); False when the database has no ``linked_panel`` table."""
    from gkmine.store import Store

    with Store(db_path, read_only=True) as store:
        if "linked_panel" not in store.tables():
            return False
        if parquet_out:
            store.write_parquet(_STORED_PANEL, parquet_out)
            click.echo(f"{store.count('linked_panel')} rows → {parquet_out}", err=True)
        if as_json:
            for batch in store.iter_arrow(_STORED_PANEL, batch_rows=10_000):
                for record in batch.to_pylist():
                    click.echo(json.dumps({k: _plain(v) for k, v in record.items()},
                                          ensure_ascii=False))
    return True


@click.command("panel")
@click.argument("paths", nargs=-1)
@click.option("--db", "db_path", type=click.Path(exists=True, dir_okay=False),
              help="Read the reports of a gkmine database instead of PATH....")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per report.")
@click.option("--parquet", "parquet_out", type=click.Path(dir_okay=False),
              help="Write the panel to this Parquet file.")
@click.option("--contradictions", "show_bad", is_flag=True,
              help="Print the claims that disagree with their cells instead (PATH... only).")
def panel_cmd(paths, db_path, as_json, parquet_out, show_bad):
    """The linked panel: metadata, key figures, prose against tables, text measures.

    Column labels in Chinese: ``panel_labels`` in the database, or
    ``gkmine.link.labels.panel_labels()``.
    """
    if bool(paths) == bool(db_path):
        raise click.UsageError("give PATH... or --db FILE (one of them)")
    if db_path:
        if show_bad:
            raise click.UsageError("--contradictions reads PATH...; with --db use the "
                                   "contradictions table")
        if ((as_json or parquet_out)
                and _stream_stored_panel(db_path, parquet_out=parquet_out, as_json=as_json)):
            return
        panel = _panel_of_db(db_path)
    else:
        panel, bad = _panel_of_paths(paths)
        if show_bad:
            panel = bad
    if parquet_out:
        panel.to_parquet(parquet_out, index=False)
        click.echo(f"{len(panel)} rows → {parquet_out}", err=True)
    if as_json:
        for record in panel.to_dict(orient="records"):
            click.echo(json.dumps({k: _plain(v) for k, v in record.items()},
                                  ensure_ascii=False))
    elif not parquet_out:
        click.echo(panel.to_string(index=False) if len(panel) else "(nothing to show)")
