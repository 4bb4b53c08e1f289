"""Score the rule-based fact extractor on hand-annotated news paragraphs.

Usage: python bench/facts.py [--data FILE] [--errors] [--only ID_OR_KIND ...]

FILE holds one JSON object per line: ``id``, ``kind`` (politics, conflict, ...), ``published``
(YYYY-MM-DD), ``text``, and the gold facts:

- ``actors``: ``{"name", "type", "aliases"}``; type is person, organisation, group or place.
  Every named person, organisation, armed or political group and place is listed, under its
  longest form without a title or a leading "the"; other forms the text uses are aliases.
  Nationality words, events (tournaments, storms), products and works are not actors.
- ``places``: the place names a reader would list under "Where"; a descriptive phrase with a
  region noun is kept whole ("western Aleppo countryside"); an entry may be a list of
  acceptable spellings.
- ``dates``: day-level expressions with the calendar day they mean (``{"text", "date"}``).
- ``figures``: ``{"text", "value", "noun", "what"}``: counts, money, percentages and measures;
  not years, dates, times, ages, scores, ordinals, numbers inside names, or spans of time
  (prison terms excepted). ``noun`` is the counted word, or null for a bare amount.
- ``attribution``: the sources a claim is attributed to.

Matching, one to one per paragraph, counts summed over all paragraphs (micro average):
an actor is right when one of its names equals one of the gold names (case, apostrophes and a
leading "the" ignored) and its type is right ("actors"), or whatever its type ("actors, any
type"); a place when the strings are equal; a date when the calendar day is equal; a figure when
the value is equal and the gold noun occurs in its text or ``what``; a source when one string
contains the other.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.core.model import Actor, DateFact, Facts, Figure  # noqa: E402
from bot.facts import RuleFactExtractor  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent / "facts_eval.jsonl"
_FIELDS = ("actors", "actors, any type", "places", "dates", "figures", "attribution")


@dataclass(slots=True)
class Tally:
    """Matched, predicted and gold counts of one kind of fact."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _key(text: str) -> str:
    text = text.replace("’", "'").replace(".", "").lower().strip()
    text = re.sub(r"^(the|a|an) ", "", text)
    return " ".join(text.split())


def _pair(
    gold: Sequence[Any], predicted: Sequence[Any], same: Callable[[Any, Any], bool]
) -> tuple[int, list[Any], list[Any]]:
    """Match greedily, one to one; return the count and the unmatched gold and predicted items."""
    free = list(predicted)
    missed: list[Any] = []
    matched = 0
    for item in gold:
        hit = next((p for p in free if same(item, p)), None)
        if hit is None:
            missed.append(item)
        else:
            free.remove(hit)
            matched += 1
    return matched, missed, free


def _actor_names(gold: dict[str, Any]) -> set[str]:
    return {_key(n) for n in [gold["name"], *gold.get("aliases", [])]}


def _types(gold: dict[str, Any]) -> set[str]:
    kind = gold["type"]
    return set(kind) if isinstance(kind, list) else {kind}


def _same_actor(typed: bool) -> Callable[[dict[str, Any], Actor], bool]:
    def same(gold: dict[str, Any], actor: Actor) -> bool:
        names = {_key(n) for n in actor.names}
        if not names & _actor_names(gold):
            return False
        return not typed or actor.kind.value in _types(gold)

    return same


def _same_place(gold: str | list[str], place: str) -> bool:
    options = gold if isinstance(gold, list) else [gold]
    return _key(place) in {_key(o) for o in options}


def _same_date(gold: dict[str, Any], fact: DateFact) -> bool:
    if gold["date"] is None or fact.date is None:
        return gold["date"] is None and fact.date is None and _key(gold["text"]) == _key(fact.text)
    return date.fromisoformat(gold["date"]) == fact.date


def _same_figure(gold: dict[str, Any], figure: Figure) -> bool:
    value = float(gold["value"])
    if not math.isclose(value, figure.value, rel_tol=1e-6, abs_tol=1e-9):
        return False
    noun = gold.get("noun")
    if not noun:
        return True
    words = set(re.findall(r"[\w']+", f"{figure.text} {figure.what}".lower()))
    return noun.lower() in words or noun.lower() in f"{figure.text} {figure.what}".lower()


def _same_source(gold: str, source: str) -> bool:
    a, b = _key(gold), _key(source)
    return a == b or a in b or b in a


def _score(
    item: dict[str, Any], facts: Facts, tallies: dict[str, Tally], errors: list[str]
) -> None:
    checks: Iterable[tuple[str, Sequence[Any], Sequence[Any], Callable[[Any, Any], bool]]] = (
        ("actors", item["actors"], facts.actors, _same_actor(typed=True)),
        ("actors, any type", item["actors"], facts.actors, _same_actor(typed=False)),
        ("places", item["places"], facts.places, _same_place),
        ("dates", item["dates"], facts.dates, _same_date),
        ("figures", item["figures"], facts.figures, _same_figure),
        ("attribution", item["attribution"], facts.attribution, _same_source),
    )
    for name, gold, predicted, same in checks:
        matched, missed, extra = _pair(gold, predicted, same)
        tally = tallies[name]
        tally.matched += matched
        tally.gold += len(gold)
        tally.predicted += len(predicted)
        if name == "actors, any type":
            continue
        for m in missed:
            errors.append(f"  {name} missed: {_show(m)}")
        for e in extra:
            errors.append(f"  {name} extra:  {_show(e)}")


def _show(item: Any) -> str:
    if isinstance(item, Actor):
        aliases = f" {list(item.aliases)}" if item.aliases else ""
        return f"{item.name} [{item.kind.value}]{aliases}"
    if isinstance(item, dict) and "type" in item:
        return f"{item['name']} [{item['type']}] {item.get('aliases') or ''}"
    if isinstance(item, DateFact):
        return f"{item.text} -> {item.date}"
    if isinstance(item, Figure):
        return f"{item.text} = {item.value:g} ({item.what})"
    return str(item)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", action="store_true", help="list misses and extras per item")
    parser.add_argument("--only", nargs="*", default=(), help="ids or kinds to score")
    args = parser.parse_args(argv)

    items = [
        json.loads(line)
        for line in args.data.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if args.only:
        items = [i for i in items if i["id"] in args.only or i["kind"] in args.only]
    if not items:
        raise SystemExit(f"nothing to score: no item in {args.data} matches {list(args.only)}")
    extractor = RuleFactExtractor()
    tallies = {name: Tally() for name in _FIELDS}
    started = time.perf_counter()
    for item in items:
        facts = extractor.extract(item["text"], published=date.fromisoformat(item["published"]))
        errors: list[str] = []
        _score(item, facts, tallies, errors)
        if args.errors and errors:
            print(f"{item['id']}:")
            print("\n".join(errors))
    elapsed = time.perf_counter() - started

    per_item = elapsed * 1000 / max(1, len(items))
    print(f"\n{len(items)} paragraphs from {args.data.name}, {per_item:.1f} ms each")
    print(f"{'':18} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>5} {'found':>6}")
    for name in _FIELDS:
        t = tallies[name]
        print(
            f"{name:18} {t.precision:9.3f} {t.recall:7.3f} {t.f1:6.3f} {t.gold:5d} {t.predicted:6d}"
        )
    print("target: actors F1 >= 0.85")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
