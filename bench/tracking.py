"""Time the follow-up poll cycle on 1,000 local feeds, and actor matching on 100,000 stories.

    python bench/tracking.py [--data ../shared/data/feeds/rsparser] [--feeds 1000] [--items 50]
        [--stories 100000] [--actors 10000] [--anchor-stories 10000] [--profile CYCLE]
        [--popular] [--backlog N] [--concurrency N] [--deliver] [--tracemalloc]

Poll cycle: a real Tracker on a fresh SQLite file polls feeds that a local aiohttp server serves
from another process (so the server's CPU is not the poller's). The feeds are RSS 2.0 written
here from the titles and teasers of the real feeds in --data, each item with a link of its own.
Three cycles are timed: the first (which marks everything seen), one after every feed gained
two items (some mention followed actors, so alerts are queued) and one where nothing changed
(every feed answers 304). Memory is the poller process's peak resident set size during the cycle
(VmHWM, reset before each cycle), beside its size when the cycle started. --profile prints the
SQL the cycle ran (by statement shape) and a cProfile of the event-loop thread; --backlog fills
the stories table first, as two days of running would; --deliver also times sending the alerts.

Matching: ActorMatcher over 100,000 stories against 10,000 followed actors and their aliases,
beside the usual single regex alternation of every name, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import os
import pstats
import random
import re
import resource
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import numpy as np
from _arguments import positive
from _feedserver import FeedServer, feed_server, story_index
from sqlalchemy import ColumnElement, Table, event, func, select

from bot.core.model import Actor, ActorKind, Reply, SourceKind
from bot.fetch import HttpFetcher
from bot.store import Database, TrackingStore
from bot.store.tables import outbox, seen, sources, stories
from bot.track import Tracker, TrackingOptions, similarity
from bot.track.feeds import FeedError, parse_feed
from bot.track.matching import ActorMatcher, is_acronym

DEFAULT_DATA: Final = Path(__file__).resolve().parents[2] / "shared" / "data" / "feeds" / "rsparser"
CYCLE_SECONDS: Final = 60.0
CYCLE_MB: Final = 300.0
MATCH_RATE: Final = 50_000.0
FOLLOWED: Final = 200
ROOMS: Final = 50
ROOMS_PER_ACTOR: Final = 5
NEW_ITEMS: Final = 2
CYCLES: Final = ("prime", "steady", "unchanged")
_SHAPE_LENGTH: Final = 130
_COLUMNS: Final = re.compile(r"SELECT (?!count)[^()]+? FROM")
_PARAMETERS: Final = re.compile(r"\?(?:, \?)+|\(\?(?:, \?)*\)(?:, \(\?(?:, \?)*\))+")

_MULTIWORD: Final = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b")
_MID_SENTENCE: Final = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b")
_CAPITALISED: Final = re.compile(r"\b[A-Z][a-z]{2,}\b")
_UPPER: Final = re.compile(r"\b[A-Z][A-Z0-9]{2,5}\b")
_ANY_WORD: Final = re.compile(r"\w+")
_SUFFIXES: Final = (
    "Group",
    "Agency",
    "Council",
    "Foundation",
    "Institute",
    "Party",
    "Front",
    "Movement",
    "Authority",
    "Company",
    "Union",
    "Alliance",
)
_SYLLABLES: Final = ("ka", "lo", "mi", "ren", "da", "vor", "tel", "sa", "ni", "bru", "gan", "hol")


# Inputs --------------------------------------------------------------------------------------


def _texts(data: Path) -> list[tuple[str, str]]:
    """Return the distinct (title, summary) pairs of every feed in the folder that parses."""
    found: dict[tuple[str, str], None] = {}
    for path in sorted(data.iterdir()):
        if not path.is_file() or path.name == "LICENSE":
            continue
        try:
            feed = parse_feed(path.read_bytes(), url=f"https://feeds.example.org/{path.name}")
        except FeedError:
            continue  # a truncated sample in the collection
        for item in feed.items:
            if item.title.strip():
                found[(item.title, item.summary)] = None
    if not found:
        raise SystemExit(f"no feed items under {data}")
    return list(found)


@dataclass(frozen=True, slots=True)
class _Names:
    """Names that occur in the stories, most frequent first, and words to invent others from."""

    multiword: list[str]
    acronyms: list[str]
    single: list[str]
    proper: list[str]  # capitalised words never written in lower case
    first: list[str]  # first words of two-word names, mostly given names

    def mixed(self, count: int) -> list[str]:
        """Return `count` names: half multiword, a quarter acronyms, a quarter single words."""
        acronyms = self.acronyms[: count // 4]
        single = self.single[: count // 4]
        multiword = self.multiword[: count - len(acronyms) - len(single)]
        return [*multiword, *acronyms, *single][:count]


def _followed(
    names: _Names, texts: Sequence[tuple[str, str]], count: int, *, popular: bool
) -> list[str]:
    """Return what the rooms follow: specific names (in 2 to 6 stories each) or the commonest."""
    stories = [f"{title}\n{summary}" for title, summary in texts]
    followed: list[str] = []
    for pool, share in ((names.multiword, 2), (names.acronyms, 4), (names.single, 4)):
        wanted = count // share
        if popular:
            followed.extend(pool[:wanted])
            continue
        matcher = ActorMatcher(enumerate(pool))
        mentions: Counter[int] = Counter()
        for text in stories:
            mentions.update(matcher.find(text))
        followed.extend([n for i, n in enumerate(pool) if 2 <= mentions[i] <= 6][:wanted])
    return followed


def _real_names(texts: Sequence[tuple[str, str]]) -> _Names:
    """Find the names in the texts: capitalised runs, acronyms and proper nouns."""
    lower: set[str] = set()
    for title, summary in texts:
        lower.update(w for w in _ANY_WORD.findall(f"{title}\n{summary}") if w.islower())
    multiword: Counter[str] = Counter()
    acronyms: Counter[str] = Counter()
    single: Counter[str] = Counter()
    proper: set[str] = set()
    for title, summary in texts:
        text = f"{title}\n{summary}"
        runs = set()
        for run in _MULTIWORD.findall(text):
            words = run.split()
            # A sentence's capitalised first word is an ordinary word, not part of the name.
            while words and words[0].lower() in lower:
                words.pop(0)
            if len(words) >= 2:
                runs.add(" ".join(words))
        multiword.update(runs)
        acronyms.update({m for m in _UPPER.findall(text) if is_acronym(m)})
        single.update({w for w in _MID_SENTENCE.findall(text) if w.lower() not in lower})
        proper.update(w for w in _CAPITALISED.findall(text) if w.lower() not in lower)

    def ranked(counts: Counter[str]) -> list[str]:
        return [name for name, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    names = ranked(multiword)
    return _Names(
        multiword=names,
        acronyms=ranked(acronyms),
        single=ranked(single),
        proper=sorted(proper),
        first=sorted({n.split()[0] for n in names if len(n.split()) == 2}),
    )


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split()).upper()


def _actors(names: _Names, count: int, rng: random.Random) -> list[list[str]]:
    """Return `count` actors, each a list of names (the first is the main one).

    A tenth are names that occur in the stories; the rest are made up from their proper nouns
    and given names, so that they share first words with real text as real names do.
    """
    actors: list[list[str]] = []
    taken: set[str] = set()

    def add(group: list[str]) -> None:
        group = [n for n in dict.fromkeys(group) if n not in taken]
        if group:
            taken.update(group)
            actors.append(group)

    for name in names.mixed(count // 10):
        initials = _initials(name)
        # Multiword names get their initials as an alias, as "Mac Power Users" (MPU) does.
        add([name, initials] if " " in name and len(initials) >= 3 else [name])
    while len(actors) < count:
        kind = rng.random()
        if kind < 0.45:  # an organisation, with its initials
            name = f"{rng.choice(names.proper)} {rng.choice(names.proper)} {rng.choice(_SUFFIXES)}"
            add([name, _initials(name)])
        elif kind < 0.85:  # a person, also called by the surname
            surname = "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize()
            add([f"{rng.choice(names.first)} {surname}", surname])
        else:  # an acronym on its own
            letters = "ABCDEFGHIJKLMNOPRSTUVWZ"
            add(["".join(rng.choice(letters) for _ in range(rng.choice((3, 4, 4, 5))))])
    return actors


def _stories(texts: Sequence[tuple[str, str]], count: int, rng: random.Random) -> list[str]:
    """Return `count` story texts: the real ones cycled, each later round slightly changed."""
    result: list[str] = []
    round_ = 0
    while len(result) < count:
        for original_title, original_summary in texts:
            if len(result) >= count:
                break
            title, summary = original_title, original_summary
            variant = round_ % 4 if round_ else None
            if variant == 1:
                title = f"Update {round_}: {title}"
            elif variant == 2:
                summary = f"{summary} Reported on day {rng.randrange(1, 365)}."
            elif variant == 3:
                words = summary.split()
                if len(words) > 4:
                    del words[rng.randrange(len(words))]
                summary = " ".join(words)
            elif variant == 0:
                title = title.upper() if rng.random() < 0.1 else title.lower()
            result.append(f"{title}\n{summary}")
        round_ += 1
    return result


# Poll cycle ----------------------------------------------------------------------------------


class _Clock:
    """A clock the benchmark moves; it ticks a millisecond per reading, so times stay ordered."""

    def __init__(self) -> None:
        self.current = datetime(2024, 10, 7, 9, 30, tzinfo=UTC)

    def now(self) -> datetime:
        self.current += timedelta(milliseconds=1)
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class _CountingOutbox:
    """An outbox that only counts what it is asked to post."""

    def __init__(self) -> None:
        self.sends = 0

    async def send(self, room: str, replies: Sequence[Reply], *, key: str) -> None:
        self.sends += 1


@dataclass(frozen=True, slots=True)
class _Cycle:
    name: str
    seconds: float
    polled: int
    full: int
    not_modified: int
    items_read: int
    newly_seen: int
    stories: int
    alerts: int
    failed: int
    cpu_seconds: float
    loop_cpu_seconds: float
    statements: int
    transactions: int
    lock_wait_seconds: float
    rss_start_mb: float
    rss_peak_mb: float
    traced_peak_mb: float | None


class _Statements:
    """Count and time the SQL the poller runs, by statement shape."""

    def __init__(self, database: Database) -> None:
        self.count: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self.commits = 0
        engine = database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "commit", self._commit)

    def reset(self) -> None:
        self.count.clear()
        self.seconds.clear()
        self.commits = 0

    def _before(self, connection: Any, *_args: Any) -> None:
        connection.info.setdefault("bench_started", []).append(time.perf_counter())

    def _after(self, connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seconds = time.perf_counter() - connection.info["bench_started"].pop()
        shape = " ".join(statement.split())
        shape = _COLUMNS.sub("SELECT … FROM", _PARAMETERS.sub("?", shape))[:_SHAPE_LENGTH]
        self.count[shape] += 1
        self.seconds[shape] += seconds

    def _commit(self, _connection: Any) -> None:
        self.commits += 1

    def print_top(self, name: str, limit: int = 12) -> None:
        print(f"\n--- SQL of the {name} cycle: statements by total time (awaited, in ms) ---")
        print(f"{'count':>8} {'total ms':>10} {'ms each':>8}  statement")
        for shape, seconds in self.seconds.most_common(limit):
            count = self.count[shape]
            print(f"{count:>8} {seconds * 1000:>10.0f} {seconds * 1000 / count:>8.2f}  {shape}")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mb(field: str) -> float:
    """Return a size from /proc/self/status (VmRSS now, VmHWM the peak) in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    # Without /proc, the lifetime peak is the best there is.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0 and later).
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        pass


