"""/evaluasi: the periodic self-assessment, one question at a time, answered 1-5.

Each answer is written at once, so an interrupted questionnaire (a closed chat, a restart,
another command) continues at the first unanswered question with the next /evaluasi or the
reminder's button. The question message is edited in place at every tap.
"""

from __future__ import annotations

import logging
from datetime import date

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot import permissions
from bot.evaluation.models import Evaluation
from bot.evaluation.questionnaire import Question, next_question, own_means, questions_for
from bot.evaluation.window import Window, window_from_stamp, window_of
from bot.handlers import evaluasi_keyboards as kb
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import message_of, query_of
from bot.handlers.presses import pressed, refuse_stale
from bot.org.models import Person
from bot.schedule.local import local_date
from bot.texts import evaluation as evaluation_texts

log = logging.getLogger(__name__)

COMMAND = "evaluasi"
FEATURE = "evaluation"
Rendered = tuple[str, InlineKeyboardMarkup | None]


def current_window(context: Context) -> Window:
    """The window of the Pemda's today (windows open and close at local midnight)."""
    today: date = local_date(context.clock.now(), context.settings.tz)
    return window_of(today, context.settings.evaluation_months)


def _questions(context: Context, evaluation: Evaluation) -> list[Question]:
    return questions_for(context.content.evaluasi, evaluation.leading)


async def _start(context: Context, person: Person, window: Window) -> Evaluation:
    """The person's questionnaire of ``window``, started now if it was not yet; whether the
    leadership items are asked is decided here, once (bot.permissions). One whose every
    question is answered is marked finished (should an earlier finish have been lost)."""
    evaluation = await context.evaluations.get(person.id, window.key)
    if evaluation is None:
        evaluation = await context.evaluations.start(
            person.id,
            window.key,
            person.unit_id,
            permissions.answers_leadership(person),
            context.clock.now(),
        )
    return await _finish_if_complete(context, evaluation)


async def _finish_if_complete(context: Context, evaluation: Evaluation) -> Evaluation:
    if evaluation.finished or next_question(_questions(context, evaluation), evaluation.scores):
        return evaluation
    await context.evaluations.finish(evaluation.id, context.clock.now())
    finished = await context.evaluations.get(evaluation.person_id, evaluation.window_key)
    assert finished is not None
    return finished


def render(
    context: Context, window: Window, evaluation: Evaluation, shown: Question | None = None
) -> Rendered:
    """The question ``shown`` (default: the first unanswered), or the finished summary."""
    questions = _questions(context, evaluation)
    asked = shown or next_question(questions, evaluation.scores)
    if asked is None or (evaluation.finished and shown is None):
        means = own_means(questions, evaluation.scores)
        return evaluation_texts.finished(window, means, window.next()), None
    text = evaluation_texts.question(window, asked, len(questions), len(evaluation.scores))
    current = evaluation.scores.get(asked.criterion.id)
    return text, kb.question_keyboard(window, asked, current, asked.index > 0)


def opening(context: Context, window: Window, evaluation: Evaluation) -> Rendered:
    """What /evaluasi (or the reminder's button) shows: the next question under a word on
    what this is, or the summary of a finished questionnaire."""
    text, keyboard = render(context, window, evaluation)
    if keyboard is None:
        return text, None
    total = len(_questions(context, evaluation))
    intro = evaluation_texts.opening(window, total, len(evaluation.scores))
    return f"{intro}\n\n{text}", keyboard


async def evaluasi_cmd(update: Update, context: Context) -> None:
    """Start the self-assessment of the current window, or continue where it stopped."""
    access = await gate(update, context, COMMAND)
    if not access.allowed or access.person is None:
        return
    window = current_window(context)
    evaluation = await _start(context, access.person, window)
    text, keyboard = opening(context, window, evaluation)
    await message_of(update).reply_text(text, reply_markup=keyboard)


# --- Buttons ----------------------------------------------------------------------------------


async def _edit(update: Update, rendered: Rendered) -> None:
    """Edit the question in place (the same question again is the error handler's quiet
    "message is not modified")."""
    text, keyboard = rendered
    await query_of(update).edit_message_text(text, reply_markup=keyboard)


async def _closed(update: Update) -> None:
    """A button of an earlier window: say so and take the buttons off."""
    query = query_of(update)
    await query.answer(evaluation_texts.WINDOW_CLOSED, show_alert=True)
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as error:
        log.debug("could not remove the buttons of an old evaluation: %s", error.message)


async def evaluasi_callback(update: Update, context: Context) -> None:
    """A score, back, later, or the reminder's button: record it, then show what comes next."""
    months = context.settings.evaluation_months

    def parse(data: str | None) -> kb.Press | None:
        press = kb.parse(data)
        valid = press is not None and window_from_stamp(press.stamp, months) is not None
        return press if valid else None

    pressing = await pressed(update, context, FEATURE, parse, command=COMMAND)
    if pressing is None:
        return
    query, person, press = pressing.query, pressing.person, pressing.data
    window = current_window(context)
    if press.stamp != window.stamp:
        await _closed(update)
        return
    evaluation = await _start(context, person, window)
    questions = _questions(context, evaluation)
    match press.action:
        case kb.Action.OPEN:
            await query.answer()
            text, keyboard = opening(context, window, evaluation)
            chat_id = person.telegram_user_id or query.from_user.id
            await context.bot.send_message(chat_id, text, reply_markup=keyboard)
        case kb.Action.LATER:
            await query.answer()
            text = evaluation_texts.paused(window, len(questions), len(evaluation.scores))
            await _edit(update, (text, None))
        case kb.Action.BACK:
            index = press.index()
            if index is None or index >= len(questions):
                await refuse_stale(update, FEATURE, "no such question")
                return
            if evaluation.finished:
                await query.answer(evaluation_texts.ALREADY_FINISHED, show_alert=True)
                return
            await query.answer()
            await _edit(update, render(context, window, evaluation, questions[index]))
        case kb.Action.ANSWER:
            answer = press.answer()
            if answer is None or answer[0] >= len(questions):
                await refuse_stale(update, FEATURE, "no such question")
                return
            await _answer(update, context, window, evaluation, questions[answer[0]], answer[1])


async def _answer(
    update: Update,
    context: Context,
    window: Window,
    evaluation: Evaluation,
    question: Question,
    score: int,
) -> None:
    query = query_of(update)
    if evaluation.finished:
        await query.answer(evaluation_texts.ALREADY_FINISHED, show_alert=True)
        await _edit(update, render(context, window, evaluation))
        return
    now = context.clock.now()
    await context.evaluations.answer(evaluation.id, question.criterion.id, score, now)
    await query.answer(evaluation_texts.answer_saved(score))
    fresh = await context.evaluations.get(evaluation.person_id, window.key)
    assert fresh is not None
    await _edit(update, render(context, window, await _finish_if_complete(context, fresh)))
