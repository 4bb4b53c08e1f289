"""Offline sentence and paragraph splitting."""

import pytest

from bot.text import split_paragraphs, split_sentences


def test_paragraphs_split_on_blank_lines_and_collapse_spaces() -> None:
    text = "First  paragraph\nstill the first.\n\n  Second one.  \n\n\n- a bullet\n- another"

    assert split_paragraphs(text) == [
        "First paragraph still the first.",
        "Second one.",
        "- a bullet",
        "- another",
    ]


def test_single_newlines_split_when_there_are_no_blank_lines() -> None:
    assert split_paragraphs("Title\nBody text here.\n") == ["Title", "Body text here."]


def test_a_paragraph_always_ends_a_sentence() -> None:
    text = "Illustrative image\n\nThe talks failed on Monday. Both sides blamed each other."

    assert split_sentences(text) == [
        "Illustrative image",
        "The talks failed on Monday.",
        "Both sides blamed each other.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Smith met Mr. Jones at 5 p.m. on Friday. They talked.",
            ["Dr. Smith met Mr. Jones at 5 p.m. on Friday.", "They talked."],
        ),
        (
            "“Why now?” she asked. “Go!” he shouted, and ran.",
            ["“Why now?” she asked.", "“Go!” he shouted, and ran."],
        ),
        (
            "Blues legend B.B. King was taken to hospital. He is recovering.",
            ["Blues legend B.B. King was taken to hospital.", "He is recovering."],
        ),
        (
            "He moved to the U.S. He then found work there.",
            ["He moved to the U.S.", "He then found work there."],
        ),
        (
            "Sales of the iPhone rose. iPhone buyers were younger.",
            ["Sales of the iPhone rose.", "iPhone buyers were younger."],
        ),
    ],
)
def test_english_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text, "en") == expected


def test_german_abbreviations_and_closing_quotes() -> None:
    text = "Das gilt z. B. für Nachtarbeit. Er sagte: „Wir sind fertig.“ Dann ging er."

    assert split_sentences(text, "de") == [
        "Das gilt z. B. für Nachtarbeit.",
        "Er sagte: „Wir sind fertig.“",
        "Dann ging er.",
    ]


def test_languages_without_summaries_still_split_by_their_own_rules() -> None:
    assert split_sentences("工人停止工作。这是第一次罢工！工会表示满意。", "zh") == [
        "工人停止工作。",
        "这是第一次罢工！",
        "工会表示满意。",
    ]
    russian = split_sentences("Рабочие прекратили работу. Это первая забастовка.", "ru")
    assert russian == ["Рабочие прекратили работу.", "Это первая забастовка."]


def test_unknown_or_missing_language_falls_back_to_english() -> None:
    text = "The vote was close. It passed."

    assert (
        split_sentences(text, None)
        == split_sentences(text, "xx")
        == [
            "The vote was close.",
            "It passed.",
        ]
    )


def test_sentences_are_verbatim_slices_of_the_paragraph() -> None:
    text = "He said: “I am done.” Then he left.  Nobody followed (not even Ann). The end!"
    flat = " ".join(text.split())

    assert all(sentence in flat for sentence in split_sentences(text))
    assert split_sentences("") == []


def test_french_guillemets_stay_with_their_quotation() -> None:
    text = "Le ministre a parlé. « Nous sommes prêts », a-t-il dit. « Fin. » Puis il est parti."

    assert split_sentences(text, "fr") == [
        "Le ministre a parlé.",
        "« Nous sommes prêts », a-t-il dit.",
        "« Fin. »",
        "Puis il est parti.",
    ]
