"""Kill -9 while alerts are due: after a restart every alert arrives, and none twice."""

import asyncio
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

from tests.support.pages import Feeds, rss

STORIES = 5


class Bot:
    """`tidings run` in a child process, on the console, with stdout collected as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output = ""
        self._reader = asyncio.create_task(self._read())

    @classmethod
    async def start(cls, data_dir: Path) -> "Bot":
        env = os.environ | {
            "TIDINGS_DATA_DIR": str(data_dir),
            "TIDINGS_FETCH__ALLOW_HOSTS": "127.0.0.1",
            "TIDINGS_TRACK__POLL_INTERVAL": "1",
            "TIDINGS_TRACK__MAX_ALERTS_PER_HOUR": "100",
            "TIDINGS_TRACK__READ_ARTICLES": "false",
            "TIDINGS_CONFIG": str(data_dir / "none.toml"),
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot.cli",
            "run",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env=env,
        )
        return cls(process)

    async def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := await self.process.stdout.read(4096):
            self.output += chunk.decode()

    async def say(self, line: str, expect: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()
        await self.wait_for(lambda: expect in self.output, f"{expect!r} after {line!r}")

    async def wait_for(self, condition, what: str) -> None:
        deadline = time.monotonic() + 30
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; output so far:\n{self.output}")
            await asyncio.sleep(0.01)

    async def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        await self._reader

    async def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        await asyncio.wait_for(self.process.wait(), 30)
        await self._reader


def outbox_rows(database: Path) -> tuple[int, int]:
    """Return (queued, delivered) alert counts, read straight from the SQLite file."""
    if not database.exists():
        return 0, 0
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5) as connection:
        try:
            queued, delivered = connection.execute(
                "SELECT count(*), count(delivered_at) FROM outbox"
            ).fetchone()
        except sqlite3.OperationalError:  # the schema is not there yet
            return 0, 0
    return queued, delivered


async def test_sigkill_while_alerts_are_due_loses_none_and_repeats_none(
    tmp_path: Path, feeds: Feeds, page_server: str
):
    database = tmp_path / "tidings.db"
    feeds.put("port.xml", rss("Port news", []))
    first = await Bot.start(tmp_path)
    await first.say(f"!sources add {page_server}/feeds/port.xml", "Added")
    await first.say("!follow Westhaven Port Authority", "now follows")

    feeds.put(
        "port.xml",
        rss(
            "Port news",
            [
                (
                    f"Westhaven Port Authority notice {n}",
                    f"{page_server}/notices/{n}",
                    f"The Westhaven Port Authority closes berth {n} for repairs.",
                )
                for n in range(STORIES)
            ],
        ),
    )
    # Kill the moment the alerts are queued, before the delivery job gets to all of them.
    await first.wait_for(lambda: outbox_rows(database)[0] == STORIES, "queued alerts")
    await first.kill()
    queued, delivered = outbox_rows(database)
    assert queued == STORIES
    before = first.output.count("Follow-up:")
    assert before == delivered < STORIES

    second = await Bot.start(tmp_path)
    await second.wait_for(lambda: outbox_rows(database)[1] == STORIES, "every alert delivered")
    await asyncio.sleep(2.5)  # a few more poll and delivery rounds: nothing may come twice
    await second.stop()

    printed = [
        line
        for run in (first.output, second.output)
        for line in run.splitlines()
        if line.startswith("Follow-up:")
    ]
    assert sorted(printed) == sorted(
        f"Follow-up: Westhaven Port Authority notice {n}" for n in range(STORIES)
    )
