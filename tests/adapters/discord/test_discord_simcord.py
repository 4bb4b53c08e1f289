"""The unmodified discord.py client of the adapter, run against simcord's simulated Discord."""

from __future__ import annotations

import discord
import pytest
import simcord
from simcord import ChannelHandle, Env, GuildHandle, MemberActor

from bot.adapters.discord import DiscordAdapter
from bot.core.model import Reply, ReplyField, ReplyKind
from bot.settings import DiscordSettings
from tests.support.discord import bot_messages
from tests.support.pages import rss

ALEPPO_TITLE = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"
REFUSAL = (
    "Only room moderators can change that"
    " (Discord: Manage Channels; Matrix: power level 50 or more)."
)


HTS = "Hay'at Tahrir al-Sham"


async def followed_names(handler, channel: ChannelHandle) -> list[str]:
    return [f.actor.name for f in await handler.tracking.following(f"discord:{channel.id}")]


def requests(env: Env, method: str, suffix: str) -> list[simcord.HttpLogEntry]:
    return [r for r in env.http_requests if r.method == method and r.path.endswith(suffix)]


def deferred_with_thinking(env: Env) -> bool:
    """Tell whether the bot's first answer to the interaction was "thinking…" (type 5)."""
    callbacks = requests(env, "POST", "/callback")
    return bool(callbacks) and callbacks[0].json == {"type": 5}


# Prefix commands


async def test_prefix_command_answers_with_an_embed_replying_to_the_command(
    simcord_env, channel, ana, handler, article
):
    command = await ana.send(channel, f"!summarize {article}")

    [answer] = bot_messages(channel, simcord_env)
    [embed] = answer.embeds
    assert embed.title == ALEPPO_TITLE
    assert embed.url == article
    [reply] = handler.replies
    assert embed.description == reply.body
    assert "Hay'at Tahrir al-Sham" in embed.description
    assert embed.footer.text == reply.footer
    assert answer.reference is not None
    assert answer.reference.message_id == command.id
    [post] = requests(simcord_env, "POST", f"/channels/{channel.id}/messages")
    assert post.json["allowed_mentions"]["replied_user"] is False
    assert post.json["allowed_mentions"]["parse"] == []
    # The typing indicator went up before the answer.
    paths = [r.path for r in simcord_env.http_requests]
    assert paths.index(f"/channels/{channel.id}/typing") < paths.index(post.path)

    [seen] = handler.seen
    assert seen.platform == "discord"
    assert seen.room_id == str(channel.id)
    assert seen.message_id == str(command.id)
    assert seen.author_name == "ana"
    assert seen.thread_id is None
    assert seen.is_moderator is False
    assert seen.sent_at.tzinfo is not None


async def test_plain_chat_bots_and_edits_get_no_answer(
    simcord_env, guild, channel, ana, handler, article
):
    robot = guild.add_member(simcord_env.create_user("feedbot", bot=True))
    chatter = await ana.send(channel, "nice weather today")
    await robot.send(channel, f"!summarize {article}")
    await ana.edit(chatter, f"!summarize {article}")

    assert bot_messages(channel, simcord_env) == []
    assert handler.seen == []


async def test_a_mention_works_as_the_prefix(simcord_env, channel, ana, handler, article):
    await ana.send(channel, f"<@{simcord_env.bot.user.id}> summarize {article}")

    [answer] = bot_messages(channel, simcord_env)
    assert answer.embeds[0].title == ALEPPO_TITLE
    assert handler.seen[0].text == f"!summarize {article}"


async def test_a_failed_link_gets_a_red_embed(simcord_env, channel, ana, handler, article):
    missing = article.replace("aleppo-clashes", "missing")
    await ana.send(channel, f"!summarize {missing}")

    [answer] = bot_messages(channel, simcord_env)
    [embed] = answer.embeds
    assert embed.colour == discord.Colour(0xE53E3E)
    [reply] = handler.replies
    assert reply.kind is ReplyKind.ERROR
    assert embed.description == reply.body
    assert embed.title == missing


