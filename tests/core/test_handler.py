"""The handler over fake ports: what each command answers, and how failures read."""

from collections.abc import Sequence
from datetime import UTC, date, datetime

import pytest

from bot.core.errors import FailureReason, FetchError
from bot.core.handler import Handler
from bot.core.model import (
    Actor,
    ActorKind,
    Article,
    ChatMessage,
    Comment,
    DateFact,
    Discussion,
    Facts,
    Figure,
    Page,
    ReplyKind,
    Summary,
)
from bot.core.reading import Reader
from bot.core.render import render_text

PAGES = {
    "https://news.example/flood": "<p>Flood waters rose. Officials said more rain is coming.</p>",
}


class FakeFetcher:
    def __init__(self) -> None:
        self.calls: list[str] = []

    async def fetch(self, url: str) -> Page:
        self.calls.append(url)
        if url == "https://news.example/boom":
            raise RuntimeError("parser exploded")
        if url not in PAGES:
            raise FetchError(FailureReason.HTTP_STATUS, "The site answered 404 Not Found.")
        return Page(url, url, "text/html", "utf-8", PAGES[url])


class FakeExtractor:
    def extract(self, html: str, *, url: str | None = None) -> Article:
        text = html.replace("<p>", "").replace("</p>", "")
        return Article(
            url=url,
            title="Flood",
            text=text,
            site="News Example",
            published=date(2024, 3, 2),
            language="en",
            comments=(Comment("Stay safe", "ana", 0),),
        )

    def from_text(self, text: str, *, url: str | None = None) -> Article:
        return Article(url=url, title=None, text=text, language="en")


