"""Threads in markup that names nothing: same-shape blocks under a "Comments" heading."""

from __future__ import annotations

import pytest

from bot.extract import ArticleExtractor

_STORY = " ".join(
    f"Satz {n}: Der Gemeinderat von Talheim hat am Dienstag beschlossen, die alte Brücke über"
    f" die Murr bis zum Herbst zu sanieren, nachdem Gutachter Risse im Pfeiler fanden."
    for n in range(1, 9)
)
_PEOPLE = (
    ("Anna K.", "Endlich passiert etwas, die Brücke war seit Jahren ein Ärgernis."),
    ("Bernd Vogt", "Wer bezahlt das eigentlich? Im Haushalt stand davon nichts."),
    ("Clara", "Die Umleitung über Nordheim dauert morgens zwanzig Minuten länger."),
    ("D. Haas", "Gut so. Sicherheit geht vor, auch wenn es lästig ist."),
)


def _page(heading: str) -> str:
    blocks = "".join(
        f'<div class="x9"><span class="q1">{name}</span> <span class="q2">12.03.2024 08:{n}5</span>'
        f'<div class="q3">{words}</div><a href="#">Antworten</a></div>'
        for n, (name, words) in enumerate(_PEOPLE)
    )
    return (
        "<html><head><title>Brücke wird saniert</title></head><body>"
        f"<main><h1>Brücke wird saniert</h1><div class='txt'><p>{_STORY}</p></div>"
        f"<div class='zz'><h3>{heading}</h3>{blocks}</div></main></body></html>"
    )


@pytest.mark.parametrize("heading", ["Kommentare (4)", "Comments", "Réactions", "Comentarios"])
def test_same_shape_blocks_under_a_thread_heading_are_comments(heading: str) -> None:
    article = ArticleExtractor().extract(_page(heading))
    assert [(c.author, c.depth) for c in article.comments] == [(n, 0) for n, _ in _PEOPLE]
    assert [c.text for c in article.comments] == [w for _, w in _PEOPLE]
    assert "Umleitung" not in article.text
    assert "Satz 8" in article.text


def test_blocks_under_another_heading_stay_in_the_body() -> None:
    article = ArticleExtractor().extract(_page("Hintergrund"))
    assert article.comments == ()


def _vbulletin() -> str:
    opening = " ".join(
        f"Part {n}: we fitted a wood burner in the old forge cottage this spring, lined the"
        " chimney with a steel flue and had the hearth checked by the building inspector."
        for n in range(1, 7)
    )
    replies = (
        ("hearth_harry", "Did the inspector want a carbon monoxide alarm in the same room?"),
        ("flue_fiona", "Steel liners are worth every penny. Ours cured the smoke in a week."),
        ("cottage_carl", "What size is the stove? Old forges can take a big one."),
    )
    posts = [("forge_owner", opening), *replies]
    items = "".join(
        f'<li class="postbitlegacy postcontainer" id="post_{9000 + n}">'
        f'<div class="posthead"><span class="date">03-04-2024, 10:1{n}</span></div>'
        f'<div class="userinfo"><a class="username" href="/u/{n}">{name}</a></div>'
        f'<div class="postdetails"><div class="content"><div id="post_message_{9000 + n}">'
        f'<blockquote class="postcontent restore">{words}</blockquote></div></div>'
        f'<div class="signaturecontainer">Forge Cottage, est. 1820</div></div></li>'
        for n, (name, words) in enumerate(posts)
    )
    return (
        "<html><head><title>Wood burner in the forge</title></head><body>"
        f"<div id='postlist'><ol id='posts'>{items}</ol></div></body></html>"
    )


def test_a_vbulletin_topic_reads_as_article_and_replies() -> None:
    article = ArticleExtractor().extract(_vbulletin())
    assert article.text.startswith("Part 1: we fitted a wood burner")
    assert "Part 6" in article.text
    assert "Forge Cottage, est. 1820" not in article.text
    assert [(c.author, c.depth) for c in article.comments] == [
        ("hearth_harry", 0),
        ("flue_fiona", 0),
        ("cottage_carl", 0),
    ]
    assert article.comments[1].text == (
        "Steel liners are worth every penny. Ours cured the smoke in a week."
    )


def test_a_short_comment_keeps_the_reply_nested_in_it() -> None:
    story = " ".join(
        f"Line {n}: the harbour board voted to dredge the inner basin before the regatta, at a"
        " cost the treasurer put at forty thousand pounds."
        for n in range(1, 8)
    )
    html = (
        "<html><body><article><h1>Dredging</h1>"
        f"<div class='entry'><p>{story}</p></div></article>"
        "<div id='comments'>"
        "<div class='comment'><span class='comment-author'>Iona</span>"
        "<div class='comment-content'><p>About time.</p></div>"
        "<div class='comment'><span class='comment-author'>Rab</span>"
        "<div class='comment-content'><p>Forty thousand is cheap for that.</p></div></div>"
        "</div></div></body></html>"
    )
    article = ArticleExtractor().extract(html)
    assert [(c.author, c.depth, c.text) for c in article.comments] == [
        ("Iona", 0, "About time."),
        ("Rab", 1, "Forty thousand is cheap for that."),
    ]
