"""Parse the numerals of report prose: Arabic (spaces, thousands separators, decimals, full-width
digits), Chinese (三十二, 两, 十五万) and the 万/亿 multipliers.

>>> parse_number("1,046")
1046
>>> parse_number("2.1", multiplier="亿")
210000000
>>> parse_number("三十二"), parse_number("两"), parse_number("82.4")
(32, 2, 82.4)
>>> parse_number("第三") is None
True
"""

from __future__ import annotations

import re
import unicodedata

#: An Arabic numeral: thousands groups (ASCII comma, exactly three digits) or a plain run,
#: with an optional decimal part.
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:\.\d+)?"
#: A Chinese numeral: at least one digit character; 万/亿 may follow inside the numeral.
_CN_DIGIT = "零〇一二两三四五六七八九十"
CN_NUMERAL_CHARS = _CN_DIGIT + "百千万亿"
CHINESE = rf"[{CN_NUMERAL_CHARS}]*[{_CN_DIGIT}][{CN_NUMERAL_CHARS}]*"

#: What a numeral starts with (the body of a character class, for :func:`gated`).
NUMBER_START = rf"\d{CN_NUMERAL_CHARS}"

MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}


def gated(first: str, pattern: str) -> re.Pattern[str]:
    """``pattern`` behind a lookahead on ``first``, the body of a character class that holds
    every character a match can start with: the same matches, found two to three times
    faster in prose, where ``re`` then fails most positions on one class test instead of
    trying every alternative of the pattern there.

    >>> gated(NUMBER_START, f"(?:{ARABIC}|{CHINESE})件").findall("收到3件，办结二十件")
    ['3件', '二十件']
    """
    return re.compile(f"(?=[{first}])(?:{pattern})")

_ARABIC_RE = re.compile(rf"^(?:{ARABIC})$")
_CHINESE_RE = re.compile(rf"^(?:{CHINESE})$")


def _as_int_if_whole(value: float) -> int | float:
    if float(value).is_integer():
        return int(value)
    return round(value, 10)


def parse_number(text: str, *, multiplier: str | None = None) -> int | float | None:
    """The value of an Arabic or Chinese numeral, times ``multiplier`` (万 or 亿).

    Returns ``None`` when ``text`` is not a numeral (ordinals like 第三 included); a whole
    value comes back as an ``int``.

    >>> parse_number("１２ ")
    12
    >>> parse_number("十五万"), parse_number("1.2", multiplier="万"), parse_number("百")
    (150000, 12000, 100)
    """
    raw = unicodedata.normalize("NFKC", text).strip()
    scale = MULTIPLIERS.get(multiplier or "", 1)
    if _ARABIC_RE.match(raw):
        value = float(raw.replace(",", ""))
        return _as_int_if_whole(value * scale)
    if raw in ("百", "千"):  # 百余条, 千余人次: a bare order of magnitude
        raw = "一" + raw
    if _CHINESE_RE.match(raw):
        value = _chinese_value(raw)
        if value is None:
            return None
        return _as_int_if_whole(value * scale)
    return None


def _chinese_value(raw: str) -> float | None:
    import cn2an

    try:
        return float(cn2an.cn2an(raw, "smart"))
    except (ValueError, KeyError, IndexError):
        return None
