"""Find the actors of a story: proper-name runs, typed by keywords and context, merged by alias."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from bot.core.model import Actor, ActorKind
from bot.facts._gazetteer import CITIES, PLACE_NAMES
from bot.facts._lexicon import (
    CLUB_PREFIXES,
    COMMON_STARTERS,
    DEMONYMS,
    EVENT_WORDS,
    FIRST_NAMES,
    GROUP_ADJECTIVES_BEFORE,
    GROUP_APPOSITIVES,
    GROUP_KEYWORDS,
    GROUP_NOUNS,
    MONTHS,
    NON_NAMES,
    ORG_KEYWORDS,
    ORG_NOUNS_AFTER,
    ORG_NOUNS_BEFORE,
    PERSON_ROLES,
    PLACE_KEYWORDS,
    PLACE_NOUNS_AFTER,
    PLACE_NOUNS_BEFORE_OF,
    PLACE_PREFIXES,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    TITLES,
    WEEKDAYS,
    word_set,
)
from bot.facts._tokens import (
    Kind,
    Token,
    normalise,
    seen_in_lower_case,
    starts_sentence,
    tokenize,
)

PERSON: Final = ActorKind.PERSON
ORGANISATION: Final = ActorKind.ORGANISATION
GROUP: Final = ActorKind.GROUP
PLACE: Final = ActorKind.PLACE

# Lower-case words that may sit inside a name between capitalised words.
_PARTICLES: Final = word_set(
    """
    de da di du del della der den van von la le bin ibn bint ben al el y dos das zu ter ten
    af
    """
)
_OF_CONNECTORS: Final = frozenset(("of", "for", "on"))
# Words inside a name that neither its initials nor its bare form count.
_LINKING_WORDS: Final = _PARTICLES | {"of", "for", "on", "and", "the", "&"}
_OF_HEADS: Final = (
    ORG_KEYWORDS
    | GROUP_KEYWORDS
    | PLACE_KEYWORDS
    | word_set(
        """
    republic kingdom emirate emirates state states city isle friends doctors reporters
    physicians sisters daughters sons knights house order federation organisation
    organization league society church ministry department office secretariat bank gulf bay
    sea avenue university museum institute college school academy court commission committee
    council agency authority observatory centre center panel board bureau transport
    """
    )
)
_ROLE_WORDS: Final = (
    ORG_NOUNS_BEFORE | PERSON_ROLES | GROUP_NOUNS | GROUP_ADJECTIVES_BEFORE | COMMON_STARTERS
)
_PEOPLE_OF_PLACE: Final = word_set(
    "residents inhabitants citizens people mayor governor villagers townspeople"
)
_NAME_KEYWORDS: Final = ORG_KEYWORDS | GROUP_KEYWORDS | PLACE_KEYWORDS
_GENERIC_WORDS: Final = _NAME_KEYWORDS | TITLES
_TITLE_WORDS: Final = TITLES | TITLE_MODIFIERS
# Function words and discourse adverbs that never begin a name, wherever they stand.
_NEVER_NAMES: Final = COMMON_STARTERS - word_set(
    """
    new old first second third last next late early former one two three four five six seven
    eight nine ten both all each every many most several such other another critics
    supporters police officials authorities residents witnesses sources analysts experts
    observers investigators prosecutors
    """
)
_CONTRACTIONS: Final = word_set(
    """
    i'm i've i'd i'll it's he's she's we're we've we'll they're they've that's there's
    what's who's let's don't can't won't isn't aren't wasn't didn't doesn't you're you've
    """
)
_TRAILING_ROLES: Final = word_set("mp mps mep meps mla mlas msp msps qc kc")
_CLUB_SUFFIXES: Final = word_set("city united town county rovers athletic wanderers albion")
_RESULT_VERBS: Final = word_set("beat beats defeated defeat edged thrashed drew lost")
_ON_HEADS: Final = word_set("panel commission committee conference council board forum")
_STRONG_PLACE_PREFIXES: Final = PLACE_PREFIXES - word_set(
    """
    new los las el al greater upper lower north south east west northern southern eastern
    western central st saint
    """
)
_DIRECTIONS: Final = word_set(
    """
    northern southern eastern western central north-western northwestern north-eastern
    northeastern south-western southwestern south-eastern southeastern rural northwest
    northeast southwest southeast north south east west upper lower
    """
)
_REGION_NOUNS: Final = word_set(
    "countryside province region governorate district suburbs outskirts desert hinterland"
)
_STORM_WORDS: Final = word_set("storm cyclone hurricane typhoon tropical")
_STRONG_PLACE_PREPOSITIONS: Final = word_set(
    "in near outside around across towards toward into throughout inside"
)
_WEAK_PLACE_PREPOSITIONS: Final = word_set("from to via at")
_PLACE_PREPOSITIONS: Final = _STRONG_PLACE_PREPOSITIONS | _WEAK_PLACE_PREPOSITIONS
_ORG_BEFORE_IN: Final = word_set("shares stake stakes investment investments holdings")
_ORG_BEFORE_AT: Final = word_set(
    """
    analysts economists researchers scientists strategists employees staff workers job jobs
    work works worked working executives officials engineers students professor lecturer
    """
)
_ORG_POSSESSIONS: Final = word_set(
    """
    parent subsidiary shares stock chief boss board headquarters owner owners executives
    profit profits revenue sales customers employees staff workers unit division
    """
)
_KNOWN_ORGS: Final = word_set(
    """
    un eu nato who imf wto opec nasa fbi cia nsa bbc cnn reuters afp ap bloomberg unicef
    unhcr unesco icc icj interpol europol frontex kremlin pentagon bundestag knesset duma
    sejm riksdag storting folketing majlis congress senate parliament nasdaq google apple
    microsoft amazon meta facebook twitter tiktok youtube instagram whatsapp telegram
    """
)


def _phrases(text: str) -> frozenset[str]:
    return frozenset(" ".join(item.split()) for item in text.split(";") if item.strip())


_KNOWN_ORG_PHRASES: Final = _phrases(
    """united nations; european union; european commission; world bank; red cross; red crescent;
    amnesty international; human rights watch; associated press; security council; general
    assembly; white house; world health organization; world health organisation; international
    monetary fund; federal reserve"""
)
_KNOWN_GROUPS: Final = _phrases(
    """islamic state; al-qaeda; al-qaida; hamas; hezbollah; taliban; al-shabaab; boko haram;
    houthis; houthi; hay'at tahrir al-sham; pkk; ypg; farc; wagner group; wagner; muslim
    brotherhood; islamic jihad; ansar allah"""
)
_KNOWN_ORG_NAMES: Final = _KNOWN_ORGS | _KNOWN_ORG_PHRASES
_PHRASE_NAMES: Final = frozenset(
    n for n in PLACE_NAMES | _KNOWN_ORG_PHRASES | _KNOWN_GROUPS if " " in n
)
_KNOWN_AS: Final = re.compile(r"^(?:also\s+|better\s+|widely\s+)?known\s+as$")
_ROMAN: Final = re.compile(r"^[IVX]+$")
_CAMEL_CASE: Final = re.compile(r"^[A-Za-z][a-z]+[A-Z][a-z]+")
_ADVERBS_BEFORE_VERB: Final = word_set(
    "has have had also later earlier previously separately then now"
)
_ARTICLES: Final = ("al-", "el-", "ad-", "as-", "ash-", "ar-", "at-", "az-", "an-")
_WORD_KINDS: Final = frozenset((Kind.WORD, Kind.ABBR))
_APPOSITIVE_STOPS: Final = frozenset(',.;:()"“”')
_APPOSITIVE_REACH: Final = 8
_WEAK_VOTE: Final = 3.0


@dataclass(slots=True)
class Mention:
    """One occurrence of a name in a sentence, with the evidence for its kind."""

    sentence: int
    start: int
    end: int
    text: str
    words: tuple[str, ...]
    votes: Counter[ActorKind] = field(default_factory=Counter)
    name_votes: Counter[ActorKind] = field(default_factory=Counter)
    region: str | None = None
    before_colon: bool = False
    acronym_for: Mention | None = None
    alias_of: Mention | None = None
    key: str = field(init=False, repr=False, compare=False)
    bare: tuple[str, ...] = field(init=False, repr=False, compare=False)
    is_acronym: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Merging and listing read these many times per mention; the text never changes.
        self.key = normalise(self.text)
        self.is_acronym = _is_acronym_text(self.text)
        self.bare = tuple([_bare(w) for w in self.words if w not in _LINKING_WORDS])


@dataclass(slots=True)
class _Entity:
    mentions: list[Mention]

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    def votes(self) -> Counter[ActorKind]:
        # What a name looks like counts once per spelling; what surrounds it counts every time.
        total: Counter[ActorKind] = Counter()
        spellings: dict[str, Counter[ActorKind]] = {}
        has_long_form = any(not m.is_acronym for m in self.mentions)
        for mention in self.mentions:
            total.update(mention.votes)
            if has_long_form and mention.is_acronym:
                continue  # "RSF" says less about the kind than "Rapid Support Forces"
            spellings.setdefault(mention.key, mention.name_votes)
        for votes in spellings.values():
            total.update(votes)
        return total

    def longest(self) -> Mention:
        full = [m for m in self.mentions if not m.is_acronym] or self.mentions
        return max(full, key=lambda m: (len(m.words), len(m.text), -m.sentence, -m.start))


@dataclass(frozen=True, slots=True)
class ActorFindings:
    """What the actor rules found: the actors, the places, and where each name sits."""

    actors: tuple[Actor, ...]
    places: tuple[str, ...]
    spans: dict[tuple[int, int, int], str]
    names: dict[str, str]
    by_end: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)
    by_start: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for (sentence, start, end), name in self.spans.items():
            self.by_end[(sentence, end)] = (start, name)
            self.by_start[(sentence, start)] = (end, name)

    def name_for(self, text: str) -> str | None:
        """Return the main name of the actor that a name or alias refers to."""
        key = normalise(text)
        if key.startswith("the "):
            key = key[4:]
        return self.names.get(key)


def _bare(word: str) -> str:
    # "al-Zenki" and "Zenki" name the same thing.
    if word.startswith(_ARTICLES):
        for particle in _ARTICLES:
            if word.startswith(particle) and len(word) > len(particle) + 1:
                return word[len(particle) :]
    return word


def _is_acronym_text(text: str) -> bool:
    letters = text.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _is_name_token(token: Token) -> bool:
    return token.kind in _WORD_KINDS and _name_like(token.text)


@lru_cache(maxsize=16384)  # the run rules ask about every token several times
def _name_like(text: str) -> bool:
    # For a word the answer depends on its text alone, so a token at any offset will do.
    token = Token(text, 0, len(text), Kind.WORD)
    return (
        token.is_capitalised
        and not token.text.startswith("-")
        and "'" not in token.lower[:2]
        and token.lower not in _CONTRACTIONS
    )


def _breaks_run(tokens: Sequence[Token], index: int, start: int) -> bool:
    """Return whether a capitalised word inside a run starts something else ("Woods This")."""
    token = tokens[index]
    word = token.lower.rstrip(".")
    if word in WEEKDAYS or (word in _NEVER_NAMES and not token.is_acronym):
        joined = " ".join(t.lower for t in tokens[start : index + 2])
        return not any(name.startswith(joined) for name in _PHRASE_NAMES)
    return word in MONTHS and index + 1 < len(tokens) and tokens[index + 1].kind is Kind.NUMBER


@dataclass(slots=True)
class _Document:
    """Facts about the whole text that help judge one sentence's words."""

    capitalised_inside: set[str] = field(default_factory=set)
    in_multiword_names: set[str] = field(default_factory=set)


