"""Places at every level: the country, provinces, prefectures (市/州) and counties.

A circular is published by a place of some level and names the places one level down as its
units: a national report names provinces ("河北、湖北"), a province's names its 市州 ("淮南市",
"凉山州"), a city's its counties ("兴宁", "梅江区"). ``find_publisher`` tells the publishing
place from the text ("我省", "全市" and the names printed most); ``PlaceLexicon`` finds the units
of that place in text, short forms included only where they are unambiguous at that level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

import regex

from parsers.counties import (
    CITY_SUFFIX,
    DIVISION_SUFFIX,
    UnitHit,
    cities,
    counties,
    heads,
    lexicon,
    scan_names,
    short_form,
)

# the suffix of a province-level name: "广西壮族自治区" → "广西", "北京市" → "北京"
PROVINCE_SUFFIX = regex.compile(r"(?:(?:壮族|回族|维吾尔)?自治区|省|市)")
# a place speaking of itself: "我省", "全市", "本县", "全国"
SELF_WORD = regex.compile(r"(?P<level>全国|(?:我|全|本)(?P<kind>省|市|州|县|区))")
_LEVEL_OF_KIND = {"省": "province", "市": "city", "州": "city", "县": "county", "区": "county"}
# an organ whose name carries its place: a newsroom or a government office in a byline,
# "某某新闻网讯", "某某融媒讯", "据某某政府网消息", "某某市人民政府民生工作办公室", "某某市民生办"
ORGAN = regex.compile(
    r"(?P<name>\p{Han}{2,12}?)(?:新闻网|融媒体中心|融媒|日报|晚报|电视台|广播电视台|政府网|"
    r"人民政府|民生工作办公室|民生工作领导小组|民生办|民生工程办)"
)
# a verb of official prose that a county's name begins with: "县发改委要会同县督查落实办…"
# (会同 = together with), "开辟绿色通道县级…"; such a name after a modal or a comma is the word
WORD_NAME = regex.compile(
    r"(?<=[要并将应须需由可或和及与、，,；;]|负责|牵头|主动|及时)(?:会同|通道)"
)
# a headline that starts with its place: "某县6月份民生工程进展情况", "关于某县2024年…的通报"
HEADLINE_PLACE = regex.compile(
    r"^(?:关于)?(?![全我本该各])(?P<name>\p{Han}{1,8}?[县区市州旗])(?=[\d一二三四五六七八九十上下前今本全年]|20|民生|重点|为民)"
    r"(?=.*(?:民生|实事|为民))"
)

Level = str  # "country" | "province" | "city" | "county"


@dataclass(frozen=True, slots=True)
class Place:
    level: Level
    name: str | None
    province: str | None = None
    city: str | None = None


COUNTRY = Place("country", "全国")
# the production corps that national tables list beside the provinces: "新疆生产建设兵团", "兵团"
CORPS_FORMS = ("新疆生产建设兵团", "兵团")


@cache
def provinces() -> tuple[str, ...]:
    return tuple(sorted({p for p, _ in cities()}))


def _province_short(name: str) -> str:
    return short_form(name, PROVINCE_SUFFIX) or name


def _city_forms(city: str) -> list[str]:
    """ "凉山彝族自治州" → 凉山彝族自治州, 凉山州, 凉山; "梅州市" → 梅州市, 梅州."""
    short = short_form(city, CITY_SUFFIX)
    forms = [city]
    if short:
        forms.append(short)
        if city.endswith("自治州"):
            forms.append(short + "州")
    return forms


@cache
def _all_names() -> tuple[dict[str, Place], dict[str, list[str]]]:
    """Every unambiguous place name (full names, short forms of provinces and cities)."""
    names: dict[str, Place] = {}
    seen: Counter[str] = Counter()
    for prov in provinces():
        for form in {prov, _province_short(prov)}:
            names[form] = Place("province", prov, prov)
            seen[form] += 1
    for form in CORPS_FORMS:  # a province-level unit of national tables, in no province
        names[form] = Place("province", CORPS_FORMS[0], CORPS_FORMS[0])
        seen[form] += 1
    for prov, city in cities():
        for form in _city_forms(city):
            if form not in names:
                names[form] = Place("city", city, prov, city)
            seen[form] += 1
    for c in counties():
        if len(c.name) >= 3 and c.name not in names:
            names[c.name] = Place("county", c.name, c.province, c.city)
        seen[c.name] += 1
    unique = {n: p for n, p in names.items() if seen[n] == 1 or p.level == "province"}
    return unique, heads(unique)


@cache
def whole_cell_names() -> frozenset[str]:
    """Every place name a table cell may hold alone: full names, and the short forms of
    provinces, prefectures and counties that no other place shares."""
    names, _ = _all_names()
    shorts: Counter[str] = Counter()
    for c in counties():
        short = short_form(c.name)
        if short:
            shorts[short] += 1
    unique_shorts = {n for n, k in shorts.items() if k == 1 and n not in names}
    return frozenset(names) | frozenset(c.name for c in counties()) | frozenset(unique_shorts)


def table_publisher(cells: list[str]) -> Place | None:
    """The province whose 市州 a table's rows name ("成都", "绵阳市", "凉山州"), when most of
    them belong to one."""
    names, _ = _all_names()
    provinces_named = Counter(
        names[c].province for c in cells if c in names and names[c].level == "city"
    )
    if provinces_named:
        name, count = provinces_named.most_common(1)[0]
        if count >= 3 and count * 2 > len(cells):
            return Place("province", name, name)
    return None


def _score_names(text: str) -> Counter[Place]:
    names, by_head = _all_names()
    found: Counter[Place] = Counter()
    for hit in scan_names(by_head, {n: n for n in names}, text, 0, len(text)):
        if not is_word_at(text, hit.start):
            found[names[hit.name]] += 1
    return found


def is_word_at(text: str, start: int) -> bool:
    """True when the place name at ``start`` is a verb of the prose ("要会同县督查落实办")."""
    return WORD_NAME.match(text, start) is not None


@cache
def _short_names() -> dict[str, Place]:
    """Every place by its short form where no other place shares it ("宁海" → 宁海县), and the
    two-character county names ("萧县") the lexicon leaves out of running text."""
    names, _ = _all_names()
    shorts: dict[str, list[Place]] = {}
    for c in counties():
        place = Place("county", c.name, c.province, c.city)
        for form in _stems(c.name, DIVISION_SUFFIX):
            shorts.setdefault(form, []).append(place)
    for prov, city in cities():
        place = Place("city", city, prov, city)
        for form in {*_stems(city, CITY_SUFFIX), *_city_forms(city)}:
            shorts.setdefault(form, []).append(place)
    unique = {n: ps[0] for n, ps in shorts.items() if len(ps) == 1 and len(n) >= 2}
    return {**unique, **names}


def _stems(name: str, suffix: regex.Pattern[str]) -> set[str]:
    """A name and every stem its suffix leaves: "黔东南苗族侗族自治州" → 黔东南, 黔东南州 …"""
    forms = {name}
    for i in range(2, len(name)):
        if suffix.fullmatch(name, i):
            forms.add(name[:i])
            if name.endswith("自治州"):
                forms.add(name[:i] + "州")
    return forms


def name_forms(name: str) -> set[str]:
    """A place's name and the short forms a text may call it by: 宁海县 → 宁海县, 宁海."""
    forms = _stems(name, DIVISION_SUFFIX) | _stems(name, CITY_SUFFIX) | {_province_short(name)}
    return {f for f in forms if len(f) >= 2}


