"""Persistence: the aiosqlite database and one repository module per aggregate."""

from bot.storage.database import Database, Migration, bundled_migrations
from bot.storage.org import AlreadyBoundError, ImportResult, OrgRepository
from bot.storage.users import TelegramUser, UserRepository

__all__ = [
    "AlreadyBoundError",
    "Database",
    "ImportResult",
    "Migration",
    "OrgRepository",
    "TelegramUser",
    "UserRepository",
    "bundled_migrations",
]
