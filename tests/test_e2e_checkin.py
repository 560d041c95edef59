"""End to end: /checkin, the reminder buttons, notes, /riwayat, /dataku and /hapusdata."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot import texts
from bot.checkin.models import Answer, Checkin
from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.handlers.checkin_entry import entry_keyboard
from bot.org.models import Person
from bot.schedule.calendar import DayOverride, OverrideKind
from bot.schedule.models import PersonSettings
from tests.buttons import tap, tap_refused
from tests.conftest import RunningBot, SettingsFactory, set_now, start_bot, stop_bot, wib
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    import_sample_roster,
    registered,
)

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 23)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"5\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
async def budi(bot: RunningBot, fake: FakeBotApi) -> FakeUser:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, BUDI_ANGGOTA_KOMINFO)
    set_now(bot, wib(MONDAY))
    return users[BUDI_ANGGOTA_KOMINFO]


async def person(bot: RunningBot, nip: str) -> Person:
    found = await bot.services.org.person_by_nip(nip)
    assert found is not None
    return found


async def checkin_of(bot: RunningBot, nip: str, day: date = MONDAY) -> Checkin | None:
    return await bot.services.checkins.get((await person(bot, nip)).id, day)


def button(message: SentMessage, prefix: str = "", suffix: str = "") -> str:
    """The text of the first button starting with ``prefix`` and ending with ``suffix``."""
    for text in message.button_texts:
        if text.startswith(prefix) and text.endswith(suffix):
            return text
    raise AssertionError(f"no button {prefix!r}...{suffix!r} in {message.button_texts}")


async def to_note_step(bot: RunningBot, fake: FakeBotApi, user: FakeUser) -> SentMessage:
    """/checkin, Sudah, Selesai, no budaya-malu slip: the flow message at the note step."""
    flow = await bot.ask(user, "/checkin")
    await tap(fake, user, flow, "✅ Sudah")
    await tap(fake, user, flow, "Selesai ➡️")
    await tap(fake, user, flow, "👍 Tidak ada yang terlewat")
    assert "Mau menulis catatan singkat" in flow.text
    return flow


# --- The flow -------------------------------------------------------------------------------


async def test_one_tap_checkin(bot: RunningBot, fake: FakeBotApi, budi: FakeUser) -> None:
    flow = await bot.ask(budi, "/checkin")
    assert "Check-in Senin, 23 November 2026" in flow.text
    assert "Nilai hari ini: " in flow.text
    assert flow.button_texts == ["✅ Sudah", "🔸 Sebagian", "❌ Belum"]
    answer, flow = await tap(fake, budi, flow, "✅ Sudah")
    assert answer.text == "Tercatat: ✅ Sudah"
    assert "Jawaban Anda: ✅ Sudah" in flow.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.answer is Answer.SUDAH
    # The rest is optional and quick: Selesai, the empty budaya-malu answer, Lewati.
    await tap(fake, budi, flow, "Selesai ➡️")
    assert "Adakah yang terlewat hari ini?" in flow.text
    await tap(fake, budi, flow, "👍 Tidak ada yang terlewat")
    answer, flow = await tap(fake, budi, flow, "Lewati ➡️")
    assert answer.text == "Tanpa catatan"
    assert "Check-in Senin, 23 November 2026 tersimpan" in flow.text
    assert "Budaya malu: tidak ada yang terlewat" in flow.text
    # Everything happened in one message, edited in place.
    assert len(fake.messages_to(budi)) == 1
    assert len(flow.history) == 4


async def test_multi_select_reaches_every_value(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    flow = await bot.ask(budi, "/checkin")
    await tap(fake, budi, flow, "🔸 Sebagian")
    value_set = bot.services.value_set
    names = [v.name for v in value_set.values]
    first_page = next(n for n in names if f": {n}\n" in flow.text)
    start = names.index(first_page)
    # Tick the first behaviour of today's value, then the second of the next value.
    _, flow = await tap(fake, budi, flow, button(flow, "⬜ 1."))
    assert button(flow, "☑️ 1.")
    assert "Ditandai: 1 perilaku" in flow.text
    await tap(fake, budi, flow, button(flow, suffix="▶️"))
    await tap(fake, budi, flow, button(flow, "⬜ 2."))
    assert "Ditandai: 2 perilaku" in flow.text
    # Tick and untick: a second tap takes the mark off.
    await tap(fake, budi, flow, button(flow, "⬜ 3."))
    answer, flow = await tap(fake, budi, flow, button(flow, "☑️ 3."))
    assert answer.text == "Tanda dihapus"
    # Every value is one ▶️ away from the next, round the set.
    seen: set[str] = set()
    for _ in names:
        await tap(fake, budi, flow, button(flow, suffix="▶️"))
        seen.update(n for n in names if f": <b>{n}</b>\n" in flow.html)
    assert seen == set(names)
    await tap(fake, budi, flow, "Selesai ➡️")
    await tap(fake, budi, flow, "👍 Tidak ada yang terlewat")
    await tap(fake, budi, flow, "Lewati ➡️")
    first = value_set.values[start]
    second = value_set.values[(start + 1) % len(names)]
    assert f"• {first.name}: {first.behaviours[0].text}" in flow.text
    assert f"• {second.name}: {second.behaviours[1].text}" in flow.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.answer is Answer.SEBAGIAN
    assert checkin.practised == {first.behaviours[0].id, second.behaviours[1].id}


async def test_budaya_malu_slips_are_recorded(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    flow = await bot.ask(budi, "/checkin")
    await tap(fake, budi, flow, "❌ Belum")
    await tap(fake, budi, flow, "Selesai ➡️")
    assert button(flow, "👍")  # nothing marked: the one-tap empty answer
    await tap(fake, budi, flow, "⬜ 1")
    await tap(fake, budi, flow, "⬜ 8")
    assert button(flow, "Selesai ➡️ (2 terlewat)")
    await tap(fake, budi, flow, "Selesai ➡️ (2 terlewat)")
    await tap(fake, budi, flow, "Lewati ➡️")
    assert "Budaya malu — terlewat 2 (hanya Anda yang melihat)" in flow.text
    assert "• Malu datang terlambat dan pulang lebih awal" in flow.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.malu == {"malu.1", "malu.8"}


async def morning_message(bot: RunningBot, fake: FakeBotApi, user: FakeUser) -> SentMessage:
    """The real morning reminder, sent by the delivery at 07.30."""
    set_now(bot, wib(MONDAY, 7, 31))
    await bot.services.dispatcher.tick()
    async with asyncio.timeout(10):
        await bot.services.dispatcher.idle()
    return await fake.wait_for_message(user, lambda m: "Selamat pagi" in m.text)


async def test_a_one_tap_checkin_edits_the_morning_message(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    reminder = await morning_message(bot, fake, budi)
    morning_text = reminder.text
    sent_before = len(fake.calls("sendMessage"))
    query = await fake.press_button(budi, reminder, text="🔸 Sebagian")
    assert (await fake.wait_for_callback_answer(query)).text == "Tercatat: 🔸 Sebagian"
    # One edit of the reminder, no new message: it keeps its text, says what was recorded
    # and offers the rest of the check-in.
    await fake.wait_for_edit(budi, message_id=reminder.message_id)
    assert reminder.text.startswith(morning_text)
    assert "Check-in hari ini tercatat: 🔸 Sebagian" in reminder.text
    assert reminder.button_texts == ["📝 Perilaku, budaya malu, catatan"]
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.answer is Answer.SEBAGIAN
    await bot.ask(budi, "/bantuan")  # updates of one chat are handled in order
    assert len(fake.calls("sendMessage")) == sent_before + 1  # the /bantuan answer only
    assert len(fake.calls("editMessageText")) == 1
    # Who wants to add more asks for it: the flow in a message of its own.
    await fake.press_button(budi, reminder, text="📝 Perilaku, budaya malu, catatan")
    flow = await fake.wait_for_message(budi, lambda m: "Perilaku apa saja" in m.text)
    assert "Jawaban Anda: 🔸 Sebagian" in flow.text
    # The afternoon nudge's buttons change the answer the same way.
    await bot.app.bot.send_message(budi.id, "Pengingat sore", reply_markup=entry_keyboard(MONDAY))
    nudge = await fake.wait_for_message(budi, lambda m: m.text == "Pengingat sore")
    query = await fake.press_button(budi, nudge, text="✅ Sudah")
    assert (await fake.wait_for_callback_answer(query)).text == "Tercatat: ✅ Sudah"
    await fake.wait_for_edit(budi, message_id=nudge.message_id)
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.answer is Answer.SUDAH
    assert checkin.practised == frozenset()  # the earlier check-in is changed, not doubled


async def test_note_with_suggestion_accepted(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    await to_note_step(bot, fake, budi)
    reply = await bot.ask(budi, "membantu rekan belajar aplikasi")
    assert "Catatan tersimpan." in reply.text
    assert "Sepertinya ini tentang perilaku Kompeten: Membantu orang lain belajar." in reply.text
    answer, reply = await tap(fake, budi, reply, "✅ Ya, tandai")
    assert answer.text == "Perilaku ditandai"
    # Updates are handled in order, so by now any other answer to the note would be here:
    # the note was taken by the check-in alone (the flow message, the suggestion).
    assert len(fake.messages_to(budi)) == 2
    assert "Catatan: membantu rekan belajar aplikasi" in reply.text
    assert "Tentang: Kompeten: Membantu orang lain belajar" in reply.text
    assert "• Kompeten: Membantu orang lain belajar" in reply.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.note == "membantu rekan belajar aplikasi"
    assert checkin.note_behaviour_id == "berakhlak.kompeten.2"
    assert "berakhlak.kompeten.2" in checkin.practised
    # The note is taken once: the next free text is not a note any more.
    other = await bot.ask(budi, "terima kasih")
    assert "belum bisa memproses pesan seperti ini" in other.text


async def test_note_with_suggestion_refused(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    await to_note_step(bot, fake, budi)
    reply = await bot.ask(budi, "Menjaga rahasia jabatan saat rapat")
    assert "Loyal" in reply.text
    _, reply = await tap(fake, budi, reply, "Bukan")
    assert "Catatan: Menjaga rahasia jabatan saat rapat" in reply.text
    assert "Tentang:" not in reply.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.note == "Menjaga rahasia jabatan saat rapat"
    assert checkin.note_behaviour_id is None
    assert checkin.practised == frozenset()


async def test_a_note_without_a_match_is_saved_as_it_is(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    await to_note_step(bot, fake, budi)
    reply = await bot.ask(budi, "hari ini hujan <deras> & banjir")
    assert "Sepertinya" not in reply.text
    assert "Catatan: hari ini hujan <deras> & banjir" in reply.text
    assert "hujan &lt;deras&gt; &amp; banjir" in reply.html


async def test_bad_input_keeps_the_checkin_in_progress(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    await to_note_step(bot, fake, budi)
    await fake.send_sticker(budi)
    reply = await fake.wait_for_message(budi)
    assert reply.text.startswith("Catatan hanya bisa berupa teks.")
    await fake.send_photo(budi, PNG)
    reply = await fake.wait_for_message(budi)
    assert reply.text.startswith("Catatan hanya bisa berupa teks.")
    reply = await bot.ask(budi, "x" * 1001)
    assert reply.text.startswith("Catatan terlalu panjang (1.001 karakter; paling banyak 1.000).")
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.note is None
    assert checkin.answer is Answer.SUDAH
    # Still waiting for the note: a proper one is taken.
    reply = await bot.ask(budi, "membantu rekan belajar aplikasi")
    assert "Catatan tersimpan." in reply.text


async def test_a_command_ends_the_wait_for_a_note(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    await to_note_step(bot, fake, budi)
    assert "Perintah yang bisa Anda pakai" in (await bot.ask(budi, "/bantuan")).text
    reply = await bot.ask(budi, "membantu rekan belajar aplikasi")
    assert "belum bisa memproses pesan seperti ini" in reply.text


async def test_a_later_prompt_of_another_feature_wins(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    await to_note_step(bot, fake, budi)
    # Then a button of another feature asks Budi to type something (one slot per user).
    services = bot.services
    await services.pending_inputs.set(budi.id, "problems", "describe", None, services.clock.now())
    reply = await bot.ask(budi, "printer di ruang layanan rusak")
    assert "Catatan tersimpan" not in reply.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.note is None


async def test_a_note_step_ends_at_midnight(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    set_now(bot, wib(MONDAY, 23, 50))
    await to_note_step(bot, fake, budi)
    set_now(bot, wib(MONDAY + timedelta(days=1), 0, 10))
    reply = await bot.ask(budi, "membantu rekan belajar aplikasi")
    assert "belum bisa memproses pesan seperti ini" in reply.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.note is None


async def test_the_flow_survives_a_restart(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    settings = make_settings()
    first = await start_bot(settings, fake)
    try:
        await import_sample_roster(first.services.org)
        budi = (await registered(first.services.org, fake, BUDI_ANGGOTA_KOMINFO))[
            BUDI_ANGGOTA_KOMINFO
        ]
        set_now(first, wib(MONDAY, 6))  # before the morning reminder: nothing else arrives
        flow = await to_note_step(first, fake, budi)
    finally:
        await stop_bot(first)
    second = await start_bot(settings, fake, now=wib(MONDAY, 6, 30))
    try:
        reply = await second.ask(budi, "membantu rekan belajar aplikasi")
        assert "Sepertinya ini tentang perilaku Kompeten" in reply.text
        # The buttons of the message sent before the restart still work.
        _, flow = await tap(fake, budi, flow, "Lewati ➡️")
        assert "Catatan: membantu rekan belajar aplikasi" in flow.text
    finally:
        await stop_bot(second)


async def test_tapping_the_chosen_answer_again_is_quiet(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    flow = await bot.ask(budi, "/checkin")
    _, flow = await tap(fake, budi, flow, "✅ Sudah")
    again = await bot.ask(budi, "/checkin")
    assert "• ✅ Sudah •" in again.button_texts
    # The same answer once more: Telegram says "message is not modified"; that is no
    # error, so no apology follows the bot's answer (a second answer to the same tap).
    answer = await tap_refused(fake, budi, again, "• ✅ Sudah •")
    assert answer.text == "Tercatat: ✅ Sudah"
    await bot.ask(budi, "/riwayat")  # updates run in order: the tap is fully handled
    assert [r.description for r in fake.requests if r.method == "answerCallbackQuery"
            and r.status not in (None, 200)] == []  # fmt: skip
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.answer is Answer.SUDAH


async def test_change_later_the_same_day(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    flow = await bot.ask(budi, "/checkin")
    await tap(fake, budi, flow, "✅ Sudah")
    set_now(bot, wib(MONDAY, 23, 50))
    again = await bot.ask(budi, "/checkin")
    assert "tersimpan" in again.text
    assert "Jawaban: ✅ Sudah" in again.text
    assert "• ✅ Sudah •" in again.button_texts
    answer, again = await tap(fake, budi, again, "❌ Belum")
    assert answer.text == "Tercatat: ❌ Belum"
    assert "Jawaban: ❌ Belum" in again.text
    # The parts can be changed too, each back to the summary.
    await tap(fake, budi, again, "📝 Catatan")
    reply = await bot.ask(budi, "lupa menerapkan, besok lebih baik")
    assert "Catatan: lupa menerapkan, besok lebih baik" in reply.text
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.answer is Answer.BELUM
    assert checkin.note == "lupa menerapkan, besok lebih baik"
    rows = await bot.services.db.fetchval("SELECT COUNT(*) FROM checkins")
    assert rows == 1


# --- Refusals -------------------------------------------------------------------------------


async def test_no_checkin_on_holidays_weekends_and_pauses(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    set_now(bot, wib(date(2026, 12, 25)))
    reply = await bot.ask(budi, "/checkin")
    assert reply.text == (
        "Hari ini hari libur (Hari Raya Natal), jadi tidak ada check-in. Selamat berlibur! "
        "Runtun Anda tetap aman."
    )
    assert reply.button_texts == []
    set_now(bot, wib(date(2026, 11, 28)))
    assert (await bot.ask(budi, "/checkin")).text.startswith("Hari ini akhir pekan")
    # The Pemda's own holiday.
    services = bot.services
    override = DayOverride(MONDAY, OverrideKind.HOLIDAY, "HUT Kabupaten")
    await services.calendar.set_override(override, services.clock.now())
    set_now(bot, wib(MONDAY))
    assert "(HUT Kabupaten)" in (await bot.ask(budi, "/checkin")).text
    # Away on leave.
    budi_id = (await person(bot, BUDI_ANGGOTA_KOMINFO)).id
    tuesday = MONDAY + timedelta(days=1)
    await services.person_settings.pause(
        budi_id, tuesday, tuesday + timedelta(days=2), "cuti", services.clock.now()
    )
    set_now(bot, wib(tuesday))
    reply = await bot.ask(budi, "/checkin")
    assert reply.text == (
        "Anda sedang dalam masa jeda sampai 26 November 2026, jadi tidak ada check-in. "
        "Runtun Anda tetap aman."
    )
    assert await services.db.fetchval("SELECT COUNT(*) FROM checkins") == 0


async def test_yesterdays_buttons_say_the_day_has_passed(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    set_now(bot, wib(MONDAY, 23, 30))
    flow = await bot.ask(budi, "/checkin")
    await tap(fake, budi, flow, "✅ Sudah")
    await bot.app.bot.send_message(budi.id, "Pengingat sore", reply_markup=entry_keyboard(MONDAY))
    reminder = await fake.wait_for_message(budi)
    set_now(bot, wib(MONDAY + timedelta(days=1), 0, 5))  # just after midnight
    answer = await tap_refused(fake, budi, flow, "Selesai ➡️")
    assert answer.show_alert
    assert answer.text == (
        "Hari itu (23 November 2026) sudah lewat, jadi check-in-nya tidak bisa diubah. "
        "Ketik /checkin untuk check-in hari ini."
    )
    await fake.wait_for_edit(budi, message_id=flow.message_id)
    assert flow.button_texts == []  # the old buttons are taken away
    answer = await tap_refused(fake, budi, reminder, "❌ Belum")
    assert answer.text is not None
    assert answer.text.startswith("Hari itu (23 November 2026)")
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.answer is Answer.SUDAH
    assert await checkin_of(bot, BUDI_ANGGOTA_KOMINFO, MONDAY + timedelta(days=1)) is None


async def test_the_day_is_the_persons_own(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    services = bot.services
    budi_id = (await person(bot, BUDI_ANGGOTA_KOMINFO)).id
    set_now(bot, wib(MONDAY, 22))
    flow = await bot.ask(budi, "/checkin")
    assert "Check-in Senin, 23 November 2026" in flow.text
    # Budi works in Papua: 23:30 in Jakarta is 01:30 on Tuesday for him.
    await services.person_settings.save(
        PersonSettings(budi_id, timezone="Asia/Jayapura"), services.clock.now()
    )
    set_now(bot, wib(MONDAY, 23, 30))
    answer = await tap_refused(fake, budi, flow, "✅ Sudah")
    assert answer.text is not None
    assert answer.text.startswith("Hari itu (23 November 2026) sudah lewat")
    flow = await bot.ask(budi, "/checkin")
    assert "Check-in Selasa, 24 November 2026" in flow.text
    await tap(fake, budi, flow, "✅ Sudah")
    assert await checkin_of(bot, BUDI_ANGGOTA_KOMINFO) is None
    assert await checkin_of(bot, BUDI_ANGGOTA_KOMINFO, MONDAY + timedelta(days=1)) is not None


async def test_forged_buttons_are_refused(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    flow = await bot.ask(budi, "/checkin")
    await tap(fake, budi, flow, "✅ Sudah")
    before = flow.text
    today, tomorrow = "20261123", "20261124"
    for data in (
        f"ck:1:{today}:t:99.0",  # no such value
        f"ck:1:{today}:t:0.9",  # no such behaviour
        f"ck:1:{today}:u:10",  # no such budaya-malu item
        f"ck:1:{today}:a:q",  # no such answer
        f"ck:1:{today}:w:0",  # no such action
        f"ck:1:{tomorrow}:a:s",  # a day not begun
        f"ck:2:{today}:a:s",  # another version
        "ci:1:20261399:s",  # no such date
        f"hd:1:{today}:y",  # erase without being asked
    ):
        query = await fake.press_forged_button(budi, flow, data)
        answer = await fake.wait_for_callback_answer(query)
        assert answer.show_alert, data
        assert answer.text == "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."
    assert flow.text == before
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert (checkin.answer, checkin.practised, checkin.malu) == (Answer.SUDAH, set(), set())
    assert await checkin_of(bot, BUDI_ANGGOTA_KOMINFO, MONDAY + timedelta(days=1)) is None


async def test_unregistered_users_are_refused(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    stranger = fake.make_user("Stranger")
    for command in ("/checkin", "/riwayat", "/dataku", "/hapusdata"):
        reply = await bot.ask(stranger, command)
        assert reply.text.startswith("Perintah ini hanya untuk pegawai yang sudah terdaftar")
    # A check-in button (made up, or kept from before they left the roster) in their chat.
    welcome = await bot.ask(stranger, "/start")
    for data in ("ck:1:20261123:a:s", "ci:1:20261123:s", "hd:1:20261123:y"):
        query = await fake.press_forged_button(stranger, welcome, data)
        answer = await fake.wait_for_callback_answer(query)
        assert answer.text is not None
        assert answer.text.startswith("Perintah ini hanya untuk pegawai yang sudah terdaftar")
    assert await bot.services.db.fetchval("SELECT COUNT(*) FROM checkins") == 0


async def test_group_chats_are_refused(bot: RunningBot, fake: FakeBotApi, budi: FakeUser) -> None:
    group = fake.make_group()
    await fake.send_message(budi, "/checkin", group)
    reply = await fake.wait_for_message(group)
    assert "hanya bisa dipakai di chat pribadi" in reply.text


# --- /riwayat -------------------------------------------------------------------------------


async def check_in(
    bot: RunningBot, fake: FakeBotApi, user: FakeUser, day: date, label: str
) -> None:
    set_now(bot, wib(day, 16))
    flow = await bot.ask(user, "/checkin")
    answer, _ = await tap(fake, user, flow, label)
    assert answer.text == f"Tercatat: {label}"


async def test_riwayat_with_a_holiday_and_a_pause(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    # Budi registered on Monday 2 November 2026 (tests/org_fixtures.py).
    services = bot.services
    now = services.clock.now()
    thursday = date(2026, 11, 5)
    await services.calendar.set_override(
        DayOverride(thursday, OverrideKind.HOLIDAY, "HUT Kabupaten"), now
    )
    budi_id = (await person(bot, BUDI_ANGGOTA_KOMINFO)).id
    await services.person_settings.pause(
        budi_id, date(2026, 11, 9), date(2026, 11, 10), "cuti", now
    )
    await check_in(bot, fake, budi, date(2026, 11, 2), "✅ Sudah")  # Mon
    # Tue 3: forgotten.
    await check_in(bot, fake, budi, date(2026, 11, 4), "✅ Sudah")  # Wed
    # Thu 5: HUT Kabupaten. Fri 6: Sebagian. Weekend. Mon 9 - Tue 10: on leave.
    await check_in(bot, fake, budi, date(2026, 11, 6), "🔸 Sebagian")
    await check_in(bot, fake, budi, date(2026, 11, 11), "❌ Belum")  # Wed
    set_now(bot, wib(date(2026, 11, 12), 8))  # Thursday morning, not checked in yet
    history = await bot.ask(budi, "/riwayat")
    assert "🔥 Runtun: 3 hari kerja berturut-turut" in history.text
    assert "✅⬜✅🔸 💤💤❌⏳" in history.text
    # Any check-in keeps the streak, ❌ too, and /riwayat says so; the strip shows the
    # 8 working days since the first check-in, and says that it is 8.
    assert "Setiap check-in menyambung runtun, juga ❌ belum" in history.text
    assert "8 hari kerja terakhir sejak check-in pertama Anda" in history.text
    await check_in(bot, fake, budi, date(2026, 11, 12), "✅ Sudah")
    history = await bot.ask(budi, "/riwayat")
    assert "🔥 Runtun: 4 hari kerja berturut-turut" in history.text
    assert "✅⬜✅🔸 💤💤❌✅" in history.text
    # Per value: how often met, and a strength that a missed day lowers, not zeroes.
    assert "terpenuhi" in history.text
    assert "%" in history.text
    # Friday, then Monday morning: the weekend does not break it, today is not over yet.
    await check_in(bot, fake, budi, date(2026, 11, 13), "✅ Sudah")
    set_now(bot, wib(date(2026, 11, 16), 8))
    history = await bot.ask(budi, "/riwayat")
    assert "🔥 Runtun: 5 hari kerja berturut-turut" in history.text
    assert "✅⬜✅🔸 💤💤❌✅✅ ⏳" in history.text
    set_now(bot, wib(date(2026, 11, 17), 8))  # Monday 16 was missed
    history = await bot.ask(budi, "/riwayat")
    assert "🔥 Runtun: 0 hari kerja" in history.text
    assert "Runtun terpanjang: 5 hari kerja" in history.text
    assert "✅⬜✅🔸 💤💤❌✅✅ ⬜⏳" in history.text


# --- /dataku and /hapusdata -----------------------------------------------------------------


@pytest.fixture
async def two_people(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> tuple[FakeUser, FakeUser]:
    """Budi and Fitri, each with a note and a budaya-malu slip on Monday, Budi also on
    Tuesday (a note, and the empty budaya-malu answer)."""
    fitri = (await registered(bot.services.org, fake, FITRI_KETUA_KOMINFO))[FITRI_KETUA_KOMINFO]
    for user, note, slip in (
        (budi, "membantu rekan belajar aplikasi", "⬜ 2"),
        (fitri, "rahasia Fitri: rapat pimpinan", "⬜ 5"),
    ):
        flow = await bot.ask(user, "/checkin")
        await tap(fake, user, flow, "✅ Sudah")
        await tap(fake, user, flow, "Selesai ➡️")
        await tap(fake, user, flow, slip)
        await tap(fake, user, flow, "Selesai ➡️ (1 terlewat)")
        reply = await bot.ask(user, note)
        if reply.button_texts:
            await tap(fake, user, reply, "Bukan")
    set_now(bot, wib(MONDAY + timedelta(days=1)))
    flow = await to_note_step(bot, fake, budi)
    await bot.ask(budi, "catatan hari Selasa")
    set_now(bot, wib(MONDAY + timedelta(days=1), 10))
    return budi, fitri


async def test_dataku_sends_my_data_and_nobody_elses(
    bot: RunningBot, fake: FakeBotApi, two_people: tuple[FakeUser, FakeUser]
) -> None:
    budi, _ = two_people
    summary = await bot.ask(budi, "/dataku")
    # First the gist, readable on a phone; then the files.
    assert "Data Anda di Budaya Kerja Bot (per Selasa, 24 November 2026)" in summary.text
    assert "Budi Santoso — Dinas Komunikasi dan Informatika" in summary.text
    assert (
        "Check-in: 2 hari (23 November 2026 - 24 November 2026), 2 dengan catatan, "
        "2 dengan jawaban budaya malu" in summary.text
    )
    sent = await fake.wait_for_message(budi, lambda m: m.document is not None)
    assert sent.document is not None
    assert sent.document.filename == "dataku-20261124.json"
    assert "Semua data Anda yang disimpan bot ini" in sent.text
    data = json.loads(sent.document.data.decode("utf-8"))
    assert data["pegawai"]["nip"] == BUDI_ANGGOTA_KOMINFO
    assert data["pegawai"]["nama"] == "Budi Santoso"
    assert data["akun_telegram"]["id_telegram"] == budi.id
    assert data["check_in"][0]["dibuat"].endswith("+07:00")  # Budi's own time
    table = await fake.wait_for_message(budi, lambda m: m.document is not None)
    assert table.document is not None
    assert table.document.filename == "dataku-20261124.csv"
    rows = list(csv.reader(io.StringIO(table.document.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["tanggal", "nilai", "perilaku_hari_ini", "jawaban"]
    assert [row[0] for row in rows[1:]] == ["2026-11-23", "2026-11-24"]
    assert rows[1][5] == "Malu tidak mengikuti apel/upacara"
    assert rows[1][6] == "membantu rekan belajar aplikasi"
    checkins = data["check_in"]
    assert [c["tanggal"] for c in checkins] == ["2026-11-23", "2026-11-24"]
    assert checkins[0]["catatan"] == "membantu rekan belajar aplikasi"
    assert checkins[0]["jawaban"] == "sudah"
    assert checkins[0]["budaya_malu_terlewat"] == [
        {"id": "malu.2", "teks": "Malu tidak mengikuti apel/upacara"}
    ]
    assert checkins[1]["catatan"] == "catatan hari Selasa"
    assert checkins[1]["budaya_malu_diisi"] is True
    assert checkins[1]["budaya_malu_terlewat"] == []
    # Nothing of Fitri's: not her note, her slip, her NIP or her name.
    raw = sent.document.data.decode("utf-8")
    assert "rahasia Fitri" not in raw + table.document.data.decode("utf-8-sig")
    assert "malu.5" not in raw
    assert FITRI_KETUA_KOMINFO not in raw
    assert "Fitri" not in raw


async def test_hapusdata_erases_notes_and_malu_and_keeps_the_counts(
    bot: RunningBot, fake: FakeBotApi, two_people: tuple[FakeUser, FakeUser]
) -> None:
    budi, _ = two_people
    question = await bot.ask(budi, "/hapusdata")
    assert "🗑️ Ya, hapus: 2 catatan dan jawaban budaya malu dari 2 hari." in question.text
    _, question = await tap(fake, budi, question, "Batal")
    assert question.text == "Dibatalkan. Tidak ada data yang dihapus."
    assert (await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)) is not None
    question = await bot.ask(budi, "/hapusdata")
    _, question = await tap(fake, budi, question, "🗑️ Ya, hapus")
    assert question.text.startswith(
        "Selesai. 2 catatan dan jawaban budaya malu dari 2 hari sudah dihapus."
    )
    for day in (MONDAY, MONDAY + timedelta(days=1)):
        checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO, day)
        assert checkin is not None
        assert checkin.answer is Answer.SUDAH  # the aggregate counts stay
        assert (checkin.note, checkin.malu, checkin.malu_answered) == (None, set(), False)
    # Fitri's data is untouched.
    fitri = await checkin_of(bot, FITRI_KETUA_KOMINFO)
    assert fitri is not None
    assert fitri.note == "rahasia Fitri: rapat pimpinan"
    assert fitri.malu == {"malu.5"}
    # Budi sees it: no notes in his summary, his streak still counts both days.
    summary = await bot.ask(budi, "/checkin")
    assert "Catatan: —" in summary.text
    assert "Budaya malu: belum diisi" in summary.text
    assert "🔥 Runtun: 2 hari kerja" in (await bot.ask(budi, "/riwayat")).text
    again = await bot.ask(budi, "/hapusdata")  # only the Telegram name is left to erase
    assert "catatan dan jawaban budaya malu" not in again.text
    assert again.button_texts == ["🗑️ Hapus semua yang tercantum", "Batal"]
    await fake.send_message(budi, "/dataku")
    sent = await fake.wait_for_message(budi, lambda m: m.document is not None)
    assert sent.document is not None
    assert "membantu rekan belajar" not in sent.document.data.decode("utf-8")


async def test_a_confirmation_from_yesterday_erases_nothing(
    bot: RunningBot, fake: FakeBotApi, two_people: tuple[FakeUser, FakeUser]
) -> None:
    budi, _ = two_people
    question = await bot.ask(budi, "/hapusdata")
    set_now(bot, wib(MONDAY + timedelta(days=2)))
    answer = await tap_refused(fake, budi, question, "🗑️ Ya, hapus")
    assert answer.text == "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."
    checkin = await checkin_of(bot, BUDI_ANGGOTA_KOMINFO)
    assert checkin is not None
    assert checkin.note == "membantu rekan belajar aplikasi"


def test_utc_days_are_local_days() -> None:
    # 23:30 WIB on Monday is 16:30 UTC: still Monday for Budi (guards the helpers above).
    assert wib(MONDAY, 23, 30).astimezone(UTC).date() == MONDAY


# --- The database in trouble -------------------------------------------------------------


@pytest.mark.sqlite_only
async def test_a_lock_held_by_another_program_is_waited_for(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    # SQLite's own wait made short, so the bot's bounded retry is what carries it through.
    await bot.services.db.fetchval("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(bot.services.settings.database_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # e.g. an operator's sqlite3 shell, for 1.5 s
    asyncio.get_running_loop().call_later(1.5, other.execute, "COMMIT")
    try:
        flow = await bot.ask(budi, "/checkin", within=10)
    finally:
        other.close()
    assert "Check-in Senin, 23 November 2026" in flow.text
    assert len(fake.messages_to(budi)) == 1


async def test_an_error_gets_one_answer(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def disk_full(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    # The first handler of every private message (the presence group) fails.
    monkeypatch.setattr(bot.services.users, "seen", disk_full)
    answer = await bot.ask(budi, "/checkin")
    assert answer.text == texts.INTERNAL_ERROR
    await asyncio.sleep(0.5)  # the check-in question does not follow
    assert len(fake.messages_to(budi)) == 1


async def test_checkin_with_a_day_says_it_is_always_today(
    bot: RunningBot, fake: FakeBotApi, budi: FakeUser
) -> None:
    note = await bot.ask(budi, "/checkin besok")
    assert note.text.startswith("“besok” tidak dipakai: check-in selalu untuk hari ini")
    flow = await fake.wait_for_message(budi)
    assert "Check-in Senin, 23 November 2026" in flow.text
    assert flow.button_texts == ["✅ Sudah", "🔸 Sebagian", "❌ Belum"]
