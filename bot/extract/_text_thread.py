"""Find and read the reader-comment thread in page text that a browser saved or a user pasted.

Saved pages render threads in a few recognisable shapes: bullet lines with a commenter's name
("  • Rob") above indented text, indentation growing with each level of reply; "Name says:"
lines; a name over a date line; "Name • 5 years ago". The thread starts after a heading such
as "12 comments" or where those shapes take over from the article and run to the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from bot.core.model import Comment
from bot.extract._cleanup import is_call_to_action, is_story_list_heading
from bot.extract._datelines import read_dateline

_BULLET: Final = re.compile(r"^(?:[•◦▪▫●○‣⁃∙*]|[-–—·](?=\s))\s*")
_SAYS: Final = re.compile(
    r"^(?P<lead>.+?)\s+(?:says|said|wrote|writes|sagt|schrieb|schreibt|meint|dit|écrit"
    r"|a écrit|dice|escribió)\s*(?::\s*(?P<inline>.*)|)$",
    re.IGNORECASE,
)
# Between a name and the time it was written: "Rob • 5 years ago", "Rob on October 7, 2018".
_META_SEPARATOR: Final = re.compile(r"\s*[•·|—–]\s*|\s+-\s+|,\s+|\s+(?:on|am|le|el|at)\s+|\s+")
_REPLY_ARROW: Final = re.compile(r"\s*(?:→|➜|➔|▶|►|↪|>)\s*")
_NAME_BANNED: Final = re.compile(r"[!?;:,…\"“”„«»()\[\]{}<=+*/]|https?://|www\.")
_MAX_NAME_CHARS: Final = 40
_MAX_NAME_WORDS: Final = 4
_MAX_HEAD_CHARS: Final = 120
# "The minister said:" introduces a quotation in a story, not a commenter.
_NOT_NAMES: Final = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "you",
        "this",
        "that",
        "his",
        "her",
        "their",
        "our",
        "its",
        "der",
        "die",
        "das",
        "er",
        "sie",
        "es",
        "man",
        "ein",
        "eine",
        "il",
        "elle",
        "ils",
        "on",
        "le",
        "la",
        "les",
    ]
)
_MARKER: Final = re.compile(
    r"|".join(
        (
            r"^(?:\d+\s+)?(?:comments?|responses?|replies|reactions|kommentare?|leserkommentare"
            r"|commentaires?|comentarios?|reader comments?|user comments?|discussion|diskussion)"
            r"(?:\s*\(\d+\))?\s*:?$",
            r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\b",
            r"^(?:leave|post|add|write|submit) (?:a|your) (?:comment|reply|response)\b",
            r"^(?:join|start) the (?:discussion|conversation)\b",
            r"^(?:kommentar schreiben|kommentare anzeigen|diskutieren sie mit|jetzt kommentieren)",
            r"^(?:show|view|load|read) (?:all )?(?:\d+ )?comments?\b",
            r"^comments (?:are|is) closed\b",
        )
    ),
    re.IGNORECASE,
)
# Headings that a story may use for a section of its own: a thread only if comments follow.
_AMBIGUOUS_MARKER: Final = re.compile(
    r"^(?:discussion|diskussion|reactions|responses?|replies)\s*:?$", re.IGNORECASE
)
# What a comment form and a thread's controls leave in saved text.
_FORM: Final = re.compile(
    r"|".join(
        (
            r"^cancel reply$",
            r"^your (?:email|e-mail) address will not be published",
            r"^required fields are marked",
            r"^(?:name|e-?mail|email address|website|url|comment|kommentar)\s*\*?\s*:?$",
            r"^save my name\b",
            r"^notify me of\b",
            r"^you must be (?:logged in|registered)",
            r"^(?:log|sign) in to (?:comment|reply|post)",
            r"^this site uses akismet",
            r"^(?:be the first to comment|no comments yet|there are no comments)",
            r"^powered by disqus",
            r"^also on\b.{0,60}$",
            r"^sort by\b",
            r"^(?:newest|oldest|best|top|popular)(?: first)?$",
            r"^(?:post|submit|send) (?:comment|reply)$",
            r"^(?:load|show|view) (?:more|all|\d+)\b.{0,20}(?:comments?|replies)$",
            r"^(?:in )?reply to\b.{1,40}$",
            r"^ihre e-mail-adresse wird nicht veröffentlicht",
            r"^erforderliche felder sind",
            r"^kommentar (?:abschicken|absenden)$",
        )
    ),
    re.IGNORECASE,
)
_ACTION_WORDS: Final = frozenset(
    [
        "reply",
        "replies",
        "antworten",
        "antwort",
        "répondre",
        "responder",
        "like",
        "likes",
        "liked",
        "unlike",
        "dislike",
        "upvote",
        "upvotes",
        "downvote",
        "downvotes",
        "vote",
        "votes",
        "report",
        "flag",
        "share",
        "permalink",
        "link",
        "edit",
        "delete",
        "hide",
        "show",
        "view",
        "more",
        "load",
        "collapse",
        "expand",
        "see",
        "all",
        "points",
        "point",
        "login",
        "melden",
        "teilen",
        "gefällt",
        "mir",
        "recommend",
        "recommended",
        "helpful",
    ]
)
_ALPHA: Final = re.compile(r"[^\W\d_]+")
_ACTION_LEFTOVER: Final = re.compile(r"^[\s\d↑↓▲▼⬆⬇+−·•|()/›»<>-]*$")
_MAX_ACTION_WORDS: Final = 6
_ENDS_SENTENCE: Final = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*$")
_UNSPACED_PROSE_CHARS: Final = 30
_CHARS_PER_WORD: Final = 15
_PROSE_WORDS: Final = 8
_LONG_LINE_WORDS: Final = 25
# A thread candidate that leaves this much running text unaccounted for is a list in the story.
_MAX_STRAY_WORDS: Final = 30
_STRAY_LINE_WORDS: Final = 6
_MAX_CANDIDATES: Final = 25


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of page text: as written, stripped, and how far it is indented."""

    raw: str
    text: str
    indent: int


