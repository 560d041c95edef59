"""Anonymity that holds, and complaints about leaders that bypass them (attack 1 of the
privacy review), through the real Application and the emulator."""

from __future__ import annotations

import re

from bot.emulator import FakeBotApi, FakeUser
from bot.storage.onboarding import AuditLog
from tests.conftest import RunningBot, SettingsFactory, start_bot, stop_bot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    DADANG_ANGGOTA_SUKAMAJU,
    DEDI_ADMIN,
    EUIS_KETUA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import (
    ASEP_KEPALA_SUKAMAJU,
    HENDRA_KEPALA_KOMINFO,
    KOMINFO_BYSTANDERS,
    MONDAY_9,
    edited,
    release_held_notices,
    report,
    said,
    set_clock,
)

RATNA_KEPALA_KESEHATAN = "196909201996022001"
EKO_KETUA_KESEHATAN = "197905062003121005"
NINA_AGEN_KESEHATAN = "199605122022032002"
"""Nina Kartika: an anggota and Agen Perubahan of Dinas Kesehatan."""
KESEHATAN_OTHERS = ("199001042015032013", "199309192019041006", "197508082007011012")
SITI_BAGIAN_ORGANISASI = "198509092010012015"
"""Siti Nurhaliza, of Bagian Organisasi: made the Inspektorat in these tests."""


def _about(fake: FakeBotApi, user: FakeUser, number: str) -> list[str]:
    return [m.text for m in fake.messages_to(user) if number in m.text]


async def test_the_only_agen_reporting_anonymously_is_not_given_away(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    """Before: the Ketua's card said the unit had no Agen Perubahan, and the admin was told
    so, while /profil listed Nina as one: the reporter was obvious."""
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, RATNA_KEPALA_KESEHATAN,
                             EKO_KETUA_KESEHATAN, NINA_AGEN_KESEHATAN, DEDI_ADMIN,
                             *KESEHATAN_OTHERS)  # fmt: skip
    nina, eko, dedi = users[NINA_AGEN_KESEHATAN], users[EKO_KETUA_KESEHATAN], users[DEDI_ADMIN]
    number = await report(fake, nina, "Jadwal piket tidak adil.", anonymous=True)
    await release_held_notices(bot)
    # Routed as for any anggota: to the unit's Agen Perubahan, who happens to be Nina.
    own = await said(fake, nina, f"Laporan masalah baru {number}")
    assert "Pelapor: anonim" in own.text
    assert "belum punya Agen Perubahan" not in own.text
    assert _about(fake, eko, number) == []
    assert _about(fake, dedi, number) == []
    assert not [m for m in fake.messages_to(dedi) if "belum memiliki Agen Perubahan" in m.text]
    # Her own buttons refuse her quietly (no audit entry that would name her).
    query = await fake.press_button(nina, own, text="✋ Tangani")
    await fake.wait_for_callback_answer(query)
    assert "forged_callback" not in await AuditLog(bot.services.db).events(nina.id)


async def test_a_ketua_reporting_anonymously_is_not_skipped(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    """Before: escalated berjenjang, the confirmation said the Ketua level was skipped."""
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO,
                             HENDRA_KEPALA_KOMINFO, BUDI_ANGGOTA_KOMINFO,
                             *KOMINFO_BYSTANDERS)  # fmt: skip
    fitri, rizky = users[FITRI_KETUA_KOMINFO], users[RIZKY_AGEN_KOMINFO]
    number = await report(fake, fitri, "Rapat selalu molor.", anonymous=True)
    await release_held_notices(bot)
    card = await said(fake, rizky, f"Laporan masalah baru {number}")
    await fake.press_button(rizky, card, text="✋ Tangani")
    card = await edited(fake, rizky, card)
    await fake.press_button(rizky, card, text="⬆️ Eskalasi")
    await said(fake, rizky, "Tulis usulan alternatif solusi")
    await fake.send_message(rizky, "Mulai rapat tepat waktu.")
    routes = await said(fake, rizky, "Usulan solusi untuk")
    await fake.press_button(rizky, routes, text="🪜 Berjenjang lewat Ketua KBK")
    sent = await edited(fake, rizky, routes)
    assert "Fitri Handayani" in sent.text  # the Ketua level, as for any reporter
    assert "Hendra" not in sent.text
    assert "Pelapor: anonim" in (await said(fake, fitri, f"Eskalasi masalah {number}")).text


async def test_anonymous_reports_are_numbered_apart_dated_to_the_day_and_held_back(
    make_settings: SettingsFactory, fake: FakeBotApi
) -> None:
    """Before: a named and an anonymous report of one person came as LP-0001 and LP-0002
    in the same minute. The held-back notice survives a restart (it is stored)."""
    settings = make_settings()
    first = await start_bot(settings, fake, now=MONDAY_9)
    await import_sample_roster(first.services.org)
    users = await registered(first.services.org, fake, BUDI_ANGGOTA_KOMINFO, RIZKY_AGEN_KOMINFO,
                             FITRI_KETUA_KOMINFO, *KOMINFO_BYSTANDERS)  # fmt: skip
    budi, rizky = users[BUDI_ANGGOTA_KOMINFO], users[RIZKY_AGEN_KOMINFO]
    named = await report(fake, budi, "AC ruang rapat bocor.")
    assert named == "LP-0001"
    named_card = await said(fake, rizky, f"Laporan masalah baru {named}")
    assert "Dilaporkan: 2 November 2026 09.00" in named_card.text
    anonymous = await report(fake, budi, "Ada yang menunda absen rekan.", anonymous=True)
    assert re.fullmatch(r"LA-\d{6}", anonymous)
    assert _about(fake, rizky, anonymous) == []  # not yet: a random few minutes later
    await stop_bot(first)
    second = await start_bot(settings, fake, now=MONDAY_9)
    try:
        assert await release_held_notices(second) >= 1
        card = await said(fake, rizky, f"Laporan masalah baru {anonymous}")
        assert "Dilaporkan: 2 November 2026\n" in card.text + "\n"  # no time of day
        assert "09.0" not in card.text
    finally:
        await stop_bot(second)


