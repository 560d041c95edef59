"""/profil (my data and roles), /namakbk (name our KBK)."""

from __future__ import annotations

from telegram import Update

from bot.handlers.access import gate
from bot.handlers.context import Context
from bot.handlers.guards import command_args, message_of
from bot.org.nip import mask_nip
from bot.texts import org as org_texts

CLEAR_WORDS = {"hapus", "-"}


async def profil_cmd(update: Update, context: Context) -> None:
    """My name, masked NIP, unit, KBK, roles and my unit's Agen Perubahan."""
    access = await gate(update, context, "profil")
    person = access.person
    if not access.allowed or person is None:
        return
    unit = await context.org.unit(person.unit_id)
    kbk = unit.kbk_display_name if unit else f"KBK {person.unit_name}"
    agents = await context.org.agen_perubahan_of(person.unit_id)
    await message_of(update).reply_text(
        org_texts.profile(person, mask_nip(person.nip), kbk, agents)
    )


async def namakbk_cmd(update: Update, context: Context) -> None:
    """Show, set or clear the KBK's own name (Penanggung jawab and Ketua)."""
    access = await gate(update, context, "namakbk")
    person = access.person
    if not access.allowed or person is None:
        return
    message = message_of(update)
    unit = await context.org.unit(person.unit_id)
    assert unit is not None, "a person's unit exists (foreign key)"
    name = command_args(message)
    if not name:
        basis = context.value_set.legal_basis
        await message.reply_text(org_texts.kbk_name_current(unit, basis))
        return
    if len(name) > org_texts.KBK_NAME_MAX:
        await message.reply_text(org_texts.KBK_NAME_TOO_LONG)
        return
    await context.org.set_kbk_name(unit.id, None if name.lower() in CLEAR_WORDS else name)
    renamed = await context.org.unit(unit.id)
    assert renamed is not None
    await message.reply_text(org_texts.kbk_name_set(renamed))
