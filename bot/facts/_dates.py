"""Find date expressions and resolve them against the publication date and each other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from bot.core.model import DateFact
from bot.facts._lexicon import MONTHS, NUMBER_WORDS, SPEECH_VERBS, WEEKDAYS, word_set

_MONTH: Final = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_DAY: Final = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR: Final = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY: Final = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_COUNT: Final = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"

_PATTERNS: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "month_day",
        re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})\b(?![,.]?\d)(?:,?\s+(?P<y>{_YEAR})\b)?"),
    ),
    (
        "day_month",
        re.compile(rf"\b(?P<d>{_DAY})\s+(?:of\s+)?(?P<m>{_MONTH})(?:,?\s+(?P<y>{_YEAR})\b)?"),
    ),
    ("slashed", re.compile(r"\b(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)/(?P<y>(?:19|20)\d\d)\b")),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<mod>last|next|this|past|coming)\s+)?(?P<w>{_WEEKDAY})\b"
            r"(?:\s+(?P<part>morning|afternoon|evening|night))?",
            re.IGNORECASE,
        ),
    ),
    (
        "shift",
        re.compile(
            rf"\b(?P<n>{_COUNT})\s+(?P<unit>days?|weeks?)\s+"
            r"(?P<dir>earlier|later|before|after|previously|ago)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "the_day",
        re.compile(
            r"\bthe\s+(?:(?P<which>previous|next|following|same)\s+day"
            r"|day\s+(?P<dir>before|after)(?:\s+(?P<rel>yesterday|tomorrow))?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<word>yesterday|today|tomorrow|tonight|last\s+night"
            r"|this\s+(?:morning|afternoon|evening))\b",
            re.IGNORECASE,
        ),
    ),
)

# Text that a match cannot do without, looked for before the slower patterns run. Every month
# alternative above starts with a stem; the other needles are lower case and avoid "i", "k"
# and "s", which case-insensitive patterns also pair with "ı", "K" (Kelvin) and "ſ".
_MONTH_STEMS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_NEEDLES: Final[dict[str, tuple[tuple[str, ...], bool]]] = {
    "iso": (("-",), False),
    "month_day": (_MONTH_STEMS, False),
    "day_month": (_MONTH_STEMS, False),
    "slashed": (("/",), False),
    "weekday": (("day",), True),
    "shift": (("day", "wee"), True),
    "the_day": (("day",), True),
    "deictic": (("day", "tomorrow", "ght", "morn", "afternoon", "even"), True),
}

_NAMED_DAYS: Final = word_set(
    "good black cyber super easter ash holy maundy bloody shrove blue giving small palm"
)
# Lower-case on purpose: "plans to open" looks ahead, "Plans to turn the hotel" opens a noun.
_FUTURE: Final = re.compile(
    r"\b(?:will|shall|won't|is due|are due|is set to|are set to|is expected to|are expected to"
    r"|is scheduled|are scheduled|scheduled to|plans to|plan to|planned for|set for|upcoming|next"
    r"|face|faces|play|plays|visit|visits"
    r"|starts|begins|opens|meets|resumes|moves|reopens|closes|ends|expires|returns|hosts|host)\b"
    r"|'ll\b"
)
_PAST: Final = re.compile(
    r"\b(?:since|ago|last|earlier|previously|" + "|".join(sorted(SPEECH_VERBS)) + r")\b"
)
_CLAUSE_BREAK: Final = re.compile(r"[;:,—–]|\s-\s")
_LOOKAHEAD_DAYS: Final = 7


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a sentence, with its place there."""

    fact: DateFact
    sentence: int
    start: int
    end: int


def _count(word: str) -> int:
    word = word.lower()
    if word.isdigit():
        return int(word)
    return 1 if word in ("a", "an") else NUMBER_WORDS.get(word, 0)


