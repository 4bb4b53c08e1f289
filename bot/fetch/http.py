"""Fetch web pages and feeds over HTTP without becoming a way into the local network."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from types import TracebackType
from typing import Final, Self

import aiohttp
from aiohttp import hdrs
from yarl import URL

from bot.core.errors import FailureReason, FetchError
from bot.core.model import Page
from bot.fetch.addresses import (
    AddressPolicy,
    BlockedAddressError,
    GuardedResolver,
    Lookup,
    parse_address,
)
from bot.fetch.decoding import (
    MARKUP_TYPES,
    PAGE_TYPES,
    VAGUE_TYPES,
    ContentType,
    decode_body,
    describe_type,
    parse_content_type,
    sniff_type,
)

log = logging.getLogger(__name__)

USER_AGENT: Final = "Tidings/0.1 (+https://github.com/tidings-bot/tidings; news summary bot)"
PAGE_ACCEPT: Final = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"

_SCHEMES: Final = frozenset({"http", "https"})
_SCREEN_PASSES: Final = PAGE_TYPES | VAGUE_TYPES
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
# Seconds: no header is taken to mean longer than a day (a huge number would overflow a delay).
_LONGEST_WAIT: Final = 86_400.0
_ASKS_TO_WAIT: Final = frozenset({HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE})
_DIRECTIVE: Final = re.compile(r"([a-z-]+)\s*=\s*\"?([0-9]+)")
_CHUNK_BYTES: Final = 64 * 1024
_MAX_URL_LENGTH: Final = 8192
_LOGGED_URL_LENGTH: Final = 300
_HOST_NAME: Final = re.compile(r"^(?=.{1,253}$)[a-z0-9_-]{1,63}(?:\.[a-z0-9_-]{1,63})*$")
# A name whose last label is a number or hex is an IPv4 address in one of the legacy
# spellings (2130706433, 127.1, 0x7f.1) that the system resolver would quietly accept.
_NUMERIC_LABEL: Final = re.compile(r"^(?:[0-9]+|0x[0-9a-f]*)$")

_BLOCKED_MESSAGE: Final = "That link points to a private address, so I won't fetch it."
_BLOCKED_REDIRECT_MESSAGE: Final = "That link redirects to a private address, so I won't fetch it."

Screen = Callable[[ContentType | None], None]
"""Looks at a successful response's content type before its body is read; raises to refuse."""


@dataclass(frozen=True, slots=True)
class Response:
    """A successful (2xx) or not-modified (304) answer, with the raw body."""

    url: str
    status: int
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    max_age: int | None = None


def _size(limit: int) -> str:
    if limit >= 1_000_000:
        return f"{limit / 1_000_000:g} MB"
    if limit >= 1_000:
        return f"{limit / 1_000:g} kB"
    return f"{limit} bytes"


def _loggable(text: str) -> str:
    return repr(text)[:_LOGGED_URL_LENGTH]


def _invalid(message: str = "That doesn't look like a web address.") -> FetchError:
    return FetchError(FailureReason.INVALID_URL, message)


def _timed_out() -> FetchError:
    return FetchError(FailureReason.TIMEOUT, "The site took too long to answer.")


def _status_error(status: int, retry_after: float | None = None) -> FetchError:
    try:
        message = f"The site answered {status} {HTTPStatus(status).phrase}."
    except ValueError:
        message = f"The site answered with status {status}."
    return FetchError(FailureReason.HTTP_STATUS, message, retry_after=retry_after)


