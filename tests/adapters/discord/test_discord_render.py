"""Embeds from replies: every Discord limit respected, and no text lost when a reply is split."""

from __future__ import annotations

import random
import string

import pytest
from simcord.components import validate_embeds

from bot.adapters.discord.render import (
    CONTENT_LIMIT,
    EmbedPage,
    embed_messages,
    embed_pages,
    message_batches,
    split_text,
    text_messages,
    to_embed,
)
from bot.core.model import Reply, ReplyField, ReplyKind


def reassembles(text: str, pieces: list[str]) -> bool:
    """Tell whether pieces are text in order, with only whitespace left out between them."""
    at = 0
    for piece in pieces:
        while at < len(text) and text[at].isspace():
            at += 1
        if not text.startswith(piece, at):
            return False
        at += len(piece)
    return not text[at:].strip()


def random_text(rng: random.Random, size: int) -> str:
    words = []
    while sum(len(w) + 1 for w in words) < size:
        length = rng.choice([1, 2, 3, 5, 8, 13, 40, 300])
        word = "".join(rng.choice(string.ascii_letters + "éü—") for _ in range(length))
        words.append(word + rng.choice(["", "", ".", ",", "!", "?", ";"]))
        words.append(rng.choice([" ", " ", " ", "\n", "\n\n", "  ", "\t"]))
    return "".join(words)


# split_text


