"""Recognise lines of page text that only state when something was written."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

_MONTHS: Final[dict[str, int]] = {
    **{
        name: number
        for number, names in enumerate(
            (
                ("january", "jan", "januar", "jänner", "janvier", "enero"),
                ("february", "feb", "februar", "février", "fevrier", "febrero"),
                ("march", "mar", "märz", "mär", "maerz", "mars", "marzo"),
                ("april", "apr", "avril", "abril"),
                ("may", "mai", "mayo"),
                ("june", "jun", "juni", "juin", "junio"),
                ("july", "jul", "juli", "juillet", "julio"),
                ("august", "aug", "août", "aout", "agosto"),
                ("september", "sep", "sept", "septembre", "septiembre"),
                ("october", "oct", "oktober", "okt", "octobre", "octubre"),
                ("november", "nov", "novembre", "noviembre"),
                ("december", "dec", "dezember", "dez", "décembre", "decembre", "diciembre"),
            ),
            start=1,
        )
        for name in names
    }
}
_MONTH: Final = "|".join(sorted(_MONTHS, key=len, reverse=True))
_LEAD: Final = (
    r"(?:(?:posted|published|updated|last updated|modified|veröffentlicht|aktualisiert|"
    r"zuletzt aktualisiert|stand|publié|mis à jour|publicado|actualizado)"
    r"(?:\s+(?:on|am|le|el))?\s*:?\s*)?"
)
_WEEKDAY: Final = (
    r"(?:(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|mo|di|mi|do|fr|sa|so"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|lunes|martes|miércoles|jueves|viernes|sábado|domingo)\.?,?\s+)?"
)
_TIME: Final = (
    r"(?:\s*(?:,|at|um|à|a las|@|-|–|—|\||·|•)?\s*"
    r"\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?|uhr|h)?(?:\s*[A-Z]{2,5})?)?"
)
_ABSOLUTE: Final = re.compile(
    rf"^{_LEAD}{_WEEKDAY}(?:"
    rf"(?P<mon1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(?P<mon2>{_MONTH})\.?"
    rf"(?:,?\s+(?:de\s+)?(?P<y2>\d{{4}}))?"
    r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|(?P<d4>\d{1,2})\.(?P<m4>\d{1,2})\.(?P<y4>\d{4}|\d{2})"
    r"|(?P<a5>\d{1,2})/(?P<b5>\d{1,2})/(?P<y5>\d{4}|\d{2})"
    rf"){_TIME}$",
    re.IGNORECASE,
)
_RELATIVE: Final = re.compile(
    r"^(?:about\s+|ca\.\s+|etwa\s+)?(?:"
    r"(?:\d+|an?|one)\s+(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\s+ago"
    r"|vor\s+(?:\d+|einer?|einem)\s+(?:sekunden?|minuten?|stunden?|tag|tagen|wochen?|monat"
    r"|monaten|jahr|jahren)"
    r"|il y a\s+(?:\d+|une?)\s+\w+|hace\s+(?:\d+|una?)\s+\w+"
    r"|just now|yesterday|today|gestern|heute|hier|aujourd'hui|ayer|hoy"
    rf"){_TIME}$",
    re.IGNORECASE,
)


_EDITED: Final = re.compile(r"\s*[(\[]?(?:edited|bearbeitet|modifié)[)\]]?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A line that only gives a time: the calendar day when it names one in full."""

    day: date | None


def read_dateline(line: str) -> Dateline | None:
    """Return what a line says about when, or None when it says more than that."""
    text = _EDITED.sub("", line.strip().strip("|·•()[]").strip())
    if not text or len(text) > 60:
        return None
    if _RELATIVE.match(text):
        return Dateline(None)
    match = _ABSOLUTE.match(text)
    if match is None:
        return None
    groups = match.groupdict()
    if groups["mon1"] or groups["mon2"]:
        # Case-blind matching lets "ı" stand for "i" ("Aprıl"), which casefold() keeps.
        month = _MONTHS.get((groups["mon1"] or groups["mon2"]).casefold())
        if month is None:
            return None
        day, year = groups["d1"] or groups["d2"], groups["y1"] or groups["y2"]
        return _checked(year, month, day, partial=year is None)
    if groups["y3"]:
        return _checked(groups["y3"], groups["m3"], groups["d3"])
    if groups["y4"]:
        return _checked(groups["y4"], groups["m4"], groups["d4"])
    first, second = int(groups["a5"]), int(groups["b5"])
    # 03/04/2021 reads both ways; only a number above twelve settles which is the month.
    if first > 12:
        return _checked(groups["y5"], second, first)
    if second > 12:
        return _checked(groups["y5"], first, second)
    return _checked(groups["y5"], first, second, partial=True)


def _checked(
    year: str | int | None, month: str | int, day: str | int, *, partial: bool = False
) -> Dateline | None:
    number = int(year) if year is not None else 2000
    if number < 100:
        number += 2000
    try:
        found = date(number, int(month), int(day))
    except ValueError:
        return None
    return Dateline(None if partial else found)
