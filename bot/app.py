"""The composition root: the only place that builds Tidings' parts and wires them together."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Protocol, TextIO, cast

from bot.adapters.console import ConsoleAdapter
from bot.core.errors import PlatformUnavailable
from bot.core.handler import Handler
from bot.core.model import Reply
from bot.core.ports import Clock
from bot.core.reading import Reader
from bot.extract import ArticleExtractor
from bot.facts import RuleFactExtractor
from bot.fetch import HttpFetcher
from bot.ops import Drain, GatedHandler, HealthServer, Metrics, Probes, StoppableInput
from bot.ops.shutdown import on_stop_signals
from bot.settings import Settings
from bot.store import Database, SqlReportCache, TrackingStore
from bot.summarize import NewsSummarizer
from bot.track import Tracker, TrackingOptions, TrackingSchedule

log = logging.getLogger(__name__)

_FLUSH_MINIMUM: Final = 3.0  # seconds the outbox flush gets even after a slow drain
_CLOSE_TIMEOUT: Final = 5.0


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class Deliverer(Protocol):
    """What an adapter offers the outbox: posting replies that answer no message."""

    @property
    def connected(self) -> bool: ...
    async def deliver(self, room_id: str, replies: Sequence[Reply], *, key: str) -> None: ...


@dataclass(slots=True)
class AdapterOutbox:
    """Route alerts to the adapter of the room's platform ("matrix:!room", "discord:123")."""

    adapters: dict[str, Deliverer] = field(default_factory=dict)
    # One send may take this long (pacing, a rate limit); longer, the platform counts as away
    # and the alert is sent again later under the same key, which the platform deduplicates.
    timeout: float = 60.0

    def register(self, platform: str, adapter: Deliverer) -> None:
        self.adapters[platform] = adapter

    async def send(self, room: str, replies: Sequence[Reply], *, key: str) -> None:
        platform, _, room_id = room.partition(":")
        adapter = self.adapters.get(platform)
        # Raising keeps the alert queued until that platform's adapter is back.
        if adapter is None:
            raise PlatformUnavailable(f"no {platform} adapter is running")
        if not adapter.connected:
            raise PlatformUnavailable(f"{platform} is not connected")
        try:
            async with asyncio.timeout(self.timeout):
                await adapter.deliver(room_id, replies, key=key)
        except TimeoutError as error:
            raise PlatformUnavailable(
                f"{platform} did not take the message within {self.timeout:g} s"
            ) from error


@dataclass(frozen=True, slots=True)
class Services:
    """The long-lived parts a running Tidings shares between its adapters."""

    settings: Settings
    reader: Reader
    handler: Handler
    database: Database | None
    tracker: Tracker | None
    outbox: AdapterOutbox
    metrics: Metrics | None = None
    cache: SqlReportCache | None = None


