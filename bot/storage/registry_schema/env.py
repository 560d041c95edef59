"""Alembic's environment for the Pemda registry: the tables that list the Pemda of a
deployment, in its home database only (the home schema on PostgreSQL, the main SQLite file).

Its revisions are recorded in ``registry_version``, not ``alembic_version``, so they run
beside the data migrations of the home database without touching their history, and a
Pemda's own schema or file never gets a registry. The connection comes from
:meth:`bot.storage.database.Database.upgrade` (``config.attributes["connection"]``).
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    version_table="registry_version",
    render_as_batch=connection.dialect.name == "sqlite",
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
