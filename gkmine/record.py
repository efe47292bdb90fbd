"""The typed records that flow through gkmine: document → report record → tables.

A :class:`SourceDoc` is what a reader makes of a file: the analysis text (normalised, simplified
Chinese) with a map back to the text as extracted, and the table grids the format itself
carries (HTML/DOCX tables, PDF ruling lines). A :class:`Report` is what the per-document
pipeline makes of a ``SourceDoc``: metadata, sections, cells and checks. Every offset in a
``Report`` points into ``Report.text`` (the analysis text); ``src_start``/``src_end`` point into
the text as extracted, so a figure can always be traced back to where it came from.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from typing import Any

SCHEMA = "gkmine.report/1"


def path_id(source: str | bytes | os.PathLike) -> str:
    """The id of a document that could not be read: it has no content hash, its path names it.

    Any name the system gives works: ``bytes``, or a ``str`` holding undecodable bytes as
    lone surrogates (``os.fsdecode``); both spellings of one name give one id.

    >>> path_id("missing.pdf")
    'path:...'
    >>> path_id(b"\\xb1\\xa8.txt") == path_id(os.fsdecode(b"\\xb1\\xa8.txt"))
    True
    """
    from hashlib import sha256

    return "path:" + sha256(os.fsencode(source)).hexdigest()[:16]


@dataclass
class TextMap:
    """Analysis text plus, for each of its characters, the offset in the original text.

    ``index`` has ``len(text) + 1`` entries; ``index[i]`` is the original offset of
    ``text[i]`` and ``index[len(text)]`` is ``len(original)``.

    >>> tm = TextMap.identity("ab")
    >>> tm.to_original(0, 2)
    (0, 2)
    """

    text: str
    original: str
    index: list[int]

    @classmethod
    def identity(cls, text: str) -> TextMap:
        return cls(text, text, list(range(len(text) + 1)))

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the analysis text onto the original text."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if end == start:
            return self.index[start], self.index[start]
        return self.index[start], self.index[end - 1] + 1

    def compose(self, text: str, index_into_self: list[int]) -> TextMap:
        """A new map for ``text`` whose ``index_into_self`` points into ``self.text``."""
        index = list(map(self.index.__getitem__, index_into_self))
        return TextMap(text, self.original, index)

    def from_original(self, offset: int) -> int:
        """The analysis offset of the first character at or after an original offset."""
        return min(bisect_right(self.index, offset - 1), len(self.text))


@dataclass
class GridCell:
    """One cell of a table grid as the format carries it (after rowspan/colspan expansion).

    ``start``/``end`` locate the cell's text in the analysis text (``-1`` if absent); an
    expanded span repeats the same text and offsets in every position it covers.
    ``page``/``bbox`` (x0, top, x1, bottom in PDF points) are set for PDF grids.
    """

    text: str
    start: int = -1
    end: int = -1
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    spanned: bool = False  # True for positions filled by rowspan/colspan expansion


@dataclass
class Grid:
    """A table as rows of :class:`GridCell`, with where it sits in the analysis text."""

    rows: list[list[GridCell]]
    origin: str  # "html", "docx", "pdf"
    start: int = -1
    end: int = -1
    page: int | None = None

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass
class SourceDoc:
    """A read document. ``text`` is the analysis text; see :class:`TextMap`."""

    source: str
    format: str  # "text", "html", "pdf", "docx"
    textmap: TextMap
    encoding: str | None = None
    grids: list[Grid] = field(default_factory=list)
    chrome: dict[str, str] = field(default_factory=dict)  # 标题, 发布机构, 索引号, <title> …
    converted_traditional: bool = False
    warnings: list[str] = field(default_factory=list)
    doc_id: str = ""
    #: the page's address as the caller knows it (where it was crawled): weak evidence of its
    #: place (:mod:`gkmine.structure.url`); the page's own canonical address is ``chrome["url"]``
    url: str | None = None

    @property
    def text(self) -> str:
        return self.textmap.text


@dataclass
class SubItem:
    """A sub-item of section 一, e.g. （一）主动公开 → key ``active``."""

    key: str | None
    label: str
    start: int
    end: int


@dataclass
class Section:
    key: str
    title: str  # as found, with its ordinal
    start: int  # first character of the title
    end: int  # end of the section body
    text: str  # body without the title
    body_start: int = 0
    subitems: list[SubItem] = field(default_factory=list)
    confidence: float = 1.0


@dataclass
class Meta:
    agency: str | None = None
    year: int | None = None
    level: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    agency_type: str | None = None
    layout: str = "unknown"
    #: field -> which evidence decided it ("title", "preamble", "contact", "chrome",
    #: "filename", "body", "division", …)
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class Cell:
    table: str
    row: str
    col: str
    value: float | int | None
    raw: str
    status: str  # number | blank | na | text | missing
    confidence: float = 1.0
    start: int | None = None  # analysis-text offsets of ``raw``
    end: int | None = None
    src_start: int | None = None
    src_end: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    unit: str | None = None
    amount_wan: float | None = None
    note: str = ""  # why a cell is missing, inferred or doubtful

    @property
    def id(self) -> str:
        return f"{self.table}.{self.row}.{self.col}"


@dataclass
class Check:
    rule: str
    table: str | None
    row: str | None
    col: str | None
    passed: bool
    expected: float | None
    actual: float | None
    delta: float | None
    cells: list[str]
    severity: str  # "hard" | "soft"
    attribution: str | None  # "source" | "extraction" | None when passed
    message: str
    #: analysis-text spans (start, end) of narrative evidence (rules N1–N4); cells carry theirs
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Report:
    source: str
    doc_id: str = ""
    status: str = "ok"  # ok | partial | error
    error: str | None = None
    error_code: str | None = None
    format: str | None = None
    meta: Meta = field(default_factory=Meta)
    sections: list[Section] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text: str = ""
    schema: str = SCHEMA

    @property
    def layout(self) -> str:
        return self.meta.layout

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def to_dict(self, *, with_text: bool = False) -> dict[str, Any]:
        """The JSON form documented in the README (``gkmine parse --json``)."""
        out: dict[str, Any] = {
            "schema": self.schema,
            "doc_id": self.doc_id,
            "source": self.source,
            "status": self.status,
            "error": self.error,
            "error_code": self.error_code,
            "format": self.format,
            "meta": asdict(self.meta),
            "sections": [
                {k: v for k, v in asdict(s).items()} for s in self.sections
            ],
            "cells": [asdict(c) for c in self.cells],
            "checks": [asdict(c) for c in self.checks],
            "warnings": list(self.warnings),
        }
        if with_text:
            out["text"] = self.text
        return out
