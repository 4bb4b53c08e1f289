"""Long articles give the facts of their parts; rarer spellings of names and dates still count."""

from datetime import date

from bot.core.model import ActorKind
from bot.facts import RuleFactExtractor

_STORY = (
    "The Rapid Support Forces (RSF) attacked El Fasher in northern Darfur on Tuesday, "
    "the United Nations said. Mohammed Hamdan Dagalo, better known as Hemedti, leads the RSF. "
    "Dagalo told Reuters his fighters had taken the western El Fasher countryside. "
    "Aid agencies in Port Sudan said 40 civilians were killed."
)


def test_a_story_repeated_many_times_gives_the_facts_of_one_copy():
    published = date(2024, 5, 15)
    one = RuleFactExtractor().extract(_STORY, published=published)
    many = RuleFactExtractor().extract("\n\n".join([_STORY] * 80), published=published)
    assert many == one
    dagalo = next(a for a in one.actors if a.name == "Mohammed Hamdan Dagalo")
    assert dagalo.kind is ActorKind.PERSON
    assert set(dagalo.aliases) == {"Hemedti", "Dagalo"}
    assert next(a for a in one.actors if a.name == "Rapid Support Forces").aliases == ("RSF",)
    assert one.places == ("El Fasher", "Darfur", "western El Fasher countryside", "Port Sudan")


def test_known_as_names_an_alias_only_where_the_phrase_is_written():
    facts = RuleFactExtractor().extract(
        "Mohammed Hamdan Dagalo met officials in Khartoum. Hemedti said the talks would go on.",
        published=date(2023, 5, 3),
    )
    names = {a.name: a.aliases for a in facts.actors}
    assert names["Mohammed Hamdan Dagalo"] == ()
    assert "Hemedti" in names


def test_date_words_written_in_capitals_are_found():
    facts = RuleFactExtractor().extract(
        "POLICE SAID THE ATTACK HAPPENED ON MONDAY. The mayor spoke LAST NIGHT and again "
        "Two Weeks Ago.",
        published=date(2023, 5, 3),
    )
    assert [d.date for d in facts.dates] == [date(2023, 5, 1), date(2023, 5, 2), date(2023, 4, 19)]


def test_weekdays_with_unusual_letters_resolve_like_plain_ones():
    # The case-blind pattern also accepts a long s or a dotless i; both must still name a day.
    facts = RuleFactExtractor().extract(
        "Police said the raid came on Tueſday and the arrests on FRıDAY.",
        published=date(2024, 5, 15),
    )
    assert [d.date for d in facts.dates] == [date(2024, 5, 14), date(2024, 5, 10)]
