"""Find who a story's claims are attributed to: "according to X", "X said", "said X"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.core.model import ActorKind
from bot.facts._actors import ActorFindings
from bot.facts._lexicon import (
    ANAPHORIC_ORG_NOUNS,
    PERSON_ROLES,
    SOURCE_NOUNS,
    SPEECH_VERBS,
    TITLE_MODIFIERS,
    TITLES,
    word_set,
)
from bot.facts._tokens import Kind, Token, normalise, tokenize

_SKIPPED_BEFORE_VERB: Final = word_set(
    "has have had also later earlier previously separately then now again first"
)
_NP_INNER: Final = word_set("of for at the a an")
_NP_BREAKS: Final = word_set(
    """
    that which who whom whose and or but when while as if because since after before where
    although though than it he she they we i you this these those there here is are was were
    be been will would could should may might must can still also already just now then
    later however meanwhile how what why whether has have had do does did
    """
)
_PRONOUNS: Final = word_set("he she they it we i you one no none")
_DETERMINERS: Final = word_set("the his her its their")
_LINKS: Final = word_set("of at from for with")
_OPENERS: Final = frozenset("\"“'‘(")
_SUBJECT_LEADS: Final = word_set("the") | PERSON_ROLES
_CLOSERS: Final = frozenset(",\"”'’")
_TITLE_WORDS: Final = TITLES | TITLE_MODIFIERS
_SOURCE_HEADS: Final = SOURCE_NOUNS | ANAPHORIC_ORG_NOUNS | PERSON_ROLES
_MAX_NP: Final = 7


def _mention_ending(findings: ActorFindings, sentence: int, end: int) -> tuple[int, str] | None:
    return findings.by_end.get((sentence, end))


def _mention_starting(findings: ActorFindings, sentence: int, start: int) -> tuple[int, str] | None:
    return findings.by_start.get((sentence, start))


def _strip_article(text: str) -> str:
    lowered = text.lower()
    return text[4:] if lowered.startswith("the ") else text


def _phrase_before(tokens: Sequence[Token], sentence: str, end: int) -> tuple[int, str] | None:
    """Return the plain noun phrase that ends at ``end`` ("Ukrainian officials")."""
    start = end
    while start > 0 and end - start < _MAX_NP:
        token = tokens[start - 1]
        if token.kind is Kind.POSSESSIVE or (token.is_word and token.lower not in _NP_BREAKS):
            start -= 1
            continue
        break
    while start < end and tokens[start].lower in ("of", "for", "at"):
        start += 1
    if start >= end:
        return None
    words = [t.lower for t in tokens[start:end]]
    # "a spokeswoman for the service": the head comes before the preposition.
    link = next((k for k, w in enumerate(words) if w in _LINKS and k > 0), None)
    head = words[link - 1] if link is not None else words[-1]
    if head not in _SOURCE_HEADS or words[0] in _PRONOUNS:
        return None
    return start, sentence[tokens[start].start : tokens[end - 1].end]


def _phrase_after(
    tokens: Sequence[Token], sentence: str, start: int, findings: ActorFindings, index: int
) -> str | None:
    """Return the source named from ``start`` on ("the Syrian Observatory", "a spokesman")."""
    first = start
    if first < len(tokens) and tokens[first].lower in _DETERMINERS:
        first += 1
    named = _mention_starting(findings, index, first)
    if named is not None:
        return named[1]
    end = start
    while end < len(tokens) and end - start < _MAX_NP:
        token = tokens[end]
        if token.kind is Kind.POSSESSIVE or (
            token.is_word and token.lower not in _NP_BREAKS and token.lower not in ("on", "in")
        ):
            end += 1
            continue
        break
    while end > start and tokens[end - 1].lower in _NP_INNER:
        end -= 1
    if end <= start or tokens[start].lower in _PRONOUNS:
        return None
    return _strip_article(sentence[tokens[start].start : tokens[end - 1].end])


def _subject_of_appositive(
    tokens: Sequence[Token], comma: int, findings: ActorFindings, index: int
) -> str | None:
    """Return the subject of "Name, appositive, said" or "Role, Name, said"."""
    commas = [k for k in range(comma - 1, -1, -1) if tokens[k].text == ","]
    if not commas:
        return None
    inner = _mention_ending(findings, index, comma)
    if inner is not None and inner[0] == commas[0] + 1:
        role = tokens[commas[0] - 1].lower if commas[0] > 0 else ""
        if role in PERSON_ROLES or role in SOURCE_NOUNS:
            return inner[1]  # "His lawyer, Mark Summers, said"
    for boundary in commas:
        # "Brightlane, the cloud company based in Austin, Texas, said": the name that opens.
        opening = _mention_ending(findings, index, boundary)
        if opening is None:
            continue
        lead = tokens[opening[0] - 1] if opening[0] > 0 else None
        if lead is None or lead.text in _OPENERS or lead.lower in _SUBJECT_LEADS:
            return opening[1]
    return None


@dataclass(frozen=True, slots=True)
class _Story:
    """What the attribution rules know about the whole story."""

    findings: ActorFindings
    organisations: list[tuple[int, int, str]]
    kinds: dict[str, ActorKind]


def _subject_before(
    tokens: Sequence[Token], sentence: str, verb: int, *, index: int, story: _Story
) -> str | None:
    findings, organisations, kinds = story.findings, story.organisations, story.kinds
    end = verb
    while end > 0 and tokens[end - 1].lower in _SKIPPED_BEFORE_VERB:
        end -= 1
    if end == 0:
        return None
    if tokens[end - 1].text == ")":
        opening = next((k for k in range(end - 1, -1, -1) if tokens[k].text == "("), None)
        if opening is not None:
            end = opening
    named = _mention_ending(findings, index, end)
    if named is not None:
        start, name = named
        link = start - 1
        if link > 0 and tokens[link].lower == "the":
            link -= 1
        if link > 0 and tokens[link].lower in _LINKS:
            # "Inspector Ruth Okoro of the Metropolitan Police said": the person speaks.
            owner = _mention_ending(findings, index, link)
            if owner is not None and kinds.get(owner[1]) is ActorKind.PERSON:
                return owner[1]
        return name
    if tokens[end - 1].text == ",":
        return _subject_of_appositive(tokens, end - 1, findings, index)
    phrase = _phrase_before(tokens, sentence, end)
    if phrase is None:
        return None
    start, text = phrase
    words = [t.lower for t in tokens[start:end]]
    if words[-1] in ANAPHORIC_ORG_NOUNS and words[0] in ("the", "this"):
        # "the company said": the organisation named last before this sentence.
        earlier = [name for s, t, name in organisations if (s, t) < (index, start)]
        if earlier:
            return earlier[-1]
    return _strip_article(text)


def _anaphor_after(
    tokens: Sequence[Token], start: int, index: int, organisations: list[tuple[int, int, str]]
) -> str | None:
    """Resolve "according to the agency's figures" to the organisation named last."""
    words = [t.lower for t in tokens[start : start + 3]]
    if (
        len(words) == 3
        and words[0] == "the"
        and words[1] in ANAPHORIC_ORG_NOUNS
        and (tokens[start + 2].kind is Kind.POSSESSIVE or words[2] in (",", "."))
    ):
        earlier = [name for s, t, name in organisations if (s, t) < (index, start)]
        return earlier[-1] if earlier else None
    return None


def _role_word(token: Token) -> bool:
    """Return whether a word describes the speaker named after it ("marine biologist")."""
    word = token.lower.rstrip(".")
    if word in _TITLE_WORDS:
        return True
    return (
        token.is_word
        and token.text.islower()
        and word not in _NP_BREAKS
        and word not in ("a", "an", "the", "that", "it")
    )


def _introduces_speech(tokens: Sequence[Token], verb: int) -> bool:
    following = tokens[verb + 1].lower if verb + 1 < len(tokens) else "."
    previous = tokens[verb - 1].text if verb > 0 else ""
    return following in (":", ",", '"', "“", "that", ".") or previous in _CLOSERS


def find_sources(sentences: Sequence[str], findings: ActorFindings) -> tuple[str, ...]:
    """Return the sources a story cites, as readable names, without repeats."""
    kinds = {actor.name: actor.kind for actor in findings.actors}
    organisations = sorted(
        (s, t, name)
        for (s, t, _), name in findings.spans.items()
        if kinds.get(name) in (ActorKind.ORGANISATION, ActorKind.GROUP)
    )
    story = _Story(findings, organisations, kinds)
    sources: list[str] = []
    for index, sentence in enumerate(sentences):
        tokens = tokenize(sentence)
        for i, token in enumerate(tokens):
            word = token.lower
            if word == "according" and i + 1 < len(tokens) and tokens[i + 1].lower == "to":
                found = _anaphor_after(tokens, i + 2, index, organisations)
                found = found or _phrase_after(tokens, sentence, i + 2, findings, index)
                if found:
                    sources.append(found)
                continue
            if word not in SPEECH_VERBS:
                continue
            if word in ("added", "adds") and not _introduces_speech(tokens, i):
                continue  # "Alexander-Arnold added a third"
            subject = _subject_before(tokens, sentence, i, index=index, story=story)
            if subject is None and i > 0 and tokens[i - 1].text in _CLOSERS:
                first = i + 1
                while first < len(tokens) and first - i <= 3 and _role_word(tokens[first]):
                    first += 1  # '"...," said marine biologist Rick Stuart-Smith'
                after = _mention_starting(findings, index, first)
                if after is not None:
                    subject = after[1]
                elif i + 1 < len(tokens) and tokens[i + 1].lower in ("a", "an", "the", "one"):
                    subject = _phrase_after(tokens, sentence, i + 1, findings, index)
            if subject:
                sources.append(subject)
            if word in ("told", "tells"):
                outlet = _mention_starting(findings, index, i + 1)
                if outlet is not None and kinds.get(outlet[1]) is ActorKind.ORGANISATION:
                    sources.append(outlet[1])
    return _unique(sources, findings)


def _unique(sources: list[str], findings: ActorFindings) -> tuple[str, ...]:
    seen: set[str] = set()
    result: list[str] = []
    for source in sources:
        name = findings.name_for(source) or source
        key = normalise(_strip_article(name))
        if key in seen:
            continue
        seen.add(key)
        result.append(name)
    return tuple(result)
