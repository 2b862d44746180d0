"""Real cities and counties, and the short forms offices write for them."""

from __future__ import annotations

import pytest

from synth.geography import CITIES, city_info


@pytest.mark.parametrize(
    ("city", "county", "short"),
    [
        ("衡阳市", "耒阳市", "耒阳"),
        ("衡阳市", "衡阳县", None),
        ("衡阳市", "雁峰区", None),
        ("怀化市", "麻阳苗族自治县", "麻阳"),
        ("怀化市", "靖州苗族侗族自治县", "靖州"),
        ("常德市", "津市市", "津市"),
        ("常德市", "澧县", None),
        ("宜宾市", "高县", None),
        ("赣州市", "赣县区", "赣县"),
        ("岳阳市", "岳阳县", None),
    ],
)
def test_short_forms(city: str, county: str, short: str | None) -> None:
    assert city_info(city).county(county).short == short


@pytest.mark.parametrize("city", sorted(CITIES))
def test_names_are_unambiguous(city: str) -> None:
    info = city_info(city)
    names = [c.name for c in info.counties]
    shorts = [c.short for c in info.counties if c.short]
    assert len(set(names)) == len(names) >= 9
    assert len(set(shorts)) == len(shorts)
    for short in shorts:
        assert short != city.removesuffix("市")
        assert sum(name.startswith(short) for name in names) == 1


def test_unknown_city_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="unknown city '北京市'"):
        city_info("北京市")
