"""End to end: invite links, join requests, permissions, /profil, /unit, /namakbk."""

from __future__ import annotations

import asyncio
import csv
import itertools
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.cli import main
from bot.emulator import FakeBotApi, FakeUser
from bot.org.models import Person
from bot.storage.onboarding import AuditLog
from tests.conftest import RunningBot
from tests.engines import point_cli_at
from tests.org_fixtures import (
    ANDI_SEKRETARIS_KOMINFO,
    BUDI_ANGGOTA_KOMINFO,
    DADANG_ANGGOTA_SUKAMAJU,
    DEDI_ADMIN,
    FITRI_KETUA_KOMINFO,
    KOMINFO,
    import_sample_roster,
)


@pytest.fixture
async def org_bot(bot: RunningBot) -> RunningBot:
    await import_sample_roster(bot.services.org)
    return bot


_FILE_NUMBERS = itertools.count()


async def invite_codes(
    bot: RunningBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> dict[str, str]:
    """Run `budaya-bot invite ...` as the operator would; NIP (spaced) -> start code."""
    settings = bot.services.settings
    point_cli_at(monkeypatch, settings)
    monkeypatch.setenv("BOT_USERNAME", "budaya_test_bot")
    out = tmp_path / f"undangan-{next(_FILE_NUMBERS)}.csv"
    code = await asyncio.to_thread(main, ["invite", *args, "--out", str(out)])
    assert code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    codes = {}
    for row in rows:
        url = urlsplit(row["tautan"])
        assert (url.scheme, url.netloc, url.path) == ("https", "t.me", "/budaya_test_bot")
        (start,) = parse_qs(url.query)["start"]
        assert len(start) >= 22  # at least 128 bits, URL-safe
        codes[row["nip"].replace(" ", "")] = start
    return codes


async def register(
    bot: RunningBot, fake: FakeBotApi, code: str, first_name: str
) -> tuple[FakeUser, str]:
    user = fake.make_user(first_name)
    reply = await bot.ask(user, f"/start {code}")
    return user, reply.text


async def person(bot: RunningBot, nip: str) -> Person:
    found = await bot.services.org.person_by_nip(nip)
    assert found is not None
    return found


async def test_invite_link_registers_a_person(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--unit", KOMINFO)
    assert len(codes) == 8  # everyone of the unit, none registered yet
    budi, text = await register(org_bot, fake, codes[BUDI_ANGGOTA_KOMINFO], "Budi")
    assert "Pendaftaran berhasil! Selamat datang, Budi Santoso." in text
    assert f"Unit: {KOMINFO}" in text
    assert "Peran: Anggota KBK" in text
    assert (await person(org_bot, BUDI_ANGGOTA_KOMINFO)).telegram_user_id == budi.id
    # The menu of Budi's chat now offers what a registered member may use, no more.
    menu = [name for name, _ in fake.commands(f"chat:{budi.id}")]
    assert menu[:3] == ["start", "bantuan", "nilai"]
    assert {"profil", "checkin", "riwayat"} <= set(menu)
    assert not {"unit", "namakbk"} & set(menu)  # the Pemda's and the KBK heads'
    # /profil: his data with the NIP masked, and his unit's Agen Perubahan.
    profile = await org_bot.ask(budi, "/profil")
    assert "Nama: Budi Santoso" in profile.text
    assert "NIP: 1978**** ****** * 010" in profile.text
    assert BUDI_ANGGOTA_KOMINFO not in profile.text
    assert "Fitri Handayani" in profile.text
    assert "Rizky Ramadhan" in profile.text


async def test_a_code_works_once(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--nip", BUDI_ANGGOTA_KOMINFO)
    code = codes[BUDI_ANGGOTA_KOMINFO]
    budi, _ = await register(org_bot, fake, code, "Budi")
    # The same link again from Budi's own account: a friendly "already registered".
    again = await org_bot.ask(budi, f"/start {code}")
    assert "Anda sudah terdaftar" in again.text
    # From someone else's account: refused and logged.
    mallory, text = await register(org_bot, fake, code, "Mallory")
    assert "Kode undangan ini sudah dipakai" in text
    assert (await person(org_bot, BUDI_ANGGOTA_KOMINFO)).telegram_user_id == budi.id
    audit = AuditLog(org_bot.services.db)
    assert "invite_used" in await audit.events(mallory.id)


async def test_unknown_and_expired_codes(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, text = await register(org_bot, fake, "bukan-kode-yang-benar", "Eve")
    assert "Kode undangan ini tidak dikenal" in text
    codes = await invite_codes(
        org_bot, tmp_path, monkeypatch, "--nip", BUDI_ANGGOTA_KOMINFO, "--days", "3"
    )
    org_bot.services.clock.advance(timedelta(days=3, minutes=1))
    _, text = await register(org_bot, fake, codes[BUDI_ANGGOTA_KOMINFO], "Budi")
    assert "Kode undangan ini sudah kedaluwarsa" in text
    assert not (await person(org_bot, BUDI_ANGGOTA_KOMINFO)).registered


async def test_a_new_invite_replaces_the_old_one(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = await invite_codes(org_bot, tmp_path, monkeypatch, "--nip", BUDI_ANGGOTA_KOMINFO)
    second = await invite_codes(org_bot, tmp_path, monkeypatch, "--nip", BUDI_ANGGOTA_KOMINFO)
    _, text = await register(org_bot, fake, first[BUDI_ANGGOTA_KOMINFO], "Budi")
    assert "kedaluwarsa" in text
    _, text = await register(org_bot, fake, second[BUDI_ANGGOTA_KOMINFO], "Budi")
    assert "Pendaftaran berhasil" in text


async def test_one_account_one_person(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--unit", KOMINFO)
    budi, _ = await register(org_bot, fake, codes[BUDI_ANGGOTA_KOMINFO], "Budi")
    text = (await org_bot.ask(budi, f"/start {codes[FITRI_KETUA_KOMINFO]}")).text
    assert "Akun Telegram ini sudah terdaftar atas nama Budi Santoso" in text
    assert not (await person(org_bot, FITRI_KETUA_KOMINFO)).registered


async def test_unregistered_user_is_refused_leader_commands(
    org_bot: RunningBot, fake: FakeBotApi
) -> None:
    stranger = fake.make_user("Stranger")
    for command in ("/unit", "/namakbk KBK Hebat", "/profil"):
        reply = await org_bot.ask(stranger, command)
        assert reply.text.startswith("Perintah ini hanya untuk pegawai yang sudah terdaftar")
    help_text = (await org_bot.ask(stranger, "/bantuan")).text
    assert "/unit" not in help_text
    assert "/profil" not in help_text
    events = await AuditLog(org_bot.services.db).events(stranger.id)
    assert events.count("command_refused") == 3


async def test_foreign_and_malformed_nip(org_bot: RunningBot, fake: FakeBotApi) -> None:
    stranger = fake.make_user("Stranger")
    welcome = await org_bot.ask(stranger, "/start")
    assert "kirim <b>NIP</b> Anda" in welcome.html
    reply = await org_bot.ask(stranger, "19991231 202001 1 001")
    assert "Permintaan dikirim ke pengurus KBK unit tersebut, jika NIP terdaftar" in reply.text
    reply = await org_bot.ask(stranger, "1978032520060410")
    assert reply.text.startswith("NIP tidak valid: ")
    assert "18 angka" in reply.text
    assert "nip_unknown" in await AuditLog(org_bot.services.db).events(stranger.id)


async def test_guessing_nips_is_limited(org_bot: RunningBot, fake: FakeBotApi) -> None:
    guesser = fake.make_user("Guesser")
    for day in range(10, 15):  # five valid-looking NIPs that are not in the roster
        reply = await org_bot.ask(guesser, f"199012{day} 201501 1 001")
        assert "jika NIP terdaftar" in reply.text
    reply = await org_bot.ask(guesser, BUDI_ANGGOTA_KOMINFO)
    assert reply.text == "Terlalu banyak percobaan NIP hari ini. Silakan coba lagi besok."
    org_bot.services.clock.advance(timedelta(days=1, minutes=1))
    reply = await org_bot.ask(guesser, BUDI_ANGGOTA_KOMINFO)
    assert "jika NIP terdaftar" in reply.text  # a new day, a new try


async def _register_fitri(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> FakeUser:
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--nip", FITRI_KETUA_KOMINFO)
    fitri, text = await register(org_bot, fake, codes[FITRI_KETUA_KOMINFO], "Fitri")
    assert "Ketua KBK, Agen Perubahan" in text
    return fitri


async def test_join_request_approved_by_the_ketua(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitri = await _register_fitri(org_bot, fake, tmp_path, monkeypatch)
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--nip", ANDI_SEKRETARIS_KOMINFO)
    andi, _ = await register(org_bot, fake, codes[ANDI_SEKRETARIS_KOMINFO], "Andi")
    newcomer = fake.make_user("Budi", "budi_s")
    reply = await org_bot.ask(newcomer, "19780325 200604 1 010")
    assert "jika NIP terdaftar" in reply.text
    assert "Budi" not in reply.text  # no name for a typed NIP before the leaders approve
    request = await fake.wait_for_message(fitri)
    assert "Akun Telegram Budi (@budi_s) mengaku sebagai Budi Santoso" in request.text
    assert "1978**** ****** * 010" in request.text
    assert request.button_texts == ["✅ Setujui", "❌ Tolak"]
    # Asking twice does not spam the Ketua: one notice for one NIP.
    again = await org_bot.ask(newcomer, BUDI_ANGGOTA_KOMINFO)
    assert again.text == reply.text

    query = await fake.press_button(fitri, request, text="✅ Setujui")
    await fake.wait_for_callback_answer(query)
    decided = await fake.wait_for_edit(fitri, message_id=request.message_id)
    assert decided.text.endswith("✅ Disetujui oleh Fitri Handayani, S.Kom., M.T.")
    assert decided.button_texts == []
    welcome = await fake.wait_for_message(newcomer)
    assert "Pendaftaran berhasil! Selamat datang, Budi Santoso." in welcome.text
    assert (await person(org_bot, BUDI_ANGGOTA_KOMINFO)).telegram_user_id == newcomer.id
    # The Sekretaris got the same request; tapping it now finds it decided.
    copy = await fake.wait_for_message(andi)
    assert "mengaku sebagai Budi Santoso" in copy.text
    query = await fake.press_button(andi, copy, text="❌ Tolak")
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Permintaan ini sudah diputuskan sebelumnya."
    assert (await person(org_bot, BUDI_ANGGOTA_KOMINFO)).telegram_user_id == newcomer.id


async def test_join_request_rejected(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitri = await _register_fitri(org_bot, fake, tmp_path, monkeypatch)
    impostor = fake.make_user("Impostor")
    await org_bot.ask(impostor, BUDI_ANGGOTA_KOMINFO)
    request = await fake.wait_for_message(fitri)
    await fake.press_button(fitri, request, text="❌ Tolak")
    assert "Ditolak oleh Fitri" in (await fake.wait_for_edit(fitri)).text
    told = await fake.wait_for_message(impostor)
    assert "permintaan bergabung Anda ditolak" in told.text
    assert not (await person(org_bot, BUDI_ANGGOTA_KOMINFO)).registered


async def test_forged_join_button_from_another_unit_is_refused(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitri = await _register_fitri(org_bot, fake, tmp_path, monkeypatch)
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--nip", DADANG_ANGGOTA_SUKAMAJU)
    dadang, _ = await register(org_bot, fake, codes[DADANG_ANGGOTA_SUKAMAJU], "Dadang")
    newcomer = fake.make_user("Budi")
    await org_bot.ask(newcomer, BUDI_ANGGOTA_KOMINFO)
    request = await fake.wait_for_message(fitri)
    (approve, _reject) = request.callback_data
    # Dadang (another unit, no leader) forges Fitri's button into his own chat.
    own = await org_bot.ask(dadang, "/nilai")
    query = await fake.press_forged_button(dadang, own, approve)
    answer = await fake.wait_for_callback_answer(query)
    assert answer.text == "Anda tidak berwenang memutuskan permintaan ini."
    assert not (await person(org_bot, BUDI_ANGGOTA_KOMINFO)).registered
    assert "forged_callback" in await AuditLog(org_bot.services.db).events(dadang.id)


async def test_unit_without_registered_leaders(org_bot: RunningBot, fake: FakeBotApi) -> None:
    newcomer = fake.make_user("Dadang")
    reply = await org_bot.ask(newcomer, DADANG_ANGGOTA_SUKAMAJU)
    assert "jika NIP terdaftar" in reply.text  # nobody to ask: the same words


async def test_pemda_admin_sees_units_members_do_not(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--all")
    assert len(codes) == 40
    dedi, _ = await register(org_bot, fake, codes[DEDI_ADMIN], "Dedi")
    budi, _ = await register(org_bot, fake, codes[BUDI_ANGGOTA_KOMINFO], "Budi")
    assert "unit" in [name for name, _ in fake.commands(f"chat:{dedi.id}")]
    table = await org_bot.ask(dedi, "/unit")
    assert "5 unit, 40 pegawai, 2 terdaftar" in table.text
    assert f"{KOMINFO} — KBK {KOMINFO}" in table.text
    assert "8 anggota · 1 terdaftar (12%) · 0 tidak terjangkau" in table.text
    refused = await org_bot.ask(budi, "/unit")
    assert refused.text == "Perintah ini hanya untuk pengurus KBK dan Admin Pemda."
    # Personal data stays out of group chats.
    group = fake.make_group("Grup Kominfo")
    await fake.send_message(dedi, "/unit", chat=group)
    in_group = await fake.wait_for_message(group)
    assert "hanya bisa dipakai di chat pribadi" in in_group.text


async def test_ketua_names_the_kbk(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--unit", KOMINFO)
    fitri, _ = await register(org_bot, fake, codes[FITRI_KETUA_KOMINFO], "Fitri")
    budi, _ = await register(org_bot, fake, codes[BUDI_ANGGOTA_KOMINFO], "Budi")
    current = await org_bot.ask(fitri, "/namakbk")
    assert "belum punya nama sendiri" in current.text
    done = await org_bot.ask(fitri, "/namakbk KBK Kominfo <Juara>")
    assert done.text == f"Nama KBK {KOMINFO} sekarang: KBK Kominfo <Juara>."
    profile = await org_bot.ask(budi, "/profil")
    assert "KBK: KBK Kominfo <Juara>" in profile.text
    refused = await org_bot.ask(budi, "/namakbk KBK Budi")
    assert refused.text == "Perintah ini hanya untuk Penanggung jawab dan Ketua KBK."
    too_long = await org_bot.ask(fitri, "/namakbk " + "x" * 150)
    assert "terlalu panjang" in too_long.text
    cleared = await org_bot.ask(fitri, "/namakbk hapus")
    assert cleared.text == f"Nama KBK {KOMINFO} sekarang: KBK {KOMINFO}."


async def test_menu_follows_a_role_change(
    org_bot: RunningBot, fake: FakeBotApi, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = await invite_codes(org_bot, tmp_path, monkeypatch, "--nip", BUDI_ANGGOTA_KOMINFO)
    budi, _ = await register(org_bot, fake, codes[BUDI_ANGGOTA_KOMINFO], "Budi")
    # The roster is re-imported without Budi: he is deactivated, his menu shrinks back.
    from bot.org.roster import parse_roster
    from tests.org_fixtures import SAMPLE_ROSTER

    lines = SAMPLE_ROSTER.read_text(encoding="utf-8-sig").splitlines()
    parsed = parse_roster("\n".join(line for line in lines if "197803252006041010" not in line))
    await org_bot.services.org.import_roster(parsed.entries, org_bot.services.clock.now())
    reply = await org_bot.ask(budi, "/profil")
    assert reply.text.startswith("Perintah ini hanya untuk pegawai yang sudah terdaftar")
    assert fake.commands(f"chat:{budi.id}") == []  # back to the default menu
