"""Opening, migrating and checking the database, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, text

from bot.store import Database, StoreError, normalize_url
from bot.store.database import _alembic_config

TABLES = {
    "actor_aliases",
    "actors",
    "alembic_version",
    "article_cache",
    "follows",
    "outbox",
    "room_messages",
    "room_settings",
    "room_sources",
    "room_stories",
    "seen",
    "sources",
    "stories",
    "story_actors",
}


async def _table_names(db: Database) -> set[str]:
    async with db.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def _execute(db: Database, sql: str) -> None:
    async with db.engine.begin() as connection:
        await connection.execute(text(sql))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///data/tidings.db", "sqlite+aiosqlite:///data/tidings.db"),
        (
            "sqlite:////var/lib/tidings/tidings.db",
            "sqlite+aiosqlite:////var/lib/tidings/tidings.db",
        ),
        ("sqlite+aiosqlite:///t.db", "sqlite+aiosqlite:///t.db"),
        ("postgresql://bot:pw@db:5432/tidings", "postgresql+asyncpg://bot:pw@db:5432/tidings"),
        ("postgres://bot@db/tidings", "postgresql+asyncpg://bot@db/tidings"),
        ("postgresql+asyncpg://bot@db/tidings", "postgresql+asyncpg://bot@db/tidings"),
        (
            "postgresql://bot@db/tidings?sslmode=require",
            "postgresql+asyncpg://bot@db/tidings?ssl=require",
        ),
    ],
)
def test_normalize_url_picks_the_asyncio_driver(given: str, expected: str) -> None:
    assert normalize_url(given) == expected


@pytest.mark.parametrize(
    "url", ["mysql://bot@db/tidings", "postgresql+psycopg2://bot@db/tidings", "oracle://x"]
)
def test_normalize_url_refuses_other_databases(url: str) -> None:
    with pytest.raises(StoreError, match="SQLite or PostgreSQL"):
        normalize_url(url)


@pytest.mark.parametrize("url", ["", "not a url", "postgresql://bot:s3cret@db:port/tidings"])
def test_normalize_url_refuses_garbage_without_echoing_it(url: str) -> None:
    with pytest.raises(StoreError, match="not valid") as raised:
        normalize_url(url)
    assert "s3cret" not in str(raised.value)


def test_url_property_masks_the_password() -> None:
    db = Database("postgresql://bot:s3cret@db/tidings")
    assert "s3cret" not in db.url
    assert db.dialect == "postgresql"


def test_engine_of_a_closed_database_is_an_error() -> None:
    with pytest.raises(StoreError, match="not open"):
        _ = Database("sqlite:///never-opened.db").engine


async def test_migrate_builds_the_schema_on_an_empty_database(database_url: str) -> None:
    async with Database(database_url) as db:
        assert await db.revision() is None
        await db.migrate()
        assert await db.revision() == "0002"
        assert await _table_names(db) == TABLES


async def test_migrate_is_idempotent_and_keeps_data(database_url: str) -> None:
    async with Database(database_url) as db:
        await db.migrate()
        await _execute(
            db,
            "INSERT INTO room_settings (room, alert_mode, max_alerts_per_hour) "
            "VALUES ('!room:example.org', 'digest', 5)",
        )
        await db.migrate()
        assert await db.revision() == "0002"
    # A second process opening the same database finds it up to date.
    async with Database(database_url) as db:
        await db.migrate()
        async with db.engine.connect() as connection:
            rows = (
                await connection.execute(text("SELECT room, alert_mode FROM room_settings"))
            ).all()
    assert [tuple(row) for row in rows] == [("!room:example.org", "digest")]


async def test_migrate_refuses_a_database_from_a_newer_tidings(database_url: str) -> None:
    async with Database(database_url) as db:
        await db.migrate()
        await _execute(db, "UPDATE alembic_version SET version_num = '0042_future'")
        with pytest.raises(StoreError) as raised:
            await db.migrate()
        assert str(raised.value) == (
            "The database was created by a newer Tidings (revision 0042_future); "
            "upgrade Tidings or restore a backup."
        )
        # Refused before touching anything.
        assert await db.revision() == "0042_future"
        assert await _table_names(db) == TABLES


async def test_downgrade_to_empty_and_upgrade_again(database_url: str) -> None:
    async with Database(database_url) as db:
        await db.migrate()
        async with db.engine.connect() as connection:
            await connection.run_sync(lambda sync: command.downgrade(_alembic_config(sync), "base"))
        assert await _table_names(db) == {"alembic_version"}
        assert await db.revision() is None
        await db.migrate()
        assert await _table_names(db) == TABLES


async def test_failed_migration_leaves_no_half_built_schema(database_url: str) -> None:
    async with Database(database_url) as db:
        # A table in the way makes the first migration fail half-way, after several tables.
        await _execute(db, "CREATE TABLE outbox (id INTEGER PRIMARY KEY)")
        with pytest.raises(Exception, match="outbox"):
            await db.migrate()
        assert await db.revision() is None
        assert await _table_names(db) <= {"outbox", "alembic_version"}


async def test_instances_starting_together_on_postgresql_migrate_once(postgres_url: str) -> None:
    databases = [Database(postgres_url) for _ in range(3)]
    for db in databases:
        await db.open()
    try:
        await asyncio.gather(*(db.migrate() for db in databases))
        assert [await db.revision() for db in databases] == ["0002"] * 3
    finally:
        for db in databases:
            await db.close()


async def test_open_creates_the_directory_and_sets_sqlite_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "volume" / "nested" / "tidings.db"
    async with Database(f"sqlite:///{path}") as db:
        await db.migrate()
        assert path.is_file()
        async with db.engine.connect() as connection:
            pragmas = {
                name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 5000}


async def test_open_explains_a_directory_it_cannot_create(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="Cannot create the database directory"):
        await Database(f"sqlite:///{blocker / 'tidings.db'}").open()


async def test_ping_answers_while_the_database_is_there(database_url: str) -> None:
    db = Database(database_url)
    assert not await db.ping()
    async with db:
        assert await db.ping()
    assert not await db.ping()


async def test_ping_fails_once_the_sqlite_directory_is_gone(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    async with Database(f"sqlite:///{directory / 'tidings.db'}") as db:
        await db.migrate()
        assert await db.ping()
        shutil.rmtree(directory)
        assert not await db.ping()


async def test_ping_fails_when_postgresql_is_unreachable() -> None:
    # Port 9 (discard) has no PostgreSQL behind it on the test machine.
    async with Database("postgresql://postgres@127.0.0.1:9/test") as db:
        assert not await db.ping()


async def test_upgrade_from_the_first_release_keeps_sources_and_queued_alerts(
    database_url: str,
) -> None:
    async with Database(database_url) as db:
        async with db.engine.connect() as connection:
            await connection.run_sync(lambda sync: command.upgrade(_alembic_config(sync), "0001"))
        await _execute(
            db,
            "INSERT INTO sources (id, url, kind, created_at) "
            "VALUES (7, 'https://news.example.org/rss', 'feed', '2026-01-05 09:00:00')",
        )
        await _execute(
            db,
            "INSERT INTO stories (id, canonical_url, title, first_seen_at) "
            "VALUES (3, 'https://news.example.org/a', 'Clashes', '2026-01-05 09:00:00')",
        )
        await _execute(
            db,
            "INSERT INTO outbox (room, story_id, kind, payload, created_at, attempts) "
            "VALUES ('!r:example.org', 3, 'immediate', '{}', '2026-01-05 09:00:00', 2)",
        )
        await db.migrate()
        assert await db.revision() == "0002"
        async with db.engine.connect() as connection:
            source = (await connection.execute(text("SELECT url, poll_every FROM sources"))).one()
            alert = (await connection.execute(text("SELECT attempts, failed_at FROM outbox"))).one()
    assert tuple(source) == ("https://news.example.org/rss", None)
    assert tuple(alert) == (2, None)
