"""Answer chat messages: the one entry point every adapter calls."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from typing import Final

from bot.core import commands
from bot.core.commands import Command
from bot.core.errors import TidingsError
from bot.core.model import ChatMessage, Reply, ReplyField, ReplyKind, Report, Source
from bot.core.ports import History, Observer, Summarizer, SummaryOutcome, Tracking
from bot.core.reading import Reader
from bot.core.render import actor_label, report_reply

log = logging.getLogger(__name__)

_UNEXPECTED: Final = (
    "Something went wrong on my side while reading {what}; the details are in my log."
)
_MAX_DIGEST_LINKS: Final = 5
_SHOWN_ERROR: Final = 200


def room_key(message: ChatMessage) -> str:
    """Return the room's key across platforms: "matrix:!abc:example.org", "discord:123"."""
    return f"{message.platform}:{message.room_id}"


def _source_line(source: Source) -> str:
    """Return one line of `!sources`: the feed, whether it is a default, and why it fails."""
    line = f"• {source.url}{' (default)' if source.default else ''}"
    if source.error_count:
        failed = (
            "the last poll" if source.error_count == 1 else f"the last {source.error_count} polls"
        )
        line += f" — {failed} failed"
        if source.last_error:
            line += f": {source.last_error[:_SHOWN_ERROR]}"
    return line


def _alert_settings(mode: str, limit: int) -> str:
    if mode == "digest":
        return "one digest a day"
    return f"as they come, at most {limit} an hour (the rest in the daily digest)"


def _filters(include: Sequence[str], exclude: Sequence[str]) -> list[str]:
    """Return how a follow's keywords narrow it, one phrase per kind, or nothing."""
    parts = []
    if include:
        parts.append(f"only stories with: {', '.join(include)}")
    if exclude:
        parts.append(f"never stories with: {', '.join(exclude)}")
    return parts


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
            f"{p}follow NAME +word -word — only stories with (or without) those words",
            f"{p}sources [add URL | remove URL] — the news feeds polled for follow-ups"
            " (moderators change them)",
            f"{p}alerts [immediate | digest] [limit N] — follow-ups as they come"
            " (at most N an hour) or once a day",
            f"{p}help [COMMAND] — this list, or what one command does (e.g. {p}help follow)",
        )
    )


