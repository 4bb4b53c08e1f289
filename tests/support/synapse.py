"""A real Synapse homeserver for tests: SQLite, 127.0.0.1 only, rate limits raised."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import aiohttp
import pytest
from nio import (
    AsyncClient,
    AsyncClientConfig,
    JoinResponse,
    RoomCreateResponse,
    RoomInviteResponse,
    RoomMemberEvent,
    RoomSendResponse,
    SyncResponse,
    TypingNoticeEvent,
)

from tests.support.ports import free_port

SERVER_NAME: Final = "tidings.test"
_START_TIMEOUT: Final = 60.0
_STOP_TIMEOUT: Final = 15.0
# Every limit Synapse applies to a busy client, raised so tests never wait on them.
_UNLIMITED: Final = {"per_second": 10_000, "burst_count": 10_000}
_RATE_LIMITS: Final = {
    "rc_message": _UNLIMITED,
    "rc_registration": _UNLIMITED,
    "rc_registration_token_validity": _UNLIMITED,
    "rc_login": {
        "address": _UNLIMITED,
        "account": _UNLIMITED,
        "failed_attempts": _UNLIMITED,
    },
    "rc_joins": {"local": _UNLIMITED, "remote": _UNLIMITED},
    "rc_joins_per_room": _UNLIMITED,
    "rc_invites": {"per_room": _UNLIMITED, "per_user": _UNLIMITED, "per_issuer": _UNLIMITED},
    "rc_3pid_validation": _UNLIMITED,
    "rc_admin_redaction": _UNLIMITED,
    "rc_room_creation": _UNLIMITED,
    "rc_presence": {"per_user": _UNLIMITED},
    "rc_delayed_event_mgmt": _UNLIMITED,
    "rc_reports": _UNLIMITED,
    "rc_media_create": _UNLIMITED,
    "rc_key_requests": _UNLIMITED,
}
_LOG_CONFIG: Final = """\
version: 1
formatters:
  plain:
    format: "%(asctime)s %(levelname)s %(name)s %(message)s"
handlers:
  file:
    class: logging.FileHandler
    filename: {path}
    formatter: plain
root:
  level: INFO
  handlers: [file]
