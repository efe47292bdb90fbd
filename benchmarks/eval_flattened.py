"""Cell accuracy on reports flattened into one paragraph, as crawlers give a page's text.

Each report is drawn with :func:`gkmine.tables.render.random_cells` and rendered, then
flattened the ways a page's text arrives from a crawler: every line joined with no separator
and the separators between table cells removed (``tsv-flat``: from the tab-separated text;
``html-flat``: the text nodes of the web page joined), or with a space left between some
cells (``tsv-partly``). The development and held-out sets differ in seeds and agency names;
rules are written against the first only.

    python benchmarks/eval_flattened.py [--set dev|heldout] [--reports 12]

Prints, per rendering: cells exact (a blank must be reported blank, a number its value),
cells wrong (a number other than printed, or blank for a number), sections found.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from itertools import pairwise

from gkmine.pipeline import parse_source
from gkmine.read import read_string
from gkmine.tables.render import random_cells, render_report

RENDERINGS = ("tsv-flat", "tsv-partly", "html-flat")
SETS = {"dev": (1, ("某某县医疗保障局", "某某市生态环境局")),
        "heldout": (5001, ("江南省临川市交通运输局", "北湖区人民政府办公室", "青山镇人民政府"))}


def flatten_tsv(text: str, *, keep_space: float = 0.0, seed: int = 0) -> str:
    """One paragraph: lines joined with nothing, tabs between cells removed (or, with
    probability ``keep_space``, a tab between two values left as one space)."""
    rng = random.Random(seed)
    out = []
    for line in text.splitlines():
        cells = line.split("\t")
        joined = cells[0]
        for prev, cell in pairwise(cells):
            both_values = re.fullmatch(r"\d+(?:\.\d+)?", prev.strip() or "x") and re.fullmatch(
                r"\d+(?:\.\d+)?", cell.strip() or "x")
            joined += (" " if both_values and rng.random() < keep_space else "") + cell
        out.append(joined)
    return "".join(out)


def flatten_html(html: str) -> str:
    """The text nodes of the page's body joined with nothing (scripts and styles dropped)."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    return "".join(s.strip() for s in root.itertext() if s.strip())


def flattened(cells, layout: str, rendering: str, *, agency: str, year: int, seed: int) -> str:
    if rendering == "html-flat":
        return flatten_html(render_report(cells, layout, "html", agency=agency, year=year))
    tsv = render_report(cells, layout, "tsv", agency=agency, year=year)
    return flatten_tsv(tsv, keep_space=0.25 if rendering == "tsv-partly" else 0.0, seed=seed)


def cell_score(report, truth) -> tuple[int, int, int]:
    """(exact, wrong, cells): wrong = a number other than printed, or blank for a number."""
    got = {(c.table, c.row, c.col): c for c in report.cells}
    exact = wrong = 0
    for key, value in truth.items():
        cell = got.get(key)
        if cell is None or cell.status == "missing":
            continue
        if value is None:
            ok = cell.status == "blank"
        else:
            ok = (cell.status == "number" and cell.value is not None
                  and abs(float(cell.value) - float(value)) < 1e-6)
        exact += ok
        wrong += not ok
    return exact, wrong, len(truth)


def cases(name: str, n_reports: int):
    first, agencies = SETS[name]
    for n in range(n_reports):
        seed = first + n
        layout = ("2021", "2019")[n % 2]
        sparse = (False, "rows")[n % 2 if n % 3 else 0]
        yield (seed, layout, agencies[n % len(agencies)], 2023 if layout == "2021" else 2020,
               random_cells(layout, seed=seed, sparse=sparse))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", choices=tuple(SETS), default="dev")
    parser.add_argument("--reports", type=int, default=12)
    parser.add_argument("--renderings", default=",".join(RENDERINGS))
    parser.add_argument("--show", action="store_true", help="print wrong cells")
    args = parser.parse_args()
    stats: dict[str, list[int]] = defaultdict(lambda: [0] * 5)
    for seed, layout, agency, year, cells in cases(args.set, args.reports):
        for rendering in args.renderings.split(","):
            text = flattened(cells, layout, rendering, agency=agency, year=year, seed=seed)
            report = parse_source(read_string(text, source=f"{rendering}_{seed}.txt"))
            exact, wrong, total = cell_score(report, cells)
            s = stats[rendering]
            s[0] += exact
            s[1] += wrong
            s[2] += total
            s[3] += len(report.sections)
            s[4] += 6
            if args.show and wrong:
                got = {(c.table, c.row, c.col): c for c in report.cells}
                print(f"# {rendering} seed {seed} {layout}")
                for key, value in cells.items():
                    c = got[key]
                    if c.status != "missing" and not (
                            (value is None and c.status == "blank") or (
                            value is not None and c.value == value)):
                        print("   ", key, value, c.status, c.value, c.note)
    print(f"set={args.set} reports={args.reports}")
    print(f"{'rendering':12} {'cells exact':>20} {'wrong':>7} {'sections':>10}")
    for rendering in args.renderings.split(","):
        e, w, t, sf, st = stats[rendering]
        print(f"{rendering:12} {e:6}/{t:<6} {100 * e / t:5.1f}% {w:7} {sf:5}/{st:<4}")


if __name__ == "__main__":
    main()
