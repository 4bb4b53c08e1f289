"""Find which followed actors a story mentions, on word boundaries, tuned for precision."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Final

import ahocorasick

_WORD: Final = re.compile(r"\w+")
_ACRONYM: Final = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")


def is_acronym(name: str) -> bool:
    """Return True for names like "HTS" or "SOHR", which only match in capitals."""
    return bool(_ACRONYM.match(name.replace(".", "").replace(" ", "")))


def _fold(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


# An automaton's value for a name: the name's length less one, and the actor (or actors) it
# names. A bare int for the usual single owner saves building a set per hit.
_Owners = int | frozenset[int]


def _automaton(entries: dict[str, set[int]]) -> ahocorasick.Automaton | None:
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for key, actor_ids in entries.items():
        owners: _Owners = next(iter(actor_ids)) if len(actor_ids) == 1 else frozenset(actor_ids)
        automaton.add_word(key, (len(key) - 1, owners))
    automaton.make_automaton()
    return automaton


class ActorMatcher:
    """An index of followed names; `find` returns the ids of the actors a text mentions.

    Names are found in one pass over the text by an Aho-Corasick automaton (in C), as they are
    written or in capitals (headlines): so "HTS" is not "hts" in a URL slug and "Apple" does
    not fire on "an apple a day". A name typed in lower case matches in any case. Each hit
    must stand on word boundaries.
    """

    def __init__(self, names: Iterable[tuple[int, str]]) -> None:
        as_written: dict[str, set[int]] = defaultdict(set)
        any_case: dict[str, set[int]] = defaultdict(set)
        for actor_id, name in names:
            written = " ".join(_fold(name).split())
            if not _WORD.search(written):
                continue
            if written == written.lower():
                any_case[written].add(actor_id)
                continue
            for form in {written, written.upper()}:
                if len(form) == len(written):
                    as_written[form].add(actor_id)
        self._as_written = _automaton(as_written)
        self._any_case = _automaton(any_case)

    def __bool__(self) -> bool:
        return self._as_written is not None or self._any_case is not None

    def find(self, text: str) -> set[int]:
        """Return the ids of every indexed actor the text mentions."""
        found: set[int] = set()
        if not text:
            return found
        text = _fold(text)
        if self._as_written is not None:
            _collect(self._as_written, text, found)
        if self._any_case is not None:
            _collect(self._any_case, text.lower(), found)
        return found


def _collect(automaton: ahocorasick.Automaton, text: str, found: set[int]) -> None:
    last = len(text) - 1
    for end, (span, owners) in automaton.iter(text):
        start = end - span
        if (start and text[start - 1].isalnum()) or (end < last and text[end + 1].isalnum()):
            continue
        if isinstance(owners, int):
            found.add(owners)
        else:
            found.update(owners)


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
