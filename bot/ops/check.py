"""`tidings check-config`: every problem with the settings and the database, one line each."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.ops.logs import SecretFilter
from bot.settings import Problem, Settings, config_path, read_settings
from bot.store import Database, StoreError

_DATABASE_TIMEOUT: Final = 5.0


@dataclass(frozen=True, slots=True)
class Check:
    """The settings (None when they cannot be built), the problems, the database's revision."""

    settings: Settings | None
    problems: tuple[Problem, ...]
    revision: str | None = None

    @property
    def ok(self) -> bool:
        """Tell whether Tidings can run with these settings."""
        return self.settings is not None and not self.problems


async def check(
    config: Path | None = None, *, required: bool = False, database: bool = True
) -> Check:
    """Read and validate the settings and, when they allow, try the database."""
    settings, problems = read_settings(config, required=required)
    revision = None
    # A database setting that is wrong leaves the default in its place: not worth trying.
    trusted = not any(p.concerns("database_url", "data_dir") for p in problems)
    if settings is not None and database and trusted:
        problem, revision = await _try_database(settings)
        if problem is not None:
            problems.append(problem)
    return Check(settings=settings, problems=tuple(problems), revision=revision)


async def _try_database(settings: Settings) -> tuple[Problem | None, str | None]:
    mask = SecretFilter(settings.secrets()).mask
    try:
        database = Database(settings.database)
    except StoreError as error:
        return Problem("database_url", str(error)), None
    try:
        async with asyncio.timeout(_DATABASE_TIMEOUT):
            await database.open()
            async with database.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return None, await database.revision()
    except StoreError as error:
        return Problem("database", mask(str(error))), None
    except TimeoutError:
        return Problem(
            "database", f"{database.url} did not answer within {_DATABASE_TIMEOUT:g} seconds"
        ), None
    except Exception as error:  # whatever the driver raises, the person running it reads it
        return Problem(
            "database", f"{database.url} does not answer: {mask(error_reason(error))}"
        ), None
    finally:
        await database.close()


def error_reason(error: BaseException) -> str:
    """Return the first line of a database error, the driver's own message when there is one."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    lines = str(cause).strip().splitlines()
    return " ".join(lines[0].split()) if lines else type(cause).__name__


def summary(result: Check, config: Path | None = None) -> list[str]:
    """Return a few lines saying what the settings will run: chat, database, health, logs."""
    settings = result.settings
    if settings is None or not result.ok:
        return []
    path = config_path(config)
    chats = []
    if settings.discord.enabled:
        shards = settings.discord.shard_ids
        chats.append(
            f"discord (shards {', '.join(map(str, shards))} of {settings.discord.shard_count})"
            if shards
            else "discord"
        )
    if settings.matrix.enabled:
        chats.append(f"matrix ({settings.matrix.user_id} at {settings.matrix.homeserver})")
    health = settings.health
    sources = len(settings.track.sources)
    return [
        f"  settings file: {path if path.is_file() else 'none (defaults and environment)'}",
        "  chat: "
        + (", ".join(chats) or "console (no Discord token or Matrix account is configured)"),
        f"  database: {Database(settings.database).url} "
        f"(schema revision {result.revision or 'none yet: created at the first start'})",
        f"  data directory: {settings.data_dir.resolve()}",
        "  health: "
        + (f"http://{health.host}:{health.port}/healthz and /metrics" if health.enabled else "off"),
        f"  logs: {settings.log_level}, {settings.log_format}",
        f"  follow-ups: {sources} default source{'s' if sources != 1 else ''}, "
        f"polled every {settings.track.poll_interval:g} s, {settings.track.alert_mode} alerts",
        "  private addresses: refused"
        + (f", except {', '.join(trusted)}" if (trusted := settings.trusted_hosts()) else ""),
    ]
