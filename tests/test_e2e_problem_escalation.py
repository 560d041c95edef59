"""End to end: escalation (langsung, berjenjang), the head's answer, confirm or reopen,
refusal with a reason, and the SLA on a controlled clock.

The bot runs with the BerAKHLAK value set (Perbup Serang 121/2022): its cards say "Kepala
Perangkat Daerah" and cite that regulation's articles, as the content file names them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.emulator import FakeBotApi, FakeUser, SentMessage
from bot.problems.models import Action, Status
from bot.problems.sla_job import INTERVAL, JOB_NAME
from bot.storage.onboarding import AuditLog
from bot.storage.problems import ProblemRepository
from tests.conftest import RunningBot
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
    answer_prompt,
    edited,
    problem_id,
    release_held_notices,
    report,
    requests_to_others,
    run_sla,
    said,
    set_clock,
)


@pytest.fixture
async def kominfo(bot: RunningBot, fake: FakeBotApi) -> dict[str, FakeUser]:
    """The sample roster, with Budi (reporter), Fitri (Ketua and Agen Perubahan), Rizky
    (Agen Perubahan) and Hendra (head of the unit) registered."""
    await import_sample_roster(bot.services.org)
    return await registered(
        bot.services.org,
        fake,
        BUDI_ANGGOTA_KOMINFO,
        FITRI_KETUA_KOMINFO,
        RIZKY_AGEN_KOMINFO,
        HENDRA_KEPALA_KOMINFO,
        *KOMINFO_BYSTANDERS,
    )


async def write_solutions(
    fake: FakeBotApi, agent: FakeUser, card: SentMessage, solutions: list[str]
) -> None:
    """Press Eskalasi on the ticket card and type the alternative solutions."""
    await fake.press_button(agent, card, text="⬆️ Eskalasi")
    await said(fake, agent, "Tulis usulan alternatif solusi")
    for number, solution in enumerate(solutions, start=1):
        await fake.send_message(agent, solution)
        listed = await said(fake, agent, "Usulan solusi untuk")
        assert f"{number}. {solution}" in listed.text


async def test_direct_escalation_and_the_heads_choice_reach_everyone(
    bot: RunningBot, fake: FakeBotApi, kominfo: dict[str, FakeUser]
) -> None:
    budi, fitri, hendra = (
        kominfo[BUDI_ANGGOTA_KOMINFO],
        kominfo[FITRI_KETUA_KOMINFO],
        kominfo[HENDRA_KEPALA_KOMINFO],
    )
    number = await report(fake, budi, "Jaringan internet putus tiap siang.")
    await write_solutions(
        fake,
        fitri,
        await said(fake, fitri, f"Laporan masalah baru {number}"),
        ["Tambah bandwidth.", "Pasang jaringan cadangan."],
    )
    routes = fake.last_message_to(fitri)
    assert routes.button_texts == [
        "➡️ Langsung ke Kepala Perangkat Daerah",
        "🪜 Berjenjang lewat Ketua KBK",
        "✖️ Batal",
    ]
    await fake.press_button(fitri, routes, text="➡️ Langsung ke Kepala Perangkat Daerah")
    sent = await edited(fake, fitri, routes)
    assert "dikirim kepada Dr. Hendra Gunawan, S.T., M.Kom." in sent.text
    card = await said(fake, hendra, f"Eskalasi masalah {number}")
    assert "Dari: Fitri Handayani, S.Kom., M.T. (Agen Perubahan)" in card.text
    assert "Jalur: langsung kepada Kepala Perangkat Daerah" in card.text
    assert "Pelapor: Budi Santoso" in card.text
    assert "1. Tambah bandwidth.\n2. Pasang jaringan cadangan." in card.text
    assert "arahan dan solusi (Perbup Serang 121/2022 Pasal 7 ayat (2) huruf c)" in card.text
    assert "Bangka Selatan" not in card.text
    assert card.button_texts == [
        "✔️ Pilih usulan 1",
        "✔️ Pilih usulan 2",
        "✍️ Tulis arahan",
        "⬆️ Teruskan ke Pemda",
        "📝 Teruskan dengan catatan",
    ]
    choose_first = card.callback_data[0]
    assert "dibawa kepada pimpinan (" in (await said(fake, budi, "dibawa")).text

    # Another unit's head cannot answer it, even with the button's data.
    outsiders = await registered(bot.services.org, fake, ASEP_KEPALA_SUKAMAJU)
    asep = outsiders[ASEP_KEPALA_SUKAMAJU]
    own = await bot.ask(asep, "/masalah")
    query = await fake.press_forged_button(asep, own, choose_first)
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Anda tidak berwenang membuka atau menindaklanjuti laporan ini."
    assert "forged_callback" in await AuditLog(bot.services.db).events(asep.id)

    await fake.press_button(hendra, card, text="✔️ Pilih usulan 2")
    closed = await edited(fake, hendra, card)
    assert closed.text.endswith("✅ Anda memilih usulan 2.")
    assert closed.button_texts == []
    to_agent = await said(fake, fitri, f"Tanggapan pimpinan atas {number}")
    assert "memilih usulan 2:\nPasang jaringan cadangan." in to_agent.text
    assert to_agent.button_texts == ["✅ Tandai selesai", f"📋 {number}"]
    to_budi = await said(fake, budi, f"Tanggapan pimpinan atas laporan {number}")
    assert "Pasang jaringan cadangan." in to_budi.text
    assert to_budi.button_texts == ["👍 Sudah beres", "🔁 Belum beres", "💬 Kirim pesan"]
    # The button again: already answered.
    query = await fake.press_forged_button(hendra, closed, choose_first)
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Eskalasi ini sudah dijawab oleh Dr. Hendra Gunawan, S.T., M.Kom."

    await fake.press_button(budi, to_budi, text="👍 Sudah beres")
    assert (await said(fake, budi, "Terima kasih atas konfirmasinya")).text
    assert (await said(fake, fitri, "sudah beres. Status: selesai")).text
    repo = ProblemRepository(bot.services.db)
    problem = await repo.get(await problem_id(bot, number))
    assert problem is not None
    assert problem.status is Status.SELESAI
    trail = [
        (e.action, e.to_status, e.actor_id is not None) for e in await repo.events(problem.id)
    ]
    assert trail == [
        (Action.REPORT, Status.BARU, True),
        (Action.ESCALATE, Status.DIESKALASI, True),
        (Action.ANSWER, Status.DITINDAKLANJUTI, True),
        (Action.CONFIRM, Status.SELESAI, True),
    ]


async def test_tiered_escalation_of_an_anonymous_problem_and_a_reopen(
    bot: RunningBot, fake: FakeBotApi, kominfo: dict[str, FakeUser]
) -> None:
    budi, fitri, rizky, hendra = (
        kominfo[BUDI_ANGGOTA_KOMINFO],
        kominfo[FITRI_KETUA_KOMINFO],
        kominfo[RIZKY_AGEN_KOMINFO],
        kominfo[HENDRA_KEPALA_KOMINFO],
    )
    number = await report(fake, budi, "Beban kerja tidak merata.", anonymous=True)
    await release_held_notices(bot)
    rizky_card = await said(fake, rizky, f"Laporan masalah baru {number}")
    await fake.press_button(rizky, rizky_card, text="✋ Tangani")
    rizky_card = await edited(fake, rizky, rizky_card)
    await write_solutions(fake, rizky, rizky_card, ["Bagi ulang tugas per bidang."])
    routes = fake.last_message_to(rizky)
    await fake.press_button(rizky, routes, text="🪜 Berjenjang lewat Ketua KBK")
    assert "Ketua KBK" in (await edited(fake, rizky, routes)).text

    # Berjenjang: the Ketua first. He passes it on to the head; he cannot answer it.
    at_ketua = await said(fake, fitri, f"Eskalasi masalah {number}")
    assert "Pelapor: anonim" in at_ketua.text
    assert "Arahan dan solusi diberikan oleh Kepala Perangkat Daerah" in at_ketua.text
    assert at_ketua.button_texts == [
        "⬆️ Teruskan ke Kepala Perangkat Daerah",
        "📝 Teruskan dengan catatan",
    ]
    escalations = bot.services.problems.escalations
    waiting = await escalations.latest_escalation(await problem_id(bot, number))
    assert waiting is not None
    proposed = await escalations.solutions(waiting.id)
    query = await fake.press_forged_button(
        fitri, at_ketua, f"es:1:s:{waiting.id}:{proposed[0].id}"
    )
    refused = await fake.wait_for_callback_answer(query)
    assert refused.text is not None
    assert refused.text.startswith("Arahan dan solusi diberikan oleh Kepala Perangkat Daerah")
    assert (await escalations.escalation(waiting.id)) == waiting  # still open, at the Ketua
    assert not [m for m in fake.messages_to(hendra) if number in m.text]
    await answer_prompt(
        fake,
        fitri,
        at_ketua,
        "📝 Teruskan dengan catatan",
        "Tulis catatan Anda untuk Kepala Perangkat Daerah",
        "Sudah dua bidang mengeluhkan hal yang sama.",
    )
    passed = await said(fake, fitri, f"Eskalasi {number} diteruskan")
    assert passed.text.endswith("⬆️ Diteruskan kepada Dr. Hendra Gunawan, S.T., M.Kom.")
    at_head = await said(fake, hendra, f"Eskalasi masalah {number}")
    assert "Diteruskan oleh: Fitri Handayani, S.Kom., M.T. (Agen Perubahan)" in at_head.text
    assert "Catatan yang meneruskan\nSudah dua bidang mengeluhkan hal yang sama." in at_head.text
    assert "Pelapor: anonim" in at_head.text
    assert at_head.button_texts[:2] == ["✔️ Pilih usulan 1", "✍️ Tulis arahan"]

    # The head writes a direction (text only: a sticker is explained, nothing lost).
    await fake.press_button(hendra, at_head, text="✍️ Tulis arahan")
    await said(fake, hendra, "Tulis arahan Anda")
    await fake.send_sticker(hendra)
    await said(fake, hendra, "bentuk teks")
    await fake.send_message(hendra, "Sekretaris menyusun ulang pembagian tugas minggu ini.")
    assert (await said(fake, hendra, "sudah diteruskan")).text
    direction = "Sekretaris menyusun ulang pembagian tugas minggu ini."
    assert direction in (await said(fake, rizky, f"Tanggapan pimpinan atas {number}")).text
    to_budi = await said(fake, budi, f"Tanggapan pimpinan atas laporan {number}")
    assert direction in to_budi.text

    # It did not work: the reporter reopens and says why; it goes back to Rizky.
    await fake.press_button(budi, to_budi, text="🔁 Belum beres")
    await said(fake, budi, "dibuka kembali")
    await release_held_notices(bot)
    reopened = await said(fake, rizky, "belum beres")
    assert "🛠️ Ditangani" in reopened.text
    await fake.send_message(budi, "Pembagian tugas belum berubah.")
    await said(fake, budi, "sudah disampaikan")
    await release_held_notices(bot)
    relayed = await said(fake, rizky, "Pesan dari pelapor (anonim)")
    assert "Pembagian tugas belum berubah." in relayed.text

    secrets = ["Budi", "Santoso", str(budi.id), BUDI_ANGGOTA_KOMINFO]
    for params in requests_to_others(fake, budi.id):
        for secret in secrets:
            assert secret not in params, params


async def test_refusal_with_a_reason_and_a_resolve(
    bot: RunningBot, fake: FakeBotApi, kominfo: dict[str, FakeUser]
) -> None:
    budi, fitri = kominfo[BUDI_ANGGOTA_KOMINFO], kominfo[FITRI_KETUA_KOMINFO]
    first = await report(fake, budi, "Kantin mahal.")
    card = await said(fake, fitri, f"Laporan masalah baru {first}")
    # "✖️" meant as cancel is no reason: asked again, nothing refused.
    await answer_prompt(fake, fitri, card, "🚫 Tolak", "Tulis alasan menolak", "✖️")
    assert "terlalu singkat" in (await said(fake, fitri, "paling sedikit 3 kata")).text
    await fake.send_message(fitri, "Kantin dikelola koperasi, bukan unit kerja.")
    confirm = await said(fake, fitri, f"Tolak laporan {first} dengan alasan ini?")
    assert "Kantin dikelola koperasi, bukan unit kerja." in confirm.text
    # Batal keeps the report open; the reporter hears nothing.
    await fake.press_button(fitri, confirm, text="✖️ Batal")
    assert (await said(fake, fitri, f"Tidak jadi ditolak; laporan {first} tetap terbuka")).text
    status = "SELECT status FROM problems ORDER BY id LIMIT 1"
    assert await bot.services.db.fetchval(status) == "baru"
    reason = "Kantin dikelola koperasi, bukan unit kerja."
    await answer_prompt(fake, fitri, card, "🚫 Tolak", "Tulis alasan menolak", reason)
    confirm = await said(fake, fitri, f"Tolak laporan {first} dengan alasan ini?")
    await fake.press_button(fitri, confirm, text="🚫 Ya, tolak")
    assert (await said(fake, fitri, f"{first} ditolak")).text
    assert await bot.services.db.fetchval(status) == "ditolak"
    refused = await said(fake, budi, f"Laporan {first} tidak dapat ditindaklanjuti")
    assert "Kantin dikelola koperasi, bukan unit kerja." in refused.text

    second = await report(fake, budi, "Kursi ruang tunggu patah.")
    card = await said(fake, fitri, f"Laporan masalah baru {second}")
    await fake.press_button(fitri, card, text="✋ Tangani")
    card = await edited(fake, fitri, card)
    await fake.press_button(fitri, card, text="✅ Selesai")
    done = await fake.wait_for_edit(fitri, lambda m: "Ditandai selesai" in m.text)
    assert done.button_texts == []
    ask = await said(fake, budi, f"menandai laporan {second} selesai")
    assert ask.button_texts == ["👍 Sudah beres", "🔁 Belum beres"]
    await fake.press_button(budi, ask, text="👍 Sudah beres")
    await said(fake, budi, "Terima kasih atas konfirmasinya")
    await fake.send_message(budi, "/laporanku")
    mine = await said(fake, budi, "Laporan saya")
    assert "🚫 Ditolak" in mine.text
    assert "✅ Selesai" in mine.text


async def test_the_sla_reminds_escalates_and_reminds_the_head(
    bot: RunningBot, fake: FakeBotApi, kominfo: dict[str, FakeUser]
) -> None:
    job = bot.app.job_queue.get_jobs_by_name(JOB_NAME) if bot.app.job_queue else []
    assert len(job) == 1
    assert job[0].job.misfire_grace_time == int(INTERVAL.total_seconds())

    budi, fitri, rizky = (
        kominfo[BUDI_ANGGOTA_KOMINFO],
        kominfo[FITRI_KETUA_KOMINFO],
        kominfo[RIZKY_AGEN_KOMINFO],
    )
    set_clock(bot, MONDAY_9)
    number = await report(fake, budi, "AC ruang pelayanan rusak.")
    clock = bot.services.clock
    assert await run_sla(bot) == 0
    clock.advance(timedelta(days=1, hours=23, minutes=59))  # Wednesday 08:59
    assert await run_sla(bot) == 0
    clock.advance(timedelta(minutes=2))  # Wednesday 09:01: 2 working days
    assert await run_sla(bot) == 2
    for agent in (fitri, rizky):
        reminder = await said(fake, agent, "Pengingat")
        assert f"laporan {number}" in reminder.text
        assert "5 hari kerja" in reminder.text
    assert await run_sla(bot) == 0  # once
    clock.advance(timedelta(days=3))  # Saturday: nobody is written to on a day off
    assert await run_sla(bot) == 0
    clock.advance(timedelta(days=2))  # Monday 09:01: 5 working days
    await run_sla(bot)
    at_ketua = await said(fake, fitri, f"Eskalasi masalah {number}")
    assert "Dari: bot, karena belum ada Agen Perubahan yang menanganinya" in at_ketua.text
    assert "Jalur: otomatis" in at_ketua.text
    assert "Belum ada usulan solusi: Agen Perubahan belum menulis usulan" in at_ketua.text
    assert at_ketua.button_texts == [
        "⬆️ Teruskan ke Kepala Perangkat Daerah",
        "📝 Teruskan dengan catatan",
    ]
    assert number in (await said(fake, rizky, "diteruskan otomatis kepada Ketua KBK")).text
    assert "dibawa kepada pimpinan (" in (await said(fake, budi, "dibawa")).text
    problem = await bot.services.problems.problems.get(await problem_id(bot, number))
    assert problem is not None
    assert problem.status is Status.DIESKALASI

    clock.advance(timedelta(days=2, hours=23))  # Thursday 08:01: 3 working days less 1h
    assert await run_sla(bot) == 0
    clock.advance(timedelta(hours=1))
    assert await run_sla(bot) == 1
    again = await said(fake, fitri, "Pengingat")
    assert "eskalasi ini menunggu Anda teruskan" in again.text
    assert "⬆️ Teruskan ke Kepala Perangkat Daerah" in again.button_texts
    assert await run_sla(bot) == 0
    events = [e.action for e in await ProblemRepository(bot.services.db).events(problem.id)]
    assert events == [
        Action.REPORT,
        Action.REMIND,
        Action.AUTO_ESCALATE,
        Action.REMIND_HEAD,
    ]


async def test_the_pemda_answers_only_what_the_head_passed_up(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    """Sukamaju's head is not on the bot: the escalation waits for him, the Pemda admin is
    told without the problem's text and cannot answer; once he registers, the reminder
    brings him the card, he passes it up to the Pemda, and the Pemda answers."""
    await import_sample_roster(bot.services.org)
    users = await registered(
        bot.services.org, fake, DADANG_ANGGOTA_SUKAMAJU, EUIS_KETUA_SUKAMAJU, DEDI_ADMIN
    )
    dadang, euis, dedi = (
        users[DADANG_ANGGOTA_SUKAMAJU],
        users[EUIS_KETUA_SUKAMAJU],
        users[DEDI_ADMIN],
    )
    set_clock(bot, MONDAY_9)
    number = await report(fake, dadang, "Arsip kependudukan menumpuk di gudang.")
    await said(fake, dedi, "belum memiliki Agen Perubahan")
    await fake.send_message(dedi, "/masalah")
    counts = await said(fake, dedi, "Masalah per unit")
    assert "Kecamatan Sukamaju: 1 terbuka (1 baru)" in counts.text
    assert "Arsip" not in counts.text
    query = await fake.press_forged_button(dedi, counts, f"pm:1:v:{await problem_id(bot, number)}")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Anda tidak berwenang membuka atau menindaklanjuti laporan ini."

    await write_solutions(
        fake, euis, await said(fake, euis, number), ["Digitalisasi arsip bertahap."]
    )
    await fake.press_button(
        euis, fake.last_message_to(euis), text="➡️ Langsung ke Kepala Perangkat Daerah"
    )
    sent = await fake.wait_for_edit(euis, lambda m: "dieskalasi" in m.text)
    assert "Kepala Perangkat Daerah unit ini belum terdaftar di bot" in sent.text
    missing = await said(fake, dedi, f"Eskalasi masalah {number}")
    assert "Kepala Perangkat Daerah unit tersebut belum terdaftar di bot" in missing.text
    assert "Pemda tidak menjawab menggantikannya" in missing.text
    assert "Arsip" not in missing.text
    assert missing.button_texts == []
    escalations = bot.services.problems.escalations
    waiting = await escalations.latest_escalation(await problem_id(bot, number))
    assert waiting is not None
    query = await fake.press_forged_button(dedi, missing, f"es:1:w:{waiting.id}:0")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Anda tidak berwenang membuka atau menindaklanjuti laporan ini."

    # The head registers; the next reminder (3 working days on) brings him the card.
    asep = (await registered(bot.services.org, fake, ASEP_KEPALA_SUKAMAJU))[ASEP_KEPALA_SUKAMAJU]
    bot.services.clock.advance(timedelta(days=3, minutes=30))
    assert await run_sla(bot) == 1
    card = await said(fake, asep, f"Eskalasi masalah {number}")
    assert "Arsip kependudukan menumpuk di gudang." in card.text
    await answer_prompt(
        fake,
        asep,
        card,
        "📝 Teruskan dengan catatan",
        "Tulis catatan Anda untuk Pemda",
        "Perlu anggaran pemindaian di luar DPA kecamatan.",
    )
    await said(fake, asep, f"Eskalasi {number} diteruskan")

    at_pemda = await said(fake, dedi, f"Eskalasi masalah {number}")
    assert "Arsip kependudukan menumpuk di gudang." in at_pemda.text
    assert "Perlu anggaran pemindaian di luar DPA kecamatan." in at_pemda.text
    await fake.send_message(dedi, "/masalah")
    listed = await said(fake, dedi, "Menunggu arahan Anda")
    assert f"{number} · Kecamatan Sukamaju" in listed.text
    await fake.press_button(dedi, listed, text=f"{number} · ⬆️ Dieskalasi")
    opened = await said(fake, dedi, f"📋 {number}")
    assert "Arsip kependudukan menumpuk di gudang." in opened.text
    assert "✍️ Tulis arahan" in opened.button_texts
    await answer_prompt(
        fake, dedi, opened, "✍️ Tulis arahan", "Tulis arahan Anda", "Ajukan anggaran pemindaian."
    )
    assert "Ajukan anggaran pemindaian." in (await said(fake, euis, "Tanggapan pimpinan")).text
    assert "Ajukan anggaran pemindaian." in (await said(fake, dadang, "Tanggapan pimpinan")).text
