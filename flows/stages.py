"""The ingest pipeline as plain functions: gather → skip what is loaded → parse → load.

Parsing runs in a process pool (pdfplumber is CPU bound) of ``workers`` processes; loading is
serial, in the order documents were gathered, on the one writable connection. A document that
cannot be read or parsed is quarantined with its reason and the run goes on, ending
``partial``. ``minsheng ingest`` calls ``ingest`` directly; the Prefect flows call the steps.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

import duckdb

from flows.parse_worker import ParseFailure, parse_archived, start_worker
from flows.settings import HttpSettings, LimitSettings
from flows.sources import (
    Document,
    Gathered,
    LocalLimits,
    Problem,
    dedupe,
    gather_local,
    has_other_scheme,
    is_web,
    scheme_problem,
)
from flows.web import HttpCache, WebFetcher
from schemas.circular import ParseResult
from schemas.display import printable
from schemas.errors import MinshengError

Outcome = Literal["loaded", "skipped", "quarantined", "failed", "ignored"]
RunStatus = Literal["ok", "partial"]
# (documents done, documents to parse, file name) after each parsed document
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class DocumentOutcome:
    location: str
    filename: str
    outcome: Outcome
    sha256: str | None = None
    reason: str | None = None
    message: str | None = None
    facts: int = 0
    circular_id: str | None = None
    role: str | None = None
    source: str = ""  # the configured source it came from
    size: int | None = None

    def __post_init__(self) -> None:
        # names and messages are printed: a file name cannot forge a line of output
        object.__setattr__(self, "filename", printable(self.filename))
        if self.message is not None:
            object.__setattr__(self, "message", printable(self.message))


@dataclass
class IngestReport:
    load_id: str
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    # files with the same bytes as a document above: recorded as seen, not counted
    copies: list[DocumentOutcome] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def status(self) -> RunStatus:
        bad = self.count("quarantined") + self.count("failed")
        return "partial" if bad else "ok"

    @property
    def exit_code(self) -> int:
        return 0 if self.status == "ok" else 1

    @property
    def facts(self) -> int:
        return sum(o.facts for o in self.outcomes)

    def summary(self) -> str:
        parts = [
            f"{self.count('loaded')} loaded ({self.facts} facts"
            + (f", {len(self.unplaced())} in no circular)" if self.unplaced() else ")"),
            f"{self.count('skipped')} already loaded",
            f"{self.count('quarantined')} quarantined",
            f"{self.count('failed')} failed",
        ]
        if self.count("ignored"):
            parts.append(f"{self.count('ignored')} ignored")
        return ", ".join(parts)

    def unplaced(self) -> list[DocumentOutcome]:
        """Documents loaded in no circular: their place, year or months are not stated."""
        return [o for o in self.outcomes if o.outcome == "loaded" and o.circular_id is None]

    def problems(self) -> list[DocumentOutcome]:
        return [o for o in self.outcomes if o.outcome in ("quarantined", "failed", "ignored")]

    def table(self) -> list[dict[str, object]]:
        """One row per document, for the run's Prefect table artifact."""
        return [
            {
                "file": o.filename,
                "outcome": o.outcome,
                "facts": o.facts,
                "reason": o.reason or "",
                "message": o.message or "",
                "circular": o.circular_id or "",
                "sha256": (o.sha256 or "")[:12],
            }
            for o in self.outcomes
        ]


def parser_version() -> str:
    import parsers

    return parsers.PARSER_VERSION


def gather(
    specs: Iterable[str],
    *,
    conn: duckdb.DuckDBPyConnection,
    archive_dir: Path,
    http: HttpSettings,
    now: datetime | None = None,
    limits: LimitSettings | None = None,
) -> Gathered:
    """Fetch every source into the archive; the same bytes from two places count once."""
    from warehouse.connection import utc_now

    moment = utc_now() if now is None else now
    rules = limits or LimitSettings()
    local = LocalLimits(file_bytes=rules.file_bytes, follow_symlinks=rules.follow_symlinks)
    gathered = Gathered()
    fetcher: WebFetcher | None = None
    try:
        for spec in specs:
            if is_web(spec):
                if fetcher is None:
                    fetcher = WebFetcher(http, HttpCache(conn), archive_dir)
                gathered.extend(fetcher.gather(spec, moment))
            elif has_other_scheme(spec):
                gathered.problems.append(scheme_problem(spec))
            else:
                gathered.extend(gather_local(spec, archive_dir, moment, local))
    finally:
        if fetcher is not None:
            fetcher.close()
    gathered.documents, gathered.copies = dedupe(gathered.documents)
    return gathered


def split_loaded(
    conn: duckdb.DuckDBPyConnection, documents: list[Document], version: str
) -> tuple[list[Document], list[Document]]:
    """(to parse, already loaded with this parser version): the cheap skip before parsing."""
    from warehouse.loading import loaded_among

    loaded = loaded_among(conn, [d.sha256 for d in documents], version)
    todo, done = [], []
    for document in documents:
        (done if document.sha256 in loaded else todo).append(document)
    return todo, done


