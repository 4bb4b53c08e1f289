"""Find the figures of a story: counts, money, percentages and measures, with what they count."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from bot.core.model import Figure
from bot.facts._lexicon import (
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DEMONYMS,
    MULTIPLIERS,
    NUMBER_WORDS,
    OUTCOMES,
    PERCENT_WORDS,
    PRISON_WORDS,
    QUALIFIERS,
    TIME_NOUNS,
    UNITS,
    word_set,
)
from bot.facts._tokens import Kind, Token, tokenize

_FUNCTION_WORDS: Final = word_set(
    """
    a an the this that these those its their his her our my your it they he she we i you who
    whom whose which what where when why how if while although though because since as so
    but and or nor yet for with without within from into onto of on in at by to up down over
    under after before during until against among between about above below across along
    around behind beyond near outside inside through throughout toward towards upon via per
    than then there here is are was were be been being has have had will would could should
    may might must shall can do does did not no also just still only even already again each
    all both either neither some any more most less least such other another very too so-
    called whether ago earlier later last next
    """
)
_CLAUSE_ENDERS: Final = word_set(
    """
    while but whereas although though after when as since because before which who whom
    where unless until if
    """
)
_TIME_OF_DAY: Final = word_set("am pm a.m. p.m. gmt bst utc est edt cet hrs h")
_AGE_WORDS: Final = word_set("aged age ages")
_CALL_WORDS: Final = word_set("call dial phone number no no. tel telephone")
_PARTICIPLES: Final[dict[str, str]] = {"took": "taken", "flee": "fled", "won": "won"}
_TENS_UNITS: Final = re.compile(r"^([a-z]+)-([a-z]+)$")
_SPELLED_MULTIPLIERS: Final = word_set("hundred thousand million billion trillion")
_LEADING_UNITS: Final = word_set("magnitude")
_VERB_AUXILIARIES: Final = word_set("is are was were be been being has have had")
_AUXILIARIES_AND_ADVERBS: Final = _VERB_AUXILIARIES | {"also", "not"}
_PERCENT_OR_CURRENCY: Final = PERCENT_WORDS | CURRENCY_WORDS
_YEAR: Final = re.compile(r"1[89]\d\d|20\d\d")
_GROUPED_THOUSANDS: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
# Qualifiers by their last and first word, in list order, so a lookup tries only those that fit.
_QUALIFIERS_BY_LAST: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    last: tuple(q for q in QUALIFIERS if q[-1] == last) for last in {q[-1] for q in QUALIFIERS}
}
_QUALIFIERS_BY_FIRST: Final[dict[str, tuple[tuple[str, ...], ...]]] = {
    first: tuple(q for q in QUALIFIERS if q[0] == first) for first in {q[0] for q in QUALIFIERS}
}
_MAX_NOUN_WORDS: Final = 3
_OUTCOME_REACH: Final = 8


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    value: float
    is_word: bool


def _word_value(token: Token) -> float | None:
    word = token.lower
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    if "-" not in word:
        return None
    match = _TENS_UNITS.match(word)
    if match and match.group(1) in NUMBER_WORDS and match.group(2) in NUMBER_WORDS:
        tens, units = NUMBER_WORDS[match.group(1)], NUMBER_WORDS[match.group(2)]
        if tens >= 20 and tens % 10 == 0 and units < 10:
            return float(tens + units)
    return None


def _digit_value(text: str) -> float | None:
    # "1,200" groups thousands; "2.5" is a decimal.
    cleaned = text.replace(",", "") if _GROUPED_THOUSANDS.fullmatch(text) else text
    try:
        return float(cleaned)
    except ValueError:
        return None


def _read_number(tokens: tuple[Token, ...], i: int) -> _Number | None:
    token = tokens[i]
    if token.kind is Kind.NUMBER:
        value = _digit_value(token.text)
        is_word = False
    elif token.kind is Kind.WORD:
        value = _word_value(token)
        is_word = True
    else:
        return None
    if value is None:
        return None
    end = i + 1
    if (
        end < len(tokens)
        and tokens[end].lower in MULTIPLIERS
        and tokens[end].start
        in (
            tokens[i].end,
            tokens[i].end + 1,
        )
    ):
        multiplier = tokens[end].lower
        # A bare "m" or "bn" means million or billion only for money ("£3.2m"); "100m" is metres.
        money = i > 0 and tokens[i - 1].text in CURRENCY_SYMBOLS
        if multiplier in _SPELLED_MULTIPLIERS or (money and tokens[end].start == tokens[i].end):
            value *= MULTIPLIERS[multiplier]
            end += 1
    return _Number(i, end, value, is_word)


def _qualifier_start(tokens: tuple[Token, ...], i: int) -> int:
    if i == 0:
        return i
    for words in _QUALIFIERS_BY_LAST.get(tokens[i - 1].lower, ()):
        n = len(words)
        if i - n >= 0 and tuple(t.lower for t in tokens[i - n : i]) == words:
            return i - n
    return i


def _is_noun_word(token: Token, *, first: bool) -> bool:
    if token.kind is not Kind.WORD:
        return False
    word = token.lower
    if word in _FUNCTION_WORDS or word in OUTCOMES or word.startswith("-"):
        return False
    if not first and (word.endswith(("ed", "ing", "ly")) or word in _CLAUSE_ENDERS):
        return False
    if token.text[0].isupper():
        return word in DEMONYMS
    return True


def _is_modifier_name(tokens: tuple[Token, ...], i: int) -> bool:
    """Return whether a capitalised word qualifies the noun after it: "seven Grammy awards"."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        tokens[i].kind is Kind.WORD
        and tokens[i].text[:1].isupper()
        and nxt is not None
        and nxt.kind is Kind.WORD
        and nxt.text.islower()
        and _is_plural(nxt.lower)
    )