async def _count(database: Database, table: Table, *where: ColumnElement[bool]) -> int:
    async with database.engine.connect() as connection:
        statement = select(func.count()).select_from(table).where(*where)
        return int((await connection.execute(statement)).scalar_one())


async def _tally(database: Database) -> tuple[int, int, int, int]:
    return (
        await _count(database, seen),
        await _count(database, stories),
        await _count(database, outbox),
        await _count(database, sources, sources.c.error_count > 0),
    )


async def _timed_cycle(
    name: str,
    poll: Callable[[], Awaitable[int]],
    database: Database,
    server: FeedServer,
    sql: _Statements,
    *,
    trace: bool,
    profile: bool,
) -> _Cycle:
    before, served = await _tally(database), await server.stats()
    gc.collect()
    rss_start = _rss_mb("VmRSS")
    _reset_peak()
    if trace:
        tracemalloc.start()
    profiler = cProfile.Profile() if profile else None
    sql.reset()
    cpu, loop_cpu = _cpu_seconds(), time.thread_time()
    start = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    polled = await poll()
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - start
    cpu, loop_cpu = _cpu_seconds() - cpu, time.thread_time() - loop_cpu
    statements, transactions = sum(sql.count.values()), sql.commits
    lock_wait = sum(t for shape, t in sql.seconds.items() if shape.startswith("BEGIN"))
    if profile:
        sql.print_top(name)
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    rss_peak = _rss_mb("VmHWM")
    after, now_served = await _tally(database), await server.stats()
    if profiler is not None:
        _print_profile(name, profiler)
    return _Cycle(
        name=name,
        seconds=seconds,
        polled=polled,
        full=now_served.full - served.full,
        not_modified=now_served.not_modified - served.not_modified,
        items_read=now_served.items_served - served.items_served,
        newly_seen=after[0] - before[0],
        stories=after[1] - before[1],
        alerts=after[2] - before[2],
        failed=after[3],
        cpu_seconds=cpu,
        loop_cpu_seconds=loop_cpu,
        statements=statements,
        transactions=transactions,
        lock_wait_seconds=lock_wait,
        rss_start_mb=rss_start,
        rss_peak_mb=rss_peak,
        traced_peak_mb=traced,
    )