@dataclass(frozen=True, slots=True)
class TextThread:
    """Where a page's comment thread starts (a line index) and the comments read from it."""

    start: int
    comments: tuple[Comment, ...]


@dataclass(frozen=True, slots=True)
class _Head:
    author: str
    indent: int
    strong: bool
    bullet: bool
    body: int
    inline: str


@dataclass(frozen=True, slots=True)
class _Name:
    author: str
    dated: bool
    says: bool
    inline: str


@dataclass(frozen=True, slots=True)
class _Parsed:
    comments: tuple[Comment, ...]
    strong: bool
    stray_words: int
    comment_words: int


class _Scan:
    """Lines of one text, with each line's reading as a comment head worked out once."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = lines
        self._heads: dict[tuple[int, bool], _Head | None] = {}

    def head(self, index: int, *, relaxed: bool) -> _Head | None:
        key = (index, relaxed)
        if key not in self._heads:
            self._heads[key] = _head_at(self.lines, index, relaxed=relaxed)
        return self._heads[key]


def text_lines(text: str) -> list[TextLine]:
    """Split text into lines, measuring indentation with tabs as four spaces."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        expanded = raw.expandtabs(4)
        stripped = expanded.strip()
        lines.append(TextLine(raw, stripped, len(expanded) - len(expanded.lstrip())))
    return lines


def is_prose(text: str) -> bool:
    """Tell whether a line reads as running text rather than a label, name or heading."""
    words = len(text.split())
    if words >= _LONG_LINE_WORDS:
        return True
    if _ENDS_SENTENCE.search(text) is None:
        return False
    # Scripts written without spaces (Chinese, Japanese, Thai) are measured in characters.
    unspaced = len(text) >= _UNSPACED_PROSE_CHARS and len(text) > words * _CHARS_PER_WORD
    return words >= _PROSE_WORDS or unspaced


def is_thread_marker(text: str, *, ambiguous: bool = True) -> bool:
    """Tell whether a line heads a comment thread ("12 comments", "Leave a reply").

    With ``ambiguous`` false, headings that a story may use for a section of its own
    ("Discussion") do not count.
    """
    line = text.strip()
    return bool(_MARKER.match(line)) and (ambiguous or not _AMBIGUOUS_MARKER.match(line))


def find_text_thread(lines: list[TextLine], *, after: int) -> TextThread | None:
    """Return the comment thread that starts at or after line ``after``, if there is one.

    Without a heading, only unmistakable shapes start a thread (text indented under a bullet
    name, "says:", a name with a date); after a heading or a plea to the reader, bullets with
    text at their own margin count as well.
    """
    scan = _Scan(lines)
    marker = next((i for i in range(after, len(lines)) if is_thread_marker(lines[i].text)), None)
    shape = _first_thread_shape(scan, after)
    start = shape
    if marker is not None and (shape is None or marker < shape):
        if _is_thread(_parse(scan, marker, relaxed=True), marked=True):
            start = marker
        elif shape is None and not _AMBIGUOUS_MARKER.match(lines[marker].text):
            between = _prose_words(lines, marker + 1, len(lines))
            # More story after the heading than before it: a comment count under the lead.
            start = None if between > _prose_words(lines, 0, marker) else marker
    if start is None:
        start = _after_plea(scan, after)
    if start is None:
        return None
    return TextThread(start, _parse(scan, start, relaxed=True).comments)