def _retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Read a Retry-After header: a number of seconds or an HTTP date; None when unreadable."""
    if not value:
        return None
    now = now or datetime.now(UTC)
    value = value.strip()
    if value.isascii() and value.isdigit():
        return min(float(value), _LONGEST_WAIT)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return min(max(0.0, (when - now).total_seconds()), _LONGEST_WAIT)


def _max_age(value: str | None) -> int | None:
    """Read how long an answer stays fresh from Cache-Control, for a shared cache first."""
    if not value:
        return None
    directives = dict(_DIRECTIVE.findall(value.lower()))
    for name in ("s-maxage", "max-age"):
        if directives.get(name, "").isdigit():
            return min(int(directives[name]), int(_LONGEST_WAIT))
    return None


def _not_a_page(mime: str) -> FetchError:
    return FetchError(
        FailureReason.CONTENT_TYPE, f"That link is {describe_type(mime)}, not a web page."
    )


def _screen_page(content_type: ContentType | None) -> None:
    if content_type is None or content_type.mime in _SCREEN_PASSES:
        return
    raise _not_a_page(content_type.mime)


def _parse(text: str) -> URL:
    """Parse user input into a URL that has at least a scheme."""
    if not isinstance(text, str):
        raise _invalid()
    text = text.strip()
    if not text or len(text) > _MAX_URL_LENGTH or any(c.isspace() for c in text):
        raise _invalid()
    try:
        url = URL(text)
    except (ValueError, TypeError, IndexError):  # yarl: IndexError on "http://[::1]@"
        raise _invalid() from None
    if not url.scheme:
        raise _invalid("That doesn't look like a web address; links start with https://.")
    return url


def _shown_host(url: URL) -> str:
    return url.raw_host or "that site"


def _failure(error: aiohttp.ClientError, url: URL, *, redirected: bool) -> FetchError:
    """Translate an aiohttp failure into a reason and a message for the person who asked."""
    host = _shown_host(url)
    if isinstance(error, TimeoutError):
        return _timed_out()
    if isinstance(error, aiohttp.ClientConnectorDNSError):
        if isinstance(error.os_error, BlockedAddressError):
            blocked = _BLOCKED_REDIRECT_MESSAGE if redirected else _BLOCKED_MESSAGE
            return FetchError(FailureReason.BLOCKED_ADDRESS, blocked)
        return FetchError(FailureReason.DNS, f"I couldn't find a site called {host}.")
    if isinstance(error, aiohttp.ClientSSLError):
        return FetchError(
            FailureReason.CONNECTION, f"I couldn't make a secure connection to {host}."
        )
    if isinstance(error, aiohttp.ClientConnectorError):
        if isinstance(error.os_error, ConnectionRefusedError):
            return FetchError(FailureReason.CONNECTION, f"{host} refused the connection.")
        return FetchError(FailureReason.CONNECTION, f"I couldn't connect to {host}.")
    if isinstance(error, aiohttp.InvalidURL):
        return _invalid()
    if isinstance(error, aiohttp.ClientResponseError):
        return FetchError(FailureReason.CONNECTION, f"{host} sent an answer I couldn't read.")
    return FetchError(FailureReason.CONNECTION, f"The connection to {host} broke off.")


class HttpFetcher:
    """Fetch pages and feeds safely: public addresses only, bounded in time, size and hops."""

    def __init__(
        self,
        *,
        allow_hosts: Sequence[str] = (),
        connect_timeout: float = 10.0,
        total_timeout: float = 30.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        user_agent: str = USER_AGENT,
        lookup: Lookup | None = None,  # a getaddrinfo stand-in, for custom DNS and tests
    ) -> None:
        if connect_timeout <= 0 or total_timeout <= 0:
            raise ValueError("timeouts must be positive")
        if max_bytes <= 0 or max_redirects < 0:
            raise ValueError("max_bytes must be positive and max_redirects not negative")
        if not user_agent.strip():
            raise ValueError("user_agent must not be empty")
        self._policy = AddressPolicy.from_allow_list(allow_hosts)
        self._connect_timeout = connect_timeout
        self._total_timeout = total_timeout
        self._max_bytes = max_bytes
        self._max_redirects = max_redirects
        self._user_agent = user_agent
        self._lookup = lookup
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        self._client()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP session and its connections."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def fetch(self, url: str) -> Page:
        """Fetch a web page and decode it, or raise FetchError with a user-facing message."""
        try:
            target = self._target(_parse(url), redirected=False)
            response = await self._request(target, accept=PAGE_ACCEPT, screen=_screen_page)
            page = await asyncio.to_thread(_to_page, response, str(target))
        except FetchError as error:
            log.info("fetch failed url=%s reason=%s", _loggable(url), error.reason)
            raise
        log.debug(
            "fetched url=%s final=%s type=%s charset=%s chars=%d",
            _loggable(url),
            page.url,
            page.content_type,
            page.charset,
            len(page.text),
        )
        return page

    async def get(
        self,
        url: str,
        *,
        accept: str,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Response:
        """Fetch raw bytes, conditionally when a validator is given; status is 2xx or 304."""
        try:
            target = self._target(_parse(url), redirected=False)
            response = await self._request(
                target, accept=accept, etag=etag, last_modified=last_modified
            )
        except FetchError as error:
            log.info("get failed url=%s reason=%s", _loggable(url), error.reason)
            raise
        log.debug(
            "got url=%s status=%d bytes=%d", _loggable(url), response.status, len(response.body)
        )
        return response

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            connector = aiohttp.TCPConnector(
                resolver=GuardedResolver(self._policy, lookup=self._lookup),
                limit=32,
                limit_per_host=4,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(
                    total=self._total_timeout,
                    connect=self._connect_timeout,
                    sock_connect=self._connect_timeout,
                ),
                headers={hdrs.USER_AGENT: self._user_agent},
                # Cookies live only as long as one fetch: see _follow.
                cookie_jar=aiohttp.DummyCookieJar(),
                # Proxy variables would send requests around the address checks.
                trust_env=False,
            )
        return self._session

    def _target(self, url: URL, *, redirected: bool) -> URL:
        """Check a URL's scheme and host; literal addresses are checked here, names on lookup."""
        if url.scheme not in _SCHEMES:
            raise FetchError(
                FailureReason.SCHEME,
                f"I only fetch http:// and https:// links, not {url.scheme[:20]}: ones.",
            )
        host = url.raw_host
        if not host or not url.is_absolute():
            raise _invalid()
        # aiohttp skips the resolver for anything that looks like an IP address, so every
        # such host is judged here, and must be an address Python reads the same way.
        if ":" in host or _NUMERIC_LABEL.match(host.rsplit(".", 1)[-1]):
            address = parse_address(host)
            if address is None:
                raise _invalid()
            if not self._policy.permits(host, address):
                raise FetchError(
                    FailureReason.BLOCKED_ADDRESS,
                    _BLOCKED_REDIRECT_MESSAGE if redirected else _BLOCKED_MESSAGE,
                )
        elif not _HOST_NAME.match(host.rstrip(".")):
            raise _invalid()
        if url.raw_user is not None or url.raw_password is not None:
            # Credentials in a shared link are never sent on: they were meant for someone else.
            url = url.with_user(None)
        return url.with_fragment(None)

    async def _request(
        self,
        target: URL,
        *,
        accept: str,
        etag: str | None = None,
        last_modified: str | None = None,
        screen: Screen | None = None,
    ) -> Response:
        headers: dict[str, str] = {hdrs.ACCEPT: accept}
        if etag:
            headers[hdrs.IF_NONE_MATCH] = etag
        if last_modified:
            headers[hdrs.IF_MODIFIED_SINCE] = last_modified
        try:
            async with asyncio.timeout(self._total_timeout):
                return await self._follow(target, headers, screen)
        except TimeoutError:
            raise _timed_out() from None

    async def _follow(
        self, target: URL, headers: dict[str, str], screen: Screen | None
    ) -> Response:
        """Request a URL, following redirects by hand so each hop is checked."""
        session = self._client()
        # Some sites set a cookie and redirect to themselves; a jar per fetch lets that work
        # without carrying one person's cookies into another person's fetch.
        cookies = aiohttp.CookieJar(unsafe=True)
        url = target
        for hop in range(self._max_redirects + 1):
            if hop:
                url = self._target(url, redirected=True)
            try:
                async with session.get(
                    url,
                    headers=headers,
                    allow_redirects=False,
                    cookies=cookies.filter_cookies(url),
                ) as response:
                    cookies.update_cookies(response.cookies, response.url)
                    location = response.headers.get(hdrs.LOCATION)
                    if response.status in _REDIRECTS and location:
                        url = _redirect(url, location)
                        continue
                    return await self._answer(url, response, screen)
            except aiohttp.ClientError as error:
                raise _failure(error, url, redirected=hop > 0) from error
        raise FetchError(FailureReason.TOO_MANY_REDIRECTS, "That link redirects too many times.")

    async def _answer(
        self, url: URL, response: aiohttp.ClientResponse, screen: Screen | None
    ) -> Response:
        if response.status != HTTPStatus.NOT_MODIFIED and not 200 <= response.status < 300:
            asked = response.status in _ASKS_TO_WAIT
            wait = _retry_after(response.headers.get(hdrs.RETRY_AFTER)) if asked else None
            raise _status_error(response.status, wait)
        header = response.headers.get(hdrs.CONTENT_TYPE)
        body = b""
        if response.status != HTTPStatus.NOT_MODIFIED:
            if screen is not None:
                screen(parse_content_type(header))
            body = await self._read(response)
        return Response(
            url=str(url),
            status=response.status,
            body=body,
            content_type=header,
            etag=response.headers.get(hdrs.ETAG),
            last_modified=response.headers.get(hdrs.LAST_MODIFIED),
            max_age=_max_age(response.headers.get(hdrs.CACHE_CONTROL)),
        )

    async def _read(self, response: aiohttp.ClientResponse) -> bytes:
        """Read the body in chunks, giving up as soon as it passes the byte cap."""
        too_large = FetchError(
            FailureReason.TOO_LARGE,
            f"That page is larger than {_size(self._max_bytes)}, more than I read.",
        )
        if response.content_length is not None and response.content_length > self._max_bytes:
            raise too_large
        body = bytearray()
        async for chunk in response.content.iter_chunked(_CHUNK_BYTES):
            body += chunk
            if len(body) > self._max_bytes:
                raise too_large
        return bytes(body)


