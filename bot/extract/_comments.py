"""Read reader comments out of a page's markup, with author and nesting depth."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from typing import Final

from lxml import etree
from lxml.html import HtmlElement

from bot.core.model import Comment


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


# Words that name one comment in a class: "comment", "js-comment", "coral-comment", "cmt".
_ITEM_WORDS: Final = frozenset({"comment", "reaction", "cmt", "commentaire", "comentario"})
_ITEM_TAILS: Final = frozenset({"item", "entry"})
# "add-comment", "leave-comment", "icon-comment": a button, form or counter, not a comment.
_NOT_ITEM_PREFIXES: Final = frozenset(
    {"add", "leave", "post", "write", "new", "no", "count", "icon", "respond", "reply", "form"}
    | {"open", "closed", "show", "toggle", "load", "more", "view", "has", "with", "is", "to"}
)
# Containers of replies; each one a comment sits in is one level of nesting.
_REPLY_WORDS: Final = frozenset(
    {"children", "child", "replies", "replylist", "reponses", "respuestas", "antworten", "rep"}
    | {"indented", "subcomments", "answers"}
)
# One comment each beyond class names: schema.org markup (Discourse's crawler view among
# others), Disqus with li.post under its thread, Discourse's app view with article[data-post-id].
_MARKED_ITEMS: Final = etree.XPath(
    "//*[@itemprop='comment' or contains(@itemtype, 'schema.org/Comment')]"
    + " | //*[@id='disqus_thread' or @id='post-list' or "
    + _has_class("post-list")
    + "]//li["
    + _has_class("post")
    + "]"
    + " | //article[@data-post-id]"
)
_ITEM_TAGS: Final = frozenset({"li", "article", "div", "section"})
# Hand-made threads: plain list items inside a container named for comments.
_LIST_ITEMS: Final = etree.XPath(
    "//*[@id='comments' or @id='comment-list' or "
    + " or ".join(
        _has_class(name)
        for name in ("comments", "comment-list", "commentlist", "comments-list", "comment-thread")
    )
    + "]//li[not(ancestor::form) and not(ancestor::menu) and not(ancestor::nav)]"
)
# The last word of a class that holds a comment's text, in order of trust.
_BODY_TAILS: Final = frozenset({"content", "text", "texte", "texto", "tx", "message", "msg"})
_OWN_BODIES: Final = frozenset(
    {"cooked", "md", "usertext-body", "post-message", "message", "content", "postcontent"}
    | {"post-content", "post-text", "posttext"}
)
# Forum software that lists a topic as a stream of posts: phpBB, vBulletin and kin.
_POST_WORDS: Final = frozenset({"post", "postcontainer", "postbit", "postbitlegacy"})
_POST_BODIES: Final = frozenset({"postbody", "content", "postcontent", "post-content", "message"})
_MIN_FORUM_POSTS: Final = 3
# Headings over a thread whose markup names nothing: "Comments (12)", "Réactions", "3 Kommentare".
_THREAD_HEADINGS: Final = ("h2", "h3", "h4", "h5")
_THREAD_TITLE: Final = re.compile(
    r"^(?:\d+\s+)?(?:reader'?s'?\s+)?(?:comments?|reactions?|réactions?|responses?|replies"
    r"|comentarios?|kommentare?|commentaires?|reacties|discussion|leserkommentare)"
    r"\s*(?:\(\d+\)|\d+)?\s*:?$",
    re.IGNORECASE,
)
_MIN_RUN: Final = 3
_MIN_COMMENT_WORDS: Final = 5
_MAX_COMMENT_WORDS: Final = 400
_MAX_NAME_WORDS: Final = 5
_SENTENCE_END: Final = re.compile(r"[.!?…]\s*$")
_DATE: Final = re.compile(
    r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai|juin|juil"
    r"|août|sept|déc|ene|abr|ago|dic|mär|okt|dez)[a-zéû]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|janv|févr|mars|avr|mai"
    r"|juin|juil|août|sept|déc|ene|abr|ago|dic|mär|okt|dez)[a-zéû]*\b"
    r"|\b(?:ago|il y a|hace|vor)\b",
    re.IGNORECASE,
)
_ACTIONS: Final = frozenset(
    {"reply", "report", "like", "share", "flag", "quote", "permalink", "edit", "delete"}
    | {"répondre", "signaler", "antworten", "melden", "responder", "denunciar", "citer"}
)
_AUTHOR_TAILS: Final = frozenset({"author", "auteur", "autor", "username", "commenter", "nm"})
_HEADINGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_AUTHOR_NAMES: Final = frozenset({"fn", "author", "username", "creator", "user-name", "name"})
_NOT_VERIFIED: Final = re.compile(r"\s*\((?:not verified|non vérifié|nicht verifiziert)\)\s*$")
# Parts of a comment that are about it rather than of it.
_META: Final = re.compile(
    r"(?:^|[-_])(?:meta|author|avatar|reply|vote|like|action|date|time|byline|permalink|says"
    r"|report|flag|share|footer|header|badge|names|tagline|buttons|entete|(?:ft|hd|dt)(?:$|[-_]))",
    re.IGNORECASE,
)
# Text kept from sighted readers: "In reply to …" lines and permalink titles.
_HIDDEN: Final = frozenset({"hidden", "visually-hidden", "sr-only", "screen-reader-text"})
# Labels shown beside a name: "Subscriber", "Featured", "Moderator".
_BADGE: Final = re.compile(r"badge|flair|tag$|(?:^|[-_])(?:role|label)", re.IGNORECASE)
_DROP_TAGS: Final = frozenset(
    {
        "script",
        "style",
        "noscript",
        "button",
        "input",
        "select",
        "textarea",
        "label",
        "img",
        "svg",
        "time",
        "footer",
        "header",
        "aside",
        "blockquote",
    }
)
_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "li", "ul", "ol", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
    | {"article", "section", "table", "tr", "br", "dd", "dt", "figure", "aside", "form"}
)
_DEPTH_CLASS: Final = re.compile(r"(?:^|\s)(depth|indent)-(\d+)(?:\s|$)")
_SAYS: Final = re.compile(r"\s+(?:says|said|wrote|sagt|schreibt|dit|écrit)\s*:?\s*$", re.IGNORECASE)
_POST_ID: Final = re.compile(r"^post[-_](\d+)$")
_SEGMENTS: Final = re.compile(r"[-_]+")
_SPACES: Final = re.compile(r"\s+")
_MAX_AUTHOR_CHARS: Final = 80
# A wrapper around one comment holds little of its own beyond the name and date.
_MAX_WRAPPER_WORDS: Final = 30


@dataclass(frozen=True, slots=True)
class Thread:
    """The comments found on a page and the elements to take out of the page with them."""

    comments: tuple[Comment, ...]
    elements: tuple[HtmlElement, ...]


def find_comments(tree: HtmlElement) -> Thread:
    """Return the page's comments in reading order, and the top-level elements that hold them."""
    items = _merge_wrappers([item for item in _candidates(tree) if _is_comment_item(item)])
    if not items:
        items = [item for item in _LIST_ITEMS(tree) if _is_comment_item(item)]
    furniture: list[HtmlElement] = []
    if not items:
        # A forum topic: the opening post is the article, every later post a comment on it.
        posts = _forum_posts(tree)
        items = posts[1:]
        if posts:
            furniture = _around_body(posts[0])
    if not items:
        return _shaped_thread(tree)
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
    return Thread(tuple(comments), tuple(kept + furniture))