def _fetcher(settings: Settings) -> HttpFetcher:
    fetch = settings.fetch
    return HttpFetcher(
        allow_hosts=settings.trusted_hosts(),
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
    settings: Settings,
    *,
    with_database: bool = True,
    clock: Clock | None = None,
    metrics: Metrics | None = None,
    drain: Drain | None = None,
) -> AsyncIterator[Services]:
    """Build every part from the settings, and close them all on the way out.

    `metrics` counts what the parts do; with `drain`, the handler counts the commands in
    flight and turns new ones away once the drain is closed.
    """
    clock = clock or SystemClock()
    database: Database | None = None
    cache: SqlReportCache | None = None
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
                observer=metrics,
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
                        prefix=settings.command_prefix,
                    ),
                    observer=metrics,
                )
                await tracker.add_default_sources(track.sources)
            options: dict[str, Any] = {
                "reader": reader,
                "summarizer": summarizer,
                "tracking": tracker,
                "prefix": settings.command_prefix,
                "observer": metrics,
            }
            handler = GatedHandler(drain, **options) if drain is not None else Handler(**options)
            yield Services(
                settings=settings,
                reader=reader,
                handler=handler,
                database=database,
                tracker=tracker,
                outbox=outbox,
                metrics=metrics,
                cache=cache,
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


class _Stop:
    """The first SIGTERM or SIGINT asks for a graceful stop; a second one for a quick one."""

    def __init__(self, requested: asyncio.Event) -> None:
        self.requested = requested
        self.hurry = asyncio.Event()

    def signal(self, number: int) -> None:
        name = signal.Signals(number).name
        if self.requested.is_set():
            log.warning("%s again: stopping without waiting", name)
            self.hurry.set()
            return
        log.info("%s received: finishing the replies in flight, then stopping", name)
        self.requested.set()


async def _within(deadline: float, hurry: asyncio.Event, *work: Awaitable[Any]) -> bool:
    """Wait for all the work until the deadline or a hurry; return whether it all finished."""
    if not work:
        return True
    everything = asyncio.ensure_future(asyncio.gather(*work, return_exceptions=True))
    hurried = asyncio.create_task(hurry.wait())
    timeout = max(0.0, deadline - asyncio.get_running_loop().time())
    try:
        await asyncio.wait({everything, hurried}, timeout=timeout, return_when="FIRST_COMPLETED")
    finally:
        hurried.cancel()
    if everything.done():
        return True
    everything.cancel()
    return False


@dataclass(slots=True)
class _Running:
    """What `run` started and must stop: adapters and their tasks, the schedule, the server."""

    services: Services
    drain: Drain
    stop: _Stop
    adapters: dict[str, ChatAdapter] = field(default_factory=dict)
    console: asyncio.Task[None] | None = None
    console_input: StoppableInput | None = None
    tasks: dict[asyncio.Task[None], str] = field(default_factory=dict)
    schedule: TrackingSchedule | None = None
    health: HealthServer | None = None

    async def wait(self) -> BaseException | None:
        """Wait for a stop request, the end of the console's input, or an adapter's failure."""
        stop = asyncio.create_task(self.stop.requested.wait())
        pending: set[asyncio.Future[Any]] = set(self.tasks)
        try:
            while pending and not stop.done():
                done, pending = await asyncio.wait(
                    {*pending, stop}, return_when=asyncio.FIRST_COMPLETED
                )
                pending.discard(stop)
                for task in done - {stop}:
                    platform = self.tasks[cast("asyncio.Task[None]", task)]
                    error = None if task.cancelled() else task.exception()
                    if error is not None:
                        log.error("the %s adapter stopped: %r", platform, error)
                        return error
                    log.info("the %s adapter finished", platform)
        finally:
            stop.cancel()
        return None

    async def shut_down(self) -> None:
        """Stop gracefully, within the settings' shutdown_timeout (sooner on a second signal)."""
        settings = self.services.settings
        loop = asyncio.get_running_loop()
        deadline = loop.time() + settings.shutdown_timeout
        hurry = self.stop.hurry
        log.info(
            "stopping: %d commands in flight, waiting at most %g s",
            self.drain.in_flight,
            settings.shutdown_timeout,
        )
        self.drain.close()
        if self.console_input is not None:
            self.console_input.stop()
        if self.schedule is not None:
            self.schedule.shutdown()
        waits: list[Awaitable[Any]] = [self.drain.wait()]
        if self.console is not None and not self.console.done():
            # The console finishes the line in hand, then reads "end of input".
            waits.append(asyncio.shield(self.console))
        if not await _within(deadline, hurry, *waits):
            log.warning("gave up on %d commands still in flight", self.drain.in_flight)
        tracker = self.services.tracker
        if tracker is not None and not hurry.is_set():
            # A short minimum: alerts queued in the last moment deserve one try.
            flush_by = max(deadline, loop.time() + _FLUSH_MINIMUM)
            try:
                async with asyncio.timeout(max(0.0, flush_by - loop.time())):
                    sent = await tracker.deliver()
                log.info("outbox flushed: %d alerts sent", sent)
            except TimeoutError:
                log.warning("the outbox flush ran out of time; the rest waits for the next start")
            except Exception:
                log.exception("the outbox flush failed; the alerts stay queued")
        for platform, adapter in self.adapters.items():
            try:
                async with asyncio.timeout(_CLOSE_TIMEOUT):
                    await adapter.close()
            except Exception:
                log.exception("closing the %s adapter failed", platform)
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.health is not None:
            await self.health.close()
        log.info("stopped")


def _connected(adapter: ChatAdapter | ConsoleAdapter) -> Callable[[], bool]:
    return lambda: adapter.connected


async def run(
    settings: Settings,
    *,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    stop: asyncio.Event | None = None,
) -> None:
    """Run Tidings with the adapters the settings enable; the console when none is.

    Runs until the console's input ends, an adapter fails (raised again here), or SIGTERM,
    SIGINT or `stop` asks it to stop: then it finishes the replies in flight, flushes the
    outbox once and closes everything, within settings.shutdown_timeout.
    """
    stopping = _Stop(stop or asyncio.Event())
    metrics = Metrics()
    drain = Drain()
    with on_stop_signals(stopping.signal):
        async with open_services(settings, metrics=metrics, drain=drain) as services:
            running = _Running(services=services, drain=drain, stop=stopping)
            failure: BaseException | None = None
            try:
                await _start(running, stdin=stdin, stdout=stdout)
                failure = await running.wait()
            finally:
                await running.shut_down()
            if failure is not None:
                raise failure


async def _start(running: _Running, *, stdin: TextIO, stdout: TextIO) -> None:
    services = running.services
    settings = services.settings
    if services.tracker is not None:
        running.schedule = TrackingSchedule(
            services.tracker,
            poll_interval=settings.track.poll_interval,
            digest_hour=settings.track.digest_hour,
            housekeeping=[services.cache.prune] if services.cache is not None else [],
        )
        running.schedule.start()
    adapters = chat_adapters(services)
    connected = {platform: _connected(adapter) for platform, adapter in adapters.items()}
    for platform, adapter in adapters.items():
        services.outbox.register(platform, adapter)
    console = None
    if adapters:
        log.info("starting the %s adapters", ", ".join(adapters))
    else:
        log.info("no chat platform configured: starting the console adapter")
        if StoppableInput.usable(stdin):
            running.console_input = StoppableInput(stdin)
            stdin = cast(TextIO, running.console_input)
        console = ConsoleAdapter(services.handler, stdin=stdin, stdout=stdout)
        services.outbox.register("console", console)
        connected["console"] = _connected(console)
    running.adapters = adapters
    if settings.health.enabled:
        schedule = running.schedule
        probes = Probes(
            database=services.database.ping if services.database is not None else None,
            adapters=connected,
            scheduler=(lambda: schedule.running) if schedule is not None else None,
            queue_depth=services.tracker.queue_depth if services.tracker is not None else None,
            failing_sources=(
                services.tracker.failing_sources if services.tracker is not None else None
            ),
        )
        health = HealthServer(
            services.metrics or Metrics(),
            probes,
            host=settings.health.host,
            port=settings.health.port,
        )
        await health.start()
        running.health = health
    for platform, adapter in adapters.items():
        task = asyncio.create_task(adapter.run(), name=f"adapter-{platform}")
        running.tasks[task] = platform
        running.drain.exempt(task)
    if console is not None:
        running.console = asyncio.create_task(console.run(), name="adapter-console")
        running.tasks[running.console] = "console"
        running.drain.exempt(running.console)
