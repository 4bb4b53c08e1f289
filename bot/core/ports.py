"""What the core needs from the outside world; the parts under bot/ implement these."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from bot.core.model import Article, ChatMessage, Comment, Discussion, Facts, Page, Report, Summary


class Fetcher(Protocol):
    async def fetch(self, url: str) -> Page:
        """Fetch a page, or raise FetchError with a user-facing message."""
        ...


class Extractor(Protocol):
    def extract(self, html: str, *, url: str | None = None) -> Article:
        """Read the article out of a page, or raise ExtractionError when it holds none."""
        ...

    def from_text(self, text: str, *, url: str | None = None) -> Article:
        """Wrap plain article text as an article (language detected, nothing stripped)."""
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
    def extract(self, text: str, *, published: date | None = None) -> Facts:
        """Find actors, places, dates, figures and attribution in article text."""
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
