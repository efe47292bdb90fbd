"""What a format reader hands to the normaliser."""

from __future__ import annotations

from dataclasses import dataclass, field

from gkmine.record import Grid


@dataclass
class Extraction:
    """Text as extracted, the grids located in it, chrome values and notes."""

    text: str
    grids: list[Grid] = field(default_factory=list)
    chrome: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: the page's ``<title>``, used when no 标题 line names the document
    title_fallback: str | None = None
