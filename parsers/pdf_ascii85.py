"""ASCII85 streams decoded at array speed, byte for byte as pdfminer decodes them.

pdfminer decodes an ``/ASCII85Decode`` stream with ``base64.a85decode``, a loop in Python over
every byte: for a PDF whose content streams are ASCII85 over Flate (as ReportLab writes them)
it is a tenth of the time a page takes to read. ``a85decode`` here reads the common case — only
digits "!" to "u" and the white space ``base64.a85decode`` skips — as 5-digit groups in numpy;
anything else (a "z" group, a byte that is no digit, a group over 2³²) goes to
``base64.a85decode`` itself, which gives the same bytes or raises the same error.
"""

from __future__ import annotations

import base64

import numpy as np

__all__ = ["a85decode", "install"]

SKIPPED = b" \t\n\r\v"  # base64.a85decode's default ignorechars
_POWERS = np.array([85**4, 85**3, 85**2, 85, 1], dtype=np.uint64)


def a85decode(data: bytes) -> bytes:
    """``base64.a85decode(data)`` with its defaults (no Adobe framing, no "y" folding)."""
    digits = np.frombuffer(data.translate(None, SKIPPED), dtype=np.uint8)
    if digits.size == 0:
        return b""
    if int(digits.min()) < 33 or int(digits.max()) > 117:  # "z", or no digit: the slow path
        return base64.a85decode(data)
    short = -digits.size % 5
    if short:  # the last group is padded with "u", its padding bytes cut from the output
        digits = np.concatenate([digits, np.full(short, 117, dtype=np.uint8)])
    values = (digits.reshape(-1, 5).astype(np.uint64) - 33) @ _POWERS
    if int(values.max()) > 0xFFFFFFFF:  # "Ascii85 overflow"
        return base64.a85decode(data)
    out = values.astype(">u4").tobytes()
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
