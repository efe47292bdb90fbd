"""``gkmine classify``: code the problems and measures of section 五.

Subcommands: ``apply`` (statements in JSONL → kind/topics), ``corpus`` (reports → statements
and per-report topic profiles, optionally into DuckDB), ``evaluate`` (cross-validation by
document, supervised vs dictionary), ``train``, ``export-uncertain``, ``import``,
``agreement``. ``gkmine classify --input FILE.jsonl --json`` is ``apply``.

>>> from click.testing import CliRunner
>>> "evaluate" in CliRunner().invoke(classify_group, ["--help"]).output
True
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from gkmine.errors import GkmineError, ModelError

ANNOTATIONS_HELP = "Codings (JSONL or CSV); default corpora/annotations/statements.jsonl."


def _fail(err: Exception) -> None:
    raise click.ClickException(str(err))


def _model(path: str | None):
    from gkmine.issues.model import IssueClassifier, default_model

    return IssueClassifier.load(path) if path else default_model()


def _read_statement_lines(path: str) -> list[dict]:
    """Lines with ``id`` and ``text`` (``context`` optional); errors name file and line."""
    rows = []
    try:
        handle = sys.stdin if path == "-" else open(path, encoding="utf-8")
    except OSError as err:
        raise ModelError("E409", path, f"cannot open the input ({err.strerror})") from err
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ModelError("E408", path, f"line {number}: not JSON ({err.msg})") from err
            if not isinstance(row, dict) or "id" not in row or not isinstance(row.get("text"),
                                                                              str):
                raise ModelError("E408", path, f"line {number}: needs an object with 'id' and "
                                               "a string 'text'")
            rows.append(row)
    return rows


def _apply(input_path: str, as_json: bool, model_path: str | None, dictionary: bool) -> None:
    try:
        rows = _read_statement_lines(input_path)
        texts = [r["text"] for r in rows]
        contexts = [r.get("context") for r in rows]
        if dictionary:
            from gkmine.issues.dictionary import DictionaryClassifier

            results = DictionaryClassifier().fit().predict_scored(texts, contexts=contexts)
        else:
            results = _model(model_path).predict_scored(texts, contexts=contexts)
    except GkmineError as err:
        _fail(err)
    for row, (kind, topics, scores) in zip(rows, results, strict=True):
        if as_json:
            click.echo(json.dumps({"id": row["id"], "kind": kind, "topics": topics,
                                   "scores": scores}, ensure_ascii=False))
        else:
            click.echo(f"{row['id']}\t{kind}\t{';'.join(topics)}")


@click.group("classify", invoke_without_command=True)
@click.option("--input", "input_path", type=str, help="Shortcut for `apply --input`.")
@click.option("--json", "as_json", is_flag=True, help="With --input: JSON lines.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), default=None,
              help="A model file (default: the shipped model).")
@click.pass_context
def classify_group(ctx, input_path, as_json, model_path):
    """Code the statements of section 五: kind (problem/measure/…) and topics (codebook v1)."""
    ctx.ensure_object(dict)
    ctx.obj["model"] = model_path
    if ctx.invoked_subcommand is None:
        if not input_path:
            click.echo(ctx.get_help())
            return
        _apply(input_path, as_json, model_path, dictionary=False)


@classify_group.command("apply")
@click.option("--input", "input_path", required=True,
              help="JSON Lines with 'id' and 'text' (and optionally 'context'); '-' = stdin.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON lines with id, kind, topics, scores (else id<TAB>kind<TAB>topics).")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), default=None)
@click.option("--dictionary", is_flag=True, help="Use the dictionary baseline instead.")
@click.pass_context
def apply_cmd(ctx, input_path, as_json, model_path, dictionary):
    """Classify statements given one per JSON line."""
    _apply(input_path, as_json, model_path or (ctx.obj or {}).get("model"), dictionary)


@classify_group.command("corpus")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db_path", type=click.Path(dir_okay=False),
              help="Write tables `statements` and `topic_profiles` to this DuckDB file.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False),
              help="Also write the statements to CSV or Parquet (by extension).")
@click.option("--profile/--statements", "show_profile", default=False,
              help="Print the per-report topic profile instead of the statements.")
@click.option("--jobs", default=1, show_default=True, help="Worker processes for parsing.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), default=None)
@click.option("--dictionary", is_flag=True, help="Code with the dictionary baseline instead.")
def corpus_cmd(paths, db_path, out_path, show_profile, jobs, model_path, dictionary):
    """Code section 五 of every report under PATHS; print JSON lines (statements or profile)."""
    from gkmine.cli.nlp import json_lines
    from gkmine.config import DEFAULT
    from gkmine.issues.corpus import _meta, statements_frame, topic_profile
    from gkmine.pipeline import expand_paths, iter_reports

    config = DEFAULT.replace(tables=False, checks=False)  # section 五 needs neither
    files = expand_paths(paths, config=config)
    if not files:
        raise click.UsageError("no report files found under the given paths")
    reports = []
    for report in iter_reports(files, config=config, n_jobs=jobs):
        if report.status == "error":
            click.echo(f"warning: {report.error}", err=True)
        elif report.section("problems") is None:
            click.echo(f"warning: {report.source}: no section 五 found", err=True)
        reports.append(report)
    try:
        if dictionary:
            from gkmine.issues.dictionary import DictionaryClassifier

            model = DictionaryClassifier().fit()
        else:
            model = _model(model_path)
        statements = statements_frame(reports, model=model)
    except GkmineError as err:
        _fail(err)
    docs = [{"doc_id": r.doc_id or r.source, **_meta(r)} for r in reports
            if r.status != "error"]
    profile = topic_profile(statements, reports=docs)
    shown = profile if show_profile else statements
    for line in json_lines(shown):
        click.echo(line)
    if out_path:
        from gkmine.issues.evaluate import save_table

        save_table(statements, out_path)
    if db_path:
        _write_db(db_path, statements, profile)
    click.echo(f"{len(statements)} statements from {len(docs)} reports", err=True)


def _write_db(db_path: str, statements, profile) -> None:
    import duckdb

    con = duckdb.connect(db_path)
    try:
        for name, frame in (("statements", statements), ("topic_profiles", profile)):
            con.register("frame_view", frame)
            con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame_view")
            con.unregister("frame_view")
    finally:
        con.close()


@classify_group.command("evaluate")
@click.option("--data", default=None, help=ANNOTATIONS_HELP)
@click.option("--folds", default=5, show_default=True)
@click.option("--seed", default=0, show_default=True)
@click.option("--model", "model_path", type=click.Path(dir_okay=False), default=None,
              help="The model whose stored evaluation is shown (default: the shipped model).")
@click.option("--rerun", is_flag=True,
              help="Cross-validate again even when the model stores this evaluation.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False),
              help="Write the long metrics table (CSV or .parquet).")
def evaluate_cmd(data, folds, seed, model_path, rerun, out_path):
    """Cross-validate by document: supervised model vs dictionary, per topic and overall.

    The model stores the evaluation of its own training data; it is shown unless --rerun is
    given or other data, folds or seed are asked for.
    """
    import pandas as pd

    from gkmine.issues.annotate import ANNOTATIONS, read_annotations
    from gkmine.issues.evaluate import (
        cross_validate,
        evaluation_notes,
        save_table,
        side_by_side,
        stored_evaluation,
    )

    try:
        result = None if rerun else stored_evaluation(_model(model_path), data=data,
                                                      folds=folds, seed=seed)
        origin = "stored with the model at training"
        if result is None:
            result = cross_validate(read_annotations(data or ANNOTATIONS), folds=folds,
                                    seed=seed)
            origin = "run now"
    except (GkmineError, ValueError) as err:
        _fail(err)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        click.echo(f"{result['n_statements'].iloc[0]} statements, "
                   f"{result['n_docs'].iloc[0]} documents, {folds}-fold grouped CV "
                   f"(seed {seed}), {origin}")
        table = side_by_side(result)
        click.echo(table[["support", "precision_supervised", "recall_supervised",
                          "f1_supervised", "precision_dictionary", "recall_dictionary",
                          "f1_dictionary"]].to_string())
    for line in evaluation_notes(result):
        click.echo(line)
    if out_path:
        save_table(result, out_path)
        click.echo(f"wrote {out_path}", err=True)


@classify_group.command("train")
@click.option("--data", default=None, help=ANNOTATIONS_HELP)
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default=None,
              help="Model file (default: the shipped gkmine/issues/data/model.joblib).")
@click.option("--folds", default=5, show_default=True, help="Folds of the stored evaluation.")
@click.option("--seed", default=0, show_default=True)
@click.option("--evaluate/--no-evaluate", default=True, show_default=True,
              help="Cross-validate by document once and store the table in the model file.")
def train_cmd(data, out_path, folds, seed, evaluate):
    """Rebuild the model deterministically from the codings, with its evaluation."""
    from gkmine.issues.annotate import ANNOTATIONS
    from gkmine.issues.model import DEFAULT_MODEL
    from gkmine.issues.train import train_model

    try:
        model = train_model(data or ANNOTATIONS, out_path or DEFAULT_MODEL, evaluate=evaluate,
                            folds=folds, seed=seed)
    except GkmineError as err:
        _fail(err)
    click.echo(f"wrote {out_path or DEFAULT_MODEL} ({model.n_train_} statements)")


@classify_group.command("export-uncertain")
@click.argument("paths", nargs=-1)
@click.option("--input", "input_path", help="Statements as JSON lines (id, text) instead "
                                           "of reports.")
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False),
              help="CSV or JSONL to hand to a coder.")
@click.option("--limit", type=int, default=None)
@click.option("--data", default=None, help="Skip statements already coded here.")
@click.option("--model", "model_path", type=click.Path(dir_okay=False), default=None)
def export_uncertain_cmd(paths, input_path, out_path, limit, data, model_path):
    """Write uncoded statements for coding, most uncertain (kind entropy) first."""
    from gkmine.issues.annotate import ANNOTATIONS, export_uncertain, read_annotations

    try:
        if input_path:
            statements = _read_statement_lines(input_path)
        else:
            statements = _statements_of_reports(paths)
        coded = Path(data) if data else ANNOTATIONS
        done = [r["id"] for r in read_annotations(coded)] if coded.is_file() else []
        frame = export_uncertain(statements, out_path, model=_model(model_path), limit=limit,
                                 exclude_ids=done)
    except GkmineError as err:
        _fail(err)
    click.echo(f"wrote {len(frame)} statements to {out_path}")


def _statements_of_reports(paths) -> list[dict]:
    from gkmine.config import DEFAULT
    from gkmine.issues.statements import report_statements
    from gkmine.pipeline import expand_paths, iter_reports

    if not paths:
        raise click.UsageError("give report PATHS or --input")
    config = DEFAULT.replace(tables=False, checks=False)
    out = []
    for report in iter_reports(expand_paths(paths, config=config), config=config):
        for st in report_statements(report):
            out.append({"id": st.id, "doc": st.doc_id, "text": st.text, "context": st.context,
                        "source": report.source, "start": st.start, "end": st.end})
    return out


@classify_group.command("import")
@click.argument("codings", type=click.Path(exists=True, dir_okay=False))
@click.option("--data", default=None, help="The training data to merge into.")
@click.option("--replace", is_flag=True, help="New codings overwrite existing ids.")
@click.option("--retrain/--no-retrain", default=False, show_default=True,
              help="Rebuild the shipped model from the merged data.")
def import_cmd(codings, data, replace, retrain):
    """Validate CODINGS (CSV or JSONL) against the codebook and merge them into the data."""
    from gkmine.issues.annotate import (
        ANNOTATIONS,
        merge_codings,
        read_annotations,
        write_annotations,
    )

    target = Path(data) if data else ANNOTATIONS
    try:
        new = read_annotations(codings)
        merged = merge_codings(read_annotations(target) if target.is_file() else [], new,
                               replace=replace)
    except GkmineError as err:
        _fail(err)
    write_annotations(merged, target)
    click.echo(f"merged {len(new)} codings into {target} ({len(merged)} statements)")
    if retrain:
        from gkmine.issues.model import DEFAULT_MODEL
        from gkmine.issues.train import train_model

        train_model(target, DEFAULT_MODEL)
        click.echo(f"retrained {DEFAULT_MODEL}")


@classify_group.command("agreement")
@click.argument("first", type=click.Path(exists=True, dir_okay=False))
@click.argument("second", type=click.Path(exists=True, dir_okay=False))
def agreement_cmd(first, second):
    """Cohen's kappa (kind, each topic) of two coders over the statements both coded."""
    from gkmine.issues.annotate import agreement, read_annotations

    try:
        table = agreement(read_annotations(first), read_annotations(second))
    except GkmineError as err:
        _fail(err)
    if table.empty:
        _fail(ModelError("E411", second, f"no statement id in common with {first}"))
    click.echo(table.to_string(index=False))
