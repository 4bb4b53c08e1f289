"""The rules that keep clutter, captions, bylines and fragments out of summaries."""

import pytest

from bot.summarize._filters import Rejection, conversational_rejection, rejection


def _words(sentence: str) -> int:
    return len(sentence.split())


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("Click here to subscribe to our daily briefing.", Rejection.BOILERPLATE),
        ("Read more: Five things to know about the port sale.", Rejection.BOILERPLATE),
        ("Do you like this content? Consider helping us!", Rejection.BOILERPLATE),
        ("Lesen Sie auch: Was der Teilverkauf des Hafens bedeutet.", Rejection.BOILERPLATE),
        ("© 2024 Tidewire Media. All rights reserved.", Rejection.BOILERPLATE),
        ("Illustrative image", Rejection.CAPTION),
        ("Photo: Cranes stand idle at the port on Monday.", Rejection.CAPTION),
        ("The cranes stood idle all day (Photo by Ana Lima/Tidewire).", Rejection.CAPTION),
        ("By Maria Keller and Tom Reyes | Updated: 14:05 GMT", Rejection.BYLINE),
        ("Von Jana Berger, Hamburg", Rejection.BYLINE),
        ("Reporting by Ana Lima; Editing by Tom Reyes.", Rejection.BYLINE),
        ("HARBOURTON, March 3 (Tidewire) -", Rejection.DATELINE),
        ("Tuesday, 6 October 2018, 14:05 GMT.", Rejection.DATELINE),
        ("What do you think about the strike?", Rejection.QUESTION),
        ("Send your pictures to news@example.org before Friday night.", Rejection.LINK),
        ("THE PORT WILL STAY CLOSED UNTIL FURTHER NOTICE.", Rejection.SHOUTING),
        ("and then the workers went home for the night.", Rejection.FRAGMENT),
        ("Cranes stand idle at the Harbourton container port on Monday", Rejection.FRAGMENT),
        ("The talks failed.", Rejection.SHORT),
    ],
)
def test_clutter_is_rejected(sentence: str, reason: Rejection) -> None:
    assert rejection(sentence, _words(sentence)) == reason


@pytest.mark.parametrize(
    "sentence",
    [
        "By Tuesday, ministers had agreed to reopen the talks with the union.",
        "LONDON, the capital, was quiet on Sunday after the storm had passed.",
        "iPhone sales rose by a fifth in the three months to June, the company said.",
        '"We have waited eighteen months for a fair offer," Duarte told reporters.',
        "The report, published on March 5, found that waiting times had doubled.",
    ],
)
def test_ordinary_sentences_pass(sentence: str) -> None:
    assert rejection(sentence, _words(sentence)) is None


def test_overlong_sentences_pass_only_when_relaxed() -> None:
    sentence = "Words " + " ".join(["and words"] * 35) + "."

    assert rejection(sentence, 71) == Rejection.LONG
    assert rejection(sentence, 71, relaxed=True) is None


def test_chat_sentences_need_no_full_stop() -> None:
    assert conversational_rejection("the night shifts are the real issue", 7) is None
    assert conversational_rejection("anyone seen the port story?", 5) == Rejection.QUESTION
    assert conversational_rejection("see https://example.org/port", 3) == Rejection.LINK
