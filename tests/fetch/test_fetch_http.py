"""HttpFetcher against real local HTTP servers on 127.0.0.1; nothing leaves the machine."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
from collections.abc import AsyncIterator, Awaitable, Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.core.errors import FailureReason, FetchError
from bot.fetch import HttpFetcher, Response
from bot.fetch.http import _max_age, _retry_after

LOCAL = ("127.0.0.1",)

FRENCH = (
    "<html><head><title>Le marché rouvre</title></head><body>"
    "<p>Le conseil municipal a voté mardi un budget de 2,5 millions d’euros pour rénover la halle "
    "du marché, fermée depuis l’été dernier. « C’est une étape décisive », a déclaré la maire, "
    "qui espère une réouverture avant les fêtes. Les commerçants réclament des garanties "
    "sur les loyers — jugés trop élevés — et sur la durée des travaux.</p></body></html>"
)
GERMAN = (
    "<html><body><p>Die Stadtverwaltung hat am Dienstag mitgeteilt, dass die Brücke über den "
    "Fluss wegen Schäden an den Trägern für zwölf Wochen gesperrt wird. Pendler müssen größere "
    "Umwege in Kauf nehmen; die Buslinien fahren über die Nordstraße. Über die Kosten der "
    "Reparatur wollte sich der Bürgermeister noch nicht äußern.</p></body></html>"
)
JAPANESE = (
    "<html><body><p>市の発表によると、来月から駅前の再開発工事が始まる。工事は約二年間続く見込みで、"
    "その間、バスの停留所は北口に移される。市長は記者会見で「地域の皆様にはご不便をおかけするが、"
    "完成後は安全で便利な街になる」と述べた。商店街の関係者からは、売り上げへの影響を心配する声も"
    "上がっている。</p></body></html>"
)
CHINESE = (
    "<html><body><p>据当地媒体报道，该市将于下个月开始对老城区的道路进行改造。工程预计持续两年，"
    "期间部分公交线路将临时调整。市政府表示，改造完成后，交通拥堵问题将得到明显缓解。"
    "一些居民担心施工会影响日常生活，希望有关部门尽快公布详细的施工计划。</p></body></html>"
)
META_1252 = FRENCH.replace("<head>", '<head><meta charset="windows-1252">')
HTTP_EQUIV = GERMAN.replace(
    "<body>",
    '<head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body>',
)
_NOISE_RNG = random.Random(11)
NOISE = bytes(_NOISE_RNG.randrange(256) for _ in range(4000))
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n"


def html(text: str, *, charset: str | None = "utf-8", encoding: str = "utf-8") -> web.Response:
    content_type = "text/html" + (f"; charset={charset}" if charset else "")
    return web.Response(body=text.encode(encoding), headers={"Content-Type": content_type})


def fixed(body: bytes, content_type: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(body=body, headers={"Content-Type": content_type, **(headers or {})})


def redirect(location: str, status: int = 302) -> web.Response:
    return web.Response(status=status, headers={"Location": location})


async def chunked(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
    response.enable_chunked_encoding()
    await response.prepare(request)
    for _ in range(20):
        await response.write(b"<p>" + b"x" * 500 + b"</p>")
    await response.write_eof()
    return response


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(3)
    return html("<p>late</p>")


async def dripping(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
    await response.prepare(request)
    for _ in range(30):
        await response.write(b"<p>drip</p>")
        await asyncio.sleep(0.1)
    return response


async def echo(request: web.Request) -> web.Response:
    lines = [f"{name}: {value}" for name, value in request.headers.items()]
    return web.Response(text="\n".join(lines), content_type="text/plain")


async def feed(request: web.Request) -> web.Response:
    etag = '"v7"'
    if request.headers.get("If-None-Match") == etag:
        return web.Response(status=304, headers={"ETag": etag})
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title></channel></rss>'
    return web.Response(
        body=body,
        headers={
            "Content-Type": "application/rss+xml",
            "ETag": etag,
            "Last-Modified": "Tue, 07 Oct 2025 10:00:00 GMT",
            "X-Accept-Seen": request.headers.get("Accept", ""),
        },
    )


async def cookie_wall(request: web.Request) -> web.Response:
    if request.cookies.get("consent") == "yes":
        return html("<p>Behind the wall.</p>")
    response = redirect("/cookie-wall")
    response.set_cookie("consent", "yes")
    return response


def build_app() -> web.Application:
    pages: dict[str, Any] = {
        "/utf8": lambda _: html(FRENCH),
        "/meta": lambda _: html(META_1252, charset=None, encoding="cp1252"),
        "/http-equiv": lambda _: html(HTTP_EQUIV, charset=None, encoding="iso-8859-1"),
        "/detect-1252": lambda _: html(FRENCH, charset=None, encoding="cp1252"),
        "/detect-latin1": lambda _: html(GERMAN, charset=None, encoding="iso-8859-1"),
        "/detect-sjis": lambda _: html(JAPANESE, charset=None, encoding="shift_jis"),
        "/detect-gb2312": lambda _: html(CHINESE, charset=None, encoding="gb2312"),
        "/bad-label": lambda _: html(FRENCH, charset="klingon-8"),
        "/wrong-label": lambda _: html(FRENCH, charset="utf-8", encoding="cp1252"),
        "/plain": lambda _: fixed("Plain words, naïvely.".encode(), "text/plain; charset=utf-8"),
        "/xhtml": lambda _: fixed(b"<html><p>x</p></html>", "application/xhtml+xml"),
        "/hop/3": lambda _: redirect("/hop/2", 301),
        "/hop/2": lambda _: redirect("1", 307),
        "/hop/1": lambda _: redirect("/utf8#section", 303),
        "/to-metadata": lambda _: redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-private": lambda _: redirect("http://10.0.0.1/admin"),
        "/to-file": lambda _: redirect("file:///etc/passwd"),
        "/loop": lambda _: redirect("/loop"),
        "/missing": lambda _: web.Response(status=404, text="gone"),
        "/broken": lambda _: web.Response(status=500, text="oops"),
        "/busy": lambda _: web.Response(
            status=429, text="slow down", headers={"Retry-After": "120"}
        ),
        "/down": lambda _: web.Response(
            status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}
        ),
        "/down-vaguely": lambda _: web.Response(status=503, headers={"Retry-After": "soon"}),
        "/cached-feed": lambda _: fixed(
            b"<rss/>", "application/rss+xml", {"Cache-Control": "public, max-age=1800"}
        ),
        "/large": lambda _: html("<p>" + "y" * 5000 + "</p>"),
        "/chunked": chunked,
        "/slow": slow,
        "/dripping": dripping,
        "/image": lambda _: fixed(PNG, "image/png"),
        "/pdf": lambda _: fixed(PDF, "application/pdf"),
        "/json": lambda _: fixed(b'{"a": 1}', "application/json"),
        "/octet-html": lambda _: fixed(b"<!DOCTYPE html><p>ok</p>", "application/octet-stream"),
        "/empty": lambda _: fixed(b"", "text/html"),
        "/blank": lambda _: fixed(b"  \n\t ", "text/html"),
        "/noise": lambda _: fixed(NOISE, "text/html"),
        "/echo": echo,
        "/feed": feed,
        "/cookie-wall": cookie_wall,
    }
    app = web.Application()
    for path, handler in pages.items():

        async def route(request: web.Request, handler: Any = handler) -> web.StreamResponse:
            result = handler(request)
            response: web.StreamResponse = await result if isinstance(result, Awaitable) else result
            return response

        app.router.add_get(path, route)
    return app


@pytest.fixture
async def server() -> AsyncIterator[TestServer]:
    test_server = TestServer(build_app(), host="127.0.0.1")
    await test_server.start_server()
    yield test_server
    await test_server.close()


@pytest.fixture
async def raw_server() -> AsyncIterator[str]:
    """Serve hand-written responses, for what aiohttp's server would never send."""
    replies = {
        "/no-type-html": b"<!doctype html><html><body><p>Bare page.</p></body></html>",
        "/no-type-pdf": PDF,
        "/no-type-text": b"Just a line of text.",
    }

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        path = (await reader.readline()).split()[1].decode()
        while (await reader.readline()) not in (b"\r\n", b""):
            pass
        body = replies[path]
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % len(body) + body
        )
        await writer.drain()
        writer.close()

    raw = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = raw.sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    raw.close()
    await raw.wait_closed()


