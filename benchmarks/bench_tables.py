"""Table extraction time per report, as ratios against reading the document in the same run.

For text (the seeds and the text renderings), HTML, DOCX and PDF inputs, each document goes
through the stages of ``gkmine.pipeline.parse_source`` timed separately: the baseline is what
``Config(tables=False, checks=False)`` runs (read + sections + metadata), then table extraction
(``extract_cells``) and the checks (``check_report``). Each timing is the best of ``--repeat``
runs; the table gives medians per input kind and the ratios to the baseline. Absolute times
depend on the machine and its load; the ratios travel.

    python benchmarks/bench_tables.py [--seeds-per-shape 3] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gkmine.checks import check_report
from gkmine.read import read_document
from gkmine.record import Report
from gkmine.structure import extract_meta, find_sections
from gkmine.tables import extract_cells
from gkmine.tables.render import EXTENSIONS, random_cells, render_report

ROOT = Path(__file__).resolve().parents[1]
KIND_OF_SHAPE = {"raw": "text", "tsv": "text", "wrapped": "text", "damaged": "text",
                 "one_per_line": "text", "layout": "text", "html": "html", "docx": "docx",
                 "pdf": "pdf"}


def documents(workdir: Path, seeds_per_shape: int) -> list[tuple[str, Path]]:
    """(input kind, path) for the seeds and the generated renderings."""
    docs = [("seeds", p) for p in sorted((ROOT / "corpora" / "seeds").glob("*.txt"))]
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


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def time_stages(path: Path, repeat: int) -> dict[str, float] | str:
    """Seconds per stage for one document, or why it could not be timed."""
    def read_and_structure():
        doc = read_document(path)
        found = find_sections(doc)
        return doc, found.sections, extract_meta(doc, found.sections)

    base, (doc, sections, meta) = best_of(repeat, read_and_structure)
    if meta.layout not in ("2021", "2019"):
        return f"layout {meta.layout!r}: no tables to extract"
    try:
        tables, cells = best_of(repeat, lambda: extract_cells(doc, sections, meta.layout))
    except Exception as err:  # the benchmark reports failures, it does not stop on them
        return f"extract_cells failed: {type(err).__name__}: {err}"
    report = Report(source=str(path), text=doc.text, meta=meta, sections=sections,
                    cells=cells)
    checks, _ = best_of(repeat, lambda: check_report(report))
    return {"baseline": base, "tables": tables, "checks": checks}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-per-shape", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    times: dict[str, dict[str, list[float]]] = {}
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        docs = documents(Path(tmp), args.seeds_per_shape)
        for _, path in docs[:1]:  # load dictionaries and fonts once, outside the timings
            time_stages(path, 1)
        for kind, path in docs:
            result = time_stages(path, args.repeat)
            if isinstance(result, str):
                problems.append(f"{path.name}: {result}")
                continue
            for stage, seconds in result.items():
                times.setdefault(kind, {}).setdefault(stage, []).append(seconds)
    print(f"{'input':<6} {'docs':>4} {'read+structure ms':>18} {'tables ms':>10} "
          f"{'tables/base':>11} {'checks ms':>10} {'checks/base':>11}")
    order = ["seeds", *dict.fromkeys(KIND_OF_SHAPE.values())]
    for kind in sorted(times, key=order.index):
        median = {stage: statistics.median(values) for stage, values in times[kind].items()}
        base = median["baseline"]
        print(f"{kind:<6} {len(times[kind]['baseline']):>4} {base * 1e3:>18.1f} "
              f"{median['tables'] * 1e3:>10.1f} {median['tables'] / base:>11.2f} "
              f"{median['checks'] * 1e3:>10.1f} {median['checks'] / base:>11.2f}")
    for problem in problems:
        print(f"not timed: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
