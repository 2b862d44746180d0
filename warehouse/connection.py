"""Opening the warehouse: numbered migrations, view definitions, transactions.

Migrations are ``warehouse/migrations/NNN_name.sql``, applied in number order, each in one
transaction together with its row in ``schema_migrations``. An applied migration whose file has
changed since is refused: the database no longer matches the code that reads it. Views are
``warehouse/views/*.sql`` and are recreated on every writable connect, numbered files first, in
number order, so a view can build on the views before it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import duckdb
import regex

from schemas.errors import MinshengError

# "001_core.sql", "012_series.sql"
MIGRATION_FILE = regex.compile(r"^(?P<number>\d{3,})_(?P<name>[a-z0-9_]+)\.sql$")
# "010_facts_v.sql" (numbered, created first) or "facts_v.sql"
VIEW_FILE = regex.compile(r"^(?:(?P<number>\d+)_)?(?P<name>[A-Za-z0-9_]+)\.sql$")

BOOTSTRAP = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    checksum    VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
)
"""


@dataclass(frozen=True)
class SqlFile:
    number: int | None
    name: str
    filename: str
    sql: str

    @property
    def checksum(self) -> str:
        normalised = self.sql.replace("\r\n", "\n").strip()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def migration_files() -> list[SqlFile]:
    """The migrations shipped with the package, in number order."""
    found: dict[int, SqlFile] = {}
    for entry in resources.files("warehouse").joinpath("migrations").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = MIGRATION_FILE.match(entry.name)
        if match is None:
            raise MinshengError(f"migration file {entry.name!r} is not named NNN_name.sql")
        number = int(match["number"])
        if number in found:
            raise MinshengError(
                f"two migrations numbered {number}: {found[number].filename}, {entry.name}"
            )
        found[number] = SqlFile(number, match["name"], entry.name, entry.read_text("utf-8"))
    return [found[n] for n in sorted(found)]


def view_files() -> list[SqlFile]:
    """The view definitions, numbered ones first in number order, then the rest by name."""
    views: list[SqlFile] = []
    for entry in resources.files("warehouse").joinpath("views").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = VIEW_FILE.match(entry.name)
        if match is None:
            raise MinshengError(f"view file {entry.name!r} is not named [NNN_]name.sql")
        number = int(match["number"]) if match["number"] is not None else None
        views.append(SqlFile(number, match["name"], entry.name, entry.read_text("utf-8")))
    return sorted(views, key=lambda v: (v.number is None, v.number or 0, v.filename))


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, or ROLLBACK when the block raises."""
    conn.begin()
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def execute_with(conn: duckdb.DuckDBPyConnection, name: str, rows: object, sql: str) -> None:
    """Run ``sql`` with ``rows`` (an Arrow table or a DataFrame) registered as the relation
    ``name``: a whole batch in one statement. The relation is gone afterwards, also on failure."""
    conn.register(name, rows)
    try:
        conn.execute(sql)
    except duckdb.Error:
        with suppress(duckdb.Error):  # an aborted transaction refuses even this; rollback does it
            conn.unregister(name)
        raise
    conn.unregister(name)


def connect(path: str | Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file, apply pending migrations and recreate the views.

    A read-only connection changes nothing; it refuses a file that still needs migrating.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise MinshengError(f"no warehouse at {path}")
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise MinshengError(f"cannot open warehouse {path}: {first_line(exc)}") from exc
    try:
        if read_only:
            pending = pending_migrations(conn)
            if pending:
                names = ", ".join(m.filename for m in pending)
                raise MinshengError(f"warehouse {path} needs migrating ({names}); open it writable")
        else:
            migrate(conn)
            create_views(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def applied_migrations(conn: duckdb.DuckDBPyConnection) -> dict[int, tuple[str, str]]:
    """version → (name, checksum) of the migrations recorded in this database."""
    exists = conn.execute(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE table_name = 'schema_migrations' AND database_name = current_database()"
    ).fetchone()
    if not exists or exists[0] == 0:
        return {}
    rows = conn.execute("SELECT version, name, checksum FROM schema_migrations").fetchall()
    return {int(version): (name, checksum) for version, name, checksum in rows}


def pending_migrations(
    conn: duckdb.DuckDBPyConnection, migrations: list[SqlFile] | None = None
) -> list[SqlFile]:
    """Migrations not applied yet; raises if an applied one has changed or is unknown.

    ``migrations`` defaults to the files shipped with the package.
    """
    applied = applied_migrations(conn)
    files = migration_files() if migrations is None else migrations
    known = {m.number for m in files}
    unknown = sorted(set(applied) - known)
    if unknown:
        raise MinshengError(
            f"the warehouse has migrations this version does not know: {unknown}; "
            "it was written by a newer minsheng"
        )
    pending = []
    for migration in files:
        assert migration.number is not None
        recorded = applied.get(migration.number)
        if recorded is None:
            pending.append(migration)
        elif recorded[1] != migration.checksum:
            raise MinshengError(
                f"migration {migration.filename} was changed after it was applied "
                "to this warehouse; add a new migration instead of editing an applied one"
            )
    return pending


def migrate(conn: duckdb.DuckDBPyConnection, migrations: list[SqlFile] | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction; returns the files applied."""
    conn.execute(BOOTSTRAP)
    done = []
    for migration in pending_migrations(conn, migrations):
        try:
            with transaction(conn):
                conn.execute(migration.sql)
                conn.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                    [migration.number, migration.name, migration.checksum, utc_now()],
                )
        except duckdb.Error as exc:
            raise MinshengError(
                f"migration {migration.filename} failed: {first_line(exc)}"
            ) from exc
        done.append(migration.filename)
    return done


def create_views(conn: duckdb.DuckDBPyConnection) -> None:
    """(Re)create every view from its file, in one transaction."""
    with transaction(conn):
        for view in view_files():
            try:
                conn.execute(view.sql)
            except duckdb.Error as exc:
                raise MinshengError(f"view {view.filename} failed: {first_line(exc)}") from exc


def utc_now() -> datetime:
    """The current time as a naive UTC timestamp, the form every timestamp column holds."""
    return datetime.now(UTC).replace(tzinfo=None)


def as_utc(moment: datetime) -> datetime:
    """A naive UTC timestamp for ``moment`` (naive input is taken to be UTC already)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
