"""The tracking repository on SQLite and PostgreSQL alike."""

import asyncio
from datetime import timedelta

import pytest

from bot.core.model import Actor, ActorKind, NewStory, SourceKind
from bot.store import Database, TrackingStore
from bot.store.tracking import alias_key

HTS = Actor("Hay'at Tahrir al-Sham", ActorKind.GROUP, ("HTS", "HTS's"))


@pytest.fixture
def store(database: Database) -> TrackingStore:
    return TrackingStore(database)


def story(url: str, *actor_ids: int, title: str = "A story") -> NewStory:
    return NewStory(url, title, "First sentence.\nSecond sentence.", b"00", None, actor_ids)


def test_alias_key_folds_apostrophes_case_and_punctuation():
    assert alias_key("Hay’at Tahrir al-Sham") == alias_key("hay'at tahrir al sham")
    assert alias_key("  H.T.S.  ") == "h t s"


async def test_learning_merges_names_and_a_fuller_name_takes_over(store):
    [first] = await store.learn([Actor("al-Zenki", ActorKind.GROUP)])
    [second] = await store.learn(
        [Actor("Nour al-Din al-Zenki Movement", ActorKind.GROUP, ("al-Zenki", "Zenki"))]
    )
    # The full name is new, so it is a new actor; its alias now finds the oldest one first.
    assert second != first
    [again] = await store.learn(
        [Actor("al-Zenki", ActorKind.GROUP, ("Nour al-Din al-Zenki Movement",))]
    )
    assert again == first
    [actor] = await store.actors([first])
    assert actor.name == "al-Zenki"
    assert "Nour al-Din al-Zenki Movement" in actor.aliases


async def test_find_actor_by_any_alias(store):
    [hts] = await store.learn([HTS])
    for name in ("HTS", "hay’at tahrir al-sham", "HTS's"):
        found = await store.find_actor(name)
        assert found is not None
        assert found.id == hts
    assert await store.find_actor("Hezbollah") is None
    assert await store.find_actor("  ") is None


async def test_follows(store, clock):
    [hts] = await store.learn([HTS])
    assert await store.follow("console:a", hts, include=["aleppo"], now=clock.now())
    assert not await store.follow("console:a", hts, now=clock.now())
    assert await store.follow("matrix:!b", hts, now=clock.now())
    [followed] = await store.followed("console:a")
    assert (followed.actor.name, followed.include, followed.exclude) == (HTS.name, ("aleppo",), ())
    names = await store.followed_names()
    assert {name for _, name in names} == {"Hay'at Tahrir al-Sham", "HTS", "HTS's"}
    followers = {f.room: f for f in await store.followers([hts])}
    assert followers["console:a"].include == ("aleppo",)
    assert await store.unfollow("console:a", hts)
    assert not await store.unfollow("console:a", hts)
    assert await store.followed("console:a") == []


async def test_sources_default_and_per_room(store, clock):
    default = await store.add_source(
        "https://a.example/rss", SourceKind.FEED, room=None, now=clock.now()
    )
    own = await store.add_source(
        "https://b.example/rss", SourceKind.FEED, room="r1", now=clock.now()
    )
    assert default.default
    assert not own.default
    assert [s.url for s in await store.sources_of("r1")] == [default.url, own.url]
    assert [s.url for s in await store.sources_of("r2")] == [default.url]
    assert await store.rooms_of(default.id) is None
    assert await store.rooms_of(own.id) == ["r1"]
    assert not await store.remove_source("r2", own.url)
    assert await store.remove_source("r1", own.url)
    assert [s.url for s in await store.sources_of("r1")] == [default.url]


async def test_claims_are_leases_and_polls_reschedule(store, clock):
    source = await store.add_source(
        "https://a.example/rss", SourceKind.FEED, room=None, now=clock.now()
    )
    now = clock.now()
    [claimed] = await store.claim_due(
        "one", now=now, lease_until=now + timedelta(minutes=5), limit=10
    )
    assert claimed.id == source.id
    assert (
        await store.claim_due("two", now=now, lease_until=now + timedelta(minutes=5), limit=10)
        == []
    )
    await store.finish_poll(
        claimed,
        "one",
        next_poll_at=now + timedelta(minutes=15),
        etag='"v1"',
        poll_every=timedelta(minutes=30),
        primed_at=now,
    )
    assert await store.claim_due("two", now=now, lease_until=now, limit=10) == []
    later = now + timedelta(minutes=16)
    [again] = await store.claim_due(
        "two", now=later, lease_until=later + timedelta(minutes=5), limit=10
    )
    assert again.etag == '"v1"'
    assert again.poll_every == timedelta(minutes=30)
    assert again.primed
    await store.finish_poll(again, "two", next_poll_at=later + timedelta(hours=1), error="HTTP 500")
    [failed] = await store.sources_of("any")
    assert (failed.error_count, failed.last_error) == (1, "HTTP 500")
    assert await store.failing_count() == 1
    assert failed.poll_every == timedelta(minutes=30)  # a failed poll keeps the feed's hint


