"""Read reader comments out of a page's markup, with author and nesting depth."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

from lxml import etree
from lxml.html import HtmlElement

from bot.core.model import Comment


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# One comment each: WordPress and most hand-made threads mark items with a bare "comment" class,
# schema.org markup (Discourse's crawler view among others) with itemprop/itemtype, Disqus with
# li.post under its thread, Discourse's app view with article[data-post-id].
_ITEMS: Final = etree.XPath(
    "//*[self::li or self::article or self::div or self::section]["
    + " or ".join(
        (
            _has_class("comment"),
            _has_class("comment-item"),
            _has_class("comment-entry"),
            _has_class("comments__item"),
            _has_class("comment__item"),
            "@itemprop='comment'",
            "contains(@itemtype, 'schema.org/Comment')",
        )
    )
    + "]"
    + " | //*[@id='disqus_thread' or @id='post-list' or "
    + _has_class("post-list")
    + "]//li["
    + _has_class("post")
    + "]"
    + " | //article[@data-post-id]"
)
# Hand-made threads: plain list items inside a container named for comments.
_LIST_ITEMS: Final = etree.XPath(
    "//*[@id='comments' or @id='comment-list' or "
    + " or ".join(
        _has_class(name)
        for name in ("comments", "comment-list", "commentlist", "comments-list", "comment-thread")
    )
    + "]//li[not(ancestor::form) and not(ancestor::menu) and not(ancestor::nav)]"
)
# Where the text of a comment lives, best guess first.
_BODIES: Final = tuple(
    etree.XPath(expr)
    for expr in (
        f".//*[{_has_class('comment-content')}]",
        f".//*[{_has_class('comment-text')} or {_has_class('comment_text')}]",
        ".//*[@itemprop='text']",
        f".//*[{_has_class('cooked')}]",
        f".//*[{_has_class('post-message')}]",
        f".//*[{_has_class('comment-body')} and not(.//*[{_has_class('comment-author')}])]",
        f".//*[{_has_class('message')} or {_has_class('comment-message')}]",
    )
)
_AUTHORS: Final = tuple(
    etree.XPath(expr)
    for expr in (
        f".//*[{_has_class('fn')}]",
        ".//*[@itemprop='author']//*[@itemprop='name']",
        ".//*[@itemprop='author']",
        f".//*[{_has_class('comment-author')} or {_has_class('comment-author-name')}]",
        f".//*[{_has_class('author')} or {_has_class('username')} or {_has_class('creator')}]",
        f".//*[{_has_class('commenter')} or {_has_class('user-name')} or {_has_class('name')}]",
        ".//*[@data-username]",
    )
)
# Parts of a comment that are about it rather than of it.
_META: Final = re.compile(
    r"(?:^|[-_])(?:meta|author|avatar|reply|vote|like|action|date|time|byline|permalink|says"
    r"|report|flag|share|footer|header|badge|names)",
    re.IGNORECASE,
)
_DROP_TAGS: Final = frozenset(
    {
        "script",
        "style",
        "noscript",
        "form",
        "button",
        "img",
        "svg",
        "time",
        "footer",
        "header",
        "aside",
    }
)
_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"article", "section", "table", "tr", "br", "dd", "dt", "figure", "aside"}
)
_DEPTH_CLASS: Final = re.compile(r"(?:^|\s)depth-(\d+)(?:\s|$)")
_SAYS: Final = re.compile(r"\s+(?:says|said|wrote|sagt|schreibt|dit|écrit)\s*:?\s*$", re.IGNORECASE)
_SPACES: Final = re.compile(r"\s+")
_MAX_AUTHOR_CHARS: Final = 80


@dataclass(frozen=True, slots=True)
class Thread:
    """The comments found on a page and the elements that hold them."""

    comments: tuple[Comment, ...]
    elements: tuple[HtmlElement, ...]


def find_comments(tree: HtmlElement) -> Thread:
    """Return the page's comments in reading order, and the top-level elements that hold them."""
    items = [item for item in _ITEMS(tree) if _is_comment_item(item)]
    if not items:
        items = [item for item in _LIST_ITEMS(tree) if _is_comment_item(item)]
    if not items:
        return Thread((), ())
    members = set(items)
    comments: list[Comment] = []
    kept: list[HtmlElement] = []
    for item in items:
        ancestors = sum(1 for a in item.iterancestors() if a in members)
        text = _comment_text(item, members)
        if ancestors == 0:
            kept.append(item)
        if not text:
            continue
        comments.append(
            Comment(text=text, author=_author(item, members), depth=_depth(item, ancestors))
        )
    return Thread(tuple(comments), tuple(kept))


def _is_comment_item(item: HtmlElement) -> bool:
    # The opening post of a forum topic is the article itself.
    if item.tag == "article" and item.get("data-post-id") is not None:
        number = item.get("data-post-number")
        if number == "1" or item.get("id") == "post_1":
            return False
        if number is None and item.getprevious() is None and item.getparent() is not None:
            first = next(iter(item.getparent().iterchildren("article")), None)
            if first is item:
                return False
    return item.find(".//h1") is None


def _depth(item: HtmlElement, ancestors: int) -> int:
    # WordPress numbers its nesting from one on each item, which survives flattened threads.
    match = _DEPTH_CLASS.search(item.get("class", ""))
    if match:
        return max(int(match.group(1)) - 1, 0)
    return ancestors


def _owned(
    found: Iterable[HtmlElement], item: HtmlElement, members: set[HtmlElement]
) -> Iterator[HtmlElement]:
    """Yield the found elements that belong to the item itself, not to a reply nested in it."""
    for element in found:
        owner = next((a for a in element.iterancestors() if a in members), None)
        if element is not item and owner is item:
            yield element


def _author(item: HtmlElement, members: set[HtmlElement]) -> str | None:
    for xpath in _AUTHORS:
        for element in _owned(xpath(item), item, members):
            name = _SAYS.sub("", _SPACES.sub(" ", element.text_content()).strip()).strip()
            if name and len(name) <= _MAX_AUTHOR_CHARS:
                return name.lstrip("@")
    return None


def _comment_text(item: HtmlElement, members: set[HtmlElement]) -> str:
    for xpath in _BODIES:
        body = next(_owned(xpath(item), item, members), None)
        if body is not None:
            return _text(body, members, skip_meta=False)
    return _text(item, members, skip_meta=True)


def _text(root: HtmlElement, members: set[HtmlElement], *, skip_meta: bool) -> str:
    parts: list[str] = []
    _walk(root, root, members, skip_meta, parts)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(
    node: HtmlElement,
    root: HtmlElement,
    members: set[HtmlElement],
    skip_meta: bool,
    parts: list[str],
) -> None:
    skipped = node is not root and (
        node in members
        or not isinstance(node.tag, str)
        or node.tag in _DROP_TAGS
        or (skip_meta and _is_meta(node))
    )
    if not skipped:
        block = node.tag in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            _walk(child, root, members, skip_meta, parts)
        if block:
            parts.append("\n")
    if node is not root and node.tail:
        parts.append(node.tail)


def _is_meta(node: HtmlElement) -> bool:
    for attribute in ("class", "id"):
        value = node.get(attribute)
        if value and any(_META.search(token) for token in value.split()):
            return True
    return False