@pytest.mark.parametrize("seed", range(40))
def test_split_text_keeps_every_character_and_every_limit(seed):
    rng = random.Random(seed)
    text = random_text(rng, rng.choice([10, 500, 5000, 20000]))
    limit = rng.choice([1, 7, 50, 256, 1024, 4096])
    pieces = split_text(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert all(p == p.strip() for p in pieces)
    assert reassembles(text, pieces)


def test_split_text_prefers_paragraphs_then_sentences_then_words():
    text = "First paragraph is here.\n\nSecond one follows. It has two sentences."
    assert split_text(text, 50) == [
        "First paragraph is here.",
        "Second one follows. It has two sentences.",
    ]
    assert split_text("One sentence here. Another sentence there.", 30) == [
        "One sentence here.",
        "Another sentence there.",
    ]
    assert split_text("alpha beta gamma delta", 12) == ["alpha beta", "gamma delta"]


def test_split_text_cuts_a_word_longer_than_the_limit():
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_split_text_of_blank_text_is_nothing():
    assert split_text("  \n ", 10) == []
    assert split_text("short", 10) == ["short"]
    with pytest.raises(ValueError, match="positive"):
        split_text("text", 0)


# embed_pages


def report(**extra: object) -> Reply:
    values: dict[str, object] = {
        "kind": ReplyKind.REPORT,
        "title": "Flood waters rise",
        "url": "https://news.example/flood",
        "body": "Rivers burst their banks. Officials said more rain is coming.",
        "fields": (ReplyField("Who", "Civil Protection Agency"), ReplyField("Where", "Riverton")),
        "footer": "News Example · 2 Mar 2024",
    }
    values.update(extra)
    return Reply(**values)  # type: ignore[arg-type]


def all_text(pages: list[EmbedPage]) -> str:
    parts = []
    for page in pages:
        parts += [page.title or "", page.description or ""]
        parts += [f"{f.name} {f.value}" for f in page.fields]
        parts.append(page.footer or "")
    return " ".join(parts)


def test_a_short_reply_is_one_embed_with_everything_in_place():
    [page] = embed_pages(report())
    assert page.title == "Flood waters rise"
    assert page.url == "https://news.example/flood"
    assert page.description == "Rivers burst their banks. Officials said more rain is coming."
    assert [(f.name, f.value) for f in page.fields] == [
        ("Who", "Civil Protection Agency"),
        ("Where", "Riverton"),
    ]
    assert page.footer == "News Example · 2 Mar 2024"
    embed = to_embed(page)
    assert embed.title == page.title
    assert embed.url == page.url
    assert embed.footer.text == page.footer
    assert [f.name for f in embed.fields] == ["Who", "Where"]
    assert len(embed) == page.size


def test_each_kind_has_its_colour_and_errors_are_red():
    colours = {kind: embed_pages(report(kind=kind))[0].colour for kind in ReplyKind}
    assert colours[ReplyKind.ERROR] == 0xE53E3E
    assert len(set(colours.values())) == len(ReplyKind)


def test_an_error_about_a_link_shows_the_link_as_its_title():
    reply = Reply(kind=ReplyKind.ERROR, body="The site answered 404.", url="https://x.example/a")
    [page] = embed_pages(reply)
    assert page.title == "https://x.example/a"
    assert page.url == "https://x.example/a"
    assert page.description == "The site answered 404."


def test_a_link_that_is_not_a_web_address_is_not_linked():
    [page] = embed_pages(report(url="file:///etc/passwd"))
    assert page.url is None


def test_an_empty_reply_still_makes_a_valid_embed():
    [page] = embed_pages(Reply(kind=ReplyKind.INFO))
    assert page.description
    validate_embeds([to_embed(page).to_dict()])


def test_a_long_title_is_shortened_and_kept_whole_in_the_description():
    title = "Breaking: " + "very " * 80 + "long headline"
    [page] = embed_pages(report(title=title))
    assert page.title is not None
    assert len(page.title) <= 256
    assert page.title.endswith("…")
    assert page.description is not None
    assert page.description.startswith(title)


def test_a_long_body_continues_in_more_embeds_under_one_title():
    body = "\n\n".join(f"Paragraph {i}. " + "Some words in it. " * 30 for i in range(40))
    pages = embed_pages(report(body=body))
    assert len(pages) > 1
    assert pages[0].title == "Flood waters rise"
    assert all(p.title is None for p in pages[1:])
    descriptions = [p.description for p in pages if p.description]
    assert all(len(d) <= 4096 for d in descriptions)
    assert reassembles(body, descriptions)
    # The fields come after the whole body, the footer at the very end.
    assert pages[-1].fields
    assert pages[-1].footer == "News Example · 2 Mar 2024"


def test_a_long_field_value_continues_in_fields_of_the_same_name():
    value = "; ".join(f"actor number {i}" for i in range(200))
    [page] = embed_pages(report(fields=(ReplyField("Who", value),)))
    names = [f.name for f in page.fields]
    assert names[0] == "Who"
    assert set(names[1:]) == {"Who (continued)"}
    assert all(len(f.value) <= 1024 for f in page.fields)
    assert reassembles(value, [f.value for f in page.fields])


def test_a_field_name_longer_than_allowed_is_kept_in_its_value():
    name = "N" * 300
    [page] = embed_pages(report(fields=(ReplyField(name, "v"),)))
    [item] = page.fields
    assert len(item.name) <= 256
    assert item.value == f"{name}: v"


def test_more_than_25_fields_spill_into_another_embed():
    fields = tuple(ReplyField(f"F{i}", f"value {i}") for i in range(30))
    pages = embed_pages(report(fields=fields))
    assert [len(p.fields) for p in pages] == [25, 5]
    assert [f.name for p in pages for f in p.fields] == [f"F{i}" for i in range(30)]


def test_embeds_stay_under_6000_characters():
    fields = tuple(ReplyField(f"Field {i}", "w " * 500) for i in range(20))
    pages = embed_pages(report(body="b " * 2000, fields=fields))
    assert len(pages) > 1
    assert all(page.size <= 6000 for page in pages)
    assert all(len(to_embed(page)) <= 6000 for page in pages)


def test_a_footer_that_does_not_fit_moves_to_a_last_embed_with_the_last_fields():
    # Fill the first embed to just under 6000 characters, then add a long footer.
    fields = tuple(ReplyField(f"F{i}", "x" * 1000) for i in range(5))
    footer = "f" * 1500
    pages = embed_pages(report(title="T", body="b" * 900, fields=fields, footer=footer))
    assert all(page.size <= 6000 for page in pages)
    assert pages[-1].footer == footer
    assert [f.name for p in pages for f in p.fields] == [f"F{i}" for i in range(5)]


def test_a_footer_that_cannot_fit_beside_a_full_description_gets_its_own_embed():
    pages = embed_pages(report(title="T" * 250, body="b" * 4096, fields=(), footer="f" * 2000))
    assert [p.size <= 6000 for p in pages] == [True, True]
    assert pages[-1].footer == "f" * 2000


def test_a_footer_longer_than_allowed_is_kept_as_text():
    footer = "note " * 600
    pages = embed_pages(report(footer=footer))
    assert all(not p.footer or len(p.footer) <= 2048 for p in pages)
    assert " ".join(all_text(pages).split()).endswith(" ".join(footer.split()))


# Messages


def test_messages_hold_at_most_ten_embeds_and_6000_characters():
    pages = [EmbedPage(colour=0, description="d" * 700) for _ in range(25)]
    batches = message_batches(pages)
    assert [len(b) for b in batches] == [8, 8, 8, 1]
    small = [EmbedPage(colour=0, description="d") for _ in range(25)]
    assert [len(b) for b in message_batches(small)] == [10, 10, 5]
    assert [p for b in message_batches(pages) for p in b] == pages


@pytest.mark.parametrize("seed", range(30))
def test_any_reply_renders_to_messages_discord_accepts_without_losing_words(seed):
    rng = random.Random(seed)
    title = random_text(rng, rng.choice([0, 20, 400])).strip() or None
    body = random_text(rng, rng.choice([0, 100, 3000, 9000, 30000]))
    fields = tuple(
        ReplyField(
            random_text(rng, rng.choice([3, 30, 300])).strip() or "name",
            random_text(rng, rng.choice([1, 200, 1500, 5000])),
            inline=rng.random() < 0.3,
        )
        for _ in range(rng.choice([0, 3, 12, 40]))
    )
    footer = random_text(rng, rng.choice([0, 50, 2500])).strip() or None
    reply = Reply(kind=ReplyKind.REPORT, title=title, body=body, fields=fields, footer=footer)

    messages = embed_messages(reply)
    for embeds in messages:
        # simcord's copy of Discord's validation rules, as an independent check.
        validate_embeds([embed.to_dict() for embed in embeds])

    pages = embed_pages(reply)
    assert [p for batch in message_batches(pages) for p in batch] == pages
    first_title = (title or "").strip()
    if len(first_title) <= 256:
        assert pages[0].title == (first_title or None)
    text = body.strip()
    if len(first_title) > 256:
        text = f"{first_title}\n\n{text}"
    if footer and len(footer) > 2048:
        text = f"{text}\n\n{footer}"
    else:
        assert pages[-1].footer == footer
    assert reassembles(text, [p.description for p in pages if p.description]) or not text
    values = []
    for item in fields:
        name, value = item.name.strip(), item.value.strip() or "—"
        values.append(f"{name}: {value}" if len(name) > 256 else value)
    got = [f for page in pages for f in page.fields]
    assert reassembles("\n".join(values), [f.value for f in got])
    assert sum(not f.name.endswith(" (continued)") for f in got) == len(fields)


def test_plain_text_messages_fit_the_content_limit():
    reply = report(body="word " * 2000)
    messages = text_messages(reply)
    assert len(messages) > 1
    assert all(len(m) <= CONTENT_LIMIT for m in messages)
    assert messages[0].startswith("Flood waters rise\nhttps://news.example/flood")
