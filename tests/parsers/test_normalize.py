"""Normalisation: what it changes, that it is idempotent, and that its map back is right."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from parsers.located import LocText
from parsers.normalize import normalize, normalize_map
from schemas.extracted import LineOrigin, TextBlock


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1-9 月", "1-9月"),
        ("45.56 %", "45.56%"),
        ("进度为 ４５．５６％", "进度为45.56%"),
        ("**新邵县**坚持", "新邵县坚持"),
        ("完\n\n成情况较好", "完成情况较好"),
        ("其中， 洞口县 未达序时", "其中，洞口县未达序时"),
        ("27000\n人", "27000人"),
        ("2021 至 2024 年", "2021至2024年"),
        ("Wi Fi  热点", "Wi Fi热点"),
        ("１－９月", "1－9月"),  # the dash is punctuation: kept as printed
        ("进度\u200b为\u300060%", "进度为60%"),
        ("*\u200b*新邵县*\u200b*", "新邵县"),  # bold marks split by a zero-width space
        ("  前后空白  ", "前后空白"),
        ("", ""),
    ],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


TEXTS = st.text(
    alphabet=st.sampled_from(
        [*"0123456789.%-*  \n\t\u3000０１９％．ＡａAa进度为完成率，。；“”（）①㉑", "\u200b", "\r"]
    ),
    max_size=60,
) | st.text(max_size=60)


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_normalize_is_idempotent(raw: str) -> None:
    once = normalize(raw)
    assert normalize(once) == once


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_map_points_at_the_raw_characters(raw: str) -> None:
    text, keep = normalize_map(raw)
    assert len(text) == len(keep)
    assert keep == sorted(set(keep)), "the map keeps order and never repeats"
    for ch, i in zip(text, keep, strict=True):
        source = raw[i]
        folded = source.translate({0x3000: 0x20}) if source.isspace() else source
        assert ch == folded or ch == " " or ord(source) - ord(ch) == 0xFEE0


@given(
    st.lists(st.text(alphabet=st.sampled_from(list("进度为45.6% ，。\n")), max_size=12), max_size=6)
)
@settings(max_examples=200, deadline=None)
def test_located_text_keeps_each_character_on_its_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    origins, offset = [], 0
    for number, line in enumerate(lines, start=1):
        origins.append(LineOrigin(offset=offset, page=3, line=number))
        offset += len(line) + 1
    if not origins:
        return
    located = LocText.from_block(TextBlock(text=text, origins=origins)).normalized()
    raw_line_of = []
    for number, line in enumerate(lines, start=1):
        raw_line_of.extend([number] * (len(line) + 1))
    _, keep = normalize_map(text)
    for (page, line), i in zip(located.where, keep, strict=True):
        assert page == 3 and line == raw_line_of[i]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="民生1２.%,:-/ \u3000\t\n\xa0\x1cAa*", max_size=30))
def test_the_shortcut_for_texts_with_nothing_to_drop_is_the_general_path(raw: str) -> None:
    from parsers.normalize import FULLWIDTH_TABLE, _collapse_spaces, _normalize_dropping

    text = raw.translate(FULLWIDTH_TABLE)
    assume("**" not in text)  # bold marks go the general way
    assert _collapse_spaces(text) == _normalize_dropping(text)
