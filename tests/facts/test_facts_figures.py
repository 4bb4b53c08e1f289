"""Figure rules: counts with their outcome, money, percentages, and numbers that are not figures."""

from datetime import date

from bot.core.model import Figure
from bot.facts import RuleFactExtractor


def _figures(text: str) -> list[Figure]:
    return list(RuleFactExtractor().extract(text, published=date(2024, 3, 14)).figures)


def _by_value(figures: list[Figure]) -> dict[float, Figure]:
    return {f.value: f for f in figures}


def test_coordinated_counts_share_the_verb_after_them():
    figures = _by_value(_figures("Six militants and three civilians have been killed."))
    assert figures[6] == Figure("Six militants", 6, "militants killed")
    assert figures[3] == Figure("three civilians", 3, "civilians killed")


def test_hedges_stay_in_the_text_and_the_verb_before_counts():
    figures = _by_value(
        _figures("Gunmen killed at least 132 people, and at least 14 fighters were wounded.")
    )
    assert figures[132] == Figure("at least 132 people", 132, "people killed")
    assert figures[14] == Figure("at least 14 fighters", 14, "fighters wounded")


def test_money_percentages_and_multipliers():
    figures = _by_value(
        _figures(
            "The group cut 1,800 jobs, about 11% of its workforce, and booked charges of "
            "£3.2m and a $2.5 million fine, plus 750 billion euros in loans."
        )
    )
    assert figures[1800].what == "jobs cut"
    assert figures[11].text == "about 11%"
    assert figures[11].what == "workforce"
    assert figures[3_200_000].text == "£3.2m"
    assert figures[3_200_000].what == "charges"
    assert figures[2_500_000].text == "$2.5 million"
    assert figures[750e9].text == "750 billion euros"


def test_number_words_up_to_compounds():
    figures = _by_value(
        _figures("Thirty-three miners were found alive and twenty rescuers were hurt.")
    )
    assert figures[33].what == "miners"
    assert figures[20].what == "rescuers hurt"


def test_measures_keep_their_unit():
    figures = _by_value(_figures("The magnitude 7.8 quake struck 30 km from the coast."))
    assert figures[7.8].text == "magnitude 7.8"
    assert figures[30].what == "km"


def test_years_dates_times_ages_scores_and_names_are_not_figures():
    figures = _figures(
        "In 2019, on October 6 at 3.15pm, Graham Pike, 54, watched Leeds win 3-1 in the "
        "Apollo 11 hall; a 25-year-old fan left."
    )
    assert figures == []


def test_spans_of_time_are_not_figures_but_prison_terms_are():
    figures = _by_value(
        _figures(
            "After three days of talks he was jailed for six years; the hearing took two hours."
        )
    )
    assert set(figures) == {6}
    assert figures[6].what == "years jailed"


def test_one_of_is_not_a_count():
    assert _figures("One of the ministers resigned, and one day later another followed.") == []


def test_science_story_counts():
    figures = _by_value(
        _figures(
            "The trial enrolled 450 children in four countries and cut cases by 77%; "
            "200 million doses will be made."
        )
    )
    assert figures[450].what == "children"
    assert figures[4].what == "countries"
    assert figures[77].text == "77%"
    assert figures[200e6].what == "doses"