def _print_profile(name: str, profiler: cProfile.Profile) -> None:
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(order).print_stats(25)
        print(f"\n--- cProfile of the {name} cycle, by {order} (event-loop thread only) ---")
        print(out.getvalue().split("\n\n", 1)[-1].rstrip())


async def _poll_cycles(
    args: argparse.Namespace, texts: Sequence[tuple[str, str]], followed: Sequence[str]
) -> tuple[list[_Cycle], tuple[int, float] | None]:
    rng = random.Random(7)
    with (
        feed_server(texts, feeds=args.feeds, items=args.items) as server,
        tempfile.TemporaryDirectory(prefix="tidings-bench-") as folder,
    ):
        database = Database(f"sqlite:///{folder}/tidings.db")
        await database.open()
        try:
            await database.migrate()
            store = TrackingStore(database)
            clock = _Clock()
            ids = await store.learn(
                [
                    Actor(name, ActorKind.ORGANISATION if is_acronym(name) else ActorKind.GROUP)
                    for name in followed
                ]
            )
            rooms = [f"console:room-{r}" for r in range(ROOMS)]
            for index, actor_id in enumerate(ids):
                # Every name has a follower; most have a few, in rooms picked at random.
                chosen = {rooms[index % ROOMS], *rng.sample(rooms, ROOMS_PER_ACTOR - 1)}
                for room in sorted(chosen):
                    await store.follow(room, actor_id, now=clock.now())
            for feed in range(args.feeds):
                await store.add_source(
                    server.url(feed), SourceKind.FEED, room=None, now=clock.now()
                )
            outbox_ = _CountingOutbox()
            sql = _Statements(database)
            async with HttpFetcher(allow_hosts=["127.0.0.1"]) as fetcher:
                tracker = Tracker(
                    store=store,
                    fetcher=fetcher,
                    reader=None,
                    outbox=outbox_,
                    clock=clock,
                    owner="bench",
                    options=TrackingOptions(read_articles=False, concurrency=args.concurrency),
                    rng=random.Random(11),
                )
                cycles = []
                for name in CYCLES:
                    if name == "steady":
                        await _backlog(database, args.backlog, clock.now())
                        await server.advance(NEW_ITEMS)
                    # Past every source's next poll (15 minutes, give or take 10 %).
                    clock.advance(timedelta(hours=1))
                    cycles.append(
                        await _timed_cycle(
                            name,
                            tracker.poll_due,
                            database,
                            server,
                            sql,
                            trace=args.tracemalloc,
                            profile=args.profile == name,
                        )
                    )
                delivered = None
                if args.deliver:
                    start = time.perf_counter()
                    await _deliver_all(tracker, database)
                    delivered = (outbox_.sends, time.perf_counter() - start)
        finally:
            await database.close()
    return cycles, delivered


