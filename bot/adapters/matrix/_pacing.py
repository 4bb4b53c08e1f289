"""Send room events one at a time per room, waiting out rate limits instead of dropping."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import defaultdict
from typing import Any, Final

import aiohttp
from nio import AsyncClient, LocalProtocolError, RoomSendError, RoomSendResponse, SendRetryError

log = logging.getLogger(__name__)

_LIMITED: Final = "M_LIMIT_EXCEEDED"
# Answers that another attempt cannot change: the message is refused for good.
_PERMANENT: Final = frozenset(
    {"M_FORBIDDEN", "M_NOT_FOUND", "M_TOO_LARGE", "M_BAD_JSON", "M_NOT_JSON", "M_UNKNOWN_TOKEN"}
)
_MAX_OTHER_FAILURES: Final = 5


def backoff(attempt: int, *, cap: float) -> float:
    """Return the wait before retry number `attempt` (1, 2, 4 … seconds, at most `cap`)."""
    return float(min(cap, 2 ** max(0, attempt - 1)))


class PacedSender:
    """Keep a gap between two messages to one room and honour the homeserver's rate limits."""

    def __init__(self, client: AsyncClient, *, interval: float, max_delay: float) -> None:
        self._client = client
        self._interval = interval
        self._max_delay = max_delay
        self._locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._last_sent: dict[str, float] = {}

    def forget(self, room_id: str) -> None:
        """Drop what is kept about a room the bot has left."""
        self._last_sent.pop(room_id, None)

    async def send(
        self,
        room_id: str,
        content: dict[str, Any],
        *,
        event_type: str = "m.room.message",
        txn_id: str | None = None,
    ) -> str | None:
        """Send one event and return its id; None only when the homeserver refuses it for good.

        Every attempt reuses one transaction id, so the homeserver stores the event once even
        when an answer was lost on the way back; a caller's `txn_id` extends that across runs.
        """
        txn = txn_id or uuid.uuid4().hex
        async with self._locks[room_id]:
            gap = self._last_sent.get(room_id, 0.0) + self._interval - time.monotonic()
            if gap > 0:
                await asyncio.sleep(gap)
            try:
                return await self._send(room_id, content, event_type, txn)
            finally:
                self._last_sent[room_id] = time.monotonic()

    async def _send(
        self, room_id: str, content: dict[str, Any], event_type: str, txn: str
    ) -> str | None:
        unreachable = 0
        failures = 0
        while True:
            try:
                response = await self._client.room_send(
                    room_id,
                    event_type,
                    content,
                    tx_id=txn,
                    # Tidings trusts every device of the room's members without verification:
                    # its messages are public news summaries, and an unverified reader beats
                    # a silent bot.
                    ignore_unverified_devices=True,
                )
            except (aiohttp.ClientError, TimeoutError) as error:
                unreachable += 1
                delay = backoff(unreachable, cap=self._max_delay)
                log.warning(
                    "cannot reach the homeserver to send to room=%s (%s); retrying in %.1f s",
                    room_id,
                    error or type(error).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                continue
            except (LocalProtocolError, SendRetryError) as error:
                log.error("cannot send to room=%s: %s", room_id, error)
                return None
            if isinstance(response, RoomSendResponse):
                return str(response.event_id)
            if not isinstance(response, RoomSendError):
                log.error("unexpected answer sending to room=%s: %s", room_id, response)
                return None
            if response.status_code == _LIMITED:
                delay = (response.retry_after_ms or 1000) / 1000
                log.warning("rate limited in room=%s; sending again in %.2f s", room_id, delay)
                await asyncio.sleep(delay)
                continue
            failures += 1
            if response.status_code in _PERMANENT or failures > _MAX_OTHER_FAILURES:
                log.error("the homeserver refused a message to room=%s: %s", room_id, response)
                return None
            delay = backoff(failures, cap=self._max_delay)
            log.warning(
                "sending to room=%s failed (%s); retrying in %.1f s", room_id, response, delay
            )
            await asyncio.sleep(delay)
