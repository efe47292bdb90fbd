"""China's administrative divisions from the data file shipped with the ``cpca`` package.

``cpca/resources/adcodes.csv`` lists every province, prefecture and county-level division with
its 12-digit code (``PPCCDD000000``); the hierarchy is read off the code. Placeholder rows
(市辖区, 县, 省直辖县级行政区划) are skipped. The file predates some renamings (临安市 → 临安区,
禄丰县 → 禄丰市), so a county-level name is also found by its stem with another suffix among
市/县/区/旗, and the county-level divisions it lacks under another name (临平区, 云冈区, 盘州市)
are taken from jionlp's location dictionary when installed; townships are not in the file (a
township's level comes from the agency name; the counties that have a township of a given
name come from jionlp's location dictionary, :func:`township_counties`), nor are most
colloquial abbreviations (the stems of provinces and prefectures, 宁夏, 中卫, are known as
short names, and a 盟 by its first character, 锡盟 for 锡林郭勒盟).

>>> d = division_index()
>>> [(x.name, x.level, d.parent(x, "prefecture").name) for x in d.lookup("沙坡头区")]
[('沙坡头区', 'county', '中卫市')]
>>> sorted(d.province_of(x).name for x in d.lookup("长安区"))
['河北省', '陕西省']
>>> [x.stem for x in d.by_name["黔东南苗族侗族自治州"] + d.by_name["伊犁哈萨克自治州"]]
['黔东南', '伊犁']
>>> [(x.name, d.city_of(x).name) for x in d.lookup("临平区")]
[('临平区', '杭州市')]
>>> [x.name for x in d.by_short["巴州"]]
['巴音郭楞蒙古自治州']
>>> [x.name for x in d.lookup("张家川县")]
['张家川回族自治县']
>>> [x.name for x in d.lookup("金平县")], len(d.lookup("金平市"))
(['金平苗族瑶族傣族自治县'], 2)
"""

from __future__ import annotations

import csv
import importlib.util
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_MUNICIPALITIES = {"11", "12", "31", "50"}
#: the minority nationalities an autonomous division is named for (黔东南苗族侗族自治州)
_NATIONALITIES = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|"
    "东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|"
    "乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺")
#: suffixes stripped to get the short form of a division (宁夏, 恩施, 黔东南, 锡林郭勒, and
#: 张家川 of 张家川回族自治县, which its own reports call 张家川县): the nationalities are
#: named in full, so the stem is the place (not 黔东)
_SHORT = re.compile(
    rf"^(?P<stem>.{{2,}}?)(?:(?:(?:{_NATIONALITIES})族?)*自治(?:区|州|县|旗)|特别行政区|省|市|地区|盟)$")
_COUNTY_SUFFIX = re.compile(r"^(?P<stem>.{2,}?)(?P<suffix>市|县|区|旗)$")
#: an autonomous county or banner named without its nationalities (镇宁自治县 for
#: 镇宁布依族苗族自治县), as its own documents often do
_AUTONOMOUS_SHORT = re.compile(r"^(?P<stem>.{2,}?)(?P<suffix>自治县|自治旗)$")
LEVEL_SUFFIXES = "省市县区州盟旗"
#: the stems (巴音郭楞) a prefecture is written short by its first character (巴州)
_LONG_STEM = 4


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | prefecture | county

    @property
    def stem(self) -> str:
        """The name without its level suffix (中卫市 → 中卫, 宁夏回族自治区 → 宁夏)."""
        match = _SHORT.match(self.name) or _COUNTY_SUFFIX.match(self.name)
        return match.group("stem") if match else self.name


