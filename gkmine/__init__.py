"""gkmine: Chinese government information disclosure annual reports as data.

The public API is small and imports lazily, so that worker processes stay quick to start:

>>> import gkmine
>>> report = gkmine.parse("corpora/seeds/000_83836b83bf579b6a.txt")
>>> report.meta.year, report.status
(2024, 'ok')
>>> corpus = gkmine.Corpus.from_paths(["corpora/seeds"], n_jobs=1)
>>> len(corpus.reports())
5
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Config", "Corpus", "GkmineError", "Report", "parse", "read", "__version__"]


def __getattr__(name: str):
    if name == "Config":
        from gkmine.config import Config

        return Config
    if name == "Corpus":
        from gkmine.corpus import Corpus

        return Corpus
    if name == "GkmineError":
        from gkmine.errors import GkmineError

        return GkmineError
    if name == "Report":
        from gkmine.record import Report

        return Report
    raise AttributeError(f"module 'gkmine' has no attribute {name!r}")


def read(path, *, config=None):
    """Read one file into a :class:`gkmine.record.SourceDoc` (raises ``ReadError``)."""
    from gkmine.config import DEFAULT
    from gkmine.read import read_document

    return read_document(path, config=config or DEFAULT)


def parse(path, *, config=None):
    """Read and structure one report into a :class:`gkmine.record.Report` (never raises)."""
    from gkmine.config import DEFAULT
    from gkmine.pipeline import parse_document

    return parse_document(path, config or DEFAULT)
