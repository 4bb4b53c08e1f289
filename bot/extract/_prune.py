"""Reshape a page before extraction.

Furniture (share bars, donation boxes, newsletters, sidebars) goes, tables that only lay out the
page become plain blocks, and text separated by double line breaks becomes paragraphs.
"""

from __future__ import annotations

import re
from typing import Final

from lxml import etree
from lxml.html import HtmlElement

# A class or id segment that starts with one of these words marks furniture, not story text.
_CLUTTER: Final = re.compile(
    r"(?:^|[-_])(?:"
    r"donat|share|sharing|social|newsletter|subscri|support|related|comment(?!ary)|respond"
    r"|widget|sidebar|caption|give-|promo|cookie|consent|gdpr|outbrain|taboola"
    r"|signature|(?:topic-map|timeline|sig)(?=$|[-_])"
    r")",
    re.IGNORECASE,
)
# A whole class or id naming a side column: "side", "right-rail", "rail-left", "side-col".
_SIDE: Final = re.compile(
    r"(?:(?:left|right)[-_])?(?:side|rail)(?:[-_](?:left|right|col|column|bar))?", re.IGNORECASE
)
# Tokens such as "has-sidebar" or "with-comments" describe a layout, not the element's role.
_LAYOUT: Final = re.compile(r"(?:^|[-_])(?:has|with|without|no|show|enable|is)[-_]", re.IGNORECASE)
_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"}
    | {"pre", "form", "section", "article", "aside", "header", "footer", "nav", "figure"}
)
# Elements that are never furniture themselves, whatever their class says.
_KEEP_TAGS: Final = frozenset({"html", "body", "head", "main", "p", "h1", "h2", "h3", "li", "td"})
# Text that no reader sees; counting it would make every script-heavy wrapper look like the story.
_INVISIBLE: Final = ("script", "style", "noscript", "template", "svg")
# Share of the page's running text above which an element is taken for the story's container.
_MAX_SHARE: Final = 0.4
_MIN_GUARDED_CHARS: Final = 200
_PROSE_PIECE: Final = 25
# Data tables hold figures and short labels; a cell with this much running text is page layout.
_LAYOUT_CELL_CHARS: Final = 400


def strip_invisible(tree: HtmlElement) -> None:
    """Drop scripts, styles and the like from the body, keeping structured data."""
    body = tree.find(".//body")
    if body is None:
        return
    doomed = [
        element
        for element in body.iter(*_INVISIBLE)
        if not (element.tag == "script" and "ld+json" in (element.get("type") or ""))
    ]
    for element in doomed:
        remove(element)


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Turn tables that lay out a page into plain blocks, so their cells read as text."""
    tables = [table for table in tree.iter("table") if _is_layout_table(table)]
    for table in tables:
        # A table nested in a cell keeps its own kind: it may hold real data.
        parts = [
            element
            for element in table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th")
            if element is table
            or (element.tag != "table" and next(element.iterancestors("table"), None) is table)
        ]
        for element in parts:
            element.tag = "div"
    return len(tables)


def split_break_paragraphs(tree: HtmlElement) -> int:
    """Wrap text that old pages separate with <br><br> into paragraphs; return how many blocks."""
    blocks = [
        block
        for block in tree.iter("div", "td", "section", "article", "font", "span")
        if sum(1 for child in block if child.tag == "br") >= 2
        and not any(child.tag in _BLOCK_TAGS for child in block)
    ]
    changed = 0
    for block in blocks:
        groups = _break_groups(block)
        if len(groups) < 2:
            continue
        for child in list(block):
            block.remove(child)
        block.text = None
        for text, children in groups:
            paragraph = etree.SubElement(block, "p")
            paragraph.text = text
            for child in children:
                paragraph.append(child)
        changed += 1
    return changed


def _break_groups(block: HtmlElement) -> list[tuple[str | None, list[HtmlElement]]]:
    """Split a block's content at double line breaks into (leading text, inline children)."""
    groups: list[tuple[str | None, list[HtmlElement]]] = []
    text: str | None = block.text
    children: list[HtmlElement] = []
    previous_break = False
    for child in list(block):
        if child.tag == "br" and previous_break:
            # Drop the first break of the pair, which ended the paragraph.
            if children and children[-1].tag == "br":
                children.pop()
            if (text and text.strip()) or children:
                groups.append((text, children))
            text, children = child.tail, []
            previous_break = False
            continue
        children.append(child)
        previous_break = child.tag == "br" and not (child.tail and child.tail.strip())
    if (text and text.strip()) or children:
        groups.append((text, children))
    return groups


def _is_layout_table(table: HtmlElement) -> bool:
    if table.find(".//table") is not None:
        return True
    for cell in table.iter("td", "th"):
        if _prose_chars(cell) > _LAYOUT_CELL_CHARS:
            return True
        if cell.find(".//div") is not None or cell.find(".//p") is not None:
            return _prose_chars(table) > _LAYOUT_CELL_CHARS
    return False


def _marked(element: HtmlElement) -> bool:
    for attribute in ("class", "id"):
        value = element.get(attribute)
        if value and any(
            (_CLUTTER.search(t) and not _LAYOUT.search(t)) or _SIDE.fullmatch(t)
            for t in value.split()
        ):
            return True
    return False


def _prose_chars(element: HtmlElement) -> int:
    """Count characters of running text, skipping the short pieces that menus are made of."""
    return sum(len(piece) for piece in element.itertext() if len(piece.strip()) >= _PROSE_PIECE)


def prune_clutter(tree: HtmlElement) -> int:
    """Drop elements whose class or id marks them as furniture; return how many went."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    limit = max(_MAX_SHARE * _prose_chars(root), _MIN_GUARDED_CHARS)
    core = _densest_block(root)
    protected = {core, *core.iterancestors()} if core is not None else set()
    doomed: list[HtmlElement] = []
    for element in root.iter(etree.Element):
        if not isinstance(element.tag, str) or element.tag in _KEEP_TAGS or element in protected:
            continue
        # Document order puts every descendant of a doomed element right after it.
        if not _marked(element) or (doomed and _is_ancestor(doomed[-1], element)):
            continue
        # A wrapper around much of the page's running text is the story, however it is named.
        if _prose_chars(element) > limit:
            continue
        doomed.append(element)
    for element in doomed:
        remove(element)
    return len(doomed)


def _densest_block(root: HtmlElement) -> HtmlElement | None:
    """Return the element whose own paragraphs hold the most running text: likely the story."""
    scores: dict[HtmlElement, int] = {}
    for paragraph in root.iter("p"):
        parent = paragraph.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + _prose_chars(paragraph)
    # Pages that break lines with <br> instead of paragraphs keep their text in the block itself.
    for block in root.iter("div", "td", "section", "article"):
        loose = [block.text or "", *(child.tail or "" for child in block)]
        chars = sum(len(piece) for piece in loose if len(piece.strip()) >= _PROSE_PIECE)
        if chars:
            scores[block] = scores.get(block, 0) + chars
    if not scores:
        return None
    return max(scores, key=scores.__getitem__)


def _is_ancestor(candidate: HtmlElement, element: HtmlElement) -> bool:
    return any(parent is candidate for parent in element.iterancestors())


def remove(element: HtmlElement) -> None:
    """Detach an element but keep the text that follows it in its parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail and tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
