"""Recover story text that sites split over several containers of the same kind."""

from __future__ import annotations

import re
from collections import Counter
from itertools import islice
from typing import Final

from lxml.html import HtmlElement

_SPACES: Final = re.compile(r"\s+")
# Ids forums give each post: "post_12", "p18830", "post-4411".
_POST_ID: Final = re.compile(r"^(?:post|p)[-_]?\d+$")
# How far up two containers may have to go to meet: chunks of one story are close cousins.
_MAX_COUSIN_LEVELS: Final = 3
# A chunk must bring paragraphs of running text, not a caption or a teaser's one-liner.
_MIN_PARAGRAPH_WORDS: Final = 12


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _meet_within(a: HtmlElement, b: HtmlElement, levels: int) -> bool:
    above_b = {id(e) for e in islice(b.iterancestors(), levels)}
    return any(id(e) in above_b for e in islice(a.iterancestors(), levels))


def _post_of(element: HtmlElement) -> HtmlElement | None:
    """Return the forum post or comment an element sits in, if any: its text is another voice."""
    for ancestor in element.iterancestors():
        if (
            ancestor.get("data-post-id") is not None
            or ancestor.get("data-post-number") is not None
            or ancestor.get("itemprop") == "comment"
            or _POST_ID.match(ancestor.get("id") or "")
        ):
            return ancestor
    return None


def add_sibling_chunks(tree: HtmlElement, text: str) -> str:
    """Append the paragraphs of containers shaped like the one the extracted text came from."""
    lines = [line for line in text.split("\n") if line.strip()]
    known = {_norm(line) for line in lines}
    if not known:
        return text
    parents: Counter[HtmlElement] = Counter()
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and _norm(paragraph.text_content()) in known:
            parents[parent] += 1
    if not parents:
        return text
    home, _ = parents.most_common(1)[0]
    signature = (home.tag, home.get("class"))
    if not signature[1]:
        return text
    chunks: list[tuple[HtmlElement, list[str]]] = []
    for candidate in tree.iter(home.tag):
        if candidate is home:
            chunks.append((home, []))
            continue
        if (candidate.tag, candidate.get("class")) != signature:
            continue
        if not _meet_within(candidate, home, _MAX_COUSIN_LEVELS):
            continue
        if _post_of(candidate) is not _post_of(home):
            continue
        fresh = [
            _norm(p.text_content())
            for p in candidate.iterchildren("p")
            if _norm(p.text_content()) not in known
        ]
        prose = [p for p in fresh if len(p.split()) >= _MIN_PARAGRAPH_WORDS]
        if prose:
            chunks.append((candidate, [p for p in fresh if p]))
    if len(chunks) < 2:
        return text
    merged: list[str] = []
    for element, paragraphs in chunks:
        merged.extend(lines if element is home else paragraphs)
    return "\n".join(merged)
