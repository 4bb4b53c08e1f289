"""The Matrix adapter against a real Synapse: people in rooms send commands, the bot answers."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import aiohttp
import pytest

from bot.adapters.matrix import MatrixAdapter, MatrixLoginError
from bot.core.model import Reply, ReplyKind
from bot.settings import MatrixSettings
from tests.support.synapse import replied_to

TITLE = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"
PAGE = "/pages/aleppo-clashes.html"


def content(event: dict[str, Any]) -> dict[str, Any]:
    return event.get("content", {})


def is_notice_from(user_id: str):
    def check(room: str, event: dict[str, Any]) -> bool:
        return event.get("sender") == user_id and content(event).get("msgtype") == "m.notice"

    return check


async def bot_room(person, bot) -> tuple[Any, str]:
    """Create a room with a person who invites the bot, and wait until the bot is in."""
    ana = await person("ana")
    room = await ana.create_room(invite=[bot.user_id])
    await ana.wait_membership(room, bot.user_id, "join")
    return ana, room


async def test_summarize_answers_with_an_html_notice_in_reply(
    synapse, start_bot, person, page_server
):
    account = await synapse.register("tidings")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        url = page_server + PAGE
        command = await ana.send(room, f"!summarize {url}")
        answer = await ana.replies_to(room, command)
        await ana.wait_not_typing(room, bot.user_id)

    body = content(answer)
    assert answer["sender"] == account.user_id
    assert body["msgtype"] == "m.notice"
    assert body["format"] == "org.matrix.custom.html"
    assert body["m.relates_to"] == {"m.in_reply_to": {"event_id": command}}
    html = body["formatted_body"]
    assert f'<a href="{url}">{TITLE}</a>' in html
    assert "Hay'at Tahrir al-Sham" in html
    assert "six militants" in html
    assert "<ul><li><strong>" in html  # facts as a labelled list
    assert body["body"].startswith(f"{TITLE}\n{url}\n\n")
    assert "<" not in body["body"].split("\n", 2)[2][:200]  # the plain body carries no markup
    assert (room, account.user_id) in ana.typing


async def test_a_command_in_a_thread_is_answered_in_the_thread(
    synapse, start_bot, person, page_server
):
    account = await synapse.register("tidings")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        root = await ana.send(room, "Anyone following the fighting west of Aleppo?")
        command = await ana.send(room, f"!summarize {page_server}{PAGE}", thread_root=root)
        answer = await ana.replies_to(room, command)

    assert content(answer)["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": root,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": command},
    }
    assert TITLE in content(answer)["body"]


async def test_summarize_without_a_link_digests_the_thread_or_the_room(
    synapse, start_bot, person, page_server
):
    account = await synapse.register("tidings")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        ben = await person("ben")
        await ana.invite(room, ben.user_id)
        await ben.join(room)
        await ana.send(room, "Main timeline chatter about the weather.")
        root = await ana.send(room, "Thread about the Aleppo clashes.")
        await ben.send(room, f"Here is a report: {page_server}{PAGE}", thread_root=root)
        await ana.send(room, "The SOHR counts nine dead so far.", thread_root=root)
        await ana.send(room, "!help", thread_root=root)  # commands are not conversation
        in_thread = await ana.send(room, "!summarize", thread_root=root)
        thread_digest = await ana.replies_to(room, in_thread)
        in_room = await ben.send(room, "!summarize")
        room_digest = await ben.replies_to(room, in_room)

    thread_text = content(thread_digest)["body"]
    assert thread_text.startswith("Conversation digest (3 messages)")
    assert content(thread_digest)["m.relates_to"]["event_id"] == root
    assert "Participants:" in thread_text
    assert ana.user_id.split(":")[0][1:] in thread_text
    assert ben.user_id.split(":")[0][1:] in thread_text
    assert TITLE in thread_text  # the shared link, read and named
    assert "weather" not in thread_text
    room_text = content(room_digest)["body"]
    assert room_text.startswith("Conversation digest (2 messages)")
    assert "weather" in room_text
    assert "nine dead" not in room_text


async def test_invites_are_joined_only_from_allowed_inviters(synapse, start_bot, person):
    account = await synapse.register("tidings")
    ana = await person("ana")
    eve = await person("eve")
    async with start_bot(account, allowed_inviters=[ana.user_id]) as bot:
        allowed = await ana.create_room(invite=[bot.user_id])
        refused = await eve.create_room(invite=[bot.user_id])
        await ana.wait_membership(allowed, bot.user_id, "join")
        await eve.wait_membership(refused, bot.user_id, "leave")
    assert eve.memberships[(refused, bot.user_id)] == "leave"


async def test_a_moderator_can_make_the_bot_leave(synapse, start_bot, person):
    account = await synapse.register("tidings")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        ben = await person("ben")
        await ana.invite(room, ben.user_id)
        await ben.join(room)
        asked_by_member = await ben.send(room, "!leave")
        refusal = await ben.replies_to(room, asked_by_member)
        asked_by_moderator = await ana.send(room, "!leave")
        goodbye = await ana.replies_to(room, asked_by_moderator)
        await ana.wait_membership(room, bot.user_id, "leave")
    assert "Only a room moderator" in content(refusal)["body"]
    assert content(goodbye)["body"].startswith("Leaving this room")


async def test_own_messages_and_other_bots_notices_get_no_answer(synapse, start_bot, person):
    account = await synapse.register("tidings")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        other_bot = await person("newsbot")
        await ana.invite(room, other_bot.user_id)
        await other_bot.join(room)
        notice = await other_bot.send(room, "!help", msgtype="m.notice")
        edit = await ana.send(
            room,
            "* !help",
            content={
                "msgtype": "m.text",
                "body": "* !help",
                "m.new_content": {"msgtype": "m.text", "body": "!help"},
                "m.relates_to": {"rel_type": "m.replace", "event_id": notice},
            },
        )
        marker = await ana.send(room, "!help")
        await ana.replies_to(room, marker)
        await asyncio.sleep(0.5)
        await ana.sync(timeout_ms=0)

    answers = [e for r, e in ana.events if r == room and e["sender"] == account.user_id]
    assert [replied_to(e) for e in answers if replied_to(e)] == [marker]
    assert all(replied_to(e) not in (notice, edit) for e in answers)


async def test_a_newspaper_reaction_summarises_the_links_of_a_message(
    synapse, start_bot, person, page_server
):
    account = await synapse.register("tidings")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        shared = await ana.send(room, f"Worth a read: <{page_server}{PAGE}>")
        await ana.react(room, shared, "\N{NEWSPAPER}")
        answer = await ana.replies_to(room, shared)
    assert TITLE in content(answer)["formatted_body"]


async def test_rate_limits_delay_replies_but_drop_none(synapse, start_bot, person, caplog):
    admin = await synapse.register("admin", admin=True)
    account = await synapse.register("tidings")
    await synapse.admin_post(
        admin,
        f"/_synapse/admin/v1/users/{account.user_id}/override_ratelimit",
        {"messages_per_second": 5, "burst_count": 1},
    )
    caplog.set_level(logging.WARNING, logger="bot.adapters.matrix")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        commands = [await ana.send(room, "!help") for _ in range(3)]
        answers = [await ana.replies_to(room, c) for c in commands]
    assert len(answers) == 3
    assert "rate limited in room=" in caplog.text


async def test_an_encrypted_room_is_told_once_that_the_bot_cannot_read_it(
    synapse, start_bot, person, tmp_path
):
    account = await synapse.register("tidings")
    data = tmp_path / "bot"
    async with start_bot(account, encryption=False, data_dir=data) as bot:
        ana = await person("ana")
        room = await ana.create_room(invite=[bot.user_id], encrypted=True)
        await ana.wait_membership(room, bot.user_id, "join")
        first = await ana.wait_for(lambda r, e: r == room and is_notice_from(bot.user_id)(r, e))
        # A message the bot cannot read (ciphertext it has no keys for).
        await ana.send(
            room,
            "",
            event_type="m.room.encrypted",
            content={
                "algorithm": "m.megolm.v1.aes-sha2",
                "ciphertext": "AwgAEnAcT2xkIGNpcGhlcnRleHQ",
                "sender_key": "c2VuZGVyIGtleSBvZiBhbmEgZm9yIHRoZSB0ZXN0",
                "session_id": "c2Vzc2lvbiBvZiBhbmE",
                "device_id": ana.user.device_id,
            },
        )
        marker = await ana.send(room, "!help")  # sent in the clear: still a command
        await ana.replies_to(room, marker)
    async with start_bot(account, encryption=False, data_dir=data):
        again = await ana.send(room, "!help")
        await ana.replies_to(room, again)
    notices = [
        e
        for r, e in ana.events
        if r == room and is_notice_from(account.user_id)(r, e) and not replied_to(e)
    ]
    assert notices == [first]
    assert "cannot read encrypted messages" in content(first)["body"]


async def test_an_encrypted_room_gets_encrypted_answers(
    synapse, start_bot, person, page_server, tmp_path
):
    account = await synapse.register("tidings")
    async with start_bot(account) as bot:
        ana = await person("ana", store_dir=tmp_path / "ana-keys")
        room = await ana.create_room(invite=[bot.user_id], encrypted=True)
        await ana.wait_membership(room, bot.user_id, "join")
        command = await ana.send(room, f"!summarize {page_server}{PAGE}")
        answer = await ana.replies_to(room, command)
    assert answer["event_id"] in ana.decrypted  # it travelled encrypted
    assert content(answer)["msgtype"] == "m.notice"
    assert TITLE in content(answer)["body"]
    undecrypted = [e for r, e in ana.events if r == room and e["type"] == "m.room.encrypted"]
    assert undecrypted == []


async def test_the_bot_survives_a_homeserver_restart(synapse, start_bot, person, caplog):
    account = await synapse.register("tidings")
    caplog.set_level(logging.INFO, logger="bot.adapters.matrix")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        before = await ana.send(room, "!help")
        await ana.replies_to(room, before)
        assert bot.connected
        await asyncio.to_thread(synapse.stop)
        async with asyncio.timeout(60):
            while bot.connected:  # noqa: ASYNC110 - polling what /healthz reads
                await asyncio.sleep(0.1)
        await asyncio.to_thread(synapse.start)
        after = await ana.send(room, "!help")
        answer = await ana.replies_to(room, after)
        assert bot.connected
    assert "Tidings commands" in content(answer)["body"]
    assert "unavailable" in caplog.text
    assert "reachable again" in caplog.text


async def test_a_restarted_bot_keeps_its_device_and_answers_nothing_twice(
    synapse, start_bot, person, tmp_path
):
    account = await synapse.register("tidings")
    data = tmp_path / "bot"
    ana = await person("ana")
    room = await ana.create_room()
    old = await ana.send(room, "!help")  # before the bot ever ran: history, not a command
    async with start_bot(account, data_dir=data) as bot:
        await ana.invite(room, bot.user_id)
        await ana.wait_membership(room, bot.user_id, "join")
        first = await ana.send(room, "!help")
        await ana.replies_to(room, first)
        device = bot.device_id
    while_away = await ana.send(room, "!help")
    async with start_bot(account, data_dir=data) as bot:
        second = await ana.send(room, "!help")
        await ana.replies_to(room, second)
        await ana.replies_to(room, while_away)
        assert bot.device_id == device
    await ana.sync(timeout_ms=0)
    answered = [replied_to(e) for r, e in ana.events if e["sender"] == account.user_id]
    answered = [a for a in answered if a]
    assert sorted(answered) == sorted([first, while_away, second])
    assert old not in answered
    session = json.loads((data / "matrix" / "session.json").read_text())
    async with (
        aiohttp.ClientSession() as http,
        http.get(
            synapse.url + "/_matrix/client/v3/devices",
            headers={"Authorization": f"Bearer {session['access_token']}"},
        ) as response,
    ):
        devices = {d["device_id"] for d in (await response.json())["devices"]}
    # The device made at registration, and the one the bot logged in with once.
    assert devices == {account.device_id, device}


async def test_an_access_token_logs_in_on_its_own_device_and_is_not_stored(
    synapse, start_bot, person, tmp_path
):
    account = await synapse.register("tidings")
    data = tmp_path / "bot"
    async with start_bot(
        account, password=None, access_token=account.access_token, data_dir=data
    ) as bot:
        ana, room = await bot_room(person, bot)
        command = await ana.send(room, "!help")
        answer = await ana.replies_to(room, command)
        assert bot.device_id == account.device_id
    assert "Tidings commands" in content(answer)["body"]
    session = json.loads((data / "matrix" / "session.json").read_text())
    assert session["access_token"] is None
    assert session["device_id"] == account.device_id


async def test_delivered_alerts_stand_alone_or_join_their_thread_and_never_twice(
    synapse, start_bot, person
):
    account = await synapse.register("tidings")
    alert = Reply(kind=ReplyKind.ALERT, title="New story", body="HTS took a village.")
    async with start_bot(account) as bot:
        ana, room = await bot_room(person, bot)
        root = await ana.send(room, "Tracking HTS here.")
        threaded = Reply(kind=ReplyKind.ALERT, body="Follow-up in the thread.", thread_id=root)
        await bot.deliver(room, [alert, threaded], key="alert-7")
        await bot.deliver(room, [alert], key="alert-7")  # a retry after a lost answer
        marker = await ana.send(room, "!help")
        await ana.replies_to(room, marker)

    alone = [e for r, e in ana.events if content(e).get("body", "").startswith("New story")]
    assert len(alone) == 1
    assert "m.relates_to" not in content(alone[0])
    assert content(alone[0])["formatted_body"].startswith("<p><strong>New story</strong></p>")
    in_thread = await ana.wait_for(
        lambda r, e: r == room and content(e).get("body") == "Follow-up in the thread."
    )
    assert content(in_thread)["m.relates_to"]["rel_type"] == "m.thread"
    assert content(in_thread)["m.relates_to"]["event_id"] == root


async def test_a_pushpin_on_a_summary_follows_its_actors(
    synapse, start_bot, person, page_server, tracking_pipeline
):
    account = await synapse.register("tidings")
    async with start_bot(account, handler=tracking_pipeline.handler) as bot:
        ana, room = await bot_room(person, bot)
        command = await ana.send(room, f"!summarize {page_server}{PAGE}")
        summary = await ana.replies_to(room, command)
        await ana.react(room, summary["event_id"], "\N{PUSHPIN}")
        answer = await ana.replies_to(room, summary["event_id"])
    assert content(answer)["body"].startswith("This room now follows:")
    assert "Hay'at Tahrir al-Sham" in content(answer)["body"]


async def test_a_first_sync_leaves_earlier_commands_unanswered(
    synapse, start_bot, person, tmp_path
):
    account = await synapse.register("tidings")
    async with start_bot(account, data_dir=tmp_path / "first") as bot:
        ana, room = await bot_room(person, bot)
    earlier = await ana.send(room, "!help")  # the bot is in the room but not running
    async with start_bot(account, data_dir=tmp_path / "second"):  # no saved sync position
        marker = await ana.send(room, "!help")
        await ana.replies_to(room, marker)
        await asyncio.sleep(0.5)
        await ana.sync(timeout_ms=0)
    answered = {replied_to(e) for r, e in ana.events if e["sender"] == account.user_id}
    assert marker in answered
    assert earlier not in answered


async def test_the_key_store_opens_only_with_the_store_key_it_was_made_with(
    synapse, start_bot, pipeline, tmp_path
):
    account = await synapse.register("tidings")
    data = tmp_path / "bot"
    async with start_bot(account, data_dir=data, store_key="first key") as bot:
        device = bot.device_id
    # Another key: a clear refusal naming the folder, not a traceback, and no new device.
    wrong = MatrixAdapter(
        pipeline.handler,
        MatrixSettings(
            homeserver=synapse.url,
            user_id=account.user_id,
            password=account.password,
            store_key="second key",
        ),
        data_dir=data,
    )
    try:
        with pytest.raises(MatrixLoginError, match="cannot be opened with this store_key"):
            await asyncio.wait_for(wrong.run(), 30)
    finally:
        await wrong.close()
    async with start_bot(account, data_dir=data, store_key="first key") as bot:
        assert bot.device_id == device
