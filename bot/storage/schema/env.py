"""Alembic's environment: migrations run on the connection the bot hands over.

The bot runs them at start-up (:meth:`bot.storage.database.Database.open`) through
``config.attributes["connection"]``; there is no alembic.ini and no URL here. On PostgreSQL
the connection's ``search_path`` names the Pemda's schema, so its ``alembic_version`` and
its tables live there.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    # SQLite changes most table definitions by copying the table (ALTER is limited there).
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
