"""Claims against tables, measured: extraction time against text length, and the linked
panel's agreement figures on rendered and real reports.

1. ``extract_claims`` on 1, 4 and 20 million characters (the seed reports repeated): seconds
   and seconds per million characters (linear extraction keeps the second figure flat).
2. Rendered reports (:func:`gkmine.tables.render.render_report`): consistent by construction,
   their prose states the applications, reviews, suits and 行政处罚 decisions of their own
   tables. Per shape: the share of reports where the panel finds an agreeing claim, and the
   share with a (necessarily false) contradiction.
3. Real reports: the seeds and, when ``../shared`` is present, the three real PDFs; per report
   the claims checked, agreeing and disagreeing, with the disagreeing claims quoted.

Run: ``python benchmarks/bench_panel.py [--sizes 1 4 20] [--rendered 40]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SHAPES = ("raw", "tsv", "wrapped", "layout", "html", "docx")


def timing(sizes: list[float]) -> None:
    from gkmine.nlp.claims import extract_claims

    base = "".join(p.read_text(encoding="utf-8")
                   for p in sorted((ROOT / "corpora" / "seeds").glob("*.txt")))
    for mb in sizes:
        n = int(mb * 1_000_000)
        text = (base * (n // len(base) + 1))[:n]
        start = time.perf_counter()
        found = extract_claims(text, section="overall")
        seconds = time.perf_counter() - start
        print(f"extract_claims {mb:g} M chars: {len(found)} claims, {seconds:.2f} s, "
              f"{seconds / mb:.2f} s per M")


def rendered(n: int) -> None:
    from gkmine.link.panel import panel_from_reports
    from gkmine.pipeline import parse_document
    from gkmine.tables.render import EXTENSIONS, random_cells, render_report

    with tempfile.TemporaryDirectory() as tmp:
        for shape in SHAPES:
            reports = []
            for seed in range(n):
                layout = "2021" if seed % 3 else "2019"
                cells = random_cells(layout, seed=seed,
                                     sparse="zeros" if shape in ("tsv", "layout", "html",
                                                                 "docx") else "rows")
                path = Path(tmp) / f"{shape}_{seed}{EXTENSIONS[shape]}"
                content = render_report(cells, layout, shape)
                if isinstance(content, bytes):
                    path.write_bytes(content)
                else:
                    path.write_text(content, encoding="utf-8")
                reports.append(parse_document(path))
            panel, bad = panel_from_reports(reports, statements=False)
            agree = (panel.claims_agree > 0).mean()
            false = (panel.claims_disagree > 0).mean()
            print(f"rendered {shape:8s} n={len(panel)}: agreeing claim found {agree:.1%}, "
                  f"false contradiction {false:.1%}")
            for item in bad.head(3).itertuples():
                print(f"    {item.source}: {item.quantity} {item.claimed:g} vs {item.tabled:g}"
                      f" | {item.quote}")


def real() -> None:
    from gkmine.link.panel import panel_from_reports
    from gkmine.pipeline import parse_document

    paths = sorted((ROOT / "corpora" / "seeds").glob("*.txt"))
    shared = ROOT.parent / "shared" / "corpora-dev" / "real-pdfs"
    paths += sorted(shared.glob("*.pdf")) if shared.is_dir() else []
    panel, bad = panel_from_reports([parse_document(p) for p in paths], statements=False)
    for row in panel.itertuples():
        print(f"real {Path(row.source).name:32s} checked {row.claims_checked} agree "
              f"{row.claims_agree} disagree {row.claims_disagree}")
    for item in bad.itertuples():
        print(f"    {Path(item.source).name}: {item.quantity} {item.claimed:g} vs "
              f"{item.tabled:g} | {item.quote}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 4, 20])
    parser.add_argument("--rendered", type=int, default=40)
    args = parser.parse_args()
    timing(args.sizes)
    if args.rendered:
        rendered(args.rendered)
    real()


if __name__ == "__main__":
    main()
