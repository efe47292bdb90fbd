"""File discovery: every path given and every entry of a directory walk is accounted for.

``discover(paths, *, config)`` returns one :class:`Entry` per file met, of one of three kinds:

- ``document``: to be parsed (its record may still be an error, decided by the reader);
- ``error``: a file that looks like a report but cannot be read, with its catalogue code: an
  unreadable file (E006) or directory (E007), a broken (E008) or looping (E009) symbolic link,
  a legacy Office file that needs converting (E012: ``.doc``, ``.wps``, ``.et``), a path given
  that does not exist (E001). :func:`error_record` makes its record;
- ``skipped``: plainly not a report (images, archives, hidden files, the same file met twice),
  with the reason; the engine counts these in its summary and run log.

Paths given explicitly are always parsed (an image given by name gets an error record, not a
skip). Inside directories, files with a report extension (``Config.extensions``) are
documents; any other file is sniffed from its first bytes, so that a report without an
extension, or a ``.doc`` that is really an HTML page, is read.

Names are handled as bytes (``os.scandir`` of bytes paths): a name that is not UTF-8 becomes a
``source`` string with lone surrogates (``os.fsdecode``), which opens the same file again and
gives the same :func:`~gkmine.record.path_id`; :func:`~gkmine.errors.display_source` prints it.
Paths keep the order given; the entries of a directory are sorted by the bytes of their path.
``resolved`` is the real path (for identity: the same file reached twice is parsed once).

>>> from gkmine.read.walk import discover
>>> [(e.kind, e.code) for e in discover(["no/such/file.pdf"])]
[('error', 'E001')]
"""

from __future__ import annotations

import os
import stat
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from gkmine.config import DEFAULT, Config
from gkmine.errors import GkmineError, ReadError
from gkmine.record import Report, path_id

__all__ = ["Entry", "discover", "error_record", "summarize"]

#: extensions of files that are plainly not reports: skipped in a directory walk
NOT_REPORT_EXTENSIONS = frozenset(
    ".png .jpg .jpeg .gif .bmp .tif .tiff .webp .svg .ico .psd "
    ".zip .rar .7z .gz .tgz .bz2 .xz .tar .cab .iso .jar "
    ".mp3 .mp4 .avi .mov .wmv .flv .wav .wma .mkv "
    ".css .js .json .jsonl .ndjson .xml .exe .dll .so .bin .dat .db .duckdb .parquet .sqlite "
    ".log .tmp .bak "
    # text that documents something else (notes, data, code), never a published report
    ".rst .csv .tsv .yaml .yml .toml .ini .cfg .py .sh .ipynb".split())
#: markdown: a report when a PDF-to-markdown tool made it, but also the README of a folder;
#: read when it carries the report's own section titles
MARKDOWN_EXTENSIONS = frozenset((".md", ".markdown"))
#: markdown bytes searched for section titles
_MARKDOWN_SNIFF_BYTES = 262_144
#: extensions of legacy office formats: an error entry unless the content is readable
LEGACY_EXTENSIONS = frozenset(".doc .wps .et .dps .xls .ppt .rtf .ofd".split())
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Entry:
    """One path met by :func:`discover`."""

    source: str  # the path as given or as joined in the walk (``os.fsdecode`` of its bytes)
    kind: str  # "document" | "error" | "skipped"
    code: str | None = None  # the catalogue code of an error entry
    reason: str = ""  # the error message, or why the entry is skipped
    resolved: str | None = None  # the real path, when it can be resolved

    @property
    def key(self) -> bytes:
        return os.fsencode(self.source)

    @property
    def message(self) -> str | None:
        """The error message of an ``error`` entry (``[E008] path: …``)."""
        return self.reason if self.kind == "error" else None


def discover(paths: Iterable[str | bytes | os.PathLike], *,
             config: Config = DEFAULT) -> list[Entry]:
    """Every file under ``paths``: the paths in the order given, the files of a directory
    sorted by the bytes of their path."""
    found: list[Entry] = []
    for raw in paths:
        found.extend(_given(os.fsencode(raw), config))
    return _mark_repeats(found)


def summarize(entries: Iterable[Entry]) -> Counter:
    """Counts by kind, and by reason for skipped entries (``"skipped: hidden"``).

    >>> summarize([Entry("a.txt", "document"), Entry(".x", "skipped", reason="hidden")])
    Counter({'document': 1, 'skipped': 1, 'skipped: hidden': 1})
    """
    counts: Counter = Counter()
    for entry in entries:
        counts[entry.kind] += 1
        if entry.kind == "skipped":
            counts[f"skipped: {entry.reason}"] += 1
    return counts


def error_record(entry: Entry) -> Report:
    """The error record of an ``error`` entry (what ``parse_document`` returns for a bad
    document), so that it has its row like every other input."""
    return Report(source=entry.source, doc_id=path_id(entry.source), status="error",
                  error=entry.reason, error_code=entry.code)


# ---------------------------------------------------------------- the walk
def _given(path: bytes, config: Config) -> Iterator[Entry]:
    """A path given explicitly: a document (whatever its name), a walked directory, or an
    error."""
    try:
        info = os.stat(path)
    except OSError as err:
        yield _error(path, _os_error(err, path))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from sorted(_walk(path, config, {_real(path)}), key=lambda e: e.key)
    elif not stat.S_ISREG(info.st_mode):
        yield _error(path, ReadError.of("E006", os.fsdecode(path), reason="not a regular file"))
    else:
        err = _unreadable(path)
        yield _error(path, err) if err else _entry(path, "document")


