"""Running Tidings: settings checks, health and metrics, logs, graceful stops and backups."""

from bot.ops.backup import Backup, BackupError, backup_sqlite, default_path, sqlite_file
from bot.ops.check import Check, check, error_reason, summary
from bot.ops.health import HealthServer, HealthServerError, Probes
from bot.ops.logs import SecretFilter, configure_logging
from bot.ops.metrics import Metrics
from bot.ops.shutdown import Drain, GatedHandler, StoppableInput, on_stop_signals

__all__ = [
    "Backup",
    "BackupError",
    "Check",
    "Drain",
    "GatedHandler",
    "HealthServer",
    "HealthServerError",
    "Metrics",
    "Probes",
    "SecretFilter",
    "StoppableInput",
    "backup_sqlite",
    "check",
    "configure_logging",
    "default_path",
    "error_reason",
    "on_stop_signals",
    "sqlite_file",
    "summary",
]