async def _backlog(database: Database, count: int, now: datetime) -> None:
    """Record two days of earlier stories, as a running instance holds, for the duplicate check."""
    if not count:
        return
    rng = np.random.default_rng(5)
    rows = [
        {
            "canonical_url": f"https://archive.example.org/story/{n}",
            "title": f"Earlier story {n}",
            "summary": "",
            # Random signatures: as costly to compare as real ones, and never a duplicate.
            "fingerprint": similarity.encode(
                rng.integers(0, 2**32, size=similarity.PERMUTATIONS, dtype=np.uint32)
            ),
            "first_seen_at": now - timedelta(hours=48) * (n / count),
        }
        for n in range(count)
    ]
    async with database.engine.begin() as connection:
        await connection.execute(stories.insert(), rows)


def _new_mentions(
    texts: Sequence[tuple[str, str]], followed: Sequence[str], *, feeds: int, items: int
) -> int:
    """Count the items the steady cycle brings that mention a followed name."""
    matcher = ActorMatcher(enumerate(followed))
    count = 0
    for feed in range(feeds):
        for seq in range(items, items + NEW_ITEMS):
            title, summary = texts[story_index(feed, seq, len(texts))]
            count += bool(matcher.find(f"{title}\n{summary}"))
    return count


async def _deliver_all(tracker: Tracker, database: Database) -> None:
    """Send every queued alert: immediate ones up to each room's limit, the rest as digests."""
    for _ in range(10_000):
        await tracker.deliver()
        if not await _count(
            database, outbox, outbox.c.delivered_at.is_(None), outbox.c.kind == "immediate"
        ):
            break
    await tracker.send_digests()


