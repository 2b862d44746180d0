"""Text from outside (file names, URLs, messages that quote them) made safe to print on one line.

A file may be named ``"a.pdf\\n  loaded (ok): forged.pdf"``; printed raw, such a name would forge
lines of ``minsheng ingest`` or ``minsheng status`` output. ``printable`` escapes every control
character, line and paragraph separator and bidirectional override the way Python writes them.
"""

from __future__ import annotations

import unicodedata

# characters that move the cursor or reorder text without being control characters
_INVISIBLE_FORMAT = frozenset("\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``, ``\\u202e``); a backslash
    is doubled only when something else had to be escaped, so ordinary Windows paths stay as
    they are."""
    if all(not _needs_escape(ch) for ch in text):
        return text
    return "".join(_escape(ch) if _needs_escape(ch) or ch == "\\" else ch for ch in text)


def _needs_escape(ch: str) -> bool:
    return ch in _INVISIBLE_FORMAT or unicodedata.category(ch) in ("Cc", "Zl", "Zp")
