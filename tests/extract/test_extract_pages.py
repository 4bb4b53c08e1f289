"""ArticleExtractor on saved pages: body text, metadata, comments kept apart, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import ExtractionError, FailureReason
from bot.core.model import Article
from bot.extract import ArticleExtractor

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def _page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def extractor() -> ArticleExtractor:
    return ArticleExtractor()


@pytest.fixture(scope="module")
def aleppo(extractor: ArticleExtractor) -> Article:
    return extractor.extract(_page("aleppo-clashes.html"))


def _paragraphs(article: Article) -> list[str]:
    return [line for line in article.text.split("\n") if line.strip()]


# --- the WordPress war report the project started from ---------------------------------------


def test_aleppo_body_is_the_six_report_paragraphs(aleppo: Article) -> None:
    paragraphs = _paragraphs(aleppo)
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("On October 6, fighters of Hay'at Tahrir al-Sham (HTS)")
    assert "six militants and three civilians have been killed" in paragraphs[4]
    assert paragraphs[5].endswith("long seen as the stronghold of the NFL.")


@pytest.mark.parametrize(
    "clutter",
    [
        "Illustrative image",
        "2,500 $",
        "5,000 $",
        "0 $",
        "Consider helping us",
        "Share this",
        "Twitter",
        "Recent Posts",
        "Subscribe to our newsletter",
        "Leave a Reply",
        "Previous:",
        "Support independent reporting",
        "Our monthly goal",
        "All rights reserved",
        "Follow the money",  # a comment
        "Which planet do you follow this war from",  # a comment
    ],
)
def test_aleppo_body_has_no_clutter_or_comments(aleppo: Article, clutter: str) -> None:
    assert clutter.casefold() not in aleppo.text.casefold()


def test_aleppo_metadata(aleppo: Article) -> None:
    assert aleppo.title == "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"
    assert aleppo.site == "Frontline Monitor"
    assert aleppo.author == "Frontline Monitor Desk"
    assert aleppo.published == date(2018, 10, 7)
    assert aleppo.language == "en"
    assert (
        aleppo.url
        == "https://frontline-monitor.example/2018/10/07/hts-renews-offensive-west-of-aleppo/"
    )


def test_aleppo_comments_keep_authors_and_nesting(aleppo: Article) -> None:
    comments = aleppo.comments
    assert len(comments) == 9
    assert [c.author for c in comments] == [
        "Rustam",
        "NorthernHawk",
        "quiet_reader",
        "NorthernHawk",
        "olive_grove",
        "DesertFox77",
        "Brother Tomas",
        "olive_grove",
        "Rustam",
    ]
    assert [c.depth for c in comments] == [0, 1, 2, 3, 1, 0, 0, 1, 1]
    assert {c.depth for c in comments if c.author == "NorthernHawk"} == {1, 3}
    assert comments[3].text == "Just mute him and move on, that is what I do with the trolls here."
    assert all("says:" not in c.text and "October 7, 2018" not in c.text for c in comments)


def test_url_argument_wins_over_canonical(extractor: ArticleExtractor) -> None:
    article = extractor.extract(_page("aleppo-clashes.html"), url="https://example.org/shared")
    assert article.url == "https://example.org/shared"


# --- a modern news page with JSON-LD and a Disqus thread ---------------------------------------


@pytest.fixture(scope="module")
def council(extractor: ArticleExtractor) -> Article:
    return extractor.extract(_page("city-council-budget.html"))


def test_council_body(council: Article) -> None:
    paragraphs = _paragraphs(council)
    assert paragraphs[0].startswith("The Riverton City Council approved a $412 million")
    assert paragraphs[-1] == (
        "The budget takes effect on July 1. The council will hold its first hearing on next "
        "year's capital plan on April 8."
    )
    assert "$18.5 million to start work on the Eastgate rapid bus corridor" in council.text
    assert '"We are paying this year\'s bills with money we will not have next year,"' in (
        council.text
    )
    assert len(paragraphs) == 11


@pytest.mark.parametrize(
    "clutter",
    [
        "morning briefing",
        "Sign up for our newsletter",
        "Related coverage",
        "Eastgate bus corridor draws crowd",
        "Support us with a subscription",
        "Become a subscriber",
        "Most read",
        "Old Mill bridge",
        "Ledger file photo",
        "Spotted an error",
        "Subscribe for $1",
        "buckets under the skylights",  # a comment
        "Eleven percent is still more",  # a comment
    ],
)
def test_council_body_has_no_clutter_or_comments(council: Article, clutter: str) -> None:
    assert clutter.casefold() not in council.text.casefold()


def test_council_metadata(council: Article) -> None:
    assert council.title == "Riverton council passes $412 million budget after late-night vote"
    assert council.site == "The Riverton Ledger"
    assert council.author == "Maria Okafor"
    assert council.published == date(2024, 3, 12)
    assert council.language == "en"


def test_council_disqus_thread(council: Article) -> None:
    comments = council.comments
    assert [(c.author, c.depth) for c in comments] == [
        ("eastside_mom", 0),
        ("Greg Kowalski", 1),
        ("transit_nerd", 2),
        ("librarian_liz", 1),
        ("Henrik Jansen", 0),
        ("eastside_mom", 1),
        ("retired_engineer", 0),
    ]
    assert comments[2].text == (
        "The corridor only happens if the city commits its share now. Wait another year and the "
        "grant goes to someone else.\nBoth things matter, but the grant has a deadline."
    )
    assert all("Reply" not in c.text and "hours ago" not in c.text for c in comments)


# --- an old table-layout page with no semantic markup ------------------------------------------


@pytest.fixture(scope="module")
def ferry(extractor: ArticleExtractor) -> Article:
    return extractor.extract(_page("harbour-ferry-table-layout.html"))


def test_table_layout_body_is_split_into_paragraphs(ferry: Article) -> None:
    paragraphs = _paragraphs(ferry)
    assert len(paragraphs) == 9
    assert paragraphs[0].startswith("The passenger ferry between Port Halvey and Gull Island")
    assert paragraphs[3].startswith('"People on the island have been patient')
    assert paragraphs[-1] == (
        "A public meeting on the timetable will be held at the Gull Island community hall on "
        "July 8 at 7 p.m."
    )


@pytest.mark.parametrize(
    "clutter",
    [
        "Tide Table",
        "Latest Headlines",
        "Harbour dredging delayed",
        "Advertise with us",
        "Reach 9,000 readers",
        "Sunny, 22",
        "Print this page",
        "Email to a friend",
        "Copyright",
        "Serving Port Halvey",
        "CLASSIFIEDS",
        "|",
    ],
)
def test_table_layout_body_has_no_sidebar_or_footer(ferry: Article, clutter: str) -> None:
    assert clutter not in ferry.text


def test_table_layout_metadata(ferry: Article) -> None:
    assert ferry.title == "Ferry service to Gull Island to resume in May"
    assert ferry.site == "Lakeshore Weekly Gazette"
    assert ferry.author == "Tom Reinholt"
    assert ferry.published == date(2023, 6, 14)
    assert ferry.language == "en"
    assert ferry.comments == ()


# --- a German regional politics report ---------------------------------------------------------


@pytest.fixture(scope="module")
def landtag(extractor: ArticleExtractor) -> Article:
    return extractor.extract(_page("de-landtag-haushalt.html"))


def test_german_body(landtag: Article) -> None:
    paragraphs = _paragraphs(landtag)
    assert paragraphs[0].startswith("Der Landtag hat am Freitag den Doppelhaushalt")
    assert "„Wir investieren in Köpfe und in Brücken" in landtag.text
    assert "1.200 zusätzliche Stellen für Lehrkräfte" in landtag.text
    assert paragraphs[-1].startswith("Der Haushalt tritt zum 1. Januar in Kraft.")
    assert len(paragraphs) == 8


@pytest.mark.parametrize(
    "clutter",
    [
        "Cookies",
        "Alle akzeptieren",
        "Privatsphäre",
        "Das könnte Sie auch interessieren",
        "Sanierung der Rheinbrücke",
        "Reform des Wahlrechts",
        "Artikel teilen",
        "WhatsApp",
        "Impressum",
        "Mediengruppe",
    ],
)
def test_german_body_has_no_banner_or_teasers(landtag: Article, clutter: str) -> None:
    assert clutter not in landtag.text


def test_german_metadata(landtag: Article) -> None:
    assert landtag.title == (
        "Landtag beschließt Doppelhaushalt: Mehr Geld für Kitas, Streit um neue Schulden"
    )
    assert landtag.site == "Rheintal-Kurier"
    assert landtag.author == "Katrin Wendel"
    assert landtag.published == date(2024, 12, 13)
    assert landtag.language == "de"


# --- a forum topic: the opening post is the article, replies are comments -----------------------


@pytest.fixture(scope="module")
def forum(extractor: ArticleExtractor) -> Article:
    return extractor.extract(_page("forum-heat-pump-topic.html"))


def test_forum_body_is_the_opening_post(forum: Article) -> None:
    paragraphs = _paragraphs(forum)
    assert len(paragraphs) == 7
    assert paragraphs[0].startswith("We replaced a 19-year-old gas boiler with a 7 kW")
    assert "seasonal efficiency of about 3.4" in forum.text
    assert paragraphs[-1].startswith("Happy to answer questions.")
    for reply in ("microbore", "rubber feet", "time-of-use tariff", "long payback", "41 Likes"):
        assert reply not in forum.text
    assert "Related topics" not in forum.text
    assert "Powered by" not in forum.text


def test_forum_metadata(forum: Article) -> None:
    assert forum.title == "Heat pump in a 1930s terraced house: our first winter, in numbers"
    assert forum.site == "Retrofit Commons"
    assert forum.published == date(2024, 4, 2)
    assert forum.language == "en"


def test_forum_replies_are_flat_comments_without_quotes(forum: Article) -> None:
    comments = forum.comments
    assert [c.author for c in comments] == [
        "dmitri_k",
        "harriet_w",
        "oakbeam",
        "greenfield_sam",
        "harriet_w",
        "pj_moran",
        "dmitri_k",
    ]
    assert {c.depth for c in comments} == {0}
    # The quoted line belongs to post 2; the reply keeps only its own words.
    assert comments[1].text.startswith("We kept most of it.")
    assert "Did you have to change" not in comments[1].text
    assert all("Likes" not in c.text and "2024" not in c.text for c in comments)


# --- a blog post with a long, generic comment thread ---------------------------------------------


@pytest.fixture(scope="module")
def blog(extractor: ArticleExtractor) -> Article:
    return extractor.extract(_page("blog-sourdough-long-thread.html"))


def test_blog_body(blog: Article) -> None:
    paragraphs = _paragraphs(blog)
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("For about three weeks this autumn")
    assert paragraphs[-1].endswith("saved me eleven loaves and a lot of grumbling.")
    # The headline is the title, not the body's first line.
    assert "Why my sourdough stopped rising" not in blog.text
    for clutter in ("Tags:", "Leave a comment", "14 comments", "About me", "Popular posts"):
        assert clutter not in blog.text
    for comment in ("oven light trick", "cool box", "proving drawer", "ducks in the park"):
        assert comment not in blog.text


def test_blog_metadata(blog: Article) -> None:
    assert blog.title == "Why my sourdough stopped rising (and the boring fix)"
    assert blog.site == "Crumb & Crust"
    assert blog.author == "Ellen Marsh"
    assert blog.published == date(2023, 11, 19)
    assert blog.language == "en"


def test_blog_thread_depths_and_authors(blog: Article) -> None:
    comments = blog.comments
    assert len(comments) == 14
    assert [c.depth for c in comments] == [0, 1, 2, 1, 0, 1, 2, 3, 0, 0, 1, 0, 1, 0]
    assert comments[7].author == "Tom Hadley"
    assert comments[7].text == "Trying it this weekend, thanks."
    assert {c.author for c in comments if c.depth == 0} == {
        "Bakerboy Ben",
        "Priya S",
        "Gwen",
        "Old Hand Arthur",
        "Jonas",
        "Fatima R",
    }
    assert all("Nov 2023" not in c.text for c in comments)


# --- a very long article, built from a handful of sentences -------------------------------------

_SENTENCES = (
    "The inspectors walked the length of the old aqueduct before sunrise, counting cracked joints.",
    "Engineers at the utility had warned for a decade that the pumping stations were worn out.",
    "Residents of the valley towns said the water pressure dropped every evening at peak demand.",
    "A consultant put the cost of replacing the network at several hundred million.",
    "Board members argued over raising tariffs at once or spreading the rise over five years.",
    "Farmers downstream feared that new reservoirs would change the flow their permits rely on.",
    "The regional auditor found that maintenance budgets had been cut in six of eight years.",
    "Crews replaced a burst main under the market square in one night, closing three streets.",
    "Hydrologists measured groundwater at forty wells and found most of them lower than before.",
    "Several mayors asked the province to share the cost, pointing to new commuter suburbs.",
    "The union for plant operators said staffing had not kept pace with the number of sites.",
    "Laboratory tests showed the treated water met every standard, though complaints had risen.",
)


def _long_report(words: int) -> tuple[str, int]:
    """Build a page holding a report of at least the given number of words; count its findings."""
    parts: list[str] = []
    count = 0
    index = 0
    while count < words:
        if index % 8 == 0:
            parts.append(f"<h2>Chapter {index // 8 + 1}: findings</h2>")
        sentences = [_SENTENCES[(index * 5 + k) % len(_SENTENCES)] for k in range(4)]
        paragraph = f"Finding {index + 1} of the inquiry. " + " ".join(sentences)
        parts.append(f"<p>{paragraph}</p>")
        count += len(paragraph.split())
        index += 1
    body = "\n".join(parts)
    return (
        f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>The valley water inquiry: full report | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2024-02-01T08:00:00Z"></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>The valley water inquiry: full report</h1>
<div class="share-bar"><a href="#">Share on Facebook</a></div>
<div class="entry-content">{body}
<p class="donate-box">Consider supporting us: donate today and keep this inquiry free to read.</p>
</div></article>
<div id="comments"><ol class="comment-list">
<li class="comment depth-1"><div class="comment-author"><cite class="fn">ValleyReader</cite></div>
<div class="comment-content"><p>Long overdue. The pressure here drops every night.</p></div></li>
</ol></div></main>
<aside class="sidebar"><h3>Popular</h3><ul><li><a href="/a">Market day moves</a></li></ul></aside>
<footer>Valley Courier, all rights reserved.</footer></body></html>""",
        index,
    )


