"""Read news feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) into plain items."""

from __future__ import annotations

import calendar
import html
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from html.entities import name2codepoint
from typing import Any, Final
from urllib.parse import quote, quote_plus, urljoin, urlsplit

import feedparser
from feedparser.datetimes import _parse_date as _feedparser_date
from lxml import etree

from bot.fetch.decoding import codec_for
from bot.text import shorten

log = logging.getLogger(__name__)

ACCEPT: Final = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
_MAX_TITLE: Final = 300
_MAX_SUMMARY: Final = 2000
_MAX_CONTENT: Final = 20_000
# Longer markup is cut before cleaning, so one huge inline image cannot stall a poll.
_MAX_MARKUP: Final = 50_000
# feedparser's lenient parser takes 30-90 µs a tag; past this many, libxml2 recovers instead.
_LENIENT_TAGS: Final = 10_000
# A title made up from an untitled item's text stays short, like a headline.
_MADE_TITLE: Final = 120
# Placeholder dates such as 1 January 1970 say nothing about when a story appeared.
_OLDEST_YEAR: Final = 1971

_ATOM: Final = "{http://www.w3.org/2005/Atom}"
_RDF: Final = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_RSS1: Final = ("{http://purl.org/rss/1.0/}", "{http://my.netscape.com/rdf/simple/0.9/}")
_CONTENT: Final = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_DATE: Final = "{http://purl.org/dc/elements/1.1/}date"
_SY: Final = "{http://purl.org/rss/1.0/modules/syndication/}"
_PERIODS: Final = {
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
    "monthly": timedelta(days=30),
    "yearly": timedelta(days=365),
}

_BOMS: Final = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_DECLARED: Final = re.compile(rb"\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)")
_HEADER_CHARSET: Final = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.I)
_PROLOG: Final = re.compile(r"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)", re.S)
_HTML_DOCTYPE: Final = re.compile(r"\s*<!DOCTYPE\s+html", re.I)
_ROOT_NAME: Final = re.compile(r"<([A-Za-z_][\w:.-]*)")
_NOT_XML: Final = "".join(map(chr, (*range(9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF)))
_DELETE_NOT_XML: Final = dict.fromkeys(map(ord, _NOT_XML))
_BARE_AMPERSAND: Final = re.compile(
    r"&(?!#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)"
)
_NAMED_REFERENCE: Final = re.compile(r"&(?!(?:amp|lt|gt|quot|apos);)([A-Za-z][A-Za-z0-9]{0,31});")
_NUMERIC_REFERENCE: Final = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")
_LXML_POSITION: Final = re.compile(r",? line \d+, column \d+$")
_FEED_LINK: Final = re.compile(r"<link\b[^>]*>", re.I)
_ATTRIBUTE: Final = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")

_HIDDEN: Final = re.compile(r"<(?:(script|style|noscript|template)\b|!--)", re.I)
_INLINE_TAG: Final = re.compile(
    r"</?(?:[\w.-]+:)?(?:a|abbr|b|bdi|bdo|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp"
    r"|small|span|strong|sub|sup|time|u|var|wbr)\b[^<>]*>",
    re.I,
)
_TAG: Final = re.compile(r"</?[A-Za-z][^<>]*>|<![^<>]*>")
# Invisible characters, and the replacement character left where bytes were undecodable.
_INVISIBLE: Final = "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffd"
_DELETE_INVISIBLE: Final = dict.fromkeys(map(ord, _INVISIBLE))
_WORDPRESS_FOOTER: Final = re.compile(r"The post .{1,400}? appeared first on .{1,200}?\.?$")
_MORE: Final = ("[…]", "[...]")

_ZONE_NAME: Final = re.compile(r"\s([A-Za-z]{3,4})$")
# Zones that email.utils does not know; ambiguous names (IST, CST in Asia) stay unknown.
_ZONES: Final = {
    "CET": "+0100",
    "CEST": "+0200",
    "MET": "+0100",
    "MEST": "+0200",
    "BST": "+0100",
    "WET": "+0000",
    "WEST": "+0100",
    "EET": "+0200",
    "EEST": "+0300",
    "MSK": "+0300",
    "SAST": "+0200",
    "EAT": "+0300",
    "WAT": "+0100",
    "PKT": "+0500",
    "ICT": "+0700",
    "WIB": "+0700",
    "HKT": "+0800",
    "SGT": "+0800",
    "AWST": "+0800",
    "JST": "+0900",
    "KST": "+0900",
    "ACST": "+0930",
    "AEST": "+1000",
    "AEDT": "+1100",
    "NZST": "+1200",
    "NZDT": "+1300",
    "HST": "-1000",
    "AKST": "-0900",
    "AKDT": "-0800",
}
_SLASHED: Final = re.compile(
    r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?: ?(?:Z|UTC|GMT))?"
)
_DELETE_BREAKS: Final = dict.fromkeys(map(ord, "\t\r\n"))
_ABSOLUTE: Final = re.compile(r"https?://", re.I)
_PLACEHOLDER: Final = re.compile(r"\{query\}|%7Bquery%7D", re.I)


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
    # The whole story as plain text, when the feed carries it beside the teaser (RSS
    # content:encoded, Atom content, JSON Feed content): matched, not shown.
    content: str = ""


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed's items, and how long it asks readers to wait between polls (when it says)."""

    items: list[FeedItem]
    refresh: timedelta | None = None