async def test_summarize_without_link_digests_recent_history_oldest_first(
    simcord_env, guild, channel, ana, handler, article
):
    bo = guild.add_member(simcord_env.create_user("bo"))
    await ana.send(channel, "The river is rising fast")
    await bo.send(channel, f"Read this {article}")
    await ana.send(channel, "!help")
    command = await bo.send(channel, "!summarize")

    [history] = handler.histories[-1:]
    texts = [m.text for m in history]
    # Our own answers are left out; everything before the command is in, oldest first.
    assert texts == ["The river is rising fast", f"Read this {article}", "!help"]
    assert [m.author_name for m in history] == ["ana", "bo", "ana"]
    answer = bot_messages(channel, simcord_env)[-1]
    assert answer.reference.message_id == command.id
    [embed] = answer.embeds
    assert embed.title == "Conversation digest (2 messages)"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Participants"] == "ana, bo"
    assert ALEPPO_TITLE in fields["Links shared"]


async def test_history_window_leaves_out_old_messages(simcord_env, channel, ana, handler):
    await ana.send(channel, "yesterday's news")
    await simcord_env.advance_time(25 * 3600)
    await ana.send(channel, "today's news")
    await ana.send(channel, "!summarize")

    assert [m.text for m in handler.histories[-1]] == ["today's news"]


# Slash commands and the message menu


async def test_slash_summarize_defers_then_follows_up_with_the_embed(
    simcord_env, channel, ana, handler, article
):
    result = await ana.slash(channel, "summarize", url=article)

    assert deferred_with_thinking(simcord_env)
    assert not result.ephemeral
    embeds = [
        e for message in [result.response, *result.followups] if message for e in message.embeds
    ]
    assert [e.title for e in embeds] == [ALEPPO_TITLE]
    [seen] = handler.seen
    assert seen.text == f"!summarize {article}"
    assert seen.author_name == "ana"


async def test_slash_summarize_without_url_digests_the_channel(simcord_env, channel, ana, handler):
    await ana.send(channel, "The bridge is closed")
    result = await ana.slash(channel, "summarize")

    assert deferred_with_thinking(simcord_env)
    assert handler.seen[-1].text == "!summarize"
    assert [m.text for m in handler.histories[-1]] == ["The bridge is closed"]
    messages = [m for m in [result.response, *result.followups] if m]
    assert messages[-1].embeds[0].title == "Conversation digest (1 messages)"


async def test_each_slash_command_builds_the_text_command(
    simcord_env, channel, ana, moderator, handler
):
    await ana.slash(channel, "follow", name="Hay'at Tahrir al-Sham")
    await ana.slash(channel, "unfollow", name="HTS")
    await ana.slash(channel, "following")
    await ana.slash(channel, "help")
    await moderator.slash(channel, "sources")
    await moderator.slash(channel, "sources", action="remove", url="https://feeds.example/rss")
    await ana.slash(channel, "follow")

    assert [m.text for m in handler.seen] == [
        "!follow Hay'at Tahrir al-Sham",
        "!unfollow HTS",
        "!following",
        "!help",
        "!sources",
        "!sources remove https://feeds.example/rss",
        "!follow",
    ]


async def test_help_slash_lists_the_commands(simcord_env, channel, ana):
    result = await ana.slash(channel, "help")

    messages = [m for m in [result.response, *result.followups] if m]
    [embed] = messages[-1].embeds
    assert embed.title == "Tidings commands"
    assert "!summarize URL" in embed.description


async def test_message_menu_summarises_the_links_of_the_chosen_message(
    simcord_env, guild, channel, ana, handler, article
):
    bo = guild.add_member(simcord_env.create_user("bo"))
    shared = await ana.send(channel, f"Have you seen <{article}>?")

    result = await bo.context_menu(channel, "Summarize links", shared)

    assert deferred_with_thinking(simcord_env)
    messages = [m for m in [result.response, *result.followups] if m]
    assert messages[-1].embeds[0].title == ALEPPO_TITLE
    [seen] = handler.seen
    assert seen.text == f"!summarize {article}"
    assert seen.reply_to_id == str(shared.id)
    assert seen.author_name == "bo"


