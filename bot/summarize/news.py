"""Extractive news summaries: lead prior, graph centrality, redundancy control, clutter filters."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from bot.core.model import Comment, Discussion, Summary
from bot.summarize._document import build_document, to_terms, word_count
from bot.summarize._filters import Rejection, rejection
from bot.summarize._lexicon import Lexicon, lexicon_for
from bot.summarize._ranking import FloatArray, forward_centrality, select, similarity_matrix
from bot.summarize.discussion import digest_comments, summarize_conversation
from bot.text import SUPPORTED_LANGUAGES, detect_language

logger = logging.getLogger(__name__)

# Ranking compares every sentence with every other (n² memory): past this many, only the first
# ones are ranked. A news story's summary lies near its top; a 5 MB page must not exhaust memory.
_MAX_SENTENCES: Final = 1500
_QUOTE_OPENERS: Final = frozenset("\"'“”‘’«»„‚‹›「『")
_NORMALISE: Final = re.compile(r"[\W_]+")
_CLUTTER: Final = frozenset(
    {Rejection.BOILERPLATE, Rejection.CAPTION, Rejection.BYLINE, Rejection.DATELINE, Rejection.LINK}
)


@dataclass(frozen=True, slots=True)
class _Weights:
    """How much each signal counts; the defaults suit news, where the point comes first."""

    position: float = 0.6
    lead_decay: float = 3.0
    ideal_min_words: int = 10
    ideal_max_words: int = 35
    quote: float = 0.75
    opener: float = 0.8
    max_overlap: float = 0.5
    redundancy: float = 0.3


@dataclass(frozen=True, slots=True)
class _Sentence:
    text: str
    index: int
    words: int
    terms: tuple[str, ...]


def _language_code(language: str | None) -> str | None:
    if language is None:
        return None
    cleaned = language.strip().lower()
    if cleaned in SUPPORTED_LANGUAGES.values():
        return next(code for code, name in SUPPORTED_LANGUAGES.items() if name == cleaned)
    code = cleaned.replace("_", "-").split("-")[0]
    return code or None


def _sentences(text: str, language: str | None, lexicon: Lexicon) -> list[_Sentence]:
    document = build_document(text, language)
    return [
        _Sentence(
            text=str(sentence),
            index=index,
            words=word_count(str(sentence), sentence.words),
            terms=tuple(to_terms(sentence.words, lexicon)),
        )
        for index, sentence in enumerate(document.sentences)
    ]


def _summary_length(sentence_count: int, words: int) -> int:
    if sentence_count <= 5:
        # Never pad: a very short text gets a summary shorter than itself.
        return max(1, (sentence_count + 1) // 2)
    if words < 1000:
        return 3
    if words < 2500:
        return 4
    return 5


def _length_prior(words: FloatArray, weights: _Weights) -> FloatArray:
    short = np.minimum(1.0, words / weights.ideal_min_words)
    long = np.minimum(1.0, weights.ideal_max_words / np.maximum(words, 1.0))
    prior: FloatArray = np.sqrt(short * long)
    return prior


class NewsSummarizer:
    """Summarise news articles by picking their key sentences, verbatim and in order."""

    def __init__(self) -> None:
        self._weights = _Weights()

    def summarize(self, text: str, *, language: str | None = None) -> Summary:
        """Pick the article's key sentences, in the article's order."""
        code = _language_code(language) or detect_language(text)
        lexicon = lexicon_for(code)
        sentences = _sentences(text, code, lexicon)[:_MAX_SENTENCES]
        if not sentences:
            return Summary((), language=code)
        chosen = sorted(_rank(sentences, lexicon, self._weights))
        logger.debug("summarised language=%s sentences=%d chosen=%s", code, len(sentences), chosen)
        return Summary(tuple(sentences[i].text for i in chosen), language=code)

    def discuss(self, comments: Sequence[Comment]) -> Discussion | None:
        """Digest a comment thread, or return None when there is nothing to digest."""
        return digest_comments(comments)

    def summarize_conversation(self, messages: Sequence[tuple[str, str]]) -> tuple[str, ...]:
        """Return the main points of a chat conversation given as (author, text) pairs."""
        return summarize_conversation(messages)


def _repeats(sentences: Sequence[_Sentence]) -> set[int]:
    seen: set[str] = set()
    repeats = set()
    for sentence in sentences:
        key = _NORMALISE.sub(" ", sentence.text.casefold()).strip()
        if key in seen:
            repeats.add(sentence.index)
        seen.add(key)
    return repeats


def _rank(sentences: Sequence[_Sentence], lexicon: Lexicon, weights: _Weights) -> list[int]:
    verdicts = [rejection(s.text, s.words) for s in sentences]
    repeats = _repeats(sentences)
    candidates = [i for i, v in enumerate(verdicts) if v is None and i not in repeats]
    if not candidates:
        candidates = [
            s.index
            for s in sentences
            if s.index not in repeats and rejection(s.text, s.words, relaxed=True) is None
        ]
    if not candidates:
        return []
    count = _summary_length(len(sentences), sum(s.words for s in sentences))
    similarity = similarity_matrix([s.terms for s in sentences])
    # A pull quote printed twice is layout, not emphasis: only its first copy joins the graph.
    repeated = np.zeros(len(sentences), dtype=bool)
    repeated[list(repeats)] = True
    centrality = forward_centrality(
        np.where(repeated[:, None] | repeated[None, :], 0.0, similarity)
    )
    # The lead is the first sentence of the story proper, below any byline, dateline or caption.
    start = next((i for i, v in enumerate(verdicts) if v not in _CLUTTER), 0)
    position = np.maximum(np.arange(len(sentences)) - start, 0)
    words = np.array([s.words for s in sentences], dtype=np.float64)
    scores = (
        weights.position / (1.0 + position / weights.lead_decay)
        + (1.0 - weights.position) * centrality
    ) * _length_prior(words, weights)
    for s in sentences:
        if s.text[:1] in _QUOTE_OPENERS:
            scores[s.index] *= weights.quote
        first = s.text.split(maxsplit=1)[0].strip(",.;:").casefold() if s.text else ""
        if first in lexicon.openers:
            scores[s.index] *= weights.opener
    return select(
        scores,
        similarity,
        candidates,
        count=count,
        max_overlap=weights.max_overlap,
        redundancy_weight=weights.redundancy,
    )
