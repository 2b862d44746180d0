"""Prefect flows, the command line and settings: the thin outer layer. Nothing imports ``flows``."""
