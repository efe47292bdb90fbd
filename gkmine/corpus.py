"""A corpus is a gkmine database; its DataFrame methods are queries.

The vocabulary follows quanteda: a *corpus* of documents with their *docvars* (the metadata),
from which tokens, a dfm, keyness and collocations are derived. Per-document work happens once,
when documents enter the database (:mod:`gkmine.engine`); everything here reads from it.

>>> corpus = Corpus.from_paths(["corpora/seeds"], n_jobs=1)
>>> row = corpus.reports().iloc[0]
>>> row["agency"], int(row["year"]), row["level"]
('中卫市沙坡头区医疗保障局', 2024, 'county')
>>> corpus.panel().shape[0]
5
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import pandas as pd

from gkmine.config import DEFAULT, Config
from gkmine.record import Report
from gkmine.store import Store

#: docvars joined onto per-document tables
DOCVARS = ("source", "agency", "year", "level", "province", "city", "county", "agency_type",
           "layout")


class Corpus:
    """The documents of one gkmine database, and the analyses built from them."""

    def __init__(self, db_path: str | os.PathLike, *, config: Config = DEFAULT) -> None:
        self.db_path = os.fspath(db_path)
        self.config = config
        self._tmpdir = None  # keeps a temporary database alive as long as the corpus

    # --- construction ---------------------------------------------------------------------

    @classmethod
    def from_paths(cls, paths: Iterable[str | os.PathLike], *,
                   db: str | os.PathLike | None = None, config: Config = DEFAULT,
                   n_jobs: int = 0, progress: bool = False, engine=None,
                   urls: Mapping[str, str] | None = None) -> Corpus:
        """Process every report under ``paths`` into ``db`` (a temporary file by default).

        ``n_jobs`` worker processes (0: all cores); ``urls``: the pages' addresses
        (:func:`gkmine.pipeline.read_url_manifest`). In a script, call this under
        ``if __name__ == "__main__":`` — worker processes are started with *spawn*.
        """
        from gkmine.engine import LocalEngine, run_corpus

        corpus = cls._at(db, config)
        run_corpus(list(paths), db_path=corpus.db_path, config=config,
                   engine=engine or LocalEngine(n_jobs), progress=progress,
                   command="Corpus.from_paths", urls=urls)
        return corpus

    @classmethod
    def from_dask(cls, paths: Iterable[str | os.PathLike], client, *,
                  db: str | os.PathLike | None = None, config: Config = DEFAULT,
                  ship: str = "auto", urls: Mapping[str, str] | None = None) -> Corpus:
        """Process on an existing Dask cluster (``client``: a ``distributed.Client``).

        Results stream into the database as they complete; nothing is gathered on the client.
        """
        from gkmine.engine import DaskEngine, run_corpus

        corpus = cls._at(db, config)
        run_corpus(list(paths), db_path=corpus.db_path, config=config,
                   engine=DaskEngine(client=client, ship=ship), command="Corpus.from_dask",
                   urls=urls)
        return corpus

    @classmethod
    def from_db(cls, path: str | os.PathLike, *, config: Config = DEFAULT) -> Corpus:
        """The corpus stored in a gkmine DuckDB file."""
        if not Path(path).is_file():
            from gkmine.store import StoreError

            raise StoreError("E502", os.fspath(path), "no gkmine database at this path")
        return cls(path, config=config)

    @classmethod
    def _at(cls, db, config: Config) -> Corpus:
        if db is not None:
            return cls(db, config=config)
        tmpdir = tempfile.TemporaryDirectory(prefix="gkmine-")
        corpus = cls(Path(tmpdir.name) / "gkmine.duckdb", config=config)
        corpus._tmpdir = tmpdir
        return corpus

    def store(self, *, read_only: bool = True) -> Store:
        """A connection to the database (use as a context manager)."""
        return Store(self.db_path, read_only=read_only)

    def query(self, sql: str, params: Sequence | None = None) -> pd.DataFrame:
        with self.store() as db:
            return db.query(sql, params)

    def __len__(self) -> int:
        with self.store() as db:
            return db.count("reports")

    def __iter__(self) -> Iterator[Report]:
        return self.records()

    # --- per-document tables ----------------------------------------------------------------

    def reports(self) -> pd.DataFrame:
        """One row per input file (docvars, status, error), errors included."""
        return self.query("select * from reports order by source")

    def documents(self) -> pd.DataFrame:
        """One row per distinct document (identical files count once)."""
        return self.query("select * from documents order by source")

    def sections(self) -> pd.DataFrame:
        """The six statutory sections with their offsets, one row per (document, section)."""
        return self.query("select * from sections order by doc_id, start")

    def cells(self) -> pd.DataFrame:
        """The tidy cell table: one row per (document, table, row, col), with docvars."""
        return self.query(
            "select c.doc_id, " + ", ".join(f"d.{v}" for v in DOCVARS) + ", c.* exclude (doc_id)"
            " from cells c join documents d using (doc_id) order by d.source, c.table, c.row,"
            " c.col")

    def panel(self) -> pd.DataFrame:
        """The wide panel: one row per document, one column per canonical cell id.

        The pivot runs in the database, so memory holds the wide frame and never the tidy
        cells of the whole corpus.
        """
        from gkmine.tables.frames import panel_columns

        ids = ", ".join(f"'{cid}'" for cid in panel_columns())
        return self.query(
            "with wide as (pivot (select doc_id, \"table\" || '.' || row || '.' || col as id, "
            f"value from cells where status = 'number') on id in ({ids}) using max(value) "
            "group by doc_id) "
            "select d.doc_id, " + ", ".join(f"d.{v}" for v in DOCVARS) + ", "
            "wide.* exclude (doc_id) from documents d left join wide using (doc_id) "
            "where d.status <> 'error' order by d.source, d.doc_id")

    def checks(self, *, failed_only: bool = False) -> pd.DataFrame:
        where = "where not passed " if failed_only else ""
        return self.query("select d.source, c.* from checks c join documents d using (doc_id) "
                          f"{where}order by d.source, c.rule, c.table, c.row, c.col")

    def claims(self) -> pd.DataFrame:
        """Numeric claims of the prose, one row per claim."""
        return self.query("select c.doc_id, d.agency, d.year, c.* exclude (doc_id) "
                          "from claims c join documents d using (doc_id) "
                          "order by d.source, c.start, c.\"end\"")

    def statements(self) -> pd.DataFrame:
        """Coded statements of section 五 (problems and measures), topics as lists."""
        return self.query("select s.doc_id, d.source, s.* exclude (doc_id), d.agency, d.year, "
                          "d.level, d.province, d.agency_type from statements s "
                          "join documents d using (doc_id) order by d.source, s.seq")

    def records(self, *, batch: int = 500) -> Iterator[Report]:
        """Report records rebuilt from the database, in source order, ``batch`` at a time."""
        from gkmine.store.rows import report_from_rows, rows_by_document

        with self.store() as db:
            files = db.query("select source, doc_id from reports order by source")
            for start in range(0, len(files), batch):
                part = files.iloc[start:start + batch]
                ids = sorted(set(part["doc_id"]))
                docs = {r["doc_id"]: r for r in db.query(
                    "select * from docs where doc_id in (select unnest(?))", [ids]
                ).to_dict("records")}
                texts = dict(db.con.execute(
                    "select doc_id, text from texts where doc_id in (select unnest(?))",
                    [ids]).fetchall())
                parts = {name: rows_by_document(db.query(
                    f"select * from {name} where doc_id in (select unnest(?)) "
                    f"order by doc_id, {order}", [ids]))
                    for name, order in (("sections", "rowid"), ("cells", "rowid"),
                                        ("checks", "rowid"))}
                for source, doc_id in zip(part["source"], part["doc_id"], strict=True):
                    yield report_from_rows(
                        docs[doc_id], text=texts.get(doc_id, ""), source=source,
                        sections=parts["sections"].get(doc_id, []),
                        cells=parts["cells"].get(doc_id, []),
                        checks=parts["checks"].get(doc_id, []))

    # --- corpus analyses --------------------------------------------------------------------

    def analysis(self, name: str) -> pd.DataFrame:
        """A registered analysis's table, built first if its inputs changed."""
        from gkmine.engine import run_analyses
        from gkmine.registry import analyses

        producer = next((a for a in analyses() if name in a.outputs or a.name == name), None)
        if producer is None:
            raise KeyError(f"no analysis makes a table {name!r}")
        with self.store(read_only=False) as db:
            run_analyses(db, self.config, names=[producer.name])
            return db.table(name if name in producer.outputs else producer.outputs[0])

    def corpus_checks(self) -> pd.DataFrame:
        """Checks across reports (X1 carry-over, S1 stock of documents, N4 reuse)."""
        return self.analysis("corpus_checks")

    # --- text ---------------------------------------------------------------------------------

    def texts(self, *, section: str | None = None) -> pd.Series:
        """Document texts (or one section's text) indexed by ``doc_id``."""
        if section is None:
            frame = self.query("select d.doc_id, coalesce(t.text, '') as text from documents d"
                               " left join texts t using (doc_id) where d.status <> 'error' "
                               "order by d.source")
        else:
            frame = self.query("select d.doc_id, coalesce(s.text, '') as text from documents d"
                               " left join sections s on s.doc_id = d.doc_id and s.key = ? "
                               "where d.status <> 'error' order by d.source", [section])
        return pd.Series(list(frame["text"]), index=list(frame["doc_id"]),
                         name=section or "text", dtype="object")

    def keywords(self, *, section: str | None = None, top_n: int = 20,
                 tokenizer=None) -> pd.DataFrame:
        """TF-IDF keywords per document, with the corpus's own IDF."""
        from gkmine.nlp.keywords import tfidf_keywords

        texts = self.texts(section=section)
        return tfidf_keywords(list(texts), docnames=list(texts.index), top_n=top_n,
                              tokenizer=tokenizer)

    def keyness(self, *, by: str, target, section: str | None = None,
                measure: str = "chi2", tokenizer=None) -> pd.DataFrame:
        """Keyness of the documents whose docvar ``by`` equals ``target`` against the rest."""
        from gkmine.nlp.keywords import keyness

        docvars = self.documents().set_index("doc_id")[by]
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


def load(paths: Sequence[str | os.PathLike] | str, **options) -> Corpus:
    """Shorthand: a path to a ``.duckdb`` file opens it; anything else is processed."""
    if isinstance(paths, (str, os.PathLike)) and os.fspath(paths).endswith(".duckdb"):
        return Corpus.from_db(paths)
    return Corpus.from_paths([paths] if isinstance(paths, (str, os.PathLike)) else paths,
                             **options)
