"""Fixtures every part of the suite can use."""

from collections.abc import AsyncIterator

import pytest

from tests.support.pages import make_app, serve


@pytest.fixture
async def page_server() -> AsyncIterator[str]:
    """Yield the base URL of a local server of test pages (pages live under /pages/NAME)."""
    async with serve(make_app()) as base:
        yield base
