"""/undangan (Admin Pemda): who of a unit (or one person) has not joined yet and the state
of their one-time link; new links for them all as a CSV or Excel file in one tap."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update

from bot import texts
from bot.handlers import callback_data
from bot.handlers.access import gate
from bot.handlers.admin_common import audit
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of
from bot.handlers.presses import pressed
from bot.handlers.replies import reply_in_chunks
from bot.handlers.units import find_unit
from bot.org.invite_sheet import InviteLink, invite_url, invites_csv, invites_xlsx
from bot.org.models import AuditEvent, Person
from bot.org.nip import NipError, format_nip, normalize_nip
from bot.texts import admin as admin_texts

COMMAND = "undangan"
INVITE = "ud"
"""Callback feature: ``ud:1:<u|p>:<unit or person id>:<csv|xlsx>``."""
INVITE_VERSION = 1
FORMATS = ("csv", "xlsx")


async def _who(context: Context, kind: str, ref: int) -> tuple[str, list[Person]] | None:
    """The label and the people not joined yet of a unit (``u``) or one person (``p``)."""
    if kind == "u":
        unit = await context.org.unit(ref)
        if unit is None:
            return None
        members = await context.org.people_of_unit(unit.id)
        return unit.name, [p for p in members if not p.registered]
    person = await context.org.person(ref)
    if person is None or not person.active:
        return None
    return person.name, [] if person.registered else [person]


def _keyboard(kind: str, ref: int, count: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    admin_texts.issue_button(fmt, count),
                    callback_data=callback_data.make(INVITE, INVITE_VERSION, kind, str(ref), fmt),
                )
                for fmt in FORMATS
            ]
        ]
    )


async def undangan_cmd(update: Update, context: Context) -> None:
    """``/undangan UNIT`` or ``/undangan NIP``: who has not joined, and their links."""
    access = await gate(update, context, COMMAND)
    if not access.allowed:
        return
    message = message_of(update)
    query = command_args(message)
    if not query:
        await message.reply_text(admin_texts.UNDANGAN_USAGE)
        return
    try:
        nip = normalize_nip(query)
    except NipError:
        nip = None
    if nip is not None:
        person = await context.org.person_by_nip(nip)
        if person is None:
            await message.reply_text(admin_texts.nip_not_found(format_nip(nip)))
            return
        kind, ref = "p", person.id
    else:
        unit, close = await find_unit(context, query)
        if unit is None:
            await message.reply_text(admin_texts.unit_not_found(query, close, "undangan"))
            return
        kind, ref = "u", unit.id
    found = await _who(context, kind, ref)
    assert found is not None
    label, waiting = found
    invites = await context.onboarding.invites.latest([p.id for p in waiting])
    lines = admin_texts.invite_status(label, waiting, invites, context.clock.now())
    keyboard = _keyboard(kind, ref, len(waiting)) if waiting else None
    await reply_in_chunks(message, lines, reply_markup=keyboard)


def _parse(data: str | None) -> tuple[str, int, str] | None:
    parts = callback_data.parse(data, INVITE, INVITE_VERSION, arity=3)
    if parts is None:
        return None
    kind, ref, fmt = parts
    if kind not in ("u", "p") or not ref.isdigit() or fmt not in FORMATS:
        return None
    return kind, int(ref), fmt


async def undangan_callback(update: Update, context: Context) -> None:
    """Issue fresh links for everyone still waiting and send them as a file."""
    press = await pressed(update, context, INVITE, _parse, command=COMMAND)
    if press is None:
        return
    (kind, ref, fmt), person, query = press.data, press.person, press.query
    found = await _who(context, kind, ref)
    if found is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    label, waiting = found
    if not waiting:
        await query.answer(admin_texts.INVITE_NOBODY, show_alert=True)
        return
    await query.answer()
    now = context.clock.now()
    ttl = timedelta(days=context.settings.invite_ttl_days)
    issued = await context.onboarding.invites.issue([p.id for p in waiting], now, ttl)
    username = context.settings.bot_username or context.bot.username
    links = [
        InviteLink(p, invite_url(username, issued[p.id][0]), issued[p.id][1]) for p in waiting
    ]
    render = invites_xlsx if fmt == "xlsx" else invites_csv
    data = render(links, context.settings.tz)
    await audit(context, AuditEvent.INVITES_ISSUED, person, f"{label}: {len(links)} links ({fmt})")
    until = (now + ttl).astimezone(context.settings.tz).date()
    await context.bot.send_document(
        query.from_user.id,
        InputFile(
            data, filename=f"undangan-{now.astimezone(context.settings.tz):%Y%m%d-%H%M}.{fmt}"
        ),
        caption=admin_texts.invites_issued(label, len(links), until),
    )
