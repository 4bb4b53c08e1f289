"""The Matrix login that outlives a restart: device, token and sync position on disk."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Session:
    """What the bot must remember between runs so it neither replays nor re-registers."""

    homeserver: str
    user_id: str
    device_id: str | None = None
    # Only a token the bot obtained with its password is kept; a configured one stays in the
    # configuration.
    access_token: str | None = None
    next_batch: str | None = None
    warned_rooms: tuple[str, ...] = field(default=())


class SessionFile:
    """A JSON file, readable by its owner only, replaced atomically on each save."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        return self._path

    def load(self, *, homeserver: str, user_id: str) -> Session:
        """Return the saved session for this account, or a fresh one."""
        fresh = Session(homeserver=homeserver, user_id=user_id)
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return fresh
        except (OSError, ValueError) as error:
            log.warning("ignoring unreadable Matrix session file=%s: %s", self._path, error)
            return fresh
        if data.get("user_id") != user_id or data.get("homeserver") != homeserver:
            log.info(
                "Matrix session file=%s belongs to %s; starting a new session for %s",
                self._path,
                data.get("user_id"),
                user_id,
            )
            return fresh
        return Session(
            homeserver=homeserver,
            user_id=user_id,
            device_id=data.get("device_id"),
            access_token=data.get("access_token"),
            next_batch=data.get("next_batch"),
            warned_rooms=tuple(data.get("warned_rooms", ())),
        )

    def save(self, session: Session) -> None:
        """Write the session, never leaving a half-written file behind."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self._path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(asdict(session), handle, indent=1)
        os.replace(temporary, self._path)
