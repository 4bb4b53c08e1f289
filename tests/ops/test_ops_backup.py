"""`tidings backup` and `tidings migrate`: a consistent copy taken while the bot runs."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import cli
from bot.ops import BackupError, backup_sqlite, default_path, sqlite_file

TITLE = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, quiet_logs) -> Path:
    """Point the command line at the same data directory as the running bot."""
    for name in list(os.environ):
        if name.upper().startswith("TIDINGS_") and "TEST" not in name.upper():
            monkeypatch.delenv(name)
    data = tmp_path / "data"
    monkeypatch.setenv("TIDINGS_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(data))
    return data


def _tables(path: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(path)) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in names
        }


async def test_backup_while_running_copies_every_row(bot, page_server, cli_env, capsys):
    bot.say(f"!summarize {page_server}/pages/aleppo-clashes.html")
    await bot.printed(TITLE)
    bot.say("!follow HTS")
    await bot.printed("This room now follows")
    target = cli_env / "copies" / "tidings-copy.db"

    code = await asyncio.to_thread(cli.main, ["backup", str(target)])

    assert code == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"Backed up {cli_env / 'tidings.db'} to {target}")
    assert "schema revision 0002" in printed
    live, copy = _tables(cli_env / "tidings.db"), _tables(target)
    assert copy == live
    assert copy["article_cache"], "the summary was cached"
    assert any("HTS" in row for row in copy["actor_aliases"] + copy["actors"])
    with closing(sqlite3.connect(target)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert not list(target.parent.glob("*.partial"))


async def test_backup_goes_to_the_data_directory_by_default(bot, cli_env, capsys):
    code = await asyncio.to_thread(cli.main, ["backup"])
    assert code == 0
    [made] = (cli_env / "backups").glob("tidings-*.db")
    assert len(made.stem) == len("tidings-YYYYmmdd-HHMMSS")
    assert str(made) in capsys.readouterr().out


def test_backup_refuses_postgresql_and_suggests_pg_dump(cli_env, monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgresql://tidings@db.internal/tidings")
    assert cli.main(["backup"]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("tidings: The database is PostgreSQL")
    assert "pg_dump" in error


def test_backup_never_overwrites_and_needs_a_database(tmp_path):
    source = tmp_path / "tidings.db"
    with pytest.raises(BackupError, match="no database at"):
        backup_sqlite(source, tmp_path / "copy.db")
    with closing(sqlite3.connect(source)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
    (tmp_path / "copy.db").write_text("keep me")
    with pytest.raises(BackupError, match="already exists"):
        backup_sqlite(source, tmp_path / "copy.db")
    assert (tmp_path / "copy.db").read_text() == "keep me"


def test_default_name_and_file_of_a_url(tmp_path):
    moment = datetime(2024, 10, 7, 9, 5, 3, tzinfo=UTC)
    assert default_path(tmp_path, now=moment) == tmp_path / "backups/tidings-20241007-090503.db"
    assert sqlite_file(f"sqlite:///{tmp_path}/t.db") == tmp_path / "t.db"
    with pytest.raises(BackupError, match="no database file"):
        sqlite_file("sqlite://")


def test_migrate_prints_the_revision_and_is_idempotent(cli_env, capsys):
    assert cli.main(["migrate"]) == 0
    first = capsys.readouterr().out.strip()
    assert first.endswith("upgraded from revision none (empty) to 0002.")
    assert cli.main(["migrate"]) == 0
    second = capsys.readouterr().out.strip()
    assert second.endswith("is at revision 0002; nothing to do.")
    assert str(cli_env / "tidings.db") in second


def test_migrate_explains_an_unreachable_database(cli_env, monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgresql://tidings@127.0.0.1:1/tidings")
    assert cli.main(["migrate"]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()[-1:]
    assert line.startswith("tidings: Cannot migrate postgresql+asyncpg://tidings@127.0.0.1:1/")
