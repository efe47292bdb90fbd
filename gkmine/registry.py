"""Things registered by name: per-document features and corpus analyses.

Two kinds of work exist, and each is registered once, here, by name:

* a **document feature** is a pure function ``(report, config) -> list[dict]`` that runs in
  the worker, once per document, next to parsing. Its rows land in the table of the same name,
  keyed by ``doc_id`` (the content hash), with the columns it declares. Features carry what
  corpus analyses need in compact form (term counts, shingle signatures), so that no analysis
  re-reads or re-segments a document.
* a **corpus analysis** is ``build(store, config) -> DataFrame`` (or a dict of DataFrames when
  it declares several ``outputs``). It reads the tables named in ``inputs`` from the store, in
  batches, and its result replaces its output tables. An analysis whose output grows with the
  corpus returns a generator of such parts instead, and the store appends them as they come.
  ``reproduce``, ``Corpus`` and the CLI all iterate the one list :func:`analyses` returns, in
  dependency order.

Modules register at import; :data:`MODULES` lists the modules that hold registrations, so the
registry is complete without importing the whole package by hand.

>>> from gkmine.registry import analyses
>>> names = [a.name for a in analyses()]
>>> len(names) == len(set(names))
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Modules whose import registers features and analyses, in the order data flows.
MODULES: tuple[str, ...] = (
    "gkmine.checks.analyses",
    "gkmine.nlp.analyses",
    "gkmine.issues.analyses",
    "gkmine.rhetoric.analyses",
    "gkmine.link.analyses",
)


@dataclass(frozen=True)
class DocumentFeature:
    """Rows computed per document in the worker; ``columns`` maps name -> DuckDB type."""

    name: str
    columns: Mapping[str, str]
    func: Callable[..., list[dict[str, Any]]]
    #: a Config attribute that must be true for the feature to run (e.g. "tables")
    requires: str | None = None


@dataclass(frozen=True)
class Analysis:
    """A corpus analysis: reads ``inputs`` tables, writes ``outputs`` tables."""

    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    func: Callable[..., Any]

    def build(self, store, config) -> dict[str, Any]:
        """Run the analysis; always returns ``{output table: DataFrame}`` (batches joined)."""
        import pandas as pd

        parts: dict[str, list] = {name: [] for name in self.outputs}
        for batch in self.batches(store, config):
            for name, frame in batch.items():
                parts[name].append(frame)
        return {name: frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
                for name, frames in parts.items()}

    def batches(self, store, config) -> Iterator[dict[str, Any]]:
        """Run the analysis; yields ``{output table: DataFrame}`` parts, in order.

        An analysis whose function returns an iterator (a generator) streams its output: each
        item holds a part of every output table, and the store appends them, so a corpus-sized
        table is never held whole. Any other analysis yields its result once.
        """
        result = self.func(store, config)
        parts = result if isinstance(result, Iterator) else iter([result])
        for part in parts:
            yield self._named(part)

    def _named(self, result) -> dict[str, Any]:
        if isinstance(result, Mapping):
            missing = set(self.outputs) - set(result)
            if missing:
                raise ValueError(f"analysis {self.name!r} did not return {sorted(missing)}")
            return {name: result[name] for name in self.outputs}
        if len(self.outputs) != 1:
            raise ValueError(f"analysis {self.name!r} declares several outputs; "
                             "return a dict of DataFrames")
        return {self.outputs[0]: result}


@dataclass
class Registry:
    """Holds features and analyses; one instance per process, filled at import time."""

    features: dict[str, DocumentFeature] = field(default_factory=dict)
    analyses: dict[str, Analysis] = field(default_factory=dict)
    loaded: bool = False

    def load(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        for module in MODULES:
            try:
                importlib.import_module(module)
            except ModuleNotFoundError as err:  # a stage not present in this build
                if err.name is None or not module.startswith(err.name):
                    raise


_REGISTRY = Registry()


def document_feature(name: str, *, columns: Mapping[str, str], requires: str | None = None):
    """Register ``func(report, config) -> list[dict]`` as the per-document table ``name``."""

    def register(func):
        if "doc_id" not in columns:
            raise ValueError(f"feature {name!r} must declare a doc_id column")
        _REGISTRY.features[name] = DocumentFeature(name, dict(columns), func, requires)
        return func

    return register


def analysis(name: str, *, inputs: tuple[str, ...], outputs: tuple[str, ...] | None = None):
    """Register ``build(store, config)`` as the corpus analysis ``name``.

    ``outputs`` defaults to ``(name,)``: the analysis writes one table of its own name.
    """

    def register(func):
        _REGISTRY.analyses[name] = Analysis(name, tuple(inputs), tuple(outputs or (name,)),
                                            func)
        return func

    return register


def features() -> list[DocumentFeature]:
    """Every registered per-document feature, in registration order."""
    _REGISTRY.load()
    return list(_REGISTRY.features.values())


def analyses(names: tuple[str, ...] | list[str] | None = None) -> list[Analysis]:
    """Registered analyses in dependency order (an analysis after those whose outputs it reads).

    ``names`` restricts the list to those analyses and everything they depend on.
    """
    _REGISTRY.load()
    known = _REGISTRY.analyses
    producer = {out: a.name for a in known.values() for out in a.outputs}
    deps = {a.name: sorted({producer[i] for i in a.inputs if i in producer} - {a.name})
            for a in known.values()}
    wanted = list(known) if names is None else _with_dependencies(list(names), deps)
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise ValueError(f"analyses depend on each other in a cycle at {name!r}")
        visiting.add(name)
        for dep in deps[name]:
            visit(dep)
        visiting.discard(name)
        ordered.append(name)

    for name in wanted:
        if name not in known:
            raise KeyError(f"no analysis named {name!r}; known: {sorted(known)}")
        visit(name)
    return [known[n] for n in ordered]


def _with_dependencies(names: list[str], deps: dict[str, list[str]]) -> list[str]:
    out: list[str] = []
    stack = list(names)
    while stack:
        name = stack.pop(0)
        if name not in out:
            out.append(name)
            stack.extend(deps.get(name, []))
    return out
