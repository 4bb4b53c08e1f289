"""Render replies as Discord embeds, split to Discord's size limits without dropping text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import discord

from bot.core.model import Reply, ReplyKind
from bot.core.render import render_text
from bot.text import shorten

TITLE_LIMIT: Final = 256
DESCRIPTION_LIMIT: Final = 4096
FIELD_NAME_LIMIT: Final = 256
FIELD_VALUE_LIMIT: Final = 1024
FIELD_COUNT_LIMIT: Final = 25
FOOTER_LIMIT: Final = 2048
EMBED_TOTAL_LIMIT: Final = 6000
MESSAGE_EMBED_LIMIT: Final = 10
MESSAGE_TOTAL_LIMIT: Final = 6000
CONTENT_LIMIT: Final = 2000

COLOURS: Final[dict[ReplyKind, int]] = {
    ReplyKind.REPORT: 0x2B6CB0,
    ReplyKind.INFO: 0x718096,
    ReplyKind.ALERT: 0xD69E2E,
    ReplyKind.ERROR: 0xE53E3E,
}

_CONTINUED: Final = " (continued)"
_EMPTY_VALUE: Final = "—"
# Preferred places to cut a long text, best first; each is (separator, keep its first n chars).
_BREAKS: Final = (("\n\n", 0), ("\n", 0), (". ", 1), ("! ", 1), ("? ", 1), ("; ", 1), (" ", 0))


@dataclass(frozen=True, slots=True)
class EmbedField:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class EmbedPage:
    """The content of one embed, already within every per-embed limit."""

    colour: int
    title: str | None = None
    url: str | None = None
    description: str | None = None
    fields: tuple[EmbedField, ...] = ()
    footer: str | None = None

    @property
    def size(self) -> int:
        """Return the characters Discord counts towards the 6000-character embed total."""
        texts = [self.title, self.description, self.footer]
        texts += [text for f in self.fields for text in (f.name, f.value)]
        return sum(len(text.strip()) for text in texts if text)


@dataclass(slots=True)
class _Draft:
    colour: int
    title: str | None = None
    url: str | None = None
    description: str | None = None
    fields: list[EmbedField] = field(default_factory=list)
    footer: str | None = None

    @property
    def size(self) -> int:
        return self.freeze().size

    def fits(self, extra: int) -> bool:
        return self.size + extra <= EMBED_TOTAL_LIMIT

    def freeze(self) -> EmbedPage:
        return EmbedPage(
            colour=self.colour,
            title=self.title,
            url=self.url,
            description=self.description,
            fields=tuple(self.fields),
            footer=self.footer,
        )


def _cut_point(text: str, limit: int) -> int:
    """Return where to cut text (longer than limit) so the head fits and reads naturally."""
    window = text[: limit + 1]
    for separator, keep in _BREAKS:
        at = window.rfind(separator)
        # A break in the first half would make many short pieces; try a finer one instead.
        if at > 0 and at + keep >= limit // 2 and window[: at + keep].strip():
            return at + keep
    at = max(window.rfind(" "), window.rfind("\n"))
    return at if at > 0 and window[:at].strip() else limit


def split_text(text: str, limit: int) -> list[str]:
    """Cut text into pieces of at most limit characters, dropping only whitespace at the cuts."""
    # Cuts fall at a paragraph, line, sentence or word break where one is near the limit.
    if limit < 1:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _web_url(url: str | None) -> str | None:
    # Discord refuses an embed whose link is not a web address.
    if url and url.startswith(("http://", "https://")) and len(url) <= 2048:
        return url
    return None


def _fields(reply: Reply) -> list[EmbedField]:
    out: list[EmbedField] = []
    for item in reply.fields:
        name, value = item.name.strip() or "\u200b", item.value.strip() or _EMPTY_VALUE
        if len(name) > FIELD_NAME_LIMIT:
            # Keep the whole name: a shortened label, then the name in full inside the value.
            value = f"{name}: {value}"
            name = shorten(name, FIELD_NAME_LIMIT)
        later = shorten(name, FIELD_NAME_LIMIT - len(_CONTINUED)) + _CONTINUED
        for index, piece in enumerate(split_text(value, FIELD_VALUE_LIMIT)):
            out.append(EmbedField(name if index == 0 else later, piece, item.inline))
    return out


def embed_pages(reply: Reply) -> list[EmbedPage]:
    """Lay a reply out as embeds that each respect Discord's per-embed limits."""
    colour = COLOURS.get(reply.kind, COLOURS[ReplyKind.INFO])
    title = (reply.title or reply.url or "").strip()
    body = reply.body.strip()
    if len(title) > TITLE_LIMIT:
        body = f"{title}\n\n{body}".strip()
        title = shorten(title, TITLE_LIMIT)
    footer = (reply.footer or "").strip()
    trailing: list[str] = []
    if len(footer) > FOOTER_LIMIT:
        trailing = split_text(footer, DESCRIPTION_LIMIT)
        footer = ""

    pages = [_Draft(colour, title=title or None, url=_web_url(reply.url) if title else None)]
    blocks: list[str | EmbedField] = [*split_text(body, DESCRIPTION_LIMIT), *_fields(reply)]
    blocks += trailing
    for block in blocks:
        page = pages[-1]
        if isinstance(block, str):
            # An embed shows its description above its fields, so text after a field (or
            # a second description) starts a new embed.
            if page.description or page.fields or not page.fits(len(block)):
                page = _Draft(colour)
                pages.append(page)
            page.description = block
        else:
            size = len(block.name) + len(block.value)
            if len(page.fields) >= FIELD_COUNT_LIMIT or not page.fits(size):
                page = _Draft(colour)
                pages.append(page)
            page.fields.append(block)
    if footer:
        last = pages[-1]
        if not last.fits(len(footer)):
            # Move fields to a new last embed until the footer fits beside them (with no
            # fields to move, the footer gets an embed of its own).
            moved: list[EmbedField] = []
            while last.fields and not last.fits(len(footer)):
                moved.insert(0, last.fields.pop())
            last = _Draft(colour, fields=moved)
            pages.append(last)
        last.footer = footer
    frozen = [page.freeze() for page in pages]
    if frozen[0].size == 0:
        # Discord refuses an empty embed; an empty reply still says something was answered.
        frozen[0] = EmbedPage(colour=colour, description=_EMPTY_VALUE)
    return [page for page in frozen if page.size] or frozen[:1]


