"""Consistent copies of the SQLite database, taken while Tidings runs."""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

log = logging.getLogger(__name__)

# Milliseconds to wait for a writer to let go; Tidings' own transactions are short.
_BUSY_TIMEOUT_MS: Final = 10_000


class BackupError(Exception):
    """A backup that cannot be made, with a message fit for the person running it."""


@dataclass(frozen=True, slots=True)
class Backup:
    """A finished copy: where from, where to, how big, and its schema revision."""

    source: Path
    path: Path
    size: int
    revision: str | None


def default_path(data_dir: Path, *, now: datetime | None = None) -> Path:
    """Return data_dir/backups/tidings-YYYYmmdd-HHMMSS.db for the current UTC time."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    return data_dir / "backups" / f"tidings-{stamp}.db"


def sqlite_file(url: str) -> Path:
    """Return the SQLite file of a database URL, or explain why there is none to copy."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise BackupError("The database URL is not valid.") from None
    backend = parsed.get_backend_name()
    if backend in {"postgresql", "postgres"}:
        raise BackupError(
            "The database is PostgreSQL: back it up with pg_dump, e.g. "
            "pg_dump --format=custom --file=tidings.dump DATABASE_URL"
        )
    if backend != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise BackupError(f"There is no database file to copy in a {backend} URL.")
    return Path(parsed.database)


def backup_sqlite(source: Path, target: Path) -> Backup:
    """Copy a live SQLite database page by page into a new file, then check the copy."""
    if not source.is_file():
        raise BackupError(f"There is no database at {source} yet.")
    if target.exists():
        raise BackupError(f"{target} already exists; choose another name.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BackupError(f"Cannot create {target.parent}: {error.strerror or error}.") from error
    partial = target.with_name(target.name + ".partial")
    try:
        # Not opened read-only: SQLite then may not read a WAL database whose -shm file
        # is missing. The backup API only reads the source all the same.
        with closing(sqlite3.connect(source)) as src:
            src.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            with closing(sqlite3.connect(partial)) as dst:
                # One step (pages=-1) holds a read transaction for the whole copy, so the copy
                # is one consistent moment even while Tidings writes (WAL lets it go on).
                src.backup(dst, pages=-1)
                # A single self-contained file, whatever journal mode the live database uses.
                dst.execute("PRAGMA journal_mode = DELETE")
                verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
                revision = _revision(dst)
        if verdict != "ok":
            raise BackupError(f"The copy failed its integrity check: {verdict}")
        partial.replace(target)
    except sqlite3.Error as error:
        raise BackupError(f"Cannot copy {source}: {error}.") from error
    finally:
        partial.unlink(missing_ok=True)
    result = Backup(source=source, path=target, size=target.stat().st_size, revision=revision)
    log.info("backed up %s to %s (%d bytes)", source, target, result.size)
    return result


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return None
    return str(row[0]) if row else None
