"""What a page links to: the files a listing or an article offers, and the pages of its own
site a listing offers as articles. Pure functions of a page's text or outline and its URL."""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from flows.sources import SUPPORTED_SUFFIXES, WEB_SCHEMES
from parsers.html_layout import Outline

HTML_SUFFIXES = frozenset({".html", ".htm"})
# files a page links to, fetched as they are
FILE_SUFFIXES = frozenset(SUPPORTED_SUFFIXES) - HTML_SUFFIXES
# what the URL of an article page ends in: "/t20240512_1001.html", "/art/123.shtml", "/detail?id=9"
PAGE_SUFFIXES = frozenset(
    {"", ".html", ".htm", ".shtml", ".jhtml", ".xhtml", ".jsp", ".php", ".asp", ".aspx", ".do"}
)
MIN_TITLE_CHARS = 6  # a link to an article reads like its title; "首页", "更多>>" do not


def url_suffix(url: str) -> str:
    return PurePosixPath(unquote(urlsplit(url).path)).suffix.lower()


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        href = values.get("href")
        if not href:
            return
        if tag == "base" and self.base is None:
            self.base = href.strip()
        elif tag == "a":
            self.hrefs.append(href.strip())


def listing_links(html: str, page_url: str) -> list[str]:
    """Absolute http(s) links of a listing page to .pdf/.txt/.docx files, in page order, once."""
    parser = _LinkParser()
    parser.feed(html)
    base = urljoin(page_url, parser.base) if parser.base else page_url
    return file_links(urljoin(base, href) for href in parser.hrefs)


def file_links(urls: Iterable[str]) -> list[str]:
    links: list[str] = []
    for absolute in urls:
        url = absolute.split("#", 1)[0]
        wanted = url_suffix(url) in FILE_SUFFIXES
        if wanted and urlsplit(url).scheme.lower() in WEB_SCHEMES and url not in links:
            links.append(url)
    return links


def article_links(outline: Outline, page_url: str) -> list[str]:
    """Links of a listing page to pages of its own site that may be articles, in page order,
    once: an http(s) URL on the same host, not the page itself nor the site's home, ending
    like a page (``PAGE_SUFFIXES``), whose link text has ``MIN_TITLE_CHARS`` or more."""
    base = urljoin(page_url, outline.base) if outline.base else page_url
    host = urlsplit(page_url).netloc.lower()
    links: list[str] = []
    for href, text in outline.links:
        url = urljoin(base, href).split("#", 1)[0]
        parts = urlsplit(url)
        if (
            parts.scheme.lower() not in WEB_SCHEMES
            or parts.netloc.lower() != host
            or parts.path in ("", "/")
            or url in (page_url, *links)
            or url_suffix(url) not in PAGE_SUFFIXES
            or len("".join(text.split())) < MIN_TITLE_CHARS
        ):
            continue
        links.append(url)
    return links
