"""Per-language word resources: stop words, a cached stemmer and sentence openers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Final

from bot.text import SUPPORTED_LANGUAGES, language_name

logger = logging.getLogger(__name__)


def word_set(text: str) -> frozenset[str]:
    """Return the set of whitespace-separated words in a text."""
    return frozenset(text.split())


# sumy ships no Dutch list; these are the Dutch function words that carry no topic.
_DUTCH_STOP_WORDS: Final = word_set(
    """
    aan al alle alles als alsof altijd andere ben bij daar daarom dan dat de der deze die dit doch
    doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe
    hun iemand iets ik in is ja je jij jou jouw kan kon kunnen maar me meer men met mij mijn moet
    na naar niet niets nog nu of om omdat onder ons ook op over reeds te tegen toch toen tot u uit
    uw van veel voor want waren was wat we wel werd wezen wie wij wil worden wordt zal ze zei zelf
    zich zij zijn zo zonder zou zouden zeer volgens werden tussen na nadat sinds dan hen hare
    hunne onze jullie welke waar wanneer waarom
    """
)

# First words that tie a sentence to the one before it ("But", "He", "Aber", "Il"): such a
# sentence reads badly on its own, so the ranking lets it win only on clear merit.
_OPENERS: Final[dict[str, frozenset[str]]] = {
    "en": word_set(
        "and but or so yet also however meanwhile still then thus therefore instead besides "
        "he she it they his her its their this that these those there here such"
    ),
    "de": word_set(
        "und aber oder doch jedoch auch dennoch trotzdem deshalb daher dann damit dabei dazu "
        "er sie es ihr ihre sein seine dies diese dieser dieses das dort hier"
    ),
    "fr": word_set(
        "et mais ou donc pourtant cependant toutefois aussi puis ainsi alors or "
        "il elle ils elles ce cet cette ces son sa ses leur leurs cela ceci"
    ),
    "es": word_set(
        "y pero o sino también además luego entonces así "
        "él ella ellos ellas su sus este esta estos estas eso esto"
    ),
    "it": word_set(
        "e ma o però tuttavia anche inoltre poi quindi così allora "
        "lui lei loro suo sua suoi sue questo questa questi queste ciò"
    ),
    "pt": word_set(
        "e mas ou porém contudo também além depois então assim "
        "ele ela eles elas seu sua seus suas este esta estes estas isso isto"
    ),
    "nl": word_set(
        "en maar of toch echter ook daarom dan dus bovendien "
        "hij zij ze het hun zijn haar dit dat deze die daar hier"
    ),
}

_STEM_CACHE_SIZE: Final = 1 << 16


@dataclass(frozen=True, slots=True)
class Lexicon:
    """How to reduce a language's words to comparable terms."""

    language: str | None
    stop_words: frozenset[str]
    stem: Callable[[str], str]
    openers: frozenset[str]

    @property
    def stems(self) -> bool:
        return self.language is not None


def _identity(word: str) -> str:
    return word


def _stop_words(code: str, name: str) -> frozenset[str]:
    if code == "nl":
        return _DUTCH_STOP_WORDS
    from sumy.utils import get_stop_words

    try:
        return frozenset(word.casefold() for word in get_stop_words(name))
    except LookupError:
        logger.warning("no stop words for %s", name)
        return frozenset()


@cache
def lexicon_for(language: str | None) -> Lexicon:
    """Return the stop words and stemmer for an ISO 639-1 code (plain words for others)."""
    name = language_name(language)
    if language is None or name is None:
        return Lexicon(None, frozenset(), _identity, frozenset())
    code = next(code for code, model in SUPPORTED_LANGUAGES.items() if model == name)
    from sumy.nlp.stemmers import Stemmer

    stemmer = Stemmer(name)
    return Lexicon(
        language=code,
        stop_words=_stop_words(code, name),
        # Snowball is the slow step on long articles; news text repeats its words a lot.
        stem=lru_cache(maxsize=_STEM_CACHE_SIZE)(stemmer),
        openers=_OPENERS.get(code, frozenset()),
    )
