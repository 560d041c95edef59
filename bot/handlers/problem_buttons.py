"""The buttons of the problem flow: their callback data and keyboards.

``lp:1:<a>:<arg>``  writing a report: category, named or anonymous, cancel a prompt
``lk:1:<a>:<id>``   the reporter on their ticket: open, write, confirm, reopen
``pm:1:<a>:<arg>``  the unit's staff: open, take up, reply, escalate (and its route),
                    resolve, reject, and the order of the /masalah list
``es:1:<a>:<escalation>:<solution>``  the head: choose a solution, write a direction; the
                    Ketua (and the head, to the Pemda): forward, with or without a note

Only ids travel in a button, never who reported: a forged one is checked like any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts as base_texts
from bot.content.models import LegalBasis
from bot.handlers import callback_data
from bot.problems.desk import Outcome, Result
from bot.problems.models import (
    Action,
    Category,
    Desk,
    Escalation,
    Level,
    Problem,
    Solution,
    Status,
)
from bot.problems.status import may_talk, staff_actions
from bot.texts import problems as texts

VERSION = 1
DRAFT, MINE, STAFF, HEAD = "lp", "lk", "pm", "es"
FEATURE = "problem"
"""The name of the problem flow's buttons in the log."""

# Draft (lp)
CATEGORY, IDENTITY, CANCEL = "c", "a", "x"
NAMED, ANONYMOUS, ANONYMOUS_PEMDA = "n", "a", "p"
# Reporter (lk)
VIEW, WRITE, CONFIRM, REOPEN = "v", "m", "k", "o"
# Staff (pm), besides VIEW
TAKE_UP, REPLY, ESCALATE, RESOLVE, REJECT = "t", "r", "e", "d", "x"
DIRECT, TIERED, ORDER = "j", "b", "l"
NEWEST, WAITING = "n", "w"
# Head (es)
CHOOSE, DIRECTION, FORWARD, NOTE = "s", "w", "f", "n"

_ACTIONS = {
    DRAFT: {CATEGORY, IDENTITY, CANCEL},
    MINE: {VIEW, WRITE, CONFIRM, REOPEN},
    STAFF: {VIEW, TAKE_UP, REPLY, ESCALATE, RESOLVE, REJECT, DIRECT, TIERED, ORDER},
    HEAD: {CHOOSE, DIRECTION, FORWARD, NOTE},
}
_STAFF_ACTION = {
    Action.TAKE_UP: (texts.TAKE_UP, TAKE_UP),
    Action.ESCALATE: (texts.ESCALATE, ESCALATE),
    Action.RESOLVE: (texts.RESOLVE, RESOLVE),
    Action.REJECT: (texts.REJECT, REJECT),
}


@dataclass(frozen=True)
class Press:
    """A parsed button: its action letter and its arguments (ids are ints)."""

    action: str
    arg: str
    number: int
    """The first argument as a number (0 when it is not one)."""
    second: int = 0


def parse(data: str | None, feature: str) -> Press | None:
    """The button of ``feature`` in ``data``, or None if stale, foreign or malformed."""
    arity = 3 if feature == HEAD else 2
    parts = callback_data.parse(data, feature, VERSION, arity)
    if parts is None or parts[0] not in _ACTIONS[feature]:
        return None
    if not all(part.isascii() and part.isalnum() and len(part) <= 12 for part in parts[1:]):
        return None
    numbers = [int(part) if part.isdigit() else 0 for part in parts[1:]]
    return Press(parts[0], parts[1], numbers[0], numbers[1] if len(numbers) > 1 else 0)


def parser(feature: str) -> Callable[[str | None], Press | None]:
    """:func:`parse` for the buttons of ``feature`` (lp, lk, pm, es)."""

    def parse_feature(data: str | None) -> Press | None:
        return parse(data, feature)

    return parse_feature


def _button(text: str, feature: str, *parts: object) -> InlineKeyboardButton:
    data = callback_data.make(feature, VERSION, *(str(p) for p in parts))
    return InlineKeyboardButton(text, callback_data=data)


# --- Writing a report --------------------------------------------------------------------


def cancel_keyboard(problem_id: int = 0) -> InlineKeyboardMarkup:
    """Under every prompt: stop waiting for the text (and drop the draft, or the solutions
    being written for ``problem_id``)."""
    return InlineKeyboardMarkup([[_button(texts.CANCEL, DRAFT, CANCEL, problem_id)]])


def category_keyboard() -> InlineKeyboardMarkup:
    buttons = [_button(texts.CATEGORY_LABELS[c], DRAFT, CATEGORY, c.value) for c in Category]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append([_button(texts.CANCEL, DRAFT, CANCEL, 0)])
    return InlineKeyboardMarkup(rows)


def identity_keyboard(category: Category, anonymity_holds: bool) -> InlineKeyboardMarkup:
    """By name or anonymously; anonymously to the Pemda instead of the unit, unless the
    problem goes to the Pemda anyway (about leaders). In a unit too small to hide anyone,
    anonymous means to the Pemda."""
    named = _button(texts.NAMED, DRAFT, IDENTITY, NAMED)
    anonymous = _button(texts.ANONYMOUS, DRAFT, IDENTITY, ANONYMOUS)
    to_pemda = _button(texts.ANONYMOUS_PEMDA, DRAFT, IDENTITY, ANONYMOUS_PEMDA)
    cancel = [_button(texts.CANCEL, DRAFT, CANCEL, 0)]
    if category is Category.INTEGRITAS:
        return InlineKeyboardMarkup([[named, anonymous], cancel])
    if not anonymity_holds:
        return InlineKeyboardMarkup([[named, to_pemda], cancel])
    return InlineKeyboardMarkup([[named, anonymous], [to_pemda], cancel])


