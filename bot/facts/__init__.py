"""Key facts of a news story found by rules: actors, places, dates, figures and attribution."""

from bot.facts.extractor import RuleFactExtractor

__all__ = ["RuleFactExtractor"]