async def test_message_menu_on_a_message_without_links_says_so_privately(
    simcord_env, channel, ana, handler
):
    chatter = await ana.send(channel, "no links here")

    result = await ana.context_menu(channel, "Summarize links", chatter)

    assert result.ephemeral
    assert result.response.content == "That message holds no links to summarise."
    assert handler.seen == []


# Permissions


async def test_sources_is_hidden_from_members_without_manage_channels(simcord_env, channel, ana):
    assert "sources" not in ana.available_commands(channel)
    assert "summarize" in ana.available_commands(channel)


async def test_sources_add_is_refused_at_run_time_without_manage_channels(
    simcord_env, guild, channel, ana, handler
):
    # A server admin can let anyone see the command; the permission is still checked.
    command = simcord_env.backend.find_command("sources", None)
    guild.set_command_permissions(int(command["id"]), {ana: True})

    result = await ana.slash(channel, "sources", action="add", url="https://feeds.example/rss")

    messages = [m for m in [result.response, *result.followups] if m]
    [embed] = messages[-1].embeds
    assert embed.description == REFUSAL
    assert embed.colour == discord.Colour(0xE53E3E)
    assert handler.seen[0].is_moderator is False
    assert await handler.tracking.sources(f"discord:{channel.id}") == []


async def test_sources_add_reaches_the_store_for_a_moderator(
    simcord_env, channel, moderator, handler, feeds, page_server
):
    feeds.put("wire.xml", rss("Wire", []))
    url = f"{page_server}/feeds/wire.xml"
    result = await moderator.slash(channel, "sources", action="add", url=url)

    assert deferred_with_thinking(simcord_env)
    [seen] = handler.seen
    assert seen.text == f"!sources add {url}"
    assert seen.is_moderator is True
    assert [s.url for s in await handler.tracking.sources(f"discord:{channel.id}")] == [url]
    messages = [m for m in [result.response, *result.followups] if m]
    assert messages[-1].embeds[0].description.startswith(f"Added {url}.")


async def test_prefix_sources_add_is_refused_for_members_and_allowed_for_moderators(
    simcord_env, guild, channel, ana, moderator, handler, feeds, page_server
):
    admin_role = guild.create_role("Admins", permissions=discord.Permissions(manage_guild=True))
    admin = guild.add_member(simcord_env.create_user("ad"), roles=[admin_role])
    feeds.put("wire.xml", rss("Wire", []))
    url = f"{page_server}/feeds/wire.xml"
    room = f"discord:{channel.id}"

    await ana.send(channel, f"!sources add {url}")
    assert bot_messages(channel, simcord_env)[-1].embeds[0].description == REFUSAL
    assert await handler.tracking.sources(room) == []

    await moderator.send(channel, f"!sources add {url}")
    assert [s.url for s in await handler.tracking.sources(room)] == [url]
    await admin.send(channel, f"!sources remove {url}")
    assert await handler.tracking.sources(room) == []
    assert [(m.author_name, m.is_moderator) for m in handler.seen] == [
        ("ana", False),
        ("mo", True),
        ("ad", True),
    ]


# Following


async def test_replying_follow_to_a_summary_follows_its_actors(
    simcord_env, channel, ana, handler, article
):
    await ana.send(channel, f"!summarize {article}")
    summary = bot_messages(channel, simcord_env)[-1]

    await ana.send(channel, "!follow", reply_to=summary)

    assert handler.seen[-1].reply_to_id == str(summary.id)
    assert HTS in await followed_names(handler, channel)
    answer = bot_messages(channel, simcord_env)[-1]
    assert answer.embeds[0].description.startswith("This room now follows: Hay'at Tahrir al-Sham")


async def test_replying_follow_to_something_else_says_what_to_do(simcord_env, channel, ana):
    chat = await ana.send(channel, "did anyone see the port news?")
    await ana.send(channel, "!follow", reply_to=chat)
    [answer] = bot_messages(channel, simcord_env)
    assert answer.embeds[0].description.startswith(
        "That message is not one of my summaries, or its summary names no one to follow"
    )
    await ana.send(channel, "!follow")
    assert (
        bot_messages(channel, simcord_env)[-1]
        .embeds[0]
        .description.startswith("Reply !follow to one of my summaries")
    )


