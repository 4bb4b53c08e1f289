"""Read page text that a user saved or pasted: headline, byline and body, comments apart.

Such text still carries the page around the story: donation widgets, captions, pleas to
subscribe, the headline twice, a comment thread. Those lines go; every other line of the story
is kept exactly as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Final

from bot.core.model import Comment
from bot.extract._cleanup import (
    is_call_to_action,
    is_caption,
    is_embed_leftover,
    is_story_list_heading,
)
from bot.extract._datelines import read_dateline
from bot.extract._text_thread import (
    TextLine,
    find_text_thread,
    is_prose,
    is_thread_marker,
    text_lines,
)

_HEADER_LINES: Final = 40
_BULLETS: Final = "•◦▪●○‣*-–·"
_MENU_ITEM_WORDS: Final = 2
_MENU_RUN: Final = 3
_HEADLINE_MAX_CHARS: Final = 150
_HEADLINE_MAX_WORDS: Final = 20
_STANDFIRST_WORDS: Final = 15
_FURNITURE_WORDS: Final = 4
_HEADLINE_MIN_WORDS: Final = 3
_UNSPACED_HEADLINE_CHARS: Final = 12
_SENTENCE_END: Final = re.compile(r"[.!?:;…,。！？]$")
_STATEMENT_END: Final = re.compile(r"[.:;…,。]$")
# Web addresses, handles, hashtags and label lists ("RRP: … More info: …") are no headline.
_NOT_HEADLINE: Final = re.compile(r"https?://|www\.|(?:^|\s)[@#]\w|:.*:|^[•◦▪●○‣*·]|\s[›»>/]\s")
_SENTENCES: Final = re.compile(r"(?<=[.!?…])\s+")
# A sentence this long beside a plea is reporting, and keeps its line in the body.
_STORY_SENTENCE_WORDS: Final = 8
_KEY_WORD: Final = re.compile(r"\w+")
_NAME: Final = r"[A-ZÀ-Þ][\w'’.-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.-]+|van|von|de|der|da|di|al|bin|la|le))*"
_BYLINE: Final = re.compile(
    rf"(?:^|\s)(?:(?:[Pp]osted|[Ww]ritten|[Pp]ublished|POSTED|WRITTEN)\s+)?"
    rf"(?:[Bb]y|BY|[Vv]on|VON|[Pp]ar|[Pp]or|[Dd]oor|[Tt]ext|[Aa]utho?r)\s*:?\s+"
    rf"(?P<name>{_NAME}(?:\s+(?:and|und|&|et|y)\s+{_NAME})*)(?=$|[\s,|·•])"
)
# "By Ann Lee, City Hall reporter": a role after the name; "… in Politics": the section.
_ROLE: Final = re.compile(r"^\s*,\s*([^,|·•\d]{1,50}?)\s*(?=$|[|·•])")
_LOWER_ROLE: Final = re.compile(r"^\s+((?:[a-zäöüéè-]+\s*){1,3})(?=$|[|·•,])")
_CATEGORY: Final = re.compile(r"\s+in\s+[\w &'’-]{1,30}$")
_PIECE_LEAD: Final = re.compile(r"^(?:on|am|le|el|posted|published|updated)\s+", re.IGNORECASE)
_PERSON: Final = re.compile(rf"^{_NAME}$")
# One handle ("ann_lee") or up to three capitalised names.
_SIGNATURE_NAME: Final = re.compile(
    r"^@?(?:[\w.-]+|[A-ZÀ-Þ][\w'’.-]+(?:\s+[A-ZÀ-Þ][\w'’.-]+){1,2})$"
)
_SIGNATURE_SEPARATOR: Final = re.compile(r"\s*[•·|—–]\s*|\s+-\s+|,\s+|\s+(?:on|am)\s+|\s+")
_MAX_PERSON_WORDS: Final = 4
_MAX_SIGNATURE_CHARS: Final = 100
_MAX_META_CHARS: Final = 160
_HEADER_SEPARATOR: Final = re.compile(r"\s+[|·•—–]\s+|\s+-\s+|\s*,\s+(?=\D)")
_READING_TIME: Final = re.compile(
    r"^\d+\s*(?:min(?:ute)?s?|minuten?)\.?(?:\s+(?:read|lesezeit|lesen|de lecture))?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PageText:
    """What page text holds: its headline, byline, date, story and comments."""

    title: str | None
    body: str
    author: str | None = None
    published: date | None = None
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True, slots=True)
class _Meta:
    author: str | None
    day: date | None


def read_page_text(text: str) -> PageText:
    """Split page text into headline, byline, date, story body and comment thread."""
    lines = text_lines(text)
    first_prose = next(
        (i for i, line in enumerate(lines) if is_prose(line.text) and not _is_plea(line.text)),
        len(lines),
    )
    thread = find_text_thread(lines, after=first_prose + 1)
    end = thread.start if thread is not None else len(lines)
    dropped = _clutter(lines, end, first_prose)
    header = [i for i in range(min(first_prose, end)) if lines[i].text and i not in dropped]
    header = header[:_HEADER_LINES]
    author: str | None = None
    published: date | None = None
    # A standfirst may come before the byline: look as far as the story's second paragraph.
    second_prose = next((i for i in range(first_prose + 1, end) if is_prose(lines[i].text)), end)
    top = [i for i in range(second_prose) if lines[i].text and i not in dropped]
    for index in top[:_HEADER_LINES]:
        meta = _header_meta(lines[index].text) or _signature(lines[index].text)
        if meta is not None:
            dropped.add(index)
            author = author or meta.author
            published = published or meta.day
    header = [i for i in header if i not in dropped]
    if author is None:
        author = _author_over_date(lines, header, dropped)
        header = [i for i in header if i not in dropped]
    title_lines = _title_lines(lines, header, end, dropped)
    dropped.update(title_lines)
    if title_lines:
        # Above the headline sit the site's name, menu and banners, never the story.
        dropped.update(i for i in header if i < title_lines[0])
    title = " ".join(lines[title_lines[0]].text.split()) if title_lines else None
    return PageText(
        title=title,
        body=_assemble(lines[:end], dropped),
        author=author,
        published=published,
        comments=thread.comments if thread is not None else (),
    )


def _clutter(lines: list[TextLine], end: int, first_prose: int) -> set[int]:
    """Return the indices of lines before ``end`` that belong to the page, not the story."""
    dropped: set[int] = set()
    index = 0
    while index < end:
        text = lines[index].text
        if text and index > first_prose and is_story_list_heading(text):
            dropped.add(index)
            index = _drop_list(lines, index + 1, end, dropped)
            continue
        if text and (_is_plea(text) or is_thread_marker(text, ambiguous=False)):
            dropped.add(index)
        index += 1
    return dropped


def _drop_list(lines: list[TextLine], index: int, end: int, dropped: set[int]) -> int:
    """Drop the titles listed under a "related stories" heading; return where the story resumes."""
    seen_item = False
    after_blank = False
    while index < end:
        line = lines[index]
        if not line.text:
            after_blank = True
            index += 1
            continue
        bulleted = line.text[:1] in _BULLETS
        if is_prose(line.text) or (seen_item and after_blank and not bulleted):
            break
        dropped.add(index)
        seen_item = True
        after_blank = False
        index += 1
    return index


def _is_plea(text: str) -> bool:
    """Tell whether a line is page clutter: a caption, or a plea without a story sentence in it."""
    if is_caption(text) or is_embed_leftover(text):
        return True
    if not is_call_to_action(text):
        return False
    sentences = _SENTENCES.split(text)
    # A plea may go on to explain itself; a story sentence followed by a plea keeps its line.
    return is_call_to_action(sentences[0]) or all(
        is_call_to_action(sentence) or len(sentence.split()) < _STORY_SENTENCE_WORDS
        for sentence in sentences
    )


def _header_meta(text: str) -> _Meta | None:
    """Read a byline or date line above the story ("By Ann Lee | October 7, 2018")."""
    if len(text) > _MAX_META_CHARS:
        return None
    author: str | None = None
    rest = text
    byline = _BYLINE.search(text)
    if byline is not None:
        author = byline.group("name")
        tail = text[byline.end() :]
        role = _ROLE.match(tail) or _LOWER_ROLE.match(tail)
        if role is not None and read_dateline(role.group(1)) is None:
            tail = tail[role.end() :]
        rest = f"{text[: byline.start()]} {_CATEGORY.sub('', tail)}"
    whole = read_dateline(rest.strip(" ,|·•—–-"))
    if whole is not None:
        return _Meta(author, whole.day)
    day: date | None = None
    for part in _HEADER_SEPARATOR.split(rest):
        piece = _PIECE_LEAD.sub("", part.strip(" ,|·•—–-"))
        if not piece:
            continue
        dateline = read_dateline(piece)
        if dateline is not None:
            day = day or dateline.day
        elif not (_READING_TIME.match(piece) or _is_plea(piece)):
            return None
    return _Meta(author, day) if author is not None or day is not None else None


def _signature(text: str) -> _Meta | None:
    """Read "ann_lee April 2, 2024, 7:21pm": a user name beside the time of writing."""
    if len(text) > _MAX_SIGNATURE_CHARS:
        return None
    for separator in _SIGNATURE_SEPARATOR.finditer(text):
        name, when = text[: separator.start()], text[separator.end() :]
        dateline = read_dateline(when)
        if separator.start() and dateline is not None and _SIGNATURE_NAME.match(name):
            return _Meta(name, dateline.day)
    return None


def _title_lines(
    lines: list[TextLine], header: list[int], end: int, dropped: set[int]
) -> list[int]:
    """Return the lines that hold the headline: a repeated one, or the last one above the story.

    The site's name, tagline, menu and banners come before the headline, the byline, date and
    caption after it; a long standfirst without a full stop may follow it directly.
    """
    keys = {index: _key(lines[index].text) for index in header}
    for index in header:
        same = [other for other in header if keys[other] and keys[other] == keys[index]]
        if len(same) > 1 and _is_headline(lines[index].text, repeated=True):
            return same if _followed(lines, same[-1], end, dropped) else []
    pool = header[_after_navigation(lines, header) :] or header
    candidates = [i for i in pool if _is_headline(lines[i].text, repeated=False)]
    if not candidates:
        return []
    choice = candidates[-1]
    position = pool.index(choice)
    if (
        len(candidates) > 1
        and position > 0
        and pool[position - 1] == candidates[-2]
        and len(lines[choice].text.split()) >= _STANDFIRST_WORDS
        and len(lines[candidates[-2]].text.split()) < len(lines[choice].text.split())
    ):
        choice = candidates[-2]
    if not all(_is_furniture(lines[i].text) for i in pool if i < choice):
        # Story text above it: the top of the text is no page header, so only a first line
        # that reads as a headline is one.
        choice = candidates[0] if candidates[0] == pool[0] else -1
    return [choice] if choice >= 0 and _followed(lines, choice, end, dropped) else []


def _is_furniture(text: str) -> bool:
    """Tell whether a short line could be a site's name, a menu or a section label."""
    words = text.split()
    if text[:1] in _BULLETS or len(words) <= _FURNITURE_WORDS:
        return True
    # Menus in one line: "Politics Business Sport Culture", every word capitalised.
    return not _SENTENCE_END.search(text) and all(
        not word[:1].isalpha() or word[:1].isupper() for word in words
    )


