"""A corpus of report records, with methods that return pandas DataFrames.

The vocabulary follows quanteda: a *corpus* of documents with their *docvars* (the metadata),
from which tokens, a dfm, keyness and collocations are derived. Per-document work has already
happened when a ``Corpus`` exists (``gkmine.pipeline``); everything here is corpus-level.

>>> corpus = Corpus.from_paths(["corpora/seeds"])
>>> row = corpus.reports().iloc[0]
>>> row["agency"], int(row["year"]), row["level"]
('中卫市沙坡头区医疗保障局', 2024, 'county')
>>> corpus.panel().shape[0]
5
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields

import pandas as pd

from gkmine.config import DEFAULT, Config
from gkmine.record import Cell, Check, Meta, Report, Section, SubItem
from gkmine.store import checks_frame, reports_frame, sections_frame


@dataclass
class Corpus:
    """Report records plus the configuration they were made with."""

    records: list[Report] = field(default_factory=list)
    config: Config = DEFAULT

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def from_paths(cls, paths: Iterable[str | os.PathLike], *, config: Config = DEFAULT,
                   n_jobs: int = 1, progress: bool = False) -> Corpus:
        """Parse every report file under ``paths`` (directories are walked)."""
        from gkmine.pipeline import expand_paths, iter_reports

        files = expand_paths(paths, config=config)
        return cls(list(iter_reports(files, config=config, n_jobs=n_jobs, progress=progress)),
                   config)

    @classmethod
    def from_dask(cls, paths: Iterable[str | os.PathLike], client, *,
                  config: Config = DEFAULT) -> Corpus:
        """Parse on an existing Dask cluster (``client``: a ``distributed.Client``)."""
        from gkmine.pipeline import expand_paths, parse_with_dask

        return cls(parse_with_dask(expand_paths(paths, config=config), client, config=config),
                   config)

    @classmethod
    def from_db(cls, path: str | os.PathLike) -> Corpus:
        """Rebuild the report records stored in a gkmine DuckDB file."""
        from gkmine.store import Store

        with Store(path, read_only=True) as db:
            tables = db.tables()
            frames = {name: (db.table(name) if name in tables else pd.DataFrame())
                      for name in ("reports", "sections", "cells", "checks")}
        return cls(_records_from_frames(frames))

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self):
        return iter(self.records)

    # --- per-report tables ----------------------------------------------------------------

    def reports(self) -> pd.DataFrame:
        """One row per document (docvars), errors included."""
        return reports_frame(self.records).drop(columns=["text"])

    def sections(self) -> pd.DataFrame:
        return sections_frame(self.records)

    def cells(self) -> pd.DataFrame:
        """The tidy cell table."""
        from gkmine.tables.frames import cells_frame

        return cells_frame(self.records)

    def panel(self) -> pd.DataFrame:
        """The wide panel: one row per report, one column per canonical cell."""
        from gkmine.tables.frames import panel_frame

        return panel_frame(self.records)

    def checks(self, *, failed_only: bool = False) -> pd.DataFrame:
        frame = checks_frame(self.records)
        return frame[~frame["passed"].astype(bool)] if failed_only else frame

    def corpus_checks(self) -> pd.DataFrame:
        """Checks across reports (X1 carry-over, S1 stock of documents, N4 reuse)."""
        from gkmine.checks import check_corpus

        return check_corpus(self.records)

    # --- text ------------------------------------------------------------------------------

    def texts(self, *, section: str | None = None) -> pd.Series:
        """Document texts (or one section's text) indexed by ``doc_id``."""
        data = {}
        for r in self.records:
            if section is None:
                data[r.doc_id] = r.text
            else:
                found = r.section(section)
                data[r.doc_id] = found.text if found else ""
        return pd.Series(data, name=section or "text", dtype="object")

    def claims(self) -> pd.DataFrame:
        """Numeric claims of the prose, one row per claim."""
        from gkmine.nlp.claims import report_claims

        rows = [{"doc_id": r.doc_id, "agency": r.meta.agency, "year": r.meta.year,
                 **c.to_dict()} for r in self.records if r.status != "error"
                for c in report_claims(r)]
        return pd.DataFrame(rows)

    def statements(self, *, model=None) -> pd.DataFrame:
        """Coded statements of section 五 (problems and measures)."""
        from gkmine.issues import statements_frame

        return statements_frame([r for r in self.records if r.status != "error"], model=model)

    def keywords(self, *, section: str | None = None, top_n: int = 20,
                 tokenizer=None) -> pd.DataFrame:
        """TF-IDF keywords per document, with the corpus's own IDF."""
        from gkmine.nlp.keywords import tfidf_keywords

        texts = self.texts(section=section)
        return tfidf_keywords(list(texts), docnames=list(texts.index), top_n=top_n,
                              tokenizer=tokenizer)

    def keyness(self, *, by: str, target, section: str | None = None,
                measure: str = "chi2", tokenizer=None) -> pd.DataFrame:
        """Keyness of the reports whose docvar ``by`` equals ``target`` against the rest."""
        from gkmine.nlp.keywords import keyness

        docvars = self.reports().set_index("doc_id")[by]
        texts = self.texts(section=section)
        in_target = docvars.reindex(texts.index) == target
        return keyness(list(texts[in_target]), list(texts[~in_target]), measure=measure,
                       tokenizer=tokenizer)

    def collocations(self, *, section: str | None = None, size=2, min_count: int = 3,
                     tokenizer=None) -> pd.DataFrame:
        """Stock phrases of the genre: adjacent token n-grams ranked by PMI."""
        from gkmine.nlp.keywords import collocations

        return collocations(list(self.texts(section=section)), size=size, min_count=min_count,
                            tokenizer=tokenizer)


def _records_from_frames(frames: dict[str, pd.DataFrame]) -> list[Report]:
    """Inverse of the store's frames: rows → Report records (text, sections, cells, checks)."""
    by_doc: dict[str, dict[str, list[dict]]] = {}
    for name in ("sections", "cells", "checks"):
        frame = frames[name]
        for row in frame.to_dict("records") if len(frame) else []:
            by_doc.setdefault(row["doc_id"], {}).setdefault(name, []).append(row)
    meta_names = [f.name for f in fields(Meta) if f.name != "evidence"]
    records = []
    for row in frames["reports"].to_dict("records"):
        parts = by_doc.get(row["doc_id"], {})
        meta = Meta(**{k: _none(row.get(k)) for k in meta_names},
                    evidence=json.loads(row.get("evidence") or "{}"))
        if meta.year is not None:
            meta.year = int(meta.year)
        records.append(Report(
            source=row["source"], doc_id=row["doc_id"], status=row["status"],
            error=_none(row.get("error")), error_code=_none(row.get("error_code")),
            format=_none(row.get("format")), meta=meta, text=row.get("text") or "",
            warnings=json.loads(row.get("warnings") or "[]"),
            sections=[_section(s) for s in parts.get("sections", [])],
            cells=[_cell(c) for c in parts.get("cells", [])],
            checks=[_check(c) for c in parts.get("checks", [])]))
    return records


def _none(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


_INT_FIELDS = {"start", "end", "src_start", "src_end", "page", "body_start"}


def _pick(row: dict, cls) -> dict:
    """A row's values for the fields of ``cls``; JSON text back to lists/tuples/dicts."""
    data = {}
    for f in fields(cls):
        if f.name not in row:
            continue
        value = _none(row[f.name])
        if isinstance(value, str) and str(f.type).startswith(("list", "tuple", "dict")):
            value = json.loads(value)
            if str(f.type).startswith("tuple"):
                value = tuple(value)
        if f.name in _INT_FIELDS and value is not None:
            value = int(value)
        data[f.name] = value
    return data


def _section(row: dict) -> Section:
    data = _pick(row, Section)
    data["subitems"] = [SubItem(**s) for s in data.get("subitems") or []]
    return Section(**data)


_AMOUNT_COLS = ("amount_wan", "amount")


def _cell(row: dict) -> Cell:
    data = _pick(row, Cell)
    if isinstance(data.get("bbox"), str):
        data["bbox"] = tuple(json.loads(data["bbox"]))
    value = data.get("value")
    if value is not None and float(value).is_integer() and data.get("col") not in _AMOUNT_COLS:
        data["value"] = int(value)
    return Cell(**data)


def _check(row: dict) -> Check:
    data = _pick(row, Check)
    data["passed"] = bool(data["passed"])
    if "spans" in data:
        data["spans"] = [tuple(span) for span in data["spans"] or []]
    return Check(**data)


def load(paths: Sequence[str | os.PathLike] | str, **options) -> Corpus:
    """Shorthand: a path to a ``.duckdb`` file loads it; anything else is parsed."""
    if isinstance(paths, (str, os.PathLike)) and os.fspath(paths).endswith(".duckdb"):
        return Corpus.from_db(paths)
    return Corpus.from_paths([paths] if isinstance(paths, (str, os.PathLike)) else paths,
                             **options)
