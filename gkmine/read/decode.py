"""Bytes → text: BOMs, BOM-less UTF-16, strict UTF-8, then charset detection preferring the
Chinese encodings (GB18030 ⊃ GBK ⊃ GB2312, and Big5).

>>> decode_bytes("政府信息公开".encode("gbk"), source="x.txt")
('政府信息公开', 'gb18030')
>>> decode_bytes("\\ufeff年报".encode("utf-8"), source="x.txt")
('年报', 'utf-8-sig')
"""

from __future__ import annotations

from gkmine.errors import ReadError
from gkmine.read.simplify import CJK_CHAR

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: frequent characters written the same in simplified and traditional Chinese: a wrong
#: decoding yields CJK characters too, but not these
_COMMON = frozenset("的一是在不了有人中大上年月日公政府信息和工作情本部市县区局委其他以及")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 recognised by its NUL bytes: ASCII characters put a NUL at every other byte."""
    sample = data[:4000]
    if len(sample) < 4 or sample.count(0) < len(sample) // 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    if odd > 3 * max(even, 1):
        return "utf-16-le"
    if even > 3 * max(odd, 1):
        return "utf-16-be"
    return None


def _common_share(text: str) -> float:
    return sum(ch in _COMMON for ch in text) / max(len(text), 1)


def decode_bytes(data: bytes, *, source: str) -> tuple[str, str]:
    """Decode a text file; returns (text, encoding name). Raises E004 when nothing fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError as err:
                raise ReadError.of("E004", source, detail=f"it has a {enc} byte-order mark "
                                   f"but does not decode as {enc}: {err.reason}") from None
    enc16 = _utf16_without_bom(data)
    if enc16:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[tuple[float, str, str]] = []
    for enc in ("utf-8", "gb18030", "big5"):
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        # a few bad bytes are tolerated: excerpts cut inside a character, stray bytes
        if bad > max(2, len(text) // 1000):
            continue
        if enc == "utf-8":
            return text, enc
        candidates.append((_common_share(text), enc, text))
    if candidates:
        # prefer GB18030 unless Big5 yields clearly more of the frequent characters
        best = max(candidates, key=lambda c: (c[0] - (0.0 if c[1] == "gb18030" else 0.01)))
        if best[0] > 0 or len(candidates) == 1:
            return best[2], best[1]
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is not None and match.encoding:
        text = str(match)
        printable = sum(ch.isprintable() or ch in "\n\t\r\f" for ch in text)
        if text and printable / len(text) > 0.95 and (CJK_CHAR.search(text) or text.isascii()):
            return text, match.encoding
    raise ReadError.of("E004", source, detail="not UTF-8, UTF-16, GB18030, Big5 nor any "
                       "encoding charset detection recognises")


def decode_name(name: str | bytes) -> str:
    """The text of a file name, for reading it as evidence: a name that is not UTF-8 (kept by
    ``os.fsdecode`` as lone surrogates) is decoded as GB18030, which zip archives made on
    Chinese Windows use, else its undecodable bytes become U+FFFD.

    >>> import os
    >>> decode_name(os.fsdecode("报告2023.txt".encode("gbk"))), decode_name("年报.pdf")
    ('报告2023.txt', '年报.pdf')
    """
    import os

    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")
