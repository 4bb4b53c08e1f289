"""The one settings object: config/tidings.toml overlaid by TIDINGS_… environment variables.

Secrets (the Discord token, the Matrix password or access token, a database URL with a
password) come from the environment only: as TIDINGS_X or as TIDINGS_X_FILE, the path of a file
that holds the value (a Docker secret). `read_settings` explains every problem it finds, one
line each.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Final, Literal
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEFAULT_CONFIG: Final = Path("config/tidings.toml")
USER_AGENT: Final = (
    "Tidings/0.1 (self-hosted news summary bot; +https://github.com/tidings-bot/tidings)"
)
ENV_PREFIX: Final = "TIDINGS_"
CONFIG_VARIABLE: Final = "TIDINGS_CONFIG"
FILE_SUFFIX: Final = "_FILE"
# The settings that hold secrets; database_url only when it carries a password.
SECRETS: Final[tuple[tuple[str, ...], ...]] = (
    ("discord", "token"),
    ("matrix", "password"),
    ("matrix", "access_token"),
    ("matrix", "store_key"),
    ("database_url",),
)
_SHOWN_CHARS: Final = 40
_TOML_POSITION: Final = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END: Final = re.compile(r"\s*\(at end of document\)$")
_TABLE: Final = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY: Final = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*=")
_MATRIX_USER: Final = re.compile(r"^@[^:\s]+:\S+$")

CommaList = Annotated[list[str], NoDecode]


def _split_commas(value: Any) -> Any:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchSettings(_Section):
    allow_hosts: CommaList = Field(default_factory=list)
    connect_timeout: float = Field(default=10.0, gt=0)
    total_timeout: float = Field(default=30.0, gt=0)
    max_bytes: int = Field(default=5_000_000, gt=0)
    max_redirects: int = Field(default=5, ge=0)
    user_agent: str = USER_AGENT

    _split = field_validator("allow_hosts", mode="before")(_split_commas)


class MatrixSettings(_Section):
    homeserver: str | None = None
    user_id: str | None = None
    password: SecretStr | None = None
    access_token: SecretStr | None = None
    # Encrypts the end-to-end keys in DATA_DIR/matrix/crypto; unset, the library's fixed key.
    store_key: SecretStr | None = None
    device_name: str = "Tidings"
    # Who may invite the bot: user ids ("@ana:example.org") or whole homeservers
    # (":example.org"); "*" lets anyone. Empty (the default) refuses every invite.
    allowed_inviters: CommaList = Field(default_factory=list)
    summarize_emoji: str = Field(default="\N{NEWSPAPER}", min_length=1, max_length=64)
    follow_emoji: str = Field(default="\N{PUSHPIN}", min_length=1, max_length=64)
    answer_bots: bool = False
    encryption: bool = True
    history_limit: int = Field(default=100, ge=1, le=1000)
    history_hours: float = Field(default=24.0, gt=0)
    send_interval: float = Field(default=0.2, ge=0)
    retry_max_delay: float = Field(default=60.0, gt=0)

    _split = field_validator("allowed_inviters", mode="before")(_split_commas)

    @property
    def enabled(self) -> bool:
        return bool(self.homeserver and self.user_id and (self.password or self.access_token))


class DiscordSettings(_Section):
    token: SecretStr | None = None
    sync_commands: bool = True
    summarize_emoji: str = Field(default="\N{NEWSPAPER}", min_length=1, max_length=64)
    follow_emoji: str = Field(default="\N{PUSHPIN}", min_length=1, max_length=64)
    answer_bots: bool = False
    history_limit: int = Field(default=100, ge=1, le=1000)
    history_hours: float = Field(default=24.0, gt=0)
    channel_burst: int = Field(default=5, ge=1)
    channel_window: float = Field(default=5.0, ge=0)
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int], NoDecode] | None = None

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _split_shards(cls, value: Any) -> Any:
        return _split_commas(value)

    @field_validator("shard_ids")
    @classmethod
    def _check_shards(cls, value: list[int] | None, info: Any) -> list[int] | None:
        if value is None:
            return None
        count = info.data.get("shard_count")
        if count is None:
            raise ValueError("shard_ids needs shard_count (the total number of shards)")
        if not value or len(set(value)) != len(value) or not all(0 <= i < count for i in value):
            raise ValueError(f"shard_ids must be distinct numbers from 0 to {count - 1}")
        return value

    @property
    def enabled(self) -> bool:
        return self.token is not None


class TrackSettings(_Section):
    poll_interval: float = Field(default=900.0, ge=1)
    sources: CommaList = Field(default_factory=list)
    alert_mode: Literal["immediate", "digest"] = "immediate"
    max_alerts_per_hour: int = Field(default=5, ge=1)
    digest_hour: int = Field(default=8, ge=0, le=23)
    read_articles: bool = True

    _split = field_validator("sources", mode="before")(_split_commas)


class HealthSettings(_Section):
    enabled: bool = True
    # Loopback by default: the metrics name rooms' activity, not something to publish.
    host: str = "127.0.0.1"
    # 0 picks any free port (the one chosen is logged).
    port: int = Field(default=9180, ge=0, le=65535)


class Settings(BaseSettings):
    """Every setting Tidings reads, validated once at start-up.

    Build it with `load_settings` (or `read_settings`), which also reads the settings file,
    the secrets' …_FILE variables and refuses secrets written into the file.
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    data_dir: Path = Path("data")
    database_url: str | None = None
    command_prefix: str = Field(default="!", min_length=1, max_length=3)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    cache_hours: float = Field(default=6.0, ge=0)
    shutdown_timeout: float = Field(default=20.0, gt=0, le=600)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    matrix: MatrixSettings = Field(default_factory=MatrixSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    track: TrackSettings = Field(default_factory=TrackSettings)
    health: HealthSettings = Field(default_factory=HealthSettings)

    @field_validator("command_prefix")
    @classmethod
    def _check_prefix(cls, value: str) -> str:
        # A letter would make "the game…" the command "he"; a space matches nothing after trim.
        if any(c.isalnum() or c.isspace() for c in value):
            raise ValueError(f"command_prefix must be punctuation such as ! or ?, not {value!r}")
        return value

    @field_validator("log_level", "log_format", mode="before")
    @classmethod
    def _fold_case(cls, value: Any, info: Any) -> Any:
        if isinstance(value, str):
            return value.upper() if info.field_name == "log_level" else value.lower()
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        if isinstance(env_settings, EnvSettingsSource):
            # The …_FILE variables name files, not settings; read_settings reads them.
            _drop_file_variables(env_settings)
        # The TOML file arrives as init values; the environment overrides it.
        return env_settings, init_settings

    @property
    def database(self) -> str:
        """Return the database URL, defaulting to a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'tidings.db').resolve()}"

    def trusted_hosts(self) -> list[str]:
        """Return the hosts exempt from the private-address rule: those the operator allowed,
        and those of the configured default sources (an RSS bridge on the same machine)."""
        hosts = dict.fromkeys(self.fetch.allow_hosts)
        for url in self.track.sources:
            try:
                host = urlsplit(url.strip()).hostname
            except ValueError:
                continue  # the tracker reports a broken source address when it polls it
            if host:
                hosts.setdefault(host)
        return list(hosts)

    def secrets(self) -> tuple[str, ...]:
        """Return every secret value configured, for logs to mask."""
        found = [
            secret.get_secret_value()
            for secret in (
                self.discord.token,
                self.matrix.password,
                self.matrix.access_token,
                self.matrix.store_key,
            )
            if secret is not None
        ]
        if self.database_url and (password := _url_password(self.database_url)):
            found += [password, unquote(password)]
        return tuple(dict.fromkeys(value for value in found if value))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the settings, where it is and what to do about it.

    `key` is the setting concerned: () for the whole settings file, None for none in particular.
    """

    where: str
    message: str
    key: tuple[str, ...] | None = field(default=None, compare=False)

    def concerns(self, *names: str) -> bool:
        """Tell whether the problem may change any of these top-level settings."""
        return self.key == () or (self.key is not None and self.key[:1] in {(n,) for n in names})

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SettingsError(ValueError):
    """Settings Tidings cannot start with; `problems` explains each."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def env_name(path: tuple[str, ...]) -> str:
    """Return the environment variable of a setting: ("matrix", "user_id") -> TIDINGS_MATRIX__…."""
    return ENV_PREFIX + "__".join(path).upper()


def config_path(config: Path | None = None) -> Path:
    """Return the settings file to read: the one given, TIDINGS_CONFIG, or the default."""
    return config or Path(os.environ.get(CONFIG_VARIABLE, DEFAULT_CONFIG))


def load_settings(config: Path | None = None) -> Settings:
    """Read the settings file and the environment into validated settings, or raise."""
    settings, problems = read_settings(config)
    if settings is None or problems:
        raise SettingsError(problems)
    return settings


def read_settings(
    config: Path | None = None, *, required: bool = False
) -> tuple[Settings | None, list[Problem]]:
    """Return the settings and every problem found, each explained on one line.

    The settings are fit to run only when there is no problem. Otherwise they are the best
    reading, with the faulty keys left at their defaults, so that the rest can still be checked
    (None when even that fails).
    """
    path = config_path(config)
    source = _Origin(path)
    problems: list[Problem] = []
    values = source.read(problems, required=required)
    problems += _refuse_file_secrets(values, source)
    for key, secret in _read_secret_files(problems).items():
        _put(values, key, secret)
    problems += _unknown_variables()
    try:
        settings: Settings | None = Settings(**values)
    except ValidationError as error:
        items = error.errors(include_url=False)
        problems += [_explain(item, source) for item in items]
        settings = _salvage(values, items)
    # An unreadable file could hold any setting: judging the rest without it would mislead.
    if settings is not None and not any(p.key == () for p in problems):
        faulty = {p.key[0] for p in problems if p.key}
        if "matrix" not in faulty:
            problems += _check_matrix(settings.matrix, source)
        if "discord" not in faulty:
            problems += _check_discord(settings.discord, source)
        if "data_dir" not in faulty:
            problems += _check_data_dir(settings, source)
    return settings, problems


def _field_key(loc: tuple[str, ...]) -> tuple[str, ...]:
    """Return the setting an error location is in: ("fetch", "allow_hosts", "0") -> 2 parts."""
    section = Settings.model_fields.get(loc[0])
    nested = section is not None and _is_section(section.annotation)
    return loc[:2] if nested and len(loc) > 1 else loc[:1]


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, _Section)


def _salvage(values: dict[str, Any], items: list[Any]) -> Settings | None:
    """Build settings without the keys that failed, to check what else is wrong."""
    merged = _merge(values, _environment_values())
    for _ in range(3):
        for item in items:
            _remove(merged, _field_key(tuple(str(part) for part in item["loc"])))
        try:
            return _FromValues(**merged)
        except ValidationError as error:
            items = error.errors(include_url=False)
    return None


class _FromValues(Settings):
    """The settings built from the values given alone, the environment already merged in."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


def _environment_values() -> dict[str, Any]:
    source = EnvSettingsSource(Settings)
    _drop_file_variables(source)
    return dict(source())


def _drop_file_variables(source: EnvSettingsSource) -> None:
    files = {name.lower() for name in _file_variables()}
    source.env_vars = {key: value for key, value in source.env_vars.items() if key not in files}


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


class _Origin:
    """Where each setting came from: the settings file (with its lines) or a variable."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.found = False
        self._lines: list[str] = []

    def read(self, problems: list[Problem], *, required: bool) -> dict[str, Any]:
        if not self.path.is_file():
            if required or self.path.exists():
                problems.append(Problem(str(self.path), "no such settings file", ()))
            return {}
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            problems.append(Problem(str(self.path), f"cannot read the settings file: {reason}", ()))
            return {}
        self.found = True
        self._lines = text.splitlines()
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            problems.append(self._toml_problem(str(error), text))
            return {}

    def _toml_problem(self, message: str, text: str) -> Problem:
        if match := _TOML_POSITION.search(message):
            line, column = match.group(1), match.group(2)
            message = message[: match.start()]
        else:
            # tomllib only says "at end of document" for what it reads to the end.
            message = _TOML_END.sub("", message)
            lines = text.split("\n")
            line, column = str(len(lines)), str(len(lines[-1]) + 1)
        return Problem(f"{self.path}:{line}:{column}", f"invalid TOML: {message}", ())

    def variable(self, key: tuple[str, ...]) -> str | None:
        """Return the environment variable that set a setting (or its section), if any."""
        for end in range(len(key), 0, -1):
            name = _getenv_name(env_name(key[:end]))
            if name is not None:
                return name
        return None

    def where(self, key: tuple[str, ...]) -> str:
        """Return "TIDINGS_X", "config/tidings.toml:12" or "config/tidings.toml"."""
        if (name := self.variable(key)) is not None:
            return name
        if self.found:
            return self.in_file(key)
        return key[0]

    def in_file(self, key: tuple[str, ...]) -> str:
        """Return the file and line where a key (or else its section) is set."""
        for end in range(len(key), 0, -1):
            if (line := self.line_of(key[:end])) is not None:
                return f"{self.path}:{line}"
        return str(self.path)

    def line_of(self, key: tuple[str, ...]) -> int | None:
        """Return the line of the file that sets a key, when a simple reading finds it."""
        table: tuple[str, ...] = ()
        for number, line in enumerate(self._lines, start=1):
            if header := _TABLE.match(line):
                table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
                if table == key:
                    return number
                continue
            if (assignment := _KEY.match(line)) and (
                *table,
                *assignment.group(1).split("."),
            ) == key:
                return number
        return None


def _getenv_name(name: str) -> str | None:
    """Return the spelling of an environment variable as set, matched without case."""
    wanted = name.lower()
    return next((key for key in os.environ if key.lower() == wanted), None)


def _getenv(name: str) -> str | None:
    found = _getenv_name(name)
    return None if found is None else os.environ[found]


def _file_variables() -> Iterator[str]:
    for key in SECRETS:
        yield env_name(key) + FILE_SUFFIX


def _url_password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def _dig(values: Mapping[str, Any], key: tuple[str, ...]) -> Any:
    node: Any = values
    for part in key:
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _put(values: dict[str, Any], key: tuple[str, ...], value: Any) -> None:
    node = values
    for part in key[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[key[-1]] = value


def _remove(values: dict[str, Any], key: tuple[str, ...]) -> None:
    parent = _dig(values, key[:-1]) if len(key) > 1 else values
    if isinstance(parent, dict):
        parent.pop(key[-1], None)


def _refuse_file_secrets(values: dict[str, Any], source: _Origin) -> list[Problem]:
    problems = []
    for key in SECRETS:
        value = _dig(values, key)
        if value is None:
            continue
        if key == ("database_url",) and not (isinstance(value, str) and _url_password(value)):
            continue
        what = "carries a password" if key == ("database_url",) else "is a secret"
        variable = env_name(key)
        problems.append(
            Problem(
                source.in_file(key),
                f"{'.'.join(key)} {what} and must not be in the settings file; "
                f"set {variable} or {variable}{FILE_SUFFIX} instead",
                key,
            )
        )
        # Dropped so that the rest of the file is still checked.
        _remove(values, key)
    return problems


def _read_secret_files(problems: list[Problem]) -> dict[tuple[str, ...], str]:
    found: dict[tuple[str, ...], str] = {}
    for key in SECRETS:
        variable = env_name(key) + FILE_SUFFIX
        name = _getenv_name(variable)
        if name is None:
            continue
        path = os.environ[name]
        if _getenv(env_name(key)) is not None:
            problems.append(Problem(name, f"{env_name(key)} is set too; set only one of them", key))
            continue
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            problems.append(Problem(name, f"cannot read {path}: {error.strerror or error}", key))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(name, f"{path} is not UTF-8 text", key))
            continue
        # Editors and `echo` end a file with a newline; the secret does not include it.
        secret = text.rstrip("\r\n")
        if not secret.strip():
            problems.append(Problem(name, f"{path} is empty", key))
            continue
        found[key] = secret
    return found


def _known_keys() -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = []
    for name, info in Settings.model_fields.items():
        model = info.annotation
        if _is_section(model) and model is not None:
            keys += [(name, field) for field in model.model_fields]
        else:
            keys.append((name,))
    return keys


def _unknown_variables() -> list[Problem]:
    """Flag TIDINGS_ variables that look like a misspelt setting (TIDINGS_DISCORD_TOKEN)."""
    keys = _known_keys()
    known = {env_name(key) for key in keys} | {env_name(key[:1]) for key in keys}
    known |= set(_file_variables()) | {CONFIG_VARIABLE}
    sections = {key[0] for key in keys if len(key) > 1}
    problems = []
    for name in os.environ:
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper in known:
            continue
        head = upper.removeprefix(ENV_PREFIX).split("__")[0].lower()
        if "__" in upper and head in sections:
            continue  # the section rejects the unknown key itself
        # Only likely typos: other tools may use TIDINGS_ names of their own.
        if close := difflib.get_close_matches(upper, sorted(known), n=1, cutoff=0.85):
            problems.append(Problem(name, f"not a Tidings setting; did you mean {close[0]}?"))
    return problems


def _dotted(key: tuple[str, ...]) -> str:
    return "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in key).lstrip(".")


def _suggestion(key: tuple[str, ...]) -> str:
    keys = _known_keys()
    leaf = key[-1]
    if leaf.upper().endswith(FILE_SUFFIX) and (*key[:-1], leaf[: -len(FILE_SUFFIX)]) in SECRETS:
        variable = env_name((*key[:-1], leaf[: -len(FILE_SUFFIX)])) + FILE_SUFFIX
        return f"; secret files are named in the environment: {variable}"
    elsewhere = [k for k in keys if k[-1] == leaf and k != key]
    if elsewhere:
        return f" (did you mean {_dotted(elsewhere[0])}?)"
    if len(key) == 1:
        siblings = sorted({k[0] for k in keys})
    else:
        siblings = sorted(k[-1] for k in keys if k[:-1] == key[:-1])
    if close := difflib.get_close_matches(leaf, siblings, n=1, cutoff=0.7):
        return f" (did you mean {_dotted((*key[:-1], close[0]))}?)"
    return ""


def _shown(key: tuple[str, ...], value: Any) -> str:
    if any(key[: len(secret)] == secret for secret in SECRETS):
        return "a hidden value"
    text = repr(value)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _explain(item: Any, source: _Origin) -> Problem:
    """Turn one pydantic error into one line: where, which key, what was expected, what came."""
    key = tuple(str(part) for part in item["loc"])
    where = source.where(key)
    name = _dotted(key)
    kind = item["type"]
    if kind == "extra_forbidden":
        text = f"unknown key {name}{_suggestion(key)}"
    elif kind == "value_error":
        text = f"{name}: {item['ctx']['error']}"
    elif kind in {"model_type", "dict_type", "model_attributes_type"}:
        text = f"{name} should be a table ([{name}]), got {_shown(key, item['input'])}"
    else:
        message = str(item["msg"])
        expected = message.removeprefix("Input should be ").split(", unable to")[0]
        if expected != message:
            text = f"{name} should be {expected}, got {_shown(key, item['input'])}"
        else:
            text = f"{name}: {message[:1].lower()}{message[1:]}"
    return Problem(where, text, _field_key(key))


def _check_matrix(matrix: MatrixSettings, source: _Origin) -> list[Problem]:
    problems = []
    secret = matrix.access_token or matrix.password
    parts = {
        "homeserver": (matrix.homeserver, "matrix.homeserver"),
        "user_id": (matrix.user_id, "matrix.user_id"),
        "a password or access token": (
            secret,
            "TIDINGS_MATRIX__PASSWORD or TIDINGS_MATRIX__ACCESS_TOKEN (or their _FILE)",
        ),
    }
    given = [part for part, (value, _) in parts.items() if value]
    missing = [part for part, (value, _) in parts.items() if not value]
    if given and missing:
        how = " and ".join(parts[part][1] for part in missing)
        verb = "is" if len(given) == 1 else "are"
        problems.append(
            Problem(
                "matrix",
                f"{' and '.join(given)} {verb} set but not {' and '.join(missing)}; set {how}",
                ("matrix",),
            )
        )
    if matrix.homeserver and not matrix.homeserver.lower().startswith(("http://", "https://")):
        problems.append(
            Problem(
                source.where(("matrix", "homeserver")),
                "matrix.homeserver should be an http(s) address like https://matrix.example.org",
                ("matrix", "homeserver"),
            )
        )
    if matrix.user_id and not _MATRIX_USER.match(matrix.user_id):
        problems.append(
            Problem(
                source.where(("matrix", "user_id")),
                f"matrix.user_id should look like @tidings:example.org, got {matrix.user_id!r}",
                ("matrix", "user_id"),
            )
        )
    return problems


def _check_discord(discord: DiscordSettings, source: _Origin) -> list[Problem]:
    problems = []
    token = discord.token
    if token is not None and not token.get_secret_value().strip():
        problems.append(
            Problem(source.where(("discord", "token")), "discord.token is empty", ("discord",))
        )
    return problems


def _check_data_dir(settings: Settings, source: _Origin) -> list[Problem]:
    directory = settings.data_dir
    where = source.where(("data_dir",))
    if directory.exists() and not directory.is_dir():
        return [Problem(where, f"data_dir {directory} is a file, not a directory", ("data_dir",))]
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not os.access(existing, os.W_OK | os.X_OK):
        return [Problem(where, f"data_dir {directory} is not writable by this user", ("data_dir",))]
    return []