class DivisionIndex:
    """Look-ups by full name, by short name and by county stem; parents by code."""

    def __init__(self, rows: list[Division]) -> None:
        # a renamed county's second name shares its code: the code keeps the file's name
        self.by_code: dict[str, Division] = {}
        for d in rows:
            self.by_code.setdefault(d.code, d)
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        self.by_stem: dict[str, list[Division]] = {}
        for d in rows:
            self.by_name.setdefault(d.name, []).append(d)
            if d.level != "county":
                self.by_short.setdefault(d.stem, []).append(d)
            if d.level == "prefecture" and d.name.endswith("盟"):  # 锡盟, 阿盟: the usual short
                self.by_short.setdefault(d.name[0] + "盟", []).append(d)
            else:
                self.by_stem.setdefault(d.stem, []).append(d)
        self._add_first_character_shorts(rows)
        self.max_len = max(len(n) for n in self.by_name)
        #: the first two characters of every name :meth:`match_at` can find (a quick filter)
        self.heads = {k[:2] for table in (self.by_name, self.by_short, self.by_stem)
                      for k in table}
        #: a character pair that may be one of ``heads``: a scan jumps from one to the next
        firsts, seconds = ("".join(sorted({h[i] for h in self.heads})) for i in (0, 1))
        self.head_start = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")

    def _add_first_character_shorts(self, rows: list[Division]) -> None:
        """An autonomous prefecture with a long stem by its first character and 州 (巴州 for
        巴音郭楞蒙古自治州, 博州, 克州), as a 盟 by 锡盟, when no other one reads so."""
        shorts: dict[str, list[Division]] = {}
        for d in rows:
            if d.level == "prefecture" and d.name.endswith("自治州") \
                    and len(d.stem) >= _LONG_STEM:
                shorts.setdefault(d.stem[0] + "州", []).append(d)
        for short, found in shorts.items():
            if len(found) == 1 and short not in self.by_short and short not in self.by_name:
                self.by_short[short] = found

    def lookup(self, name: str) -> list[Division]:
        """Divisions with this full name (or, for a renamed county, this stem)."""
        if name in self.by_name:
            return list(self.by_name[name])
        match = _AUTONOMOUS_SHORT.match(name) or _COUNTY_SUFFIX.match(name)
        if match:
            # the suffix written decides between namesakes (金平县: the autonomous county,
            # not 金平区); a county renamed since the data file keeps its other suffix
            found = self.by_stem.get(match.group("stem"), [])
            return [d for d in found if d.name.endswith(match.group("suffix"))] or list(found)
        return []

    def parent(self, division: Division, level: str) -> Division | None:
        """The ancestor of ``division`` at ``level`` (itself if it is at that level)."""
        if division.level == level:
            return division
        if level == "province":
            return self.by_code.get(division.code[:2] + "0" * 10)
        if level == "prefecture" and division.level == "county":
            if division.code[:2] in _MUNICIPALITIES:
                return None
            return self.by_code.get(division.code[:4] + "0" * 8)
        return None

    def city_of(self, division: Division) -> Division | None:
        """The city a county-level division belongs to: its prefecture, or the municipality
        of a municipality's district (None for counties under a province directly)."""
        if division.level == "county" and division.code[:2] in _MUNICIPALITIES:
            return self.province_of(division)
        return self.parent(division, "prefecture")

    def province_of(self, division: Division) -> Division | None:
        return self.parent(division, "province")

    def is_under(self, child: Division, parent: Division) -> bool:
        return child.code != parent.code and any(
            self.parent(child, lv) == parent for lv in ("province", "prefecture"))

    def autonomous_prefecture(self, stem: str) -> Division | None:
        """The one autonomous prefecture whose stem ``stem`` is (海南 of 海南藏族自治州, which
        海南州 names, not the province 海南省), or ``None``."""
        found = [d for d in self.by_short.get(stem, ()) if d.level == "prefecture"
                 and d.name.endswith("自治州") and d.stem == stem]
        return found[0] if len(found) == 1 else None

    def autonomous_prefecture_at(self, text: str,
                                 at: int) -> tuple[str, list[Division]] | None:
        """An autonomous prefecture written by its stem and 州 at ``at`` (海南州, 恩施州): the
        prefecture, not the province or county-level city of that stem; else ``None``."""
        found = self.match_at(text, at)
        if found is None or not text.startswith("州", at + len(found[0])):
            return None
        prefecture = self.autonomous_prefecture(found[0])
        return (found[0] + "州", [prefecture]) if prefecture is not None else None

    def match_at(self, text: str, at: int) -> tuple[str, list[Division]] | None:
        """The longest division name (full, short or renamed-county) starting at ``at``."""
        for size in range(min(self.max_len, len(text) - at), 1, -1):
            piece = text[at: at + size]
            found = self.lookup(piece)
            if found:
                return piece, found
        for size in range(min(8, len(text) - at), 1, -1):
            piece = text[at: at + size]
            if piece in self.by_short:
                return piece, list(self.by_short[piece])
        return None


