"""Erasure that erases, and /dataku with only the person's own identifiers (attack 6 of the
privacy review)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.activities.models import ActivityKind, InnovationStatus, NewActivity
from bot.emulator import FakeBotApi
from bot.privacy import ERASED_PROPOSAL, ERASED_REPORT
from bot.storage.problems import ProblemRepository
from tests.conftest import RunningBot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import MAYA_ANGGOTA_KOMINFO, MONDAY_9, report, said, set_clock
from tests.report_fixtures import add_checkin

NOTE = "catatan-rahasia-budi"
REPORT = "laporan-rahasia-budi"
REPLY = "pesan-rahasia-budi"
SENTENCE = "apresiasi-rahasia-budi"
TAKEAWAY = "kesan-rahasia-budi"
PROPOSAL = "usulan-inovasi-rahasia-budi"
STAMP = "2026-11-02T02:00:00Z"


def _files_hold(bot: RunningBot, text: str) -> list[str]:
    """Which of the database's files (main, WAL) contain ``text`` right now (SQLite; a
    PostgreSQL server's files are its own)."""
    path = bot.services.db.path
    if path is None:
        return []
    files = [path, path.with_name(path.name + "-wal")]
    return [f.name for f in files if f.exists() and text.encode() in f.read_bytes()]


async def test_hapusdata_erases_what_i_wrote_from_every_file(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    set_clock(bot, MONDAY_9)
    org, db = bot.services.org, bot.services.db
    await import_sample_roster(org)
    users = await registered(org, fake, BUDI_ANGGOTA_KOMINFO, FITRI_KETUA_KOMINFO)
    budi, fitri = users[BUDI_ANGGOTA_KOMINFO], users[FITRI_KETUA_KOMINFO]
    budi_person = await org.person_by_nip(BUDI_ANGGOTA_KOMINFO)
    fitri_person = await org.person_by_nip(FITRI_KETUA_KOMINFO)
    assert budi_person is not None
    assert fitri_person is not None
    on_file = db.sqlite
    if on_file:
        assert await db.fetchval("PRAGMA secure_delete") == 1

    # What Budi wrote: a check-in note, a problem and a message in its thread, an
    # appreciation sentence, evaluation answers, the takeaway of an activity he attended,
    # an innovation proposal (accepted by Fitri); and his Telegram name was recorded.
    await add_checkin(db, budi_person.id, date(2026, 11, 2), "berakhlak.akuntabel", "sudah")
    await db.execute("UPDATE checkins SET note = ? WHERE person_id = ?", (NOTE, budi_person.id))
    number = await report(fake, budi, REPORT)
    card = await said(fake, fitri, f"Laporan masalah baru {number}")
    await fake.press_button(fitri, card, text="💬 Balas")
    await said(fake, fitri, "Tulis balasan")
    await fake.send_message(fitri, "Di mana?")
    question = await said(fake, budi, f"Pesan tentang laporan {number}")
    await fake.press_button(budi, question, text="💬 Kirim pesan")
    await said(fake, budi, "Tulis pesan Anda")
    await fake.send_message(budi, REPLY)
    await said(fake, budi, "sudah disampaikan")
    await db.execute(
        "INSERT INTO appreciations (person_id, colleague_id, unit_id, value_id, sentence,"
        " anonymous, day, created_at) VALUES (?, ?, ?, 'berakhlak.akuntabel', ?, 0,"
        " '2026-11-02', ?)",
        (budi_person.id, fitri_person.id, budi_person.unit_id, SENTENCE, STAMP),
    )
    async with db.transaction() as tx:
        evaluation = await tx.fetchval(
            'INSERT INTO evaluations (person_id, window_key, unit_id, "leading", started_at)'
            " VALUES (?, '2026-Q4', ?, 0, ?) RETURNING id",
            (budi_person.id, budi_person.unit_id, STAMP),
        )
    await db.execute(
        "INSERT INTO evaluation_answers (evaluation_id, criterion_id, person_id, score,"
        " answered_at) VALUES (?, 'k1', ?, 4, ?)",
        (evaluation, budi_person.id, STAMP),
    )
    activities = bot.services.activities
    activity = await activities.announce(
        budi_person.unit_id,
        NewActivity(ActivityKind.SOSIALISASI, "Nilai Akuntabel", MONDAY_9 + timedelta(hours=2),
                    "Aula"),
        fitri_person.id,
        MONDAY_9,
    )  # fmt: skip
    assert await activities.attend(activity, budi_person.id, MONDAY_9)
    assert await activities.set_takeaway(activity.id, budi_person.id, TAKEAWAY)
    await fake.send_message(budi, f"/inovasi {PROPOSAL}")
    await said(fake, budi, "diteruskan kepada pengurus KBK")
    proposal = await said(fake, fitri, "Usulan inovasi dari Budi")
    await fake.press_button(fitri, proposal, text="👍 Terima")
    await said(fake, budi, "Usulan inovasi Anda")
    await db.checkpoint()
    if on_file:
        assert _files_hold(bot, REPORT)
        assert _files_hold(bot, TAKEAWAY)
        assert _files_hold(bot, PROPOSAL)

    # /dataku shows them, before they are erased.
    await fake.send_message(budi, "/dataku")
    summary = await said(fake, budi, "Data Anda di Budaya Kerja Bot")
    assert "Kegiatan KBK yang Anda hadiri: 1 (1 dengan kesan); usulan inovasi: 1" in summary.text
    exported = await fake.wait_for_message(budi, lambda m: m.document is not None)
    await fake.wait_for_message(budi, lambda m: m.document is not None)  # the CSV
    assert exported.document is not None
    others = json.loads(exported.document.data)["data_lain"]
    assert [row["kesan"] for row in others["kehadiran_kegiatan"]] == [TAKEAWAY]
    assert [row["teks"] for row in others["usulan_inovasi"]] == [PROPOSAL]

    question = await bot.ask(budi, "/hapusdata")
    assert "1 catatan" in question.text
    assert "2 uraian dan pesan laporan masalah Anda" in question.text
    assert "1 kalimat apresiasi" in question.text
    assert "1 jawaban evaluasi" in question.text
    assert "nama dan username Telegram" in question.text
    assert "1 kesan kegiatan yang Anda tulis" in question.text
    assert "teks 1 usulan inovasi Anda" in question.text
    # The rencana aksi evidence is the KBK's official record: kept, and said so.
    assert "Yang tetap disimpan: bukti rencana aksi" in question.text
    query = await fake.press_button(budi, question, text="🗑️ Hapus semua yang tercantum")
    await fake.wait_for_callback_answer(query)
    done = await fake.wait_for_edit(budi, message_id=question.message_id)
    assert done.text.startswith("Selesai. 1 catatan")

    # While the bot runs, neither the database file nor its WAL holds any of it.
    for secret in (NOTE, REPORT, REPLY, SENTENCE, TAKEAWAY, PROPOSAL):
        assert _files_hold(bot, secret) == [], secret
    # The problem stays for the unit (its count, what staff did), its text replaced.
    problem = await ProblemRepository(bot.services.db).by_number(number)
    assert problem is not None
    assert problem.description == ERASED_REPORT
    assert await db.fetchval("SELECT COUNT(*) FROM appreciations") == 1
    assert await db.fetchval("SELECT COUNT(*) FROM evaluation_answers") == 0
    # The activity still counts Budi's attendance; the proposal stays with Fitri's decision.
    assert len(await activities.attendance_times([activity.id])) == 1
    assert await activities.takeaways(activity.id) == []
    (innovation,) = await activities.innovations_of_unit(
        budi_person.unit_id, MONDAY_9 - timedelta(days=1), MONDAY_9 + timedelta(days=1)
    )
    assert (innovation.person_id, innovation.text) == (budi_person.id, ERASED_PROPOSAL)
    assert innovation.status is InnovationStatus.DITERIMA
    # The Telegram name is gone and stays gone when Budi writes again.
    await bot.ask(budi, "/profil")
    account = await bot.services.users.get(budi.id)
    assert account is not None
    assert (account.first_name, account.username) == ("", None)
    assert "Tidak ada catatan" in (await bot.ask(budi, "/hapusdata")).text


async def test_dataku_shows_only_my_own_identifiers(bot: RunningBot, fake: FakeBotApi) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    await registered(org, fake, FITRI_KETUA_KOMINFO)
    impostor = fake.make_user("Penyusup")
    await bot.ask(impostor, MAYA_ANGGOTA_KOMINFO)  # asks to join as Maya
    users = await registered(org, fake, MAYA_ANGGOTA_KOMINFO)  # the real Maya, by invite
    maya = users[MAYA_ANGGOTA_KOMINFO]
    await fake.send_message(maya, "/dataku")
    sent = await fake.wait_for_message(maya, lambda m: m.document is not None)
    assert sent.document is not None
    exported = sent.document.data.decode("utf-8")
    assert str(maya.id) in exported
    assert str(impostor.id) not in exported
    assert json.loads(exported)["permintaan_bergabung"] == []