@dataclass(frozen=True, slots=True)
class _Entry:
    """The raw fields of one feed entry, as the document holds them."""

    key: str | None
    link: str | None
    title: str | None
    summary: str | None
    date: str | None
    source: str | None = None
    content: str | None = None  # full text given beside a separate summary


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> Feed:
    """Return what a feed document holds, or raise FeedError saying why it is not one."""
    text = _decode(body, content_type)
    rest, html_doctype = _skip_prolog(text)
    start = rest.lstrip()[:1]
    if not start:
        raise FeedError("the document is empty")
    if start in "{[":
        entries, refresh = _read_json(text)
    elif start != "<":
        raise FeedError(_not_markup(body))
    else:
        root = _ROOT_NAME.match(rest.lstrip())
        if html_doctype or (root is not None and root.group(1).lower() == "html"):
            raise FeedError(_html_page(text, url))
        entries, refresh = _read_markup(rest, url, root.group(1) if root else "?")
    items: list[FeedItem] = []
    seen: set[str] = set()
    for entry in entries:
        item = _item(entry, url)
        # A feed that lists one story twice (often an update) keeps its first version.
        if item is not None and item.key not in seen:
            seen.add(item.key)
            items.append(item)
    return Feed(items, refresh)


def fill_template(template: str, query: str) -> str:
    """Return a search-feed URL with the query filled in ("…?q={query}")."""
    query = " ".join(query.split())
    pieces = _PLACEHOLDER.split(template)
    filled = [pieces[0]]
    for piece in pieces[1:]:
        before = "".join(filled)
        # A query string reads "+" as a space; a path needs %20 and an escaped "/".
        in_query = "?" in before or "#" in before
        filled.append(quote_plus(query) if in_query else quote(query, safe=""))
        filled.append(piece)
    return "".join(filled)


def is_template(url: str) -> bool:
    """Return True for a search-feed template, a feed URL with a {query} placeholder."""
    return _PLACEHOLDER.search(url) is not None


def _decode(body: bytes, content_type: str) -> str:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    if body[:2] == b"<\x00":
        return body.decode("utf-16-le", "replace")
    if body[:2] == b"\x00<":
        return body.decode("utf-16-be", "replace")
    try:
        # Text that is valid UTF-8 is UTF-8 whatever the prolog claims: other encodings
        # almost never form valid multi-byte sequences by chance.
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = body.decode("utf-8", "replace")
    # Mostly valid UTF-8 with a stray byte (an excerpt cut mid-character) is still UTF-8.
    if len(body) - len(text) > text.count("\ufffd"):
        return text
    declared = _DECLARED.match(body)
    header = _HEADER_CHARSET.search(content_type)
    labels = (declared.group(1).decode("ascii") if declared else None, header and header[1])
    candidates = [codec for codec in map(_codec, labels) if codec]
    for codec in candidates:
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            continue
    return body.decode(candidates[0] if candidates else "cp1252", "replace")


