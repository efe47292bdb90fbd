"""Rebuild the shipped model deterministically from ``corpora/annotations/``.

``python -m gkmine.issues.train [--data FILE] [--out FILE]`` (also ``gkmine classify train``).
The same annotations give the same model: the estimator has fixed seeds and the statements are
used in file order.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from gkmine.issues.annotate import ANNOTATIONS, read_annotations
from gkmine.issues.model import DEFAULT_MODEL, IssueClassifier, file_sha256

__all__ = ["train_model"]


def train_model(data: str | Path = ANNOTATIONS, out: str | Path | None = DEFAULT_MODEL,
                **params) -> IssueClassifier:
    """Fit :class:`IssueClassifier` on an annotations file; save it when ``out`` is given."""
    rows = read_annotations(data)
    model = IssueClassifier(**params).fit(
        [r["text"] for r in rows], [r["kind"] for r in rows], [r["topics"] for r in rows],
        contexts=[r.get("context") for r in rows], groups=[r["doc"] for r in rows])
    if out is not None:
        model.save(out, training_data_sha256=file_sha256(data))
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gkmine.issues.train", description=__doc__)
    parser.add_argument("--data", default=str(ANNOTATIONS))
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    args = parser.parse_args(argv)
    model = train_model(args.data, args.out)
    meta = model.metadata_
    print(f"wrote {args.out}: {meta['n_statements']} statements, codebook "
          f"{meta['codebook_version']}, data sha256 {meta['training_data_sha256'][:12]}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
