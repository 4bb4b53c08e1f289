"""The composition root: the only place that builds Tidings' parts and wires them together."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import TextIO

from bot.adapters.console import ConsoleAdapter
from bot.core.handler import Handler
from bot.core.ports import ReportCache
from bot.core.reading import Reader
from bot.extract import ArticleExtractor
from bot.facts import RuleFactExtractor
from bot.fetch import HttpFetcher
from bot.settings import Settings
from bot.store import Database, SqlReportCache
from bot.summarize import NewsSummarizer

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Services:
    """The long-lived parts a running Tidings shares between its adapters."""

    settings: Settings
    reader: Reader
    handler: Handler
    database: Database | None


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


@asynccontextmanager
async def open_services(
    settings: Settings, *, with_database: bool = True
) -> AsyncIterator[Services]:
    """Build every part from the settings, and close them all on the way out."""
    database: Database | None = None
    cache: ReportCache | None = None
    if with_database:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        database = Database(settings.database)
        await database.open()
        await database.migrate()
        cache = SqlReportCache(database, ttl=timedelta(hours=settings.cache_hours))
    summarizer = NewsSummarizer()
    try:
        async with _fetcher(settings) as fetcher:
            reader = Reader(
                fetcher=fetcher,
                extractor=ArticleExtractor(),
                summarizer=summarizer,
                facts=RuleFactExtractor(),
                cache=cache,
            )
            handler = Handler(reader=reader, summarizer=summarizer, prefix=settings.command_prefix)
            yield Services(settings=settings, reader=reader, handler=handler, database=database)
    finally:
        if database is not None:
            await database.close()


async def run(
    settings: Settings, *, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    """Run Tidings with the adapters the settings enable; the console when none is."""
    async with open_services(settings) as services:
        log.info("no chat platform configured: starting the console adapter")
        console = ConsoleAdapter(services.handler, stdin=stdin, stdout=stdout)
        await console.run()
