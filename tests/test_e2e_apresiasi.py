"""End to end: /apresiasi finds a colleague by a misspelt name and tells them; the daily
limit, self-appreciation and colleagues of other units are refused; the month's Role Model
candidates appear in /laporan without the appreciators."""

from __future__ import annotations

import io
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from bot.emulator import FakeBotApi, FakeUser, SentMessage
from tests.buttons import forged, tap
from tests.conftest import RunningBot, set_now, wib
from tests.org_fixtures import (
    ANDI_SEKRETARIS_KOMINFO,
    BUDI_ANGGOTA_KOMINFO,
    DADANG_ANGGOTA_SUKAMAJU,
    FITRI_KETUA_KOMINFO,
    RIZKY_AGEN_KOMINFO,
    import_sample_roster,
    registered,
)

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = date(2026, 11, 23)
MAYA_KOMINFO = "199206142017032004"
NURUL_KOMINFO = "199408172019032011"
STALE = "Tombol ini sudah tidak berlaku. Silakan ketik perintahnya lagi."


def is_appreciation(message: SentMessage) -> bool:
    return message.text.startswith("🌟 Apresiasi untuk Anda")


@pytest.fixture
async def kominfo(bot: RunningBot, fake: FakeBotApi) -> dict[str, FakeUser]:
    await import_sample_roster(bot.services.org)
    users = await registered(bot.services.org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO,
                             RIZKY_AGEN_KOMINFO, ANDI_SEKRETARIS_KOMINFO, MAYA_KOMINFO,
                             DADANG_ANGGOTA_SUKAMAJU)  # fmt: skip
    set_now(bot, wib(MONDAY, 10))
    return users


async def appreciate(
    bot: RunningBot,
    giver: FakeUser,
    name: str,
    pick: str,
    value: str,
    sentence: str,
    send: str = "📨 Kirim dengan nama saya",
) -> SentMessage:
    """The whole flow in the fewest steps; the final message (edited in place)."""
    fake = bot.fake
    choice = await bot.ask(giver, f"/apresiasi {name}")
    _, step = await tap(fake, giver, choice, pick)
    await tap(fake, giver, step, value)
    preview = await bot.ask(giver, sentence)
    _, done = await tap(fake, giver, preview, send)
    return done


