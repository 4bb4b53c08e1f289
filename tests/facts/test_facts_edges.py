"""Inputs at the edges: empty text, no publication date, datelines, scores, shouted headlines."""

from datetime import date

from bot.core.model import ActorKind, Facts
from bot.facts import RuleFactExtractor


def test_empty_text_has_no_facts():
    assert RuleFactExtractor().extract("") == Facts()
    assert RuleFactExtractor().extract(" \n\n ") == Facts()


def test_the_same_text_gives_the_same_facts():
    text = "Officials in Kabul said on Monday that 12 police officers were killed."
    first = RuleFactExtractor().extract(text, published=date(2024, 3, 14))
    second = RuleFactExtractor().extract(text, published=date(2024, 3, 14))
    assert first == second
    assert first.figures[0].what == "officers killed"


def test_a_dateline_agency_is_not_an_alias_of_the_city():
    facts = RuleFactExtractor().extract(
        "WASHINGTON (AP) — The Senate voted on Monday to confirm the nominee.",
        published=date(2022, 5, 3),
    )
    washington = next(a for a in facts.actors if a.name.lower() == "washington")
    assert washington.kind is ActorKind.PLACE
    assert "AP" not in washington.aliases
    assert any(a.name == "AP" for a in facts.actors)


def test_teams_named_after_towns_are_organisations_when_a_score_follows():
    facts = RuleFactExtractor().extract(
        "Liverpool beat Watford 3-0 at Vicarage Road to stay behind Manchester City.",
        published=date(2018, 11, 26),
    )
    kinds = {a.name: a.kind for a in facts.actors}
    assert kinds["Liverpool"] is ActorKind.ORGANISATION
    assert kinds["Watford"] is ActorKind.ORGANISATION
    assert kinds["Vicarage Road"] is ActorKind.PLACE
    assert kinds["Manchester City"] is ActorKind.ORGANISATION


def test_a_headline_in_capitals_only_yields_known_places():
    facts = RuleFactExtractor().extract(
        "SOCCER - LATE GOAL GIVES JAPAN WIN OVER SYRIA IN ASIAN CUP."
    )
    assert {a.name for a in facts.actors} == {"Japan", "Syria"}
    assert all(a.kind is ActorKind.PLACE for a in facts.actors)


def test_caption_words_and_stray_capitals_are_not_actors():
    facts = RuleFactExtractor().extract(
        "Incredibly: the kite flew for an hour - However the crowd had left by then."
    )
    assert facts.actors == ()
