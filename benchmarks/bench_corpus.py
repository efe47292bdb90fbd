"""The whole pipeline at corpus scale, against two baselines measured in the same run.

Generates a corpus of N seed-like reports from ``corpora/seeds`` as a national study has them:
N/5 agencies of real county-level divisions, each with its report of five years, figures
varied (``--formats`` mixes in HTML, DOCX and PDF renderings). Then it measures, in order:

* ``read``: reading every file's bytes (the floor any pipeline pays);
* ``jieba``: bare ``jieba.lcut(text, HMM=False)`` over the same texts (each file read and
  decoded, then segmented), in one process;
* ``documents``: ``run_corpus`` into a new database (parse, tables, checks, claims,
  statements, every per-document feature), with ``--jobs`` workers;
* each corpus analysis (``run_analyses``), the Parquet export, the figures and the HTML
  report: the rest of ``gkmine reproduce``; then the whole job in total;
* ``rerun``: the same command again on the unchanged corpus (incremental).

Per stage it reports documents/s, MB/s, and peak memory of the parent process; the ratios
that matter are against jieba and against reading. Results go to stdout as a Markdown table
and, with ``--json FILE``, as JSON.

    python benchmarks/bench_corpus.py --sizes 1000 2000 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's gkmine, not an installed one
SEEDS = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
ORGANS = ("医疗保障局", "卫生健康局", "教育局", "民政局", "财政局", "生态环境局", "交通运输局",
          "人力资源和社会保障局", "市场监督管理局", "司法局", "农业农村局", "应急管理局")
YEARS = (2020, 2021, 2022, 2023, 2024)
_NUMBER = re.compile(r"(?<![0-9年])([1-9][0-9]{0,3})(?![0-9年])")


def agencies(n: int, *, seed: int = 0) -> list[str]:
    """``n`` distinct agencies of real county-level divisions, named with their prefecture
    (安阳市殷都区教育局), in a seeded order."""
    from gkmine.structure.divisions import division_index

    index = division_index()
    counties = sorted((d for d in index.by_code.values() if d.level == "county"),
                      key=lambda d: d.code)
    names = []
    for county in counties:
        prefecture = index.parent(county, "prefecture")
        place = (prefecture.name if prefecture and prefecture.name != county.name else "")
        names.extend(place + county.name + organ for organ in ORGANS)
    random.Random(seed).shuffle(names)
    return names[:n]


def make_corpus(folder: Path, n: int, *, seed: int = 0, formats: bool = False) -> list[Path]:
    """``n`` seed-like reports, as a national study has them: each agency's report of each of
    five years (agency, year and figures changed in each report's text)."""
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    names = agencies(-(-n // len(YEARS)), seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        text = texts[i % len(texts)]
        agency, year = names[i // len(YEARS)], YEARS[i % len(YEARS)]
        text = re.sub(r"[\u4e00-\u9fff]{2,12}?(医疗保障局|卫生健康局)", agency, text)
        text = re.sub(r"20[12][0-9]年", f"{year}年", text)
        text = _NUMBER.sub(lambda m: str(max(1, int(m.group(1)) + rng.randint(-2, 2))), text)
        text += f"\n（{i}）\n"
        if formats and i % 10 == 9:
            paths.append(_rendered(folder, i, agency, year))
            continue
        path = folder / f"{i // 1000:03d}" / f"r{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _rendered(folder: Path, i: int, agency: str, year: int) -> Path:
    from gkmine.tables.render import random_cells, render_report

    shape = ("html", "docx", "pdf")[i // 10 % 3]
    data = render_report(random_cells("2021", seed=i), "2021", shape,
                         agency=agency, year=year)
    path = folder / f"{i // 1000:03d}" / f"r{i:06d}.{shape}"
    path.parent.mkdir(exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds of this process and of its children that have ended (the pools' workers)."""
    return sum(r.ru_utime + r.ru_stime for r in (resource.getrusage(resource.RUSAGE_SELF),
                                                  resource.getrusage(resource.RUSAGE_CHILDREN)))


def timed(func):
    """(wall seconds, CPU seconds of all processes, result): on a machine other jobs share,
    the CPU seconds move less than the wall time."""
    start, cpu = time.perf_counter(), cpu_s()
    result = func()
    return time.perf_counter() - start, cpu_s() - cpu, result


def bench(n: int, jobs: int, formats: bool) -> dict:
    from gkmine.engine import LocalEngine, run_analyses, run_corpus
    from gkmine.reproduce import _figures, _site
    from gkmine.store import Store

    work = Path(tempfile.mkdtemp(prefix=f"gkmine-bench-{n}-"))
    paths = make_corpus(work / "corpus", n, formats=formats)
    mb = sum(p.stat().st_size for p in paths) / 1e6
    stages: dict[str, dict] = {}

    def record(name: str, seconds: float, cpu: float, docs: int = n) -> None:
        stages[name] = {"seconds": round(seconds, 2), "cpu_s": round(cpu, 2),
                        "docs_per_s": round(docs / seconds, 1),
                        "mb_per_s": round(mb / seconds, 2), "peak_mb": round(peak_mb(), 1)}

    # Both baselines stream the files one at a time: holding a national corpus's texts would
    # set the parent's peak memory (a high-water mark) before the pipeline even starts.
    record("read", *timed(lambda: sum(len(p.read_bytes()) for p in paths))[:2])
    import jieba

    jieba.initialize()

    def segment_all() -> int:
        return sum(len(jieba.lcut(p.read_bytes().decode("utf-8", "replace"), HMM=False))
                   for p in paths)

    jieba_s, jieba_cpu, _ = timed(segment_all)
    record("jieba", jieba_s, jieba_cpu)
    db = work / "gkmine.duckdb"
    start, start_cpu = time.perf_counter(), cpu_s()
    docs_s, docs_cpu, _ = timed(lambda: run_corpus([work / "corpus"], db_path=db,
                                                   engine=LocalEngine(jobs)))
    record("documents", docs_s, docs_cpu)
    with Store(db) as store:
        from gkmine.registry import analyses

        for item in analyses():
            record(f"analysis:{item.name}",
                   *timed(lambda item=item: run_analyses(store, names=[item.name]))[:2])
        record("parquet", *timed(lambda: store.export_parquet(work / "out" / "parquet"))[:2])
    # the rest of `gkmine reproduce`: figures and the HTML report
    record("figures", *timed(lambda: _figures(db, work / "out" / "figures"))[:2])
    record("report", *timed(lambda: _site(db, work / "out" / "report", work / "out" / "figures",
                                          jobs))[:2])
    total, total_cpu = time.perf_counter() - start, cpu_s() - start_cpu
    record("total", total, total_cpu)
    rerun_s, rerun_cpu, _ = timed(lambda: run_corpus([work / "corpus"], db_path=db,
                                                     engine=LocalEngine(jobs)))
    record("rerun", rerun_s, rerun_cpu)
    return {"n": n, "mb": round(mb, 2), "jobs": jobs, "stages": stages,
            "total_vs_jieba": round(jieba_s / total, 2),
            "documents_vs_jieba": round(jieba_s / docs_s, 2),
            # CPU of every process against jieba's one process: steadier than wall time on a
            # shared machine; on an idle one the wall ratio is at most ``jobs`` times it
            "total_cpu_vs_jieba": round(jieba_cpu / total_cpu, 3),
            "documents_cpu_vs_jieba": round(jieba_cpu / docs_cpu, 3),
            "rerun_share": round(rerun_s / total, 3), "work": str(work)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--formats", action="store_true", help="mix in HTML, DOCX and PDF")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        # each size in a fresh process, so peak memory is that size's alone
        if len(args.sizes) > 1:
            out = Path(tempfile.mkstemp(suffix=".json")[1])
            cmd = [sys.executable, __file__, "--sizes", str(n), "--jobs", str(args.jobs),
                   "--json", str(out)] + (["--formats"] if args.formats else [])
            os.system(" ".join(cmd) + " > /dev/null")
            results.extend(json.loads(out.read_text()))
        else:
            results.append(bench(n, args.jobs, args.formats))
    for r in results:
        print(f"\n### {r['n']} reports, {r['mb']} MB, {r['jobs']} jobs\n")
        print("| stage | s | CPU s | docs/s | MB/s | peak MB (parent) |\n"
              "|---|---|---|---|---|---|")
        for name, s in r["stages"].items():
            print(f"| {name} | {s['seconds']} | {s.get('cpu_s', '')} | {s['docs_per_s']} | "
                  f"{s['mb_per_s']} | {s['peak_mb']} |")
        print(f"\nwhole job vs bare jieba: {r['total_vs_jieba']}x; documents stage: "
              f"{r['documents_vs_jieba']}x; re-run / first run: {r['rerun_share']}")
        if "total_cpu_vs_jieba" in r:
            print(f"CPU of all processes vs bare jieba's: whole job {r['total_cpu_vs_jieba']}x, "
                  f"documents {r['documents_cpu_vs_jieba']}x")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