def _around_body(post: HtmlElement) -> list[HtmlElement]:
    """Return the parts of a post beside its text: the poster's card, dates, signature."""
    body = _body(post, {post})
    if body is None:
        return []
    around: list[HtmlElement] = []
    child = body
    for parent in body.iterancestors():
        around.extend(e for e in parent if e is not child and isinstance(e.tag, str))
        if parent is post:
            break
        child = parent
    return around


def _shaped_thread(tree: HtmlElement) -> Thread:
    """Read a thread in unknown markup: blocks of one shape under a "Comments" heading."""
    for heading in tree.iter(*_THREAD_HEADINGS):
        if not _THREAD_TITLE.match(_SPACES.sub(" ", heading.text_content()).strip()):
            continue
        run = _same_shape_run(heading)
        if run:
            comments = [
                Comment(text=text, author=_loose_author(block), depth=0)
                for block in run
                if (text := _loose_text(block))
            ]
            return Thread(tuple(comments), tuple(run))
    return Thread((), ())


def _same_shape_run(heading: HtmlElement) -> list[HtmlElement]:
    """Return the first run of like blocks after a heading, in its parent or a box below it."""
    places: list[HtmlElement] = []
    for sibling in heading.itersiblings():
        if isinstance(sibling.tag, str):
            places.append(sibling)
    parent = heading.getparent()
    groups: list[list[HtmlElement]] = []
    if parent is not None:
        groups.append(places)
    groups.extend([c for c in place if isinstance(c.tag, str)] for place in places[:3])
    for group in groups:
        run: list[HtmlElement] = []
        for block in group:
            shape = (block.tag, block.get("class"))
            if run and (run[0].tag, run[0].get("class")) == shape and _looks_like_comment(block):
                run.append(block)
                continue
            if len(run) >= _MIN_RUN:
                return run
            run = [block] if _looks_like_comment(block) else []
        if len(run) >= _MIN_RUN:
            return run
    return []