disable_existing_loggers: false
"""


@dataclass(frozen=True, slots=True)
class MatrixUser:
    """An account registered on the test homeserver."""

    user_id: str
    password: str
    access_token: str
    device_id: str


class Synapse:
    """One Synapse process over a directory of config, keys and an SQLite database."""

    def __init__(self, base_dir: Path, *, port: int | None = None) -> None:
        self.base_dir = base_dir
        self.port = port or free_port()
        self.server_name = SERVER_NAME
        self._secret = secrets.token_hex(16)
        self._process: subprocess.Popen[bytes] | None = None
        self._names = itertools.count(1)
        self._write_config()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.base_dir / "homeserver.log"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _write_config(self) -> None:
        base = self.base_dir
        base.mkdir(parents=True, exist_ok=True)
        (base / "log.yaml").write_text(_LOG_CONFIG.format(path=json.dumps(str(self.log_path))))
        config: dict[str, Any] = {
            "server_name": self.server_name,
            "pid_file": str(base / "homeserver.pid"),
            "public_baseurl": self.url + "/",
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(base / "homeserver.db")}},
            "log_config": str(base / "log.yaml"),
            "media_store_path": str(base / "media"),
            "signing_key_path": str(base / "signing.key"),
            "registration_shared_secret": self._secret,
            "macaroon_secret_key": secrets.token_hex(16),
            "form_secret": secrets.token_hex(16),
            "enable_registration": True,
            "enable_registration_without_verification": True,
            "bcrypt_rounds": 4,
            "report_stats": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "url_preview_enabled": False,
            "presence": {"enabled": False},
            **_RATE_LIMITS,
        }
        # JSON is valid YAML, and needs no YAML writer.
        (base / "homeserver.yaml").write_text(json.dumps(config, indent=2))

    def start(self) -> None:
        """Start the server and wait until its client API answers."""
        if self.running:
            return
        log = (self.base_dir / "stdout.log").open("ab")
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "synapse.app.homeserver",
                "--config-path",
                str(self.base_dir / "homeserver.yaml"),
            ],
            cwd=self.base_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + _START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Synapse exited at start; see {self.base_dir}/stdout.log")
            if self._answers():
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Synapse did not answer within {_START_TIMEOUT:.0f} s")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL when it lingers)."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self) -> None:
        """Stop the server and start it again over the same data."""
        self.stop()
        self.start()

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/_matrix/client/versions", timeout=1) as r:
                return bool(r.status == 200)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    async def register(self, name: str = "user", *, admin: bool = False) -> MatrixUser:
        """Register a fresh account (a unique localpart starting with `name`) and log it in."""
        localpart = f"{name}-{next(self._names)}-{secrets.token_hex(3)}"
        password = secrets.token_urlsafe(12)
        endpoint = self.url + "/_synapse/admin/v1/register"
        async with aiohttp.ClientSession() as http:
            async with http.get(endpoint) as response:
                nonce = (await response.json())["nonce"]
            # The MAC covers the four parts separated (not ended) by NUL bytes.
            kind = "admin" if admin else "notadmin"
            signed = "\x00".join((nonce, localpart, password, kind)).encode()
            digest = hmac.new(self._secret.encode(), signed, hashlib.sha1).hexdigest()
            body = {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": digest,
            }
            async with http.post(endpoint, json=body) as response:
                answer = await response.json()
                if response.status != 200:
                    raise RuntimeError(f"registration failed: {answer}")
        return MatrixUser(
            user_id=answer["user_id"],
            password=password,
            access_token=answer["access_token"],
            device_id=answer["device_id"],
        )

    async def admin_post(self, admin: MatrixUser, path: str, body: dict[str, Any]) -> Any:
        """POST to the admin API as an admin user and return the JSON answer."""
        headers = {"Authorization": f"Bearer {admin.access_token}"}
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.url + path, json=body, headers=headers) as response,
        ):
            answer = await response.json()
            if response.status != 200:
                raise RuntimeError(f"admin call {path} failed: {answer}")
            return answer


class MatrixPerson:
    """A person in the test's rooms, driving a plain matrix-nio client and watching what comes."""

    def __init__(
        self, synapse: Synapse, user: MatrixUser, *, store_dir: Path | None = None
    ) -> None:
        self.user = user
        self._encrypted = store_dir is not None
        config = AsyncClientConfig(
            max_limit_exceeded=0, max_timeouts=0, encryption_enabled=self._encrypted
        )
        if store_dir is not None:
            store_dir.mkdir(parents=True, exist_ok=True)
        self.client = AsyncClient(
            synapse.url,
            user.user_id,
            device_id=user.device_id,
            store_path=str(store_dir or ""),
            config=config,
        )
        self.client.restore_login(user.user_id, user.device_id, user.access_token)
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.typing: set[tuple[str, str]] = set()
        self.typing_now: dict[str, frozenset[str]] = {}
        self.memberships: dict[tuple[str, str], str] = {}
        self.decrypted: set[str] = set()

    @property
    def user_id(self) -> str:
        return self.user.user_id

    async def __aenter__(self) -> MatrixPerson:
        await self.sync(timeout_ms=0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.client.close()

    async def create_room(self, *, invite: Sequence[str] = (), encrypted: bool = False) -> str:
        """Create a private room, inviting the given users."""
        state = (
            [
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            ]
            if encrypted
            else []
        )
        response = await self.client.room_create(invite=invite, initial_state=state)
        if not isinstance(response, RoomCreateResponse):
            raise RuntimeError(f"cannot create a room: {response}")
        await self.sync(timeout_ms=0)
        return str(response.room_id)

    async def invite(self, room_id: str, user_id: str) -> None:
        response = await self.client.room_invite(room_id, user_id)
        if not isinstance(response, RoomInviteResponse):
            raise RuntimeError(f"cannot invite {user_id}: {response}")

    async def join(self, room_id: str) -> None:
        response = await self.client.join(room_id)
        if not isinstance(response, JoinResponse):
            raise RuntimeError(f"cannot join {room_id}: {response}")
        await self.sync(timeout_ms=0)

    async def send(
        self,
        room_id: str,
        text: str,
        *,
        thread_root: str | None = None,
        msgtype: str = "m.text",
        event_type: str = "m.room.message",
        content: dict[str, Any] | None = None,
    ) -> str:
        """Send a message (in a thread when given its root) and return its event id."""
        if content is None:
            content = {"msgtype": msgtype, "body": text}
            if thread_root is not None:
                content["m.relates_to"] = {
                    "rel_type": "m.thread",
                    "event_id": thread_root,
                    "is_falling_back": True,
                    "m.in_reply_to": {"event_id": thread_root},
                }
        response = await self.client.room_send(
            room_id, event_type, content, ignore_unverified_devices=True
        )
        if not isinstance(response, RoomSendResponse):
            raise RuntimeError(f"cannot send to {room_id}: {response}")
        return str(response.event_id)

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        return await self.send(room_id, "", event_type="m.reaction", content=content)

    async def sync(self, *, timeout_ms: int = 500) -> None:
        """Sync once and keep every timeline event, typing notice and membership seen."""
        client = self.client
        try:
            response = await client.sync(timeout=timeout_ms)
        except (aiohttp.ClientError, TimeoutError):
            await asyncio.sleep(0.2)  # the homeserver is restarting
            return
        if not isinstance(response, SyncResponse):
            await asyncio.sleep(0.2)
            return
        if self._encrypted:
            if client.should_upload_keys:
                await client.keys_upload()
            if client.should_query_keys:
                await client.keys_query()
            if client.should_claim_keys:
                await client.keys_claim(client.get_users_for_key_claiming())
            await client.send_to_device_messages()
        for room_id, info in response.rooms.join.items():
            for event in [*info.state, *info.timeline.events]:
                self.events.append((room_id, event.source))
                if event.decrypted:
                    self.decrypted.add(event.event_id)
                if isinstance(event, RoomMemberEvent):
                    self.memberships[(room_id, event.state_key)] = event.membership
            for ephemeral in info.ephemeral:
                if isinstance(ephemeral, TypingNoticeEvent):
                    self.typing.update((room_id, user) for user in ephemeral.users)
                    self.typing_now[room_id] = frozenset(ephemeral.users)

    async def wait_for(
        self, predicate: Callable[[str, dict[str, Any]], bool], *, within: float = 30
    ) -> dict[str, Any]:
        """Return the first event seen (now or later) for which predicate(room, event) holds."""
        deadline = time.monotonic() + within
        while True:
            for room_id, event in self.events:
                if predicate(room_id, event):
                    return event
            if time.monotonic() > deadline:
                raise TimeoutError("the awaited event did not come")
            await self.sync()

    async def replies_to(
        self, room_id: str, event_id: str, *, within: float = 30
    ) -> dict[str, Any]:
        """Wait for a message in the room that replies to the given event."""
        return await self.wait_for(
            lambda room, event: room == room_id and replied_to(event) == event_id,
            within=within,
        )

    async def wait_not_typing(self, room_id: str, user_id: str, *, within: float = 10) -> None:
        deadline = time.monotonic() + within
        while user_id in self.typing_now.get(room_id, ()):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{user_id} is still typing in {room_id}")
            await self.sync()

    async def wait_membership(
        self, room_id: str, user_id: str, membership: str, *, within: float = 30
    ) -> None:
        deadline = time.monotonic() + within
        while self.memberships.get((room_id, user_id)) != membership:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{user_id} did not {membership} {room_id}")
            await self.sync()


def replied_to(event: dict[str, Any]) -> str | None:
    """Return the event id a message replies to, if it is a reply."""
    relation = event.get("content", {}).get("m.relates_to", {})
    return relation.get("m.in_reply_to", {}).get("event_id") if relation else None


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """Start one homeserver for the whole run; tests register their own users on it."""
    server = Synapse(tmp_path_factory.mktemp("synapse"))
    server.start()
    try:
        yield server
    finally:
        server.stop()
