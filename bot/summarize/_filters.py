"""Which sentences may stand in a summary: no clutter, captions, bylines or fragments."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

MIN_WORDS: Final = 6
MAX_WORDS: Final = 60
# When strict rules leave nothing (a one-line notice, a text of very long sentences), a summary
# may still take a sentence within these looser bounds rather than say nothing.
RELAXED_MIN_WORDS: Final = 3
RELAXED_MAX_WORDS: Final = 150

_UPPER: Final = "A-ZÀ-ÖØ-ÞĀ-Ž"


class Rejection(StrEnum):
    BOILERPLATE = "boilerplate"
    CAPTION = "caption"
    BYLINE = "byline"
    DATELINE = "dateline"
    QUESTION = "question"
    FRAGMENT = "fragment"
    LINK = "link"
    SHOUTING = "shouting"
    SHORT = "short"
    LONG = "long"


_BOILERPLATE: Final = re.compile(
    r"""
    \b(?:click|tap)\s+here\b | \bread\s+(?:more|also|next)\b | \bsee\s+also\b
    | \bscroll\s+down\b | \bsign\s+up\s+(?:for|to)\b | \bsubscribe\s+(?:to|now|for|today)\b
    | \bfollow\s+us\b | \bshare\s+this\b | \ball\s+rights\s+reserved\b | ©
    | \bcopyright\s+(?:\d{4}|©) | ^advertisement\b | \bconsider\s+(?:helping|supporting)\s+us\b
    | \bsupport\s+(?:us|our\s+(?:work|journalism|reporting))\b
    | \bbecome\s+a\s+(?:supporter|member|patron)\b
    | \bklicken\s+sie\s+hier\b | \bhier\s+klicken\b | \blesen\s+sie\s+(?:auch|mehr)\b
    | \bmehr\s+zum\s+thema\b | \bnewsletter\s+abonnieren\b | \balle\s+rechte\s+vorbehalten\b
    | \bcliquez\s+ici\b | \blire\s+aussi\b | \bvoir\s+aussi\b | \babonnez-vous\b
    | \btous\s+droits\s+réservés\b
    | \bhaga?\s+clic\s+aquí\b | \bhaz\s+clic\s+aquí\b | \blee\s+también\b | \bleer\s+más\b
    | \bsuscríbete\b | \btodos\s+los\s+derechos\s+reservados\b
    | \bclicca\s+qui\b | \bleggi\s+anche\b | \biscriviti\b | \btutti\s+i\s+diritti\s+riservati\b
    | \bclique\s+aqui\b | \bleia\s+(?:também|mais)\b | \bsaiba\s+mais\b
    | \btodos\s+os\s+direitos\s+reservados\b
    | \bklik\s+hier\b | \blees\s+(?:ook|meer)\b | \balle\s+rechten\s+voorbehouden\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_CAPTION_START: Final = re.compile(
    r"""
    (?:illustrative\s+(?:image|photo|picture)|illustration|file\s+(?:photo|picture|image)
        |photo(?:graph)?|picture|pictured|image|credit|caption|video|watch|foto|bild|imagen
        |immagine|afbeelding|crédit(?:\s+photo)?)\s*[:|/–—-]
    | illustrative\s+(?:image|photo|picture)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_CAPTION_INSIDE: Final = re.compile(
    r"""
    \((?:photo|picture|image|foto|bild|crédit)\b[^)]*\)
    | \b(?:getty\s+images|ap\s+photo|afp\s+photo|reuters/|epa-efe|shutterstock|photo\s+credit
        |dpa-bildfunk)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Cheap substring tests that let most sentences skip the slower patterns above.
_BOILERPLATE_HINTS: Final = (
    *("click", "tap here", "read ", "see also", "scroll", "sign up", "subscribe", "follow us"),
    *("share this", "rights", "©", "copyright", "advertisement", "consider", "support"),
    *("become a", "klick", "lesen sie", "mehr zum", "newsletter", "rechte", "cliquez"),
    *("lire aussi", "voir aussi", "abonnez", "droits", "clic", "lee también", "leer más"),
    *("suscr", "derechos", "leggi", "iscriviti", "diritti", "leia", "saiba", "direitos"),
    *("klik", "lees ", "rechten"),
)
_CAPTION_HINTS: Final = ("(", "getty", "photo", "reuters/", "epa-efe", "shutterstock", "dpa-")
_LINK_HINTS: Final = ("http", "www.", "pic.twitter", "@")

_BYLINE: Final = re.compile(
    rf"""
    ^(?i:by|von|par|por|di|door|da)\s+[{_UPPER}][\w.'’-]*
        (?:\s*(?:,|and|und|et|y|e|en|&)?\s+[{_UPPER}][\w.'’-]*){{0,6}}(?:\s*[|·•–—-].*)?$
    | (?:^|[|·•])\s*(?i:published|updated|last\s+(?:updated|modified)|posted|veröffentlicht
        |aktualisiert|publié|mis\s+à\s+jour|publicado|actualizado|pubblicato|aggiornato
        |gepubliceerd|bijgewerkt)\b\s*:?\s*(?:on\s+|am\s+|le\s+|el\s+|il\s+|op\s+)?\w*\s*\d
    | ^(?i:additional\s+)?(?i:reporting\s+by)\b | \b(?i:editing\s+by)\b
    """,
    re.VERBOSE,
)
_BYLINE_WORDS: Final = 14
_DATELINE_WORDS: Final = 12