def _noun_phrase(tokens: tuple[Token, ...], i: int) -> list[Token]:
    words: list[Token] = []
    while i < len(tokens) and len(words) < _MAX_NOUN_WORDS:
        token = tokens[i]
        if not _is_noun_word(token, first=not words) and not (
            not words and _is_modifier_name(tokens, i)
        ):
            break
        words.append(token)
        i += 1
        if _is_plural(token.lower):
            break  # a plural noun heads the phrase: "2,000 pieces" (not "pieces bears")
    # An adjective alone is no noun: drop a trailing demonym ("three Syrian").
    while words and words[-1].lower in DEMONYMS:
        words.pop()
    return words


def _is_plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _outcome_after(tokens: tuple[Token, ...], i: int) -> str | None:
    for step in range(_OUTCOME_REACH):
        j = i + step
        if j >= len(tokens):
            return None
        token = tokens[j]
        word = token.lower
        if token.kind is Kind.PUNCT and token.text in ',;:.()"“”?!':
            return None
        if word in _CLAUSE_ENDERS:
            return None
        if word in OUTCOMES:
            return OUTCOMES[word]
        if word in _VERB_AUXILIARIES:
            # "were found alive" has its own verb: what follows belongs to something else.
            k = j + 1
            while k < len(tokens) and tokens[k].lower in _AUXILIARIES_AND_ADVERBS:
                k += 1
            following = tokens[k].lower if k < len(tokens) else ""
            return OUTCOMES.get(following)
        if word in ("and", "or"):
            # Cross "and three civilians" but not "and cut costs" or "and 20,000 had been hurt".
            k = _qualifier_start_forward(tokens, j + 1)
            number = _read_number(tokens, k) if k < len(tokens) else None
            if number is None or not _noun_phrase(tokens, number.end):
                return None
    return None


def _qualifier_start_forward(tokens: tuple[Token, ...], i: int) -> int:
    if i >= len(tokens):
        return i
    for words in _QUALIFIERS_BY_FIRST.get(tokens[i].lower, ()):
        n = len(words)
        if tuple(t.lower for t in tokens[i : i + n]) == words:
            return i + n
    return i


def _outcome_before(tokens: tuple[Token, ...], i: int) -> str | None:
    # Only a verb right before the figure acts on it: "killed at least 132 people", or one
    # preposition away: "jailed for six years", "sentenced to 12 years".
    word = tokens[i - 1].lower if i > 0 else ""
    if word in ("for", "to") and i > 1:
        word = tokens[i - 2].lower
    return _PARTICIPLES.get(word, OUTCOMES[word]) if word in OUTCOMES else None


def _context_noun(tokens: tuple[Token, ...], start: int, end: int) -> str:
    """Return what an amount is about: "loss of €5m", "€5m fine", "5% of voters"."""
    after = _noun_phrase(tokens, end)
    if after:
        return after[-1].text
    if end + 1 < len(tokens) and tokens[end].lower in ("of", "in"):
        k = end + 1
        while k < len(tokens) and tokens[k].lower in ("the", "its", "their", "his", "her", "a"):
            k += 1
        phrase = _noun_phrase(tokens, k)
        if phrase:
            return phrase[-1].text
    if (
        start >= 2
        and tokens[start - 1].lower == "of"
        and _is_noun_word(tokens[start - 2], first=True)
    ):
        return tokens[start - 2].text
    outcome = _outcome_before(tokens, start)
    return outcome or ""


