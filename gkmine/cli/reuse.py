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
    from gkmine.cli.corpus import paths_store
    from gkmine.config import DEFAULT

    config = DEFAULT.replace(reuse=replace(DEFAULT.reuse, examples=examples))
    with paths_store(paths, config=config, analyses=("reuse",), command="reuse") as store:
        pairs = store.query("select * from reuse_pairs order by doc_a, doc_b")
        files = store.query("select doc_id, source from files order by path")
    source: dict[str, str] = {}
    for doc_id, name in zip(files["doc_id"], files["source"], strict=True):
        source.setdefault(doc_id, name)
    for row in pairs.itertuples(index=False):
        click.echo(json.dumps({"a": source[row.doc_a], "b": source[row.doc_b],
                               "reuse": float(row.reuse), "shared": int(row.shared),
                               "examples": list(row.examples)}, ensure_ascii=False))
