"""A Tidings running in the test's event loop: console on a pipe, SQLite, health on a free port."""

from __future__ import annotations

import asyncio
import io
import logging
import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot import app
from bot.settings import FetchSettings, HealthSettings, Settings, TrackSettings
from tests.support.pages import serve
from tests.support.ports import free_port

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "aleppo-clashes.html"
SLOW_SECONDS = 3.0


@dataclass
class RunningBot:
    """A running Tidings: type lines into its console, read what it prints, ask its server."""

    settings: Settings
    base: str
    out: io.StringIO
    writer: io.TextIOWrapper
    task: asyncio.Task[None]
    stop: asyncio.Event

    def say(self, line: str) -> None:
        self.writer.write(line + "\n")
        self.writer.flush()

    async def printed(self, text: str) -> str:
        """Wait until the console has printed `text`; return everything printed so far."""
        async with asyncio.timeout(60):
            while text not in self.out.getvalue():
                if self.task.done():
                    self.task.result()
                    raise AssertionError(f"Tidings stopped before printing {text!r}")
                await asyncio.sleep(0.05)
        return self.out.getvalue()

    async def get(self, path: str) -> tuple[int, str]:
        async with aiohttp.ClientSession() as session, session.get(self.base + path) as response:
            return response.status, await response.text()


@pytest.fixture
def quiet_logs() -> Iterator[None]:
    """Undo the handlers and levels the command line sets on the root logger."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def bot_settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        fetch=FetchSettings(allow_hosts=["127.0.0.1"], total_timeout=10.0),
        health=HealthSettings(port=free_port()),
        track=TrackSettings(poll_interval=1),
        shutdown_timeout=10,
    )


@asynccontextmanager
async def _running(settings: Settings) -> AsyncIterator[RunningBot]:
    read_end, write_end = os.pipe()
    stdin = os.fdopen(read_end, "r", encoding="utf-8")
    writer = os.fdopen(write_end, "w", encoding="utf-8")
    out = io.StringIO()
    stop = asyncio.Event()
    task = asyncio.create_task(app.run(settings, stdin=stdin, stdout=out, stop=stop))
    bot = RunningBot(
        settings=settings,
        base=f"http://127.0.0.1:{settings.health.port}",
        out=out,
        writer=writer,
        task=task,
        stop=stop,
    )
    try:
        async with asyncio.timeout(30):
            while True:
                if task.done():
                    task.result()
                try:
                    await bot.get("/metrics")
                    break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
        yield bot
    finally:
        stop.set()
        try:
            async with asyncio.timeout(30):
                await asyncio.gather(task, return_exceptions=True)
        finally:
            writer.close()
            stdin.close()


@pytest.fixture
def start_bot() -> Callable[[Settings], AbstractAsyncContextManager[RunningBot]]:
    """Return a context manager that runs Tidings with given settings for its duration."""
    return _running


@pytest.fixture
async def bot(bot_settings: Settings) -> AsyncIterator[RunningBot]:
    """Yield Tidings running with the console, until the test ends."""
    async with _running(bot_settings) as running:
        yield running


class SlowSite:
    """An article that takes a few seconds to arrive, and says when it was asked for."""

    def __init__(self) -> None:
        self.asked = asyncio.Event()

    async def article(self, request: web.Request) -> web.Response:
        self.asked.set()
        await asyncio.sleep(SLOW_SECONDS)
        return web.Response(body=PAGE.read_bytes(), content_type="text/html", charset="utf-8")


@pytest.fixture
async def slow_site() -> AsyncIterator[tuple[SlowSite, str]]:
    """Yield a slow article site and the article's URL."""
    site = SlowSite()
    application = web.Application()
    application.router.add_get("/slow-article", site.article)
    async with serve(application) as base:
        yield site, f"{base}/slow-article"
