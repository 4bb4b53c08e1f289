"""Language-aware text helpers shared by the parts that read article text."""

from bot.text.languages import SUPPORTED_LANGUAGES, detect_language, language_name
from bot.text.sentences import split_paragraphs, split_sentences

__all__ = [
    "SUPPORTED_LANGUAGES",
    "detect_language",
    "language_name",
    "split_paragraphs",
    "split_sentences",
]
