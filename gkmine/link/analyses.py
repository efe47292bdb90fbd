"""Text-to-numbers registrations: the linked panel (with the contradictions found on the way),
its Chinese labels and the associations between stated problems and figures.

Heavy imports happen inside the functions: workers import the registry's modules.
"""

from __future__ import annotations

from gkmine.registry import analysis


def _options(config):
    from gkmine.link.options import LinkOptions

    return getattr(config, "link", None) or LinkOptions()


@analysis("linked_panel",
          inputs=("docs", "files", "texts", "cells", "claims", "statements",
                  "rhetoric_profiles", "boilerplate", "reuse_yoy"),
          outputs=("linked_panel", "contradictions"))
def build_linked_panel(store, config):
    """One row per report (metadata, key figures, claims checked, text measures), and every
    claim that disagrees with its cell. Optional tables absent from the store give null
    columns. Written a batch of documents at a time."""
    from gkmine.link.panel import linked_panel_parts

    return linked_panel_parts(store, options=_options(config))


@analysis("panel_labels", inputs=())
def build_panel_labels(store, config):
    """A Chinese label and a definition for every column of ``linked_panel``."""
    from gkmine.link.labels import panel_labels

    return panel_labels()


@analysis("panel_associations", inputs=("linked_panel",))
def build_panel_associations(store, config):
    """Stated problems (section 五 topics) against figures: exact/permutation tests, effect
    sizes, Benjamini–Hochberg q-values."""
    from gkmine.link.associations import panel_associations

    return panel_associations(store.table("linked_panel"), options=_options(config))
