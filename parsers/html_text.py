"""An HTML page's bytes as text, and the text of its elements as a reader sees it.

Pure functions (``parsers.html_layout`` builds the document from them):

- :func:`decode_html`: the page's characters. A byte-order mark wins; then UTF-8, when the
  bytes are UTF-8 and not all ASCII (Chinese text in GBK is practically never valid UTF-8,
  while a page converted to UTF-8 often keeps its old ``charset=gb2312`` and GB18030 would
  read it as mojibake); then the charset the server declared (``Content-Type`` header, when
  the caller knows it), then the one the page declares (``<meta charset>``,
  ``<meta http-equiv="Content-Type">``, an XML prolog); then GB18030. Each is decoded
  strictly (a multi-byte character cut at the very end left out). GB2312 and GBK are read as
  GB18030, their superset. A page that decodes under none of them, strictly, is read in its
  declared charset (else UTF-8) when fewer than 1% of its characters come out as U+FFFD (a
  stray byte in a CMS template is common); otherwise it is refused as ``bad_encoding``.
- :func:`parse_tree`: the lxml tree (comments and processing instructions dropped).
- :func:`squeeze`: whitespace as a browser lays it out, with CJK line-break rules: a run of
  whitespace that holds a line break next to a CJK character vanishes ("全市\\n  共有" →
  "全市共有"), any other run is one space; the ends are stripped.
- :func:`join_lines`: lines of one cell or title put together the same way.
"""

from __future__ import annotations

import codecs

import lxml.html
import regex
from lxml import etree

from parsers import pdf_glyphs
from schemas.errors import UnreadableDocument

# a charset a page declares in its head: <meta charset="gb2312">,
# <meta http-equiv="Content-Type" content="text/html; charset=GBK" />
META_CHARSET = regex.compile(
    rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", regex.I
)
# the prolog of an XHTML page: <?xml version="1.0" encoding="utf-8"?>
XML_PROLOG = regex.compile(r"""^\s*<\?xml[^>]*\?>""")
XML_ENCODING = regex.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
# characters XML (hence lxml) refuses: C0 controls but tab and line ends, "\x00", "\x0b"
XML_ILLEGAL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# a run of whitespace, no-break and ideographic spaces included: "  \n\t", "\xa0\xa0", "\u3000"
SPACE_RUN = regex.compile(r"[\s\xa0\u3000\u200b\ufeff]+")
# a wide (CJK) character or CJK punctuation: "全", "，", "％", "（"
WIDE = regex.compile(r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2e80-\u2fdf]")

BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# what a page's charset label stands for where the label is narrower than the bytes it holds
CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs"}
MAX_REPLACED = 0.01  # share of U+FFFD accepted when a page is read in its declared charset


def _codec(label: str | bytes | None) -> str | None:
    if not label:
        return None
    name = label.decode("ascii", "ignore") if isinstance(label, bytes) else label
    name = name.strip().strip("\"'").lower()
    name = CHARSET_ALIASES.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return CHARSET_ALIASES.get(codec, codec)


def declared_charsets(data: bytes, header: str | None = None) -> list[str]:
    """The charsets the server and the page declare, in the order they are tried."""
    head = data[:4096]
    found = [header.encode("ascii", "ignore") if header else None]
    xml = XML_ENCODING.match(head)
    meta = META_CHARSET.search(head)
    found += [xml.group(1) if xml else None, meta.group(1) if meta else None]
    codecs_found: list[str] = []
    for label in found:
        codec = _codec(label)
        if codec and codec not in codecs_found and not codec.startswith("utf-16"):
            codecs_found.append(codec)  # a page read as bytes is not UTF-16 unless it has a BOM
    return codecs_found


def decode_html(data: bytes, *, charset: str | None = None, label: str = "page") -> str:
    """The characters of a page (see the module docstring); ``charset`` is the one an HTTP
    ``Content-Type`` header gave, if any."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError:
                break
    declared = declared_charsets(data, charset)
    first = ["utf-8"] if not data.isascii() else []
    for codec in [*first, *declared, "utf-8", "gb18030"]:
        try:  # a character cut at the very end is left out, not an error
            return codecs.getincrementaldecoder(codec)().decode(data, final=False)
        except (UnicodeDecodeError, LookupError):
            continue
    for codec in [*declared, "utf-8"]:
        text = data.decode(codec, "replace")
        if text.count("\ufffd") <= MAX_REPLACED * len(text):
            return text
    raise UnreadableDocument(
        "bad_encoding", f"{label}: the page cannot be decoded in its charset, UTF-8 or GB18030"
    )


def parse_tree(text: str, *, label: str = "page") -> lxml.html.HtmlElement:
    """The page's element tree; ``UnreadableDocument("empty")`` when it has no elements."""
    text = XML_ILLEGAL.sub("", XML_PROLOG.sub("", text, count=1))
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise UnreadableDocument("empty", f"{label}: the page holds no HTML elements") from None


def _space(match: regex.Match[str]) -> str:
    run = match.group()
    if "\n" not in run and "\r" not in run:
        return " "
    text = match.string
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return "" if WIDE.match(before) or WIDE.match(after) else " "


def squeeze(text: str) -> str:
    """Whitespace collapsed the way the page shows it, Kangxi radicals folded:
    "　　全市\\n  共有 12\\xa0个" → "全市共有 12 个"."""
    return pdf_glyphs.fold_radicals(SPACE_RUN.sub(_space, text).strip(" "))


def join_lines(lines: list[str]) -> str:
    """Lines of one cell on one line: nothing between CJK, a space between Latin words or
    figures: ["完成80%。", "下步打算：加快"] → "完成80%。下步打算：加快"."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (WIDE.match(out[-1]) or WIDE.match(line[0])):
            out += " "
        out += line
    return out
