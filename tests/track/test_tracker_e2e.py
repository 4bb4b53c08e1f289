"""Follow-ups end to end through the console: summarise, follow, poll feeds, alert once."""

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.app import Services, open_services
from bot.core.model import ReplyKind
from bot.settings import FetchSettings, Settings, TrackSettings
from tests.support.database import ManualClock
from tests.support.pages import Feeds, rss

# Eight notices; their pages cannot be read, so alerts fall back to the feed's own teaser.
NOTICES = [
    (
        f"Westhaven Port Authority update number {n}",
        f"/status/404?notice={n}",
        f"The Westhaven Port Authority published notice {n} about berth {n * 7}.",
    )
    for n in range(8)
]
OLD_HTS = (
    "HTS and Zenki agree truce in Kafr Halab",
    "https://old.example/truce",
    "The two groups agreed to stop fighting.",
)


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    settings = Settings(
        data_dir=tmp_path,
        fetch=FetchSettings(allow_hosts=["127.0.0.1"], total_timeout=5.0),
        track=TrackSettings(poll_interval=60, max_alerts_per_hour=5),
    )
    async with open_services(settings, clock=clock) as built:
        yield built


@pytest.fixture
def out() -> io.StringIO:
    return io.StringIO()


@pytest.fixture
def console(services: Services, out: io.StringIO) -> ConsoleAdapter:
    adapter = ConsoleAdapter(services.handler, stdin=io.StringIO(), stdout=out, user="ana")
    services.outbox.register("console", adapter)
    return adapter


async def say(console: ConsoleAdapter, line: str) -> str:
    [reply] = await console.respond(line)
    assert reply.kind is not ReplyKind.ERROR, reply.body
    return reply.body


async def poll_and_deliver(services: Services, clock: ManualClock) -> None:
    assert services.tracker is not None
    clock.advance(timedelta(seconds=70))
    await services.tracker.poll_due()
    await services.tracker.deliver()


async def test_one_alert_for_a_followed_group_with_what_is_new(
    services, console, out, feeds: Feeds, page_server, clock
):
    base = page_server
    feeds.put("wire.xml", rss("Wire", [OLD_HTS]))
    feeds.put("mirror.xml", rss("Mirror", []))
    await say(console, f"!sources add {base}/feeds/wire.xml")
    await say(console, f"!sources add {base}/feeds/mirror.xml")
    await say(console, f"!summarize {base}/pages/aleppo-clashes.html")
    followed = await say(console, "!follow HTS")
    assert "Hay'at Tahrir al-Sham" in followed
    assert "(HTS" in followed

    # Nothing new yet: the story the feed held when it was added is never alerted.
    await poll_and_deliver(services, clock)
    assert "Follow-up" not in out.getvalue()

    story = (
        "HTS seizes Kafr Halab as Zenki fighters withdraw west of Aleppo",
        f"{base}/pages/hts-takes-kafr-halab.html?utm_source=rss&utm_medium=feed",
        "Hay'at Tahrir al-Sham took full control of Kafr Halab after Zenki fighters pulled out.",
    )
    unrelated = (
        "Port authority approves harbour dredging budget",
        f"{base}/pages/harbour-budget.html",
        "The Westhaven Port Authority approved 12 million euros for dredging.",
    )
    # The same story from a second feed, under another address and a reworded teaser.
    mirrored = (
        "HTS seizes Kafr Halab as Zenki fighters withdraw west of Aleppo",
        f"{base}/mirror/hts-takes-kafr-halab.html",
        "Hay'at Tahrir al-Sham took full control of Kafr Halab after the Zenki fighters left.",
    )
    feeds.put("wire.xml", rss("Wire", [story, unrelated, OLD_HTS]))
    feeds.put("mirror.xml", rss("Mirror", [mirrored]))
    await poll_and_deliver(services, clock)

    printed = out.getvalue()
    assert printed.count("Follow-up:") == 1, printed
    assert "Follow-up: HTS seizes Kafr Halab" in printed
    assert "harbour" not in printed.lower()
    assert "About: Hay'at Tahrir al-Sham" in printed
    earlier = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"
    what_is_new = printed.split(f"What is new since “{earlier}”:", 1)[1]
    assert "convoy of about 40 vehicles" in what_is_new
    assert "Levant Wire" in printed

    # Later polls ask with the feeds' ETags, get "304 Not Modified" and send nothing twice.
    unchanged_before = feeds.not_modified
    await poll_and_deliver(services, clock)
    await poll_and_deliver(services, clock)
    assert feeds.not_modified - unchanged_before == 4
    assert out.getvalue().count("Follow-up:") == 1
    assert await services.tracker.queue_depth() == 0


