"""Real prefecture-level cities and their county-level divisions, with the issuing office's style.

Short forms (耒阳 for 耒阳市, 麻阳 for 麻阳苗族自治县) are given only where offices use them
and where they cannot be mistaken for the city itself (衡阳县 has none: "衡阳" is the city).
"""

from __future__ import annotations

from dataclasses import dataclass

AUTONOMOUS_SUFFIXES = ("苗族侗族自治县", "苗族自治县", "侗族自治县", "土家族自治县")


@dataclass(frozen=True)
class County:
    name: str
    short: str | None


@dataclass(frozen=True)
class CityInfo:
    name: str
    province: str
    issuers: tuple[str, ...]
    counties: tuple[County, ...]
    unit_word: str  # how the office says "counties, cities and districts"

    def county(self, name: str) -> County:
        for c in self.counties:
            if c.name == name:
                return c
        raise KeyError(name)


def _short(name: str, city_stem: str) -> str | None:
    for suffix in AUTONOMOUS_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    if name == "赣县区":  # a county made a district keeps its old name in speech
        return "赣县"
    if name.endswith("区"):
        return None  # districts are written in full
    stem = name[:-1]
    if len(stem) < 2 or stem == city_stem:
        return None
    return stem


def _city(
    name: str, province: str, issuers: tuple[str, ...], names: str, unit_word: str
) -> CityInfo:
    stem = name.removesuffix("市")
    counties = tuple(County(n, _short(n, stem)) for n in names.split())
    return CityInfo(name, province, issuers, counties, unit_word)


_HUNAN_ISSUERS = ("{city}民生可感行动工作专班办公室", "{city}重点民生实事工作领导小组办公室")

CITIES: dict[str, CityInfo] = {
    c.name: c
    for c in (
        _city(
            "衡阳市",
            "湖南省",
            _HUNAN_ISSUERS,
            "珠晖区 雁峰区 石鼓区 蒸湘区 南岳区 衡阳县 衡南县 衡山县 衡东县 祁东县 耒阳市 常宁市",
            "县市区",
        ),
        _city(
            "岳阳市",
            "湖南省",
            _HUNAN_ISSUERS,
            "岳阳楼区 云溪区 君山区 岳阳县 华容县 湘阴县 平江县 汨罗市 临湘市",
            "县市区",
        ),
        _city(
            "怀化市",
            "湖南省",
            _HUNAN_ISSUERS,
            "鹤城区 中方县 沅陵县 辰溪县 溆浦县 会同县 麻阳苗族自治县 新晃侗族自治县 "
            "芷江侗族自治县 靖州苗族侗族自治县 通道侗族自治县 洪江市",
            "县市区",
        ),
        _city(
            "常德市",
            "湖南省",
            _HUNAN_ISSUERS,
            "武陵区 鼎城区 安乡县 汉寿县 澧县 临澧县 桃源县 石门县 津市市",
            "区县市",
        ),
        _city(
            "赣州市",
            "江西省",
            ("{city}民生实事工作领导小组办公室", "{city}重点民生实事项目推进办公室"),
            "章贡区 南康区 赣县区 信丰县 大余县 上犹县 崇义县 安远县 定南县 全南县 宁都县 "
            "于都县 兴国县 会昌县 寻乌县 石城县 瑞金市 龙南市",
            "县（市、区）",
        ),
        _city(
            "宜宾市",
            "四川省",
            ("{city}民生实事工作推进办公室", "{city}民生工程和民生实事工作领导小组办公室"),
            "翠屏区 南溪区 叙州区 江安县 长宁县 高县 珙县 筠连县 兴文县 屏山县",
            "区县",
        ),
    )
}


def city_info(name: str) -> CityInfo:
    try:
        return CITIES[name]
    except KeyError:
        known = "、".join(CITIES)
        raise ValueError(f"unknown city {name!r}; known: {known}") from None
