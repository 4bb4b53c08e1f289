"""Alembic migrations of Tidings' schema, run by bot.store.Database.migrate()."""