async def test_follow_in_reply_follows_the_summary_actors_and_unfollow(
    services, console, page_server
):
    await say(console, f"!summarize {page_server}/pages/aleppo-clashes.html")
    body = await say(console, "!follow")
    assert "Hay'at Tahrir al-Sham" in body
    assert "National Front of Liberation" in body
    assert "Mizanaz" not in body  # places are where, not whom to follow
    listing = await say(console, "!following")
    assert "Syrian Observatory for Human Rights" in listing
    gone = await say(console, "!unfollow the SOHR")
    assert "Syrian Observatory for Human Rights" in gone
    [reply] = await console.respond("!unfollow SOHR")
    assert reply.kind is ReplyKind.ERROR


async def test_rate_limit_folds_the_rest_into_a_digest(
    services, console, out, feeds: Feeds, page_server, clock
):
    feeds.put("wire.xml", rss("Wire", []))
    await say(console, f"!sources add {page_server}/feeds/wire.xml")
    await say(console, "!follow Westhaven Port Authority")
    feeds.put("wire.xml", rss("Wire", NOTICES))
    await poll_and_deliver(services, clock)
    printed = out.getvalue()
    assert printed.count("Follow-up: Westhaven") == 5
    assert services.tracker is not None
    assert await services.tracker.send_digests() == 1
    assert "Follow-up digest: 3 new stories" in out.getvalue()


async def test_a_room_sets_its_own_hourly_limit(
    services, console, out, feeds: Feeds, page_server, clock
):
    assert "at most 5 an hour" in await say(console, "!alerts")
    assert await say(console, "!alerts limit 2") == (
        "Follow-ups in this room: as they come, at most 2 an hour (the rest in the daily digest)."
    )
    feeds.put("wire.xml", rss("Wire", []))
    await say(console, f"!sources add {page_server}/feeds/wire.xml")
    await say(console, "!follow Westhaven Port Authority")
    feeds.put("wire.xml", rss("Wire", NOTICES))
    await poll_and_deliver(services, clock)
    assert out.getvalue().count("Follow-up: Westhaven") == 2
    assert services.tracker is not None
    assert await services.tracker.send_digests() == 1
    assert "Follow-up digest: 6 new stories" in out.getvalue()
    # Digest mode keeps the limit for when the room switches back.
    assert await say(console, "!alerts digest") == "Follow-ups in this room: one digest a day."
    assert "at most 2 an hour" in await say(console, "!alerts immediate")


async def test_keyword_filters_narrow_a_follow(
    services, console, out, feeds: Feeds, page_server, clock
):
    feeds.put("wire.xml", rss("Wire", []))
    await say(console, f"!sources add {page_server}/feeds/wire.xml")
    body = await say(console, "!follow Westhaven Port Authority +dredging -herring")
    assert "Only stories with: dredging." in body
    assert "Never stories with: herring." in body
    assert await say(console, "!following") == (
        "• Westhaven Port Authority; only stories with: dredging; never stories with: herring"
    )
    stories = [
        (
            "Westhaven Port Authority delays dredging",
            f"{page_server}/status/404?a=1",
            "The Westhaven Port Authority moved the dredging start to March.",
        ),
        (
            "Westhaven Port Authority opens a cafe",
            f"{page_server}/status/404?a=2",
            "The Westhaven Port Authority opened a cafe on the quay.",
        ),
        (
            "Westhaven Port Authority and the herring season",
            f"{page_server}/status/404?a=3",
            "The Westhaven Port Authority will pause dredging for the herring season.",
        ),
    ]
    feeds.put("wire.xml", rss("Wire", stories))
    await poll_and_deliver(services, clock)
    printed = out.getvalue()
    assert printed.count("Follow-up:") == 1
    assert "Follow-up: Westhaven Port Authority delays dredging" in printed


async def test_bad_sources_get_a_clear_answer(console, page_server, feeds: Feeds):
    feeds.put("broken.xml", "<rss><channel><title>cut off", "application/rss+xml")
    for target, expected in [
        (f"{page_server}/pages/aleppo-clashes.html", "not a news feed"),
        (f"{page_server}/feeds/broken.xml", "not a news feed"),
        (f"{page_server}/feeds/missing.xml", "404"),
        ("ftp://127.0.0.1/feed", "http"),
        (f"{page_server}/feeds/{'x' * 2100}.xml", "too long"),
    ]:
        [reply] = await console.respond(f"!sources add {target}")
        assert reply.kind is ReplyKind.ERROR
        assert expected in reply.body, reply.body
    [reply] = await console.respond("!sources")
    assert "No news sources" in reply.body


