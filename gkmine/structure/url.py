"""The places a page's address names: weak evidence of whose report it is.

Researchers crawl pages and know each page's URL; many pages name their place only there
(``ningdu.gov.cn``, ``sthjj.tjbh.gov.cn``). :func:`url_places` decodes an address into
administrative divisions, never into an agency:

- a path segment written in Chinese (``/信息公开/高台县/``): the division names it holds;
- a label of a government host (``*.gov.cn``) spelled in pinyin: the full pinyin or the pinyin
  initials of a division's name or stem (``gaotai``: 高台县, ``mhk``: 梅河口市, ``zltq``: 扎赉特
  旗), or of a division after its province or prefecture (``tjbh``: 天津 + 滨海新区, ``jdzcjq``:
  景德镇市 + 昌江区), also after the ``cn`` of a site named 中国·XX (``cnjx``: 绩溪县). The
  label right before ``gov.cn`` is read first; a label of three letters or more that spells a
  province (``hlj.gov.cn``) is the province's, not a county's of the same spelling. A label
  further left counts only under the place the first names.

A spelling is decided only when it reads one division, after keeping the readings that agree
with the divisions the text names (``named``): two divisions that share a spelling and that the
text does not tell apart give nothing. Mirror sites (hosts outside ``gov.cn``) tell nothing.
Pinyin comes from the character dictionary shipped with ``jionlp`` (every reading of a
character, so heteronyms such as 长 cháng/zhǎng both spell); without it only Chinese path
segments are read.

>>> [d.name for d in url_places("http://www.gaotai.gov.cn/zfxxgk/2021/t1.html")]
['高台县']
>>> [d.name for d in url_places("https://sthjj.tjbh.gov.cn/contents/9868/269154.html")]
['滨海新区']
>>> url_places("https://bjxrth.com/xxgk/ndbg/t20230109_1101565"), url_places(None)
([], [])
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice, product
from urllib.parse import unquote, urlsplit

from gkmine.structure.agency import abbreviated_organs, sector_words
from gkmine.structure.divisions import Division, division_index, jionlp_data

#: jionlp's character dictionary: a character, then its readings in brackets ([xià]1.…)
_READING = re.compile(r"\[([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+)\]")
#: at most this many spellings of one name (heteronyms multiply)
_MAX_SPELLINGS = 32
#: labels of a host that name no place (www, the public suffix, sites' own words)
_NO_PLACE_LABELS = frozenset("www wap m gov cn com net org edu".split())
_CJK = re.compile(r"[\u4e00-\u9fff]{2,}")
#: the initial of a syllable, zh/ch/sh written out
_DIGRAPH = re.compile(r"[zcs]h|.")
#: kinds of county-level division after a stem that spells without them (滨海新区: bh)
_NEW_DISTRICT = re.compile(r"新区$")


@lru_cache(maxsize=1)
def _readings() -> dict[str, tuple[str, ...]]:
    """Character → its toneless pinyin readings (ü as v and as u); empty without jionlp."""
    text = jionlp_data("chinese_char_dictionary.zip")
    if text is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for line in text.split("\n"):
        char, _, rest = line.partition("\t")
        if len(char) != 1 or not rest:
            continue
        found: dict[str, None] = {}
        for reading in _READING.findall(rest):
            for spelled in _toneless(reading):
                found[spelled] = None
        if found:
            out[char] = tuple(found)
    return out


def _toneless(reading: str) -> tuple[str, ...]:
    base = unicodedata.normalize("NFD", re.sub("[üǖǘǚǜ]", "v", reading.lower()))
    plain = "".join(c for c in base if not unicodedata.combining(c))
    return (plain, plain.replace("v", "u")) if "v" in plain else (plain,)


def spellings(name: str, *, first_reading: bool = False) -> set[str]:
    """The full pinyin and the pinyin initials of a name (also with zh, ch, sh written out:
    tzh for 通州), for every reading of its characters (or only the first, the common one:
    信 xin, not shen, in an organ's name).

    >>> sorted(spellings("高台")), sorted(spellings("通州"))
    (['gaotai', 'gt'], ['tongzhou', 'tz', 'tzh'])
    """
    table = _readings()
    options = [table.get(char, ())[:1] if first_reading else table.get(char) for char in name]
    if not name or any(not o for o in options):
        return set()
    out: set[str] = set()
    for combo in islice(product(*options), _MAX_SPELLINGS):
        out.add("".join(combo))
        out.add("".join(syllable[0] for syllable in combo))
        out.add("".join(_DIGRAPH.match(syllable).group() for syllable in combo))
    return out


@lru_cache(maxsize=1)
def _spelling_index() -> dict[str, tuple[Division, ...]]:
    """Spelling → the divisions whose name or stem spells so."""
    index = division_index()
    out: dict[str, dict[str, Division]] = {}
    for divisions in index.by_name.values():
        for d in divisions:
            forms = {d.name, d.stem, _NEW_DISTRICT.sub("", d.name)}
            for form in forms:
                for spelled in spellings(form):
                    out.setdefault(spelled, {})[d.code] = d
    return {k: tuple(v.values()) for k, v in out.items()}


def _label_readings(label: str, parents: list[Division]) -> list[Division]:
    """Divisions a host label spells, alone or after its province or prefecture; under one
    of ``parents`` when given."""
    index = division_index()
    table = _spelling_index()
    found = {d.code: d for d in table.get(label, ())}
    for cut in range(2, len(label) - 1):  # tjbh: 天津 + 滨海新区
        for parent in table.get(label[:cut], ()):
            if parent.level == "county":
                continue
            for child in table.get(label[cut:], ()):
                if index.is_under(child, parent):
                    found[child.code] = child
    readings = list(found.values())
    if parents:
        readings = [d for d in readings if any(index.is_under(d, p) for p in parents)]
    return readings


def _agreeing(label: str, readings: list[Division], named: list[Division],
              text: str) -> list[Division]:
    """The readings the text agrees with, if any: a division it names (the same, above or
    below), or whose stem it writes (走进汉台: 汉台区, not 红塔区); else, for a label of three
    letters or more, a province's (hlj.gov.cn: 黑龙江, not a county of those initials; two
    letters, gz, are a province's only when the text says so: 广州 uses gz.gov.cn)."""
    index = division_index()
    agree = [d for d in readings if any(d == n or index.is_under(d, n) or index.is_under(n, d)
                                        for n in named)]
    if not agree and text:
        agree = [d for d in readings if len(d.stem) >= 2 and d.stem in text]
    if not agree and len(label) >= 3:
        agree = [d for d in readings if d.level == "province"]
    return agree or readings


def url_places(url: str | None, named: Iterable[Division] = (), *,
               text: str = "", level: str | None = None,
               suffix: str | None = None) -> list[Division]:
    """The divisions a page's address names, most specific last (see the module docstring);
    ``named`` (divisions the text names) and ``text`` decide between readings of a spelling,
    and so do ``level`` and ``suffix`` when the text says what kind of place it means (省财政厅
    and ``jl.gov.cn``: 吉林省, not 吉林市; 市政府网站 and ``hljfy``: 抚远市, not 富裕县).

    >>> [d.name for d in url_places("http://www.htq.gov.cn/zwgk/1.shtml", text="走进汉台")]
    ['汉台区']
    >>> url_places("http://www.htq.gov.cn/zwgk/1.shtml")  # 汉台区, 红塔区
    []
    >>> [d.name for d in url_places("http://xxgk.jl.gov.cn/zcbm/1.html", level="province")]
    ['吉林省']
    """
    if not url:
        return []
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return []
    named = list(named)
    index = division_index()
    out: dict[str, Division] = {}
    for segment in unquote(parts.path).split("/"):
        for run in _CJK.findall(segment):
            at = 0
            while at < len(run) - 1:
                found = index.match_at(run, at)
                if found and len({d.code for d in found[1]}) == 1:
                    out.setdefault(found[1][0].code, found[1][0])
                at += len(found[0]) if found else 1
    host = (parts.hostname or "").lower()
    if not host.endswith(".gov.cn"):
        return list(out.values())
    labels = [x for x in host.removesuffix(".gov.cn").split(".") if x not in _NO_PLACE_LABELS]
    parents: list[Division] = []
    for label in reversed(labels[-2:]):
        readings = _label_readings(label, parents)
        if not readings and label.startswith("cn") and len(label) > 3:
            # a site named 中国·XX (cnjx.gov.cn: “中国绩溪”) spells its place after cn
            label = label[2:]
            readings = _label_readings(label, parents)
        if level is not None:
            readings = [d for d in readings if d.level == level]
        if suffix:
            readings = [d for d in readings if d.name.endswith(suffix)]
        readings = _agreeing(label, readings, named, text)
        if len({d.code for d in readings}) != 1:
            break
        parents = readings
        out.setdefault(readings[0].code, readings[0])
    return list(out.values())


#: the kinds of organ a department's host label ends with, spelled by their initial
_ORGAN_KINDS = ("局", "委", "厅", "办")
#: the shortest host label read as an organ (jw, two letters, spells too many)
_MIN_ORGAN_LABEL = 3


@lru_cache(maxsize=1)
def _organ_spellings() -> dict[str, tuple[str, ...]]:
    """Spelling → the organs named by a sector and a kind that spell so (swj: 水务局, 税务局,
    商务局; gxj: 工信局)."""
    out: dict[str, dict[str, None]] = {}
    for sector in sector_words():
        for kind in _ORGAN_KINDS:
            for spelled in spellings(sector + kind, first_reading=True):
                out.setdefault(spelled, {})[sector + kind] = None
    return {k: tuple(v) for k, v in out.items()}


def url_organ(url: str | None, *, text: str = "") -> str | None:
    """The organ a department's host names by the pinyin of its short name, left of its
    place's label (swj.tj.gov.cn: 水务局, gxj.np.gov.cn: 工信局), without its place: the one
    reading, or the one whose sector ``text`` names (swj spells 水务局, 税务局 and 商务局), or
    the one organ commonly written so (mzw: 民宗委, not 民政委);
    ``None`` for other hosts (mirrors, a government's portal).

    >>> url_organ("http://gxj.np.gov.cn/cms/1.html"), url_organ("https://www.tj.gov.cn/1.html")
    ('工信局', None)
    >>> url = "https://swj.tj.gov.cn/1.html"
    >>> url_organ(url), url_organ(url, text="水务发展"), url_organ("https://mzw.sc.gov.cn/1")
    (None, '水务局', '民宗委')
    """
    try:
        host = (urlsplit(url.strip()).hostname or "").lower() if url else ""
    except ValueError:
        return None
    if not host.endswith(".gov.cn"):
        return None
    labels = [x for x in host.removesuffix(".gov.cn").split(".") if x not in _NO_PLACE_LABELS]
    if len(labels) < 2 or len(labels[0]) < _MIN_ORGAN_LABEL:
        return None
    readings = _organ_spellings().get(labels[0], ())
    if len(readings) > 1:
        readings = tuple(r for r in readings if r[:-1] in text) or readings
    if len(readings) > 1:  # (mzw: 民宗委, an organ written so, not 民政委)
        readings = tuple(r for r in readings if r in abbreviated_organs())
    return readings[0] if len(readings) == 1 else None
