"""Generate a city-year of circulars and write it out in one or several formats."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

from synth.compose import compose_circular
from synth.geography import city_info
from synth.golden import completion_events, events_json, expected_drops
from synth.model import Circular, YearCorpus
from synth.render_docx import render_docx
from synth.render_pdf import render_pdf
from synth.render_text import TEXT_VARIANTS, encode_text, render_text
from synth.simulate import plan_year

FORMATS = ("pdf", "docx", *(f"txt:{v}" for v in TEXT_VARIANTS))
DEFAULT_MONTHS = list(range(2, 13))


def generate_year(
    city: str, year: int, *, seed: int, months: list[int] | None = None
) -> YearCorpus:
    """A year of circulars (one per month in ``months``, default February to December)."""
    months = sorted(set(months or DEFAULT_MONTHS))
    if not all(1 <= m <= 12 for m in months):
        raise ValueError(f"months must lie in 1..12, got {months}")
    plan = plan_year(city_info(city), year, seed, months)
    circulars = [compose_circular(plan, m) for m in months]
    return YearCorpus(
        city=city,
        year=year,
        seed=seed,
        circulars=circulars,
        expected_drops=expected_drops(circulars, plan),
        events=sorted(
            events_json(plan) + completion_events(circulars, year), key=lambda e: e["period"]
        ),
    )


def mixed_layout(months: list[int]) -> tuple[dict[int, str], int | None]:
    """A fixed mix of formats by month, and the month written twice (PDF and text)."""
    cycle = ("pdf", "txt:gb18030", "docx", "pdf", "txt:utf-8", "txt:utf-8-bom", "docx",
             "txt:utf-8-crlf")  # fmt: skip
    formats = {m: cycle[i % len(cycle)] for i, m in enumerate(sorted(months))}
    duplicate = sorted(months)[len(months) // 2] if len(months) >= 2 else None
    if duplicate is not None:
        formats[duplicate] = "pdf"
    return formats, duplicate


def render(circular: Circular, fmt: str) -> tuple[str, bytes]:
    """(file suffix, bytes) of a circular in ``fmt``: pdf, docx or txt:<variant>."""
    if fmt == "pdf":
        return ".pdf", render_pdf(circular.document, title=circular.golden["meta"]["title"])
    if fmt == "docx":
        issued = dt.date.fromisoformat(circular.golden["meta"]["issued"])
        created = dt.datetime(issued.year, issued.month, issued.day, 9, 0, 0)
        return ".docx", render_docx(circular.document, created=created)
    if fmt.startswith("txt"):
        variant = fmt.partition(":")[2] or "utf-8"
        return ".txt", encode_text(render_text(circular.document, seed_key=circular.stem), variant)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_year(
    corpus: YearCorpus,
    out_dir: str | Path,
    *,
    formats: dict[int, str] | Literal["mixed"] | str = "mixed",
    duplicates: bool = True,
    truth_dir: str | Path | None = None,
    inconsistencies: list[dict[str, Any]] | None = None,
) -> list[Path]:
    """Write each circular, its ``.golden.json``, and ``expected_drops.json``/``events.json``.

    ``formats`` maps month -> format, or is "mixed" (a fixed mix) or one format for every month.
    With ``duplicates`` one month is also written as text: the same circular in a second format.
    The ground truth goes to ``truth_dir`` when given (so a folder of circulars holds only them),
    with ``expected_inconsistencies.json`` when ``inconsistencies`` were planted.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    truth = Path(truth_dir) if truth_dir is not None else out
    truth.mkdir(parents=True, exist_ok=True)
    months = [c.month for c in corpus.circulars]
    duplicate: int | None = None
    if formats == "mixed":
        chosen, duplicate = mixed_layout(months)
    elif isinstance(formats, str):
        chosen = dict.fromkeys(months, formats)
    else:
        chosen = {m: formats.get(m, "pdf") for m in months}
    if duplicates and duplicate is None and len(months) >= 2:
        duplicate = sorted(months)[len(months) // 2]
        chosen[duplicate] = "pdf"
    if not duplicates:
        duplicate = None
    unknown = sorted(set(chosen.values()) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}; one of {', '.join(FORMATS)}")
    written: list[Path] = []
    for c in corpus.circulars:
        fmts = [chosen[c.month]]
        if c.month == duplicate:
            fmts.append("txt:utf-8")
        documents = []
        for fmt in fmts:
            suffix, data = render(c, fmt)
            path = out / f"{c.stem}{suffix}"
            path.write_bytes(data)
            written.append(path)
            documents.append(path.name)
        golden = dict(c.golden, document=documents[0], documents=documents)
        path = truth / f"{c.stem}.golden.json"
        path.write_bytes(_json(golden))
        written.append(path)
    truths: list[tuple[str, Any]] = [
        ("expected_drops.json", corpus.expected_drops),
        ("events.json", corpus.events),
    ]
    if inconsistencies is not None:
        truths.append(("expected_inconsistencies.json", inconsistencies))
    for name, data in truths:
        (truth / name).write_bytes(_json(data))
        written.append(truth / name)
    return written
