"""The settings: TOML overlaid by the environment, secrets from the environment or …_FILE only."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bot.settings import (
    FetchSettings,
    HealthSettings,
    Problem,
    Settings,
    SettingsError,
    TrackSettings,
    load_settings,
    read_settings,
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("TIDINGS_") and "TEST" not in name.upper():
            monkeypatch.delenv(name)
    monkeypatch.setenv("TIDINGS_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "data"))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tidings.toml"
    path.write_text(text)
    return path


def test_the_environment_wins_over_the_file_section_by_section(tmp_path, monkeypatch):
    config = write(
        tmp_path,
        '[track]\npoll_interval = 600\nalert_mode = "digest"\n\n[fetch]\nmax_bytes = 1000\n',
    )
    monkeypatch.setenv("TIDINGS_TRACK__POLL_INTERVAL", "120")
    settings = load_settings(config)
    assert settings.track.poll_interval == 120
    assert settings.track.alert_mode == "digest"
    assert settings.fetch.max_bytes == 1000


def test_defaults_for_the_new_keys():
    settings = Settings()
    assert settings.health == HealthSettings(enabled=True, host="127.0.0.1", port=9180)
    assert settings.log_format == "text"
    assert settings.shutdown_timeout == 20


def test_default_sources_hosts_are_trusted_beside_the_allowed_ones():
    settings = Settings(
        fetch=FetchSettings(allow_hosts=["10.0.0.0/8", "bridge.lan"]),
        track=TrackSettings(
            sources=[
                "http://bridge.lan:3000/feed",
                "http://[::1]:1200/rss",
                "https://search.example/rss?q={query}",
                "http://[broken/feed",
                "not a url",
            ]
        ),
    )
    assert settings.trusted_hosts() == ["10.0.0.0/8", "bridge.lan", "::1", "search.example"]
    assert Settings().trusted_hosts() == []


def test_log_level_and_format_are_read_in_any_case(monkeypatch):
    monkeypatch.setenv("TIDINGS_LOG_LEVEL", "debug")
    monkeypatch.setenv("TIDINGS_LOG_FORMAT", "JSON")
    settings = load_settings()
    assert (settings.log_level, settings.log_format) == ("DEBUG", "json")


def test_secrets_come_from_file_variables_without_the_trailing_newline(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    (secrets / "discord_token").write_text("MTIz.discord.token\n")
    (secrets / "matrix_password").write_text("correct horse battery\r\n")
    (secrets / "database_url").write_text("postgresql://tidings:s3cret@db/tidings\n")
    (secrets / "matrix_store_key").write_text("vault of keys\n")
    monkeypatch.setenv("TIDINGS_MATRIX__STORE_KEY_FILE", str(secrets / "matrix_store_key"))
    monkeypatch.setenv("TIDINGS_DISCORD__TOKEN_FILE", str(secrets / "discord_token"))
    monkeypatch.setenv("TIDINGS_MATRIX__PASSWORD_FILE", str(secrets / "matrix_password"))
    monkeypatch.setenv("TIDINGS_DATABASE_URL_FILE", str(secrets / "database_url"))
    monkeypatch.setenv("TIDINGS_MATRIX__HOMESERVER", "https://matrix.example.org")
    monkeypatch.setenv("TIDINGS_MATRIX__USER_ID", "@tidings:example.org")

    settings = load_settings()

    assert settings.discord.token is not None
    assert settings.discord.token.get_secret_value() == "MTIz.discord.token"
    assert settings.matrix.password is not None
    assert settings.matrix.password.get_secret_value() == "correct horse battery"
    assert settings.matrix.enabled
    assert settings.database_url == "postgresql://tidings:s3cret@db/tidings"
    assert settings.matrix.store_key is not None
    assert settings.matrix.store_key.get_secret_value() == "vault of keys"
    assert set(settings.secrets()) == {
        "MTIz.discord.token",
        "correct horse battery",
        "vault of keys",
        "s3cret",
    }


def test_a_file_variable_in_lower_case_works_too(tmp_path, monkeypatch):
    (tmp_path / "token").write_text("abc.def.ghi")
    monkeypatch.setenv("tidings_discord__token_file", str(tmp_path / "token"))
    assert load_settings().discord.enabled


@pytest.mark.parametrize(
    ("toml", "key", "variable"),
    [
        ('[discord]\ntoken = "MTIz.abc"\n', "discord.token", "TIDINGS_DISCORD__TOKEN"),
        ('[matrix]\npassword = "hunter2"\n', "matrix.password", "TIDINGS_MATRIX__PASSWORD"),
        (
            '[matrix]\naccess_token = "syt_x"\n',
            "matrix.access_token",
            "TIDINGS_MATRIX__ACCESS_TOKEN",
        ),
        ('[matrix]\nstore_key = "k"\n', "matrix.store_key", "TIDINGS_MATRIX__STORE_KEY"),
        ('database_url = "postgresql://u:pw@db/t"\n', "database_url", "TIDINGS_DATABASE_URL"),
    ],
)
def test_secrets_in_the_file_are_refused(tmp_path, toml, key, variable):
    config = write(tmp_path, "# settings\n" + toml)
    with pytest.raises(SettingsError) as caught:
        load_settings(config)
    [problem] = caught.value.problems
    line = 3 if toml.startswith("[") else 2
    assert problem == Problem(
        f"{config}:{line}",
        f"{key} {'carries a password' if key == 'database_url' else 'is a secret'} and must "
        f"not be in the settings file; set {variable} or {variable}_FILE instead",
    )
    assert "hunter2" not in str(caught.value)


def test_a_database_url_without_a_password_may_be_in_the_file(tmp_path):
    config = write(tmp_path, 'database_url = "postgresql://tidings@db.internal/tidings"\n')
    settings = load_settings(config)
    assert settings.database_url == "postgresql://tidings@db.internal/tidings"
    assert settings.secrets() == ()


def test_every_problem_is_collected(tmp_path, monkeypatch):
    config = write(
        tmp_path,
        '[matrix]\nhomserver = "https://m.example.org"\npassword = "x"\n'
        '[track]\nalert_mode = "sometimes"\n',
    )
    monkeypatch.setenv("TIDINGS_FETCH__MAX_BYTES", "lots")
    settings, problems = read_settings(config)
    # The faulty keys fall back to their defaults, so that the rest can still be checked.
    assert settings is not None
    assert settings.track.alert_mode == "immediate"
    with pytest.raises(SettingsError):
        load_settings(config)
    assert [str(p) for p in problems] == [
        f"{config}:3: matrix.password is a secret and must not be in the settings file; "
        "set TIDINGS_MATRIX__PASSWORD or TIDINGS_MATRIX__PASSWORD_FILE instead",
        "TIDINGS_FETCH__MAX_BYTES: fetch.max_bytes should be a valid integer, got 'lots'",
        f"{config}:2: unknown key matrix.homserver (did you mean matrix.homeserver?)",
        f"{config}:5: track.alert_mode should be 'immediate' or 'digest', got 'sometimes'",
    ]


def test_a_wrongly_typed_secret_is_not_echoed(monkeypatch, tmp_path):
    monkeypatch.setenv("TIDINGS_MATRIX", '{"password": ["hunter2"]}')
    _, problems = read_settings()
    assert problems
    assert all("hunter2" not in str(p) for p in problems)


def test_a_key_in_the_wrong_section_is_pointed_to_its_place(tmp_path):
    config = write(tmp_path, "poll_interval = 60\n")
    _, [problem] = read_settings(config)
    assert str(problem) == (
        f"{config}:1: unknown key poll_interval (did you mean track.poll_interval?)"
    )


def test_a_secret_file_key_in_the_file_points_to_the_environment(tmp_path):
    config = write(tmp_path, '[discord]\ntoken_file = "/run/secrets/discord_token"\n')
    _, [problem] = read_settings(config)
    assert str(problem) == (
        f"{config}:2: unknown key discord.token_file; secret files are named in the "
        "environment: TIDINGS_DISCORD__TOKEN_FILE"
    )


def test_a_whole_section_of_the_wrong_type(tmp_path):
    config = write(tmp_path, "matrix = 3\n")
    _, [problem] = read_settings(config)
    assert str(problem) == f"{config}:1: matrix should be a table ([matrix]), got 3"


def test_matrix_user_id_and_homeserver_shapes(monkeypatch):
    monkeypatch.setenv("TIDINGS_MATRIX__HOMESERVER", "matrix.example.org")
    monkeypatch.setenv("TIDINGS_MATRIX__USER_ID", "tidings")
    monkeypatch.setenv("TIDINGS_MATRIX__ACCESS_TOKEN", "syt_abc")
    _, problems = read_settings()
    assert [str(p) for p in problems] == [
        "TIDINGS_MATRIX__HOMESERVER: matrix.homeserver should be an http(s) address like "
        "https://matrix.example.org",
        "TIDINGS_MATRIX__USER_ID: matrix.user_id should look like @tidings:example.org, "
        "got 'tidings'",
    ]


def test_a_data_dir_that_is_a_file(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("TIDINGS_DATA_DIR", str(tmp_path / "file"))
    _, [problem] = read_settings()
    assert (
        str(problem) == f"TIDINGS_DATA_DIR: data_dir {tmp_path / 'file'} is a file, not a directory"
    )


def test_settings_error_message_is_the_problem_lines():
    error = SettingsError([Problem("a", "one"), Problem("b", "two")])
    assert str(error) == "a: one\nb: two"


EXAMPLE = Path(__file__).resolve().parents[1] / "config" / "tidings.example.toml"


def test_the_example_file_is_valid_and_documents_every_key(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    settings, problems = read_settings(EXAMPLE)
    assert problems == []
    assert settings is not None
    text = EXAMPLE.read_text()
    sections = dict.fromkeys([""], "")
    current = ""
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = line.strip("[]")
            sections[current] = ""
        else:
            sections[current] += line + "\n"
    secrets = {
        ("discord", "token"),
        ("matrix", "password"),
        ("matrix", "access_token"),
        ("matrix", "store_key"),
    }
    for name, info in Settings.model_fields.items():
        model = info.annotation
        keys = (
            [(name, key) for key in model.model_fields]
            if isinstance(model, type) and hasattr(model, "model_fields")
            else [("", name)]
        )
        for section, key in keys:
            if (section, key) in secrets:
                assert f"TIDINGS_{section.upper()}__{key.upper()}" in text
                continue
            assert re.search(rf"^(# )?{key} =", sections[section], re.M), (section, key)


@pytest.mark.parametrize("prefix", ["t", " ", "!1", "a!"])
def test_a_command_prefix_must_be_punctuation(monkeypatch, prefix):
    monkeypatch.setenv("TIDINGS_COMMAND_PREFIX", prefix)
    _, [problem] = read_settings()
    assert "command_prefix must be punctuation" in str(problem)


def test_a_punctuation_prefix_is_accepted(monkeypatch):
    monkeypatch.setenv("TIDINGS_COMMAND_PREFIX", "?!")
    assert load_settings().command_prefix == "?!"
