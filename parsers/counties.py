"""County-level units named in circulars, canonical from the gazetteer in ``parsers/data``.

A circular names its counties in full (城步苗族自治县), short (城步, 邵东), as the city's own
level (市本级, 市级) or as a development zone (经开区). ``UnitLexicon`` finds them in text and
returns the canonical names; short forms are resolved only within the circular's city.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

# the suffix that makes a short form: "城步苗族自治县" → "城步", "邵东市" → "邵东",
# "鄂温克族自治旗" → "鄂温克", "神农架林区" → "神农架"
DIVISION_SUFFIX = regex.compile(r"(?:(?:[\p{Han}]{1,6}?族)*自治[县旗]|特区|林区|[县区市旗])")
# the suffix of a prefecture-level name: "邵阳市" → "邵阳", "湘西土家族苗族自治州" → "湘西"
CITY_SUFFIX = regex.compile(r"(?:(?:[\p{Han}]{1,6}?族)*自治州|地区|盟|市)")
# the city's own level: "市本级", "市级应急广播" (not "省市级", "市级领导", "县级自评和市级初评")
CITY_LEVEL = regex.compile(
    r"市本级|(?<![省县区两])(?<!县级[^，。；]{0,6})市级"
    r"(?!领导|部门|干部|层面|单位|责任|以上|初评|初审|复核|审核|评估|验收|考核|督导|调度|统筹)"
)

CITY_OWN_LEVEL = "市本级"


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("parsers").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@dataclass(frozen=True, slots=True)
class County:
    province: str
    city: str
    name: str
    adcode: str


@cache
def counties() -> tuple[County, ...]:
    return tuple(
        County(r["province"], r["city"], r["county"], r["adcode"]) for r in _read("counties.csv")
    )


@cache
def cities() -> tuple[tuple[str, str], ...]:
    """(province, city) of every prefecture-level division."""
    return tuple((r["province"], r["city"]) for r in _read("cities.csv"))


@cache
def zone_aliases() -> dict[str, str]:
    return {r["alias"]: r["canonical"] for r in _read("zones.csv")}


def short_form(name: str, suffix: regex.Pattern[str] = DIVISION_SUFFIX) -> str | None:
    """The name without its division suffix, at least two characters long."""
    for i in range(2, len(name)):
        if suffix.fullmatch(name, i):
            return name[:i]
    return None


@cache
def city_pattern() -> regex.Pattern[str]:
    names = sorted({city for _, city in cities()}, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(n) for n in names))


def find_city(text: str) -> str | None:
    """The first prefecture-level city named in ``text``."""
    m = city_pattern().search(text)
    return m.group(0) if m else None


@dataclass(frozen=True, slots=True)
class UnitHit:
    start: int
    end: int
    name: str


def heads(names: list[str] | set[str] | dict[str, str]) -> dict[str, list[str]]:
    """Names by their first two characters, longest first: one dict look-up per position."""
    by_head: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        by_head.setdefault(name[:2], []).append(name)
    return by_head


def scan_names(
    by_head: dict[str, list[str]], aliases: dict[str, str], text: str, start: int, end: int
) -> list[UnitHit]:
    """The names of ``aliases`` in ``text[start:end]``, longest first at each position, as
    their canonical names, none overlapping."""
    hits: list[UnitHit] = []
    i = start
    while i < end - 1:
        for name in by_head.get(text[i : i + 2], ()):
            if i + len(name) <= end and text.startswith(name, i):
                hits.append(UnitHit(i, i + len(name), aliases[name]))
                i += len(name)
                break
        else:
            i += 1
    return hits


class UnitLexicon:
    """Finds county-level units in text: the circular's city's counties (full and short forms),
    unambiguous full names elsewhere, the city's own level and development zones."""

    def __init__(self, city: str | None) -> None:
        self.city = city
        aliases: dict[str, str] = {}
        for county in counties():
            # two-character names (城区, 郊区, 矿区) are words too: only within the city
            if len(county.name) >= 3:
                aliases.setdefault(county.name, county.name)
        if city:
            city_short = short_form(city, CITY_SUFFIX)
            own = [c for c in counties() if c.city == city]
            shorts: dict[str, list[str]] = {}
            for county in own:
                aliases[county.name] = county.name
                short = short_form(county.name)
                if short and short != city_short:
                    shorts.setdefault(short, []).append(county.name)
            for short, names in shorts.items():
                if len(names) == 1 and short not in aliases:
                    aliases[short] = names[0]
            self.own = {c.name for c in own}
        else:
            self.own = set()
        self.aliases = aliases
        self.by_head = heads(aliases)
        zones = sorted(zone_aliases(), key=len, reverse=True)
        zone_prefix = regex.escape(short_form(city, CITY_SUFFIX) or "") if city else ""
        self.zones = zone_aliases()
        # a zone stands after a separator or the city's short name: "、经开区", "邵阳经开区"
        zone_part = (
            rf"(?:(?<=^|[、，,；;：:（(\s])|{zone_prefix})"
            if zone_prefix
            else r"(?<=^|[、，,；;：:（(\s])"
        )
        self.pattern = regex.compile(
            rf"{zone_part}(?P<zone>{'|'.join(regex.escape(z) for z in zones)})"
            rf"|(?P<own>{CITY_LEVEL.pattern})"
        )

    def _counties(self, text: str, start: int, end: int) -> list[UnitHit]:
        return scan_names(self.by_head, self.aliases, text, start, end)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[UnitHit]:
        """The units named in ``text[start:end]``, in order, none overlapping."""
        end = len(text) if end is None else end
        hits = self._counties(text, start, end)
        taken = [(h.start, h.end) for h in hits]
        for m in self.pattern.finditer(text, start, end):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if m.group("zone"):
                hits.append(UnitHit(m.start(), m.end(), self.zones[m.group("zone")]))
            else:
                hits.append(UnitHit(m.start(), m.end(), CITY_OWN_LEVEL))
        hits.sort(key=lambda h: h.start)
        return hits


@cache
def lexicon(city: str | None) -> UnitLexicon:
    return UnitLexicon(city)
