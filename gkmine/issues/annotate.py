"""The annotation workflow: read and validate codings, export what to code next, measure
agreement between coders, merge codings into the training data.

Codings are JSON lines (``corpora/annotations/statements.jsonl``) or CSV files with at least
``id``, ``text``, ``kind`` and ``topics`` (a list, or ``;``-joined in CSV). Every line is checked
against codebook v1; a bad line raises :class:`gkmine.errors.ModelError` (code ``E408``)
naming the file and the line.

>>> cohen_kappa(["problem", "measure", "problem", "other"],
...             ["problem", "measure", "measure", "other"])
0.6364
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from gkmine.errors import ModelError
from gkmine.issues.codebook import CODEBOOK_VERSION, TOPICS, validate_coding

__all__ = ["read_annotations", "write_annotations", "cohen_kappa", "agreement",
           "uncertainty_ranking", "export_uncertain", "merge_codings", "ANNOTATIONS"]

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "corpora" / "annotations" / "statements.jsonl"
REQUIRED = ("id", "text", "kind")


def _rows(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for number, row in enumerate(csv.DictReader(fh), start=2):
                yield number, dict(row)
        return
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise ModelError("E408", str(path), f"line {number}: not JSON ({err.msg})") \
                    from err
            if not isinstance(row, dict):
                raise ModelError("E408", str(path), f"line {number}: not a JSON object")
            yield number, row


def read_annotations(path: str | Path = ANNOTATIONS) -> list[dict[str, Any]]:
    """Codings of a JSONL or CSV file, validated against the codebook.

    Topics come back as lists; ``doc`` defaults to the id, ``coder`` to ``""``.
    Duplicate ids within one file are an error.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError("E409", str(path), "the codings file does not exist")
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, row in _rows(path):
        missing = [k for k in REQUIRED if not str(row.get(k) or "").strip()]
        if missing:
            raise ModelError("E408", str(path), f"line {number}: missing {', '.join(missing)}")
        try:
            kind, topics = validate_coding(str(row["kind"]), row.get("topics"))
        except ValueError as err:
            raise ModelError("E408", str(path), f"line {number}: {err}") from err
        key = str(row["id"])
        if key in seen:
            raise ModelError("E408", str(path), f"line {number}: duplicate id {key!r}")
        seen.add(key)
        row = dict(row, id=key, kind=kind, topics=topics)
        row.setdefault("doc", key)
        row["doc"] = str(row.get("doc") or key)
        row.setdefault("coder", "")
        row["context"] = row.get("context") or None
        out.append(row)
    return out


def write_annotations(rows: Sequence[dict[str, Any]], path: str | Path) -> Path:
    """Write codings as JSON lines (UTF-8, one object a line, keys as given)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


# --- agreement ---------------------------------------------------------------------------


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float:
    """Cohen's kappa of two codings of the same items, rounded to 4 places.

    ``nan`` when the expected agreement is 1 (both coders used a single identical label).

    >>> cohen_kappa([1, 1, 0, 0], [1, 1, 0, 0])
    1.0
    """
    if len(a) != len(b):
        raise ValueError("the two codings must have the same length")
    n = len(a)
    if n == 0:
        return float("nan")
    labels = sorted(set(a) | set(b), key=str)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    expected = sum((list(a).count(lab) / n) * (list(b).count(lab) / n) for lab in labels)
    if math.isclose(expected, 1.0):
        return float("nan")
    return round((observed - expected) / (1 - expected), 4)


def agreement(first: Sequence[dict[str, Any]], second: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Kappa for kind and for each topic over the statements both coders coded (by id).

    Columns: ``label`` (``kind`` or ``topic:<key>``), ``n``, ``observed`` (share agreeing),
    ``kappa``.
    """
    by_id = {r["id"]: r for r in second}
    pairs = [(r, by_id[r["id"]]) for r in first if r["id"] in by_id]
    rows = []
    if pairs:
        a = [p[0]["kind"] for p in pairs]
        b = [p[1]["kind"] for p in pairs]
        rows.append(_agree_row("kind", a, b))
        for topic in TOPICS:
            a = [topic in p[0]["topics"] for p in pairs]
            b = [topic in p[1]["topics"] for p in pairs]
            rows.append(_agree_row(f"topic:{topic}", a, b))
    return pd.DataFrame(rows, columns=["label", "n", "observed", "kappa"])


