"""Build structured replies from reports, and render them as plain text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from bot.core.model import (
    Actor,
    Alert,
    Facts,
    Figure,
    Reply,
    ReplyField,
    ReplyKind,
    Report,
    TrackedActor,
)
from bot.text.languages import SUPPORTED_LANGUAGES
from bot.text.shortening import shorten

_MAX_ITEMS: Final = 8
_MAX_TITLE_IN_LABEL: Final = 90  # a field name holds 256 characters on Discord
_LANGUAGE_NAMES: Final = {code: name.title() for code, name in SUPPORTED_LANGUAGES.items()}


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def _joined(items: Iterable[str], sep: str = ", ") -> str:
    items = list(items)
    extra = len(items) - _MAX_ITEMS
    shown = sep.join(items[:_MAX_ITEMS])
    return f"{shown} (+{extra} more)" if extra > 0 else shown


def figure_label(figure: Figure) -> str:
    """Return "six militants killed" for Figure("six militants", 6, "militants killed")."""
    noun = figure.text.split()[-1] if figure.text.split() else ""
    if not figure.what:
        return figure.text
    if noun and figure.what.lower().startswith(noun.lower()):
        return figure.text + figure.what[len(noun) :]
    return f"{figure.text} ({figure.what})"


def actor_label(actor: Actor | TrackedActor) -> str:
    """Return "Name (ALIAS, Alias)" for an actor, as an article names it or as Tidings knows it."""
    return f"{actor.name} ({', '.join(actor.aliases)})" if actor.aliases else actor.name


def fact_fields(facts: Facts) -> tuple[ReplyField, ...]:
    """Return the key facts as reply fields, leaving out the empty ones."""
    fields: list[ReplyField] = []
    actors = [a for a in facts.actors if a.kind.value != "place"]
    if actors:
        fields.append(ReplyField("Who", _joined((actor_label(a) for a in actors), "; ")))
    if facts.places:
        fields.append(ReplyField("Where", _joined(facts.places)))
    if facts.dates:
        when = (f"{d.text} ({_day(d.date)})" if d.date else d.text for d in facts.dates)
        fields.append(ReplyField("When", _joined(when, "; ")))
    if facts.figures:
        fields.append(ReplyField("Figures", _joined(map(figure_label, facts.figures), "; ")))
    if facts.attribution:
        fields.append(ReplyField("According to", _joined(facts.attribution, "; ")))
    return tuple(fields)


def report_reply(
    report: Report,
    *,
    in_reply_to: str | None = None,
    thread_id: str | None = None,
    prefix: str = "!",
) -> Reply:
    """Return the reply that presents one article."""
    article = report.article
    fields = list(fact_fields(report.facts))
    if report.discussion is not None:
        d = report.discussion
        people = "person" if d.participant_count == 1 else "people"
        comments = "comment" if d.comment_count == 1 else "comments"
        text = f"{d.comment_count} {comments} from {d.participant_count} {people}."
        if d.points:
            text += " Points made: " + " / ".join(d.points)
        fields.append(ReplyField("Discussion", text))
    body = " ".join(report.summary.sentences)
    language = article.language
    if language and language not in SUPPORTED_LANGUAGES:
        body += (
            f"\n(This article is in a language I cannot summarise well [{language}]; "
            "these are its leading sentences.)"
        )
    published = _day(article.published) if article.published else None
    footer_parts = [p for p in (article.site, published) if p]
    if language in _LANGUAGE_NAMES and language != "en":
        footer_parts.append(_LANGUAGE_NAMES[language])
    if report.facts.unread_language:
        footer_parts.append("key facts are picked out of English articles only")
    if any(a.kind.value != "place" for a in report.facts.actors):
        footer_parts.append(f"reply {prefix}follow to hear about these actors")
    return Reply(
        kind=ReplyKind.REPORT,
        title=article.title or article.url or "Untitled article",
        url=article.url,
        body=body or "I found the article but no sentence worth quoting.",
        fields=tuple(fields),
        footer=" · ".join(footer_parts) or None,
        in_reply_to=in_reply_to,
        thread_id=thread_id,
        report=report,
    )


def render_text(reply: Reply) -> str:
    """Render a reply as plain text: the console's output and every platform's fallback."""
    lines: list[str] = []
    if reply.title:
        lines.append(reply.title)
    if reply.url and reply.url != reply.title:
        lines.append(reply.url)
    if lines:
        lines.append("")
    if reply.body:
        lines.append(reply.body)
    for item in reply.fields:
        # A list (one line per point) starts under its label, so that the points line up.
        joiner = "\n" if "\n" in item.value else " "
        lines.append(f"{item.name}:{joiner}{item.value}")
    if reply.footer:
        lines.append(f"— {reply.footer}")
    return "\n".join(lines).strip()


def _when(alert: Alert) -> str | None:
    return _day(alert.published.date()) if alert.published else None


def alert_reply(alert: Alert, *, prefix: str = "!") -> Reply:
    """Return the reply that tells a room about a follow-up story."""
    fields = [ReplyField("About", ", ".join(alert.actors))] if alert.actors else []
    if alert.earlier:
        # Measured against the room's last story about them; the whole summary is not repeated.
        if not alert.new:
            new = "Nothing that story did not already say."
        elif len(alert.new) == len(alert.summary):
            new = "All of the summary above."
        else:
            new = "\n".join(f"• {s}" for s in alert.new)
        fields.append(
            ReplyField(f"What is new since “{shorten(alert.earlier, _MAX_TITLE_IN_LABEL)}”", new)
        )
    stop = f"{prefix}unfollow NAME to stop"
    footer = " · ".join(part for part in (alert.source, _when(alert), stop) if part)
    return Reply(
        kind=ReplyKind.ALERT,
        title=f"Follow-up: {alert.title}",
        url=alert.url or None,
        body=" ".join(alert.summary) or "A new story mentions what this room follows.",
        fields=tuple(fields),
        footer=footer,
    )


def digest_reply(alerts: Sequence[Alert], *, prefix: str = "!") -> Reply:
    """Return one reply that gathers a room's follow-up stories."""
    lines = []
    for alert in alerts:
        about = f" ({', '.join(alert.actors)})" if alert.actors else ""
        first = alert.new[0] if alert.new else (alert.summary[0] if alert.summary else "")
        lines.append(f"• {alert.title}{about} <{alert.url}>" + (f"\n  {first}" if first else ""))
    count = len(alerts)
    return Reply(
        kind=ReplyKind.ALERT,
        title=f"Follow-up digest: {count} new {'story' if count == 1 else 'stories'}",
        body="\n".join(lines),
        footer=f"{prefix}following lists what this room follows",
    )
