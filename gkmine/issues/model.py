"""The supervised classifier of section 五 statements: kind and (multi-label) topics.

Features, all on the normalised statement (:func:`gkmine.issues.text.prepare_text`):

- word 1–2-grams cut by :class:`gkmine.nlp.Segmenter` (TF-IDF, sublinear),
- character 1–3-grams (``char_wb``, TF-IDF, sublinear),
- the codebook dictionary: kind scores and topic hits of :class:`DictionaryClassifier`,
- the statement's context (problem / measure / unknown) from :func:`split_statements`.

Kind: a multinomial logistic regression. Topics: one logistic regression per topic
(one-vs-rest), a topic is predicted when its probability reaches ``topic_threshold``. The
codebook kind ``none_reported`` has no training examples, so it is assigned by the dictionary's
none-reported cues (本年度未发现问题, 无) whatever the model says.

>>> clf = IssueClassifier(C_kind=1.0).fit(
...     ["一是意识不强", "二是渠道有限", "一是加强培训", "二是拓宽渠道"],
...     ["problem", "problem", "measure", "measure"],
...     [["awareness"], ["channels"], ["capacity"], ["channels"]])
>>> clf.predict(["三是拓宽公开渠道"])[0][0]
'measure'
"""

from __future__ import annotations

import hashlib
import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import MultiLabelBinarizer

from gkmine.errors import ModelError
from gkmine.issues.codebook import CODEBOOK_VERSION, KINDS, TOPICS
from gkmine.issues.dictionary import DictionaryClassifier, load_patterns, split_alternatives
from gkmine.issues.text import prepare_text

__all__ = ["IssueClassifier", "DictionaryFeatures", "default_model", "DEFAULT_MODEL",
           "file_sha256"]

DEFAULT_MODEL = Path(__file__).resolve().parent / "data" / "model.joblib"
CONTEXTS = ("problem", "measure")


def file_sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes (records which annotations trained a model)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _segmenter():
    from gkmine.nlp import Segmenter  # imported lazily: only training and prediction need it

    return Segmenter(engine="rjieba", hmm=False)


class DictionaryFeatures(TransformerMixin, BaseEstimator):
    """Dictionary kind scores (times ``scale``) and topic hits (0 or ``topic_weight``)."""

    def __init__(self, *, patterns: str | None = None, scale: float = 0.25,
                 topic_weight: float = 1.0) -> None:
        self.patterns = patterns
        self.scale = scale
        self.topic_weight = topic_weight

    def fit(self, X: Sequence[str], y: Any = None) -> DictionaryFeatures:
        self.dictionary_ = DictionaryClassifier(patterns=self.patterns, context_weight=0.0).fit()
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:
        kinds = self.dictionary_.decision_function(X) * self.scale
        topic_lists = self.dictionary_.predict_topics(X)
        topics = np.array([[t in found for t in TOPICS] for found in topic_lists],
                          dtype=float) * self.topic_weight
        return sp.csr_matrix(np.hstack([kinds, topics.reshape(len(X), len(TOPICS))]))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"dict_kind_{k}" for k in KINDS] + [f"dict_topic_{t}" for t in TOPICS],
                        dtype=object)


class CueTermFeatures(TransformerMixin, BaseEstimator):
    """One binary feature per cue term of the codebook patterns (each top-level alternative
    of each pattern line), so that the model learns which cue of a topic counts, e.g. that
    形式 after 解读 speaks of interpretation rather than channels."""

    def __init__(self, *, patterns: str | None = None, weight: float = 1.0) -> None:
        self.patterns = patterns
        self.weight = weight

    def fit(self, X: Sequence[str], y: Any = None) -> CueTermFeatures:
        terms: list[tuple[str, str]] = []
        for pattern in load_patterns(self.patterns):
            for alternative in split_alternatives(pattern.regex.pattern):
                if (pattern.label, alternative) not in terms:
                    terms.append((pattern.label, alternative))
        self.terms_ = terms
        self.regexes_ = [re.compile(alt) for _, alt in terms]
        return self

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:
        rows, cols = [], []
        for i, text in enumerate(X):
            norm = prepare_text(text)
            for j, regex in enumerate(self.regexes_):
                if regex.search(norm):
                    rows.append(i)
                    cols.append(j)
        data = np.full(len(rows), self.weight, dtype=float)
        return sp.csr_matrix((data, (rows, cols)), shape=(len(X), len(self.terms_)))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"cue_{label}_{alt}" for label, alt in self.terms_], dtype=object)


