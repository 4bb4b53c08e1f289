"""Follow-ups: what rooms follow, polling their sources, and alerting each room once per story."""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlsplit

from bot.core.errors import FailureReason, FetchError, PlatformUnavailable, TidingsError
from bot.core.model import (
    Actor,
    ActorKind,
    Alert,
    Followed,
    Follower,
    NewStory,
    QueuedAlert,
    Report,
    Source,
    SourceKind,
    StoredStory,
    TrackedActor,
)
from bot.core.ports import Clock, FeedFetcher, FeedResponse, Outbox, TrackingObserver
from bot.core.reading import Reader
from bot.core.render import alert_reply, digest_reply
from bot.text import split_sentences
from bot.track import similarity
from bot.track.canonical import canonical_url
from bot.track.feeds import (
    ACCEPT,
    Feed,
    FeedError,
    FeedItem,
    fill_template,
    is_template,
    parse_feed,
)
from bot.track.matching import ActorMatcher, is_acronym, passes_keywords
from bot.track.novelty import new_sentences
from bot.track.repository import TrackingRepository

log = logging.getLogger(__name__)

IMMEDIATE: Final = "immediate"
DIGEST: Final = "digest"
_MAIN_ACTORS: Final = 5
_DUPLICATE_WINDOW: Final = timedelta(days=3)
_LEASE: Final = timedelta(minutes=5)
_MAX_BACKOFF: Final = timedelta(hours=6)
# A feed may ask to be polled less often than configured (RSS <ttl>, Cache-Control): up to this
# many times the configured interval, and never beyond the hour, so follow-ups stay timely.
_STRETCH: Final = 4
_LONGEST_HINT: Final = timedelta(hours=1)
# Delivery to a room is retried with growing waits, then given up (about a day of trying).
_FIRST_RETRY: Final = timedelta(seconds=30)
_LONGEST_RETRY: Final = timedelta(hours=1)
_DELIVERY_ATTEMPTS: Final = 30
# How long what is done is kept: items a feed no longer lists, sent alerts, old stories.
_KEEP_SEEN: Final = timedelta(days=30)
_KEEP_ALERTS: Final = timedelta(days=30)
_KEEP_STORIES: Final = timedelta(days=90)
_SUMMARY_SENTENCES: Final = 4
_MAX_SEARCHES: Final = 25
_MAX_SOURCE_URL: Final = 2000  # PostgreSQL cannot index a much longer unique key
_POSSESSIVE: Final = re.compile(r"['’]s?$")
_ARTICLE: Final = re.compile(r"^(?:the|die|der|das|le|la|les|el|los|las|il|lo|de|het)\s+", re.I)


