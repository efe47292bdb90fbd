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

Errors are :class:`~gkmine.errors.ReadError` s with a code of the catalogue
(:mod:`gkmine.errors`): E001–E013 files and text (missing, empty, binary, undecodable,
directory, unreadable, broken or looping link, over the byte or character limit, legacy Office
formats to convert, images and archives), E101–E106 PDF, E111–E114 DOCX and other ZIPs,
E121–E122 HTML. ``Config`` sets the limits (``max_file_bytes``, ``max_chars_per_document``,
``max_pdf_pages``, ``max_docx_unzipped_bytes``, ``max_docx_ratio``).

The conventions of the analysis text are documented in :mod:`gkmine.read.normalize`; a text
flattened into one paragraph (a crawler's page text) gets its lines back first
(:mod:`gkmine.read.relines`, warning W006).

>>> doc = read_string("２０２４年政府信息公開工作年度報告\\n一、總體情況\\n")
>>> doc.text, doc.converted_traditional, doc.format
('2024年政府信息公开工作年度报告\\n一、总体情况\\n', True, 'text')
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import zipfile
from io import BytesIO

from gkmine.config import DEFAULT, Config
from gkmine.errors import ReadError, warning
from gkmine.read.decode import decode_bytes
from gkmine.read.extraction import Extraction
from gkmine.read.grids import locate_grids
from gkmine.read.normalize import normalize_text
from gkmine.read.relines import reline
from gkmine.record import SourceDoc, TextMap

__all__ = ["doc_id_of", "is_binary", "not_a_report", "os_error", "read_bytes", "read_document",
           "read_string", "sniff_format"]

_HTML_EXTS = (".htm", ".html", ".shtml", ".xhtml")
_STRONG_MARKUP = re.compile(r"<(?:!doctype\s+html|html[\s>]|body[\s>]|head[\s>])", re.I)
_WEAK_MARKUP = re.compile(r"<(?:table|div|p|tr|td|span|br|meta|title)[\s/>]", re.I)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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


def read_document(path: str | bytes | os.PathLike, *, config: Config = DEFAULT) -> SourceDoc:
    """Read a file from disk; ``SourceDoc.source`` is the path as given (a ``bytes`` name is
    kept round-trippable with ``os.fsdecode``)."""
    source = os.fsdecode(path)
    try:
        info = os.stat(source)
        size = info.st_size
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # a FIFO or a device would block the reader or never end
            raise ReadError.of("E006", source, reason="not a regular file")
        if size > config.max_file_bytes:
            raise ReadError.of("E005", source, size=size, limit=config.max_file_bytes)
        with open(source, "rb") as fh:
            data = fh.read(config.max_file_bytes + 1)
    except OSError as err:
        raise os_error(err, source) from None
    return read_bytes(data, source=source, config=config)


def os_error(err: OSError, source: str) -> ReadError:
    """The catalogue error for an ``OSError`` met opening ``source``."""
    if err.errno == errno.ELOOP:
        return ReadError.of("E009", source)
    if isinstance(err, FileNotFoundError):
        if os.path.islink(source):
            return ReadError.of("E008", source, target=repr(os.readlink(source)))
        return ReadError.of("E001", source)
    if isinstance(err, IsADirectoryError):
        return ReadError.of("E010", source)
    return ReadError.of("E006", source, reason=err.strerror or type(err).__name__)


def read_bytes(data: bytes, *, source: str, config: Config = DEFAULT) -> SourceDoc:
    """Read a document held in memory; ``source`` names it (its extension breaks ties)."""
    if len(data) > config.max_file_bytes:
        raise ReadError.of("E005", source, size=len(data), limit=config.max_file_bytes)
    fmt = sniff_format(data, source=source)
    doc_id = doc_id_of(data)
    encoding = None
    if fmt == "pdf":
        from gkmine.read.pdf import read_pdf

        ext = read_pdf(data, source=source, grids=config.pdf_grids,
                       max_pages=config.max_pdf_pages)
    elif fmt == "docx":
        from gkmine.read.docx import read_docx

        ext = read_docx(data, source=source, config=config)
    else:
        text, encoding = decode_bytes(data, source=source)
        if not text.strip():
            raise ReadError.of("E002", source, detail=f"only whitespace, read as {encoding}")
        _check_length(text, source, config)
        if fmt == "html" or _looks_like_html(text, source):
            from gkmine.read.html import read_html

            fmt = "html"
            ext = read_html(text, source=source)
        else:
            ext = Extraction(text)
    _check_length(ext.text, source, config)
    return _finish(ext, source=source, fmt=fmt, doc_id=doc_id, encoding=encoding,
                   config=config)


def _check_length(text: str, source: str, config: Config) -> None:
    if len(text) > config.max_chars_per_document:
        raise ReadError.of("E011", source, count=len(text), limit=config.max_chars_per_document)


def read_string(text: str, *, source: str = "<string>", config: Config = DEFAULT) -> SourceDoc:
    """Read a string as a text extraction (no format detection)."""
    if not text.strip():
        raise ReadError.of("E002", source, detail="the text is empty")
    _check_length(text, source, config)
    doc_id = doc_id_of(text.encode("utf-8", errors="surrogatepass"))
    return _finish(Extraction(text), source=source, fmt="text", doc_id=doc_id, encoding=None,
                   config=config)


def sniff_format(data: bytes, *, source: str = "") -> str:
    """``pdf``, ``docx``, ``html`` or ``text`` from the content; raises the catalogue error of
    a file that is none of them (E002 empty, E003 binary, E012 legacy Office, E013 image or
    archive, E111/E114 ZIP that is no DOCX).

    >>> sniff_format(b"%PDF-1.7 ..."), sniff_format("<html><body>x".encode()), sniff_format(b"x")
    ('pdf', 'html', 'text')
    """
    ext = os.path.splitext(source)[1].lower()
    if not data.strip():
        raise ReadError.of("E002", source, detail="" if not data else "only whitespace")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data, source, ext)
    if data.startswith(OLE_MAGIC):
        raise ReadError.of("E012", source, what=_legacy_name(ext), target=".docx or PDF")
    if data.lstrip()[:6] == b"{\\rtf1":
        raise ReadError.of("E012", source, what="an RTF", target=".docx or PDF")
    what = not_a_report(data)
    if what:
        raise ReadError.of("E013", source, what=what)
    if is_binary(data):
        raise ReadError.of("E003", source)
    probe = data[:8192].decode("utf-8", errors="ignore").replace("\x00", "")
    if _STRONG_MARKUP.search(probe) or (ext in _HTML_EXTS and _WEAK_MARKUP.search(probe)):
        return "html"
    return "text"


