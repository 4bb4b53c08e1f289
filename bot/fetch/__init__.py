"""Fetch pages and feeds over HTTP, refusing private addresses (the core's Fetcher port)."""

from bot.fetch.addresses import AddressPolicy
from bot.fetch.http import HttpFetcher, Response

__all__ = ["AddressPolicy", "HttpFetcher", "Response"]
