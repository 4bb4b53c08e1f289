"""Translating Matrix events into chat messages, and the state the adapter keeps on disk."""

import stat
from datetime import UTC, datetime

import pytest
from nio import Event, MatrixRoom

from bot.adapters.matrix._pacing import backoff
from bot.adapters.matrix._session import Session, SessionFile
from bot.adapters.matrix.adapter import MatrixAdapter
from bot.adapters.matrix.translate import creators_of, strip_reply_fallback, translate
from bot.core.handler import Handler
from bot.settings import MatrixSettings

# The adapter is only built here, never run: its handler is never called.
IDLE = Handler(reader=None, summarizer=None)  # type: ignore[arg-type]
BOT = "@tidings:example.org"
ANA = "@ana:example.org"


def room() -> MatrixRoom:
    matrix_room = MatrixRoom("!room:example.org", BOT)
    matrix_room.power_levels.users[ANA] = 50
    return matrix_room


def event(sender: str = ANA, msgtype: str = "m.text", body: str = "!help", **extra) -> Event:
    content = {"msgtype": msgtype, "body": body, **extra}
    return Event.parse_event(
        {
            "type": "m.room.message",
            "event_id": "$event",
            "sender": sender,
            "origin_server_ts": 1_728_200_000_000,
            "content": content,
        }
    )


def test_a_text_message_becomes_a_chat_message():
    message = translate(event(), room(), own_user_id=BOT)
    assert message is not None
    assert message.platform == "matrix"
    assert (message.room_id, message.message_id, message.author_id) == (
        "!room:example.org",
        "$event",
        ANA,
    )
    assert message.text == "!help"
    assert message.sent_at == datetime(2024, 10, 6, 7, 33, 20, tzinfo=UTC)
    assert message.is_moderator
    assert message.thread_id is None


@pytest.mark.parametrize(
    "incoming",
    [
        event(sender=BOT),
        event(msgtype="m.notice"),
        event(msgtype="m.image", url="mxc://example.org/x"),
        event(body="* !help", **{"m.relates_to": {"rel_type": "m.replace", "event_id": "$e"}}),
    ],
    ids=["own", "notice", "image", "edit"],
)
def test_what_tidings_must_not_answer_translates_to_none(incoming):
    assert translate(incoming, room(), own_user_id=BOT) is None


def test_other_bots_notices_can_be_let_in():
    notice = event(sender="@news:example.org", msgtype="m.notice")
    message = translate(notice, room(), own_user_id=BOT, answer_bots=True)
    assert message is not None
    assert not message.is_moderator


def test_a_thread_message_carries_its_root_and_no_false_reply():
    relation = {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": "$latest"},
    }
    message = translate(event(**{"m.relates_to": relation}), room(), own_user_id=BOT)
    assert message is not None
    assert (message.thread_id, message.reply_to_id) == ("$root", None)


def test_a_reply_loses_its_quoted_fallback():
    body = "> <@ben:example.org> look at this\n> https://news.example/x\n\n!summarize"
    relation = {"m.in_reply_to": {"event_id": "$quoted"}}
    message = translate(event(body=body, **{"m.relates_to": relation}), room(), own_user_id=BOT)
    assert message is not None
    assert (message.text, message.reply_to_id) == ("!summarize", "$quoted")
    assert strip_reply_fallback("> not a reply quote\nbut text") == "but text"
    assert strip_reply_fallback("plain") == "plain"


def test_creators_outrank_power_levels_from_room_version_12():
    create = {"sender": "@ben:example.org", "content": {"room_version": "12"}}
    assert creators_of(create) == {"@ben:example.org"}
    create["content"]["additional_creators"] = [ANA]
    assert creators_of(create) == {"@ben:example.org", ANA}
    assert creators_of({"sender": ANA, "content": {"room_version": "10"}}) == frozenset()
    message = translate(
        event(sender="@ben:example.org"),
        room(),
        own_user_id=BOT,
        creators=frozenset({"@ben:example.org"}),
    )
    assert message is not None
    assert message.is_moderator


def test_the_session_file_round_trips_and_stays_private(tmp_path):
    store = SessionFile(tmp_path / "matrix" / "session.json")
    session = Session(
        homeserver="https://matrix.example.org",
        user_id=BOT,
        device_id="DEVICE",
        access_token="secret",
        next_batch="s1_2",
        warned_rooms=("!a:example.org",),
    )
    store.save(session)
    assert store.load(homeserver="https://matrix.example.org", user_id=BOT) == session
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    other = store.load(homeserver="https://matrix.example.org", user_id=ANA)
    assert other == Session(homeserver="https://matrix.example.org", user_id=ANA)
    store.path.write_text("{not json")
    assert store.load(homeserver="https://matrix.example.org", user_id=BOT).next_batch is None


def test_backoff_doubles_up_to_its_cap():
    assert [backoff(n, cap=10) for n in range(1, 7)] == [1, 2, 4, 8, 10, 10]


@pytest.mark.parametrize(
    ("allowed", "inviter", "joins"),
    [
        ([], ANA, False),
        ([ANA], ANA, True),
        ([ANA], "@eve:example.org", False),
        ([":example.org"], "@eve:example.org", True),
        ([":example.org"], "@eve:evil.example.org", False),
        (["*"], "@eve:elsewhere.net", True),
    ],
)
def test_invites_follow_the_allow_list(tmp_path, allowed, inviter, joins):
    settings = MatrixSettings(
        homeserver="https://matrix.example.org",
        user_id=BOT,
        password="pw",
        allowed_inviters=allowed,
    )
    adapter = MatrixAdapter(IDLE, settings, data_dir=tmp_path)
    assert adapter._invite_allowed(inviter) is joins


def test_the_adapter_needs_credentials(tmp_path):
    with pytest.raises(ValueError, match="homeserver"):
        MatrixAdapter(IDLE, MatrixSettings(), data_dir=tmp_path)
