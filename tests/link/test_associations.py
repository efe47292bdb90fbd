"""Associations between stated problems and figures: the right test for the data, effect
sizes with the right sign, Benjamini–Hochberg, determinism, and no test on tiny groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from gkmine.link.associations import panel_associations
from gkmine.link.options import LinkOptions


def synthetic_panel(n: int, *, seed: int = 0) -> pd.DataFrame:
    """Reports stating the "review" topic receive more applications; "digital" is noise."""
    rng = np.random.default_rng(seed)
    states = rng.random(n) < 0.4
    apps = np.where(states, rng.poisson(12, n), rng.poisson(2, n)).astype(float)
    return pd.DataFrame({
        "n_statements": 5, "share_review": np.where(states, 0.4, 0.0),
        "share_digital": np.where(rng.random(n) < 0.5, 0.2, 0.0),
        "applications_new": apps, "reviews": rng.poisson(0.3, n).astype(float),
        "suits": np.zeros(n), "claims_disagree": (rng.random(n) < 0.1).astype(int)})


def test_a_real_association_is_found_and_noise_is_not():
    panel = synthetic_panel(60)
    out = panel_associations(panel, topics=("review", "digital"),
                             figures=("applications_new", "any_applications"))
    by = out.set_index(["topic", "figure"])
    strong = by.loc[("review", "applications_new")]
    assert strong.test == "permutation" and strong.effect == "rank_biserial"
    assert strong.effect_size > 0.7 and strong.significant
    assert not by.loc[("digital", "applications_new")].significant
    fisher = by.loc[("review", "any_applications")]
    assert fisher.test == "fisher_exact" and fisher.effect == "odds_ratio"
    assert 0 <= fisher.cramers_v <= 1
    assert (out.q_value >= out.p_value - 1e-12).all()


def test_large_samples_use_the_asymptotic_test_and_results_are_deterministic():
    panel = synthetic_panel(800, seed=1)
    first = panel_associations(panel, topics=("review",), figures=("applications_new",))
    assert first.iloc[0].test == "mann_whitney"
    small = synthetic_panel(40, seed=2)
    runs = [panel_associations(small, options=LinkOptions(seed=3)) for _ in range(2)]
    pd.testing.assert_frame_equal(*runs)


def test_tiny_or_constant_groups_are_not_tested():
    panel = synthetic_panel(30)
    panel["share_review"] = 0.0
    panel.loc[:1, "share_review"] = 0.5  # two reports state it: below min_group
    out = panel_associations(panel, topics=("review",), figures=("applications_new", "suits"))
    assert out.empty and list(out.columns)[:3] == ["topic", "topic_zh", "figure"]
    out = panel_associations(panel, topics=("review",), figures=("applications_new",),
                             options=LinkOptions(min_group=2))
    assert len(out) == 1


def test_reports_without_coded_statements_are_left_out():
    panel = synthetic_panel(40)
    panel.loc[:9, "n_statements"] = 0
    row = panel_associations(panel, topics=("review",), figures=("applications_new",)).iloc[0]
    assert row.n == 30


@pytest.mark.parametrize("figure", ["any_review_or_suit", "any_contradiction"])
def test_binary_figures(figure):
    out = panel_associations(synthetic_panel(80), topics=("digital",), figures=(figure,))
    assert out.empty or out.iloc[0].test == "fisher_exact"
