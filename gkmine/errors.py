"""The error and warning catalogue, in the manner of spaCy's ``errors.py``.

Every condition a user can meet has its own code, which never changes meaning, so that scripts
and the database can filter on it, and a message template that names the document and the
cause. Raise with the code and the template's fields::

    raise ReadError.of("E005", source, size=..., limit=...)

Codes: ``E0xx`` files and text, ``E1xx`` formats (PDF ``E10x``, DOCX ``E11x``, HTML
``E12x``), ``E2xx`` structure, ``E3xx`` the engine (unexpected failure, time limit, worker
death), ``E4xx`` models and command input, ``E5xx`` the database. Warnings (``W`` codes) are
strings of the form ``"[W001] ..."`` in a record's ``warnings``; :func:`warning` makes them.

>>> str(ReadError.of("E101", "data/x.pdf", detail="no %%EOF marker at the end"))
'[E101] data/x.pdf: the PDF is damaged or truncated (no %%EOF marker at the end)'
>>> warning("W004", n=3)
'[W004] 3 glyphs without a character code ((cid:…))'
>>> CODES["E104"]
'the PDF is encrypted and needs a password to open'
"""

from __future__ import annotations

import string
from typing import Final


class Errors:
    """Error code -> message template. Codes are never reused for another condition."""

    # ------------------------------------------------------------ files and text
    E001 = "the file does not exist"
    E002 = "the file is empty{detail}"
    E003 = "the file is binary and of no supported format{detail}"
    E004 = "the text could not be decoded{detail}"
    E005 = "the file is too large ({size:,} bytes; the limit is {limit:,}: Config.max_file_bytes)"
    E006 = "the file cannot be read ({reason})"
    E007 = "the directory cannot be read ({reason}): the files in it are not listed"
    E008 = "the symbolic link is broken: its target {target} does not exist"
    E009 = "the symbolic link loops back on itself"
    E010 = "the path is a directory, not a file"
    E011 = ("the document is too long ({count:,} characters; the limit is {limit:,}: "
            "Config.max_chars_per_document)")
    E012 = "{what} file is not supported: convert it to {target}"
    E013 = "the file is {what}, not a report"
    # ------------------------------------------------------------ PDF
    E101 = "the PDF is damaged or truncated ({detail})"
    E102 = "the PDF could not be read ({detail})"
    E103 = "the PDF has no text layer ({detail}): a scan, run OCR first"
    E104 = "the PDF is encrypted and needs a password to open"
    E105 = ("the PDF has too many pages ({count:,}; the limit is {limit:,}: "
            "Config.max_pdf_pages)")
    E106 = ("the PDF's fonts map {count} glyphs to no character ((cid:…) codes): the text "
            "cannot be recovered, run OCR")
    # ------------------------------------------------------------ DOCX and other packages
    E111 = "the DOCX package is damaged ({detail})"
    E112 = ("the DOCX package expands to too many bytes ({size:,} in {member}; the limit is "
            "{limit:,}: Config.max_docx_unzipped_bytes)")
    E113 = ("a DOCX member is compressed suspiciously well ({member}: ratio {ratio:,.0f}, the "
            "limit is {limit:,}: Config.max_docx_ratio), a zip bomb")
    E114 = "the file is a ZIP archive but not a DOCX document{detail}"
    # ------------------------------------------------------------ HTML
    E121 = "the HTML page holds no report text{detail}"
    E122 = "the HTML could not be parsed ({detail})"
    # ------------------------------------------------------------ structure
    E201 = "the document does not look like a government information disclosure annual report" \
           "{detail}"
    # ------------------------------------------------------------ engine
    E301 = "unexpected failure {detail}"
    E311 = ("the document took longer than the time limit ({limit:g} s: "
            "Config.max_seconds_per_document)")
    E312 = "the worker process parsing the document died ({detail})"
    # ------------------------------------------------------------ models and command input
    E401 = "the model or dictionary file could not be loaded{detail}"
    E402 = "the input is not valid for this command{detail}"  # superseded by E403–E416
    E403 = "the estimator is not fitted{detail}"
    E404 = "the model was trained on another codebook version{detail}"
    E405 = "there is no trained model file{detail}"
    E406 = "a line of a dictionary or pattern file is not valid{detail}"
    E407 = "the dictionary or pattern file holds no entries{detail}"
    E408 = "a line of an input file is not valid{detail}"
    E409 = "the input file does not exist or cannot be opened{detail}"
    E410 = "a statement is coded twice{detail}"
    E411 = "there is nothing to compare{detail}"
    E412 = "an argument has the wrong type{detail}"
    E413 = "arguments that go together differ in length{detail}"
    E414 = "an option has a value it cannot take{detail}"
    E415 = "the tokens do not match the text{detail}"
    E416 = "a section's text is not the report text at its offsets{detail}"
    # ------------------------------------------------------------ the database
    E501 = "the database is in use by another process{detail}"
    E502 = "there is no gkmine database at this path"
    E503 = "the database cannot be opened{detail}"
    E504 = "rows have columns the table does not declare{detail}"
    E505 = "the file is not a gkmine database{detail}"


