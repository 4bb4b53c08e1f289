"""Digests of comment threads and chat conversations: the points most made, once each."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np

from bot.core.model import Comment, Discussion
from bot.summarize._document import WordTokenizer, to_terms, word_count
from bot.summarize._filters import conversational_rejection
from bot.summarize._lexicon import lexicon_for, word_set
from bot.summarize._ranking import overlap_matrix, select, similarity_matrix
from bot.text import detect_language, split_sentences

logger = logging.getLogger(__name__)

# Points are found by comparing every sentence with every other (n² memory); a thread longer
# than this many sentences is judged on its first ones.
_MAX_PIECES: Final = 1500
_MIN_WORDS: Final = 5
_COMMENT_MAX_WORDS: Final = 30
_CHAT_MAX_WORDS: Final = 40
_MAX_OVERLAP: Final = 0.4
_REDUNDANCY: Final = 0.5
_MAX_CONVERSATION_POINTS: Final = 5
_MESSAGES_PER_POINT: Final = 4
# A sentence this short that calls names is an insult, not a point.
_INSULT_MAX_WORDS: Final = 12
_INSULTS: Final = word_set(
    """
    idiot idiots idiotic moron morons moronic stupid stupidity dumb dumber dumbest fool fools
    clown clowns loser losers troll trolls shill shills liar liars pathetic scum garbage trash
    imbecile imbeciles cretin cretins jerk jerks bastard bastards crap bullshit shit fuck fucking
    wtf lol lmao rofl hypocrite hypocrites coward cowards brainwashed
    dumm dummkopf vollidiot blödsinn schwachsinn trottel
    imbécile crétin connard stupide abruti
    idiota idiotas estúpido imbécil tonto
    stupido cretino scemo
    idioot sukkel
    """
)
_COMMAND: Final = re.compile(r"^\s*[!/][^\W\d_]")
_SAMPLE_CHARS: Final = 4000
_TOKENIZER: Final = WordTokenizer()


@dataclass(frozen=True, slots=True)
class _Piece:
    text: str
    message: int
    words: int
    terms: tuple[str, ...]
    candidate: bool


def _is_insult(words: Sequence[str], count: int) -> bool:
    return count <= _INSULT_MAX_WORDS and any(w.casefold() in _INSULTS for w in words)


def _pieces(texts: Sequence[str], *, max_words: int) -> list[_Piece]:
    sample = " ".join(texts)[:_SAMPLE_CHARS]
    code = detect_language(sample)
    lexicon = lexicon_for(code)
    pieces = []
    for number, text in enumerate(texts):
        if _COMMAND.match(text):
            continue
        for sentence in split_sentences(text, code):
            words = _TOKENIZER.to_words(sentence)
            count = word_count(sentence, words)
            candidate = (
                _MIN_WORDS <= count <= max_words
                and conversational_rejection(sentence, count) is None
                and not _is_insult(words, count)
            )
            terms = tuple(to_terms(words, lexicon))
            pieces.append(_Piece(sentence, number, count, terms, candidate))
    return pieces


def _points(texts: Sequence[str], *, count: int, max_words: int) -> list[_Piece]:
    """Return the sentences that most messages echo, strongest first, without repeats."""
    pieces = _pieces(texts, max_words=max_words)[:_MAX_PIECES]
    candidates = [i for i, piece in enumerate(pieces) if piece.candidate]
    if not candidates or count < 1:
        return []
    similarity = similarity_matrix([p.terms for p in pieces])
    message = np.array([p.message for p in pieces])
    starts = np.flatnonzero(np.r_[True, message[1:] != message[:-1]])
    # Support: how closely each other message echoes the sentence (its best match there).
    echo = np.maximum.reduceat(similarity, starts, axis=1)
    own = message[:, None] == message[starts][None, :]
    support = np.where(own, 0.0, echo).sum(axis=1)
    words = np.array([p.words for p in pieces], dtype=np.float64)
    # Ties (no echo at all) go to fuller, earlier sentences.
    brevity = np.minimum(1.0, words / 10.0) * np.minimum(1.0, 25.0 / np.maximum(words, 1.0))
    order = np.arange(len(pieces)) / max(len(pieces), 1)
    scores = support + 0.05 * brevity - 0.01 * order
    # IDF plays down the very words two comments making one point share, so repeats are judged
    # on plain shared terms; and one point per message: a long comment must not speak for all.
    same_message = (message[:, None] == message[None, :]).astype(np.float64)
    distinct = np.maximum(overlap_matrix([p.terms for p in pieces]), same_message)
    chosen = select(
        scores,
        distinct,
        candidates,
        count=count,
        max_overlap=_MAX_OVERLAP,
        redundancy_weight=_REDUNDANCY,
    )
    return [pieces[i] for i in chosen]


def digest_comments(comments: Sequence[Comment]) -> Discussion | None:
    """Count a thread's comments and participants and find its two or three main points."""
    written = [c for c in comments if c.text.strip()]
    if not written:
        return None
    authors = {c.author.strip().casefold() for c in written if c.author and c.author.strip()}
    anonymous = any(not (c.author and c.author.strip()) for c in written)
    count = 3 if len(written) >= 5 else min(2, len(written))
    points = _points([c.text for c in written], count=count, max_words=_COMMENT_MAX_WORDS)
    logger.debug("digested comments=%d points=%d", len(written), len(points))
    return Discussion(
        comment_count=len(written),
        participant_count=len(authors) + int(anonymous),
        points=tuple(p.text for p in points),
    )


def summarize_conversation(messages: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """Return a conversation's main points, sentences from its messages in the order said."""
    texts = [text for _, text in messages if text.strip()]
    if not texts:
        return ()
    count = min(_MAX_CONVERSATION_POINTS, math.ceil(len(texts) / _MESSAGES_PER_POINT))
    points = _points(texts, count=count, max_words=_CHAT_MAX_WORDS)
    ordered = sorted(points, key=lambda p: (p.message, texts[p.message].find(p.text)))
    return tuple(p.text for p in ordered)
