"""Fixtures for the Discord adapter's tests: a handler that records what reached it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import discord
import pytest
from simcord import ChannelHandle, Env, GuildHandle, MemberActor

from bot.adapters.discord import DiscordAdapter
from bot.app import open_services
from bot.core.handler import Handler
from bot.core.model import (
    ActorKind,
    ChatMessage,
    Followed,
    Reply,
    Report,
    Source,
    SourceKind,
    TrackedActor,
)
from bot.core.ports import History, Summarizer
from bot.core.reading import Reader
from bot.settings import DiscordSettings, FetchSettings, Settings
from bot.summarize import NewsSummarizer

HTS = TrackedActor(1, "Hay'at Tahrir al-Sham", ActorKind.ORGANISATION, ("HTS",))


class FakeTracking:
    """The follow-up store, as a list of the calls it got."""

    def __init__(self) -> None:
        self.calls: list[tuple[object, ...]] = []
        self.presented_messages: dict[str, str] = {}
        self.mode, self.limit = "immediate", 5

    async def remember(self, room: str, report: Report) -> None:
        self.calls.append(("remember", room, report.article.url))

    async def presented(self, room: str, message_id: str, url: str) -> None:
        self.presented_messages[message_id] = url

    async def follow_story(self, room: str, message_id: str | None) -> list[TrackedActor]:
        self.calls.append(("follow_story", room, message_id))
        return [HTS] if message_id in self.presented_messages else []

    async def follow_name(
        self, room: str, name: str, *, include: Sequence[str] = (), exclude: Sequence[str] = ()
    ) -> TrackedActor:
        self.calls.append(("follow_name", room, name, tuple(include), tuple(exclude)))
        return HTS

    async def unfollow(self, room: str, name: str) -> TrackedActor | None:
        self.calls.append(("unfollow", room, name))
        return HTS

    async def following(self, room: str) -> list[Followed]:
        return [Followed(HTS)]

    async def sources(self, room: str) -> list[Source]:
        return []

    async def add_source(self, room: str, url: str) -> Source:
        self.calls.append(("add_source", room, url))
        return Source(1, url, SourceKind.FEED)

    async def remove_source(self, room: str, url: str) -> bool:
        self.calls.append(("remove_source", room, url))
        return True

    async def set_alerts(
        self, room: str, *, mode: str | None = None, limit: int | None = None
    ) -> tuple[str, int]:
        self.calls.append(("set_alerts", room, mode, limit))
        self.mode, self.limit = mode or self.mode, limit or self.limit
        return self.mode, self.limit

    async def alert_settings(self, room: str) -> tuple[str, int]:
        return self.mode, self.limit


class _RecordedHistory:
    def __init__(self, history: History, record: list[Sequence[ChatMessage]]) -> None:
        self._history = history
        self._record = record

    async def recent(self, message: ChatMessage) -> Sequence[ChatMessage]:
        found = await self._history.recent(message)
        self._record.append(found)
        return found


class RecordingHandler(Handler):
    """The core handler, remembering each message and each history read; `script` overrides."""

    def __init__(self, reader: Reader, summarizer: Summarizer, tracking: FakeTracking) -> None:
        super().__init__(reader=reader, summarizer=summarizer, tracking=tracking, prefix="!")
        self.tracking = tracking
        self.seen: list[ChatMessage] = []
        self.histories: list[Sequence[ChatMessage]] = []
        self.replies: list[Reply] = []
        self.script: list[Reply] | None = None

    async def handle(self, message: ChatMessage, *, history: History | None = None) -> list[Reply]:
        self.seen.append(message)
        if self.script is not None:
            return list(self.script)
        recorded = _RecordedHistory(history, self.histories) if history is not None else None
        replies = await super().handle(message, history=recorded)
        self.replies += replies
        return replies


@pytest.fixture
async def handler(tmp_path: Path) -> AsyncIterator[RecordingHandler]:
    """The real article pipeline (fetch, extract, summarise, facts), with tracking faked."""
    settings = Settings(
        data_dir=tmp_path,
        fetch=FetchSettings(allow_hosts=["127.0.0.1"], total_timeout=3.0, max_bytes=500_000),
    )
    async with open_services(settings, with_database=False) as services:
        yield RecordingHandler(services.reader, NewsSummarizer(), FakeTracking())


@pytest.fixture
def discord_settings() -> DiscordSettings:
    return DiscordSettings(token="not-a-real-token")


@pytest.fixture
def adapter(handler: RecordingHandler, discord_settings: DiscordSettings) -> DiscordAdapter:
    return DiscordAdapter(handler, discord_settings)


@pytest.fixture
def simcord_bot(adapter: DiscordAdapter) -> discord.Client:
    return adapter.client


@pytest.fixture
def article(page_server: str) -> str:
    return f"{page_server}/pages/aleppo-clashes.html"


@pytest.fixture
def guild(simcord_env: Env) -> GuildHandle:
    return simcord_env.create_guild("Newsroom")


@pytest.fixture
def channel(guild: GuildHandle) -> ChannelHandle:
    return guild.create_text_channel("news")


@pytest.fixture
def ana(simcord_env: Env, guild: GuildHandle) -> MemberActor:
    return guild.add_member(simcord_env.create_user("ana"))


@pytest.fixture
def moderator(simcord_env: Env, guild: GuildHandle) -> MemberActor:
    role = guild.create_role("Mods", permissions=discord.Permissions(manage_channels=True))
    return guild.add_member(simcord_env.create_user("mo"), roles=[role])
