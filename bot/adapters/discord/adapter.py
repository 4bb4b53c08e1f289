"""Tidings on Discord: gateway events translated at the edge, replies sent back as embeds."""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from datetime import datetime, timedelta
from typing import Any, Final, Literal

import discord
from discord import app_commands

from bot.adapters.discord._pacing import ChannelPacer
from bot.adapters.discord.render import embed_messages, text_messages
from bot.core import commands
from bot.core.handler import Handler
from bot.core.model import ChatMessage, Reply, ReplyKind
from bot.settings import DiscordSettings

log = logging.getLogger(__name__)

PLATFORM: Final = "discord"
CONTEXT_MENU: Final = "Summarize links"
# What the bot needs in a channel; the invite link asks for exactly these.
PERMISSIONS: Final = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    read_message_history=True,
    add_reactions=True,
)
SCOPES: Final = ("bot", "applications.commands")

_NO_LINKS: Final = "That message holds no links to summarise."
_FAILED: Final = "Something went wrong on my side; the details are in my log."
_REMEMBERED_REACTIONS: Final = 1024

_Messageable = discord.abc.Messageable


def intents() -> discord.Intents:
    """Return the gateway intents Tidings asks for: guilds, messages with content, reactions."""
    wanted = discord.Intents.none()
    wanted.guilds = True
    wanted.guild_messages = True
    wanted.dm_messages = True
    wanted.message_content = True  # privileged: switched on in the developer portal
    wanted.guild_reactions = True
    wanted.dm_reactions = True
    return wanted


def invite_url(application_id: int) -> str:
    """Return the link that adds the bot to a server with the permissions it needs."""
    return discord.utils.oauth_url(application_id, permissions=PERMISSIONS, scopes=SCOPES)


def _is_moderator(permissions: discord.Permissions) -> bool:
    return permissions.manage_channels or permissions.manage_guild or permissions.administrator


def _chat(
    channel: Any,
    author: discord.abc.User,
    *,
    message_id: int,
    text: str,
    sent_at: datetime,
    is_moderator: bool,
    reply_to: int | None = None,
) -> ChatMessage:
    room_id = getattr(channel, "id", None)
    thread_id: str | None = None
    if isinstance(channel, discord.Thread):
        thread_id = str(channel.id)
        room_id = channel.parent_id or channel.id
    return ChatMessage(
        platform=PLATFORM,
        room_id=str(room_id),
        message_id=str(message_id),
        author_id=str(author.id),
        author_name=author.display_name,
        text=text,
        sent_at=sent_at,
        thread_id=thread_id,
        reply_to_id=str(reply_to) if reply_to is not None else None,
        is_moderator=is_moderator,
    )


def translate(
    message: discord.Message,
    *,
    own_id: int | None,
    prefix: str = "!",
    accept_bots: bool = False,
) -> ChatMessage | None:
    """Turn a Discord message into a chat message, or None when it is not for Tidings."""
    # None for our own messages, other bots' (unless accepted) and system messages. Edits never
    # get here: the client does not listen to them, so an edited command is not run again.
    author = message.author
    if own_id is not None and author.id == own_id:
        return None
    if (author.bot or message.webhook_id is not None) and not accept_bots:
        return None
    if message.type not in (discord.MessageType.default, discord.MessageType.reply):
        return None
    text = message.content
    if own_id is not None:
        # "@Tidings summarize URL" works like "!summarize URL", even without the content intent.
        for mention in (f"<@{own_id}>", f"<@!{own_id}>"):
            if text.startswith(mention):
                rest = text[len(mention) :].strip()
                text = rest if rest.startswith(prefix) else prefix + rest
                break
    reference = message.reference
    reply_to = (
        reference.message_id
        if reference is not None and message.type is discord.MessageType.reply
        else None
    )
    moderator = False
    if isinstance(author, discord.Member) and hasattr(message.channel, "permissions_for"):
        moderator = _is_moderator(message.channel.permissions_for(author))
    return _chat(
        message.channel,
        author,
        message_id=message.id,
        text=text,
        sent_at=message.created_at,
        is_moderator=moderator,
        reply_to=reply_to,
    )


