"""End to end: /lapor, routing to the Agen Perubahan, anonymity, the thread, /masalah."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.emulator import FakeBotApi
from bot.problems.models import ActorRole
from bot.storage.onboarding import AuditLog
from bot.storage.problems import ProblemRepository
from tests.conftest import RunningBot, SettingsFactory, start_bot, stop_bot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    DADANG_ANGGOTA_SUKAMAJU,
    DEDI_ADMIN,
    EUIS_KETUA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import (
    KOMINFO_BYSTANDERS,
    MONDAY_9,
    PNG,
    UJANG_SEKRETARIS_SUKAMAJU,
    answer_prompt,
    edited,
    problem_id,
    release_held_notices,
    report,
    requests_to_others,
    said,
    set_clock,
)


@pytest.fixture
async def org_bot(bot: RunningBot) -> RunningBot:
    await import_sample_roster(bot.services.org)
    return bot


async def test_named_report_reaches_every_agen_perubahan(
    org_bot: RunningBot, fake: FakeBotApi
) -> None:
    users = await registered(
        org_bot.services.org, fake, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO
    )
    budi = users[BUDI_ANGGOTA_KOMINFO]
    fitri, rizky = users[FITRI_KETUA_KOMINFO], users[RIZKY_AGEN_KOMINFO]
    number = await report(fake, budi, "Printer lantai 2 rusak sejak Senin.", photo=PNG)
    assert number == "LP-0001"
    filed = fake.last_message_to(budi)
    assert filed.text.startswith("✅ Laporan Anda tercatat atas nama Anda, nomor LP-0001 (")
    for agent in (fitri, rizky):
        photo = await said(fake, agent, "Lampiran LP-0001")
        assert photo.photo is not None
        assert photo.photo.data == PNG  # copied by file_id, not forwarded
        card = await said(fake, agent, "Laporan masalah baru LP-0001")
        assert "Pelapor: Budi Santoso (Pengelola Layanan Operasional)" in card.text
        assert "Kategori: Sarana dan prasarana" in card.text
        assert "Printer lantai 2 rusak sejak Senin." in card.text
        assert card.button_texts == ["✋ Tangani", "💬 Balas", "⬆️ Eskalasi", "🚫 Tolak"]
    assert not fake.calls("forwardMessage")
    assert not fake.calls("copyMessage")
    mine = await org_bot.ask(budi, "/laporanku")
    assert "LP-0001 · Sarana dan prasarana" in mine.text
    assert "🆕 Baru" in mine.text
    # The first Agen Perubahan to take it up gets it; the other is told, nothing changes.
    card = fake.last_message_to(fitri)
    await fake.press_button(fitri, card, text="✋ Tangani")
    taken = await edited(fake, fitri, card)
    assert taken.text.endswith("✋ Ditangani oleh Fitri Handayani, S.Kom., M.T.")
    assert taken.button_texts == ["💬 Balas", "⬆️ Eskalasi", "✅ Selesai", "🚫 Tolak"]
    told = await said(fake, budi, "sedang ditangani")
    assert "Fitri Handayani, S.Kom., M.T. (Agen Perubahan)" in told.text
    query = await fake.press_button(rizky, fake.last_message_to(rizky), text="✋ Tangani")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "LP-0001 sudah ditangani oleh Fitri Handayani, S.Kom., M.T."


async def test_anonymous_report_never_reveals_the_reporter(
    org_bot: RunningBot, fake: FakeBotApi, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="bot")
    org = org_bot.services.org
    users = await registered(
        org, fake, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO, *KOMINFO_BYSTANDERS
    )
    fitri = users[FITRI_KETUA_KOMINFO]
    budi = fake.make_user("Budi", "budi_s", last_name="Santoso", started=True)
    budi_person = await org.person_by_nip(BUDI_ANGGOTA_KOMINFO)
    assert budi_person is not None
    await org.bind_telegram(budi_person.id, budi.id, org_bot.services.clock.now())

    number = await report(
        fake,
        budi,
        "Ada pungutan liar di loket pelayanan.",
        category="Perilaku dan budaya kerja",
        anonymous=True,
        document=(b"%PDF-1.4 bukti", "bukti.pdf"),
    )
    assert not [m for m in fake.messages_to(fitri) if number in m.text]  # held a while
    await release_held_notices(org_bot)
    document = await said(fake, fitri, f"Lampiran {number}")
    assert document.document is not None
    assert document.document.data == b"%PDF-1.4 bukti"
    card = await said(fake, fitri, f"Laporan masalah baru {number}")
    assert "Pelapor: anonim" in card.text
    # The thread: Fitri asks, the reporter answers with a photo, through the bot.
    await answer_prompt(
        fake, fitri, card, "💬 Balas", "Tulis balasan", "Di loket mana, dan kapan terjadi?"
    )
    assert (await said(fake, fitri, "sudah disampaikan")).text
    question = await said(fake, budi, f"Pesan tentang laporan {number}")
    assert "Di loket mana, dan kapan terjadi?" in question.text
    assert "Fitri Handayani" in question.text  # staff are named; the reporter is not
    await fake.press_button(budi, question, text="💬 Kirim pesan")
    await said(fake, budi, "tanpa menyebut siapa Anda")
    await fake.send_photo(budi, PNG, caption="Loket 3, setiap Jumat pagi.")
    await said(fake, budi, "sudah disampaikan")
    await release_held_notices(org_bot)
    relayed = await said(fake, fitri, "Pesan dari pelapor (anonim)")
    assert relayed.photo is not None
    assert "Loket 3, setiap Jumat pagi." in relayed.text
    assert relayed.button_texts == ["💬 Balas", f"📋 {number}"]
    # Fitri opens the ticket: the card shows the thread, still without the reporter.
    await fake.press_button(fitri, relayed, text=f"📋 {number}")
    opened = await said(fake, fitri, f"📋 {number}")
    assert "Pelapor: anonim" in opened.text
    assert "Pelapor, " in opened.text  # the thread, as "Pelapor"

    secrets = [
        "Budi",
        "Santoso",
        "budi_s",
        str(budi.id),
        BUDI_ANGGOTA_KOMINFO,
        "Pengelola Layanan Operasional",
    ]
    for params in requests_to_others(fake, budi.id):
        for secret in secrets:
            assert secret not in params, params
    for record in caplog.records:
        for secret in secrets:
            assert secret not in record.getMessage(), record.getMessage()
    events = await ProblemRepository(org_bot.services.db).events(await problem_id(org_bot, number))
    reporter_events = [e for e in events if e.actor_role is ActorRole.REPORTER]
    assert reporter_events
    assert all(e.actor_id is None for e in reporter_events)


async def test_a_unit_without_agent_falls_back_and_the_admin_is_told(
    org_bot: RunningBot, fake: FakeBotApi
) -> None:
    users = await registered(
        org_bot.services.org,
        fake,
        DADANG_ANGGOTA_SUKAMAJU,
        EUIS_KETUA_SUKAMAJU,
        UJANG_SEKRETARIS_SUKAMAJU,
        DEDI_ADMIN,
        FITRI_KETUA_KOMINFO,
    )
    dadang = users[DADANG_ANGGOTA_SUKAMAJU]
    number = await report(fake, dadang, "Antrean KTP tidak tertib.", category="Pelayanan publik")
    for leader in (users[EUIS_KETUA_SUKAMAJU], users[UJANG_SEKRETARIS_SUKAMAJU]):
        card = await said(fake, leader, f"Laporan masalah baru {number}")
        assert "Antrean KTP tidak tertib." in card.text
        assert "belum punya Agen Perubahan" in card.text
    admin = await said(fake, users[DEDI_ADMIN], "belum memiliki Agen Perubahan")
    assert "Kecamatan Sukamaju" in admin.text
    assert number in admin.text
    assert "Antrean" not in admin.text  # counts and facts, never the text
    assert not fake.messages_to(users[FITRI_KETUA_KOMINFO])  # another unit's agent


async def test_a_prompt_survives_a_restart(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    first = await start_bot(make_settings(), fake)
    await import_sample_roster(first.services.org)
    users = await registered(first.services.org, fake, BUDI_ANGGOTA_KOMINFO, RIZKY_AGEN_KOMINFO)
    budi = users[BUDI_ANGGOTA_KOMINFO]
    await fake.send_message(budi, "/lapor")
    await said(fake, budi, "Lapor masalah")
    await stop_bot(first)
    second = await start_bot(make_settings(), fake)
    try:
        await fake.send_message(budi, "Air di toilet mati.")
        question = await said(fake, budi, "kategori apa")
        await fake.press_button(budi, question, text="Sarana dan prasarana")
        identity = await edited(fake, budi, question)
        await fake.press_button(budi, identity, text="👤 Dengan nama")
        await fake.wait_for_edit(budi, lambda m: "tercatat" in m.text)
        card = await said(fake, users[RIZKY_AGEN_KOMINFO], "Laporan masalah baru LP-0001")
        assert "Air di toilet mati." in card.text
    finally:
        await stop_bot(second)


async def test_wrong_input_is_explained_and_loses_nothing(
    org_bot: RunningBot, fake: FakeBotApi
) -> None:
    users = await registered(org_bot.services.org, fake, BUDI_ANGGOTA_KOMINFO)
    budi = users[BUDI_ANGGOTA_KOMINFO]
    await fake.send_message(budi, "/lapor " + "y" * 2001)
    assert "2.001 karakter" in (await said(fake, budi, "terlalu panjang")).text
    await said(fake, budi, "Lapor masalah")
    await fake.send_sticker(budi)
    assert "Stiker" in (await said(fake, budi, "saya masih menunggu")).text
    await fake.send_message(budi, "x" * 2001)
    too_long = await said(fake, budi, "terlalu panjang")
    assert "2.001 karakter; paling banyak 2.000" in too_long.text
    # A photo without caption is kept; the text comes next.
    await fake.send_photo(budi, PNG)
    await said(fake, budi, "Lampiran diterima")
    await fake.send_message(budi, "Lampu ruang rapat mati.")
    question = await said(fake, budi, "kategori apa")
    query = await fake.press_forged_button(budi, question, "lp:1:c:bukan")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."
    await fake.press_button(budi, question, text="Sarana dan prasarana")
    identity = await edited(fake, budi, question)
    await fake.press_button(budi, identity, text="👤 Dengan nama")
    await fake.wait_for_edit(budi, lambda m: "tercatat" in m.text)
    problem = await org_bot.services.problems.problems.get(1)
    assert problem is not None
    assert problem.description == "Lampu ruang rapat mati."
    assert problem.attachment is not None
    # With no prompt open, free text is not taken by the problem flow.
    reply = await org_bot.ask(budi, "Halo")
    assert "belum bisa memproses pesan seperti ini" in reply.text


async def test_a_command_ends_the_prompt(org_bot: RunningBot, fake: FakeBotApi) -> None:
    users = await registered(org_bot.services.org, fake, BUDI_ANGGOTA_KOMINFO)
    budi = users[BUDI_ANGGOTA_KOMINFO]
    await fake.send_message(budi, "/lapor")
    prompt = await said(fake, budi, "Lapor masalah")
    await fake.send_message(budi, "/nilai")
    await said(fake, budi, "BerAKHLAK")
    reply = await org_bot.ask(budi, "Lampu ruang rapat mati.")
    assert "belum bisa memproses pesan seperti ini" in reply.text
    # Batal under a prompt closes it too.
    await fake.send_message(budi, "/lapor")
    prompt = await said(fake, budi, "Lapor masalah")
    query = await fake.press_button(budi, prompt, text="✖️ Batal")
    assert (await fake.wait_for_callback_answer(query)).text == "Dibatalkan."
    assert (await edited(fake, budi, prompt)).button_texts == []
    assert await org_bot.services.problems.problems.draft(1) is None


async def test_masalah_newest_or_oldest_waiting_first(
    org_bot: RunningBot, fake: FakeBotApi
) -> None:
    set_clock(org_bot, MONDAY_9)
    users = await registered(
        org_bot.services.org,
        fake,
        BUDI_ANGGOTA_KOMINFO,
        FITRI_KETUA_KOMINFO,
        DEDI_ADMIN,
        RIZKY_AGEN_KOMINFO,
        *KOMINFO_BYSTANDERS,
    )
    budi, fitri = users[BUDI_ANGGOTA_KOMINFO], users[FITRI_KETUA_KOMINFO]
    first = await report(fake, budi, "Masalah pertama.")
    org_bot.services.clock.advance(timedelta(hours=1))
    second = await report(fake, budi, "Masalah kedua.", anonymous=True)
    await fake.send_message(fitri, "/masalah")
    listing = await said(fake, fitri, "Masalah terbuka")
    assert f"Masalah terbuka — {KOMINFO} (terbaru dulu)" in listing.text
    assert listing.text.index(second) < listing.text.index(first)
    await fake.press_button(fitri, listing, text="⏳ Urutkan: paling lama menunggu")
    waiting = await edited(fake, fitri, listing)
    assert "paling lama menunggu dulu" in waiting.text
    assert waiting.text.index(first) < waiting.text.index(second)
    # A plain member may not; the Pemda admin sees counts per unit, no texts.
    refused = await org_bot.ask(budi, "/masalah")
    assert refused.text.startswith("Perintah ini hanya untuk Agen Perubahan")
    await fake.send_message(users[DEDI_ADMIN], "/masalah")
    counts = await said(fake, users[DEDI_ADMIN], "Masalah per unit")
    assert f"{KOMINFO}: 2 terbuka (2 baru) · 0 selesai · 0 ditolak" in counts.text
    assert "Masalah pertama" not in counts.text
    assert first not in counts.text


async def test_another_unit_cannot_read_or_act_on_a_ticket(
    org_bot: RunningBot, fake: FakeBotApi
) -> None:
    users = await registered(
        org_bot.services.org,
        fake,
        BUDI_ANGGOTA_KOMINFO,
        FITRI_KETUA_KOMINFO,
        RIZKY_AGEN_KOMINFO,
        EUIS_KETUA_SUKAMAJU,
    )
    budi, euis = users[BUDI_ANGGOTA_KOMINFO], users[EUIS_KETUA_SUKAMAJU]
    number = await report(fake, budi, "Rahasia Kominfo.")
    ticket = await problem_id(org_bot, number)
    own = await org_bot.ask(euis, "/masalah")
    assert number not in own.text
    assert "Tidak ada masalah terbuka di unit Anda" in own.text
    forged = [f"pm:1:v:{ticket}", f"pm:1:t:{ticket}", f"pm:1:r:{ticket}", f"lk:1:v:{ticket}"]
    for data in forged:
        query = await fake.press_forged_button(euis, own, data)
        answer = await fake.wait_for_callback_answer(query)
        assert answer.text == "Anda tidak berwenang membuka atau menindaklanjuti laporan ini."
        assert answer.show_alert
    assert not [m for m in fake.messages_to(euis) if "Rahasia" in m.text]
    events = await AuditLog(org_bot.services.db).events(euis.id)
    assert events.count("forged_callback") == len(forged)
    # Even an Agen Perubahan of the unit may not open the reporter's own view.
    rizky = users[RIZKY_AGEN_KOMINFO]
    card = await said(fake, rizky, f"Laporan masalah baru {number}")
    query = await fake.press_forged_button(rizky, card, f"lk:1:o:{ticket}")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Anda tidak berwenang membuka atau menindaklanjuti laporan ini."
    problem = await org_bot.services.problems.problems.get(ticket)
    assert problem is not None
    assert problem.status.value == "baru"
