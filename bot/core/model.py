"""Domain values shared by every part of Tidings: plain, frozen, free of I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message as a chat platform delivered it, translated at the adapter's edge."""

    platform: str
    room_id: str
    message_id: str
    author_id: str
    author_name: str
    text: str
    sent_at: datetime
    thread_id: str | None = None
    reply_to_id: str | None = None
    is_moderator: bool = False


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched document, decoded to text."""

    url: str
    requested_url: str
    content_type: str
    charset: str
    text: str


@dataclass(frozen=True, slots=True)
class Comment:
    """One reader comment kept apart from the article body."""

    text: str
    author: str | None = None
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """The readable part of a page: body text and metadata, comments kept separate."""

    url: str | None
    title: str | None
    text: str
    site: str | None = None
    author: str | None = None
    published: date | None = None
    language: str | None = None
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True, slots=True)
class Summary:
    """Sentences taken from the article, in the article's order."""

    sentences: tuple[str, ...]
    language: str | None = None


class ActorKind(StrEnum):
    ORGANISATION = "organisation"
    PERSON = "person"
    GROUP = "group"
    PLACE = "place"


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone or something a story is about, with the other names the story uses for it."""

    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date expression as written and the calendar day it resolves to (if it can)."""

    text: str
    date: date | None


@dataclass(frozen=True, slots=True)
class Figure:
    """A number in the story and what it counts ("six militants killed")."""

    text: str
    value: float
    what: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Key facts of a story: who, where, when, how many, who says so."""

    actors: tuple[Actor, ...] = ()
    places: tuple[str, ...] = ()
    dates: tuple[DateFact, ...] = ()
    figures: tuple[Figure, ...] = ()
    attribution: tuple[str, ...] = ()
    # Set when the text's language is one the fact rules cannot read, so none were looked for.
    unread_language: str | None = None


@dataclass(frozen=True, slots=True)
class Discussion:
    """A short digest of a page's comment thread, never mixed into the article summary."""

    comment_count: int
    participant_count: int
    points: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Everything Tidings says about one article."""

    article: Article
    summary: Summary
    facts: Facts
    discussion: Discussion | None = None


class ReplyKind(StrEnum):
    REPORT = "report"
    INFO = "info"
    ERROR = "error"
    ALERT = "alert"


@dataclass(frozen=True, slots=True)
class ReplyField:
    """A named block of a reply: rendered as an embed field, an HTML section or text lines."""

    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    """A structured answer that each adapter renders in its platform's own way."""

    kind: ReplyKind
    body: str = ""
    title: str | None = None
    url: str | None = None
    fields: tuple[ReplyField, ...] = ()
    footer: str | None = None
    in_reply_to: str | None = None
    thread_id: str | None = None
    report: Report | None = field(default=None, compare=False)


class SourceKind(StrEnum):
    FEED = "feed"
    SEARCH = "search-template"


@dataclass(frozen=True, slots=True)
class Source:
    """A news feed polled for follow-ups, or a search-feed template filled per actor."""

    id: int
    url: str
    kind: SourceKind
    etag: str | None = None
    last_modified: str | None = None
    error_count: int = 0
    last_error: str | None = None
    primed: bool = False
    default: bool = False
    # How long the feed asks to be left between polls, when it says.
    poll_every: timedelta | None = None


@dataclass(frozen=True, slots=True)
class TrackedActor:
    """An actor as Tidings remembers it: an id, its main name and every alias learned."""

    id: int
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Alert:
    """A follow-up story for one room: its summary, whom it is about and what is new."""

    id: int
    room: str
    title: str
    url: str
    summary: tuple[str, ...]
    actors: tuple[str, ...]
    new: tuple[str, ...] = ()
    source: str | None = None
    published: datetime | None = None
    digest: bool = False
    # The title of the last story the room saw about these actors, which `new` is measured
    # against; None when the room had seen none.
    earlier: str | None = None


@dataclass(frozen=True, slots=True)
class Follower:
    """A room that follows an actor, with the room's keyword filters for it."""

    room: str
    actor_id: int
    include: tuple[str, ...]
    exclude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Followed:
    """An actor a room follows, with the room's keyword filters for it."""

    actor: TrackedActor
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NewStory:
    """A story to record, with the actors it mentions."""

    canonical_url: str
    title: str
    summary: str
    fingerprint: bytes
    published: datetime | None
    actor_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StoredStory:
    id: int
    canonical_url: str
    title: str
    summary: str


@dataclass(frozen=True, slots=True)
class QueuedAlert:
    """A row of the outbox: one alert for one room, sent once."""

    id: int
    room: str
    story_id: int
    kind: str
    payload: dict[str, Any]
    created_at: datetime
    attempts: int = 1  # deliveries tried, this one included
