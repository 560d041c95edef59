"""/unit: the units at a glance (Pemda), or who of one unit has not joined yet, by name
(the Pemda for any unit, a KBK leader for their own)."""

from __future__ import annotations

from telegram import Update

from bot import permissions
from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of
from bot.handlers.replies import reply_in_chunks
from bot.org.models import Unit
from bot.org.unit_search import close_unit_names
from bot.texts import admin as admin_texts
from bot.texts import org as org_texts


async def find_unit(context: Context, name: str) -> tuple[Unit | None, list[str]]:
    """The unit called ``name`` (case and spaces ignored), else names close to it."""
    unit = await context.org.unit_by_name(name)
    if unit is not None:
        return unit, []
    return None, close_unit_names(name, await context.org.units())


async def unit_cmd(update: Update, context: Context) -> None:
    """``/unit``: every unit's counts (Pemda) or my unit's list (a leader); ``/unit NAMA``:
    who of that unit has not joined yet."""
    access = await gate(update, context, "unit")
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    name = command_args(message)
    if not name and permissions.may_see_all_units(person):
        stats = await context.org.unit_stats()
        await reply_in_chunks(message, [*org_texts.unit_table(stats), "", admin_texts.UNIT_HINT])
        return
    if name:
        unit, close = await find_unit(context, name)
        if unit is None:
            await message.reply_text(admin_texts.unit_not_found(name, close))
            return
    else:
        unit = await context.org.unit(person.unit_id)
        assert unit is not None, "a person's unit exists (foreign key)"
    if not permissions.may_see_unit(person, unit.id):
        await message.reply_text(admin_texts.UNIT_LEADER_OWN_ONLY)
        return
    people = await context.org.people_of_unit(unit.id)
    await reply_in_chunks(message, admin_texts.unit_members(unit, people))
