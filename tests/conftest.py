"""Hypothesis profiles for the whole suite.

``default`` (what ``make test`` runs) draws 100 examples for a property test that names no
number of its own: the slow ones (a PDF page's glyphs through pdfplumber, a parse per example)
leave it to the profile. ``thorough`` draws ten times as many for a deeper search by hand:
``HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest tests/parsers``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
