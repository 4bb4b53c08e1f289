"""The `tidings` command line."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import SQLAlchemyError

from bot.core.codec import report_to_dict
from bot.core.errors import ExtractionError, FailureReason, TidingsError
from bot.core.model import Report
from bot.core.reading import Reader
from bot.core.render import render_text, report_reply
from bot.fetch.decoding import decode_body
from bot.ops import (
    BackupError,
    HealthServerError,
    backup_sqlite,
    check,
    configure_logging,
    default_path,
    error_reason,
    sqlite_file,
)
from bot.ops import summary as check_summary
from bot.settings import Settings
from bot.store import Database, StoreError

log = logging.getLogger("bot.cli")


def _read_file(path: Path, *, markup: bool) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TidingsError(
            FailureReason.UNREADABLE_FILE, f"Cannot read {path}: {error.strerror}."
        ) from error
    # As a fetched page is read: byte-order mark, <meta charset> in a saved page, detection.
    decoded = decode_body(raw, declared=None, markup=markup)
    if decoded is None:
        raise ExtractionError(FailureReason.CHARSET, f"{path} is not text in any encoding I know.")
    return decoded.text


def _load(item: str) -> tuple[str, str]:
    """Return ("url", link), ("html", page) or ("text", article) for one command-line input."""
    if "://" in item:
        return "url", item
    path = Path(item)
    if path.suffix.lower() in {".html", ".htm", ".xhtml"}:
        return "html", _read_file(path, markup=True)
    if path.suffix.lower() == ".txt":
        return "text", _read_file(path, markup=False)
    if path.exists():
        raise TidingsError(
            FailureReason.UNREADABLE_FILE, f"{item}: give me an .html page or a .txt article."
        )
    raise TidingsError(
        FailureReason.INVALID_URL, f"{item} is neither a link (http:// or https://) nor a file."
    )


async def _report_for(reader: Reader, item: str, url: str | None) -> Report:
    kind, content = await asyncio.to_thread(_load, item)
    if kind == "url":
        return await reader.read_url(content)
    if kind == "html":
        return await reader.read_html(content, url=url)
    return await reader.read_text(content, url=url)


async def summarize(
    settings: Settings, inputs: list[str], *, as_json: bool, url: str | None, out: TextIO
) -> int:
    """Print one result per input, in order; return 1 when any input failed."""
    from bot import app  # the article pipeline loads slowly; only these commands need it

    failed = 0
    async with app.open_services(settings, with_database=False) as services:
        for item in inputs:
            result: dict[str, Any] = {"input": item}
            try:
                report = await _report_for(services.reader, item, url)
            except TidingsError as error:
                failed += 1
                log.warning("cannot summarise input=%s reason=%s", item, error.reason)
                result |= {"url": url if "://" not in item else item, "error": error.message}
                out.write(json.dumps(result) + "\n" if as_json else f"{item}: {error.message}\n\n")
                continue
            if as_json:
                result |= report_to_dict(report) | {"error": None}
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
            else:
                out.write(render_text(report_reply(report)) + "\n\n")
            out.flush()
    return 1 if failed else 0


async def migrate(settings: Settings, *, out: TextIO) -> int:
    """Upgrade the database schema and print the revision it is at."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with Database(settings.database) as database:
        try:
            before = await database.revision()
            await database.migrate()
            after = await database.revision()
        except (OSError, SQLAlchemyError) as error:
            raise StoreError(f"Cannot migrate {database.url}: {error_reason(error)}") from error
    if before == after:
        out.write(f"Database {database.url} is at revision {after}; nothing to do.\n")
    else:
        out.write(
            f"Database {database.url} upgraded from revision {before or 'none (empty)'}"
            f" to {after}.\n"
        )
    return 0


def backup(settings: Settings, target: Path | None, *, out: TextIO) -> int:
    """Copy the SQLite database consistently, even while Tidings runs."""
    source = sqlite_file(settings.database)
    done = backup_sqlite(source, target or default_path(settings.data_dir))
    out.write(
        f"Backed up {done.source} to {done.path} ({done.size / 1024:.0f} KiB, "
        f"schema revision {done.revision}).\n"
    )
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tidings", description="A news-reading bot for Discord and Matrix rooms."
    )
    parser.add_argument("--config", type=Path, help="settings file (default config/tidings.toml)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser(
        "run", help="check the settings, then start the bot (the console with no platform)"
    )
    one = commands.add_parser("summarize", help="print the summary of links, pages or texts")
    one.add_argument("inputs", nargs="+", metavar="INPUT", help="URL, saved .html page or .txt")
    one.add_argument("--json", action="store_true", help="one JSON object per input and line")
    one.add_argument("--url", help="the address a saved page or text came from")
    commands.add_parser(
        "check-config", help="validate the settings and the database; explain every problem"
    )
    commands.add_parser("migrate", help="upgrade the database schema and print its revision")
    copy = commands.add_parser("backup", help="copy the SQLite database, even while running")
    copy.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="where to write the copy (default DATA_DIR/backups/tidings-YYYYmmdd-HHMMSS.db)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    # Only run and check-config need a database that answers; the others report their own.
    reach = args.command in {"run", "check-config"}
    result = asyncio.run(check(args.config, required=args.config is not None, database=reach))
    if not result.ok or result.settings is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        return 2
    settings = result.settings
    if args.command == "check-config":
        print("Settings are valid.")
        print("\n".join(check_summary(result, args.config)))
        return 0
    configure_logging(level=settings.log_level, fmt=settings.log_format, secrets=settings.secrets())
    try:
        match args.command:
            case "run":
                from bot import app

                try:
                    asyncio.run(app.run(settings))
                except HealthServerError:
                    raise
                except Exception:
                    log.critical("Tidings stopped on an error", exc_info=True)
                    return 1
                return 0
            case "summarize":
                return asyncio.run(
                    summarize(
                        settings, args.inputs, as_json=args.json, url=args.url, out=sys.stdout
                    )
                )
            case "migrate":
                return asyncio.run(migrate(settings, out=sys.stdout))
            case "backup":
                return backup(settings, args.path, out=sys.stdout)
    except (StoreError, BackupError, HealthServerError) as error:
        print(f"tidings: {error}", file=sys.stderr)
        return 1
    return 2


if __name__ == "__main__":
    sys.exit(main())
