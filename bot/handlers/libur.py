"""/libur (Admin Pemda): the calendar of the coming weeks and the Pemda's own days; a day
added or removed only after "Ya", and audited."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import Update

from bot import permissions
from bot.drafts import Draft, DraftAction
from bot.handlers.access import gate
from bot.handlers.admin_common import audit
from bot.handlers.confirm import draft_keyboard
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of
from bot.handlers.replies import reply_in_chunks
from bot.org.models import AuditEvent, Person
from bot.schedule.calendar import DayKind, DayOverride, OverrideKind, WorkCalendar
from bot.schedule.calendar_file import check_reason, parse_date
from bot.texts import admin as admin_texts

WEEKS_AHEAD = 8
"""How far /libur looks ahead."""

VERBS = {"tambah": OverrideKind.HOLIDAY, "kerja": OverrideKind.WORKING}
REMOVE = "hapus"


def _overview(calendar: WorkCalendar, today: date) -> list[str]:
    end = today + timedelta(weeks=WEEKS_AHEAD)
    days_off = [
        (info.day, info.name)
        for offset in range((end - today).days + 1)
        if (info := calendar.info(today + timedelta(days=offset))).kind is DayKind.HOLIDAY
    ]
    own = [
        (o.day, f"{admin_texts.KIND_NAMES[o.kind]}: {o.reason}")
        for o in sorted(calendar.overrides, key=lambda o: o.day)
        if o.day >= today
    ]
    return admin_texts.calendar_overview(today, end, days_off, own)


async def libur_cmd(update: Update, context: Context) -> None:
    """Show the coming weeks, or ask to confirm ``tambah``/``kerja``/``hapus`` of a day."""
    access = await gate(update, context, "libur")
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    calendar = await context.calendar.calendar()
    verb, _, rest = command_args(message).partition(" ")
    verb = verb.casefold()
    if not verb:
        today = context.clock.now().astimezone(context.settings.tz).date()
        await reply_in_chunks(message, _overview(calendar, today))
        return
    if verb not in VERBS and verb != REMOVE:
        await message.reply_text(admin_texts.LIBUR_USAGE)
        return
    day_text, _, reason_text = rest.strip().partition(" ")
    day = parse_date(day_text)
    if day is None:
        await message.reply_text(admin_texts.bad_date(day_text))
        return
    now = context.clock.now()
    if verb == REMOVE:
        ruling = next((o for o in calendar.overrides if o.day == day), None)
        if ruling is None:
            await message.reply_text(admin_texts.no_ruling(day))
            return
        payload = {"day": day.isoformat()}
        question = admin_texts.confirm_day_remove(
            day, f"{admin_texts.KIND_NAMES[ruling.kind]}: {ruling.reason}"
        )
        action = DraftAction.DAY_REMOVE
    else:
        reason, problem = check_reason(reason_text)
        if problem:
            await message.reply_text(admin_texts.bad_reason(problem))
            return
        kind = VERBS[verb]
        payload = {"day": day.isoformat(), "kind": kind.value, "reason": reason}
        before = admin_texts.describe_day(calendar.info(day))
        question = admin_texts.confirm_day_set(day, kind, reason, before)
        action = DraftAction.DAY_SET
    draft_id = await context.drafts.create(person.id, action, payload, now)
    await message.reply_text(question, reply_markup=draft_keyboard(draft_id, admin_texts.YES))


async def apply_day(context: Context, person: Person, draft: Draft, go: bool) -> list[str]:
    """Change the calendar as the draft says (or not); the lines to tell the admin."""
    day = date.fromisoformat(str(draft.payload["day"]))
    if not go:
        await audit(context, AuditEvent.CALENDAR_CANCELLED, person, f"{draft.action} {day}")
        return [admin_texts.CALENDAR_CANCELLED]
    if not permissions.is_pemda_admin(person):
        return [admin_texts.NOT_ADMIN_ANY_MORE]
    if draft.action is DraftAction.DAY_REMOVE:
        if not await context.calendar.remove_override(day):
            return [admin_texts.no_ruling(day)]
        await audit(context, AuditEvent.CALENDAR_CHANGED, person, f"removed {day}")
        now = admin_texts.describe_day((await context.calendar.calendar()).info(day))
        return [admin_texts.day_removed(day, now)]
    kind = OverrideKind(draft.payload["kind"])
    reason = str(draft.payload["reason"])
    await context.calendar.set_override(DayOverride(day, kind, reason), context.clock.now())
    await audit(context, AuditEvent.CALENDAR_CHANGED, person, f"{kind.value} {day}: {reason}")
    return [admin_texts.day_set(day, kind, reason)]
