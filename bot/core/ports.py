"""What the core needs from the outside world; the parts under bot/ implement these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal, Protocol

from bot.core.model import (
    Article,
    ChatMessage,
    Comment,
    Discussion,
    Facts,
    Followed,
    Page,
    Reply,
    Report,
    Source,
    Summary,
    TrackedActor,
)

SummaryOutcome = Literal["ok", "refused", "error"]
"""How a requested summary ended: served, refused with a user-facing reason, or failed."""


class Fetcher(Protocol):
    async def fetch(self, url: str) -> Page:
        """Fetch a page, or raise FetchError with a user-facing message."""
        ...


class Extractor(Protocol):
    def extract(self, html: str, *, url: str | None = None) -> Article:
        """Read the article out of a page, or raise ExtractionError when it holds none."""
        ...

    def from_text(self, text: str, *, url: str | None = None) -> Article:
        """Read saved page text as an article: title, byline and comment thread set apart."""
        ...


class Summarizer(Protocol):
    def summarize(self, text: str, *, language: str | None = None) -> Summary:
        """Pick the article's key sentences, in the article's order."""
        ...

    def discuss(self, comments: Sequence[Comment]) -> Discussion | None:
        """Digest a comment thread, or return None when there is nothing to digest."""
        ...

    def summarize_conversation(self, messages: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        """Return the main points of a chat conversation given as (author, text) pairs."""
        ...


class FactExtractor(Protocol):
    def extract(
        self, text: str, *, published: date | None = None, language: str | None = None
    ) -> Facts:
        """Find actors, places, dates, figures and attribution in article text; no facts for
        a language the extractor cannot read (None: assume it can)."""
        ...


class ReportCache(Protocol):
    async def get(self, url: str) -> Report | None:
        """Return the stored report for a URL, if there is a fresh one."""
        ...

    async def put(self, url: str, report: Report) -> None:
        """Store a report for a URL."""
        ...


class History(Protocol):
    async def recent(self, message: ChatMessage) -> Sequence[ChatMessage]:
        """Return the conversation before a message (its thread, or its room), oldest first."""
        ...


class Clock(Protocol):
    def now(self) -> datetime:
        """Return the current time, timezone-aware, in UTC."""
        ...


class FeedResponse(Protocol):
    """What a conditional GET of a feed returns (status 304: nothing changed)."""

    @property
    def url(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def body(self) -> bytes: ...
    @property
    def content_type(self) -> str | None: ...
    @property
    def etag(self) -> str | None: ...
    @property
    def last_modified(self) -> str | None: ...
    @property
    def max_age(self) -> int | None:
        """Seconds the answer stays fresh (Cache-Control max-age), when the server says."""
        ...


class FeedFetcher(Protocol):
    async def get(
        self,
        url: str,
        *,
        accept: str,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FeedResponse:
        """Fetch a feed with the same safety rules as articles, or raise FetchError."""
        ...


class Outbox(Protocol):
    async def send(self, room: str, replies: Sequence[Reply], *, key: str) -> None:
        """Post replies to a room ("platform:id"); `key` lets a platform drop a repeat send."""
        ...


class Tracking(Protocol):
    """The follow-up commands, as the handler sees them; rooms are "platform:id" keys."""

    async def remember(self, room: str, report: Report) -> None:
        """Note that a room was shown an article, learning its actors and aliases."""
        ...

    async def presented(self, room: str, message_id: str, url: str) -> None:
        """Note which chat message presented the article at a URL."""
        ...

    async def follow_story(self, room: str, message_id: str | None) -> list[TrackedActor]:
        """Follow the main actors of the article a message presented (else the latest one)."""
        ...

    async def follow_name(
        self, room: str, name: str, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> TrackedActor:
        """Follow one actor by any of its names."""
        ...

    async def unfollow(self, room: str, name: str) -> TrackedActor | None:
        """Stop following an actor; None when the room did not follow it."""
        ...

    async def following(self, room: str) -> list[Followed]:
        """Return what a room follows."""
        ...

    async def sources(self, room: str) -> list[Source]:
        """Return the sources polled for a room."""
        ...

    async def add_source(self, room: str, url: str) -> Source:
        """Check and add a feed or search template, or raise TidingsError saying why not."""
        ...

    async def remove_source(self, room: str, url: str) -> bool:
        """Remove a source the room added; False when it had not."""
        ...

    async def alert_settings(self, room: str) -> tuple[str, int]:
        """Return how a room gets follow-ups: its mode and its hourly limit."""
        ...

    async def set_alerts(
        self, room: str, *, mode: str | None = None, limit: int | None = None
    ) -> tuple[str, int]:
        """Choose immediate alerts or a daily digest, and how many alerts an hour before the
        rest wait for the digest (None keeps a setting); return the room's settings now."""
        ...


class Observer(Protocol):
    """What the article pipeline reports as it works, for metrics; it must not block."""

    def summarised(self, outcome: SummaryOutcome) -> None:
        """Count one summary a user asked for, by how it ended."""
        ...

    def fetch_failed(self, reason: str) -> None:
        """Count one link that could not be read, by its FailureReason value."""
        ...


class TrackingObserver(Protocol):
    """What follow-up tracking reports as it works, for metrics; it must not block."""

    def polled(self, seconds: float) -> None:
        """Record how long one poll of one source took."""
        ...

    def alert_sent(self, *, digest: bool) -> None:
        """Count one alert delivered to a room, alone or in a digest."""
        ...

    def alert_dropped(self) -> None:
        """Count one alert given up on after its delivery failed too many times."""
        ...
