"""Decompression bombs are quarantined with a reason before they cost their unpacked size."""

from __future__ import annotations

import resource
from pathlib import Path

import pytest

from flows.parse_worker import ParseFailure, parse_archived
from tests.faults.bombs import docx_bomb, pdf_bomb

MIB = 1024 * 1024


def test_a_pdf_stream_inflating_past_the_limit_is_a_bomb(tmp_path: Path) -> None:
    bomb = pdf_bomb(tmp_path / "bomb.pdf", 256 * MIB)
    assert bomb.stat().st_size < 2 * MIB
    result = parse_archived(str(bomb), "bomb.pdf", None, 16 * MIB)
    assert isinstance(result, ParseFailure)
    assert (result.reason, result.final) == ("bomb", True)
    assert "limits.unpacked_bytes" in result.message


def test_a_small_pdf_stream_is_read(tmp_path: Path) -> None:
    small = pdf_bomb(tmp_path / "blank.pdf", 1024)
    result = parse_archived(str(small), "blank.pdf", None, 16 * MIB)
    # a page of blanks: no text, but no bomb either
    assert not (isinstance(result, ParseFailure) and result.reason == "bomb")


def test_a_docx_of_empty_paragraphs_is_a_bomb(tmp_path: Path) -> None:
    bomb = docx_bomb(tmp_path / "bomb.docx", 100 * MIB)
    assert bomb.stat().st_size < MIB
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = parse_archived(str(bomb), "bomb.docx", None, 64 * MIB)
    assert isinstance(result, ParseFailure) and result.reason == "bomb"
    # refused from the zip's directory: the 100 MiB were never unpacked
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown * 1024 < 50 * MIB


@pytest.mark.parametrize("name", ["big.docx"])
def test_a_docx_over_the_unpacked_limit_is_too_large(tmp_path: Path, name: str) -> None:
    import zipfile

    from tests.faults.bombs import DOCX_RELS, DOCX_TYPES

    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as package:
        package.writestr("[Content_Types].xml", DOCX_TYPES)
        package.writestr("_rels/.rels", DOCX_RELS)
        package.writestr("word/document.xml", "<w:document/>")
        package.writestr("word/media/image1.png", b"\x89PNG" + bytes(3 * MIB))
    result = parse_archived(str(path), name, None, 2 * MIB)
    assert isinstance(result, ParseFailure) and result.reason == "too_large"


def test_a_readable_pdf_with_bytes_after_eof_is_read(tmp_path: Path) -> None:
    import synth

    pdf = tmp_path / "trailing.pdf"
    synth.long_pdf(pdf, 1, seed=3)
    pdf.write_bytes(pdf.read_bytes() + b"\n" + b"junk " * 2000)
    result = parse_archived(str(pdf), pdf.name)
    assert not isinstance(result, ParseFailure), result


def test_memory_cap_turns_an_allocation_into_a_quarantine(tmp_path: Path) -> None:
    """A worker's address-space cap: a file that needs more memory fails, the worker lives."""
    from concurrent.futures import ProcessPoolExecutor

    from flows.parse_worker import start_worker
    from flows.stages import _worker_context

    text = tmp_path / "big.txt"
    text.write_text("一" * (40 * MIB // 3))  # ~40 MB of text: decoding and parsing need far more
    with ProcessPoolExecutor(
        1, mp_context=_worker_context(), initializer=start_worker, initargs=(256 * MIB,)
    ) as pool:
        result = pool.submit(parse_archived, str(text), "big.txt").result()
    assert isinstance(result, ParseFailure) and result.reason == "too_large"
