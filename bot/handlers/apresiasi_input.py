"""What /apresiasi waits for someone to type: a colleague's name, or the one sentence.

Registered in a group of its own before the features (see ``register_handlers``), with the
same contract as the other prompts: it takes a message only when the sender's pending-input
slot belongs to /apresiasi, never takes a command (a command ends the wait), and answers
bad input in Indonesian while the prompt keeps waiting.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, filters

from bot.appreciation.rules import SentenceProblem, check_sentence, clean_sentence
from bot.handlers import apresiasi_keyboards as kb
from bot.handlers.apresiasi import NAME, PENDING, SENTENCE, at_limit, search, stop_waiting
from bot.handlers.context import Context
from bot.texts import appreciation as appreciation_texts


async def appreciation_input_msg(update: Update, context: Context) -> None:
    """A name or a sentence for /apresiasi, if one is awaited from the sender; else pass."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    pending = await context.pending_inputs.get(user.id, PENDING)
    if pending is None:
        return
    person = await context.org.person_by_telegram(user.id)
    if person is None or filters.COMMAND.check_update(update):
        await context.pending_inputs.clear(user.id, PENDING)
        return  # a command moves on; it runs as usual
    if message.text is None:
        await message.reply_text(appreciation_texts.WAITING_TEXT)
        raise ApplicationHandlerStop
    if await at_limit(context, person):
        await stop_waiting(context, person)
        await message.reply_text(appreciation_texts.LIMIT_REACHED)
        raise ApplicationHandlerStop
    if pending.kind == NAME:
        await search(message, context, person, message.text.strip())
        raise ApplicationHandlerStop
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
        await stop_waiting(context, person)  # the draft is gone (sent or cancelled elsewhere)
        return
    sentence = clean_sentence(message.text)
    match check_sentence(sentence):
        case SentenceProblem.TOO_LONG:
            await message.reply_text(appreciation_texts.sentence_too_long(len(sentence)))
            raise ApplicationHandlerStop
        case SentenceProblem.EMPTY | SentenceProblem.TOO_SHORT:
            await message.reply_text(appreciation_texts.SENTENCE_TOO_SHORT)
            raise ApplicationHandlerStop
    now = context.clock.now()
    await context.appreciations.save_draft(person.id, colleague.id, value.id, sentence, now)
    await stop_waiting(context, person)
    index = context.value_set.values.index(value)
    await message.reply_text(
        appreciation_texts.preview(colleague, value, sentence),
        reply_markup=kb.send_keyboard(colleague, index),
    )
    raise ApplicationHandlerStop
