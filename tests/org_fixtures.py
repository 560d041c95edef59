"""The sample roster (content/roster_contoh.csv) and the people tests refer to by name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.emulator import FakeBotApi, FakeUser
from bot.org.roster import parse_roster
from bot.storage import OrgRepository

SAMPLE_ROSTER = Path(__file__).parents[1] / "content" / "roster_contoh.csv"

KOMINFO = "Dinas Komunikasi dan Informatika"
SUKAMAJU = "Kecamatan Sukamaju"
FITRI_KETUA_KOMINFO = "198301222009022008"
"""Fitri Handayani, S.Kom., M.T.: Ketua KBK and Agen Perubahan of Kominfo."""
BUDI_ANGGOTA_KOMINFO = "197803252006041010"
"""Budi Santoso: anggota of Kominfo."""
RIZKY_AGEN_KOMINFO = "199502282021031001"
ANDI_SEKRETARIS_KOMINFO = "198907052014021003"
EUIS_KETUA_SUKAMAJU = "198005092005012009"
DADANG_ANGGOTA_SUKAMAJU = "197909232007011008"
DEDI_ADMIN = "199108242019031007"
"""Dedi Kurniawan, S.Kom.: the Pemda admin (Bagian Organisasi)."""


async def import_sample_roster(org: OrgRepository) -> None:
    parsed = parse_roster(SAMPLE_ROSTER.read_text(encoding="utf-8-sig"))
    assert parsed.ok, parsed.problems
    await org.import_roster(parsed.entries, datetime(2026, 11, 1, tzinfo=UTC))


async def registered(org: OrgRepository, fake: FakeBotApi, *nips: str) -> dict[str, FakeUser]:
    """Bind a fake Telegram user to each NIP, as if they had used their invite; the users
    have started the bot, so it may write to them first (reminders, notifications)."""
    users = {}
    for nip in nips:
        person = await org.person_by_nip(nip)
        assert person is not None, nip
        user = fake.make_user(person.name.split(",")[0].split()[0], started=True)
        await org.bind_telegram(person.id, user.id, datetime(2026, 11, 2, tzinfo=UTC))
        users[nip] = user
    return users