def _looks_like_comment(block: HtmlElement) -> bool:
    text = _SPACES.sub(" ", block.text_content()).strip()
    words = len(text.split())
    if not (_MIN_COMMENT_WORDS <= words <= _MAX_COMMENT_WORDS) or not _DATE.search(text):
        return False
    return _loose_author(block) is not None and bool(_loose_text(block))


def _leaves(block: HtmlElement) -> Iterator[str]:
    for element in block.iter(etree.Element):
        if element.tag in _DROP_TAGS and element.tag not in {"time", "header", "footer"}:
            continue
        if not any(child.tag in _BLOCK_TAGS or child.tag == "span" for child in element):
            text = _SPACES.sub(" ", element.text_content()).strip()
            if text:
                yield text


def _loose_author(block: HtmlElement) -> str | None:
    for text in _leaves(block):
        words = text.split()
        if len(words) > _MAX_NAME_WORDS or _DATE.search(text):
            continue
        if text.casefold().strip(" :|·") in _ACTIONS:
            continue
        return _SAYS.sub("", text).strip().lstrip("@") or None
    return None


def _loose_text(block: HtmlElement) -> str:
    lines = _text(block, set(), skip_meta=True).split("\n")
    kept = [
        line
        for line in lines
        if len(line.split()) > _MAX_NAME_WORDS + 2
        or (_SENTENCE_END.search(line) and not _DATE.search(line))
    ]
    author = _loose_author(block)
    return "\n".join(line for line in kept if line != author)


def _forum_posts(tree: HtmlElement) -> list[HtmlElement]:
    posts = [
        element
        for element in tree.iter("div", "li", "article", "section")
        if any("-".join(p) in _POST_WORDS for p in _tokens(element))
        and any(_is_post_body(d) for d in element.iterdescendants(etree.Element))
    ]
    outer = [post for post in posts if not any(a in posts for a in post.iterancestors())]
    if len(outer) < _MIN_FORUM_POSTS or len({post.tag for post in outer}) > 1:
        return []
    return outer


def _is_post_body(element: HtmlElement) -> bool:
    if (element.get("id") or "").startswith("post_message"):
        return True
    return any("-".join(p) in _POST_BODIES for p in _tokens(element))


def _segments(token: str) -> list[str]:
    """Split a class name into its lower-case words, dropping numbers and BEM modifiers."""
    base = token.split("--", 1)[0].lower()
    return [part for part in _SEGMENTS.split(base) if part and not part.isdigit()]


def _tokens(element: HtmlElement) -> list[list[str]]:
    return [_segments(token) for token in (element.get("class") or "").split()]


