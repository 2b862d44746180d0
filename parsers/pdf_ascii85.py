"""ASCII85 streams decoded a group at a time, byte for byte as pdfminer decodes them.

pdfminer decodes an ``/ASCII85Decode`` stream with ``base64.a85decode``, a loop in Python over
every byte: for a PDF whose content streams are ASCII85 over Flate (as ReportLab writes them)
it is a tenth of the time a page takes to read. ``a85decode`` here reads the common case — only
digits "!" to "u" and the white space ``base64.a85decode`` skips — five digits at a time, half
the time; anything else (a "z" group, a byte that is no digit, a group over 2³²) goes to
``base64.a85decode`` itself, which gives the same bytes or raises the same error.
"""

from __future__ import annotations

import base64
import struct

__all__ = ["a85decode", "install"]

SKIPPED = b" \t\n\r\v"  # base64.a85decode's default ignorechars
DIGITS = bytes(range(33, 118))  # "!" to "u"
_OFFSET = 33 * (85**4 + 85**3 + 85**2 + 85 + 1)  # each digit's "!" taken off at once


def a85decode(data: bytes) -> bytes:
    """``base64.a85decode(data)`` with its defaults (no Adobe framing, no "y" folding)."""
    digits = data.translate(None, SKIPPED)
    if digits.translate(None, DIGITS):  # "z", or no digit: the slow path
        return base64.a85decode(data)
    short = -len(digits) % 5
    if short:  # the last group is padded with "u", its padding bytes cut from the output
        digits += b"u" * short
    groups = [
        (((digits[i] * 85 + digits[i + 1]) * 85 + digits[i + 2]) * 85 + digits[i + 3]) * 85
        + digits[i + 4]
        - _OFFSET
        for i in range(0, len(digits), 5)
    ]
    try:
        out = struct.pack(f">{len(groups)}I", *groups)
    except struct.error:  # "Ascii85 overflow"
        return base64.a85decode(data)
    return out[:-short] if short else out


def _ascii85decode(data: bytes) -> bytes:
    """pdfminer's ``ascii85decode`` (its "<~"/"~>" stripping) over ``a85decode``."""
    from pdfminer import ascii85

    data = ascii85.start_re.sub(b"", data)
    data = ascii85.end_re.sub(b"", data)
    return a85decode(data)


def install() -> None:
    """Have pdfminer decode ASCII85 streams with ``a85decode`` (idempotent)."""
    from pdfminer import pdftypes

    if pdftypes.ascii85decode is not _ascii85decode:
        pdftypes.ascii85decode = _ascii85decode
