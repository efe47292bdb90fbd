"""How the table stage notes a cell whose printed values it could not place: the words its
readers write and the N1 check reads back (a run of values printed together, which the
prose's figures may still be compared with).

>>> printed_run(f"1 values for 2 columns (215419886元): {PLACEMENT_AMBIGUOUS}")
'215419886'
>>> printed_run(f"{FUSED_DIGITS} '222233' read several ways"), printed_run("blank in the source")
('222233', None)
"""

from __future__ import annotations

import re

#: the end of the note of a row's cells whose values, printed as ``(raw)``, fit several columns
PLACEMENT_AMBIGUOUS = "placement ambiguous"
#: how a note names the digits of a row printed run together (``… '222233' …``)
FUSED_DIGITS = "the fused digits"
_PRINTED_RUN = re.compile(rf"\((?P<raw>[^()]*)\): {PLACEMENT_AMBIGUOUS}|"
                          rf"{FUSED_DIGITS} '(?P<digits>\d+)'")
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def printed_run(note: str) -> str | None:
    """The digits of the run of printed values a cell's note names, or ``None``."""
    found = _PRINTED_RUN.search(note)
    if found is None:
        return None
    raw = (found["raw"] if found["raw"] is not None else found["digits"]).replace(",", "")
    return "".join(_DIGITS.findall(raw)) or None