async def test_a_slash_summary_is_noted_so_a_reply_to_it_can_follow(
    simcord_env, channel, ana, handler, article, page_server
):
    result = await ana.slash(channel, "summarize", url=article)
    [shown] = [m for m in [result.response, *result.followups] if m]
    # A later summary of another story: "the latest summary" would follow its actors instead.
    await ana.send(channel, f"!summarize {page_server}/pages/harbour-budget.html")

    await ana.send(channel, "!follow", reply_to=shown)

    assert HTS in await followed_names(handler, channel)


async def test_alerts_mode_is_for_moderators(simcord_env, channel, ana, moderator, handler):
    await ana.slash(channel, "alerts")
    await ana.slash(channel, "alerts", mode="digest")
    await moderator.slash(channel, "alerts", mode="digest")
    await ana.slash(channel, "alerts", limit=3)
    result = await moderator.slash(channel, "alerts", mode="immediate", limit=3)

    assert [m.text for m in handler.seen] == [
        "!alerts",
        "!alerts digest",
        "!alerts digest",
        "!alerts limit 3",
        "!alerts immediate limit 3",
    ]
    assert await handler.tracking.alert_settings(f"discord:{channel.id}") == ("immediate", 3)
    [shown] = [m for m in [result.response, *result.followups] if m]
    assert shown.embeds[0].description == (
        "Follow-ups in this room: as they come, at most 3 an hour (the rest in the daily digest)."
    )


# Threads, reactions, long answers


def open_thread(env: Env, guild: GuildHandle, channel: ChannelHandle, owner: MemberActor):
    thread = env.backend.create_thread(channel.id, "river talk", owner.id)
    return ChannelHandle(env, guild, thread)


async def test_a_command_in_a_thread_is_answered_in_the_thread(
    simcord_env, guild, channel, ana, handler, article
):
    thread = open_thread(simcord_env, guild, channel, ana)
    command = await ana.send(thread, f"!summarize {article}")

    [answer] = bot_messages(thread, simcord_env)
    assert answer.channel.id == thread.id
    assert answer.reference.message_id == command.id
    assert answer.embeds[0].title == ALEPPO_TITLE
    assert bot_messages(channel, simcord_env) == []
    [seen] = handler.seen
    assert seen.thread_id == str(thread.id)
    assert seen.room_id == str(channel.id)


async def test_slash_command_in_a_thread_is_answered_in_the_thread(
    simcord_env, guild, channel, ana, handler, article
):
    thread = open_thread(simcord_env, guild, channel, ana)
    result = await ana.slash(thread, "summarize", url=article)

    messages = [m for m in [result.response, *result.followups] if m]
    assert {m.channel_id for m in messages} == {thread.id}
    assert handler.seen[0].thread_id == str(thread.id)


async def test_newspaper_reaction_summarises_the_links_once(
    simcord_env, guild, channel, ana, handler, article
):
    bo = guild.add_member(simcord_env.create_user("bo"))
    cy = guild.add_member(simcord_env.create_user("cy"))
    shared = await ana.send(channel, f"worth a read: {article}")

    await bo.react(shared, "👍")
    assert bot_messages(channel, simcord_env) == []

    await bo.react(shared, "📰")
    await cy.react(shared, "📰")

    [answer] = bot_messages(channel, simcord_env)
    assert answer.reference.message_id == shared.id
    assert answer.embeds[0].title == ALEPPO_TITLE
    [seen] = handler.seen
    assert seen.author_name == "bo"
    assert seen.text == f"!summarize {article}"


async def test_a_message_menu_on_many_links_says_how_many_were_left_out(
    simcord_env, channel, ana, handler, page_server
):
    links = " ".join(f"{page_server}/pages/aleppo-clashes.html?copy={n}" for n in range(7))
    shared = await ana.send(channel, f"all of these: {links}")

    await ana.context_menu(channel, "Summarize links", shared)

    [seen] = handler.seen
    assert seen.text.count("?copy=") == 7  # the parser, not the adapter, keeps the first five
    assert any("2" in reply.body and "link" in reply.body for reply in handler.replies)


