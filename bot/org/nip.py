"""The NIP (Nomor Induk Pegawai) of an ASN: validation, masking and what its digits say.

A NIP has 18 digits, officially written in four groups ``19670321 199203 1 008``:

* digits 1-8: date of birth, ``YYYYMMDD``;
* digits 9-14: TMT (start of service as CPNS), ``YYYYMM``;
* digit 15: gender, ``1`` man, ``2`` woman;
* digits 16-18: sequence number, ``001`` upwards.

Pure code; every :class:`NipError` message is Indonesian and may be shown to a user.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

NIP_LENGTH = 18

_SCIENTIFIC = re.compile(r"[0-9]+(?:[.,][0-9]*)?[eE][+-]?[0-9]+")
_DIGITS = re.compile(r"[0-9]+")


class NipError(ValueError):
    """A NIP that cannot be right; ``str(error)`` is an Indonesian sentence for the user."""


class Gender(StrEnum):
    LAKI_LAKI = "laki-laki"
    PEREMPUAN = "perempuan"


def normalize_nip(raw: str) -> str:
    """The 18 digits of ``raw``, or :class:`NipError` saying what is wrong.

    Spaces anywhere are dropped (``19670321 199203 1 008``), as is the leading apostrophe
    Excel users type to keep a number as text. Nothing else is tolerated: the NIP must be
    18 digits with a real birth date, a real TMT month after the birth year, gender digit 1
    or 2 and a sequence number other than 000.
    """
    text = raw.strip().removeprefix("'")
    compact = "".join(text.split())
    if not compact:
        raise NipError("NIP kosong")
    if _SCIENTIFIC.fullmatch(compact):
        raise NipError(
            f"NIP tertulis sebagai angka Excel ({compact}) sehingga angkanya sudah hilang; "
            "format kolom nip sebagai Teks, ketik ulang NIP-nya, lalu simpan lagi"
        )
    if not _DIGITS.fullmatch(compact):
        raise NipError(f'NIP hanya boleh berisi angka dan spasi (tertulis "{text}")')
    if len(compact) != NIP_LENGTH:
        raise NipError(f"NIP harus {NIP_LENGTH} angka (tertulis {len(compact)})")

    birth = _birth_date(compact)
    if birth is None:
        raise NipError(
            f"tanggal lahir di NIP (angka ke-1 s.d. 8: {compact[:8]}) bukan tanggal yang sah"
        )
    tmt_year, tmt_month = int(compact[8:12]), int(compact[12:14])
    if not 1 <= tmt_month <= 12:
        raise NipError(f"TMT di NIP (angka ke-9 s.d. 14: {compact[8:14]}) bukan bulan yang sah")
    if tmt_year <= birth.year:
        raise NipError(f"tahun TMT di NIP ({tmt_year}) harus sesudah tahun lahir ({birth.year})")
    if compact[14] not in "12":
        raise NipError(f"angka ke-15 NIP (jenis kelamin) harus 1 atau 2 (tertulis {compact[14]})")
    if compact[15:] == "000":
        raise NipError(
            "3 angka terakhir NIP (nomor urut) tidak boleh 000; jika dari Excel, "
            "kemungkinan angkanya dibulatkan: format kolom nip sebagai Teks"
        )
    return compact


def _birth_date(nip: str) -> date | None:
    year, month, day = int(nip[0:4]), int(nip[4:6]), int(nip[6:8])
    if year < 1900:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def mask_nip(nip: str) -> str:
    """A NIP for display to other people: first 4 and last 3 digits, in the official grouping.

    ``196703211992031008`` becomes ``1967**** ****** * 008``: recognisable to its owner and
    to the unit's leaders, useless to anyone collecting NIPs. Anything that is not an
    18-digit NIP is masked completely (same length, every character a ``*``).
    """
    if len(nip) != NIP_LENGTH or not _DIGITS.fullmatch(nip):
        return "*" * len(nip)
    return f"{nip[:4]}**** ****** * {nip[15:]}"


def format_nip(nip: str) -> str:
    """A normalised NIP in the official grouping: ``19670321 199203 1 008``."""
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def nip_birth_date(nip: str) -> date:
    """The date of birth in a normalised NIP (see :func:`normalize_nip`)."""
    birth = _birth_date(nip)
    if birth is None:
        raise NipError(f"tanggal lahir di NIP (angka ke-1 s.d. 8: {nip[:8]}) tidak sah")
    return birth


def nip_gender(nip: str) -> Gender:
    """The gender in a normalised NIP: digit 15 is 1 (laki-laki) or 2 (perempuan)."""
    if nip[14:15] == "1":
        return Gender.LAKI_LAKI
    if nip[14:15] == "2":
        return Gender.PEREMPUAN
    raise NipError(f"angka ke-15 NIP (jenis kelamin) harus 1 atau 2 (tertulis {nip[14:15]})")
