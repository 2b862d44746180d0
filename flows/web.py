"""HTTP(S) sources: the URL of a circular, of an article page, or of a listing page whose links
are followed one level.

A page served as ``text/html`` (whatever its URL looks like) is an article when its body has
text or a table, not just links (``parsers.html_layout.outline``): it is archived as an
``.html`` document, and its links to files (.pdf/.txt/.docx, its attachments) are followed.
Otherwise it is a listing: its links to files are followed, and so are its links to pages of
the same site whose text reads like a title (six characters or more; navigation is dropped
first), at most ``http.max_pages`` of them. A page reached from a listing is taken when it is
an article and reported as ignored when it is another listing: one level, no more.

Each file is fetched with a conditional GET (``If-None-Match`` / ``If-Modified-Since`` from the
``http_cache`` table, migration ``010_http_cache.sql``), streamed with a size cap, and retried
with exponential back-off after timeouts, connection errors and 5xx answers — never after a 4xx.
Only http and https are fetched; redirects to anything else are refused.
"""

from __future__ import annotations

import email.message
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import duckdb
import httpx

from flows import archive
from flows.http_deadline import DeadlineTransport, deadline
from flows.links import FILE_SUFFIXES, article_links, listing_links, url_suffix
from flows.settings import HttpSettings
from flows.sources import (
    FORMATS,
    SUPPORTED_SUFFIXES,
    WEB_SCHEMES,
    Document,
    Problem,
    scheme_problem,
)
from parsers import html_layout
from parsers.html_text import decode_html
from schemas.display import printable
from schemas.errors import UnreadableDocument

LISTING_TYPES = ("text/html", "application/xhtml+xml")
SUFFIX_BY_TYPE = {media: suffix for suffix, media in SUPPORTED_SUFFIXES.items()}
SUFFIX_BY_TYPE["application/xhtml+xml"] = ".html"
USER_AGENT = "minsheng (progress circular reader)"


@dataclass(frozen=True)
class CacheEntry:
    url: str
    etag: str | None
    last_modified: str | None
    sha256: str | None
    filename: str | None


