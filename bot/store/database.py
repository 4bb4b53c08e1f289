"""The connection to the database (an SQLite file or a PostgreSQL server) and its migrations."""

from __future__ import annotations

import asyncio
import functools
import json
import logging
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

logger = logging.getLogger(__name__)

_MIGRATIONS: Final = Path(__file__).resolve().parent / "migrations"
_SQLITE_DRIVER: Final = "sqlite+aiosqlite"
_POSTGRES_DRIVER: Final = "postgresql+asyncpg"
_SQLITE_NAMES: Final = frozenset({"sqlite", _SQLITE_DRIVER})
_POSTGRES_NAMES: Final = frozenset({"postgres", "postgresql", _POSTGRES_DRIVER})
_SQLITE_BUSY_TIMEOUT_MS: Final = 5_000
_CONNECT_TIMEOUT_S: Final = 10.0
_PING_TIMEOUT_S: Final = 5.0
# Any fixed 64-bit number will do: it only has to be the same in every Tidings instance.
_MIGRATION_LOCK_KEY: Final = 0x7469_6469_6E67_73  # "tidings"
# Compact JSON that keeps non-Latin text readable (and a sixth of the size of \u escapes).
_json_dumps: Final = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


class StoreError(Exception):
    """A database Tidings cannot use, with a message fit for the person running it."""


def normalize_url(url: str) -> str:
    """Return the URL with the asyncio driver Tidings uses for its database."""
    return _async_url(url).render_as_string(hide_password=False)


def _async_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        # Not echoed: the string may hold a password.
        raise StoreError(
            "The database URL is not valid; expected sqlite:///PATH or "
            "postgresql://USER@HOST/DATABASE."
        ) from None
    if parsed.drivername in _SQLITE_NAMES:
        return parsed.set(drivername=_SQLITE_DRIVER)
    if parsed.drivername in _POSTGRES_NAMES:
        query = dict(parsed.query)
        # asyncpg spells libpq's sslmode "ssl" and accepts the same values.
        if "sslmode" in query and "ssl" not in query:
            query["ssl"] = query.pop("sslmode")
        return parsed.set(drivername=_POSTGRES_DRIVER, query=query)
    raise StoreError(
        f"Tidings keeps its data in SQLite or PostgreSQL, not {parsed.drivername!r}; "
        "use sqlite:///PATH or postgresql://USER@HOST/DATABASE."
    )


class Database:
    """One database with its connection pool; repositories take it in their constructor."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self._url = _async_url(url)
        self._echo = echo
        self._engine: AsyncEngine | None = None
        self._sqlite_path = _sqlite_file(self._url)
        # Whether this engine has connected, and so created the SQLite file, since open().
        self._sqlite_connected = False

    @property
    def url(self) -> str:
        """Return the URL with any password masked, fit for logs."""
        return self._url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        """Return "sqlite" or "postgresql"."""
        return self._url.get_backend_name()

    @property
    def engine(self) -> AsyncEngine:
        """Return the engine of an open database."""
        if self._engine is None:
            raise StoreError("The database is not open.")
        return self._engine

    async def open(self) -> None:
        """Create the connection pool (and the SQLite file's directory); connect lazily."""
        if self._engine is not None:
            return
        if self._sqlite_path is not None:
            try:
                await asyncio.to_thread(self._sqlite_path.parent.mkdir, parents=True, exist_ok=True)
            except OSError as error:
                raise StoreError(
                    f"Cannot create the database directory {self._sqlite_path.parent}: "
                    f"{error.strerror or error}."
                ) from error
        options: dict[str, Any] = {"echo": self._echo, "json_serializer": _json_dumps}
        if self.dialect == "postgresql":
            options |= {"pool_pre_ping": True, "connect_args": {"timeout": _CONNECT_TIMEOUT_S}}
        engine = create_async_engine(self._url, **options)
        if self.dialect == "sqlite":
            self._sqlite_connected = False
            event.listen(engine.sync_engine, "connect", _sqlite_configure)
            event.listen(engine.sync_engine, "connect", self._note_sqlite_connection)
            event.listen(engine.sync_engine, "begin", _sqlite_begin)
        self._engine = engine
        logger.info("database %s opened", self.url)

    async def close(self) -> None:
        """Close every pooled connection; the database can be opened again."""
        engine, self._engine = self._engine, None
        if engine is not None:
            await engine.dispose()
            logger.info("database %s closed", self.url)

    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def migrate(self) -> None:
        """Upgrade the schema to the newest revision, one transaction per migration."""
        async with self.engine.connect() as connection:
            await connection.run_sync(self._upgrade)
        logger.info("database %s is at revision %s", self.url, await self.revision())

    async def revision(self) -> str | None:
        """Return the schema revision stored in the database, or None before any migration."""
        async with self.engine.connect() as connection:
            heads = await connection.run_sync(_current_heads)
        return heads[0] if heads else None

    async def ping(self) -> bool:
        """Return whether the database answers a trivial query; never raise."""
        engine = self._engine
        if engine is None:
            return False
        # A pooled SQLite connection keeps answering after its file was deleted.
        if (
            self._sqlite_path is not None
            and self._sqlite_connected
            and not await asyncio.to_thread(self._sqlite_path.exists)
        ):
            logger.warning("database file %s is gone", self._sqlite_path)
            return False
        try:
            async with asyncio.timeout(_PING_TIMEOUT_S), engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # a health check reports, whatever the failure
            logger.warning("database %s does not answer: %s", self.url, error)
            return False
        return True

    def _note_sqlite_connection(self, _dbapi_connection: Any, _record: Any) -> None:
        self._sqlite_connected = True

    def _upgrade(self, connection: Connection) -> None:
        config = _alembic_config(connection)
        script = ScriptDirectory.from_config(config)
        is_postgres = connection.dialect.name == "postgresql"
        if is_postgres:
            # Instances that start together on one server take turns; the lock is per session,
            # so it outlives the per-migration commits below.
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            connection.commit()
        try:
            heads = _current_heads(connection)
            # Alembic runs each migration in a transaction of its own only on an idle connection.
            connection.commit()
            known = {revision.revision for revision in script.walk_revisions()}
            for head in heads:
                if head not in known:
                    raise StoreError(
                        f"The database was created by a newer Tidings (revision {head}); "
                        "upgrade Tidings or restore a backup."
                    )
            command.upgrade(config, "head")
        finally:
            if is_postgres:
                _release_migration_lock(connection)


def _sqlite_file(url: URL) -> Path | None:
    """Return the file of an SQLite URL, or None for in-memory and non-SQLite databases."""
    if url.get_backend_name() != "sqlite":
        return None
    name = url.database or ""
    if name in ("", ":memory:") or name.startswith("file:"):
        return None
    return Path(name)


def _sqlite_configure(dbapi_connection: Any, _record: Any) -> None:
    # sqlite3's own transaction handling skips BEGIN before DDL; _sqlite_begin takes over so
    # that every migration and every write is one real transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {_SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: two transactions that read and then write would
    # otherwise deadlock ("database is locked") instead of waiting their turn.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _alembic_config(connection: Connection) -> Config:
    """Return an Alembic configuration for the packaged migrations, bound to a connection."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def _current_heads(connection: Connection) -> tuple[str, ...]:
    return tuple(MigrationContext.configure(connection).get_current_heads())


def _release_migration_lock(connection: Connection) -> None:
    try:
        connection.rollback()
        connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        connection.commit()
    except Exception:
        # A pooled connection must not carry the lock to its next user.
        logger.exception("could not release the migration lock; dropping the connection")
        connection.invalidate()