class FakeSummarizer:
    def summarize(self, text: str, *, language: str | None = None) -> Summary:
        return Summary(tuple(s.strip() + "." for s in text.split(".") if s.strip()), language)

    def discuss(self, comments: Sequence[Comment]) -> Discussion | None:
        return Discussion(len(comments), len({c.author for c in comments}), ("Stay safe",))

    def summarize_conversation(self, messages: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        return tuple(text for _, text in messages[:2])


class FakeFacts:
    def extract(
        self, text: str, *, published: date | None = None, language: str | None = None
    ) -> Facts:
        return Facts(
            actors=(Actor("Civil Protection Agency", ActorKind.ORGANISATION, ("CPA",)),),
            places=("Riverton",),
            dates=(DateFact("on Friday", date(2024, 3, 1)),),
            figures=(Figure("200 homes", 200, "homes flooded"),),
            attribution=("officials",),
        )


def message(text: str, **extra: object) -> ChatMessage:
    return ChatMessage(
        platform="test",
        room_id="room-1",
        message_id="m-1",
        author_id="u-1",
        author_name="Ana",
        text=text,
        sent_at=datetime(2024, 3, 2, tzinfo=UTC),
        **extra,  # type: ignore[arg-type]
    )


@pytest.fixture
def fetcher() -> FakeFetcher:
    return FakeFetcher()


@pytest.fixture
def handler(fetcher: FakeFetcher) -> Handler:
    summarizer = FakeSummarizer()
    reader = Reader(
        fetcher=fetcher, extractor=FakeExtractor(), summarizer=summarizer, facts=FakeFacts()
    )
    return Handler(reader=reader, summarizer=summarizer)


async def test_plain_chat_gets_no_reply(handler):
    assert await handler.handle(message("nice weather")) == []


async def test_summarize_reply_carries_summary_facts_and_discussion(handler):
    [reply] = await handler.handle(
        message("!summarize https://news.example/flood", thread_id="t-9")
    )
    assert reply.kind is ReplyKind.REPORT
    assert reply.in_reply_to == "m-1"
    assert reply.thread_id == "t-9"
    assert reply.title == "Flood"
    assert reply.body == "Flood waters rose. Officials said more rain is coming."
    fields = {f.name: f.value for f in reply.fields}
    assert fields["Who"] == "Civil Protection Agency (CPA)"
    assert fields["Where"] == "Riverton"
    assert fields["When"] == "on Friday (1 Mar 2024)"
    assert fields["Figures"] == "200 homes flooded"
    assert fields["According to"] == "officials"
    assert fields["Discussion"].startswith("1 comment from 1 person.")
    text = render_text(reply)
    assert text.startswith("Flood\nhttps://news.example/flood\n")
    assert "News Example · 2 Mar 2024" in text


async def test_each_link_gets_its_own_answer_and_one_failure_spares_the_others(handler):
    replies = await handler.handle(
        message("!summarize https://news.example/missing https://news.example/flood")
    )
    assert [r.kind for r in replies] == [ReplyKind.ERROR, ReplyKind.REPORT]
    assert replies[0].body == "The site answered 404 Not Found."
    assert replies[0].url == "https://news.example/missing"


async def test_unexpected_failure_is_logged_and_answered(handler, caplog):
    [reply] = await handler.handle(message("!summarize https://news.example/boom"))
    assert reply.kind is ReplyKind.ERROR
    assert reply.body == (
        "Something went wrong on my side while reading https://news.example/boom;"
        " the details are in my log."
    )
    assert "parser exploded" in caplog.text


async def test_help_lists_commands_with_the_prefix(handler):
    [reply] = await handler.handle(message("!help"))
    assert "!summarize URL" in reply.body
    assert "!follow" in reply.body


async def test_unknown_command_points_to_help(handler):
    [reply] = await handler.handle(message("!weather Paris"))
    assert reply.kind is ReplyKind.ERROR
    assert reply.body == "I don't know the command !weather. Try !help for the list."


class ListHistory:
    def __init__(self, messages: list[ChatMessage]) -> None:
        self.messages = messages

    async def recent(self, message: ChatMessage) -> Sequence[ChatMessage]:
        return self.messages


async def test_summarize_without_link_digests_the_conversation(handler, fetcher):
    earlier = [
        message("The river is rising fast"),
        message("Read this https://news.example/flood"),
        message("!help"),
    ]
    [reply] = await handler.handle(message("!summarize"), history=ListHistory(earlier))
    assert reply.title == "Conversation digest (2 messages)"
    assert "• The river is rising fast" in reply.body
    fields = {f.name: f.value for f in reply.fields}
    assert fields["Participants"] == "Ana"
    assert fields["Links shared"] == ("Flood <https://news.example/flood> — Flood waters rose.")
    assert fetcher.calls == ["https://news.example/flood"]


async def test_summarize_without_link_and_no_history_explains(handler):
    [reply] = await handler.handle(message("!summarize"))
    assert "no conversation here" in reply.body


class RecordingFacts(FakeFacts):
    def __init__(self) -> None:
        self.published: list[date | None] = []

    def extract(
        self, text: str, *, published: date | None = None, language: str | None = None
    ) -> Facts:
        self.published.append(published)
        return super().extract(text, published=published, language=language)


async def test_dates_resolve_against_today_when_the_article_has_no_date():
    facts = RecordingFacts()
    reader = Reader(
        fetcher=FakeFetcher(),
        extractor=FakeExtractor(),
        summarizer=FakeSummarizer(),
        facts=facts,
        today=lambda: date(2026, 11, 25),
    )
    await reader.read_text("On October 6 the river rose.")
    await reader.read_html("<p>Flood waters rose.</p>", url="https://news.example/flood")
    assert facts.published == [date(2026, 11, 25), date(2024, 3, 2)]


async def test_help_on_one_command_lists_only_its_lines(handler):
    [reply] = await handler.handle(message("!help unfollow"))
    assert reply.title == "Tidings: !unfollow"
    assert reply.body == (
        "!follow NAME / !unfollow NAME — follow or stop following one actor (e.g. !follow HTS)"
    )
    [summarize] = await handler.handle(message("!help !summarize"))
    assert summarize.body.count("\n") == 2  # the command, its example, the no-link form
    [unknown] = await handler.handle(message("!help weather"))
    assert unknown.title == "Tidings commands"
