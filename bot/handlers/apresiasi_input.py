"""What /apresiasi waits for someone to type: a colleague's name, or the one sentence.

The input router (:mod:`bot.handlers.inputs`) hands it the message when the sender's
pending-input slot belongs to /apresiasi; bad input is answered in Indonesian while the
prompt keeps waiting.
"""

from __future__ import annotations

from telegram import Message

from bot.appreciation.rules import SentenceProblem, check_sentence, clean_sentence
from bot.handlers import apresiasi_keyboards as kb
from bot.handlers.apresiasi import NAME, SENTENCE, at_limit, search, stop_waiting
from bot.handlers.context import Context
from bot.org.models import Person
from bot.storage.pending_inputs import PendingInput
from bot.texts import appreciation as appreciation_texts


async def appreciation_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """A name or a sentence for /apresiasi; False when the draft it was for is gone."""
    if message.text is None:
        await message.reply_text(appreciation_texts.WAITING_TEXT)
        return True
    if await at_limit(context, person):
        await stop_waiting(context, person)
        await message.reply_text(appreciation_texts.LIMIT_REACHED)
        return True
    if pending.kind == NAME:
        await search(message, context, person, message.text.strip())
        return True
    draft = await context.appreciations.draft(person.id)
    value = context.value_set.value(draft.value_id) if draft and draft.value_id else None
    colleague = await context.org.person(pending.ref_id) if pending.ref_id else None
    if (
        pending.kind != SENTENCE
        or draft is None
        or value is None
        or colleague is None
        or draft.colleague_id != colleague.id
    ):
        return False  # the draft is gone (sent or cancelled elsewhere): the wait is over
    sentence = clean_sentence(message.text)
    match check_sentence(sentence):
        case SentenceProblem.TOO_LONG:
            await message.reply_text(appreciation_texts.sentence_too_long(len(sentence)))
            return True
        case SentenceProblem.EMPTY | SentenceProblem.TOO_SHORT:
            await message.reply_text(appreciation_texts.SENTENCE_TOO_SHORT)
            return True
    now = context.clock.now()
    await context.appreciations.save_draft(person.id, colleague.id, value.id, sentence, now)
    await stop_waiting(context, person)
    index = context.value_set.values.index(value)
    await message.reply_text(
        appreciation_texts.preview(colleague, value, sentence),
        reply_markup=kb.send_keyboard(colleague, index),
    )
    return True
