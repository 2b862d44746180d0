"""Generated files: deterministic bytes, every format opens, and the figures survive rendering."""

from __future__ import annotations

import json
import tempfile
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from docx import Document as open_docx
from hypothesis import given, settings
from hypothesis import strategies as st
from pdfplumber.page import Page

import synth
from synth.__main__ import main
from synth.document import Document, para
from synth.model import YearCorpus
from synth.render_text import render_text
from synth.wording import HEADER_VARIANTS
from tests.synth.conftest import CITY, SEED, YEAR
from tests.synth.extraction import file_text, page_text, percent_values


@pytest.mark.parametrize("fmt", synth.FORMATS)
def test_same_seed_same_bytes(year: YearCorpus, fmt: str) -> None:
    again = synth.generate_year(CITY, YEAR, seed=SEED)
    for month in (4, 9):
        assert synth.render(year.circular(month), fmt) == synth.render(again.circular(month), fmt)
    assert again.circular(9).golden == year.circular(9).golden


def test_another_seed_another_year(year: YearCorpus) -> None:
    other = synth.generate_year(CITY, YEAR, seed=SEED + 1)
    assert other.circular(9).golden["facts"] != year.circular(9).golden["facts"]


def test_mixed_layout_files(written: Path, year: YearCorpus) -> None:
    formats, duplicate = synth.mixed_layout([c.month for c in year.circulars])
    assert duplicate is not None
    assert {f.split(":")[0] for f in formats.values()} == {"pdf", "docx", "txt"}
    for c in year.circulars:
        golden = json.loads((written / f"{c.stem}.golden.json").read_text(encoding="utf-8"))
        files = sorted(golden["documents"])
        expected = 2 if c.month == duplicate else 1
        assert len(files) == expected
        for name in files:
            text = file_text(written / name)
            facts = {f["value"] for f in golden["facts"]}
            assert facts <= percent_values(text), (name, facts - percent_values(text))
            assert golden["meta"]["issuer"] in "".join(text.split())
    dup = year.circular(duplicate)
    assert (written / f"{dup.stem}.pdf").exists() and (written / f"{dup.stem}.txt").exists()
    drops = json.loads((written / "expected_drops.json").read_text(encoding="utf-8"))
    assert drops == year.expected_drops


def test_one_format_for_all_months_and_no_duplicate(tmp_path: Path) -> None:
    small = synth.generate_year(CITY, YEAR, seed=SEED, months=[3, 4, 5])
    written = synth.write_year(small, tmp_path, formats="txt:gb18030", duplicates=False)
    assert sorted(p.suffix for p in written if not p.name.endswith(".json")) == [".txt"] * 3
    with pytest.raises(ValueError, match="unknown format 'odt'"):
        synth.write_year(small, tmp_path / "x", formats={3: "odt"}, duplicates=False)
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").glob("*.txt"))


def test_text_variants(year: YearCorpus) -> None:
    c = year.circular(6)
    plain = synth.render(c, "txt:utf-8")[1]
    assert synth.render(c, "txt:utf-8-bom")[1] == b"\xef\xbb\xbf" + plain
    assert synth.render(c, "txt:utf-8-crlf")[1] == plain.replace(b"\n", b"\r\n")
    gb = synth.render(c, "txt:gb18030")[1]
    with pytest.raises(UnicodeDecodeError):
        gb.decode("utf-8")
    assert gb.decode("gb18030") == plain.decode("utf-8")
    assert "\n序号\t" in plain.decode("utf-8")


def test_text_looks_extracted(year: YearCorpus) -> None:
    texts = [synth.render(c, "txt:utf-8")[1].decode("utf-8") for c in year.circulars]
    # a merged cell left blank, a table header repeated on a new page
    assert any("\n\t" in t for t in texts)
    assert any(t.count("\n序号\t") >= 3 for t in texts)


def test_a_page_end_cuts_a_paragraph_away_from_figures() -> None:
    long = "各地" * 300 + "，进度为45.56%，" + "推进" * 200 + "。"
    doc = Document([para("通报", "title"), para(long)])
    text = render_text(doc, seed_key="cut")
    body = text.split("通报\n\n", 1)[1]
    assert body.count("\n\n") == 1
    assert "".join(body.split()) == long and "进度为45.56%，" in body


