"""The sumy document model built from Tidings' own offline sentence splitter."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

from bot.summarize._lexicon import Lexicon
from bot.text import split_paragraphs, split_sentences

_WORD: Final = re.compile(r"[^\W_]+(?:['’.\-][^\W_]+)*")
# Han and kana have no spaces between words, so overlapping character pairs stand in for words.
_CJK_RUN: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK_SPLIT: Final = re.compile(f"({_CJK_RUN.pattern})")


class WordTokenizer:
    """Split a sentence into words for sumy without NLTK's downloadable data."""

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Return the sentence's words, character pairs for Chinese and Japanese runs."""
        if _CJK_RUN.search(sentence) is None:
            return tuple(_WORD.findall(sentence))
        words: list[str] = []
        for word in _WORD.findall(sentence):
            for part in _CJK_SPLIT.split(word):
                if _CJK_RUN.fullmatch(part) is None or len(part) == 1:
                    words.extend([part] if part else [])
                else:
                    words.extend(part[i : i + 2] for i in range(len(part) - 1))
        return tuple(words)


_TOKENIZER: Final = WordTokenizer()


def build_document(text: str, language: str | None) -> ObjectDocumentModel:
    """Build sumy's document model: paragraphs of sentences from the offline splitter."""
    paragraphs = []
    for paragraph in split_paragraphs(text):
        sentences = split_sentences(paragraph, language)
        if sentences:
            paragraphs.append(Paragraph([Sentence(s, _TOKENIZER) for s in sentences]))
    return ObjectDocumentModel(paragraphs)


def to_terms(words: Sequence[str], lexicon: Lexicon) -> list[str]:
    """Reduce words to the comparable terms: case-folded, stop words dropped, stemmed."""
    terms = []
    for word in words:
        folded = word.casefold().replace("’", "'")
        if folded in lexicon.stop_words or (len(folded) < 2 and folded.isascii()):
            continue
        terms.append(lexicon.stem(folded) if lexicon.stems and folded[:1].isalpha() else folded)
    return terms


def word_count(sentence: str, words: Sequence[str]) -> int:
    """Count a sentence's tokenised words, taking two Chinese or Japanese characters as one."""
    cjk = sum(len(run) for run in _CJK_RUN.findall(sentence))
    if not cjk:
        return len(words)
    return len(_WORD.findall(_CJK_RUN.sub(" ", sentence))) + (cjk + 1) // 2
