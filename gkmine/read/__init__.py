"""Read reports as published: text (any encoding), HTML, PDF and DOCX → :class:`SourceDoc`.

Contract (owned by the read stage):

- ``read_document(path, *, config=DEFAULT) -> SourceDoc`` reads a file; the format is
  decided from the content (magic bytes, markup), the extension only breaks ties. Raises
  :class:`gkmine.errors.ReadError` with a stable code naming the file and the cause.
- ``read_bytes(data, *, source, config=DEFAULT) -> SourceDoc`` does the same for bytes in
  memory (``source`` names them in errors and in ``SourceDoc.source``).
- ``read_string(text, *, source="<string>", config=DEFAULT) -> SourceDoc`` treats a string as
  a text extraction (normalisation and simplified conversion apply).
- The returned ``SourceDoc.textmap`` maps every character of the analysis text back to the
  text as extracted; ``SourceDoc.grids`` carries the table grids of HTML/DOCX/PDF with each
  grid cell located in the analysis text. ``doc_id`` is the first 16 hex digits of the SHA-256
  of the file bytes (of the UTF-8 text for ``read_string``).

Error codes: E001 missing file, E002 empty, E003 binary of no supported format (legacy .doc:
convert to .docx), E004 undecodable text, E101 damaged/truncated PDF, E102 unreadable PDF,
E103 PDF without text layer, E111 damaged DOCX, E121 HTML without text.

The conventions of the analysis text are documented in :mod:`gkmine.read.normalize`.

>>> doc = read_string("２０２４年政府信息公開工作年度報告\\n一、總體情況\\n")
>>> doc.text, doc.converted_traditional, doc.format
('2024年政府信息公开工作年度报告\\n一、总体情况\\n', True, 'text')
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from io import BytesIO

from gkmine.config import DEFAULT, Config
from gkmine.errors import ReadError
from gkmine.read.decode import decode_bytes
from gkmine.read.extraction import Extraction
from gkmine.read.grids import locate_grids
from gkmine.read.normalize import normalize_text
from gkmine.record import SourceDoc, TextMap

__all__ = ["doc_id_of", "read_bytes", "read_document", "read_string", "sniff_format"]

_HTML_EXTS = (".htm", ".html", ".shtml", ".xhtml")
_STRONG_MARKUP = re.compile(r"<(?:!doctype\s+html|html[\s>]|body[\s>]|head[\s>])", re.I)
_WEAK_MARKUP = re.compile(r"<(?:table|div|p|tr|td|span|br|meta|title)[\s/>]", re.I)
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
    b"Rar!": "a RAR archive", b"7z\xbc\xaf": "a 7z archive", b"\x1f\x8b": "a gzip file",
    b"II*\x00": "a TIFF image", b"MM\x00*": "a TIFF image",
}


def doc_id_of(data: bytes) -> str:
    """First 16 hex digits of the SHA-256 of the bytes.

    >>> doc_id_of(b"")
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()[:16]