def test_long_article_is_read_in_full(extractor: ArticleExtractor) -> None:
    html, findings = _long_report(8_500)
    article = extractor.extract(html)
    assert len(article.text.split()) >= 8_500
    assert article.text.startswith("Chapter 1: findings\nFinding 1 of the inquiry.")
    assert article.text.count("of the inquiry.") == findings
    assert f"Finding {findings} of the inquiry." in _paragraphs(article)[-1]
    assert "Consider supporting us" not in article.text
    assert "Share on Facebook" not in article.text
    assert "pressure here drops every night" not in article.text
    assert [c.author for c in article.comments] == ["ValleyReader"]
    assert article.title == "The valley water inquiry: full report"
    assert article.published == date(2024, 2, 1)


def test_twenty_thousand_words_are_read_whole(extractor: ArticleExtractor) -> None:
    # Its speed is measured by bench/pipeline.py; here only that nothing is cut.
    html, _ = _long_report(20_000)
    article = extractor.extract(html)
    assert len(article.text.split()) >= 20_000


# --- pages that hold no article ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.html", "navigation-only.html"])
def test_pages_without_an_article_raise(extractor: ArticleExtractor, name: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extractor.extract(_page(name))
    assert caught.value.reason is FailureReason.EMPTY
    assert "article text" in caught.value.message


@pytest.mark.parametrize("html", ["", "   \n\t", "<html></html>", "<!-- nothing -->"])
def test_blank_input_raises(extractor: ArticleExtractor, html: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extractor.extract(html)
    assert caught.value.reason is FailureReason.EMPTY


def test_xml_declaration_and_plain_fragment_are_read(extractor: ArticleExtractor) -> None:
    sentence = "The harbour board approved the new ferry timetable after a long public meeting."
    page = f'<?xml version="1.0" encoding="utf-8"?><html><body><article><p>{sentence}</p>'
    page += f"<p>{sentence.replace('harbour', 'county')}</p></article></body></html>"
    article = extractor.extract(page)
    assert sentence in article.text
