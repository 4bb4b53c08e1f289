"""Read news feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into plain items."""

from __future__ import annotations

import calendar
import html
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Final
from urllib.parse import quote_plus, urljoin

import feedparser

log = logging.getLogger(__name__)

ACCEPT: Final = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
_TAG: Final = re.compile(r"<[^>]+>")
_SPACE: Final = re.compile(r"\s+")
_MAX_SUMMARY: Final = 2000


class FeedError(Exception):
    """A document that is not a feed Tidings can read; the message says why."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One story as a feed announces it."""

    key: str
    url: str
    title: str
    summary: str
    published: datetime | None = None


def _plain(value: str | None) -> str:
    text = html.unescape(_TAG.sub(" ", value or ""))
    return _SPACE.sub(" ", text).strip()[:_MAX_SUMMARY]


def _when(parsed: Any) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _rfc822(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _item(
    *, key: str | None, url: str | None, title: str, summary: str, when: datetime | None, base: str
) -> FeedItem | None:
    link = urljoin(base, url.strip()) if url else ""
    key = (key or link or title).strip()
    if not key or not (link or title):
        return None
    return FeedItem(key=key, url=link, title=title, summary=summary, published=when)


def _json_rss(channel: dict[str, Any], base: str) -> list[FeedItem]:
    """Read RSS 2.0 rendered as JSON (the {"rss": {"channel": {"item": [...]}}} shape)."""
    entries = channel.get("item") or []
    entries = entries if isinstance(entries, list) else [entries]
    items = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        guid = entry.get("guid")
        item = _item(
            key=str(guid.get("#value", "")) if isinstance(guid, dict) else guid,
            url=entry.get("link"),
            title=_plain(entry.get("title")),
            summary=_plain(entry.get("description")),
            when=_rfc822(entry.get("pubDate")),
            base=base,
        )
        if item is not None:
            items.append(item)
    return items


def _json_feed(body: bytes, base: str) -> list[FeedItem]:
    try:
        # strict=False: real feeds carry raw control characters inside strings.
        document = json.loads(body, strict=False)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FeedError(f"not valid JSON: {error}") from error
    if isinstance(document, dict) and isinstance(document.get("rss"), dict):
        return _json_rss(document["rss"].get("channel") or {}, base)
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedError("JSON without a feed's items list")
    items = []
    for entry in document["items"]:
        if not isinstance(entry, dict):
            continue
        summary = entry.get("summary") or entry.get("content_text") or entry.get("content_html")
        item = _item(
            key=str(entry["id"]) if entry.get("id") is not None else None,
            url=entry.get("url") or entry.get("external_url"),
            title=_plain(entry.get("title")),
            summary=_plain(summary if isinstance(summary, str) else None),
            when=_iso(entry.get("date_published")) or _iso(entry.get("date_modified")),
            base=base,
        )
        if item is not None:
            items.append(item)
    return items


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> list[FeedItem]:
    """Return the items of a feed document, or raise FeedError saying why it is not one."""
    start = body.lstrip()[:1]
    if "json" in content_type or start in (b"{", b"["):
        return _json_feed(body, url)
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if not parsed.entries:
        if parsed.get("bozo"):
            raise FeedError(f"unreadable feed: {parsed.get('bozo_exception')}")
        if not parsed.get("version"):
            raise FeedError("not an RSS, Atom or JSON feed")
        return []
    if parsed.get("bozo"):
        # Many real feeds are slightly broken; keep what the lenient parser recovered.
        log.info("feed url=%s is malformed but readable: %s", url, parsed.get("bozo_exception"))
    items = []
    for entry in parsed.entries:
        summary = entry.get("summary") or ""
        if not summary and entry.get("content"):
            summary = entry["content"][0].get("value", "")
        item = _item(
            key=entry.get("id"),
            url=entry.get("link"),
            title=_plain(entry.get("title")),
            summary=_plain(summary),
            when=_when(entry.get("published_parsed") or entry.get("updated_parsed")),
            base=url,
        )
        if item is not None:
            items.append(item)
    return items


def fill_template(template: str, query: str) -> str:
    """Return a search-feed URL with the query filled in ("…?q={query}")."""
    return template.replace("{query}", quote_plus(query))


def is_template(url: str) -> bool:
    """Return True for a search-feed template, a feed URL with a {query} placeholder."""
    return "{query}" in url