@dataclass(frozen=True)
class ParseLimits:
    """What parsing one document may take: seconds, bytes unpacked, bytes of memory (the last
    applies in worker processes only)."""

    timeout: float | None = None
    unpacked_bytes: int | None = None
    memory: int | None = None

    @classmethod
    def from_settings(cls, timeout: float | None, limits: LimitSettings | None) -> ParseLimits:
        rules = limits or LimitSettings()
        return cls(timeout, rules.unpacked_bytes, rules.worker_memory)


def parse_documents(
    documents: list[Document],
    *,
    workers: int,
    timeout: float | None = None,
    limits: ParseLimits | None = None,
) -> Iterator[tuple[Document, ParseResult | ParseFailure]]:
    """Parse in ``workers`` processes; yields in the order given, each as soon as it can.

    A worker that dies (a crash deep in a PDF library, the kernel's OOM killer) breaks the
    pool; the documents not yet parsed are then parsed one process each, so only the culprit
    is quarantined.
    """
    bounds = limits or ParseLimits(timeout)
    if timeout is not None and bounds.timeout is None:
        bounds = ParseLimits(timeout, bounds.unpacked_bytes, bounds.memory)
    args = (bounds.timeout, bounds.unpacked_bytes)
    if workers <= 1 or len(documents) <= 1:
        for document in documents:
            yield document, parse_archived(str(document.archive_path), document.filename, *args)
        return
    with _pool(min(workers, len(documents)), bounds.memory) as pool:
        futures: list[Future[ParseResult | ParseFailure]] = [
            pool.submit(parse_archived, str(d.archive_path), d.filename, *args) for d in documents
        ]
        pending = set(futures)
        for document, future in zip(documents, futures, strict=True):
            while not future.done():
                _, pending = wait(pending, return_when=FIRST_COMPLETED)
            try:
                result = future.result()
            except BrokenProcessPool:
                result = parse_isolated(document, limits=bounds)
            yield document, result


def _pool(workers: int, memory: int | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_worker_context(),
        initializer=start_worker,
        initargs=(memory,),
    )


def _worker_context() -> multiprocessing.context.BaseContext:
    """Workers fork from a clean server process that has imported the parsers once."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["flows.parse_worker", "parsers"])
    return context


def parse_isolated(
    document: Document, timeout: float | None = None, *, limits: ParseLimits | None = None
) -> ParseResult | ParseFailure:
    """Parse one document in a process of its own; its death is that document's failure."""
    bounds = limits or ParseLimits(timeout)
    with _pool(1, bounds.memory) as pool:
        future = pool.submit(
            parse_archived,
            str(document.archive_path),
            document.filename,
            bounds.timeout,
            bounds.unpacked_bytes,
        )
        try:
            return future.result()
        except BrokenProcessPool:
            return ParseFailure("parse_error", "the parser process died reading this file")


def load_one(
    conn: duckdb.DuckDBPyConnection,
    document: Document,
    parsed: ParseResult | ParseFailure,
    *,
    load_id: str,
    version: str,
) -> DocumentOutcome:
    """Store a parsed document, or quarantine it with its reason."""
    from parsers.genre_meta import with_page_source
    from warehouse.loading import load_parse_result, record_unreadable

    if isinstance(parsed, ParseResult):
        if document.location.startswith(("http://", "https://")):
            # what the text omits (its year) from the page's address and headers
            meta = with_page_source(
                parsed.meta, url=document.location, last_modified=document.last_modified
            )
            parsed = parsed.model_copy(update={"meta": meta})
        try:
            loaded = load_parse_result(
                conn,
                parsed,
                source=document.source,
                filename=document.filename,
                fetched_at=document.fetched_at,
                load_id=load_id,
                archive_path=str(document.archive_path),
                size_bytes=document.size,
            )
        except MinshengError as exc:  # the circular cannot be placed (no period …)
            parsed = ParseFailure(getattr(exc, "reason", "unloadable"), exc.message)
        else:
            return DocumentOutcome(
                location=document.location,
                filename=document.filename,
                outcome="loaded",
                sha256=document.sha256,
                facts=loaded.facts_loaded,
                circular_id=loaded.circular_id,
                role=loaded.role,
                # a document in no circular: why (period_unknown …) and what it does not state
                reason=None if loaded.circular_id else loaded.role,
                message=None if loaded.circular_id else f"{document.filename}: {loaded.note}",
                source=document.source,
                size=document.size,
            )
    record_unreadable(
        conn,
        sha256=document.sha256,
        source=document.source,
        filename=document.filename,
        media_type=document.media_type,
        reason=parsed.reason,
        message=parsed.message,
        fetched_at=document.fetched_at,
        load_id=load_id,
        status="quarantined" if parsed.final else "failed",
        parser_version=version,
        archive_path=str(document.archive_path),
        size_bytes=document.size,
    )
    return DocumentOutcome(
        location=document.location,
        filename=document.filename,
        outcome="quarantined" if parsed.final else "failed",
        sha256=document.sha256,
        reason=parsed.reason,
        message=parsed.message,
        source=document.source,
        size=document.size,
    )


