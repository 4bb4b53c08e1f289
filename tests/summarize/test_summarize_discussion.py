"""Digests of comment threads and chat conversations."""

import pytest

from bot.core.model import Comment
from bot.summarize import NewsSummarizer, summarize_conversation

THREAD = (
    Comment(
        "The ceasefire between HTS and the NFL was never going to hold, both sides just needed "
        "time to regroup.",
        "Marek",
        0,
    ),
    Comment("what planet do you live on?", "Hawk", 1),
    Comment("You idiot. Stop posting.", "hawk ", 2),
    Comment(
        "Agreed, the truce was a pause and nothing more. Both groups were rearming the whole time.",
        None,
        1,
    ),
    Comment(
        "Turkey backs the NFL and will not let HTS take the western Aleppo countryside without "
        "a fight.",
        "Lena",
        0,
    ),
    Comment(
        "Ankara will step in if HTS pushes further into western Aleppo, it has too much invested "
        "in the NFL.",
        "Omar",
        1,
    ),
    Comment("Civilians always pay the price when these factions fight each other.", None, 0),
    Comment(
        "The real losers are the villagers of Kafr Nouran and Mizanaz, civilians pay for every "
        "round of fighting.",
        "Dana",
        0,
    ),
    Comment("Read the full analysis at https://example.org/analysis today", "Linkbot", 0),
    Comment("   ", "Ghost", 0),
)


@pytest.fixture(scope="module")
def summarizer() -> NewsSummarizer:
    return NewsSummarizer()


def test_no_comments_means_no_discussion(summarizer: NewsSummarizer) -> None:
    assert summarizer.discuss([]) is None
    assert summarizer.discuss([Comment(""), Comment("  \n")]) is None


def test_counts_comments_and_participants(summarizer: NewsSummarizer) -> None:
    discussion = summarizer.discuss(THREAD)

    assert discussion is not None
    assert discussion.comment_count == 9  # the blank one is not a comment
    # Marek, Hawk (twice, however spelt), Lena, Omar, Dana, Linkbot, and the anonymous ones.
    assert discussion.participant_count == 7


def test_points_are_distinct_sentences_from_the_comments(summarizer: NewsSummarizer) -> None:
    discussion = summarizer.discuss(THREAD)

    assert discussion is not None
    assert 2 <= len(discussion.points) <= 3
    assert len(set(discussion.points)) == len(discussion.points)
    texts = [c.text for c in THREAD]
    assert all(any(point in text for text in texts) for point in discussion.points)


def test_points_skip_insults_questions_and_links(summarizer: NewsSummarizer) -> None:
    discussion = summarizer.discuss(THREAD)

    assert discussion is not None
    joined = " ".join(discussion.points)
    assert "idiot" not in joined
    assert "?" not in joined
    assert "https://" not in joined


def test_the_point_most_made_comes_first(summarizer: NewsSummarizer) -> None:
    comments = [
        Comment("The new tram line will cut the trip to the airport to twenty minutes.", "a"),
        Comment("I love the colour they picked for the trams, very cheerful.", "b"),
        Comment("Twenty minutes to the airport by tram is a huge improvement over the bus.", "c"),
        Comment("Finally a quick trip to the airport, the tram line is worth the wait.", "d"),
        Comment("Parking near the stations will be a problem for people in the suburbs.", "e"),
    ]

    discussion = summarizer.discuss(comments)

    assert discussion is not None
    assert "airport" in discussion.points[0]
    assert sum("airport" in point for point in discussion.points) == 1


def test_a_single_comment_gives_at_most_one_point(summarizer: NewsSummarizer) -> None:
    comment = Comment(
        "The council should have asked the residents first. The plan ignores the flooding.", "x"
    )

    discussion = summarizer.discuss([comment])

    assert discussion is not None
    assert (discussion.comment_count, discussion.participant_count) == (1, 1)
    assert len(discussion.points) == 1


CHAT = [
    ("ana", "!summarize"),
    ("ben", "Did anyone read the port strike story?"),
    ("ana", "Yes, the dockers walked out because the night shift plan came without extra pay."),
    ("carl", "The unpaid night shifts are the real issue here, much more than the wage rise."),
    ("ben", "lol"),
    ("dora", "Shops are already worried about fruit running out if the strike lasts a week."),
    ("carl", "If it lasts a week the shelves will be empty, the retailers said so themselves."),
    ("ana", "https://example.org/port-strike"),
    ("ben", "I think mediation is the only way out, the minister is right about that."),
    ("dora", "ok"),
]


def test_conversation_points_come_from_messages_in_order() -> None:
    points = summarize_conversation(CHAT)

    assert 1 <= len(points) <= 5
    texts = [text for _, text in CHAT]
    where = [next(i for i, text in enumerate(texts) if point in text) for point in points]
    assert where == sorted(where)
    assert len(set(points)) == len(points)


def test_conversation_skips_commands_links_and_chatter() -> None:
    points = summarize_conversation(CHAT)

    assert points
    assert not [p for p in points if p.startswith("!") or "https://" in p or p in {"lol", "ok"}]
    assert not [p for p in points if p.endswith("?")]


def test_an_empty_conversation_has_no_points(summarizer: NewsSummarizer) -> None:
    assert summarize_conversation([]) == ()
    assert summarizer.summarize_conversation([("ana", "  ")]) == ()


def test_a_huge_thread_is_judged_on_its_first_sentences(pairwise_sizes):
    comments = [
        Comment(author=f"reader{n}", text=f"Item {n} matters to the harbour. The board should act.")
        for n in range(2000)
    ]
    digest = NewsSummarizer().discuss(comments)
    assert digest is not None
    assert digest.comment_count == 2000  # every comment is still counted
    assert pairwise_sizes == [1500]
