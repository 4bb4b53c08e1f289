"""Parse chat text into commands; the grammar every adapter shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

MAX_LINKS: Final = 5
MAX_ALERT_LIMIT: Final = 60  # alerts an hour: more is a flood, whatever the room asks
MAX_NAME: Final = 120  # characters: longer is not a name, and would not fit a database index

_URL_IN_TEXT: Final = re.compile(r"<?(https?://[^\s<>]+)>?", re.IGNORECASE)
# Characters that close a sentence or a bracket are rarely part of a shared link.
_TRAILING_PUNCTUATION: Final = ".,;:!?)]}'\""


@dataclass(frozen=True, slots=True)
class Summarize:
    """Summarise each link, or the recent conversation when there is none."""

    targets: tuple[str, ...] = ()
    dropped: int = 0


@dataclass(frozen=True, slots=True)
class Help:
    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Follow:
    """Follow one actor by name (with +include and -exclude words), or a summary's actors."""

    name: str | None = None
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unfollow:
    name: str


@dataclass(frozen=True, slots=True)
class Following:
    pass


@dataclass(frozen=True, slots=True)
class Sources:
    """List sources, or add or remove one."""

    action: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Alerts:
    """Show or change how a room gets follow-ups: "immediate" or "digest", and how many an
    hour at most before the rest wait for the digest."""

    mode: str | None = None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Unknown:
    name: str


@dataclass(frozen=True, slots=True)
class Invalid:
    """A known command used the wrong way; `usage` says the right way."""

    name: str
    usage: str


Command = Summarize | Help | Follow | Unfollow | Following | Sources | Alerts | Unknown | Invalid

USAGE: Final[dict[str, str]] = {
    "summarize": "summarize [URL…]",
    "follow": "follow [NAME [+word…] [-word…]]",
    "unfollow": "unfollow NAME",
    "following": "following",
    "sources": "sources [add URL | remove URL]",
    "alerts": f"alerts [immediate | digest] [limit N] (N from 1 to {MAX_ALERT_LIMIT})",
    "help": "help",
}

_ALIASES: Final = {"summarise": "summarize", "sum": "summarize", "tldr": "summarize"}


def strip_link(token: str) -> str:
    """Remove the brackets, quotes and trailing punctuation that chat text puts around a link."""
    token = token.strip().lstrip("<(\"'")
    while token and token[-1] in _TRAILING_PUNCTUATION + ">":
        # Keep a closing bracket that pairs with one inside the link (Wikipedia-style URLs).
        if token[-1] == ")" and token.count("(") >= token.count(")"):
            break
        token = token[:-1]
    return token


def links_in(text: str) -> tuple[str, ...]:
    """Return the distinct http(s) links in free text, in order."""
    seen: dict[str, None] = {}
    for match in _URL_IN_TEXT.finditer(text):
        seen.setdefault(strip_link(match.group(1)), None)
    return tuple(seen)


def _names_something(text: str) -> bool:
    """Tell whether a typed name has a letter or digit in it ("!!!" names nothing)."""
    return any(character.isalnum() for character in text)


def _follow(words: list[str]) -> Follow:
    include = tuple(w[1:].lower() for w in words if w.startswith("+") and len(w) > 1)
    exclude = tuple(w[1:].lower() for w in words if w.startswith("-") and len(w) > 1)
    name = " ".join(w for w in words if not (w[:1] in "+-" and len(w) > 1))
    return Follow(name or None, include, exclude)


def _alerts(words: list[str]) -> Alerts | None:
    """Read "[immediate | digest] [limit N]" in either order; None when it is not that."""
    mode: str | None = None
    limit: int | None = None
    rest = [w.lower() for w in words]
    while rest:
        word = rest.pop(0)
        if word in {"immediate", "digest"} and mode is None:
            mode = word
        elif word == "limit" and limit is None and rest and rest[0].isdecimal():
            limit = int(rest.pop(0))
            if not 1 <= limit <= MAX_ALERT_LIMIT:
                return None
        else:
            return None
    return Alerts(mode, limit)


def parse(text: str, *, prefix: str = "!") -> Command | None:
    """Return the command in a message, or None when the message is not addressed to Tidings."""
    stripped = text.strip()
    if not stripped.startswith(prefix) or len(stripped) == len(prefix):
        return None
    head, _, rest = stripped[len(prefix) :].partition(" ")
    if not head or not head[0].isalpha():
        return None  # "!!!" or "! hello" is punctuation, not a command
    name = _ALIASES.get(head.lower(), head.lower())
    rest = rest.strip()
    # Plain whitespace: names hold apostrophes ("Hay'at") that a shell-style split would eat.
    words = rest.split()
    match name:
        case "summarize":
            targets = tuple(dict.fromkeys(strip_link(w) for w in words if strip_link(w)))
            return Summarize(targets[:MAX_LINKS], max(0, len(targets) - MAX_LINKS))
        case "help":
            return Help(words[0].lstrip(prefix).lower() if words else None)
        case "follow" | "unfollow" if len(rest) > MAX_NAME:
            return Invalid(name, USAGE[name])
        case "follow":
            follow = _follow(words)
            # Filters belong to a named follow: "!follow +ceasefire" alone would drop them.
            filtered = bool(follow.include or follow.exclude)
            if (follow.name is None and filtered) or (
                follow.name is not None and not _names_something(follow.name)
            ):
                return Invalid(name, USAGE[name])
            return follow
        case "unfollow":
            return Unfollow(rest) if _names_something(rest) else Invalid(name, USAGE[name])
        case "following":
            return Following()
        case "alerts":
            return _alerts(words) or Invalid(name, USAGE[name])
        case "sources":
            if not words:
                return Sources()
            action = words[0].lower()
            if action in {"add", "remove"} and len(words) == 2:
                return Sources(action, strip_link(words[1]))
            return Invalid(name, USAGE[name])
        case _:
            return Unknown(head)