# --- The reporter -------------------------------------------------------------------------


def my_list_keyboard(problems: Sequence[Problem]) -> InlineKeyboardMarkup:
    buttons = [_button(texts.list_label(p), MINE, VIEW, p.id) for p in problems]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def reporter_keyboard(problem: Problem) -> InlineKeyboardMarkup | None:
    """Write to the staff while open; confirm or reopen once there is an answer."""
    rows = []
    if problem.status in (Status.DITINDAKLANJUTI, Status.SELESAI):
        rows.append(
            [
                _button(texts.CONFIRM, MINE, CONFIRM, problem.id),
                _button(texts.REOPEN, MINE, REOPEN, problem.id),
            ]
        )
    if may_talk(problem.status):
        rows.append([_button(texts.SEND_MESSAGE, MINE, WRITE, problem.id)])
    return InlineKeyboardMarkup(rows) if rows else None


# --- The unit's staff ---------------------------------------------------------------------


def open_button(problem: Problem) -> InlineKeyboardButton:
    return _button(texts.open_label(problem), STAFF, VIEW, problem.id)


def staff_keyboard(problem: Problem) -> InlineKeyboardMarkup | None:
    """The actions that apply to the problem now, and a reply while it is open (the Pemda
    desk has no one above it: no escalation)."""
    actions = [
        a
        for a in staff_actions(problem.status)
        if not (a is Action.ESCALATE and problem.desk is Desk.PEMDA)
    ]
    buttons = [
        _button(label, STAFF, letter, problem.id)
        for label, letter in (_STAFF_ACTION[a] for a in actions)
    ]
    if may_talk(problem.status):
        buttons.insert(1 if problem.status is Status.BARU else 0, _reply(problem))
    if not buttons:
        return None
    return InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])


def _reply(problem: Problem) -> InlineKeyboardButton:
    return _button(texts.REPLY, STAFF, REPLY, problem.id)


def thread_keyboard(problem: Problem) -> InlineKeyboardMarkup:
    """Under a reporter's message: answer it, or open the ticket."""
    return InlineKeyboardMarkup([[_reply(problem), open_button(problem)]])


def open_keyboard(problem: Problem) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[open_button(problem)]])


def answered_keyboard(problem: Problem) -> InlineKeyboardMarkup:
    """Under the head's answer: mark it done once carried out."""
    return InlineKeyboardMarkup(
        [[_button(texts.MARK_DONE, STAFF, RESOLVE, problem.id), open_button(problem)]]
    )


def route_keyboard(problem: Problem, basis: LegalBasis) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.route_direct(basis), STAFF, DIRECT, problem.id)],
            [_button(texts.ROUTE_TIERED, STAFF, TIERED, problem.id)],
            [_button(texts.CANCEL, DRAFT, CANCEL, problem.id)],
        ]
    )


def list_keyboard(
    problems: Sequence[Problem], waiting: Sequence[Problem], order: str | None
) -> InlineKeyboardMarkup | None:
    """A button per problem of the /masalah list, then the order toggle."""
    shown = [*problems[: texts.LIST_LIMIT], *waiting[: texts.LIST_LIMIT]]
    buttons = [_button(texts.list_label(p), STAFF, VIEW, p.id) for p in shown]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    if order is not None:
        toggle = (
            (texts.ORDER_NEWEST, NEWEST) if order == "waiting" else (texts.ORDER_WAITING, WAITING)
        )
        rows.append([_button(toggle[0], STAFF, ORDER, toggle[1])])
    return InlineKeyboardMarkup(rows) if rows else None


# --- The head of the unit -----------------------------------------------------------------


def head_keyboard(
    escalation: Escalation, solutions: Sequence[Solution], basis: LegalBasis
) -> InlineKeyboardMarkup:
    """The head (and the Pemda) choose a proposed solution or write a direction; the Ketua
    only passes the escalation on, the head may pass it up to the Pemda; both with a note."""
    rows = []
    if escalation.level is not Level.KETUA:
        rows += [
            [_button(texts.choose_label(s), HEAD, CHOOSE, escalation.id, s.id)] for s in solutions
        ]
        rows.append([_button(texts.WRITE_DIRECTION, HEAD, DIRECTION, escalation.id, 0)])
    if escalation.level is not Level.PEMDA:
        forward = texts.forward_label(escalation.level, basis)
        rows.append([_button(forward, HEAD, FORWARD, escalation.id, 0)])
        rows.append([_button(texts.FORWARD_WITH_NOTE, HEAD, NOTE, escalation.id, 0)])
    return InlineKeyboardMarkup(rows)


async def refuse_press(query: CallbackQuery, result: Result) -> None:
    """Answer a press the flow did not carry out, saying why (an alert the user must close)."""
    match result.outcome:
        case Outcome.NOT_ALLOWED:
            text = texts.NOT_ALLOWED
        case Outcome.STALE:
            if result.escalation is not None and not result.escalation.open:
                text = texts.escalation_answered(result.by)
            else:
                text = texts.stale(result.problem, result.by)
        case Outcome.NEEDS_SOLUTION:
            text = texts.NEEDS_SOLUTION
        case _:
            text = base_texts.STALE_BUTTON
    await query.answer(text, show_alert=True)
