"""Versions recorded with every run and in the reproduction manifest.

>>> sorted(package_versions())[:2]
['charset-normalizer', 'cpca']
"""

from __future__ import annotations

from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

#: Packages whose versions can change an output: the readers, the segmenter, the models.
PACKAGES = ("charset-normalizer", "cpca", "duckdb", "faiss-cpu", "jieba", "lxml", "numpy",
            "opencc", "pandas", "pdfplumber", "pyarrow", "pypdfium2", "python-docx",
            "rapidfuzz", "rensa", "rjieba", "scikit-learn", "scipy", "spacy")


@lru_cache(maxsize=1)
def gkmine_version() -> str:
    from gkmine import __version__

    return __version__


@lru_cache(maxsize=1)
def package_versions() -> dict[str, str]:
    """Installed versions of the packages that shape gkmine's output (missing ones left out)."""
    found = {}
    for name in PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found