def read_document(path: str | os.PathLike, *, config: Config = DEFAULT) -> SourceDoc:
    """Read a file from disk; ``SourceDoc.source`` is the path exactly as given."""
    source = os.fspath(path)
    try:
        with open(source, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        raise ReadError("E001", source, "the file does not exist") from None
    except IsADirectoryError:
        raise ReadError("E001", source, "the path is a directory, not a file") from None
    except OSError as err:
        raise ReadError("E001", source, f"the file cannot be opened ({err.strerror})") from None
    return read_bytes(data, source=source, config=config)


def read_bytes(data: bytes, *, source: str, config: Config = DEFAULT) -> SourceDoc:
    """Read a document held in memory; ``source`` names it (its extension breaks ties)."""
    fmt = sniff_format(data, source=source)
    doc_id = doc_id_of(data)
    encoding = None
    if fmt == "pdf":
        from gkmine.read.pdf import read_pdf

        ext = read_pdf(data, source=source, grids=config.pdf_grids)
    elif fmt == "docx":
        from gkmine.read.docx import read_docx

        ext = read_docx(data, source=source)
    else:
        text, encoding = decode_bytes(data, source=source)
        if not text.strip():
            raise ReadError("E002", source, f"the file holds only whitespace ({encoding})")
        if fmt == "html" or _looks_like_html(text, source):
            from gkmine.read.html import read_html

            fmt = "html"
            ext = read_html(text, source=source)
        else:
            ext = Extraction(text)
    return _finish(ext, source=source, fmt=fmt, doc_id=doc_id, encoding=encoding,
                   config=config)


def read_string(text: str, *, source: str = "<string>", config: Config = DEFAULT) -> SourceDoc:
    """Read a string as a text extraction (no format detection)."""
    if not text.strip():
        raise ReadError("E002", source, "the text is empty")
    doc_id = doc_id_of(text.encode("utf-8"))
    return _finish(Extraction(text), source=source, fmt="text", doc_id=doc_id, encoding=None,
                   config=config)


def sniff_format(data: bytes, *, source: str = "") -> str:
    """``pdf``, ``docx``, ``html`` or ``text`` from the content; raises E002/E003/E111.

    >>> sniff_format(b"%PDF-1.7 ..."), sniff_format("<html><body>x".encode()), sniff_format(b"x")
    ('pdf', 'html', 'text')
    """
    ext = os.path.splitext(source)[1].lower()
    if not data.strip():
        raise ReadError("E002", source, "the file is empty" if not data else
                        "the file holds only whitespace")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, source, ext)
    if data.startswith(_OLE):
        what = "a legacy Word .doc" if ext in (".doc", ".wps", "") else "a legacy Office (OLE)"
        raise ReadError("E003", source, f"{what} file is not supported: convert to .docx")
    if data.lstrip()[:6] == b"{\\rtf1":
        raise ReadError("E003", source, "RTF files are not supported: convert to .docx")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise ReadError("E003", source, f"the file is {what}, not a report text")
    if _is_binary(data):
        raise ReadError("E003", source, "the file is binary and of no supported format")
    probe = data[:8192].decode("utf-8", errors="ignore").replace("\x00", "")
    if _STRONG_MARKUP.search(probe) or (ext in _HTML_EXTS and _WEAK_MARKUP.search(probe)):
        return "html"
    return "text"


def _looks_like_html(text: str, source: str) -> bool:
    """Markup in the decoded text (GBK/UTF-16 pages the byte probe could not see)."""
    probe = text[:8192]
    if _STRONG_MARKUP.search(probe):
        return True
    weak = len(_WEAK_MARKUP.findall(probe))
    return weak >= 3 or (weak >= 1 and os.path.splitext(source)[1].lower() in _HTML_EXTS)


def _sniff_zip(data: bytes, source: str, ext: str) -> str:
    try:
        names = zipfile.ZipFile(BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError) as err:
        if ext == ".docx":
            raise ReadError("E111", source, f"the DOCX package is damaged ({err})") from None
        raise ReadError("E003", source, "the file is a damaged ZIP archive") from None
    if "word/document.xml" in names:
        return "docx"
    if ext == ".docx":
        raise ReadError("E111", source, "the DOCX package has no word/document.xml")
    if "OFD.xml" in names:
        raise ReadError("E003", source, "OFD documents are not supported: convert to PDF")
    raise ReadError("E003", source, "the file is a ZIP archive but not a DOCX document")


def _is_binary(data: bytes) -> bool:
    """NUL or control bytes that no text encoding explains (UTF-16 is checked first)."""
    from gkmine.read.decode import _utf16_without_bom

    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(sample):
        return False
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32 and b not in (27,))
    return b"\x00" in sample or controls > len(sample) * 0.05


def _finish(ext: Extraction, *, source: str, fmt: str, doc_id: str, encoding: str | None,
            config: Config) -> SourceDoc:
    result = normalize_text(TextMap.identity(ext.text), config=config, chrome=ext.chrome,
                            join_prose=fmt in ("text", "pdf"))
    if not result.textmap.text.strip():
        code = {"html": "E121", "pdf": "E103"}.get(fmt, "E002")
        raise ReadError(code, source, "no report text is left after removing page chrome")
    grids = locate_grids(ext.grids, result.textmap)
    if ext.title_fallback and "title" not in result.chrome:
        result.chrome["title"] = ext.title_fallback
    return SourceDoc(source=source, format=fmt, textmap=result.textmap, encoding=encoding,
                     grids=grids, chrome=result.chrome,
                     converted_traditional=result.converted_traditional,
                     warnings=[*ext.warnings, *result.warnings], doc_id=doc_id)
