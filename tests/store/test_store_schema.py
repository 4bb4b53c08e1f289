"""The migrated schema: that it matches tables.py and enforces what the product relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, MetaData, Table, Text, delete, func, insert, select
from sqlalchemy.exc import IntegrityError, StatementError

from bot.store import Database
from bot.store.tables import metadata, outbox, room_sources, sources, stories

NOW = datetime(2024, 10, 7, 9, 30, tzinfo=UTC)


async def _add_source(db: Database, url: str = "https://news.example.org/feed.xml") -> int:
    async with db.engine.begin() as connection:
        result = await connection.execute(
            insert(sources).values(url=url, kind="feed", created_at=NOW).returning(sources.c.id)
        )
        return int(result.scalar_one())


async def _add_story(db: Database, url: str = "https://news.example.org/a") -> int:
    async with db.engine.begin() as connection:
        result = await connection.execute(
            insert(stories)
            .values(canonical_url=url, title="Clashes", first_seen_at=NOW)
            .returning(stories.c.id)
        )
        return int(result.scalar_one())


async def test_migrations_build_exactly_the_tables_module(database: Database) -> None:
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(
                MigrationContext.configure(sync, opts={"compare_type": True}), metadata
            )
        )
    assert differences == []


async def test_schema_drift_would_be_noticed(database: Database) -> None:
    # The comparison above must be able to fail: a column the migrations never made shows up.
    drifted = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(drifted)
    Table("article_cache", drifted, Column("etag", Text), extend_existing=True)
    async with database.engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), drifted)
        )
    assert [(kind, column.name) for kind, _, _table, column in differences] == [
        ("add_column", "etag")
    ]


async def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError):
        async with database.engine.begin() as connection:
            await connection.execute(
                insert(room_sources).values(room="!r:example.org", source_id=999)
            )


async def test_removing_a_source_removes_it_from_rooms(database: Database) -> None:
    source_id = await _add_source(database)
    async with database.engine.begin() as connection:
        await connection.execute(
            insert(room_sources).values(room="!r:example.org", source_id=source_id)
        )
        await connection.execute(delete(sources).where(sources.c.id == source_id))
        left = await connection.scalar(select(func.count()).select_from(room_sources))
    assert left == 0


async def test_outbox_holds_one_alert_per_story_and_room(database: Database) -> None:
    story_id = await _add_story(database)
    row = {
        "story_id": story_id,
        "kind": "immediate",
        "payload": {"title": "Clashes"},
        "created_at": NOW,
    }
    async with database.engine.begin() as connection:
        await connection.execute(insert(outbox).values(room="!a:example.org", **row))
        await connection.execute(insert(outbox).values(room="!b:example.org", **row))
    with pytest.raises(IntegrityError):
        async with database.engine.begin() as connection:
            await connection.execute(insert(outbox).values(room="!a:example.org", **row))
    async with database.engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(outbox))
    assert count == 2


async def test_outbox_kind_is_checked(database: Database) -> None:
    story_id = await _add_story(database)
    with pytest.raises(IntegrityError):
        async with database.engine.begin() as connection:
            await connection.execute(
                insert(outbox).values(
                    room="!a:example.org",
                    story_id=story_id,
                    kind="whenever",
                    payload={},
                    created_at=NOW,
                )
            )


async def test_times_are_stored_in_utc_and_read_back_aware(database: Database) -> None:
    beirut = timezone(timedelta(hours=3))
    polled = datetime(2024, 10, 7, 12, 0, 0, 123456, tzinfo=beirut)
    source_id = await _add_source(database)
    async with database.engine.begin() as connection:
        await connection.execute(
            sources.update().where(sources.c.id == source_id).values(next_poll_at=polled)
        )
    async with database.engine.connect() as connection:
        stored = await connection.scalar(select(sources.c.next_poll_at))
        # Compared in SQL against a time in another zone: 08:59 UTC is before 09:00 UTC.
        due = await connection.scalar(
            select(func.count()).where(
                sources.c.next_poll_at <= datetime(2024, 10, 7, 9, 1, tzinfo=UTC)
            )
        )
        not_due = await connection.scalar(
            select(func.count()).where(
                sources.c.next_poll_at <= datetime(2024, 10, 7, 8, 59, tzinfo=UTC)
            )
        )
    assert stored == polled
    assert stored.tzinfo is UTC
    assert stored.hour == 9
    assert (due, not_due) == (1, 0)


async def test_naive_times_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        async with database.engine.begin() as connection:
            await connection.execute(
                insert(sources).values(
                    url="https://x.example/feed", kind="feed", created_at=datetime(2024, 1, 1)
                )
            )