@pytest.fixture
async def fetcher() -> AsyncIterator[HttpFetcher]:
    async with HttpFetcher(allow_hosts=LOCAL, max_bytes=4000, total_timeout=5) as instance:
        yield instance


@pytest.fixture
async def strict() -> AsyncIterator[HttpFetcher]:
    """A fetcher with the default policy: no local exceptions."""
    async with HttpFetcher(connect_timeout=1, total_timeout=3) as instance:
        yield instance


def url(server: TestServer, path: str) -> str:
    return str(server.make_url(path))


async def failure(call: Awaitable[object]) -> FetchError:
    with pytest.raises(FetchError) as caught:
        await call
    return caught.value


# Decoding


@pytest.mark.parametrize(
    ("path", "expected", "charset"),
    [
        ("/utf8", FRENCH, "utf-8"),
        ("/meta", META_1252, "cp1252"),
        ("/http-equiv", HTTP_EQUIV, "cp1252"),
        ("/detect-1252", FRENCH, "cp1252"),
        ("/detect-latin1", GERMAN, "cp1252"),
        ("/detect-sjis", JAPANESE, "cp932"),
        ("/detect-gb2312", CHINESE, "gb18030"),
        ("/bad-label", FRENCH, "utf-8"),
        ("/wrong-label", FRENCH, "cp1252"),
    ],
)
async def test_decodes_pages(
    fetcher: HttpFetcher, server: TestServer, path: str, expected: str, charset: str
) -> None:
    page = await fetcher.fetch(url(server, path))
    assert page.text == expected
    assert page.content_type == "text/html"
    assert page.charset == charset


