"""Calls to action dropped from article text, and plain text wrapped as an article."""

from __future__ import annotations

import pytest
from lxml import html

from bot.core.errors import ExtractionError, FailureReason
from bot.extract import ArticleExtractor
from bot.extract._cleanup import (
    drop_call_boxes,
    drop_calls_to_action,
    drop_headline,
    is_call_to_action,
)


@pytest.mark.parametrize(
    "line",
    [
        "Do you like this content? Consider helping us!",
        "Consider supporting our newsroom with a monthly gift.",
        "Support independent journalism today.",
        "Please donate now to keep our reporting free.",
        "Become a member and get early access.",
        "Subscribe to our newsletter for the morning briefing.",
        "Sign up for our daily newsletter.",
        "Share this:",
        "Share",
        "Twitter Facebook Email",
        "Illustrative image",
        "0 $ 2,500 $ 5,000 $",
        "€ 1.000 € 5.000",
        "Follow us on Telegram for live updates.",
        "Related: Five things to know about the vote",
        "Read more: Council delays the library renovation",
        "© 2024 The Riverton Ledger. All rights reserved.",
        "12 comments",
        "Leave a comment",
        "Jetzt spenden und unabhängigen Journalismus sichern",
        "Advertisement",
        "Like this story? Share it with a friend!",
        "2,500 $",
        "€ 1,000",
        "2 500 €",
        "$2,680 raised of $5,000 goal (54%)",
        "Photo: Jane Doe/AP",
        "Image credit Reuters",
        "(Image credit: All About Space)",
        "Foto: dpa",
        "Symbolbild",
        "Residents fill the chamber for the hearing. (Ledger file photo)",
        "Rescue workers at the scene (Photo: AFP)",
        "Click to see the full-size image",
        "Skip to content",
        "Tags: Syria, HTS",
        "Posted in Syria Tagged Aleppo, HTS",
        "Previous: Talks on the buffer zone stall again",
        "Like Loading...",
    ],
)
def test_calls_to_action_are_recognised(line: str) -> None:
    assert is_call_to_action(line)


@pytest.mark.parametrize(
    "line",
    [
        "The charity said donations rose by 20 percent after the appeal.",
        "Residents were asked to share their views at Monday's hearing.",
        "The company will support the project with 2 million euros.",
        "The council paid 2,500 $ in fees, the auditor said, and 5,000 $ more in penalties.",
        "More than 300 people attended the meeting.",
        "Related charges were dropped in March, prosecutors said.",
        "Images of the crash spread quickly on social media.",
        "Picture this: a town centre without a single parked car.",
        "Photographs were taken by the police, she said.",
        "The fund raised $2,500 in a week.",
        "2018 42 $",
        "Readers who subscribe to the theory that the bridge is safe should read the report,"
        " which lists forty-one defects in its piers, bearings and railings, and warns that"
        " several of them could worsen quickly in a hard winter; the engineers who wrote it"
        " urged the county to close the bridge to lorries until the repairs are finished.",
    ],
)
def test_story_sentences_are_kept(line: str) -> None:
    assert not is_call_to_action(line)


def test_other_stories_after_a_closing_heading_are_dropped() -> None:
    text = "\n".join(
        [
            "First paragraph of the story, long enough to be a real paragraph.",
            "Second paragraph of the story.",
            "Third paragraph of the story.",
            "You may also like:",
            "A teaser for another story",
            "Another teaser",
        ]
    )
    assert drop_calls_to_action(text).split("\n") == [
        "First paragraph of the story, long enough to be a real paragraph.",
        "Second paragraph of the story.",
        "Third paragraph of the story.",
    ]


def test_headline_repeated_as_first_line_is_dropped() -> None:
    text = "Ferry Service Resumes In May\nThe ferry will run again."
    assert drop_headline(text, "Ferry service resumes in May") == "The ferry will run again."
    assert drop_headline(text, "Something else") == text
    assert drop_headline(text, None) == text


# --- from_text ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor() -> ArticleExtractor:
    return ArticleExtractor()


def test_from_text_takes_the_headline_out_and_keeps_story_lines(
    extractor: ArticleExtractor,
) -> None:
    body = (
        "The passenger ferry will start running again next May. Consider helping us!\n\n"
        "The county board voted 5 to 0 on Tuesday."
    )
    text = f"Ferry service to Gull Island to resume in May\n\n{body}"
    article = extractor.from_text(text, url="https://example.org/ferry")
    assert article.title == "Ferry service to Gull Island to resume in May"
    # A plea that shares its line with a story sentence leaves the line alone.
    assert article.text == body
    assert article.url == "https://example.org/ferry"
    assert article.language == "en"
    assert article.comments == ()


@pytest.mark.parametrize(
    "text",
    [
        "The passenger ferry will start running again next May, the county board said on Tuesday.",
        "The board met on Tuesday.\nIt voted 5 to 0 for the new contract with the operator.",
        "A very long first line that goes on and on " * 5 + "\nand a second line.",
    ],
)
def test_from_text_without_a_headline(extractor: ArticleExtractor, text: str) -> None:
    assert extractor.from_text(text).title is None


def test_from_text_detects_german(extractor: ArticleExtractor) -> None:
    text = (
        "Der Landtag hat am Freitag den Doppelhaushalt für die Jahre 2025 und 2026 beschlossen. "
        "Die Opposition kritisiert die geplanten Kredite und prüft eine Klage."
    )
    assert extractor.from_text(text).language == "de"


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_from_text_rejects_blank_text(extractor: ArticleExtractor, text: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extractor.from_text(text)
    assert caught.value.reason is FailureReason.EMPTY


def test_a_dropped_newsletter_box_keeps_the_story_text_after_it() -> None:
    story = "The ferry to the islands resumes on Monday after three weeks of repairs. " * 12
    tree = html.fromstring(
        f"<html><body><article><p>{story}</p>"
        '<div class="signup"><p>Get our newsletter every morning.</p>'
        '<input type="email"><button>Sign up</button></div>'
        "Fares stay the same until April.</article></body></html>"
    )
    assert drop_call_boxes(tree) == 1
    text = tree.text_content()
    assert "newsletter" not in text
    assert "Fares stay the same until April." in text
