"""Agency names: canonical keys, matching across documents and years, and agency types.

Reports name their agency in many forms (区卫健局, 国家卫生健康委, 西藏自治区政府国资委, a place
prefix or not). :func:`agency_key` canonicalises a name (simplified characters, parenthetical
notes dropped, common abbreviations expanded); :func:`same_agency` compares two names by their
organ (the name after its leading places) and their place chains, so that a name without its
leading administrative prefix, or with a short or bare one (中卫医疗保障局, 区卫生健康局), still
matches the full name.

>>> agency_key("国家卫生健康委")
'国家卫生健康委员会'
>>> same_agency("长安区砲里街道", "西安市长安区砲里街道办事处")
True
>>> same_agency("乌拉特中旗巴音乌兰苏木", "乌拉特中旗巴音乌兰苏木人民政府")
True
>>> same_agency("区卫计局(临安)", "杭州市临安区卫生健康局")
False
>>> same_agency("锡盟环保局", "锡林郭勒盟环保局"), same_agency("恩施州财政局", "恩施市财政局")
(True, False)
>>> agency_type("西藏自治区人民政府国有资产监督管理委员会"), agency_type("龙游县横山镇")
('国资', '乡镇')
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from gkmine.structure._text import simplify
from gkmine.structure.divisions import LEVEL_SUFFIXES, division_index

_PARENTHETICAL = re.compile(r"[（(][^（）()]*[）)]")
_NOISE = re.compile(r"[\s\u3000·•,，、。:：;；|“”\"'《》<>]+")
#: Common abbreviations of organ names → full forms (applied in order, on the whole name).
_ABBREVIATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r) for p, r in (
        (r"卫健委", "卫生健康委员会"), (r"卫健局", "卫生健康局"),
        (r"卫计委", "卫生和计划生育委员会"), (r"卫计局", "卫生和计划生育局"),
        (r"医保局", "医疗保障局"), (r"人社(?=[局厅])", "人力资源和社会保障"),
        (r"药监局", "药品监督管理局"),
        (r"人力社保局", "人力资源和社会保障局"),
        (r"人力资源社会保障", "人力资源和社会保障"), (r"市场监管局", "市场监督管理局"),
        (r"发改委", "发展和改革委员会"), (r"发展改革委", "发展和改革委员会"),
        (r"住建局", "住房和城乡建设局"), (r"住房城乡建设", "住房和城乡建设"),
        (r"(?:住建|住房城乡建)委", "住房和城乡建设委员会"), (r"经济信息委", "经济和信息化委员会"),
        (r"教体局", "教育体育局"), (r"文旅局", "文化和旅游局"), (r"文广旅局", "文化广电和旅游局"),
        (r"国资委", "国有资产监督管理委员会"), (r"管委会", "管理委员会"),
        (r"高新区", "高新技术产业开发区"), (r"经开区", "经济技术开发区"),
        (r"行署", "行政公署"), (r"人防办(?:公室)?$", "人民防空办公室"),
        (r"扶贫办$", "扶贫开发办公室"),
        (r"国动办(?:公室)?$", "国防动员办公室"),
        (r"供销联社$", "供销合作社联合社"), (r"供销社$", "供销合作社"),
        (r"应急局", "应急管理局"), (r"退役军人局", "退役军人事务局"), (r"林草局", "林业和草原局"),
        (r"城管局", "城市管理局"), (r"城管执法", "城市管理执法"), (r"发改局", "发展和改革局"),
        (r"教委$", "教育委员会"),
        (r"民委$", "民族事务委员会"), (r"民宗委", "民族宗教事务委员会"),
        (r"民宗局", "民族宗教事务局"), (r"疾控(?=局|中心)", "疾病预防控制"),
        (r"国资局", "国有资产监督管理局"), (r"文广新局", "文化广电新闻出版局"),
        (r"政数局", "政务服务和数据管理局"), (r"外事办$", "外事办公室"), (r"外办$", "外事办公室"),
        (r"生态环境分局", "生态环境分局"), (r"政府办$", "人民政府办公室"),
        (r"工信(?=[局厅委])", "工业和信息化"), (r"经信(?=[局厅委])", "经济和信息化"),
        (r"科技(?=[局厅])", "科学技术"), (r"网信办$", "网络安全和信息化委员会办公室"),
        (rf"(?<!人民)(?<=[{LEVEL_SUFFIXES}乡镇区])政府", "人民政府"),
        (r"(?<=[^委员党])委$", "委员会"),
        (r"街办$", "街道办事处"), (r"街道?$", "街道办事处"),
        (r"(?:(?<=[乡镇])|(?<=苏木))$", "人民政府"),
    ))
_PRONOUN = re.compile(r"^(?:我|本|该)")
#: a name ending like an organ of government (used to accept a candidate name)
AGENCY_END = re.compile(
    r"(?:(?<![大格布全开结])局|委员会|委|厅|办公室|办公厅|人民政府|政府|办事处|街道|街|镇|乡|苏木|"
    r"中心|院|署|部|分局|所|站|队|办|馆|社|会|海关|参事室|研究室)$")  # not 大局, 格局…: no organ


@lru_cache(maxsize=1 << 14)  # names recur within a report and across reports
def clean_name(name: str) -> str:
    """A name as written, simplified, without glosses, spaces or parenthetical notes.

    >>> clean_name(" (图解)温州市 公安局（鹿城） ")
    '温州市公安局'
    """
    name = simplify(name)
    previous = None
    while previous != name:
        previous, name = name, _PARENTHETICAL.sub("", name)
    return _NOISE.sub("", name)


@lru_cache(maxsize=1 << 14)
def agency_key(name: str) -> str:
    """The canonical key of an agency name (for matching across documents and years).

    >>> agency_key("西藏自治區(qū)政府國資委"), agency_key("联安镇")
    ('西藏自治区人民政府国有资产监督管理委员会', '联安镇人民政府')
    """
    return expand_abbreviations(clean_name(name))


#: the abbreviations of offices (人防办, 扶贫办, 政府办): their full names end in 办公室
_OFFICE_ABBREVIATIONS = tuple((pattern, full) for pattern, full in _ABBREVIATIONS
                              if full.endswith("办公室"))


def write_out_office(name: str) -> str:
    """An office written short by its full name, the rest of the name as written.

    >>> write_out_office("忠县扶贫办"), write_out_office("重庆市人防办")
    ('忠县扶贫开发办公室', '重庆市人民防空办公室')
    """
    return _written_out(name, _OFFICE_ABBREVIATIONS)


def expand_abbreviations(name: str) -> str:
    """A name as written with its common abbreviations written out (the official name).

    >>> expand_abbreviations("景德镇市昌江区工信局"), expand_abbreviations("贵州省科技厅")
    ('景德镇市昌江区工业和信息化局', '贵州省科学技术厅')
    """
    return _written_out(name, _ABBREVIATIONS)


def _written_out(name: str, abbreviations: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, full in abbreviations:
        name = pattern.sub(full, name)
    return name


def _place_chains(key: str) -> list[tuple[tuple[tuple[str, str], ...], str]]:
    """Ways to read ``key`` as leading places + organ; places as (stem, level suffix).

    A bare level character (``区卫生健康局``) is a place with an empty stem.
    """
    index = division_index()
    chains: list[tuple[tuple[tuple[str, str], ...], str]] = []
    places: list[tuple[str, str]] = []
    at = 0
    if len(key) > 3 and key[0] in LEVEL_SUFFIXES:
        chains.append(((("", key[0]),), key[1:]))
    while at < len(key):
        found = index.match_at(key, at)
        if not found:
            break
        piece, divisions = found
        if piece in index.by_name:
            stem = divisions[0].stem
        elif piece in index.by_short:
            # an autonomous prefecture by its stem and 州 (海南州: not 海南省, 恩施州: not 恩施市)
            written = index.autonomous_prefecture_at(key, at)
            if written is not None:
                divisions = written[1]
            # one division's short (锡盟, 恩施 of 恩施州): the division's own stem
            stem = divisions[0].stem if len({d.code for d in divisions}) == 1 else piece
            if key.startswith("州", at + len(piece)) and divisions[0].name.endswith("州"):
                piece += "州"
        else:  # a county renamed since the data file (临安市 → 临安区)
            stem = piece[:-1]
        suffix = piece[len(stem):] if piece.startswith(stem) else ""
        places.append((stem, suffix or divisions[0].name[len(divisions[0].stem):]))
        at += len(piece)
    chains.append((tuple(places), key[at:]))
    return chains


_PREFECTURE_SUFFIX = ("州", "盟")


def _place_equal(a: tuple[str, str], b: tuple[str, str]) -> bool:
    if not a[0] or not b[0]:
        # a bare level (县交通运输局) is any place of that level, also one whose name is its
        # own stem (珙县, 和县)
        return (a[0] + a[1])[-1:] == (b[0] + b[1])[-1:]
    # same stem, but a 州/盟 is not the county-level city named after it (恩施州, 恩施市)
    ranks = {x[1].endswith(_PREFECTURE_SUFFIX) for x in (a, b) if x[1]}
    return a[0] == b[0] and len(ranks) < 2


def _chains_compatible(a: tuple[tuple[str, str], ...], b: tuple[tuple[str, str], ...]) -> bool:
    short, long = sorted((a, b), key=len)
    tail = long[len(long) - len(short):]
    return all(_place_equal(x, y) for x, y in zip(short, tail, strict=False))


def _organ(organ: str) -> str:
    """An organ without the government it belongs to (区政府国资局 is 区国资局)."""
    rest = organ.removeprefix("人民政府")
    return rest if rest and not rest.startswith("办公") else organ


def same_agency(a: str | None, b: str | None) -> bool:
    """Whether two names denote the same agency (leading places may be dropped or short).

    >>> same_agency("中卫医疗保障局", "中卫市医疗保障局"), same_agency("市教育局", "县教育局")
    (True, False)
    """
    if not a or not b:
        return False
    ka, kb = agency_key(a), agency_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    for places_a, organ_a in _place_chains(ka):
        for places_b, organ_b in _place_chains(kb):
            if organ_a and _organ(organ_a) == _organ(organ_b) \
                    and _chains_compatible(places_a, places_b):
                return True
    return False


def abbreviates(short: str | None, full: str | None) -> bool:
    """Whether ``short`` is ``full`` abbreviated the usual way: the same places, and an organ
    written with some of its characters, in order, not all in one piece, ending as the full one
    ends (大数据局 for 大数据发展管理局; not 办公室 for 办公室办公室). Unlike
    :func:`same_agency`, one-way.

    >>> abbreviates("贵州省大数据局", "贵州省大数据发展管理局")
    True
    >>> abbreviates("贵州省大数据局", "贵州省大数据发展管理厅")
    False
    """
    if not short or not full:
        return False
    ks, kf = agency_key(short), agency_key(full)
    for places_s, organ_s in _place_chains(ks):
        for places_f, organ_f in _place_chains(kf):
            if len(places_s) == len(places_f) and places_s \
                    and _chains_compatible(places_s, places_f) \
                    and 2 <= len(organ_s) < len(organ_f) and organ_s[-1] == organ_f[-1] \
                    and organ_s not in organ_f and _is_subsequence(organ_s, organ_f):
                return True
    return False


def _is_subsequence(short: str, long: str) -> bool:
    rest = iter(long)
    return all(char in rest for char in short)


def is_pronoun(name: str) -> bool:
    """Self-references such as 我局, 本机关, 本单位 are not names; a place whose name begins
    like one (本溪市…) is no self reference.

    >>> is_pronoun("本局"), is_pronoun("本溪市发展和改革委员会")
    (True, False)
    """
    return bool(_PRONOUN.match(name)) and division_index().match_at(name, 0) is None


@lru_cache(maxsize=1)
def _agency_types() -> tuple[tuple[str, re.Pattern[str]], ...]:
    path = resources.files("gkmine.structure") / "data" / "agency_types.tsv"
    out = []
    with path.open(encoding="utf-8") as fh:
        rows = csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        for row in rows:
            if row and row[0] != "type":
                out.append((row[0], re.compile(row[1])))
    return tuple(out)


def agency_types() -> list[str]:
    """The controlled list of agency types (``data/agency_types.tsv``), plus ``other``."""
    return [t for t, _ in _agency_types()] + ["other"]


#: agency types that are no sector's (a government and its office, a township)
_GOVERNMENT_TYPES = ("人民政府/办公室", "乡镇", "街道")


@lru_cache(maxsize=1)
def sector_start() -> re.Pattern[str]:
    """Every sector type's pattern in one: words no alternative begins are no sector
    (:func:`is_sector`'s first test, made once instead of once per type)."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for kind, pattern in _agency_types()
                               if kind not in _GOVERNMENT_TYPES))


