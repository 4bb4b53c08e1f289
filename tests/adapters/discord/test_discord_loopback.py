"""The adapter over real sockets: a loopback fake of Discord's REST API and gateway.

discord.py is pointed at 127.0.0.1 through its two base addresses (the REST route base and the
default gateway); the fake speaks just enough of the protocol for a bot to log in, identify,
receive a guild and a command message, and post its answer.
"""

from __future__ import annotations

import asyncio
import json
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import yarl
from aiohttp import WSMsgType, web

from bot.adapters.discord import DiscordAdapter
from bot.settings import DiscordSettings

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "pages"
ALEPPO_TITLE = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"
TOKEN = "loopback-token"
BOT_ID = "900000000000000001"
APP_ID = "900000000000000002"
GUILD_ID = "900000000000000010"
CHANNEL_ID = "900000000000000011"
HUMAN_ID = "900000000000000020"
COMMAND_ID = "900000000000000030"
TIMESTAMP = "2026-01-01T12:00:00+00:00"

GUILDS = 1 << 0
GUILD_MESSAGES = 1 << 9
GUILD_MESSAGE_REACTIONS = 1 << 10
MESSAGE_CONTENT = 1 << 15
EVERYONE = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    read_message_history=True,
    use_application_commands=True,
)


def _user(user_id: str, name: str, *, bot: bool) -> dict[str, Any]:
    return {
        "id": user_id,
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def _member(user: dict[str, Any] | None = None) -> dict[str, Any]:
    member: dict[str, Any] = {
        "roles": [],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
    }
    if user is not None:
        member["user"] = user
    return member


def _message(
    message_id: str, author: dict[str, Any], *, content: str = "", **extra: Any
) -> dict[str, Any]:
    return {
        "id": message_id,
        "channel_id": CHANNEL_ID,
        "guild_id": GUILD_ID,
        "author": author,
        "content": content,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
        **extra,
    }


def _json(data: Any) -> web.Response:
    # discord.py reads a body as JSON only when the content type is exactly application/json.
    return web.Response(body=json.dumps(data).encode(), content_type="application/json")


@dataclass
class FakeDiscord:
    """The REST and gateway endpoints a logged-in bot touches, with what it sent them."""

    command_text: str = ""
    gateway_query: dict[str, str] = field(default_factory=dict)
    identify: dict[str, Any] | None = None
    heartbeats: int = 0
    authorizations: list[str] = field(default_factory=list)
    typing: int = 0
    post_attempts: int = 0
    commands: list[dict[str, Any]] = field(default_factory=list)
    posted: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    bot_user: dict[str, Any] = field(default_factory=lambda: _user(BOT_ID, "Tidings", bot=True))

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._record_auth])
        api = "/api/v10"
        app.router.add_get(f"{api}/users/@me", self._me)
        app.router.add_get(f"{api}/oauth2/applications/@me", self._application)
        app.router.add_put(f"{api}/applications/{{app}}/commands", self._sync)
        app.router.add_post(f"{api}/channels/{{channel}}/typing", self._typing)
        app.router.add_post(f"{api}/channels/{{channel}}/messages", self._post)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/pages/{name}", self._page)
        return app

    @web.middleware
    async def _record_auth(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path.startswith("/api/"):
            self.authorizations.append(request.headers.get("Authorization", ""))
        return await handler(request)

    async def _me(self, request: web.Request) -> web.Response:
        return _json(self.bot_user)

    async def _application(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": APP_ID,
                "name": "Tidings",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": _user("900000000000000003", "owner", bot=False),
                "verify_key": "00",
                "flags": 0,
            }
        )

    async def _sync(self, request: web.Request) -> web.Response:
        self.commands = await request.json()
        registered = [
            {
                "description": "",
                **command,
                "id": str(900000000000000100 + i),
                "application_id": APP_ID,
            }
            for i, command in enumerate(self.commands)
        ]
        return _json(registered)

    async def _typing(self, request: web.Request) -> web.Response:
        self.typing += 1
        return web.Response(status=204)

    async def _post(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.post_attempts += 1
        if self.post_attempts == 1:
            # Discord's answer to a too-fast sender; the Via header marks it as Discord's own
            # (discord.py treats a 429 without it as a Cloudflare ban).
            return web.Response(
                status=429,
                body=json.dumps(
                    {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}
                ).encode(),
                content_type="application/json",
                headers={"Via": "1.1 google", "X-RateLimit-Scope": "user"},
            )
        await self.posted.put(body)
        reply = _message(
            str(900000000000000500 + self.posted.qsize()),
            self.bot_user,
            content=body.get("content") or "",
            embeds=body.get("embeds") or [],
            member=_member(),
        )
        return _json(reply)

    async def _page(self, request: web.Request) -> web.Response:
        path = PAGES / request.match_info["name"]
        if not path.is_file():
            raise web.HTTPNotFound()
        return web.Response(body=path.read_bytes(), content_type="text/html", charset="utf-8")

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.gateway_query = dict(request.query)
        # Answer in the transport compression the client asked for in its query string.
        deflate = zlib.compressobj() if request.query.get("compress") == "zlib-stream" else None
        sequence = 0

        async def send(op: int, data: Any, event: str | None = None) -> None:
            nonlocal sequence
            payload: dict[str, Any] = {"op": op, "d": data, "s": None, "t": event}
            if op == 0:
                sequence += 1
                payload["s"] = sequence
            text = json.dumps(payload)
            if deflate is None:
                await ws.send_str(text)
            else:
                chunk = deflate.compress(text.encode()) + deflate.flush(zlib.Z_SYNC_FLUSH)
                await ws.send_bytes(chunk)

        await send(10, {"heartbeat_interval": 41250})
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                continue
            message = json.loads(frame.data)
            if message["op"] == 1:
                self.heartbeats += 1
                await send(11, None)
            elif message["op"] == 2:
                self.identify = message["d"]
                await self._greet(send, request)
        return ws

    async def _greet(self, send: Any, request: web.Request) -> None:
        shard = (self.identify or {}).get("shard", [0, 1])
        await send(
            0,
            {
                "v": 10,
                "user": self.bot_user,
                "guilds": [{"id": GUILD_ID, "unavailable": True}],
                "session_id": "loopback-session",
                "resume_gateway_url": f"ws://{request.host}/gateway",
                "application": {"id": APP_ID, "flags": 0},
                "shard": shard,
            },
            "READY",
        )
        human = _user(HUMAN_ID, "ana", bot=False)
        await send(
            0,
            {
                "id": GUILD_ID,
                "name": "Newsroom",
                "icon": None,
                "owner_id": HUMAN_ID,
                "unavailable": False,
                "member_count": 2,
                "large": False,
                "joined_at": TIMESTAMP,
                "features": [],
                "emojis": [],
                "stickers": [],
                "threads": [],
                "roles": [
                    {
                        "id": GUILD_ID,
                        "name": "@everyone",
                        "permissions": str(EVERYONE.value),
                        "position": 0,
                        "color": 0,
                        "hoist": False,
                        "managed": False,
                        "mentionable": False,
                    }
                ],
                "channels": [
                    {
                        "id": CHANNEL_ID,
                        "type": 0,
                        "name": "news",
                        "position": 0,
                        "permission_overwrites": [],
                    }
                ],
                "members": [_member(self.bot_user), _member(human)],
            },
            "GUILD_CREATE",
        )
        await send(
            0,
            _message(COMMAND_ID, human, content=self.command_text, member=_member()),
            "MESSAGE_CREATE",
        )


@pytest.fixture
async def fake_discord(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[tuple[FakeDiscord, str]]:
    fake = FakeDiscord()
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    monkeypatch.setattr(discord.http.Route, "BASE", f"{base}/api/v10")
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket,
        "DEFAULT_GATEWAY",
        yarl.URL(f"ws://127.0.0.1:{port}/gateway"),
    )
    try:
        yield fake, base
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    ("shard_count", "shard_ids", "identify_shard"),
    [(None, None, None), (3, [2], [2, 3])],
    ids=["one-process", "shard-2-of-3"],
)
async def test_bot_logs_in_identifies_and_answers_over_the_wire(
    fake_discord, handler, shard_count, shard_ids, identify_shard
):
    fake, base = fake_discord
    fake.command_text = f"!summarize {base}/pages/aleppo-clashes.html"
    settings = DiscordSettings(token=TOKEN, shard_count=shard_count, shard_ids=shard_ids)
    adapter = DiscordAdapter(handler, settings)
    running = asyncio.create_task(adapter.run())
    try:
        body = await asyncio.wait_for(fake.posted.get(), timeout=10)
    finally:
        await adapter.close()
        await asyncio.wait_for(running, timeout=5)

    # discord.py asks for JSON over a zlib stream; the fake answered in kind.
    assert fake.gateway_query == {"v": "10", "encoding": "json", "compress": "zlib-stream"}
    identify = fake.identify
    assert identify is not None
    assert identify["token"] == TOKEN
    intents = identify["intents"]
    for wanted in (GUILDS, GUILD_MESSAGES, GUILD_MESSAGE_REACTIONS, MESSAGE_CONTENT):
        assert intents & wanted == wanted
    assert identify.get("shard") == identify_shard
    assert fake.heartbeats >= 1
    assert fake.authorizations
    assert set(fake.authorizations) == {f"Bot {TOKEN}"}

    [embed] = body["embeds"]
    assert embed["title"] == ALEPPO_TITLE
    assert embed["url"] == f"{base}/pages/aleppo-clashes.html"
    assert "Hay'at Tahrir al-Sham" in embed["description"]
    assert str(body["message_reference"]["message_id"]) == COMMAND_ID
    assert body["message_reference"]["fail_if_not_exists"] is False
    assert body["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert fake.typing >= 1
    assert fake.post_attempts == 2  # the answer waited out a 429 and went through

    synced = {c["name"]: c for c in fake.commands}
    assert set(synced) == {
        "summarize",
        "follow",
        "unfollow",
        "following",
        "sources",
        "alerts",
        "help",
        "Summarize links",
    }
    assert synced["Summarize links"]["type"] == 3
    assert int(synced["sources"]["default_member_permissions"]) == 1 << 4  # Manage Channels
    assert synced["summarize"]["default_member_permissions"] is None
