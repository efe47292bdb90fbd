"""``gkmine rhetoric``: rhetoric profiles, clusters and nearest reports of a set of reports.

The reports are parsed here into a temporary database, their ``doc_terms`` feature rows are
computed, and the ``rhetoric`` analysis runs on it; one line per input file follows.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace

import click


def boilerplate_shares(reports: Sequence) -> dict[str, float | None]:
    """doc_id -> share of a report's sentences that many other agencies use too; empty when
    the reuse stage (``gkmine.rhetoric.reuse``) is not installed, so the CLI prints null."""
    try:
        from gkmine.rhetoric.reuse import boilerplate_shares as shares
    except ImportError:
        return {}
    return shares(list(reports))


def profile_lines(reports: Sequence, config) -> list[dict]:
    """One dict per report that was read (in input order): the fields of ``--json``."""
    import pandas as pd

    from gkmine.rhetoric.describe import rhetoric_tables
    from gkmine.rhetoric.vectors import document_terms
    from gkmine.store import Store

    usable = [r for r in reports if r.status != "error"]
    if not usable:
        return []
    rows = [row for r in usable for row in document_terms(r, config.rhetoric)]
    with tempfile.TemporaryDirectory() as tmp, Store(os.path.join(tmp, "r.duckdb")) as store:
        store.write_reports(usable)
        if rows:
            store.write_frame("doc_terms", pd.DataFrame(rows))
        else:
            return []
        profiles = rhetoric_tables(store, config.rhetoric)["rhetoric_profiles"]
    shares = boilerplate_shares(usable)
    by_doc = profiles.set_index("doc_id").to_dict(orient="index")
    sources: dict[str, list[str]] = {}
    for report in usable:
        sources.setdefault(report.doc_id, []).append(report.source)
    out = []
    for report in usable:
        profile = by_doc.get(report.doc_id)
        if profile is None:  # a report without words to count
            continue
        twins = [s for s in sources[report.doc_id] if s != report.source]
        if twins:  # the same file at another path is the most similar document there is
            nearest, similarity = twins[0], 1.0
        else:
            other = profile["nearest_doc_id"]
            nearest = sources[other][0] if isinstance(other, str) else None
            similarity = _number(profile["similarity"])
        out.append({"source": report.source, "doc_id": report.doc_id,
                    "cluster": int(profile["cluster"]), "nearest": nearest,
                    "similarity": similarity, "x": _number(profile["x"]),
                    "y": _number(profile["y"]),
                    "boilerplate_share": shares.get(report.doc_id)})
    return out


def _number(value) -> float | None:
    value = float(value)
    return None if value != value else round(value, 6)


@click.command("rhetoric")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per document.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the SVD, the clustering and its resampling.")
@click.option("--method", type=click.Choice(["kmeans", "agglomerative", "density"]),
              default="kmeans", show_default=True, help="Clustering method.")
@click.option("--k", "n_clusters", type=int, default=0,
              help="Number of clusters (default: chosen by silhouette and stability).")
def rhetoric_cmd(paths, as_json, seed, method, n_clusters):
    """Cluster reports by how they write (names, places, dates and numbers masked).

    Per document: its cluster, its most similar other document (cosine in LSA space, 0-1),
    its position on a 2-D map, and its boilerplate share. Deterministic for a given seed.
    """
    from gkmine.cli.nlp import _reports
    from gkmine.config import Config

    config = Config()
    config = config.replace(rhetoric=replace(config.rhetoric, seed=seed, method=method,
                                             n_clusters=n_clusters))
    lines = profile_lines(list(_reports(paths)), config)
    for line in lines:
        if as_json:
            click.echo(json.dumps(line, ensure_ascii=False))
        else:
            click.echo("\t".join(str(line[k]) for k in ("source", "cluster", "nearest",
                                                         "similarity")))