def _codec(label: str | None) -> str | None:
    """Return the codec for a declared charset, read as browsers do; None for UTF-8/16/32
    (handled before) and for labels that name no text encoding ("base64")."""
    codec = codec_for(label)
    if codec is None or codec.replace("-", "_").startswith(("utf_8", "utf_16", "utf_32")):
        return None
    return codec


def _skip_prolog(text: str) -> tuple[str, bool]:
    """Return the text from its root element on (line count kept) and whether it is HTML."""
    kept: list[str] = []
    position = 0
    html_doctype = False
    while (match := _PROLOG.match(text, position)) is not None and match.end() > position:
        html_doctype = html_doctype or bool(_HTML_DOCTYPE.match(match.group()))
        # Keep the line breaks so parser errors point at the document's own lines.
        kept.append("\n" * match.group().count("\n"))
        position = match.end()
    return "".join(kept) + text[position:], html_doctype


def _not_markup(body: bytes) -> str:
    if body.startswith(b"\x1f\x8b"):
        return "gzip-compressed data, not a feed"
    sample = body[:512]
    if sum(byte < 9 or 13 < byte < 32 for byte in sample) > len(sample) // 20:
        return "binary data, not a feed"
    return "plain text, not a feed"


def _html_page(text: str, url: str) -> str:
    for tag in _FEED_LINK.findall(text[:200_000]):
        attributes = {
            name.lower(): next(v for v in values if v) if any(values) else ""
            for name, *values in _ATTRIBUTE.findall(tag)
        }
        kind = attributes.get("type", "").lower()
        if "alternate" in attributes.get("rel", "").lower().split() and (
            "rss" in kind or "atom" in kind or "feed+json" in kind
        ):
            href = _join(url, html.unescape(attributes.get("href", "")))
            return f"an HTML page, not a feed; the page names its feed: {href}"
    return "an HTML page, not a feed"


# What a reader found in a document: its entries, and the polling hint it gives.
_Read = tuple[list[_Entry], timedelta | None]


def _read_markup(text: str, url: str, root_name: str) -> _Read:
    if any(character in text for character in _NOT_XML):
        text = text.translate(_DELETE_NOT_XML)
    cleaned = _NAMED_REFERENCE.sub(_entity, _BARE_AMPERSAND.sub("&amp;", text))
    try:
        entries = _read_xml(cleaned, url, recover=False)
    except etree.XMLSyntaxError as error:
        reason = _LXML_POSITION.sub("", str(error.msg or "not well-formed"))
        problem = f"broken XML at line {error.lineno}: {reason}"
    except ValueError as error:
        problem = f"broken XML: {error}"
    else:
        if entries is not None:
            return entries
        problem = f"an XML document but not a feed (<{root_name}>)"
    # References to characters XML forbids trip up the lenient parsers too.
    cleaned = _NUMERIC_REFERENCE.sub(_character, cleaned)
    if cleaned.count("<") <= _LENIENT_TAGS:
        return _read_loose(cleaned, url, problem)
    return _read_recovered(cleaned, url, problem)


def _entity(match: re.Match[str]) -> str:
    """Return a reference XML can read: feeds use HTML's entity names, and made-up ones."""
    name = match.group(1)
    if name in name2codepoint:
        return f"&#{name2codepoint[name]};"
    return f"&amp;{name};"


def _character(match: re.Match[str]) -> str:
    decimal, hexadecimal = match.groups()
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return match.group() if _xml_char(code) else ""


