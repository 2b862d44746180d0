from __future__ import annotations

from pathlib import Path

import pytest

import synth
from synth.model import YearCorpus

CITY, YEAR, SEED = "衡阳市", 2025, 7


@pytest.fixture(scope="session")
def year() -> YearCorpus:
    return synth.generate_year(CITY, YEAR, seed=SEED)


@pytest.fixture(scope="session")
def written(year: YearCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("year")
    synth.write_year(year, out, formats="mixed", duplicates=True)
    return out
