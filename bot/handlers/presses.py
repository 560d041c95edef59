"""The one way a button press is taken: parse its data, check the presser, answer the rest.

Every callback handler starts with :func:`pressed` (a press that needs a roster person who
may use the flow's command) or :func:`parsed` (a press anyone may make, such as /nilai's).
Data that no keyboard of ours carries (forged, or of an old version) and a press that is no
longer valid (:func:`refuse_stale`) get the same clear answer, once, and are logged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from telegram import CallbackQuery, Update

from bot import permissions, texts
from bot.handlers.access import refusal_for
from bot.handlers.context import Context
from bot.handlers.guards import query_of
from bot.org.models import Person

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Press(Generic[T]):
    """A press whose data parsed and whose presser may act on it."""

    data: T
    person: Person
    query: CallbackQuery


async def refuse_stale(update: Update, feature: str, why: str = "unknown data") -> None:
    """Answer a press that cannot be carried out because its button is forged or out of
    date: one alert in Indonesian, and a line in the log."""
    query = query_of(update)
    log.warning(
        "refused %s button %r from Telegram user %s: %s",
        feature,
        query.data,
        query.from_user.id,
        why,
    )
    await query.answer(texts.STALE_BUTTON, show_alert=True)


async def parsed(
    update: Update, feature: str, parse: Callable[[str | None], T | None]
) -> T | None:
    """The typed data of the press, or None once the press was answered as stale."""
    data = parse(query_of(update).data)
    if data is None:
        await refuse_stale(update, feature, "data not of a current keyboard")
    return data


async def pressed(
    update: Update,
    context: Context,
    feature: str,
    parse: Callable[[str | None], T | None],
    *,
    command: str | None = None,
) -> Press[T] | None:
    """The press, if its data parses and the presser is a roster person who may use
    ``/command`` (any roster person when None); otherwise it is answered and None."""
    data = await parsed(update, feature, parse)
    if data is None:
        return None
    person = context.person
    refusal = refusal_for(update, context, command) if command is not None else None
    if refusal is not None or person is None:
        refusal = refusal or permissions.Refusal.NOT_REGISTERED
        await query_of(update).answer(texts.REFUSALS[refusal], show_alert=True)
        return None
    return Press(data, person, query_of(update))