def _connector_gap(tokens: Sequence[Token], start: int, end: int) -> int:
    """Return how many connector tokens at ``end`` may join the run to the next name token."""
    token = tokens[end]
    word = token.lower
    if word in _PARTICLES:
        if end + 1 < len(tokens) and tokens[end + 1].lower in _PARTICLES:
            return 2
        return 1
    if token.text == "&":
        return 1
    previous = tokens[end - 1].lower.rstrip(".")
    if word in _OF_CONNECTORS:
        if previous not in _OF_HEADS or previous in TITLES:
            return 0
        if word == "on" and previous not in _ON_HEADS:
            return 0
        gap = 2 if end + 1 < len(tokens) and tokens[end + 1].lower == "the" else 1
        after = tokens[end + gap].lower.rstrip(".") if end + gap < len(tokens) else ""
        return 0 if after in MONTHS or after in WEEKDAYS else gap
    if word == "and" and end + 1 < len(tokens) and _is_name_token(tokens[end + 1]):
        run = [t.lower for t in tokens[start:end]]
        following = tokens[end + 1].lower
        joined = f"{' '.join(run)} and {following}"
        if any(name.startswith(joined) for name in PLACE_NAMES if " and " in name):
            return 1
        if (
            any(w in _OF_CONNECTORS for w in run)
            and previous not in PLACE_NAMES
            and following not in PLACE_NAMES
            and following not in FIRST_NAMES
        ):
            return 1
        if not any(w in ORG_KEYWORDS for w in run):
            for ahead in tokens[end + 1 : end + 4]:
                if not _is_name_token(ahead):
                    break
                if ahead.lower in ORG_KEYWORDS:
                    return 1
    return 0


