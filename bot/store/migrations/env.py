"""Run the migrations on the connection that bot.store.Database.migrate() hands over."""

from __future__ import annotations

from alembic import context

from bot.store.tables import metadata


def _run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Tidings runs its migrations through bot.store.Database.migrate().")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        transaction_per_migration=True,
        # Tidings' SQLite connections issue their own BEGIN, so DDL is transactional there too.
        transactional_ddl=True,
        # SQLite alters a table by copying it; batch mode writes migrations that way.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


_run()
