"""Prometheus metrics for one running Tidings, in a registry of its own."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Final, get_args

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)

from bot.core.errors import FailureReason
from bot.core.ports import SummaryOutcome

log = logging.getLogger(__name__)

CONTENT_TYPE: Final = CONTENT_TYPE_LATEST
# A poll is one conditional GET of a feed, sometimes with articles read: from a 304 in tens of
# milliseconds to a minute of slow pages.
_POLL_BUCKETS: Final = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    """Count what Tidings does, for /metrics; an Observer and a TrackingObserver."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self._summaries = Counter(
            "tidings_summaries",
            "Article summaries asked for, by outcome (ok, refused, error).",
            ["outcome"],
            registry=registry,
        )
        self._fetch_failures = Counter(
            "tidings_fetch_failures",
            "Links that could not be read, by reason.",
            ["reason"],
            registry=registry,
        )
        self._alerts = Counter(
            "tidings_alerts_sent",
            "Follow-up alerts delivered to rooms, by mode (immediate or digest).",
            ["mode"],
            registry=registry,
        )
        self._dropped = Counter(
            "tidings_alerts_dropped",
            "Follow-up alerts given up on after delivery failed too many times.",
            registry=registry,
        )
        self._polls = Histogram(
            "tidings_poll_duration_seconds",
            "Time taken by one poll of one news source.",
            buckets=_POLL_BUCKETS,
            registry=registry,
        )
        self._queue = Gauge(
            "tidings_outbox_queue_depth",
            "Alerts waiting in the outbox, read when scraped.",
            registry=registry,
        )
        self._failing = Gauge(
            "tidings_sources_failing",
            "News sources whose last poll failed, read when scraped.",
            registry=registry,
        )
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        # Every series exists from the start, so that rates and alerts see a zero, not a gap.
        for outcome in get_args(SummaryOutcome):
            self._summaries.labels(outcome)
        for reason in FailureReason:
            self._fetch_failures.labels(reason.value)
        for mode in ("immediate", "digest"):
            self._alerts.labels(mode)

    def summarised(self, outcome: SummaryOutcome) -> None:
        self._summaries.labels(outcome).inc()

    def fetch_failed(self, reason: str) -> None:
        self._fetch_failures.labels(reason).inc()

    def polled(self, seconds: float) -> None:
        self._polls.observe(seconds)

    def alert_sent(self, *, digest: bool) -> None:
        self._alerts.labels("digest" if digest else "immediate").inc()

    def alert_dropped(self) -> None:
        self._dropped.inc()

    async def render(
        self,
        *,
        queue_depth: Callable[[], Awaitable[int]] | None = None,
        failing_sources: Callable[[], Awaitable[int]] | None = None,
    ) -> bytes:
        """Return the metrics in the Prometheus text format, reading the database's counts first."""
        readings = (
            (self._queue, queue_depth, "the outbox queue depth"),
            (self._failing, failing_sources, "the failing sources"),
        )
        for gauge, read, what in readings:
            if read is None:
                continue
            try:
                gauge.set(await read())
            except Exception as error:  # a scrape must not fail because the database did
                log.warning("cannot read %s: %s", what, error)
                gauge.set(float("nan"))
        return generate_latest(self.registry)
