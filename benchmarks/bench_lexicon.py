"""Runs of single-character tokens with and without the modern lexicon.

Words that jieba's dictionary lacks fall apart into single characters (微博 → 微 博). This
counts, per corpus, the runs of two or more consecutive single-character Chinese tokens (runs
per 1,000 Chinese tokens, and the share of Chinese characters inside such runs), for the
Segmenter without the lexicon, with it, and with lexicons built at other thresholds (the
thresholds were chosen on the repository's corpora; the development corpus is reported apart):

- in sample: ``corpora/seeds`` and the statements of ``corpora/annotations``;
- held out: the development pages and statements, when that folder is present.

It also lists the tokens that the lexicon creates on each corpus, to read them.

Run from the repository root: ``PYTHONPATH=. python benchmarks/bench_lexicon.py``
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from gkmine.nlp.lexicon import MIN_LOG_MARGIN, MIN_ZIPF, build_lexicon
from gkmine.nlp.segmenter import DEFAULT_DICTIONARY, Segmenter, load_dictionary

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "corpora-dev"
_HAN = re.compile("[\u4E00-\u9FD5]+")


def _jsonl_texts(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def corpora() -> dict[str, list[str]]:
    out = {"in sample": [p.read_text(encoding="utf-8")
                         for p in sorted((ROOT / "corpora" / "seeds").glob("*.txt"))]
           + _jsonl_texts(ROOT / "corpora" / "annotations" / "statements.jsonl")}
    if DEV.is_dir():
        out["held out"] = ([p.read_text(encoding="utf-8", errors="replace")
                            for p in sorted((DEV / "pages").glob("*.txt"))]
                           + [t for p in sorted((DEV / "statements").glob("*.jsonl"))
                              for t in _jsonl_texts(p)])
    return out


def single_character_runs(tokens: list[str]) -> tuple[int, int, int, int]:
    """(runs, Chinese tokens, Chinese characters, characters in runs) of one token list."""
    runs = han_tokens = han_chars = in_runs = 0
    run = 0
    for tok in [*tokens, ""]:
        if _HAN.fullmatch(tok):
            han_tokens += 1
            han_chars += len(tok)
        if len(tok) == 1 and _HAN.fullmatch(tok):
            run += 1
            continue
        if run >= 2:
            runs += 1
            in_runs += run
        run = 0
    return runs, han_tokens, han_chars, in_runs


def measure(segmenter: Segmenter, texts: list[str]) -> tuple[str, Counter]:
    totals = [0, 0, 0, 0]
    tokens: Counter = Counter()
    for text in texts:
        cut = segmenter.cut(text)
        tokens.update(cut)
        totals = [a + b for a, b in zip(totals, single_character_runs(cut), strict=True)]
    runs, han_tokens, han_chars, in_runs = totals
    return (f"{1000 * runs / han_tokens:6.1f} runs/1k tokens, "
            f"{100 * in_runs / han_chars:5.2f}% of characters in runs"), tokens


def main() -> None:
    domain = {w for w, _, _ in load_dictionary(str(DEFAULT_DICTIONARY))}
    variants = {"no lexicon": Segmenter(lexicon=None),
                f"lexicon (Zipf>={MIN_ZIPF:g}, margin>={MIN_LOG_MARGIN:g})": Segmenter()}
    for zipf, margin in [(3.0, 0.0), (2.0, 4.0), (2.0, 0.0)]:
        words = [e for e in build_lexicon(min_zipf=zipf, min_log_margin=margin)
                 if e[0] not in domain]  # the domain dictionary wins
        variants[f"lexicon (Zipf>={zipf:g}, margin>={margin:g}, {len(words)} words)"] = \
            Segmenter(lexicon=None, user_words=words)
    for name, texts in corpora().items():
        print(f"## {name}: {len(texts)} texts, {sum(map(len, texts)):,} characters")
        baseline = None
        for label, segmenter in variants.items():
            line, tokens = measure(segmenter, texts)
            print(f"{label:50s} {line}")
            if baseline is None:
                baseline = tokens
            else:
                new = sorted(((n, t) for t, n in tokens.items() if t not in baseline),
                             key=lambda x: (-x[0], x[1]))
                print(f"   {len(new)} new tokens, most frequent:",
                      " ".join(f"{t}:{n}" for n, t in new[:25]))


if __name__ == "__main__":
    main()
