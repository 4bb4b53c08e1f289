"""The seed story: a clash report whose actors, places, dates, figures and sources must come out."""

from datetime import date
from pathlib import Path

import pytest
from lxml import html

from bot.core.model import ActorKind, Facts
from bot.core.ports import FactExtractor
from bot.facts import RuleFactExtractor

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "aleppo-clashes.html"
PUBLISHED = date(2018, 10, 7)

# Written for this test after the seed report; not the fixture page's wording.
STORY = """\
On October 6, Hay'at Tahrir al-Sham (HTS) fighters overran positions of the Nour al-Din al-Zenki \
Movement around the villages of Mizanaz and Kafr Nouran in the western Aleppo countryside, \
according to the Syrian Observatory for Human Rights (SOHR).

A day earlier, clashes erupted in the town of Kafr Halab when HTS’s security units tried to \
seize several Zenki members.

Syrian opposition sources said that HTS and the National Front of Liberation (NFL), a \
Turkish-backed alliance that counts al-Zenki among its members, had agreed on a truce.

According to the SOHR, six militants and three civilians have been killed so far.
"""


def _fixture_text() -> str:
    page = html.parse(str(FIXTURE))
    paragraphs = page.xpath("//div[contains(@class, 'entry-content')]/p")[:6]
    assert len(paragraphs) == 6
    return "\n\n".join(p.text_content().strip() for p in paragraphs)


def _actor(facts: Facts, name: str):
    for actor in facts.actors:
        if name in actor.names:
            return actor
    pytest.fail(f"no actor named {name!r} in {facts.actors}")


@pytest.fixture(params=["story", "fixture page"])
def facts(request: pytest.FixtureRequest) -> Facts:
    text = STORY if request.param == "story" else _fixture_text()
    extractor: FactExtractor = RuleFactExtractor()
    return extractor.extract(text, published=PUBLISHED)


def test_actors_are_merged_with_their_aliases_and_typed(facts: Facts):
    hts = _actor(facts, "HTS")
    assert hts.name == "Hay'at Tahrir al-Sham"
    assert hts.kind is ActorKind.GROUP
    zenki = _actor(facts, "al-Zenki")
    assert zenki.name == "Nour al-Din al-Zenki Movement"
    assert zenki.kind is ActorKind.GROUP
    nfl = _actor(facts, "NFL")
    assert nfl.name == "National Front of Liberation"
    assert nfl.kind in (ActorKind.GROUP, ActorKind.ORGANISATION)
    sohr = _actor(facts, "SOHR")
    assert sohr.name == "Syrian Observatory for Human Rights"
    assert sohr.kind is ActorKind.ORGANISATION


def test_each_actor_appears_once(facts: Facts):
    names = [name for actor in facts.actors for name in actor.names]
    assert names.count("HTS") == 1
    assert "Zenki" not in [a.name for a in facts.actors]
    assert not any(a.name in ("HTS’s", "HTS's", "The SOHR", "the SOHR") for a in facts.actors)


def test_places_keep_the_region_phrase(facts: Facts):
    assert set(facts.places) == {
        "Mizanaz",
        "Kafr Nouran",
        "western Aleppo countryside",
        "Kafr Halab",
    }
    assert facts.places.index("Mizanaz") < facts.places.index("Kafr Halab")
    for place in ("Mizanaz", "Kafr Nouran", "Kafr Halab"):
        assert _actor(facts, place).kind is ActorKind.PLACE


def test_dates_resolve_against_publication_and_each_other(facts: Facts):
    by_text = {d.text.lower(): d.date for d in facts.dates}
    assert by_text["october 6"] == date(2018, 10, 6)
    assert by_text["a day earlier"] == date(2018, 10, 5)


def test_figures_say_what_they_count(facts: Facts):
    counted = {(f.value, f.what) for f in facts.figures}
    assert (6, "militants killed") in counted
    assert (3, "civilians killed") in counted
    assert all(f.value != 2018 for f in facts.figures)


def test_sources_are_named_once_by_their_full_name(facts: Facts):
    assert facts.attribution[0] == "Syrian Observatory for Human Rights"
    assert "SOHR" not in facts.attribution
    assert len(set(facts.attribution)) == len(facts.attribution)
    assert any("opposition sources" in s.lower() for s in facts.attribution)


def test_the_fixture_page_reports_the_wounded():
    facts = RuleFactExtractor().extract(_fixture_text(), published=PUBLISHED)
    assert any(f.value == 14 and f.what == "fighters wounded" for f in facts.figures)


LANDTAG = (
    "Der Landtag hat am Freitag den Doppelhaushalt beschlossen. Finanzministerin Sabine Roßbach "
    "verteidigte den Entwurf gegen die Kritik der Opposition."
)


def test_text_in_a_language_the_rules_cannot_read_gets_no_facts_rather_than_wrong_ones():
    extractor = RuleFactExtractor()
    # German capitalises every noun: English rules would call "Freitag den Doppelhaushalt" a person.
    assert extractor.extract(LANDTAG, language="de") == Facts(unread_language="de")
    english = extractor.extract(STORY, published=PUBLISHED, language="en")
    assert english.unread_language is None
    assert english.actors
    # Unknown language: the rules are tried.
    assert extractor.extract(STORY, published=PUBLISHED).actors == english.actors
