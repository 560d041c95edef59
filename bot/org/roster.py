"""Reading a roster file (CSV as exported from Excel) into :class:`RosterEntry` records.

Pure code: text in, entries and problems out. The file is accepted only as a whole: the
caller imports nothing when :attr:`RosterParse.problems` is not empty. Line numbers are
the row numbers a spreadsheet user sees (the header is row 1).

Columns (any order, header case and spaces free: ``Peran KBK`` = ``peran_kbk``)::

    nip, nama, jabatan, unit, peran_kbk, agen_perubahan, role_model, peran_pemda
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.org.models import KbkRole, PemdaRole, RosterEntry
from bot.org.nip import NipError, normalize_nip

COLUMNS = (
    "nip",
    "nama",
    "jabatan",
    "unit",
    "peran_kbk",
    "agen_perubahan",
    "role_model",
    "peran_pemda",
)
"""The roster columns, in the order of the sample file."""

REQUIRED = ("nip", "nama", "jabatan", "unit")
"""Columns that may not be left empty in a row."""

FIELD_MAX = 200
"""Longest nama, jabatan, unit (and KBK name) accepted, in characters."""

DELIMITERS = (";", ",", "\t")
"""Semicolon first: Indonesian Excel separates with ";" because "," is its decimal mark."""

YES = frozenset({"ya", "iya", "y", "yes", "true", "1"})
NO = frozenset({"tidak", "tdk", "bukan", "no", "false", "0"})
"""Accepted spellings (case ignored); Excel writes TRUE/FALSE for its own checkboxes."""

UNIQUE_PER_UNIT = (KbkRole.PENANGGUNG_JAWAB, KbkRole.KETUA)


@dataclass(frozen=True)
class RowProblem:
    line: int
    """The spreadsheet row (header = 1)."""
    message: str
    """What is wrong, in Indonesian."""

    def render(self) -> str:
        return f"baris {self.line}: {self.message}"


@dataclass
class RosterParse:
    entries: list[RosterEntry] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def bad_lines(self) -> int:
        """How many rows have at least one problem."""
        return len({p.line for p in self.problems})


def unit_key(name: str) -> str:
    """What makes two unit names the same unit: spaces collapsed, case ignored."""
    return " ".join(name.split()).casefold()


def clean_text(value: str) -> str:
    """A cell's text with leading, trailing and repeated inner spaces removed."""
    return " ".join(value.split())


def _header_name(cell: str) -> str:
    return "_".join(cell.replace("-", " ").split()).casefold()


def _choice_key(cell: str) -> str:
    return "_".join(cell.replace("-", " ").replace("_", " ").split()).casefold()


def _join_lines(lines: Iterable[int]) -> str:
    numbers = [str(n) for n in lines]
    if len(numbers) == 1:
        return numbers[0]
    return f"{', '.join(numbers[:-1])} dan {numbers[-1]}"


