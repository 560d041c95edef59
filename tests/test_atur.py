"""End to end: /atur changes reminder times, time zone, pause and resume, and the reminders
follow; typed input is checked; forged and stale buttons are refused."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta

import pytest

from bot import texts
from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.permissions import Refusal
from bot.schedule.models import PersonSettings
from tests.conftest import RunningBot, set_now, wib
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    import_sample_roster,
    registered,
)

MONDAY = date(2026, 11, 23)


async def deliver(bot: RunningBot, moment: datetime) -> None:
    set_now(bot, moment)
    await bot.services.dispatcher.tick()
    async with asyncio.timeout(10):
        await bot.services.dispatcher.idle()


def reminders(fake: FakeBotApi, user: FakeUser) -> list[SentMessage]:
    return [m for m in fake.messages_to(user) if "Selamat pagi" in m.text]


@pytest.fixture
async def people(bot: RunningBot, fake: FakeBotApi) -> tuple[FakeUser, FakeUser]:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO)
    set_now(bot, wib(MONDAY, 6))
    return users[FITRI_KETUA_KOMINFO], users[BUDI_ANGGOTA_KOMINFO]


async def own_settings(bot: RunningBot, user: FakeUser) -> PersonSettings:
    person = await bot.services.org.person_by_telegram(user.id)
    assert person is not None
    return await bot.services.person_settings.get(person.id)


async def press(
    bot: RunningBot, fake: FakeBotApi, user: FakeUser, message: SentMessage, label: str
) -> SentMessage:
    """Tap a button of the panel; the panel as edited in place."""
    query = await fake.press_button(user, message, text=label)
    await fake.wait_for_callback_answer(query)
    return await fake.wait_for_edit(user, message_id=message.message_id)


async def time_prompt(
    bot: RunningBot, fake: FakeBotApi, user: FakeUser, label: str
) -> SentMessage:
    """Open /atur, choose the morning or afternoon time, ask to type one: the prompt."""
    panel = await bot.ask(user, "/atur")
    choose = await press(bot, fake, user, panel, label)
    await fake.press_button(user, choose, text="⌨️ Ketik jam lain")
    return await fake.wait_for_message(user)


async def test_the_panel_shows_the_defaults(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, _ = people
    panel = await bot.ask(fitri, "/atur")
    assert "Pengingat pagi: 07.30 WIB (bawaan)" in panel.text
    assert "Ajakan check-in sore: 15.30 WIB (bawaan)" in panel.text
    assert "Zona waktu: WIB (bawaan)" in panel.text
    assert "Status: aktif" in panel.text
    assert panel.button_texts == ["🌅 Jam pagi", "🕒 Jam sore", "🌐 Zona waktu", "⏸ Jeda"]
    menu = dict(fake.commands(f"chat:{fitri.id}"))
    assert menu["atur"] == "Atur jam dan zona waktu pengingat, jeda saat cuti"


async def test_only_for_registered_people(bot: RunningBot, fake: FakeBotApi) -> None:
    stranger = fake.make_user("Tamu")
    reply = await bot.ask(stranger, "/atur")
    assert reply.text == texts.REFUSALS[Refusal.NOT_REGISTERED]


async def test_a_new_morning_time_moves_the_reminder(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, budi = people
    panel = await bot.ask(fitri, "/atur")
    choose = await press(bot, fake, fitri, panel, "🌅 Jam pagi")
    assert "Sekarang: 07.30 WIB" in choose.text
    assert choose.button_texts[:4] == ["06.30", "07.00", "07.30", "08.00"]
    done = await press(bot, fake, fitri, choose, "06.30")
    assert "✅ Pengingat pagi kini pukul 06.30 WIB." in done.text
    assert "Pengingat pagi: 06.30 WIB" in done.text
    assert "(bawaan)" in done.text  # the afternoon and the zone still are
    assert (await own_settings(bot, fitri)).morning_time == time(6, 30)
    await deliver(bot, wib(MONDAY, 6, 45))
    assert len(reminders(fake, fitri)) == 1
    assert reminders(fake, budi) == []  # Budi keeps 07.30
    # Back to the default.
    choose = await press(bot, fake, fitri, done, "🌅 Jam pagi")
    done = await press(bot, fake, fitri, choose, "↩️ Bawaan (07.30)")
    assert "Pengingat pagi: 07.30 WIB (bawaan)" in done.text
    assert (await own_settings(bot, fitri)).morning_time is None


async def test_a_typed_time_in_reply_to_the_prompt(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, _ = people
    prompt = await time_prompt(bot, fake, fitri, "🕒 Jam sore")
    assert prompt.text == "Ketik jam ajakan check-in sore, misalnya 16.15"
    assert prompt.reply_markup is not None
    assert prompt.reply_markup.get("force_reply") is True
    # The shared slot for typed input is /atur's now: a check-in note or a problem report
    # that was waiting for text stops waiting (the latest prompt wins).
    slot = await bot.services.pending_inputs.get(fitri.id, "atur")
    assert slot is not None
    assert slot.kind == "sore"
    # Out of range: explained, and asked again.
    await fake.send_message(fitri, "09.00", reply_to=prompt)
    problem = await fake.wait_for_message(fitri)
    assert "di luar rentang" in problem.text
    assert "12.00 dan 21.00" in problem.text
    again = await fake.wait_for_message(fitri)
    assert again.text == prompt.text
    await fake.send_message(fitri, "jam lima", reply_to=again)
    assert "tidak terbaca" in (await fake.wait_for_message(fitri)).text
    again = await fake.wait_for_message(fitri)
    await fake.send_message(fitri, "16.15", reply_to=again)
    done = await fake.wait_for_message(fitri)
    assert "✅ Ajakan check-in sore kini pukul 16.15 WIB." in done.text
    assert (await own_settings(bot, fitri)).afternoon_time == time(16, 15)
    assert await bot.services.pending_inputs.get(fitri.id, "atur") is None


async def test_a_typed_time_without_the_reply_bar(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, _ = people
    prompt = await time_prompt(bot, fake, fitri, "🌅 Jam pagi")
    assert prompt.text == "Ketik jam pengingat pagi, misalnya 06.45"
    # Just typing the time, as most people do (no reply to the prompt).
    done = await bot.ask(fitri, "06.45")
    assert "06.45 WIB" in done.text
    assert (await own_settings(bot, fitri)).morning_time == time(6, 45)
    # The prompt is answered: the next time typed is not taken for one.
    assert "belum bisa memproses pesan seperti ini" in (await bot.ask(fitri, "07.00")).text
    assert (await own_settings(bot, fitri)).morning_time == time(6, 45)


async def test_a_command_ends_the_wait_for_a_time(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, _ = people
    await time_prompt(bot, fake, fitri, "🕒 Jam sore")
    assert "Nilai" in (await bot.ask(fitri, "/nilai")).text
    assert "belum bisa memproses pesan seperti ini" in (await bot.ask(fitri, "16.15")).text
    assert (await own_settings(bot, fitri)).afternoon_time is None


async def test_shortcuts(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, _ = people
    done = await bot.ask(fitri, "/atur pagi 6.45")
    assert "Pengingat pagi: 06.45 WIB" in done.text
    assert "Jam itu di luar rentang" in (await bot.ask(fitri, "/atur pagi 13.00")).text
    assert "Cara singkat" in (await bot.ask(fitri, "/atur pagi")).text
    assert "WITA" in (await bot.ask(fitri, "/atur zona wita")).text
    paused = await bot.ask(fitri, "/atur jeda dinas 27-11-2026")
    assert "Jeda dicatat: Dinas luar sampai Jumat, 27 November 2026" in paused.text
    assert "Pengingat aktif lagi" in (await bot.ask(fitri, "/atur lanjut")).text


async def test_a_time_zone_of_ones_own(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, budi = people
    panel = await bot.ask(fitri, "/atur")
    choose = await press(bot, fake, fitri, panel, "🌐 Zona waktu")
    assert "WITA: Bali" in choose.text
    done = await press(bot, fake, fitri, choose, "WITA")
    assert "Zona waktu: WITA" in done.text
    assert "Pengingat pagi: 07.30 WITA" in done.text
    assert (await own_settings(bot, fitri)).timezone == "Asia/Makassar"
    await deliver(bot, wib(MONDAY, 6, 35))  # 07.35 in WITA
    assert len(reminders(fake, fitri)) == 1
    assert reminders(fake, budi) == []


async def test_pause_and_resume(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, budi = people
    panel = await bot.ask(fitri, "/atur")
    reasons = await press(bot, fake, fitri, panel, "⏸ Jeda")
    assert "berhalangan, bukan terlewat" in reasons.text
    until = await press(bot, fake, fitri, reasons, "🏖 Cuti")
    assert until.button_texts[:3] == [
        "Hari ini saja",
        "Sampai Jumat, 27 November 2026",
        "Sampai Minggu, 6 Desember 2026",
    ]
    done = await press(bot, fake, fitri, until, "Sampai Jumat, 27 November 2026")
    assert "Jeda dicatat: Cuti sampai Jumat, 27 November 2026" in done.text
    assert "Status: jeda (Cuti) sampai Jumat, 27 November 2026" in done.text
    assert "▶️ Lanjutkan pengingat" in done.button_texts
    await deliver(bot, wib(MONDAY, 8))
    assert reminders(fake, fitri) == []
    assert len(reminders(fake, budi)) == 1
    # Back early on Wednesday: the day's reminder comes at the next tick.
    set_now(bot, wib(MONDAY + timedelta(days=2), 9))
    resumed = await press(bot, fake, fitri, done, "▶️ Lanjutkan pengingat")
    assert "Pengingat aktif lagi mulai hari ini" in resumed.text
    assert "Status: aktif" in resumed.text
    await deliver(bot, wib(MONDAY + timedelta(days=2), 9))
    (reminder,) = reminders(fake, fitri)
    assert "Rabu, 25 November 2026" in reminder.text


async def test_a_typed_pause_end(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, _ = people
    panel = await bot.ask(fitri, "/atur")
    reasons = await press(bot, fake, fitri, panel, "⏸ Jeda")
    until = await press(bot, fake, fitri, reasons, "🤒 Sakit")
    await fake.press_button(fitri, until, text="⌨️ Ketik tanggal lain")
    prompt = await fake.wait_for_message(fitri)
    assert prompt.text.startswith("Jeda karena sakit")
    await fake.send_message(fitri, "20-11-2026", reply_to=prompt)
    assert "sudah lewat" in (await fake.wait_for_message(fitri)).text
    again = await fake.wait_for_message(fitri)
    await fake.send_message(fitri, "25/11", reply_to=again)
    done = await fake.wait_for_message(fitri)
    assert "Jeda dicatat: Sakit sampai Rabu, 25 November 2026" in done.text


@pytest.mark.parametrize(
    "data",
    [
        "atur:1:zs:XYZ:-",  # no such zone
        "atur:1:mt:1300:-",  # afternoon hour as a morning time
        "atur:1:pe:libur:20261127",  # no such reason
        "atur:1:pe:cuti:20261399",  # no such date
        "atur:2:h:-:-",  # another version
        "atur:1:zz:-:-",  # no such action
        "atur:1:h",  # malformed
    ],
)
async def test_forged_buttons_are_refused(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser], data: str
) -> None:
    fitri, _ = people
    panel = await bot.ask(fitri, "/atur")
    query = await fake.press_forged_button(fitri, panel, data)
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == texts.STALE_BUTTON
    assert answer.show_alert
    unchanged = await own_settings(bot, fitri)
    assert unchanged == PersonSettings(unchanged.person_id)


async def test_a_stale_pause_button(
    bot: RunningBot, fake: FakeBotApi, people: tuple[FakeUser, FakeUser]
) -> None:
    fitri, _ = people
    panel = await bot.ask(fitri, "/atur")
    reasons = await press(bot, fake, fitri, panel, "⏸ Jeda")
    until = await press(bot, fake, fitri, reasons, "🏖 Cuti")
    set_now(bot, wib(MONDAY + timedelta(days=1), 8))  # the next day, "Hari ini saja" is old
    query = await fake.press_button(fitri, until, text="Hari ini saja")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Tanggal pada tombol ini sudah lewat. Silakan pilih lagi."
    person = await bot.services.org.person_by_telegram(fitri.id)
    assert person is not None
    assert await bot.services.person_settings.current(person.id, MONDAY) is None


async def test_a_stranger_pressing_an_atur_button(bot: RunningBot, fake: FakeBotApi) -> None:
    stranger = fake.make_user("Tamu")
    await bot.ask(stranger, "/start")
    message = fake.last_message_to(stranger)
    query = await fake.press_forged_button(stranger, message, "atur:1:zs:WIT:-")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == texts.REFUSALS[Refusal.NOT_REGISTERED]
