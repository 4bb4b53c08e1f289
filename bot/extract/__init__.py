"""Article extraction: body text and metadata from HTML, comments kept apart."""

from bot.extract.article import ArticleExtractor

__all__ = ["ArticleExtractor"]
