"""What the sender types for a prompt of the problem flow, routed by the prompt's kind.

The input router (:mod:`bot.handlers.inputs`) hands it the message when the sender's
pending-input slot belongs to the problem flow. Too long, a sticker, a file where text is
wanted: a clear answer, and the prompt keeps waiting, so nothing is lost.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Message

from bot.handlers.context import Context
from bot.handlers.eskalasi import on_direction, on_forward_note
from bot.handlers.lapor import on_description
from bot.handlers.masalah import on_reason, on_solution
from bot.handlers.problem_notices import deliver
from bot.handlers.problem_prompts import Kind, Typed, Unsupported, stop_waiting, typed
from bot.org.models import Person
from bot.problems.desk import Outcome
from bot.problems.models import MAX_SOLUTION, MAX_TEXT
from bot.problems.reporting import post_message
from bot.storage.pending_inputs import PendingInput
from bot.texts import problems as texts

log = logging.getLogger(__name__)

OnInput = Callable[[Message, Context, Person, int | None, Typed], Awaitable[None]]


async def on_reply(
    message: Message, context: Context, person: Person, ref: int | None, got: Typed
) -> None:
    """A message in a problem's thread, relayed to the other side."""
    await stop_waiting(context, message.chat_id)
    result = await post_message(
        context.problems,
        person,
        message.chat_id,
        ref or 0,
        got.text,
        got.attachment,
        context.clock.now(),
    )
    if result.outcome is Outcome.STALE and result.problem is not None:
        await message.reply_text(texts.thread_closed(result.problem))
        return
    if result.outcome is not Outcome.DONE:
        await message.reply_text(texts.NOT_ALLOWED)
        return
    await message.reply_text(texts.relayed(await deliver(context, result.notices)))


_ON_INPUT: dict[Kind, OnInput] = {
    Kind.DESCRIBE: on_description,
    Kind.REPLY: on_reply,
    Kind.SOLUTION: on_solution,
    Kind.REASON: on_reason,
    Kind.DIRECTION: on_direction,
    Kind.FORWARD_NOTE: on_forward_note,
}
_LIMITS = {Kind.SOLUTION: MAX_SOLUTION}
_TEXT_ONLY = {Kind.SOLUTION, Kind.REASON, Kind.DIRECTION, Kind.FORWARD_NOTE}


async def problem_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """What the sender types for a prompt of the problem flow; False for a prompt of a kind
    this version does not know."""
    try:
        kind = Kind(pending.kind)
    except ValueError:
        log.info("dropping a stale %s prompt of person %s", pending.kind, person.id)
        return False
    answer = _check(message, kind)
    if isinstance(answer, str):
        await message.reply_text(answer)
        return True
    await _ON_INPUT[kind](message, context, person, pending.ref_id, answer)
    return True


def _check(message: Message, kind: Kind) -> Typed | str:
    """The input, or why it cannot be taken (the prompt keeps waiting)."""
    text_only = kind in _TEXT_ONLY
    try:
        got = typed(message)
    except Unsupported:
        return texts.TEXT_ONLY if text_only else texts.TEXT_OR_FILE_ONLY
    if text_only and (got.attachment is not None or not got.text):
        return texts.TEXT_ONLY
    limit = _LIMITS.get(kind, MAX_TEXT)
    if len(got.text) > limit:
        return texts.too_long(len(got.text), limit)
    return got
