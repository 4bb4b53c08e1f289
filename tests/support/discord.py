"""Helpers for the Discord adapter's tests against simcord's simulated Discord."""

from __future__ import annotations

import discord
from simcord import ChannelHandle, Env


def bot_messages(channel: ChannelHandle, env: Env) -> list[discord.Message]:
    """Return what the bot posted in a channel, oldest first."""
    return [m for m in channel.history() if m.author.id == env.bot.user.id]
