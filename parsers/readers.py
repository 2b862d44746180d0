"""Readers: the one module of ``parsers`` that touches files.

``read_path`` / ``read_bytes`` turn a PDF, a plain-text, a Word (.docx) or an HTML file into an
:class:`~schemas.extracted.ExtractedDocument`, or raise
:class:`~schemas.errors.UnreadableDocument` with a reason code and a one-line message. The kind
of a file is told from its bytes first (``%PDF``, a zip holding ``word/document.xml``, an OLE
container) and from its name only after that.

- PDF (PDFium, pdfplumber for the pages PDFium's mapping does not cover: ``parsers.pdf_pdfium``):
  faux-bold doubled glyphs removed, tables rebuilt (``parsers.tables``), one block per physical
  line with page and line (numbering in ``parsers.pdf_layout``). Pages without a usable text
  layer (scans, unmapped CID fonts) are read by OCR (``parsers.ocr_pages``), laid out the same
  way.
- Text: UTF-8 (BOM or not), GB18030/GBK, UTF-16; refused rather than read as mojibake.
  ``line`` is the line of the file.
- Word .docx (python-docx): paragraphs and tables in document order, list numbers drawn
  (layout in ``parsers.docx_layout``); ``page`` is None and ``line`` the running number of the
  paragraph or table row.
- HTML (lxml): the article of a portal page, its title and publish line first; ``page`` is
  None and ``line`` the line of the page's text rendering (``parsers.html_layout``).
"""

from __future__ import annotations

import hashlib
import io
import logging
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from parsers import (
    docx_layout,
    html_layout,
    ocr_pages,
    pdf_ascii85,
    pdf_glyphs,
    pdf_layout,
    pdf_pdfium,
    unpacking,
)
from schemas.errors import MinshengError, UnreadableDocument
from schemas.extracted import ExtractedDocument, TableRow, TextBlock

__all__ = ["MAX_BYTES", "decode_text", "read_bytes", "read_path", "sniff_media_type"]

# pdfminer logs every oddity of a damaged font at WARNING on the root handler; users get our
# one-line errors instead.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_BYTES = 50 * 1024 * 1024
PDF = "application/pdf"
TEXT = "text/plain"
PDF_ENGINES = ("pdfium", "pdfplumber")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = html_layout.HTML

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
TEXT_SUFFIXES = {"", ".txt", ".text", ".csv", ".tsv", ".md"}


def read_path(path: str | Path, *, max_bytes: int = MAX_BYTES) -> ExtractedDocument:
    """Read the file at ``path`` (see :func:`read_bytes`); a file over ``max_bytes`` is refused
    before it is read."""
    p = Path(path)
    try:
        if p.is_dir():
            raise MinshengError(f"{p}: is a directory, not a document")
        size = p.stat().st_size
        if size > max_bytes:
            raise _too_large(p.name, size, max_bytes)
        data = p.read_bytes()
    except FileNotFoundError:
        raise MinshengError(f"{p}: no such file") from None
    except PermissionError:
        raise MinshengError(f"{p}: permission denied") from None
    return read_bytes(data, p.name, max_bytes=max_bytes)


def read_bytes(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_BYTES,
    unpacked_bytes: int = unpacking.UNPACKED_BYTES,
    pdf_engine: str = "pdfium",
) -> ExtractedDocument:
    """Read a document from its bytes; ``filename`` helps tell its kind and is kept. A PDF or
    Word file that would unpack to more than ``unpacked_bytes`` is refused (``bomb``,
    ``too_large``) before it costs the memory.

    ``pdf_engine``: "pdfium" (PDFium reads the pages, pdfplumber those it does not cover; see
    ``parsers.pdf_pdfium``) or "pdfplumber" (pdfplumber reads every page); both give the same
    document.
    """
    name = Path(filename).name if filename else None
    label = name or "document"
    if len(data) > max_bytes:
        raise _too_large(label, len(data), max_bytes)
    if not data.strip():
        raise UnreadableDocument("empty", f"{label}: the file is empty")
    sha256 = hashlib.sha256(data).hexdigest()
    media_type = sniff_media_type(data, name)
    if media_type == PDF:
        if pdf_engine not in PDF_ENGINES:
            raise ValueError(f"unknown PDF engine {pdf_engine!r}: 'pdfium' or 'pdfplumber'")
        with unpacking.inflate_budget(label, unpacked_bytes):
            return _read_pdf(data, sha256, name, engine=pdf_engine)
    if media_type == DOCX:
        unpacking.check_zip(data, label, unpacked_bytes)
        return _read_docx(data, sha256, name)
    if media_type == HTML:
        return html_layout.read_html(data, sha256=sha256, filename=name)
    return _read_text(data, sha256, name)


