"""The database schema as SQLAlchemy Core tables: the one place that names every column.

Core tables rather than ORM classes: repositories write their queries out in full and turn rows
into the core's frozen values, so there is no identity map or lazy loading to reason about under
asyncio. The migrations under ``migrations/versions`` must build exactly this schema; a test
compares the two.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.types import TypeDecorator

# Fixed constraint names let later migrations drop or alter a constraint by name, which SQLite's
# table-copying batch mode needs.
NAMING_CONVENTION: Final[dict[str, str]] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A point in time stored in UTC and always read back timezone-aware, SQLite included."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"refusing a naive datetime: {value!r}")
        value = value.astimezone(UTC)
        # SQLite keeps text; one fixed offset-free UTC form keeps comparisons and ordering right.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# JSONB on PostgreSQL supports equality and indexing; elsewhere JSON is stored as text.
Json: Final[Any] = JSON().with_variant(JSONB(), "postgresql")

metadata: Final = MetaData(naming_convention=NAMING_CONVENTION)

sources: Final = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    # The room that added the source; NULL for the defaults that come from the config file.
    Column("added_by", Text),
    # Validators exactly as the server sent them, echoed back on the next conditional GET.
    Column("etag", Text),
    Column("last_modified", Text),
    Column("next_poll_at", UtcDateTime),
    # Seconds the feed asks to be left between polls (RSS <ttl>, the syndication module,
    # Cache-Control max-age); NULL when it says nothing and the configured interval applies.
    Column("poll_every", Integer),
    Column("error_count", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    Column("backoff_until", UtcDateTime),
    # Which instance polls the source right now, and until when that claim holds.
    Column("lease_owner", Text),
    Column("lease_until", UtcDateTime),
    # Set by the first successful poll, which marks what the feed already holds as seen.
    Column("primed_at", UtcDateTime),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("url"),
    CheckConstraint("kind IN ('feed', 'search-template')", name="kind"),
    Index(None, "next_poll_at"),
)

room_sources: Final = Table(
    "room_sources",
    metadata,
    Column("room", Text, nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("room", "source_id"),
    Index(None, "source_id"),
)

actors: Final = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    CheckConstraint("kind IN ('organisation', 'person', 'group', 'place')", name="kind"),
)

actor_aliases: Final = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    # The alias folded for matching ("HTS", "hts", "H.T.S." meet here); unique per actor.
    Column("alias_key", Text, nullable=False),
    PrimaryKeyConstraint("actor_id", "alias_key"),
    Index(None, "alias_key"),
)

follows: Final = Table(
    "follows",
    metadata,
    Column("room", Text, nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    # JSON lists of words that a story must (or must not) contain to alert this room.
    Column("include_keywords", Json, nullable=False),
    Column("exclude_keywords", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("room", "actor_id"),
    Index(None, "actor_id"),
)

stories: Final = Table(
    "stories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("canonical_url", Text, nullable=False),
    Column("title", Text),
    Column("summary", Text),
    # A MinHash signature of the text, packed as bytes, to spot the same story under other URLs.
    Column("fingerprint", LargeBinary),
    Column("published_at", UtcDateTime),
    Column("first_seen_at", UtcDateTime, nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="SET NULL")),
    UniqueConstraint("canonical_url"),
    Index(None, "first_seen_at"),
    Index(None, "source_id"),
)

# Which actors a story mentions: how an alert finds the earlier story to compare against.
story_actors: Final = Table(
    "story_actors",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), nullable=False),
    PrimaryKeyConstraint("story_id", "actor_id"),
    Index(None, "actor_id"),
)

# Stories a room has already been shown (summarised there or alerted): never alerted again, and
# the last of them about an actor is what "what is new" compares against.
room_stories: Final = Table(
    "room_stories",
    metadata,
    Column("room", Text, nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("seen_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("room", "story_id"),
    Index(None, "story_id"),
)

# The chat messages that presented a story, so "!follow" in reply to one finds its actors.
room_messages: Final = Table(
    "room_messages",
    metadata,
    Column("room", Text, nullable=False),
    Column("message_id", Text, nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("room", "message_id"),
    Index(None, "story_id"),
)

seen: Final = Table(
    "seen",
    metadata,
    Column("source_id", Integer, ForeignKey("sources.id", ondelete="CASCADE"), nullable=False),
    # The feed entry's id (or its link when it has none).
    Column("item_key", Text, nullable=False),
    # Lets old entries be pruned once they have dropped out of the feed.
    Column("seen_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("source_id", "item_key"),
)

outbox: Final = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("room", Text, nullable=False),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("payload", Json, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("delivered_at", UtcDateTime),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    # Set when delivery is given up after too many failed attempts (a room that is gone).
    Column("failed_at", UtcDateTime),
    # Which instance is sending the alert, so that two instances never send it both.
    Column("lease_owner", Text),
    Column("lease_until", UtcDateTime),
    # One alert per story per room, whatever retries, restarts or extra instances happen.
    UniqueConstraint("room", "story_id"),
    CheckConstraint("kind IN ('immediate', 'digest')", name="kind"),
    Index(None, "delivered_at", "created_at"),
    Index(None, "story_id"),
)

room_settings: Final = Table(
    "room_settings",
    metadata,
    Column("room", Text, primary_key=True),
    # NULL in either means what the config file says applies.
    Column("alert_mode", String(20)),
    Column("max_alerts_per_hour", Integer),
    CheckConstraint("alert_mode IN ('immediate', 'digest')", name="alert_mode"),
)

article_cache: Final = Table(
    "article_cache",
    metadata,
    Column("url", Text, primary_key=True),
    Column("report", Json, nullable=False),
    Column("fetched_at", UtcDateTime, nullable=False),
    Index(None, "fetched_at"),
)
