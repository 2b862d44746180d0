"""Run the example queries of docs/warehouse.md and write their outputs into it.

Run from the repository root::

    .venv/bin/python docs/warehouse_examples.py           # rewrite the output tables
    .venv/bin/python docs/warehouse_examples.py --check   # exit 1 if the doc is out of date

It builds the example warehouse in a temporary directory: one nightly run over
``examples/circulars``, then a second run that also finds two files made on the spot — a
re-issue of one text circular with a later issue date and one corrected figure, and a damaged
PDF. Each example query of the doc sits between ``<!-- query: NAME -->`` and ``<!-- /query -->``:
the first ```` ```sql ```` block there is run on the snapshot (``warehouse.snapshot.open_snapshot``
and ``run_sql``, as ``minsheng sql`` does) and everything after that block is the output table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flows.nightly import run_nightly  # noqa: E402
from flows.settings import AlertSettings, HttpSettings, Settings  # noqa: E402
from schemas.errors import MinshengError  # noqa: E402
from warehouse.snapshot import open_snapshot, run_sql  # noqa: E402

DOC = ROOT / "docs" / "warehouse.md"
EXAMPLES = ROOT / "examples" / "circulars"
COMMAND = ".venv/bin/python docs/warehouse_examples.py"

# the circular re-issued on the fly, and the names of the two files made for the second run
REISSUED_SOURCE = "衡阳市-2025-10.txt"
REISSUED_NAME = "衡阳市-2025-10（更正）.txt"
DAMAGED_NAME = "衡阳市-2025-11（扫描）.pdf"
REISSUE_DELAY = timedelta(days=6)
CORRECTION = 0.5  # percentage points taken off the first attachment figure below 100 %

# one example block: <!-- query: circulars --> … ```sql … ``` output … <!-- /query -->
QUERY_BLOCK = regex.compile(
    r"(?P<open><!-- query: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(?P<close><!-- /query -->)",
    regex.DOTALL,
)
# the SQL of a block and what follows it: ```sql\nSELECT 1;\n```\n\n| 1 |…
SQL_FENCE = regex.compile(r"(?P<head>.*?```sql\n(?P<sql>.*?)```\n)(?P<output>.*)", regex.DOTALL)
# the date a circular is signed on, on a line of its own: 2025年11月14日
ISSUE_DATE = regex.compile(
    r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日(?=[ \t\r]*$)", regex.MULTILINE
)
# the first attachment heading of a text circular: 附件1：
ATTACHMENT_HEADING = regex.compile(r"^附件\s*1", regex.MULTILINE)
# a percentage with decimals as a text circular prints it: 77.72%
PERCENT = regex.compile(r"(?P<value>\d{1,3}\.\d{1,2})(?=[%％])")


@dataclass(frozen=True)
class Example:
    name: str
    sql: str
    output: str


def examples(markdown: str) -> list[Example]:
    """The example blocks of the doc, in order."""
    found: list[Example] = []
    for block in QUERY_BLOCK.finditer(markdown):
        fence = SQL_FENCE.fullmatch(block["body"])
        if fence is None:
            raise MinshengError(f"example {block['name']!r} has no ```sql block")
        found.append(Example(block["name"], fence["sql"], fence["output"]))
    if not found:
        raise MinshengError("no <!-- query: NAME --> blocks found")
    names = [e.name for e in found]
    if len(set(names)) != len(names):
        raise MinshengError("example names must be unique")
    return found


def cell(value: Any) -> str:
    """One value as the doc shows it (NULL, 55 for 55.0, dates in ISO form)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cell(v) for v in value) + "]"
    text = str(value).replace("|", "\\|").replace("\r", "")
    return text.replace("\n", "<br>")