def _resolve(name: str) -> Place | None:
    """The place a name or a short form stands for, when only one place has it."""
    return _short_names().get(name)


def organ_places(text: str) -> Counter[Place]:
    """Places named by the organs of a text's bylines and sources: "某某新闻网讯",
    "据某某政府网消息", "某某市民生办"."""
    found: Counter[Place] = Counter()
    for m in ORGAN.finditer(text):
        name = m.group("name")
        for i in range(len(name) - 1):  # "据宁海新闻网": the place ends where the organ starts
            place = _resolve(name[i:])
            if place is not None:
                found[place] += 1
                break
    return found


def headline_places(head: str) -> Counter[Place]:
    """The place a headline starts with ("某县6月份民生工程进展情况"), short names included."""
    found: Counter[Place] = Counter()
    for line in head.splitlines():
        m = HEADLINE_PLACE.match(line.strip())
        if m:
            place = _resolve(m.group("name"))
            if place is not None:
                found[place] += 1
    return found


def find_publisher(text: str, head: str = "") -> Place:
    """The place that publishes a text: the level it speaks of itself at ("全省", "我市"), and
    the name of that level printed most (the headline ``head`` counted thrice)."""
    words = Counter(
        "country" if m.group("level") == "全国" else _LEVEL_OF_KIND[m.group("kind")]
        for m in SELF_WORD.finditer(text)
    )
    found = _score_names(text) + _score_names(head) + _score_names(head) + _score_names(head)
    # a place named by the byline's organ or leading the headline is named as the publisher
    named = organ_places(text) + headline_places(head)
    for place in named:
        found[place] += 3
    if (
        "自治区" in text
        and words.get("county")
        and any(p.level == "province" and p.name and p.name.endswith("自治区") for p in found)
    ):
        words["province"] += words.pop("county")  # "全区" of an autonomous region
    level = words.most_common(1)[0][0] if words else None
    if level == "country":
        return COUNTRY
    head_found = _score_names(head) + named
    # a place named once in passing ("某县实验中学") does not publish the text
    ranked = [p for p, n in found.most_common() if n >= 5 or p in head_found]
    ranked += [p for p, _ in found.most_common() if p not in ranked and p.level != "county"]
    if level is None:
        # no "我省"/"全市": several 市州 of one province name the province, several counties
        # of one city the city
        provinces_named = {p.province for p in found if p.level == "province"}
        if len(provinces_named) >= 4:  # "北京…广东省…天津…上海": a report on the country
            return COUNTRY
        cities_named = {p for p in found if p.level == "city"}
        provinces_of = Counter(p.province for p in cities_named)
        if len(cities_named) >= 3 and len(provinces_of) == 1:
            name = next(iter(provinces_of))
            return Place("province", name, name)
        counties_named = {p for p in found if p.level == "county"}
        cities_of = Counter(p.city for p in counties_named)
        if len(counties_named) >= 2 and len(cities_of) == 1:
            city = next(iter(cities_of))
            return Place("city", city, next(iter(counties_named)).province, city)
    if level:
        for place in ranked:
            if place.level == level:
                return place
        if level == "city":
            # a county-level city speaking of itself ("全市" in 界首市's news), or a
            # municipality ("全市" in 北京市's)
            for place in ranked:
                if place.name and place.name.endswith("市"):
                    if place.level == "county":
                        return Place("city", place.name, place.province, place.city)
                    if place.level == "province":
                        return Place("city", place.name, place.name, place.name)
        if level == "province":  # a province not named, its cities named: "淮南市", "合肥市"
            provinces_named = Counter(p.province for p in ranked if p.province)
            if provinces_named:
                name = provinces_named.most_common(1)[0][0]
                return Place("province", name, name)
        return Place(level, None)
    return ranked[0] if ranked else Place("unknown", None)


