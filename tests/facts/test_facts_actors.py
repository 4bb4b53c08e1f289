"""Actor rules: name runs, aliases, and the kinds of persons, organisations, groups and places."""

from datetime import date

import pytest

from bot.core.model import Actor, ActorKind, Facts
from bot.facts import RuleFactExtractor


def _facts(text: str) -> Facts:
    return RuleFactExtractor().extract(text, published=date(2024, 3, 14))


def _find(facts: Facts, name: str) -> Actor:
    for actor in facts.actors:
        if name in actor.names:
            return actor
    pytest.fail(f"no actor named {name!r} in {facts.actors}")


def _names(facts: Facts) -> set[str]:
    return {name for actor in facts.actors for name in actor.names}


def test_acronym_in_parentheses_is_an_alias_of_the_name_before_it():
    facts = _facts(
        "The Financial Conduct Authority (FCA) fined the lender on Tuesday. "
        "The FCA said the bank had misled savers."
    )
    fca = _find(facts, "FCA")
    assert fca.name == "Financial Conduct Authority"
    assert fca.kind is ActorKind.ORGANISATION
    assert len([a for a in facts.actors if "FCA" in a.names]) == 1


def test_acronym_matching_initials_joins_the_long_name_without_parentheses():
    facts = _facts(
        "Delegates of the International Labour Organization met in Geneva. "
        "The ILO warned that youth unemployment was rising."
    )
    assert _find(facts, "ILO").name == "International Labour Organization"


@pytest.mark.parametrize("possessive", ["’s", "'s"])
def test_possessives_count_as_the_name(possessive: str):
    facts = _facts(
        f"Ministers met the Pentland Mining Corporation on Monday. Pentland{possessive} shares "
        f"fell after Pentland{possessive} chief executive resigned."
    )
    pentland = _find(facts, "Pentland")
    assert pentland.name == "Pentland Mining Corporation"
    assert not any("’" in n or "'" in n for n in _names(facts))


def test_later_tail_of_a_long_name_is_an_alias():
    facts = _facts(
        "Fighters of the Liwa al-Tawhid Brigade entered the town of Marea. "
        "Commanders of al-Tawhid said the brigade would hold the town."
    )
    liwa = _find(facts, "al-Tawhid")
    assert liwa.name == "Liwa al-Tawhid Brigade"
    assert liwa.kind is ActorKind.GROUP


def test_surname_mentions_join_the_full_name_of_the_right_person():
    facts = _facts(
        "Alberto Fernandez defeated Mauricio Macri, while Cristina Fernandez de Kirchner "
        "watched from the stage. Macri conceded and Fernandez thanked his voters."
    )
    assert _find(facts, "Macri").name == "Mauricio Macri"
    assert _find(facts, "Fernandez").name == "Alberto Fernandez"
    assert "Fernandez" not in _find(facts, "Cristina Fernandez de Kirchner").aliases


def test_the_before_an_acronym_is_not_part_of_it():
    facts = _facts("According to the WHO, cases fell. The WHO said vaccines worked.")
    assert "WHO" in _names(facts)
    assert not any(n.lower().startswith("the ") for n in _names(facts))


def test_titles_mark_persons_and_are_not_part_of_the_name():
    facts = _facts(
        "Foreign Minister Ana Reyes met Judge Tom Holt and Dr. Priya Shah in Madrid. "
        "Russian President Vladimir Putin did not attend."
    )
    for name in ("Ana Reyes", "Tom Holt", "Priya Shah", "Vladimir Putin"):
        assert _find(facts, name).kind is ActorKind.PERSON
    assert not any(
        word in name for name in _names(facts) for word in ("Minister", "Judge", "President")
    )
    assert _find(facts, "Madrid").kind is ActorKind.PLACE


def test_said_patterns_mark_people_even_without_a_title():
    facts = _facts(
        '"We will appeal," said Hannelore Brix. Okonkwo Adeyemi said the ruling was wrong.'
    )
    assert _find(facts, "Hannelore Brix").kind is ActorKind.PERSON
    assert _find(facts, "Okonkwo Adeyemi").kind is ActorKind.PERSON