def _measured(tokens: tuple[Token, ...], i: int) -> str:
    """Return what a measure is of: "1.5C of warming" gives "warming"."""
    if i + 1 < len(tokens) and tokens[i].lower == "of":
        phrase = _noun_phrase(tokens, i + 1)
        if phrase:
            return phrase[-1].text
    return ""


def _excluded(tokens: tuple[Token, ...], number: _Number, masked: list[tuple[int, int]]) -> bool:
    token = tokens[number.start]
    if any(s <= token.start < e for s, e in masked):
        return True
    previous = tokens[number.start - 1] if number.start > 0 else None
    following = tokens[number.end] if number.end < len(tokens) else None
    after_next = tokens[number.end + 1] if number.end + 1 < len(tokens) else None
    money_or_percent = (previous is not None and previous.text in CURRENCY_SYMBOLS) or (
        following is not None and (following.text == "%" or following.lower in _PERCENT_OR_CURRENCY)
    )
    if (
        not number.is_word
        and number.end == number.start + 1
        and _YEAR.fullmatch(token.text)
        and not money_or_percent
    ):
        return True  # a year
    if following is not None and following.text == "s" and following.start == token.end:
        return True  # a decade: "the 1990s", "in her 50s"
    if following is not None and (
        following.lower in _TIME_OF_DAY
        or (
            following.text in ":-–"
            and following.start == token.end
            and after_next is not None
            and after_next.kind is Kind.NUMBER
            and after_next.start == following.end
        )
    ):
        return True  # a time of day or a score
    if previous is not None and previous.text in "-–:" and previous.end == token.start:
        before = tokens[number.start - 2] if number.start >= 2 else None
        if before is not None and before.kind is Kind.NUMBER:
            return True  # the second half of a score
    if previous is not None and (previous.lower in _AGE_WORDS or previous.lower in _CALL_WORDS):
        return True
    if (
        previous is not None
        and previous.lower in ("was", "is")
        and number.start >= 2
        and tokens[number.start - 2].lower in ("he", "she")
        and (following is None or following.text in ".,;")
    ):
        return True  # an age: "He was 57."
    if (
        previous is not None
        and previous.text == ","
        and number.start >= 2
        and tokens[number.start - 2].is_capitalised
        and following is not None
        and following.text in ",)"
    ):
        return True  # an age after a name: "Graham Pike, 54,"
    if (
        following is not None
        and following.text == "-"
        and after_next is not None
        and after_next.lower.startswith(("year", "month", "week", "day"))
    ):
        return True  # "3,000-year-old", "a 25-year-old"
    if following is not None and following.lower.startswith(("year-old", "years-old")):
        return True
    if (
        previous is not None
        and previous.is_capitalised
        and previous.kind is Kind.WORD
        and previous.lower not in _FUNCTION_WORDS
        and previous.lower not in UNITS
        and not money_or_percent
        and not number.is_word
    ):
        return True  # part of a name: "Apollo 11", "Group 4"
    # "one of them", "one day": the word "one" counts only with a noun and an outcome.
    return token.lower == "one" and (
        following is None or following.lower == "of" or not _noun_phrase(tokens, number.end)
    )


def _format_text(tokens: tuple[Token, ...], sentence: str, start: int, end: int) -> str:
    return sentence[tokens[start].start : tokens[end - 1].end]