def not_a_report(data: bytes) -> str | None:
    """What an image or archive is, from its magic bytes; None for anything else.

    >>> not_a_report(b"\\x89PNG\\r\\n"), not_a_report(b"%PDF-1.4")
    ('a PNG image', None)
    """
    return next((what for magic, what in _BINARY_MAGIC.items() if data.startswith(magic)), None)


def _legacy_name(ext: str) -> str:
    return {".wps": "a legacy WPS document (.wps)", ".et": "a legacy WPS spreadsheet (.et)",
            ".xls": "a legacy Excel (.xls)", ".ppt": "a legacy PowerPoint (.ppt)",
            }.get(ext, "a legacy Word (.doc) or other OLE Office")


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
            raise ReadError.of("E111", source, detail=str(err)) from None
        raise ReadError.of("E114", source, detail="the archive is damaged") from None
    if "word/document.xml" in names:
        return "docx"
    if ext == ".docx":
        raise ReadError.of("E111", source, detail="no word/document.xml")
    if "OFD.xml" in names:
        raise ReadError.of("E012", source, what="an OFD", target="PDF")
    raise ReadError.of("E114", source)


#: share of control bytes (other than tab, line and page breaks, escape) above which a sample
#: is binary: a few NULs left by a converter do not make a text binary
BINARY_CONTROL_SHARE = 0.05
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


def is_binary(data: bytes) -> bool:
    """Control bytes no text encoding explains (UTF-16 is recognised first).

    >>> is_binary("年报\\n".encode() * 100 + b"\\x00" * 3), is_binary(bytes(range(256)))
    (False, True)
    """
    from gkmine.read.decode import _utf16_without_bom

    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(sample):
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * BINARY_CONTROL_SHARE


def _finish(ext: Extraction, *, source: str, fmt: str, doc_id: str, encoding: str | None,
            config: Config) -> SourceDoc:
    result = normalize_text(TextMap.identity(ext.text), config=config, chrome=ext.chrome,
                            join_prose=fmt in ("text", "pdf"))
    # a page's text flattened into one paragraph (crawlers): its lines put back
    result.textmap, breaks = reline(result.textmap)
    if breaks:
        result.warnings.append(warning("W006", n=breaks))
    if not result.textmap.text.strip():
        what = "no report text is left after removing page chrome"
        code = {"html": "E121", "pdf": "E103"}.get(fmt, "E002")
        raise ReadError.of(code, source, detail=what)
    grids = locate_grids(ext.grids, result.textmap)
    if ext.title_fallback and "title" not in result.chrome:
        result.chrome["title"] = ext.title_fallback
    return SourceDoc(source=source, format=fmt, textmap=result.textmap, encoding=encoding,
                     grids=grids, chrome=result.chrome,
                     converted_traditional=result.converted_traditional,
                     warnings=[*ext.warnings, *result.warnings], doc_id=doc_id)
