"""The one door for typed input: the pending-input slot is read once per private message
and the message handed to the feature that asked for it.

A feature that asks for free text (a check-in note, a problem report, a colleague's name,
a reminder time...) takes the sender's pending-input slot (one per user, kept in the
database; the latest prompt wins). When a message arrives and the slot is taken, the
feature's input function gets the message: it returns True when it took it (the message
stops here, :class:`ApplicationHandlerStop`), or False when the wait is over (its ticket was
closed, the day has passed...). A command always ends the wait and runs as usual, and so
does a message from someone no longer in the roster. Whatever is not taken goes on to the
features (a NIP, the fallbacks).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Message, Update
from telegram.constants import MessageEntityType
from telegram.ext import ApplicationHandlerStop

from bot.handlers import problem_prompts
from bot.handlers.apresiasi import PENDING as APPRECIATION_INPUT
from bot.handlers.apresiasi_input import appreciation_input
from bot.handlers.atur import FEATURE as ATUR_INPUT
from bot.handlers.atur import atur_input
from bot.handlers.checkin import NOTE_INPUT
from bot.handlers.checkin_note import note_input
from bot.handlers.context import Context
from bot.handlers.guards import message_of, user_of
from bot.handlers.inovasi import FEATURE as INNOVATION_INPUT
from bot.handlers.inovasi import inovasi_input
from bot.handlers.kegiatan import FEATURE as ACTIVITY_INPUT
from bot.handlers.kegiatan import kegiatan_input
from bot.handlers.problem_inputs import problem_input
from bot.handlers.rencana import FEATURE as PLAN_INPUT
from bot.handlers.rencana import rencana_input
from bot.handlers.semester import FEATURE as SEMESTER_INPUT
from bot.handlers.semester import semester_input
from bot.handlers.sk import FEATURE as DECREE_INPUT
from bot.handlers.sk import sk_input
from bot.org.models import Person
from bot.storage.pending_inputs import PendingInput

log = logging.getLogger(__name__)

TakeInput = Callable[[Message, Context, Person, PendingInput], Awaitable[bool]]

ROUTES: dict[str, TakeInput] = {
    NOTE_INPUT: note_input,
    problem_prompts.FEATURE: problem_input,
    APPRECIATION_INPUT: appreciation_input,
    ATUR_INPUT: atur_input,
    PLAN_INPUT: rencana_input,
    ACTIVITY_INPUT: kegiatan_input,
    INNOVATION_INPUT: inovasi_input,
    DECREE_INPUT: sk_input,
    SEMESTER_INPUT: semester_input,
}
"""The feature that set the slot -> what takes the message typed for it."""


def is_command(message: Message) -> bool:
    entities = message.entities or ()
    return any(e.type == MessageEntityType.BOT_COMMAND and e.offset == 0 for e in entities)


async def typed_input_msg(update: Update, context: Context) -> None:
    """Hand a private message to the feature waiting for it, if any; else let it pass."""
    user = user_of(update)
    message = message_of(update)
    pending = await context.pending_inputs.current(user.id)
    if pending is None:
        return
    person = context.person
    take = ROUTES.get(pending.feature)
    if take is not None and person is not None and not is_command(message):
        if await take(message, context, person, pending):
            raise ApplicationHandlerStop
    else:
        log.debug("the %s prompt of user %s stops waiting", pending.feature, user.id)
    # A command moves on, or the wait is over: the slot is freed, the message goes on.
    await context.pending_inputs.clear(user.id, pending.feature)