async def test_plain_text_and_xhtml_are_pages(fetcher: HttpFetcher, server: TestServer) -> None:
    plain = await fetcher.fetch(url(server, "/plain"))
    assert (plain.content_type, plain.text) == ("text/plain", "Plain words, naïvely.")
    xhtml = await fetcher.fetch(url(server, "/xhtml"))
    assert xhtml.content_type == "application/xhtml+xml"


async def test_sniffs_a_missing_content_type(fetcher: HttpFetcher, raw_server: str) -> None:
    page = await fetcher.fetch(raw_server + "/no-type-html")
    assert page.content_type == "text/html"
    assert "Bare page." in page.text
    text = await fetcher.fetch(raw_server + "/no-type-text")
    assert text.content_type == "text/plain"
    error = await failure(fetcher.fetch(raw_server + "/no-type-pdf"))
    assert error.reason is FailureReason.CONTENT_TYPE
    assert error.message == "That link is a PDF document, not a web page."


async def test_sniffs_octet_stream(fetcher: HttpFetcher, server: TestServer) -> None:
    page = await fetcher.fetch(url(server, "/octet-html"))
    assert page.content_type == "text/html"


# Refusals before any connection


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello world",
        "example.com/news",
        "//example.com/news",
        "http://",
        "http:///path",
        "http://[::1",
        "http://[::1]@",  # yarl raises IndexError on this one
        "http://exa mple.com/",
        "http://%31%32%37.0.0.1/",
        "http://under_score!.example/",
        "http://" + "a" * 9000 + ".com/",
    ],
)
async def test_refuses_what_is_not_a_url(strict: HttpFetcher, text: str) -> None:
    error = await failure(strict.fetch(text))
    assert error.reason is FailureReason.INVALID_URL
    assert "\n" not in error.message


async def test_survives_input_of_the_wrong_type(strict: HttpFetcher) -> None:
    error = await failure(strict.fetch(None))  # type: ignore[arg-type]
    assert error.reason is FailureReason.INVALID_URL