class HttpCache:
    """Validators (ETag, Last-Modified) and the last outcome of every URL, in the warehouse."""

    def __init__(self, conn: duckdb.DuckDBPyConnection) -> None:
        self.conn = conn

    def get(self, url: str) -> CacheEntry | None:
        row = self.conn.execute(
            "SELECT url, etag, last_modified, sha256, filename FROM http_cache WHERE url = ?",
            [url],
        ).fetchone()
        return CacheEntry(*row) if row else None

    def remember(
        self,
        url: str,
        *,
        status_code: int,
        now: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        sha256: str | None = None,
        filename: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO http_cache (url, etag, last_modified, sha256, filename, status_code, "
            "error, checked_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
            "last_modified = excluded.last_modified, sha256 = excluded.sha256, "
            "filename = excluded.filename, status_code = excluded.status_code, error = NULL, "
            "checked_at = excluded.checked_at, changed_at = excluded.changed_at",
            [url, etag, last_modified, sha256, filename, status_code, now, now],
        )

    def touch(self, url: str, *, status_code: int, now: datetime) -> None:
        """A 304: the cached copy still stands."""
        self.conn.execute(
            "UPDATE http_cache SET status_code = ?, error = NULL, checked_at = ? WHERE url = ?",
            [status_code, now, url],
        )

    def record_failure(
        self, url: str, *, status_code: int | None, error: str, now: datetime
    ) -> None:
        self.conn.execute(
            "INSERT INTO http_cache (url, status_code, error, checked_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET status_code = excluded.status_code, "
            "error = excluded.error, checked_at = excluded.checked_at",
            [url, status_code, error, now],
        )


class FetchFailure(Exception):
    def __init__(self, reason: str, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.status_code = status_code


class _Retryable(FetchFailure):
    """A failure another attempt may get past (5xx, timeout, connection)."""


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status_code: int
    headers: httpx.Headers
    body: bytes


class WebFetcher:
    """Fetches http(s) sources into the archive; one instance per run (one connection pool)."""

    def __init__(
        self,
        settings: HttpSettings,
        cache: HttpCache,
        archive_dir: Path,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.archive_dir = archive_dir
        self.sleep = sleep
        self.client = httpx.Client(
            timeout=httpx.Timeout(settings.timeout),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
            transport=DeadlineTransport(),
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> WebFetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def gather(self, spec: str, now: datetime) -> Iterator[Document | Problem]:
        """The documents behind ``spec``: the file itself, an article page and its files, or
        the files and article pages a listing links to."""
        if urlsplit(spec).scheme.lower() not in WEB_SCHEMES:
            yield scheme_problem(spec)
            return
        if url_suffix(spec) in FILE_SUFFIXES:
            yield self.fetch_document(spec, spec, now)
            return
        try:
            response = self.get(spec, self._validators(spec))
        except FetchFailure as exc:
            yield self._failed(spec, spec, exc, now)
            return
        page = _page(response) if response.status_code != 304 else None
        if page is None:  # a file, an archived copy, or a page no outline can be made of
            yield self._document(spec, spec, response, now)
            return
        text, outline = page
        pages: list[str] = []
        if outline.article:
            yield self._document(spec, spec, response, now)
        else:
            self.cache.remember(spec, status_code=response.status_code, now=now)
            pages = article_links(outline, response.url)[: self.settings.max_pages]
        links = listing_links(text, response.url)
        if not links and not pages and not outline.article:
            # a page that is neither an article nor a listing (an error page): say so
            yield Problem(
                source=spec,
                location=spec,
                kind="ignored",
                reason="no_circular_links",
                message=f"{printable(spec)}: an HTML page that is no article and links to no "
                "circular or article page; nothing read from it",
            )
        for link in links:
            yield self.fetch_document(spec, link, now)
        for link in pages:
            yield self.fetch_article(spec, link, now)

    def fetch_document(self, spec: str, url: str, now: datetime) -> Document | Problem:
        try:
            response = self.get(url, self._validators(url))
        except FetchFailure as exc:
            return self._failed(spec, url, exc, now)
        return self._document(spec, url, response, now)

    def fetch_article(self, spec: str, url: str, now: datetime) -> Document | Problem:
        """A page a listing links to: a document when it is an article (or a file)."""
        try:
            response = self.get(url, self._validators(url))
        except FetchFailure as exc:
            return self._failed(spec, url, exc, now)
        page = _page(response) if response.status_code != 304 else None
        if page is None or page[1].article:
            return self._document(spec, url, response, now)
        self.cache.remember(url, status_code=response.status_code, now=now)
        return Problem(
            source=spec,
            location=url,
            kind="ignored",
            reason="not_article",
            message=f"{url}: a page of links, not an article; not followed further",
        )

    def _validators(self, url: str) -> dict[str, str]:
        """Conditional headers, when the file they vouch for is still in the archive."""
        entry = self.cache.get(url)
        if entry is None or entry.sha256 is None or entry.filename is None:
            return {}
        kept = archive.archive_path(self.archive_dir, entry.sha256, Path(entry.filename).suffix)
        if not kept.is_file():
            return {}
        headers = {}
        if entry.etag:
            headers["If-None-Match"] = entry.etag
        if entry.last_modified:
            headers["If-Modified-Since"] = entry.last_modified
        return headers

    def _document(
        self, spec: str, url: str, response: Response, now: datetime
    ) -> Document | Problem:
        if response.status_code == 304:
            entry = self.cache.get(url)
            assert entry is not None and entry.sha256 is not None and entry.filename is not None
            self.cache.touch(url, status_code=304, now=now)
            kept = archive.archive_path(self.archive_dir, entry.sha256, Path(entry.filename).suffix)
            return Document(
                source=spec,
                location=url,
                filename=entry.filename,
                sha256=entry.sha256,
                archive_path=kept,
                size=kept.stat().st_size,
                fetched_at=now,
                not_modified=True,
                last_modified=entry.last_modified,
            )
        filename = response_filename(response)
        suffix = Path(filename).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            self.cache.remember(url, status_code=response.status_code, now=now)
            return Problem(
                source=spec,
                location=url,
                kind="ignored",
                reason="unsupported",
                message=f"{url}: not a {FORMATS} file "
                f"({response.headers.get('content-type', 'no content type')}), left alone",
            )
        digest = archive.sha256_bytes(response.body)
        stored = archive.store(self.archive_dir, response.body, suffix, sha256=digest)
        self.cache.remember(
            url,
            status_code=response.status_code,
            now=now,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            sha256=digest,
            filename=filename,
        )
        return Document(
            source=spec,
            location=url,
            filename=filename,
            sha256=digest,
            archive_path=stored,
            size=len(response.body),
            fetched_at=now,
            last_modified=response.headers.get("last-modified"),
        )

    def _failed(self, spec: str, url: str, exc: FetchFailure, now: datetime) -> Problem:
        self.cache.record_failure(url, status_code=exc.status_code, error=exc.message, now=now)
        if exc.reason == "too_large":
            # never read whole, the file has no content hash: it is known by its URL's
            return Problem(
                source=spec,
                location=url,
                kind="quarantine",
                reason="too_large",
                message=exc.message,
                sha256=hashlib.sha256(url.encode("utf-8")).hexdigest(),
                fetched_at=now,
            )
        return Problem(
            source=spec, location=url, kind="failed", reason=exc.reason, message=exc.message
        )

    def get(self, url: str, headers: dict[str, str]) -> Response:
        """GET with retries on I/O errors and 5xx; raises ``FetchFailure``."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                return self._get_once(url, headers)
            except _Retryable as exc:
                if attempt + 1 == attempts:
                    tries = f" (after {attempts} attempts)" if attempts > 1 else ""
                    raise FetchFailure(exc.reason, exc.message + tries, exc.status_code) from exc
                self.sleep(self.settings.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        limit = self.settings.max_bytes
        ends = time.monotonic() + self.settings.deadline
        try:
            with (
                deadline(self.settings.deadline),
                self.client.stream("GET", url, headers=headers) as response,
            ):
                code = response.status_code
                if urlsplit(str(response.url)).scheme not in WEB_SCHEMES:
                    raise FetchFailure("scheme", f"{url}: redirected away from http(s)")
                if code >= 500:
                    raise _Retryable("http_status", f"{url}: HTTP {code}", code)
                if code == 304:
                    return Response(str(response.url), code, response.headers, b"")
                if code >= 400:
                    raise FetchFailure(f"http_{code}", f"{url}: HTTP {code}", code)
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchFailure("too_large", _too_large(url, limit), code)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        raise FetchFailure("too_large", _too_large(url, limit), code)
                    if time.monotonic() > ends:
                        raise _Retryable(
                            "timeout",
                            f"{url}: not received in {self.settings.deadline:g} s (http.deadline)",
                        )
                return Response(str(response.url), code, response.headers, bytes(body))
        except httpx.UnsupportedProtocol as exc:
            raise FetchFailure("scheme", f"{url}: {exc}") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchFailure("redirects", f"{url}: too many redirects") from exc
        except httpx.TimeoutException as exc:
            if time.monotonic() >= ends:
                raise _Retryable(
                    "timeout",
                    f"{url}: not received in {self.settings.deadline:g} s (http.deadline)",
                ) from exc
            raise _Retryable("timeout", f"{url}: timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise _Retryable("connection", f"{url}: {type(exc).__name__}: {exc}") from exc


def _too_large(url: str, limit: int) -> str:
    return f"{url}: larger than the {limit} byte limit (http.max_bytes)"


def _is_page(response: Response) -> bool:
    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return media in LISTING_TYPES


def _charset(response: Response) -> str | None:
    message = email.message.Message()
    message["content-type"] = response.headers.get("content-type", "")
    return message.get_content_charset()


def _page(response: Response) -> tuple[str, html_layout.Outline] | None:
    """An HTML answer's text and what it is (article or listing); None for other answers and
    for pages that cannot be decoded or hold no elements (the reader says why on parsing)."""
    if not _is_page(response):
        return None
    try:
        text = decode_html(response.body, charset=_charset(response), label=response.url)
        return text, html_layout.outline(text)
    except UnreadableDocument:
        return None


def response_filename(response: Response) -> str:
    """The name a server gives the file (Content-Disposition), else the URL's last segment,
    with an extension taken from the content type when the name has none we read."""
    disposition = response.headers.get("content-disposition")
    name = ""
    if disposition:
        message = email.message.Message()
        message["content-disposition"] = disposition
        name = message.get_filename() or ""
    if not name:
        name = PurePosixPath(unquote(urlsplit(response.url).path)).name or "index"
    name = PurePosixPath(name.replace("\\", "/")).name
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in SUFFIX_BY_TYPE:
            name += SUFFIX_BY_TYPE[media]
    return name
