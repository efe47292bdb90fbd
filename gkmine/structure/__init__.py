"""Structure a read document: the six statutory sections, the sub-items of 一, and metadata.

Contract (owned by the structure stage):

- ``find_sections(doc: SourceDoc) -> SectionResult`` with ``.sections`` (list of
  :class:`gkmine.record.Section`, statutory keys of :mod:`gkmine.keys`), ``.complete`` (all
  sections the layout requires were found) and ``.warnings``.
- ``extract_meta(doc: SourceDoc, sections: list[Section]) -> Meta`` fills agency, year,
  level, province, city, county, agency_type and layout, with ``evidence`` per field.
- ``agency_key(name) -> str`` and ``same_agency(a, b) -> bool`` canonicalise and match agency
  names across documents and years; ``agency_type(name)`` classifies a name with the
  controlled list in ``data/agency_types.tsv``.

>>> from gkmine.record import SourceDoc, TextMap
>>> text = ("利通区医疗保障局2023年政府信息公开工作年度报告\\n"
...         "一、总体情况\\n二、主动公开政府信息情况\\n")
>>> doc = SourceDoc("x", "text", TextMap.identity(text))
>>> found = find_sections(doc)
>>> [s.key for s in found.sections], extract_meta(doc, found.sections).agency
(['overall', 'active_disclosure'], '吴忠市利通区医疗保障局')
"""

from gkmine.structure.agency import agency_key, agency_type, agency_types, same_agency
from gkmine.structure.meta import extract_meta
from gkmine.structure.sections import SectionResult, find_sections, find_subitems, subitem_key

__all__ = [
    "SectionResult",
    "agency_key",
    "agency_type",
    "agency_types",
    "extract_meta",
    "find_sections",
    "find_subitems",
    "same_agency",
    "subitem_key",
]
