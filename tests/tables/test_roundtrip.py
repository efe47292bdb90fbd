"""Round trip: known cells → rendered report (every shape, both layouts) → file →
``gkmine.pipeline.parse_document`` → cells and checks compared with what was rendered.

Targets (from the brief, never tuned here): exact cells (value and status) ≥ 99.5 % for
html/docx/pdf, ≥ 99 % for raw/tsv/wrapped/one_per_line/layout, ≥ 97 % for damaged; ≥ 95 % of
injected inconsistencies flagged with the right rule and attribution ``source``; ≤ 2 % of
consistent reports with a false hard failure. Per-shape figures are printed (``pytest -s``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest

from gkmine.pipeline import parse_document
from gkmine.tables.render import (
    EXTENSIONS,
    INJECTION_KINDS,
    SHAPES,
    inject_inconsistency,
    random_cells,
    render_report,
)

TARGETS = {"html": 0.995, "docx": 0.995, "pdf": 0.995, "raw": 0.99, "tsv": 0.99,
           "wrapped": 0.99, "one_per_line": 0.99, "layout": 0.99, "damaged": 0.97}
#: shapes whose lines drop empty cells can only carry whole blank rows (see render.py)
SPARSE = {"raw": "rows", "wrapped": "rows", "damaged": "rows", "one_per_line": "rows",
          "tsv": "zeros", "layout": "zeros", "html": "zeros", "docx": "zeros", "pdf": "zeros"}
LAYOUTS = ("2021", "2019")
SEEDS = (1, 2, 3)
YEAR = {"2021": 2023, "2019": 2020}  # the 2019 (trial) layout was used for 2019–2020


@dataclass
class Outcome:
    shape: str
    layout: str
    seed: int
    n_cells: int = 0
    n_exact: int = 0
    wrong: list[str] = field(default_factory=list)
    hard_failures: list[str] = field(default_factory=list)
    error: str | None = None


def compare(expected: dict, report) -> tuple[int, int, list[str]]:
    found = {(c.table, c.row, c.col): c for c in report.cells}
    exact, wrong = 0, []
    for key, value in expected.items():
        cell = found.get(key)
        want_status = "blank" if value is None else "number"
        ok = (cell is not None and cell.status == want_status
              and (value is None or (cell.value is not None
                                     and math.isclose(cell.value, value, abs_tol=1e-6))))
        if ok:
            exact += 1
        else:
            got = "absent" if cell is None else f"{cell.status} {cell.value!r} raw={cell.raw!r}"
            wrong.append(f"{'.'.join(key)} want {value!r} got {got}")
    return len(expected), exact, wrong


def parse_rendering(cells: dict, layout: str, shape: str, path) -> object:
    data = render_report(cells, layout, shape, year=YEAR[layout])
    path = path.with_suffix(EXTENSIONS[shape])
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return parse_document(path)


@pytest.fixture(scope="session")
def consistent_outcomes(tmp_path_factory) -> list[Outcome]:
    base = tmp_path_factory.mktemp("roundtrip")
    outcomes = []
    for shape in SHAPES:
        for layout in LAYOUTS:
            for seed in SEEDS:
                sparse = SPARSE[shape] if seed % 2 else False
                cells = random_cells(layout, seed=seed, sparse=sparse)
                outcome = Outcome(shape, layout, seed)
                report = parse_rendering(cells, layout, shape,
                                         base / f"{shape}_{layout}_{seed}")
                if report.status == "error":
                    outcome.error = report.error
                    outcome.n_cells = len(cells)
                else:
                    outcome.n_cells, outcome.n_exact, outcome.wrong = compare(cells, report)
                    outcome.hard_failures = [c.message for c in report.checks
                                             if c.severity == "hard" and not c.passed]
                outcomes.append(outcome)
    return outcomes


#: ``damaged`` is left out of the injections on purpose: by construction one of its t3 rows
#: has an inferred cell, and an identity through an inferred cell is (correctly) attributed
#: to the extraction; ``test_injected_into_damaged_is_flagged`` covers that shape.
INJECTION_SHAPES = tuple(s for s in SHAPES if s != "damaged")


def parse_injected(base, kind: str, layout: str, seed: int, shape: str):
    cells, rule = inject_inconsistency(random_cells(layout, seed=seed), kind=kind, seed=seed)
    report = parse_rendering(cells, layout, shape, base / f"{kind}_{layout}_{seed}_{shape}")
    hits = [c for c in report.checks if c.rule == rule and not c.passed]
    return report, hits


@pytest.fixture(scope="session")
def injected_outcomes(tmp_path_factory) -> list[tuple[str, str, str, int, bool, str]]:
    base = tmp_path_factory.mktemp("injected")
    out = []
    for i, kind in enumerate(INJECTION_KINDS):
        for layout in LAYOUTS:
            for seed in (1, 2):
                shape = INJECTION_SHAPES[(3 * i + 2 * seed + (layout == "2019"))
                                         % len(INJECTION_SHAPES)]
                report, hits = parse_injected(base, kind, layout, seed, shape)
                flagged = any(c.attribution == "source" for c in hits)
                detail = report.error or "; ".join(c.message for c in hits) or "not flagged"
                out.append((kind, layout, shape, seed, flagged, detail))
    return out


@pytest.mark.parametrize("shape", SHAPES)
def test_cell_accuracy_per_shape(consistent_outcomes, shape):
    mine = [o for o in consistent_outcomes if o.shape == shape]
    total = sum(o.n_cells for o in mine)
    exact = sum(o.n_exact for o in mine)
    accuracy = exact / total
    print(f"\n[roundtrip] {shape:<13} cells exact {exact}/{total} = {accuracy:.2%} "
          f"(target {TARGETS[shape]:.1%})")
    for outcome in [o for o in mine if o.error or o.wrong][:4]:
        if outcome.error:
            print(f"    {outcome.layout} seed {outcome.seed}: {outcome.error}")
        elif outcome.wrong:
            print(f"    {outcome.layout} seed {outcome.seed}: {len(outcome.wrong)} wrong, "
                  f"e.g. {outcome.wrong[:3]}")
    assert accuracy >= TARGETS[shape]


def test_consistent_reports_have_no_false_hard_failure(consistent_outcomes):
    parsed = [o for o in consistent_outcomes if o.error is None]
    false = [o for o in parsed if o.hard_failures]
    rate = len(false) / max(1, len(consistent_outcomes))
    print(f"\n[roundtrip] false hard failures: {len(false)}/{len(consistent_outcomes)} "
          f"= {rate:.1%} (target <= 2%)")
    for o in false[:10]:
        print(f"    {o.shape} {o.layout} seed {o.seed}: {o.hard_failures[:2]}")
    assert len(parsed) == len(consistent_outcomes), "some renderings failed to parse"
    assert rate <= 0.02


def test_injected_inconsistencies_are_flagged(injected_outcomes):
    flagged = sum(item[4] for item in injected_outcomes)
    rate = flagged / len(injected_outcomes)
    print(f"\n[roundtrip] injected inconsistencies flagged as source: "
          f"{flagged}/{len(injected_outcomes)} = {rate:.1%} (target >= 95%)")
    for kind, layout, shape, seed, ok, detail in injected_outcomes:
        if not ok:
            print(f"    {kind} {layout} {shape} seed {seed}: {detail[:200]}")
    assert rate >= 0.95


def test_injected_into_damaged_is_flagged(tmp_path):
    """Damaged renderings: the broken rule is flagged; the blame may fall on the inferred row."""
    flagged = []
    for kind in INJECTION_KINDS:
        report, hits = parse_injected(tmp_path, kind, "2021", 4, "damaged")
        flagged.append(bool(hits))
        print(f"\n[roundtrip] damaged + {kind}: "
              f"{[(c.rule, c.attribution) for c in hits][:3] or report.error or 'not flagged'}")
    assert all(flagged)
