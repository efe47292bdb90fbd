"""Documents for the structure tests: raw text (identity map) and the reader's normalised
document (``read_string``)."""

from __future__ import annotations

import pytest

from gkmine.read import read_string
from gkmine.record import SourceDoc, TextMap


def _raw(text: str, source: str = "<test>") -> SourceDoc:
    return SourceDoc(source, "text", TextMap.identity(text))


def _read(text: str, source: str = "<test>") -> SourceDoc:
    return read_string(text, source=source)


@pytest.fixture(scope="session")
def raw_doc():
    """``raw_doc(text, source)``: a document of the text exactly as given."""
    return _raw


@pytest.fixture(scope="session", params=["raw", "read"])
def make_doc(request):
    """``make_doc(text, source)`` twice: on the raw text and on the reader's normalised text."""
    return _read if request.param == "read" else _raw


@pytest.fixture(scope="session")
def read_doc():
    """``read_doc(text, source)``: the reader's document."""
    return _read
