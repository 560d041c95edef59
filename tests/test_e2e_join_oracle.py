"""Onboarding without an oracle (attack 5 of the privacy review): a typed NIP never yields a
name or a unit, every attempt counts, and one NIP brings the leaders one notice."""

from __future__ import annotations

from bot.emulator import FakeBotApi
from tests.conftest import RunningBot
from tests.org_fixtures import (
    BUDI_ANGGOTA_KOMINFO,
    FITRI_KETUA_KOMINFO,
    KOMINFO,
    import_sample_roster,
    registered,
)
from tests.problem_helpers import MAYA_ANGGOTA_KOMINFO
from tests.problem_helpers import NURUL_ANGGOTA_KOMINFO as NURUL

KOMINFO_UNREGISTERED = (
    NURUL,
    MAYA_ANGGOTA_KOMINFO,
    "198704112011012009",  # Lestari
    "198907052014021003",  # Andi
    "197206181998031006",  # Hendra
)
UNKNOWN = "19991231 202001 1 001"


async def test_a_typed_nip_reveals_nothing_and_attempts_are_limited(
    bot: RunningBot, fake: FakeBotApi
) -> None:
    org = bot.services.org
    await import_sample_roster(org)
    users = await registered(org, fake, FITRI_KETUA_KOMINFO, BUDI_ANGGOTA_KOMINFO)
    fitri = users[FITRI_KETUA_KOMINFO]

    # The same answer for a known NIP, an unknown one and one already taken (Budi's).
    answers = []
    for nip in (NURUL, UNKNOWN, BUDI_ANGGOTA_KOMINFO):
        stranger = fake.make_user("Penasaran")
        answers.append((await bot.ask(stranger, nip)).text)
    assert len(set(answers)) == 1
    assert "jika NIP terdaftar" in answers[0]
    for secret in ("Nurul", "Hidayah", KOMINFO, "Kominfo", "Budi", "terhubung"):
        assert secret not in answers[0]
    notices = [m for m in fake.messages_to(fitri) if "Permintaan bergabung" in m.text]
    assert len(notices) == 1  # Nurul's: the leaders do see who is asked for

    # Other accounts asking for Nurul again are merged into that one notice.
    for name in ("Kedua", "Ketiga"):
        await bot.ask(fake.make_user(name), NURUL)
    notices = [m for m in fake.messages_to(fitri) if "Permintaan bergabung" in m.text]
    assert len(notices) == 1

    # One account: every attempt counts (known NIPs too), five a day.
    collector = fake.make_user("Pengumpul")
    replies = [(await bot.ask(collector, nip)).text for nip in KOMINFO_UNREGISTERED]
    replies.append((await bot.ask(collector, UNKNOWN)).text)
    replies.append((await bot.ask(collector, "19800101 200501 1 002")).text)
    assert replies[:5] == [answers[0]] * 5
    assert replies[5:] == ["Terlalu banyak percobaan NIP hari ini. Silakan coba lagi besok."] * 2
    notices = [m for m in fake.messages_to(fitri) if "Permintaan bergabung" in m.text]
    assert len(notices) <= 5  # was 7 before: one per attempt, without a limit
