"""Alembic migrations of the Pemda registry (the home database's own tables)."""