async def test_names_that_are_only_an_article_or_a_possessive_are_followed_as_typed(console):
    # Cleaning "the SOHR's" to "SOHR" must not clean "'s" down to an empty name.
    assert await say(console, "!follow 's") == "This room now follows 's."
    assert "'s" in await say(console, "!following")


async def test_search_template_is_queried_once_per_followed_actor(
    services, console, out, feeds: Feeds, page_server, clock
):
    feeds.put("search-news.xml", rss("Search", []))
    await say(console, f"!sources add {page_server}/feeds/search-{{query}}.xml")
    await say(console, f"!summarize {page_server}/pages/aleppo-clashes.html")
    await say(console, "!follow HTS")
    query = "search-Hay'at Tahrir al-Sham.xml"
    feeds.put(query, rss("Search", [OLD_HTS]))
    await poll_and_deliver(services, clock)  # the first answer only primes the source
    assert out.getvalue().count("Follow-up:") == 0
    fresh = (
        "HTS seizes Kafr Halab as Zenki fighters withdraw west of Aleppo",
        f"{page_server}/pages/hts-takes-kafr-halab.html",
        "Hay'at Tahrir al-Sham took full control of Kafr Halab.",
    )
    feeds.put(query, rss("Search", [fresh, OLD_HTS]))
    await poll_and_deliver(services, clock)
    assert out.getvalue().count("Follow-up: HTS seizes Kafr Halab") == 1
    # Searched by the main name only, not once more for each alias ("HTS", "HTS's").
    assert {r for r in feeds.requests if r.startswith("search-")} == {"search-news.xml", query}


# Polling as often as a feed allows, and delivery that keeps failing


def polls_of(feeds: Feeds, name: str) -> int:
    return feeds.requests.count(name)


async def poll_at(services: Services, clock: ManualClock, after: timedelta) -> None:
    assert services.tracker is not None
    clock.advance(after)
    await services.tracker.poll_due()


@pytest.mark.parametrize(
    ("ttl", "headers", "quiet_until", "polled_by"),
    [
        # Polled every minute, but <ttl>3</ttl> asks for three (less or more the jitter).
        (3, {}, timedelta(seconds=160), timedelta(seconds=200)),
        # Ten hours asked for: no more than four times the configured minute.
        (600, {}, timedelta(seconds=215), timedelta(seconds=265)),
        # The same hint as an HTTP header, kept across 304 answers.
        (None, {"Cache-Control": "max-age=150"}, timedelta(seconds=134), timedelta(seconds=166)),
    ],
)
async def test_a_feed_that_asks_for_fewer_polls_gets_them(
    services, console, feeds: Feeds, page_server, clock, ttl, headers, quiet_until, polled_by
):
    feeds.put("calm.xml", rss("Calm", [OLD_HTS], ttl=ttl), headers=headers)
    await say(console, f"!sources add {page_server}/feeds/calm.xml")
    for _ in range(2):
        before = polls_of(feeds, "calm.xml")
        await poll_at(services, clock, quiet_until)
        assert polls_of(feeds, "calm.xml") == before
        await poll_at(services, clock, polled_by - quiet_until)
        assert polls_of(feeds, "calm.xml") == before + 1


async def test_a_site_that_says_retry_after_is_left_alone_that_long(
    services, console, feeds: Feeds, page_server, clock
):
    feeds.put("busy.xml", rss("Busy", [OLD_HTS]))
    await say(console, f"!sources add {page_server}/feeds/busy.xml")
    feeds.fail("busy.xml", 429, {"Retry-After": "7200"})
    await poll_at(services, clock, timedelta(seconds=70))
    assert polls_of(feeds, "busy.xml") == 2
    listing = await say(console, "!sources")
    assert "busy.xml — the last poll failed: The site answered 429 Too Many Requests." in listing
    await poll_at(services, clock, timedelta(minutes=119))
    assert polls_of(feeds, "busy.xml") == 2
    feeds.put("busy.xml", rss("Busy", [OLD_HTS]))
    await poll_at(services, clock, timedelta(minutes=2))
    assert polls_of(feeds, "busy.xml") == 3
    assert "failed" not in await say(console, "!sources")


