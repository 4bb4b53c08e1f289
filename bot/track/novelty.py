"""What a follow-up story adds to the one a room saw before."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

_WORD: Final = re.compile(r"\w+")
_COVERED: Final = 0.6  # share of a sentence's content words the earlier story already had
_MIN_WORD: Final = 4  # shorter words are mostly function words in the supported languages


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= _MIN_WORD or w.isdigit()}


def new_sentences(sentences: Sequence[str], earlier: str) -> tuple[str, ...]:
    """Return the sentences whose content the earlier text does not already hold."""
    known = _content_words(earlier)
    fresh: list[str] = []
    for sentence in sentences:
        words = _content_words(sentence)
        if not words:
            continue
        covered = len(words & known) / len(words)
        if covered < _COVERED:
            fresh.append(sentence)
            known |= words  # two new sentences saying the same thing count once
    return tuple(fresh)
