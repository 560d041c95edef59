"""/atur: a person's own reminder times, time zone, and pauses (cuti, dinas luar, sakit).

Buttons edit one panel in place: ``atur:1:<action>:<arg>:<arg2>``. Typed input comes either
after the bot's prompt (the prompt takes the sender's pending-input slot, so the next
message is the answer, with or without Telegram's reply bar, and a restart loses nothing)
or as a shortcut: ``/atur pagi 06.45``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, time

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.delivery.due import Kind
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of, user_of
from bot.handlers.presses import pressed, refuse_stale
from bot.org.models import Person
from bot.schedule.local import ZONE_NAMES, ZONES, local_date, person_zone
from bot.schedule.models import Pause, PersonSettings
from bot.schedule.personal import (
    PAUSE_REASONS,
    TIME_RANGES,
    DayProblem,
    TimeProblem,
    check_pause_end,
    check_time,
    pause_end_choices,
    read_pause_end,
    read_time,
)
from bot.storage.pending_inputs import PendingInput
from bot.texts import atur as atur_texts

log = logging.getLogger(__name__)

FEATURE = "atur"
VERSION = 1
NONE = "-"
DEFAULT = "d"
HOME, RESUME = "h", "r"
CHOOSE = {Kind.MORNING: "m", Kind.AFTERNOON: "a"}
SET = {Kind.MORNING: "mt", Kind.AFTERNOON: "at"}
TYPE = {Kind.MORNING: "mk", Kind.AFTERNOON: "ak"}
ZONE, SET_ZONE = "z", "zs"
PAUSE, PAUSE_REASON, PAUSE_UNTIL, TYPE_PAUSE = "p", "pr", "pe", "pk"
PRESETS = {
    Kind.MORNING: (time(6, 30), time(7, 0), time(7, 30), time(8, 0)),
    Kind.AFTERNOON: (time(14, 0), time(15, 0), time(15, 30), time(16, 0), time(16, 30)),
}


def _data(action: str, arg: str = NONE, arg2: str = NONE) -> str:
    return callback_data.make(FEATURE, VERSION, action, arg, arg2)


def _button(label: str, action: str, arg: str = NONE, arg2: str = NONE) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=_data(action, arg, arg2))


def _stamp(at: time) -> str:
    return at.strftime("%H%M")


def _parse_stamp(text: str) -> time | None:
    if len(text) != 4 or not text.isdigit() or int(text[:2]) > 23 or int(text[2:]) > 59:
        return None
    return time(int(text[:2]), int(text[2:]))


def _parse_day_stamp(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


# --- The person's current settings ---------------------------------------------------------------


@dataclass(frozen=True)
class _View:
    person: Person
    settings: PersonSettings
    zone: str
    """IANA zone in effect."""
    today: date
    """The person's local date."""
    pause: Pause | None

    def zone_label(self, zone: str | None = None) -> str:
        name = zone or self.zone
        return ZONE_NAMES.get(name, name)

    def time_of(self, kind: Kind, context: Context) -> time:
        own = self.settings.morning_time if kind is Kind.MORNING else self.settings.afternoon_time
        default = (
            context.settings.morning_time
            if kind is Kind.MORNING
            else context.settings.afternoon_time
        )
        return own or default


async def _view(context: Context, person: Person) -> _View:
    own = await context.person_settings.get(person.id)
    zone = person_zone(context.settings.timezone, own)
    today = local_date(context.clock.now(), zone)
    pause = await context.person_settings.current(person.id, today)
    return _View(person, own, str(zone.key), today, pause)


def _panel(context: Context, view: _View, note: str = "") -> str:
    own = view.settings
    pause = view.pause
    return atur_texts.panel(
        morning=view.time_of(Kind.MORNING, context),
        morning_default=own.morning_time is None,
        afternoon=view.time_of(Kind.AFTERNOON, context),
        afternoon_default=own.afternoon_time is None,
        zone=view.zone_label(),
        zone_default=own.timezone is None,
        paused_reason=pause.reason if pause else None,
        paused_from=pause.start_day if pause and pause.start_day > view.today else None,
        paused_until=pause.end_day if pause else None,
        note=note,
    )


