"""Split a sentence into word, number and punctuation tokens that keep their offsets."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, lru_cache
from typing import Final

from bot.facts._lexicon import word_set

_TOKEN: Final = re.compile(
    r"(?P<abbr>(?:[A-Z]\.){2,})"
    r"|(?P<code>[A-Za-z]+-?\d+[A-Za-z\d]*(?:-[A-Za-z\d]+)*|\d+x\d+)"
    r"|(?P<ordinal>\d+(?:st|nd|rd|th)\b)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+|-[^\W_]+)*)"
    r"|(?P<punct>\S)"
)

# Abbreviations that keep their full stop, so "Mr. Smith" or "Oct. 6" stay one token.
_DOTTED: Final = word_set(
    """
    mr mrs ms dr st mt ft gen sen rep gov lt col sgt capt prof rev jr sr inc corp co ltd
    bros no vs jan feb mar apr jun jul aug sep sept oct nov dec cmdr maj adm supt insp det
    """
)

# Hyphen tails that turn a name into an adjective: "Oslo-based", "Turkish-backed".
_ADJECTIVE_TAILS: Final = word_set(
    """
    based backed led born owned run held sponsored linked style era controlled dominated
    bound made built funded affiliated aligned allied inspired friendly registered listed
    headquartered focused centred centered oriented speaking wide level type like class
    brokered imposed designated occupied administered ruled flagged educated trained
    dependent specific only bred raised ranked proof bashing leaning supported appointed
    language backed-up allied-
    """
)

_PARTICLE_NAME: Final = re.compile(
    r"^(?:al|el|ad|ar|as|ash|at|az|an|ul|ibn|bin|abu|bint|ben|da|de|di|du|la|le|d|l)[-'’][A-Z]"
)
_OPENERS: Final = frozenset("\"'“‘«([—–-:")
_APOSTROPHES: Final = str.maketrans({"’": "'", "‘": "'", "`": "'"})


class Kind(StrEnum):
    WORD = "word"
    ABBR = "abbr"
    CODE = "code"
    ORDINAL = "ordinal"
    NUMBER = "number"
    PUNCT = "punct"
    POSSESSIVE = "possessive"


_WORD_KINDS: Final = frozenset((Kind.WORD, Kind.ABBR))


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a sentence with its character offsets."""

    text: str
    start: int
    end: int
    kind: Kind
    lower: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Every rule compares lower-cased words; compute the form once per token.
        object.__setattr__(self, "lower", self.text.lower().translate(_APOSTROPHES))

    @property
    def is_word(self) -> bool:
        return self.kind in _WORD_KINDS

    @property
    def is_capitalised(self) -> bool:
        """Return whether the token looks like part of a proper name."""
        if not self.is_word:
            return False
        first = self.text[0]
        if len(self.text) > 2 and self.text[1] == "-" and self.text[2:3].islower():
            return False  # "T-shirts", "X-ray", "U-turn"
        if first.isupper():
            return True
        if _PARTICLE_NAME.match(self.text):
            return True
        # Brands such as "iPhone" or "eBay".
        return len(self.text) > 1 and first.islower() and self.text[1].isupper()

    @property
    def is_acronym(self) -> bool:
        letters = self.text.replace(".", "").replace("&", "")
        if not (self.is_word and 2 <= len(letters) <= 6 and letters.isalpha()):
            return False
        # "CLUBS" or "AGE" in a shouted headline are words, not acronyms.
        return letters.isupper() and (len(letters) <= 3 or not seen_in_lower_case(letters))


@lru_cache(maxsize=8192)  # names and aliases come back many times in one article
def normalise(text: str) -> str:
    """Return a comparison key: lower case, straight apostrophes, single spaces."""
    return " ".join(text.translate(_APOSTROPHES).lower().replace(".", "").split())


def _split_word(text: str, start: int) -> list[Token]:
    lowered = text.lower().translate(_APOSTROPHES)
    if lowered.endswith("'s") and len(text) > 2:
        cut = len(text) - 2
        return [
            *_split_word(text[:cut], start),
            Token(text[cut:], start + cut, start + len(text), Kind.POSSESSIVE),
        ]
    if "-" in text:
        head, _, tail = text.rpartition("-")
        if tail.lower() in _ADJECTIVE_TAILS and head[:1].isupper():
            return [
                Token(head, start, start + len(head), Kind.WORD),
                Token("-" + tail, start + len(head), start + len(text), Kind.WORD),
            ]
    return [Token(text, start, start + len(text), Kind.WORD)]


@lru_cache(maxsize=4096)  # one article's sentences are read by several rule families
def tokenize(sentence: str) -> tuple[Token, ...]:
    """Split a sentence into tokens, separating possessives and keeping abbreviations whole."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(sentence):
        group = match.lastgroup
        text, start, end = match.group(), match.start(), match.end()
        if group == "word":
            if sentence[end : end + 1] == "." and (
                text.lower() in _DOTTED
                or (len(text) == 1 and text.isupper() and sentence[end + 1 : end + 3].strip())
            ):
                tokens.append(Token(text + ".", start, end + 1, Kind.WORD))
                continue
            tokens.extend(_split_word(text, start))
        elif group == "abbr":
            tokens.append(Token(text, start, end, Kind.ABBR))
        elif group == "code":
            tokens.append(Token(text, start, end, Kind.CODE))
        elif group == "ordinal":
            tokens.append(Token(text, start, end, Kind.ORDINAL))
        elif group == "num":
            tokens.append(Token(text, start, end, Kind.NUMBER))
        else:
            previous = tokens[-1] if tokens else None
            if (
                text in "'’"
                and previous is not None
                and previous.end == start
                and previous.is_word
                and previous.text.endswith("s")
                and not sentence[end : end + 1].isalpha()
            ):
                tokens.append(Token(text, start, end, Kind.POSSESSIVE))
            elif previous is not None and previous.end > start:
                # The full stop already belongs to an abbreviation such as "Mr.".
                continue
            else:
                tokens.append(Token(text, start, end, Kind.PUNCT))
    return tuple(tokens)


def starts_sentence(tokens: Sequence[Token], index: int) -> bool:
    """Return whether a token opens its sentence or a quotation inside it."""
    if index == 0:
        return True
    previous = tokens[index - 1]
    if previous.kind is Kind.PUNCT and previous.text in _OPENERS:
        # A straight quote followed by a space closes a quotation rather than opening one.
        return not (previous.text in "\"'" and previous.end < tokens[index].start)
    return False


@cache
def _ortho_table() -> dict[str, int]:
    import punkt

    return dict(punkt.load_model("english").ortho_context)


def seen_in_lower_case(word: str) -> bool:
    """Return whether English news text uses the word in lower case (a common word)."""
    import punkt

    flags = _ortho_table().get(word.lower(), 0)
    lower = punkt.OrthoContext.BEG_LC | punkt.OrthoContext.MID_LC | punkt.OrthoContext.UNK_LC
    return bool(flags & lower)
