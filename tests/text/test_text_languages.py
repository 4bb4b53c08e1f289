"""Language identification and model names."""

import pytest

from bot.text import SUPPORTED_LANGUAGES, detect_language, language_name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The dockers walked out on Monday after the talks over night shifts collapsed.", "en"),
        (
            "Die Hafenarbeiter legten am Montag die Arbeit nieder, die Gespräche sind gescheitert.",
            "de",
        ),
        ("Les dockers ont cessé le travail lundi après l'échec des négociations salariales.", "fr"),
        (
            "Los estibadores dejaron de trabajar el lunes tras el fracaso de las negociaciones.",
            "es",
        ),
    ],
)
def test_detects_the_language_of_a_news_sentence(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_too_little_text_is_not_guessed() -> None:
    assert detect_language("ok") is None
    assert detect_language("   ") is None


@pytest.mark.parametrize(
    ("code", "name"),
    [("en", "english"), ("DE", "german"), ("pt-BR", "portuguese"), ("nl", "dutch"), ("ru", None)],
)
def test_language_name(code: str, name: str | None) -> None:
    assert language_name(code) == name


def test_language_name_of_nothing_is_nothing() -> None:
    assert language_name(None) is None


def test_seven_languages_are_supported() -> None:
    assert set(SUPPORTED_LANGUAGES) == {"en", "de", "fr", "es", "it", "pt", "nl"}
