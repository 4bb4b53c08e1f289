"""A local HTTP server for test pages: real sockets on 127.0.0.1, no internet."""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from aiohttp import web

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

# The smallest valid PNG and PDF headers are enough for a content-type check.
_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
_PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


async def _page(request: web.Request) -> web.StreamResponse:
    path = PAGES / request.match_info["name"]
    if not path.is_file():
        raise web.HTTPNotFound()
    return web.Response(body=path.read_bytes(), content_type="text/html", charset="utf-8")


async def _status(request: web.Request) -> web.Response:
    return web.Response(status=int(request.match_info["code"]), text="error page")


async def _slow(request: web.Request) -> web.Response:
    await asyncio.sleep(float(request.query.get("seconds", "5")))
    return web.Response(text="<p>late</p>", content_type="text/html")


async def _huge(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
    await response.prepare(request)
    chunk = b"<p>" + b"word " * 2000 + b"</p>\n"
    for _ in range(int(request.query.get("chunks", "1000"))):
        await response.write(chunk)
    await response.write_eof()
    return response


async def _image(request: web.Request) -> web.Response:
    return web.Response(body=_PNG, content_type="image/png")


async def _pdf(request: web.Request) -> web.Response:
    return web.Response(body=_PDF, content_type="application/pdf")


async def _empty(request: web.Request) -> web.Response:
    return web.Response(body=b"", content_type="text/html")


async def _bad_charset(request: web.Request) -> web.Response:
    body = (PAGES / "aleppo-clashes.html").read_bytes()
    return web.Response(body=body, headers={"Content-Type": "text/html; charset=x-no-such-thing"})


class Feeds:
    """Feeds a test edits while the server runs; answers conditional GETs like a real site."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[bytes, str, dict[str, str]]] = {}
        self.failures: dict[str, tuple[int, dict[str, str]]] = {}
        self.requests: list[str] = []
        self.not_modified = 0

    def put(
        self,
        name: str,
        body: str | bytes,
        content_type: str = "application/rss+xml",
        headers: dict[str, str] | None = None,
    ) -> None:
        """Serve a document (with extra headers such as Cache-Control) from now on."""
        data = body.encode() if isinstance(body, str) else body
        self.documents[name] = (data, content_type, headers or {})
        self.failures.pop(name, None)

    def fail(self, name: str, status: int, headers: dict[str, str] | None = None) -> None:
        """Answer requests for a document with an error status until it is put again."""
        self.failures[name] = (status, headers or {})

    async def serve(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.requests.append(name)
        if name in self.failures:
            status, headers = self.failures[name]
            return web.Response(status=status, headers=headers)
        if name not in self.documents:
            raise web.HTTPNotFound()
        body, content_type, extra = self.documents[name]
        etag = f'"{zlib.crc32(body):08x}"'
        if request.headers.get("If-None-Match") == etag:
            self.not_modified += 1
            return web.Response(status=304, headers={"ETag": etag, **extra})
        return web.Response(
            body=body, headers={"Content-Type": content_type, "ETag": etag, **extra}
        )


def rss(title: str, items: list[tuple[str, str, str]], *, ttl: int | None = None) -> str:
    """Return an RSS 2.0 document of (title, link, description) items."""
    entries = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><description>{escape(d)}</description>"
        "<pubDate>Tue, 09 Oct 2018 16:45:00 GMT</pubDate></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://feeds.example/</link>"
        f"<description>{escape(title)}</description>"
        f"{f'<ttl>{ttl}</ttl>' if ttl is not None else ''}{entries}</channel></rss>"
    )


def make_app(feeds: Feeds | None = None) -> web.Application:
    """Return the page server's application (pages, feeds, error statuses, hostile answers)."""
    app = web.Application()
    app.router.add_get("/feeds/{name}", (feeds or Feeds()).serve)
    app.router.add_get("/mirror/{name}", _page)
    app.router.add_get("/pages/{name}", _page)
    app.router.add_get("/status/{code}", _status)
    app.router.add_get("/slow", _slow)
    app.router.add_get("/huge", _huge)
    app.router.add_get("/image.png", _image)
    app.router.add_get("/report.pdf", _pdf)
    app.router.add_get("/empty", _empty)
    app.router.add_get("/bad-charset", _bad_charset)
    return app


@asynccontextmanager
async def serve(app: web.Application) -> AsyncIterator[str]:
    """Serve an application on a free port of 127.0.0.1 and yield its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
