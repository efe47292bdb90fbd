"""The one reuse mechanism: MinHash signatures, LSH banding, groups verified against a leader.

Every near-duplicate question in gkmine (the same sentence in many reports, the same section 五
as last year, statements reused across agencies, the same report on two sites, template
families) goes through these two steps:

1. :func:`signatures`: a MinHash signature per text over its character shingles (``rensa``,
   seeded, so the same text gives the same signature in every process). Only the low 16 bits of
   each of the ``num_perm`` minima are kept (b-bit MinHash): two texts agree on a value with
   probability J + (1 - J)/65536, so the Jaccard estimate loses nothing that matters while a
   signature of 64 values takes 128 bytes, and a band of four values is a single 64-bit key.
2. :func:`group_signatures`: items sharing any band key (bands chosen from the threshold) are
   candidates; candidates form connected components (sorting per band, never all pairs); each
   component is verified against its leader (its first item) and items below ``threshold``
   start a new component with their own leader, for a bounded number of rounds. A group of a
   thousand reports comes out as a thousand members with their similarity to the leader, not
   half a million pairs.

>>> sig = signatures(["政府信息公开工作取得成效", "政府信息公开工作取得成效。",
...                   "完全不同的一句话内容"])
>>> sig.shape, sig.dtype.name
((3, 64), 'uint16')
>>> groups = group_signatures(sig, threshold=0.6)
>>> groups.label.tolist(), groups.leader.tolist()
([0, 0, -1], [0, 0, 2])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

__all__ = ["ReuseOptions", "Groups", "signatures", "set_signatures", "shingles",
           "group_signatures", "group_texts", "similarity", "bands_for"]


@dataclass(frozen=True)
class ReuseOptions:
    """Options of sentence reuse, boilerplate and template detection (``Config.reuse``)."""

    #: options the per-document feature reads (``sentence_signatures``); only these enter
    #: the configuration hash that decides whether to process a stored document again
    DOCUMENT_FIELDS: ClassVar[tuple[str, ...]] = ("sections", "min_chars", "shingle", "num_perm",
                                                    "seed")

    #: sections whose sentences are compared (tables 二/三/四 are statutory text: left out)
    sections: tuple[str, ...] = ("overall", "problems", "other")
    #: sentences shorter than this (comparable characters) are not compared (无, 暂无)
    min_chars: int = 8
    #: character shingle length
    shingle: int = 3
    #: MinHash values per signature; a multiple of ``bands``
    num_perm: int = 64
    #: LSH bands; ``None``: chosen from the threshold by :func:`bands_for`
    bands: int | None = None
    #: MinHash seed
    seed: int = 20240101
    #: estimated Jaccard at which two sentences count as the same sentence
    sentence_threshold: float = 0.6
    #: a sentence is boilerplate when its group spans at least this many other agencies
    boilerplate_agencies: int = 3
    #: groups in more documents than this are boilerplate: no document pairs from them
    pair_group_cap: int = 50
    #: example sentences kept per reuse pair
    examples: int = 3
    #: Jaccard of two reports' sentence-group sets that makes them one template family
    family_threshold: float = 0.5
    #: Jaccard of two reports' sentence-group sets that makes them the same report
    same_report_threshold: float = 0.85
    #: verification rounds: items failing their leader try the next leader this often
    rounds: int = 4


_DEFAULT = ReuseOptions()


def shingles(text: str, k: int) -> list[str]:
    """Character ``k``-grams of ``text`` (the whole text when it is shorter than ``k``).

    >>> shingles("公开条例", 3)
    ['公开条', '开条例']
    """
    if len(text) <= k:
        return [text] if text else []
    return [text[i:i + k] for i in range(len(text) - k + 1)]


def signatures(texts: Iterable[str], *, options: ReuseOptions = _DEFAULT) -> np.ndarray:
    """b-bit MinHash signatures of texts' character shingles, shape ``(n, num_perm)``."""
    return set_signatures((shingles(t, options.shingle) for t in texts), options=options)


