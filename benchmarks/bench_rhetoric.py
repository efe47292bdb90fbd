"""The ``rhetoric`` analysis at scale: time and peak memory of its step, and the recall of its
nearest-neighbour search against exact search.

``build`` writes a database of N synthetic reports without running the per-document
pipeline: the real reports of ``corpora/seeds`` (and any other folders given with
``--templates``) are processed once, then each synthetic report copies one of them (its
``docs``, ``files``, ``texts`` and ``sections`` rows) with its ``doc_terms`` perturbed: each
term kept with probability ``--keep`` (0.85), counts varied, and ``--own`` (0.05) times as
many terms of its own added (Zipf-distributed ids). The crosstab variables (province, year,
agency type) are drawn at random.

``run`` measures ``rhetoric_tables`` on such a database in a fresh process: seconds (wall
and CPU: on a shared machine CPU time is the steadier figure), and the process's peak RSS
above what it held before the step (imports and an open store).

``recall`` compares the nearest neighbour search of ``gkmine.rhetoric.describe`` with exact
search on the LSA vectors of a database.

    python benchmarks/bench_rhetoric.py build --n 10000 --db /tmp/r10k.duckdb
    python benchmarks/bench_rhetoric.py run --db /tmp/r10k.duckdb
    python benchmarks/bench_rhetoric.py recall --db /tmp/r10k.duckdb
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's gkmine
PROVINCES = ("北京市", "浙江省", "宁夏回族自治区", "河南省", "陕西省", "广东省", "四川省")
AGENCY_TYPES = ("government", "department", "township", "other")


def _templates(folders: list[Path]):
    from gkmine.pipeline import parse_document

    paths = sorted(p for folder in folders for p in folder.glob("*")
                   if p.suffix in {".txt", ".pdf", ".html", ".docx"})
    reports = [parse_document(p) for p in paths]
    return [r for r in reports if r.status != "error"]


def build(n: int, db: Path, folders: list[Path], *, keep: float = 0.85, own: float = 0.05,
          seed: int = 0) -> None:
    """A database of ``n`` synthetic reports made from the real ones in ``folders``: each
    term of its template kept with probability ``keep``, and ``own`` times as many terms of
    its own added."""
    import pandas as pd

    from gkmine.store import Store

    if db.exists():
        db.unlink()
    rng = np.random.default_rng(seed)
    with Store(db) as store:
        store.write_reports(_templates(folders))
        con = store.con
        ids = [r[0] for r in con.execute("select doc_id from docs order by doc_id").fetchall()]
        terms = store.query("select * from doc_terms order by doc_id, section")
        by_doc = {d: g for d, g in terms.groupby("doc_id")}
        ids = [d for d in ids if d in by_doc]
        own_vocabulary = rng.zipf(1.3, size=200_000) % (1 << 21)
        for start in range(0, n, 2000):
            stop = min(n, start + 2000)
            new = pd.DataFrame({"doc_id": [f"s{i:07d}" for i in range(start, stop)],
                                "template": [ids[i % len(ids)] for i in range(start, stop)]})
            new["province"] = rng.choice(PROVINCES, len(new))
            new["year"] = rng.integers(2019, 2025, len(new))
            new["agency_type"] = rng.choice(AGENCY_TYPES, len(new))
            con.register("_new", new)
            con.execute("insert into docs by name select d.* exclude (doc_id, province, year, "
                        "agency_type), n.doc_id, n.province, n.year, n.agency_type "
                        "from docs d join _new n on d.doc_id = n.template")
            con.execute("insert into files by name select n.doc_id, n.doc_id || '.txt' as "
                        "source, '/synthetic/' || n.doc_id || '.txt' as path from _new n")
            for table in ("texts", "sections"):
                con.execute(f"insert into {table} by name select t.* exclude (doc_id), n.doc_id "
                            f"from {table} t join _new n on t.doc_id = n.template")
            con.unregister("_new")
            rows = []
            for doc_id, template in zip(new.doc_id, new.template, strict=True):
                for part in by_doc[template].itertuples(index=False):
                    t_ids = np.asarray(part.term_ids, dtype=np.int64)
                    counts = np.asarray(part.counts, dtype=np.int64)
                    kept = rng.random(len(t_ids)) < keep
                    extra = rng.choice(own_vocabulary, max(1, int(len(t_ids) * own)))
                    all_ids = np.concatenate([t_ids[kept], extra])
                    all_counts = np.concatenate([counts[kept] + rng.integers(0, 2, kept.sum()),
                                                 np.ones(len(extra), dtype=np.int64)])
                    u, inv = np.unique(all_ids, return_inverse=True)
                    rows.append({"doc_id": doc_id, "section": part.section,
                                 "term_ids": u.tolist(),
                                 "counts": np.bincount(inv, all_counts).astype(int).tolist()})
            con.register("_rows", pd.DataFrame(rows))
            con.execute("insert into doc_terms by name select * from _rows")
            con.unregister("_rows")
        print(f"{db}: {store.count('documents')} documents, "
              f"{store.count('doc_terms')} doc_terms rows", file=sys.stderr)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_step(db: Path) -> dict:
    """``rhetoric_tables`` on ``db``: seconds and peak RSS (this process is fresh)."""
    from gkmine.config import Config
    from gkmine.rhetoric.describe import rhetoric_tables
    from gkmine.store import Store

    options = Config().rhetoric
    with Store(db, read_only=True) as store:
        n = store.count("documents")
        store.query("select count(*) from doc_terms")
        before = _peak_mb()
        start, cpu = time.perf_counter(), time.process_time()
        tables = rhetoric_tables(store, options)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    k = tables["rhetoric_k_selection"]
    return {"n": n, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "peak_mb": round(_peak_mb(), 1), "base_mb": round(before, 1),
            "step_mb": round(_peak_mb() - before, 1),
            "k": int(k[k.chosen].k.iloc[0]) if len(k) else None}


def recall(db: Path) -> dict:
    """Nearest neighbours by the inverted file (forced, whatever the corpus size) and by
    exact search, on every report: CPU seconds of each, the share of reports whose
    neighbour is the exact one, and whose similarity is within 1e-4 of the exact best."""
    from gkmine.config import Config
    from gkmine.rhetoric.describe import lsa_vectors
    from gkmine.rhetoric.neighbours import nearest_neighbours
    from gkmine.store import Store

    options = Config().rhetoric
    with Store(db, read_only=True) as store:
        _, _, Z = lsa_vectors(store, options)
    out = {"n": len(Z), "nprobe": options.nprobe}
    found = {}
    for name, exact_below in (("ivf", 0), ("exact", len(Z) + 1)):
        start = time.process_time()
        found[name] = nearest_neighbours(Z, exact_below=exact_below, nprobe=options.nprobe,
                                         random_state=options.seed)
        out[f"{name}_cpu_seconds"] = round(time.process_time() - start, 2)
    (ivf, ivf_sim), (exact, exact_sim) = found["ivf"], found["exact"]
    out.update({"same_neighbour": float(np.mean(ivf == exact)),
                "within_1e-4": float(np.mean(ivf_sim >= exact_sim - 1e-4)),
                "mean_similarity_lost": float(np.mean(exact_sim - ivf_sim))})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "run", "recall"))
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--templates", type=Path, nargs="*", default=[])
    parser.add_argument("--keep", type=float, default=0.85)
    parser.add_argument("--own", type=float, default=0.05)
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.command == "build":
        build(args.n, args.db, [ROOT / "corpora" / "seeds", *args.templates], keep=args.keep,
              own=args.own)
    elif args.command == "recall":
        print(json.dumps(recall(args.db)))
    elif args.in_process:
        print(json.dumps(run_step(args.db)))
    else:  # a fresh process, so that peak memory is this step's alone
        out = subprocess.run([sys.executable, __file__, "run", "--db", str(args.db),
                              "--in-process"], check=True, capture_output=True, text=True)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
