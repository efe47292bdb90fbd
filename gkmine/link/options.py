"""Options of the text-to-numbers stage, carried in :class:`gkmine.config.Config` as ``link``.

>>> LinkOptions().batch_docs, LinkOptions().min_group
(250, 3)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class LinkOptions:
    #: options a per-document feature reads (none: the panel is a corpus analysis); only
    #: these enter the configuration hash that decides whether to process a document again
    DOCUMENT_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: documents read from the store at a time when building the panel (bounds memory: the
    #: step's resident set grew 436 MB with 1,000 a batch and 171 MB with 250, at the same
    #: speed, on 2,000 generated reports)
    batch_docs: int = 250
    #: an association is tested only when each group (with/without the topic) has this many
    #: reports with the figure known
    min_group: int = 3
    #: permutations of the exact (Monte Carlo) permutation test of a difference in medians
    n_permutations: int = 2000
    #: seed of the permutation test: same seed, same p-values
    seed: int = 0
    #: Benjamini-Hochberg false discovery rate at which an association is flagged
    fdr: float = 0.05