@pytest.mark.parametrize(
    ("text", "scheme"),
    [
        ("ftp://ftp.example.org/pub/file.txt", "ftp"),
        ("file:///etc/passwd", "file"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<p>hi</p>", "data"),
        ("gopher://127.0.0.1:70/", "gopher"),
    ],
)
async def test_refuses_other_schemes(strict: HttpFetcher, text: str, scheme: str) -> None:
    error = await failure(strict.fetch(text))
    assert error.reason is FailureReason.SCHEME
    assert f"{scheme}:" in error.message


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "[::1]",
        "[::]",
        "[::ffff:127.0.0.1]",
        "[::ffff:10.0.0.1]",
        "[fe80::1]",
        "[fc00::1]",
        "[ff02::1]",
        "[2002:7f00:1::1]",
        "[64:ff9b::a00:1]",
    ],
)
async def test_refuses_private_address_literals(
    strict: HttpFetcher, server: TestServer, host: str
) -> None:
    assert server.port is not None
    error = await failure(strict.fetch(f"http://{host}:{server.port}/utf8"))
    assert error.reason is FailureReason.BLOCKED_ADDRESS
    assert error.message == "That link points to a private address, so I won't fetch it."


@pytest.mark.parametrize("host", ["2130706433", "127.1", "0x7f.1", "0177.0.0.1"])
async def test_refuses_legacy_spellings_of_addresses(strict: HttpFetcher, host: str) -> None:
    error = await failure(strict.fetch(f"http://{host}/"))
    assert error.reason in (FailureReason.INVALID_URL, FailureReason.BLOCKED_ADDRESS)


async def test_refuses_a_name_that_resolves_to_loopback(
    strict: HttpFetcher, server: TestServer
) -> None:
    error = await failure(strict.fetch(f"http://localhost:{server.port}/utf8"))
    assert error.reason is FailureReason.BLOCKED_ADDRESS


async def test_allow_list_lets_a_local_address_through(server: TestServer) -> None:
    async with HttpFetcher(allow_hosts=["127.0.0.0/8"]) as fetcher:
        page = await fetcher.fetch(url(server, "/utf8"))
    assert page.text == FRENCH


# Redirects


async def test_follows_redirects_and_reports_the_final_url(
    fetcher: HttpFetcher, server: TestServer
) -> None:
    page = await fetcher.fetch(url(server, "/hop/3"))
    assert page.url == url(server, "/utf8")
    assert page.requested_url == url(server, "/hop/3")
    assert page.text == FRENCH


@pytest.mark.parametrize("path", ["/to-metadata", "/to-private"])
async def test_refuses_a_redirect_to_a_private_address(
    fetcher: HttpFetcher, server: TestServer, path: str
) -> None:
    error = await failure(fetcher.fetch(url(server, path)))
    assert error.reason is FailureReason.BLOCKED_ADDRESS
    assert "redirects" in error.message


async def test_refuses_a_redirect_to_another_scheme(
    fetcher: HttpFetcher, server: TestServer
) -> None:
    error = await failure(fetcher.fetch(url(server, "/to-file")))
    assert error.reason is FailureReason.SCHEME


async def test_stops_a_redirect_loop(server: TestServer) -> None:
    async with HttpFetcher(allow_hosts=LOCAL, max_redirects=2) as fetcher:
        error = await failure(fetcher.fetch(url(server, "/loop")))
        assert error.reason is FailureReason.TOO_MANY_REDIRECTS
        assert (await fetcher.fetch(url(server, "/hop/1"))).text == FRENCH
        error = await failure(fetcher.fetch(url(server, "/hop/3")))
        assert error.reason is FailureReason.TOO_MANY_REDIRECTS


async def test_keeps_cookies_within_one_fetch(fetcher: HttpFetcher, server: TestServer) -> None:
    page = await fetcher.fetch(url(server, "/cookie-wall"))
    assert "Behind the wall." in page.text


# Status, time, size and type


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing", "The site answered 404 Not Found."), ("/broken", "The site answered 500 ")],
)
async def test_reports_http_errors(
    fetcher: HttpFetcher, server: TestServer, path: str, message: str
) -> None:
    error = await failure(fetcher.fetch(url(server, path)))
    assert error.reason is FailureReason.HTTP_STATUS
    assert error.message.startswith(message)


@pytest.mark.parametrize("path", ["/slow", "/dripping"])
async def test_gives_up_after_the_total_timeout(server: TestServer, path: str) -> None:
    async with HttpFetcher(allow_hosts=LOCAL, total_timeout=0.5) as fetcher:
        started = asyncio.get_running_loop().time()
        error = await failure(fetcher.fetch(url(server, path)))
        elapsed = asyncio.get_running_loop().time() - started
    assert error.reason is FailureReason.TIMEOUT
    assert elapsed < 2