def message_batches(pages: Sequence[EmbedPage]) -> list[list[EmbedPage]]:
    """Group embeds into messages of at most 10 embeds and 6000 characters, in order."""
    batches: list[list[EmbedPage]] = []
    total = 0
    for page in pages:
        full = bool(batches) and len(batches[-1]) >= MESSAGE_EMBED_LIMIT
        if not batches or full or total + page.size > MESSAGE_TOTAL_LIMIT:
            batches.append([])
            total = 0
        batches[-1].append(page)
        total += page.size
    return batches


def to_embed(page: EmbedPage) -> discord.Embed:
    """Build the discord.py embed for a page."""
    embed = discord.Embed(
        colour=page.colour, title=page.title, url=page.url, description=page.description
    )
    for item in page.fields:
        embed.add_field(name=item.name, value=item.value, inline=item.inline)
    if page.footer:
        embed.set_footer(text=page.footer)
    return embed


def embed_messages(reply: Reply) -> list[list[discord.Embed]]:
    """Return the embeds of each message that carries a reply."""
    return [[to_embed(page) for page in batch] for batch in message_batches(embed_pages(reply))]


def text_messages(reply: Reply) -> list[str]:
    """Return a reply as plain-text messages, for channels where embeds are not allowed."""
    return split_text(render_text(reply), CONTENT_LIMIT) or [_EMPTY_VALUE]
