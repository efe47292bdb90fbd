"""A spaCy pipeline for disclosure reports: gkmine's Segmenter as tokenizer, report offsets.

- ``gkmine.Segmenter.v1`` (registry ``tokenizers``): the :class:`~gkmine.nlp.Segmenter` as a
  spaCy tokenizer, selected in ``[nlp.tokenizer]`` with its parameters (``engine``, ``hmm``,
  ``user_words``, ``dictionary``, ``stop_words``). It keeps every character (whitespace
  becomes space tokens), so ``doc.text`` is the input and character offsets hold; its user
  words are saved by ``nlp.to_disk`` and restored by ``spacy.load``.
- ``gkmine_sentencizer`` (a pipeline component): sentences end at 。！？；… and at line
  breaks (``newlines``, as in the analysis text), and an enumeration marker (一是, （一）, 1.,
  ①) starts a new one (``enumerations``).
- Extensions tie text back to its report: ``Doc._.doc_id``, ``Doc._.section``, ``Doc._.offset``
  (start of the doc's text in the report's analysis text) and ``Span._.report_start`` /
  ``report_end`` (also on tokens).

No model is downloaded: the language is spaCy's ``zh`` with our tokenizer instead of
pkuseg/jieba. Importing this module registers everything (importing it twice is harmless);
``spacy.load`` of a saved pipeline needs it imported first.

>>> nlp = make_nlp()
>>> doc = nlp("主要问题：一是公开不及时，二是解读不够。")
>>> [t.text for t in doc][:5]
['主要', '问题', '：', '一', '是']
>>> [s.text for s in doc.sents]
['主要问题：', '一是公开不及时，', '二是解读不够。']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import spacy
from spacy.attrs import IS_STOP
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import ensure_path
from spacy.vocab import Vocab

from gkmine.errors import ModelError, ParseError
from gkmine.nlp.segmenter import (
    Segmenter,
    load_dictionary,
    normalize_user_words,
    resolve_stop_words,
    sentence_starts,
)
from gkmine.record import Report

TOKENIZER_NAME = "gkmine.Segmenter.v1"
SENTENCIZER_NAME = "gkmine_sentencizer"
_STATE_FILE = "gkmine_segmenter.json"


# --- the tokenizer -----------------------------------------------------------------------


class SegmenterTokenizer:
    """spaCy tokenizer around :class:`~gkmine.nlp.Segmenter` (stop words are not removed:
    they set ``Token.is_stop``)."""

    def __init__(self, vocab: Vocab, *, engine: str = "rjieba", hmm: bool = False,
                 user_words: Iterable[Any] = (), dictionary: str | None = "default",
                 lexicon: str | None = "wordfreq") -> None:
        self.vocab = vocab
        self.engine = engine
        self.hmm = hmm
        self.user_words = normalize_user_words(user_words)
        self.dictionary = dictionary
        self.lexicon = lexicon

    @property
    def segmenter(self) -> Segmenter:
        seg = self.__dict__.get("_segmenter")
        if seg is None:
            seg = Segmenter(engine=self.engine, hmm=self.hmm, user_words=self.user_words,
                            dictionary=self.dictionary, lexicon=self.lexicon)
            self._segmenter = seg
        return seg

    def __call__(self, text: str) -> Doc:
        words = [tok for tok, _, _ in self.segmenter.tokenize(text)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def add_user_words(self, words: Iterable[Any]) -> None:
        """Add words (or ``(word, freq[, tag])``); they are saved with the pipeline."""
        self.user_words = self.user_words + normalize_user_words(words)
        self.__dict__.pop("_segmenter", None)

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    # --- serialisation: parameters and user words, plus a custom dictionary's entries -------

    def _state(self) -> dict[str, Any]:
        state = {"engine": self.engine, "hmm": self.hmm, "lexicon": self.lexicon,
                 "user_words": [list(w) for w in self.user_words], "dictionary": "default"}
        if self.dictionary is None:
            state["dictionary"] = None
        elif self.dictionary != "default":  # embed a custom file: the copy must not need it
            state["dictionary"] = "embedded"
            state["dictionary_entries"] = [list(e) for e in load_dictionary(
                str(Path(self.dictionary).resolve()))]
        return state

    def _set_state(self, state: dict[str, Any]) -> None:
        entries = [tuple(e) for e in state.get("dictionary_entries", [])]
        self.engine = state["engine"]
        self.hmm = bool(state["hmm"])
        self.lexicon = state.get("lexicon")  # saved before the lexicon existed: cut without
        # An embedded dictionary's entries go before the user words: later entries win,
        # exactly as when the file was read.
        self.user_words = tuple(entries) + normalize_user_words(state["user_words"])
        self.dictionary = None if state["dictionary"] in (None, "embedded") else "default"
        self.__dict__.pop("_segmenter", None)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps(self._state(), ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> SegmenterTokenizer:
        try:
            self._set_state(json.loads(data.decode("utf-8")))
        except (ValueError, KeyError, TypeError) as err:
            raise ModelError("E401", "", f"invalid gkmine tokenizer data: {err}") from err
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / _STATE_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SegmenterTokenizer:
        file = ensure_path(path) / _STATE_FILE
        try:
            data = file.read_bytes()
        except OSError as err:
            raise ModelError("E401", str(file), f"cannot read the tokenizer: {err}") from err
        return self.from_bytes(data)


def create_segmenter_tokenizer(engine: str = "rjieba", hmm: bool = False,
                               user_words: list = [],  # noqa: B006 (config values, not mutated)
                               dictionary: str | None = "default",
                               stop_words: str | list[str] | None = "default",
                               lexicon: str | None = "wordfreq"):
    """Registered as ``gkmine.Segmenter.v1``: make the tokenizer, and let ``stop_words``
    decide ``Token.is_stop`` (instead of spaCy's Chinese list, which marks 加强 or 问题)."""
    stops = resolve_stop_words(stop_words)

    def make(nlp: Language) -> SegmenterTokenizer:
        nlp.vocab.lex_attr_getters[IS_STOP] = stops.__contains__
        return SegmenterTokenizer(nlp.vocab, engine=engine, hmm=hmm, user_words=user_words,
                                  dictionary=dictionary, lexicon=lexicon)

    return make


# --- the sentencizer ---------------------------------------------------------------------


class GkmineSentencizer:
    """Sets sentence starts from :func:`~gkmine.nlp.segmenter.sentence_starts`."""

    def __init__(self, nlp: Language | None = None, name: str = SENTENCIZER_NAME, *,
                 enumerations: bool = True, newlines: bool = True) -> None:
        self.name = name
        self.enumerations = enumerations
        self.newlines = newlines

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = sentence_starts(doc.text, enumerations=self.enumerations,
                                 newlines=self.newlines)
        pending = iter(starts)
        nxt = next(pending, None)
        for token in doc:
            is_start = False
            while nxt is not None and nxt <= token.idx:  # a start inside a token moves on
                is_start = True
                nxt = next(pending, None)
            token.is_sent_start = is_start or token.i == 0
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 1000) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    # Stateless: nothing to save beyond the config.
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> GkmineSentencizer:
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        return None

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> GkmineSentencizer:
        return self


