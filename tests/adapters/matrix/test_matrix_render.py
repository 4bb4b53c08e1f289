"""Matrix rendering: HTML and plain forms of a reply, relations, and splitting at the size cap."""

import json

from bot.adapters.matrix.render import (
    HTML_FORMAT,
    MAX_CONTENT_BYTES,
    relates_to,
    render_html,
    reply_contents,
)
from bot.core.model import Reply, ReplyField, ReplyKind
from bot.core.render import render_text

REPORT = Reply(
    kind=ReplyKind.REPORT,
    title="Clashes <west> of Aleppo",
    url="https://news.example/a?x=1&y=2",
    body="Fighters stormed two villages. Six militants were killed.",
    fields=(
        ReplyField("Who", "Hay'at Tahrir al-Sham (HTS)"),
        ReplyField("Links shared", "Report <https://news.example/b> — first line\nSecond line"),
    ),
    footer="Frontline Monitor · 6 Oct 2024",
)


def wire_size(content: dict) -> int:
    return len(json.dumps(content, separators=(",", ":")).encode())


def test_html_links_the_title_lists_facts_and_shrinks_the_footer():
    html = render_html(REPORT)
    assert html.startswith(
        '<p><strong><a href="https://news.example/a?x=1&amp;y=2">'
        "Clashes &lt;west&gt; of Aleppo</a></strong></p>"
    )
    assert "<p>Fighters stormed two villages. Six militants were killed.</p>" in html
    assert "<ul><li><strong>Who:</strong> Hay'at Tahrir al-Sham (HTS)</li>" in html
    assert (
        '<li><strong>Links shared:</strong> Report &lt;<a href="https://news.example/b">'
        "https://news.example/b</a>&gt; — first line<br>Second line</li></ul>"
    ) in html
    assert html.endswith("<p><sub>Frontline Monitor · 6 Oct 2024</sub></p>")


def test_a_reply_that_fits_is_one_notice_with_the_plain_rendering_as_body():
    [content] = reply_contents(REPORT)
    assert content["msgtype"] == "m.notice"
    assert content["format"] == HTML_FORMAT
    assert content["body"] == render_text(REPORT)
    assert content["formatted_body"] == render_html(REPORT)
    assert content["m.mentions"] == {}


def test_bulleted_points_become_an_html_list():
    digest = Reply(kind=ReplyKind.INFO, title="Conversation digest", body="• one\n• two <b>")
    assert "<ul><li>one</li><li>two &lt;b&gt;</li></ul>" in render_html(digest)


def test_long_replies_are_split_below_the_cap_without_losing_a_word():
    words = [f"word{i}" for i in range(12_000)]
    arabic = "هيئة تحرير الشام " * 1500
    reply = Reply(
        kind=ReplyKind.REPORT,
        title="Long",
        url="https://news.example/long",
        body=" ".join(words),
        fields=(ReplyField("Quote", arabic),),
        footer="end",
    )
    contents = reply_contents(reply)
    assert len(contents) > 2
    assert all(wire_size(c) <= MAX_CONTENT_BYTES for c in contents)
    plain = " ".join(c["body"] for c in contents)
    assert [w for w in plain.split() if w.startswith("word")] == words
    assert plain.count("تحرير") == 1500
    assert contents[0]["formatted_body"].startswith("<p><strong><a href=")
    assert contents[-1]["body"].endswith("— end")


def test_one_endless_word_is_still_cut_to_size():
    reply = Reply(kind=ReplyKind.INFO, body="x" * 100_000)
    contents = reply_contents(reply, limit=10_000)
    assert all(wire_size(c) <= 10_000 for c in contents)
    assert "".join(c["body"] for c in contents) == "x" * 100_000


def test_relations_for_a_reply_and_for_a_thread():
    assert relates_to(in_reply_to="$cmd", thread_id=None) == {"m.in_reply_to": {"event_id": "$cmd"}}
    assert relates_to(in_reply_to="$cmd", thread_id="$root") == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": "$cmd"},
    }
    assert relates_to(in_reply_to=None, thread_id=None) is None