# Month and day names (and their short forms) in the seven languages, for date-only lines.
_MONTHS_AND_DAYS: Final = re.compile(
    r"""
    \b(?:jan(?:uary|uar|vier)?|feb(?:ruary|ruar|rero)?|févr(?:ier)?|mar(?:ch|s|zo)?|märz
    |apr(?:il)?|avril|abril|may|mai|mayo|maggio|june?|juin|junio|giugno|july?|juillet|julio
    |luglio|aug(?:ust)?|août|agosto|sep(?:t|tember|tembre|tiembre)?|oct(?:ober|obre|ubre)?
    |okt(?:ober)?|ottobre|nov(?:ember|embre|iembre)?|dec(?:ember)?|dez(?:ember)?|décembre
    |dic(?:iembre|embre)?|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?
    |fri(?:day)?|sat(?:urday)?|sun(?:day)?|montag|dienstag|mittwoch|donnerstag|freitag
    |samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche
    |updated|published|gmt|utc|cet|am|pm)\b\.?|\b[ap]\.m\.
    """,
    re.IGNORECASE | re.VERBOSE,
)
_DATELINE_PLACE: Final = re.compile(
    rf"""
    ^[{_UPPER}][{_UPPER}.'’-]*(?:\s+[{_UPPER}][{_UPPER}.'’-]*){{0,3}}
    (?:,\s*[\w.]+(?:\s+[\w.]+){{0,3}})?\s*(?:\([^)]*\))?\s*[-–—:]*$
    """,
    re.VERBOSE,
)
_LINK: Final = re.compile(r"https?://|\bwww\.\w|pic\.twitter\.com|\b[\w.+-]+@[\w-]+\.\w{2,}\b")
_QUESTION: Final = re.compile(r"[?？][\"'”’»)\]]*$")
_TERMINAL: Final = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_PUNCTUATION_START: Final = re.compile(r"^[,;:)\]}.…–—-]")
_CAMEL_CASE: Final = re.compile(r"^[^\W\d_]+?[A-Z]")
_LETTER: Final = re.compile(r"[^\W\d_]")


def _hinted(folded: str, hints: tuple[str, ...]) -> bool:
    return any(hint in folded for hint in hints)


def _is_boilerplate(sentence: str, folded: str) -> bool:
    return _hinted(folded, _BOILERPLATE_HINTS) and _BOILERPLATE.search(sentence) is not None


def _is_caption(sentence: str, folded: str) -> bool:
    return _CAPTION_START.match(sentence) is not None or (
        _hinted(folded, _CAPTION_HINTS) and _CAPTION_INSIDE.search(sentence) is not None
    )


def _is_link(sentence: str, folded: str) -> bool:
    return _hinted(folded, _LINK_HINTS) and _LINK.search(sentence) is not None


def _is_dateline(sentence: str) -> bool:
    if _DATELINE_PLACE.match(sentence):
        return True
    rest = _MONTHS_AND_DAYS.sub(" ", sentence)
    return len(re.findall(r"[^\W\d_]{2,}", rest)) == 0


def _is_shouting(sentence: str, words: int) -> bool:
    head = sentence[:24]
    if words < 4 or head.upper() != head:
        return False
    letters = _LETTER.findall(sentence)
    upper = sum(1 for c in letters if c.isupper())
    return len(letters) >= 12 and upper > 0.8 * len(letters)


def _starts_badly(sentence: str) -> bool:
    # Lower case at the start means a split inside a sentence, unless it is a brand ("iPhone").
    if sentence[:1].islower():
        return _CAMEL_CASE.match(sentence) is None
    return _PUNCTUATION_START.match(sentence) is not None


def rejection(sentence: str, words: int, *, relaxed: bool = False) -> Rejection | None:
    """Say why a sentence may not stand in a summary, or None when it may."""
    folded = sentence.casefold()
    if _is_boilerplate(sentence, folded):
        return Rejection.BOILERPLATE
    if _is_caption(sentence, folded):
        return Rejection.CAPTION
    if words <= _BYLINE_WORDS and _BYLINE.search(sentence):
        return Rejection.BYLINE
    if words <= _DATELINE_WORDS and _is_dateline(sentence):
        return Rejection.DATELINE
    if _QUESTION.search(sentence):
        return Rejection.QUESTION
    if _is_link(sentence, folded):
        return Rejection.LINK
    if _is_shouting(sentence, words):
        return Rejection.SHOUTING
    if _starts_badly(sentence) or (not relaxed and _TERMINAL.search(sentence) is None):
        return Rejection.FRAGMENT
    if words < (RELAXED_MIN_WORDS if relaxed else MIN_WORDS):
        return Rejection.SHORT
    if words > (RELAXED_MAX_WORDS if relaxed else MAX_WORDS):
        return Rejection.LONG
    return None


def conversational_rejection(sentence: str, words: int) -> Rejection | None:
    """Say why a chat or comment sentence makes no point worth repeating, or None."""
    folded = sentence.casefold()
    if _is_shouting(sentence, words):
        return Rejection.SHOUTING
    if _is_boilerplate(sentence, folded):
        return Rejection.BOILERPLATE
    if _QUESTION.search(sentence):
        return Rejection.QUESTION
    if _is_link(sentence, folded):
        return Rejection.LINK
    return None