def make_gkmine_sentencizer(nlp: Language, name: str, enumerations: bool,
                            newlines: bool) -> GkmineSentencizer:
    return GkmineSentencizer(nlp, name, enumerations=enumerations, newlines=newlines)


# --- extensions --------------------------------------------------------------------------


def _report_start(obj: Span | Token) -> int:
    start = obj.start_char if isinstance(obj, Span) else obj.idx
    return obj.doc._.offset + start


def _report_end(obj: Span | Token) -> int:
    end = obj.end_char if isinstance(obj, Span) else obj.idx + len(obj)
    return obj.doc._.offset + end


def _register() -> None:
    """Register the tokenizer, the component and the extensions (idempotent)."""
    spacy.registry.tokenizers.register(TOKENIZER_NAME, func=create_segmenter_tokenizer)
    if not Language.has_factory(SENTENCIZER_NAME):
        Language.factory(SENTENCIZER_NAME, default_config={"enumerations": True, "newlines": True},
                         func=make_gkmine_sentencizer)
    for name, default in (("doc_id", ""), ("section", None), ("offset", 0)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for cls in (Span, Token):
        for name, getter in (("report_start", _report_start), ("report_end", _report_end)):
            if not cls.has_extension(name):
                cls.set_extension(name, getter=getter)


_register()


# --- building and using the pipeline -----------------------------------------------------


def make_nlp(*, engine: str = "rjieba", hmm: bool = False, user_words: Iterable[Any] = (),
             dictionary: str | None = "default", stop_words: str | list[str] | None = "default",
             lexicon: str | None = "wordfreq", sentencizer: bool = True) -> Language:
    """A blank Chinese pipeline with gkmine's tokenizer and (by default) sentencizer.

    >>> nlp = make_nlp(user_words=["数智政务"])
    >>> nlp.config["nlp"]["tokenizer"]["@tokenizers"], nlp.pipe_names
    ('gkmine.Segmenter.v1', ['gkmine_sentencizer'])
    >>> [(t.text, t.is_stop) for t in nlp("推进数智政务的问题")]
    [('推进', False), ('数智政务', False), ('的', True), ('问题', False)]
    """
    from spacy.lang.zh import Chinese

    words = [list(w) for w in normalize_user_words(user_words)]
    if dictionary not in (None, "default"):
        dictionary = str(Path(dictionary).resolve())
    tokenizer = {"@tokenizers": TOKENIZER_NAME, "engine": engine, "hmm": hmm,
                 "user_words": words, "dictionary": dictionary, "stop_words": stop_words,
                 "lexicon": lexicon}
    config = Chinese.default_config.copy()
    config["nlp"] = dict(config["nlp"], tokenizer=tokenizer)
    nlp = Chinese.from_config(config)
    nlp.tokenizer.segmenter.fit()  # fail now, naming the problem, rather than on first use
    if sentencizer:
        nlp.add_pipe(SENTENCIZER_NAME)
    return nlp


def docs_from_report(nlp: Language, report: Report, *,
                     sections: Iterable[str] | None = None) -> Iterator[Doc]:
    """One Doc per section (in report order), tied back to the report by its extensions.

    ``sections`` restricts to these section keys. ``Doc._.offset`` is the section body's
    start in ``report.text``, so ``report.text[span._.report_start:span._.report_end]`` is
    ``span.text``.
    """
    wanted = None if sections is None else set(sections)
    for section in report.sections:
        if wanted is not None and section.key not in wanted:
            continue
        start = section.body_start
        if report.text and report.text[start:start + len(section.text)] != section.text:
            raise ParseError("E416", report.source,
                             f"section {section.key!r}: its text is not the report text at "
                             f"offset {start}")
        doc = nlp(section.text)
        doc._.doc_id = report.doc_id
        doc._.section = section.key
        doc._.offset = start
        yield doc