def _names_item(parts: list[str]) -> bool:
    if not parts:
        return False
    if parts[-1] in _ITEM_WORDS:
        return len(parts) < 2 or parts[-2] not in _NOT_ITEM_PREFIXES
    return len(parts) >= 2 and parts[-1] in _ITEM_TAILS and parts[-2].rstrip("s") in _ITEM_WORDS


def _candidates(tree: HtmlElement) -> list[HtmlElement]:
    marked = set(_MARKED_ITEMS(tree))
    return [
        element
        for element in tree.iter(etree.Element)
        if element in marked
        or (element.tag in _ITEM_TAGS and any(_names_item(p) for p in _tokens(element)))
    ]


def _is_reply_box(element: HtmlElement) -> bool:
    return any(part in _REPLY_WORDS for parts in _tokens(element) for part in parts)


def _merge_wrappers(items: list[HtmlElement]) -> list[HtmlElement]:
    """Drop comment boxes nested in another box of the same comment (li.comment > article)."""
    members = set(items)
    inner: set[HtmlElement] = set()
    for item in items:
        between: list[HtmlElement] = []
        owner = None
        for ancestor in item.iterancestors():
            if ancestor in members and ancestor not in inner:
                owner = ancestor
                break
            between.append(ancestor)
        if owner is None or any(_is_reply_box(e) for e in between):
            continue
        if _is_reply_box(item) or item.get("data-post-id") is not None:
            continue
        # A comment with words of its own around a nested box is that box's parent.
        others = (members - {owner}) | {item}
        rest = _text(owner, others, skip_meta=True)
        if len(rest.split()) <= _MAX_WRAPPER_WORDS and _body(owner, others | {owner}) is None:
            inner.add(item)
    return [item for item in items if item not in inner]


def _is_comment_item(item: HtmlElement) -> bool:
    # The opening post of a forum topic is the article itself.
    if item.tag == "article" and item.get("data-post-id") is not None:
        number = _post_number(item)
        if number is not None:
            return number != "1"
        if item.getprevious() is None and item.getparent() is not None:
            first = next(iter(item.getparent().iterchildren("article")), None)
            if first is item:
                return False
    return item.find(".//h1") is None


def _post_number(item: HtmlElement) -> str | None:
    # Discourse's app view numbers the wrapper around each post, its crawler view the post.
    parent = item.getparent()
    for value in (
        item.get("data-post-number"),
        parent.get("data-post-number") if parent is not None else None,
    ):
        if value:
            return str(value).strip()
    match = _POST_ID.match(item.get("id") or "")
    return str(match.group(1)) if match else None


def _depth(item: HtmlElement, ancestors: int) -> int:
    # WordPress numbers its nesting from one on each item, Coral on the box around it; either
    # survives flattened threads.
    for element in (item, *item.iterancestors()):
        match = _DEPTH_CLASS.search(element.get("class", ""))
        if match:
            level = int(match.group(2))
            return max(level - 1, 0) if match.group(1) == "depth" else level
        if element is not item and _is_item_like(element):
            break
    boxes = sum(1 for a in item.iterancestors() if _is_reply_box(a))
    return max(boxes, ancestors)


def _is_item_like(element: HtmlElement) -> bool:
    return any(_names_item(p) for p in _tokens(element))


def _owned(
    found: Iterable[HtmlElement], item: HtmlElement, members: set[HtmlElement]
) -> Iterator[HtmlElement]:
    """Yield the found elements that belong to the item itself, not to a reply nested in it."""
    for element in found:
        owner = next((a for a in element.iterancestors() if a in members), None)
        if element is not item and owner is item:
            yield element


def _descendants(item: HtmlElement, members: set[HtmlElement]) -> list[HtmlElement]:
    return list(_owned(item.iterdescendants(etree.Element), item, members))