def _walk(top: bytes, config: Config, seen: set[bytes | None]) -> Iterator[Entry]:
    """A directory tree, with an explicit stack (trees can be deep)."""
    stack = [top]
    while stack:
        directory = stack.pop()
        try:
            with os.scandir(directory) as it:
                children = sorted(it, key=lambda d: d.name)
        except OSError as err:
            yield _error(directory, ReadError.of(
                "E007", os.fsdecode(directory), reason=err.strerror or type(err).__name__))
            continue
        for child in children:
            path = child.path
            if child.name.startswith(b"."):
                yield _skip(path, "hidden")
                continue
            try:
                is_dir = child.is_dir()  # follows symbolic links
                info = child.stat()
            except OSError as err:
                yield _error(path, _os_error(err, path))
                continue
            if is_dir:
                real = _real(path)
                if real in seen:
                    yield _skip(path, "a directory already walked")
                else:
                    seen.add(real)
                    stack.append(path)
            elif not stat.S_ISREG(info.st_mode):
                yield _skip(path, "not a regular file")
            else:
                try:
                    yield _classify(path, config)
                except Exception:  # a sniffing bug must not lose the file: the parser decides
                    yield _entry(path, "document")


def _classify(path: bytes, config: Config) -> Entry:
    """A regular file met in a walk: by its extension, else by its first bytes."""
    ext = os.path.splitext(path)[1].decode("ascii", "replace").lower()
    if ext in config.extensions:
        err = _unreadable(path)
        return _error(path, err) if err else _entry(path, "document")
    if ext in NOT_REPORT_EXTENSIONS:
        return _skip(path, "not a report (by its extension)")
    if ext in MARKDOWN_EXTENSIONS:
        return _markdown(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as err:
        return _error(path, _os_error(err, path))
    try:
        if _is_document(head, path):
            return _entry(path, "document")
    except GkmineError as err:
        if ext in LEGACY_EXTENSIONS or err.code == "E012":
            return _error(path, err)
        return _skip(path, "not a report (by its content)")
    if ext in LEGACY_EXTENSIONS:
        return _entry(path, "document")  # the reader says what it is
    return _skip(path, "not a report (by its content)")


def _markdown(path: bytes) -> Entry:
    """A markdown file is a report when two or more of the statutory section titles appear in
    it (a README that only mentions reports has none)."""
    from gkmine.keys import SECTIONS
    from gkmine.read.simplify import t2s

    try:
        with open(path, "rb") as fh:
            head = fh.read(_MARKDOWN_SNIFF_BYTES)
    except OSError as err:
        return _error(path, _os_error(err, path))
    text = t2s(head.decode("utf-8", "replace"))
    if sum(title in text for title in SECTIONS.values()) >= 2:
        return _entry(path, "document")
    return _skip(path, "not a report (markdown without the report's section titles)")


def _is_document(head: bytes, path: bytes) -> bool:
    """Whether the first bytes are those of a report: PDF, DOCX, HTML, or text with Chinese
    characters. Raises the reader's error for legacy formats (E012) and binary files."""
    from gkmine.read import sniff_format
    from gkmine.read.simplify import CJK_CHAR

    source = os.fsdecode(path)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(os.fsdecode(path)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        if "OFD.xml" in names:
            raise ReadError.of("E012", source, what="an OFD", target="PDF")
        return "word/document.xml" in names
    fmt = sniff_format(head, source=source)
    if fmt != "text":
        return True
    from gkmine.read.decode import decode_bytes

    try:
        text, _ = decode_bytes(head, source=source)
    except ReadError:
        return False
    return CJK_CHAR.search(text) is not None


def _mark_repeats(entries: list[Entry]) -> list[Entry]:
    """The same file reached twice (given twice, or through a link) is parsed once, under the
    path that is not a link (else the first)."""
    primary: dict[str, str] = {}
    for entry in entries:
        if entry.kind == "document" and entry.resolved is not None:
            known = primary.get(entry.resolved)
            if known is None or (os.path.islink(known) and not os.path.islink(entry.source)):
                primary[entry.resolved] = entry.source
    return [Entry(e.source, "skipped", None, "the same file as another path", e.resolved)
            if e.kind == "document" and e.resolved is not None
            and primary[e.resolved] != e.source else e
            for e in entries]


# ---------------------------------------------------------------- entries
def _real(path: bytes) -> bytes | None:
    try:
        return os.path.realpath(path, strict=True)
    except (OSError, RuntimeError):
        return None


def _entry(path: bytes, kind: str) -> Entry:
    real = _real(path)
    return Entry(os.fsdecode(path), kind, resolved=os.fsdecode(real) if real else None)


def _skip(path: bytes, reason: str) -> Entry:
    return Entry(os.fsdecode(path), "skipped", reason=reason)


def _error(path: bytes, err: GkmineError) -> Entry:
    return Entry(os.fsdecode(path), "error", err.code, str(err))


def _os_error(err: OSError, path: bytes) -> ReadError:
    from gkmine.read import os_error

    return os_error(err, os.fsdecode(path))


def _unreadable(path: bytes) -> ReadError | None:
    """The error of a file that cannot be opened (a permission denied, even to its owner)."""
    try:
        with open(path, "rb"):
            return None
    except OSError as err:
        return _os_error(err, path)
