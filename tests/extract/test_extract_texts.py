"""ArticleExtractor.from_text on saved page text: headline, clutter, comment threads kept apart."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from bot.core.errors import ExtractionError, FailureReason
from bot.core.model import Article
from bot.extract import ArticleExtractor

TEXTS = Path(__file__).resolve().parents[1] / "fixtures" / "texts"


def _text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def _paragraphs(article: Article) -> list[str]:
    return [line for line in article.text.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def extractor() -> ArticleExtractor:
    return ArticleExtractor()


# --- a war report with a donation widget and a bulleted, nested thread ---------------------------

_WAR_THREAD = [
    ("Milos", 0),
    ("Sandstorm", 1),
    ("Milos", 2),
    ("Karim al-Halabi", 3),
    ("quiet observer", 2),
    ("Old Soldier", 0),
    ("Milos", 1),
    ("Nadia", 0),
]


@pytest.fixture(scope="module")
def war(extractor: ArticleExtractor) -> Article:
    return extractor.from_text(_text("war-report-widget-thread.txt"))


def test_war_report_title_is_the_repeated_headline(war: Article) -> None:
    assert war.title == (
        "Syrian Army Pushes Back Jaysh al-Izza Raid Near Kafr Zita In Northern Hama"
    )
    assert "Pushes Back" not in war.text


def test_war_report_body_is_the_four_report_paragraphs(war: Article) -> None:
    paragraphs = _paragraphs(war)
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Early on March 14, fighters of Jaysh al-Izza attacked")
    assert paragraphs[1].startswith("The raid opened with a barrage of rockets")
    assert paragraphs[3].endswith("both sides have moved reinforcements to the front.")
    # The paragraphs keep their blank-line spacing and every character as written.
    assert "\n\nThe raid opened with" in war.text
    assert "the army’s checkpoints" in war.text


@pytest.mark.parametrize(
    "clutter",
    [
        "0 $",
        "1,340 $",
        "Illustrative image",
        "MORE ON THIS TOPIC",
        "Russian Military Police Patrol",
        "consider supporting our work",
        "Milos",
        "smuggling routes",
        "Stay safe",
    ],
)
def test_war_report_body_has_no_clutter_or_comments(war: Article, clutter: str) -> None:
    assert clutter not in war.text


def test_war_report_thread_keeps_authors_and_depths(war: Article) -> None:
    assert [(c.author, c.depth) for c in war.comments] == _WAR_THREAD
    assert war.comments[1].text == (
        "fewer men? they get new ones every month from across the border."
    )
    # A comment of two paragraphs stays one comment.
    assert war.comments[4].text == (
        "Sandstorm is right about the border.\n"
        "The smuggling routes never closed, they only moved further east."
    )
    for comment in war.comments:
        assert comment.text not in war.text


def _reindent(text: str, replace: str) -> str:
    return "\n".join(
        re.sub(r"^( +)", lambda match: replace * (len(match.group(1)) // 2), line)
        for line in text.split("\n")
    )


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda text: text.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda text: _reindent(text, "\t"), id="tabs"),
        pytest.param(lambda text: _reindent(text, "    "), id="four-spaces"),
    ],
)
def test_war_report_thread_survives_other_whitespace(
    extractor: ArticleExtractor, variant: object
) -> None:
    assert callable(variant)
    article = extractor.from_text(variant(_text("war-report-widget-thread.txt")))
    assert [(c.author, c.depth) for c in article.comments] == _WAR_THREAD
    assert len(_paragraphs(article)) == 4


def test_flat_thread_after_a_plea_is_read_without_depths(extractor: ArticleExtractor) -> None:
    text = _text("war-report-widget-thread.txt")
    story, plea, thread = text.partition(
        "Found this report useful? Please consider supporting our work!"
    )
    flat = "\n".join(line.strip() for line in thread.split("\n"))
    article = extractor.from_text(story + plea + flat)
    assert [c.author for c in article.comments] == [author for author, _ in _WAR_THREAD]
    assert {c.depth for c in article.comments} == {0}
    assert len(_paragraphs(article)) == 4


# --- local news: byline, caption, share box, "12 comments" and "Name says:" -----------------------


@pytest.fixture(scope="module")
def library(extractor: ArticleExtractor) -> Article:
    return extractor.from_text(_text("local-news-says-comments.txt"), url="https://example.org/l")


def test_local_news_metadata(library: Article) -> None:
    assert library.title == "Library reopens after roof repairs, with longer hours at weekends"
    assert library.author == "Harriet Lowe"
    assert library.published == date(2024, 3, 4)
    assert library.url == "https://example.org/l"
    assert library.language == "en"


def test_local_news_body(library: Article) -> None:
    paragraphs = _paragraphs(library)
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("The Millbrook public library reopened on Saturday")
    assert paragraphs[3].endswith("which is expected later this month.")


@pytest.mark.parametrize(
    "clutter",
    [
        "The Millbrook Gazette",
        "Opinion",
        "By Harriet Lowe",
        "March 4, 2024",
        "Photo",
        "Volunteers carry boxes",
        "Share this",
        "Facebook",
        "Like Loading",
        "12 comments",
        "Wonderful news",
        "Leave a Reply",
    ],
)
def test_local_news_body_has_no_clutter_or_comments(library: Article, clutter: str) -> None:
    assert clutter not in library.text


def test_local_news_says_comments(library: Article) -> None:
    assert [(c.author, c.depth, c.text) for c in library.comments] == [
        ("Dora Finch", 0, "Wonderful news. My grandchildren have missed Saturday mornings there."),
        ("Paul Ekwueme", 1, "Thank you, Dora. Story hour returns on March 16."),
        ("Ray Gunderson", 0, "$310,000 for a roof. I would like to see the bids."),
    ]


# --- a clean article comes through unchanged -----------------------------------------------------


def test_clean_article_keeps_every_line(extractor: ArticleExtractor) -> None:
    text = _text("clean-bridge-article.txt")
    headline, _, body = text.partition("\n")
    article = extractor.from_text(text)
    assert article.title == headline == "Council approves new cycle bridge over the Wend"
    assert article.text == body.strip()
    assert article.comments == ()
    assert article.author is None
    assert article.published is None


def test_clean_article_without_headline_is_unchanged(extractor: ArticleExtractor) -> None:
    body = _text("clean-bridge-article.txt").partition("\n")[2].strip()
    article = extractor.from_text(body)
    assert article.title is None
    assert article.text == body


# --- German: widget in euros, "Von" byline, "Foto:", "Kommentare (3)", name over date ------------


@pytest.fixture(scope="module")
def hallenbad(extractor: ArticleExtractor) -> Article:
    return extractor.from_text(_text("de-kreistag-hallenbad.txt"))


def test_german_metadata(hallenbad: Article) -> None:
    assert hallenbad.title == "Kreistag stimmt für neues Hallenbad in Oberried"
    assert hallenbad.author == "Anna Berger"
    assert hallenbad.published == date(2024, 10, 7)
    assert hallenbad.language == "de"


def test_german_body(hallenbad: Article) -> None:
    paragraphs = _paragraphs(hallenbad)
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Der Kreistag hat am Montag mit großer Mehrheit")
    assert (
        paragraphs[3] == "Die Bauarbeiten sollen im Frühjahr 2026 beginnen und zwei Jahre dauern."
    )
    for clutter in ("1.000 €", "Rheintal-Kurier", "Foto", "Jetzt spenden", "Kommentare", "Lukas"):
        assert clutter not in hallenbad.text


def test_german_comments_under_name_and_date(hallenbad: Article) -> None:
    assert [(c.author, c.depth) for c in hallenbad.comments] == [
        ("Markus W.", 0),
        ("Sabine Kern", 0),
        ("Lukas", 0),
    ]
    assert hallenbad.comments[2].text == "Gute Nachricht für die Schulen im Tal."
    assert all("Antworten" not in c.text for c in hallenbad.comments)


# --- other thread shapes and things that are no thread -------------------------------------------

_STORY = (
    "Quarry expansion approved after four-hour hearing\n\n"
    "The county planning board approved the expansion of the Redhill quarry on Thursday after"
    " a long hearing about dust and lorry traffic.\n\n"
    "The operator may extract another 1.2 million tonnes of limestone over fifteen years,"
    " provided it plants a belt of trees along the eastern edge.\n\n"
)


def test_thread_with_names_and_relative_times(extractor: ArticleExtractor) -> None:
    thread = (
        "3 Comments\n\nSort by Newest\n\n"
        "Mabel Ross • 5 years ago\n\nThe lorries already use our lane as a shortcut.\n\n"
        "Reply Share ›\n\n"
        "    Dev Patel → Mabel Ross • 5 years ago\n\n"
        "    The tree belt should help with the dust at least.\n\n"
        "    1 Reply Share ›\n\n"
        "Hank • 4 years ago\n\nGood news for jobs in the valley.\n\nLoad more comments\n"
    )
    article = extractor.from_text(_STORY + thread)
    assert [(c.author, c.depth, c.text) for c in article.comments] == [
        ("Mabel Ross", 0, "The lorries already use our lane as a shortcut."),
        ("Dev Patel", 1, "The tree belt should help with the dust at least."),
        ("Hank", 0, "Good news for jobs in the valley."),
    ]
    assert article.text == _STORY.partition("\n\n")[2].strip()


def test_comment_heading_without_comments_leaves_the_form_out(
    extractor: ArticleExtractor,
) -> None:
    form = "Leave a Reply\n\nYour email address will not be published.\n\nName *\n\nEmail *\n"
    article = extractor.from_text(_STORY + form)
    assert article.comments == ()
    assert article.text == _STORY.partition("\n\n")[2].strip()


@pytest.mark.parametrize(
    "ending",
    [
        # A list in the story with indented notes, and the story goes on after it.
        "The winners were:\n\n  • Anna Berg\n    First in the sprint, her first national title.\n"
        "  • Tom Ek\n    Second after a fall in the heats.\n\n"
        "The team travels to the course a week early to ride the climb several times, the"
        " federation said in a statement on Tuesday.\n",
        # A short list at the margin ends the story.
        "The three streets are named:\n- Station Road\n- Mill Lane\n- Ropewalk\n"
        "The signs will go up in May, once the last houses are finished.\n",
        # One name over a date at the end: the reporter's box, not a thread.
        "Jane Doe\nMarch 3, 2024\nJane Doe covers planning and the environment for the paper.\n",
        # A quotation introduced on a line of its own.
        "The minister said:\nWe will not allow any more quarries in this valley.\n",
    ],
)
def test_story_shapes_that_are_no_thread(extractor: ArticleExtractor, ending: str) -> None:
    article = extractor.from_text(_STORY + ending)
    assert article.comments == ()
    assert article.text == (_STORY.partition("\n\n")[2] + ending).strip()


def test_comment_count_under_the_lead_keeps_the_story(extractor: ArticleExtractor) -> None:
    lead, _, rest = _STORY.partition("\n\n")[2].partition("\n\n")
    more = (
        "Neighbours said they would consider an appeal once the written decision is published"
        " by the board next month.\n\n"
        "The operator said it would plant the trees before any new blasting begins.\n"
    )
    article = extractor.from_text(f"{lead}\n\n12 comments\n\n{rest}{more}")
    assert article.comments == ()
    assert article.text == f"{lead}\n\n{rest}{more}".strip()


def test_question_headline_counts_when_repeated(extractor: ArticleExtractor) -> None:
    headline = "Will the ferry run again next summer?"
    body = "The county board will decide on the new contract for the island ferry on Tuesday."
    article = extractor.from_text(f"{headline}\n\n{headline}\n\n{body}")
    assert article.title == headline
    assert article.text == body
    assert extractor.from_text(f"{headline}\n\n{body}").title is None


def test_text_of_clutter_only_raises(extractor: ArticleExtractor) -> None:
    with pytest.raises(ExtractionError) as caught:
        extractor.from_text(
            "0 $\n2,500 $\n\nIllustrative image\n\nPlease consider supporting our newsroom."
        )
    assert caught.value.reason is FailureReason.EMPTY


# --- the page around the headline ----------------------------------------------------------------

_BODY = (
    "The harbour council postponed its vote on the new ferry terminal on Monday after two"
    " members asked for a second traffic study.\n\n"
    "Council chair Ilse Brandt said the delay would cost about six weeks but would not put the"
    " grant at risk."
)


@pytest.mark.parametrize(
    ("top", "author", "published"),
    [
        ("Posted by Maren Holt on 4 March 2024 in Harbour", "Maren Holt", date(2024, 3, 4)),
        ("March 4, 2024 by Harbour Desk", "Harbour Desk", date(2024, 3, 4)),
        ("By Maren Holt, harbour reporter | 04.03.2024, 09:15", "Maren Holt", date(2024, 3, 4)),
        ("By Levant Wire staff · 4 March 2024", "Levant Wire", date(2024, 3, 4)),
        ("Maren Holt\nMarch 4, 2024", "Maren Holt", date(2024, 3, 4)),
        ("harbour_watch March 4, 2024, 7:21pm", "harbour_watch", date(2024, 3, 4)),
    ],
)
def test_site_furniture_above_the_headline_and_bylines_below(
    extractor: ArticleExtractor, top: str, author: str, published: date
) -> None:
    text = (
        "Skip to content\n\nThe Coastal Courier\n\n  • News\n  • Sport\n  • Opinion\n\n"
        "Local Government\n\n"
        f"Harbour council delays vote on new ferry terminal\n\n{top}\n\n{_BODY}\n"
    )
    article = extractor.from_text(text)
    assert article.title == "Harbour council delays vote on new ferry terminal"
    assert article.author == author
    assert article.published == published
    assert article.text == _BODY


def test_standfirst_stays_in_the_body(extractor: ArticleExtractor) -> None:
    standfirst = (
        "Two members want a second traffic study of the waterfront road before the council"
        " commits to the new terminal"
    )
    text = f"Harbour council delays vote on new ferry terminal\n\n{standfirst}\n\n{_BODY}"
    article = extractor.from_text(text)
    assert article.title == "Harbour council delays vote on new ferry terminal"
    assert article.text == f"{standfirst}\n\n{_BODY}"


def test_embedded_post_leftovers_leave_the_body(extractor: ArticleExtractor) -> None:
    embed = (
        "Ferry delays again this morning, third time this week.\n"
        "— Harbour Watch (@harbour_watch) March 4, 2024\n"
        "https://example.org/ferry-timetable\n"
    )
    first, _, second = _BODY.partition("\n\n")
    article = extractor.from_text(f"{first}\n\n{embed}\n{second}")
    assert "@harbour_watch" not in article.text
    assert "https://" not in article.text
    assert "Ferry delays again this morning, third time this week." in article.text


def test_section_heading_that_names_no_thread_stays(extractor: ArticleExtractor) -> None:
    body = (
        "Researchers counted nests in 400 roofs across the old town last summer and found a"
        " third fewer than a decade ago, the university said on Monday.\n\n"
        "Discussion\n\n"
        "The authors think renovation is the main cause, since new insulation closes the gaps"
        " under the eaves."
    )
    article = extractor.from_text(f"Study finds fewer swifts nesting in old town roofs\n\n{body}")
    assert article.text == body
    assert article.comments == ()
