"""Documents for the structure tests: raw text (identity map) and, when the reader's
``read_string`` is available, the reader's normalised document."""

from __future__ import annotations

import pytest

from gkmine.record import SourceDoc, TextMap


def _raw(text: str, source: str = "<test>") -> SourceDoc:
    return SourceDoc(source, "text", TextMap.identity(text))


def _read(text: str, source: str = "<test>") -> SourceDoc:
    try:
        from gkmine.read import read_string
    except ImportError:
        return _raw(text, source)
    return read_string(text, source=source)


@pytest.fixture(scope="session")
def raw_doc():
    """``raw_doc(text, source)``: a document of the text exactly as given."""
    return _raw


@pytest.fixture(scope="session", params=["raw", "read"])
def make_doc(request):
    """``make_doc(text, source)`` twice: on the raw text and on the reader's normalised text."""
    if request.param == "read":
        try:
            from gkmine.read import read_string  # noqa: F401
        except ImportError:
            pytest.skip("gkmine.read.read_string is not available yet")
        return _read
    return _raw


@pytest.fixture(scope="session")
def read_doc():
    """``read_doc(text, source)``: the reader's document, or the raw one without a reader."""
    return _read
