"""Read a room's or a thread's recent conversation: the core's History port for Matrix."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Final

import aiohttp
from nio import (
    AsyncClient,
    EncryptionError,
    Event,
    MatrixRoom,
    MegolmEvent,
    RoomGetEventResponse,
    RoomMessagesResponse,
)
from nio.api import MessageDirection, RelationshipType

from bot.adapters.matrix.translate import translate
from bot.core.model import ChatMessage

log = logging.getLogger(__name__)

_PAGE: Final = 100
# Bots' notices and state changes take up pages too; stop after this many pages of them.
_MAX_PAGES: Final = 10
_MESSAGE_TYPES: Final = {"types": ["m.room.message", "m.room.encrypted"]}


class MatrixHistory:
    """The messages before a command: its thread's, or the room's main timeline."""

    def __init__(
        self,
        client: AsyncClient,
        room: MatrixRoom,
        *,
        limit: int,
        hours: float,
        answer_bots: bool = False,
    ) -> None:
        self._client = client
        self._room = room
        self._limit = limit
        self._window = timedelta(hours=hours)
        self._answer_bots = answer_bots

    async def recent(self, message: ChatMessage) -> Sequence[ChatMessage]:
        """Return the conversation before a message, oldest first, within the window."""
        try:
            if message.thread_id is not None:
                events = await self._thread_events(message.thread_id)
            else:
                events = await self._room_events()
        except (aiohttp.ClientError, TimeoutError) as error:
            log.warning("cannot read history room=%s: %s", message.room_id, error)
            return ()
        since = message.sent_at - self._window
        found: dict[str, ChatMessage] = {}
        for event in events:
            translated = self._translate(event)
            if translated is None or translated.message_id == message.message_id:
                continue
            if not since <= translated.sent_at <= message.sent_at:
                continue
            if message.thread_id is None and translated.thread_id is not None:
                continue  # a thread is a conversation of its own
            found[translated.message_id] = translated
        ordered = sorted(found.values(), key=lambda m: m.sent_at)
        return ordered[-self._limit :]

    def _translate(self, event: Event) -> ChatMessage | None:
        if isinstance(event, MegolmEvent) and self._client.olm is not None:
            try:
                event = self._client.decrypt_event(event)
            except EncryptionError:
                return None
        return translate(
            event,
            self._room,
            own_user_id=self._client.user_id,
            answer_bots=self._answer_bots,
        )

    async def _room_events(self) -> list[Event]:
        events: list[Event] = []
        start: str | None = None
        for _ in range(_MAX_PAGES):
            response = await self._client.room_messages(
                self._room.room_id,
                start=start,
                direction=MessageDirection.back,
                limit=_PAGE,
                message_filter=_MESSAGE_TYPES,
            )
            if not isinstance(response, RoomMessagesResponse):
                log.warning("cannot read history room=%s: %s", self._room.room_id, response)
                break
            events.extend(response.chunk)
            if not response.end or not response.chunk or self._enough(events):
                break
            start = response.end
        return events

    async def _thread_events(self, root_id: str) -> list[Event]:
        events: list[Event] = []
        root = await self._client.room_get_event(self._room.room_id, root_id)
        if isinstance(root, RoomGetEventResponse):
            events.append(root.event)
        relations: Any = self._client.room_get_event_relations(
            self._room.room_id,
            root_id,
            rel_type=RelationshipType.thread,
            direction=MessageDirection.back,
            limit=_PAGE,
        )
        try:
            async for event in relations:
                events.append(event)
                if len(events) >= _PAGE * _MAX_PAGES:
                    break
        except AttributeError:
            # The library's iterator stumbles on an error answer instead of ending.
            log.warning("cannot read thread=%s in room=%s", root_id, self._room.room_id)
        finally:
            await relations.aclose()
        return events

    def _enough(self, events: Sequence[Event]) -> bool:
        """Tell whether the oldest page already reaches past the window or the limit."""
        if len(events) >= self._limit * 3:
            return True
        span_ms: int = events[0].server_timestamp - events[-1].server_timestamp
        return span_ms > self._window.total_seconds() * 1000
