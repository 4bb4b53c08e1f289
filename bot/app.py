"""The composition root: the only place that builds Tidings' parts and wires them together."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Protocol, TextIO

from bot.adapters.console import ConsoleAdapter
from bot.core.handler import Handler
from bot.core.model import Reply
from bot.core.ports import Clock, ReportCache
from bot.core.reading import Reader
from bot.extract import ArticleExtractor
from bot.facts import RuleFactExtractor
from bot.fetch import HttpFetcher
from bot.settings import Settings
from bot.store import Database, SqlReportCache, TrackingStore
from bot.summarize import NewsSummarizer
from bot.track import Tracker, TrackingOptions, TrackingSchedule

log = logging.getLogger(__name__)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Deliverer(Protocol):
    """What an adapter offers the outbox: posting replies that answer no message."""

    async def deliver(self, room_id: str, replies: Sequence[Reply], *, key: str) -> None: ...


@dataclass(slots=True)
class AdapterOutbox:
    """Route alerts to the adapter of the room's platform ("matrix:!room", "discord:123")."""

    adapters: dict[str, Deliverer] = field(default_factory=dict)

    def register(self, platform: str, adapter: Deliverer) -> None:
        self.adapters[platform] = adapter

    async def send(self, room: str, replies: Sequence[Reply], *, key: str) -> None:
        platform, _, room_id = room.partition(":")
        adapter = self.adapters.get(platform)
        if adapter is None:
            # Raising keeps the alert queued until that platform's adapter runs again.
            raise LookupError(f"no {platform} adapter is running")
        await adapter.deliver(room_id, replies, key=key)


@dataclass(frozen=True, slots=True)
class Services:
    """The long-lived parts a running Tidings shares between its adapters."""

    settings: Settings
    reader: Reader
    handler: Handler
    database: Database | None
    tracker: Tracker | None
    outbox: AdapterOutbox


def _fetcher(settings: Settings) -> HttpFetcher:
    fetch = settings.fetch
    return HttpFetcher(
        allow_hosts=fetch.allow_hosts,
        connect_timeout=fetch.connect_timeout,
        total_timeout=fetch.total_timeout,
        max_bytes=fetch.max_bytes,
        max_redirects=fetch.max_redirects,
        user_agent=fetch.user_agent,
    )


def instance_name() -> str:
    """Return a name for this process, unique among instances sharing a database."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


@asynccontextmanager
async def open_services(
    settings: Settings, *, with_database: bool = True, clock: Clock | None = None
) -> AsyncIterator[Services]:
    """Build every part from the settings, and close them all on the way out."""
    clock = clock or SystemClock()
    database: Database | None = None
    cache: ReportCache | None = None
    if with_database:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = Database(settings.database)
        await database.open()
        await database.migrate()
        cache = SqlReportCache(database, clock=clock, ttl=timedelta(hours=settings.cache_hours))
    summarizer = NewsSummarizer()
    outbox = AdapterOutbox()
    try:
        async with _fetcher(settings) as fetcher:
            reader = Reader(
                fetcher=fetcher,
                extractor=ArticleExtractor(),
                summarizer=summarizer,
                facts=RuleFactExtractor(),
                cache=cache,
            )
            tracker = None
            if database is not None:
                track = settings.track
                tracker = Tracker(
                    store=TrackingStore(database),
                    fetcher=fetcher,
                    reader=reader,
                    outbox=outbox,
                    clock=clock,
                    owner=instance_name(),
                    options=TrackingOptions(
                        poll_interval=timedelta(seconds=track.poll_interval),
                        alert_mode=track.alert_mode,
                        max_alerts_per_hour=track.max_alerts_per_hour,
                        read_articles=track.read_articles,
                    ),
                )
                await tracker.add_default_sources(track.sources)
            handler = Handler(
                reader=reader,
                summarizer=summarizer,
                tracking=tracker,
                prefix=settings.command_prefix,
            )
            yield Services(
                settings=settings,
                reader=reader,
                handler=handler,
                database=database,
                tracker=tracker,
                outbox=outbox,
            )
    finally:
        if database is not None:
            await database.close()


class ChatAdapter(Deliverer, Protocol):
    """A running connection to one chat platform."""

    async def run(self) -> None: ...
    async def close(self) -> None: ...


def chat_adapters(services: Services) -> dict[str, ChatAdapter]:
    """Build the adapters of every platform whose credentials are set."""
    settings = services.settings
    adapters: dict[str, ChatAdapter] = {}
    if settings.discord.enabled:
        from bot.adapters.discord import DiscordAdapter

        adapters["discord"] = DiscordAdapter(services.handler, settings.discord)
    if settings.matrix.enabled:
        from bot.adapters.matrix import MatrixAdapter

        adapters["matrix"] = MatrixAdapter(
            services.handler, settings.matrix, data_dir=settings.data_dir
        )
    return adapters


async def _run_adapters(adapters: dict[str, ChatAdapter]) -> None:
    tasks = {asyncio.create_task(a.run(), name=f"adapter-{p}"): p for p, a in adapters.items()}
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            if (error := task.exception()) is not None:
                log.error("the %s adapter stopped: %r", tasks[task], error)
                raise error
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for adapter in adapters.values():
            await adapter.close()


async def run(
    settings: Settings, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    """Run Tidings with the adapters the settings enable; the console when none is."""
    async with open_services(settings) as services:
        schedule = None
        if services.tracker is not None:
            schedule = TrackingSchedule(
                services.tracker,
                poll_interval=settings.track.poll_interval,
                digest_hour=settings.track.digest_hour,
            )
            schedule.start()
        try:
            adapters = chat_adapters(services)
            for platform, adapter in adapters.items():
                services.outbox.register(platform, adapter)
            if adapters:
                log.info("starting the %s adapters", ", ".join(adapters))
                await _run_adapters(adapters)
            else:
                log.info("no chat platform configured: starting the console adapter")
                console = ConsoleAdapter(services.handler, stdin=stdin, stdout=stdout)
                services.outbox.register("console", console)
                await console.run()
        finally:
            if schedule is not None:
                schedule.shutdown()
