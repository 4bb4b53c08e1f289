"""Structured logs: JSON lines that parse, text lines in UTC, and never a secret in either."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.ops import SecretFilter, configure_logging

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "MTIzNDU2Nzg5.Gx-secret.token-value"
PASSWORD = "hunter2-p4ss"


@pytest.fixture
def stream(quiet_logs) -> io.StringIO:
    return io.StringIO()


def _log_everything(log: logging.Logger) -> None:
    log.info("logging in with token=%s", TOKEN)
    log.warning(f"password {PASSWORD} rejected")
    log.info("plain line", extra={"room": "!abc:example.org", "header": f"Bot {TOKEN}"})
    try:
        raise RuntimeError(f"the server said no to {TOKEN}")
    except RuntimeError:
        log.exception("login failed")


def test_json_lines_parse_and_carry_no_secret(stream):
    configure_logging(level="INFO", fmt="json", secrets=[TOKEN, PASSWORD], stream=stream)
    _log_everything(logging.getLogger("bot.test"))

    output = stream.getvalue()
    entries = [json.loads(line) for line in output.splitlines()]
    assert len(entries) == 4
    assert TOKEN not in output
    assert PASSWORD not in output
    first, second, third, fourth = entries
    assert first["message"] == "logging in with token=***"
    assert first["level"] == "INFO"
    assert first["logger"] == "bot.test"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", first["time"])
    assert second["message"] == "password *** rejected"
    assert third["room"] == "!abc:example.org"
    assert third["header"] == "Bot ***"
    assert fourth["message"] == "login failed"
    assert "RuntimeError: the server said no to ***" in fourth["exception"]


def test_text_lines_are_utc_and_masked(stream):
    configure_logging(level="INFO", fmt="text", secrets=[TOKEN], stream=stream)
    logging.getLogger("bot.test").info("token=%s", TOKEN)
    line = stream.getvalue().strip()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO bot.test: token=\*\*\*", line)


def test_setting_up_twice_keeps_one_handler_and_the_level(stream):
    configure_logging(level="INFO", fmt="text", stream=stream)
    configure_logging(level="WARNING", fmt="json", stream=stream)
    logging.getLogger("bot.test").info("not shown")
    logging.getLogger("bot.test").warning("shown once")
    assert [json.loads(line)["message"] for line in stream.getvalue().splitlines()] == [
        "shown once"
    ]


def test_the_filter_masks_the_longest_secret_first_and_ignores_empty_ones():
    mask = SecretFilter(["abc", "abcdef", ""]).mask
    assert mask("x abcdef y abc z") == "x *** y *** z"
    assert SecretFilter([]).mask("nothing to hide") == "nothing to hide"


def test_a_running_bot_logs_json_without_its_database_password(postgres_url, tmp_path):
    url = make_url(postgres_url).set(password=PASSWORD).render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("TIDINGS_")}
    env |= {
        "TIDINGS_CONFIG": str(tmp_path / "absent.toml"),
        "TIDINGS_DATA_DIR": str(tmp_path / "data"),
        "TIDINGS_DATABASE_URL": url,
        "TIDINGS_LOG_FORMAT": "json",
        "TIDINGS_LOG_LEVEL": "DEBUG",
        "TIDINGS_HEALTH__ENABLED": "false",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        input="!help\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Tidings commands" in result.stdout
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(e["logger"] == "bot.store.database" for e in entries)
    assert any(e["level"] == "DEBUG" for e in entries)
    assert PASSWORD not in result.stderr
    assert PASSWORD not in result.stdout


def test_a_broken_log_call_is_reported_not_raised_into_its_caller():
    # In a child process: pytest's own log capture would re-raise what logging reports.
    script = (
        "import logging, sys\n"
        "from bot.ops import configure_logging\n"
        f"configure_logging(level='INFO', fmt='text', secrets=[{TOKEN!r}], stream=sys.stdout)\n"
        "log = logging.getLogger('bot.test')\n"
        "log.info('count %d', 'not a number')\n"
        f"log.info('still logging with %s', {TOKEN!r})\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "still logging with ***" in result.stdout
    assert "Logging error" in result.stderr
