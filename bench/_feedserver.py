"""A local RSS server for the tracking benchmark, run in a process of its own.

Every feed lists its newest `items` entries; `POST /control/advance?count=N` gives each feed N
new entries, and a conditional GET whose If-None-Match still holds is answered 304.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Final
from xml.sax.saxutils import escape

from aiohttp import ClientSession, web

_EPOCH: Final = datetime(2024, 10, 1, 6, 0, tzinfo=UTC)
_START_TIMEOUT_S: Final = 30.0


def story_index(feed: int, seq: int, stories: int) -> int:
    """Return which of the stories a feed's seq-th item tells."""
    # Prime steps spread each story over a few feeds, as a syndicated wire story is.
    return (feed * 31 + seq * 17) % stories


@dataclass(frozen=True, slots=True)
class Stats:
    """What the server answered since it started."""

    full: int
    not_modified: int
    items_served: int


class _Feeds:
    """The documents of every feed, rendered once per change rather than once per request."""

    def __init__(self, texts: Sequence[tuple[str, str]], *, feeds: int, items: int) -> None:
        self._texts = texts
        self._feeds = feeds
        self._items = items
        self._added = 0
        self._bodies: list[bytes] = []
        self._etags: list[str] = []
        self._modified = format_datetime(_EPOCH, usegmt=True)
        self.full = 0
        self.not_modified = 0
        self.items_served = 0
        self._render()

    def advance(self, count: int) -> None:
        self._added += count
        self._modified = format_datetime(_EPOCH + timedelta(hours=self._added), usegmt=True)
        self._render()

    def answer(self, feed: int, if_none_match: str | None) -> web.Response:
        if not 0 <= feed < self._feeds:
            raise web.HTTPNotFound()
        etag = self._etags[feed]
        headers = {"ETag": etag, "Last-Modified": self._modified}
        if if_none_match is not None and etag in (t.strip() for t in if_none_match.split(",")):
            self.not_modified += 1
            return web.Response(status=304, headers=headers)
        self.full += 1
        self.items_served += self._items
        return web.Response(
            body=self._bodies[feed],
            headers=headers,
            content_type="application/rss+xml",
            charset="utf-8",
        )

    def _render(self) -> None:
        self._bodies = [self._document(feed) for feed in range(self._feeds)]
        self._etags = [f'"feed{feed}-v{self._added}"' for feed in range(self._feeds)]

    def _document(self, feed: int) -> bytes:
        newest = self._items + self._added
        entries = "".join(self._entry(feed, seq) for seq in range(newest - 1, self._added - 1, -1))
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Bench wire {feed}</title><link>https://wire{feed}.example.org/</link>"
            f"<description>Stories for feed {feed}</description>{entries}</channel></rss>"
        ).encode()

    def _entry(self, feed: int, seq: int) -> str:
        title, summary = self._texts[story_index(feed, seq, len(self._texts))]
        link = f"https://wire{feed}.example.org/{2024 + seq // 1000}/story-{feed}-{seq}"
        published = format_datetime(_EPOCH + timedelta(minutes=10 * seq), usegmt=True)
        return (
            f"<item><title>{escape(title)}</title><link>{link}</link>"
            f'<guid isPermaLink="true">{link}</guid><pubDate>{published}</pubDate>'
            f"<description>{escape(summary)}</description></item>"
        )


def _application(feeds: _Feeds) -> web.Application:
    async def feed(request: web.Request) -> web.Response:
        return feeds.answer(int(request.match_info["number"]), request.headers.get("If-None-Match"))

    async def advance(request: web.Request) -> web.Response:
        feeds.advance(int(request.query.get("count", "1")))
        return web.json_response({"ok": True})

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(
            {
                "full": feeds.full,
                "not_modified": feeds.not_modified,
                "items_served": feeds.items_served,
            }
        )

    app = web.Application()
    app.router.add_get(r"/feeds/{number:\d+}.xml", feed)
    app.router.add_post("/control/advance", advance)
    app.router.add_get("/control/stats", stats)
    return app


async def _serve(
    texts: Sequence[tuple[str, str]], feeds: int, items: int, ready: Connection
) -> None:
    runner = web.AppRunner(_application(_Feeds(texts, feeds=feeds, items=items)), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=512)
    await site.start()
    ready.send(runner.addresses[0][1])
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def _run(texts: Sequence[tuple[str, str]], feeds: int, items: int, ready: Connection) -> None:
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(texts, feeds, items, ready))


class FeedServer:
    """The server process and the address of its feeds."""

    def __init__(self, process: BaseProcess, port: int) -> None:
        self._process = process
        self.base = f"http://127.0.0.1:{port}"

    def url(self, feed: int) -> str:
        return f"{self.base}/feeds/{feed}.xml"

    async def advance(self, count: int) -> None:
        async with ClientSession() as session:
            response = await session.post(f"{self.base}/control/advance", params={"count": count})
            response.raise_for_status()

    async def stats(self) -> Stats:
        async with ClientSession() as session:
            response = await session.get(f"{self.base}/control/stats")
            response.raise_for_status()
            data = await response.json()
        return Stats(data["full"], data["not_modified"], data["items_served"])


@contextlib.contextmanager
def feed_server(
    texts: Sequence[tuple[str, str]], *, feeds: int, items: int
) -> Iterator[FeedServer]:
    """Start the server in a fresh process, yield it, and stop that process afterwards."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_run, args=(list(texts), feeds, items, sender), name="bench-feeds", daemon=True
    )
    process.start()
    try:
        if not receiver.poll(_START_TIMEOUT_S):
            raise RuntimeError("the feed server did not start")
        yield FeedServer(process, int(receiver.recv()))
    finally:
        process.terminate()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
