"""The article cache on a real database: round trips, replacement, expiry and failures."""

from __future__ import annotations

import dataclasses
import logging
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select, text, update

from bot.core.model import (
    Actor,
    ActorKind,
    Article,
    Comment,
    DateFact,
    Discussion,
    Facts,
    Figure,
    Report,
    Summary,
)
from bot.store import Database, SqlReportCache
from bot.store.tables import article_cache

if TYPE_CHECKING:
    from tests.support.database import ManualClock

URL = "https://news.example.org/2024/10/07/clashes-western-aleppo"


def _report(title: str = "Clashes between HTS and al-Zenki kill nine in western Aleppo") -> Report:
    return Report(
        article=Article(
            url=URL,
            title=title,
            text=(
                "Hay'at Tahrir al-Sham (HTS) fighters clashed with the Nour al-Din al-Zenki "
                "Movement near Mizanaz on October 6.\n\nSix militants and three civilians were "
                "killed, according to the Syrian Observatory for Human Rights (SOHR)."
            ),
            site="Example News",
            author="Staff reporter",
            published=date(2024, 10, 6),
            language="en",
            comments=(
                Comment("Who started it this time?", "reader_one", 0),
                Comment("HTS did, a day earlier at Kafr Halab.", "هادي", 1),
                Comment("Source? «citation needed»", None, 2),
            ),
        ),
        summary=Summary(
            (
                "HTS fighters clashed with al-Zenki near Mizanaz on October 6.",
                "Six militants and three civilians were killed, according to SOHR.",
            ),
            "en",
        ),
        facts=Facts(
            actors=(
                Actor("Hay'at Tahrir al-Sham", ActorKind.GROUP, ("HTS",)),
                Actor("Nour al-Din al-Zenki Movement", ActorKind.GROUP, ("al-Zenki",)),
                Actor("Syrian Observatory for Human Rights", ActorKind.ORGANISATION, ("SOHR",)),
            ),
            places=("Mizanaz", "Kafr Nouran", "Kafr Halab", "western Aleppo countryside"),
            dates=(
                DateFact("October 6", date(2024, 10, 6)),
                DateFact("a day earlier", date(2024, 10, 5)),
                DateFact("recently", None),
            ),
            figures=(
                Figure("six militants", 6.0, "militants killed"),
                Figure("three civilians", 3.0, "civilians killed"),
                Figure("2.5 km", 2.5, "distance"),
            ),
            attribution=("according to the Syrian Observatory for Human Rights",),
        ),
        discussion=Discussion(
            comment_count=3, participant_count=2, points=("Readers ask who started the clashes.",)
        ),
    )


async def _rows(database: Database) -> int:
    async with database.engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(article_cache)) or 0)


async def test_a_missing_report_is_a_miss(database: Database, clock: ManualClock) -> None:
    cache = SqlReportCache(database, clock=clock)
    assert await cache.get(URL) is None


async def test_a_full_report_comes_back_equal(database: Database, clock: ManualClock) -> None:
    cache = SqlReportCache(database, clock=clock)
    report = _report()
    await cache.put(URL, report)
    assert await cache.get(URL) == report
    # Another process reading the same database gets the same report.
    assert await SqlReportCache(database, clock=clock).get(URL) == report
    assert await cache.get(URL + "?page=2") is None


async def test_a_report_without_discussion_or_dates_comes_back_equal(
    database: Database, clock: ManualClock
) -> None:
    cache = SqlReportCache(database, clock=clock)
    bare = _report()
    bare = dataclasses.replace(
        bare,
        article=dataclasses.replace(bare.article, published=None, comments=(), author=None),
        discussion=None,
    )
    await cache.put(URL, bare)
    assert await cache.get(URL) == bare


async def test_put_replaces_the_earlier_report(database: Database, clock: ManualClock) -> None:
    cache = SqlReportCache(database, clock=clock)
    await cache.put(URL, _report("First version"))
    clock.advance(timedelta(minutes=5))
    await cache.put(URL, _report("Corrected version"))
    cached = await cache.get(URL)
    assert cached is not None
    assert cached.article.title == "Corrected version"
    assert await _rows(database) == 1


async def test_reports_expire_after_the_ttl(database: Database, clock: ManualClock) -> None:
    cache = SqlReportCache(database, clock=clock, ttl=timedelta(hours=6))
    await cache.put(URL, _report())
    clock.advance(timedelta(hours=6) - timedelta(seconds=1))
    assert await cache.get(URL) is not None
    clock.advance(timedelta(seconds=1))
    assert await cache.get(URL) is None
    # Storing it again makes it fresh again, in the same row.
    await cache.put(URL, _report())
    assert await cache.get(URL) is not None
    assert await _rows(database) == 1


async def test_replacing_a_report_restarts_its_ttl(database: Database, clock: ManualClock) -> None:
    cache = SqlReportCache(database, clock=clock, ttl=timedelta(hours=1))
    await cache.put(URL, _report())
    clock.advance(timedelta(minutes=50))
    await cache.put(URL, _report("Updated"))
    clock.advance(timedelta(minutes=50))
    cached = await cache.get(URL)
    assert cached is not None
    assert cached.article.title == "Updated"


async def test_prune_deletes_only_stale_reports(database: Database, clock: ManualClock) -> None:
    cache = SqlReportCache(database, clock=clock, ttl=timedelta(hours=1))
    await cache.put(URL + "/old", _report())
    clock.advance(timedelta(minutes=90))
    await cache.put(URL + "/new", _report())
    assert await cache.prune() == 1
    assert await _rows(database) == 1
    assert await cache.get(URL + "/new") is not None


async def test_an_unreadable_report_is_a_miss(
    database: Database, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    cache = SqlReportCache(database, clock=clock)
    await cache.put(URL, _report())
    async with database.engine.begin() as connection:
        await connection.execute(update(article_cache).values(report={"title": "old shape"}))
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        assert await cache.get(URL) is None
    assert URL in caplog.text


async def test_very_long_urls_are_not_cached(database: Database, clock: ManualClock) -> None:
    cache = SqlReportCache(database, clock=clock)
    long_url = URL + "?utm=" + "x" * 5000
    await cache.put(long_url, _report())
    assert await cache.get(long_url) is None
    assert await _rows(database) == 0


async def test_a_failing_database_only_costs_the_cache(
    database: Database, clock: ManualClock, caplog: pytest.LogCaptureFixture
) -> None:
    cache = SqlReportCache(database, clock=clock)
    await cache.put(URL, _report())
    await database.close()
    with caplog.at_level(logging.WARNING, logger="bot.store"):
        assert await cache.get(URL) is None
        await cache.put(URL, _report())
    assert caplog.text.count(URL) == 2


async def test_non_latin_text_is_stored_readably_on_sqlite(
    tmp_path: Path, clock: ManualClock
) -> None:
    async with Database(f"sqlite:///{tmp_path / 'tidings.db'}") as database:
        await database.migrate()
        await SqlReportCache(database, clock=clock).put(URL, _report())
        async with database.engine.connect() as connection:
            raw = await connection.scalar(text("SELECT report FROM article_cache"))
    assert "هادي" in raw
    assert '"title":"Clashes' in raw


def test_the_ttl_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="positive"):
        SqlReportCache(Database(f"sqlite:///{tmp_path}/t.db"), ttl=timedelta(0))
