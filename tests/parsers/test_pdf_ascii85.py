"""``parsers.pdf_ascii85.a85decode`` gives what ``base64.a85decode`` gives, or its error."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parsers.pdf_ascii85 import a85decode

DIGITS = "".join(map(chr, range(33, 118)))  # "!" to "u"


def _outcome(decode, data: bytes) -> object:  # type: ignore[no-untyped-def]
    try:
        return decode(data)
    except ValueError as exc:
        return ("ValueError", str(exc))


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=64), st.integers(0, 70))
def test_encoded_bytes_decode_as_base64_decodes_them(raw: bytes, wrap: int) -> None:
    encoded = base64.a85encode(raw, wrapcol=wrap)
    assert a85decode(encoded) == base64.a85decode(encoded) == raw


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=40))
def test_any_bytes_decode_or_fail_as_base64_does(data: bytes) -> None:
    assert _outcome(a85decode, data) == _outcome(base64.a85decode, data)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=DIGITS + "z \n",
        max_size=40,
    )
)
def test_digit_strings_decode_or_fail_as_base64_does(text: str) -> None:
    data = text.encode()
    assert _outcome(a85decode, data) == _outcome(base64.a85decode, data)


@pytest.mark.parametrize("data", [b"", b"  \n", b"s8W-!", b's8W-"', b"z", b"!!!!!z", b"u"])
def test_edge_cases_decode_or_fail_as_base64_does(data: bytes) -> None:
    assert _outcome(a85decode, data) == _outcome(base64.a85decode, data)