def set_signatures(token_sets: Iterable[Sequence[str]], *,
                   options: ReuseOptions = _DEFAULT) -> np.ndarray:
    """b-bit MinHash signatures (``uint16``) of sets of tokens (shingles, sentence groups)."""
    from rensa import RMinHash

    chunks, rows = [], []

    def flush() -> None:  # a digest is a list of Python ints: keep few of them at once
        chunks.append((np.asarray(rows, dtype=np.uint32) & 0xFFFF).astype(np.uint16))
        rows.clear()

    for tokens in token_sets:
        mh = RMinHash(num_perm=options.num_perm, seed=options.seed)
        mh.update(list(tokens))
        rows.append(mh.digest())
        if len(rows) == 4096:
            flush()
    if rows:
        flush()
    if not chunks:
        return np.zeros((0, options.num_perm), dtype=np.uint16)
    return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Estimated Jaccard of signature rows ``a`` and ``b`` (broadcast, last axis compared)."""
    return (a == b).mean(axis=-1)


#: rows compared at once (bounds the copies a comparison makes)
_ROWS_AT_ONCE = 8_192


def _similarity_of_rows(sig: np.ndarray, rows: np.ndarray, others: np.ndarray) -> np.ndarray:
    """:func:`similarity` of ``sig[rows[i]]`` and ``sig[others[i]]``, a chunk at a time."""
    out = np.empty(len(rows), dtype=np.float64)
    for start in range(0, len(rows), _ROWS_AT_ONCE):
        stop = start + _ROWS_AT_ONCE
        out[start:stop] = similarity(sig[rows[start:stop]], sig[others[start:stop]])
    return out


@dataclass(frozen=True)
class Groups:
    """Verified LSH groups of ``n`` items.

    ``label[i]`` is the group of item ``i`` (numbered 0, 1, … in the order of their leaders)
    or -1 when the item is alone; ``leader[i]`` is the item the group was verified against
    (``i`` itself when alone); ``similarity[i]`` is the estimated Jaccard to the leader.
    """

    label: np.ndarray
    leader: np.ndarray
    similarity: np.ndarray

    def members(self) -> dict[int, list[int]]:
        """Group label -> item indices, in order."""
        out: dict[int, list[int]] = {}
        for i in np.flatnonzero(self.label >= 0).tolist():
            out.setdefault(int(self.label[i]), []).append(i)
        return out


def _band_key(sig: np.ndarray, bands: int, band: int) -> np.ndarray:
    """One unsigned 64-bit key per row for one band: a band of four 16-bit values is the key
    itself; other widths are combined FNV-style."""
    rows = sig.shape[1] // bands
    piece = np.ascontiguousarray(sig[:, band * rows:(band + 1) * rows])
    if rows == 4:
        return piece.view(np.uint64).reshape(len(sig))
    key = np.zeros(len(sig), dtype=np.uint64)
    for j in range(rows):
        key = (key ^ piece[:, j].astype(np.uint64)) * np.uint64(0x100000001B3)
    return key


def _candidate_components(sig: np.ndarray, bands: int) -> np.ndarray:
    """Connected components of "shares a band key", one band at a time.

    Per band, sorting the keys links each run of equal keys to its head; the links, read on
    the components found so far, merge them. Memory stays a few integers per item whatever
    the number of bands (the keys and links of every band at once would be ~40 bytes per
    item and band).
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(sig)
    component = np.arange(n, dtype=np.int32)
    for band in range(bands):
        column = _band_key(sig, bands, band)
        order = np.argsort(column, kind="stable").astype(np.int32)
        ordered = column[order]
        new_run = np.ones(n, dtype=bool)
        new_run[1:] = ordered[1:] != ordered[:-1]
        del column, ordered
        head = order[np.maximum.accumulate(np.where(new_run, np.arange(n, dtype=np.int32), 0))]
        linked = head != order
        if not linked.any():
            continue
        rows, cols = component[head[linked]], component[order[linked]]
        graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
        merged = connected_components(graph, directed=False)[1].astype(np.int32)
        component = merged[component]
    return component


def _first_of(component: np.ndarray, items: np.ndarray) -> np.ndarray:
    """For each item, the smallest item of its component (``items`` sorted ascending)."""
    _, first, inverse = np.unique(component[items], return_index=True, return_inverse=True)
    return items[first][inverse]


def bands_for(threshold: float, num_perm: int) -> int:
    """LSH bands for a verification ``threshold``: the divisor ``b`` of ``num_perm`` whose
    S-curve midpoint ``(1/b)^(b/num_perm)`` is nearest 0.8 × threshold (recall first: the
    verification removes false candidates).

    >>> bands_for(0.6, 64), bands_for(0.8, 128), bands_for(0.5, 128)
    (16, 16, 32)
    """
    divisors = [b for b in range(1, num_perm + 1) if num_perm % b == 0]
    return min(divisors, key=lambda b: (abs((1 / b) ** (b / num_perm) - 0.8 * threshold), b))


def group_signatures(sig: np.ndarray, *, threshold: float, bands: int | None = None,
                     rounds: int = _DEFAULT.rounds) -> Groups:
    """Group the rows of ``sig`` whose estimated Jaccard to a common leader is >= threshold.

    Near-linear: one sort per band, connected components, then each item compared with one
    leader per round. Deterministic: leaders are the first items of their components.
    """
    n = len(sig)
    leader = np.arange(n, dtype=np.int64)
    sim = np.ones(n, dtype=np.float64)
    if n == 0:
        return Groups(np.zeros(0, dtype=np.int64), leader, sim)
    bands = bands or bands_for(threshold, sig.shape[1])
    component = _candidate_components(sig, bands)
    sizes = np.bincount(component)
    pending = np.flatnonzero(sizes[component] > 1)
    assigned = np.zeros(n, dtype=bool)
    for _ in range(max(1, rounds)):
        if len(pending) < 2:
            break
        heads = _first_of(component, pending)
        s = _similarity_of_rows(sig, pending, heads)
        ok = s >= threshold
        leader[pending[ok]] = heads[ok]
        sim[pending[ok]] = s[ok]
        assigned[pending[ok]] = True
        pending = pending[~ok]
    # A leader alone with itself is no group.
    group_size = np.bincount(leader[assigned], minlength=n)
    alone = group_size[leader] < 2
    leader[alone] = np.arange(n)[alone]
    sim[alone] = 1.0
    label = np.full(n, -1, dtype=np.int64)
    grouped = ~alone
    leaders = np.unique(leader[grouped])
    label[grouped] = np.searchsorted(leaders, leader[grouped])
    return Groups(label, leader, sim)


def group_texts(texts: Sequence[str], *, threshold: float,
                options: ReuseOptions = _DEFAULT) -> Groups:
    """:func:`group_signatures` of the :func:`signatures` of ``texts``.

    >>> group_texts(["信息更新不够及时", "信息更新不够及时。", "人员业务水平有待提升"],
    ...             threshold=0.8).label.tolist()
    [0, 0, -1]
    """
    return group_signatures(signatures(texts, options=options), threshold=threshold,
                            bands=options.bands, rounds=options.rounds)