class _ChannelHistory:
    """The History port over a channel's recent messages, read only when a digest is asked."""

    def __init__(
        self,
        channel: _Messageable,
        *,
        before: discord.abc.Snowflake | None,
        limit: int,
        window: timedelta,
        translate: Callable[[discord.Message], ChatMessage | None],
    ) -> None:
        self._channel = channel
        self._before = before
        self._limit = limit
        self._window = window
        self._translate = translate

    async def recent(self, message: ChatMessage) -> Sequence[ChatMessage]:
        after = discord.utils.utcnow() - self._window
        found: list[ChatMessage] = []
        try:
            # Newest first so the limit keeps the latest messages; reversed below.
            async for item in self._channel.history(
                limit=self._limit, before=self._before, after=after, oldest_first=False
            ):
                chat = self._translate(item)
                if chat is not None:
                    found.append(chat)
        except discord.Forbidden:
            log.warning("cannot read history room=%s (Read Message History)", message.room_id)
            return ()
        found.reverse()
        return found


class _Events:
    """The gateway events Tidings listens to, handed to its adapter."""

    def __init__(self, adapter: DiscordAdapter, **options: Any) -> None:
        self._adapter = adapter
        super().__init__(**options)
        # Named like commands.Bot's tree, where tools that drive a client expect to find it.
        self.tree = _build_tree(adapter, self)  # type: ignore[arg-type]

    async def setup_hook(self) -> None:
        await self._adapter._setup()

    async def on_ready(self) -> None:
        await self._adapter._ready()

    async def on_message(self, message: discord.Message) -> None:
        await self._adapter._on_message(message)

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self._adapter._on_reaction(payload)


class _Client(_Events, discord.Client):
    pass


class _ShardedClient(_Events, discord.AutoShardedClient):
    pass


def _command_text(prefix: str, name: str, *words: str | None) -> str:
    return " ".join([prefix + name, *(w.strip() for w in words if w and w.strip())])


def _nonce(key: str, reply: int, part: int) -> str:
    # Discord drops a second message with the same nonce from the same author for a few
    # minutes (discord.py sends enforce_nonce), so a retried alert is not posted twice.
    # 24 hex characters: Discord takes at most 25.
    return hashlib.blake2b(f"{key}/{reply}/{part}".encode(), digest_size=12).hexdigest()


