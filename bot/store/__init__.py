"""Tidings' database: SQLite or PostgreSQL through SQLAlchemy, with packaged Alembic migrations."""

from bot.store.cache import SqlReportCache
from bot.store.database import Database, StoreError, normalize_url
from bot.store.tracking import TrackingStore

__all__ = ["Database", "SqlReportCache", "StoreError", "TrackingStore", "normalize_url"]
