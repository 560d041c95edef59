"""Persistence: the database and one repository module per aggregate."""

from bot.storage.database import Database, Migration, bundled_migrations
from bot.storage.org import OrgRepository
from bot.storage.users import UserRepository

__all__ = [
    "Database",
    "Migration",
    "OrgRepository",
    "UserRepository",
    "bundled_migrations",
]