# Matching ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Matching:
    actors: int
    names: int
    stories: int
    build_seconds: float
    seconds: float
    tokenise_seconds: float
    mean_chars: float
    hit_stories: int
    hits: int
    anchor_build_seconds: float
    anchor_stories: int
    anchor_seconds: float
    anchor_hit_stories: int
    ours_on_subset_seconds: float
    ours_hit_stories_on_subset: int
    acronym_names: int
    acronym_agreement: float
    acronym_hit_stories: tuple[int, int]
    acronym_agreement_on_hits: float
    disagreements: list[tuple[str, set[str], set[str]]]


def _matching(
    texts: Sequence[tuple[str, str]], real: _Names, args: argparse.Namespace
) -> _Matching:
    rng = random.Random(3)
    actors = _actors(real, args.actors, rng)
    names = [(actor_id, name) for actor_id, group in enumerate(actors) for name in group]
    corpus = _stories(texts, args.stories, rng)

    start = time.perf_counter()
    matcher = ActorMatcher(names)
    build = time.perf_counter() - start
    find = matcher.find
    start = time.perf_counter()
    found = [find(text) for text in corpus]
    seconds = time.perf_counter() - start

    # The floor under any word-based matcher: splitting the text into words.
    start = time.perf_counter()
    for text in corpus:
        _ANY_WORD.findall(text)
    tokenise = time.perf_counter() - start

    # The anchor: one alternation of every name, as the regex is usually written.
    subset = corpus[: args.anchor_stories]
    start = time.perf_counter()
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for _, n in names) + r")\b")
    anchor_build = time.perf_counter() - start
    owners: dict[str, set[int]] = {}
    for actor_id, name in names:
        owners.setdefault(name, set()).add(actor_id)
    start = time.perf_counter()
    anchor_matches = [pattern.findall(text) for text in subset]
    anchor_found = [{i for match in matches for i in owners[match]} for matches in anchor_matches]
    anchor_seconds = time.perf_counter() - start
    start = time.perf_counter()
    ours_subset = [find(text) for text in subset]
    ours_subset_seconds = time.perf_counter() - start

    # Both match acronyms case-sensitively, so there they should agree name for name. Acronyms
    # cannot overlap the anchor's other names (those are all capitalised words), so the anchor's
    # own matches serve; ours come from a matcher of the acronyms alone, one id per name.
    acronyms = sorted({n for _, n in names if is_acronym(n) and n.isalnum()})
    acronym_set = frozenset(acronyms)
    acronym_matcher = ActorMatcher(enumerate(acronyms))
    same = same_hit = either = ours_hit = theirs_hit = 0
    disagreements: list[tuple[str, set[str], set[str]]] = []
    for text, matches in zip(subset, anchor_matches, strict=True):
        ours = {acronyms[i] for i in acronym_matcher.find(text)}
        theirs = {m for m in matches if m in acronym_set}
        ours_hit += bool(ours)
        theirs_hit += bool(theirs)
        same += ours == theirs
        if ours or theirs:
            either += 1
            same_hit += ours == theirs
            if ours != theirs and len(disagreements) < 5:
                disagreements.append((text[:90].replace("\n", " / "), ours, theirs))
    return _Matching(
        actors=len(actors),
        names=len(names),
        stories=len(corpus),
        build_seconds=build,
        seconds=seconds,
        tokenise_seconds=tokenise,
        mean_chars=sum(map(len, corpus)) / len(corpus),
        hit_stories=sum(bool(f) for f in found),
        hits=sum(len(f) for f in found),
        anchor_build_seconds=anchor_build,
        anchor_stories=len(subset),
        anchor_seconds=anchor_seconds,
        anchor_hit_stories=sum(bool(f) for f in anchor_found),
        ours_on_subset_seconds=ours_subset_seconds,
        ours_hit_stories_on_subset=sum(bool(f) for f in ours_subset),
        acronym_names=len(acronyms),
        acronym_agreement=same / max(1, len(subset)),
        acronym_hit_stories=(ours_hit, theirs_hit),
        acronym_agreement_on_hits=same_hit / max(1, either),
        disagreements=disagreements,
    )


