"""What follow-ups keep: actors and aliases, follows, sources, stories and the alert outbox."""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, Table, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.core.model import (
    Actor,
    ActorKind,
    Followed,
    Follower,
    NewStory,
    QueuedAlert,
    Source,
    SourceKind,
    StoredStory,
    TrackedActor,
)
from bot.store.database import Database
from bot.store.tables import (
    actor_aliases,
    actors,
    follows,
    outbox,
    room_messages,
    room_settings,
    room_sources,
    room_stories,
    seen,
    sources,
    stories,
    story_actors,
)

log = logging.getLogger(__name__)

# Held while one instance checks a story against the stored ones and records it.
_RECORDING_LOCK_KEY: Final = 0x7469_6469_6E67_72  # "tidingr"
_CHUNK: Final = 500  # keys per IN (...) list, well under every driver's parameter limit
# Keys in one NOT IN list when forgetting old items; a longer feed is simply not pruned.
_MAX_LISTED: Final = 5000
_APOSTROPHES: Final = re.compile(r"[’‘`´]")
_NOT_WORD: Final = re.compile(r"[^\w]+")


def alias_key(name: str) -> str:
    """Fold a name for lookups: "Hay’at Tahrir al-Sham" and "hay'at tahrir al sham" meet."""
    text = unicodedata.normalize("NFKC", _APOSTROPHES.sub("'", name)).casefold()
    return _NOT_WORD.sub(" ", text).strip()


