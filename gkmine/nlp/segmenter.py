"""Chinese word segmentation for government disclosure reports.

:class:`Segmenter` cuts Chinese into words with a PRIVATE jieba instance (``rjieba`` by default,
pure-Python ``jieba`` as the reference engine) loaded with gkmine's domain dictionary, so that
terms such as 六稳六保, 依申请公开 or 双随机、一公开 come out whole. Both engines give the same
tokens: they share jieba's base dictionary, receive the same lexicon and domain words with the
same frequencies, run with HMM off by default, and terms that the engines cannot keep whole by
construction (they contain punctuation) are protected before cutting.

Why the engines agree: ``rjieba.Jieba()`` (jieba-rs) ships jieba's default dictionary (all
349,046 entries of ``jieba/dict.txt``) and jieba's DAG/route algorithm, so with HMM off they cut
alike. Frequencies are never left to the engines: rjieba's ``suggest_freq`` only ever joins
(its ``suggest_freq("中将")`` is 763 where jieba's ``suggest_freq(("中", "将"))`` is 494), so
every domain or user word is added with an explicit frequency (``DEFAULT_USER_FREQ`` when none
is given; ``0`` removes a word, which forces a split). Two engine differences are corrected on
rjieba's side: CJK characters outside ``U+4E00–U+9FD5`` (jieba treats them as separators) and,
under HMM, non-Chinese runs such as ``0955-8598933`` (jieba's HMM cuts them at ``-`` and ``.``).

The segmenter is a scikit-learn style estimator: ``__init__`` only stores parameters, the engine
is built lazily once per process by an ``lru_cache``'d factory keyed by those parameters, and
pickling sends only the parameters — so it serves as ``tokenizer=`` of a vectorizer that is
saved with joblib or shipped to spawn workers.

>>> seg = Segmenter()
>>> seg.cut("我局持续推进六稳六保工作，落实双随机、一公开监管。")
['我局', '持续', '推进', '六稳六保', '工作', '，', '落实', '双随机、一公开', '监管', '。']
>>> Segmenter(stop_words="default")("我局持续推进六稳六保工作。")
['持续', '推进', '六稳六保', '工作']
>>> Segmenter(engine="jieba").cut("依申请公开 政府信息") == seg.cut("依申请公开 政府信息")
True
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from gkmine.errors import ModelError
from gkmine.nlp.lexicon import lexicon_words

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DICTIONARY = DATA_DIR / "gov_dict.txt"
DEFAULT_STOP_WORDS = DATA_DIR / "stopwords.txt"
ENGINES = ("rjieba", "jieba")

#: Frequency given to user words passed without one, as to most terms of gov_dict.txt: high
#: enough that every domain term beats its split and its neighbours in running text (tested
#: down to 5000), low enough that 800 of them add only 13% to jieba's total of 60 million.
DEFAULT_USER_FREQ = 10_000

#: Characters jieba keeps inside one block (``jieba.re_han_default``); a term with any other
#: character (、 ， space, full-width ＋ …) can never be cut whole and must be protected.
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+")
#: Characters inside jieba-rs's Chinese ranges but outside jieba's (CJK extensions,
#: compatibility ideographs, U+9FD6–U+9FFF); the group makes ``split`` keep the runs.
_RUST_ONLY_HAN_RUN = re.compile("([\u3400-\u4DBF\u9FD6-\u9FFF\uF900-\uFAFF"
                                "\U00020000-\U0003134F]+)")
#: jieba's ``finalseg.re_skip``: how pure-Python jieba splits a non-Chinese run under HMM.
_FINALSEG_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")
#: Whitespace tokens the engines emit (single characters, and ``\r\n``).
_WHITESPACE_TOKENS = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000") | {"\r\n"}
#: Joins tokens in worker processes: one string pickles far faster than a list of strings.
_WIRE_SEP = "\x1f"

UserWords = tuple[tuple[str, int | None, str | None], ...]


# --- dictionaries ------------------------------------------------------------------------


def parse_dictionary_lines(lines: Iterable[str], *, source: str = "") -> UserWords:
    """Parse jieba user-dictionary lines ``word [freq] [tag]``; ``#`` starts a comment.

    >>> parse_dictionary_lines(["# terms", "六稳六保 80000 n", "放管服  # 简政放权", "C# 9"])
    (('六稳六保', 80000, 'n'), ('放管服', None, None), ('C#', 9, None))
    """
    entries: list[tuple[str, int | None, str | None]] = []
    for number, raw in enumerate(lines, 1):
        parts = raw.split()
        for i, part in enumerate(parts):  # "#" opens a comment only at the start of a field
            if part.startswith("#"):
                del parts[i:]
                break
        if not parts:
            continue
        word, freq, tag = parts[0], None, None
        rest = parts[1:]
        if rest and rest[0].isdigit():
            freq = int(rest.pop(0))
        if rest:
            tag = rest.pop(0)
        if rest:
            raise ModelError("E406", source, f"line {number}: expected 'word [freq] [tag]', "
                                             f"got {raw.strip()!r}")
        entries.append((word, freq, tag))
    return tuple(entries)


@lru_cache(maxsize=8)
def load_dictionary(path: str) -> UserWords:
    """Entries of a jieba-format user dictionary file (cached per process)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ModelError("E401", path, f"cannot read the dictionary: {err}") from err
    return parse_dictionary_lines(text.splitlines(), source=path)