def _build_tree(adapter: DiscordAdapter, client: discord.Client) -> app_commands.CommandTree:
    """Declare the slash commands and the message menu; each becomes a text command."""
    tree: app_commands.CommandTree = app_commands.CommandTree(client)
    answer = adapter._answer_interaction

    @tree.command(description="Key facts and a short summary of an article, or a chat digest")
    @app_commands.describe(url="The article's link; leave it out for a digest of this chat")
    async def summarize(interaction: discord.Interaction, url: str | None = None) -> None:
        await answer(interaction, "summarize", url)

    @tree.command(description="Follow an actor (organisation, person, place) in this channel")
    @app_commands.describe(name="A name or alias, e.g. HTS; none: the actors of the latest summary")
    async def follow(interaction: discord.Interaction, name: str | None = None) -> None:
        await answer(interaction, "follow", name)

    @tree.command(description="Stop following an actor in this channel")
    @app_commands.describe(name="The name you follow")
    async def unfollow(interaction: discord.Interaction, name: str) -> None:
        await answer(interaction, "unfollow", name)

    @tree.command(description="What this channel follows")
    async def following(interaction: discord.Interaction) -> None:
        await answer(interaction, "following")

    @tree.command(description="The news feeds polled for follow-ups in this channel")
    @app_commands.describe(action="List, add or remove a feed", url="The feed's link")
    @app_commands.default_permissions(manage_channels=True)
    @app_commands.guild_only()
    async def sources(
        interaction: discord.Interaction,
        action: Literal["list", "add", "remove"] = "list",
        url: str | None = None,
    ) -> None:
        if action == "list":
            await answer(interaction, "sources")
        else:
            await answer(interaction, "sources", action, url)

    @tree.command(description="How this channel gets follow-ups: as they come, or once a day")
    @app_commands.describe(
        mode="Leave both out to see the settings; changing them needs moderators",
        limit="At most this many follow-ups an hour; the rest wait for the daily digest",
    )
    async def alerts(
        interaction: discord.Interaction,
        mode: Literal["immediate", "digest"] | None = None,
        limit: app_commands.Range[int, 1, commands.MAX_ALERT_LIMIT] | None = None,
    ) -> None:
        words = (mode, *(("limit", str(limit)) if limit is not None else ()))
        await answer(interaction, "alerts", *words)

    @tree.command(name="help", description="Tidings' commands, with examples")
    async def help_(interaction: discord.Interaction) -> None:
        await answer(interaction, "help")

    async def summarize_links(interaction: discord.Interaction, message: discord.Message) -> None:
        await adapter._summarize_message(interaction, message)

    tree.add_command(app_commands.ContextMenu(name=CONTEXT_MENU, callback=summarize_links))
    return tree