class Unreachable:
    """A platform that is up but refuses every delivery, as when the bot left the room."""

    connected = True

    def __init__(self) -> None:
        self.tries = 0

    async def deliver(self, room_id: str, replies: object, *, key: str) -> None:
        self.tries += 1
        raise RuntimeError("403 Forbidden: not in the room")


async def test_delivery_is_retried_with_growing_waits_then_given_up(
    services, console, out, feeds: Feeds, page_server, clock, caplog
):
    feeds.put("wire.xml", rss("Wire", []))
    await say(console, f"!sources add {page_server}/feeds/wire.xml")
    await say(console, "!follow Westhaven Port Authority")
    feeds.put(
        "wire.xml",
        rss(
            "Wire",
            [
                (
                    "Westhaven Port Authority delays dredging",
                    f"{page_server}/status/404?dredging",
                    "The Westhaven Port Authority put off dredging the outer berth.",
                )
            ],
        ),
    )
    platform = Unreachable()
    services.outbox.register("console", platform)
    tracker = services.tracker
    assert tracker is not None
    await poll_and_deliver(services, clock)
    assert (platform.tries, await tracker.queue_depth()) == (1, 1)
    # Not again at once: the next try waits 30 s, then 1 min, 2 min, ...
    await tracker.deliver()
    clock.advance(timedelta(seconds=20))
    await tracker.deliver()
    assert platform.tries == 1
    clock.advance(timedelta(seconds=11))
    await tracker.deliver()
    assert platform.tries == 2
    for _ in range(40):
        clock.advance(timedelta(hours=1, seconds=1))
        await tracker.deliver()
    assert platform.tries == 30
    assert await tracker.queue_depth() == 0
    assert "giving up on alerts" in caplog.text
    assert "403 Forbidden: not in the room" in caplog.text
    # The room never got the alert, and it does not come back when the room works again.
    services.outbox.register("console", console)
    clock.advance(timedelta(days=1))
    await tracker.deliver()
    assert "Follow-up:" not in out.getvalue()


async def test_a_name_only_in_the_full_text_a_feed_carries_still_alerts(
    services, console, out, feeds: Feeds, page_server, clock
):
    feeds.put("wire.xml", rss("Wire", []))
    await say(console, f"!sources add {page_server}/feeds/wire.xml")
    await say(console, "!follow Westhaven Port Authority")
    feeds.put(
        "wire.xml",
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Wire</title>'
        "<item><title>Outer channel dredging put off until spring</title>"
        f"<link>{page_server}/status/404?dredging</link>"
        "<description>Contractors found old ordnance near the breakwater.</description>"
        "<content:encoded><![CDATA[<p>Contractors found old ordnance near the breakwater.</p>"
        "<p>The Westhaven Port Authority said the work would start in March.</p>]]>"
        "</content:encoded></item>"
        "<item><title>Lifeboat crew named volunteers of the year</title>"
        f"<link>{page_server}/status/404?lifeboat</link>"
        "<description>The crew was honoured at the town hall.</description>"
        "<content:encoded><![CDATA[<p>The crew was honoured at the town hall.</p>]]>"
        "</content:encoded></item></channel></rss>",
    )
    await poll_and_deliver(services, clock)
    printed = out.getvalue()
    assert printed.count("Follow-up:") == 1
    assert "Follow-up: Outer channel dredging put off until spring" in printed


async def test_a_default_source_on_this_machine_needs_no_allow_list(
    tmp_path: Path, feeds: Feeds, page_server, clock, out
):
    settings = Settings(
        data_dir=tmp_path,
        track=TrackSettings(poll_interval=60, sources=[f"{page_server}/feeds/bridge.xml"]),
    )
    assert settings.fetch.allow_hosts == []
    feeds.put("bridge.xml", rss("Bridge", [OLD_HTS]))
    async with open_services(settings, clock=clock) as services:
        console = ConsoleAdapter(services.handler, stdin=io.StringIO(), stdout=out, user="ana")
        services.outbox.register("console", console)
        await say(console, "!follow Westhaven Port Authority")
        await poll_and_deliver(services, clock)
        feeds.put("bridge.xml", rss("Bridge", [NOTICES[0], OLD_HTS]))
        await poll_and_deliver(services, clock)
        # Sources a room adds get no such trust: the operator did not choose them.
        [refused] = await console.respond("!sources add http://10.1.2.3/feed.xml")
        assert "private address" in refused.body
    assert out.getvalue().count("Follow-up: Westhaven Port Authority update number 0") == 1


