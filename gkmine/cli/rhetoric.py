"""``gkmine rhetoric``: rhetoric profiles, clusters and nearest reports of a set of reports.

The engine processes the reports into a temporary database (``gkmine.cli.corpus.paths_store``,
as for ``reuse`` and ``panel``), the ``rhetoric`` analysis runs on it, and one JSON line per
input file follows.
"""

from __future__ import annotations

import json
from dataclasses import replace

import click


def boilerplate_shares(store) -> dict[str, float | None]:
    """doc_id -> share of a report's sentences that many other agencies use too; empty when
    the reuse stage (``gkmine.rhetoric.reuse``) is absent, so that the CLI prints null."""
    try:
        from gkmine.rhetoric.reuse import boilerplate_shares as shares
    except ImportError:
        return {}
    return shares(store=store)


def profile_lines(paths, config) -> list[dict]:
    """One dict per readable input file, in input order: the fields of ``--json``."""
    from gkmine.cli.corpus import paths_store
    from gkmine.engine import discover_entries
    from gkmine.store import resolve_path

    given = [e.source for e in discover_entries(list(paths), config) if e.kind == "document"]
    with paths_store(paths, config=config, analyses=("rhetoric",), command="rhetoric") as store:
        profiles = store.query("select * from rhetoric_profiles")
        listed = store.query("select f.source, f.path, f.doc_id from files f "
                             "join docs d using (doc_id) where d.status <> 'error'")
        shares = boilerplate_shares(store)
    position = {resolve_path(f): i for i, f in enumerate(given)}
    listed["order"] = listed.path.map(position)
    listed = listed.sort_values(["order", "path"])
    sources: dict[str, list[str]] = {}
    for doc_id, source in zip(listed.doc_id, listed.source, strict=True):
        sources.setdefault(doc_id, []).append(source)
    by_doc = profiles.set_index("doc_id").to_dict(orient="index")
    out = []
    for doc_id, source in zip(listed.doc_id, listed.source, strict=True):
        profile = by_doc.get(doc_id)
        if profile is None:  # a report without words to count
            continue
        twins = [s for s in sources[doc_id] if s != source]
        if twins:  # the same file at another path is the most similar document there is
            nearest, similarity = twins[0], 1.0
        else:
            other = profile["nearest_doc_id"]
            nearest = sources[other][0] if isinstance(other, str) else None
            similarity = _number(profile["similarity"])
        share = shares.get(doc_id)
        out.append({"source": source, "doc_id": doc_id, "cluster": int(profile["cluster"]),
                    "nearest": nearest, "similarity": similarity,
                    "x": _number(profile["x"]), "y": _number(profile["y"]),
                    "boilerplate_share": None if share is None else _number(share)})
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
    its position on a 2-D map (x, y), and its boilerplate share. Deterministic for a seed.
    Without --json: source, cluster, nearest and similarity, tab-separated.
    """
    from gkmine.config import Config

    config = Config()
    config = config.replace(rhetoric=replace(config.rhetoric, seed=seed, method=method,
                                             n_clusters=n_clusters))
    for line in profile_lines(paths, config):
        if as_json:
            click.echo(json.dumps(line, ensure_ascii=False))
        else:
            click.echo("\t".join(str(line[k]) for k in ("source", "cluster", "nearest",
                                                         "similarity")))