def _author(item: HtmlElement, members: set[HtmlElement]) -> str | None:
    inside = _descendants(item, members)
    tiers = (
        [e for e in inside if any(p[-1:] == ["fn"] for p in _tokens(e))],
        [e for e in inside if e.get("itemprop") == "name" and _under_author(e, item)],
        [e for e in inside if e.get("itemprop") == "author"],
        [e for e in inside if any(_names_author(p) for p in _tokens(e))],
        [e for e in inside if _names_author_id(e.get("id"))],
        # Old themes name the commenter in <cite>; inside a quote it names someone else.
        [
            e
            for e in inside
            if e.tag == "cite" and next(e.iterancestors("blockquote"), None) is None
        ],
        [e for e in inside if e.get("property") == "schema:name" and e.tag not in _HEADINGS],
        [e for e in inside if e.get("data-username")],
        [e for e in inside if any("-".join(p) in _AUTHOR_NAMES for p in _tokens(e))],
    )
    for tier in tiers:
        for element in tier:
            name = _SAYS.sub("", _name_text(element)).strip()
            name = _NOT_VERIFIED.sub("", name)
            if name and len(name) <= _MAX_AUTHOR_CHARS:
                return name.lstrip("@")
    return None


def _under_author(element: HtmlElement, item: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is item:
            return False
        if ancestor.get("itemprop") == "author":
            return True
    return False


def _names_author(parts: list[str]) -> bool:
    if not parts:
        return False
    if parts[-1] in _AUTHOR_TAILS or parts[-1] in {"fn"}:
        return True
    # "comment-author-name", "coral-comment-username", "reaction__auteur".
    return (
        len(parts) >= 2
        and parts[-1] in {"name", "username"}
        and (parts[-2] in _AUTHOR_TAILS or parts[-2] in {"user"} or parts[-2] in _ITEM_WORDS)
    )


def _names_author_id(value: str | None) -> bool:
    return bool(value) and "author" in _segments(value or "")


def _comment_text(item: HtmlElement, members: set[HtmlElement]) -> str:
    body = _body(item, members)
    if body is not None:
        return _text(body, members, skip_meta=True)
    blocks = [
        child
        for child in item
        if child.tag == "p" and child not in members and child.text_content().strip()
    ]
    if blocks and not _is_meta(item):
        # Old themes put the name and date loose beside the paragraphs of the comment.
        parts = [
            _text(child, members, skip_meta=True)
            for child in item
            if isinstance(child.tag, str)
            and child.tag in _BLOCK_TAGS
            and child.tag not in {"br", "div", "ul", "ol"}
            and child not in members
        ]
        return "\n".join(part for part in parts if part)
    return _text(item, members, skip_meta=True)


def _body(item: HtmlElement, members: set[HtmlElement]) -> HtmlElement | None:
    inside = _descendants(item, members)
    tiers = (
        lambda e: any(
            len(p) >= 2 and p[-1] in _BODY_TAILS and any(w in _ITEM_WORDS for w in p[:-1])
            for p in _tokens(e)
        ),
        lambda e: e.get("itemprop") == "text",
        lambda e: any("-".join(p) in _OWN_BODIES for p in _tokens(e)),
        lambda e: (
            any(
                len(p) >= 2 and p[-1] == "body" and any(w in _ITEM_WORDS for w in p[:-1])
                for p in _tokens(e)
            )
            and not any(_names_author(p) for d in e.iterdescendants() for p in _tokens(d))
        ),
    )
    for test in tiers:
        found = next((e for e in inside if test(e)), None)
        if found is not None:
            return found
    return None


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
        or (node.tag in _DROP_TAGS and not _is_own_quote(node))
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


def _is_own_quote(node: HtmlElement) -> bool:
    # vBulletin sets each post's own words in a blockquote; other quotes are someone else's.
    return node.tag == "blockquote" and _is_post_body(node)


def _is_meta(node: HtmlElement) -> bool:
    if any(token in _HIDDEN for token in (node.get("class") or "").split()):
        return True
    for attribute in ("class", "id"):
        value = node.get(attribute)
        if value and any(_META.search(token) for token in value.split()):
            return True
    return False


def _name_text(element: HtmlElement) -> str:
    copy = deepcopy(element)
    for badge in [
        e
        for e in copy.iterdescendants(etree.Element)
        if any(_BADGE.search(token) for token in (e.get("class") or "").split())
    ]:
        badge.drop_tree()
    return _SPACES.sub(" ", copy.text_content()).strip()
