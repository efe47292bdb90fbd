"""The supervised classifier of section 五 statements: kind and (multi-label) topics.

The model STACKS two sources of evidence, because neither alone is enough on a few hundred
coded statements: the codebook dictionary (:class:`DictionaryClassifier`, a strong prior a
researcher can read) and a text model that learns what the dictionary misses or over-matches.

Level 1 (text models), on the normalised statement (:func:`gkmine.issues.text.prepare_text`:
simplified, whitespace and hard line breaks removed): word 1–2-grams cut by
:class:`gkmine.nlp.Segmenter` plus character 1–3-grams (both TF-IDF, sublinear); a multinomial
logistic regression for the kind and one logistic regression per topic, all
``class_weight="balanced"`` so that rare topics count.

Level 2 (stackers), one small logistic regression per topic over ``[dictionary fired (0/1),
log(1 + number of dictionary matches), logit(text-model probability)]`` and one for the kind over
``[dictionary kind scores, context indicators, log text-model kind probabilities]``. The
text-model probabilities a stacker learns from are OUT-OF-FOLD: an inner cross-validation on the
training statements only (grouped by document when ``groups`` are given), so a stacker never
sees a text model's prediction on a statement that model was trained on. The TF-IDF vocabulary
and weights are fitted once on all training texts (no labels involved).

Decision threshold: one cut for all topics, chosen on the inner out-of-fold stacked
probabilities of the training statements (the grid ``threshold_grid``, best topic micro-F1)
and folded into the stackers' intercepts, so a topic is predicted when its reported score
reaches ``topic_threshold`` (0.5). Nothing is chosen on data the model is evaluated on: in
:func:`gkmine.issues.evaluate.cross_validate` the inner CV runs inside each outer training
fold. The other hyper-parameters are fixed a priori and were never searched: n-gram ranges
and ``C_text=10`` as in the first version of this model, ``C_stack=1`` (scikit-learn's
default), ``inner_folds=5``, ``min_positives=3``, the threshold grid 0.20–0.70 by 0.05.

A topic with fewer than ``min_positives`` training statements cannot be learned: the dictionary
decides it alone. The codebook kind ``none_reported`` has no training examples, so it is
assigned by the dictionary's none-reported cues (本年度未发现问题, 无) whatever the model says.

>>> clf = IssueClassifier(inner_folds=2).fit(
...     ["一是意识不强", "二是渠道有限", "一是加强培训", "二是拓宽渠道"],
...     ["problem", "problem", "measure", "measure"],
...     [["awareness"], ["channels"], ["capacity"], ["channels"]])
>>> clf.predict(["三是拓宽公开渠道"])[0][0]
'measure'
"""

from __future__ import annotations

import hashlib
import warnings
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache, partial
from operator import is_not
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold
from sklearn.pipeline import FeatureUnion

from gkmine.errors import ModelError
from gkmine.issues.codebook import CODEBOOK_VERSION, KINDS, TOPICS
from gkmine.issues.dictionary import DictionaryClassifier
from gkmine.issues.text import prepare_text

__all__ = ["IssueClassifier", "default_model", "DEFAULT_MODEL", "file_sha256"]

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "model.joblib"
CONTEXTS = ("problem", "measure")
_EPS = 1e-4


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes (records which annotations trained a model)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _segmenter():
    from gkmine.nlp import Segmenter  # imported lazily: only training and prediction need it

    return Segmenter(engine="rjieba", hmm=False)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def _union_transform(union: FeatureUnion, texts: list[str]) -> Any:
    """``union.transform(texts)`` without its joblib dispatch and metadata routing, which
    cost more than the vectorizers on one document's statements: the same blocks stacked
    the same way (a union with weights, or a dropped part, goes through ``transform``)."""
    parts = union.transformer_list
    if union.transformer_weights or any(isinstance(t, str) or t is None for _, t in parts):
        return union.transform(texts)
    blocks = [_tfidf_transform(transformer, texts) for _, transformer in parts]
    return sp.hstack(blocks).tocsr() if any(sp.issparse(b) for b in blocks) \
        else np.hstack(blocks)


