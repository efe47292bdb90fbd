"""The per-document work (``engine.process_task``) in one process: CPU per report and per stage,
and a hash of every row it makes, so that a speed change can prove it changed no output.

Runs the seed reports, ``--n`` generated seed-like reports (as ``bench_corpus.py`` makes
them) and ``--rendered`` HTML/DOCX/PDF renderings, plus any ``--extra`` files or folders.
Prints CPU ms per report in total and per stage (reading, sections, metadata, tables, checks,
core rows, each registered feature), then one hash of all rows; ``--hashes FILE`` writes a
hash per document (compare two runs with ``cmp``), ``--profile FILE`` a cProfile dump.

    python benchmarks/bench_documents.py --n 200 --corpus /tmp/docs --hashes before.json
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from bench_corpus import SEEDS, YEARS, _rendered, agencies, make_corpus  # noqa: E402

#: (module, function) timed as one stage each; features are timed by name
STAGES = (("gkmine.read", "read_bytes"), ("gkmine.structure", "find_sections"),
          ("gkmine.structure", "extract_meta"), ("gkmine.tables", "extract_cells"),
          ("gkmine.checks", "check_report"), ("gkmine.store.rows", "document_rows"))


def corpus(folder: Path, n: int, rendered: int, extra: list[Path]) -> list[Path]:
    """The documents, made in ``folder`` unless it already holds them (DOCX renderings carry
    a timestamp: to compare two runs, give both the same ``--corpus``)."""
    marker = folder / f"made-{n}-{rendered}"
    if not marker.exists():
        make_corpus(folder / "generated", n)
        rng = random.Random(1)
        names = agencies(rendered, seed=1)
        (folder / "rendered").mkdir(parents=True, exist_ok=True)
        for i, agency in zip(range(9, 10 * rendered, 10), names, strict=False):
            _rendered(folder / "rendered", i, agency, rng.choice(YEARS))
        marker.touch()
    generated = sorted((folder / "generated").rglob("*.txt"))[:n]
    renders = sorted(p for p in (folder / "rendered").rglob("*") if p.is_file())[:rendered]
    files = [p for e in extra for p in (sorted(x for x in e.rglob("*") if x.is_file())
                                        if e.is_dir() else [e])]
    return [*SEEDS, *generated, *renders, *files]


def _timed(spent: dict[str, float], name: str, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return wrapper


def instrument(spent: dict[str, float]) -> None:
    """Wrap every stage and every registered feature with a CPU timer."""
    import importlib

    from gkmine.registry import features

    for module, name in STAGES:
        mod = importlib.import_module(module)
        setattr(mod, name, _timed(spent, name, getattr(mod, name)))
    for feature in features():  # registered once per process: wrap the registered function
        object.__setattr__(feature, "func",
                           _timed(spent, f"feature {feature.name}", feature.func))


def rows_hash(tables: dict) -> str:
    digest = hashlib.sha256()
    for name in sorted(tables):
        digest.update(name.encode())
        digest.update(json.dumps(tables[name], sort_keys=True, ensure_ascii=False,
                                 default=repr).encode())
    return digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="generated seed-like reports")
    parser.add_argument("--rendered", type=int, default=30, help="HTML/DOCX/PDF renderings")
    parser.add_argument("--extra", type=Path, nargs="*", default=[])
    parser.add_argument("--corpus", type=Path, help="where the documents are made and kept")
    parser.add_argument("--hashes", type=Path)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--no-stages", action="store_true", help="no per-stage timers")
    args = parser.parse_args()

    from gkmine.config import DEFAULT
    from gkmine.engine import Task, config_hash, process_task

    with tempfile.TemporaryDirectory(prefix="gkmine-bench-docs-") as tmp:
        folder = args.corpus or Path(tmp)
        paths = corpus(folder, args.n, args.rendered, args.extra)
        names = [p.relative_to(folder).as_posix() if p.is_relative_to(folder) else p.name
                 for p in paths]
        tasks = [Task(str(p), name, data=p.read_bytes())
                 for p, name in zip(paths, names, strict=True)]
    chash = config_hash(DEFAULT)
    spent: dict[str, float] = defaultdict(float)
    if not args.no_stages:
        instrument(spent)
    process_task(tasks[0], DEFAULT, chash)  # imports and models load outside the timing
    spent.clear()
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.process_time()
    results = [process_task(task, DEFAULT, chash) for task in tasks]
    cpu = time.process_time() - start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    n = len(tasks)
    print(f"{n} documents: {1000 * cpu / n:.2f} ms CPU per report")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:30s} {1000 * seconds / n:6.2f} ms")
    hashes = {task.source: rows_hash(r.tables) for task, r in zip(tasks, results, strict=True)}
    total = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()
    print(f"rows hash: {total}")
    if args.hashes:
        args.hashes.write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
