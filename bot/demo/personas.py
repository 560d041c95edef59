"""Who the demo lets you be: the people of the sample roster the page offers first."""

from __future__ import annotations

from dataclasses import dataclass

from bot.emulator import FakeUser
from bot.org.models import Person
from bot.texts import demo as texts

BUDI_ASN = "197803252006041010"
RIZKY_AGEN = "199502282021031001"
FITRI_KETUA = "198301222009022008"
HENDRA_KEPALA = "197206181998031006"
DEDI_ADMIN = "199108242019031007"
LESTARI_NEW = "198704112011012009"
"""In the roster, not yet on Telegram: everyone's first experience (invite link or NIP)."""

FEATURED: dict[str, str] = {
    BUDI_ASN: texts.ROLE_ASN,
    RIZKY_AGEN: texts.ROLE_AGEN,
    FITRI_KETUA: texts.ROLE_KETUA,
    HENDRA_KEPALA: texts.ROLE_KEPALA,
    DEDI_ADMIN: texts.ROLE_ADMIN,
    LESTARI_NEW: texts.ROLE_NEW,
}
"""NIP -> role, in the switcher's order: all of the sample Dinas Kominfo but the admin, so
a problem, its escalation and the unit's report can be followed from every side; and a
colleague who has not joined yet."""
NOT_JOINED = frozenset({LESTARI_NEW})
"""Left unbound by the seed: they join in the demo, by their invite link or their NIP."""


@dataclass(frozen=True)
class DemoPerson:
    """A person of the roster with an emulated Telegram user (bound to them, unless they
    have not joined yet: then ``invite`` is the ``/start`` their invite link sends)."""

    person: Person
    user: FakeUser
    role: str
    featured: bool
    invite: str | None = None

    @property
    def hint(self) -> str | None:
        """What the page says in their empty chat: how to join."""
        if self.person.registered:
            return None
        return texts.newcomer_hint(self.person.nip)


def display_name(full_name: str) -> tuple[str, str | None]:
    """First and last name for Telegram from a roster name: no degrees, no honorifics
    (``"Dr. Hendra Gunawan, S.T., M.Kom."`` -> ``("Hendra", "Gunawan")``)."""
    words = [w for w in full_name.split(",")[0].split() if not w.endswith(".")]
    if not words:
        return full_name, None
    return words[0], " ".join(words[1:]) or None


def cast_order(people: list[DemoPerson]) -> list[DemoPerson]:
    """Featured personas first, in :data:`FEATURED` order, then everyone else by name."""
    rank = {nip: index for index, nip in enumerate(FEATURED)}
    return sorted(people, key=lambda p: (rank.get(p.person.nip, len(rank)), p.person.name.lower()))
