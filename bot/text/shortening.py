"""Cutting text to a length the way a reader expects: at a word, marked with an ellipsis."""

from __future__ import annotations

from typing import Final

_DANGLING: Final = " ,;:-–—"  # left at the cut, these read as a sentence broken off mid-way


def shorten(text: str, limit: int) -> str:
    """Return text cut to at most `limit` characters at a word break, ending in "…"."""
    text = text.strip()
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    at = head.rfind(" ")
    if at > limit // 2:
        head = head[:at]
    return head.rstrip(_DANGLING) + "…"