def _after_navigation(lines: list[TextLine], header: list[int]) -> int:
    """Return the position in the header after its last run of menu items."""
    after = 0
    run = 0
    bullets = 0
    for position, index in enumerate(header):
        text = lines[index].text
        words = len(text.split())
        bulleted = text[:1] in _BULLETS and words <= _MENU_ITEM_WORDS + 1
        if bulleted or words <= _MENU_ITEM_WORDS:
            run += 1
            bullets += bulleted
            if bullets >= _MENU_RUN - 1 or run >= _MENU_RUN:
                after = position + 1
        else:
            run = bullets = 0
    return after


def _is_headline(text: str, *, repeated: bool) -> bool:
    words = text.split()
    if len(text) > _HEADLINE_MAX_CHARS or len(words) > _HEADLINE_MAX_WORDS:
        return False
    if not any(char.isalpha() for char in text) or _NOT_HEADLINE.search(text):
        return False
    # One or two words above a story are a section, a place or a desk ("Staff Reports"); a
    # script written without spaces is measured in characters instead.
    short = len(words) < _HEADLINE_MIN_WORDS and not (
        len(words) == 1 and len(text) >= _UNSPACED_HEADLINE_CHARS
    )
    if short and not repeated:
        return False
    # A question or exclamation heads a story only when the page shows it twice, as headlines.
    return not (_STATEMENT_END if repeated else _SENTENCE_END).search(text)


