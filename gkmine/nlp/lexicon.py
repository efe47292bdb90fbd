"""A modern general lexicon for the Segmenter, from the Chinese word list of ``wordfreq``.

jieba's base dictionary dates from 2013: with the HMM off, words it lacks fall apart into
characters (微博 → 微 博, 微信 → 微 信, 抖音 → 抖 音). ``wordfreq`` ships a maintained Chinese
frequency list (web, subtitles, Wikipedia, news; about 335,000 entries) inside its wheel, so
nothing is downloaded at run time. The lexicon is the part of that list that jieba lacks and
that is a word rather than a collocation:

- only words of two or more characters in jieba's Chinese block (U+4E00–U+9FD5), absent from
  jieba's dictionary: jieba's own entries and calibrated frequencies stay as they are;
- Zipf frequency ``>= MIN_ZIPF`` (3.0, one occurrence per million words, the threshold of
  wordfreq's own "small" list): below it the list is dominated by names, spam and fragments
  of longer words produced by wordfreq's own tokenisation;
- a word must beat the best split of its characters in jieba's dictionary by a factor of at
  least ``e ** MIN_LOG_MARGIN`` (e⁴ ≈ 55). Collocations of common words — 一是, 日至, 时有,
  中有, 未收到 — are about as likely as their parts side by side and fail; lexicalised words
  — 微博, 微信, 抖音, 官网, 网信, 问责, 运维 — pass by orders of magnitude.

The frequency of a word in the engine is its wordfreq frequency times jieba's total count:
both are probabilities of a word in running text, and on the words both lists share (Zipf 3–4)
the median of jieba count / wordfreq frequency is 6.1e7, jieba's total. The domain dictionary
is merged after the lexicon, so a domain term always wins.

The list is built once per user and versions (wordfreq, jieba, the two thresholds) into a
small cache file, because building needs jieba's full dictionary and wordfreq's list (about a
second), and every spawn worker would otherwise pay it; reading the cache costs a millisecond.
The build is deterministic (sorted words, integer frequencies), so the file is the same on
every machine with the same versions. ``GKMINE_CACHE_DIR`` overrides where it is kept.

>>> words = dict((w, f) for w, f, _ in lexicon_words())
>>> "微博" in words and "微信" in words and "一是" not in words and "日至" not in words
True
"""

from __future__ import annotations

import math
import os
import re
import tempfile
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from gkmine.errors import ModelError

LEXICONS = ("wordfreq",)
#: Zipf frequency (log10 of occurrences per billion words) a word needs to enter the lexicon.
MIN_ZIPF = 3.0
#: Natural-log margin by which a word must be more probable than its best split.
MIN_LOG_MARGIN = 4.0
#: Bumped when the way the list is built changes, so that old cache files are not read.
FORMAT_VERSION = 1
#: jieba's Chinese block: a word outside it could not be added to the engines as one token.
_HAN_WORD = re.compile("[\u4E00-\u9FD5]{2,}")

Lexicon = tuple[tuple[str, int, None], ...]


def build_lexicon(*, min_zipf: float = MIN_ZIPF,
                  min_log_margin: float = MIN_LOG_MARGIN) -> Lexicon:
    """The lexicon as ``(word, jieba_count, None)`` triples, sorted by word (slow: about 1 s).

    Needs ``wordfreq`` and ``jieba`` (for the base dictionary both engines share).
    """
    import jieba
    import wordfreq

    base = jieba.Tokenizer()
    base.initialize()
    min_freq = 10.0 ** (min_zipf - 9)
    out = []
    for word, freq in wordfreq.get_frequency_dict("zh", wordlist="large").items():
        if freq < min_freq or base.FREQ.get(word) or not _HAN_WORD.fullmatch(word):
            continue
        if math.log(freq) - _best_split_log_prob(base, word) >= min_log_margin:
            out.append((word, max(1, round(freq * base.total)), None))
    return tuple(sorted(out))


def _best_split_log_prob(tokenizer, word: str) -> float:
    """Log probability of jieba's best route through ``word`` (its characters' split)."""
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(word, tokenizer.get_DAG(word), route)
    return route[0][0]


def cache_dir() -> Path:
    """Where built lexicons are kept: ``$GKMINE_CACHE_DIR`` or the user's cache directory."""
    explicit = os.environ.get("GKMINE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gkmine"


def cache_key(name: str = "wordfreq") -> str:
    """File name of a built lexicon: every input that changes its content is in it.

    >>> cache_key().startswith("lexicon-wordfreq")
    True
    """
    return (f"lexicon-{name}{version('wordfreq')}-jieba{version('jieba')}"
            f"-z{MIN_ZIPF:g}-m{MIN_LOG_MARGIN:g}-v{FORMAT_VERSION}.txt")


@lru_cache(maxsize=2)
def lexicon_words(name: str = "wordfreq") -> Lexicon:
    """The named lexicon, read from the per-user cache (built and written there once)."""
    if name not in LEXICONS:
        raise ModelError("E414", "", f"unknown lexicon {name!r}; choose one of {LEXICONS} "
                                     f"or None")
    path = cache_dir() / cache_key(name)
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    lexicon = build_lexicon()
    _write_atomically(path, lexicon)
    return lexicon


def _read(path: Path) -> Lexicon:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq = line.split("\t")
        entries.append((word, int(freq), None))
    return tuple(entries)


def _write_atomically(path: Path, lexicon: Lexicon) -> None:
    """Write via a temporary file and a rename, so concurrent workers never read half a file;
    an unwritable cache only costs the rebuild next time."""
    text = "".join(f"{word}\t{freq}\n" for word, freq, _ in lexicon)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         delete=False, suffix=".tmp") as handle:
            handle.write(text)
        os.replace(handle.name, path)
    except OSError:
        pass
