"""APScheduler jobs that drive the tracker: polls, alert delivery, the daily digest, and the
daily housekeeping that keeps the database from growing for ever."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.track.tracker import Tracker

log = logging.getLogger(__name__)

_MAX_TICK: Final = 30.0  # seconds: how late a due source may be picked up
_DELIVERY_TICK: Final = 2.0
_HOUSEKEEPING: Final = timedelta(days=1)
_FIRST_HOUSEKEEPING: Final = timedelta(minutes=1)  # after start-up, once the rest is running


def _guarded(name: str, job: Callable[[], Awaitable[int]]) -> Callable[[], Awaitable[None]]:
    """Wrap a job so that one failure is logged and the next run still happens."""

    async def run() -> None:
        try:
            done = await job()
        except asyncio.CancelledError:
            # Shutting down cancels the job's own task, which nothing awaits: ending it quietly
            # keeps a traceback per job out of the log. Its state is in the database.
            log.info("scheduled job %s stopped by the shutdown", name)
            return
        except Exception:
            log.exception("scheduled job %s failed; it runs again at its next time", name)
            return
        if done:
            log.debug("scheduled job %s handled %d", name, done)

    return run


class TrackingSchedule:
    """Start and stop the tracker's recurring jobs; every job's state lives in the database."""

    def __init__(
        self,
        tracker: Tracker,
        *,
        poll_interval: float,
        digest_hour: int,
        housekeeping: Sequence[Callable[[], Awaitable[int]]] = (),
    ) -> None:
        self._tracker = tracker
        self._scheduler = AsyncIOScheduler(timezone=UTC)
        tick = max(1.0, min(poll_interval / 2, _MAX_TICK))
        common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
        self._scheduler.add_job(
            _guarded("poll", tracker.poll_due),
            IntervalTrigger(seconds=tick),
            id="poll",
            next_run_time=datetime.now(UTC),
            **common,
        )
        self._scheduler.add_job(
            _guarded("deliver", tracker.deliver),
            IntervalTrigger(seconds=min(tick, _DELIVERY_TICK)),
            id="deliver",
            next_run_time=datetime.now(UTC),
            **common,
        )
        self._scheduler.add_job(
            _guarded("digest", tracker.send_digests),
            CronTrigger(hour=digest_hour, timezone=UTC),
            id="digest",
            **common,
        )
        chores = (tracker.housekeep, *housekeeping)

        async def housekeep() -> int:
            return sum([await chore() for chore in chores])

        self._scheduler.add_job(
            _guarded("housekeeping", housekeep),
            IntervalTrigger(seconds=_HOUSEKEEPING.total_seconds()),
            id="housekeeping",
            next_run_time=datetime.now(UTC) + _FIRST_HOUSEKEEPING,
            **common,
        )

    @property
    def running(self) -> bool:
        return bool(self._scheduler.running)

    def job(self, name: str) -> tuple[datetime | None, Callable[[], Awaitable[None]]]:
        """Return a job's next run time (None before start) and the function it runs."""
        found = self._scheduler.get_job(name)
        if found is None:
            raise KeyError(name)
        return getattr(found, "next_run_time", None), found.func

    def start(self) -> None:
        self._scheduler.start()
        log.info("tracking jobs started: %s", [job.id for job in self._scheduler.get_jobs()])

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
