"""`tidings summarize` and friends, as a user runs them."""

import asyncio
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import cli

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.fixture(autouse=True)
def settings_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.upper().startswith("TIDINGS_") and "TEST" not in name.upper():
            monkeypatch.delenv(name)
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TIDINGS_FETCH__ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("TIDINGS_CONFIG", str(tmp_path / "absent.toml"))


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """Take away the log handler and level the command line sets up in this process."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def run_cli(*args: str) -> tuple[int, list[dict]]:
    """Run the command line in a child process (it owns its event loop) and parse its JSON."""
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.returncode, lines


async def test_json_lines_in_input_order_and_one_bad_input_spares_the_others(
    page_server: str, tmp_path: Path
):
    text = tmp_path / "article.txt"
    text.write_text(
        "The harbour board approved 12 million euros for dredging on Monday.\n\n"
        "Work starts in January and lasts five months, the director said.\n\n"
        "Fishermen asked for a pause during the herring season."
    )
    code, results = await asyncio.to_thread(
        run_cli,
        "summarize",
        f"{page_server}/pages/aleppo-clashes.html",
        "not-a-link",
        str(PAGES / "hts-takes-kafr-halab.html"),
        str(text),
        str(PAGES / "de-landtag-haushalt.html"),
        "--json",
        "--url",
        "https://levant-wire.example/hts",
    )
    assert code == 1
    assert [r["input"] for r in results] == [
        f"{page_server}/pages/aleppo-clashes.html",
        "not-a-link",
        str(PAGES / "hts-takes-kafr-halab.html"),
        str(text),
        str(PAGES / "de-landtag-haushalt.html"),
    ]
    seed, bad, saved, plain, german = results
    assert seed["error"] is None
    assert seed["title"] == "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"
    assert seed["site"] == "Frontline Monitor"
    assert seed["published"] == "2018-10-07"
    assert seed["language"] == "en"
    assert 3 <= len(seed["summary"]) <= 5
    assert {"name", "type", "aliases"} <= set(seed["facts"]["actors"][0])
    assert {"text", "value", "what"} <= set(seed["facts"]["figures"][0])
    assert seed["comments"]["count"] == 9
    assert {"author", "depth", "text"} <= set(seed["comments"]["items"][0])
    assert "Rustam" not in seed["text"]
    assert seed["facts"]["unread_language"] is None

    assert bad["error"] == "not-a-link is neither a link (http:// or https://) nor a file."
    assert saved["url"] == "https://levant-wire.example/hts"
    assert saved["published"] == "2018-10-09"
    assert plain["error"] is None
    assert plain["text"].startswith("The harbour board approved")
    assert plain["summary"]
    # Summarised in German; no facts from rules that would read every German noun as a name.
    assert german["language"] == "de"
    assert german["summary"]
    assert german["facts"]["actors"] == []
    assert german["facts"]["unread_language"] == "de"


async def test_text_output_and_exit_status(page_server: str):
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot.cli", "summarize", f"{page_server}/pages/aleppo-clashes.html"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("HTS Renews Offensive Against Zenki Fighters West Of Aleppo")
    assert "Who: Hay'at Tahrir al-Sham (HTS" in result.stdout


def test_missing_file_and_wrong_kind_of_file(tmp_path: Path, capsys):
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG")
    code = cli.main(["summarize", str(tmp_path / "gone.html"), str(image), "--json"])
    assert code == 1
    missing, wrong = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert missing["error"].startswith("Cannot read")
    assert wrong["error"].endswith("give me an .html page or a .txt article.")


def test_a_saved_page_is_decoded_by_the_charset_it_declares(tmp_path: Path, capsys):
    # Windows-1252 bytes that happen to be valid in several encodings: only the meta tag decides.
    page = tmp_path / "saved.html"
    body = (
        '<html><head><meta charset="windows-1252"><title>Caf\u00e9 owners protest rents'
        "</title></head><body><article>"
        + "<p>The caf\u00e9 owners of the old town say the new rents \u2013 up 40% \u2013"
        " will close a third of them by winter, the traders\u2019 association said.</p>"
        * 6
        + "</article></body></html>"
    )
    page.write_bytes(body.encode("cp1252"))
    code = cli.main(["summarize", str(page), "--json"])
    [result] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0, result["error"]
    assert result["title"] == "Caf\u00e9 owners protest rents"
    assert "rents \u2013 up 40% \u2013 will close" in result["text"]


def test_invalid_settings_are_reported_not_raised(monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_FETCH__MAX_BYTES", "lots")
    assert cli.main(["check-config"]) == 2
    assert "max_bytes" in capsys.readouterr().err


# `tidings check-config`: one line per problem, every problem, exit status 2.


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "tidings.toml"


def check_config(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = cli.main([*args, "check-config"])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def test_check_config_points_at_bad_toml_by_line_and_column(config, capsys):
    config.write_text('data_dir = "data"\n[fetch\nmax_bytes = 10\n')
    code, out, err = check_config(capsys, "--config", str(config))
    assert code == 2
    assert out == []
    assert err == [f"{config}:2:7: invalid TOML: Expected ']' at the end of a table declaration"]


def test_check_config_names_an_unknown_key_and_the_likely_one(config, capsys):
    config.write_text('[fetch]\nmax_byte = 10\n[matrix]\nhomserver = "https://m.example"\n')
    code, _, err = check_config(capsys, "--config", str(config))
    assert code == 2
    assert err == [
        f"{config}:2: unknown key fetch.max_byte (did you mean fetch.max_bytes?)",
        f"{config}:4: unknown key matrix.homserver (did you mean matrix.homeserver?)",
    ]


def test_check_config_says_what_type_was_expected_and_what_came(config, capsys):
    config.write_text('[track]\npoll_interval = "soon"\n')
    code, _, err = check_config(capsys, "--config", str(config))
    assert code == 2
    assert err == [f"{config}:2: track.poll_interval should be a valid number, got 'soon'"]


def test_check_config_wants_every_part_of_an_enabled_matrix(monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_MATRIX__HOMESERVER", "https://matrix.example.org")
    monkeypatch.setenv("TIDINGS_MATRIX__USER_ID", "@tidings:example.org")
    code, _, err = check_config(capsys)
    assert code == 2
    assert err == [
        "matrix: homeserver and user_id are set but not a password or access token; set "
        "TIDINGS_MATRIX__PASSWORD or TIDINGS_MATRIX__ACCESS_TOKEN (or their _FILE)"
    ]


def test_check_config_reports_an_unreadable_secret_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_DISCORD__TOKEN_FILE", str(tmp_path / "no-such-secret"))
    code, _, err = check_config(capsys)
    assert code == 2
    assert err == [
        f"TIDINGS_DISCORD__TOKEN_FILE: cannot read {tmp_path / 'no-such-secret'}: "
        "No such file or directory"
    ]


def test_check_config_reports_an_empty_secret_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "token").write_text("\n")
    monkeypatch.setenv("TIDINGS_DISCORD__TOKEN_FILE", str(tmp_path / "token"))
    code, _, err = check_config(capsys)
    assert (code, err) == (2, [f"TIDINGS_DISCORD__TOKEN_FILE: {tmp_path / 'token'} is empty"])


def test_check_config_refuses_a_secret_set_twice(tmp_path, monkeypatch, capsys):
    (tmp_path / "token").write_text("abc.def.ghi\n")
    monkeypatch.setenv("TIDINGS_DISCORD__TOKEN_FILE", str(tmp_path / "token"))
    monkeypatch.setenv("TIDINGS_DISCORD__TOKEN", "abc.def.ghi")
    code, _, err = check_config(capsys)
    assert (code, err) == (
        2,
        ["TIDINGS_DISCORD__TOKEN_FILE: TIDINGS_DISCORD__TOKEN is set too; set only one of them"],
    )


def test_check_config_reports_an_unreachable_database(monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgresql://tidings:pw-secret@127.0.0.1:1/tidings")
    code, _, err = check_config(capsys)
    assert code == 2
    [line] = err
    assert line.startswith(
        "database: postgresql+asyncpg://tidings:***@127.0.0.1:1/tidings does not answer: "
    )
    assert "pw-secret" not in line


def test_check_config_refuses_a_secret_in_the_file(config, capsys):
    config.write_text('[discord]\nsync_commands = true\ntoken = "MTIz.real.token"\n')
    code, _, err = check_config(capsys, "--config", str(config))
    assert code == 2
    assert err == [
        f"{config}:3: discord.token is a secret and must not be in the settings file; "
        "set TIDINGS_DISCORD__TOKEN or TIDINGS_DISCORD__TOKEN_FILE instead"
    ]


def test_check_config_catches_a_misspelt_variable(monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_DISCORD_TOKEN", "abc.def.ghi")
    code, _, err = check_config(capsys)
    assert (code, err) == (
        2,
        ["TIDINGS_DISCORD_TOKEN: not a Tidings setting; did you mean TIDINGS_DISCORD__TOKEN?"],
    )


def test_check_config_needs_the_file_it_was_given(config, capsys):
    code, _, err = check_config(capsys, "--config", str(config))
    assert (code, err) == (2, [f"{config}: no such settings file"])


def test_check_config_lists_every_problem_not_only_the_first(config, monkeypatch, capsys):
    config.write_text('log_format = "xml"\n[matrix]\npassword = "hunter2"\n')
    monkeypatch.setenv("TIDINGS_HEALTH__PORT", "99999")
    monkeypatch.setenv("TIDINGS_DISCORD__TOKEN_FILE", "/nonexistent/token")
    code, _, err = check_config(capsys, "--config", str(config))
    assert code == 2
    assert len(err) == 4, err
    assert any(line.startswith(f"{config}:3: matrix.password is a secret") for line in err)
    assert f"{config}:1: log_format should be 'text' or 'json', got 'xml'" in err
    assert (
        "TIDINGS_HEALTH__PORT: health.port should be less than or equal to 65535, got '99999'"
        in err
    )
    assert any(line.startswith("TIDINGS_DISCORD__TOKEN_FILE: cannot read") for line in err)
    assert all("hunter2" not in line for line in err)


def test_check_config_summarises_valid_settings_with_the_password_masked(
    postgres_url, monkeypatch, capsys
):
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url).set(password="pw-secret")
    monkeypatch.setenv("TIDINGS_DATABASE_URL", url.render_as_string(hide_password=False))
    monkeypatch.setenv("TIDINGS_HEALTH__ENABLED", "false")
    monkeypatch.setenv(
        "TIDINGS_TRACK__SOURCES", "http://127.0.0.1:3000/feed,https://news.example/rss"
    )
    code, out, err = check_config(capsys)
    assert (code, err) == (0, [])
    assert out[0] == "Settings are valid."
    text = "\n".join(out)
    assert "chat: console (no Discord token or Matrix account is configured)" in text
    assert (
        f"database: postgresql+asyncpg://postgres:***@{url.host}:{url.port}/{url.database}" in text
    )
    assert "health: off" in text
    assert "follow-ups: 2 default sources, polled every 900 s, immediate alerts" in text
    assert "private addresses: refused, except 127.0.0.1, news.example" in text
    assert "pw-secret" not in text


def test_run_checks_first_and_exits_2_with_the_same_lines(config, capsys):
    config.write_text('[track]\npoll_interval = "soon"\n')
    _, _, checked = check_config(capsys, "--config", str(config))
    assert cli.main(["--config", str(config), "run"]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == checked
    assert captured.out == ""


def test_check_config_goes_on_past_a_wrong_key_to_the_platforms_and_database(
    config, monkeypatch, capsys
):
    config.write_text("[fetch]\nmax_byte = 10\n")
    monkeypatch.setenv("TIDINGS_MATRIX__HOMESERVER", "https://matrix.example.org")
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgresql://tidings@127.0.0.1:1/tidings")
    code, _, err = check_config(capsys, "--config", str(config))
    assert code == 2
    assert len(err) == 3, err
    assert err[0] == f"{config}:2: unknown key fetch.max_byte (did you mean fetch.max_bytes?)"
    assert err[1].startswith("matrix: homeserver is set but not user_id and a password")
    assert err[2].startswith("database: postgresql+asyncpg://tidings@127.0.0.1:1/tidings does not")


def test_check_config_judges_nothing_else_when_the_file_is_not_toml(config, monkeypatch, capsys):
    # The file might have held the rest of the Matrix account or another database.
    config.write_text('[matrix\nuser_id = "@tidings:example.org"\n')
    monkeypatch.setenv("TIDINGS_MATRIX__HOMESERVER", "https://matrix.example.org")
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgresql://tidings@127.0.0.1:1/tidings")
    code, _, err = check_config(capsys, "--config", str(config))
    assert (code, len(err)) == (2, 1), err
    assert err[0].startswith(f"{config}:1:8: invalid TOML")


def test_check_config_goes_on_past_a_wrong_variable(monkeypatch, capsys):
    monkeypatch.setenv("TIDINGS_FETCH__MAX_BYTES", "lots")
    monkeypatch.setenv("TIDINGS_MATRIX__USER_ID", "@tidings:example.org")
    monkeypatch.setenv("TIDINGS_DATABASE_URL", "postgresql://tidings@127.0.0.1:1/tidings")
    code, _, err = check_config(capsys)
    assert code == 2
    assert [line.split(":")[0] for line in err] == [
        "TIDINGS_FETCH__MAX_BYTES",
        "matrix",
        "database",
    ], err
