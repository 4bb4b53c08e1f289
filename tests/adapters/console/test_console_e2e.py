"""End to end through the console adapter: real fetcher, extractor, summariser, facts, SQLite."""

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.console import ConsoleAdapter
from bot.app import Services, open_services
from bot.core.model import ReplyKind
from bot.core.render import render_text
from bot.settings import FetchSettings, Settings
from tests.support.pages import PAGES

COMMENT_WORDS = ("Rustam", "NorthernHawk", "alphabet soup", "sponsors", "troll", "Leave a Reply")
CLUTTER = ("2,500 $", "Illustrative image", "Consider helping us", "Share this", "Recent Posts")


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    settings = Settings(
        data_dir=tmp_path,
        fetch=FetchSettings(allow_hosts=["127.0.0.1"], total_timeout=2.0, max_bytes=200_000),
    )
    async with open_services(settings) as built:
        yield built


@pytest.fixture
def console(services: Services) -> ConsoleAdapter:
    return ConsoleAdapter(services.handler, stdin=io.StringIO(), stdout=io.StringIO(), user="ana")


async def test_seed_like_page_gives_article_summary_and_full_facts(console, page_server):
    adapter = console
    [reply] = await adapter.respond(f"!summarize {page_server}/pages/aleppo-clashes.html")
    assert reply.kind is ReplyKind.REPORT, reply.body
    report = reply.report
    assert report is not None
    assert reply.title == "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"

    article_text = report.article.text
    for sentence in report.summary.sentences:
        assert sentence in article_text
    text = render_text(reply)
    for noise in COMMENT_WORDS + CLUTTER:
        assert noise not in article_text
        assert noise not in reply.body
    assert 3 <= len(report.summary.sentences) <= 5

    facts = report.facts
    actors = {a.name: set(a.aliases) for a in facts.actors}
    assert "HTS" in actors["Hay'at Tahrir al-Sham"]
    assert "al-Zenki" in actors["Nour al-Din al-Zenki Movement"]
    assert "NFL" in actors["National Front of Liberation"]
    assert "SOHR" in actors["Syrian Observatory for Human Rights"]
    places = " | ".join(facts.places)
    for place in ("Mizanaz", "Kafr Nouran", "Kafr Halab", "western Aleppo countryside"):
        assert place in places
    dates = {d.text.lower(): d.date.isoformat() if d.date else None for d in facts.dates}
    assert "2018-10-06" in {dates.get("on october 6"), dates.get("october 6")}, dates
    assert "2018-10-05" in dates.values()
    counted = {(f.value, f.what) for f in facts.figures}
    assert (6, "militants killed") in counted
    assert (3, "civilians killed") in counted
    assert any("SOHR" in a or "Syrian Observatory" in a for a in facts.attribution)

    assert report.discussion is not None
    assert report.discussion.comment_count == 9
    assert "Who:" in text
    assert "Discussion: 9 comments" in text


async def test_second_request_is_served_from_the_cache(console, page_server, feeds):
    # The page is gone from the server by the second request: only the cache can answer it.
    feeds.put("article.html", (PAGES / "aleppo-clashes.html").read_bytes(), "text/html")
    url = f"{page_server}/feeds/article.html"
    [first] = await console.respond(f"!summarize {url}")
    assert first.kind is ReplyKind.REPORT
    del feeds.documents["article.html"]
    [second] = await console.respond(f"!summarize {url}")
    assert second.report == first.report
    assert feeds.requests == ["article.html"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("hello", r"doesn't look like a web address"),
        ("ftp://127.0.0.1/file.txt", r"(?i)only .*http"),
        ("http://10.1.2.3/admin", r"(?i)private"),
        ("http://169.254.169.254/latest/meta-data/", r"(?i)private|link-local|not allowed"),
        ("{base}/status/404", r"404"),
        ("{base}/status/500", r"500"),
        ("{base}/slow?seconds=5", r"(?i)time|too long|did not answer"),
        ("{base}/huge", r"(?i)too (large|big)|larger than"),
        ("{base}/image.png", r"(?i)image"),
        ("{base}/report.pdf", r"(?i)pdf"),
        ("{base}/empty", r"(?i)empty|no article|nothing"),
        ("{base}/bad-charset", r"."),
    ],
)
async def test_bad_input_gets_one_clear_line(console, page_server, target, expected):
    adapter = console
    [reply] = await adapter.respond("!summarize " + target.format(base=page_server))
    if target.endswith("bad-charset"):
        # An unknown charset label must not lose the page: it is decoded another way.
        assert reply.kind is ReplyKind.REPORT
        return
    assert reply.kind is ReplyKind.ERROR
    assert "\n" not in reply.body
    assert len(reply.body) < 160
    assert re.search(expected, reply.body), reply.body


async def test_run_reads_lines_until_end_of_input(services, page_server):
    lines = f"!help\n\nhello there\n!summarize {page_server}/pages/aleppo-clashes.html\n"
    out = io.StringIO()
    adapter = ConsoleAdapter(services.handler, stdin=io.StringIO(lines), stdout=out, user="ana")
    await adapter.run()
    printed = out.getvalue()
    assert "Tidings commands" in printed
    assert "HTS Renews Offensive" in printed
    assert "Consider helping us" not in printed