def _first_thread_shape(scan: _Scan, after: int) -> int | None:
    lines = scan.lines
    attempts = 0
    index = after
    while index < len(lines):
        if scan.head(index, relaxed=False) is None:
            index += 1
            continue
        if _introduced(scan, index):
            index = _after_list(scan, index)
            continue
        if _is_thread(_parse(scan, index, relaxed=False), marked=False):
            return index
        attempts += 1
        if attempts >= _MAX_CANDIDATES:
            break
        index += 1
    return None


def _after_list(scan: _Scan, index: int) -> int:
    """Return the index of the first line past a bulleted list and the notes indented in it."""
    lines = scan.lines
    margin = lines[index].indent
    index += 1
    while index < len(lines):
        line = lines[index]
        if line.text and line.indent <= margin and not _BULLET.match(line.text):
            break
        index += 1
    return index


def _introduced(scan: _Scan, index: int) -> bool:
    """Tell whether a story line ending in a colon introduces what follows as its own list."""
    lines = scan.lines
    before = next((lines[i].text for i in range(index - 1, -1, -1) if lines[i].text), "")
    return before.endswith(":") and not is_thread_marker(before) and not _is_noise(before)


def _after_plea(scan: _Scan, after: int) -> int | None:
    """Return the line of a plea to the reader that a thread of any shape follows."""
    lines = scan.lines
    attempts = 0
    for index in range(after, len(lines)):
        text = lines[index].text
        if not text or not is_call_to_action(text):
            continue
        if _is_thread(_parse(scan, index + 1, relaxed=True), marked=False):
            return index
        attempts += 1
        if attempts >= _MAX_CANDIDATES:
            break
    return None