async def test_pushpin_on_a_summary_follows_its_actors(
    simcord_env, guild, channel, ana, handler, article
):
    bo = guild.add_member(simcord_env.create_user("bo"))
    human = await ana.send(channel, f"!summarize {article}")
    summary = bot_messages(channel, simcord_env)[-1]

    await bo.react(human, "📌")  # not a summary: nothing to follow
    await bo.react(summary, "📌")
    await ana.react(summary, "📌")

    follows = [m for m in handler.seen if m.text == "!follow"]
    assert [(m.author_name, m.reply_to_id) for m in follows] == [("bo", str(summary.id))]
    assert HTS in await followed_names(handler, channel)
    answer = bot_messages(channel, simcord_env)[-1]
    assert answer.reference.message_id == summary.id
    assert answer.embeds[0].description.startswith("This room now follows: Hay'at Tahrir al-Sham")


async def test_reaction_on_a_message_without_links_is_ignored(simcord_env, channel, ana, handler):
    chatter = await ana.send(channel, "just words")
    await ana.react(chatter, "📰")

    assert bot_messages(channel, simcord_env) == []
    assert handler.seen == []


async def test_a_long_answer_is_split_across_embeds_and_messages_without_losing_text(
    simcord_env, channel, ana, handler
):
    body = " ".join(f"Sentence number {i} of a very long report." for i in range(700))
    fields = tuple(ReplyField(f"Field {i}", "word " * 300) for i in range(30))
    handler.script = [
        Reply(kind=ReplyKind.REPORT, title="Long", body=body, fields=fields, footer="the end")
    ]
    command = await ana.send(channel, "!summarize https://news.example/long")
    await simcord_env.advance_time(60)  # the channel's pacing lets five messages a second through

    answers = bot_messages(channel, simcord_env)
    assert len(answers) > 1
    assert answers[0].reference.message_id == command.id
    assert all(m.reference is None for m in answers[1:])
    embeds = [e for m in answers for e in m.embeds]
    for message in answers:
        assert len(message.embeds) <= 10
        assert sum(len(e) for e in message.embeds) <= 6000
    assert embeds[0].title == "Long"
    text = " ".join(e.description for e in embeds if e.description)
    assert text.split() == body.split()
    values = [f.value for e in embeds for f in e.fields]
    assert " ".join(values).split() == ("word " * 300 * 30).split()
    assert embeds[-1].footer.text == "the end"


async def test_a_burst_of_messages_is_paced_not_dropped(simcord_env, channel, ana, handler):
    handler.script = [Reply(kind=ReplyKind.INFO, body=f"part {i}") for i in range(8)]
    await ana.send(channel, "!help")

    assert len(bot_messages(channel, simcord_env)) == 5  # the rest wait for the window
    await simcord_env.advance_time(5)
    answers = bot_messages(channel, simcord_env)
    assert [m.embeds[0].description for m in answers] == [f"part {i}" for i in range(8)]


async def test_deliver_posts_an_alert_to_a_channel(simcord_env, channel, adapter):
    alert = Reply(kind=ReplyKind.ALERT, title="New story about HTS", body="Fresh clashes.")
    with simcord_env.time_context():
        await adapter.deliver(str(channel.id), [alert])

    [answer] = bot_messages(channel, simcord_env)
    assert answer.embeds[0].title == "New story about HTS"
    assert answer.reference is None