def _panel_keyboard(view: _View) -> InlineKeyboardMarkup:
    pause = (
        _button(atur_texts.BUTTON_RESUME, RESUME)
        if view.pause
        else _button(atur_texts.BUTTON_PAUSE, PAUSE)
    )
    return InlineKeyboardMarkup(
        [
            [
                _button(atur_texts.BUTTON_MORNING, CHOOSE[Kind.MORNING]),
                _button(atur_texts.BUTTON_AFTERNOON, CHOOSE[Kind.AFTERNOON]),
            ],
            [_button(atur_texts.BUTTON_ZONE, ZONE), pause],
        ]
    )


def _back() -> InlineKeyboardButton:
    return _button(atur_texts.BUTTON_BACK, HOME)


def _time_keyboard(kind: Kind, default: time) -> InlineKeyboardMarkup:
    presets = [_button(atur_texts.hhmm(at), SET[kind], _stamp(at)) for at in PRESETS[kind]]
    return InlineKeyboardMarkup(
        [
            presets,
            [_button(atur_texts.BUTTON_TYPE_TIME, TYPE[kind])],
            [
                _button(atur_texts.button_default(atur_texts.hhmm(default)), SET[kind], DEFAULT),
                _back(),
            ],
        ]
    )


def _zone_keyboard(default_label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(name, SET_ZONE, name) for name in ZONES],
            [_button(atur_texts.button_default(default_label), SET_ZONE, DEFAULT), _back()],
        ]
    )


def _reason_keyboard() -> InlineKeyboardMarkup:
    labels = atur_texts.PAUSE_REASON_LABELS
    icons = atur_texts.PAUSE_REASON_ICONS
    return InlineKeyboardMarkup(
        [
            [_button(f"{icons[r]} {labels[r]}", PAUSE_REASON, r) for r in PAUSE_REASONS],
            [_back()],
        ]
    )


def _pause_end_keyboard(reason: str, today: date) -> InlineKeyboardMarkup:
    rows = [
        [
            _button(
                atur_texts.button_pause_until(end, today),
                PAUSE_UNTIL,
                reason,
                end.strftime("%Y%m%d"),
            )
        ]
        for end in pause_end_choices(today)
    ]
    rows.append([_button(atur_texts.BUTTON_TYPE_DAY, TYPE_PAUSE, reason)])
    rows.append([_back()])
    return InlineKeyboardMarkup(rows)


# --- Changes -------------------------------------------------------------------------------------


async def _set_time(context: Context, view: _View, kind: Kind, at: time | None) -> str:
    if kind is Kind.MORNING:
        changed = replace(view.settings, morning_time=at)
    else:
        changed = replace(view.settings, afternoon_time=at)
    await context.person_settings.save(changed, context.clock.now())
    shown = at or (
        context.settings.morning_time if kind is Kind.MORNING else context.settings.afternoon_time
    )
    label = view.zone_label()
    if kind is Kind.MORNING:
        return atur_texts.morning_set(shown, label)
    return atur_texts.afternoon_set(shown, label)


async def _set_zone(context: Context, view: _View, zone: str | None) -> str:
    await context.person_settings.save(replace(view.settings, timezone=zone), context.clock.now())
    return atur_texts.zone_set(view.zone_label(zone or context.settings.timezone))


async def _pause(context: Context, view: _View, reason: str, end: date) -> str:
    await context.person_settings.pause(
        view.person.id, view.today, end, reason, context.clock.now()
    )
    log.info("person %s paused (%s) until %s", view.person.id, reason, end)
    return atur_texts.paused(reason, end)


async def _resume(context: Context, view: _View) -> str:
    if not await context.person_settings.resume(view.person.id, view.today):
        return atur_texts.NOT_PAUSED
    log.info("person %s resumed", view.person.id)
    return atur_texts.RESUMED


# --- /atur ---------------------------------------------------------------------------------------


async def atur_cmd(update: Update, context: Context) -> None:
    """Show my reminder settings with buttons, or apply a typed shortcut."""
    access = await gate(update, context, "atur")
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    view = await _view(context, person)
    args = command_args(message).split()
    if not args:
        await message.reply_text(_panel(context, view), reply_markup=_panel_keyboard(view))
        return
    note = await _shortcut(context, view, args)
    if note is None:
        await message.reply_text(atur_texts.USAGE)
        return
    view = await _view(context, person)
    await message.reply_text(_panel(context, view, note), reply_markup=_panel_keyboard(view))


