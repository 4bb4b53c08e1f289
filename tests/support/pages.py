"""A local HTTP server for test pages: real sockets on 127.0.0.1, no internet."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

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


def make_app() -> web.Application:
    """Return the page server's application (pages, error statuses and hostile answers)."""
    app = web.Application()
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
