"""Text files: encodings, line ends, refusing mojibake; telling the kind of a file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parsers.readers import decode_text, read_bytes, read_path, sniff_media_type
from schemas.errors import MinshengError, UnreadableDocument
from schemas.extracted import TableRow, TextBlock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "readers"
SENTENCE = "上半年，全市新建城市书房12个，完成率85.71%；白石县、青岭区进度滞后。"


@pytest.mark.parametrize("name", ["utf8_bom.txt", "gb18030.txt", "utf16.txt", "crlf.txt", "cr.txt"])
def test_encodings_and_line_ends_decode_to_the_same_text(name: str) -> None:
    text = decode_text((FIXTURES / name).read_bytes())
    assert text.splitlines()[0] == "临溪市民生实事工作专班办公室"
    assert "　　" + SENTENCE in text.split("\n")
    assert "\r" not in text
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("name", ["utf8_bom.txt", "gb18030.txt", "utf16.txt", "cr.txt"])
def test_text_files_read_into_lines_and_table_rows(name: str) -> None:
    doc = read_path(FIXTURES / name)
    assert doc.media_type == "text/plain"
    assert doc.pages is None
    assert doc.filename == name
    blocks = [i for i in doc.items if isinstance(i, TextBlock)]
    assert blocks[0].text == "临溪市民生实事工作专班办公室"
    assert blocks[0].origins[0].line == 1
    rows = [i for i in doc.items if isinstance(i, TableRow)]
    assert [c.text for c in rows[1].cells if c is not None] == [
        "1",
        "城市书房建设",
        "已建成12个，完成率85.71%。",
    ]


def test_big5_is_refused_not_read_as_mojibake() -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_path(FIXTURES / "big5.txt")
    assert caught.value.reason == "bad_encoding"
    assert caught.value.message == (
        "big5.txt: cannot be decoded as UTF-8 or GB18030; not loading mojibake"
    )


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 3,
        "Grüße aus Köln, 85 % erledigt".encode("latin-1"),
        "Статус: выполнено 85%".encode("koi8-r"),
        "進度：完成率85%，臺北市".encode("big5"),
        "utf-8 with a C1 control \u0085 inside".encode(),
    ],
)
def test_undecodable_bytes_raise_bad_encoding(data: bytes) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        decode_text(data, label="x.txt")
    assert caught.value.reason == "bad_encoding"


@given(
    text=st.text(alphabet=SENTENCE + "序号实事名称进展情况“”（）①㉒0123456789\t\n %", min_size=1),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
def test_chinese_prose_round_trips_in_every_encoding(text: str, encoding: str) -> None:
    assert decode_text(text.encode(encoding)) == text


@given(st.text(alphabet=st.characters(codec="ascii", exclude_categories=("Cc",)), min_size=1))
def test_ascii_is_read_as_is(text: str) -> None:
    assert decode_text(text.encode()) == text


def test_traditional_chinese_utf8_is_read_as_written() -> None:
    text = "臨溪市民生實事：完成率85.71%，進度滯後。"
    assert decode_text(text.encode()) == text


def test_utf16_without_a_bom() -> None:
    assert decode_text(("序号\t进展\n" + SENTENCE).encode("utf-16-le")) == "序号\t进展\n" + SENTENCE


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"", "a.txt", "empty"),
        (b"  \r\n\t ", "a.txt", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "notice.doc", "unsupported"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "notice.docx",
            "encrypted",
        ),
        (b"<!DOCTYPE html><html><body>404</body></html>", "notice.pdf", "corrupt"),
        (b"<html><body><script>go()</script></body></html>", "page.html", "empty"),
        (b"hello", "notice.docx", "corrupt"),
        (b"PK\x03\x04 not really a zip", "notice.docx", "corrupt"),
        (b"\x00\x01\x02binary\x00", "data.bin", "unsupported"),
    ],
)
def test_unreadable_kinds(data: bytes, filename: str, reason: str) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(data, filename)
    assert caught.value.reason == reason
    assert caught.value.message.startswith(filename)
    assert "\n" not in caught.value.message


@pytest.mark.parametrize(
    ("member", "filename", "says"),
    [
        ("xl/workbook.xml", "book.xlsx", "Excel workbook"),
        ("OFD.xml", "notice.ofd", "OFD document"),
        ("readme.txt", "bundle.zip", "no word/document.xml"),
    ],
)
def test_a_zip_that_is_not_a_docx_is_unsupported(member: str, filename: str, says: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(member, "<x/>")
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(buf.getvalue(), filename)
    assert caught.value.reason == "unsupported"
    assert says in caught.value.message


@pytest.mark.parametrize(
    ("filename", "says"),
    [("notice.doc", "legacy Word .doc"), ("notice.wps", "WPS Office .wps"), ("x.xls", "OLE")],
)
def test_ole_files_name_their_kind(filename: str, says: str) -> None:
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, filename)
    assert caught.value.reason == "unsupported"
    assert says in caught.value.message
    assert "save it as .docx or PDF" in caught.value.message


@pytest.mark.parametrize(
    ("head", "filename", "media_type"),
    [
        (b"%PDF-1.7\n", "notice.txt", "application/pdf"),  # content wins over the name
        (b"\r\n%PDF-1.4\n", "download", "application/pdf"),
        ("序号\t进展".encode(), "notice.pdf.txt", "text/plain"),
        ("序号".encode(), "", "text/plain"),
    ],
)
def test_sniff_media_type(head: bytes, filename: str, media_type: str) -> None:
    assert sniff_media_type(head, filename) == media_type


def test_docx_sniffed_by_content_under_any_name() -> None:
    data = (FIXTURES / "merged.docx").read_bytes()
    assert sniff_media_type(data, "download.bin").endswith("wordprocessingml.document")


def test_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(SENTENCE.encode() * 100)
    with pytest.raises(UnreadableDocument) as caught:
        read_path(path, max_bytes=1000)
    assert caught.value.reason == "too_large"
    with pytest.raises(UnreadableDocument) as caught:
        read_bytes(path.read_bytes(), "big.txt", max_bytes=1000)
    assert caught.value.reason == "too_large"
    assert read_path(path).items


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(MinshengError, match="no such file"):
        read_path(tmp_path / "nope.pdf")
    with pytest.raises(MinshengError, match="directory"):
        read_path(tmp_path)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("全市⼀季度", "全市一季度"),  # U+2F00 KANGXI RADICAL ONE
        ("⾏政审批", "行政审批"),
        ("⽉底完成率85%", "月底完成率85%"),
        ("\uf900", "豈"),  # a compatibility ideograph
        ("一季度", "一季度"),
    ],
)
def test_kangxi_radicals_fold_to_ordinary_characters(raw: str, folded: str) -> None:
    from parsers.pdf_glyphs import fold_radicals

    assert fold_radicals(raw) == folded
    assert decode_text(raw.encode()) == folded