def _tfidf_transform(vectorizer: Any, texts: list[str]) -> Any:
    """``vectorizer.transform(texts)`` for a fitted l2 TF-IDF vectorizer: the same matrix,
    built the same way (counts in column order, sublinear tf, idf, row norm), the n-grams'
    columns looked up and counted without a Python loop. scikit-learn looks every n-gram
    up and raises a ``KeyError`` for each one out of the vocabulary, then validates the
    count matrix: most of the coding time of a document's few statements."""
    if not (type(vectorizer) is TfidfVectorizer and hasattr(vectorizer, "vocabulary_")
            and not vectorizer.binary and vectorizer.dtype is np.float64
            and vectorizer.norm in ("l2", None)):
        return vectorizer.transform(texts)
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

    analyze = vectorizer.build_analyzer()
    column = vectorizer.vocabulary_.get
    known = partial(is_not, None)
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for text in texts:
        row = sorted(Counter(filter(known, map(column, analyze(text)))).items())
        indices.extend(j for j, _ in row)
        counts.extend(n for _, n in row)
        indptr.append(len(indices))
    data = np.asarray(counts, dtype=np.float64)
    columns = np.asarray(indices, dtype=np.int32)
    if vectorizer.sublinear_tf:
        np.log(data, data)
        data += 1.0
    if vectorizer.use_idf:
        data *= vectorizer.idf_[columns]
    X = sp.csr_matrix((data, columns, np.asarray(indptr, dtype=np.int32)),
                      shape=(len(texts), len(vectorizer.vocabulary_)))
    if vectorizer.norm == "l2":
        inplace_csr_row_normalize_l2(X)
    return X


def _context_matrix(contexts: Sequence[str | None] | None, n: int) -> np.ndarray:
    rows = np.zeros((n, len(CONTEXTS)), dtype=float)
    for i, ctx in enumerate(contexts if contexts is not None else [None] * n):
        if ctx in CONTEXTS:
            rows[i, CONTEXTS.index(ctx)] = 1.0
    return rows


def _micro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    tp = float((truth & predicted).sum())
    denominator = float(truth.sum() + predicted.sum())
    return 2 * tp / denominator if denominator else 0.0


class _Constant:
    """A 'classifier' for a label with a single class in its training data."""

    def __init__(self, p: float) -> None:
        self.p = p

    def positive_proba(self, X: Any) -> np.ndarray:
        return np.full(X.shape[0], self.p)


