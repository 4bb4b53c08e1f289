"""Date rules: written forms, the year of a bare day, weekdays, and dates relative to others."""

from datetime import date

import pytest

from bot.facts import RuleFactExtractor


def _dates(text: str, published: date | None) -> dict[str, date | None]:
    facts = RuleFactExtractor().extract(text, published=published)
    return {d.text: d.date for d in facts.dates}


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        ("The vote took place on 6 October 2018.", "6 October 2018", date(2018, 10, 6)),
        ("Filed on 2018-10-06 in Lyon.", "2018-10-06", date(2018, 10, 6)),
        ("The court sat on October 6, 2017.", "October 6, 2017", date(2017, 10, 6)),
        ("The raid came on Oct. 6.", "Oct. 6", date(2018, 10, 6)),
        ("The raid came on Sept 30.", "Sept 30", date(2018, 9, 30)),
        ("It rained on the 6th of October.", "6th of October", date(2018, 10, 6)),
    ],
)
def test_written_forms(text: str, written: str, expected: date):
    assert _dates(text, date(2018, 10, 7))[written] == expected


def test_a_bare_day_after_publication_belongs_to_the_previous_year():
    found = _dates("The blockade began on December 20.", date(2019, 1, 3))
    assert found["December 20"] == date(2018, 12, 20)


def test_a_bare_day_a_few_days_ahead_stays_in_the_year_about_to_start():
    found = _dates("The fourth Test starts in Sydney on January 5.", date(2021, 12, 29))
    assert found["January 5"] == date(2022, 1, 5)


def test_future_tense_moves_a_bare_day_forward():
    found = _dates("The verdict will be read on March 2.", date(2023, 11, 20))
    assert found["March 2"] == date(2024, 3, 2)


def test_weekdays_are_the_latest_before_publication_unless_ahead():
    published = date(2024, 3, 14)  # a Thursday
    found = _dates(
        "Talks collapsed on Monday. Ministers will meet again on Tuesday. "
        "The deal was first floated last Thursday and is due next Friday.",
        published,
    )
    assert found["Monday"] == date(2024, 3, 11)
    assert found["Tuesday"] == date(2024, 3, 19)
    assert found["last Thursday"] == date(2024, 3, 7)
    assert found["next Friday"] == date(2024, 3, 15)


def test_the_weekday_of_publication_is_the_same_day():
    assert _dates("Shares fell on Thursday.", date(2024, 3, 14))["Thursday"] == date(2024, 3, 14)


def test_deictic_words_resolve_against_publication():
    found = _dates("Yesterday the mayor resigned; today a deputy took over.", date(2024, 3, 14))
    assert found["yesterday"] == date(2024, 3, 13)
    assert found["today"] == date(2024, 3, 14)


def test_relative_days_count_from_the_date_written_before_them():
    found = _dates(
        "The dam burst on May 3. Two days later, the river crested; the day before, "
        "villages had been warned.",
        date(2024, 5, 10),
    )
    assert found["May 3"] == date(2024, 5, 3)
    assert found["two days later"] == date(2024, 5, 5)
    assert found["the day before"] == date(2024, 5, 4)


def test_days_ago_count_from_publication():
    assert _dates("He left three days ago.", date(2024, 3, 14))["three days ago"] == date(
        2024, 3, 11
    )


def test_without_a_publication_date_only_full_dates_resolve():
    found = _dates("The strike began on 6 October 2018 and spread on Monday.", None)
    assert found["6 October 2018"] == date(2018, 10, 6)
    assert found["Monday"] is None


def test_relative_day_without_an_earlier_date_stays_unresolved():
    assert _dates("A day earlier, the border closed.", date(2024, 3, 14))["a day earlier"] is None


def test_named_days_and_counts_from_events_are_not_dates():
    found = _dates(
        "The Good Friday agreement held. Two days after the vote, turnout was counted.",
        date(2024, 3, 14),
    )
    assert "Friday" not in found
    assert not any("after" in text for text in found)


def test_one_fact_per_day():
    facts = RuleFactExtractor().extract(
        "On October 6 the town fell. Saturday's fighting was the worst.",
        published=date(2018, 10, 7),
    )
    assert [d.date for d in facts.dates] == [date(2018, 10, 6)]


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The talks resumed yesterday in Geneva.", date(1, 1, 1)),
        ("The talks resume on March 3 and again next Friday.", date(9999, 12, 31)),
    ],
)
def test_dates_at_the_edge_of_the_calendar_stay_unresolved_instead_of_failing(text, published):
    facts = RuleFactExtractor().extract(text, published=published)
    assert facts.dates
    assert all(d.date is None for d in facts.dates)
