"""Follow-ups through Discord: the real tracker on SQLite, simcord's Discord, a local feed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from simcord import ChannelHandle, Env, MemberActor

from bot.adapters.discord import DiscordAdapter
from bot.app import Services, open_services
from bot.settings import DiscordSettings, FetchSettings, Settings, TrackSettings
from tests.support.database import ManualClock
from tests.support.discord import bot_messages
from tests.support.pages import Feeds, rss


@pytest.fixture
async def services(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Services]:
    settings = Settings(
        data_dir=tmp_path,
        fetch=FetchSettings(allow_hosts=["127.0.0.1"], total_timeout=5.0),
        track=TrackSettings(poll_interval=60),
    )
    async with open_services(settings, clock=clock) as built:
        yield built


@pytest.fixture
def adapter(services: Services, discord_settings: DiscordSettings) -> DiscordAdapter:
    adapter = DiscordAdapter(services.handler, discord_settings)
    services.outbox.register("discord", adapter)
    return adapter


async def poll_and_deliver(env: Env, services: Services, clock: ManualClock) -> None:
    assert services.tracker is not None
    clock.advance(timedelta(seconds=70))
    with env.time_context():
        await services.tracker.poll_due()
        await services.tracker.deliver()


async def test_a_channel_follows_a_summary_and_hears_once_of_the_next_story(
    simcord_env: Env,
    channel: ChannelHandle,
    ana: MemberActor,
    moderator: MemberActor,
    services: Services,
    feeds: Feeds,
    page_server: str,
    article: str,
    clock: ManualClock,
) -> None:
    feeds.put("wire.xml", rss("Wire", []))
    await ana.send(channel, f"!sources add {page_server}/feeds/wire.xml")
    assert "Only room moderators" in bot_messages(channel, simcord_env)[-1].embeds[0].description
    await moderator.send(channel, f"!sources add {page_server}/feeds/wire.xml")
    await ana.send(channel, f"!summarize {article}")
    summary = bot_messages(channel, simcord_env)[-1]
    await ana.send(channel, "!follow", reply_to=summary)
    followed = bot_messages(channel, simcord_env)[-1].embeds[0].description
    assert followed.startswith("This room now follows: Hay'at Tahrir al-Sham")

    story = (
        "HTS seizes Kafr Halab as Zenki fighters withdraw west of Aleppo",
        f"{page_server}/pages/hts-takes-kafr-halab.html",
        "Hay'at Tahrir al-Sham took full control of Kafr Halab after Zenki fighters pulled out.",
    )
    feeds.put("wire.xml", rss("Wire", [story]))
    before = len(bot_messages(channel, simcord_env))
    await poll_and_deliver(simcord_env, services, clock)
    await poll_and_deliver(simcord_env, services, clock)

    [alert] = bot_messages(channel, simcord_env)[before:]
    embed = alert.embeds[0]
    assert embed.title is not None
    assert "HTS seizes Kafr Halab" in embed.title
    shown = " ".join([embed.description or "", *(f"{f.name} {f.value}" for f in embed.fields)])
    assert "Hay'at Tahrir al-Sham" in shown
    assert "convoy of about 40 vehicles" in shown
    assert services.tracker is not None
    assert await services.tracker.queue_depth() == 0