class PlaceLexicon:
    """Finds the units of a publishing place in text (``find`` as ``UnitLexicon.find``)."""

    def __init__(self, publisher: Place) -> None:
        self.publisher = publisher
        aliases: dict[str, str] = {}
        self.city_units = None
        if publisher.level == "country":
            for prov in provinces():
                aliases[prov] = prov
                aliases[_province_short(prov)] = _province_short(prov)
        elif publisher.level == "province":
            for prov, city in cities():
                if prov == publisher.name:
                    for form in _city_forms(city):
                        aliases[form] = form
            for c in counties():
                if c.province == publisher.name and len(c.name) >= 3:
                    aliases[c.name] = c.name
        elif publisher.level == "city" and publisher.name:
            self.city_units = lexicon(publisher.name)
        else:
            for c in counties():
                if len(c.name) >= 3 and c.name != publisher.name:
                    aliases[c.name] = c.name
            for _, city in cities():
                aliases.setdefault(city, city)
        own = publisher.name or ""
        for form in [own, _province_short(own), *(_city_forms(own) if own else [])]:
            aliases.pop(form, None)
        self.aliases = aliases
        self.by_head = heads(aliases)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[UnitHit]:
        end = len(text) if end is None else end
        if self.city_units is not None:
            own = self.publisher.name
            hits = [h for h in self.city_units.find(text, start, end) if h.name != own]
        else:
            hits = scan_names(self.by_head, self.aliases, text, start, end)
        return [h for h in hits if not is_word_at(text, h.start)]

    def whole(self, cell: str) -> str | None:
        """The unit a table cell names and nothing else: "成 都" → 成都, "西昌市" → 西昌市."""
        name = regex.sub(r"\s+", "", cell)
        hits = self.find(name)
        if hits and hits[0].start == 0 and hits[0].end == len(name):
            return hits[0].name
        stem = short_form(name)  # a renamed or re-suffixed county: "会理县" for 会理市
        if stem and len(name) <= 6:
            hits = self.find(stem)
            if hits and hits[0].start == 0 and hits[0].end == len(stem):
                return name
        # a cell that is a place name and nothing else is one whatever the publisher: a table
        # of 市州 in a page that never names its province
        own = self.publisher.name or ""
        own_forms = {own, _province_short(own), *_city_forms(own)} if own else set()
        if name in whole_cell_names() and name not in own_forms:
            return name
        return None


@cache
def place_lexicon(publisher: Place) -> PlaceLexicon:
    return PlaceLexicon(publisher)
