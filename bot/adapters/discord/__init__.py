"""The Discord adapter: prefix and slash commands, a message menu and reactions, as embeds."""

from bot.adapters.discord.adapter import DiscordAdapter, intents, invite_url, translate

__all__ = ["DiscordAdapter", "intents", "invite_url", "translate"]
