"""Language-aware text helpers shared by the parts that read article text."""

from bot.text.languages import SUPPORTED_LANGUAGES, detect_language, language_name
from bot.text.sentences import split_paragraphs, split_sentences
from bot.text.shortening import shorten

__all__ = [
    "SUPPORTED_LANGUAGES",
    "detect_language",
    "language_name",
    "shorten",
    "split_paragraphs",
    "split_sentences",
]
