"""The NIP: what is accepted, what is refused and why (in Indonesian), how it is masked."""

from __future__ import annotations

from datetime import date

import pytest

from bot.org.nip import (
    Gender,
    NipError,
    format_nip,
    mask_nip,
    nip_birth_date,
    nip_gender,
    normalize_nip,
)

NIP = "196703211992031008"


@pytest.mark.parametrize(
    "raw",
    [
        "196703211992031008",
        "19670321 199203 1 008",
        "  19670321 199203 1 008  ",
        "19670321\u00a0199203\u00a01\u00a0008",  # non-breaking spaces, as pasted from Word
        "'196703211992031008",  # Excel's "keep as text" apostrophe
    ],
)
def test_accepted_forms(raw: str) -> None:
    assert normalize_nip(raw) == NIP


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "NIP kosong"),
        ("   ", "NIP kosong"),
        ("19670321199203100", "NIP harus 18 angka (tertulis 17)"),
        ("1967032119920310081", "NIP harus 18 angka (tertulis 19)"),
        ("19670321-199203-1-008", "NIP hanya boleh berisi angka dan spasi"),
        ("1967032119920310O8", "NIP hanya boleh berisi angka dan spasi"),
        ("1.96703E+17", "NIP tertulis sebagai angka Excel (1.96703E+17)"),
        ("1,96703E+17", "format kolom nip sebagai Teks"),
        ("196702311992031008", "tanggal lahir di NIP (angka ke-1 s.d. 8: 19670231)"),
        ("196713011992031008", "bukan tanggal yang sah"),
        ("180003211992031008", "bukan tanggal yang sah"),
        ("196703211992131008", "TMT di NIP (angka ke-9 s.d. 14: 199213) bukan bulan"),
        ("196703211992001008", "bukan bulan yang sah"),
        ("196703211960031008", "tahun TMT di NIP (1960) harus sesudah tahun lahir (1967)"),
        ("196703211967031008", "tahun TMT di NIP (1967) harus sesudah tahun lahir (1967)"),
        ("196703211992033008", "angka ke-15 NIP (jenis kelamin) harus 1 atau 2 (tertulis 3)"),
        ("196703211992030008", "harus 1 atau 2 (tertulis 0)"),
        ("196703211992031000", "nomor urut) tidak boleh 000"),
    ],
)
def test_refused_with_reason(raw: str, message: str) -> None:
    with pytest.raises(NipError) as caught:
        normalize_nip(raw)
    assert message in str(caught.value)


def test_leap_day_birth_date() -> None:
    assert normalize_nip("198002291999031001") == "198002291999031001"
    with pytest.raises(NipError, match="bukan tanggal yang sah"):
        normalize_nip("198102291999031001")


def test_mask_keeps_first_four_and_last_three_digits() -> None:
    masked = mask_nip(NIP)
    assert masked == "1967**** ****** * 008"
    assert sum(c.isdigit() for c in masked) == 7
    assert "0321" not in masked


def test_mask_of_something_else_hides_everything() -> None:
    assert mask_nip("12345") == "*****"
    assert mask_nip("") == ""


def test_what_the_digits_say() -> None:
    assert format_nip(NIP) == "19670321 199203 1 008"
    assert nip_birth_date(NIP) == date(1967, 3, 21)
    assert nip_gender(NIP) is Gender.LAKI_LAKI
    assert nip_gender("198301222009022008") is Gender.PEREMPUAN