def _insert(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """Return an INSERT that can skip or update conflicting rows on this dialect."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class TrackingStore:
    """Explicit queries for everything follow-ups need, on SQLite and PostgreSQL alike."""

    def __init__(self, database: Database) -> None:
        self._database = database

    # Actors -------------------------------------------------------------------------------

    async def learn(self, found: Sequence[Actor]) -> list[int]:
        """Store actors and their aliases, merging with known ones; return their ids in order."""
        ids: list[int] = []
        async with self._database.engine.begin() as connection:
            for actor in found:
                ids.append(await self._learn_one(connection, actor))
        return ids

    async def _learn_one(self, connection: AsyncConnection, actor: Actor) -> int:
        keys = {alias_key(n): n for n in actor.names if alias_key(n)}
        # An actor is known when its main name is a known name or alias; acronyms alone are too
        # ambiguous to merge two actors on ("NFL" may be a football league elsewhere).
        row = (
            await connection.execute(
                select(actor_aliases.c.actor_id)
                .where(actor_aliases.c.alias_key == alias_key(actor.name))
                .order_by(actor_aliases.c.actor_id)
                .limit(1)
            )
        ).first()
        if row is None:
            actor_id = (
                await connection.execute(
                    actors.insert()
                    .values(name=actor.name, kind=actor.kind.value)
                    .returning(actors.c.id)
                )
            ).scalar_one()
        else:
            actor_id = row.actor_id
            current = (
                await connection.execute(select(actors.c.name).where(actors.c.id == actor_id))
            ).scalar_one()
            if len(actor.name) > len(current) and alias_key(current) in keys:
                # A fuller form of the same name ("Nour al-Din al-Zenki Movement") takes over.
                await connection.execute(
                    update(actors).where(actors.c.id == actor_id).values(name=actor.name)
                )
        await connection.execute(
            _insert(connection.dialect.name, actor_aliases)
            .values([{"actor_id": actor_id, "alias": n, "alias_key": k} for k, n in keys.items()])
            .on_conflict_do_nothing()
        )
        return int(actor_id)

    async def find_actor(self, name: str) -> TrackedActor | None:
        """Return the actor known by this name or alias, if any (the oldest when several are)."""
        key = alias_key(name)
        if not key:
            return None
        async with self._database.engine.connect() as connection:
            actor_id = (
                await connection.execute(
                    select(actor_aliases.c.actor_id)
                    .where(actor_aliases.c.alias_key == key)
                    .order_by(actor_aliases.c.actor_id)
                    .limit(1)
                )
            ).scalar_one_or_none()
        if actor_id is None:
            return None
        [actor] = await self.actors([actor_id])
        return actor

    async def actors(self, ids: Iterable[int]) -> list[TrackedActor]:
        """Return the actors with these ids, with every alias, in id order."""
        wanted = sorted(set(ids))
        if not wanted:
            return []
        async with self._database.engine.connect() as connection:
            rows = (
                await connection.execute(
                    select(actors.c.id, actors.c.name, actors.c.kind, actor_aliases.c.alias)
                    .join(actor_aliases, actor_aliases.c.actor_id == actors.c.id, isouter=True)
                    .where(actors.c.id.in_(wanted))
                    .order_by(actors.c.id, actor_aliases.c.alias)
                )
            ).all()
        found: dict[int, TrackedActor] = {}
        for row in rows:
            actor = found.get(row.id) or TrackedActor(row.id, row.name, ActorKind(row.kind))
            if row.alias and alias_key(row.alias) != alias_key(row.name):
                actor = TrackedActor(actor.id, actor.name, actor.kind, (*actor.aliases, row.alias))
            found[row.id] = actor
        return [found[i] for i in wanted if i in found]

    # Follows ------------------------------------------------------------------------------

    async def follow(
        self,
        room: str,
        actor_id: int,
        *,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        now: datetime,
    ) -> bool:
        """Follow an actor in a room (updating its keywords); return True when it is new."""
        values = {
            "room": room,
            "actor_id": actor_id,
            "include_keywords": list(include),
            "exclude_keywords": list(exclude),
            "created_at": now,
        }
        async with self._database.engine.begin() as connection:
            known = (
                await connection.execute(
                    select(follows.c.actor_id).where(
                        follows.c.room == room, follows.c.actor_id == actor_id
                    )
                )
            ).first()
            if known is None:
                await connection.execute(follows.insert().values(values))
            elif include or exclude:
                await connection.execute(
                    update(follows)
                    .where(follows.c.room == room, follows.c.actor_id == actor_id)
                    .values(include_keywords=list(include), exclude_keywords=list(exclude))
                )
        return known is None

    async def unfollow(self, room: str, actor_id: int) -> bool:
        """Stop following an actor in a room; return False when the room did not follow it."""
        async with self._database.engine.begin() as connection:
            result = await connection.execute(
                delete(follows).where(follows.c.room == room, follows.c.actor_id == actor_id)
            )
        return bool(result.rowcount)

    async def followed(self, room: str) -> list[Followed]:
        """Return what a room follows, with its keyword filters, in the order of actors()."""
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(select(follows).where(follows.c.room == room))
            filters = {
                row.actor_id: (
                    tuple(row.include_keywords or ()),
                    tuple(row.exclude_keywords or ()),
                )
                for row in rows
            }
        return [Followed(actor, *filters[actor.id]) for actor in await self.actors(filters)]

    async def followed_names(self) -> list[tuple[int, str]]:
        """Return (actor id, name or alias) for every actor some room follows."""
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(
                select(actor_aliases.c.actor_id, actor_aliases.c.alias)
                .where(actor_aliases.c.actor_id.in_(select(follows.c.actor_id).distinct()))
                .order_by(actor_aliases.c.actor_id)
            )
            return [(row.actor_id, row.alias) for row in rows]

    async def followers(self, actor_ids: Iterable[int]) -> list[Follower]:
        """Return every (room, actor) follow for these actors."""
        wanted = sorted(set(actor_ids))
        if not wanted:
            return []
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(
                select(follows).where(follows.c.actor_id.in_(wanted)).order_by(follows.c.room)
            )
            return [
                Follower(
                    row.room,
                    row.actor_id,
                    tuple(row.include_keywords or ()),
                    tuple(row.exclude_keywords or ()),
                )
                for row in rows
            ]

    # Sources ------------------------------------------------------------------------------

    async def add_source(
        self, url: str, kind: SourceKind, *, room: str | None, now: datetime
    ) -> Source:
        """Add a source (a default one when room is None) and link it to the room."""
        async with self._database.engine.begin() as connection:
            await connection.execute(
                _insert(connection.dialect.name, sources)
                .values(url=url, kind=kind.value, added_by=room, created_at=now)
                .on_conflict_do_nothing()
            )
            row = (await connection.execute(select(sources).where(sources.c.url == url))).one()
            if room is None and row.added_by is not None:
                # A room's source that the configuration now lists becomes everyone's.
                await connection.execute(
                    update(sources).where(sources.c.id == row.id).values(added_by=None)
                )
                row = (
                    await connection.execute(select(sources).where(sources.c.id == row.id))
                ).one()
            if room is not None:
                await connection.execute(
                    _insert(connection.dialect.name, room_sources)
                    .values(room=room, source_id=row.id)
                    .on_conflict_do_nothing()
                )
        return _source(row)

    async def remove_source(self, room: str, url: str) -> bool:
        """Unlink a source from a room, deleting it when no room uses it; False if not linked."""
        async with self._database.engine.begin() as connection:
            source_id = (
                await connection.execute(select(sources.c.id).where(sources.c.url == url))
            ).scalar_one_or_none()
            if source_id is None:
                return False
            result = await connection.execute(
                delete(room_sources).where(
                    room_sources.c.room == room, room_sources.c.source_id == source_id
                )
            )
            users = (
                await connection.execute(
                    select(func.count()).where(room_sources.c.source_id == source_id)
                )
            ).scalar_one()
            if not users:
                await connection.execute(
                    delete(sources).where(
                        sources.c.id == source_id, sources.c.added_by.is_not(None)
                    )
                )
        return bool(result.rowcount)

    async def sources_of(self, room: str) -> list[Source]:
        """Return the default sources and the ones the room added."""
        linked = select(room_sources.c.source_id).where(room_sources.c.room == room)
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(
                select(sources)
                .where(or_(sources.c.added_by.is_(None), sources.c.id.in_(linked)))
                .order_by(sources.c.id)
            )
            return [_source(row) for row in rows]

    async def rooms_of(self, source_id: int) -> list[str] | None:
        """Return the rooms that added a source; None for a default source (every room)."""
        async with self._database.engine.connect() as connection:
            added_by = (
                await connection.execute(
                    select(sources.c.added_by).where(sources.c.id == source_id)
                )
            ).one()
            if added_by.added_by is None:
                return None
            rows = await connection.execute(
                select(room_sources.c.room).where(room_sources.c.source_id == source_id)
            )
            return [row.room for row in rows]

    async def claim_due(
        self, owner: str, *, now: datetime, lease_until: datetime, limit: int
    ) -> list[Source]:
        """Lease up to `limit` sources that are due, so that no other instance polls them."""
        due = (
            select(sources.c.id)
            .where(
                or_(sources.c.next_poll_at.is_(None), sources.c.next_poll_at <= now),
                or_(sources.c.lease_until.is_(None), sources.c.lease_until < now),
                or_(sources.c.backoff_until.is_(None), sources.c.backoff_until <= now),
            )
            .order_by(sources.c.next_poll_at.nulls_first(), sources.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = await self._lease(due, sources, {"lease_owner": owner, "lease_until": lease_until})
        return [_source(row) for row in sorted(rows, key=lambda row: row.id)]

    async def finish_poll(
        self,
        source: Source,
        owner: str,
        *,
        next_poll_at: datetime,
        etag: str | None = None,
        last_modified: str | None = None,
        poll_every: timedelta | None = None,
        primed_at: datetime | None = None,
        error: str | None = None,
        listed: Sequence[str] = (),
        forget_before: datetime | None = None,
    ) -> None:
        """Release a leased source with the poll's outcome and when to poll it next.

        With `forget_before`, the items seen before then that the feed no longer lists (all but
        `listed`) are forgotten, so that the seen table does not grow for ever.
        """
        values: dict[str, Any] = {
            "lease_owner": None,
            "lease_until": None,
            "next_poll_at": next_poll_at,
        }
        if error is None:
            values |= {
                "etag": etag,
                "last_modified": last_modified,
                "poll_every": round(poll_every.total_seconds()) if poll_every else None,
                "error_count": 0,
                "last_error": None,
                "backoff_until": None,
            }
            if primed_at is not None:
                values["primed_at"] = primed_at
        else:
            values |= {
                "error_count": sources.c.error_count + 1,
                "last_error": error[:1000],
                "backoff_until": next_poll_at,
            }
        async with self._database.engine.begin() as connection:
            await connection.execute(
                update(sources)
                .where(
                    sources.c.id == source.id,
                    # A source checked when it is added was never leased.
                    or_(sources.c.lease_owner == owner, sources.c.lease_owner.is_(None)),
                )
                .values(values)
            )
            if forget_before is not None and 0 < len(listed) <= _MAX_LISTED:
                await connection.execute(
                    delete(seen).where(
                        seen.c.source_id == source.id,
                        seen.c.seen_at < forget_before,
                        seen.c.item_key.not_in(list(dict.fromkeys(listed))),
                    )
                )

    # Stories ------------------------------------------------------------------------------

    async def unseen(self, source_id: int, keys: Sequence[str]) -> list[str]:
        """Return the keys, in order, that this source has not seen before."""
        known: set[str] = set()
        async with self._database.engine.connect() as connection:
            for chunk in _chunks(list(dict.fromkeys(keys))):
                rows = await connection.execute(
                    select(seen.c.item_key).where(
                        seen.c.source_id == source_id, seen.c.item_key.in_(chunk)
                    )
                )
                known.update(row.item_key for row in rows)
        return [k for k in dict.fromkeys(keys) if k not in known]

    async def mark_seen(self, source_id: int, keys: Sequence[str], *, now: datetime) -> None:
        """Record items as seen without alerting anyone (a new source's backlog, non-matches)."""
        if not keys:
            return
        async with self._database.engine.begin() as connection:
            await self._mark_seen(connection, source_id, keys, now)

    @staticmethod
    async def _mark_seen(
        connection: AsyncConnection, source_id: int, keys: Sequence[str], now: datetime
    ) -> None:
        for chunk in _chunks(list(dict.fromkeys(keys))):
            await connection.execute(
                _insert(connection.dialect.name, seen)
                .values([{"source_id": source_id, "item_key": k, "seen_at": now} for k in chunk])
                .on_conflict_do_nothing()
            )

    async def story_by_url(self, canonical_url: str) -> StoredStory | None:
        async with self._database.engine.connect() as connection:
            row = (
                await connection.execute(
                    select(stories).where(stories.c.canonical_url == canonical_url)
                )
            ).first()
        return None if row is None else _story(row)

    async def story_by_id(self, story_id: int) -> StoredStory | None:
        async with self._database.engine.connect() as connection:
            row = (
                await connection.execute(select(stories).where(stories.c.id == story_id))
            ).first()
        return None if row is None else _story(row)

    async def recent_fingerprints(
        self, since: datetime, *, after_id: int = 0
    ) -> list[tuple[int, bytes]]:
        """Return (story id, fingerprint) of the stories first seen since a time, by id, only
        those after `after_id` (to catch up on what was recorded since the last call)."""
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(
                select(stories.c.id, stories.c.fingerprint)
                .where(
                    stories.c.first_seen_at >= since,
                    stories.c.fingerprint.is_not(None),
                    stories.c.id > after_id,
                )
                .order_by(stories.c.id)
            )
            return [(row.id, bytes(row.fingerprint)) for row in rows]

    @asynccontextmanager
    async def recording(self) -> AsyncIterator[None]:
        """Hold the right to check stories for duplicates and record them, across instances.

        On PostgreSQL a transaction-scoped advisory lock, so that two instances polling two
        feeds that carry one story record it once. SQLite serves one instance, whose tracker
        already records one story at a time.
        """
        if self._database.dialect != "postgresql":
            yield
            return
        async with self._database.engine.begin() as connection:
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _RECORDING_LOCK_KEY}
            )
            yield

    async def last_story_about(self, room: str, actor_ids: Iterable[int]) -> StoredStory | None:
        """Return the latest story shown in a room that mentions one of these actors."""
        wanted = sorted(set(actor_ids))
        if not wanted:
            return None
        about = select(story_actors.c.story_id).where(story_actors.c.actor_id.in_(wanted))
        async with self._database.engine.connect() as connection:
            row = (
                await connection.execute(
                    select(stories)
                    .join(room_stories, room_stories.c.story_id == stories.c.id)
                    .where(room_stories.c.room == room, stories.c.id.in_(about))
                    .order_by(room_stories.c.seen_at.desc(), stories.c.id.desc())
                    .limit(1)
                )
            ).first()
        return None if row is None else _story(row)

    async def rooms_that_saw(self, story_id: int) -> set[str]:
        async with self._database.engine.connect() as connection:
            rows = await connection.execute(
                select(room_stories.c.room).where(room_stories.c.story_id == story_id)
            )
            return {row.room for row in rows}

    async def save_story(
        self, story: NewStory, *, now: datetime, source_id: int | None = None
    ) -> int:
        """Record a story (or find it by its canonical URL) and its actors; return its id."""
        async with self._database.engine.begin() as connection:
            return await self._save_story(connection, story, now, source_id)

    async def _save_story(
        self, connection: AsyncConnection, story: NewStory, now: datetime, source_id: int | None
    ) -> int:
        dialect = connection.dialect.name
        await connection.execute(
            _insert(dialect, stories)
            .values(
                canonical_url=story.canonical_url,
                title=story.title,
                summary=story.summary,
                fingerprint=story.fingerprint,
                published_at=story.published,
                first_seen_at=now,
                source_id=source_id,
            )
            .on_conflict_do_nothing()
        )
        story_id = int(
            (
                await connection.execute(
                    select(stories.c.id).where(stories.c.canonical_url == story.canonical_url)
                )
            ).scalar_one()
        )
        if story.actor_ids:
            await connection.execute(
                _insert(dialect, story_actors)
                .values([{"story_id": story_id, "actor_id": a} for a in set(story.actor_ids)])
                .on_conflict_do_nothing()
            )
        return story_id

    async def presented(
        self, room: str, story_id: int, *, now: datetime, message_id: str | None = None
    ) -> None:
        """Note that a room was shown a story, in a given message when it is known."""
        async with self._database.engine.begin() as connection:
            dialect = connection.dialect.name
            await connection.execute(
                _insert(dialect, room_stories)
                .values(room=room, story_id=story_id, seen_at=now)
                .on_conflict_do_nothing()
            )
            if message_id is not None:
                await connection.execute(
                    _insert(dialect, room_messages)
                    .values(room=room, message_id=message_id, story_id=story_id, created_at=now)
                    .on_conflict_do_nothing()
                )

    async def story_actor_ids(self, room: str, message_id: str | None) -> tuple[int, ...]:
        """Return the actors of the story a message presented (or of the room's latest one)."""
        async with self._database.engine.connect() as connection:
            if message_id is not None:
                story_id = (
                    await connection.execute(
                        select(room_messages.c.story_id).where(
                            room_messages.c.room == room, room_messages.c.message_id == message_id
                        )
                    )
                ).scalar_one_or_none()
            else:
                story_id = (
                    await connection.execute(
                        select(room_stories.c.story_id)
                        .where(room_stories.c.room == room)
                        .order_by(room_stories.c.seen_at.desc(), room_stories.c.story_id.desc())
                        .limit(1)
                    )
                ).scalar_one_or_none()
            if story_id is None:
                return ()
            rows = await connection.execute(
                select(story_actors.c.actor_id).where(story_actors.c.story_id == story_id)
            )
            return tuple(sorted(row.actor_id for row in rows))

    async def ingest(
        self,
        source_id: int,
        keys: Sequence[str],
        *,
        story: NewStory,
        alerts: Sequence[tuple[str, str, dict[str, Any]]],
        now: datetime,
    ) -> int:
        """Record a story, its alerts (room, kind, payload) and the items as seen, atomically.

        One transaction: a crash either leaves the items unseen (they are read again on the
        next poll) or leaves them seen with every alert queued; never seen with alerts lost.
        """
        async with self._database.engine.begin() as connection:
            dialect = connection.dialect.name
            story_id = await self._save_story(connection, story, now, source_id)
            if alerts:
                # One statement per table for all the rooms, not one per room.
                await connection.execute(
                    _insert(dialect, outbox).on_conflict_do_nothing(),
                    [
                        {
                            "room": room,
                            "story_id": story_id,
                            "kind": kind,
                            "payload": payload,
                            "created_at": now,
                        }
                        for room, kind, payload in alerts
                    ],
                )
                await connection.execute(
                    _insert(dialect, room_stories).on_conflict_do_nothing(),
                    [{"room": room, "story_id": story_id, "seen_at": now} for room, _, _ in alerts],
                )
            await self._mark_seen(connection, source_id, keys, now)
        return story_id

    async def prune(self, *, alerts_before: datetime, stories_before: datetime) -> tuple[int, int]:
        """Delete alerts delivered or given up before a time, and stories first seen before
        another that no alert still waits to announce; return how many of each."""
        waiting = select(outbox.c.story_id).where(
            outbox.c.delivered_at.is_(None), outbox.c.failed_at.is_(None)
        )
        async with self._database.engine.begin() as connection:
            alerts = await connection.execute(
                delete(outbox).where(
                    or_(outbox.c.delivered_at < alerts_before, outbox.c.failed_at < alerts_before)
                )
            )
            # Their room links, actors and message links go with them (ON DELETE CASCADE).
            old = await connection.execute(
                delete(stories).where(
                    stories.c.first_seen_at < stories_before, stories.c.id.not_in(waiting)
                )
            )
        return alerts.rowcount, old.rowcount

    # Outbox -------------------------------------------------------------------------------

    async def claim_alerts(
        self, owner: str, *, now: datetime, lease_until: datetime, limit: int, kind: str
    ) -> list[QueuedAlert]:
        """Lease undelivered alerts of one kind, oldest first."""
        due = (
            select(outbox.c.id)
            .where(
                outbox.c.delivered_at.is_(None),
                outbox.c.failed_at.is_(None),
                outbox.c.kind == kind,
                or_(outbox.c.lease_until.is_(None), outbox.c.lease_until < now),
            )
            .order_by(outbox.c.created_at, outbox.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        values = {
            "lease_owner": owner,
            "lease_until": lease_until,
            "attempts": outbox.c.attempts + 1,
        }
        rows = await self._lease(due, outbox, values)
        return [_queued(row) for row in sorted(rows, key=lambda row: (row.created_at, row.id))]

    async def _lease(self, due: Select[Any], table: Table, values: dict[str, Any]) -> list[Any]:
        """Mark the rows `due` selects (ids, locked rows skipped) as leased; return them."""
        async with self._database.engine.begin() as connection:
            ids = list((await connection.execute(due)).scalars())
            if not ids:
                return []
            await connection.execute(update(table).where(table.c.id.in_(ids)).values(values))
            return list(await connection.execute(select(table).where(table.c.id.in_(ids))))

    async def mark_delivered(self, alert_ids: Sequence[int], *, now: datetime) -> None:
        async with self._database.engine.begin() as connection:
            await connection.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(alert_ids)))
                .values(delivered_at=now, lease_owner=None, lease_until=None, last_error=None)
            )

    async def release(
        self, alert_ids: Sequence[int], *, error: str, retry_at: datetime, counted: bool = True
    ) -> None:
        """Give alerts back after a failed delivery, to be tried again from `retry_at`; with
        `counted` False the try does not count among the attempts (the platform was away)."""
        values: dict[str, Any] = {
            "lease_owner": None,
            "lease_until": retry_at,
            "last_error": error[:1000],
        }
        if not counted:
            values["attempts"] = outbox.c.attempts - 1
        async with self._database.engine.begin() as connection:
            await connection.execute(
                update(outbox).where(outbox.c.id.in_(list(alert_ids))).values(values)
            )

    async def give_up(self, alert_ids: Sequence[int], *, error: str, now: datetime) -> None:
        """Stop trying to deliver alerts; they stay in the outbox, marked failed, for the record."""
        async with self._database.engine.begin() as connection:
            await connection.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(alert_ids)))
                .values(failed_at=now, lease_owner=None, lease_until=None, last_error=error[:1000])
            )

    async def to_digest(self, alert_ids: Sequence[int]) -> None:
        """Fold alerts into the room's next digest instead of sending them one by one; the
        digest's delivery attempts count afresh."""
        async with self._database.engine.begin() as connection:
            await connection.execute(
                update(outbox)
                .where(outbox.c.id.in_(list(alert_ids)))
                .values(kind="digest", lease_owner=None, lease_until=None, attempts=0)
            )

    async def delivered_since(self, room: str, since: datetime) -> int:
        """Count the alerts delivered one by one to a room since a time."""
        return await self._count(
            outbox.c.room == room, outbox.c.kind == "immediate", outbox.c.delivered_at >= since
        )

    async def pending_count(self) -> int:
        """Count the alerts not yet delivered (the outbox's queue depth)."""
        return await self._count(outbox.c.delivered_at.is_(None), outbox.c.failed_at.is_(None))

    async def failing_count(self) -> int:
        """Count the sources whose last poll failed."""
        return await self._count(sources.c.error_count > 0)

    async def _count(self, *where: ColumnElement[bool]) -> int:
        async with self._database.engine.connect() as connection:
            return int((await connection.execute(select(func.count()).where(*where))).scalar_one())

    # Room settings ------------------------------------------------------------------------

    async def room_alerts(self, room: str) -> tuple[str | None, int | None]:
        """Return the alert mode and hourly limit a room chose (None: it chose none)."""
        async with self._database.engine.connect() as connection:
            row = (
                await connection.execute(
                    select(room_settings.c.alert_mode, room_settings.c.max_alerts_per_hour).where(
                        room_settings.c.room == room
                    )
                )
            ).first()
        return (None, None) if row is None else (row.alert_mode, row.max_alerts_per_hour)

    async def set_room_alerts(
        self, room: str, *, mode: str | None = None, limit: int | None = None
    ) -> None:
        """Record a room's choice of alert mode and hourly limit; None keeps what it had."""
        chosen = {
            key: value
            for key, value in (("alert_mode", mode), ("max_alerts_per_hour", limit))
            if value is not None
        }
        if not chosen:
            return
        async with self._database.engine.begin() as connection:
            statement = _insert(connection.dialect.name, room_settings).values(room=room, **chosen)
            await connection.execute(
                statement.on_conflict_do_update(index_elements=[room_settings.c.room], set_=chosen)
            )


def _source(row: Any) -> Source:
    return Source(
        id=row.id,
        url=row.url,
        kind=SourceKind(row.kind),
        etag=row.etag,
        last_modified=row.last_modified,
        error_count=row.error_count,
        last_error=row.last_error,
        primed=row.primed_at is not None,
        default=row.added_by is None,
        poll_every=timedelta(seconds=row.poll_every) if row.poll_every else None,
    )


def _story(row: Any) -> StoredStory:
    return StoredStory(row.id, row.canonical_url, row.title or "", row.summary or "")


def _queued(row: Any) -> QueuedAlert:
    return QueuedAlert(
        row.id, row.room, row.story_id, row.kind, dict(row.payload), row.created_at, row.attempts
    )
