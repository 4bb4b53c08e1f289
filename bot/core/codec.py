"""Reports as JSON-ready dicts: what `tidings summarize --json` prints and the cache keeps."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.core.model import (
    Actor,
    ActorKind,
    Article,
    Comment,
    DateFact,
    Discussion,
    Facts,
    Figure,
    Report,
    Summary,
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_day(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def facts_to_dict(facts: Facts) -> dict[str, Any]:
    """Return the facts as plain JSON values."""
    return {
        "actors": [
            {"name": a.name, "type": a.kind.value, "aliases": list(a.aliases)} for a in facts.actors
        ],
        "places": list(facts.places),
        "dates": [{"text": d.text, "date": _day(d.date)} for d in facts.dates],
        "figures": [{"text": f.text, "value": f.value, "what": f.what} for f in facts.figures],
        "attribution": list(facts.attribution),
        "unread_language": facts.unread_language,
    }


def facts_from_dict(data: dict[str, Any]) -> Facts:
    """Rebuild facts from what facts_to_dict returned."""
    return Facts(
        actors=tuple(
            Actor(a["name"], ActorKind(a["type"]), tuple(a["aliases"])) for a in data["actors"]
        ),
        places=tuple(data["places"]),
        dates=tuple(DateFact(d["text"], _parse_day(d["date"])) for d in data["dates"]),
        figures=tuple(Figure(f["text"], float(f["value"]), f["what"]) for f in data["figures"]),
        attribution=tuple(data["attribution"]),
        unread_language=data.get("unread_language"),
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return a report as plain JSON values."""
    article = report.article
    discussion = report.discussion
    return {
        "url": article.url,
        "title": article.title,
        "site": article.site,
        "author": article.author,
        "published": _day(article.published),
        "language": article.language,
        "text": article.text,
        "summary": list(report.summary.sentences),
        "facts": facts_to_dict(report.facts),
        "comments": {
            "count": len(article.comments),
            "items": [
                {"author": c.author, "depth": c.depth, "text": c.text} for c in article.comments
            ],
        },
        "discussion": None
        if discussion is None
        else {
            "comments": discussion.comment_count,
            "participants": discussion.participant_count,
            "points": list(discussion.points),
        },
    }


def report_from_dict(data: dict[str, Any]) -> Report:
    """Rebuild a report from what report_to_dict returned."""
    article = Article(
        url=data["url"],
        title=data["title"],
        text=data["text"],
        site=data["site"],
        author=data.get("author"),
        published=_parse_day(data["published"]),
        language=data["language"],
        comments=tuple(
            Comment(c["text"], c["author"], int(c["depth"])) for c in data["comments"]["items"]
        ),
    )
    raw = data.get("discussion")
    discussion = (
        None
        if raw is None
        else Discussion(raw["comments"], raw["participants"], tuple(raw["points"]))
    )
    return Report(
        article=article,
        summary=Summary(tuple(data["summary"]), data["language"]),
        facts=facts_from_dict(data["facts"]),
        discussion=discussion,
    )
