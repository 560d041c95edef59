"""Persistence: the database and one repository module per aggregate."""

from bot.storage.database import Database, open_database
from bot.storage.org import OrgRepository
from bot.storage.users import UserRepository

__all__ = [
    "Database",
    "OrgRepository",
    "UserRepository",
    "open_database",
]
