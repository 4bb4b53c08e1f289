"""The console adapter: the same commands as a chat room, on the terminal."""

from bot.adapters.console.adapter import ConsoleAdapter

__all__ = ["ConsoleAdapter"]
