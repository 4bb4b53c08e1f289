"""Fixtures for the summariser's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.summarize import discussion, news


@pytest.fixture
def pairwise_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many sentences each pairwise similarity matrix is built over."""
    sizes: list[int] = []
    for module in (news, discussion):
        build = module.similarity_matrix

        def recorded(terms: list[list[str]], build: Callable[..., Any] = build) -> Any:
            sizes.append(len(terms))
            return build(terms)

        monkeypatch.setattr(module, "similarity_matrix", recorded)
    return sizes