async def test_misspelt_name_reaches_the_colleague(
    bot: RunningBot, fake: FakeBotApi, kominfo: dict[str, FakeUser]
) -> None:
    fitri, budi = kominfo[FITRI_KETUA_KOMINFO], kominfo[BUDI_ANGGOTA_KOMINFO]
    ask = await bot.ask(fitri, "/apresiasi")
    assert "Siapa rekan satu unit yang ingin Anda apresiasi?" in ask.text
    nothing = await bot.ask(fitri, "Xyzzy Qwerty")
    assert "Tidak ada rekan terdaftar di unit Anda yang namanya mirip “Xyzzy Qwerty”" in (
        nothing.text
    )
    # Still waiting for a name: a misspelt one finds Budi Santoso.
    choice = await bot.ask(fitri, "Budi Santso")
    assert choice.text == "Rekan yang mana?"
    assert choice.button_texts == ["Budi Santoso", "✖️ Batal"]
    _, step = await tap(fake, fitri, choice, "Budi Santoso")
    assert "Apresiasi untuk Budi Santoso." in step.text
    assert "Kolaboratif" in step.button_texts
    assert len(step.button_texts) == 7 + 1  # the values of BerAKHLAK, and Batal
    _, step = await tap(fake, fitri, step, "Kolaboratif")
    assert "Tulis satu kalimat" in step.text
    # Bad input is answered in Indonesian and the prompt keeps waiting.
    await fake.send_sticker(fitri)
    assert (await fake.wait_for_message(fitri)).text == "Silakan ketik dengan teks biasa."
    too_long = await bot.ask(fitri, "Luar biasa " * 30)
    assert too_long.text.startswith("Kalimatnya 329 karakter; paling banyak 200.")
    short = await bot.ask(fitri, "ok")
    assert short.text.startswith("Tulis satu kalimat dengan kata-kata")
    preview = await bot.ask(fitri, "Terima kasih sudah membantu <b>tim</b> menyiapkan data.")
    assert "Nilai: Kolaboratif" in preview.text
    assert "<b>tim</b>" in preview.text  # shown as typed, not as HTML
    _, done = await tap(fake, fitri, preview, "📨 Kirim dengan nama saya")
    assert done.text == "✅ Apresiasi terkirim ke Budi Santoso.\nSisa apresiasi hari ini: 2."
    told = await fake.wait_for_message(budi, is_appreciation)
    assert "Dari Fitri Handayani, S.Kom., M.T., untuk nilai Kolaboratif:" in told.text
    assert "“Terima kasih sudah membantu <b>tim</b> menyiapkan data.”" in told.text

    # Anonymously: Budi learns the value and the sentence, not who.
    rizky = kominfo[RIZKY_AGEN_KOMINFO]
    done = await appreciate(bot, rizky, "budy", "Budi Santoso", "Kompeten",
                            "Penjelasanmu tentang aplikasi baru sangat jelas.",
                            "🙈 Kirim tanpa nama")  # fmt: skip
    assert done.text.startswith("✅ Apresiasi tanpa nama terkirim ke Budi Santoso.")
    told = await fake.wait_for_message(budi, is_appreciation)
    assert "Dari seorang rekan di unit Anda, untuk nilai Kompeten" in told.text
    assert "Rizky" not in told.text
    stored = await bot.services.db.fetchall(
        "SELECT anonymous, delivered FROM appreciations ORDER BY id"
    )
    assert [tuple(row) for row in stored] == [(0, 1), (1, 1)]

    # A name ending in a title's full stop gets no second one: "S.T.", never "S.T..".
    done = await appreciate(bot, budi, "rizky", "Rizky Ramadhan, S.T.", "Kompeten",
                            "Terima kasih sudah memperbaiki jaringan kantor.")  # fmt: skip
    assert done.text.startswith("✅ Apresiasi terkirim ke Rizky Ramadhan, S.T.\n")
    assert ".." not in done.text


async def test_daily_limit_self_and_other_units_are_refused(
    bot: RunningBot, fake: FakeBotApi, kominfo: dict[str, FakeUser]
) -> None:
    fitri = kominfo[FITRI_KETUA_KOMINFO]
    # Herself, by name: refused, and the prompt waits for another name.
    own = await bot.ask(fitri, "/apresiasi Fitri Handayani")
    assert own.text.startswith("Apresiasi untuk diri sendiri tidak bisa dikirim.")
    # Nor by a forged button with her own id, or with a colleague of another unit.
    me = await bot.services.org.person_by_nip(FITRI_KETUA_KOMINFO)
    dadang = await bot.services.org.person_by_nip(DADANG_ANGGOTA_SUKAMAJU)
    assert me is not None
    assert dadang is not None
    fitri_id = me.id
    answer = await forged(fake, fitri, own, f"ap:1:c:{fitri_id}")
    assert answer.text is not None
    assert answer.text.startswith("Apresiasi untuk diri sendiri tidak bisa dikirim.")
    answer = await forged(fake, fitri, own, f"ap:1:v:{dadang.id}.0")
    assert answer.text is not None
    assert answer.text.startswith("Rekan itu tidak bisa menerima apresiasi")
    # Dadang's name is not even offered: only her unit is searched.
    other = await bot.ask(fitri, "Dadang Supriatna")
    assert other.text.startswith("Tidak ada rekan terdaftar di unit Anda")
    # Nor Nurul, of her unit but not registered with the bot.
    other = await bot.ask(fitri, "Nurul Hidayah")
    assert other.text.startswith("Tidak ada rekan terdaftar di unit Anda")

    sentences = ("Rapi sekali laporannya.", "Selalu datang tepat waktu.", "Sabar melayani warga.")
    for name, sentence in zip(("budi", "rizky", "andi"), sentences, strict=True):
        pick = {"budi": "Budi Santoso", "rizky": "Rizky Ramadhan, S.T.",
                "andi": "Andi Pratama, S.Kom."}[name]  # fmt: skip
        done = await appreciate(bot, fitri, name, pick, "Akuntabel", sentence)
    assert done.text.endswith("Itu apresiasi terakhir hari ini.")
    # A fourth today is refused, by the command and by an old button alike.
    limit = await bot.ask(fitri, "/apresiasi maya")
    assert limit.text.startswith("Anda sudah memberi 3 apresiasi hari ini")
    maya = await bot.services.org.person_by_nip(MAYA_KOMINFO)
    assert maya is not None
    answer = await forged(fake, fitri, limit, f"ap:1:c:{maya.id}")
    assert answer.text is not None
    assert answer.text.startswith("Anda sudah memberi 3 apresiasi hari ini")
    assert await bot.services.appreciations.given_on(fitri_id, MONDAY) == 3
    # The limit counts per local day: tomorrow she may again.
    set_now(bot, wib(MONDAY + timedelta(days=1), 8))
    choice = await bot.ask(fitri, "/apresiasi maya sari")
    assert choice.button_texts == ["Maya Sari, S.Sos.", "✖️ Batal"]
    _, cancelled = await tap(fake, fitri, choice, "✖️ Batal")
    assert cancelled.text == "Apresiasi dibatalkan."
    # A send button whose draft is gone is stale.
    answer = await forged(fake, fitri, cancelled, f"ap:1:s:{maya.id}.0.n")
    assert answer.text == STALE