def _possessive_in_name(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Return whether "People's Liberation Army" goes on past its possessive."""
    owner = " ".join(t.lower for t in tokens[start:end])
    if owner in PLACE_NAMES or tokens[end - 1].lower in FIRST_NAMES or tokens[end - 1].is_acronym:
        return False
    for ahead in tokens[end + 1 : end + 5]:
        if not _is_name_token(ahead):
            return False
        if ahead.lower in ORG_KEYWORDS or ahead.lower in GROUP_KEYWORDS:
            return True
    return False


def _name_flags(tokens: Sequence[Token]) -> list[bool]:
    """Return, for each token, whether it can be part of a name."""
    return [t.kind in _WORD_KINDS and _name_like(t.text) for t in tokens]


def _raw_runs(tokens: Sequence[Token], names: Sequence[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(tokens)
    while i < n:
        if not names[i]:
            i += 1
            continue
        start, end = i, i + 1
        while end < n:
            token = tokens[end]
            if names[end]:
                if _breaks_run(tokens, end, start):
                    break
                end += 1
                continue
            if (
                token.kind is Kind.POSSESSIVE
                and end + 1 < n
                and names[end + 1]
                and (
                    tokens[start].lower.rstrip(".") in ("st", "saint")
                    or _possessive_in_name(tokens, start, end)
                    or (token.text in "'’" and seen_in_lower_case(tokens[end - 1].lower))
                )
            ):
                # "Westminster Magistrates' Court", "St Mary's Primary School".
                end += 1
                continue
            gap = _connector_gap(tokens, start, end)
            if gap and end + gap < n and names[end + gap]:
                end += gap
                continue
            break
        runs.append((start, end))
        i = end
    return runs


def _is_all_capitals(tokens: Sequence[Token]) -> bool:
    words = upper = 0
    for token in tokens:
        if token.kind in _WORD_KINDS and len(token.text) > 1:
            words += 1
            if token.text.isupper():
                upper += 1
    return words >= 3 and upper >= 0.6 * words


def _keep_sentence_start(
    tokens: Sequence[Token], start: int, end: int, document: _Document
) -> bool:
    """Return whether a capitalised word opening a sentence is part of a name."""
    token = tokens[start]
    word = token.lower.rstrip(".")
    following = tokens[end] if end < len(tokens) else None
    if token.is_acronym:
        return True  # "US" opening a sentence is the country, not the pronoun
    run = " ".join(t.lower for t in tokens[start:end])
    if run in PLACE_NAMES or run in _KNOWN_ORG_PHRASES or run in _KNOWN_GROUPS:
        return True  # "New Zealand", "United Nations"
    if word in COMMON_STARTERS or word in NON_NAMES or word in MONTHS or word in WEEKDAYS:
        return False
    if word in PLACE_NAMES or word in FIRST_NAMES or word in TITLES:
        return True
    if word in DEMONYMS or word in _KNOWN_ORGS:
        return True
    if end - start >= 2:
        # "Developer Harbourside Living", "Debutant Scott Boland": a role word before a name.
        second = tokens[start + 1].lower
        if word in _ROLE_WORDS:
            return False
        # "Debutant Scott Boland": a full name follows; "Hoesung Lee" is the name itself.
        return not (end - start >= 3 and (second in FIRST_NAMES or second in TITLES))
    if word in document.capitalised_inside or word in document.in_multiword_names:
        return True
    if following is not None and following.text == ",":
        # "Alphabet, Google's parent, said": an appositive follows a name, not an adverb.
        nxt = tokens[end + 1] if end + 1 < len(tokens) else None
        return (
            not word.endswith("ly")
            and nxt is not None
            and (
                nxt.lower in ("the", "a", "an")
                or (
                    nxt.is_capitalised
                    and end + 2 < len(tokens)
                    and tokens[end + 2].kind is Kind.POSSESSIVE
                )
            )
        )
    if seen_in_lower_case(word):
        return False
    return following is not None and (
        following.kind is Kind.POSSESSIVE or following.lower in SPEECH_VERBS
    )


def _glued_names(tokens: Sequence[Token], start: int, end: int) -> int | None:
    """Return where two names written side by side meet: "Syria Hanad Musse"."""
    words = [t.lower for t in tokens[start:end]]
    if len(words) < 2 or words[-1] in _NAME_KEYWORDS or not _OF_CONNECTORS.isdisjoint(words):
        return None
    if " ".join(words) in _PHRASE_NAMES or (len(words) == 2 and words[1] in _CLUB_SUFFIXES):
        return None  # "Manchester City" is one name
    if words[0] not in FIRST_NAMES:
        for size in range(len(words) - 1, 0, -1):
            if " ".join(words[:size]) in PLACE_NAMES:
                return start + size
    for k in range(1, len(words) - 1):
        if words[k] in PLACE_KEYWORDS and words[k + 1] not in _NAME_KEYWORDS:
            return start + k + 1
    return None


def _title_split(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int, int] | None:
    """Return (prefix end, name start, name end) when a run holds a title before a name."""
    for first in range(start, end):
        word = tokens[first].lower.rstrip(".")
        if word not in TITLES:
            continue
        last = first
        while last + 1 < end and tokens[last + 1].lower.rstrip(".") in _TITLE_WORDS:
            last += 1
        name_start = last + 1
        if name_start >= end:
            if first > start and tokens[last].lower.rstrip(".") in TITLE_HEADS:
                # "United Nations Secretary-General": the name before the title is the actor.
                return first, end, end
            continue
        name_words = [t.lower for t in tokens[name_start:end]]
        if name_words[-1] in _NAME_KEYWORDS and name_words[0] not in FIRST_NAMES:
            continue  # "General Motors"; but "Judge Elena Marsh" is a person
        if " ".join(name_words) in PLACE_NAMES or len(name_words) > 4:
            continue
        if tokens[last].lower.rstrip(".") not in TITLE_HEADS and last == first:
            continue
        prefix_end = first
        # Portfolio words before the title: "Foreign Minister", "Forestry Minister".
        while prefix_end > start:
            before = tokens[prefix_end - 1]
            lowered = before.lower
            if lowered in TITLE_MODIFIERS or lowered in DEMONYMS:
                prefix_end -= 1
                continue
            if (
                prefix_end == first
                and word in ("minister", "secretary", "ministry")
                and lowered not in PLACE_NAMES
                and not before.is_acronym
            ):
                prefix_end -= 1
                continue
            break
        return prefix_end, name_start, end
    return None


def _strip_demonyms(tokens: Sequence[Token], start: int, end: int) -> int:
    words = [t.lower for t in tokens[start:end]]
    full = " ".join(words)
    if full in PLACE_NAMES or full in _KNOWN_GROUPS or full in _KNOWN_ORG_NAMES:
        return start
    if words[0] in FIRST_NAMES and 2 <= len(words) <= 3:
        return start  # "Christian Horner" is a person, not a religion
    if not _NAME_KEYWORDS.isdisjoint(words[1:]):
        return start
    while start < end:
        word = tokens[start].lower
        parts = word.split("-")
        if (
            word in DEMONYMS
            or (word.endswith("s") and word[:-1] in DEMONYMS)
            or (len(parts) > 1 and all(p in DEMONYMS for p in parts))
        ):
            start += 1
            continue
        break
    return start


def _is_event(words: Sequence[str]) -> bool:
    if not words:
        return False
    if words[-1] in PLACE_KEYWORDS or words[-1] in ORG_KEYWORDS:
        return False
    if not EVENT_WORDS.isdisjoint(words):
        return True
    return len(words) >= 2 and words[-1] == "open"


def _previous_words(tokens: Sequence[Token], start: int, count: int = 3) -> list[str]:
    """Return the lower-case words before a position, nearest first, skipping one "the"."""
    words: list[str] = []
    i = start - 1
    while i >= 0 and len(words) < count:
        token = tokens[i]
        if token.lower == "the" and not words:
            i -= 1
            continue
        words.append(token.lower)
        i -= 1
    return words


def _appositive_votes(tokens: Sequence[Token], end: int, votes: Counter[ActorKind]) -> None:
    """Read "X, the cloud software company," or "X, a spokesman for Y," after a name."""
    if end >= len(tokens) or tokens[end].text != ",":
        return
    following = tokens[end + 1 : end + 1 + _APPOSITIVE_REACH]
    if not following:
        return
    first = following[0]
    if first.is_capitalised and first.lower not in ("the", "a", "an"):
        return  # "Cupertino, California-based company": a second name, not an appositive
    if first.kind is Kind.NUMBER and len(following) > 1 and following[1].text in ",)":
        votes[PERSON] += 4  # "Graham Pike, 54,"
        return
    if first.lower in ("who", "whose"):
        votes[PERSON] += 3
        return
    saw_group_adjective = False
    for token in following:
        if token.text in _APPOSITIVE_STOPS or token.lower in ("which", "that", "who"):
            return
        word = token.lower
        if word in GROUP_ADJECTIVES_BEFORE or word.endswith("-backed"):
            saw_group_adjective = True
        if word in GROUP_APPOSITIVES and word != "group":
            votes[GROUP] += 3
            return
        if word == "group":
            votes[GROUP if saw_group_adjective else ORGANISATION] += 2
            return
        if word in ORG_NOUNS_BEFORE or word in ("parent", "subsidiary"):
            votes[ORGANISATION] += 3
            return
        if word in PERSON_ROLES:
            votes[PERSON] += 3
            return


def _context_votes(
    tokens: Sequence[Token], start: int, end: int, words: Sequence[str], votes: Counter[ActorKind]
) -> None:
    before = _previous_words(tokens, start)
    previous = before[0] if before else ""
    previous2 = before[1] if len(before) > 1 else ""
    has_keyword = not _NAME_KEYWORDS.isdisjoint(words)
    if previous in _PLACE_PREPOSITIONS:
        if (previous == "in" and previous2 in _ORG_BEFORE_IN) or (
            previous == "at" and previous2 in _ORG_BEFORE_AT
        ):
            votes[ORGANISATION] += 4
        elif previous in _STRONG_PLACE_PREPOSITIONS:
            votes[PLACE] += 2
        else:
            votes[PLACE] += 1
    if previous == "of":
        if previous2 in PLACE_NOUNS_BEFORE_OF or previous2 in _PEOPLE_OF_PLACE:
            votes[PLACE] += 5
        elif previous2 in GROUP_NOUNS:
            votes[GROUP] += 3
    if previous in GROUP_ADJECTIVES_BEFORE or (
        previous == "group" and previous2 in GROUP_ADJECTIVES_BEFORE
    ):
        votes[GROUP] += 5
    if previous in ORG_NOUNS_BEFORE and not (
        previous == "group" and previous2 in GROUP_ADJECTIVES_BEFORE
    ):
        votes[ORGANISATION] += 4
    if previous in PERSON_ROLES and not has_keyword:
        votes[PERSON] += 3
    if previous == "," and previous2 in PERSON_ROLES and not has_keyword:
        votes[PERSON] += 3
    if previous in SPEECH_VERBS and 2 <= len(words) <= 3 and not has_keyword:
        votes[PERSON] += 2
    if previous == "told":
        votes[ORGANISATION] += 1
    after = tokens[end] if end < len(tokens) else None
    if after is not None and after.kind is Kind.POSSESSIVE:
        following = tokens[end + 1].lower if end + 1 < len(tokens) else ""
        if following in _ORG_POSSESSIONS:
            votes[ORGANISATION] += 2
        elif following in GROUP_NOUNS:
            votes[GROUP] += 2
    elif after is not None and after.kind is Kind.WORD and not after.is_capitalised:
        word = after.lower
        if word in PLACE_NOUNS_AFTER:
            votes[PLACE] += 4
        elif word in GROUP_NOUNS or word == "movement":
            votes[GROUP] += 3
        elif word in ORG_NOUNS_AFTER:
            votes[ORGANISATION] += 3
        elif (
            word in SPEECH_VERBS
            or (
                word in _ADVERBS_BEFORE_VERB
                and end + 1 < len(tokens)
                and tokens[end + 1].lower in SPEECH_VERBS
            )
        ) and (2 <= len(words) <= 3 and not has_keyword):
            votes[PERSON] += 2
    after_word = tokens[end].lower if end < len(tokens) else ""
    if (
        _score_follows(tokens, end)
        or (previous in _RESULT_VERBS and _score_follows_run(tokens, end))
        or (after_word in _RESULT_VERBS and _score_follows_run(tokens, end + 1))
    ) and words[0] not in FIRST_NAMES:
        # "Liverpool beat Watford 3-0": teams, not towns, win by scores.
        votes[ORGANISATION] += 7
    _appositive_votes(tokens, end, votes)


def _score_follows(tokens: Sequence[Token], end: int) -> bool:
    nxt = tokens[end : end + 3]
    return (
        len(nxt) == 3
        and nxt[0].kind is Kind.NUMBER
        and nxt[1].text in "-–"
        and nxt[2].kind is Kind.NUMBER
        and nxt[0].end == nxt[1].start
        and nxt[1].end == nxt[2].start
    )


def _score_follows_run(tokens: Sequence[Token], end: int) -> bool:
    """Return whether "X beat Y 3-1" puts a score after the next name as well."""
    i = end
    while i < len(tokens) and _is_name_token(tokens[i]):
        i += 1
    return _score_follows(tokens, i)


def _name_votes(words: Sequence[str], tokens: Sequence[Token], votes: Counter[ActorKind]) -> None:
    full = " ".join(words)
    if full in PLACE_NAMES:
        votes[PLACE] += 6
    if full in _KNOWN_ORGS or " ".join(full.split()) in _KNOWN_ORG_PHRASES:
        votes[ORGANISATION] += 6
    if full in _KNOWN_GROUPS:
        votes[GROUP] += 6
    head_end = next((i for i, w in enumerate(words) if w in _OF_CONNECTORS), len(words))
    head = words[head_end - 1] if head_end else words[-1]
    last = words[-1]
    if any(w in GROUP_KEYWORDS or _bare(w) in GROUP_KEYWORDS for w in words):
        votes[GROUP] += 4
    # A keyword types a longer name; alone it may be a surname ("Marsh", "Park").
    if len(words) >= 2 and (last in ORG_KEYWORDS or head in ORG_KEYWORDS):
        votes[ORGANISATION] += 4
    elif len(words) >= 2 and (last in PLACE_KEYWORDS or head in PLACE_KEYWORDS):
        votes[PLACE] += 4
    if len(words) >= 2:
        if words[0] in CLUB_PREFIXES or (
            len(words) == 2 and words[1] in _CLUB_SUFFIXES and words[0] in CITIES
        ):
            votes[ORGANISATION] += 3  # "Real Cadiz", "Manchester City"
        if words[0] in _STRONG_PLACE_PREFIXES or (
            words[0] in PLACE_PREFIXES and " ".join(words[1:]) in PLACE_NAMES
        ):
            votes[PLACE] += 4
    if len(tokens) == 1 and tokens[0].is_acronym and full not in PLACE_NAMES:
        votes[ORGANISATION] += 2
    if len(tokens) == 1 and _CAMEL_CASE.match(tokens[0].text):
        votes[ORGANISATION] += 2  # brands: "YouTube", "PayPal", "eBay"
    has_keyword = not _NAME_KEYWORDS.isdisjoint(words)
    if words[0] in FIRST_NAMES and not has_keyword:
        votes[PERSON] += 3 if len(words) >= 2 else 2
    if (
        2 <= len(words) <= 3
        and not has_keyword
        and all(t.text[:1].isupper() and not t.is_acronym for t in tokens)
        and full not in PLACE_NAMES
    ):
        votes[PERSON] += 1


def _region_phrase(tokens: Sequence[Token], sentence: str, start: int, end: int) -> str | None:
    """Return "western Aleppo countryside" around "Aleppo", or None."""
    if end >= len(tokens) or tokens[end].text not in _REGION_NOUNS:
        return None
    first = start
    if (
        start > 0
        and tokens[start - 1].lower in _DIRECTIONS
        and not tokens[start - 1].is_capitalised
    ):
        first = start - 1
    return sentence[tokens[first].start : tokens[end].end]


def _make_mention(
    index: int,
    sentence: str,
    tokens: Sequence[Token],
    start: int,
    end: int,
    *,
    title: bool = False,
) -> Mention | None:
    words = tuple(t.lower for t in tokens[start:end])
    if not words or _is_event(words):
        return None
    if len(words) == 1:
        word = words[0].rstrip(".")
        if (
            word in MONTHS
            or word in WEEKDAYS
            or word in NON_NAMES
            or word in TITLES
            or word in TITLE_MODIFIERS
            or len(word) < 2
            or _ROMAN.match(tokens[start].text)
        ):
            return None
    elif _ROMAN.match(tokens[end - 1].text) and words[-2] not in FIRST_NAMES:
        return None
    if _TITLE_WORDS.issuperset(words):
        return None
    text = sentence[tokens[start].start : tokens[end - 1].end]
    mention = Mention(index, start, end, text, words)
    _name_votes(words, tokens[start:end], mention.name_votes)
    if title:
        mention.votes[PERSON] += 6
    else:
        _context_votes(tokens, start, end, words, mention.votes)
    mention.region = _region_phrase(tokens, sentence, start, end)
    mention.before_colon = end < len(tokens) and tokens[end].text == ":"
    return mention


def _mentions_in_run(
    index: int,
    sentence: str,
    tokens: Sequence[Token],
    start: int,
    end: int,
    *,
    document: _Document,
) -> list[Mention]:
    words = [t.lower for t in tokens[start:end]]
    if (words[0] in _STORM_WORDS and end - start >= 2) or _is_event(words):
        return []  # "Storm Boris", "Bahrain Grand Prix": weather and events are not actors
    if starts_sentence(tokens, start) and not _keep_sentence_start(tokens, start, end, document):
        start += 1
    while start < end and tokens[start].lower in _NEVER_NAMES and not tokens[start].is_acronym:
        start += 1  # "However", "Although" written mid-sentence after a dash or caption
    while end - start > 1 and tokens[end - 1].lower in _TRAILING_ROLES:
        end -= 1  # "Labour MPs", "Jane Doe QC"
    if start >= end:
        return []
    split = _title_split(tokens, start, end)
    if split is not None:
        prefix_end, name_start, name_end = split
        mentions: list[Mention] = []
        if prefix_end > start:
            mentions.extend(
                _mentions_in_run(index, sentence, tokens, start, prefix_end, document=document)
            )
        if name_start < name_end:
            name = _make_mention(index, sentence, tokens, name_start, name_end, title=True)
            if name is not None:
                mentions.append(name)
        return mentions
    cut = _glued_names(tokens, start, end)
    if cut is not None:
        return [
            *_mentions_in_run(index, sentence, tokens, start, cut, document=document),
            *_mentions_in_run(index, sentence, tokens, cut, end, document=document),
        ]
    start = _strip_demonyms(tokens, start, end)
    if start >= end:
        return []
    mention = _make_mention(index, sentence, tokens, start, end)
    return [mention] if mention is not None else []


def _capitals_sentence_mentions(
    index: int, sentence: str, tokens: Sequence[Token]
) -> list[Mention]:
    """Read a headline in capitals: only gazetteer places can be trusted there."""
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        for size in (3, 2, 1):
            words = tuple(t.lower for t in tokens[i : i + size])
            if len(words) == size and " ".join(words) in PLACE_NAMES:
                text = sentence[tokens[i].start : tokens[i + size - 1].end]
                mention = Mention(index, i, i + size, text.title(), words)
                mention.name_votes[PLACE] += 6
                mentions.append(mention)
                i += size
                break
        else:
            i += 1
    return mentions


def _link_acronyms_and_aliases(
    sentence: str, tokens: Sequence[Token], mentions: list[Mention]
) -> None:
    """Link "Name (ACR)" and "X, known as Y" inside one sentence."""
    by_start = {m.start: m for m in mentions}
    for mention in mentions:
        end = mention.end
        if end + 2 < len(tokens) and tokens[end].text == "(" and tokens[end + 2].text == ")":
            inner = by_start.get(end + 1)
            if (
                inner is not None
                and inner.end == end + 2
                and inner is not mention
                and _could_abbreviate(inner.text, mention.words)
            ):
                inner.acronym_for = mention
    if "known" not in sentence.lower():
        return  # every alias phrase says "known as"; most sentences need no pairwise look
    for mention in mentions:
        for previous in mentions:
            if previous.end >= mention.start:
                break
            between = " ".join(t.lower for t in tokens[previous.end : mention.start]).strip(" ,")
            if _KNOWN_AS.match(between):
                mention.alias_of = previous


def _could_abbreviate(acronym: str, words: Sequence[str]) -> bool:
    """Return whether "(HTS)" can stand for the name before it; "WASHINGTON (AP)" cannot."""
    letters = acronym.replace(".", "").lower()
    initials = _initials(words).lower()
    if not letters or not initials:
        return False
    position = 0
    for letter in letters:
        position = initials.find(letter, position)
        if position < 0:
            return letters[0] == initials[0]
        position += 1
    return True


def _coordination_votes(tokens: Sequence[Token], mentions: list[Mention]) -> None:
    """Give weakly typed names in a list ("A, B and C") the kind of the strongly typed ones."""
    groups: list[list[Mention]] = []
    for mention in mentions:
        if groups:
            previous = groups[-1][-1]
            between = [t.lower for t in tokens[previous.end : mention.start]]
            if between and all(w in (",", "and", "or", "the") for w in between):
                groups[-1].append(mention)
                continue
        groups.append([mention])
    for group in groups:
        if len(group) < 2:
            continue
        # The group's votes summed once, then each name's own taken off: summing the others
        # name by name made a list of n names cost n² (a page listing thousands took minutes).
        total: Counter[ActorKind] = Counter()
        for mention in group:
            total.update(_all_votes(mention))
        for mention in group:
            own = _all_votes(mention)
            if max(own.values(), default=0.0) >= _WEAK_VOTE:
                continue
            others = total - own
            if others:
                kind = others.most_common(1)[0][0]
                mention.votes[kind] += 2
                total[kind] += 2


def _all_votes(mention: Mention) -> Counter[ActorKind]:
    return mention.votes + mention.name_votes


def _initials(words: Sequence[str]) -> str:
    letters = [_bare(w)[0] for w in words if w not in _LINKING_WORDS and _bare(w)]
    return "".join(letters).upper()


def _distinctive(words: Sequence[str]) -> bool:
    return any(
        w not in _GENERIC_WORDS and w not in DEMONYMS and w not in PLACE_NAMES and len(w) > 1
        for w in words
    )


def _contiguous_in(short: Sequence[str], long: Sequence[str]) -> int | None:
    """Return where ``short`` sits inside ``long``, or None."""
    n = len(short)
    for i in range(len(long) - n + 1):
        if tuple(long[i : i + n]) == tuple(short):
            return i
    return None


def _strongly(votes: Counter[ActorKind], kind: ActorKind) -> bool:
    return votes[kind] >= 5 and votes[kind] == max(votes.values())


@dataclass(frozen=True, slots=True)
class _Shape:
    """What the alias rules compare, computed once per entity."""

    entity: _Entity
    words: tuple[str, ...]
    bare: tuple[str, ...]
    text: str
    votes: Counter[ActorKind]
    place_name: bool
    initials: str
    strongly_place: bool
    is_person: bool


def _shape(entity: _Entity) -> _Shape:
    longest = entity.longest()
    votes = entity.votes()
    return _Shape(
        entity,
        longest.words,
        longest.bare,
        longest.text,
        votes,
        " ".join(longest.words) in PLACE_NAMES,
        _initials(longest.words),
        _strongly(votes, PLACE),
        votes[PERSON] > 0 and votes.most_common(1)[0][0] is PERSON,
    )


@dataclass(frozen=True, slots=True)
class _AliasIndex:
    """Shapes by initials and by bare word, so a short name meets only names that could fit."""

    shapes: list[_Shape]
    by_initials: dict[str, list[int]]
    by_word: dict[str, list[int]]


def _alias_index(shapes: list[_Shape]) -> _AliasIndex:
    by_initials: dict[str, list[int]] = {}
    by_word: dict[str, list[int]] = {}
    for position, shape in enumerate(shapes):
        by_initials.setdefault(shape.initials, []).append(position)
        for word in set(shape.bare):
            by_word.setdefault(word, []).append(position)
    return _AliasIndex(shapes, by_initials, by_word)


def _merge(mentions: list[Mention]) -> list[_Entity]:
    entities: list[_Entity] = []
    by_key: dict[str, _Entity] = {}
    owner: dict[int, _Entity] = {}
    for mention in mentions:
        bare_key = " ".join(mention.bare)
        target = None
        if mention.acronym_for is not None:
            target = owner.get(id(mention.acronym_for))
        if target is None and mention.alias_of is not None:
            target = owner.get(id(mention.alias_of))
        if target is None:
            target = by_key.get(mention.key) or by_key.get(bare_key)
        if target is None:
            target = _Entity([])
            entities.append(target)
        target.mentions.append(mention)
        owner[id(mention)] = target
        by_key.setdefault(mention.key, target)
        by_key.setdefault(bare_key, target)

    shapes = sorted((_shape(e) for e in entities), key=lambda s: len(s.words))
    index = _alias_index(shapes)
    parent: dict[int, _Entity] = {}

    def root(entity: _Entity) -> _Entity:
        while id(entity) in parent:
            entity = parent[id(entity)]
        return entity

    for position, short in enumerate(shapes):
        target = _alias_target(position, index)
        if target is not None and root(target) is not short.entity:
            parent[id(short.entity)] = target
    merged: list[_Entity] = []
    for entity in entities:
        top = root(entity)
        if top is entity:
            merged.append(entity)
        else:
            top.mentions.extend(entity.mentions)
    for entity in merged:
        entity.mentions.sort(key=lambda m: (m.sentence, m.start))
    return merged


def _alias_target(position: int, index: _AliasIndex) -> _Entity | None:
    """Return the entity that a shorter name stands for: an acronym, a surname, a tail."""
    shapes = index.shapes
    short = shapes[position]
    if short.place_name:
        return None
    acronym = _is_acronym_text(short.text)
    if not acronym and not _distinctive(short.words):
        return None
    # Only names that share the initials, or hold the rarest bare word, can match; keeping
    # them in shape order keeps ties broken as before.
    others: Sequence[int]
    if acronym:
        others = index.by_initials.get(short.text.replace(".", ""), [])
    elif short.bare:
        others = min((index.by_word[w] for w in short.bare), key=len)
    else:
        others = range(len(shapes))
    candidates: list[tuple[int, int, _Entity]] = []
    for other_position in others:
        other = shapes[other_position]
        if len(other.words) <= len(short.words) or other_position == position:
            continue
        if acronym:
            candidates.append((0, _distance(short.entity, other.entity), other.entity))
            continue
        if short.strongly_place and not other.strongly_place:
            continue
        found = _contiguous_in(short.bare, other.bare)
        if found is None:
            continue
        is_tail = found + len(short.bare) == len(other.bare)
        if other.is_person and not is_tail:
            continue
        rank = 1 if is_tail else 2
        candidates.append((rank, _distance(short.entity, other.entity), other.entity))
    if not candidates:
        return None
    candidates.sort(key=lambda c: (c[0], c[1]))
    return candidates[0][2]


def _distance(short: _Entity, other: _Entity) -> int:
    first = short.first
    before = [m for m in other.mentions if (m.sentence, m.start) <= (first.sentence, first.start)]
    if before:
        last = before[-1]
        return (first.sentence - last.sentence) * 1000 + (first.start - last.start)
    return 10**6


@dataclass(frozen=True, slots=True)
class _Reading:
    """A merged entity with its votes and longest mention, read once."""

    entity: _Entity
    votes: Counter[ActorKind]
    longest: Mention

    @property
    def first(self) -> tuple[int, int]:
        first = self.entity.first
        return (first.sentence, first.start)


def _read(entity: _Entity) -> _Reading:
    return _Reading(entity, entity.votes(), entity.longest())


def _kind(reading: _Reading) -> ActorKind:
    votes = reading.votes
    if votes and max(votes.values()) > 0:
        order = (PLACE, ORGANISATION, GROUP, PERSON)
        best = max(votes.values())
        return next(k for k in order if votes[k] == best)
    words = reading.longest.words
    return ORGANISATION if len(words) == 1 else PERSON


def _is_stray_word(reading: _Reading) -> bool:
    """Return whether an entity is one common word capitalised for no visible reason."""
    words = reading.longest.words
    if len(words) != 1 or reading.longest.text.isupper():
        return False
    if any(v > 0 for v in reading.votes.values()):
        return False
    # "Incredibly:" opening a caption; a common word capitalised for emphasis.
    return (
        seen_in_lower_case(words[0])
        or words[0].endswith("ly")
        or all(m.before_colon for m in reading.entity.mentions)
    )


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def _document_facts(
    sentences: Sequence[tuple[Token, ...]],
    names: Sequence[list[bool]],
    runs: Sequence[list[tuple[int, int]]],
) -> _Document:
    document = _Document()
    for tokens, flags, sentence_runs in zip(sentences, names, runs, strict=True):
        for i, token in enumerate(tokens):
            if flags[i] and not starts_sentence(tokens, i):
                document.capitalised_inside.add(token.lower)
        for start, end in sentence_runs:
            if end - start >= 2:
                first = start + 1 if starts_sentence(tokens, start) else start
                document.in_multiword_names.update(t.lower for t in tokens[first:end])
    return document


def find_actors(
    sentences: Sequence[str], masked: dict[int, list[tuple[int, int]]]
) -> ActorFindings:
    """Return the actors and places named in the sentences."""
    tokenised = [tokenize(s) for s in sentences]
    names = [_name_flags(tokens) for tokens in tokenised]
    runs = [_raw_runs(tokens, flags) for tokens, flags in zip(tokenised, names, strict=True)]
    document = _document_facts(tokenised, names, runs)
    mentions: list[Mention] = []
    for index, (sentence, tokens) in enumerate(zip(sentences, tokenised, strict=True)):
        spans = masked.get(index, [])
        if _is_all_capitals(tokens):
            found = _capitals_sentence_mentions(index, sentence, tokens)
        else:
            found = []
            for start, end in runs[index]:
                found.extend(
                    _mentions_in_run(index, sentence, tokens, start, end, document=document)
                )
        if spans:
            found = [m for m in found if not any(s <= tokens[m.start].start < e for s, e in spans)]
        _link_acronyms_and_aliases(sentence, tokens, found)
        _coordination_votes(tokens, found)
        mentions.extend(found)
    entities = _merge(mentions)
    return _findings(entities)


def _findings(entities: Iterable[_Entity]) -> ActorFindings:
    actors: list[Actor] = []
    places: list[str] = []
    place_keys: set[str] = set()
    spans: dict[tuple[int, int, int], str] = {}
    names: dict[str, str] = {}
    ordered = sorted(
        (r for r in map(_read, entities) if not _is_stray_word(r)), key=lambda r: r.first
    )
    for reading in ordered:
        entity = reading.entity
        kind = _kind(reading)
        main = _strip_the(reading.longest.text)
        aliases: list[str] = []
        seen = {normalise(main)}
        for mention in entity.mentions:
            alias = _strip_the(mention.text)
            key = normalise(alias)
            if key not in seen:
                seen.add(key)
                aliases.append(alias)
        actors.append(Actor(main, kind, tuple(aliases)))
        for mention in entity.mentions:
            spans[(mention.sentence, mention.start, mention.end)] = main
            names.setdefault(mention.key, main)
        names.setdefault(normalise(main), main)
    for reading, actor in zip(ordered, actors, strict=True):
        if actor.kind is not PLACE:
            continue
        for mention in reading.entity.mentions:
            text = mention.region or actor.name
            key = normalise(text)
            if key not in place_keys:
                place_keys.add(key)
                places.append(text)
    positions = _first_positions(ordered)
    places.sort(key=lambda p: positions.get(normalise(p), (10**6, 0)))
    return ActorFindings(tuple(actors), tuple(places), spans, names)


def _first_positions(readings: Sequence[_Reading]) -> dict[str, tuple[int, int]]:
    """Map each name or region key to where a place list should put it."""
    # A mention's own spelling or region wins over a main name, and earlier entities win.
    by_mention: dict[str, tuple[int, int]] = {}
    for reading in readings:
        for mention in reading.entity.mentions:
            position = (mention.sentence, mention.start)
            by_mention.setdefault(normalise(mention.region or ""), position)
            by_mention.setdefault(mention.key, position)
    by_name: dict[str, tuple[int, int]] = {}
    for reading in readings:
        by_name.setdefault(normalise(_strip_the(reading.longest.text)), reading.first)
    return by_name | by_mention