def find_figures(sentence: str, masked: list[tuple[int, int]]) -> list[Figure]:
    """Return the figures of one sentence, skipping masked spans (dates, names)."""
    tokens = tokenize(sentence)
    figures: list[Figure] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind is not Kind.NUMBER and not (
            token.kind is Kind.WORD and (token.lower in NUMBER_WORDS or "-" in token.lower)
        ):
            i += 1  # most tokens are plainly not numbers; _read_number would say so slowly
            continue
        number = _read_number(tokens, i)
        if number is None or _excluded(tokens, number, masked):
            i += 1
            continue
        i = number.end
        start = _qualifier_start(tokens, number.start)
        end = number.end
        previous = tokens[number.start - 1] if number.start > 0 else None
        kind = "count"
        if previous is not None and previous.text in CURRENCY_SYMBOLS:
            kind = "money"
            first = number.start - 1
            if (
                first > 0
                and tokens[first - 1].is_acronym
                and tokens[first - 1].end == previous.start
            ):
                first -= 1  # "US$"
            start = _qualifier_start(tokens, first)
        if end < len(tokens) and tokens[end].lower in CURRENCY_WORDS:
            kind = "money"
            end += 1
        elif end < len(tokens) and (tokens[end].text == "%" or tokens[end].lower == "percent"):
            kind = "percent"
            end += 1
        elif end + 1 < len(tokens) and (tokens[end].lower, tokens[end + 1].lower) == (
            "per",
            "cent",
        ):
            kind = "percent"
            end += 2
        elif end + 1 < len(tokens) and tokens[end].lower == "percentage":
            kind = "percent"
            end += 2 if tokens[end + 1].lower in ("points", "point") else 1
        if kind in ("money", "percent"):
            what = _context_noun(tokens, start, end)
            figures.append(Figure(_format_text(tokens, sentence, start, end), number.value, what))
            i = max(i, end)
            continue
        if previous is not None and previous.lower in _LEADING_UNITS:
            # "magnitude 7.8": the unit comes first.
            figures.append(
                Figure(
                    _format_text(tokens, sentence, number.start - 1, end),
                    number.value,
                    previous.text,
                )
            )
            continue
        # A hyphen joins a unit or noun to the figure: "2.7-kilometre road", "736-seat chamber".
        noun_start = end + 1 if end < len(tokens) and tokens[end].text == "-" else end
        if noun_start < len(tokens) and tokens[noun_start].lower.split("-")[0] in UNITS:
            measured = _measured(tokens, noun_start + 1) or tokens[noun_start].text
            text = _format_text(tokens, sentence, start, noun_start + 1)
            figures.append(Figure(text, number.value, measured))
            i = max(i, noun_start + 1)
            continue
        phrase = _noun_phrase(tokens, noun_start)
        if not phrase and noun_start + 1 < len(tokens) and tokens[noun_start].lower == "of":
            k = noun_start + 1
            while k < len(tokens) and tokens[k].lower in ("the", "its", "their", "his", "her"):
                k += 1
            counted = _read_number(tokens, k)
            phrase_start = counted.end if counted else k
            phrase = _noun_phrase(tokens, phrase_start)
            if phrase:
                # "four of the seven commissioners": the text stays "four", the noun comes later.
                outcome = _outcome_before(tokens, start) or _outcome_after(
                    tokens, phrase_start + len(phrase)
                )
                what = phrase[-1].text + (f" {outcome}" if outcome else "")
                figures.append(
                    Figure(_format_text(tokens, sentence, start, end), number.value, what)
                )
                continue
        if not phrase and start >= 2 and tokens[start - 1].lower == "of":
            head = tokens[start - 2]
            if _is_noun_word(head, first=True):
                phrase_text = _format_text(tokens, sentence, start, end)
                figures.append(Figure(phrase_text, number.value, head.text))
                continue
        if phrase:
            noun = phrase[-1].lower
            first_word = phrase[0].lower
            is_time = (noun in TIME_NOUNS or first_word in TIME_NOUNS) and first_word != "light"
            if is_time or noun.startswith(("year-", "month-", "week-", "day-")):
                # Only a prison term is a figure: "jailed for six years", "12 years in prison".
                around = [
                    *tokens[max(0, start - 3) : start],
                    *tokens[noun_start + len(phrase) : noun_start + len(phrase) + 2],
                ]
                if not any(t.lower in PRISON_WORDS for t in around):
                    continue
            if (
                noun_start + len(phrase) < len(tokens)
                and tokens[noun_start + len(phrase)].lower == "ago"
            ):
                continue
            text_end = noun_start + len(phrase)
            outcome = _outcome_before(tokens, start) or _outcome_after(tokens, text_end)
            if outcome is None and tokens[number.start].lower == "one":
                continue
            what = phrase[-1].text + (f" {outcome}" if outcome else "")
            text = _format_text(tokens, sentence, start, text_end)
            figures.append(Figure(text, number.value, what))
            i = max(i, text_end)
            continue
        outcome = _outcome_before(tokens, start) or _outcome_after(tokens, end)
        if outcome is None and any(t.lower == "toll" for t in tokens[max(0, start - 8) : start]):
            outcome = "death toll"  # "the death toll rose to eight"
        if number.is_word and outcome is None:
            continue
        figures.append(
            Figure(_format_text(tokens, sentence, start, end), number.value, outcome or "")
        )
    return figures
