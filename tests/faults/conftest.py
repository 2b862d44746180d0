"""Fixtures of the fault tests: a migrated warehouse and an archive in a temporary folder."""

from __future__ import annotations

from tests.flows.conftest import archive_dir, conn

__all__ = ["archive_dir", "conn"]
