"""Cell values as printed: numbers (with signs, separators and units), n/a marks, blanks.

A table cell prints a count (``57``), a signed change (``-2``, ``+124``), an amount with a unit
(``211.509万``, ``16368(件)``), a "not applicable" mark (``/``, ``—``, ``无``) or nothing at all.
:func:`parse_value` turns such a string into a :class:`Value`; anything else is text.

>>> parse_value("16368(件)")
Value(status='number', value=16368, unit='件')
>>> parse_value("211.509万").value, parse_value("+124").value, parse_value("—").status
(211.509, 124, 'na')
>>> parse_value("１，２３４").value, parse_value("").status, parse_value("暂无数据").status
(1234, 'blank', 'text')
>>> parse_value("O").value, parse_value("l3").value, parse_value("1O5").value  # OCR confusions
(0, 13, 105)
>>> parse_value("－2").value, parse_value("−2").value  # full-width and Unicode minus
(-2, -2)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WIDE = str.maketrans({**{0xFF10 + i: chr(0x30 + i) for i in range(10)},
                       "，": ",", "．": ".", "－": "-", "−": "-", "＋": "+",
                       "（": "(", "）": ")", "／": "/", "\u3000": " "})

#: Units that may follow a number inside a table cell.
UNIT_WORDS = ("万元", "亿元", "万", "亿", "元", "件", "个", "项", "条", "次")
_UNIT = "|".join(UNIT_WORDS)
#: OCR reads 0 as O and 1 as l (or I inside a number): a cell of only such characters
OCR_NUMBER = r"(?=[\dOIl]*[\dOl])[\dOIl]{1,7}"
_OCR_DIGITS = str.maketrans("OIl", "011")
NUMBER_PATTERN = (r"[+\-＋－−]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?"
                  rf"(?:\s?[(（]\s?(?:{_UNIT})\s?[)）]|(?:{_UNIT}))?|{OCR_NUMBER}")
_NUMBER = re.compile(rf"(?P<sign>[+\-]?)(?P<digits>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)"
                     rf"\s?(?:\(\s?(?P<unit_b>{_UNIT})\s?\)|(?P<unit>{_UNIT}))?")
#: Marks that say "not applicable / none" rather than a number.
NA_MARKS = frozenset({"/", "\\", "-", "--", "—", "——", "–", "―", "无", "－", "一", "…", "×",
                      "n/a", "N/A", "NA"})


@dataclass(frozen=True)
class Value:
    status: str  # number | na | blank | text
    value: int | float | None = None
    unit: str | None = None


def normalize_raw(raw: str) -> str:
    """Half-width digits and ASCII punctuation, no surrounding space."""
    return raw.translate(_WIDE).strip()


@lru_cache(maxsize=1 << 14)  # tables print the same few values over and over
def parse_value(raw: str) -> Value:
    """Classify one printed cell (see the module examples); the value is immutable."""
    text = normalize_raw(raw)
    if not text:
        return Value("blank")
    if text in NA_MARKS or raw.strip() in NA_MARKS:
        return Value("na")
    match = _NUMBER.fullmatch(text)
    if match is None and re.fullmatch(OCR_NUMBER, text):
        match = _NUMBER.fullmatch(text.translate(_OCR_DIGITS))
    if match is None:
        return Value("text")
    digits = match["digits"].replace(",", "")
    number: int | float = float(digits) if "." in digits else int(digits)
    if match["sign"] == "-":
        number = -number
    return Value("number", number, match["unit_b"] or match["unit"])


def amount_in_wan(value: float | int | None, unit: str | None) -> float | None:
    """An amount in 万元: 元 → /10000, 万/万元 as is, 亿/亿元 ×10000; ``None`` if no unit.

    >>> amount_in_wan(2115090, "元"), amount_in_wan(3, "亿元"), amount_in_wan(5, None)
    (211.509, 30000.0, None)
    """
    if value is None or unit is None:
        return None
    if unit in ("万", "万元"):
        return float(value)
    if unit in ("亿", "亿元"):
        return float(value) * 10000
    if unit == "元":
        return round(float(value) / 10000, 6)
    return None
