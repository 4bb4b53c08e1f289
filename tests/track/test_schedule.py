"""The tracker's recurring jobs as APScheduler holds them, run by hand rather than by waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from bot.track import Tracker, TrackingSchedule


class Chores:
    """What the jobs call, counted; one of them fails as a database might."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def poll_due(self) -> int:
        self.calls.append("poll")
        return 0

    async def deliver(self) -> int:
        self.calls.append("deliver")
        return 0

    async def send_digests(self) -> int:
        self.calls.append("digest")
        raise RuntimeError("database is locked")

    async def housekeep(self) -> int:
        self.calls.append("tracking tables")
        return 4

    async def prune_cache(self) -> int:
        self.calls.append("article cache")
        return 2


async def test_jobs_are_scheduled_and_a_failing_one_is_logged_not_raised(caplog: Any) -> None:
    chores = Chores()
    schedule = TrackingSchedule(
        cast(Tracker, chores),
        poll_interval=900,
        digest_hour=8,
        housekeeping=[chores.prune_cache],
    )
    schedule.start()
    try:
        started = datetime.now(UTC)
        next_run, housekeep = schedule.job("housekeeping")
        assert next_run is not None
        assert timedelta(seconds=50) < next_run - started < timedelta(seconds=70)
        digest_at, digest = schedule.job("digest")
        assert digest_at is not None
        assert (digest_at.hour, digest_at.minute) == (8, 0)
        await housekeep()
        await digest()
    finally:
        schedule.shutdown()
    # Polling and delivery start at once and may have run meanwhile; the rest ran by hand.
    ran = [call for call in chores.calls if call not in {"poll", "deliver"}]
    assert ran == ["tracking tables", "article cache", "digest"]
    assert "scheduled job digest failed" in caplog.text
