"""Rule-based key facts: actors, places, dates, figures and attribution, with no model to fetch."""

from __future__ import annotations

import logging
from datetime import date
from typing import Final

from bot.core.model import Facts, Figure
from bot.facts._actors import find_actors
from bot.facts._attribution import find_sources
from bot.facts._dates import find_dates, unique_dates
from bot.facts._figures import find_figures
from bot.text import split_sentences

logger = logging.getLogger(__name__)


class RuleFactExtractor:
    """Find the key facts of English news text with hand-written rules and word lists.

    The rules lean on English capitalisation and phrasing: in German every noun is capitalised,
    so they would name every noun an actor. Other languages get no facts rather than wrong ones.
    """

    LANGUAGES: Final = frozenset({"en"})

    def reads(self, language: str | None) -> bool:
        return language is None or language in self.LANGUAGES

    def extract(
        self, text: str, *, published: date | None = None, language: str | None = None
    ) -> Facts:
        """Find actors, places, dates, figures and attribution in article text."""
        if not self.reads(language):
            logger.debug("no fact rules for language %s", language)
            return Facts(unread_language=language)
        sentences = split_sentences(text, "en")
        dates = find_dates(sentences, published)
        masked: dict[int, list[tuple[int, int]]] = {}
        for mention in dates:
            masked.setdefault(mention.sentence, []).append((mention.start, mention.end))
        findings = find_actors(sentences, masked)
        figures: list[Figure] = []
        seen: set[tuple[str, float]] = set()
        for index, sentence in enumerate(sentences):
            for figure in find_figures(sentence, masked.get(index, [])):
                key = (figure.text.lower(), figure.value)
                if key not in seen:
                    seen.add(key)
                    figures.append(figure)
        attribution = find_sources(sentences, findings)
        facts = Facts(
            actors=findings.actors,
            places=findings.places,
            dates=unique_dates(dates),
            figures=tuple(figures),
            attribution=attribution,
        )
        logger.debug(
            "facts from %d sentences: %d actors, %d places, %d dates, %d figures, %d sources",
            len(sentences),
            len(facts.actors),
            len(facts.places),
            len(facts.dates),
            len(facts.figures),
            len(facts.attribution),
        )
        return facts