def _fit_binary(model: LogisticRegression, X: Any, y: np.ndarray) -> Any:
    if y.min() == y.max():
        return _Constant(float(y[0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return clone(model).fit(X, y)


def _positive_proba(model: Any, X: Any) -> np.ndarray:
    if isinstance(model, _Constant):
        return model.positive_proba(X)
    if _is_binary_logistic(model):
        # what predict_proba computes for a binary logistic model, without its input
        # validation: that overhead was most of the per-document coding time
        from scipy.special import expit

        scores = _products(X, model.coef_[:1]).ravel() + model.intercept_[0]
        return expit(scores)
    return model.predict_proba(X)[:, 1]


def _class_proba(model: Any, X: Any) -> np.ndarray:
    """``model.predict_proba(X)``; for a multinomial logistic model, what it computes
    (softmax of ``X @ coef_.T + intercept_``) without its per-call input validation."""
    if not (type(model) is LogisticRegression and len(getattr(model, "classes_", ())) > 2):
        return model.predict_proba(X)
    from sklearn.utils.extmath import softmax

    return softmax(_products(X, model.coef_) + model.intercept_, copy=False)


def _products(X: Any, coef: np.ndarray) -> np.ndarray:
    """``X @ coef.T`` as an array, a dense ``X`` row by row: BLAS sums a row's products in an
    order that depends on how many rows come with it (the last bits differ), and a
    statement's scores must not depend on the statements coded with it. scipy already
    multiplies a sparse ``X`` row by row."""
    if sp.issparse(X):
        return np.asarray(X @ coef.T)
    return (np.asarray(X)[:, None, :] * coef[None, :, :]).sum(axis=2)


def _is_binary_logistic(model: Any) -> bool:
    return (type(model) is LogisticRegression and len(getattr(model, "classes_", ())) == 2
            and model.coef_.shape[0] == 1)


class IssueClassifier(BaseEstimator):
    """Kind and topics of section 五 statements (scikit-learn style, stacked; see the module).

    Parameters (keyword-only): ``word_ngrams``, ``char_ngrams`` (TF-IDF n-gram ranges),
    ``C_text`` (inverse regularisation of the text models), ``C_stack`` (of the stackers),
    ``inner_folds`` (inner cross-validation that gives the stackers out-of-fold text
    probabilities and the threshold), ``threshold_grid`` (candidate cuts on the stacked topic
    probability), ``topic_threshold`` (the cut on the reported, intercept-shifted scores),
    ``min_positives`` (fewer training statements with a topic: the dictionary decides it),
    ``use_context`` (the problem/measure context as a kind feature), ``random_state``.
    """

    def __init__(self, *, word_ngrams: tuple[int, int] = (1, 2),
                 char_ngrams: tuple[int, int] = (1, 3), C_text: float = 10.0,
                 C_stack: float = 1.0, inner_folds: int = 5,
                 threshold_grid: tuple[float, ...] = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5,
                                                      0.55, 0.6, 0.65, 0.7),
                 topic_threshold: float = 0.5, min_positives: int = 3,
                 use_context: bool = True, random_state: int = 0) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.C_text = C_text
        self.C_stack = C_stack
        self.inner_folds = inner_folds
        self.threshold_grid = threshold_grid
        self.topic_threshold = topic_threshold
        self.min_positives = min_positives
        self.use_context = use_context
        self.random_state = random_state

    # -- level-1 features ----------------------------------------------------------------

    def _make_features(self) -> FeatureUnion:
        return FeatureUnion([
            ("words", TfidfVectorizer(tokenizer=_segmenter(), token_pattern=None,
                                      lowercase=False, ngram_range=tuple(self.word_ngrams),
                                      sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=tuple(self.char_ngrams),
                                      lowercase=False, sublinear_tf=True)),
        ])

    def _dictionary_evidence(self, prepared: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """``(kind scores [n, 4], topic match counts [n, 13])`` of the codebook dictionary."""
        kinds = self.dictionary_.decision_function(prepared)
        counts = np.zeros((len(prepared), len(TOPICS)), dtype=float)
        for pattern in self.dictionary_.patterns_:
            if pattern.group != "topic":
                continue
            column = TOPICS.index(pattern.value)
            for i, text in enumerate(prepared):
                counts[i, column] += sum(1 for m in pattern.regex.finditer(text) if m.group(0))
        return kinds, counts

    def _text_kind_model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C_text, class_weight="balanced", max_iter=5000,
                                  random_state=self.random_state)

    def _text_topic_model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C_text, class_weight="balanced", solver="liblinear",
                                  random_state=self.random_state)

    def _stack_model(self) -> LogisticRegression:
        return LogisticRegression(C=self.C_stack, max_iter=5000, random_state=self.random_state)

    # -- level-2 features ----------------------------------------------------------------

    def _kind_stack_features(self, dict_kinds: np.ndarray, contexts: np.ndarray,
                             text_proba: np.ndarray) -> np.ndarray:
        return np.hstack([np.log1p(np.maximum(dict_kinds, 0.0)), contexts,
                          np.log(np.clip(text_proba, _EPS, 1.0))])

    @staticmethod
    def _topic_stack_features(counts: np.ndarray, text_proba: np.ndarray, j: int) -> np.ndarray:
        return np.column_stack([(counts[:, j] > 0).astype(float), np.log1p(counts[:, j]),
                                _logit(text_proba[:, j])])

    def _inner_splits(self, n: int, groups: Sequence[Any] | None
                      ) -> list[tuple[np.ndarray, np.ndarray]]:
        if groups is not None and len(set(groups)) >= 2:
            k = min(self.inner_folds, len(set(groups)))
            return list(GroupKFold(n_splits=k, shuffle=True, random_state=self.random_state)
                        .split(np.zeros(n), groups=list(groups)))
        k = min(self.inner_folds, n)
        return list(KFold(n_splits=k, shuffle=True, random_state=self.random_state)
                    .split(np.zeros(n)))

    def _text_models(self, X: Any, kinds: np.ndarray, Y: np.ndarray
                     ) -> tuple[Any, list[Any]]:
        kind_model = clone(self._text_kind_model()).fit(X, kinds) \
            if len(set(kinds)) > 1 else _Constant(1.0)
        return kind_model, [_fit_binary(self._text_topic_model(), X, Y[:, j])
                            for j in range(len(TOPICS))]

    def _text_proba(self, kind_model: Any, topic_models: list[Any], X: Any
                    ) -> tuple[np.ndarray, np.ndarray]:
        kind_proba = np.zeros((X.shape[0], len(self.classes_)))
        if isinstance(kind_model, _Constant):
            kind_proba[:, 0] = 1.0
        else:
            columns = [list(self.classes_).index(c) for c in kind_model.classes_]
            kind_proba[:, columns] = _class_proba(kind_model, X)
        topic_proba = np.column_stack([_positive_proba(m, X) for m in topic_models])
        return kind_proba, topic_proba

    def _out_of_fold(self, X: Any, kinds: np.ndarray, Y: np.ndarray,
                     splits: list[tuple[np.ndarray, np.ndarray]]
                     ) -> tuple[np.ndarray, np.ndarray]:
        kind_oof = np.zeros((X.shape[0], len(self.classes_)))
        topic_oof = np.zeros(Y.shape, dtype=float)
        for train, test in splits:
            kind_model, topic_models = self._text_models(X[train], kinds[train], Y[train])
            kind_oof[test], topic_oof[test] = self._text_proba(kind_model, topic_models, X[test])
        return kind_oof, topic_oof

    # -- fitting --------------------------------------------------------------------------

    def fit(self, texts: Sequence[str], kinds: Sequence[str],
            topics: Sequence[Sequence[str]], *,
            contexts: Sequence[str | None] | None = None,
            groups: Sequence[Any] | None = None) -> IssueClassifier:
        """Learn from statements, their kinds and topic lists.

        ``groups`` (e.g. the document of each statement) makes the inner cross-validation
        keep a document's statements together, as the outer evaluation does.
        """
        if not (len(texts) == len(kinds) == len(topics)):
            raise ValueError("texts, kinds and topics must have the same length")
        if groups is not None and len(groups) != len(texts):
            raise ValueError("groups must have one entry per text")
        prepared = [prepare_text(t) for t in texts]
        kinds_arr = np.asarray(list(kinds), dtype=object)
        self.classes_ = np.array(sorted(set(kinds_arr)), dtype=object)
        Y = np.array([[t in set(ts) for t in TOPICS] for ts in topics], dtype=int)
        Y = Y.reshape(len(texts), len(TOPICS))
        self.dictionary_ = DictionaryClassifier(context_weight=0.0).fit()
        self.features_ = self._make_features()
        X = sp.csr_matrix(self.features_.fit_transform(prepared))
        dict_kinds, counts = self._dictionary_evidence(prepared)
        ctx = _context_matrix(contexts if self.use_context else None, len(texts))

        splits = self._inner_splits(len(texts), groups)
        kind_oof, topic_oof = self._out_of_fold(X, kinds_arr, Y, splits)
        self.text_kind_model_, self.text_topic_models_ = self._text_models(X, kinds_arr, Y)

        kind_features = self._kind_stack_features(dict_kinds, ctx, kind_oof)
        self.kind_stack_ = clone(self._stack_model()).fit(kind_features, kinds_arr) \
            if len(self.classes_) > 1 else None
        self.learned_topics_ = tuple(bool(Y[:, j].sum() >= self.min_positives
                                          and Y[:, j].sum() < len(Y) - 1)
                                     for j in range(len(TOPICS)))
        self.topic_stacks_ = [
            _fit_binary(self._stack_model(), self._topic_stack_features(counts, topic_oof, j),
                        Y[:, j]) if learned else None
            for j, learned in enumerate(self.learned_topics_)]
        self.stack_threshold_, self.inner_topic_micro_f1_ = self._choose_threshold(
            counts, topic_oof, Y, splits)
        self.topics_ = TOPICS
        self.n_train_ = len(texts)
        return self

    def _choose_threshold(self, counts: np.ndarray, topic_oof: np.ndarray, Y: np.ndarray,
                          splits: list[tuple[np.ndarray, np.ndarray]]) -> tuple[float, float]:
        """The cut on the stacked probability with the best inner out-of-fold micro-F1."""
        stacked = np.zeros(Y.shape, dtype=float)
        for j, learned in enumerate(self.learned_topics_):
            features = self._topic_stack_features(counts, topic_oof, j)
            if not learned:
                stacked[:, j] = features[:, 0]
                continue
            for train, test in splits:
                stack = _fit_binary(self._stack_model(), features[train], Y[train, j])
                stacked[test, j] = _positive_proba(stack, features[test])
        learned = np.array(self.learned_topics_)
        if not learned.any():
            return float(self.topic_threshold), float("nan")
        truth = Y[:, learned].astype(bool)
        scores = [(_micro_f1(truth, stacked[:, learned] >= cut), -abs(cut - 0.5), cut)
                  for cut in self.threshold_grid]
        best = max(scores)
        return float(best[2]), round(best[0], 4)

    # -- prediction -----------------------------------------------------------------------

    def _check(self) -> None:
        if not hasattr(self, "kind_stack_"):
            raise ModelError("E403", "", "IssueClassifier is not fitted: call fit() or load()")

    def predict_proba(self, texts: Sequence[str], *,
                      contexts: Sequence[str | None] | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
        """``(kind probabilities [n, len(classes_)], topic scores [n, len(TOPICS)])``.

        Topic scores are the stacked probabilities with the chosen cut moved to
        ``topic_threshold`` (a topic is predicted when its score reaches it); a topic the
        dictionary decides alone scores 1.0 or 0.0.
        """
        return self._predict_parts(texts, contexts)[:2]

    def _predict_parts(self, texts: Sequence[str], contexts: Sequence[str | None] | None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`predict_proba` plus the dictionary's kind scores it was computed from."""
        self._check()
        prepared = [prepare_text(t) for t in texts]
        X = sp.csr_matrix(_union_transform(self.features_, prepared))
        dict_kinds, counts = self._dictionary_evidence(prepared)
        ctx = _context_matrix(contexts if self.use_context else None, len(texts))
        text_kind, text_topic = self._text_proba(self.text_kind_model_,
                                                 self.text_topic_models_, X)
        if self.kind_stack_ is None:
            kind_proba = np.ones((len(texts), 1))
        else:
            kind_proba = _class_proba(self.kind_stack_,
                                      self._kind_stack_features(dict_kinds, ctx, text_kind))
        shift = _logit(np.array(self.stack_threshold_)) - _logit(np.array(self.topic_threshold))
        topic_scores = np.zeros((len(texts), len(TOPICS)))
        for j, stack in enumerate(self.topic_stacks_):
            features = self._topic_stack_features(counts, text_topic, j)
            if stack is None:
                topic_scores[:, j] = features[:, 0]
            else:
                p = _positive_proba(stack, features)
                topic_scores[:, j] = 1.0 / (1.0 + np.exp(-(_logit(p) - shift)))
        return kind_proba, topic_scores, dict_kinds

    def predict(self, texts: Sequence[str], *,
                contexts: Sequence[str | None] | None = None) -> list[tuple[str, list[str]]]:
        """``(kind, topics)`` for each statement; topics in codebook order."""
        return [(kind, topics) for kind, topics, _ in self.predict_scored(texts,
                                                                           contexts=contexts)]

    def predict_scored(self, texts: Sequence[str], *,
                       contexts: Sequence[str | None] | None = None
                       ) -> list[tuple[str, list[str], dict[str, float]]]:
        """Like :meth:`predict`, plus a score per kind (``kind:…``) and topic (``topic:…``)."""
        if len(texts) == 0:
            return []
        kind_proba, topic_scores, dict_kinds = self._predict_parts(texts, contexts)
        # the dictionary's none_reported cue, as DictionaryClassifier.predict decides it
        none_reported = dict_kinds[:, KINDS.index("none_reported")] > 0
        out = []
        for i in range(len(texts)):
            kind = "none_reported" if none_reported[i] else \
                str(self.classes_[int(np.argmax(kind_proba[i]))])
            topics = [] if kind == "none_reported" else \
                [t for t, s in zip(TOPICS, topic_scores[i], strict=True)
                 if s >= self.topic_threshold]
            scores = {f"kind:{c}": round(float(p), 4)
                      for c, p in zip(self.classes_, kind_proba[i], strict=True)}
            # the dictionary's cue decides none_reported; say so in the scores too
            scores["kind:none_reported"] = 1.0 if none_reported[i] else 0.0
            scores.update({f"topic:{t}": round(float(s), 4)
                           for t, s in zip(TOPICS, topic_scores[i], strict=True)})
            out.append((kind, topics, scores))
        return out

    # -- persistence ----------------------------------------------------------------------

    def save(self, path: str | Path, *, training_data: str | Path | None = None,
             training_data_sha256: str | None = None, evaluation: Any = None) -> Path:
        """Write the model and its provenance with joblib (compressed).

        ``evaluation``: the table of :func:`gkmine.issues.evaluate.cross_validate` run on the
        same training data; it is stored in ``metadata_`` (as plain records, so that loading
        the model needs no pandas) and read back by :attr:`evaluation_`.
        """
        import joblib
        import sklearn

        self._check()
        if training_data is not None and training_data_sha256 is None:
            training_data_sha256 = file_sha256(training_data)
        self.metadata_ = {
            "codebook_version": CODEBOOK_VERSION,
            "training_data_sha256": training_data_sha256,
            "n_statements": self.n_train_,
            "segmenter_dictionary_sha256": _segmenter_dictionary_sha256(),
            "segmenter_lexicon": _segmenter_lexicon(),
            "sklearn_version": sklearn.__version__,
            "gkmine_version": _gkmine_version(),
            "params": self.get_params(),
            "evaluation": (None if evaluation is None
                           else evaluation.to_dict(orient="records")),
        }
        for _, part in self.features_.transformer_list:
            # an id() cache scikit-learn keeps on vectorizers: it would make files differ
            part.__dict__.pop("_stop_words_id", None)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path, compress=3)
        return path

    @property
    def evaluation_(self):
        """The grouped cross-validation stored with the model (a DataFrame), or ``None``.

        Its columns are those of :func:`gkmine.issues.evaluate.cross_validate`; it was run on
        the data the model was trained on (``metadata_["training_data_sha256"]``).
        """
        records = getattr(self, "metadata_", {}).get("evaluation")
        if records is None:
            return None
        import pandas as pd

        return pd.DataFrame.from_records(records)

    @classmethod
    def load(cls, path: str | Path) -> IssueClassifier:
        """Read a model written by :meth:`save`; clear error if it is not one."""
        import joblib

        try:
            model = joblib.load(path)
        except Exception as err:  # joblib raises many types for a bad file
            raise ModelError("E401", str(path), f"the model cannot be loaded ({err})") from err
        if not isinstance(model, cls):
            raise ModelError("E401", str(path), f"not an IssueClassifier ({type(model).__name__})")
        version = getattr(model, "metadata_", {}).get("codebook_version")
        if version != CODEBOOK_VERSION:
            raise ModelError("E404", str(path), f"codebook {version!r} does not match "
                                                f"{CODEBOOK_VERSION!r}: retrain the model")
        return model


def _segmenter_dictionary_sha256() -> str | None:
    """Hash of the segmenter's domain dictionary: the word features depend on it."""
    from gkmine.nlp.segmenter import DEFAULT_DICTIONARY

    return file_sha256(DEFAULT_DICTIONARY) if DEFAULT_DICTIONARY.is_file() else None


def _segmenter_lexicon() -> str | None:
    """Which general lexicon the word features were cut with (its cache key has versions)."""
    segmenter = _segmenter()
    if not segmenter.lexicon:
        return None
    from gkmine.nlp.lexicon import cache_key

    return cache_key(segmenter.lexicon)


def _gkmine_version() -> str:
    try:
        from importlib.metadata import version

        return version("gkmine")
    except Exception:  # not installed as a distribution (a bare checkout)
        return "unknown"


@lru_cache(maxsize=2)
def _load_cached(path: str) -> IssueClassifier:
    model = IssueClassifier.load(path)
    meta = model.metadata_
    recorded = meta.get("segmenter_dictionary_sha256")
    lexicon = meta.get("segmenter_lexicon")
    if ((recorded and recorded != _segmenter_dictionary_sha256())
            or (lexicon and lexicon != _segmenter_lexicon())):
        warnings.warn(f"{path}: the segmenter dictionary or lexicon changed since the model "
                      "was trained; retrain it with `gkmine classify train`", stacklevel=3)
    return model


def default_model(path: str | Path | None = None) -> IssueClassifier:
    """The shipped model (``gkmine/issues/data/model.joblib``), loaded once per process."""
    return _load_cached(_model_file(str(path) if path else str(DEFAULT_MODEL)))


@lru_cache(maxsize=8)
def _model_file(path: str) -> str:
    """The model file's resolved path, looked up once per process (each document asks)."""
    file = Path(path)
    if not file.is_file():
        raise ModelError("E405", path, "no model file: run `python -m gkmine.issues.train`")
    return str(file.resolve())