def _followed(lines: list[TextLine], index: int, end: int, dropped: set[int]) -> bool:
    return any(lines[i].text and i not in dropped for i in range(index + 1, end))


def _author_over_date(lines: list[TextLine], header: list[int], dropped: set[int]) -> str | None:
    """Take a bare name right above a dropped date line, under a headline, for the byline."""
    for position, index in enumerate(header):
        # With no headline above it, a short capitalised line over the date is the headline.
        if not any(_is_headline(lines[i].text, repeated=False) for i in header[:position]):
            continue
        below = next((i for i in range(index + 1, len(lines)) if lines[i].text), None)
        text = lines[index].text
        if (
            below in dropped
            and below is not None
            and read_dateline(lines[below].text) is not None
            and _PERSON.match(text)
            and 2 <= len(text.split()) <= _MAX_PERSON_WORDS
        ):
            dropped.add(index)
            return text
    return None


def _key(text: str) -> str:
    # Saved pages repeat a headline with straight and curly quotes alike.
    return " ".join(_KEY_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _assemble(lines: list[TextLine], dropped: set[int]) -> str:
    """Join the kept lines as written, closing the gaps that dropped lines leave."""
    kept: list[str] = []
    skip_blanks = False
    for index, line in enumerate(lines):
        if index in dropped:
            skip_blanks = not kept or not kept[-1].strip()
            continue
        if not line.text and skip_blanks:
            continue
        skip_blanks = False
        kept.append(line.raw)
    return "\n".join(kept).strip()
