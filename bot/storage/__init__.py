"""Persistence: the aiosqlite database and one repository module per aggregate."""

from bot.storage.database import Database, Migration, bundled_migrations
from bot.storage.users import TelegramUser, UserRepository

__all__ = ["Database", "Migration", "TelegramUser", "UserRepository", "bundled_migrations"]
