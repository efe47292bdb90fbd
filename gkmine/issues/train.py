"""Rebuild the shipped model deterministically from ``corpora/annotations/``.

``python -m gkmine.issues.train [--data FILE] [--out FILE] [--folds 5] [--seed 0]`` (also
``gkmine classify train``). The same annotations give the same model: the estimator has fixed
seeds and the statements are used in file order. Training also runs the grouped
cross-validation of :func:`gkmine.issues.evaluate.cross_validate` once on the same data and
stores its table in the model file (``IssueClassifier.evaluation_``), so that nothing
downstream — ``gkmine classify evaluate``, ``gkmine reproduce`` — has to train again to report
it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gkmine.issues.annotate import ANNOTATIONS, read_annotations
from gkmine.issues.model import DEFAULT_MODEL, IssueClassifier, file_sha256

__all__ = ["train_model"]


def train_model(data: str | Path = ANNOTATIONS, out: str | Path | None = DEFAULT_MODEL, *,
                evaluate: bool = True, folds: int = 5, seed: int = 0,
                **params) -> IssueClassifier:
    """Fit :class:`IssueClassifier` on an annotations file; save it when ``out`` is given.

    ``evaluate``: with ``out``, cross-validate ``IssueClassifier(**params)`` by document
    (``folds``, ``seed``) on the same data first and store the table in the saved file.
    """
    rows = read_annotations(data)
    evaluation = None
    if out is not None and evaluate:
        from gkmine.issues.evaluate import cross_validate

        evaluation = cross_validate(rows, folds=folds, seed=seed, params=params)
    model = IssueClassifier(**params).fit(
        [r["text"] for r in rows], [r["kind"] for r in rows], [r["topics"] for r in rows],
        contexts=[r.get("context") for r in rows], groups=[r["doc"] for r in rows])
    if out is not None:
        model.save(out, training_data_sha256=file_sha256(data), evaluation=evaluation)
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gkmine.issues.train", description=__doc__)
    parser.add_argument("--data", default=str(ANNOTATIONS))
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-evaluate", dest="evaluate", action="store_false",
                        help="Skip the cross-validation stored with the model.")
    args = parser.parse_args(argv)
    model = train_model(args.data, args.out, evaluate=args.evaluate, folds=args.folds,
                        seed=args.seed)
    meta = model.metadata_
    print(f"wrote {args.out}: {meta['n_statements']} statements, codebook "
          f"{meta['codebook_version']}, data sha256 {meta['training_data_sha256'][:12]}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
