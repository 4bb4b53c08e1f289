"""Turn Matrix events into the core's frozen chat messages, at the adapter's edge."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from nio import Event, MatrixRoom, RoomMessageEmote, RoomMessageNotice, RoomMessageText

from bot.core.model import ChatMessage

PLATFORM: Final = "matrix"
MODERATOR_LEVEL: Final = 50
# Room versions before 12 list the creator's power level like anyone's; from 12 on, creators
# stand above every power level and are left out of m.room.power_levels.
_LEGACY_ROOM_VERSIONS: Final = frozenset(str(v) for v in range(1, 12))


@dataclass(frozen=True, slots=True)
class Relation:
    """Where a message sits: the thread it belongs to and the message it really answers."""

    thread_id: str | None = None
    reply_to_id: str | None = None
    is_edit: bool = False


def relation_of(content: dict[str, Any]) -> Relation:
    """Read a message's m.relates_to block."""
    relates = content.get("m.relates_to")
    if not isinstance(relates, dict):
        return Relation()
    rel_type = relates.get("rel_type")
    if rel_type == "m.replace":
        return Relation(is_edit=True)
    in_reply = relates.get("m.in_reply_to")
    reply_to = in_reply.get("event_id") if isinstance(in_reply, dict) else None
    if rel_type == "m.thread":
        # Inside a thread, a falling-back m.in_reply_to only points at the thread's latest
        # message for clients without threads; it is not a reply the author chose.
        falling_back = bool(relates.get("is_falling_back"))
        return Relation(
            thread_id=relates.get("event_id"),
            reply_to_id=None if falling_back else reply_to,
        )
    return Relation(reply_to_id=reply_to)


def strip_reply_fallback(body: str) -> str:
    """Drop the quoted "> <@user> …" lines that older clients put before a reply."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    index = 0
    while index < len(lines) and lines[index].startswith(">"):
        index += 1
    return "\n".join(lines[index:]).lstrip("\n")


def creators_of(create_event: dict[str, Any]) -> frozenset[str]:
    """Return the users an m.room.create event makes all-powerful (room version 12 on)."""
    content = create_event.get("content", {})
    if str(content.get("room_version", "1")) in _LEGACY_ROOM_VERSIONS:
        return frozenset()
    extra = content.get("additional_creators", [])
    return frozenset([create_event["sender"], *(u for u in extra if isinstance(u, str))])


def is_moderator(room: MatrixRoom, user_id: str, creators: frozenset[str] = frozenset()) -> bool:
    """Tell whether a user's power level in the room reaches a moderator's."""
    level: int = room.power_levels.get_user_level(user_id)
    return user_id in creators or level >= MODERATOR_LEVEL


def sent_at(event: Event) -> datetime:
    """Return when the homeserver received an event, in UTC."""
    return datetime.fromtimestamp(event.server_timestamp / 1000, tz=UTC)


def translate(
    event: Event,
    room: MatrixRoom,
    *,
    own_user_id: str,
    answer_bots: bool = False,
    creators: frozenset[str] = frozenset(),
) -> ChatMessage | None:
    """Return the chat message an event carries, or None for what Tidings must not answer.

    None stands for our own messages, edits, anything but text, and (unless `answer_bots`)
    the m.notice messages that bots, Tidings included, send to one another. `creators` are
    the room's creators when its version ranks them above power levels.
    """
    if event.sender == own_user_id:
        return None
    if isinstance(event, RoomMessageNotice):
        if not answer_bots:
            return None
    elif not isinstance(event, RoomMessageText | RoomMessageEmote):
        return None
    content = event.source.get("content", {})
    relation = relation_of(content)
    if relation.is_edit or "m.new_content" in content:
        return None
    body = event.body
    if relation.reply_to_id is not None or relation.thread_id is not None:
        body = strip_reply_fallback(body)
    return ChatMessage(
        platform=PLATFORM,
        room_id=room.room_id,
        message_id=event.event_id,
        author_id=event.sender,
        author_name=room.user_name(event.sender) or event.sender,
        text=body,
        sent_at=sent_at(event),
        thread_id=relation.thread_id,
        reply_to_id=relation.reply_to_id,
        is_moderator=is_moderator(room, event.sender, creators),
    )
