"""The article cache: reports kept per URL so that a link posted twice is read once."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from sqlalchemy import Insert, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from bot.core.codec import report_from_dict, report_to_dict
from bot.core.model import Report
from bot.core.ports import Clock
from bot.store.database import Database, StoreError
from bot.store.tables import article_cache

logger = logging.getLogger(__name__)

DEFAULT_TTL: Final = timedelta(hours=6)
# PostgreSQL cannot index a key much over 2.7 kB; longer URLs (rare) are simply not cached.
_MAX_URL_BYTES: Final = 2_000


class _UtcClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class SqlReportCache:
    """A ReportCache in the article_cache table; a report stays fresh for ``ttl``.

    The cache only saves work: when the database fails, reads miss and writes are dropped,
    each with a warning, so that a summary is still given.
    """

    def __init__(
        self, database: Database, *, clock: Clock | None = None, ttl: timedelta = DEFAULT_TTL
    ) -> None:
        if ttl <= timedelta(0):
            raise ValueError(f"the cache lifetime must be positive, not {ttl}")
        self._database = database
        self._clock: Clock = clock or _UtcClock()
        self._ttl = ttl

    async def get(self, url: str) -> Report | None:
        """Return the stored report for a URL, if there is a fresh one."""
        if not _cacheable(url):
            return None
        query = select(article_cache.c.report).where(
            article_cache.c.url == url, article_cache.c.fetched_at > self._oldest_fresh()
        )
        try:
            async with self._database.engine.connect() as connection:
                data = (await connection.execute(query)).scalar_one_or_none()
        except (SQLAlchemyError, OSError, StoreError) as error:
            logger.warning("article cache read failed for %s: %s", url, error)
            return None
        if data is None:
            return None
        try:
            return report_from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            # Written by another version of the codec: read the article afresh.
            logger.warning("ignoring an unreadable cached report for %s: %r", url, error)
            return None

    async def put(self, url: str, report: Report) -> None:
        """Store a report for a URL, replacing any earlier one."""
        if not _cacheable(url):
            logger.debug("not caching a report for a URL of %d characters", len(url))
            return
        values = {"url": url, "report": report_to_dict(report), "fetched_at": self._clock.now()}
        try:
            async with self._database.engine.begin() as connection:
                await connection.execute(_upsert(connection.dialect.name, values))
        except (SQLAlchemyError, OSError, StoreError) as error:
            logger.warning("article cache write failed for %s: %s", url, error)

    async def prune(self) -> int:
        """Delete the reports that are no longer fresh and return how many there were."""
        statement = delete(article_cache).where(article_cache.c.fetched_at <= self._oldest_fresh())
        async with self._database.engine.begin() as connection:
            result = await connection.execute(statement)
        logger.info("pruned %d stale reports from the article cache", result.rowcount)
        return result.rowcount

    def _oldest_fresh(self) -> datetime:
        return self._clock.now() - self._ttl


def _cacheable(url: str) -> bool:
    return len(url.encode()) <= _MAX_URL_BYTES


def _upsert(dialect: str, values: dict[str, Any]) -> Insert:
    """Return an INSERT of a cache row that replaces the row already stored for its URL."""
    changed = {"report": values["report"], "fetched_at": values["fetched_at"]}
    if dialect == "postgresql":
        return (
            postgresql.insert(article_cache)
            .values(values)
            .on_conflict_do_update(index_elements=[article_cache.c.url], set_=changed)
        )
    if dialect == "sqlite":
        return (
            sqlite.insert(article_cache)
            .values(values)
            .on_conflict_do_update(index_elements=[article_cache.c.url], set_=changed)
        )
    raise StoreError(f"no upsert for the {dialect} dialect")
