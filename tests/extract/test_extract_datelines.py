"""Lines of page text that only say when: bylines' dates and comment timestamps."""

from __future__ import annotations

from datetime import date

import pytest

from bot.extract._datelines import read_dateline


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("October 7, 2018", date(2018, 10, 7)),
        ("Sunday, October 7, 2018 at 3:15 pm", date(2018, 10, 7)),
        ("Oct 7, 2018 3:15 PM EDT", date(2018, 10, 7)),
        ("7 October 2018", date(2018, 10, 7)),
        ("Updated on October 8, 2018", date(2018, 10, 8)),
        ("2018-10-07", date(2018, 10, 7)),
        ("2018-10-07T14:32:00Z", date(2018, 10, 7)),
        ("07.10.2018", date(2018, 10, 7)),
        ("07.10.2018 um 14:32", date(2018, 10, 7)),
        ("7. Oktober 2018 um 14:32 Uhr", date(2018, 10, 7)),
        ("Sonntag, 7. Oktober 2018", date(2018, 10, 7)),
        ("Published: 07.10.2018 14:32", date(2018, 10, 7)),
        ("25/12/2023", date(2023, 12, 25)),
        # Times without a full calendar day are still only times.
        ("10/07/2018", None),
        ("May 3", None),
        ("5 years ago", None),
        ("an hour ago", None),
        ("yesterday at 3:15 pm", None),
        ("vor 3 Stunden", None),
    ],
)
def test_datelines(line: str, day: date | None) -> None:
    found = read_dateline(line)
    assert found is not None
    assert found.day == day


@pytest.mark.parametrize(
    "line",
    [
        "Rob 7 October 2018",
        "The board met on Tuesday.",
        "31.02.2018",
        "Riverton",
        "On October 6, the army attacked positions near the town.",
        "Tuesday, 14:32",
        "Aprıl 3, 2024",  # dotless ı: matched case-blind, but no month name
    ],
)
def test_lines_that_say_more_than_when(line: str) -> None:
    assert read_dateline(line) is None