async def test_deliver_with_a_key_sends_the_same_nonce_when_retried(simcord_env, channel, adapter):
    alert = Reply(kind=ReplyKind.ALERT, title="New story about HTS", body="Fresh clashes.")
    other = Reply(kind=ReplyKind.ALERT, title="Another story", body="More.")
    with simcord_env.time_context():
        await adapter.deliver(str(channel.id), [alert, other], key="alert:7:discord:1")
        await adapter.deliver(str(channel.id), [alert, other], key="alert:7:discord:1")
        await adapter.deliver(str(channel.id), [alert], key="alert:8:discord:1")

    posts = requests(simcord_env, "POST", f"/channels/{channel.id}/messages")
    nonces = [post.json["nonce"] for post in posts]
    assert all(post.json["enforce_nonce"] is True for post in posts)
    assert all(len(nonce) <= 25 for nonce in nonces)
    # Discord itself drops the repeat; simcord does not model that, so compare the nonces.
    assert nonces[:2] == nonces[2:4]
    assert len(set(nonces[:2] + nonces[4:])) == 3


async def test_deliver_to_a_thread_named_by_the_reply(simcord_env, guild, channel, ana, adapter):
    thread = open_thread(simcord_env, guild, channel, ana)
    alert = Reply(kind=ReplyKind.ALERT, title="Update", body="News.", thread_id=str(thread.id))
    with simcord_env.time_context():
        await adapter.deliver(str(channel.id), [alert], key="k")

    assert bot_messages(channel, simcord_env) == []
    assert bot_messages(thread, simcord_env)[0].embeds[0].title == "Update"


async def test_without_embed_links_the_answer_is_plain_text(simcord_env, guild, ana, article):
    me = simcord_env.bot.get_guild(guild.id).me
    quiet = guild.create_text_channel(
        "quiet", overwrites={me: discord.PermissionOverwrite(embed_links=False)}
    )
    await ana.send(quiet, f"!summarize {article}")

    [answer] = bot_messages(quiet, simcord_env)
    assert answer.embeds == []
    assert answer.content.startswith(ALEPPO_TITLE + "\n" + article)


# Shards


@pytest.fixture
def sharded_adapter(handler) -> DiscordAdapter:
    settings = DiscordSettings(token="not-a-real-token", shard_count=2, shard_ids=[1])
    return DiscordAdapter(handler, settings)


async def test_a_sharded_client_answers_on_its_shard(sharded_adapter, handler, article):
    client = sharded_adapter.client
    assert isinstance(client, discord.AutoShardedClient)
    async with simcord.run(client) as env:
        guild = env.create_guild("Far away", shard_id=1)
        channel = guild.create_text_channel("news")
        ana = guild.add_member(env.create_user("ana"))
        await ana.send(channel, f"!summarize {article}")

        [answer] = bot_messages(channel, env)
        assert answer.embeds[0].title == ALEPPO_TITLE
        assert client.shard_ids == [1]


# Failures


class Broken(RuntimeError):
    pass


async def test_an_unexpected_failure_is_answered_and_reported(
    simcord_env, channel, ana, handler, article
):
    async def explode(*args, **kwargs):
        raise Broken("the pipeline fell over")

    handler.handle = explode
    await ana.send(channel, f"!summarize {article}")

    [answer] = bot_messages(channel, simcord_env)
    assert answer.embeds[0].description == (
        "Something went wrong on my side; the details are in my log."
    )
    assert any(isinstance(error, Broken) for error in simcord_env.errors)


async def test_an_unexpected_failure_after_a_slash_command_ends_the_thinking(
    simcord_env, channel, ana, handler, article
):
    async def explode(*args, **kwargs):
        raise Broken("the pipeline fell over")

    handler.handle = explode
    result = await ana.slash(channel, "summarize", url=article)

    messages = [m for m in [result.response, *result.followups] if m]
    assert messages[-1].content == "Something went wrong on my side; the details are in my log."
    assert any(
        isinstance(getattr(error, "original", error), Broken) for error in simcord_env.errors
    )


async def test_a_direct_message_is_answered_in_private(simcord_env, guild, handler, article):
    zed = simcord_env.create_user("zed")
    guild.add_member(zed)
    await zed.send_dm(f"!summarize {article}")

    answer = zed.dm_channel.last_message
    assert answer.author.id == simcord_env.bot.user.id
    assert answer.embeds[0].title == ALEPPO_TITLE
    [seen] = handler.seen
    assert seen.is_moderator is False
    assert seen.thread_id is None