def test_keywords_type_organisations_and_groups():
    facts = _facts(
        "The Halden Savings Bank, the Liberal Reform Party and Marrow University signed the "
        "pact, while the Ansar Front and the Dawn Brigades rejected it."
    )
    for name in ("Halden Savings Bank", "Liberal Reform Party", "Marrow University"):
        assert _find(facts, name).kind is ActorKind.ORGANISATION
    for name in ("Ansar Front", "Dawn Brigades"):
        assert _find(facts, name).kind is ActorKind.GROUP


def test_context_words_type_an_unknown_name_as_a_group():
    facts = _facts(
        "Gunmen from the militant group Harakat Sabireen attacked a checkpoint; "
        "Sabireen fighters later withdrew."
    )
    assert _find(facts, "Harakat Sabireen").kind is ActorKind.GROUP


def test_places_come_from_prepositions_cues_and_the_gazetteer():
    facts = _facts(
        "Floods hit the village of Dorrowby and the town of Kelsham near Lake Ardin, and "
        "aid arrived from Norway. Residents in Wexmoor were evacuated."
    )
    for name in ("Dorrowby", "Kelsham", "Lake Ardin", "Norway", "Wexmoor"):
        assert _find(facts, name).kind is ActorKind.PLACE
    assert set(facts.places) >= {"Dorrowby", "Kelsham", "Lake Ardin", "Norway", "Wexmoor"}


def test_region_phrase_is_kept_as_the_place():
    facts = _facts("Shelling continued in the southern Idlib countryside and in Hama province.")
    assert "southern Idlib countryside" in facts.places
    assert "Hama province" in facts.places


def test_sentence_openers_months_weekdays_and_nationalities_are_not_actors():
    facts = _facts(
        "According to officials, the talks resumed. On Monday, Turkish and Greek diplomats met. "
        "However, the March deadline passed. The Swiss hosts said little."
    )
    names = _names(facts)
    for word in (
        "According",
        "On",
        "Monday",
        "March",
        "However",
        "The",
        "Turkish",
        "Greek",
        "Swiss",
    ):
        assert word not in names


def test_events_and_storms_are_not_actors():
    facts = _facts(
        "Storm Ciara delayed the World Cup qualifier, and the Monaco Grand Prix was postponed."
    )
    names = " ".join(_names(facts))
    assert "Ciara" not in names
    assert "World Cup" not in names
    assert "Grand Prix" not in names


def test_apostrophes_inside_names_are_kept_in_both_forms():
    straight = _facts("Hay'at Tahrir al-Sham took the town.")
    curly = _facts("Hay’at Tahrir al-Sham took the town.")
    assert straight.actors[0].name == "Hay'at Tahrir al-Sham"
    assert curly.actors[0].name == "Hay’at Tahrir al-Sham"
    assert straight.actors[0].kind is curly.actors[0].kind is ActorKind.GROUP


def test_main_name_is_the_longest_form_even_when_it_comes_later():
    facts = _facts("Orlov said little. Later, Dmitri Orlov, the club's owner, confirmed the sale.")
    assert _find(facts, "Orlov").name == "Dmitri Orlov"


def test_business_story():
    facts = _facts(
        "Shares in Corvane Systems rose 8% after the Seattle-based software maker agreed to buy "
        "Lumio for $1.2 billion. Corvane chief executive Rachel Ostrow said the deal would close "
        "by June."
    )
    assert _find(facts, "Corvane").name == "Corvane Systems"
    assert _find(facts, "Corvane Systems").kind is ActorKind.ORGANISATION
    assert _find(facts, "Rachel Ostrow").kind is ActorKind.PERSON
    assert _find(facts, "Seattle").kind is ActorKind.PLACE


def test_sport_story():
    facts = _facts(
        "Lena Hartmann scored twice as Eintracht Brunnfeld beat Rapid Solvik 3-1 in Hamburg. "
        "Brunnfeld coach Tomas Kral said his team had been patient."
    )
    assert _find(facts, "Lena Hartmann").kind is ActorKind.PERSON
    assert _find(facts, "Tomas Kral").kind is ActorKind.PERSON
    assert _find(facts, "Brunnfeld").name == "Eintracht Brunnfeld"
    assert _find(facts, "Eintracht Brunnfeld").kind is ActorKind.ORGANISATION
    assert _find(facts, "Rapid Solvik").kind is ActorKind.ORGANISATION
    assert _find(facts, "Hamburg").kind is ActorKind.PLACE