async def test_concurrent_claims_never_overlap(store, clock):
    for i in range(20):
        await store.add_source(
            f"https://{i}.example/rss", SourceKind.FEED, room=None, now=clock.now()
        )
    now = clock.now()
    lease = now + timedelta(minutes=5)
    batches = await asyncio.gather(
        *(store.claim_due(f"owner{i}", now=now, lease_until=lease, limit=7) for i in range(4))
    )
    claimed = [s.id for batch in batches for s in batch]
    assert len(claimed) == len(set(claimed)) == 20


async def test_ingest_queues_each_room_once_and_marks_seen(store, clock):
    [hts] = await store.learn([HTS])
    source = await store.add_source(
        "https://a.example/rss", SourceKind.FEED, room=None, now=clock.now()
    )
    assert await store.unseen(source.id, ["k1", "k2", "k1"]) == ["k1", "k2"]
    alerts = [("r1", "immediate", {"title": "t"}), ("r2", "digest", {"title": "t"})]
    first = await store.ingest(
        source.id, ["k1"], story=story("https://s/1", hts), alerts=alerts, now=clock.now()
    )
    # The same story again (another feed, a retry after a crash) queues nothing new.
    second = await store.ingest(
        source.id, ["k2"], story=story("https://s/1", hts), alerts=alerts, now=clock.now()
    )
    assert first == second
    assert await store.unseen(source.id, ["k1", "k2", "k3"]) == ["k3"]
    assert await store.pending_count() == 2
    assert await store.rooms_that_saw(first) == {"r1", "r2"}
    last = await store.last_story_about("r1", [hts])
    assert last is not None
    assert last.canonical_url == "https://s/1"


async def test_outbox_delivery_lifecycle(store, clock):
    [hts] = await store.learn([HTS])
    source = await store.add_source(
        "https://a.example/rss", SourceKind.FEED, room=None, now=clock.now()
    )
    for n in range(3):
        await store.ingest(
            source.id,
            [f"k{n}"],
            story=story(f"https://s/{n}", hts),
            alerts=[("r1", "immediate", {"n": n})],
            now=clock.now(),
        )
    now = clock.now()
    lease = now + timedelta(minutes=5)
    queued = await store.claim_alerts("one", now=now, lease_until=lease, limit=10, kind="immediate")
    assert [q.payload["n"] for q in queued] == [0, 1, 2]
    assert (
        await store.claim_alerts("two", now=now, lease_until=lease, limit=10, kind="immediate")
        == []
    )
    await store.mark_delivered([queued[0].id], now=now)
    await store.to_digest([queued[1].id])
    await store.release([queued[2].id], error="platform down", retry_at=now + timedelta(seconds=30))
    assert await store.delivered_since("r1", now - timedelta(hours=1)) == 1
    assert await store.pending_count() == 2
    assert (
        await store.claim_alerts("two", now=now, lease_until=lease, limit=10, kind="immediate")
        == []
    )
    retry = now + timedelta(seconds=31)
    [again] = await store.claim_alerts(
        "two", now=retry, lease_until=retry, limit=10, kind="immediate"
    )
    assert again.id == queued[2].id
    assert (queued[2].attempts, again.attempts) == (1, 2)
    [digest] = await store.claim_alerts("two", now=now, lease_until=lease, limit=10, kind="digest")
    assert (digest.id, digest.attempts) == (queued[1].id, 1)
    # Given up: no longer pending, never claimed again.
    await store.give_up([again.id], error="room is gone", now=retry)
    assert await store.pending_count() == 1
    later = retry + timedelta(days=1)
    assert (
        await store.claim_alerts("two", now=later, lease_until=later, limit=10, kind="immediate")
        == []
    )


