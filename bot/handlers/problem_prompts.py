"""What the problem flow waits for someone to type, kept in ``pending_inputs``.

A prompt (describe a problem, reply, write a solution, a direction, a reason) stores its
kind in the database, so a restart between the prompt and the answer loses nothing; the
message handler in :mod:`bot.handlers.problem_inputs` takes the next message of that person.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telegram import Message

from bot.handlers.context import Context
from bot.problems.models import Attachment, AttachmentKind

FEATURE = "problems"
"""This feature's rows in the shared ``pending_inputs`` table."""


class Kind(StrEnum):
    DESCRIBE = "describe"
    """The reporter's /lapor: the problem's description (and an optional attachment)."""
    REPLY = "reply"
    """A message in a problem's thread (reporter or staff); ref: the problem."""
    SOLUTION = "solution"
    """An alternative solution for an escalation; ref: the problem."""
    REASON = "reason"
    """Why staff refuse a problem; ref: the problem."""
    DIRECTION = "direction"
    """The head's written direction; ref: the escalation."""
    FORWARD_NOTE = "forward_note"
    """The note an escalation is passed up with (the Ketua's to the head); ref: it."""


async def await_input(context: Context, user_id: int, kind: Kind, ref: int | None) -> None:
    await context.pending_inputs.set(user_id, FEATURE, kind.value, ref, context.clock.now())


async def stop_waiting(context: Context, user_id: int) -> None:
    await context.pending_inputs.clear(user_id, FEATURE)


class Unsupported(Exception):
    """A sticker, voice note, video, location...: nothing the flow can pass on."""


@dataclass(frozen=True)
class Typed:
    """What a person sent in answer to a prompt."""

    text: str
    attachment: Attachment | None


def typed(message: Message) -> Typed:
    """The text (or caption) and the photo or document of a message; raises Unsupported."""
    if message.photo:
        attachment = Attachment(AttachmentKind.PHOTO, message.photo[-1].file_id)
    elif message.document is not None:
        attachment = Attachment(AttachmentKind.DOCUMENT, message.document.file_id)
    else:
        attachment = None
    text = (message.text or message.caption or "").strip()
    if attachment is None and not text:
        raise Unsupported
    return Typed(text, attachment)
