"""Fixtures every part of the suite can use."""

from collections.abc import AsyncIterator

import pytest

from tests.support.database import clock, database, database_url, postgres_url
from tests.support.pages import Feeds, make_app, serve
from tests.support.synapse import synapse

__all__ = ["clock", "database", "database_url", "postgres_url", "synapse"]


@pytest.fixture
def feeds() -> Feeds:
    """Return the feeds the page server serves under /feeds/NAME; tests edit them as they go."""
    return Feeds()


@pytest.fixture
async def page_server(feeds: Feeds) -> AsyncIterator[str]:
    """Yield the base URL of a local server of test pages (/pages/NAME) and feeds."""
    async with serve(make_app(feeds)) as base:
        yield base