async def test_presented_messages_lead_back_to_their_story_actors(store, clock):
    ids = await store.learn([HTS, Actor("Kafr Halab", ActorKind.PLACE)])
    story_id = await store.save_story(story("https://s/seed", *ids), now=clock.now())
    await store.presented("r1", story_id, now=clock.now(), message_id="$event1")
    assert await store.story_actor_ids("r1", "$event1") == tuple(sorted(ids))
    assert await store.story_actor_ids("r1", None) == tuple(sorted(ids))
    assert await store.story_actor_ids("r1", "$unknown") == ()
    assert await store.story_actor_ids("r2", None) == ()


async def test_room_alert_settings(store):
    assert await store.room_alerts("r1") == (None, None)
    await store.set_room_alerts("r1", mode="digest")
    await store.set_room_alerts("r1", mode="immediate")
    assert await store.room_alerts("r1") == ("immediate", None)
    await store.set_room_alerts("r1", limit=3)
    await store.set_room_alerts("r2", limit=7)
    await store.set_room_alerts("r2")
    assert await store.room_alerts("r1") == ("immediate", 3)
    assert await store.room_alerts("r2") == (None, 7)


async def test_recent_fingerprints_catch_up_after_an_id(store, clock):
    ids = []
    for n in range(3):
        ids.append(
            await store.save_story(
                NewStory(f"https://s/{n}", "t", "", bytes([n]) * 4, None, ()), now=clock.now()
            )
        )
    since = clock.now() - timedelta(days=1)
    assert [i for i, _ in await store.recent_fingerprints(since)] == ids
    assert await store.recent_fingerprints(since, after_id=ids[0]) == [
        (ids[1], bytes([1]) * 4),
        (ids[2], bytes([2]) * 4),
    ]
    assert await store.recent_fingerprints(clock.now() + timedelta(seconds=1)) == []


async def test_recording_is_one_at_a_time_across_connections_on_postgresql(store, database):
    events: list[str] = []

    async def record(name: str) -> None:
        async with store.recording():
            events.append(f"{name} in")
            await asyncio.sleep(0.05)
            events.append(f"{name} out")

    await asyncio.gather(record("a"), record("b"))
    if database.dialect == "postgresql":
        # Each holds its own pooled connection: only the advisory lock keeps them apart.
        assert events in (["a in", "a out", "b in", "b out"], ["b in", "b out", "a in", "a out"])
    else:  # one instance per SQLite file: the tracker's own lock is enough
        assert sorted(events) == ["a in", "a out", "b in", "b out"]


async def test_a_poll_forgets_old_items_the_feed_no_longer_lists(store, clock):
    source = await store.add_source(
        "https://a.example/rss", SourceKind.FEED, room=None, now=clock.now()
    )
    start = clock.now()
    await store.mark_seen(source.id, ["old-gone", "old-listed"], now=start)
    await store.mark_seen(source.id, ["recent-gone"], now=start + timedelta(days=20))
    await store.finish_poll(
        source,
        "one",
        next_poll_at=start,
        listed=["old-listed", "new"],
        forget_before=start + timedelta(days=10),
    )
    # Forgotten: the old item the feed dropped. Kept: what it lists, and what went recently.
    assert await store.unseen(source.id, ["old-gone", "old-listed", "recent-gone"]) == ["old-gone"]
    # A poll that read nothing (an empty or broken answer) forgets nothing.
    await store.finish_poll(
        source, "one", next_poll_at=start, forget_before=start + timedelta(days=30)
    )
    assert await store.unseen(source.id, ["old-listed", "recent-gone"]) == []


async def test_prune_drops_sent_alerts_and_old_stories_but_not_what_waits(store, clock):
    [hts] = await store.learn([HTS])
    source = await store.add_source(
        "https://a.example/rss", SourceKind.FEED, room=None, now=clock.now()
    )
    start = clock.now()
    ids = [
        await store.ingest(
            source.id,
            [f"k{n}"],
            story=story(f"https://s/{n}", hts),
            alerts=[("r1", "immediate", {"n": n})],
            now=start,
        )
        for n in range(3)
    ]
    queued = await store.claim_alerts(
        "one", now=start, lease_until=start, limit=10, kind="immediate"
    )
    await store.mark_delivered([queued[0].id], now=start)
    await store.give_up([queued[1].id], error="room is gone", now=start)
    later = start + timedelta(days=100)
    assert await store.prune(alerts_before=later, stories_before=later) == (2, 2)
    # The story whose alert still waits stays, and so does its alert.
    assert await store.story_by_id(ids[2]) is not None
    assert await store.story_by_id(ids[0]) is None
    assert await store.rooms_that_saw(ids[0]) == set()
    assert await store.pending_count() == 1
    assert await store.prune(alerts_before=later, stories_before=later) == (0, 0)
