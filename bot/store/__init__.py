"""Tidings' database: SQLite or PostgreSQL through SQLAlchemy, with packaged Alembic migrations."""

from bot.store.cache import SqlReportCache
from bot.store.database import Database, StoreError, normalize_url

__all__ = ["Database", "SqlReportCache", "StoreError", "normalize_url"]