class Warnings:
    """Warning code -> message template."""

    W001 = "removed {n} pinyin glosses"
    W002 = "converted {n} traditional characters to simplified"
    W003 = "removed {n} {what} line{s}"
    W004 = "{n} glyphs without a character code ((cid:…))"
    W005 = "the PDF is encrypted with an owner password only: read without one"
    W006 = "put {n} line breaks back into a text flattened into one paragraph"
    W201 = "section {key} has ordinal {ordinal} instead of {expected}"
    W202 = "sections not found: {keys}"


def _catalogue(cls: type) -> dict[str, str]:
    return {k: v for k, v in vars(cls).items() if k[:1] in "EW" and k[1:].isdigit()}


#: code -> message template (errors and warnings). The database and scripts filter on codes.
CODES: Final[dict[str, str]] = {**_catalogue(Errors), **_catalogue(Warnings)}


def _render(code: str, fields: dict) -> str:
    """The template of ``code`` filled with ``fields``; ``detail`` is optional and shown in
    the template's own way (``" (…)"`` or ``": …"`` by the placeholders around it)."""
    template = CODES[code]
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    values = dict(fields)
    detail = values.get("detail")
    if "detail" in names and "({detail})" not in template:
        values["detail"] = f" ({detail})" if detail else ""
    missing = names - values.keys()
    if missing:
        raise KeyError(f"{code} needs {', '.join(sorted(missing))}")
    return template.format(**values)


def warning(code: str, **fields) -> str:
    """A coded warning string for a record's ``warnings``."""
    return f"[{code}] {_render(code, fields)}"


class GkmineError(Exception):
    """Base class: ``code`` is stable, ``source`` names the document (or is empty)."""

    def __init__(self, code: str, source: str, detail: str) -> None:
        self.code = code
        self.source = source
        self.detail = detail
        super().__init__(str(self))

    @classmethod
    def of(cls, code: str, source: str = "", **fields) -> GkmineError:
        """The error ``code`` with its catalogue message filled with ``fields``.

        >>> ReadError.of("E005", "a.txt", size=2048, limit=1024).detail
        'the file is too large (2,048 bytes; the limit is 1,024: Config.max_file_bytes)'
        """
        return cls(code, source, _render(code, fields))

    def __str__(self) -> str:
        where = f"{display_source(self.source)}: " if self.source else ""
        return f"[{self.code}] {where}{self.detail}"

    def __reduce__(self):  # keep errors picklable across process pools
        return (type(self), (self.code, self.source, self.detail))


class ReadError(GkmineError):
    """A document could not be read (missing, empty, binary, damaged, over a limit)."""


class ParseError(GkmineError):
    """A document was read but could not be structured."""


class ModelError(GkmineError):
    """A model, dictionary or configuration could not be loaded or used."""


def display_source(source: str | bytes) -> str:
    """A path as one printable line: control characters (a newline in a file name) and bytes
    that are not UTF-8 (kept by ``os.fsdecode`` as lone surrogates) are escaped.

    >>> display_source("a\\nb.txt"), display_source(b"\\xb1\\xa8\\xb8\\xe6.txt")
    ('a\\\\nb.txt', '\\\\xb1\\\\xa8\\\\xb8\\\\xe6.txt')
    >>> display_source("报告 2024.pdf")
    '报告 2024.pdf'
    """
    import os

    text = os.fsdecode(source) if isinstance(source, bytes) else source
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if 0xDC80 <= ord(ch) <= 0xDCFF:  # surrogateescape: the undecodable byte itself
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            out.append(ch.encode("unicode_escape").decode("ascii"))
    return "".join(out)