def sniff_media_type(data: bytes, filename: str | None) -> str:
    """The media type of ``data``: by content first, then by the name's suffix.

    Raises ``UnreadableDocument`` for what no reader takes (a legacy .doc, other zips) and for
    a file whose name promises a PDF or a .docx that its bytes are not.
    """
    label = filename or "document"
    suffix = Path(filename or "").suffix.lower()
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(ZIP_MAGIC):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            raise UnreadableDocument(
                "corrupt", f"{label}: damaged zip archive (a .docx is one); cannot open it"
            ) from None
        if "word/document.xml" in names:
            return DOCX
        if "OFD.xml" in names:
            what = "an OFD document, which is not supported; export it as PDF"
        elif "xl/workbook.xml" in names:
            what = "an Excel workbook, not a circular; save it as PDF"
        else:
            what = "a zip archive but not a Word .docx (no word/document.xml)"
        raise UnreadableDocument("unsupported", f"{label}: {what}")
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableDocument(
                "encrypted", f"{label}: password-protected Office file; save it without a password"
            )
        kind = {".doc": "legacy Word .doc", ".wps": "WPS Office .wps"}.get(
            suffix, "legacy Office (OLE)"
        )
        raise UnreadableDocument(
            "unsupported", f"{label}: {kind} format is not supported; save it as .docx or PDF"
        )
    head = data[:512].lstrip().lower()
    looks_html = head.startswith((b"<!doctype html", b"<html", b"<head"))
    if suffix == ".pdf":
        what = "an HTML page" if looks_html else "something else"
        raise UnreadableDocument(
            "corrupt", f"{label}: named .pdf but has no %PDF header (it is {what})"
        )
    if suffix in {".docx", ".docm"}:
        raise UnreadableDocument("corrupt", f"{label}: named {suffix} but is not a zip archive")
    if suffix == ".doc":
        raise UnreadableDocument(
            "unsupported", f"{label}: not a Word file that can be read; save it as .docx or PDF"
        )
    if looks_html or suffix in {".html", ".htm"}:
        return HTML
    bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if suffix not in TEXT_SUFFIXES and not bom and b"\x00" in data[:4096]:
        raise UnreadableDocument("unsupported", f"{label}: unsupported file type {suffix}")
    return TEXT


def _too_large(label: str, size: int, limit: int) -> UnreadableDocument:
    return UnreadableDocument(
        "too_large", f"{label}: {size / 1e6:.1f} MB is over the {limit / 1e6:.1f} MB size limit"
    )


# --- text -------------------------------------------------------------------------------------

# Characters usual in a circular besides GB2312 hanzi and ASCII: CJK and general punctuation
# "，。、“”（）《》—…", full-width forms "％１２", ①–⑳, ㉑–㊿, Ⅰ–Ⅻ, ℃, ·, ×, °, ±, ÷, §.
_USUAL_RANGES = (
    ("\u3000", "\u303f"),
    ("\uff00", "\uffef"),
    ("\u2000", "\u206f"),
    ("\u2460", "\u24ff"),
    ("\u3200", "\u32ff"),
    ("\u2100", "\u218f"),
)
_USUAL_CHARS = set("·×÷°±§")
_ALLOWED_CONTROLS = set("\t\n\r\f\v")


def _is_usual(ch: str) -> bool:
    if ch < "\x7f":
        return True
    if "\u4e00" <= ch <= "\u9fff":
        try:
            ch.encode("gb2312")
        except UnicodeEncodeError:
            return False
        return True
    return ch in _USUAL_CHARS or any(lo <= ch <= hi for lo, hi in _USUAL_RANGES)


def _clean(text: str) -> bool:
    """No control characters but line ends and tabs, no C1 controls, no U+FFFD, little PUA."""
    private = 0
    for ch in text:
        if (ch < " " and ch not in _ALLOWED_CONTROLS) or "\x7f" <= ch <= "\x9f" or ch == "\ufffd":
            return False
        private += "\ue000" <= ch <= "\uf8ff"
    return private <= 0.01 * len(text)


def _looks_like_chinese_prose(text: str) -> bool:
    """Clean, and 90% or more of its non-ASCII characters are the usual ones of a circular."""
    if not _clean(text):
        return False
    wide = [ch for ch in text if ch > "\x7f" and not ch.isspace()]
    return sum(map(_is_usual, wide)) >= 0.9 * len(wide)


