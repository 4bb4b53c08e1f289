"""The health and metrics endpoint: /healthz for orchestrators, /metrics for Prometheus."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from aiohttp import web

from bot.ops.metrics import CONTENT_TYPE, Metrics

log = logging.getLogger(__name__)

# A health check that hangs is worse than one that fails: orchestrators wait on it.
_PROBE_TIMEOUT: Final = 8.0


class HealthServerError(RuntimeError):
    """The health server cannot listen; the message says what to change."""


@dataclass(frozen=True, slots=True)
class Probes:
    """What /healthz asks about; a part Tidings does not run is left out."""

    database: Callable[[], Awaitable[bool]] | None = None
    adapters: Mapping[str, Callable[[], bool]] = field(default_factory=dict)
    scheduler: Callable[[], bool] | None = None
    queue_depth: Callable[[], Awaitable[int]] | None = None
    failing_sources: Callable[[], Awaitable[int]] | None = None

    async def report(self) -> dict[str, Any]:
        """Return the health report; "status" is "ok" only when every part is."""
        database: bool | None = None
        if self.database is not None:
            try:
                async with asyncio.timeout(_PROBE_TIMEOUT):
                    database = await self.database()
            except TimeoutError:
                database = False
        adapters = {name: _safely(probe) for name, probe in self.adapters.items()}
        scheduler = _safely(self.scheduler) if self.scheduler is not None else None
        healthy = database is not False and scheduler is not False and all(adapters.values())
        return {
            "status": "ok" if healthy else "unhealthy",
            "database": database,
            "adapters": adapters,
            "scheduler": scheduler,
        }


def _safely(probe: Callable[[], bool]) -> bool:
    try:
        return bool(probe())
    except Exception:
        log.exception("a health probe failed")
        return False


class HealthServer:
    """Serve /healthz and /metrics on one address until closed."""

    def __init__(self, metrics: Metrics, probes: Probes, *, host: str, port: int) -> None:
        self._metrics = metrics
        self._probes = probes
        self._host = host
        self._port = port
        self._runner: web.AppRunner | None = None
        self._bound: int | None = None

    @property
    def port(self) -> int:
        """Return the port listened on (the one chosen when configured as 0)."""
        if self._bound is None:
            raise RuntimeError("the health server is not started")
        return self._bound

    async def start(self) -> None:
        """Listen, or raise HealthServerError saying what to change."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics_page)
        # No access log: a health check every few seconds would drown the useful lines.
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._port)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            raise HealthServerError(
                f"cannot serve health checks on {self._host}:{self._port}: "
                f"{error.strerror or error}; choose another health.port or set "
                "health.enabled = false"
            ) from error
        self._runner = runner
        self._bound = int(runner.addresses[0][1]) if runner.addresses else self._port
        log.info("health and metrics on http://%s:%d/healthz and /metrics", self._host, self.port)

    async def close(self) -> None:
        """Stop listening; requests in progress are finished."""
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def _healthz(self, request: web.Request) -> web.Response:
        report = await self._probes.report()
        if report["status"] != "ok":
            log.warning("unhealthy: %s", report)
        return web.json_response(report, status=200 if report["status"] == "ok" else 503)

    async def _metrics_page(self, request: web.Request) -> web.Response:
        body = await self._metrics.render(
            queue_depth=self._probes.queue_depth, failing_sources=self._probes.failing_sources
        )
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})