def detect_delimiter(text: str) -> str:
    """The delimiter used in the header line: the most frequent of ``;``, ``,`` and tab."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class _Row:
    """A data row as far as it could be read; None where the cell was bad."""

    line: int
    nip: str | None = None
    name: str | None = None
    position: str | None = None
    unit: str | None = None
    kbk_role: KbkRole | None = None
    agen_perubahan: bool | None = None
    role_model: bool | None = None
    pemda_role: PemdaRole | None = None
    problems: list[str] = field(default_factory=list)

    def entry(self) -> RosterEntry | None:
        if self.problems:
            return None
        # No problem means every cell was read; the asserts tell mypy so.
        assert self.nip is not None
        assert self.name is not None
        assert self.position is not None
        assert self.unit is not None
        assert self.kbk_role is not None
        assert self.agen_perubahan is not None
        assert self.role_model is not None
        return RosterEntry(
            nip=self.nip,
            name=self.name,
            position=self.position,
            unit=self.unit,
            kbk_role=self.kbk_role,
            agen_perubahan=self.agen_perubahan,
            role_model=self.role_model,
            pemda_role=self.pemda_role,
        )


def parse_roster(text: str) -> RosterParse:
    """Read a roster CSV (comma, semicolon or tab; a leading BOM is ignored).

    Every problem of the file is collected, not only the first: header faults, each bad
    cell, duplicate NIPs, a second penanggung_jawab or ketua in a unit, a second sekda,
    and a file without any person (refused: importing it would deactivate everybody).
    """
    text = text.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    records: list[tuple[int, list[str]]] = []
    try:
        records.extend(enumerate(reader, start=1))
    except csv.Error:
        line = len(records) + 1
        return RosterParse(
            problems=[RowProblem(line, "format CSV rusak (ada tanda kutip yang tidak ditutup?)")]
        )
    return parse_roster_rows(records)


def parse_roster_rows(records: list[tuple[int, list[str]]]) -> RosterParse:
    """Read a roster given as its rows (line number, cells as text), from CSV or a sheet;
    the same checks as :func:`parse_roster`."""
    result = RosterParse()
    if not records or not any(cell.strip() for cell in records[0][1]):
        result.problems.append(
            RowProblem(1, f"baris 1 harus berisi judul kolom: {', '.join(COLUMNS)}")
        )
        return result

    header = _read_header(records[0][1], result.problems)
    if header.unreadable:
        return result

    rows = []
    for line, cells in records[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # an empty row between people is harmless
        rows.append(_read_row(line, cells, header))

    if not rows:
        result.problems.append(
            RowProblem(
                1,
                "tidak ada satu orang pun di bawah judul kolom; roster kosong tidak diimpor "
                "(semua orang akan dinonaktifkan)",
            )
        )
        return result

    _check_roster(rows)
    for row in rows:
        result.problems.extend(RowProblem(row.line, message) for message in row.problems)
        entry = row.entry()
        if entry is not None:
            result.entries.append(entry)
    result.problems.sort(key=lambda p: p.line)  # stable: a row's problems keep their order
    return result


@dataclass
class _Header:
    columns: dict[str, int] = field(default_factory=dict)
    """Position of each known column."""
    titled: set[int] = field(default_factory=set)
    """Positions with a title, known or not."""
    unreadable: bool = False
    """Columns are missing or doubled: the rows cannot be read."""


def _read_header(cells: list[str], problems: list[RowProblem]) -> _Header:
    header = _Header()
    columns = header.columns
    unknown = []
    for index, cell in enumerate(cells):
        name = _header_name(cell)
        if not name:
            continue  # Excel's trailing empty columns
        header.titled.add(index)
        if name in columns:
            problems.append(RowProblem(1, f"kolom {name} muncul lebih dari sekali"))
            header.unreadable = True
        elif name in COLUMNS:
            columns[name] = index
        else:
            unknown.append(cell.strip())
    missing = [name for name in COLUMNS if name not in columns]
    if missing:
        problems.append(
            RowProblem(
                1,
                f"kolom {', '.join(missing)} tidak ada; baris 1 harus berisi judul kolom: "
                f"{', '.join(COLUMNS)}",
            )
        )
        header.unreadable = True
    if unknown:
        listed = ", ".join(f'"{name}"' for name in unknown)
        problems.append(
            RowProblem(1, f"kolom tidak dikenal: {listed} (yang dikenal: {', '.join(COLUMNS)})")
        )
    return header


def _read_row(line: int, cells: list[str], header: _Header) -> _Row:
    row = _Row(line)
    filled = [i for i, cell in enumerate(cells) if cell.strip()]
    if any(i not in header.titled for i in filled):
        row.problems.append(
            f"baris berisi {filled[-1] + 1} kolom, judul hanya {len(header.titled)}; jika ada "
            "titik koma atau koma di dalam isian, apit isian itu dengan tanda kutip"
        )

    def cell(name: str) -> str:
        index = header.columns[name]
        return cells[index].strip() if index < len(cells) else ""

    for name in REQUIRED:
        if not cell(name):
            row.problems.append(f"kolom {name} kosong (wajib diisi)")

    if raw_nip := cell("nip"):
        try:
            row.nip = normalize_nip(raw_nip)
        except NipError as error:
            row.problems.append(str(error))

    for name, attr in (("nama", "name"), ("jabatan", "position"), ("unit", "unit")):
        value = clean_text(cell(name))
        if len(value) > FIELD_MAX:
            row.problems.append(
                f"{name} terlalu panjang ({len(value)} karakter, paling banyak {FIELD_MAX})"
            )
        elif value:
            setattr(row, attr, value)

    row.kbk_role = _kbk_role(cell("peran_kbk"), row.problems)
    row.agen_perubahan = _yes_no("agen_perubahan", cell("agen_perubahan"), row.problems)
    row.role_model = _yes_no("role_model", cell("role_model"), row.problems)
    row.pemda_role = _pemda_role(cell("peran_pemda"), row.problems)
    return row


def _kbk_role(value: str, problems: list[str]) -> KbkRole | None:
    if not value:
        return KbkRole.PEGAWAI
    try:
        return KbkRole(_choice_key(value))
    except ValueError:
        choices = ", ".join(role.value for role in KbkRole)
        problems.append(
            f'peran_kbk tidak dikenal: "{value}" (pilihan: {choices}; kosong = pegawai)'
        )
        return None


def _yes_no(column: str, value: str, problems: list[str]) -> bool | None:
    key = value.casefold()
    if key == "" or key in NO:
        return False
    if key in YES:
        return True
    problems.append(f'{column} harus "ya" atau "tidak" (tertulis "{value}"; kosong = tidak)')
    return None


def _pemda_role(value: str, problems: list[str]) -> PemdaRole | None:
    if not value:
        return None
    try:
        return PemdaRole(_choice_key(value))
    except ValueError:
        choices = ", ".join(role.value for role in PemdaRole)
        problems.append(f'peran_pemda tidak dikenal: "{value}" (pilihan: {choices}, atau kosong)')
        return None


def _check_roster(rows: list[_Row]) -> None:
    """The checks across rows; each involved row is told which other rows clash with it."""
    by_nip: dict[str, list[_Row]] = defaultdict(list)
    by_unit_role: dict[tuple[str, KbkRole], list[_Row]] = defaultdict(list)
    unit_names: dict[str, str] = {}
    sekda: list[_Row] = []
    for row in rows:
        if row.nip:
            by_nip[row.nip].append(row)
        if row.unit and row.kbk_role in UNIQUE_PER_UNIT:
            key = unit_key(row.unit)
            unit_names.setdefault(key, row.unit)
            by_unit_role[key, row.kbk_role].append(row)
        if row.pemda_role is PemdaRole.SEKDA:
            sekda.append(row)

    for group in by_nip.values():
        for row in group:
            others = [other.line for other in group if other is not row]
            if others:
                row.problems.append(
                    f"NIP ganda: NIP yang sama juga ada di baris {_join_lines(others)}"
                )
    for (key, role), group in by_unit_role.items():
        for row in group:
            others = [other.line for other in group if other is not row]
            if others:
                row.problems.append(
                    f'unit "{unit_names[key]}" punya lebih dari satu {role.value} '
                    f"(juga di baris {_join_lines(others)}); hanya boleh satu"
                )
    for row in sekda:
        others = [other.line for other in sekda if other is not row]
        if others:
            row.problems.append(
                f"peran_pemda sekda hanya boleh satu orang (juga di baris {_join_lines(others)})"
            )
