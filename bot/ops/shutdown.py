"""Stopping gracefully: signals, the commands in flight, and console input that can be ended."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import select
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Final, TextIO

from bot.core import commands
from bot.core.handler import Handler
from bot.core.model import ChatMessage, Reply, ReplyKind
from bot.core.ports import History

log = logging.getLogger(__name__)

RESTARTING: Final = "Tidings is restarting; send that again in a minute."
_POLL_SECONDS: Final = 0.2
_READ_BYTES: Final = 65_536


class Drain:
    """The commands in flight, so that a shutdown can refuse new ones and wait for these."""

    def __init__(self) -> None:
        self._closed = False
        self._calls = 0
        self._tasks: set[asyncio.Task[Any]] = set()
        self._exempt: set[asyncio.Task[Any]] = set()
        self._changed = asyncio.Event()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def in_flight(self) -> int:
        """Return how many commands are being answered or their replies sent."""
        return max(self._calls, len(self._tasks))

    def exempt(self, task: asyncio.Task[Any]) -> None:
        """Never wait for a long-lived task (an adapter's own loop) that answers commands."""
        self._exempt.add(task)

    def close(self) -> None:
        """Refuse new commands from now on."""
        self._closed = True

    @contextmanager
    def command(self) -> Iterator[None]:
        """Count a command in flight until it is answered and, on its own task, sent."""
        task = asyncio.current_task()
        # Discord and Matrix answer each command on a task of its own that goes on to send the
        # reply, so the reply is delivered when that task ends.
        if task is not None and task not in self._exempt and task not in self._tasks:
            self._tasks.add(task)
            task.add_done_callback(self._finished)
        self._calls += 1
        try:
            yield
        finally:
            self._calls -= 1
            self._changed.set()

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        self._changed.set()

    async def wait(self) -> None:
        """Return once no command is in flight."""
        while self._calls or self._tasks:
            self._changed.clear()
            await self._changed.wait()


class GatedHandler(Handler):
    """A Handler that counts its commands in a Drain and, once it is closed, turns them away."""

    def __init__(self, drain: Drain, **options: Any) -> None:
        super().__init__(**options)
        self._drain = drain

    async def handle(self, message: ChatMessage, *, history: History | None = None) -> list[Reply]:
        if not self._drain.closed:
            with self._drain.command():
                return await super().handle(message, history=history)
        if commands.parse(message.text, prefix=self.prefix) is None:
            return []
        log.info("turning away a command while stopping room=%s", message.room_id)
        with self._drain.command():
            return [
                Reply(
                    kind=ReplyKind.ERROR,
                    body=RESTARTING,
                    in_reply_to=message.message_id,
                    thread_id=message.thread_id,
                )
            ]


class StoppableInput:
    """Lines read from a file descriptor that end, as at end of input, once stop() is called.

    A thread blocked in sys.stdin.readline() cannot be woken, and the interpreter waits for
    it at exit; this reads with select() and a short timeout instead.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._fd = stream.fileno()
        self._encoding = getattr(stream, "encoding", None) or "utf-8"
        self._buffer = bytearray()
        self._stopped = threading.Event()
        self._eof = False

    @staticmethod
    def usable(stream: TextIO) -> bool:
        """Tell whether a stream has a file descriptor select() can wait on."""
        if os.name != "posix":
            return False
        try:
            stream.fileno()
        except (OSError, ValueError, io.UnsupportedOperation):
            return False
        return True

    @property
    def closed(self) -> bool:
        return self._stopped.is_set() or self._stream.closed

    def isatty(self) -> bool:
        return self._stream.isatty()

    def stop(self) -> None:
        """End the input: the line being read, and every later one, reads as end of input."""
        self._stopped.set()

    def readline(self) -> str:
        while not self._stopped.is_set():
            end = self._buffer.find(b"\n")
            if end >= 0 or (self._eof and self._buffer):
                cut = end + 1 if end >= 0 else len(self._buffer)
                line = bytes(self._buffer[:cut])
                del self._buffer[:cut]
                return line.decode(self._encoding, errors="replace")
            if self._eof:
                return ""
            ready, _, _ = select.select([self._fd], [], [], _POLL_SECONDS)
            if ready:
                chunk = os.read(self._fd, _READ_BYTES)
                if chunk:
                    self._buffer += chunk
                else:
                    self._eof = True
        return ""


@contextmanager
def on_stop_signals(callback: Callable[[int], None]) -> Iterator[None]:
    """Call `callback(signal number)` on SIGTERM and SIGINT while inside the block."""
    loop = asyncio.get_running_loop()
    installed = []
    for number in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(number, callback, number)
        except (NotImplementedError, RuntimeError, ValueError):
            # Not on this platform, or not the main thread: the default handling stays.
            continue
        installed.append(number)
    try:
        yield
    finally:
        for number in installed:
            loop.remove_signal_handler(number)
