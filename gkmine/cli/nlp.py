"""Text-as-data commands: ``claims``, ``keywords``, ``keyness``.

Each parses its reports with :func:`gkmine.pipeline.iter_reports` (a failing document gets an
error line on stderr and never stops the batch) and prints a readable table, or CSV/JSON.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import fields

import click

from gkmine.errors import GkmineError
from gkmine.keys import SECTION_KEYS
from gkmine.record import Meta

_SECTION = click.Choice(SECTION_KEYS)
_META_FIELDS = tuple(f.name for f in fields(Meta) if f.name != "evidence")


def _reports(paths):
    from gkmine.pipeline import expand_paths, iter_reports

    files = expand_paths(paths)
    if not files:
        raise click.UsageError("no report files found under the given paths")
    for report in iter_reports(files):
        if report.status == "error":
            click.echo(report.error, err=True)
        yield report


def _text_of(report, section: str | None) -> str:
    if section is None:
        return report.text
    found = report.section(section)
    return found.text if found is not None else ""


def _doc_name(report) -> str:
    return report.doc_id or report.source


def _emit(frame, *, as_json: bool, as_csv: bool) -> None:
    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    if as_json:
        for line in json_lines(frame):
            click.echo(line)
    elif as_csv:
        click.echo(frame.to_csv(index=False), nl=False)
    elif frame.empty:
        click.echo("(nothing to show)")
    else:
        click.echo(frame.to_string(index=False))


def json_lines(frame) -> Iterator[str]:
    """One strict JSON object per row: a missing value (NaN, NA, NaT) is ``null``, never the
    ``NaN`` that JSON does not allow; list columns stay lists.

    >>> import pandas as pd
    >>> list(json_lines(pd.DataFrame({"a": [1.5, float("nan")], "t": [["x"], []]})))
    ['{"a": 1.5, "t": ["x"]}', '{"a": null, "t": []}']
    """
    for record in frame.to_dict(orient="records"):
        clean = {key: _json_value(value) for key, value in record.items()}
        yield json.dumps(clean, ensure_ascii=False, allow_nan=False, default=_json_default)


def _json_value(value):
    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy scalars and arrays
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if value is None or isinstance(value, float) and math.isnan(value):
        return None
    import pandas as pd

    return None if value is pd.NA or value is pd.NaT else value


def _json_default(value):
    return str(value)  # dates, paths and other objects: as their text


@click.command("claims")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per document.")
@click.option("--section", type=_SECTION, help="Only the claims of this section.")
def claims_cmd(paths, as_json, section):
    """Numeric claims of the prose of each report (value, unit, object, offsets).

    Without --json, one tab-separated line per claim: source, section, value, unit,
    approx, object, start, end, text.
    """
    from gkmine.nlp.claims import report_claims

    for report in _reports(paths):
        claims = [c for c in report_claims(report) if section is None or c.section == section]
        if as_json:
            record = {"source": report.source, "doc_id": report.doc_id,
                      "claims": [c.to_dict() for c in claims]}
            if report.status == "error":
                record.update(status=report.status, error=report.error,
                              error_code=report.error_code)
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        for c in claims:
            text = " ".join(c.text.split())
            click.echo("\t".join(str(x) for x in (
                report.source, c.section, c.value, c.unit or "-", "~" if c.approx else "=",
                c.object or "-", c.start, c.end, text)))


@click.command("keywords")
@click.argument("paths", nargs=-1, required=True)
@click.option("--top", "top_n", default=20, show_default=True, help="Keywords per document.")
@click.option("--section", type=_SECTION, help="Use only this section's text.")
@click.option("--method", type=click.Choice(["tfidf", "textrank"]), default="tfidf",
              show_default=True, help="TF-IDF with the corpus's own IDF, or TextRank.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header.")
def keywords_cmd(paths, top_n, section, method, as_json, as_csv):
    """Keywords of each report: columns doc_id, feature, score."""
    import pandas as pd

    from gkmine.nlp.keywords import textrank_keywords, tfidf_keywords

    reports = [r for r in _reports(paths) if r.status != "error"]
    if not reports:
        raise click.ClickException("no report could be parsed")
    names = [_doc_name(r) for r in reports]
    texts = [_text_of(r, section) for r in reports]
    if method == "tfidf":
        frame = tfidf_keywords(texts, top_n=top_n, docnames=names)
    else:
        parts = []
        for name, text in zip(names, texts, strict=True):
            part = textrank_keywords(text, top_n=top_n)
            part.insert(0, "doc_id", name)
            parts.append(part)
        frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
            columns=["doc_id", "feature", "score"])
    _emit(frame, as_json=as_json, as_csv=as_csv)


@click.command("keyness")
@click.argument("paths", nargs=-1, required=True)
@click.option("--by", "field", required=True, type=click.Choice(_META_FIELDS),
              help="Metadata field that splits the reports.")
@click.option("--target", help="Target value of the field (default: the most frequent).")
@click.option("--section", type=_SECTION, help="Use only this section's text.")
@click.option("--top", "top_n", default=20, show_default=True, help="Rows to show.")
@click.option("--measure", type=click.Choice(["chi2", "lr"]), default="chi2",
              show_default=True, help="Chi-squared (Yates) or log-likelihood G2 (Williams).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header.")
def keyness_cmd(paths, field, target, section, top_n, measure, as_json, as_csv):
    """Words key to the reports whose FIELD equals TARGET, against all the others."""
    from gkmine.nlp.keywords import keyness

    reports = [r for r in _reports(paths) if r.status != "error"]
    values = [_field_value(r, field) for r in reports]
    counts = Counter(values)
    if target is None:
        if not counts:
            raise click.ClickException("no report could be parsed")
        target = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    target_texts = [_text_of(r, section) for r, v in zip(reports, values, strict=True)
                    if v == target]
    reference_texts = [_text_of(r, section) for r, v in zip(reports, values, strict=True)
                       if v != target]
    if not target_texts or not reference_texts:
        found = ", ".join(f"{v} ({n})" for v, n in sorted(counts.items())) or "none"
        raise click.ClickException(
            f"[E411] --by {field} --target {target}: keyness needs reports on both sides; "
            f"values found: {found}")
    try:
        frame = keyness(target_texts, reference_texts, measure=measure).head(top_n)
    except GkmineError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"target: {field} = {target} ({len(target_texts)} reports); "
               f"reference: {len(reference_texts)} reports", err=True)
    _emit(frame, as_json=as_json, as_csv=as_csv)


def _field_value(report, field: str) -> str:
    value = getattr(report.meta, field, None)
    return "-" if value is None else str(value)
