"""Read commands from a text stream and print the replies a chat room would get."""

from __future__ import annotations

import asyncio
import getpass
import logging
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from itertools import count
from typing import Final, TextIO

from bot.core.handler import Handler
from bot.core.model import ChatMessage, Reply
from bot.core.render import render_text

log = logging.getLogger(__name__)

ROOM: Final = "console"
_HISTORY: Final = 100


class _ConsoleHistory:
    def __init__(self, messages: Sequence[ChatMessage]) -> None:
        self._messages = messages

    async def recent(self, message: ChatMessage) -> Sequence[ChatMessage]:
        return [m for m in self._messages if m.message_id != message.message_id]


class ConsoleAdapter:
    """A one-person chat room on standard input and output."""

    def __init__(
        self,
        handler: Handler,
        *,
        stdin: TextIO,
        stdout: TextIO,
        user: str | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._handler = handler
        self._stdin = stdin
        self._stdout = stdout
        self._user = user or getpass.getuser()
        self._clock = clock
        self._ids = count(1)
        self._history: deque[ChatMessage] = deque(maxlen=_HISTORY)
        self._interactive = stdin.isatty()

    @property
    def connected(self) -> bool:
        """Tell whether the terminal input is still open."""
        return not self._stdin.closed

    def translate(self, line: str) -> ChatMessage | None:
        """Turn a typed line into a chat message; blank lines are not messages."""
        text = line.strip()
        if not text:
            return None
        return ChatMessage(
            platform="console",
            room_id=ROOM,
            message_id=str(next(self._ids)),
            author_id=self._user,
            author_name=self._user,
            text=text,
            sent_at=self._clock(),
            is_moderator=True,
        )

    async def respond(self, line: str) -> list[Reply]:
        """Handle one typed line and return the replies it gets."""
        message = self.translate(line)
        if message is None:
            return []
        self._history.append(message)
        return await self._handler.handle(message, history=_ConsoleHistory(tuple(self._history)))

    def show(self, replies: Sequence[Reply]) -> None:
        """Print replies the way the console renders them."""
        for reply in replies:
            self._stdout.write(render_text(reply) + "\n\n")
        self._stdout.flush()

    async def run(self) -> None:
        """Answer lines until end of input."""
        prefix = self._handler.prefix
        if self._interactive:
            self._stdout.write(
                f"Tidings console. Type {prefix}help for the commands, Ctrl-D to quit.\n"
            )
        while True:
            if self._interactive:
                self._stdout.write("> ")
                self._stdout.flush()
            line = await asyncio.to_thread(self._stdin.readline)
            if not line:
                return
            if self._interactive and line.strip().startswith(prefix):
                self._stdout.write("(working…)\n")
            self.show(await self.respond(line))

    async def deliver(self, room_id: str, replies: Sequence[Reply], *, key: str) -> None:
        """Print replies that answer no line (alerts and digests)."""
        log.debug("delivering %s to the console", key)
        self.show(replies)