def test_docx_has_real_merged_tables(year: YearCorpus, tmp_path: Path) -> None:
    suffix, data = synth.render(year.circular(9), "docx")
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    doc = open_docx(str(path))
    assert len(doc.tables) == 2
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    assert ("w:tblHeader" in xml) is year.circular(9).document.repeat_header
    assert doc.tables[1].rows[0].cells[0].text == "序号"


def test_pdf_is_ruled_and_repeats_its_header(year: YearCorpus, tmp_path: Path) -> None:
    repeats = [c for c in year.circulars if c.document.repeat_header]
    once = [c for c in year.circulars if not c.document.repeat_header]
    assert repeats and once
    for circular, repeated in ((repeats[0], True), (once[0], False)):
        path = tmp_path / f"{circular.stem}.pdf"
        path.write_bytes(synth.render(circular, "pdf")[1])
        with pdfplumber.open(path) as pdf:
            assert len(pdf.pages) >= 4
            assert pdf.metadata.get("Title") == circular.golden["meta"]["title"]
            firsts = [t[0][0] for p in pdf.pages for t in p.extract_tables()]
        assert len(firsts) >= 3  # two attachments, at least one running on to a new page
        assert (firsts.count("序号") == len(firsts)) is repeated
        assert firsts.count("序号") >= 2


PROJECT_HEADERS = ("项目名称", *HEADER_VARIANTS["项目名称"])


def _continuation_rows(page: Page) -> int:
    """Rows on a new page that carry on a row cut by the page end: no name, only progress."""
    count = 0
    for table in page.extract_tables():
        header = table[0]
        names = [i for i, h in enumerate(header) if h in PROJECT_HEADERS]
        name = names[0] if names else 1
        count += sum(
            1
            for row in table[1:]
            if not (row[name] or "").strip() and (row[name + 1] or "").strip()
        )
    return count


def test_pdf_rows_run_on_across_pages_without_losing_figures(
    year: YearCorpus, tmp_path: Path
) -> None:
    cut = 0
    for c in year.circulars:
        path = tmp_path / f"{c.stem}.pdf"
        path.write_bytes(synth.render(c, "pdf")[1])
        parts: list[str] = []
        with pdfplumber.open(path) as pdf:  # each page read once, for its rows and its text
            for page in pdf.pages:
                cut += _continuation_rows(page)
                parts += page_text(page)
        facts = {f["value"] for f in c.golden["facts"]}
        assert facts <= percent_values("\n".join(parts)), c.stem
    assert cut >= 1


def test_cli_writes_a_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([str(tmp_path), "--city", "宜宾市", "--seed", "3", "--months", "5,6,7"])
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "expected_drops.json" in names and "events.json" in names
    assert len([n for n in names if n.endswith(".golden.json")]) == 3
    assert "宜宾市-2025-06.golden.json" in names
    assert main([str(tmp_path), "--months", "13"]) == 2
    assert "months must lie in 1..12" in capsys.readouterr().err


def test_long_pdf(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    pages = synth.long_pdf(path, 12)
    assert pages >= 12
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == pages


@settings(max_examples=10, deadline=None)
@given(
    city=st.sampled_from(sorted(synth.CITIES)),
    seed=st.integers(min_value=0, max_value=10_000),
    month=st.integers(min_value=1, max_value=12),
    fmt=st.sampled_from(synth.FORMATS),
)
def test_any_circular_keeps_its_figures_in_any_format(
    city: str, seed: int, month: int, fmt: str
) -> None:
    circular = synth.generate_year(city, YEAR, seed=seed, months=[month]).circular(month)
    suffix, data = synth.render(circular, fmt)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{circular.stem}{suffix}"
        path.write_bytes(data)
        text = file_text(path)
    facts = {f["value"] for f in circular.golden["facts"]}
    assert facts <= percent_values(text), facts - percent_values(text)
    assert circular.golden["meta"]["issuer"] in "".join(text.split())
