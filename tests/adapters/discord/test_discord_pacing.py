"""Per-channel pacing: a burst waits its turn, in order, and other channels are not held up."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.discord._pacing import ChannelPacer


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def test_a_burst_gets_later_slots_and_none_is_dropped(clock):
    pacer = ChannelPacer(burst=5, window=5.0, clock=clock)

    delays = [pacer.reserve(1) for _ in range(12)]

    assert delays == [0.0] * 5 + [5.0] * 5 + [10.0] * 2


def test_a_busy_channel_does_not_hold_up_another(clock):
    pacer = ChannelPacer(burst=2, window=10.0, clock=clock)
    assert [pacer.reserve(1) for _ in range(3)] == [0.0, 0.0, 10.0]
    assert pacer.reserve(2) == 0.0


def test_the_window_slides_with_time(clock):
    pacer = ChannelPacer(burst=2, window=10.0, clock=clock)
    assert [pacer.reserve(1) for _ in range(2)] == [0.0, 0.0]
    clock.now = 4.0
    assert pacer.reserve(1) == 6.0  # opens at 10, when the first send leaves the window
    clock.now = 30.0
    assert [pacer.reserve(1) for _ in range(3)] == [0.0, 0.0, 10.0]


def test_sends_spread_out_in_time_need_no_wait(clock):
    pacer = ChannelPacer(burst=1, window=1.0, clock=clock)
    delays = []
    for _ in range(3):
        delays.append(pacer.reserve(7))
        clock.now += 1.5
    assert delays == [0.0, 0.0, 0.0]


def test_idle_channels_are_forgotten(clock):
    pacer = ChannelPacer(burst=5, window=1.0, clock=clock)
    for channel in range(300):
        pacer.reserve(channel)
    clock.now = 10.0
    for _ in range(256):
        pacer.reserve(999)
    assert len(pacer) < 10


async def test_waiting_sends_go_out_in_order_and_not_before_their_slot():
    pacer = ChannelPacer(burst=2, window=0.05)
    loop = asyncio.get_running_loop()
    start = loop.time()
    sent: list[tuple[int, float]] = []

    async def send(index: int) -> None:
        await pacer.wait(1)
        sent.append((index, loop.time() - start))

    for index in range(5):
        await send(index)

    assert [index for index, _ in sent] == [0, 1, 2, 3, 4]
    assert sent[2][1] >= 0.05
    assert sent[4][1] >= 0.10


def test_pacing_needs_a_sensible_rate():
    with pytest.raises(ValueError, match="burst"):
        ChannelPacer(burst=0)
    with pytest.raises(ValueError, match="window"):
        ChannelPacer(window=-1)