async def test_gives_up_after_the_connect_timeout() -> None:
    async def stuck(host: str, port: int, family: int) -> Sequence[Any]:
        await asyncio.sleep(5)
        return []

    async with HttpFetcher(connect_timeout=0.2, total_timeout=5, lookup=stuck) as fetcher:
        error = await failure(fetcher.fetch("http://stuck.test/"))
    assert error.reason is FailureReason.TIMEOUT


@pytest.mark.parametrize("path", ["/large", "/chunked"])
async def test_refuses_bodies_over_the_cap(
    fetcher: HttpFetcher, server: TestServer, path: str
) -> None:
    error = await failure(fetcher.fetch(url(server, path)))
    assert error.reason is FailureReason.TOO_LARGE
    assert "4 kB" in error.message


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/image", "That link is an image, not a web page."),
        ("/pdf", "That link is a PDF document, not a web page."),
        ("/json", "That link is JSON data, not a web page."),
        ("/feed", "That link is a news feed, not a web page."),
    ],
)
async def test_refuses_what_is_not_a_page(
    fetcher: HttpFetcher, server: TestServer, path: str, message: str
) -> None:
    error = await failure(fetcher.fetch(url(server, path)))
    assert error.reason is FailureReason.CONTENT_TYPE
    assert error.message == message


@pytest.mark.parametrize("path", ["/empty", "/blank"])
async def test_refuses_an_empty_page(fetcher: HttpFetcher, server: TestServer, path: str) -> None:
    error = await failure(fetcher.fetch(url(server, path)))
    assert error.reason is FailureReason.EMPTY


async def test_refuses_a_page_it_cannot_decode(fetcher: HttpFetcher, server: TestServer) -> None:
    error = await failure(fetcher.fetch(url(server, "/noise")))
    assert error.reason is FailureReason.CHARSET


# Connections and names


async def test_reports_a_refused_connection(fetcher: HttpFetcher) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = await failure(fetcher.fetch(f"http://127.0.0.1:{port}/"))
    assert error.reason is FailureReason.CONNECTION


async def test_reports_a_name_that_does_not_resolve() -> None:
    async def unknown(host: str, port: int, family: int) -> Sequence[Any]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    async with HttpFetcher(lookup=unknown) as fetcher:
        error = await failure(fetcher.fetch("https://no-such-site.invalid/story"))
    assert error.reason is FailureReason.DNS
    assert "no-such-site.invalid" in error.message


async def test_connects_to_the_address_it_checked(server: TestServer) -> None:
    calls: list[str] = []

    async def news_is_local(host: str, port: int, family: int) -> Sequence[Any]:
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

    async with HttpFetcher(allow_hosts=LOCAL, lookup=news_is_local) as fetcher:
        page = await fetcher.fetch(f"http://news.test:{server.port}/echo")
    assert f"Host: news.test:{server.port}" in page.text
    assert calls == ["news.test"]


async def test_refuses_a_name_with_any_private_address(server: TestServer) -> None:
    async def mixed(host: str, port: int, family: int) -> Sequence[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port)),
        ]

    async with HttpFetcher(allow_hosts=LOCAL, lookup=mixed) as fetcher:
        error = await failure(fetcher.fetch(f"http://news.test:{server.port}/utf8"))
    assert error.reason is FailureReason.BLOCKED_ADDRESS


async def test_sends_an_honest_user_agent_and_no_credentials(
    fetcher: HttpFetcher, server: TestServer
) -> None:
    assert server.port is not None
    page = await fetcher.fetch(f"http://reader:secret@127.0.0.1:{server.port}/echo")
    assert "User-Agent: Tidings/0.1 (+https://github.com/tidings-bot/tidings" in page.text
    assert "Authorization" not in page.text
    assert "secret" not in page.url + page.requested_url


# The raw interface for feeds