def _redirect(url: URL, location: str) -> URL:
    try:
        return url.join(URL(location.strip()))
    except (ValueError, TypeError, IndexError):  # yarl: IndexError on "http://[::1]@"
        raise _invalid("That link redirects to an address that isn't valid.") from None


def _to_page(response: Response, requested_url: str) -> Page:
    """Check that a response is a readable page and decode it."""
    if response.status == HTTPStatus.NOT_MODIFIED:
        raise _status_error(response.status)
    body = response.body
    if not body.strip():
        raise FetchError(FailureReason.EMPTY, "That page is empty.")
    content_type = parse_content_type(response.content_type)
    if content_type is None or content_type.mime in VAGUE_TYPES:
        mime = sniff_type(body)
    else:
        mime = content_type.mime
    if mime not in PAGE_TYPES:
        raise _not_a_page(mime)
    decoded = decode_body(
        body,
        declared=content_type.charset if content_type else None,
        markup=mime in MARKUP_TYPES,
    )
    if decoded is None:
        raise FetchError(
            FailureReason.CHARSET, "I couldn't work out how that page's text is encoded."
        )
    if not decoded.text.strip():
        raise FetchError(FailureReason.EMPTY, "That page is empty.")
    return Page(
        url=response.url,
        requested_url=requested_url,
        content_type=mime,
        charset=decoded.charset,
        text=decoded.text,
    )
