"""Stopping gracefully: a SIGTERM during a summary still delivers it, then Tidings exits 0."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import open_services
from bot.core.model import ChatMessage, ReplyKind
from bot.ops import Drain, StoppableInput
from bot.ops.shutdown import RESTARTING
from bot.settings import Settings
from tests.ops.conftest import SLOW_SECONDS

ROOT = Path(__file__).resolve().parents[2]
TITLE = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"


def _environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("TIDINGS_")}
    env |= {
        "TIDINGS_CONFIG": str(tmp_path / "absent.toml"),
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_FETCH__ALLOW_HOSTS": "127.0.0.1",
        "TIDINGS_HEALTH__PORT": "0",
        "PYTHONUNBUFFERED": "1",
    }
    return env


async def _start(tmp_path: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=ROOT,
        env=_environment(tmp_path),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _finish(process: asyncio.subprocess.Process) -> tuple[int, str, str]:
    """Wait for the process to exit, leaving its input open; return code, output, log."""
    assert process.stdout is not None
    assert process.stderr is not None
    async with asyncio.timeout(60):
        out, err, code = await asyncio.gather(
            process.stdout.read(), process.stderr.read(), process.wait()
        )
    return code, out.decode(), err.decode()


async def _wait_for_log(process: asyncio.subprocess.Process, text: str, seen: list[str]) -> None:
    assert process.stderr is not None
    async with asyncio.timeout(60):
        while not any(text in line for line in seen):
            line = await process.stderr.readline()
            if not line:
                raise AssertionError("Tidings exited early:\n" + "".join(seen))
            seen.append(line.decode())


async def test_sigterm_during_a_summary_still_delivers_the_reply_and_exits_0(slow_site, tmp_path):
    site, url = slow_site
    process = await _start(tmp_path)
    assert process.stdin is not None
    try:
        process.stdin.write(f"!summarize {url}\n".encode())
        await process.stdin.drain()
        async with asyncio.timeout(60):
            await site.asked.wait()
        process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        code, out, err = await _finish(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert code == 0, err
    assert out.startswith(TITLE), out
    assert "Who: Hay'at Tahrir al-Sham (HTS" in out
    assert "SIGTERM received" in err
    assert "stopped" in err
    # It waited for the page rather than dropping the reply, and no longer than that.
    assert time.monotonic() - signalled < SLOW_SECONDS + 15


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
async def test_a_signal_stops_an_idle_bot_with_its_input_still_open(number, tmp_path):
    process = await _start(tmp_path)
    seen: list[str] = []
    try:
        await _wait_for_log(process, "health and metrics on", seen)
        process.send_signal(number)
        code, _, err = await _finish(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert code == 0, "".join(seen) + err
    assert f"{signal.Signals(number).name} received" in err
    assert "Traceback" not in "".join(seen) + err


def _message(text: str) -> ChatMessage:
    return ChatMessage(
        platform="matrix",
        room_id="!room:example.org",
        message_id="$event",
        author_id="@ana:example.org",
        author_name="ana",
        text=text,
        sent_at=datetime.now(UTC),
    )


async def test_a_closed_drain_turns_commands_away_and_ignores_chat(tmp_path):
    drain = Drain()
    settings = Settings(data_dir=tmp_path)
    async with open_services(settings, with_database=False, drain=drain) as services:
        [answer] = await services.handler.handle(_message("!help"))
        assert answer.title == "Tidings commands"
        drain.close()
        [refusal] = await services.handler.handle(_message("!help"))
        assert await services.handler.handle(_message("good morning")) == []
    assert refusal.kind is ReplyKind.ERROR
    assert refusal.body == RESTARTING
    assert refusal.in_reply_to == "$event"


async def test_drain_waits_for_the_task_that_sends_the_reply():
    drain = Drain()
    sent = asyncio.Event()
    release = asyncio.Event()

    async def answer_then_send() -> None:
        with drain.command():
            await asyncio.sleep(0)  # the handler's work
        await release.wait()  # the adapter posts the reply on the same task
        sent.set()

    task = asyncio.create_task(answer_then_send())
    await asyncio.sleep(0.01)
    assert drain.in_flight == 1
    waiting = asyncio.create_task(drain.wait())
    await asyncio.sleep(0.05)
    assert not waiting.done()
    release.set()
    async with asyncio.timeout(5):
        await waiting
    assert sent.is_set()
    await task
    assert drain.in_flight == 0


async def test_drain_does_not_wait_for_an_exempt_adapter_loop():
    drain = Drain()
    forever = asyncio.Event()

    async def console_loop() -> None:
        with drain.command():
            pass
        await forever.wait()

    task = asyncio.create_task(console_loop())
    drain.exempt(task)
    await asyncio.sleep(0.01)
    async with asyncio.timeout(5):
        await drain.wait()
    task.cancel()


async def test_stoppable_input_reads_lines_then_ends_when_stopped():
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "r") as stream, os.fdopen(write_end, "w") as writer:
        lines = StoppableInput(stream)
        assert StoppableInput.usable(stream)
        writer.write("!help\nsecond line\npartial")
        writer.flush()
        assert lines.readline() == "!help\n"
        assert lines.readline() == "second line\n"
        pending = asyncio.create_task(asyncio.to_thread(lines.readline))
        await asyncio.sleep(0.3)
        assert not pending.done()  # a line without its newline is not a line yet
        started = time.monotonic()
        lines.stop()
        async with asyncio.timeout(5):
            assert await pending == ""
        assert time.monotonic() - started < 2
        assert lines.closed
        assert lines.readline() == ""


def test_stoppable_input_returns_the_last_line_at_end_of_input():
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "r") as stream:
        with os.fdopen(write_end, "w") as writer:
            writer.write("!summarize https://news.example/a\n!help")
        lines = StoppableInput(stream)
        assert lines.readline() == "!summarize https://news.example/a\n"
        assert lines.readline() == "!help"
        assert lines.readline() == ""
