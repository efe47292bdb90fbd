"""Table extraction time per report, as ratios against reading without tables in the same run.

For text (the seeds and the text renderings), HTML and PDF inputs, each document is parsed
with ``Config(tables=False, checks=False)`` (baseline: read, sections, metadata), with
``Config(tables=True, checks=False)`` (+ table extraction) and with the default configuration
(+ checks). Each timing is the best of ``--repeat`` runs; the table reports medians per input
kind and the ratios to the baseline. Absolute times depend on the machine; ratios travel.

    python benchmarks/bench_tables.py [--seeds-per-shape 3] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from gkmine.config import Config
from gkmine.pipeline import parse_document
from gkmine.tables.render import EXTENSIONS, random_cells, render_report

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = {
    "baseline": Config(tables=False, checks=False),
    "tables": Config(tables=True, checks=False),
    "tables+checks": Config(tables=True, checks=True),
}
KIND_OF_SHAPE = {"raw": "text", "tsv": "text", "wrapped": "text", "damaged": "text",
                 "one_per_line": "text", "layout": "text", "html": "html", "docx": "docx",
                 "pdf": "pdf"}


def documents(workdir: Path, seeds_per_shape: int) -> list[tuple[str, Path]]:
    """(input kind, path) for the seeds and the generated renderings."""
    docs = [("text", p) for p in sorted((ROOT / "corpora" / "seeds").glob("*.txt"))]
    for shape, kind in KIND_OF_SHAPE.items():
        for seed in range(seeds_per_shape):
            layout = ("2021", "2019")[seed % 2]
            cells = random_cells(layout, seed=seed + 1, sparse="rows" if seed % 3 else False)
            data = render_report(cells, layout, shape, year=2023 if layout == "2021" else 2020)
            path = workdir / f"{shape}_{seed}{EXTENSIONS[shape]}"
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
            docs.append((kind, path))
    return docs


def best_time(path: Path, config: Config, repeat: int) -> tuple[float, str]:
    best, status = float("inf"), ""
    for _ in range(repeat):
        start = time.perf_counter()
        report = parse_document(path, config)
        best = min(best, time.perf_counter() - start)
        status = report.status if report.status != "error" else f"error {report.error_code}"
    return best, status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-per-shape", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp), args.seeds_per_shape)
        for _, path in docs[:2]:  # warm caches (dictionaries, fonts, imports) once
            for config in CONFIGS.values():
                parse_document(path, config)
        times: dict[tuple[str, str], list[float]] = {}
        errors: dict[str, set[str]] = {}
        for kind, path in docs:
            for name, config in CONFIGS.items():
                seconds, status = best_time(path, config, args.repeat)
                times.setdefault((kind, name), []).append(seconds)
                if status.startswith("error"):
                    errors.setdefault(name, set()).add(f"{path.name}: {status}")
    kinds = sorted({kind for kind, _ in docs}, key=list(KIND_OF_SHAPE.values()).index)
    print(f"{'input':<6} {'docs':>4} {'baseline ms':>12} {'+tables ms':>11} "
          f"{'ratio':>6} {'+checks ms':>11} {'ratio':>6}")
    for kind in kinds:
        base = statistics.median(times[(kind, "baseline")])
        tables = statistics.median(times[(kind, "tables")])
        checks = statistics.median(times[(kind, "tables+checks")])
        print(f"{kind:<6} {len(times[(kind, 'baseline')]):>4} {base * 1e3:>12.1f} "
              f"{tables * 1e3:>11.1f} {tables / base:>6.2f} {checks * 1e3:>11.1f} "
              f"{checks / base:>6.2f}")
    for name, bad in sorted(errors.items()):
        print(f"note: {len(bad)} documents ended in error under {name!r}, e.g. "
              f"{sorted(bad)[0]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