async def _shortcut(context: Context, view: _View, args: list[str]) -> str | None:
    """Apply ``/atur pagi 06.45`` and friends; the note to show, or None if not understood."""
    word, rest = args[0].lower(), " ".join(args[1:])
    kinds = {"pagi": Kind.MORNING, "sore": Kind.AFTERNOON}
    if word in kinds and rest:
        kind = kinds[word]
        at = read_time(kind, rest)
        if isinstance(at, TimeProblem):
            return atur_texts.time_problem(at, *TIME_RANGES[kind])
        return await _set_time(context, view, kind, at)
    if word == "zona" and rest.upper() in ZONES:
        return await _set_zone(context, view, ZONES[rest.upper()])
    if word == "jeda" and len(args) >= 3:
        reason = {"dinas": "dinas_luar"}.get(args[1].lower(), args[1].lower())
        if reason not in PAUSE_REASONS:
            return None
        end = read_pause_end(" ".join(args[2:]), view.today)
        if isinstance(end, DayProblem):
            return atur_texts.day_problem(end)
        return await _pause(context, view, reason, end)
    if word == "lanjut" and not rest:
        return await _resume(context, view)
    return None


# --- Buttons -------------------------------------------------------------------------------------


def _parse(data: str | None) -> list[str] | None:
    return callback_data.parse(data, FEATURE, VERSION, arity=3)


async def atur_callback(update: Update, context: Context) -> None:
    """A button of the /atur panel: navigate, or change a setting and show the panel."""
    press = await pressed(update, context, FEATURE, _parse, command=FEATURE)
    if press is None:
        return
    action, arg, arg2 = press.data
    view = await _view(context, press.person)
    screen = await _screen(update, context, view, action, arg, arg2)
    if screen is None:
        await refuse_stale(update, FEATURE, "not a valid choice")
        return
    answer, text, keyboard = screen
    await press.query.answer(answer)
    if text is not None:
        await press.query.edit_message_text(text, reply_markup=keyboard)


Screen = tuple[str | None, str | None, InlineKeyboardMarkup | None]
"""The callback answer, and the text and keyboard the panel becomes (None: unchanged)."""


async def _screen(
    update: Update, context: Context, view: _View, action: str, arg: str, arg2: str
) -> Screen | None:
    """What a button does; None for a button that is not (or no longer) valid."""
    kinds = {code: kind for kind, code in CHOOSE.items()}
    setters = {code: kind for kind, code in SET.items()}
    typers = {code: kind for kind, code in TYPE.items()}
    if action == HOME:
        return None, _panel(context, view), _panel_keyboard(view)
    if action in kinds:
        kind = kinds[action]
        default = _default_time(context, kind)
        text = atur_texts.choose_time(
            kind is Kind.MORNING,
            view.time_of(kind, context),
            view.zone_label(),
            *TIME_RANGES[kind],
        )
        return None, text, _time_keyboard(kind, default)
    if action in setters:
        kind = setters[action]
        at = None if arg == DEFAULT else _parse_stamp(arg)
        if arg != DEFAULT and (at is None or check_time(kind, at) is not None):
            return None
        note = await _set_time(context, view, kind, at)
        return await _after_change(context, view, note)
    if action in typers:
        kind = typers[action]
        prompt = atur_texts.PROMPT_MORNING if kind is Kind.MORNING else atur_texts.PROMPT_AFTERNOON
        await _prompt(
            message_of(update),
            context,
            user_of(update).id,
            prompt,
            atur_texts.PROMPT_PLACEHOLDER_TIME,
        )
        return None, None, None
    if action == ZONE:
        return (
            None,
            atur_texts.choose_zone(view.zone_label()),
            _zone_keyboard(view.zone_label(context.settings.timezone)),
        )
    if action == SET_ZONE:
        if arg != DEFAULT and arg not in ZONES:
            return None
        note = await _set_zone(context, view, None if arg == DEFAULT else ZONES[arg])
        return await _after_change(context, view, note)
    if action == PAUSE:
        return None, atur_texts.CHOOSE_PAUSE_REASON, _reason_keyboard()
    if action == PAUSE_REASON and arg in PAUSE_REASONS:
        return None, atur_texts.choose_pause_end(arg), _pause_end_keyboard(arg, view.today)
    if action == PAUSE_UNTIL and arg in PAUSE_REASONS:
        end = _parse_day_stamp(arg2)
        if end is None:
            return None
        problem = check_pause_end(end, view.today)
        if problem is DayProblem.PAST:
            return atur_texts.PAST_BUTTON, None, None
        if problem is not None:
            return None
        note = await _pause(context, view, arg, end)
        return await _after_change(context, view, note)
    if action == TYPE_PAUSE and arg in PAUSE_REASONS:
        await _prompt(
            message_of(update),
            context,
            user_of(update).id,
            atur_texts.PROMPT_PAUSE[arg],
            atur_texts.PROMPT_PLACEHOLDER_DAY,
        )
        return None, None, None
    if action == RESUME:
        note = await _resume(context, view)
        return await _after_change(context, view, note)
    return None


