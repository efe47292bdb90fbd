"""The per-document pipeline and the corpus runner.

``parse_document`` is a pure function of a path, a :class:`Config` and the page's address
(``url``, optional: where a crawled page came from, weak evidence of its place): it never
raises for a bad document, it returns a :class:`Report` whose ``status`` says what happened.
That is what lets a corpus run in a process pool or on a Dask cluster without one document
stopping the batch, and without any document disappearing.

>>> from gkmine.pipeline import expand_paths
>>> [p.name for p in expand_paths(["corpora/seeds"])][:1]
['000_83836b83bf579b6a.txt']
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from gkmine.config import DEFAULT, Config
from gkmine.errors import GkmineError
from gkmine.record import Report, SourceDoc, path_id


def expand_paths(paths: Iterable[str | os.PathLike], *, config: Config = DEFAULT) -> list[Path]:
    """Files to parse: files as given, directories walked for report files
    (:func:`gkmine.read.walk.discover`, the engine's walk).

    A path given explicitly is kept even if it does not exist or has another extension:
    it will get an error row rather than vanish.
    """
    from gkmine.read.walk import discover

    return [Path(entry.source) for entry in discover(paths, config=config)
            if entry.kind != "skipped"]


def parse_source(doc: SourceDoc, *, config: Config = DEFAULT, url: str | None = None) -> Report:
    """Structure an already-read document into a report record; ``url`` is the page's address
    as the caller knows it (kept on the document when given)."""
    from gkmine.structure import extract_meta, find_sections

    if url:
        doc = replace(doc, url=url)
    report = Report(source=doc.source, doc_id=doc.doc_id, format=doc.format, text=doc.text,
                    warnings=list(doc.warnings))
    found = find_sections(doc)
    report.sections = found.sections
    report.warnings.extend(found.warnings)
    report.meta = extract_meta(doc, found.sections, warnings=report.warnings)
    report.status = "ok" if found.complete else "partial"
    if config.tables and report.meta.layout in ("2021", "2019"):
        from gkmine.tables import extract_cells

        report.cells = extract_cells(doc, report.sections, report.meta.layout,
                                     year=report.meta.year)
    if config.checks and report.cells:
        from gkmine.checks import check_report

        report.checks = check_report(report)
    return report


def parse_document(path: str | os.PathLike, config: Config = DEFAULT, *,
                   url: str | None = None) -> Report:
    """Read and structure one document (``url``: the page's address, if known); never raises
    for a bad document."""
    from gkmine.read import read_document

    source = os.fsdecode(path)
    return _guarded(source, lambda: parse_source(read_document(source, config=config),
                                                 config=config, url=url))


def parse_bytes(data: bytes, *, source: str, config: Config = DEFAULT,
                url: str | None = None) -> Report:
    """Structure a document given as bytes (``source`` names it, ``url`` is its address if
    known); never raises for a bad one."""
    from gkmine.read import read_bytes

    return _guarded(source, lambda: parse_source(read_bytes(data, source=source, config=config),
                                                 config=config, url=url))


def read_url_manifest(path: str | os.PathLike) -> dict[str, str]:
    """A CSV manifest of page addresses, ``path,url`` (a header row naming them is optional):
    each document's resolved path → its URL. Paths are relative to the manifest's folder.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "urls.csv").write_text("path,url\\na.txt,http://x.gov.cn/1\\n")
    ...     urls = read_url_manifest(Path(tmp) / "urls.csv")
    ...     urls == {url_key(Path(tmp) / "a.txt"): "http://x.gov.cn/1"}
    True
    """
    import csv

    base = Path(path).parent
    out: dict[str, str] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 2 or not row[0].strip() or row[:2] == ["path", "url"]:
                continue
            out[url_key(base / row[0].strip())] = row[1].strip()
    return out


def url_key(path: str | os.PathLike) -> str:
    """How a document is looked up in a URL manifest: its resolved path."""
    return os.path.realpath(os.fsdecode(path))


def _guarded(source: str, parse) -> Report:
    """Run ``parse``; a failure becomes an error record with its code, never an exception."""
    try:
        return parse()
    except GkmineError as err:
        return Report(source=source, doc_id=path_id(source), status="error", error=str(err),
                      error_code=err.code)
    except Exception as err:  # a bug must not stop the batch; the row says what happened
        detail = f"{type(err).__name__}: {err}"
        last = traceback.extract_tb(err.__traceback__)[-1:]
        where = f" (at {last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
        return Report(source=source, doc_id=path_id(source), status="error", error_code="E301",
                      error=f"[E301] {source}: unexpected failure {detail}{where}")


def _parse_task(args: tuple[object, Config, str | None]) -> Report:
    item, config, url = args
    kind = getattr(item, "kind", "document")
    if kind == "error":  # a walk entry that could not be read: its error, as a record
        return Report(source=item.source, doc_id=path_id(item.resolved or item.source),
                      status="error", error=item.message, error_code=item.code)
    return parse_document(getattr(item, "source", item), config, url=url)


def iter_reports(paths: Sequence[object], *, config: Config = DEFAULT,
                 n_jobs: int = 1, progress: bool = False,
                 urls: Mapping[str, str] | None = None) -> Iterator[Report]:
    """Parse documents in input order, serially or in a spawn-based process pool.

    ``paths`` holds paths, or entries of a directory walk (``gkmine.engine.discover_entries``):
    skipped entries are left out, error entries become error records. ``urls`` maps a
    document's :func:`url_key` to its address (:func:`read_url_manifest`).
    """
    urls = urls or {}

    def task(p: object) -> tuple[object, Config, str | None]:
        item = p if hasattr(p, "kind") else os.fspath(p)
        source = getattr(item, "source", item)
        return item, config, urls.get(url_key(source)) if urls else None

    tasks = [task(p) for p in paths if getattr(p, "kind", "document") != "skipped"]
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(tasks), unit="doc", desc="gkmine parse")
    try:
        if n_jobs == 1 or len(tasks) < 2:
            results: Iterable[Report] = map(_parse_task, tasks)
            yield from _tick(results, bar)
        else:
            from gkmine.engine import process_pool

            workers = n_jobs if n_jobs > 0 else (os.cpu_count() or 1)
            with process_pool(workers) as ex:
                yield from _tick(ex.map(_parse_task, tasks, chunksize=4), bar)
    finally:
        if bar is not None:
            bar.close()


def _tick(results: Iterable[Report], bar) -> Iterator[Report]:
    for report in results:
        if bar is not None:
            bar.update(1)
        yield report