def _agree_row(label: str, a: list[Any], b: list[Any]) -> dict[str, Any]:
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    return {"label": label, "n": len(a), "observed": round(observed, 4),
            "kappa": cohen_kappa(a, b)}


# --- what to code next -------------------------------------------------------------------


def uncertainty_ranking(texts: Sequence[str], *, model=None,
                        contexts: Sequence[str | None] | None = None) -> pd.DataFrame:
    """Statements ranked by the model's uncertainty, most uncertain first.

    ``kind_entropy`` is the entropy (nats) of the kind probabilities, ``kind_margin`` the gap
    between the two likeliest kinds, ``topic_uncertainty`` the number of topics whose
    probability is within 0.15 of the threshold. Ties keep input order (stable sort).
    """
    import numpy as np

    from gkmine.issues.model import default_model

    model = model or default_model()
    kind_proba, topic_proba = model.predict_proba(list(texts), contexts=contexts)
    clipped = np.clip(kind_proba, 1e-12, 1.0)
    entropy = -(clipped * np.log(clipped)).sum(axis=1)
    top2 = np.sort(kind_proba, axis=1)[:, -2:]
    margin = top2[:, 1] - top2[:, 0] if kind_proba.shape[1] > 1 else np.ones(len(texts))
    near = (np.abs(topic_proba - model.topic_threshold) < 0.15).sum(axis=1)
    frame = pd.DataFrame({"position": range(len(texts)), "kind_entropy": entropy.round(4),
                          "kind_margin": margin.round(4), "topic_uncertainty": near})
    return frame.sort_values(["kind_entropy", "topic_uncertainty", "position"],
                             ascending=[False, False, True], kind="stable")


def export_uncertain(statements: Sequence[dict[str, Any]], path: str | Path, *,
                     model=None, limit: int | None = None,
                     exclude_ids: Iterable[str] = ()) -> pd.DataFrame:
    """Write uncoded statements (dicts with ``id``, ``text``, optional ``doc``/``context``)
    for coding, most uncertain first, to CSV or JSONL (by extension).

    The model's guesses are included as ``kind_suggested``/``topics_suggested``; the coder
    fills ``kind`` and ``topics`` (``;``-joined in CSV).
    """
    from gkmine.issues.model import default_model

    model = model or default_model()
    skip = set(exclude_ids)
    todo = [dict(s) for s in statements if s["id"] not in skip]
    columns = ["id", "doc", "text", "context", "kind_suggested", "topics_suggested",
               "kind_entropy", "kind_margin", "kind", "topics", "coder", "note"]
    if not todo:
        frame = pd.DataFrame(columns=columns)
    else:
        texts = [s["text"] for s in todo]
        contexts = [s.get("context") for s in todo]
        ranking = uncertainty_ranking(texts, model=model, contexts=contexts)
        guesses = model.predict(texts, contexts=contexts)
        rows = []
        for _, rank in ranking.iterrows():
            i = int(rank["position"])
            kind, topics = guesses[i]
            rows.append({"id": todo[i]["id"], "doc": todo[i].get("doc", ""),
                         "text": texts[i], "context": contexts[i], "kind_suggested": kind,
                         "topics_suggested": ";".join(topics),
                         "kind_entropy": rank["kind_entropy"],
                         "kind_margin": rank["kind_margin"], "kind": "", "topics": "",
                         "coder": "", "note": ""})
        frame = pd.DataFrame(rows, columns=columns)
    if limit is not None:
        frame = frame.head(limit)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        frame.to_csv(path, index=False, encoding="utf-8")
    else:
        write_annotations(frame.to_dict(orient="records"), path)
    return frame


def merge_codings(base: Sequence[dict[str, Any]], new: Sequence[dict[str, Any]], *,
                  replace: bool = False) -> list[dict[str, Any]]:
    """Training data plus new codings. A new coding of an id already present is an error
    unless ``replace`` (then the new coding wins, in the old position)."""
    merged = [dict(r) for r in base]
    index = {r["id"]: i for i, r in enumerate(merged)}
    for row in new:
        row = {k: v for k, v in row.items() if k not in ("kind_suggested", "topics_suggested",
                                                           "kind_entropy", "kind_margin")}
        row.setdefault("codebook", CODEBOOK_VERSION)
        if row["id"] in index:
            if not replace:
                raise ModelError("E410", "", f"statement {row['id']!r} is already coded "
                                             "(pass replace=True to overwrite)")
            merged[index[row["id"]]] = row
        else:
            index[row["id"]] = len(merged)
            merged.append(row)
    return merged
