"""Turn a link, a saved page or plain text into a report: the article pipeline."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime

from bot.core.errors import ExtractionError, FailureReason, TidingsError
from bot.core.model import Article, Report
from bot.core.ports import Extractor, FactExtractor, Fetcher, Observer, ReportCache, Summarizer

log = logging.getLogger(__name__)


class Reader:
    """Read articles and build reports; parsing and ranking run off the event loop."""

    def __init__(
        self,
        *,
        fetcher: Fetcher,
        extractor: Extractor,
        summarizer: Summarizer,
        facts: FactExtractor,
        cache: ReportCache | None = None,
        today: Callable[[], date] = lambda: datetime.now(UTC).date(),
        observer: Observer | None = None,
    ) -> None:
        self._today = today
        self._observer = observer
        self._fetcher = fetcher
        self._extractor = extractor
        self._summarizer = summarizer
        self._facts = facts
        self._cache = cache

    async def read_url(self, url: str) -> Report:
        """Fetch, read and summarise a link, using the cache when it holds a fresh report."""
        if self._cache is not None and (cached := await self._cache.get(url)) is not None:
            log.debug("report cache hit url=%s", url)
            return cached
        try:
            page = await self._fetcher.fetch(url)
            report = await self.read_html(page.text, url=page.url)
        except TidingsError as error:
            if self._observer is not None:
                self._observer.fetch_failed(error.reason.value)
            raise
        if self._cache is not None:
            await self._cache.put(url, report)
        return report

    async def read_html(self, html: str, *, url: str | None = None) -> Report:
        """Read a page that is already at hand."""
        return await asyncio.to_thread(self._report_from_html, html, url)

    async def read_text(self, text: str, *, url: str | None = None) -> Report:
        """Summarise plain article text as it is."""
        return await asyncio.to_thread(self._report_from_text, text, url)

    def _report_from_html(self, html: str, url: str | None) -> Report:
        return self._report(self._extractor.extract(html, url=url))

    def _report_from_text(self, text: str, url: str | None) -> Report:
        if not text.strip():
            raise ExtractionError(FailureReason.EMPTY, "That text is empty.")
        return self._report(self._extractor.from_text(text, url=url))

    def _report(self, article: Article) -> Report:
        summary = self._summarizer.summarize(article.text, language=article.language)
        # Without a publication date, "on October 6" is the latest October 6 before today.
        facts = self._facts.extract(
            article.text,
            published=article.published or self._today(),
            language=article.language,
        )
        discussion = self._summarizer.discuss(article.comments) if article.comments else None
        return Report(article=article, summary=summary, facts=facts, discussion=discussion)
