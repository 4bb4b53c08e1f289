"""Tidings in Matrix rooms: commands, reactions and invites in, m.notice replies out."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict, defaultdict
from collections.abc import AsyncIterator, Coroutine, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    Event,
    InviteInfo,
    InviteMemberEvent,
    JoinResponse,
    LoginResponse,
    MatrixRoom,
    MegolmEvent,
    ReactionEvent,
    RoomCreateEvent,
    RoomGetEventResponse,
    RoomInfo,
    RoomLeaveResponse,
    RoomMemberEvent,
    RoomMessageFormatted,
    SyncResponse,
    UnknownEncryptedEvent,
    WhoamiResponse,
)
from nio.crypto import ENCRYPTION_ENABLED

from bot.adapters.matrix._history import MatrixHistory
from bot.adapters.matrix._pacing import PacedSender, backoff
from bot.adapters.matrix._session import Session, SessionFile
from bot.adapters.matrix.render import notice_content, relates_to, reply_contents
from bot.adapters.matrix.translate import (
    PLATFORM,
    creators_of,
    is_moderator,
    relation_of,
    sent_at,
    translate,
)
from bot.core import commands
from bot.core.handler import Handler
from bot.core.model import ChatMessage, Reply
from bot.settings import MatrixSettings

log = logging.getLogger(__name__)

E2E_AVAILABLE: Final = ENCRYPTION_ENABLED
try:  # what opening the end-to-end key store with the wrong key raises
    from vodozemac import LibolmPickleException, PickleException

    _PICKLE_ERRORS: tuple[type[Exception], ...] = (LibolmPickleException, PickleException)
except ImportError:  # no end-to-end support installed: no key store either
    _PICKLE_ERRORS = ()
_SYNC_TIMEOUT_MS: Final = 30_000
_TYPING_MS: Final = 30_000
_TYPING_REFRESH: Final = 20.0
_MAX_CONCURRENT: Final = 4
# A command older than this when the bot first sees it (after a long outage) goes unanswered.
_STALE_AFTER: Final = timedelta(hours=1)
_REMEMBERED_REACTIONS: Final = 1000
# A first sync reads the rooms' state, not their past: old messages are not commands to answer.
_FIRST_SYNC_FILTER: Final = {"room": {"timeline": {"limit": 1}}}
_FATAL_LOGIN: Final = frozenset({"M_FORBIDDEN", "M_UNKNOWN_TOKEN", "M_USER_DEACTIVATED"})
_LEAVE: Final = "leave"
_VARIATION_SELECTOR: Final = "\ufe0f"

_ENCRYPTED_NOTICE: Final = (
    "This room is end-to-end encrypted, and this Tidings cannot read encrypted messages"
    " ({why}). I will not see commands sent here; use me in an unencrypted room instead."
)
_UNDECRYPTABLE_NOTICE: Final = (
    "I received a message here that I could not decrypt (its keys have not reached me)."
    " If it was a command for me, please send it again."
)


class MatrixLoginError(RuntimeError):
    """The homeserver refused the configured credentials; retrying will not help."""


class MatrixDeliveryError(RuntimeError):
    """The homeserver refused a message for good (the bot left the room, say)."""


class _Unavailable(Exception):
    """The homeserver answered with an error worth retrying later."""


def _same_emoji(a: str, b: str) -> bool:
    return a.replace(_VARIATION_SELECTOR, "") == b.replace(_VARIATION_SELECTOR, "")


def _server_of(user_id: str) -> str:
    return user_id.partition(":")[2]


class MatrixAdapter:
    """Answer commands in Matrix rooms through a matrix-nio client, until cancelled."""

    def __init__(self, handler: Handler, settings: MatrixSettings, *, data_dir: Path) -> None:
        if not (settings.enabled and settings.homeserver and settings.user_id):
            raise ValueError("Matrix needs a homeserver, a user id and a password or token")
        self._handler = handler
        self._settings = settings
        self._homeserver = settings.homeserver
        self._user_id = settings.user_id
        self._dir = data_dir / "matrix"
        self._session_file = SessionFile(self._dir / "session.json")
        self._session = self._session_file.load(homeserver=self._homeserver, user_id=self._user_id)
        self._e2e = settings.encryption and E2E_AVAILABLE
        store = self._dir / "crypto"
        if self._e2e:
            store.mkdir(parents=True, exist_ok=True)
        # The key store is encrypted with the operator's store_key, else the library's own key.
        store_key = settings.store_key
        keys = {} if store_key is None else {"pickle_key": store_key.get_secret_value()}
        config = AsyncClientConfig(
            # Rate limits and lost connections come back to Tidings, which paces and retries
            # itself (and logs it), rather than waiting inside the library.
            max_limit_exceeded=0,
            max_timeouts=0,
            encryption_enabled=self._e2e,
            store_sync_tokens=False,
            **keys,
        )
        self._client = AsyncClient(
            self._homeserver,
            self._user_id,
            device_id=self._session.device_id or "",
            store_path=str(store) if self._e2e else "",
            config=config,
        )
        self._sender = PacedSender(
            self._client, interval=settings.send_interval, max_delay=settings.retry_max_delay
        )
        self._logged_in = False
        self._synced_once = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._work = asyncio.Semaphore(_MAX_CONCURRENT)
        self._typing: defaultdict[str, int] = defaultdict(int)
        self._reacted: OrderedDict[tuple[str, str, bool], None] = OrderedDict()
        self._undecryptable_warned: set[str] = set()
        self._creators: dict[str, frozenset[str]] = {}
        self._ready = asyncio.Event()
        self._unreachable = False  # the last sync failed: the health check reports it
        self._running: asyncio.Task[Any] | None = None
        self._closed = False

    @property
    def user_id(self) -> str:
        return self._user_id

    @property
    def device_id(self) -> str | None:
        """Return the device this bot logs in as (known once it has logged in)."""
        return self._client.device_id or self._session.device_id

    @property
    def encryption(self) -> bool:
        """Tell whether this bot reads and writes end-to-end encrypted rooms."""
        return self._e2e

    @property
    def connected(self) -> bool:
        """Tell whether the bot is logged in, has synced and is still syncing."""
        running = self._running is not None and not self._running.done()
        ready = self._logged_in and self._ready.is_set() and not self._closed
        return running and ready and not self._unreachable

    async def wait_ready(self) -> None:
        """Wait until the first sync since start has been handled."""
        await self._ready.wait()

    async def run(self) -> None:
        """Log in and answer until cancelled, reconnecting with backoff when the server is away."""
        if self._settings.encryption and not E2E_AVAILABLE:
            log.warning(
                "matrix-nio's e2e extra is not installed: encrypted rooms get a notice that"
                " Tidings cannot read them"
            )
        if not self._settings.allowed_inviters:
            log.warning("matrix.allowed_inviters is empty: every invite will be refused")
        self._running = asyncio.current_task()
        failures = 0
        while True:
            try:
                if not self._logged_in:
                    await self._login()
                await self._sync_once()
            except (aiohttp.ClientError, TimeoutError, _Unavailable) as error:
                failures += 1
                self._unreachable = True
                delay = backoff(failures, cap=self._settings.retry_max_delay)
                log.warning(
                    "homeserver=%s unavailable (%s: %s); attempt %d, retrying in %.1f s",
                    self._homeserver,
                    type(error).__name__,
                    error,
                    failures,
                    delay,
                )
                await asyncio.sleep(delay)
                continue
            except MatrixLoginError:
                raise
            except Exception:
                # A bug in handling one sync must not end the bot; the next sync moves on.
                failures += 1
                delay = backoff(failures, cap=self._settings.retry_max_delay)
                log.exception("Matrix sync failed; retrying in %.1f s", delay)
                await asyncio.sleep(delay)
                continue
            if failures:
                log.info(
                    "homeserver=%s reachable again after %d failed attempts",
                    self._homeserver,
                    failures,
                )
                failures = 0
            self._unreachable = False

    async def close(self) -> None:
        """Stop syncing and the work in flight, save the sync position, close the connection."""
        if self._closed:
            return
        self._closed = True
        running = (
            [self._running] if self._running and self._running is not asyncio.current_task() else []
        )
        for task in (*running, *self._tasks):
            task.cancel()
        await asyncio.gather(*running, *self._tasks, return_exceptions=True)
        self._session_file.save(self._session)
        await self._client.close()

    async def deliver(self, room_id: str, replies: Sequence[Reply], *, key: str) -> None:
        """Post replies that answer no message (alerts, digests) in a room.

        `key` names this delivery for good: sending it again (after a crash, say) reuses the
        same Matrix transaction ids, and the homeserver keeps the first copy only. Raises
        MatrixDeliveryError when the homeserver refuses a message, so the caller can retry.
        Waits until `run` has logged in and synced once, so the room and its keys are known.
        """
        await self._ready.wait()
        for index, reply in enumerate(replies):
            txn = hashlib.sha256(f"{key}/{index}".encode()).hexdigest()[:32]
            await self._post(room_id, reply, txn_prefix=txn)

    async def _post(
        self, room_id: str, reply: Reply, *, txn_prefix: str | None = None
    ) -> list[str]:
        """Send one reply (split if need be) as a reply and in its thread; return the event ids."""
        relation = relates_to(in_reply_to=reply.in_reply_to, thread_id=reply.thread_id)
        sent: list[str] = []
        for part, content in enumerate(reply_contents(reply)):
            if relation is not None:
                content["m.relates_to"] = relation
            txn = f"{txn_prefix}-{part}" if txn_prefix else None
            event_id = await self._sender.send(room_id, content, txn_id=txn)
            if event_id is None:
                raise MatrixDeliveryError(f"the homeserver refused a message to room {room_id}")
            sent.append(event_id)
        return sent

    # Logging in

    async def _login(self) -> None:
        client = self._client
        settings = self._settings
        token = settings.access_token.get_secret_value() if settings.access_token else None
        saved = self._session.access_token
        if token is None and saved is not None and not await self._adopt(saved):
            saved = None
        if token is not None:
            if not await self._adopt(token):
                raise MatrixLoginError(f"the homeserver refused the access token of {client.user}")
            self._save(replace(self._session, access_token=None))
        elif saved is None:
            if settings.password is None:
                raise MatrixLoginError("no Matrix password is configured and no token is saved")
            with self._opening_key_store():
                response = await client.login(
                    settings.password.get_secret_value(), device_name=settings.device_name
                )
            if not isinstance(response, LoginResponse):
                if response.status_code in _FATAL_LOGIN:
                    raise MatrixLoginError(f"Matrix login refused for {client.user}: {response}")
                raise _Unavailable(str(response))
            self._save(
                replace(
                    self._session,
                    device_id=response.device_id,
                    access_token=response.access_token,
                )
            )
        self._logged_in = True
        log.info(
            "logged in to homeserver=%s as user=%s device=%s encryption=%s",
            self._homeserver,
            client.user_id,
            client.device_id,
            "on" if self._e2e else "off",
        )
        if self._e2e and client.should_upload_keys:
            await client.keys_upload()

    async def _adopt(self, token: str) -> bool:
        """Use an access token if the homeserver still accepts it; False when it does not."""
        client = self._client
        client.access_token = token
        response = await client.whoami()
        if not isinstance(response, WhoamiResponse):
            client.access_token = ""
            if response.status_code in _FATAL_LOGIN:
                log.info("homeserver=%s no longer accepts the saved token", self._homeserver)
                return False
            raise _Unavailable(str(response))
        if response.user_id != self._user_id:
            raise MatrixLoginError(f"the access token belongs to {response.user_id}")
        device = response.device_id or self._session.device_id
        if device is None:
            raise MatrixLoginError("the homeserver did not say which device the token is for")
        with self._opening_key_store():
            client.restore_login(self._user_id, device, token)
        if device != self._session.device_id:
            self._save(replace(self._session, device_id=device))
        return True

    @contextmanager
    def _opening_key_store(self) -> Iterator[None]:
        """Turn a key store that the configured store_key cannot open into a clear refusal."""
        try:
            yield
        except _PICKLE_ERRORS as error:
            raise MatrixLoginError(
                f"the end-to-end key store in {self._dir / 'crypto'} cannot be opened with this"
                " store_key: set the key it was created with, or move the folder away to start"
                f" as a new device ({error})"
            ) from error

    def _save(self, session: Session) -> None:
        self._session = session
        self._session_file.save(session)

    # Syncing

    async def _sync_once(self) -> None:
        client = self._client
        since = self._session.next_batch
        fresh_start = since is None
        response = await client.sync(
            timeout=_SYNC_TIMEOUT_MS if self._synced_once else 0,
            since=since,
            # After a restart the state is read again in full, so power levels, encryption
            # and names are known without replaying the timeline.
            full_state=True if not self._synced_once else None,
            sync_filter=_FIRST_SYNC_FILTER if fresh_start else None,
        )
        if not isinstance(response, SyncResponse):
            if response.status_code == "M_UNKNOWN_TOKEN":
                self._logged_in = False
                self._save(replace(self._session, access_token=None))
            raise _Unavailable(str(response))
        await self._handle_sync(response, answer=not fresh_start)
        if self._e2e:
            await self._exchange_keys()
        self._save(replace(self._session, next_batch=response.next_batch))
        if not self._synced_once:
            log.info(
                "first sync done for user=%s (%d rooms)%s",
                self._user_id,
                len(client.rooms),
                "; earlier messages are not answered" if fresh_start else "",
            )
        self._synced_once = True
        self._ready.set()

    async def _exchange_keys(self) -> None:
        client = self._client
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()

    async def _handle_sync(self, response: SyncResponse, *, answer: bool) -> None:
        for room_id, invite in response.rooms.invite.items():
            await self._guard(self._on_invite(room_id, invite), room_id)
        for room_id, left in response.rooms.leave.items():
            self._on_left(room_id, left)
        for room_id, joined in response.rooms.join.items():
            room = self._client.rooms.get(room_id)
            if room is None:
                continue
            for event in (*joined.state, *joined.timeline.events):
                if isinstance(event, RoomCreateEvent):
                    self._creators[room_id] = creators_of(event.source)
            if room.encrypted and not self._e2e and room_id not in self._session.warned_rooms:
                self._spawn(self._warn_encrypted(room), room_id, "m.room.encryption")
            if answer:
                for event in self._since_joined(joined.timeline.events):
                    self._on_event(room, event)

    def _since_joined(self, timeline: Sequence[Event]) -> Sequence[Event]:
        """Return the events after the bot's own join: a room's past is not for answering."""
        for index in range(len(timeline) - 1, -1, -1):
            event = timeline[index]
            if (
                isinstance(event, RoomMemberEvent)
                and event.state_key == self._user_id
                and event.membership == "join"
                and event.prev_membership != "join"
            ):
                return timeline[index + 1 :]
        return timeline

    async def _guard(self, work: Coroutine[Any, Any, None], room_id: str) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception:
            # The sync goes on: one room's trouble must not hold up (or replay) the others.
            log.exception("failed to handle an update in room=%s", room_id)

    def _spawn(self, work: Coroutine[Any, Any, None], room_id: str, event_id: str) -> None:
        async def guarded() -> None:
            try:
                async with self._work:
                    await work
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("failed to answer event=%s in room=%s", event_id, room_id)

        task = asyncio.create_task(guarded())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # Events

    def _on_event(self, room: MatrixRoom, event: Event) -> None:
        if event.sender == self._user_id:
            return
        if isinstance(event, MegolmEvent | UnknownEncryptedEvent):
            self._spawn(self._on_undecryptable(room, event), room.room_id, event.event_id)
            return
        if isinstance(event, ReactionEvent):
            for emoji, follow in (
                (self._settings.summarize_emoji, False),
                (self._settings.follow_emoji, True),
            ):
                if _same_emoji(event.key, emoji):
                    work = self._on_reaction(room, event, follow=follow)
                    self._spawn(work, room.room_id, event.event_id)
                    return
            return
        message = translate(
            event,
            room,
            own_user_id=self._user_id,
            answer_bots=self._settings.answer_bots,
            creators=self._creators.get(room.room_id, frozenset()),
        )
        if message is None:
            return
        command = commands.parse(message.text, prefix=self._handler.prefix)
        if command is None:
            return
        if datetime.now(UTC) - message.sent_at > _STALE_AFTER:
            log.info(
                "not answering stale command event=%s room=%s sent=%s",
                message.message_id,
                room.room_id,
                message.sent_at.isoformat(),
            )
            return
        if isinstance(command, commands.Unknown) and command.name.lower() == _LEAVE:
            self._spawn(self._on_leave(room, message), room.room_id, message.message_id)
            return
        self._spawn(self._answer(room, message), room.room_id, message.message_id)

    async def _answer(self, room: MatrixRoom, message: ChatMessage) -> None:
        history = MatrixHistory(
            self._client,
            room,
            limit=self._settings.history_limit,
            hours=self._settings.history_hours,
            answer_bots=self._settings.answer_bots,
        )
        async with self._typing_in(room.room_id):
            replies = await self._handler.handle(message, history=history)
            for reply in replies:
                for event_id in await self._post(room.room_id, reply):
                    # "!follow" in reply to any part of a summary finds the summary's story.
                    await self._handler.delivered(message, reply, event_id)

    async def _on_reaction(self, room: MatrixRoom, event: ReactionEvent, *, follow: bool) -> None:
        """Summarise the links of a message reacted to, or follow the actors of a summary."""
        key = (room.room_id, event.reacts_to, follow)
        if key in self._reacted:
            return  # one answer per message, however many people react
        self._reacted[key] = None
        while len(self._reacted) > _REMEMBERED_REACTIONS:
            self._reacted.popitem(last=False)
        response = await self._client.room_get_event(room.room_id, event.reacts_to)
        if not isinstance(response, RoomGetEventResponse):
            log.warning(
                "cannot read event=%s reacted to in room=%s: %s",
                event.reacts_to,
                room.room_id,
                response,
            )
            self._reacted.pop(key, None)  # a later reaction may find it readable
            return
        target = response.event
        if not isinstance(target, RoomMessageFormatted):
            return
        prefix = self._handler.prefix
        if follow:
            if target.sender != self._user_id:
                return  # only Tidings' own summaries name actors to follow
            text = f"{prefix}follow"
        else:
            links = commands.links_in(target.body)
            if not links:
                log.info("no link to read in event=%s room=%s", target.event_id, room.room_id)
                return
            # The command's parser keeps the first links and says how many it left out.
            text = f"{prefix}summarize " + " ".join(links)
        relation = relation_of(target.source.get("content", {}))
        message = ChatMessage(
            platform=PLATFORM,
            room_id=room.room_id,
            message_id=target.event_id,
            author_id=event.sender,
            author_name=room.user_name(event.sender) or event.sender,
            text=text,
            sent_at=sent_at(event),
            thread_id=relation.thread_id,
            # Following by reaction is "!follow" in reply to the summary reacted to.
            reply_to_id=target.event_id if follow else None,
            is_moderator=is_moderator(
                room, event.sender, self._creators.get(room.room_id, frozenset())
            ),
        )
        log.info(
            "%s event=%s in room=%s on a reaction by user=%s",
            "following the actors of" if follow else "summarising",
            target.event_id,
            room.room_id,
            event.sender,
        )
        await self._answer(room, message)

    async def _on_leave(self, room: MatrixRoom, message: ChatMessage) -> None:
        if not message.is_moderator:
            await self._notice(
                room.room_id,
                "Only a room moderator can ask me to leave.",
                in_reply_to=message.message_id,
                thread_id=message.thread_id,
            )
            return
        await self._notice(
            room.room_id,
            "Leaving this room. A moderator can invite me back at any time.",
            in_reply_to=message.message_id,
            thread_id=message.thread_id,
        )
        response = await self._client.room_leave(room.room_id)
        if isinstance(response, RoomLeaveResponse):
            log.info("left room=%s as asked by user=%s", room.room_id, message.author_id)
        else:
            log.warning("cannot leave room=%s: %s", room.room_id, response)

    async def _on_undecryptable(
        self, room: MatrixRoom, event: MegolmEvent | UnknownEncryptedEvent
    ) -> None:
        if not self._e2e:
            await self._warn_encrypted(room)
            return
        log.warning(
            "cannot decrypt event=%s in room=%s from user=%s",
            event.event_id,
            room.room_id,
            event.sender,
        )
        if room.room_id in self._undecryptable_warned:
            return
        self._undecryptable_warned.add(room.room_id)
        await self._notice(room.room_id, _UNDECRYPTABLE_NOTICE)

    async def _warn_encrypted(self, room: MatrixRoom) -> None:
        """Say once per room, ever, that encrypted messages are beyond this bot's reach."""
        if room.room_id in self._session.warned_rooms:
            return
        self._save(replace(self._session, warned_rooms=(*self._session.warned_rooms, room.room_id)))
        why = (
            "encryption is switched off in its settings"
            if E2E_AVAILABLE
            else "it runs without the end-to-end encryption libraries"
        )
        log.warning("room=%s is encrypted and encryption is off: telling the room", room.room_id)
        await self._notice(room.room_id, _ENCRYPTED_NOTICE.format(why=why))

    async def _notice(
        self,
        room_id: str,
        text: str,
        *,
        in_reply_to: str | None = None,
        thread_id: str | None = None,
    ) -> None:
        content = notice_content(text, text)
        relation = relates_to(in_reply_to=in_reply_to, thread_id=thread_id)
        if relation is not None:
            content["m.relates_to"] = relation
        await self._sender.send(room_id, content)

    # Membership

    def _invite_allowed(self, inviter: str) -> bool:
        for allowed in self._settings.allowed_inviters:
            if allowed in ("*", inviter):
                return True
            if allowed.startswith(":") and _server_of(inviter) == allowed[1:]:
                return True
        return False

    async def _on_invite(self, room_id: str, invite: InviteInfo) -> None:
        inviter = next(
            (
                e.sender
                for e in invite.invite_state
                if isinstance(e, InviteMemberEvent)
                and e.state_key == self._user_id
                and e.membership == "invite"
            ),
            None,
        )
        if inviter is None:
            return
        if not self._invite_allowed(inviter):
            log.warning(
                "refusing invite to room=%s from user=%s (not in matrix.allowed_inviters)",
                room_id,
                inviter,
            )
            await self._client.room_leave(room_id)
            return
        response = await self._client.join(room_id)
        if isinstance(response, JoinResponse):
            log.info("joined room=%s invited by user=%s", room_id, inviter)
        else:
            log.warning("cannot join room=%s invited by user=%s: %s", room_id, inviter, response)

    def _on_left(self, room_id: str, left: RoomInfo) -> None:
        for event in left.timeline.events:
            if isinstance(event, RoomMemberEvent) and event.state_key == self._user_id:
                reason = event.content.get("reason") or "no reason given"
                log.info(
                    "no longer in room=%s (%s by user=%s: %s)",
                    room_id,
                    event.membership,
                    event.sender,
                    reason,
                )
        self._sender.forget(room_id)
        self._creators.pop(room_id, None)

    # Typing

    @asynccontextmanager
    async def _typing_in(self, room_id: str) -> AsyncIterator[None]:
        self._typing[room_id] += 1
        refresher = asyncio.create_task(self._keep_typing(room_id))
        try:
            yield
        finally:
            refresher.cancel()
            with suppress(asyncio.CancelledError):
                await refresher
            self._typing[room_id] -= 1
            if self._typing[room_id] == 0:
                del self._typing[room_id]
                await self._set_typing(room_id, typing=False)

    async def _keep_typing(self, room_id: str) -> None:
        while True:
            await self._set_typing(room_id, typing=True)
            await asyncio.sleep(_TYPING_REFRESH)

    async def _set_typing(self, room_id: str, *, typing: bool) -> None:
        # The typing notice is a courtesy: failing to show it must not fail the command.
        try:
            await self._client.room_typing(room_id, typing_state=typing, timeout=_TYPING_MS)
        except (aiohttp.ClientError, TimeoutError) as error:
            log.debug("cannot set typing=%s in room=%s: %s", typing, room_id, error)