def _level(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "prefecture"
    return "county"


def _package_dir(name: str) -> Path | None:
    """An installed package's folder, found without importing the package (importing cpca
    builds its own matchers, half a second in every worker process, for a data file)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def division_index() -> DivisionIndex:
    """The division index, loaded once per process from cpca's data file."""
    folder = _package_dir("cpca")
    if folder is None:
        raise ModuleNotFoundError("gkmine needs the cpca package (its division codes)")
    path = folder / "resources" / "adcodes.csv"
    rows = []
    with path.open(encoding="utf-8") as fh:
        for record in csv.DictReader(fh):
            code, name = record["adcode"].strip(), record["name"].strip()
            if len(code) != 12 or name in _PLACEHOLDERS:
                continue
            rows.append(Division(code, name, _level(code)))
    rows += _newer_counties(rows)
    rows.sort(key=lambda d: d.code)
    return DivisionIndex(rows)


#: a county-level division's name: an administrative suffix
_COUNTY_NAME = re.compile(r"^[\u4e00-\u9fff]{1,8}(?:区|县|市|旗)$")
#: the code of a zone that is no administrative division (PPCC7x: development zones)
_ZONE_CODE = re.compile(r"^\d{4}7")
#: provinces not in the divisions the reports are read against (Taiwan, Hong Kong, Macau)
_OTHER_SYSTEMS = ("71", "81", "82")


def _parent_code(code: str) -> str:
    """The code of the prefecture (or municipality) a county-level code lies under."""
    return code[:2] + "0" * 10 if code[:2] in _MUNICIPALITIES else code[:4] + "0" * 8


def _newer_counties(rows: list[Division]) -> list[Division]:
    """County-level divisions newer than cpca's file (临平区, 云冈区, 定州市) from jionlp's
    location dictionary: under a prefecture or municipality the file has, with a name the
    file lacks and a stem it lacks in that prefecture (禄丰市 is 禄丰县 renamed, which
    :meth:`DivisionIndex.lookup` finds already). A county renamed under its old code (桥东区
    of 邢台 is 襄都区 since 2020) is added under that code as a second name."""
    names = {d.name for d in rows}
    counties = {d.code for d in rows if d.level == "county"}
    codes = {d.code for d in rows} - counties
    stems = {(_parent_code(d.code), d.stem) for d in rows if d.level == "county"}
    out: dict[str, Division] = {}
    for name, code in _jionlp_locations()[0]:
        division = Division(code, name, "county")
        if (code in codes or name in names or _parent_code(code) not in codes
                or _ZONE_CODE.match(code) or code[:2] in _OTHER_SYSTEMS
                or not _COUNTY_NAME.match(name) or (_parent_code(code), division.stem) in stems):
            continue
        out.setdefault(code, division)
    return list(out.values())


#: jionlp's location dictionary: one division a line, indented by level with tabs (province,
#: prefecture, county with its code, township, village)
def jionlp_data(name: str) -> str | None:
    """The text of a zipped dictionary shipped with ``jionlp`` (``dictionary/<name>``), read
    without importing the package (which loads much more); ``None`` when it is not
    installed."""
    folder = _package_dir("jionlp")
    path = folder / "dictionary" / name if folder is not None else None
    if path is None or not path.is_file():
        return None
    with zipfile.ZipFile(path) as archive:
        return archive.read(archive.namelist()[0]).decode("utf-8")

_TOWNSHIP_DEPTH = 3


@lru_cache(maxsize=1)
def _jionlp_locations() -> tuple[tuple[tuple[str, str], ...], dict[str, tuple[str, ...]]]:
    """jionlp's location dictionary, read once: its county-level divisions (name, 12-digit
    code), and township name (华亭镇, 桂花坪街道) → the codes of the counties that have one
    of that name; empty when jionlp is not installed."""
    text = jionlp_data("china_location.zip")
    if text is None:
        return (), {}
    counties: list[tuple[str, str]] = []
    townships: dict[str, list[str]] = {}
    county = None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip("\t"))
        if depth == _TOWNSHIP_DEPTH - 1:
            fields = line.strip().split("\t")
            county = fields[1] + "000000" if len(fields) > 1 and fields[1].isdigit() else None
            if county is not None:
                counties.append((fields[0], county))
        elif depth == _TOWNSHIP_DEPTH and county is not None:
            codes = townships.setdefault(line.strip(), [])
            if county not in codes:
                codes.append(county)
    return tuple(counties), {name: tuple(codes) for name, codes in townships.items()}


def township_counties(name: str) -> list[Division]:
    """The county-level divisions that have a township of this name (镇, 乡, 街道, 苏木 with
    its kind), from jionlp's location dictionary; several for common names, none when the
    name is unknown or the dictionary is not installed.

    >>> [d.name for d in township_counties("桂花坪街道")]
    ['天心区']
    >>> len(township_counties("新华街道")) > 1, township_counties("不存在镇")
    (True, [])
    """
    index = division_index()
    # a county newer than cpca's file stands as its prefecture (or province): still counted
    return [index.by_code.get(code) or index.by_code.get(code[:4] + "0" * 8)
            or index.by_code[code[:2] + "0" * 10] for code in _jionlp_locations()[1].get(name, ())
            if code[:2] + "0" * 10 in index.by_code]
