import pytest

from bot.track.matching import ActorMatcher, is_acronym, passes_keywords

HTS, ZENKI, APPLE, BANK = 1, 2, 3, 4


@pytest.fixture
def matcher() -> ActorMatcher:
    return ActorMatcher(
        [
            (HTS, "Hay'at Tahrir al-Sham"),
            (HTS, "HTS"),
            (ZENKI, "Nour al-Din al-Zenki Movement"),
            (ZENKI, "al-Zenki"),
            (APPLE, "Apple"),
            (BANK, "european central bank"),
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HTS's fighters entered the town", {HTS}),
        ("Hay’at Tahrir al-Sham denied the report", {HTS}),
        ("Clashes between HTS and al-Zenki resumed", {HTS, ZENKI}),
        ("the Nour al-Din al-Zenki Movement said", {ZENKI}),
        ("hts-style acronyms in lower case are not the group", set()),
        ("HTSX is a different word", set()),
        ("an apple a day", set()),
        ("Apple shares rose", {APPLE}),
        ("The European Central Bank held rates", {BANK}),
        ("", set()),
    ],
)
def test_find(matcher, text, expected):
    assert matcher.find(text) == expected


def test_empty_matcher_is_falsy():
    assert not ActorMatcher([])
    assert ActorMatcher([(1, "HTS")])


@pytest.mark.parametrize(("name", "acronym"), [("HTS", True), ("U.N.", True), ("Hamas", False)])
def test_is_acronym(name, acronym):
    assert is_acronym(name) is acronym


def test_keywords():
    text = "HTS fighters seized two villages near Aleppo"
    assert passes_keywords(text, include=[], exclude=[])
    assert passes_keywords(text, include=["aleppo", "idlib"], exclude=[])
    assert not passes_keywords(text, include=["idlib"], exclude=[])
    assert not passes_keywords(text, include=[], exclude=["villages"])
    assert passes_keywords(text, include=["two villages"], exclude=["village"])
