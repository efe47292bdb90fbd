"""Recover tables 二/三/四 into canonical cells.

Contract (owned by the tables stage):

- ``extract_cells(doc, sections, layout, *, year=None) -> list[Cell]``
  returns every canonical cell of t2, t3 and t4 for the layout (``2021`` or ``2019``), each
  with its status, confidence and provenance; a cell that cannot be found has status
  ``missing`` and a ``note`` saying why.
- ``cells_frame(reports)`` (tidy, one row per cell) and ``panel_frame(reports)`` (wide, one row
  per report) in :mod:`gkmine.tables.frames`; imported lazily so that parsing does not load
  pandas.
"""

from __future__ import annotations

from gkmine.tables.extract import extract_cells

__all__ = ["extract_cells", "cells_frame", "panel_frame"]


def __getattr__(name: str):
    if name in ("cells_frame", "panel_frame"):
        from gkmine.tables import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'gkmine.tables' has no attribute {name!r}")