async def test_a_complaint_about_the_head_never_reaches_the_head(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    """Before: "Atasan sering meminta uang terima kasih" reached the head himself with
    Balas / Selesai / Tolak. Now it goes to Bagian Organisasi and the Inspektorat."""
    set_clock(bot, MONDAY_9)
    org = bot.services.org
    await import_sample_roster(org)
    siti = await org.person_by_nip(SITI_BAGIAN_ORGANISASI)
    assert siti is not None
    await bot.services.db.execute(
        "UPDATE people SET pemda_role = 'inspektorat' WHERE id = ?", (siti.id,)
    )
    users = await registered(org, fake, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO,
                             RIZKY_AGEN_KOMINFO, HENDRA_KEPALA_KOMINFO, DEDI_ADMIN,
                             SITI_BAGIAN_ORGANISASI, *KOMINFO_BYSTANDERS)  # fmt: skip
    budi, hendra, dedi = (users[n] for n in (BUDI_ANGGOTA_KOMINFO, HENDRA_KEPALA_KOMINFO,
                                             DEDI_ADMIN))  # fmt: skip
    complaint = "Atasan sering meminta uang terima kasih dari pemohon izin."
    await fake.send_message(budi, "/lapor")
    await said(fake, budi, "Lapor masalah")
    await fake.send_message(budi, complaint)
    question = await said(fake, budi, "kategori apa")
    await fake.press_button(budi, question, text="Tentang pimpinan / integritas")
    identity = await edited(fake, budi, question)
    assert "pimpinan unit Anda tidak melihatnya" in identity.text
    await fake.press_button(budi, identity, text="🕶️ Anonim")
    done = await fake.wait_for_edit(budi, lambda m: "tercatat" in m.text)
    number = re.search(r"LA-\d{6}", done.text)
    assert number is not None
    await release_held_notices(bot)
    for desk in (dedi, users[SITI_BAGIAN_ORGANISASI]):
        card = await said(fake, desk, f"Laporan masalah baru {number.group()}")
        assert complaint in card.text
        assert "Pelapor: anonim" in card.text
        assert "⬆️ Eskalasi" not in card.button_texts  # nobody above the Pemda desk
    for unit_staff in (hendra, users[FITRI_KETUA_KOMINFO], users[RIZKY_AGEN_KOMINFO]):
        assert _about(fake, unit_staff, number.group()) == []
        listing = await bot.ask(unit_staff, "/masalah")
        assert number.group() not in listing.text
    # The Pemda desk answers the reporter through the bot, as the unit's staff would.
    card = fake.last_message_to(dedi)
    await fake.press_button(dedi, card, text="💬 Balas")
    await said(fake, dedi, "Tulis balasan")
    await fake.send_message(dedi, "Kami tindak lanjuti bersama Inspektorat.")
    reply = await said(fake, budi, f"Pesan tentang laporan {number.group()}")
    assert "Kami tindak lanjuti" in reply.text
    assert _about(fake, hendra, number.group()) == []


async def test_a_unit_too_small_to_hide_a_reporter_offers_the_pemda(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, DADANG_ANGGOTA_SUKAMAJU,
                             EUIS_KETUA_SUKAMAJU, ASEP_KEPALA_SUKAMAJU, DEDI_ADMIN)  # fmt: skip
    dadang, euis = users[DADANG_ANGGOTA_SUKAMAJU], users[EUIS_KETUA_SUKAMAJU]
    await fake.send_message(dadang, "/lapor")
    await said(fake, dadang, "Lapor masalah")
    await fake.send_message(dadang, "Printer kecamatan rusak.")
    question = await said(fake, dadang, "kategori apa")
    await fake.press_button(dadang, question, text="Sarana dan prasarana")
    identity = await edited(fake, dadang, question)
    # Told before sending, and offered the Pemda level instead of the unit.
    assert "baru memiliki 3 orang terdaftar di bot (kurang dari 5)" in identity.text
    assert identity.button_texts == ["👤 Dengan nama", "🏛️ Anonim, ke tingkat Pemda", "✖️ Batal"]
    forged = await fake.press_forged_button(dadang, identity, "lp:1:a:a")
    answer = await fake.wait_for_callback_answer(forged)
    assert "terlalu kecil" in (answer.text or "")
    await fake.press_button(dadang, identity, text="🏛️ Anonim, ke tingkat Pemda")
    done = await fake.wait_for_edit(dadang, lambda m: "tercatat" in m.text)
    assert "Bagian Organisasi Pemda" in done.text
    number = re.search(r"LA-\d{6}", done.text)
    assert number is not None
    await release_held_notices(bot)
    assert (await said(fake, users[DEDI_ADMIN], f"Laporan masalah baru {number.group()}")).text
    assert _about(fake, euis, number.group()) == []