def _is_thread(parsed: _Parsed, *, marked: bool) -> bool:
    if not parsed.comments or (len(parsed.comments) < 2 and not (parsed.strong or marked)):
        return False
    return parsed.stray_words <= max(_MAX_STRAY_WORDS, parsed.comment_words // 2)


def _parse(scan: _Scan, start: int, *, relaxed: bool) -> _Parsed:
    """Read comments from ``start`` to the end, with depths from the indentation of their heads."""
    lines = scan.lines
    comments: list[Comment] = []
    authors: set[str] = set()
    indents: list[int] = []
    strong = False
    stray = 0
    index = start
    while index < len(lines):
        text = lines[index].text
        if not text:
            index += 1
            continue
        if is_story_list_heading(text):
            index = _skip_list(scan, index + 1)
            continue
        head = scan.head(index, relaxed=relaxed)
        if head is None:
            if not _is_noise(text) and len(text.split()) >= _STRAY_LINE_WORDS:
                stray += len(text.split())
            index += 1
            continue
        while indents and indents[-1] >= head.indent:
            indents.pop()
        depth = len(indents)
        indents.append(head.indent)
        parts, index = _comment_text(scan, head, relaxed=relaxed)
        if parts:
            strong = strong or head.strong
            author = _without_addressee(head.author, authors)
            authors.add(author)
            comments.append(Comment(text="\n".join(parts), author=author, depth=depth))
    words = sum(len(comment.text.split()) for comment in comments)
    return _Parsed(tuple(comments), strong, stray, words)


def _without_addressee(author: str, known: set[str]) -> str:
    """Drop the name of the commenter replied to, which some threads print after the author."""
    words = author.split()
    for cut in range(1, len(words)):
        if " ".join(words[cut:]) in known:
            return " ".join(words[:cut])
    return author


def _comment_text(scan: _Scan, head: _Head, *, relaxed: bool) -> tuple[list[str], int]:
    lines = scan.lines
    parts = [head.inline] if head.inline else []
    text_indent: int | None = None
    index = head.body
    while index < len(lines):
        line = lines[index]
        if not line.text:
            index += 1
            continue
        if (
            scan.head(index, relaxed=relaxed) is not None
            or is_story_list_heading(line.text)
            or is_thread_marker(line.text)
            or _FORM.match(line.text)
        ):
            break
        if text_indent is None:
            text_indent = line.indent
        elif head.bullet and line.indent < text_indent and line.indent <= head.indent:
            # Text back at the bullet's margin no longer belongs to this comment.
            break
        if not _is_action(line.text):
            parts.append(line.text)
        index += 1
    return parts, index


def _skip_list(scan: _Scan, index: int) -> int:
    """Return the index after a list of other stories' titles."""
    lines = scan.lines
    while index < len(lines):
        text = lines[index].text
        if text and (is_prose(text) or scan.head(index, relaxed=True) is not None):
            break
        index += 1
    return index


def _head_at(lines: list[TextLine], index: int, *, relaxed: bool) -> _Head | None:
    """Read the line as the head of a comment (its author), or return None.

    Unless ``relaxed``, a bullet name needs its text indented deeper than the bullet (or a
    "says:" or a date beside it): a short list in a story has its text at the bullet's margin.
    """
    line = lines[index]
    bullet = _BULLET.match(line.text)
    name_line = index
    if bullet and bullet.end() == len(line.text):
        # A bullet alone on its line, the name on the next: lists of blocks render so.
        found = _next_text(lines, index + 1)
        if found is None or _BULLET.match(lines[found].text):
            return None
        name_line = found
    text = lines[name_line].text
    name = _read_name(text[bullet.end() :] if bullet and name_line == index else text)
    if name is None:
        return None
    body = _next_text(lines, name_line + 1)
    dated_below = body is not None and not name.dated and read_dateline(lines[body].text)
    if dated_below and body is not None:
        body = _next_text(lines, body + 1)
    # A bare name over a date could be a byline; bullets, "says:" and inline dates are clearer.
    strong = bool(bullet) or name.says or name.dated
    if not (strong or dated_below):
        return None
    if not name.inline:
        if body is None or _looks_like_head(lines[body].text):
            return None
        if bullet and (lines[body].indent < line.indent or _BULLET.match(lines[body].text)):
            return None
        flush = lines[body].indent <= line.indent
        if bullet and flush and not (relaxed or name.says or name.dated or dated_below):
            return None
    return _Head(
        author=name.author,
        indent=line.indent,
        strong=strong,
        bullet=bool(bullet),
        body=body if body is not None else index + 1,
        inline=name.inline,
    )


@lru_cache(maxsize=4096)
def _read_name(text: str) -> _Name | None:
    """Read a head line without its bullet: the author, a time beside it, "says:" and text."""
    if len(text) > _MAX_HEAD_CHARS:
        return None
    says = _SAYS.match(text)
    lead, inline = text, ""
    if says:
        lead, inline = says.group("lead"), (says.group("inline") or "").strip()
    if says and lead.split()[0].casefold() in _NOT_NAMES:
        return None
    arrow = _REPLY_ARROW.search(lead)
    if arrow is not None and arrow.start():
        # "Dev Patel → Mabel Ross • 5 years ago": the addressee follows the arrow.
        dated = _read_name(lead[arrow.end() :]) if lead[arrow.end() :] else None
        if dated is not None and _is_name(lead[: arrow.start()]):
            return _Name(
                lead[: arrow.start()].strip().lstrip("@"), dated.dated, says is not None, inline
            )
        return None
    for separator in _META_SEPARATOR.finditer(lead, 0, _MAX_NAME_CHARS + 2):
        name = lead[: separator.start()]
        if separator.start() and read_dateline(lead[separator.end() :]) and _is_name(name):
            return _Name(name.strip().lstrip("@"), dated=True, says=says is not None, inline=inline)
    if _is_name(lead):
        return _Name(lead.strip().lstrip("@"), dated=False, says=says is not None, inline=inline)
    return None


def _looks_like_head(text: str) -> bool:
    """Tell, from the line alone, whether it could head a comment of its own."""
    bullet = _BULLET.match(text)
    name = _read_name(text[bullet.end() :] if bullet else text)
    return name is not None and bool(bullet or name.dated or name.says)


def _next_text(lines: list[TextLine], index: int) -> int | None:
    while index < len(lines):
        if lines[index].text:
            return index
        index += 1
    return None


def _is_name(text: str) -> bool:
    name = text.strip().lstrip("@")
    if not name or len(name) > _MAX_NAME_CHARS or _NAME_BANNED.search(name):
        return False
    words = name.split()
    if len(words) > _MAX_NAME_WORDS or not any(char.isalpha() for char in name):
        return False
    if name.endswith(".") and len(words[-1]) > 3:
        return False
    return not (
        is_call_to_action(name)
        or _is_action(name)
        or read_dateline(name)
        or is_thread_marker(name)
        or _FORM.match(name)
        or is_story_list_heading(name)
    )


def _is_action(text: str) -> bool:
    """Tell whether a line is one of a thread's controls ("Reply", "Like 3", "↑ 12 ↓")."""
    words = _ALPHA.findall(text.casefold())
    if len(words) > _MAX_ACTION_WORDS or not all(word in _ACTION_WORDS for word in words):
        return False
    return bool(_ACTION_LEFTOVER.match(_ALPHA.sub(" ", text)))


@lru_cache(maxsize=4096)
def _is_noise(text: str) -> bool:
    return bool(
        is_call_to_action(text)
        or _FORM.match(text)
        or is_thread_marker(text)
        or _is_action(text)
        or read_dateline(text)
    )


def _prose_words(lines: list[TextLine], start: int, end: int) -> int:
    return sum(
        len(line.text.split())
        for line in lines[start:end]
        if line.text and not _is_noise(line.text) and is_prose(line.text)
    )
