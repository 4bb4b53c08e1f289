"""Two Tidings instances on one PostgreSQL database: each story still reaches a room once."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Sequence
from contextlib import AsyncExitStack
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.core.model import Reply
from bot.fetch import HttpFetcher
from bot.store import Database, TrackingStore
from bot.store.tables import outbox, stories
from bot.track import Tracker, TrackingOptions
from tests.support.database import ManualClock
from tests.support.pages import Feeds, rss

ROOM = "console:newsroom"
NOTICES = [
    (
        "dredging",
        "Westhaven Port Authority delays dredging of the outer channel",
        "The Westhaven Port Authority put off dredging the outer channel until spring after "
        "contractors found unexploded ordnance near the breakwater.",
    ),
    (
        "ferry-fares",
        "Ferry fares to rise by a fifth, Westhaven Port Authority says",
        "Passengers on the island routes will pay 20 percent more from April, the Westhaven "
        "Port Authority announced, blaming fuel costs and a new harbour levy.",
    ),
    (
        "crane-strike",
        "Crane operators strike at container terminal",
        "Two hundred crane operators walked out over night-shift pay; the Westhaven Port "
        "Authority said ships would be diverted to Eastmouth for at least three days.",
    ),
    (
        "cruise-season",
        "Record cruise season expected",
        "The Westhaven Port Authority expects 140 cruise calls next summer, up from 96, and "
        "will open a second passenger terminal on the old timber quay.",
    ),
    (
        "oil-spill",
        "Small diesel spill contained in inner basin",
        "Booms held a diesel spill from a fishing trawler in the inner basin, the Westhaven "
        "Port Authority said; divers will inspect the hull on Thursday.",
    ),
    (
        "pilot-boats",
        "New pilot boats ordered from Norwegian yard",
        "Three hybrid pilot boats costing 11 million euros were ordered by the Westhaven Port "
        "Authority, replacing vessels built in the 1980s.",
    ),
    (
        "audit",
        "Auditors question Westhaven Port Authority land sales",
        "A regional audit found that the Westhaven Port Authority sold waterfront plots below "
        "market value to two developers between 2019 and 2022.",
    ),
    (
        "wind-farm",
        "Offshore wind base to be built at north pier",
        "An offshore wind operator signed a 25-year lease for the north pier, where the "
        "Westhaven Port Authority will build a service base for 60 turbines.",
    ),
    (
        "storm",
        "Storm surge floods quayside warehouses",
        "Water rose a metre above the quay during Sunday's storm, flooding four warehouses; "
        "the Westhaven Port Authority closed the port to shipping for nine hours.",
    ),
]


class Unused:
    async def send(self, room: str, replies: Sequence[Reply], *, key: str) -> None:
        raise AssertionError("these tests only queue alerts")


@pytest.fixture
async def instances(postgres_url: str, clock: ManualClock) -> AsyncIterator[list[Tracker]]:
    """Two trackers, each with its own connection pool, as two processes would have."""
    async with AsyncExitStack() as stack:
        trackers = []
        for name in ("tidings-a", "tidings-b"):
            database = await stack.enter_async_context(Database(postgres_url))
            await database.migrate()
            fetcher = await stack.enter_async_context(HttpFetcher(allow_hosts=["127.0.0.1"]))
            trackers.append(
                Tracker(
                    store=TrackingStore(database),
                    fetcher=fetcher,
                    reader=None,
                    outbox=Unused(),
                    clock=clock,
                    owner=name,
                    # One source per claim, so that each instance takes one of the two feeds.
                    options=TrackingOptions(poll_interval=timedelta(seconds=60), batch=1),
                    rng=random.Random(7),
                )
            )
        yield trackers


async def test_one_story_from_two_feeds_polled_by_two_instances_is_one_alert(
    instances: list[Tracker], feeds: Feeds, page_server: str, clock: ManualClock, postgres_url
) -> None:
    first, second = instances
    feeds.put("wire.xml", rss("Wire", []))
    feeds.put("agency.xml", rss("Agency", []))
    await first.add_source(ROOM, f"{page_server}/feeds/wire.xml")
    await second.add_source(ROOM, f"{page_server}/feeds/agency.xml")
    await first.follow_name(ROOM, "Westhaven Port Authority")

    for round_ in range(3):
        stories_now = NOTICES[3 * round_ : 3 * round_ + 3]
        # The same stories under each site's own addresses.
        for name, site in (("wire.xml", "wire.example"), ("agency.xml", "agency.example")):
            items = [(t, f"https://{site}/{slug}", d) for slug, t, d in stories_now]
            feeds.put(name, rss(name, items))
        clock.advance(timedelta(seconds=70))
        polled = await asyncio.gather(first.poll_due(), second.poll_due())
        assert polled == [1, 1]  # each instance polled one feed, side by side

    async with Database(postgres_url) as database, database.engine.connect() as connection:
        recorded = await connection.scalar(select(func.count()).select_from(stories))
        queued = (await connection.execute(select(outbox.c.room, outbox.c.payload))).all()
    assert recorded == 9
    assert len(queued) == 9
    assert {row.room for row in queued} == {ROOM}
    titles = sorted(row.payload["title"] for row in queued)
    assert len(set(titles)) == 9
