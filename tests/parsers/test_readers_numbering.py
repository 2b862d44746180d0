"""Word list numbers rendered as Word draws them (parsers.docx_numbering)."""

from __future__ import annotations

import pytest

from parsers.docx_numbering import PLACEHOLDER, chinese, format_number


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (24, "二十四"), (100, "一百"),
     (105, "一百零五"), (110, "一百一十"), (1001, "一千零一")],
)  # fmt: skip
def test_chinese(n: int, text: str) -> None:
    assert chinese(n) == text


@pytest.mark.parametrize(
    ("n", "fmt", "text"),
    [
        (3, "decimal", "3"),
        (3, "decimalZero", "03"),
        (12, "decimalFullWidth", "１２"),
        (3, "chineseCounting", "三"),
        (3, "chineseLegalSimplified", "叁"),
        (3, "ideographTraditional", "丙"),
        (22, "decimalEnclosedCircle", "㉒"),
        (3, "decimalEnclosedCircleChinese", "③"),
        (60, "decimalEnclosedCircle", "60"),
        (3, "decimalEnclosedParen", "(3)"),
        (4, "upperRoman", "IV"),
        (9, "lowerRoman", "ix"),
        (28, "upperLetter", "BB"),
        (2, "lowerLetter", "b"),
        (2, "bullet", ""),
    ],
)
def test_format_number(n: int, fmt: str, text: str) -> None:
    assert format_number(n, fmt) == text


@pytest.mark.parametrize(
    ("text", "levels"), [("%1、", ["1"]), ("（%2）", ["2"]), ("%1.%2", ["1", "2"])]
)
def test_placeholder(text: str, levels: list[str]) -> None:
    assert PLACEHOLDER.findall(text) == levels