def _attempt(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _attempt(data, "utf-16")
        return text if text is not None and _looks_like_chinese_prose(text) else None
    utf8 = _attempt(data, "utf-8-sig")
    if utf8 is not None and _looks_like_chinese_prose(utf8):
        return utf8
    for encoding in ("gb18030", "utf-16-le", "utf-16-be"):
        text = _attempt(data, encoding)
        if text is not None and _looks_like_chinese_prose(text):
            return text
    # Valid UTF-8 that is not simplified Chinese (traditional characters, other scripts) is
    # still the text as written; only control characters make it suspect.
    return utf8 if utf8 is not None and _clean(utf8) else None


def decode_text(data: bytes, *, label: str = "document") -> str:
    """The text of a plain-text file, line ends made "\\n", Kangxi radicals that stand for
    ordinary characters (text copied out of some PDFs) folded to them.

    With a UTF-16 BOM, UTF-16. Otherwise the first of UTF-8 (BOM or not), GB18030, UTF-16
    without a BOM, each decoded strictly, that reads like Chinese prose (GB2312 characters,
    ASCII and the usual punctuation; no control or replacement characters) — almost any bytes
    decode as GB18030, and a short GB18030 text can be valid UTF-8. Failing that, UTF-8 without
    control characters is taken as written. Anything else raises
    ``UnreadableDocument("bad_encoding")`` instead of loading mojibake.
    """
    text = _decode(data)
    if text is None:
        raise UnreadableDocument(
            "bad_encoding",
            f"{label}: cannot be decoded as UTF-8 or GB18030; not loading mojibake",
        )
    return pdf_glyphs.fold_radicals(text.replace("\r\n", "\n").replace("\r", "\n"))


def _read_text(data: bytes, sha256: str, filename: str | None) -> ExtractedDocument:
    from parsers.blocks import document_from_text

    text = decode_text(data, label=filename or "document")
    if not text.strip():
        raise UnreadableDocument("empty", f"{filename or 'document'}: the file holds no text")
    return document_from_text(text, sha256=sha256, media_type=TEXT, filename=filename)


# --- PDF --------------------------------------------------------------------------------------


def _read_pdf(
    data: bytes, sha256: str, filename: str | None, *, engine: str = "pdfium"
) -> ExtractedDocument:
    label = filename or "PDF"
    if b"%%EOF" not in data:  # bytes after the marker are tolerated, as readers do
        raise UnreadableDocument(
            "corrupt", f"{label}: truncated PDF (no %%EOF marker at its end); fetch it again"
        )
    pdf_ascii85.install()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = list(_read_pages(data, pdf, engine))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, UnreadableDocument):
            raise cause from None
        raise _pdf_error(label, cause) from None
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many kinds of errors on broken files
        raise _pdf_error(label, exc) from None
    if not pages:
        raise UnreadableDocument("empty", f"{label}: the PDF has no pages")
    ocr = ocr_pages.read_scanned_pages(data, pages, label)  # pages without a usable text layer
    pages = ocr.pages
    warnings = pdf_layout.check_text_layer(pages, label)
    return ExtractedDocument(
        sha256=sha256,
        media_type=PDF,
        pages=len(pages),
        filename=filename,
        items=pdf_layout.assemble(pages),
        warnings=warnings,
        ocr_pages=ocr.ocr_pages,
        ocr=ocr.spans,
    )


def _read_pages(data: bytes, pdf: pdfplumber.PDF, engine: str) -> Iterator[pdf_layout.Page]:
    if engine == "pdfium":
        yield from pdf_pdfium.read_pages(data, pdf)
    else:
        for number, page in enumerate(pdf.pages, start=1):
            yield pdf_pdfium.plumber_page(number, page)


def _pdf_error(label: str, exc: BaseException) -> UnreadableDocument:
    if isinstance(exc, PDFEncryptionError):
        return UnreadableDocument(
            "encrypted", f"{label}: the PDF is encrypted and needs a password to open"
        )
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return UnreadableDocument("corrupt", f"{label}: damaged PDF ({detail[:120]})")


# --- Word -------------------------------------------------------------------------------------


def _read_docx(data: bytes, sha256: str, filename: str | None) -> ExtractedDocument:
    label = filename or "document"
    try:
        items = _docx_items(data)
    except Exception as exc:  # python-docx, lxml and zipfile errors on a damaged package
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise UnreadableDocument(
            "corrupt", f"{label}: damaged Word file ({detail[:120]})"
        ) from None
    if not items:
        raise UnreadableDocument("empty", f"{label}: the Word file holds no text")
    return ExtractedDocument(sha256=sha256, media_type=DOCX, filename=filename, items=items)


def _docx_items(data: bytes) -> list[TextBlock | TableRow]:
    document = Document(io.BytesIO(data))
    try:
        numbering = document.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        numbering = None
    return docx_layout.body_items(document.element.body, numbering, document.styles.element)
