"""Cell accuracy on reports flattened into one paragraph, as crawlers give a page's text.

Each report is drawn with :func:`gkmine.tables.render.random_cells` and rendered, then
flattened the ways a page's text arrives from a crawler: every line joined with no separator
and the separators between table cells removed (``tsv-flat``: from the tab-separated text;
``html-flat``: the text nodes of the web page joined), or with a space left between some
cells (``tsv-partly``) or between all text nodes (``html-spaced``). The development and
held-out sets differ in seeds and agency names; rules are written against the first only.

    python benchmarks/eval_flattened.py [--set dev|heldout] [--reports 12]

Prints, per rendering: cells exact (a blank must be reported blank, a number its value),
cells wrong (a number other than printed, or blank for a number), sections found.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from gkmine.pipeline import parse_source
from gkmine.read import read_string
from gkmine.tables.render import random_cells, render_report

RENDERINGS = ("tsv-flat", "tsv-partly", "html-flat", "html-spaced")
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


def flatten_html(html: str, *, sep: str = "") -> str:
    """The text nodes of the page's body joined with ``sep`` (scripts and styles dropped)."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(html)
    for bad in root.xpath("//script|//style|//head"):
        bad.drop_tree()
    return sep.join(s.strip() for s in root.itertext() if s.strip())


def flattened(cells, layout: str, rendering: str, *, agency: str, year: int, seed: int) -> str:
    if rendering.startswith("html"):
        html = render_report(cells, layout, "html", agency=agency, year=year)
        return flatten_html(html, sep=" " if rendering == "html-spaced" else "")
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


def flatten_text(text: str) -> str:
    """A text extraction flattened: lines joined with nothing, tabs and the spaces between
    two numbers removed."""
    joined = "".join(line.strip() for line in text.splitlines()).replace("\t", "")
    return re.sub(r"(?<=\d)\s+(?=\d)", "", joined)


def seed_scores(root: Path) -> None:
    """Cells exact on the flattened seed reports against their hand-read gold."""
    exact = wrong = total = sections = 0
    for gold_path in sorted((root / "tests" / "gold" / "seed_cells").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (root / "corpora" / "seeds" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
        report = parse_source(read_string(flatten_text(text), source=gold_path.name))
        got = {(c.table, c.row, c.col): c for c in report.cells}
        n_exact = n_wrong = 0
        for g in gold["cells"]:
            c = got[(g["table"], g["row"], g["col"])]
            if c.status == "missing":
                continue
            ok = c.status == g["status"] and (c.value == g["value"] or g["status"] != "number")
            n_exact += ok
            n_wrong += not ok
        print(f"{gold_path.stem}: {n_exact}/{len(gold['cells'])} exact, {n_wrong} wrong, "
              f"{len(report.sections)}/6 sections")
        exact, wrong, total = exact + n_exact, wrong + n_wrong, total + len(gold["cells"])
        sections += len(report.sections)
    print(f"seeds flattened: {exact}/{total} exact, {wrong} wrong, {sections}/30 sections")


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
    parser.add_argument("--seeds", action="store_true",
                        help="score the flattened seed reports against their gold instead")
    args = parser.parse_args()
    if args.seeds:
        seed_scores(Path(__file__).resolve().parents[1])
        return
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