@lru_cache(maxsize=8)
def load_stop_words(path: str = str(DEFAULT_STOP_WORDS)) -> frozenset[str]:
    """A stop list file: one word per line, ``#`` comments (cached per process).

    >>> {"的", "本报告"} <= load_stop_words()
    True
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise ModelError("E401", path, f"cannot read the stop list: {err}") from err
    words = set()
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        # A stop list holds punctuation too, so only a line's first field counts and a lone
        # "#" word is written as "\#".
        word = line.strip().split()[0] if line.strip() else ""
        if word:
            words.add("#" if word == "\\#" else word)
    return frozenset(words)


def resolve_stop_words(stop_words: Any) -> frozenset[str]:
    """The words a ``stop_words`` parameter names: ``None`` (none), ``"default"`` (gkmine's
    list) or a collection of words.

    >>> resolve_stop_words(None), resolve_stop_words(["的", "了"]) == {"的", "了"}
    (frozenset(), True)
    """
    if stop_words is None:
        return frozenset()
    if isinstance(stop_words, str):
        if stop_words == "default":
            return load_stop_words(str(DEFAULT_STOP_WORDS))
        raise ModelError("E414", "", f"stop_words is None, 'default' or a collection of "
                                     f"words, not {stop_words!r}")
    return frozenset(stop_words)


def normalize_user_words(user_words: Iterable[Any]) -> UserWords:
    """User words as ``(word, freq, tag)`` triples from words, pairs or triples.

    >>> normalize_user_words(["放管服", ("一网通办", 9000)])
    (('放管服', None, None), ('一网通办', 9000, None))
    """
    if isinstance(user_words, str):
        user_words = [user_words]
    out = []
    for item in user_words:
        if isinstance(item, str):
            word, freq, tag = item, None, None
        else:
            item = tuple(item)
            if not 1 <= len(item) <= 3 or not isinstance(item[0], str):
                raise ModelError("E414", "", f"a user word is a word or (word, freq[, tag]): "
                                             f"got {item!r}")
            word, freq, tag = (item + (None, None))[:3]
        if not word.strip():
            raise ModelError("E414", "", "a user word is empty")
        out.append((word, None if freq is None else int(freq), tag))
    return tuple(out)


# --- engines -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Engine:
    """A loaded private tokenizer: ``cut(text, hmm)`` gives raw tokens covering ``text``."""

    name: str
    backend: Any
    protected: re.Pattern | None  # terms that must be cut whole before the engine sees them

    def cut(self, text: str, hmm: bool) -> list[str]:
        # Two separate scans: a literal alternation and a character class each let ``re``
        # skip ahead fast; one combined pattern is twice as slow as both.
        first = self.protected.search(text) if self.protected is not None else None
        if first is None:
            return self._separators_cut(text, hmm)
        out: list[str] = []
        pos = 0
        for match in self.protected.finditer(text, first.start()):
            if match.start() > pos:
                out.extend(self._separators_cut(text[pos:match.start()], hmm))
            out.append(match.group())
            pos = match.end()
        if pos < len(text):
            out.extend(self._separators_cut(text[pos:], hmm))
        return out

    def _separators_cut(self, text: str, hmm: bool) -> list[str]:
        """Cut around characters that jieba-rs calls Chinese and jieba treats as separators
        (one token each, as jieba cuts them), so that both engines see the same blocks."""
        if _RUST_ONLY_HAN_RUN.search(text) is None:
            return self._engine_cut(text, hmm)
        out: list[str] = []
        for piece in _RUST_ONLY_HAN_RUN.split(text):
            if piece and _RUST_ONLY_HAN_RUN.match(piece):
                out.extend(piece)
            elif piece:
                out.extend(self._engine_cut(piece, hmm))
        return out

    def _engine_cut(self, text: str, hmm: bool) -> list[str]:
        if self.name == "jieba":
            return self.backend.lcut(text, HMM=hmm)
        tokens = self.backend.cut(text, hmm)
        return self._finalseg_compatible(tokens) if hmm else tokens

    def _finalseg_compatible(self, tokens: list[str]) -> list[str]:
        """Split non-Chinese runs under HMM as pure-Python jieba does (``finalseg``).

        jieba-rs keeps 0955-8598933 or www.gov.cn whole where jieba's HMM path cuts them at
        ``-`` and ``.``; this makes the engines agree.
        """
        out: list[str] = []
        for tok in tokens:
            if (len(tok) > 1 and tok.isascii() and not tok.isalnum()
                    and not self.backend.has_word(tok)):
                out.extend(x for x in _FINALSEG_SKIP.split(tok) if x)
            else:
                out.append(tok)
        return out


def _resolve_dictionary(dictionary: str | os.PathLike | None) -> str | None:
    if dictionary is None:
        return None
    if isinstance(dictionary, str) and dictionary == "default":
        return str(DEFAULT_DICTIONARY)
    return str(Path(dictionary).resolve())


@lru_cache(maxsize=16)
def load_engine(engine: str, dictionary: str | None, user_words: UserWords,
                lexicon: str | None = None) -> _Engine:
    """Build a private tokenizer once per process for these (immutable) parameters."""
    if engine not in ENGINES:
        raise ModelError("E414", "", f"unknown segmentation engine {engine!r}; "
                                     f"choose one of {ENGINES}")
    # General words first, then the domain dictionary, then the user's: later entries win.
    entries = ((lexicon_words(lexicon) if lexicon else ())
               + (load_dictionary(dictionary) if dictionary else ()) + user_words)
    if engine == "rjieba":
        import rjieba

        backend = rjieba.Jieba()
        add = backend.add_word
    else:
        import jieba

        backend = jieba.Tokenizer()
        backend.initialize()  # a private instance: never jieba's global one

        def add(word, freq, tag):
            backend.add_word(word, freq, tag)

    freqs: dict[str, tuple[int, str | None]] = {}
    for word, freq, tag in entries:  # later entries win, in order
        freqs[word] = (DEFAULT_USER_FREQ if freq is None else freq, tag)
    protected = []
    for word, (freq, tag) in freqs.items():
        if _JIEBA_BLOCK.fullmatch(word):
            add(word, freq, tag)
        else:
            protected.append(word)
    protected.sort(key=lambda w: (-len(w), w))  # longest first: alternation is ordered
    pattern = re.compile("|".join(map(re.escape, protected))) if protected else None
    return _Engine(engine, backend, pattern)


# --- the estimator -----------------------------------------------------------------------


class Segmenter:
    """Cut Chinese text into words, with gkmine's domain dictionary and an optional stop list.

    Parameters (keyword-only, stored as given):

    - ``engine``: ``"rjieba"`` (fast, Rust) or ``"jieba"`` (pure Python); same tokens.
    - ``hmm``: let jieba's HMM guess unknown words (off by default: it invents words).
    - ``user_words``: extra words, as words or ``(word, freq[, tag])``.
    - ``stop_words``: ``None`` keeps every token, ``"default"`` drops gkmine's stop list, or an
      iterable of words to drop.
    - ``dictionary``: ``"default"`` (gkmine's ``gov_dict.txt``), a path to a jieba-format
      user dictionary, or ``None`` for no domain dictionary.
    - ``lexicon``: ``"wordfreq"`` adds the modern general words jieba's 2013 dictionary lacks
      (微博, 微信, 抖音; see :mod:`gkmine.nlp.lexicon`), ``None`` keeps jieba's base words only.

    Whitespace-only tokens are always dropped by :meth:`cut`; :meth:`tokenize` keeps every
    token with its character offsets.

    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> vec = CountVectorizer(tokenizer=Segmenter(), token_pattern=None, lowercase=False)
    >>> sorted(vec.fit(["推进政务公开", "政务公开工作"]).vocabulary_)
    ['工作', '推进', '政务公开']
    """

    def __init__(self, *, engine: str = "rjieba", hmm: bool = False,
                 user_words: Iterable[Any] = (), stop_words: Any = None,
                 dictionary: str | os.PathLike | None = "default",
                 lexicon: str | None = "wordfreq") -> None:
        self.engine = engine
        self.hmm = hmm
        self.user_words = user_words
        self.stop_words = stop_words
        self.dictionary = dictionary
        self.lexicon = lexicon

    # scikit-learn's estimator protocol, without importing scikit-learn (spawn workers stay
    # quick to start); ``sklearn.base.clone`` works on it.
    @classmethod
    def _get_param_names(cls) -> list[str]:
        params = inspect.signature(cls.__init__).parameters
        return sorted(p for p in params if p != "self")

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._get_param_names()}

    def set_params(self, **params: Any) -> Segmenter:
        valid = self._get_param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r} for Segmenter; valid: {valid}")
            setattr(self, name, value)
        self._drop_cache()
        return self

    def __repr__(self) -> str:
        defaults = inspect.signature(type(self).__init__).parameters
        shown = [f"{k}={v!r}" for k, v in self.get_params().items()
                 if not _same(v, defaults[k].default)]
        return f"Segmenter({', '.join(shown)})"

    def __getstate__(self) -> dict[str, Any]:
        # Only the parameters travel: the engine is rebuilt (once per process) on arrival.
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # A segmenter pickled before the lexicon existed cut without it: keep its tokens.
        self.__dict__.update({"lexicon": None, **state})

    def _drop_cache(self) -> None:
        for key in [k for k in self.__dict__ if k.startswith("_")]:
            del self.__dict__[key]

    # --- fitted state (lazy) ---------------------------------------------------------------

    def _loaded(self) -> tuple[_Engine, frozenset[str]]:
        cached = self.__dict__.get("_cache")
        if cached is None:
            engine = load_engine(self.engine, _resolve_dictionary(self.dictionary),
                                 normalize_user_words(self.user_words), self.lexicon)
            cached = (engine, _WHITESPACE_TOKENS | self._stop_set())
            self._cache = cached
        return cached

    def _stop_set(self) -> frozenset[str]:
        return resolve_stop_words(self.stop_words)

    def fit(self, X: Any = None, y: Any = None) -> Segmenter:
        """Load the engine now (it is loaded lazily otherwise) and return ``self``."""
        self._loaded()
        return self

    # --- cutting ----------------------------------------------------------------------------

    def cut(self, text: str) -> list[str]:
        """Tokens of ``text``, without whitespace tokens and stop words."""
        if not isinstance(text, str):
            raise ModelError("E412", "", f"Segmenter.cut expects a str, got {type(text).__name__}")
        engine, drop = self._loaded()
        return [t for t in engine.cut(text, self.hmm) if t not in drop]

    __call__ = cut

    def tokenize(self, text: str) -> list[tuple[str, int, int]]:
        """Every token (whitespace and stop words included) with its ``[start, end)`` offsets.

        >>> Segmenter().tokenize("依申请公开 3件")
        [('依申请公开', 0, 5), (' ', 5, 6), ('3', 6, 7), ('件', 7, 8)]
        """
        if not isinstance(text, str):
            raise ModelError("E412", "", f"Segmenter.tokenize expects a str, "
                                         f"got {type(text).__name__}")
        engine, _ = self._loaded()
        out = []
        pos = 0
        for tok in engine.cut(text, self.hmm):
            start = pos if text.startswith(tok, pos) else text.find(tok, pos)
            if start < 0:  # the engines never drop or alter characters; guard anyway
                raise ModelError("E415", "", f"token {tok!r} not found after offset {pos}")
            pos = start + len(tok)
            out.append((tok, start, pos))
        return out

    def is_stop(self, word: str) -> bool:
        """Whether ``word`` is dropped by this segmenter's stop list."""
        return word in self._loaded()[1] or word.isspace()

    def transform(self, texts: Iterable[str]) -> list[list[str]]:
        """Token lists, one per text."""
        return [self.cut(t) for t in texts]

    def fit_transform(self, texts: Iterable[str], y: Any = None) -> list[list[str]]:
        return self.fit().transform(texts)

    def pipe(self, texts: Iterable[str], *, n_process: int = 1,
             batch_size: int = 64) -> Iterator[list[str]]:
        """Token lists in input order; ``n_process > 1`` cuts in a spawn process pool.

        >>> list(Segmenter().pipe(["政务公开", "依申请公开"]))
        [['政务公开'], ['依申请公开']]
        """
        if n_process <= 1:
            for text in texts:
                yield self.cut(text)
            return
        from multiprocessing import get_context

        with get_context("spawn").Pool(n_process) as pool:
            tasks = ((self, batch) for batch in _batches(texts, batch_size))
            for joined in pool.imap(_cut_batch_joined, tasks):
                for item in joined:
                    yield item.split(_WIRE_SEP) if isinstance(item, str) else item


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return a is b


def _batches(texts: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for text in texts:
        batch.append(text)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _cut_batch_joined(task: tuple[Segmenter, Sequence[str]]) -> list[str | list[str]]:
    """Worker: cut a batch, joining each token list into one string for a cheap return."""
    segmenter, texts = task
    out: list[str | list[str]] = []
    for text in texts:
        tokens = segmenter.cut(text)
        if not tokens or _WIRE_SEP in text:
            out.append(tokens)  # cannot be joined unambiguously
        else:
            out.append(_WIRE_SEP.join(tokens))
    return out


# --- sentences ---------------------------------------------------------------------------

#: A sentence ends after 。！？；… (and ! ? ;), with any closing quotes or brackets and the
#: whitespace that follow it.
_SENTENCE_END = re.compile(r"[。！？；!?;…]+[”’」』）)\]】》]*\s*")
#: A line break (with the whitespace after it) ends a sentence in the analysis text.
_LINE_END = re.compile(r"\n\s*")
#: An enumeration marker starts a sentence when it opens the text or follows whitespace or
#: punctuation: 一是/二是…, （一）/(1), 一、, 1. / 1、 (not 3.14), ①.
_ENUMERATION = re.compile(
    r"(?<![^\s，,；;：:。！？!?])"
    r"(?:[（(](?:[一二三四五六七八九十]{1,3}|\d{1,2})[）)]"
    r"|[一二三四五六七八九十]{1,3}(?:是|、)"
    r"|\d{1,2}[.．、](?![\d.．])"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")


def sentence_starts(text: str, *, enumerations: bool = True,
                    newlines: bool = True) -> list[int]:
    """Sorted character offsets where a sentence starts (always 0 for a non-empty text).

    ``newlines``: a line break ends a sentence, as in gkmine's analysis text, where hard
    wraps are already joined and a line is a paragraph, a heading or a table row; set it to
    ``False`` for raw extracted text that still wraps lines inside sentences.

    >>> text = "主要问题：一是公开不及时，二是解读不够。（一）加强培训；1.完善制度"
    >>> [text[i:i + 2] for i in sentence_starts(text)]
    ['主要', '一是', '二是', '（一', '1.']
    """
    if not text:
        return []
    starts = {0}
    starts.update(m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text))
    if newlines:
        starts.update(m.end() for m in _LINE_END.finditer(text) if m.end() < len(text))
    if enumerations:
        starts.update(m.start() for m in _ENUMERATION.finditer(text))
    # No sentence is whitespace only: leading whitespace (a section body that begins with a
    # line break) joins the sentence that follows it.
    kept = [0]
    for start in sorted(starts)[1:]:
        if text[kept[-1]:start].isspace():
            continue
        kept.append(start)
    return kept


def split_sentences(text: str, *, enumerations: bool = True,
                    newlines: bool = True) -> list[tuple[int, int]]:
    """Half-open ``(start, end)`` spans of the sentences of ``text``; they cover the text.

    >>> text = "推进政务公开。3.14%的申请，一是依法答复"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['推进政务公开。', '3.14%的申请，', '一是依法答复']
    >>> text = "\\n  一是加强培训；二是完善制度"
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['\\n  一是加强培训；', '二是完善制度']
    """
    starts = sentence_starts(text, enumerations=enumerations, newlines=newlines)
    return list(zip(starts, [*starts[1:], len(text)], strict=True)) if text else []
