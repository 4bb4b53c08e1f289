"""Extractive summaries of news articles, comment threads and chat conversations."""

from bot.summarize.discussion import summarize_conversation
from bot.summarize.news import NewsSummarizer

__all__ = ["NewsSummarizer", "summarize_conversation"]