def _context_matrix(contexts: Sequence[str | None] | None, n: int, weight: float) -> sp.csr_matrix:
    rows = np.zeros((n, len(CONTEXTS)), dtype=float)
    for i, ctx in enumerate(contexts if contexts is not None else [None] * n):
        if ctx in CONTEXTS:
            rows[i, CONTEXTS.index(ctx)] = weight
    return sp.csr_matrix(rows)


class IssueClassifier(BaseEstimator):
    """Kind and topics of section 五 statements (scikit-learn style).

    Parameters (keyword-only): ``word_ngrams``, ``char_ngrams``, ``C_kind``, ``C_topic``
    (inverse regularisation), ``topic_threshold``, ``dictionary_features`` (add the codebook
    dictionary's scores), ``dictionary_weight`` (value of a dictionary topic hit against the
    TF-IDF features, which have unit norm), ``context_weight`` (value of the context
    indicator features; 0 to ignore the context), ``random_state``.
    """

    def __init__(self, *, word_ngrams: tuple[int, int] = (1, 2),
                 char_ngrams: tuple[int, int] = (1, 3), C_kind: float = 10.0,
                 C_topic: float = 10.0, topic_threshold: float = 0.4,
                 dictionary_features: bool = True, dictionary_weight: float = 3.0,
                 cue_terms: bool = False, context_weight: float = 1.0,
                 random_state: int = 0) -> None:
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.C_kind = C_kind
        self.C_topic = C_topic
        self.topic_threshold = topic_threshold
        self.dictionary_features = dictionary_features
        self.dictionary_weight = dictionary_weight
        self.cue_terms = cue_terms
        self.context_weight = context_weight
        self.random_state = random_state

    # -- features -------------------------------------------------------------------------

    def _make_features(self) -> FeatureUnion:
        parts: list[tuple[str, Any]] = [
            ("words", TfidfVectorizer(tokenizer=_segmenter(), token_pattern=None,
                                      lowercase=False, ngram_range=tuple(self.word_ngrams),
                                      sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams),
                                      lowercase=False, sublinear_tf=True)),
        ]
        if self.dictionary_features:
            parts.append(("dictionary", DictionaryFeatures(topic_weight=self.dictionary_weight)))
        if self.cue_terms:
            parts.append(("cues", CueTermFeatures()))
        return FeatureUnion(parts)

    def _matrix(self, texts: Sequence[str], contexts: Sequence[str | None] | None,
                *, fit: bool = False) -> sp.csr_matrix:
        prepared = [prepare_text(t) for t in texts]
        if fit:
            self.features_ = self._make_features()
            base = self.features_.fit_transform(prepared)
        else:
            base = self.features_.transform(prepared)
        ctx = _context_matrix(contexts, len(prepared), self.context_weight)
        return sp.hstack([base, ctx], format="csr")

    # -- fitting --------------------------------------------------------------------------

    def fit(self, texts: Sequence[str], kinds: Sequence[str],
            topics: Sequence[Sequence[str]], *,
            contexts: Sequence[str | None] | None = None) -> IssueClassifier:
        """Learn from statements, their kinds and their topic lists."""
        if not (len(texts) == len(kinds) == len(topics)):
            raise ValueError("texts, kinds and topics must have the same length")
        X = self._matrix(texts, contexts, fit=True)
        self.kind_model_ = LogisticRegression(C=self.C_kind, class_weight="balanced",
                                              max_iter=5000, random_state=self.random_state)
        self.kind_model_.fit(X, list(kinds))
        self.classes_ = self.kind_model_.classes_
        self.topic_binarizer_ = MultiLabelBinarizer(classes=list(TOPICS))
        Y = self.topic_binarizer_.fit_transform([list(t) for t in topics])
        self.topic_model_ = OneVsRestClassifier(LogisticRegression(
            C=self.C_topic, class_weight="balanced", solver="liblinear",
            random_state=self.random_state))
        with warnings.catch_warnings():  # a topic absent from the data is a constant "no"
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.topic_model_.fit(X, Y)
        self.none_cue_ = DictionaryClassifier(context_weight=0.0).fit()
        self.topics_ = TOPICS
        self.n_train_ = len(texts)
        return self

    # -- prediction -----------------------------------------------------------------------

    def _check(self) -> None:
        if not hasattr(self, "kind_model_"):
            raise ModelError("E401", "", "IssueClassifier is not fitted: call fit() or load()")

    def predict_proba(self, texts: Sequence[str], *,
                      contexts: Sequence[str | None] | None = None
                      ) -> tuple[np.ndarray, np.ndarray]:
        """``(kind probabilities [n, len(classes_)], topic probabilities [n, len(TOPICS)])``."""
        self._check()
        X = self._matrix(texts, contexts)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            topic_proba = self.topic_model_.predict_proba(X)
        return self.kind_model_.predict_proba(X), np.asarray(topic_proba)

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
        kind_proba, topic_proba = self.predict_proba(texts, contexts=contexts)
        none_reported = [k == "none_reported" for k in self.none_cue_.predict(texts)]
        out = []
        for i in range(len(texts)):
            kind = "none_reported" if none_reported[i] else \
                str(self.classes_[int(np.argmax(kind_proba[i]))])
            topics = [] if kind == "none_reported" else \
                [t for t, p in zip(TOPICS, topic_proba[i], strict=True)
                 if p >= self.topic_threshold]
            scores = {f"kind:{c}": round(float(p), 4)
                      for c, p in zip(self.classes_, kind_proba[i], strict=True)}
            scores.update({f"topic:{t}": round(float(p), 4)
                           for t, p in zip(TOPICS, topic_proba[i], strict=True)})
            out.append((kind, topics, scores))
        return out

    # -- persistence ----------------------------------------------------------------------

    def save(self, path: str | Path, *, training_data: str | Path | None = None,
             training_data_sha256: str | None = None) -> Path:
        """Write the model and its provenance with joblib (compressed)."""
        import joblib
        import sklearn

        self._check()
        if training_data is not None and training_data_sha256 is None:
            training_data_sha256 = file_sha256(training_data)
        self.metadata_ = {
            "codebook_version": CODEBOOK_VERSION,
            "training_data_sha256": training_data_sha256,
            "n_statements": self.n_train_,
            "sklearn_version": sklearn.__version__,
            "gkmine_version": _gkmine_version(),
            "params": self.get_params(),
        }
        for _, part in self.features_.transformer_list:
            # an id() cache scikit-learn keeps on vectorizers: it would make files differ
            part.__dict__.pop("_stop_words_id", None)
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path, compress=3)
        return path

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
            raise ModelError("E401", str(path), f"codebook {version!r} does not match "
                                                f"{CODEBOOK_VERSION!r}: retrain the model")
        return model


def _gkmine_version() -> str:
    try:
        from importlib.metadata import version

        return version("gkmine")
    except Exception:  # not installed as a distribution (a bare checkout)
        return "unknown"


@lru_cache(maxsize=2)
def _load_cached(path: str) -> IssueClassifier:
    return IssueClassifier.load(path)


def default_model(path: str | Path | None = None) -> IssueClassifier:
    """The shipped model (``gkmine/issues/data/model.joblib``), loaded once per process."""
    path = Path(path) if path else DEFAULT_MODEL
    if not path.is_file():
        raise ModelError("E401", str(path), "no model file: run `python -m gkmine.issues.train`")
    return _load_cached(str(path.resolve()))
