"""Synthetic circulars with ground truth: a year of a real city's progress circulars on its key
livelihood projects, with planted events (drops, a rename, a missing month), rendered as text, Word
and PDF. Used by tests and benchmarks; not shipped. ``synth.parsed`` skips the documents: it
builds the parse results of a made-up city's months directly, to fill a warehouse.
"""

from synth.corpus import FORMATS, generate_year, mixed_layout, render, write_year
from synth.geography import CITIES
from synth.inconsistencies import plant_inconsistencies
from synth.longdoc import long_pdf
from synth.model import Circular, YearCorpus

__all__ = [
    "CITIES",
    "FORMATS",
    "Circular",
    "YearCorpus",
    "generate_year",
    "long_pdf",
    "mixed_layout",
    "plant_inconsistencies",
    "render",
    "write_year",
]
