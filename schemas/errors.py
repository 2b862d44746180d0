"""Errors users see: each carries a one-line message and the exit code the CLI returns."""

from __future__ import annotations


class MinshengError(Exception):
    """An error with a message fit for a user; the CLI prints it on one line, no traceback."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableDocument(MinshengError):
    """A file that cannot be read into text: corrupt, encrypted, scanned, mis-encoded, unsupported.

    ``reason`` is a short machine-readable code stored with the quarantined document:
    ``corrupt``, ``encrypted``, ``needs_ocr``, ``bad_encoding``, ``unsupported``, ``empty``,
    ``too_large``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