def _xml_char(code: int) -> bool:
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _read_xml(text: str, url: str, *, recover: bool) -> _Read | None:
    """Read an RSS, RDF or Atom document; None for another kind of XML."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        recover=recover,
    )
    root = etree.fromstring(text, parser, base_url=url or None)
    if root is None:
        return None
    if root.tag == "rss":
        return [_rss_entry(item) for item in root.iter("item")], _xml_refresh(root.find("channel"))
    if root.tag == f"{_RDF}RDF":
        for namespace in _RSS1:
            items = list(root.iter(f"{namespace}item"))
            if items:
                channel = root.find(f"{namespace}channel")
                return [_rdf_entry(item, namespace) for item in items], _xml_refresh(channel)
        return [], None
    if root.tag == f"{_ATOM}feed":
        return [_atom_entry(entry) for entry in root.iter(f"{_ATOM}entry")], _xml_refresh(root)
    return None


def _xml_refresh(channel: Any) -> timedelta | None:
    if channel is None:
        return None
    return _refresh(
        channel.findtext("ttl"),
        channel.findtext(f"{_SY}updatePeriod"),
        channel.findtext(f"{_SY}updateFrequency"),
    )


def _refresh(ttl: Any, period: Any, frequency: Any) -> timedelta | None:
    """Return the longest wait a feed asks for: RSS <ttl> (minutes) or sy:updatePeriod/Frequency."""
    hints = []
    if (minutes := _count(ttl)) is not None:
        hints.append(timedelta(minutes=minutes))
    if isinstance(period, str) and (length := _PERIODS.get(period.strip().lower())):
        hints.append(length / (_count(frequency) or 1))
    return max(hints, default=None)


def _count(value: Any) -> int | None:
    """Return a small positive whole number written in a feed, else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return int(value) if value.isdigit() and 0 < len(value) <= 6 and int(value) > 0 else None


def _read_recovered(text: str, url: str, problem: str) -> _Read:
    """Read a large broken document with libxml2's recovery, which stays fast on any input."""
    try:
        read = _read_xml(text, url, recover=True)
    except (etree.XMLSyntaxError, ValueError):
        read = None
    if read is None or not read[0]:
        raise FeedError(f"{problem}; no items could be read from it")
    log.info("feed url=%s is malformed but readable: %s", url, problem)
    return read


def _rss_entry(item: Any) -> _Entry:
    fields = _children(item)
    guid = fields.get("guid")
    key = _text(guid)
    link = _joined(fields.get("link")) or _atom_link(item)
    permalink = guid is not None and guid.get("isPermaLink", "true").strip().lower() != "false"
    if not link and permalink and _is_web(key):
        link = key
    summary, content = _teaser_and_text(_text(fields.get("description")), fields.get(_CONTENT))
    return _Entry(
        key=key,
        link=link,
        title=_text(fields.get("title")),
        summary=summary,
        date=_text(fields.get("pubDate")) or _text(fields.get(_DC_DATE)),
        source=_text(fields.get("source")),
        content=content,
    )


def _teaser_and_text(summary: str | None, content: Any) -> tuple[str | None, str | None]:
    """Return (summary, full text): the full text stands in for a missing summary."""
    text = content if content is None or isinstance(content, str) else _text(content)
    if not summary:
        return text, None
    # The lenient parser copies the full text into a missing summary.
    return summary, text if text != summary else None


def _rdf_entry(item: Any, namespace: str) -> _Entry:
    fields = _children(item)
    summary, content = _teaser_and_text(
        _text(fields.get(f"{namespace}description")), fields.get(_CONTENT)
    )
    return _Entry(
        key=item.get(f"{_RDF}about") or None,
        link=_joined(fields.get(f"{namespace}link")),
        title=_text(fields.get(f"{namespace}title")),
        summary=summary,
        date=_text(fields.get(_DC_DATE)),
        content=content,
    )


def _children(element: Any) -> dict[str, Any]:
    """Return an element's children by tag, the first of each (one pass, not one per field)."""
    children: dict[str, Any] = {}
    for child in element:
        if isinstance(child.tag, str):
            children.setdefault(child.tag, child)
    return children


def _atom_entry(entry: Any) -> _Entry:
    key = _text(entry.find(f"{_ATOM}id"))
    link = _atom_link(entry)
    if not link and _is_web(key):
        link = key
    summary, content = _teaser_and_text(
        _text(entry.find(f"{_ATOM}summary")), entry.find(f"{_ATOM}content")
    )
    return _Entry(
        key=key,
        link=link,
        title=_text(entry.find(f"{_ATOM}title")),
        summary=summary,
        date=_text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated")),
        content=content,
    )


def _atom_link(element: Any) -> str | None:
    for link in element.iterfind(f"{_ATOM}link"):
        href = link.get("href")
        if (link.get("rel") or "alternate").strip() == "alternate" and href and href.strip():
            return _join(link.base, str(href))
    return None


