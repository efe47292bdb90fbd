"""Which stated problems go with which figures: tests on the linked panel for small, skewed
counts.

A report "states" a topic when at least one of its section-五 statements is coded with it
(reports without coded statements are left out). Against each figure:

- a yes/no figure (any applications, any review or suit, any contradiction): Fisher's exact
  test on the 2×2 table, with the odds ratio and Cramér's V (phi);
- a count or a rate: a permutation test of the rank-sum (the Mann–Whitney statistic; exact
  in distribution whatever the ties and skew) when the groups are small, the tie-corrected
  Mann–Whitney U test otherwise, with the rank-biserial correlation as the effect size
  (positive: higher values among reports stating the topic).

p-values are corrected for the number of tests with Benjamini–Hochberg (``q_value``).

>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> panel = pd.DataFrame({"n_statements": 4, "share_review": [0.5] * 12 + [0.0] * 12,
...                       "applications_new": list(rng.poisson(9, 12)) + list(rng.poisson(1, 12))})
>>> out = panel_associations(panel, topics=("review",), figures=("applications_new",))
>>> row = out.iloc[0]
>>> print(row.test, row.n_with, row.n_without, row.effect, row.effect_size > 0.8,
...       row.p_value < 0.01)
permutation 12 12 rank_biserial True True
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from gkmine.issues.codebook import TOPICS
from gkmine.link.labels import TOPIC_LABELS, label_table
from gkmine.link.options import LinkOptions

#: counts and rates compared between reports that state a topic and those that do not
NUMERIC_FIGURES: tuple[str, ...] = (
    "applications_new", "applications_processed", "disclosure_rate", "reviews", "suits",
    "review_correction_rate", "licensing_decisions", "penalty_decisions")
#: yes/no figures: name -> (label, the panel columns whose sum > 0 makes it yes)
BINARY_FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "any_applications": ("有政府信息公开申请", ("applications_new",)),
    "any_review_or_suit": ("有行政复议或行政诉讼", ("reviews", "suits")),
    "any_contradiction": ("正文与表格有不一致", ("claims_disagree",)),
}
#: above this many reports with the figure known, the asymptotic test replaces permutations
PERMUTATION_LIMIT = 500
COLUMNS = ("topic", "topic_zh", "figure", "figure_zh", "test", "n", "n_with", "n_without",
           "with_value", "without_value", "effect", "effect_size", "cramers_v", "p_value",
           "q_value", "significant")


def _binary(panel: pd.DataFrame, name: str) -> pd.Series:
    columns = BINARY_FIGURES[name][1]
    base = sum(pd.to_numeric(panel[c], errors="coerce").astype("float64") for c in columns)
    return (base > 0).astype("float64").where(base.notna())


def _fisher(states: np.ndarray, outcome: np.ndarray) -> dict:
    table = np.array([[np.sum(states & outcome), np.sum(states & ~outcome)],
                      [np.sum(~states & outcome), np.sum(~states & ~outcome)]])
    odds, p = stats.fisher_exact(table)
    v = (stats.contingency.association(table, method="cramer")
         if (table.sum(axis=0) > 0).all() and (table.sum(axis=1) > 0).all() else math.nan)
    return {"test": "fisher_exact", "with_value": table[0, 0] / table[0].sum(),
            "without_value": table[1, 0] / table[1].sum(), "effect": "odds_ratio",
            "effect_size": float(odds), "cramers_v": float(v), "p_value": float(p)}


def _rank_test(states: np.ndarray, values: np.ndarray, options: LinkOptions) -> dict:
    ranks = stats.rankdata(values)
    n1, n2 = int(states.sum()), int((~states).sum())
    u = ranks[states].sum() - n1 * (n1 + 1) / 2
    effect = 2 * u / (n1 * n2) - 1  # rank-biserial correlation
    if len(values) <= PERMUTATION_LIMIT:
        rng = np.random.default_rng(options.seed)
        shuffled = rng.permuted(np.tile(ranks, (options.n_permutations, 1)), axis=1)
        sums = shuffled[:, :n1].sum(axis=1)
        centre = n1 * (len(ranks) + 1) / 2
        extreme = np.abs(sums - centre) >= abs(ranks[states].sum() - centre) - 1e-9
        p, test = (extreme.sum() + 1) / (options.n_permutations + 1), "permutation"
    else:
        p, test = stats.mannwhitneyu(values[states], values[~states]).pvalue, "mann_whitney"
    return {"test": test, "with_value": float(np.median(values[states])),
            "without_value": float(np.median(values[~states])), "effect": "rank_biserial",
            "effect_size": float(effect), "cramers_v": math.nan, "p_value": float(p)}


def panel_associations(panel: pd.DataFrame, *, options: LinkOptions | None = None,
                       topics: Sequence[str] = TOPICS,
                       figures: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (topic, figure) that could be tested, with its test, effect and q-value.

    ``figures`` defaults to :data:`NUMERIC_FIGURES` and :data:`BINARY_FIGURES`; topics and
    figures without their columns in ``panel``, and pairs where either group has fewer than
    ``options.min_group`` reports or the figure does not vary, are left out.
    """
    options = options or LinkOptions()
    figures = tuple(figures) if figures is not None else (*NUMERIC_FIGURES, *BINARY_FIGURES)
    labels = label_table()
    coded = panel[pd.to_numeric(panel["n_statements"], errors="coerce").fillna(0) > 0]
    rows = []
    figures = [f for f in figures
               if set(BINARY_FIGURES[f][1] if f in BINARY_FIGURES else (f,)) <= set(panel)]
    for topic in (t for t in topics if f"share_{t}" in panel.columns):
        share = pd.to_numeric(coded[f"share_{topic}"], errors="coerce")
        for figure in figures:
            if figure in BINARY_FIGURES:
                values = _binary(coded, figure)
            else:
                values = pd.to_numeric(coded[figure], errors="coerce").astype("float64")
            known = values.notna() & share.notna()
            states = (share[known] > 0).to_numpy()
            x = values[known].to_numpy()
            n1, n2 = int(states.sum()), int((~states).sum())
            if min(n1, n2) < options.min_group or np.unique(x).size < 2:
                continue
            result = (_fisher(states, x > 0) if figure in BINARY_FIGURES
                      else _rank_test(states, x, options))
            label = BINARY_FIGURES[figure][0] if figure in BINARY_FIGURES else labels[figure][0]
            rows.append({"topic": topic, "topic_zh": TOPIC_LABELS[topic], "figure": figure,
                         "figure_zh": label, "n": n1 + n2, "n_with": n1, "n_without": n2,
                         **result})
    out = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("q_value",
                                                                        "significant")])
    out["q_value"] = (stats.false_discovery_control(out["p_value"].to_numpy(), method="bh")
                      if len(out) else pd.Series(dtype="float64"))
    out["significant"] = out["q_value"] <= options.fdr
    return out[list(COLUMNS)].reset_index(drop=True)
