"""Where circulars come from: local folders (a directory, a glob, a file) and http(s) URLs.

``gather(specs, …)`` turns the configured sources into fetched documents, each archived under its
sha256, and problems: what could not be fetched (with a reason), and files that are not
circulars we can read (reported, not loaded). Plain functions: the Prefect tasks call them.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from flows import archive
from schemas.display import printable

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
    last_modified: str | None = None  # the page's Last-Modified header, for its year

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
    copies: list[Document] = field(default_factory=list)  # same bytes as a document above

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


# formats people still save circulars in that no reader takes: what to do instead
LEGACY_OFFICE: dict[str, str] = {
    ".doc": "a legacy Word .doc file",
    ".wps": "a WPS Office .wps file",
    ".et": "a WPS spreadsheet .et file",
    ".xls": "a legacy Excel .xls file",
    ".dps": "a WPS presentation .dps file",
    ".ppt": "a legacy PowerPoint .ppt file",
    ".rtf": "an RTF file",
}


@dataclass(frozen=True)
class LocalLimits:
    """What reading local files may take: the largest file, and whether symlinks out of a
    source folder are followed."""

    file_bytes: int = 50 * 1024 * 1024
    follow_symlinks: bool = False


def local_files(
    spec: str, limits: LocalLimits | None = None
) -> tuple[list[Path], list[Problem], Problem | None]:
    """The files a folder, glob or file path names, sorted; the entries passed over (hidden
    files, links out of the folder, FIFOs, broken links), each with its reason; a problem when
    the spec names nothing."""
    rules = limits or LocalLimits()
    path = Path(spec).expanduser()
    if GLOB_CHARS & set(spec):
        root = _glob_root(spec)
        found: list[Path] = []
        passed: list[Problem] = []
        for name in sorted(glob.glob(str(path), recursive=True)):
            entry = Path(name)
            if entry.is_dir() and not entry.is_symlink():
                continue
            problem = _pass_over(spec, entry, root, rules)
            (passed.append(problem) if problem is not None else found.append(entry))
        return found, passed, None
    if path.is_dir():
        found, passed = [], []
        _walk(spec, path, path.resolve(), rules, found, passed)
        return sorted(found), passed, None
    if path.is_file() or path.is_symlink() or path.exists():
        # a file named on its own is read even through a link: the user chose it
        problem = _pass_over(spec, path, None, rules)
        return ([], [problem], None) if problem is not None else ([path], [], None)
    return (
        [],
        [],
        Problem(
            source=spec,
            location=spec,
            kind="failed",
            reason="missing",
            message=f"source {printable(spec)} does not exist",
        ),
    )


def _glob_root(spec: str) -> Path | None:
    """The folder a glob cannot leave: its path up to the first glob character."""
    fixed = []
    for part in Path(spec).expanduser().parts:
        if GLOB_CHARS & set(part):
            break
        fixed.append(part)
    return Path(*fixed).resolve() if fixed else None


def _walk(
    spec: str,
    folder: Path,
    root: Path,
    rules: LocalLimits,
    found: list[Path],
    passed: list[Problem],
) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        passed.append(_unreadable(spec, folder, exc))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            if entry.name.startswith("."):
                passed.append(_ignored(spec, path, "hidden", "a hidden folder, not read"))
            else:
                _walk(spec, path, root, rules, found, passed)
            continue
        problem = _pass_over(spec, path, root, rules)
        (passed.append(problem) if problem is not None else found.append(path))


def _pass_over(spec: str, path: Path, root: Path | None, rules: LocalLimits) -> Problem | None:
    """Why the entry at ``path`` is not read (None: it is a file to read)."""
    if path.name.startswith("~$"):
        return _ignored(spec, path, "lock_file", "an Office lock file, not a document")
    if path.name.startswith("."):
        return _ignored(spec, path, "hidden", "a hidden file, not read")
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return _ignored(spec, path, "broken_link", "a symbolic link that leads nowhere")
        inside = root is not None and target.is_relative_to(root)
        if root is not None and not inside and not rules.follow_symlinks:
            return _ignored(
                spec,
                path,
                "symlink",
                "a symbolic link out of the source folder, not followed (limits.follow_symlinks)",
            )
        if target.is_dir():
            return _ignored(spec, path, "symlink", "a symbolic link to a folder, not followed")
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return _unreadable(spec, path, exc)
    if not stat.S_ISREG(mode):
        return _ignored(spec, path, "not_a_file", "not a regular file (a FIFO, socket or device)")
    return None


def _ignored(spec: str, path: Path, reason: str, what: str) -> Problem:
    return Problem(
        source=spec,
        location=str(path),
        kind="ignored",
        reason=reason,
        message=f"{printable(path.name)}: {what}",
    )


def _unreadable(spec: str, path: Path, exc: OSError) -> Problem:
    return Problem(
        source=spec,
        location=str(path),
        kind="failed",
        reason="unreadable",
        message=f"cannot read {printable(str(path))}: {exc.strerror or exc}",
    )


def fetch_local(
    spec: str, path: Path, archive_dir: Path, now: datetime, limits: LocalLimits | None = None
) -> Document | Problem:
    """Copy the file at ``path`` into the archive, its size checked before it is read and
    again while it is copied; never more than ``limits.file_bytes`` is read."""
    rules = limits or LocalLimits()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return unsupported_problem(spec, str(path), path.name)
    try:
        # O_NONBLOCK: a FIFO swapped in since the listing must not block the run
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        return _unreadable(spec, path, exc)
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return _ignored(spec, path, "not_a_file", "not a regular file (a FIFO or device)")
        if info.st_size > rules.file_bytes:
            return too_large_local(spec, path, info.st_size, rules.file_bytes, now)
        try:
            stored, digest, size = archive.store_stream(
                archive_dir, handle, suffix, limit=rules.file_bytes
            )
        except archive.TooLarge:
            return too_large_local(spec, path, None, rules.file_bytes, now)
        except OSError as exc:
            return _unreadable(spec, path, exc)
    return Document(
        source=spec,
        location=str(path),
        filename=path.name,
        sha256=digest,
        archive_path=stored,
        size=size,
        fetched_at=now,
    )


def unsupported_problem(spec: str, location: str, name: str) -> Problem:
    """A file in a format no reader takes; legacy Office formats say what to save them as."""
    suffix = Path(name).suffix.lower()
    if suffix in LEGACY_OFFICE:
        return Problem(
            source=spec,
            location=location,
            kind="ignored",
            reason="legacy_format",
            message=f"{printable(name)}: {LEGACY_OFFICE[suffix]}, which is not read; "
            "save it as .docx or PDF",
        )
    return Problem(
        source=spec,
        location=location,
        kind="ignored",
        reason="unsupported",
        message=f"{printable(name)}: not a .pdf, .txt or .docx file, left alone",
    )


def too_large_local(spec: str, path: Path, size: int | None, limit: int, now: datetime) -> Problem:
    """A local file over the size limit: quarantined by its path (it was never hashed)."""
    what = f"{size / 1e6:.1f} MB is" if size is not None else "it grew while read and is"
    return Problem(
        source=spec,
        location=str(path),
        kind="quarantine",
        reason="too_large",
        message=f"{printable(path.name)}: {what} over the {limit / 1e6:.1f} MB size limit "
        "(limits.file_bytes); not read",
        sha256=hashlib.sha256(f"file:{path}".encode()).hexdigest(),
        fetched_at=now,
    )


def gather_local(
    spec: str, archive_dir: Path, now: datetime, limits: LocalLimits | None = None
) -> Iterator[Document | Problem]:
    files, passed, problem = local_files(spec, limits)
    if problem is not None:
        yield problem
    yield from passed
    for path in files:
        yield fetch_local(spec, path, archive_dir, now, limits)


def dedupe(documents: list[Document]) -> tuple[list[Document], list[Document]]:
    """One document per sha256 (the same file in two places is read once), first one wins:
    (unique, the copies left out)."""
    seen: set[str] = set()
    unique, copies = [], []
    for document in documents:
        if document.sha256 not in seen:
            seen.add(document.sha256)
            unique.append(document)
        else:
            copies.append(document)
    return unique, copies
