"""Cross-validation by document of the supervised model against the dictionary baseline.

Folds are :class:`~sklearn.model_selection.StratifiedGroupKFold` on the statement kind with
the document as group (a report's statements never sit on both sides), with a fixed seed.
Predictions of all folds are pooled and scored once: per-topic precision/recall/F1, topic
micro/macro F1, kind accuracy and kind macro-F1, for both classifiers side by side.

Read the two rows with care (the table says so in its ``in_sample`` and ``note`` columns): the
dictionary patterns were written AFTER reading these very statements, so the dictionary's
score is an in-sample score, not a cross-validated one; and the supervised model stacks that
same dictionary as a prior, so its score inherits part of that optimism. Expect both to be
lower on statements of other agencies. The supervised model's hyper-parameters are fixed a
priori except its topic cut, which each outer training fold chooses by its own inner CV (the
cuts are recorded in ``inner_thresholds``); nothing is chosen on a test fold.

``python -m gkmine.issues.evaluate [--data FILE] [--folds 5] [--seed 0] [--out FILE]``
cross-validates and prints the side-by-side table and these notes. Training runs the same
cross-validation once and stores the table in the model file: :func:`stored_evaluation` reads
it back, and ``gkmine classify evaluate`` prints it without training anything when it matches
the data, folds and seed asked for.

>>> rows = [{"kind": "problem", "topics": ["content"]}, {"kind": "measure", "topics": []}]
>>> m = score_predictions(rows, [("problem", ["content"]), ("problem", [])])
>>> m.set_index("label").loc[["kind_accuracy", "topic_micro"], "f1"].tolist()
[0.5, 1.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold

from gkmine.issues.codebook import TOPICS
from gkmine.issues.dictionary import DictionaryClassifier
from gkmine.issues.model import IssueClassifier

__all__ = ["cross_validate", "score_predictions", "fold_indices", "side_by_side", "save_table",
           "evaluation_notes", "stored_evaluation"]

#: Why a classifier's cross-validated score may be optimistic (the ``note`` column).
NOTES = {
    "supervised": "cross-validated by document; stacks the codebook dictionary as a prior, "
                  "so it shares the dictionary's in-sample optimism; topic cut chosen by "
                  "inner CV on each training fold, other hyper-parameters fixed a priori",
    "dictionary": "IN-SAMPLE: the patterns were written after reading these statements; "
                  "no fitting, so the folds do not make it held-out",
}


def fold_indices(rows: Sequence[dict[str, Any]], *, folds: int = 5,
                 seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train/test index pairs grouped by ``doc`` and stratified by ``kind``."""
    kinds = [r["kind"] for r in rows]
    groups = [r["doc"] for r in rows]
    n_groups = len(set(groups))
    if n_groups < folds:
        raise ValueError(f"{folds} folds need at least {folds} documents, got {n_groups}")
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(rows)), kinds, groups))


def score_predictions(rows: Sequence[dict[str, Any]],
                      predictions: Sequence[tuple[str, list[str]]]) -> pd.DataFrame:
    """Metrics of predictions against codings: one row per topic plus summary rows.

    Columns: ``label``, ``precision``, ``recall``, ``f1``, ``support``. Summary labels:
    ``topic_micro``, ``topic_macro`` (over topics with support), ``kind_accuracy`` (in ``f1``
    and ``precision``/``recall``), ``kind_macro``.
    """
    true_topics = np.array([[t in r["topics"] for t in TOPICS] for r in rows], dtype=int)
    pred_topics = np.array([[t in p[1] for t in TOPICS] for p in predictions], dtype=int)
    true_topics = true_topics.reshape(len(rows), len(TOPICS))
    pred_topics = pred_topics.reshape(len(rows), len(TOPICS))
    p, r, f, s = precision_recall_fscore_support(true_topics, pred_topics, average=None,
                                                 zero_division=0)
    out = [{"label": t, "precision": p[i], "recall": r[i], "f1": f[i], "support": int(s[i])}
           for i, t in enumerate(TOPICS)]
    mp, mr, mf, _ = precision_recall_fscore_support(true_topics, pred_topics, average="micro",
                                                    zero_division=0)
    out.append({"label": "topic_micro", "precision": mp, "recall": mr, "f1": mf,
                "support": int(true_topics.sum())})
    present = s > 0
    out.append({"label": "topic_macro", "precision": float(np.mean(p[present])),
                "recall": float(np.mean(r[present])), "f1": float(np.mean(f[present])),
                "support": int(present.sum())})
    kinds_true = [row["kind"] for row in rows]
    kinds_pred = [pred[0] for pred in predictions]
    accuracy = float(np.mean([a == b for a, b in zip(kinds_true, kinds_pred, strict=True)]))
    out.append({"label": "kind_accuracy", "precision": accuracy, "recall": accuracy,
                "f1": accuracy, "support": len(rows)})
    out.append({"label": "kind_macro", "precision": np.nan, "recall": np.nan,
                "f1": f1_score(kinds_true, kinds_pred, average="macro", zero_division=0),
                "support": len(set(kinds_true))})
    frame = pd.DataFrame(out)
    for col in ("precision", "recall", "f1"):
        frame[col] = frame[col].astype(float).round(4)
    return frame