class DiscordAdapter:
    """Tidings in Discord: prefix and slash commands, a message menu and reactions, one handler."""

    def __init__(self, handler: Handler, settings: DiscordSettings) -> None:
        self._handler = handler
        self._settings = settings
        self._prefix = handler.prefix
        self._pacer = ChannelPacer(burst=settings.channel_burst, window=settings.channel_window)
        self._reacted: OrderedDict[tuple[int, bool], None] = OrderedDict()
        self._summarize_emoji = settings.summarize_emoji.replace("\ufe0f", "")
        self._follow_emoji = settings.follow_emoji.replace("\ufe0f", "")
        options: dict[str, Any] = {
            "intents": intents(),
            "allowed_mentions": discord.AllowedMentions.none(),
            "max_messages": None,
        }
        client: _Client | _ShardedClient
        if settings.shard_count is not None:
            client = _ShardedClient(
                self, shard_count=settings.shard_count, shard_ids=settings.shard_ids, **options
            )
        else:
            client = _Client(self, **options)
        self._client: discord.Client = client
        self._tree = client.tree

    @property
    def client(self) -> discord.Client:
        """The discord.py client this adapter drives."""
        return self._client

    @property
    def connected(self) -> bool:
        """Tell whether the gateway session is ready and not closed."""
        return self._client.is_ready() and not self._client.is_closed()

    async def run(self) -> None:
        """Connect to Discord and answer until cancelled or closed."""
        token = self._settings.token
        if token is None:
            raise ValueError("Discord needs a bot token: set TIDINGS_DISCORD__TOKEN")
        try:
            await self._client.start(token.get_secret_value())
        finally:
            await self._client.close()

    async def close(self) -> None:
        """Disconnect from Discord."""
        await self._client.close()

    async def deliver(
        self, room_id: str, replies: Sequence[Reply], *, key: str | None = None
    ) -> None:
        """Send replies that answer no command (alerts, digests) to a channel or its thread."""
        # Discord's refusals (unknown channel, missing permission) reach the caller as
        # discord.HTTPException, so an outbox can keep the alert and try again; `key` makes a
        # retry within minutes of a send that did go through a no-op.
        for number, reply in enumerate(replies):
            target = await self._channel(reply.thread_id or room_id)
            reference = None
            if reply.in_reply_to and reply.in_reply_to.isdigit():
                reference = discord.MessageReference(
                    message_id=int(reply.in_reply_to),
                    channel_id=target.id,
                    fail_if_not_exists=False,
                )
            await self._send(target, [reply], reference, key=f"{key}/{number}" if key else None)

    # Gateway events

    async def _setup(self) -> None:
        if self._settings.sync_commands:
            synced = await self._tree.sync()
            log.info("synced %d application commands", len(synced))

    async def _ready(self) -> None:
        user = self._client.user
        if user is None:
            return
        log.info(
            "connected to Discord as %s id=%s guilds=%d invite=%s",
            user,
            user.id,
            len(self._client.guilds),
            invite_url(self._client.application_id or user.id),
        )

    def _translate(self, message: discord.Message) -> ChatMessage | None:
        user = self._client.user
        return translate(
            message,
            own_id=user.id if user else None,
            prefix=self._prefix,
            accept_bots=self._settings.answer_bots,
        )

    def _history(
        self, channel: _Messageable, before: discord.abc.Snowflake | None
    ) -> _ChannelHistory:
        return _ChannelHistory(
            channel,
            before=before,
            limit=self._settings.history_limit,
            window=timedelta(hours=self._settings.history_hours),
            translate=self._translate,
        )

    async def _on_message(self, message: discord.Message) -> None:
        chat = self._translate(message)
        if chat is None or commands.parse(chat.text, prefix=self._prefix) is None:
            return
        await self._answer_in_channel(
            message.channel, chat, message, self._history(message.channel, message)
        )

    async def _on_reaction(self, payload: discord.RawReactionActionEvent) -> None:
        emoji = str(payload.emoji).replace("\ufe0f", "")
        if emoji not in (self._summarize_emoji, self._follow_emoji):
            return
        follow = emoji == self._follow_emoji
        user = self._client.user
        if user is not None and payload.user_id == user.id:
            return
        if payload.member is not None and payload.member.bot and not self._settings.answer_bots:
            return
        key = (payload.message_id, follow)
        if key in self._reacted:
            return  # one answer per message, however many people react
        # Taken before the first await, so that reactions arriving together get one answer.
        self._remember(key)
        try:
            channel = await self._channel(str(payload.channel_id))
            message = await channel.fetch_message(payload.message_id)
        except (discord.Forbidden, discord.NotFound) as error:
            log.info("cannot read message=%s for a reaction: %s", payload.message_id, error)
            self._reacted.pop(key, None)  # a later reaction may find it readable
            return
        if follow:
            if user is None or message.author.id != user.id:
                return  # only Tidings' own summaries name actors to follow
            text = _command_text(self._prefix, "follow")
        else:
            links = commands.links_in(message.content)
            if not links:
                return
            text = _command_text(self._prefix, "summarize", *links)
        reader = (
            payload.member
            or self._client.get_user(payload.user_id)
            or await self._client.fetch_user(payload.user_id)
        )
        moderator = False
        if isinstance(reader, discord.Member) and hasattr(channel, "permissions_for"):
            moderator = _is_moderator(channel.permissions_for(reader))
        log.info(
            "%s message=%s channel=%s on a reaction by user=%s",
            "following the actors of" if follow else "summarising",
            message.id,
            payload.channel_id,
            payload.user_id,
        )
        # Following by reaction is "!follow" in reply to the summary reacted to.
        chat = _chat(
            channel,
            reader,
            message_id=message.id,
            text=text,
            sent_at=discord.utils.utcnow(),
            is_moderator=moderator,
            reply_to=message.id,
        )
        await self._answer_in_channel(channel, chat, message, None)

    def _remember(self, key: tuple[int, bool]) -> None:
        self._reacted[key] = None
        while len(self._reacted) > _REMEMBERED_REACTIONS:
            self._reacted.popitem(last=False)

    # Interactions

    async def _answer_interaction(
        self, interaction: discord.Interaction, name: str, *words: str | None
    ) -> None:
        await self._interact(interaction, _command_text(self._prefix, name, *words))

    async def _summarize_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        links = commands.links_in(message.content)
        if not links:
            await interaction.response.send_message(_NO_LINKS, ephemeral=True)
            return
        # The command's parser keeps the first links and says how many it left out.
        text = _command_text(self._prefix, "summarize", *links)
        await self._interact(interaction, text, reply_to=message.id)

    async def _interact(
        self, interaction: discord.Interaction, text: str, *, reply_to: int | None = None
    ) -> None:
        channel: Any = interaction.channel
        if channel is None and interaction.channel_id is not None:
            channel = self._client.get_partial_messageable(interaction.channel_id)
        chat = _chat(
            channel,
            interaction.user,
            message_id=interaction.id,
            text=text,
            sent_at=interaction.created_at,
            is_moderator=interaction.guild_id is not None
            and _is_moderator(interaction.permissions),
            reply_to=reply_to,
        )
        # Reading a page takes longer than the three seconds Discord waits for an answer.
        await interaction.response.defer(thinking=True)
        history = self._history(channel, None) if isinstance(channel, _Messageable) else None
        try:
            replies = await self._handler.handle(chat, history=history)
        except Exception:
            await interaction.followup.send(_FAILED)
            raise  # the command tree's on_error logs it
        answered = False
        for reply in replies:
            for embeds in embed_messages(reply):
                # Follow-ups go through the interaction's own webhook, so they are paced per
                # interaction rather than per channel.
                await self._pacer.wait(interaction.id)
                sent = await interaction.followup.send(embeds=embeds, wait=True)
                # "!follow" in reply to any part of a summary finds the summary's story.
                await self._handler.delivered(chat, reply, str(sent.id))
                answered = True
        if not answered:
            await interaction.followup.send("Nothing to answer.")

    # Sending

    async def _answer_in_channel(
        self,
        channel: Any,
        chat: ChatMessage,
        asked: discord.Message,
        history: _ChannelHistory | None,
    ) -> None:
        reference = asked.to_reference(fail_if_not_exists=False)
        async with AsyncExitStack() as stack:
            try:
                await stack.enter_async_context(channel.typing())
            except discord.HTTPException as error:
                log.debug("no typing indicator room=%s: %s", chat.room_id, error)
            try:
                replies = await self._handler.handle(chat, history=history)
            except Exception:
                failure = Reply(kind=ReplyKind.ERROR, body=_FAILED, in_reply_to=chat.message_id)
                await self._send(channel, [failure], reference)
                raise  # discord.py's on_error logs it with the event
        await self._send(channel, replies, reference, chat=chat)

    async def _channel(self, channel_id: str) -> Any:
        number = int(channel_id)
        channel = self._client.get_channel(number) or await self._client.fetch_channel(number)
        if not isinstance(channel, _Messageable):
            raise ValueError(f"Discord channel {channel_id} cannot hold messages")
        return channel

    async def _send(
        self,
        channel: Any,
        replies: Sequence[Reply],
        reference: discord.MessageReference | None,
        *,
        chat: ChatMessage | None = None,
        key: str | None = None,
    ) -> None:
        embeds_allowed = True
        guild = getattr(channel, "guild", None)
        if guild is not None and guild.me is not None and hasattr(channel, "permissions_for"):
            embeds_allowed = channel.permissions_for(guild.me).embed_links
        for number, reply in enumerate(replies):
            parts: list[dict[str, Any]]
            if embeds_allowed:
                parts = [{"embeds": embeds} for embeds in embed_messages(reply)]
            else:
                parts = [{"content": text} for text in text_messages(reply)]
            for index, part in enumerate(parts):
                if key is not None:
                    part["nonce"] = _nonce(key, number, index)
                await self._pacer.wait(channel.id)
                # Only a reply's first message points at the command; the rest follow it.
                sent = await channel.send(
                    **part, reference=reference if index == 0 else None, mention_author=False
                )
                if chat is not None:
                    await self._handler.delivered(chat, reply, str(sent.id))
