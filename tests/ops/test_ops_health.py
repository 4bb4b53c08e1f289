"""/healthz and /metrics of a running Tidings, scraped as Prometheus and Docker would."""

from __future__ import annotations

import asyncio
import json
import shutil
from collections.abc import AsyncIterator

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.ops import HealthServer, HealthServerError, Metrics, Probes
from bot.settings import Settings, TrackSettings
from tests.support.pages import Feeds, rss

TITLE = "HTS Renews Offensive Against Zenki Fighters West Of Aleppo"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Return every sample of a scrape, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_healthz_is_ok_then_unhealthy_when_the_database_goes_away(bot):
    status, body = await bot.get("/healthz")
    assert status == 200, body
    assert json.loads(body) == {
        "status": "ok",
        "database": True,
        "adapters": {"console": True},
        "scheduler": True,
    }

    shutil.rmtree(bot.settings.data_dir)

    status, body = await bot.get("/healthz")
    assert status == 503
    report = json.loads(body)
    assert report["status"] == "unhealthy"
    assert report["database"] is False
    assert report["adapters"] == {"console": True}


@pytest.fixture
async def polled_bot(
    bot_settings: Settings, start_bot, page_server: str, feeds: Feeds
) -> AsyncIterator:
    feeds.put("wire", rss("Wire", [("Quiet day", f"{page_server}/pages/x", "Nothing much.")]))
    settings = bot_settings.model_copy(
        update={"track": TrackSettings(poll_interval=1, sources=[f"{page_server}/feeds/wire"])}
    )
    async with start_bot(settings) as running:
        yield running


async def test_metrics_count_summaries_failures_and_polls(polled_bot, page_server, feeds):
    bot = polled_bot
    bot.say(f"!summarize {page_server}/pages/aleppo-clashes.html")
    await bot.printed(TITLE)
    bot.say(f"!summarize {page_server}/status/404")
    await bot.printed("404")
    async with asyncio.timeout(30):
        while True:
            status, text = await bot.get("/metrics")
            assert status == 200
            found = samples(text)
            if found[("tidings_poll_duration_seconds_count", ())] >= 1:
                break
            await asyncio.sleep(0.1)

    assert found[("tidings_summaries_total", (("outcome", "ok"),))] == 1
    assert found[("tidings_summaries_total", (("outcome", "refused"),))] == 1
    assert found[("tidings_summaries_total", (("outcome", "error"),))] == 0
    assert found[("tidings_fetch_failures_total", (("reason", "http_status"),))] == 1
    assert found[("tidings_fetch_failures_total", (("reason", "timeout"),))] == 0
    assert found[("tidings_alerts_sent_total", (("mode", "immediate"),))] == 0
    assert found[("tidings_alerts_dropped_total", ())] == 0
    assert found[("tidings_outbox_queue_depth", ())] == 0
    assert found[("tidings_sources_failing", ())] == 0
    assert found[("tidings_poll_duration_seconds_sum", ())] > 0
    assert found[("process_resident_memory_bytes", ())] > 0
    assert any(name == "python_info" for name, _ in found)


async def test_metrics_registries_are_per_instance():
    first, second = Metrics(), Metrics()
    first.summarised("ok")
    first.alert_sent(digest=True)
    first.polled(0.3)
    first.fetch_failed("dns")
    first.alert_dropped()
    one = samples((await first.render()).decode())
    other = samples((await second.render()).decode())
    assert one[("tidings_summaries_total", (("outcome", "ok"),))] == 1
    assert one[("tidings_alerts_sent_total", (("mode", "digest"),))] == 1
    assert one[("tidings_fetch_failures_total", (("reason", "dns"),))] == 1
    assert one[("tidings_alerts_dropped_total", ())] == 1
    assert one[("tidings_poll_duration_seconds_bucket", (("le", "0.5"),))] == 1
    assert other[("tidings_summaries_total", (("outcome", "ok"),))] == 0


async def test_database_counts_are_read_at_scrape_time_and_survive_a_failing_database():
    depth = [3]

    async def queue_depth() -> int:
        if not depth:
            raise OSError("database is gone")
        return depth[0]

    async def failing_sources() -> int:
        return 2

    metrics = Metrics()

    async def scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        body = await metrics.render(queue_depth=queue_depth, failing_sources=failing_sources)
        return samples(body.decode())

    first = await scrape()
    assert first[("tidings_outbox_queue_depth", ())] == 3
    assert first[("tidings_sources_failing", ())] == 2
    depth[0] = 7
    assert (await scrape())[("tidings_outbox_queue_depth", ())] == 7
    depth.clear()
    gone = await scrape()
    value = gone[("tidings_outbox_queue_depth", ())]
    assert value != value  # NaN: unknown, rather than a stale number
    assert gone[("tidings_sources_failing", ())] == 2


@pytest.mark.parametrize("failing", ["discord", "scheduler", "database"])
async def test_any_failing_part_makes_healthz_fail(failing):
    up = {"matrix": True, "discord": True, "scheduler": True, "database": True}

    async def database() -> bool:
        return up["database"]

    probes = Probes(
        database=database,
        adapters={"matrix": lambda: up["matrix"], "discord": lambda: up["discord"]},
        scheduler=lambda: up["scheduler"],
    )
    server = HealthServer(Metrics(), probes, host="127.0.0.1", port=0)
    await server.start()
    url = f"http://127.0.0.1:{server.port}/healthz"
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                assert response.status == 200
            up[failing] = False
            async with session.get(url) as response:
                assert response.status == 503
                report = await response.json()
    finally:
        await server.close()
    assert report["status"] == "unhealthy"
    assert report == {
        "status": "unhealthy",
        "database": up["database"],
        "adapters": {"matrix": True, "discord": up["discord"]},
        "scheduler": up["scheduler"],
    }


async def test_a_taken_port_is_explained():
    first = HealthServer(Metrics(), Probes(), host="127.0.0.1", port=0)
    await first.start()
    try:
        second = HealthServer(Metrics(), Probes(), host="127.0.0.1", port=first.port)
        with pytest.raises(HealthServerError, match=r"health\.port"):
            await second.start()
    finally:
        await first.close()
