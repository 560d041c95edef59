"""End to end through the fake Bot API: /start, /bantuan, /nilai and bad input."""

from __future__ import annotations

import asyncio

import pytest

from bot.emulator import FakeBotApi
from bot.org.models import TelegramUser
from bot.storage import UserRepository
from tests.conftest import RunningBot, SettingsFactory, start_bot, stop_bot


async def test_start_welcomes_and_explains(bot: RunningBot, fake: FakeBotApi) -> None:
    siti = fake.make_user("Siti", "siti_asn")
    reply = await bot.ask(siti, "/start")
    assert "Selamat datang di Budaya Kerja Bot, Siti!" in reply.text
    assert "BerAKHLAK" in reply.text
    assert "Agen Perubahan" in reply.text
    assert "/bantuan" in reply.text
    # The sender is remembered, so later features can reach them.
    user = await UserRepository(bot.services.db).get(siti.id)
    assert user is not None
    assert user.username == "siti_asn"


async def test_command_menu_is_set_at_start_up(bot: RunningBot, fake: FakeBotApi) -> None:
    menu = fake.commands()
    assert [name for name, _ in menu] == ["start", "bantuan", "nilai"]
    assert dict(menu)["nilai"] == "Nilai budaya kerja dan perilakunya"


async def test_bantuan_lists_what_a_newcomer_may_use(bot: RunningBot, fake: FakeBotApi) -> None:
    budi = fake.make_user("Budi")
    reply = await bot.ask(budi, "/bantuan")
    assert "Perintah yang bisa Anda pakai" in reply.text
    for command in ("/start", "/bantuan", "/nilai"):
        assert command in reply.text
    assert "/laporan" not in reply.text


async def test_nilai_typo_lands_on_akuntabel(bot: RunningBot, fake: FakeBotApi) -> None:
    ani = fake.make_user("Ani")
    reply = await bot.ask(ani, "/nilai akuntabl")
    assert "Akuntabel" in reply.text
    assert "Bertanggung jawab atas kepercayaan yang diberikan." in reply.text
    assert "Tidak menyalahgunakan kewenangan jabatan" in reply.text
    assert reply.parse_mode == "HTML"


async def test_nilai_everyday_words(bot: RunningBot, fake: FakeBotApi) -> None:
    ani = fake.make_user("Ani")
    assert "Kolaboratif" in (await bot.ask(ani, "/nilai kolaboratif")).text
    assert "<b>Harmonis</b>" in (await bot.ask(ani, "/nilai gotong royong")).html
    assert "<b>Adaptif</b>" in (await bot.ask(ani, "/nilai adaptif terhadap perubahan")).html


async def test_nilai_nonsense_lists_the_values(bot: RunningBot, fake: FakeBotApi) -> None:
    ani = fake.make_user("Ani")
    reply = await bot.ask(ani, "/nilai xyzzy qwerty")
    assert "Tidak ada nilai atau perilaku yang cocok dengan “xyzzy qwerty”" in reply.text
    assert "Berorientasi Pelayanan, Akuntabel, Kompeten" in reply.text


async def test_nilai_escapes_what_the_user_typed(bot: RunningBot, fake: FakeBotApi) -> None:
    ani = fake.make_user("Ani")
    reply = await bot.ask(ani, "/nilai <b>zzqx</b> & co")
    # Telegram would have refused the message had the query not been escaped.
    assert "“<b>zzqx</b> & co”" in reply.text


async def test_nilai_overlong_query(bot: RunningBot, fake: FakeBotApi) -> None:
    ani = fake.make_user("Ani")
    reply = await bot.ask(ani, "/nilai " + "a" * 500)
    assert "Kata kunci terlalu panjang" in reply.text


async def test_nilai_buttons_open_a_value_in_place(bot: RunningBot, fake: FakeBotApi) -> None:
    ani = fake.make_user("Ani")
    overview = await bot.ask(ani, "/nilai")
    assert "Nilai budaya kerja BerAKHLAK" in overview.text
    assert len(overview.button_texts) == 7
    query = await fake.press_button(ani, overview, text="Loyal")
    answer = await fake.wait_for_callback_answer(query)
    assert not answer.show_alert
    edited = await fake.wait_for_edit(ani, message_id=overview.message_id)
    assert "Menjaga rahasia jabatan dan negara" in edited.text
    assert edited.button_texts == ["« Semua nilai"]
    assert len(fake.messages_to(ani)) == 1  # edited, not re-sent
    await fake.press_button(ani, edited, text="« Semua nilai")
    back = await fake.wait_for_edit(ani, message_id=overview.message_id)
    assert "Nilai budaya kerja BerAKHLAK" in back.text


