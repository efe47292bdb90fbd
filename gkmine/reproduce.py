"""One command that reproduces every analysis of a corpus (``gkmine reproduce``).

The steps run in the one-way order of the data: documents → report records → tables →
corpus-level analyses. Every result goes into one DuckDB file and is exported to Parquet, so a
notebook or a script can start from the same tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from gkmine.config import DEFAULT, Config
from gkmine.corpus import Corpus
from gkmine.store import Store


def reproduce(paths: Sequence[str], *, out_dir: Path, config: Config = DEFAULT,
              n_jobs: int = 1, echo: Callable[[str], None] = print) -> dict[str, int]:
    """Parse ``paths``, run every corpus analysis, write ``out_dir``; returns rows per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db_path = out_dir / "gkmine.duckdb"
    echo(f"parsing {', '.join(paths)}")
    corpus = Corpus.from_paths(paths, config=config, n_jobs=n_jobs, progress=True)
    summary: dict[str, int] = {}
    with Store(db_path) as db:
        db.record_run(command="reproduce " + " ".join(paths), config=config.to_dict())
        db.write_reports(corpus.records)
        for name, build in _analyses(corpus):
            echo(f"computing {name}")
            frame = build()
            _replace_table(db, name, frame)
            summary[name] = len(frame)
        for name in ("reports", "sections", "cells", "checks"):
            summary[name] = int(db.query(f'select count(*) as n from "{name}"')["n"][0])
        db.export_parquet(out_dir / "parquet")
    echo(f"wrote {db_path} and {out_dir / 'parquet'}")
    return dict(sorted(summary.items()))


def _analyses(corpus: Corpus) -> list[tuple[str, Callable[[], pd.DataFrame]]]:
    """Corpus-level tables, each a function of the parsed corpus, in dependency order."""
    from gkmine.issues import topic_profile
    from gkmine.issues.recurrence import recurrence_tables

    ok = Corpus([r for r in corpus.records if r.status != "error"], corpus.config)
    cache: dict[str, pd.DataFrame] = {}

    def statements() -> pd.DataFrame:
        if "statements" not in cache:
            cache["statements"] = ok.statements()
        return cache["statements"]

    def recurrence(name: str) -> Callable[[], pd.DataFrame]:
        def build() -> pd.DataFrame:
            if "recurrence" not in cache:
                cache.update({f"recurrence:{k}": v
                              for k, v in recurrence_tables(statements()).items()})
                cache["recurrence"] = pd.DataFrame()
            return cache[f"recurrence:{name}"]
        return build

    steps: list[tuple[str, Callable[[], pd.DataFrame]]] = [
        ("panel", ok.panel),
        ("corpus_checks", ok.corpus_checks),
        ("claims", ok.claims),
        ("keywords", lambda: ok.keywords(top_n=20)),
        ("collocations", lambda: ok.collocations(section="overall")),
        ("statements", statements),
        ("topic_profiles", lambda: topic_profile(statements(), reports=_docvars(ok))),
    ]
    names = ("topic_recurrence_agency_type", "topic_recurrence_level",
             "topic_recurrence_province", "topic_recurrence_year", "consecutive_repeats",
             "exact_duplicates", "near_duplicates", "problem_answered")
    steps.extend((name, recurrence(name)) for name in names)
    steps.append(("classifier_evaluation", _classifier_evaluation))
    return steps


def _classifier_evaluation() -> pd.DataFrame:
    """The shipped classifier's cross-validation on the annotations in ``corpora/``."""
    from gkmine.issues.annotate import ANNOTATIONS, read_annotations
    from gkmine.issues.evaluate import cross_validate

    if not ANNOTATIONS.is_file():  # an installed package without the repository's corpora
        return pd.DataFrame()
    return cross_validate(read_annotations(ANNOTATIONS), folds=5, seed=0)


def _docvars(corpus: Corpus) -> list[dict]:
    return corpus.reports().to_dict("records")


def _replace_table(db: Store, name: str, frame: pd.DataFrame) -> None:
    """Corpus-level tables are recomputed as a whole on every run."""
    if name in db.tables():
        db.con.execute(f'drop table "{name}"')
    if len(frame.columns) == 0:  # DuckDB cannot create a table without columns
        frame = pd.DataFrame({"doc_id": pd.Series([], dtype="object")})
    db.con.register("_frame", frame)
    try:
        db.con.execute(f'create table "{name}" as select * from _frame')
    finally:
        db.con.unregister("_frame")
