"""Pace the messages sent to each channel so a burst waits its turn instead of being refused."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Final

_SWEEP_EVERY: Final = 256


def _monotonic() -> float:
    # Looked up on each call (not bound at import) so a patched clock in tests applies.
    return time.monotonic()


class ChannelPacer:
    """Let at most `burst` messages into a channel per `window` seconds, first come first served."""

    # Discord answers a too-fast sender with 429 and discord.py waits and retries; pacing here
    # spreads a burst out ahead of that. Each send books the next free slot when it asks, so
    # sends keep their order and one busy channel never holds up another.

    def __init__(
        self,
        *,
        burst: int = 5,
        window: float = 5.0,
        clock: Callable[[], float] = _monotonic,
        sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
    ) -> None:
        if burst < 1 or window < 0:
            raise ValueError("burst must be at least 1 and window not negative")
        self._burst = burst
        self._window = window
        self._clock = clock
        self._sleep = sleep
        self._slots: dict[int, deque[float]] = {}
        self._bookings = 0

    def reserve(self, channel_id: int) -> float:
        """Book the channel's next free slot and return how many seconds away it is."""
        now = self._clock()
        slots = self._slots.setdefault(channel_id, deque(maxlen=self._burst))
        # The burst-th latest booking opens a window; the next send fits once it has passed.
        at = now if len(slots) < self._burst else max(now, slots[0] + self._window)
        slots.append(at)
        self._bookings += 1
        if self._bookings % _SWEEP_EVERY == 0:
            self._sweep(now)
        return at - now

    async def wait(self, channel_id: int) -> None:
        """Wait for the channel's next free slot."""
        delay = self.reserve(channel_id)
        if delay > 0:
            await self._sleep(delay)

    def _sweep(self, now: float) -> None:
        idle = [key for key, slots in self._slots.items() if slots[-1] <= now - self._window]
        for key in idle:
            del self._slots[key]

    def __len__(self) -> int:
        return len(self._slots)
