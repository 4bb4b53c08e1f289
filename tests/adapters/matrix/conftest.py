"""A real Synapse for the Matrix adapter's tests, the bot under test, and people to talk to it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.matrix import MatrixAdapter
from bot.app import open_services
from bot.core.handler import Handler
from bot.settings import FetchSettings, MatrixSettings, Settings
from tests.support.synapse import MatrixPerson, MatrixUser, Synapse


@dataclass(frozen=True, slots=True)
class Pipeline:
    handler: Handler


@asynccontextmanager
async def _pipeline(tmp_path: Path, *, with_database: bool) -> AsyncIterator[Pipeline]:
    fetch = FetchSettings(allow_hosts=["127.0.0.1"])
    settings = Settings(fetch=fetch, data_dir=tmp_path / "tidings")
    async with open_services(settings, with_database=with_database) as services:
        yield Pipeline(services.handler)


@pytest.fixture
async def pipeline(tmp_path: Path) -> AsyncIterator[Pipeline]:
    """Yield Tidings' handler over its real article pipeline, allowed to read 127.0.0.1."""
    async with _pipeline(tmp_path, with_database=False) as built:
        yield built


@pytest.fixture
async def tracking_pipeline(tmp_path: Path) -> AsyncIterator[Pipeline]:
    """Yield the pipeline with its database, so rooms can follow actors."""
    async with _pipeline(tmp_path, with_database=True) as built:
        yield built


@pytest.fixture
def start_bot(
    synapse: Synapse, pipeline: Pipeline, tmp_path: Path
) -> Callable[..., AbstractAsyncContextManager[MatrixAdapter]]:
    """Return a starter of the bot: `async with start_bot(user, **settings) as bot:`."""

    @asynccontextmanager
    async def start(
        user: MatrixUser,
        *,
        data_dir: Path | None = None,
        handler: Handler | None = None,
        **options: Any,
    ) -> AsyncIterator[MatrixAdapter]:
        values: dict[str, Any] = {
            "homeserver": synapse.url,
            "user_id": user.user_id,
            "password": user.password,
            "allowed_inviters": [f":{synapse.server_name}"],
            "send_interval": 0.0,
            "retry_max_delay": 0.5,
            **options,
        }
        adapter = MatrixAdapter(
            handler or pipeline.handler,
            MatrixSettings(**values),
            data_dir=data_dir or tmp_path / "data",
        )
        task = asyncio.create_task(adapter.run())
        try:
            await asyncio.wait_for(adapter.wait_ready(), 30)
            yield adapter
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await adapter.close()

    return start


@pytest.fixture
async def person(synapse: Synapse) -> AsyncIterator[Callable[..., Awaitable[MatrixPerson]]]:
    """Yield a maker of registered people, each closed at the end of the test."""
    made: list[MatrixPerson] = []

    async def make(name: str = "ana", *, store_dir: Path | None = None) -> MatrixPerson:
        user = await synapse.register(name)
        someone = await MatrixPerson(synapse, user, store_dir=store_dir).__aenter__()
        made.append(someone)
        return someone

    yield make
    for someone in made:
        await someone.__aexit__()
