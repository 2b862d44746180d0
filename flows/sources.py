"""Where circulars come from: local folders (a directory, a glob, a file) and http(s) URLs.

``gather(specs, …)`` turns the configured sources into fetched documents, each archived under its
sha256, and problems: what could not be fetched (with a reason), and files that are not
circulars we can read (reported, not loaded). Plain functions: the Prefect tasks call them.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from flows import archive

SUPPORTED_SUFFIXES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".htm": "text/html",
    ".html": "text/html",  # last: the suffix given to a text/html answer
}
FORMATS = ".pdf, .txt, .docx or .html"
WEB_SCHEMES = ("http", "https")
GLOB_CHARS = frozenset("*?[")

# what became of a source entry that gave no document
ProblemKind = Literal[
    "ignored",  # not a circular format we read (a .doc, a .xls): reported, the run stays ok
    "quarantine",  # a document we will not parse (too large): recorded as quarantined
    "failed",  # nothing could be fetched (missing folder, 404, timeout, bad scheme): run partial
]


@dataclass(frozen=True)
class Document:
    """A file fetched and archived, ready to be parsed."""

    source: str  # the configured source it came from (folder, glob or URL)
    location: str  # the file's own path or URL
    filename: str
    sha256: str
    archive_path: Path
    size: int
    fetched_at: datetime  # naive UTC
    not_modified: bool = False  # an HTTP 304: the archived copy stands for it

    @property
    def suffix(self) -> str:
        return Path(self.filename).suffix.lower()

    @property
    def media_type(self) -> str:
        return SUPPORTED_SUFFIXES.get(self.suffix, "application/octet-stream")


@dataclass(frozen=True)
class Problem:
    """A source entry that gave no document, and why."""

    source: str
    location: str
    kind: ProblemKind
    reason: str  # short code: unsupported, missing, scheme, http_404, timeout, too_large …
    message: str
    sha256: str | None = None  # set for kind == "quarantine"
    fetched_at: datetime | None = None


@dataclass
class Gathered:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, items: Iterable[Document | Problem]) -> None:
        for item in items:
            (self.documents if isinstance(item, Document) else self.problems).append(item)


def is_web(spec: str) -> bool:
    return urlsplit(spec).scheme.lower() in WEB_SCHEMES


def has_other_scheme(spec: str) -> bool:
    """``file:///…``, ``ftp://…``: a URL we refuse (a Windows drive letter is not a scheme)."""
    scheme = urlsplit(spec).scheme.lower()
    return bool(scheme) and scheme not in WEB_SCHEMES and ("://" in spec or len(scheme) > 1)


def scheme_problem(spec: str) -> Problem:
    scheme = urlsplit(spec).scheme.lower()
    return Problem(
        source=spec,
        location=spec,
        kind="failed",
        reason="scheme",
        message=f"{scheme}:// sources are not supported "
        f"(only http, https and local folders): {spec}",
    )


def local_files(spec: str) -> tuple[list[Path], Problem | None]:
    """The files a folder, glob or file path names, sorted; a problem when it names nothing."""
    path = Path(spec).expanduser()
    if GLOB_CHARS & set(spec):
        files = [Path(p) for p in glob.glob(str(path), recursive=True)]
        found = sorted(p for p in files if p.is_file() and _visible(p))
        return found, None
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.is_file() and _visible(p))
        return found, None
    if path.is_file():
        return [path], None
    return [], Problem(
        source=spec,
        location=spec,
        kind="failed",
        reason="missing",
        message=f"source {spec} does not exist",
    )


def _visible(path: Path) -> bool:
    """Skip hidden files and office lock files (``~$name.docx``)."""
    return not (path.name.startswith(".") or path.name.startswith("~$"))


def fetch_local(spec: str, path: Path, archive_dir: Path, now: datetime) -> Document | Problem:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Problem(
            source=spec,
            location=str(path),
            kind="ignored",
            reason="unsupported",
            message=f"{path.name}: not a {FORMATS} file, left alone",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Problem(
            source=spec,
            location=str(path),
            kind="failed",
            reason="unreadable",
            message=f"cannot read {path}: {exc.strerror}",
        )
    digest = archive.sha256_bytes(data)
    stored = archive.store(archive_dir, data, suffix, sha256=digest)
    return Document(
        source=spec,
        location=str(path),
        filename=path.name,
        sha256=digest,
        archive_path=stored,
        size=len(data),
        fetched_at=now,
    )


def gather_local(spec: str, archive_dir: Path, now: datetime) -> Iterator[Document | Problem]:
    files, problem = local_files(spec)
    if problem is not None:
        yield problem
    for path in files:
        yield fetch_local(spec, path, archive_dir, now)


def dedupe(documents: list[Document]) -> list[Document]:
    """One document per sha256 (the same file in two places is read once), first one wins."""
    seen: set[str] = set()
    unique = []
    for document in documents:
        if document.sha256 not in seen:
            seen.add(document.sha256)
            unique.append(document)
    return unique