# Report --------------------------------------------------------------------------------------


def _row(label: str, value: str, target: str = "", verdict: str = "") -> None:
    print(f"  {label:<44} {value:>16}   {target:<14} {verdict}")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _print_cycles(
    cycles: Sequence[_Cycle],
    delivered: tuple[int, float] | None,
    mentions: int,
    args: argparse.Namespace,
) -> None:
    titles = {
        "prime": "(a) first cycle: primes every feed",
        "steady": f"(b) steady state: +{NEW_ITEMS} items per feed",
        "unchanged": "(c) nothing changed: conditional GETs",
    }
    kind = "commonest names" if args.popular else "specific names (each in 2-6 stories)"
    print(
        f"\nPoll cycle: {args.feeds} feeds x {args.items} items, {args.concurrency} polled at a "
        f"time\n  {ROOMS} rooms follow {FOLLOWED} {kind}, each in about {ROOMS_PER_ACTOR} rooms"
    )
    if args.backlog:
        print(f"  {args.backlog} earlier stories recorded before the steady cycle")
    print(f"  {'figure':<44} {'measured':>16}   {'target':<14}")
    for cycle in cycles:
        print(f"\n {titles[cycle.name]}")
        _row(
            "wall time (poll_due)",
            f"{cycle.seconds:.1f} s",
            f"< {CYCLE_SECONDS:.0f} s",
            _verdict(cycle.seconds < CYCLE_SECONDS),
        )
        _row("throughput", f"{cycle.polled / cycle.seconds:.0f} feeds/s")
        _row("CPU time of the poller process", f"{cycle.cpu_seconds:.1f} s")
        _row("  in the event-loop thread", f"{cycle.loop_cpu_seconds:.1f} s")
        _row("SQL statements / commits", f"{cycle.statements} / {cycle.transactions}")
        _row("  time in BEGIN IMMEDIATE, summed over polls", f"{cycle.lock_wait_seconds:.1f} s")
        _row(
            "feeds polled",
            f"{cycle.polled}",
            f"= {args.feeds}",
            _verdict(cycle.polled == args.feeds),
        )
        _row("answers 200 / 304", f"{cycle.full} / {cycle.not_modified}")
        _row("items read from feeds", f"{cycle.items_read}")
        _row("items newly marked seen", f"{cycle.newly_seen}")
        if cycle.name == "steady":
            _row("  of which mention a followed name", f"{mentions}")
        _row("stories recorded", f"{cycle.stories}")
        _row("alerts queued", f"{cycle.alerts}")
        _row("sources failing", f"{cycle.failed}", "= 0", _verdict(cycle.failed == 0))
        _row(
            "peak RSS of the poller (VmHWM)",
            f"{cycle.rss_peak_mb:.0f} MB",
            f"< {CYCLE_MB:.0f} MB",
            _verdict(cycle.rss_peak_mb < CYCLE_MB),
        )
        _row(
            "  growth over RSS at cycle start", f"{cycle.rss_peak_mb - cycle.rss_start_mb:+.0f} MB"
        )
        if cycle.traced_peak_mb is not None:
            _row("  tracemalloc peak (slows the cycle)", f"{cycle.traced_peak_mb:.0f} MB")
    if delivered is None:
        return
    sends, seconds = delivered
    print("\n (d) delivery of the queued alerts (immediate up to 5/room/hour, rest as digests)")
    _row("messages posted (immediate + digests)", f"{sends}")
    _row("wall time (deliver + send_digests)", f"{seconds:.1f} s")