class Handler:
    """Turn one chat message into the replies Tidings sends back."""

    def __init__(
        self,
        *,
        reader: Reader,
        summarizer: Summarizer,
        tracking: Tracking | None = None,
        prefix: str = "!",
        observer: Observer | None = None,
    ) -> None:
        self._reader = reader
        self._summarizer = summarizer
        self._tracking = tracking
        self._prefix = prefix
        self._observer = observer

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
            case commands.Help(topic=str(topic)) if topic in commands.USAGE:
                # "!help follow": that command's lines of the list, not the whole of it.
                head = f"{self._prefix}{topic}"
                named = re.compile(re.escape(head) + r"(?!\w)")
                lines = [
                    line for line in _help_text(self._prefix).split("\n") if named.search(line)
                ]
                return [self._answer(message, "\n".join(lines), title=f"Tidings: {head}")]
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
            case _ if self._tracking is None:
                return [
                    self._answer(
                        message,
                        "Following actors and sources is not switched on in this Tidings.",
                        kind=ReplyKind.ERROR,
                    )
                ]
            case _:
                return [await self._track(command, message, self._tracking)]

    async def delivered(self, message: ChatMessage, reply: Reply, message_id: str) -> None:
        """Note the platform's id of a sent reply, so "!follow" in reply to it finds its story."""
        if self._tracking is None or reply.report is None or not reply.url:
            return
        try:
            await self._tracking.presented(room_key(message), message_id, reply.url)
        except Exception:
            log.exception("cannot note message=%s in room=%s", message_id, message.room_id)

    async def _track(self, command: Command, message: ChatMessage, tracking: Tracking) -> Reply:
        room = room_key(message)
        try:
            return await self._track_command(command, message, room, tracking)
        except TidingsError as error:
            log.info("tracking command refused room=%s: %s", room, error.message)
            return self._answer(message, error.message, kind=ReplyKind.ERROR)
        except Exception:
            log.exception("tracking command failed room=%s", room)
            return self._answer(
                message, "Something went wrong on my side; it is in my log.", kind=ReplyKind.ERROR
            )

    async def _track_command(
        self, command: Command, message: ChatMessage, room: str, tracking: Tracking
    ) -> Reply:
        p = self._prefix
        match command:
            case commands.Follow(name=None):
                actors = await tracking.follow_story(room, message.reply_to_id)
                if not actors and message.reply_to_id is not None:
                    return self._answer(
                        message,
                        "That message is not one of my summaries, or its summary names no one"
                        " to follow (key facts come from English articles only). Name what to"
                        f" follow: {p}follow NAME",
                        kind=ReplyKind.ERROR,
                    )
                if not actors:
                    return self._answer(
                        message,
                        f"Reply {p}follow to one of my summaries, or name what to follow:"
                        f" {p}follow HTS",
                        kind=ReplyKind.ERROR,
                    )
                names = "; ".join(actor_label(a) for a in actors)
                return self._answer(
                    message,
                    f"This room now follows: {names}. I will post here when a new story"
                    " mentions them.",
                )
            case commands.Follow(name=str(name), include=include, exclude=exclude):
                actor = await tracking.follow_name(room, name, include=include, exclude=exclude)
                return self._answer(
                    message,
                    f"This room now follows {actor_label(actor)}."
                    + "".join(f" {s[:1].upper()}{s[1:]}." for s in _filters(include, exclude)),
                )
            case commands.Unfollow(name=name):
                gone = await tracking.unfollow(room, name)
                if gone is None:
                    return self._answer(
                        message, f"This room does not follow {name}.", kind=ReplyKind.ERROR
                    )
                return self._answer(message, f"This room no longer follows {gone.name}.")
            case commands.Following():
                followed = await tracking.following(room)
                if not followed:
                    return self._answer(
                        message, f"This room follows nothing yet. Try {p}follow NAME."
                    )
                listing = "\n".join(
                    "; ".join((f"• {actor_label(f.actor)}", *_filters(f.include, f.exclude)))
                    for f in followed
                )
                return self._answer(message, listing, title="This room follows")
            case commands.Sources(action=None):
                found = await tracking.sources(room)
                if not found:
                    return self._answer(
                        message, f"No news sources yet. A moderator can add one: {p}sources add URL"
                    )
                listing = "\n".join(_source_line(s) for s in found)
                return self._answer(message, listing, title="News sources polled for this room")
            case commands.Alerts(mode=None, limit=None):
                now = await tracking.alert_settings(room)
                return self._answer(
                    message,
                    f"Follow-ups in this room: {_alert_settings(*now)}.\n"
                    f"{p}alerts immediate posts each follow-up when it appears;"
                    f" {p}alerts digest gathers them into one daily message;"
                    f" {p}alerts limit N sets how many an hour, the rest going to the digest.",
                )
            # Listing is for everyone (above); changes are for moderators.
            case commands.Sources() | commands.Alerts() if not message.is_moderator:
                return self._answer(
                    message,
                    "Only room moderators can change that (Discord: Manage Channels;"
                    " Matrix: power level 50 or more).",
                    kind=ReplyKind.ERROR,
                )
            case commands.Sources(action="add", url=str(url)):
                source = await tracking.add_source(room, url)
                return self._answer(
                    message, f"Added {source.url}. Stories it already holds will not be alerted."
                )
            case commands.Sources(action="remove", url=str(url)):
                if await tracking.remove_source(room, url):
                    return self._answer(message, f"Removed {url}.")
                return self._answer(
                    message, f"{url} is not a source this room added.", kind=ReplyKind.ERROR
                )
            case commands.Alerts(mode=mode, limit=limit):
                now = await tracking.set_alerts(room, mode=mode, limit=limit)
                return self._answer(message, f"Follow-ups in this room: {_alert_settings(*now)}.")
        return self._answer(message, f"Try {p}help.", kind=ReplyKind.ERROR)

    def _count(self, outcome: SummaryOutcome) -> None:
        if self._observer is not None:
            self._observer.summarised(outcome)

    async def _report(self, target: str, message: ChatMessage) -> Reply:
        try:
            report = await self._reader.read_url(target)
        except TidingsError as error:
            self._count("refused")
            log.warning(
                "cannot read url=%s room=%s reason=%s: %s",
                target,
                message.room_id,
                error.reason,
                error.message,
            )
            return self._answer(message, error.message, kind=ReplyKind.ERROR, url=target)
        except Exception:
            self._count("error")
            log.exception("failed to read url=%s room=%s", target, message.room_id)
            return self._answer(
                message, _UNEXPECTED.format(what=target), kind=ReplyKind.ERROR, url=target
            )
        self._count("ok")
        if self._tracking is not None:
            try:
                await self._tracking.remember(room_key(message), report)
            except Exception:
                log.exception("cannot remember url=%s in room=%s", target, message.room_id)
        return report_reply(
            report,
            in_reply_to=message.message_id,
            thread_id=message.thread_id,
            prefix=self._prefix,
        )

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
