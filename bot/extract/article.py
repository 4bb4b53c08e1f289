"""Turn a fetched page into an Article: trafilatura for the body, our own clean-up around it."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any, Final

import trafilatura
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from bot.core.errors import ExtractionError, FailureReason
from bot.core.model import Article
from bot.extract._cleanup import (
    drop_call_boxes,
    drop_calls_to_action,
    drop_headline,
    merge_passes,
)
from bot.extract._comments import find_comments
from bot.extract._plain import read_page_text
from bot.extract._prune import (
    prune_clutter,
    remove,
    split_break_paragraphs,
    strip_invisible,
    unwrap_layout_tables,
)
from bot.extract._siblings import add_sibling_chunks
from bot.text import detect_language

logger = logging.getLogger(__name__)

_PARSER: Final = HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
_BYLINE_MAX_CHARS: Final = 80
_MIN_ARTICLE_WORDS: Final = 25
_MIN_SENTENCE_WORDS: Final = 8
_MIN_UNSPACED_CHARS: Final = 60
_CHARS_PER_WORD: Final = 20
_LANG: Final = re.compile(r"^([a-z]{2})(?:[-_]|$)", re.IGNORECASE)
_SPACES: Final = re.compile(r"[ \t\r\f\v]+")
_ALL_SPACES: Final = re.compile(r"\s+")
_TITLE_SEPARATOR: Final = re.compile(r"\s+(?:[-|–—·»]|::)\s+")
# "By Tom Reinholt" in a short line of its own or after a date: the author where metadata has none.
_BYLINE: Final = re.compile(
    r"(?:^|\W\s)(?:By|Von|Par|Por|Door)\s+([A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})\s*$"
)


class ArticleExtractor:
    """Read article text, metadata and comments out of HTML pages.

    With ``favor_precision`` (the default) trafilatura reads the body in its precise mode and a
    second, broader pass only adds long paragraphs the first one missed; without it a single
    default pass is made.
    """

    def __init__(self, *, favor_precision: bool = True) -> None:
        self._favor_precision = favor_precision

    def extract(self, html: str, *, url: str | None = None) -> Article:
        """Read the article out of a page, or raise ExtractionError when it holds none."""
        tree = _parse(html)
        if tree is None:
            raise ExtractionError(FailureReason.EMPTY, "The page is empty.")
        strip_invisible(tree)
        thread = find_comments(tree)
        for element in thread.elements:
            remove(element)
        unwrap_layout_tables(tree)
        split_break_paragraphs(tree)
        pruned = prune_clutter(tree) + drop_call_boxes(tree)
        logger.debug(
            "pruned %d clutter elements, %d comments from %s", pruned, len(thread.comments), url
        )
        fields = _trafilatura(tree, url, precise=self._favor_precision, metadata=True)
        body = str(fields.get("text") or "")
        if self._favor_precision:
            # The precise pass sometimes drops whole stretches of the story; a broader pass
            # over the same tree finds them, and only its long paragraphs are trusted.
            broad = _trafilatura(tree, url, precise=False, metadata=False)
            body = merge_passes(body, str(broad.get("text") or ""))
        body = add_sibling_chunks(tree, body)
        title, site = _title_and_site(
            tree, _clean(fields.get("title")), _clean(fields.get("sitename"))
        )
        text = _tidy(drop_headline(drop_calls_to_action(body), title))
        if not _reads_like_an_article(text):
            raise ExtractionError(
                FailureReason.EMPTY, "The page has no article text that Tidings could find."
            )
        return Article(
            url=url or _clean(fields.get("url")),
            title=title,
            text=text,
            site=site,
            author=_clean(fields.get("author")) or _byline(tree),
            published=_date(fields.get("date")),
            language=detect_language(text) or _html_language(tree),
            comments=thread.comments,
        )

    def from_text(self, text: str, *, url: str | None = None) -> Article:
        """Read article text saved or pasted from a page, leaving the page's clutter behind.

        A headline near the top (once or twice) becomes the title, a byline or date line above
        the story the author and date; donation widgets, captions and pleas to donate, share or
        subscribe go; a comment thread at the end becomes the comments. Every other line of the
        story is kept exactly as written, so clean article text comes through unchanged.
        """
        if not text.strip():
            raise ExtractionError(FailureReason.EMPTY, "The text is empty.")
        page = read_page_text(text)
        if not page.body:
            raise ExtractionError(
                FailureReason.EMPTY, "The text holds no article, only the page around one."
            )
        logger.debug(
            "read page text: title %r, %d comments, %d of %d characters kept from %s",
            page.title,
            len(page.comments),
            len(page.body),
            len(text),
            url,
        )
        return Article(
            url=url,
            title=page.title,
            text=page.body,
            author=page.author,
            published=page.published,
            language=detect_language(page.body),
            comments=page.comments,
        )


def _trafilatura(
    tree: HtmlElement, url: str | None, *, precise: bool, metadata: bool
) -> dict[str, Any]:
    """Run trafilatura over a (pruned) tree; it copies the tree, so one tree serves both passes."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=precise,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        with_metadata=metadata,
    )
    if isinstance(document, dict):
        return document
    as_dict = getattr(document, "as_dict", None)
    return as_dict() if callable(as_dict) else {}


def _parse(html: str) -> HtmlElement | None:
    if not html or not html.strip():
        return None
    try:
        tree = document_fromstring(html.encode("utf-8", errors="replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


def _title_and_site(
    tree: HtmlElement, title: str | None, site: str | None
) -> tuple[str | None, str | None]:
    """Prefer the headline over the site's name when both share the document title."""
    raw = _clean(tree.findtext(".//head/title"))
    if not raw or not title:
        return title, site
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(raw) if part.strip()]
    if len(parts) < 2 or title.casefold() not in {part.casefold() for part in parts}:
        return title, site
    body = tree.find(".//body")
    shown = _ALL_SPACES.sub(" ", body.text_content()).casefold() if body is not None else ""
    # The headline is the longest part that the page also shows; the rest names the site.
    candidates = [part for part in parts if part.casefold() in shown] or [title]
    headline = max(candidates, key=lambda part: len(part.split()))
    if site is None and len(parts) == 2:
        site = next(part for part in parts if part != headline) if headline in parts else None
    return headline, site


def _byline(tree: HtmlElement) -> str | None:
    body = tree.find(".//body")
    if body is None:
        return None
    for piece in body.itertext():
        match = _BYLINE.search(piece) if len(piece) <= _BYLINE_MAX_CHARS else None
        if match:
            return match.group(1)
    return None


def _reads_like_an_article(text: str) -> bool:
    # Menus and footers leave a few words per line; any article has a sentence or two.
    lines = text.split("\n")
    words = sum(len(line.split()) for line in lines)
    if words >= _MIN_ARTICLE_WORDS or any(
        len(line.split()) >= _MIN_SENTENCE_WORDS for line in lines
    ):
        return True
    # Scripts written without spaces (Chinese, Japanese, Thai) are measured in characters.
    letters = sum(len(line) for line in lines)
    return words * _CHARS_PER_WORD < letters and letters >= _MIN_UNSPACED_CHARS


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = _SPACES.sub(" ", value).strip()
    return value or None


def _date(value: object) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _html_language(tree: HtmlElement) -> str | None:
    match = _LANG.match(tree.get("lang") or "")
    return match.group(1).lower() if match else None
