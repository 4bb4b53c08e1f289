"""Render structured replies as Matrix m.notice contents: HTML with a plain-text fallback."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from bot.core.model import Reply, ReplyField
from bot.core.render import render_text

HTML_FORMAT: Final = "org.matrix.custom.html"
# Matrix caps a whole event at 64 KiB; half of it for the content leaves room for the
# envelope, the relation and the growth of end-to-end encryption.
MAX_CONTENT_BYTES: Final = 30_000

_URL: Final = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
_BULLET: Final = "• "


@dataclass(frozen=True, slots=True)
class _Block:
    """One piece of a reply in both forms; "li" blocks gather in a list, "head" is the title."""

    text: str
    html: str
    tag: str = "p"


def _inline(text: str) -> str:
    """Escape text for HTML, turn links into anchors and line breaks into <br>."""
    parts: list[str] = []
    last = 0
    for match in _URL.finditer(text):
        parts.append(html.escape(text[last : match.start()], quote=False))
        url = html.escape(match.group(0))
        parts.append(f'<a href="{url}">{url}</a>')
        last = match.end()
    parts.append(html.escape(text[last:], quote=False))
    return "".join(parts).replace("\n", "<br>")


def _head(reply: Reply) -> _Block | None:
    if reply.title and reply.url:
        title = html.escape(reply.title, quote=False)
        link = f'<a href="{html.escape(reply.url)}">{title}</a>'
        text = reply.title if reply.title == reply.url else f"{reply.title}\n{reply.url}"
        return _Block(text, f"<p><strong>{link}</strong></p>", "head")
    if reply.title:
        title = html.escape(reply.title, quote=False)
        return _Block(reply.title, f"<p><strong>{title}</strong></p>", "head")
    if reply.url:
        return _Block(reply.url, f"<p>{_inline(reply.url)}</p>", "head")
    return None


def _body(body: str) -> list[_Block]:
    lines = [line for line in body.split("\n") if line.strip()]
    if lines and all(line.startswith(_BULLET) for line in lines):
        return [_Block(line, _inline(line[len(_BULLET) :]), "li") for line in lines]
    return [_Block(body, f"<p>{_inline(body)}</p>")]


def _field(item: ReplyField) -> _Block:
    name = html.escape(item.name, quote=False)
    label = f"<strong>{name}:</strong>"
    return _Block(f"{item.name}: {item.value}", f"{label} {_inline(item.value)}", "li")


def _blocks(reply: Reply) -> list[_Block]:
    blocks: list[_Block] = []
    if (head := _head(reply)) is not None:
        blocks.append(head)
    if reply.body:
        blocks.extend(_body(reply.body))
    blocks.extend(_field(item) for item in reply.fields)
    if reply.footer:
        footer = html.escape(reply.footer, quote=False)
        blocks.append(_Block(f"— {reply.footer}", f"<p><sub>{footer}</sub></p>"))
    return blocks


def _assemble_html(blocks: Sequence[_Block]) -> str:
    parts: list[str] = []
    in_list = False
    for block in blocks:
        if block.tag == "li" and not in_list:
            parts.append("<ul>")
            in_list = True
        elif block.tag != "li" and in_list:
            parts.append("</ul>")
            in_list = False
        parts.append(f"<li>{block.html}</li>" if block.tag == "li" else block.html)
    if in_list:
        parts.append("</ul>")
    return "".join(parts)


def _assemble_text(blocks: Sequence[_Block]) -> str:
    # The title block keeps a blank line after it, as in the plain rendering.
    lines: list[str] = []
    for index, block in enumerate(blocks):
        lines.append(block.text)
        if block.tag == "head" and index < len(blocks) - 1:
            lines.append("")
    return "\n".join(lines).strip()


def notice_content(body: str, formatted_body: str) -> dict[str, Any]:
    """Return an m.notice content that pings nobody."""
    return {
        "msgtype": "m.notice",
        "body": body,
        "format": HTML_FORMAT,
        "formatted_body": formatted_body,
        "m.mentions": {},
    }


def _size(content: dict[str, Any]) -> int:
    # The same encoding the client library sends, so the count is the count on the wire.
    return len(json.dumps(content, separators=(",", ":")).encode())


def _json_len(text: str) -> int:
    return len(json.dumps(text)) - 2  # escaping is per character, so lengths add up


def _pieces(text: str, budget: int) -> Iterator[str]:
    """Cut text at line or word boundaries into pieces whose JSON form fits the budget."""
    piece, size = "", 0
    for token in re.split(r"(?<=\s)", text):
        word, cost = token, _json_len(token)
        if piece and size + cost > budget:
            yield piece
            piece, size = "", 0
        while cost > budget:  # one word longer than a whole message
            cut = len(word)
            while _json_len(word[:cut]) > budget:
                cut //= 2
            yield word[:cut]
            word = word[cut:]
            cost = _json_len(word)
        piece, size = piece + word, size + cost
    if piece:
        yield piece


def _fits(block: _Block, limit: int) -> bool:
    return _size(notice_content(block.text, _assemble_html([block]))) <= limit


def _fitting(blocks: Sequence[_Block], limit: int) -> list[_Block]:
    """Split any block too large for one message on its own into message-sized blocks."""
    fitted: list[_Block] = []
    for block in blocks:
        if _fits(block, limit):
            fitted.append(block)
            continue
        # The text goes out twice (body and formatted body), so each piece gets under half;
        # markup-heavy text that escaping swells is cut again, finer.
        budget = (limit - 200) // 2
        while True:
            pieces = [_Block(p, f"<p>{_inline(p)}</p>") for p in _pieces(block.text, budget)]
            if all(_fits(piece, limit) for piece in pieces) or budget < 64:
                break
            budget //= 2
        fitted.extend(pieces)
    return fitted


def render_html(reply: Reply) -> str:
    """Render a reply as Matrix HTML: a linked title, the summary, labelled facts, a footer."""
    return _assemble_html(_blocks(reply))


def reply_contents(reply: Reply, *, limit: int = MAX_CONTENT_BYTES) -> list[dict[str, Any]]:
    """Return the m.notice contents that carry a reply, split where one would be too large."""
    blocks = _blocks(reply)
    whole = notice_content(render_text(reply), _assemble_html(blocks))
    if _size(whole) <= limit:
        return [whole]
    contents: list[dict[str, Any]] = []
    current: list[_Block] = []
    for block in _fitting(blocks, limit):
        candidate = [*current, block]
        content = notice_content(_assemble_text(candidate), _assemble_html(candidate))
        if current and _size(content) > limit:
            contents.append(notice_content(_assemble_text(current), _assemble_html(current)))
            current = [block]
        else:
            current = candidate
    if current:
        contents.append(notice_content(_assemble_text(current), _assemble_html(current)))
    return contents


def relates_to(*, in_reply_to: str | None, thread_id: str | None) -> dict[str, Any] | None:
    """Return the m.relates_to block that files a message as a reply, in its thread if any."""
    if thread_id is not None:
        relation: dict[str, Any] = {
            "rel_type": "m.thread",
            "event_id": thread_id,
            "is_falling_back": True,
        }
        # Clients without threads show the message as a reply to the command instead.
        relation["m.in_reply_to"] = {"event_id": in_reply_to or thread_id}
        return relation
    if in_reply_to is not None:
        return {"m.in_reply_to": {"event_id": in_reply_to}}
    return None
