"""Drop leftover calls to donate, share or subscribe from extracted article text."""

from __future__ import annotations

import re
from typing import Final

# Only short paragraphs are judged: a long one that mentions donations is reporting, not a plea.
_MAX_WORDS: Final = 45
_MAX_POINTER_WORDS: Final = 25
# Words a paragraph found by the broad pass alone needs, within and around the precise text.
_MERGE_INSIDE: Final = 10
_MERGE_OUTSIDE: Final = 30

_CALLS: Final = re.compile(
    r"|".join(
        (
            r"\bconsider (?:helping|supporting|donating|subscribing|a donation)\b",
            r"\bsupport (?:us|our (?:work|journalism|reporting|mission|newsroom))\b",
            r"\bsupport independent (?:journalism|reporting|media|news)\b",
            r"\b(?:please )?donate (?:now|today|here|to us|to our)\b",
            r"\bmake a (?:donation|contribution)\b",
            r"\bbecome an? (?:supporter|member|patron|subscriber)\b",
            r"\b(?:do|did) you (?:like|enjoy|value) (?:this|what you|our)\b",
            r"\bif you (?:like|enjoy|value|appreciate) (?:this|our|what we)\b",
            r"\bsubscribe (?:to|for|now|today)\b",
            r"\bsign up (?:for|to) (?:our|the) (?:\w+ )?newsletter\b",
            r"\b(?:our|the|daily|weekly) newsletter\b.*\b(?:inbox|sign up|subscribe)\b",
            r"^share (?:this|on|via)\b",
            r"\bshare (?:it|this (?:story|article|post)) with (?:a|your) friends?\b",
            r"^(?:share|teilen|partager|compartir)\s*:?$",
            r"\bfollow us on\b",
            r"^illustrative (?:image|photo|picture)\.?$",
            r"^(?:advertisement|anzeige|werbung|publicité)$",
            r"\bunterstützen sie (?:uns|unsere)\b",
            r"\bjetzt (?:spenden|abonnieren)\b",
            r"\bnewsletter (?:abonnieren|bestellen)\b",
            r"^(?:©|\(c\)|copyright\b)",
            r"\ball rights reserved\b",
            r"^(?:\d+\s+)?comments?$",
            r"^(?:leave|add|post|write) a (?:comment|reply)\b",
            r"^tell us what you think\b",
        )
    ),
    re.IGNORECASE,
)
# Paragraphs made only of amounts ("0 $ 2,500 $ 5,000 $") come from donation-goal widgets.
_AMOUNTS: Final = re.compile(
    r"^(?:\s*(?:[$€£¥]\s*\d[\d.,]*|\d[\d.,]*\s*(?:[$€£¥]|USD|EUR|GBP))\s*)+$", re.IGNORECASE
)
# Pointers to other stories: "Related: ...", "Read more: ...", "SEE ALSO ...".
_POINTER: Final = re.compile(
    r"^(?:related(?: posts?| stories| articles?| coverage)?|read more|read also|also read|see more"
    r"|see also|more|also|don'?t miss|recommended|most read|mehr zum thema|lesen sie auch"
    r"|auch interessant)\b\s*(?::|\.\.\.|…|$)",
    re.IGNORECASE,
)
# Headings of boxes that list other stories; what follows them to the end is the list.
_MORE_HEADING: Final = re.compile(
    r"^(?:you (?:may|might) (?:also )?(?:like|enjoy)|more (?:from|on|about|stories)\b.*"
    r"|related(?: posts| stories| articles| coverage| reading)?|recommended(?: for you)?"
    r"|das könnte sie auch interessieren|weitere artikel|mehr zum thema|lesen sie auch"
    r"|vous aimerez aussi|à lire aussi|te puede interesar|você pode gostar|most (?:read|popular)"
    r"|popular (?:posts|stories)|trending)\s*(?::|\.\.\.|…)?$",
    re.IGNORECASE,
)
_SOCIAL: Final = frozenset(
    [
        "share",
        "tweet",
        "twitter",
        "facebook",
        "email",
        "e-mail",
        "print",
        "whatsapp",
        "telegram",
        "reddit",
        "linkedin",
        "pinterest",
        "x",
        "copy",
        "link",
        "mastodon",
        "bluesky",
        "flipboard",
        "pocket",
        "messenger",
    ]
)
_WORD: Final = re.compile(r"[\w'-]+")


def is_call_to_action(paragraph: str) -> bool:
    """Tell whether a paragraph is a plea to donate, share or subscribe rather than story text."""
    text = paragraph.strip()
    if not text:
        return True
    words = _WORD.findall(text.lower())
    if len(words) > _MAX_WORDS:
        return False
    if _AMOUNTS.match(text):
        return True
    if words and len(words) <= 6 and all(word in _SOCIAL for word in words):
        return True
    if len(words) <= _MAX_POINTER_WORDS and _POINTER.match(text):
        return True
    return bool(_CALLS.search(text))


def drop_calls_to_action(text: str) -> str:
    """Return the text without paragraphs that only ask the reader to donate, share or subscribe."""
    lines = [line for line in text.split("\n") if line.strip()]
    # A "you may also like" heading in the last part of the text starts a list of other stories.
    for index in range(len(lines) - 1, max(len(lines) // 2, 1) - 1, -1):
        if _MORE_HEADING.match(lines[index].strip()):
            lines = lines[:index]
            break
    return "\n".join(line for line in lines if not is_call_to_action(line))


def drop_headline(text: str, title: str | None) -> str:
    """Remove the headline where the body repeats it as its first line."""
    if not title:
        return text
    lines = text.split("\n")
    key = _key(title)
    for index, line in enumerate(lines[:3]):
        if key and _key(line) == key:
            return "\n".join(lines[:index] + lines[index + 1 :])
    return text


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def merge_passes(precise: str, broad: str) -> str:
    """Add to a precise extraction the long paragraphs that only a broader one found."""
    precise_lines = [line for line in precise.split("\n") if line.strip()]
    broad_lines = [line for line in broad.split("\n") if line.strip()]
    known = set(precise_lines)
    # Different orders or contents mean the passes read different parts: trust the precise one.
    if not broad_lines or not known <= set(broad_lines):
        return precise if precise_lines else broad
    matched = [index for index, line in enumerate(broad_lines) if line in known]
    first, last = (matched[0], matched[-1]) if matched else (len(broad_lines), -1)
    merged = []
    for index, line in enumerate(broad_lines):
        inside = first < index < last
        if line in known or len(line.split()) >= (_MERGE_INSIDE if inside else _MERGE_OUTSIDE):
            merged.append(line)
    return "\n".join(merged)
