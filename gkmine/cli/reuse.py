"""``gkmine reuse PATH... --json``: pairs of documents that share sentences."""

from __future__ import annotations

import json
from dataclasses import replace

import click


@click.command("reuse")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, default=True,
              help="One JSON line per pair of documents with any reuse (the only output).")
@click.option("--examples", type=int, default=3, show_default=True,
              help="Example sentences per pair.")
def reuse_cmd(paths: tuple[str, ...], as_json: bool, examples: int) -> None:
    """Pairs of documents with reused sentences: {a, b, reuse, shared, examples}.

    ``reuse`` is the share of a's sentences that reappear in b (0-1); agency and place names,
    years and numbers, simplified versus traditional characters do not count as changes.
    Pairs with no shared sentence are not printed.
    """
    from gkmine.config import Config
    from gkmine.pipeline import expand_paths, parse_document
    from gkmine.rhetoric.reuse import reuse_tables_from_reports

    options = replace(Config().reuse, examples=examples)
    reports = [parse_document(p) for p in expand_paths(paths)]
    source = {}
    for report in reports:
        source.setdefault(report.doc_id, report.source)
    pairs = reuse_tables_from_reports(reports, options=options)["reuse_pairs"]
    for row in pairs.itertuples(index=False):
        click.echo(json.dumps({"a": source[row.doc_a], "b": source[row.doc_b],
                               "reuse": float(row.reuse), "shared": int(row.shared),
                               "examples": list(row.examples)}, ensure_ascii=False))
