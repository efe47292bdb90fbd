"""One agency identity for every analysis that asks "the same agency?".

Reports of one agency name it in many forms across years and sites (中卫市沙坡头区医疗保障局,
沙坡头区医疗保障局, 区医保局), and their metadata may or may not carry the province, city and
county. Every corpus step that pairs or groups reports by agency (the X1/S1/N4 checks across
years, recurrence of problems, boilerplate and year-over-year reuse) uses the one key of
:func:`agency_identity`::

    <province stem>|<most specific place stem>|<organ>

The organ is the canonical name (:func:`~gkmine.structure.agency.agency_key`) after its leading
places; places are compared by their stem (宁夏回族自治区 → 宁夏, 中卫市 → 中卫), so a place
written in full, shortened or dropped from the name still gives the same key when the metadata
supplies it. Places named in the agency's own name win over the metadata, which may pick up a
place the report merely mentions.

>>> agency_identity("中卫市沙坡头区医疗保障局", province="宁夏回族自治区")
'宁夏|沙坡头|医疗保障局'
>>> agency_identity("沙坡头区医保局", province="宁夏回族自治区", city="中卫市")
'宁夏|沙坡头|医疗保障局'
>>> agency_identity("区卫健局", province="宁夏回族自治区", city="中卫市", county="沙坡头区")
'宁夏|沙坡头|卫生健康局'
>>> agency_identity("市卫健局", province="宁夏回族自治区", city="中卫市", county="沙坡头区")
'宁夏|中卫|卫生健康局'
>>> agency_identity(None) is None
True
"""

from __future__ import annotations

from functools import lru_cache

from gkmine.structure.agency import _place_chains, agency_key
from gkmine.structure.divisions import division_index

__all__ = ["agency_identity", "identity_of"]

#: the metadata field a bare level character (区卫生健康局, 市教育局) refers to
_BARE_LEVEL = {"区": "county", "县": "county", "旗": "county", "市": "city", "州": "city",
               "盟": "city", "省": "province"}


@lru_cache(maxsize=4096)
def _place_stem(name: str | None) -> str:
    """The stem of a division name (中卫市 → 中卫); the name itself when it is not one."""
    if not name:
        return ""
    found = division_index().lookup(name)
    return found[0].stem if found else name


@lru_cache(maxsize=4096)
def _province_of_place(stem: str, suffix: str) -> str:
    """The province stem of a place named in an agency name, when it is unambiguous."""
    index = division_index()
    found = index.lookup(stem + suffix) or index.by_short.get(stem, [])
    provinces = {p.stem for d in found if (p := index.province_of(d)) is not None}
    return provinces.pop() if len(provinces) == 1 else ""


#: Reports of the year before that a report is paired with (cross-year checks, year-over-year
#: reuse), the first by ``doc_id``. More than one means the same report on several sites or
#: agencies the metadata cannot tell apart; pairing every combination of such a block would
#: grow with its square.
MAX_PREVIOUS_REPORTS = 3


@lru_cache(maxsize=65536)
def agency_identity(agency: str | None, *, province: str | None = None,
                    city: str | None = None, county: str | None = None) -> str | None:
    """The identity key of an agency, or ``None`` when the report names none."""
    if not agency:
        return None
    key = agency_key(agency)
    if not key:
        return None
    # The reading that leaves the shortest organ: 区卫生健康局 is 区 + 卫生健康局.
    places, organ = min(_place_chains(key), key=lambda c: (not c[1], len(c[1])))
    meta = {"province": province, "city": city, "county": county}
    named = [(stem, suffix) for stem, suffix in places if stem]
    if named:
        specific = named[-1][0]
    elif places and places[-1][1] in _BARE_LEVEL:
        specific = _place_stem(meta[_BARE_LEVEL[places[-1][1]]])
    else:
        specific = _place_stem(county or city)
    province_stem = _place_stem(province) or next(
        (p for stem, suffix in named if (p := _province_of_place(stem, suffix))), "")
    if not specific:
        specific = province_stem
    return f"{province_stem}|{specific}|{organ or key}"


def identity_of(meta) -> str | None:
    """:func:`agency_identity` of a :class:`~gkmine.record.Meta` or any object (or mapping)
    with ``agency``, ``province``, ``city`` and ``county``."""
    get = meta.get if isinstance(meta, dict) else (lambda k: getattr(meta, k, None))

    def text(field: str) -> str | None:
        value = get(field)
        return value if isinstance(value, str) and value else None

    return agency_identity(text("agency"), province=text("province"), city=text("city"),
                           county=text("county"))
