"""Errors with stable codes, in the manner of spaCy's ``Errors``.

Every error a user can meet has a code that never changes meaning, so scripts and the database
can filter on it, and a message that names the document and the problem.

>>> err = ReadError("E102", "data/x.pdf", "the PDF is truncated (no %%EOF marker)")
>>> str(err)
'[E102] data/x.pdf: the PDF is truncated (no %%EOF marker)'
"""

from __future__ import annotations

from typing import Final

#: code -> what it means. Codes are never reused.
CODES: Final[dict[str, str]] = {
    "E001": "the file does not exist or cannot be opened",
    "E002": "the file is empty",
    "E003": "the file is binary and of no supported format",
    "E004": "the text could not be decoded in any supported encoding",
    "E101": "the PDF is damaged or truncated",
    "E102": "the PDF could not be read",
    "E103": "the PDF has no text layer (a scan: run OCR first)",
    "E111": "the DOCX file is damaged",
    "E121": "the HTML page holds no report text",
    "E201": "the document does not look like a government information disclosure annual report",
    "E301": "an unexpected failure while parsing the document",
    "E401": "the model or dictionary file could not be loaded",
    "E402": "the input is not valid for this command",
}


class GkmineError(Exception):
    """Base class: ``code`` is stable, ``source`` names the document (or is empty)."""

    def __init__(self, code: str, source: str, detail: str) -> None:
        self.code = code
        self.source = source
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"[{self.code}] {where}{self.detail}"

    def __reduce__(self):  # keep errors picklable across process pools
        return (type(self), (self.code, self.source, self.detail))


class ReadError(GkmineError):
    """A document could not be read (missing, empty, binary, damaged)."""


class ParseError(GkmineError):
    """A document was read but could not be structured."""


class ModelError(GkmineError):
    """A model, dictionary or configuration could not be loaded or used."""
