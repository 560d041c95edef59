"""Content packs (value sets, budaya malu, evaluation criteria): models, loader, search."""

from bot.content.loader import (
    ContentError,
    ContentProblem,
    active_value_set,
    load_content,
    parse_content,
)
from bot.content.models import ContentPack, Value, ValueSet
from bot.content.search import Hit, Kind, ValueSearch

__all__ = [
    "ContentError",
    "ContentPack",
    "ContentProblem",
    "Hit",
    "Kind",
    "Value",
    "ValueSearch",
    "ValueSet",
    "active_value_set",
    "load_content",
    "parse_content",
]