@dataclass(frozen=True, slots=True)
class TrackingOptions:
    """How often to poll, how to alert; values come from the settings."""

    poll_interval: timedelta = timedelta(seconds=900)
    jitter: float = 0.1
    alert_mode: str = IMMEDIATE
    max_alerts_per_hour: int = 5
    concurrency: int = 8
    batch: int = 50
    read_articles: bool = True
    prefix: str = "!"  # the command prefix, for the commands alerts mention


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A new feed item that mentions followed actors, before it is read and recorded."""

    item: FeedItem
    actor_ids: frozenset[int]


class Tracker:
    """The follow-up use-cases: commands from rooms, polls of sources, delivery of alerts."""

    def __init__(
        self,
        *,
        store: TrackingRepository,
        fetcher: FeedFetcher,
        reader: Reader | None,
        outbox: Outbox,
        clock: Clock,
        owner: str,
        options: TrackingOptions = TrackingOptions(),
        rng: random.Random | None = None,
        observer: TrackingObserver | None = None,
    ) -> None:
        self._store = store
        self._fetcher = fetcher
        self._reader = reader
        self._outbox = outbox
        self._clock = clock
        self._owner = owner
        self._options = options
        self._rng = rng or random.Random()
        self._observer = observer
        # Duplicate checks and recording happen one story at a time, so that the same story
        # arriving from two feeds polled side by side is recognised as one; the store's own
        # lock extends that to every instance sharing the database.
        self._recording = asyncio.Lock()
        # Per poll: recent stories' signatures (caught up before each check) and rooms' alert
        # modes, read once rather than per item.
        self._recent: tuple[list[int], list[similarity.Signature]] = ([], [])
        self._modes: dict[str, str] = {}

    # Commands -----------------------------------------------------------------------------

    async def remember(self, room: str, report: Report) -> None:
        """Note that a room was shown an article, learning its actors and aliases."""
        article = report.article
        if not article.url:
            return
        ids = await self._store.learn(report.facts.actors)
        text = " ".join((article.title or "", *report.summary.sentences))
        story = NewStory(
            canonical_url=canonical_url(article.url),
            title=article.title or article.url,
            summary="\n".join(report.summary.sentences),
            fingerprint=similarity.encode(similarity.signature(text)),
            published=None,
            actor_ids=tuple(ids),
        )
        now = self._clock.now()
        async with self._recording, self._store.recording():
            story_id = await self._store.save_story(story, now=now)
        await self._store.presented(room, story_id, now=now)

    async def presented(self, room: str, message_id: str, url: str) -> None:
        """Note which chat message presented the article at a URL."""
        story = await self._store.story_by_url(canonical_url(url))
        if story is not None:
            await self._store.presented(
                room, story.id, now=self._clock.now(), message_id=message_id
            )

    async def follow_story(self, room: str, message_id: str | None) -> list[TrackedActor]:
        """Follow the main actors of the article a message presented (else the latest one)."""
        ids = await self._store.story_actor_ids(room, message_id)
        if not ids and message_id is not None:
            ids = await self._store.story_actor_ids(room, None)
        found = [a for a in await self._store.actors(ids) if a.kind is not ActorKind.PLACE]
        main = found[:_MAIN_ACTORS]
        for actor in main:
            await self._store.follow(room, actor.id, now=self._clock.now())
        log.info("room=%s follows %s", room, [a.name for a in main])
        return main

    async def follow_name(
        self, room: str, name: str, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> TrackedActor:
        """Follow one actor by any of its names, creating it when Tidings has never seen it."""
        name = _clean_name(name)
        actor = await self._store.find_actor(name)
        if actor is None:
            kind = ActorKind.ORGANISATION if is_acronym(name) else ActorKind.GROUP
            [actor_id] = await self._store.learn([Actor(name=name, kind=kind)])
            [actor] = await self._store.actors([actor_id])
        await self._store.follow(
            room, actor.id, include=include, exclude=exclude, now=self._clock.now()
        )
        log.info("room=%s follows actor=%s (%s)", room, actor.id, actor.name)
        return actor

    async def unfollow(self, room: str, name: str) -> TrackedActor | None:
        """Stop following an actor; None when the room did not follow it."""
        actor = await self._store.find_actor(_clean_name(name))
        if actor is None or not await self._store.unfollow(room, actor.id):
            return None
        return actor

    async def following(self, room: str) -> list[Followed]:
        return await self._store.followed(room)

    async def sources(self, room: str) -> list[Source]:
        return await self._store.sources_of(room)

    async def add_source(self, room: str, url: str) -> Source:
        """Check a feed (or search template), add it, and mark what it holds now as seen."""
        url = url.strip()
        if len(url) > _MAX_SOURCE_URL:
            raise TidingsError(
                FailureReason.INVALID_URL, "That feed address is too long to be a feed."
            )
        if not url.lower().startswith(("http://", "https://")):
            raise TidingsError(
                FailureReason.SCHEME, "A source must be an http:// or https:// feed address."
            )
        if is_template(url):
            # A template is checked with a harmless query; its results differ per actor.
            await self._read_feed(fill_template(url, "news"), None)
            return await self._store.add_source(
                url, SourceKind.SEARCH, room=room, now=self._clock.now()
            )
        response, feed = await self._read_feed(url, None)
        now = self._clock.now()
        source = await self._store.add_source(url, SourceKind.FEED, room=room, now=now)
        if not source.primed:
            # A new source never floods a room: what it already holds counts as seen.
            await self._store.mark_seen(source.id, [i.key for i in feed.items], now=now)
            poll_every = _poll_hint(response, feed)
            await self._store.finish_poll(
                source,
                self._owner,
                next_poll_at=self._next_poll(now, poll_every),
                etag=response.etag if response else None,
                last_modified=response.last_modified if response else None,
                poll_every=poll_every,
                primed_at=now,
            )
        return source

    async def remove_source(self, room: str, url: str) -> bool:
        return await self._store.remove_source(room, url.strip())

    async def alert_settings(self, room: str) -> tuple[str, int]:
        """Return a room's alert mode and hourly limit, its own or the configured ones."""
        mode, limit = await self._store.room_alerts(room)
        return (
            mode or self._options.alert_mode,
            self._options.max_alerts_per_hour if limit is None else limit,
        )

    async def set_alerts(
        self, room: str, *, mode: str | None = None, limit: int | None = None
    ) -> tuple[str, int]:
        if mode is not None and mode not in {IMMEDIATE, DIGEST}:
            raise ValueError(f"unknown alert mode {mode!r}")
        if limit is not None and limit < 1:
            raise ValueError(f"an hourly alert limit must be at least 1, not {limit}")
        await self._store.set_room_alerts(room, mode=mode, limit=limit)
        return await self.alert_settings(room)

    async def add_default_sources(self, urls: Sequence[str]) -> None:
        """Register the deployment's default sources (every room uses them)."""
        for url in urls:
            kind = SourceKind.SEARCH if is_template(url) else SourceKind.FEED
            await self._store.add_source(url, kind, room=None, now=self._clock.now())

    # Polling ------------------------------------------------------------------------------

    async def poll_due(self) -> int:
        """Poll every source that is due, a few at a time; return how many were polled."""
        names = await self._store.followed_names()
        matcher = ActorMatcher(names)
        self._recent, self._modes = ([], []), {}
        gate = asyncio.Semaphore(self._options.concurrency)
        polled = 0
        while True:
            now = self._clock.now()
            batch = await self._store.claim_due(
                self._owner, now=now, lease_until=now + _LEASE, limit=self._options.batch
            )
            if not batch:
                return polled

            async def poll(source: Source) -> None:
                async with gate:
                    await self._poll_safely(source, matcher, names)

            await asyncio.gather(*(poll(s) for s in batch))
            polled += len(batch)

    async def _poll_safely(
        self, source: Source, matcher: ActorMatcher, names: Sequence[tuple[int, str]]
    ) -> None:
        started = time.perf_counter()
        try:
            await self._poll(source, matcher, names)
        except asyncio.CancelledError:
            raise
        except FetchError as error:
            await self._failed(source, str(error), retry_after=error.retry_after)
        except (TidingsError, FeedError) as error:
            await self._failed(source, str(error))
        except Exception as error:
            log.exception("poll failed source=%s url=%s", source.id, source.url)
            await self._failed(source, f"{type(error).__name__}: {error}")
        if self._observer is not None:
            self._observer.polled(time.perf_counter() - started)

    async def _failed(
        self, source: Source, reason: str, *, retry_after: float | None = None
    ) -> None:
        now = self._clock.now()
        delay = self._options.poll_interval * 2 ** (source.error_count + 1)
        if retry_after is not None:  # the site said how long to stay away (429, 503)
            delay = max(delay, timedelta(seconds=retry_after))
        delay = min(delay, _MAX_BACKOFF)
        log.warning(
            "source=%s url=%s failed (%d in a row), next try in %s: %s",
            source.id,
            source.url,
            source.error_count + 1,
            delay,
            reason,
        )
        await self._store.finish_poll(source, self._owner, next_poll_at=now + delay, error=reason)

    async def _poll(
        self, source: Source, matcher: ActorMatcher, names: Sequence[tuple[int, str]]
    ) -> None:
        items: list[FeedItem] = []
        etag, last_modified = source.etag, source.last_modified
        poll_every = source.poll_every
        if source.kind is SourceKind.SEARCH:
            # One query per followed actor, by its main name (aliases would repeat the same
            # search), capped so that a deployment following hundreds of names stays polite.
            followed = await self._store.actors({actor_id for actor_id, _ in names})
            queries = sorted(a.name for a in followed)[:_MAX_SEARCHES]
            for query in queries:
                _, found = await self._read_feed(fill_template(source.url, query), None)
                items.extend(found.items)
        else:
            response, feed = await self._read_feed(source.url, source)
            if response is None:  # 304 Not Modified
                await self._store.finish_poll(
                    source,
                    self._owner,
                    next_poll_at=self._next_poll(self._clock.now(), poll_every),
                    etag=etag,
                    last_modified=last_modified,
                    poll_every=poll_every,
                )
                return
            items = feed.items
            etag, last_modified = response.etag, response.last_modified
            poll_every = _poll_hint(response, feed)
        now = self._clock.now()
        keys = [item.key for item in items]
        primed_at = None
        if not source.primed:
            await self._store.mark_seen(source.id, keys, now=now)
            primed_at = now
            log.info("source=%s primed with %d items", source.id, len(keys))
        else:
            fresh = set(await self._store.unseen(source.id, keys))
            new_items = [i for i in {i.key: i for i in items}.values() if i.key in fresh]
            await self._ingest(source, new_items, matcher)
        await self._store.finish_poll(
            source,
            self._owner,
            next_poll_at=self._next_poll(now, poll_every),
            etag=etag,
            last_modified=last_modified,
            poll_every=poll_every,
            primed_at=primed_at,
            listed=keys,
            forget_before=now - _KEEP_SEEN,
        )

    async def _read_feed(self, url: str, source: Source | None) -> tuple[FeedResponse | None, Feed]:
        response = await self._fetcher.get(
            url,
            accept=ACCEPT,
            etag=source.etag if source else None,
            last_modified=source.last_modified if source else None,
        )
        if response.status == 304:
            return None, Feed([])
        try:
            feed = parse_feed(
                response.body, url=response.url, content_type=response.content_type or ""
            )
        except FeedError as error:
            raise TidingsError(
                FailureReason.CONTENT_TYPE, f"That address is not a news feed I can read ({error})."
            ) from error
        return response, feed

    async def _ingest(
        self, source: Source, items: Sequence[FeedItem], matcher: ActorMatcher
    ) -> None:
        unmatched: list[str] = []
        candidates: list[_Candidate] = []
        for item in items:
            found = (
                matcher.find(f"{item.title}\n{item.summary}\n{item.content}") if matcher else set()
            )
            if found:
                candidates.append(_Candidate(item, frozenset(found)))
            else:
                unmatched.append(item.key)
        await self._store.mark_seen(source.id, unmatched, now=self._clock.now())
        if not candidates:
            return
        allowed = await self._store.rooms_of(source.id)
        for candidate in candidates:
            try:
                await self._alert(source, candidate, matcher, allowed)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The item stays unseen, so the next poll tries it again.
                log.exception("cannot record story url=%s source=%s", candidate.item.url, source.id)

    async def _alert(
        self,
        source: Source,
        candidate: _Candidate,
        matcher: ActorMatcher,
        allowed: list[str] | None,
    ) -> None:
        item = candidate.item
        sentences, body, title, site = await self._read_story(item)
        actor_ids = set(candidate.actor_ids) | (matcher.find(body) if body else set())
        text = "\n".join((title, item.summary, body))
        # The article's own sentences when it could be read: two feeds' teasers for one story
        # differ more than the story does.
        signature = similarity.signature("\n".join((title, *sentences)))
        async with self._recording, self._store.recording():
            await self._record(
                source,
                item=item,
                signature=signature,
                sentences=sentences,
                title=title,
                site=site,
                text=text,
                actor_ids=actor_ids,
                allowed=allowed,
            )

    async def _record(
        self,
        source: Source,
        *,
        item: FeedItem,
        signature: similarity.Signature,
        sentences: Sequence[str],
        title: str,
        site: str | None,
        text: str,
        actor_ids: set[int],
        allowed: list[str] | None,
    ) -> None:
        earlier = await self._same_story(canonical_url(item.url or item.key), signature)
        canonical = earlier.canonical_url if earlier else canonical_url(item.url or item.key)
        already = await self._store.rooms_that_saw(earlier.id) if earlier else set()
        alerts = []
        rooms: dict[str, list[Follower]] = defaultdict(list)
        for follower in await self._store.followers(actor_ids):
            if (allowed is None or follower.room in allowed) and follower.room not in already:
                rooms[follower.room].append(follower)
        named = {a.id: a.name for a in await self._store.actors(actor_ids)}
        for room, follows in rooms.items():
            if not any(
                passes_keywords(text, include=f.include, exclude=f.exclude) for f in follows
            ):
                continue
            followed_here = [f.actor_id for f in follows]
            last = await self._store.last_story_about(room, followed_here)
            fresh = new_sentences(sentences, f"{last.title}\n{last.summary}") if last else ()
            payload = {
                "title": title,
                "url": item.url,
                "summary": list(sentences),
                "actors": [named[i] for i in followed_here if i in named],
                "new": list(fresh),
                "earlier": last.title if last else None,
                "source": site,
                "published": item.published.isoformat() if item.published else None,
            }
            if room not in self._modes:
                self._modes[room], _ = await self.alert_settings(room)
            alerts.append((room, self._modes[room], payload))
        story = NewStory(
            canonical_url=canonical,
            title=title,
            summary="\n".join(sentences),
            fingerprint=similarity.encode(signature),
            published=item.published,
            actor_ids=tuple(sorted(actor_ids)),
        )
        story_id = await self._store.ingest(
            source.id, [item.key], story=story, alerts=alerts, now=self._clock.now()
        )
        log.info(
            "story=%s url=%s matched actors=%s, alerts for rooms=%s",
            story_id,
            item.url,
            sorted(actor_ids),
            [room for room, _, _ in alerts],
        )

    async def _read_story(self, item: FeedItem) -> tuple[tuple[str, ...], str, str, str | None]:
        """Return (summary sentences, body, title, site), from the article when it can be read."""
        site = urlsplit(item.url).hostname if item.url else None
        fallback = tuple(split_sentences(item.summary)[:_SUMMARY_SENTENCES])
        if self._reader is None or not self._options.read_articles or not item.url:
            return fallback, item.content, item.title, site
        try:
            report = await self._reader.read_url(item.url)
        except TidingsError as error:
            log.info("follow-up article unreadable url=%s: %s", item.url, error.message)
            return fallback, item.content, item.title, site
        article = report.article
        sentences = report.summary.sentences or fallback
        return (
            sentences,
            article.text,
            item.title or article.title or item.url,
            article.site or site,
        )

    async def _same_story(
        self, canonical: str, signature: similarity.Signature
    ) -> StoredStory | None:
        """Return the stored story this one repeats (same URL, or a recent near-duplicate)."""
        if (known := await self._store.story_by_url(canonical)) is not None:
            return known
        # The poll's copy of recent signatures, caught up on what was recorded since (by this
        # instance, another one, or a summary in a room).
        ids, signatures = self._recent
        since = self._clock.now() - _DUPLICATE_WINDOW
        for story_id, fingerprint in await self._store.recent_fingerprints(
            since, after_id=ids[-1] if ids else 0
        ):
            ids.append(story_id)
            signatures.append(similarity.decode(fingerprint))
        index, score = similarity.most_similar(signature, signatures)
        if score < similarity.DUPLICATE_THRESHOLD:
            return None
        twin = await self._store.story_by_id(ids[index])
        if twin is not None:
            log.info(
                "story %s is a near-duplicate (%.2f) of %s", canonical, score, twin.canonical_url
            )
        return twin

    def _next_poll(self, now: datetime, poll_every: timedelta | None = None) -> datetime:
        """Return when to poll a source next: the configured interval, or longer when the feed
        asks for it (within bounds), spread by the jitter so that polls do not bunch up."""
        interval = self._options.poll_interval
        if poll_every is not None:
            interval = max(interval, min(poll_every, interval * _STRETCH, _LONGEST_HINT))
        spread = self._options.jitter * self._rng.uniform(-1.0, 1.0)
        return now + interval * (1.0 + spread)

    # Delivery -----------------------------------------------------------------------------

    async def deliver(self) -> int:
        """Send the queued immediate alerts, within each room's hourly limit; return how many."""
        now = self._clock.now()
        queued = await self._store.claim_alerts(
            self._owner, now=now, lease_until=now + _LEASE, limit=100, kind=IMMEDIATE
        )
        sent = 0
        left: dict[str, int] = {}  # alerts each room may still get this hour
        folded: list[int] = []
        for entry in queued:
            room = entry.room
            if room not in left:
                _, limit = await self.alert_settings(room)
                recent = await self._store.delivered_since(room, now - timedelta(hours=1))
                left[room] = limit - recent
            if left[room] <= 0:
                folded.append(entry.id)
            elif await self._send(room, [entry], digest=False):
                sent += 1
                left[room] -= 1
        if folded:
            await self._store.to_digest(folded)
            log.info("alerts %s are over their rooms' hourly limits: they go to the digest", folded)
        return sent

    async def send_digests(self) -> int:
        """Send each room one digest of its folded and digest-mode alerts; return rooms served."""
        now = self._clock.now()
        queued = await self._store.claim_alerts(
            self._owner, now=now, lease_until=now + _LEASE, limit=1000, kind=DIGEST
        )
        by_room: dict[str, list[QueuedAlert]] = defaultdict(list)
        for entry in queued:
            by_room[entry.room].append(entry)
        served = 0
        for room, entries in by_room.items():
            if await self._send(room, entries, digest=True):
                served += 1
        return served

    async def _send(self, room: str, entries: Sequence[QueuedAlert], *, digest: bool) -> bool:
        alerts = [_alert(entry) for entry in entries]
        prefix = self._options.prefix
        reply = (
            digest_reply(alerts, prefix=prefix) if digest else alert_reply(alerts[0], prefix=prefix)
        )
        ids = [entry.id for entry in entries]
        key = f"tidings-{'digest' if digest else 'alert'}-{ids[0]}"
        try:
            await self._outbox.send(room, [reply], key=key)
        except asyncio.CancelledError:
            raise
        except PlatformUnavailable as error:
            # The platform is away, not the room gone: wait, and never give up for this.
            log.info("alerts=%s for room=%s wait: %s", ids, room, error)
            retry = self._clock.now() + _FIRST_RETRY
            await self._store.release(ids, error=str(error), retry_at=retry, counted=False)
            return False
        except Exception as error:
            await self._undelivered(room, entries, f"{type(error).__name__}: {error}")
            return False
        await self._store.mark_delivered(ids, now=self._clock.now())
        log.info("delivered %s to room=%s", ids, room)
        if self._observer is not None:
            for _ in ids:
                self._observer.alert_sent(digest=digest)
        return True

    async def _undelivered(self, room: str, entries: Sequence[QueuedAlert], reason: str) -> None:
        """Try again later, waiting longer each time; after about a day of failures, give up."""
        ids = [entry.id for entry in entries]
        attempts = max(entry.attempts for entry in entries)
        now = self._clock.now()
        if attempts >= _DELIVERY_ATTEMPTS:
            log.error(
                "giving up on alerts=%s for room=%s after %d attempts: %s",
                ids,
                room,
                attempts,
                reason,
            )
            await self._store.give_up(ids, error=reason, now=now)
            if self._observer is not None:
                for _ in ids:
                    self._observer.alert_dropped()
            return
        wait = min(_FIRST_RETRY * 2 ** (attempts - 1), _LONGEST_RETRY)
        log.warning(
            "delivery to room=%s failed for alerts=%s (attempt %d), next try in %s: %s",
            room,
            ids,
            attempts,
            wait,
            reason,
        )
        await self._store.release(ids, error=reason, retry_at=now + wait)

    async def housekeep(self) -> int:
        """Delete what no longer matters: sent alerts after a month, stories after three
        (their rooms' links with them); return how many rows went."""
        now = self._clock.now()
        alerts, stories = await self._store.prune(
            alerts_before=now - _KEEP_ALERTS, stories_before=now - _KEEP_STORIES
        )
        log.info("housekeeping removed %d sent alerts and %d old stories", alerts, stories)
        return alerts + stories

    async def queue_depth(self) -> int:
        """Return how many alerts wait in the outbox."""
        return await self._store.pending_count()

    async def failing_sources(self) -> int:
        """Return how many sources failed at their last poll."""
        return await self._store.failing_count()


