"""The one settings object: config/tidings.toml overlaid by TIDINGS_… environment variables."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, PydanticBaseSettingsSource, SettingsConfigDict

DEFAULT_CONFIG: Final = Path("config/tidings.toml")
USER_AGENT: Final = (
    "Tidings/0.1 (self-hosted news summary bot; +https://github.com/tidings-bot/tidings)"
)

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


class Settings(BaseSettings):
    """Every setting Tidings reads, validated once at start-up."""

    model_config = SettingsConfigDict(
        env_prefix="TIDINGS_",
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
    )

    data_dir: Path = Path("data")
    database_url: str | None = None
    command_prefix: str = Field(default="!", min_length=1, max_length=3)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    cache_hours: float = Field(default=6.0, ge=0)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    matrix: MatrixSettings = Field(default_factory=MatrixSettings)
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    track: TrackSettings = Field(default_factory=TrackSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The TOML file arrives as init values; the environment overrides it.
        return env_settings, init_settings

    @property
    def database(self) -> str:
        """Return the database URL, defaulting to a SQLite file in the data directory."""
        return self.database_url or f"sqlite:///{(self.data_dir / 'tidings.db').resolve()}"


def load_settings(config: Path | None = None) -> Settings:
    """Read the TOML file (if there is one) and the environment into validated settings."""
    path = config or Path(os.environ.get("TIDINGS_CONFIG", DEFAULT_CONFIG))
    values: dict[str, Any] = {}
    if path.is_file():
        with path.open("rb") as handle:
            values = tomllib.load(handle)
    return Settings(**values)