def is_sector(words: str) -> bool:
    """Whether ``words`` name one sector (发改, 综合行政执法, 粮食和物资储备): they begin and end
    with words of one agency type that is no government's or township's.

    >>> is_sector("粮食和物资储备"), is_sector("发改"), is_sector("人民政府"), is_sector("改革发")
    (True, True, False, False)
    """
    for kind, pattern in _agency_types():
        if kind not in _GOVERNMENT_TYPES and pattern.match(words) and any(
                m.end() == len(words) for m in pattern.finditer(words)):
            return True
    return False


#: a pattern alternative that is a plain word (水务, 人社), no regular-expression syntax
_PLAIN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,10}$")


@lru_cache(maxsize=1)
def sector_words() -> tuple[str, ...]:
    """The words that name a sector in the agency types (``data/agency_types.tsv``: 水务, 人社,
    生态环境) and in the abbreviations of organ names without their organ kind (民宗), no
    government's or township's.

    >>> {"水务", "人社", "民宗"} <= set(sector_words()), "人民政府" in sector_words()
    (True, False)
    """
    words = [w for kind, pattern in _agency_types() if kind not in _GOVERNMENT_TYPES
             for w in pattern.pattern.split("|") if _PLAIN_WORD.match(w)]
    words += [organ[:-1] for organ in abbreviated_organs()]
    return tuple(dict.fromkeys(words))


@lru_cache(maxsize=1)
def abbreviated_organs() -> tuple[str, ...]:
    """The sector organs written short that the abbreviations spell out (民宗委, 发改委, 住建局).

    >>> {"民宗委", "发改委", "住建局"} <= set(abbreviated_organs())
    True
    """
    return tuple(m.group().removesuffix("$") for pattern, full in _ABBREVIATIONS
                 if (m := re.fullmatch(r"[\u4e00-\u9fff]{2,6}(?<!分)[局委厅]\$?", pattern.pattern))
                 and agency_type(full) not in ("other", *_GOVERNMENT_TYPES))


def agency_type(name: str | None) -> str | None:
    """The type of an agency from its name; ``other`` when no pattern matches."""
    if not name:
        return None
    key = agency_key(name)
    best: tuple[int, int, str] | None = None
    for kind, pattern in _agency_types():
        for match in pattern.finditer(key):
            rank = (match.end(), match.end() - match.start(), kind)
            if best is None or rank[:2] > best[:2]:
                best = rank
    return best[2] if best else "other"