def _joined(element: Any) -> str | None:
    value = _text(element)
    return _join(element.base, value) if value and value.strip() else None


def _text(element: Any) -> str | None:
    """Return an element's content as markup: its text, or its children serialised."""
    if element is None:
        return None
    if len(element) == 0:
        return str(element.text or "") or None
    parts = [element.text or ""]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(parts) or None


def _read_loose(text: str, url: str, problem: str) -> _Read:
    """Read a broken or unusual document with feedparser's lenient parser."""
    document = b'<?xml version="1.0" encoding="utf-8"?>' + text.encode("utf-8", "replace")
    try:
        parsed = feedparser.parse(
            document,
            response_headers={
                "content-location": url,
                "content-type": "application/xml; charset=utf-8",
            },
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:
        # The lenient parser has its own bugs on mangled markup; a poll must not die of them.
        log.warning("feed url=%s broke the lenient parser: %r", url, error)
        raise FeedError(f"{problem}; the document could not be read at all") from error
    if not parsed.entries:
        if parsed.get("bozo") or not parsed.get("version"):
            raise FeedError(f"{problem}; no items could be read from it")
        return [], None
    # Many real feeds are slightly broken; keep what the lenient parser recovered.
    log.info("feed url=%s is malformed but readable: %s", url, problem)
    head = parsed.get("feed") or {}
    refresh = _refresh(head.get("ttl"), head.get("sy_updateperiod"), head.get("sy_updatefrequency"))
    return [_loose_entry(entry) for entry in parsed.entries], refresh


def _loose_entry(entry: Any) -> _Entry:
    key = _string(entry.get("id"))
    link = _string(entry.get("link"))
    if entry.get("guidislink") and not _is_web(key):
        link = None
    full = entry.get("content")
    summary, content = _teaser_and_text(
        _string(entry.get("summary")), _string(full[0].get("value")) if full else None
    )
    source = entry.get("source")
    return _Entry(
        key=key,
        link=link,
        title=_string(entry.get("title")),
        summary=summary,
        date=_string(entry.get("published")) or _string(entry.get("updated")),
        source=_string(source.get("title")) if isinstance(source, dict) else None,
        content=content,
    )


def _read_json(text: str) -> _Read:
    try:
        # strict=False: real feeds carry raw control characters inside strings.
        document = json.loads(text, strict=False)
    except RecursionError as error:
        raise FeedError("JSON nested too deeply to be a feed") from error
    except ValueError as error:
        raise FeedError(f"not valid JSON ({error})") from error
    if isinstance(document, dict) and isinstance(document.get("rss"), dict):
        channel = document["rss"].get("channel")
        if isinstance(channel, list):
            channel = channel[0] if channel else None
        channel = channel if isinstance(channel, dict) else {}
        return list(_json_rss(channel)), _refresh(channel.get("ttl"), None, None)
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise FeedError("JSON without a feed's items list")
    # JSON Feed has no field for how often to poll.
    return list(_json_feed(document["items"])), None


def _json_feed(entries: Iterable[Any]) -> Iterator[_Entry]:
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        summary, content = _teaser_and_text(
            _string(entry.get("summary")),
            _string(entry.get("content_text")) or _string(entry.get("content_html")),
        )
        yield _Entry(
            key=_identifier(entry.get("id")),
            link=_string(entry.get("url")) or _string(entry.get("external_url")),
            title=_string(entry.get("title")),
            summary=summary,
            date=_string(entry.get("date_published")) or _string(entry.get("date_modified")),
            content=content,
        )


def _json_rss(channel: dict[str, Any]) -> Iterator[_Entry]:
    """Read RSS 2.0 rendered as JSON (the {"rss": {"channel": {"item": [...]}}} shape)."""
    entries = channel.get("item") or []
    for entry in entries if isinstance(entries, list) else [entries]:
        if not isinstance(entry, dict):
            continue
        guid = entry.get("guid")
        yield _Entry(
            key=_identifier(guid.get("#value") if isinstance(guid, dict) else guid),
            link=_string(entry.get("link")),
            title=_string(entry.get("title")),
            summary=_string(entry.get("description")),
            date=_string(entry.get("pubDate")),
        )


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _identifier(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    return _string(value)


def _item(entry: _Entry, base: str) -> FeedItem | None:
    link = _web_url(entry.link, base)
    title = _plain(entry.title)
    source = _plain(entry.source)
    # Search feeds end each headline with " - Publisher"; the publisher is not news.
    if source and title.endswith(f" - {source}") and len(title) > len(source) + 3:
        title = title[: -len(source) - 3].rstrip()
    summary = _plain(entry.summary)
    if "appeared first on" in summary:
        summary = _WORDPRESS_FOOTER.sub("", summary).rstrip()
    if summary.endswith(_MORE):
        summary = summary[: summary.rindex("[")].rstrip()
        summary += "…" if summary[-1:].isalnum() else ""
    summary = shorten(summary, _MAX_SUMMARY)
    title = shorten(title, _MAX_TITLE) if title else shorten(summary, _MADE_TITLE)
    key = (entry.key or "").strip() or link or title
    if not key or not (link or title):
        return None
    return FeedItem(
        key=key,
        url=link,
        title=title,
        summary=summary,
        published=_date(entry.date),
        content=shorten(_WORDPRESS_FOOTER.sub("", _plain(entry.content)).rstrip(), _MAX_CONTENT),
    )


def _web_url(value: str | None, base: str) -> str:
    if not value or not value.strip():
        return ""
    joined = _join(base, value).replace(" ", "%20").translate(_DELETE_BREAKS)
    return joined if _is_web(joined) else ""


def _join(base: str | None, reference: str) -> str:
    """Return a reference made absolute; a malformed base or reference is kept as it is."""
    reference = reference.strip()
    if _ABSOLUTE.match(reference):
        return reference
    try:
        return urljoin(base or "", reference)
    except ValueError:
        return reference


def _is_web(value: str | None) -> bool:
    if not value:
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _plain(value: str | None) -> str:
    """Return markup as one line of plain text: no tags, scripts or entities."""
    if not value:
        return ""
    if len(value) > _MAX_MARKUP:
        value = value[:_MAX_MARKUP]
        if value.rfind("<") > value.rfind(">"):
            value = value[: value.rfind("<")]
    text = _TAG.sub(" ", _INLINE_TAG.sub("", _drop_hidden(value)))
    text = html.unescape(text)
    if any(character in text for character in _INVISIBLE):
        text = text.translate(_DELETE_INVISIBLE)
    return " ".join(text.split())


def _drop_hidden(markup: str) -> str:
    """Remove comments and script/style blocks (linear: an unclosed one ends the text)."""
    kept: list[str] = []
    position = 0
    while (match := _HIDDEN.search(markup, position)) is not None:
        kept.append(markup[position : match.start()])
        if match.group(1) is None:
            end = markup.find("-->", match.end())
            position = end + 3 if end >= 0 else len(markup)
        else:
            close = re.compile(rf"</{match.group(1)}\s*>", re.I).search(markup, match.end())
            position = close.end() if close else len(markup)
        kept.append(" ")
    kept.append(markup[position:])
    return "".join(kept)


def _date(value: str | None) -> datetime | None:
    """Return when an entry appeared, in UTC; zone-less times are taken as UTC."""
    if not value or not value.strip():
        return None
    value = " ".join(value.split())[:100]
    zone = _ZONE_NAME.search(value)
    if zone and zone.group(1).upper() in _ZONES:
        value = f"{value[: zone.start(1)]}{_ZONES[zone.group(1).upper()]}"
    for reader in (_rfc822, _iso, _slashed, _loose_date):
        when = reader(value)
        if when is not None:
            when = when.replace(tzinfo=UTC) if when.tzinfo is None else when
            try:
                when = when.astimezone(UTC)
            except (OverflowError, ValueError):
                return None
            return when if when.year >= _OLDEST_YEAR else None
    return None


def _rfc822(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _slashed(value: str) -> datetime | None:
    match = _SLASHED.fullmatch(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def _loose_date(value: str) -> datetime | None:
    try:
        parsed = _feedparser_date(value)
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None
    except (OverflowError, ValueError, TypeError, IndexError):
        return None