def table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table of a query's result ("(no rows)" when it is empty)."""
    if not rows:
        return "(no rows)\n"
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _decode(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise MinshengError(f"{REISSUED_SOURCE}: neither UTF-8 nor GB18030")


def reissue(text: str) -> str:
    """The circular issued again REISSUE_DELAY later, one attachment figure corrected down."""
    dates = list(ISSUE_DATE.finditer(text))
    attachment = ATTACHMENT_HEADING.search(text)
    if not dates or attachment is None:
        raise MinshengError(f"{REISSUED_SOURCE}: no issue date or no 附件1 to re-issue")
    signed = dates[-1]
    later = date(int(signed["y"]), int(signed["m"]), int(signed["d"])) + REISSUE_DELAY
    text = (
        text[: signed.start()]
        + f"{later.year}年{later.month}月{later.day}日"
        + text[signed.end() :]
    )
    for figure in PERCENT.finditer(text, pos=attachment.end()):
        value = float(figure["value"])
        if CORRECTION < value < 100:
            corrected = f"{value - CORRECTION:.2f}"
            return text[: figure.start()] + corrected + text[figure.end() :]
    raise MinshengError(f"{REISSUED_SOURCE}: no attachment figure to correct")


def make_extra_files(folder: Path) -> None:
    """The re-issued circular and a damaged PDF (a header and a trailer, nothing between)."""
    folder.mkdir(parents=True, exist_ok=True)
    text, encoding = _decode((EXAMPLES / REISSUED_SOURCE).read_bytes())
    (folder / REISSUED_NAME).write_bytes(reissue(text).encode(encoding))
    (folder / DAMAGED_NAME).write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")


def _settings(data_dir: Path, sources: list[str]) -> Settings:
    # every key given, so MINSHENG_* variables of the caller's shell change nothing
    return Settings(
        data_dir=data_dir,
        database=data_dir / "minsheng.duckdb",
        snapshot=data_dir / "snapshot.duckdb",
        parquet_dir=data_dir / "parquet",
        sources=sources,
        parse_workers=1,
        parse_timeout=600.0,
        http=HttpSettings(),
        alerts=AlertSettings(),
        channels=[],
    )


def build_example_warehouse(workdir: Path) -> Path:
    """Two nightly runs into ``workdir``; returns the path of the snapshot."""
    extra = workdir / "inbox"
    make_extra_files(extra)
    data_dir = workdir / "data"
    run_nightly(_settings(data_dir, [str(EXAMPLES)]))
    settings = _settings(data_dir, [str(EXAMPLES), str(extra)])
    run_nightly(settings)
    return settings.snapshot_path


def render(markdown: str, snapshot: Path) -> str:
    """The doc with every example's output table replaced by what its SQL gives."""
    conn = open_snapshot(snapshot)
    try:

        def replace(block: regex.Match[str]) -> str:
            fence = SQL_FENCE.fullmatch(block["body"])
            assert fence is not None  # checked by examples()
            try:
                columns, rows = run_sql(conn, fence["sql"])
            except MinshengError as exc:
                raise MinshengError(f"example {block['name']!r}: {exc}") from exc
            return block["open"] + fence["head"] + "\n" + table(columns, rows) + block["close"]

        examples(markdown)
        return QUERY_BLOCK.sub(replace, markdown)
    finally:
        conn.close()


def expected_doc(doc: Path = DOC, snapshot: Path | None = None) -> tuple[str, str]:
    """(the doc as it is, the doc as the example warehouse says it should be).

    Without ``snapshot`` the example warehouse is built in a temporary directory first.
    """
    current = doc.read_text(encoding="utf-8")
    if snapshot is not None:
        return current, render(current, snapshot)
    with tempfile.TemporaryDirectory(prefix="minsheng-doc-") as tmp:
        return current, render(current, build_example_warehouse(Path(tmp)))


def differing(current: str, wanted: str) -> list[str]:
    """Names of the examples whose output differs between two versions of the doc."""
    now = {e.name: e.output for e in examples(current)}
    return [e.name for e in examples(wanted) if now.get(e.name) != e.output]


def stale_examples(doc: Path = DOC, snapshot: Path | None = None) -> list[str]:
    """Names of the examples whose output in ``doc`` differs from what their SQL gives."""
    return differing(*expected_doc(doc, snapshot))


def main(argv: Sequence[str] | None = None, *, snapshot: Path | None = None) -> int:
    """The command line; ``snapshot`` reuses an example warehouse already built."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the doc is out of date")
    parser.add_argument(
        "--doc", type=Path, default=DOC, help="the Markdown file (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    doc: Path = args.doc
    try:
        current, wanted = expected_doc(doc, snapshot)
        if args.check:
            stale = differing(current, wanted)
            if stale:
                print(f"out of date in {doc.name}: {', '.join(stale)}; run: {COMMAND}")
                return 1
            print(f"{doc.name}: all examples up to date")
            return 0
        if wanted != current:
            doc.write_text(wanted, encoding="utf-8")
        print(f"{doc.name}: {len(examples(wanted))} examples written")
        return 0
    except (MinshengError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