def _default_time(context: Context, kind: Kind) -> time:
    if kind is Kind.MORNING:
        return context.settings.morning_time
    return context.settings.afternoon_time


async def _after_change(context: Context, view: _View, note: str) -> Screen:
    fresh = await _view(context, view.person)
    return atur_texts.SAVED, _panel(context, fresh, note), _panel_keyboard(fresh)


async def _prompt(
    message: Message, context: Context, user_id: int, prompt: str, placeholder: str
) -> None:
    """Ask for typed input: the sender's next message is the answer (the latest prompt of
    any feature wins, so a check-in note or a problem report waiting for text stops
    waiting). Telegram's reply bar opens by itself, but replying with it is not required."""
    await context.pending_inputs.set(
        user_id, FEATURE, PROMPT_KINDS[prompt], None, context.clock.now()
    )
    await message.reply_text(
        prompt, reply_markup=ForceReply(selective=True, input_field_placeholder=placeholder)
    )


# --- Typed answers to the prompts ----------------------------------------------------------------

PROMPT_KINDS = {
    atur_texts.PROMPT_MORNING: "pagi",
    atur_texts.PROMPT_AFTERNOON: "sore",
    **{prompt: f"jeda_{reason}" for reason, prompt in atur_texts.PROMPT_PAUSE.items()},
}
"""What each prompt asks for, as recorded in the pending-input slot."""
PROMPTS = {kind: prompt for prompt, kind in PROMPT_KINDS.items()}
TIME_KINDS = {"pagi": Kind.MORNING, "sore": Kind.AFTERNOON}


async def atur_input(
    message: Message, context: Context, person: Person, pending: PendingInput
) -> bool:
    """A time or date typed after a prompt of /atur; False for a prompt this version does
    not know."""
    prompt = PROMPTS.get(pending.kind)
    if prompt is None:
        return False
    typed = (message.text or "").strip()
    await context.pending_inputs.clear(message.chat_id, FEATURE)
    view = await _view(context, person)
    if pending.kind in TIME_KINDS:
        kind = TIME_KINDS[pending.kind]
        at = read_time(kind, typed)
        if isinstance(at, TimeProblem):
            await message.reply_text(atur_texts.time_problem(at, *TIME_RANGES[kind]))
            await _prompt(
                message, context, message.chat_id, prompt, atur_texts.PROMPT_PLACEHOLDER_TIME
            )
            return True
        note = await _set_time(context, view, kind, at)
    else:
        reason = pending.kind.removeprefix("jeda_")
        end = read_pause_end(typed, view.today)
        if isinstance(end, DayProblem):
            await message.reply_text(atur_texts.day_problem(end))
            await _prompt(
                message, context, message.chat_id, prompt, atur_texts.PROMPT_PLACEHOLDER_DAY
            )
            return True
        note = await _pause(context, view, reason, end)
    fresh = await _view(context, person)
    await message.reply_text(_panel(context, fresh, note), reply_markup=_panel_keyboard(fresh))
    return True
