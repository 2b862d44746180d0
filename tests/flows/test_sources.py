"""Local folder sources and the archive."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from flows import archive
from flows.sources import Document, Problem, dedupe, gather_local, has_other_scheme, is_web
from schemas.errors import MinshengError

NOW = datetime(2024, 10, 9, 2, 0)


def make(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_folder_is_read_recursively_with_unsupported_files_reported(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    make(inbox, "a.txt", "一月".encode())
    make(inbox, "sub/b.PDF", b"%PDF-1.4 b")
    make(inbox, "c.docx", b"PK docx")
    make(inbox, "d.doc", b"old word")
    make(inbox, ".hidden.txt", b"x")
    make(inbox, "~$c.docx", b"lock")
    got = list(gather_local(str(inbox), tmp_path / "archive", NOW))
    docs = [g for g in got if isinstance(g, Document)]
    problems = [g for g in got if isinstance(g, Problem)]
    assert sorted(d.filename for d in docs) == ["a.txt", "b.PDF", "c.docx"]
    assert sorted((p.kind, p.reason, Path(p.location).name) for p in problems) == [
        ("ignored", "hidden", ".hidden.txt"),
        ("ignored", "legacy_format", "d.doc"),
        ("ignored", "lock_file", "~$c.docx"),
    ]
    legacy = next(p for p in problems if p.reason == "legacy_format")
    assert "save it as .docx or PDF" in legacy.message
    pdf = next(d for d in docs if d.filename == "b.PDF")
    assert pdf.archive_path == tmp_path / "archive" / pdf.sha256[:2] / f"{pdf.sha256}.pdf"
    assert pdf.archive_path.read_bytes() == b"%PDF-1.4 b"
    assert pdf.media_type == "application/pdf"


def test_glob_and_single_file(tmp_path: Path) -> None:
    make(tmp_path, "x/2024-01.txt", b"1")
    make(tmp_path, "x/2024-02.txt", b"2")
    make(tmp_path, "x/notes.md", b"3")
    by_glob = list(gather_local(str(tmp_path / "x" / "2024-*.txt"), tmp_path / "a", NOW))
    assert [d.filename for d in by_glob if isinstance(d, Document)] == [
        "2024-01.txt",
        "2024-02.txt",
    ]
    [single] = list(gather_local(str(tmp_path / "x" / "2024-02.txt"), tmp_path / "a", NOW))
    assert isinstance(single, Document) and single.size == 1


def test_missing_folder_is_a_failure(tmp_path: Path) -> None:
    [problem] = list(gather_local(str(tmp_path / "nowhere"), tmp_path / "a", NOW))
    assert isinstance(problem, Problem)
    assert (problem.kind, problem.reason) == ("failed", "missing")


def test_same_bytes_twice_are_one_document(tmp_path: Path) -> None:
    make(tmp_path, "in/a.txt", b"same")
    make(tmp_path, "in/copy/a-again.txt", b"same")
    got = [g for g in gather_local(str(tmp_path / "in"), tmp_path / "a", NOW)]
    docs = [g for g in got if isinstance(g, Document)]
    unique, copies = dedupe(docs)
    assert len(docs) == 2 and len(unique) == 1 and len(copies) == 1
    assert len(list((tmp_path / "a").rglob("*.txt"))) == 1


def test_archive_store_is_idempotent(tmp_path: Path) -> None:
    first = archive.store(tmp_path, b"abc", ".TXT")
    second = archive.store(tmp_path, b"abc", ".txt")
    assert first == second and first.suffix == ".txt"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [first.name]


@pytest.mark.parametrize(
    ("spec", "web", "other"),
    [
        ("https://gov.example.cn/tzgg/", True, False),
        ("HTTP://gov.example.cn/a.pdf", True, False),
        ("file:///srv/inbox", False, True),
        ("ftp://gov.example.cn/a.pdf", False, True),
        ("inbox/2024", False, False),
        ("/srv/inbox/*.pdf", False, False),
        ("C:/inbox", False, False),
    ],
)
def test_scheme_detection(spec: str, web: bool, other: bool) -> None:
    assert (is_web(spec), has_other_scheme(spec)) == (web, other)


def test_unwritable_archive_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "archive").write_text("a file, not a folder")
    with pytest.raises(MinshengError, match="cannot write to the archive"):
        archive.store(tmp_path / "archive", b"abc", ".txt")
