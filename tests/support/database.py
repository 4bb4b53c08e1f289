"""Real databases for tests: an SQLite file and a fresh PostgreSQL database per test.

PostgreSQL is required, never skipped. Set TIDINGS_TEST_POSTGRES_URL to point the tests at a
server other than postgresql://postgres@127.0.0.1:5432/test; each test gets a database of its
own on that server, dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.store import Database

POSTGRES_URL_VARIABLE = "TIDINGS_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("sqlite", "postgresql")


@dataclass(slots=True)
class ManualClock:
    """A clock that stands still until a test moves it."""

    current: datetime = datetime(2024, 10, 7, 9, 30, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@pytest.fixture
async def postgres_url() -> AsyncIterator[str]:
    """Create an empty PostgreSQL database, yield its URL, and drop it afterwards."""
    server = make_url(os.environ.get(POSTGRES_URL_VARIABLE, DEFAULT_POSTGRES_URL))
    failure: BaseException | None = None
    try:
        admin = await asyncpg.connect(
            user=server.username,
            password=server.password,
            host=server.host,
            port=server.port,
            database=server.database,
            timeout=10,
        )
    except (OSError, TimeoutError, asyncpg.PostgresError) as error:
        failure = error
    if failure is not None:
        pytest.fail(
            f"The store tests need PostgreSQL at {server.render_as_string()} and could not "
            f"connect ({failure!r}). Start the server or set {POSTGRES_URL_VARIABLE}.",
            pytrace=False,
        )
    name = f"tidings_test_{secrets.token_hex(6)}"
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Return the plain URL of an empty database, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        # A directory that does not exist yet: opening the database must create it.
        return f"sqlite:///{tmp_path / 'data' / 'tidings.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """Yield an open database, migrated to the newest schema."""
    async with Database(database_url) as db:
        await db.migrate()
        yield db


@pytest.fixture
def clock() -> ManualClock:
    """Return a clock that only moves when the test says so."""
    return ManualClock()
