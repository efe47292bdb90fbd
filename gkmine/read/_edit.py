"""Offset-keeping text rewriting: every rewrite of the read stage goes through an :class:`Edit`.

An :class:`Edit` builds a new text from pieces of an old one and remembers, for every new
character, which old character it came from. ``apply_edit`` composes that onto a
:class:`~gkmine.record.TextMap`, so the analysis text always maps back to the text as
extracted.

>>> e = Edit("a  b")
>>> e.keep(0, 1); e.insert(" ", at=1); e.keep(3, 4)
>>> e.text, e.index()
('a b', [0, 1, 3, 4])
"""

from __future__ import annotations

import re
from collections.abc import Callable

from gkmine.record import TextMap


class Edit:
    """A new text assembled from spans of ``source`` and inserted strings."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._parts: list[str] = []
        self._index: list[int] = []

    def keep(self, start: int, end: int) -> None:
        """Copy ``source[start:end]`` unchanged."""
        if end > start:
            self._parts.append(self.source[start:end])
            self._index.extend(range(start, end))

    def insert(self, text: str, *, at: int) -> None:
        """Add ``text`` that maps onto the source offset ``at``."""
        if text:
            self._parts.append(text)
            self._index.extend([at] * len(text))

    def replace(self, start: int, end: int, text: str) -> None:
        """Put ``text`` in place of ``source[start:end]``, spreading its offsets over the span."""
        if not text:
            return
        width = max(end - start, 1)
        self._parts.append(text)
        n = len(text)
        if n == width:  # one to one (the usual case): the spread below, without the loop
            self._index.extend(range(start, start + n))
            return
        self._index.extend(start + min(width - 1, (i * width) // n) for i in range(n))

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    def index(self) -> list[int]:
        """Offsets into ``source`` for each new character, plus ``len(source)`` at the end."""
        return [*self._index, len(self.source)]


def apply_edit(textmap: TextMap, edit: Edit) -> TextMap:
    """Compose an edit of ``textmap.text`` onto the map."""
    return textmap.compose(edit.text, edit.index())


def sub_map(textmap: TextMap, pattern: re.Pattern[str],
            repl: Callable[[re.Match[str]], str] | str) -> tuple[TextMap, int]:
    """``re.sub`` through the map; returns the new map and the number of substitutions.

    >>> tm, n = sub_map(TextMap.identity("x--y"), re.compile("-+"), "")
    >>> tm.text, tm.index, n
    ('xy', [0, 3, 4], 1)
    """
    text = textmap.text
    edit = Edit(text)
    pos = 0
    count = 0
    for m in pattern.finditer(text):
        new = repl(m) if callable(repl) else repl
        if new == m.group(0):
            continue
        edit.keep(pos, m.start())
        edit.replace(m.start(), m.end(), new)
        pos = m.end()
        count += 1
    if not count:
        return textmap, 0
    edit.keep(pos, len(text))
    return apply_edit(textmap, edit), count


def translate_map(textmap: TextMap, table: dict[int, str]) -> TextMap:
    """One-to-one character translation (same length), so the index is unchanged."""
    new = textmap.text.translate(table)
    if new == textmap.text:
        return textmap
    return TextMap(new, textmap.original, textmap.index)
