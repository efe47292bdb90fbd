"""A transparent dictionary classifier built from codebook v1: the baseline every model beats.

The patterns live in an editable TSV (``data/codebook_patterns.tsv``: label, pattern, weight,
note), so a researcher can read and change exactly why a statement got its labels. Patterns
are regular expressions over the normalised statement (:func:`gkmine.issues.text.prepare_text`)
rather than spaCy token patterns, because they must not depend on how a segmenter happens to
cut 不够及时 or 有待加强.

*Kind*: each kind sums the weights of its matched cues; the statement's context (``problem``
after 存在的主要问题, ``measure`` after 下一步改进措施) adds ``context_weight`` to that kind, so it
decides when the cues tie. *Topics*: every topic with at least one match.

>>> clf = DictionaryClassifier().fit(["政务公开工作机制有待进一步完善"])
>>> clf.predict(["政务公开工作机制有待进一步完善",
...              "二是积极与新闻传媒中心对接，将新媒体平台管理委托管理"])
['problem', 'measure']
>>> clf.predict_topics(["各中心（室）对政府网站工作重视程度还不够"])
[['awareness', 'platforms']]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from gkmine.errors import ModelError
from gkmine.issues.codebook import KINDS, TOPICS
from gkmine.issues.text import prepare_text

__all__ = ["Pattern", "PatternMatch", "DictionaryClassifier", "load_patterns",
           "DEFAULT_PATTERNS"]

DEFAULT_PATTERNS = Path(__file__).resolve().parent / "data" / "codebook_patterns.tsv"
#: kind cues that count toward another kind: a measure verb opening the statement
_KIND_ALIASES = {"measure_start": "measure"}


@dataclass(frozen=True)
class Pattern:
    """One line of the pattern file."""

    label: str  # "kind:problem", "topic:content", …
    regex: re.Pattern[str]
    weight: float
    note: str
    line: int

    @property
    def group(self) -> str:
        return self.label.split(":", 1)[0]

    @property
    def value(self) -> str:
        value = self.label.split(":", 1)[1]
        return _KIND_ALIASES.get(value, value)


@dataclass(frozen=True)
class PatternMatch:
    """Where a pattern matched, in the *normalised* statement text."""

    label: str
    matched: str
    start: int
    end: int
    weight: float
    note: str


def _parse_pattern(row: list[str], where: str, line: int) -> Pattern:
    if len(row) < 2:
        raise ModelError("E406", where, f"line {line}: expected label<TAB>pattern[<TAB>weight"
                                        "<TAB>note], got {len(row)} column(s)")
    label, pattern = row[0].strip(), row[1]
    group, _, value = label.partition(":")
    value = _KIND_ALIASES.get(value, value)
    valid = (group == "kind" and value in KINDS) or (group == "topic" and value in TOPICS)
    if not valid:
        raise ModelError("E406", where, f"line {line}: unknown label {label!r}")
    try:
        regex = re.compile(pattern)
        weight = float(row[2]) if len(row) > 2 and row[2].strip() else 1.0
    except (re.error, ValueError) as err:
        raise ModelError("E406", where, f"line {line}: {err}") from err
    note = row[3].strip() if len(row) > 3 else ""
    return Pattern(label, regex, weight, note, line)


@lru_cache(maxsize=8)
def _load_patterns_cached(path: str) -> tuple[Pattern, ...]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise ModelError("E401", path, f"the pattern file cannot be read ({err})") from err
    patterns: list[Pattern] = []
    header_seen = False
    for number, row in enumerate(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
        if not row or not "".join(row).strip() or row[0].startswith("#"):
            continue
        if not header_seen and row[0].strip() == "label":
            header_seen = True
            continue
        patterns.append(_parse_pattern(row, path, number))
    if not patterns:
        raise ModelError("E407", path, "the pattern file holds no patterns")
    return tuple(patterns)


def load_patterns(path: str | Path | None = None) -> tuple[Pattern, ...]:
    """The patterns of a TSV file (default: the packaged codebook patterns), once per process.

    >>> sum(p.group == "topic" for p in load_patterns()) >= len(TOPICS)
    True
    """
    return _load_patterns_cached(str(Path(path).resolve() if path else DEFAULT_PATTERNS))


class DictionaryClassifier(ClassifierMixin, BaseEstimator):
    """Kind and topics of a statement from codebook patterns.

    Parameters
    ----------
    patterns : path of a pattern TSV, or None for the packaged codebook patterns.
    context_weight : what the statement's context adds to the score of its kind.
    """

    def __init__(self, *, patterns: str | None = None, context_weight: float = 1.5) -> None:
        self.patterns = patterns
        self.context_weight = context_weight

    def fit(self, X: Sequence[str] | None = None, y: Sequence[str] | None = None,
            topics: Sequence[Sequence[str]] | None = None) -> DictionaryClassifier:
        """Nothing to learn: load the patterns and record the classes."""
        self.patterns_ = load_patterns(self.patterns)
        self.classes_ = np.array(KINDS)
        self.topics_ = TOPICS
        return self

    # -- matching -------------------------------------------------------------------------

    def _patterns(self) -> tuple[Pattern, ...]:
        if not hasattr(self, "patterns_"):
            raise ModelError("E403", "", "DictionaryClassifier is not fitted: call fit() first")
        return self.patterns_

    def explain(self, text: str) -> list[PatternMatch]:
        """Every pattern match in a statement, in text order (offsets in the normalised text)."""
        norm = prepare_text(text)
        found = [PatternMatch(p.label, m.group(0), m.start(), m.end(), p.weight, p.note)
                 for p in self._patterns() for m in p.regex.finditer(norm) if m.group(0)]
        return sorted(found, key=lambda m: (m.start, m.end, m.label))

    def _scores(self, text: str, context: str | None) -> tuple[dict[str, float], list[str]]:
        norm = prepare_text(text)
        kinds = dict.fromkeys(KINDS, 0.0)
        topics: list[str] = []
        for p in self._patterns():
            if p.group == "kind":
                hits = sum(1 for m in p.regex.finditer(norm) if m.group(0))
                kinds[p.value] += hits * p.weight
            elif p.value not in topics and p.regex.search(norm):
                topics.append(p.value)
        if context in kinds:
            kinds[context] += self.context_weight
        return kinds, [t for t in TOPICS if t in topics]

    # -- scikit-learn API -----------------------------------------------------------------

    def _score_rows(self, X: Sequence[str], contexts: Sequence[str | None] | None
                    ) -> list[tuple[dict[str, float], list[str]]]:
        contexts = contexts if contexts is not None else [None] * len(X)
        return [self._scores(text, ctx) for text, ctx in zip(X, contexts, strict=True)]

    @staticmethod
    def _kind_matrix(rows: Sequence[tuple[dict[str, float], list[str]]]) -> np.ndarray:
        return np.array([[kinds[k] for k in KINDS] for kinds, _ in rows],
                        dtype=float).reshape(-1, 4)

    def decision_function(self, X: Sequence[str], *,
                          contexts: Sequence[str | None] | None = None) -> np.ndarray:
        """Kind scores, one row per statement, columns in ``classes_`` order."""
        return self._kind_matrix(self._score_rows(X, contexts))

    def predict(self, X: Sequence[str], *,
                contexts: Sequence[str | None] | None = None) -> list[str]:
        """The kind of each statement.

        ``none_reported`` wins whenever one of its cues matches; otherwise the highest score,
        ties going to the context, then to problem before measure before other; a statement
        without any cue is ``other``.
        """
        return self._decide(self.decision_function(X, contexts=contexts), contexts)

    @staticmethod
    def _decide(scores: np.ndarray, contexts: Sequence[str | None] | None) -> list[str]:
        contexts = contexts if contexts is not None else [None] * len(scores)
        out: list[str] = []
        for row, ctx in zip(scores, contexts, strict=True):
            by_kind = dict(zip(KINDS, row, strict=True))
            if by_kind["none_reported"] > 0:
                out.append("none_reported")
                continue
            best = max(by_kind["problem"], by_kind["measure"], by_kind["other"])
            if best <= 0:
                out.append("other")
                continue
            tied = [k for k in ("problem", "measure", "other") if by_kind[k] == best]
            out.append(ctx if ctx in tied else tied[0])
        return out

    def predict_topics(self, X: Sequence[str]) -> list[list[str]]:
        """The topics of each statement, in codebook order."""
        return [self._scores(text, None)[1] for text in X]

    def predict_scored(self, X: Sequence[str], *,
                       contexts: Sequence[str | None] | None = None
                       ) -> list[tuple[str, list[str], dict[str, float]]]:
        """``(kind, topics, scores)`` like :meth:`IssueClassifier.predict_scored`: the scores
        are the summed cue weights per kind (``kind:…``) and 1.0/0.0 per topic (``topic:…``)."""
        rows = self._score_rows(X, contexts)  # one pass of the patterns: topics ignore context
        scores = self._kind_matrix(rows)
        out = []
        for kind, (_, topics), row in zip(self._decide(scores, contexts), rows, scores,
                                          strict=True):
            detail = {f"kind:{k}": float(v) for k, v in zip(KINDS, row, strict=True)}
            detail.update({f"topic:{t}": float(t in topics) for t in TOPICS})
            out.append((kind, topics, detail))
        return out
