"""The rules of giving an appreciation: to whom, how often, in how many words."""

from __future__ import annotations

from enum import Enum

from bot import permissions
from bot.org.models import Person

DAILY_LIMIT = 3
"""Appreciations one person may give per local day."""
MAX_SENTENCE = 200
"""Characters of the one sentence that goes with it."""
MIN_SENTENCE = 5


class ColleagueProblem(Enum):
    SELF = "self"
    NOT_COLLEAGUE = "not_colleague"
    """Another unit, no longer in the roster, or not registered (cannot be told)."""


def check_colleague(giver: Person, colleague: Person | None) -> ColleagueProblem | None:
    """None if ``giver`` may appreciate ``colleague``, else why not."""
    if colleague is not None and colleague.id == giver.id:
        return ColleagueProblem.SELF
    if colleague is None or not permissions.may_appreciate(giver, colleague):
        return ColleagueProblem.NOT_COLLEAGUE
    return None


def left_today(given_today: int) -> int:
    return max(DAILY_LIMIT - given_today, 0)


class SentenceProblem(Enum):
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


def clean_sentence(text: str) -> str:
    """One line: runs of spaces and line breaks become one space."""
    return " ".join(text.split())


def check_sentence(sentence: str) -> SentenceProblem | None:
    """None if ``sentence`` (cleaned) can go with an appreciation."""
    if not sentence:
        return SentenceProblem.EMPTY
    if len(sentence) > MAX_SENTENCE:
        return SentenceProblem.TOO_LONG
    if sum(ch.isalpha() for ch in sentence) < MIN_SENTENCE:
        return SentenceProblem.TOO_SHORT  # "ok", "👍👍👍": not a sentence
    return None
