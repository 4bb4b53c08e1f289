"""Answer chat messages: the one entry point every adapter calls."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Final

from bot.core import commands
from bot.core.commands import Command
from bot.core.errors import TidingsError
from bot.core.model import ChatMessage, Reply, ReplyField, ReplyKind, Report
from bot.core.ports import History, Summarizer
from bot.core.reading import Reader
from bot.core.render import report_reply

log = logging.getLogger(__name__)

_UNEXPECTED: Final = (
    "Something went wrong on my side while reading {what}; the details are in my log."
)
_MAX_DIGEST_LINKS: Final = 5


def _help_text(prefix: str) -> str:
    p = prefix
    return "\n".join(
        (
            f"{p}summarize URL [URL…] — title, key facts (who, where, when, figures, who says so)"
            " and a short summary of each article",
            f"    e.g. {p}summarize https://example.org/news/2024/flood-report",
            f"{p}summarize — with no link: a digest of the recent conversation here",
            f"{p}follow — in reply to a summary: follow its actors in this room",
            f"{p}follow NAME / {p}unfollow NAME — follow or stop following one actor"
            f" (e.g. {p}follow HTS)",
            f"{p}following — what this room follows",
            f"{p}sources [add URL | remove URL] — the news feeds polled for follow-ups"
            " (moderators change them)",
            f"{p}help — this list",
        )
    )


class Handler:
    """Turn one chat message into the replies Tidings sends back."""

    def __init__(self, *, reader: Reader, summarizer: Summarizer, prefix: str = "!") -> None:
        self._reader = reader
        self._summarizer = summarizer
        self._prefix = prefix

    @property
    def prefix(self) -> str:
        return self._prefix

    async def handle(self, message: ChatMessage, *, history: History | None = None) -> list[Reply]:
        """Return the replies to a message; an empty list when it is not a command."""
        command = commands.parse(message.text, prefix=self._prefix)
        if command is None:
            return []
        log.info(
            "command %s room=%s message=%s",
            type(command).__name__,
            message.room_id,
            message.message_id,
        )
        return await self._dispatch(command, message, history)

    async def _dispatch(
        self, command: Command, message: ChatMessage, history: History | None
    ) -> list[Reply]:
        match command:
            case commands.Summarize(targets=()):
                return [await self._conversation_digest(message, history)]
            case commands.Summarize(targets=targets, dropped=dropped):
                replies = list(await asyncio.gather(*(self._report(t, message) for t in targets)))
                if dropped:
                    replies.append(
                        self._answer(
                            message,
                            f"I read the first {len(targets)} links; send the other {dropped}"
                            " in another message.",
                        )
                    )
                return replies
            case commands.Help():
                return [self._answer(message, _help_text(self._prefix), title="Tidings commands")]
            case commands.Unknown(name=name):
                return [
                    self._answer(
                        message,
                        f"I don't know the command {self._prefix}{name}."
                        f" Try {self._prefix}help for the list.",
                        kind=ReplyKind.ERROR,
                    )
                ]
            case commands.Invalid(usage=usage):
                return [
                    self._answer(message, f"Usage: {self._prefix}{usage}", kind=ReplyKind.ERROR)
                ]
            case _:
                return [
                    self._answer(
                        message,
                        "Following actors and sources is not switched on in this Tidings yet.",
                        kind=ReplyKind.ERROR,
                    )
                ]

    async def _report(self, target: str, message: ChatMessage) -> Reply:
        try:
            report = await self._reader.read_url(target)
        except TidingsError as error:
            log.warning(
                "cannot read url=%s room=%s reason=%s: %s",
                target,
                message.room_id,
                error.reason,
                error.message,
            )
            return self._answer(message, error.message, kind=ReplyKind.ERROR, url=target)
        except Exception:
            log.exception("failed to read url=%s room=%s", target, message.room_id)
            return self._answer(message, _UNEXPECTED, kind=ReplyKind.ERROR, url=target)
        return report_reply(report, in_reply_to=message.message_id, thread_id=message.thread_id)

    async def _conversation_digest(self, message: ChatMessage, history: History | None) -> Reply:
        earlier: Sequence[ChatMessage] = await history.recent(message) if history else ()
        chat = [
            m
            for m in earlier
            if m.text.strip() and commands.parse(m.text, prefix=self._prefix) is None
        ]
        if not chat:
            return self._answer(
                message,
                f"There is no conversation here to sum up yet. To read an article, send"
                f" {self._prefix}summarize followed by its link.",
            )
        points = await asyncio.to_thread(
            self._summarizer.summarize_conversation, [(m.author_name, m.text) for m in chat]
        )
        people = list(dict.fromkeys(m.author_name for m in chat))
        fields = [ReplyField("Participants", ", ".join(people))]
        links = list(dict.fromkeys(link for m in chat for link in commands.links_in(m.text)))
        if links:
            lines = await asyncio.gather(*(self._link_line(u) for u in links[:_MAX_DIGEST_LINKS]))
            fields.append(ReplyField("Links shared", "\n".join(lines)))
        body = (
            "\n".join(f"• {point}" for point in points) or "Mostly short messages, no main point."
        )
        return Reply(
            kind=ReplyKind.INFO,
            title=f"Conversation digest ({len(chat)} messages)",
            body=body,
            fields=tuple(fields),
            in_reply_to=message.message_id,
            thread_id=message.thread_id,
        )

    async def _link_line(self, url: str) -> str:
        try:
            report: Report = await self._reader.read_url(url)
        except TidingsError as error:
            return f"{url} — {error.message}"
        except Exception:
            log.exception("failed to read shared link url=%s", url)
            return f"{url} — could not be read"
        first = report.summary.sentences[0] if report.summary.sentences else ""
        title = report.article.title or url
        return f"{title} <{url}> — {first}" if first else f"{title} <{url}>"

    @staticmethod
    def _answer(
        message: ChatMessage,
        body: str,
        *,
        kind: ReplyKind = ReplyKind.INFO,
        title: str | None = None,
        url: str | None = None,
    ) -> Reply:
        return Reply(
            kind=kind,
            body=body,
            title=title,
            url=url,
            in_reply_to=message.message_id,
            thread_id=message.thread_id,
        )
