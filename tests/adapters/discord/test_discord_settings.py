"""The Discord settings and what the adapter derives from them: shards, intents, invite link."""

from __future__ import annotations

import discord
import pytest
from pydantic import ValidationError

from bot.adapters.discord import DiscordAdapter, intents, invite_url
from bot.settings import DiscordSettings, Settings


def test_defaults_read_a_day_or_a_hundred_messages_and_use_the_newspaper():
    settings = DiscordSettings()
    assert settings.enabled is False
    assert settings.history_limit == 100
    assert settings.history_hours == 24
    assert settings.summarize_emoji == "📰"
    assert settings.follow_emoji == "📌"
    assert settings.shard_count is None
    assert settings.shard_ids is None


def test_shards_come_from_the_environment_as_a_comma_list(monkeypatch):
    monkeypatch.setenv("TIDINGS_DISCORD__SHARD_COUNT", "4")
    monkeypatch.setenv("TIDINGS_DISCORD__SHARD_IDS", "0, 2")
    assert Settings().discord.shard_ids == [0, 2]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"shard_ids": [0]}, "needs shard_count"),
        ({"shard_count": 2, "shard_ids": [2]}, "from 0 to 1"),
        ({"shard_count": 2, "shard_ids": [1, 1]}, "distinct"),
        ({"shard_count": 0}, "greater than or equal to 1"),
        ({"history_limit": 0}, "greater than or equal to 1"),
    ],
)
def test_impossible_values_are_explained(values, message):
    with pytest.raises(ValidationError, match=message):
        DiscordSettings(**values)


def test_shard_settings_make_a_sharded_client(handler):
    one = DiscordAdapter(handler, DiscordSettings(token="t"))
    split = DiscordAdapter(handler, DiscordSettings(token="t", shard_count=4, shard_ids=[1, 3]))
    assert not isinstance(one.client, discord.AutoShardedClient)
    assert isinstance(split.client, discord.AutoShardedClient)
    assert split.client.shard_count == 4
    assert split.client.shard_ids == [1, 3]


def test_intents_include_message_content_and_reactions_but_not_members():
    wanted = intents()
    assert wanted.message_content
    assert wanted.guild_messages
    assert wanted.guild_reactions
    assert wanted.guilds
    assert wanted.dm_messages
    assert not wanted.members
    assert not wanted.presences


def test_invite_link_asks_for_both_scopes_and_the_needed_permissions():
    link = invite_url(123)
    assert link == (
        "https://discord.com/oauth2/authorize?client_id=123"
        "&scope=bot+applications.commands&permissions=274877992000"
    )
    granted = discord.Permissions(274877992000)
    assert granted == discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        embed_links=True,
        read_message_history=True,
        add_reactions=True,
    )


async def test_run_without_a_token_says_what_is_missing(handler):
    adapter = DiscordAdapter(handler, DiscordSettings())
    with pytest.raises(ValueError, match="TIDINGS_DISCORD__TOKEN"):
        await adapter.run()