def _print_matching(result: _Matching) -> None:
    rate = result.stories / result.seconds
    anchor_rate = result.anchor_stories / result.anchor_seconds
    subset_rate = result.anchor_stories / result.ours_on_subset_seconds
    print(
        f"\nMatching: {result.stories} stories against {result.actors} actors "
        f"({result.names} names and aliases)"
    )
    print(f"  {'figure':<44} {'measured':>16}   {'target':<14}")
    _row(
        "ActorMatcher.find",
        f"{rate:,.0f} stories/s",
        f"> {MATCH_RATE:,.0f}/s",
        _verdict(rate > MATCH_RATE),
    )
    _row(
        "  floor: splitting into words (\\w+) alone",
        f"{result.stories / result.tokenise_seconds:,.0f} stories/s",
    )
    _row("  mean story length", f"{result.mean_chars:.0f} chars")
    _row("ActorMatcher build", f"{result.build_seconds * 1000:.0f} ms")
    _row("stories with a hit / actor hits", f"{result.hit_stories} / {result.hits}")
    print(f"\n Anchor on the first {result.anchor_stories} stories (same run)")
    _row("ActorMatcher.find", f"{subset_rate:,.0f} stories/s")
    _row("one regex alternation of all names", f"{anchor_rate:,.0f} stories/s")
    _row("  speed-up", f"{subset_rate / anchor_rate:.0f}x")
    _row("  regex compile", f"{result.anchor_build_seconds * 1000:.0f} ms")
    _row(
        "stories with a hit: ours / regex",
        f"{result.ours_hit_stories_on_subset} / {result.anchor_hit_stories}",
    )
    ours_hit, theirs_hit = result.acronym_hit_stories
    print(f"\n Case-sensitive acronyms only ({result.acronym_names} names), same subset")
    _row("stories with a hit: ours / regex", f"{ours_hit} / {theirs_hit}")
    _row("stories with the same actors found", f"{result.acronym_agreement:.2%}")
    _row("  among stories either one hit", f"{result.acronym_agreement_on_hits:.2%}")
    for text, ours, theirs in result.disagreements:
        print(f"    differs: ours={sorted(ours)} regex={sorted(theirs)}  {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--feeds", type=positive, default=1000)
    parser.add_argument("--items", type=positive, default=50)
    parser.add_argument("--stories", type=positive, default=100_000)
    parser.add_argument("--actors", type=positive, default=10_000)
    parser.add_argument("--anchor-stories", type=positive, default=10_000)
    parser.add_argument("--profile", choices=CYCLES, help="print a cProfile of one cycle")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
    )
    parser.add_argument(
        "--popular",
        action="store_true",
        help="follow the commonest names rather than specific ones (many more alerts)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=TrackingOptions().concurrency,
        help="feeds polled at once (the tracker's default unless given)",
    )
    parser.add_argument(
        "--backlog",
        type=int,
        default=0,
        help="stories already recorded in the last two days before the steady cycle",
    )
    parser.add_argument(
        "--deliver", action="store_true", help="also time delivering the queued alerts"
    )
    parser.add_argument("--skip-matching", action="store_true")
    parser.add_argument("--skip-polling", action="store_true")
    args = parser.parse_args()

    started = time.perf_counter()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{os.cpu_count()} CPUs, load average {load} (other work on the machine skews times)")
    texts = _texts(args.data)
    real = _real_names(texts)
    followed = _followed(real, texts, FOLLOWED, popular=args.popular)
    print(
        f"{len(texts)} distinct stories from {args.data}; names in them: "
        f"{len(real.multiword)} multiword, {len(real.acronyms)} acronyms, "
        f"{len(real.single)} single proper nouns"
    )
    print(f"followed in the poll cycle ({len(followed)}): {', '.join(followed[::25])}, ...")
    if not args.skip_polling:
        cycles, delivered = asyncio.run(_poll_cycles(args, texts, followed))
        mentions = _new_mentions(texts, followed, feeds=args.feeds, items=args.items)
        _print_cycles(cycles, delivered, mentions, args)
    if not args.skip_matching:
        _print_matching(_matching(texts, real, args))
    print(f"\nwhole benchmark: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
