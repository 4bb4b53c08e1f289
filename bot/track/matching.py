"""Find which followed actors a story mentions, on word boundaries, tuned for precision."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

# Apostrophes split words, so "HTS's" holds the word "HTS" and "Hay’at" equals "Hay'at".
_WORD: Final = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


_ACRONYM: Final = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


def is_acronym(name: str) -> bool:
    """Return True for names like "HTS" or "SOHR", which only match in capitals."""
    return bool(_ACRONYM.match(name.replace(".", "").replace(" ", "")))


@dataclass(frozen=True, slots=True)
class _Pattern:
    rest: tuple[str, ...]
    actor_id: int
    capitals: tuple[int, ...]  # offsets of the words that must start with a capital


class ActorMatcher:
    """An index of followed names; `find` returns the ids of the actors a text mentions.

    Most names are one word ("HTS", "Hamas"): those are found with one set intersection per
    text. Only names of several words are looked for position by position.
    """

    def __init__(self, names: Iterable[tuple[int, str]]) -> None:
        self._single: dict[str, set[int]] = defaultdict(set)  # as written
        self._single_folded: dict[str, set[int]] = defaultdict(set)  # typed in lower case
        # Longer names by their first two words, lower-cased: a common first word ("John",
        # "National") leads to few candidates once the second word is known.
        self._multi: dict[tuple[str, str], list[_Pattern]] = defaultdict(list)
        for actor_id, name in names:
            self._add(actor_id, name)
        self._single_keys = frozenset(self._single)
        self._single_folded_keys = frozenset(self._single_folded)
        self._multi_keys = frozenset(first for first, _ in self._multi)

    def _add(self, actor_id: int, name: str) -> None:
        words = _words(name)
        if not words:
            return
        if len(words) == 1:
            word = words[0]
            if word == word.lower():
                self._single_folded[word].add(actor_id)
            else:
                # Acronyms are case-sensitive ("NFL" is not "nfl" in a URL slug), and a
                # capitalised name does not fire on the common word ("Apple", "an apple").
                self._single[word].add(actor_id)
                self._single[word.upper()].add(actor_id)  # headlines in capitals
            return
        lowered = [w.lower() for w in words]
        capitals = tuple(i for i, w in enumerate(words) if w[:1].isupper())
        if is_acronym(name):
            capitals = tuple(range(len(words)))
        self._multi[lowered[0], lowered[1]].append(_Pattern(tuple(lowered[2:]), actor_id, capitals))

    def __bool__(self) -> bool:
        return bool(self._single_keys or self._single_folded_keys or self._multi_keys)

    def find(self, text: str) -> set[int]:
        """Return the ids of every indexed actor the text mentions."""
        words = _words(text)
        if not words:
            return set()
        found: set[int] = set()
        for word in self._single_keys.intersection(words):
            found |= self._single[word]
        if not (self._single_folded_keys or self._multi_keys):
            return found
        # Lower-casing the joined words is far cheaper than lower-casing each one.
        lowered = " ".join(words).lower().split(" ")
        if len(lowered) != len(words):  # a rare case mapping that adds a space
            lowered = [w.lower() for w in words]
        for word in self._single_folded_keys.intersection(lowered):
            found |= self._single_folded[word]
        if hits := self._multi_keys.intersection(lowered):
            last = len(lowered) - 1
            for i in [i for i, key in enumerate(lowered) if key in hits and i < last]:
                for pattern in self._multi.get((lowered[i], lowered[i + 1]), ()):
                    end = i + 2 + len(pattern.rest)
                    if tuple(lowered[i + 2 : end]) != pattern.rest:
                        continue
                    if all(words[i + offset][:1].isupper() for offset in pattern.capitals):
                        found.add(pattern.actor_id)
        return found


def passes_keywords(text: str, *, include: Iterable[str], exclude: Iterable[str]) -> bool:
    """Return True when the text has one of the include words (if any) and none of the excludes."""
    words = set(_WORD.findall(text.lower()))
    lowered = text.lower()

    def mentions(keyword: str) -> bool:
        keyword = keyword.lower().strip()
        return keyword in words if _WORD.fullmatch(keyword) else keyword in lowered

    includes = [k for k in include if k.strip()]
    if includes and not any(mentions(k) for k in includes):
        return False
    return not any(mentions(k) for k in exclude if k.strip())
