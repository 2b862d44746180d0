"""Benchmarks: ``python -m bench`` (parse speed and memory, beside pdftotext)."""