def cross_validate(rows: Sequence[dict[str, Any]], *, folds: int = 5, seed: int = 0,
                   params: dict[str, Any] | None = None,
                   use_context: bool = True) -> pd.DataFrame:
    """Pooled cross-validated metrics of ``IssueClassifier(**params)`` and the dictionary.

    Returns the rows of :func:`score_predictions` for each classifier, with a ``model``
    column (``supervised`` / ``dictionary``) and the settings (``folds``, ``seed``,
    ``n_statements``, ``n_docs``).
    """
    rows = list(rows)
    texts = [r["text"] for r in rows]
    contexts = [r.get("context") if use_context else None for r in rows]
    supervised: list[tuple[str, list[str]] | None] = [None] * len(rows)
    dictionary = DictionaryClassifier().fit()
    cuts: list[str] = []
    for train, test in fold_indices(rows, folds=folds, seed=seed):
        model = IssueClassifier(**(params or {})).fit(
            [texts[i] for i in train], [rows[i]["kind"] for i in train],
            [rows[i]["topics"] for i in train], contexts=[contexts[i] for i in train],
            groups=[rows[i]["doc"] for i in train])
        predicted = model.predict([texts[i] for i in test],
                                  contexts=[contexts[i] for i in test])
        for i, pred in zip(test, predicted, strict=True):
            supervised[i] = pred
        cuts.append(f"{model.stack_threshold_:g}")
    baseline = list(zip(dictionary.predict(texts, contexts=contexts),
                        dictionary.predict_topics(texts), strict=True))
    frames = []
    for name, preds in (("supervised", supervised), ("dictionary", baseline)):
        frame = score_predictions(rows, preds)  # type: ignore[arg-type]
        frame.insert(0, "model", name)
        frame["in_sample"] = name == "dictionary"
        frame["note"] = NOTES[name]
        frames.append(frame)
    result = pd.concat(frames, ignore_index=True)
    result["folds"] = folds
    result["seed"] = seed
    result["n_statements"] = len(rows)
    result["n_docs"] = len({r["doc"] for r in rows})
    result["inner_thresholds"] = np.where(result["model"] == "supervised", ";".join(cuts), "")
    return result


def stored_evaluation(model: IssueClassifier | None = None, *,
                      data: str | Path | None = None, folds: int = 5,
                      seed: int = 0) -> pd.DataFrame | None:
    """The :func:`cross_validate` table stored in ``model`` (default: the shipped model) at
    training, when it was run on ``data`` (default: the repository's annotations) with these
    ``folds`` and ``seed``; ``None`` when the model carries none or another one.

    This is what ``gkmine classify evaluate`` prints and what a corpus run reports: reading
    it costs nothing, where cross-validating trains ``folds`` models.
    """
    from gkmine.issues.annotate import ANNOTATIONS
    from gkmine.issues.model import default_model, file_sha256

    model = model if model is not None else default_model()
    table = model.evaluation_
    if table is None or table.empty:
        return None
    trained_on = model.metadata_.get("training_data_sha256")
    path = Path(data) if data is not None else ANNOTATIONS
    same_data = path.is_file() and trained_on == file_sha256(path)
    same_folds = bool((table["folds"] == folds).all() and (table["seed"] == seed).all())
    return table if same_data and same_folds else None


def evaluation_notes(result: pd.DataFrame) -> list[str]:
    """One line per classifier: how to read its row of a :func:`cross_validate` table."""
    lines = []
    for name, frame in result.groupby("model", sort=False):
        line = f"{name}: {frame['note'].iloc[0]}"
        cuts = frame["inner_thresholds"].iloc[0] if "inner_thresholds" in frame else ""
        if cuts:
            line += f" (cuts per fold: {cuts})"
        lines.append(line)
    return lines


def side_by_side(result: pd.DataFrame) -> pd.DataFrame:
    """F1 (and P/R) of both classifiers per label, one row per label, for printing."""
    wide = result.pivot_table(index="label", columns="model",
                              values=["precision", "recall", "f1"], sort=False)
    wide.columns = [f"{metric}_{model}" for metric, model in wide.columns]
    support = result[result["model"] == "supervised"].set_index("label")["support"]
    wide.insert(0, "support", support)
    order = list(TOPICS) + ["topic_micro", "topic_macro", "kind_accuracy", "kind_macro"]
    return wide.reindex([label for label in order if label in wide.index])


def save_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """CSV or Parquet by extension; in CSV a list (``topics``) is written as a JSON array."""
    import json

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        lists = [c for c in frame.columns if frame[c].dtype == object
                 and frame[c].map(lambda v: isinstance(v, list)).any()]
        frame.assign(**{c: frame[c].map(lambda v: json.dumps(v, ensure_ascii=False))
                        for c in lists}).to_csv(path, index=False)
    return path


def main(argv: list[str] | None = None) -> int:
    import argparse

    from gkmine.issues.annotate import ANNOTATIONS, read_annotations

    parser = argparse.ArgumentParser(prog="python -m gkmine.issues.evaluate",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(ANNOTATIONS))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="CSV or .parquet for the long table")
    args = parser.parse_args(argv)
    rows = read_annotations(args.data)
    result = cross_validate(rows, folds=args.folds, seed=args.seed)
    print(f"{len(rows)} statements, {result['n_docs'].iloc[0]} documents, "
          f"{args.folds}-fold grouped CV (seed {args.seed})")
    columns = ["support", "precision_supervised", "recall_supervised", "f1_supervised",
               "precision_dictionary", "recall_dictionary", "f1_dictionary"]
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(side_by_side(result)[columns].to_string())
    for line in evaluation_notes(result):
        print(f"note: {line}")
    if args.out:
        save_table(result, args.out)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