def record_problem(
    conn: duckdb.DuckDBPyConnection, problem: Problem, *, load_id: str
) -> DocumentOutcome:
    """A source that gave no document: quarantine it (too large), or just report it."""
    name = Path(problem.location.rstrip("/")).name or problem.location
    if problem.kind == "quarantine" and problem.sha256 is not None:
        from warehouse.connection import utc_now
        from warehouse.loading import record_unreadable

        record_unreadable(
            conn,
            sha256=problem.sha256,
            source=problem.source,
            filename=name,
            media_type=None,
            reason=problem.reason,
            message=problem.message,
            fetched_at=problem.fetched_at or utc_now(),
            load_id=load_id,
        )
        outcome: Outcome = "quarantined"
    else:
        outcome = "ignored" if problem.kind == "ignored" else "failed"
    return DocumentOutcome(
        location=problem.location,
        filename=name,
        outcome=outcome,
        sha256=problem.sha256,
        reason=problem.reason,
        message=problem.message,
        source=problem.source,
    )


def record_gathered(
    conn: duckdb.DuckDBPyConnection, gathered: Gathered, report: IngestReport, version: str
) -> list[Document]:
    """Record the problems and the documents loaded before; return the documents to parse."""
    for problem in gathered.problems:
        report.outcomes.append(record_problem(conn, problem, load_id=report.load_id))
    todo, done = split_loaded(conn, gathered.documents, version)
    for document in done:
        report.outcomes.append(
            DocumentOutcome(
                location=document.location,
                filename=document.filename,
                outcome="skipped",
                sha256=document.sha256,
                reason="loaded_before",
                source=document.source,
                size=document.size,
            )
        )
    for copy in gathered.copies:
        report.copies.append(
            DocumentOutcome(
                location=copy.location,
                filename=copy.filename,
                outcome="skipped",
                sha256=copy.sha256,
                reason="same_bytes",
                message=f"{copy.filename}: the same bytes as another file of this run, read once",
                source=copy.source,
                size=copy.size,
            )
        )
    return todo


def close_run(
    conn: duckdb.DuckDBPyConnection, report: IngestReport, error: BaseException | None = None
) -> None:
    """Finish the run's ``load_runs`` row: ok, partial, or failed with the error."""
    from warehouse.runs import finish_run
    from warehouse.source_files import record_seen

    record_seen(conn, report.load_id, [_seen(o) for o in report.outcomes + report.copies])
    finish_run(
        conn,
        report.load_id,
        status="failed" if error is not None else report.status,
        documents_seen=len(report.outcomes) - report.count("ignored"),
        documents_loaded=report.count("loaded"),
        documents_skipped=report.count("skipped"),
        documents_failed=report.count("quarantined") + report.count("failed"),
        message=f"{type(error).__name__}: {error}"[:500] if error else run_message(report),
    )


def _seen(outcome: DocumentOutcome) -> dict[str, object]:
    return {
        "location": outcome.location,
        "source": outcome.source,
        "filename": outcome.filename,
        "outcome": outcome.outcome,
        "reason": outcome.reason or outcome.outcome,
        "message": outcome.message,
        "sha256": outcome.sha256,
        "size_bytes": outcome.size,
    }


def open_run(conn: duckdb.DuckDBPyConnection, *, trigger: str) -> tuple[IngestReport, str]:
    """Start a ``load_runs`` row; returns the empty report and the parser version."""
    from warehouse.runs import start_run

    version = parser_version()
    return IngestReport(start_run(conn, trigger=trigger, parser_version=version)), version


def ingest(
    conn: duckdb.DuckDBPyConnection,
    specs: Iterable[str],
    *,
    archive_dir: Path,
    http: HttpSettings,
    workers: int,
    trigger: str,
    progress: Progress | None = None,
    parse_timeout: float | None = None,
    limits: LimitSettings | None = None,
) -> IngestReport:
    """One load run over ``specs``: recorded in ``load_runs`` as ok, partial or failed.

    Parsing and loading overlap: each document is loaded as soon as it and those before it
    are parsed.
    """
    report, version = open_run(conn, trigger=trigger)
    try:
        gathered = gather(specs, conn=conn, archive_dir=archive_dir, http=http, limits=limits)
        todo = record_gathered(conn, gathered, report, version)
        bounds = ParseLimits.from_settings(parse_timeout, limits)
        for index, (document, parsed) in enumerate(
            parse_documents(todo, workers=workers, limits=bounds), 1
        ):
            outcome = load_one(conn, document, parsed, load_id=report.load_id, version=version)
            report.outcomes.append(outcome)
            if progress is not None:
                progress(index, len(todo), document.filename)
    except BaseException as exc:
        close_run(conn, report, exc)
        raise
    close_run(conn, report)
    return report


def run_message(report: IngestReport) -> str:
    """The run's summary line and its first problems, for ``load_runs.message``."""
    lines = [report.summary()]
    for problem in report.problems()[:10]:
        lines.append(f"{problem.outcome} {problem.filename}: {problem.reason}: {problem.message}")
    more = len(report.problems()) - 10
    if more > 0:
        lines.append(f"… and {more} more")
    return "\n".join(lines)