def _is_future(sentence: str, start: int) -> bool:
    """Return whether the clause before a date speaks of what is still to come."""
    before = _CLAUSE_BREAK.split(sentence[:start])[-1]
    future = [m.end() for m in _FUTURE.finditer(before)]
    past = [m.end() for m in _PAST.finditer(before)]
    return bool(future) and (not past or future[-1] > past[-1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_year(month: int, day: int, published: date | None, *, future: bool) -> date | None:
    if published is None:
        return None
    candidates = [
        d
        for year in (published.year - 1, published.year, published.year + 1)
        if (d := _safe_date(year, month, day)) is not None
    ]
    if future:
        later = [d for d in candidates if d >= published]
        return min(later) if later else None
    # A date up to a week after publication is still "this year": reports are often dated late.
    earlier = [d for d in candidates if d <= published + timedelta(days=_LOOKAHEAD_DAYS)]
    return max(earlier) if earlier else None


def _weekday(
    weekday: int, modifier: str | None, published: date | None, *, future: bool
) -> date | None:
    if published is None:
        return None
    if modifier in ("next", "coming") or (future and modifier not in ("last", "past")):
        ahead = (weekday - published.weekday()) % 7
        if ahead == 0 and modifier in ("next", "coming"):
            ahead = 7
        return published + timedelta(days=ahead)
    back = (published.weekday() - weekday) % 7
    if back == 0 and modifier in ("last", "past"):
        back = 7
    return published - timedelta(days=back)


def _weekday_key(written: str) -> str:
    """Return the weekday that a case-blind match names, even spelt "Tueſday" or "FRıDAY"."""
    lowered = written.lower()
    if lowered in WEEKDAYS:
        return lowered
    return next(name for name in WEEKDAYS if re.fullmatch(name, written, re.IGNORECASE))


def _resolve(
    kind: str,
    match: re.Match[str],
    sentence: str,
    published: date | None,
    anchor: date | None,
) -> date | None:
    groups = match.groupdict()
    future = _is_future(sentence, match.start())
    if kind == "iso":
        return _safe_date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
    if kind in ("month_day", "day_month"):
        month = MONTHS[groups["m"].rstrip(".").lower()]
        day = int(re.sub(r"\D", "", groups["d"]))
        if groups.get("y"):
            return _safe_date(int(groups["y"]), month, day)
        return _without_year(month, day, published, future=future)
    if kind == "slashed":
        a, b, year = int(groups["a"]), int(groups["b"]), int(groups["y"])
        if a > 12 >= b:
            return _safe_date(year, b, a)
        if b > 12 >= a:
            return _safe_date(year, a, b)
        return _safe_date(year, a, b) if a == b else None
    if kind == "weekday":
        modifier = (groups["mod"] or "").lower() or None
        return _weekday(WEEKDAYS[_weekday_key(groups["w"])], modifier, published, future=future)
    if kind == "shift":
        days = _count(groups["n"]) * (7 if groups["unit"].lower().startswith("week") else 1)
        direction = groups["dir"].lower()
        if direction == "ago":
            return published - timedelta(days=days) if published else None
        if anchor is None:
            return None
        sign = -1 if direction in ("earlier", "before", "previously") else 1
        return anchor + timedelta(days=sign * days)
    if kind == "the_day":
        if groups["rel"]:
            if published is None:
                return None
            sign = -1 if groups["rel"].lower() == "yesterday" else 1
            offset = 1 if groups["dir"].lower() == "after" else -1
            return published + timedelta(days=sign + offset)
        if anchor is None:
            return None
        which = (groups["which"] or groups["dir"] or "").lower()
        if which == "same":
            return anchor
        return anchor + timedelta(days=-1 if which in ("previous", "before") else 1)
    word = " ".join(groups["word"].lower().split())
    if published is None:
        return None
    if word in ("yesterday", "last night"):
        return published - timedelta(days=1)
    if word == "tomorrow":
        return published + timedelta(days=1)
    return published


def _skip(kind: str, match: re.Match[str], sentence: str) -> bool:
    """Return whether a match belongs to something else: "Good Friday", "two days after it"."""
    before = sentence[: match.start()].split()
    if kind == "weekday":
        if not match.group("w")[0].isupper():
            return True
        return bool(before) and before[-1].lower() in _NAMED_DAYS and before[-1][0].isupper()
    if kind in ("shift", "the_day"):
        direction = (match.groupdict().get("dir") or "").lower()
        after = sentence[match.end() :].lstrip()
        # "two days after the vote" counts from an event, not from the date written before.
        return (
            direction in ("before", "after")
            and bool(after[:1].isalnum())
            and not (match.groupdict().get("rel"))
        )
    if kind == "day_month":
        # "6 Oct" must not be read inside "1,6 October"; a preceding digit means another number.
        return bool(re.search(r"[\d,.]$", sentence[: match.start()]))
    return False


def _text(kind: str, match: re.Match[str]) -> str:
    text = " ".join(match.group().split())
    if kind in ("shift", "the_day", "deictic"):
        # "A day earlier" opening a sentence reads as "a day earlier" in a list of dates.
        return text[:1].lower() + text[1:]
    return text


def find_dates(sentences: list[str], published: date | None) -> list[DateMention]:
    """Return the date expressions of the sentences, resolved in reading order."""
    found: list[DateMention] = []
    anchor: date | None = None
    for index, sentence in enumerate(sentences):
        taken: list[tuple[int, int]] = []
        matches: list[tuple[int, str, re.Match[str]]] = []
        lowered = sentence.lower()
        for kind, pattern in _PATTERNS:
            needles, folded = _NEEDLES[kind]
            haystack = lowered if folded else sentence
            for needle in needles:
                if needle in haystack:
                    break
            else:
                continue
            for match in pattern.finditer(sentence):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                if _skip(kind, match, sentence):
                    continue
                taken.append((match.start(), match.end()))
                matches.append((match.start(), kind, match))
        for _, kind, match in sorted(matches, key=lambda item: item[0]):
            try:
                resolved = _resolve(kind, match, sentence, published, anchor)
            except OverflowError:  # counted from a date at the calendar's edge (year 1 or 9999)
                resolved = None
            if resolved is not None:
                anchor = resolved
            found.append(DateMention(DateFact(_text(kind, match), resolved), index, *match.span()))
    return found


def unique_dates(mentions: list[DateMention]) -> tuple[DateFact, ...]:
    """Return one fact per calendar day (or per wording when unresolved), first wording kept."""
    seen: set[object] = set()
    facts: list[DateFact] = []
    for mention in mentions:
        key: object = mention.fact.date or mention.fact.text.lower()
        if key in seen:
            continue
        seen.add(key)
        facts.append(mention.fact)
    return tuple(facts)
