"""Find which followed actors a story mentions, on word boundaries, tuned for precision."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

# Apostrophes split words, so "HTS's" holds the word "HTS" and "Hay’at" equals "Hay'at".
_WORD: Final = re.compile(r"\w+")
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
    """An index of followed names; `find` returns the ids of the actors a text mentions."""

    def __init__(self, names: Iterable[tuple[int, str]]) -> None:
        self._exact: dict[str, list[_Pattern]] = defaultdict(list)
        self._folded: dict[str, list[_Pattern]] = defaultdict(list)
        for actor_id, name in names:
            self._add(actor_id, name)
        self._exact_keys = frozenset(self._exact)
        self._folded_keys = frozenset(self._folded)

    def _add(self, actor_id: int, name: str) -> None:
        words = _WORD.findall(name)
        if not words:
            return
        if is_acronym(name):
            # Acronyms are case-sensitive: "NFL" is not the word "nfl" in a URL slug.
            self._exact[words[0]].append(_Pattern(tuple(words[1:]), actor_id, ()))
            return
        lowered = [w.lower() for w in words]
        # A capitalised word of a name matches only where the text capitalises it too, so
        # "Apple" does not fire on "an apple a day"; a name typed in lower case matches anywhere.
        capitals = tuple(i for i, w in enumerate(words) if w[:1].isupper())
        self._folded[lowered[0]].append(_Pattern(tuple(lowered[1:]), actor_id, capitals))

    def __bool__(self) -> bool:
        return bool(self._exact_keys or self._folded_keys)

    def find(self, text: str) -> set[int]:
        """Return the ids of every indexed actor the text mentions."""
        words = _WORD.findall(text)
        if not words:
            return set()
        # One regex pass; lower-casing the joined words is far cheaper than a second pass.
        lowered = " ".join(words).lower().split(" ")
        found: set[int] = set()
        if hits := self._exact_keys.intersection(words):
            self._scan(words, words, hits, self._exact, found)
        if hits := self._folded_keys.intersection(lowered):
            self._scan(lowered, words, hits, self._folded, found)
        return found

    @staticmethod
    def _scan(
        keys: list[str],
        words: list[str],
        hits: frozenset[str] | set[str],
        index: dict[str, list[_Pattern]],
        found: set[int],
    ) -> None:
        for i, key in enumerate(keys):
            if key not in hits:
                continue
            for pattern in index[key]:
                end = i + 1 + len(pattern.rest)
                if tuple(keys[i + 1 : end]) != pattern.rest:
                    continue
                if all(words[i + offset][:1].isupper() for offset in pattern.capitals):
                    found.add(pattern.actor_id)


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