async def test_monthly_role_model_candidates_in_laporan(
    bot: RunningBot, fake: FakeBotApi, kominfo: dict[str, FakeUser]
) -> None:
    fitri = kominfo[FITRI_KETUA_KOMINFO]
    # Budi: appreciated for Kolaboratif by three colleagues (one anonymously) -> candidate.
    for giver, send in ((FITRI_KETUA_KOMINFO, "📨 Kirim dengan nama saya"),
                        (RIZKY_AGEN_KOMINFO, "🙈 Kirim tanpa nama"),
                        (ANDI_SEKRETARIS_KOMINFO, "📨 Kirim dengan nama saya")):  # fmt: skip
        await appreciate(bot, kominfo[giver], "Budi Santso", "Budi Santoso", "Kolaboratif",
                         "Selalu siap membantu pekerjaan tim.", send)  # fmt: skip
    # Maya: twice by Fitri and once by Rizky, two distinct appreciators -> not a candidate.
    for giver in (FITRI_KETUA_KOMINFO, FITRI_KETUA_KOMINFO, RIZKY_AGEN_KOMINFO):
        await appreciate(bot, kominfo[giver], "maya", "Maya Sari, S.Sos.", "Kolaboratif",
                         "Terima kasih atas kerja samanya.")  # fmt: skip

    await fake.send_message(fitri, "/laporan bulan ini")
    report = await fake.wait_for_message(fitri, lambda m: "Kandidat Role Model" in m.text)
    section = report.text[report.text.index("Kandidat Role Model") :]
    assert "November 2026:" in section
    assert "• Kolaboratif: Budi Santoso (3 rekan, 3 apresiasi)" in section
    assert "Maya" not in section
    for appreciator in ("Rizky", "Andi", "Fitri"):
        assert appreciator not in section
    chart = await fake.wait_for_message(fitri, lambda m: m.kind == "photo")
    query = await fake.press_button(fitri, chart, text="📊 Unduh Excel")
    await fake.wait_for_callback_answer(query)
    document = await fake.wait_for_message(fitri, lambda m: m.document is not None)
    assert document.document is not None
    rows = list(load_workbook(io.BytesIO(document.document.data))["Role Model"].iter_rows(
        values_only=True))  # fmt: skip
    assert rows == [
        ("Bulan", "Nilai", "Kandidat", "Rekan yang mengapresiasi", "Jumlah apresiasi"),
        ("November 2026", "Kolaboratif", "Budi Santoso", 3, 3),
    ]
    # December starts afresh; /laporan of that month has no candidate yet.
    set_now(bot, wib(date(2026, 12, 1), 10))
    await fake.send_message(fitri, "/laporan bulan ini")
    december = await fake.wait_for_message(fitri, lambda m: "Kandidat Role Model" in m.text)
    assert "Desember 2026: belum ada kandidat" in december.text