@pytest.mark.parametrize(
    "data", ["nilai:1:berakhlak.tidak_ada", "nilai:0:berakhlak.loyal", "nilai:1", "x" * 64, "zz"]
)
async def test_forged_button_is_refused(bot: RunningBot, fake: FakeBotApi, data: str) -> None:
    ani = fake.make_user("Ani")
    overview = await bot.ask(ani, "/nilai")
    query = await fake.press_forged_button(ani, overview, data)
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."
    assert answer.show_alert
    assert not fake.messages_to(ani)[0].edited


async def test_every_value_page_fits_telegram_for_both_sets(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    """The fake refuses what Telegram refuses (4096 chars, bad HTML): every page must pass."""
    for value_set in ("berakhlak", "besaoh"):
        running = await start_bot(make_settings(value_set=value_set), fake)
        try:
            user = fake.make_user(f"User {value_set}")
            overview = await running.ask(user, "/nilai")
            for name in overview.button_texts:
                await fake.press_button(user, overview, text=name)
                page = await fake.wait_for_edit(user, message_id=overview.message_id)
                assert name in page.text
                await fake.press_button(user, page, text="« Semua nilai")
                await fake.wait_for_edit(user, message_id=overview.message_id)
        finally:
            await stop_bot(running)
    refused = [r for r in fake.requests if r.method != "getUpdates" and r.status != 200]
    assert not refused


async def test_besaoh_search_reaches_expected_behaviours(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    running = await start_bot(make_settings(value_set="besaoh"), fake)
    try:
        user = fake.make_user("Rina")
        reply = await running.ask(user, "/nilai adaptif terhadap perubahan")
        assert "Optimis" in reply.text
        assert "Adaptif terhadap perubahan" in reply.text
        reply = await running.ask(user, "/nilai gotong royong")
        assert "<b>Sinergi</b>" in reply.html
    finally:
        await stop_bot(running)


async def test_unknown_command_and_unexpected_input(bot: RunningBot, fake: FakeBotApi) -> None:
    joko = fake.make_user("Joko")
    reply = await bot.ask(joko, "/terbang")
    assert "Perintah itu tidak saya kenal" in reply.text
    await fake.send_sticker(joko)
    reply = await fake.wait_for_message(joko)
    assert "belum bisa memproses pesan seperti ini" in reply.text


async def _wait_reachable(bot: RunningBot, user_id: int, reachable: bool) -> TelegramUser:
    """Poll the store until the user's reachability is as expected (handlers run async)."""
    users = UserRepository(bot.services.db)
    for _ in range(200):
        user = await users.get(user_id)
        if user is not None and user.reachable is reachable:
            return user
        await asyncio.sleep(0.01)
    raise AssertionError(f"user {user_id} never became reachable={reachable}: {user}")


async def test_blocking_and_unblocking_the_bot(bot: RunningBot, fake: FakeBotApi) -> None:
    joko = fake.make_user("Joko")
    await bot.ask(joko, "/start")
    fake.block_bot(joko)  # Telegram tells the bot with a my_chat_member update
    user = await _wait_reachable(bot, joko.id, reachable=False)
    assert user.unreachable_reason == "blocked"
    fake.unblock_bot(joko)
    await _wait_reachable(bot, joko.id, reachable=True)


async def test_a_403_on_reply_marks_the_user_unreachable(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    joko = fake.make_user("Joko")
    await bot.ask(joko, "/start")
    fake.inject_fault("sendMessage", status=403, chat_id=joko)
    await fake.send_message(joko, "/bantuan")
    user = await _wait_reachable(bot, joko.id, reachable=False)
    assert user.unreachable_reason == "Forbidden: bot was blocked by the user"
    # Writing again makes them reachable, and they get their answer.
    reply = await bot.ask(joko, "/bantuan")
    assert "Perintah yang bisa Anda pakai" in reply.text
    await _wait_reachable(bot, joko.id, reachable=True)
