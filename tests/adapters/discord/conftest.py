"""Fixtures for the Discord adapter's tests: the real pipeline behind a recording handler."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import discord
import pytest
from simcord import ChannelHandle, Env, GuildHandle, MemberActor

from bot.adapters.discord import DiscordAdapter
from bot.app import open_services
from bot.core.handler import Handler
from bot.core.model import ChatMessage, Reply
from bot.core.ports import History, Summarizer
from bot.core.reading import Reader
from bot.settings import DiscordSettings, FetchSettings, Settings
from bot.summarize import NewsSummarizer
from bot.track import Tracker


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

    def __init__(self, reader: Reader, summarizer: Summarizer, tracking: Tracker) -> None:
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
    """The real article pipeline (fetch, extract, summarise, facts) and the real tracker on
    SQLite, behind a handler that remembers what reached it."""
    settings = Settings(
        data_dir=tmp_path,
        fetch=FetchSettings(allow_hosts=["127.0.0.1"], total_timeout=3.0, max_bytes=500_000),
    )
    async with open_services(settings) as services:
        assert services.tracker is not None
        yield RecordingHandler(services.reader, NewsSummarizer(), services.tracker)


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