class Away:
    """A platform that is down (not connected) until told otherwise; back, it fails one send
    (a hiccup on reconnecting), then passes them to the console."""

    def __init__(self, console: ConsoleAdapter) -> None:
        self.console = console
        self.connected = False
        self.tries = 0

    async def deliver(self, room_id: str, replies: object, *, key: str) -> None:
        self.tries += 1
        if self.tries == 1:
            raise RuntimeError("502 Bad Gateway")
        await self.console.deliver(room_id, replies, key=key)  # type: ignore[arg-type]


async def test_an_alert_waits_out_a_platform_outage_however_long(
    services, console, out, feeds: Feeds, page_server, clock
):
    feeds.put("wire.xml", rss("Wire", []))
    await say(console, f"!sources add {page_server}/feeds/wire.xml")
    await say(console, "!follow Westhaven Port Authority")
    feeds.put("wire.xml", rss("Wire", NOTICES[:1]))
    platform = Away(console)
    services.outbox.register("console", platform)
    tracker = services.tracker
    assert tracker is not None
    await poll_and_deliver(services, clock)
    for _ in range(3 * 24):  # three days down: far more than the attempts a room gets
        clock.advance(timedelta(hours=1))
        await tracker.deliver()
    assert (platform.tries, await tracker.queue_depth()) == (0, 1)
    # Back: the hours away did not count as failed attempts, so one failure is just a retry.
    platform.connected = True
    clock.advance(timedelta(minutes=1))
    await tracker.deliver()
    clock.advance(timedelta(minutes=1))
    await tracker.deliver()
    assert platform.tries == 2
    assert out.getvalue().count("Follow-up: Westhaven Port Authority update number 0") == 1
    assert await tracker.queue_depth() == 0


class Stuck:
    """A platform that is connected but never finishes a send (its server stopped answering),
    until released."""

    connected = True

    def __init__(self, console: ConsoleAdapter) -> None:
        self.console = console
        self.released = asyncio.Event()

    async def deliver(self, room_id: str, replies: object, *, key: str) -> None:
        await self.released.wait()
        await self.console.deliver(room_id, replies, key=key)  # type: ignore[arg-type]


async def test_a_send_that_never_finishes_does_not_hold_up_delivery(
    services, console, out, feeds: Feeds, page_server, clock
):
    feeds.put("wire.xml", rss("Wire", []))
    await say(console, f"!sources add {page_server}/feeds/wire.xml")
    await say(console, "!follow Westhaven Port Authority")
    feeds.put("wire.xml", rss("Wire", NOTICES[:1]))
    platform = Stuck(console)
    services.outbox.register("console", platform)
    services.outbox.timeout = 0.2
    tracker = services.tracker
    assert tracker is not None
    await poll_and_deliver(services, clock)  # returns: the send is cut off, the alert kept
    assert await tracker.queue_depth() == 1
    platform.released.set()
    clock.advance(timedelta(minutes=1))
    await tracker.deliver()
    assert out.getvalue().count("Follow-up: Westhaven Port Authority update number 0") == 1
    assert await tracker.queue_depth() == 0


async def test_replies_and_alerts_name_commands_with_the_configured_prefix(
    tmp_path: Path, feeds: Feeds, page_server, clock, out
):
    settings = Settings(
        data_dir=tmp_path,
        command_prefix="?",
        fetch=FetchSettings(allow_hosts=["127.0.0.1"], total_timeout=5.0),
        track=TrackSettings(poll_interval=60),
    )
    feeds.put("wire.xml", rss("Wire", []))
    async with open_services(settings, clock=clock) as services:
        console = ConsoleAdapter(services.handler, stdin=io.StringIO(), stdout=out, user="ana")
        services.outbox.register("console", console)
        [summary] = await console.respond(f"?summarize {page_server}/pages/aleppo-clashes.html")
        assert summary.footer is not None
        assert "reply ?follow to hear about these actors" in summary.footer
        await say(console, f"?sources add {page_server}/feeds/wire.xml")
        await say(console, "?follow Westhaven Port Authority")
        feeds.put("wire.xml", rss("Wire", NOTICES[:1]))
        await poll_and_deliver(services, clock)
    assert "?unfollow NAME to stop" in out.getvalue()
    assert "!unfollow" not in out.getvalue()