async def test_get_returns_validators_and_honours_them(
    fetcher: HttpFetcher, server: TestServer
) -> None:
    accept = "application/rss+xml, application/atom+xml;q=0.9"
    first = await fetcher.get(url(server, "/feed"), accept=accept)
    assert isinstance(first, Response)
    assert first.status == 200
    assert first.body.startswith(b"<?xml")
    assert first.content_type == "application/rss+xml"
    assert first.etag == '"v7"'
    assert first.last_modified == "Tue, 07 Oct 2025 10:00:00 GMT"

    again = await fetcher.get(url(server, "/feed"), accept=accept, etag=first.etag)
    assert again.status == 304
    assert again.body == b""
    assert again.etag == '"v7"'


async def test_get_reports_how_long_an_answer_stays_fresh(
    fetcher: HttpFetcher, server: TestServer
) -> None:
    cached = await fetcher.get(url(server, "/cached-feed"), accept="*/*")
    assert cached.max_age == 1800
    plain = await fetcher.get(url(server, "/feed"), accept="*/*")
    assert plain.max_age is None


async def test_a_site_that_asks_to_wait_says_for_how_long(
    fetcher: HttpFetcher, server: TestServer
) -> None:
    busy = await failure(fetcher.get(url(server, "/busy"), accept="*/*"))
    assert busy.message == "The site answered 429 Too Many Requests."
    assert busy.retry_after == 120
    down = await failure(fetcher.get(url(server, "/down"), accept="*/*"))
    assert down.retry_after is not None
    assert down.retry_after == 86400  # a date years away: capped at a day
    vague = await failure(fetcher.get(url(server, "/down-vaguely"), accept="*/*"))
    assert vague.message == "The site answered 503 Service Unavailable."
    assert vague.retry_after is None
    broken = await failure(fetcher.get(url(server, "/broken"), accept="*/*"))
    assert broken.retry_after is None


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Wed, 25 Nov 2026 10:02:00 GMT", 120.0),
        ("Wed, 25 Nov 2026 09:00:00 GMT", 0.0),  # already past
        ("tomorrow", None),
        ("", None),
        ("-5", None),
        ("²", None),  # a digit to str.isdigit(), not to float()
        ("100000000000000", 86_400.0),  # capped: a delay that large would overflow
    ],
)
def test_retry_after_reads_seconds_and_dates(header: str, seconds: float | None) -> None:
    now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
    assert _retry_after(header, now) == seconds


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("max-age=600", 600),
        ("public, s-maxage=900, max-age=60", 900),
        ('max-age="300"', 300),
        ("no-cache", None),
        ("max-age=soon", None),
        ("max-age=99999999999999999999", 86_400),
        (None, None),
    ],
)
def test_max_age_reads_cache_control(header: str | None, seconds: int | None) -> None:
    assert _max_age(header) == seconds


async def test_get_applies_the_same_safety_rules(fetcher: HttpFetcher, server: TestServer) -> None:
    blocked = await failure(fetcher.get("http://169.254.169.254/", accept="*/*"))
    assert blocked.reason is FailureReason.BLOCKED_ADDRESS
    redirected = await failure(fetcher.get(url(server, "/to-private"), accept="*/*"))
    assert redirected.reason is FailureReason.BLOCKED_ADDRESS
    large = await failure(fetcher.get(url(server, "/chunked"), accept="*/*"))
    assert large.reason is FailureReason.TOO_LARGE
    image = await fetcher.get(url(server, "/image"), accept="image/*")
    assert image.body == PNG


async def test_logs_the_url_and_reason(
    fetcher: HttpFetcher, server: TestServer, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="bot.fetch"):
        await failure(fetcher.fetch(url(server, "/missing")))
    assert any(
        "/missing" in record.getMessage() and "http_status" in record.getMessage()
        for record in caplog.records
    )


async def test_reopens_after_close(server: TestServer) -> None:
    fetcher = HttpFetcher(allow_hosts=LOCAL)
    assert (await fetcher.fetch(url(server, "/utf8"))).text == FRENCH
    await fetcher.aclose()
    assert (await fetcher.fetch(url(server, "/utf8"))).text == FRENCH
    await fetcher.aclose()


def test_rejects_nonsense_options() -> None:
    with pytest.raises(ValueError, match="timeouts"):
        HttpFetcher(total_timeout=0)
    with pytest.raises(ValueError, match="max_bytes"):
        HttpFetcher(max_bytes=0)
    with pytest.raises(ValueError, match="not an IP address"):
        HttpFetcher(allow_hosts=["10.0.0.0/33"])