def _poll_hint(response: FeedResponse | None, feed: Feed) -> timedelta | None:
    """Return the longest wait between polls a feed asks for, in the document or its headers."""
    hints = [feed.refresh] if feed.refresh else []
    if response is not None and response.max_age:
        hints.append(timedelta(seconds=response.max_age))
    return max(hints, default=None)


def _clean_name(name: str) -> str:
    """Return a typed name without a leading article or a possessive ("the SOHR's" -> SOHR)."""
    name = " ".join(name.split())
    # A name that is nothing but an article or a possessive ("the", "'s") is kept as typed.
    return _ARTICLE.sub("", _POSSESSIVE.sub("", name)) or name


def _alert(entry: QueuedAlert) -> Alert:
    payload = entry.payload
    published = payload.get("published")
    return Alert(
        id=entry.id,
        room=entry.room,
        title=str(payload.get("title") or payload.get("url") or "Untitled story"),
        url=str(payload.get("url") or ""),
        summary=tuple(payload.get("summary") or ()),
        actors=tuple(payload.get("actors") or ()),
        new=tuple(payload.get("new") or ()),
        source=payload.get("source"),
        published=datetime.fromisoformat(published) if published else None,
        digest=entry.kind == DIGEST,
        earlier=payload.get("earlier"),
    )
