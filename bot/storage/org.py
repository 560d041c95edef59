"""Repository of the organisation: units with their KBK and the people of the roster.

People are never deleted: leaving the roster deactivates them (``active = 0``), so their
check-ins, reports and Telegram binding stay attached to them; coming back reactivates them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.org.models import (
    AlreadyBoundError,
    KbkRole,
    PemdaRole,
    Person,
    RosterEntry,
    Unit,
    UnitStats,
)
from bot.org.reconcile import ImportResult, RosterPlan, plan_roster
from bot.org.roster import clean_text, unit_key
from bot.storage.database import Database, Row, Transaction
from bot.storage.timestamps import from_iso, to_iso

_PERSON = (
    "SELECT p.id, p.nip, p.name, p.position, p.unit_id, u.name AS unit_name, p.kbk_role,"
    " p.agen_perubahan, p.role_model, p.pemda_role, p.active, p.telegram_user_id,"
    " p.registered_at FROM people p JOIN units u ON u.id = p.unit_id"
)
_ROLE_RANK = (
    "CASE p.kbk_role WHEN 'penanggung_jawab' THEN 0 WHEN 'ketua' THEN 1"
    " WHEN 'sekretaris' THEN 2 WHEN 'fasilitator' THEN 3 ELSE 4 END"
)
_ORDER = f" ORDER BY {_ROLE_RANK}, lower(p.name), p.id"
"""People in the order a KBK lists them: its leaders first, then by name."""


def _person(row: Row) -> Person:
    return Person(
        id=row["id"],
        nip=row["nip"],
        name=row["name"],
        position=row["position"],
        unit_id=row["unit_id"],
        unit_name=row["unit_name"],
        kbk_role=KbkRole(row["kbk_role"]),
        agen_perubahan=bool(row["agen_perubahan"]),
        role_model=bool(row["role_model"]),
        pemda_role=PemdaRole(row["pemda_role"]) if row["pemda_role"] else None,
        active=bool(row["active"]),
        telegram_user_id=row["telegram_user_id"],
        registered_at=from_iso(row["registered_at"]) if row["registered_at"] else None,
    )


def _unit(row: Row) -> Unit:
    return Unit(id=row["id"], name=row["name"], kbk_name=row["kbk_name"])


async def _write_plan(
    tx: Transaction, plan: RosterPlan, units: Mapping[str, int], stamp: str
) -> None:
    """Write a roster plan: new units first (the people point at them), then the people."""
    unit_ids = dict(units)
    for name in plan.new_units:
        unit_ids[unit_key(name)] = await tx.insert(
            "INSERT INTO units (name, created_at) VALUES (?, ?)", (name, stamp)
        )
    for entry in plan.added:
        await tx.execute(
            "INSERT INTO people (name, position, unit_id, kbk_role, agen_perubahan,"
            " role_model, pemda_role, nip, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*_fields(entry, unit_ids[unit_key(entry.unit)]), entry.nip, stamp, stamp),
        )
    for rewrite in plan.rewrites:
        await tx.execute(
            "UPDATE people SET name = ?, position = ?, unit_id = ?, kbk_role = ?,"
            " agen_perubahan = ?, role_model = ?, pemda_role = ?, active = 1,"
            " deactivated_at = NULL, updated_at = ? WHERE id = ?",
            (
                *_fields(rewrite.entry, unit_ids[unit_key(rewrite.entry.unit)]),
                stamp,
                rewrite.person_id,
            ),
        )
    await tx.executemany(
        "UPDATE people SET active = 0, deactivated_at = ?, updated_at = ? WHERE id = ?",
        [(stamp, stamp, person.id) for person in plan.leaving],
    )


def _fields(entry: RosterEntry, unit_id: int) -> tuple[object, ...]:
    """The roster-owned columns of ``people`` for an entry, as stored (NIP aside)."""
    return (
        entry.name,
        entry.position,
        unit_id,
        entry.kbk_role.value,
        int(entry.agen_perubahan),
        int(entry.role_model),
        entry.pemda_role.value if entry.pemda_role else None,
    )


class OrgRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- Roster import ---------------------------------------------------------------------

    async def import_roster(
        self, entries: Sequence[RosterEntry], now: datetime, *, dry_run: bool = False
    ) -> ImportResult:
        """Make the stored roster the file's (:func:`~bot.org.reconcile.plan_roster` decides
        what changes), all in one transaction. With ``dry_run`` nothing is written and the
        result says what would have changed."""
        stamp = to_iso(now)
        async with self._db.transaction() as tx:
            units = {
                unit_key(row["name"]): int(row["id"])
                for row in await tx.fetchall("SELECT id, name FROM units")
            }
            people = [_person(row) for row in await tx.fetchall(_PERSON)]
            plan = plan_roster(entries, units, people)
            if not dry_run:
                await _write_plan(tx, plan, units, stamp)
        return plan.result(dry_run=dry_run)

    # --- People ----------------------------------------------------------------------------

    async def person(self, person_id: int) -> Person | None:
        """The person with this id, active or not (history points at deactivated people)."""
        row = await self._db.fetchone(f"{_PERSON} WHERE p.id = ?", (person_id,))
        return _person(row) if row else None

    async def person_by_nip(self, nip: str, *, include_inactive: bool = False) -> Person | None:
        """The active person with this NIP (spaces ignored); deactivated ones on request."""
        sql = f"{_PERSON} WHERE p.nip = ?"
        if not include_inactive:
            sql += " AND p.active = 1"
        row = await self._db.fetchone(sql, ("".join(nip.split()),))
        return _person(row) if row else None

    async def person_by_telegram(self, telegram_user_id: int) -> Person | None:
        """The active person bound to this Telegram account."""
        row = await self._db.fetchone(
            f"{_PERSON} WHERE p.telegram_user_id = ? AND p.active = 1", (telegram_user_id,)
        )
        return _person(row) if row else None

    async def people_of_unit(self, unit_id: int, *, active_only: bool = True) -> list[Person]:
        """The unit's people, leaders first (penanggung jawab, ketua, ...), then by name."""
        sql = f"{_PERSON} WHERE p.unit_id = ?"
        if active_only:
            sql += " AND p.active = 1"
        rows = await self._db.fetchall(sql + _ORDER, (unit_id,))
        return [_person(row) for row in rows]

    async def unit_leaders(self, unit_id: int, roles: Iterable[KbkRole]) -> list[Person]:
        """Active people of the unit with one of ``roles``, in KBK order."""
        wanted = sorted({KbkRole(role).value for role in roles})
        if not wanted:
            return []
        marks = ", ".join("?" for _ in wanted)
        rows = await self._db.fetchall(
            f"{_PERSON} WHERE p.unit_id = ? AND p.active = 1 AND p.kbk_role IN ({marks})" + _ORDER,
            (unit_id, *wanted),
        )
        return [_person(row) for row in rows]

    async def agen_perubahan_of(self, unit_id: int) -> list[Person]:
        """The unit's active Agen Perubahan, in KBK order (empty if the unit has none)."""
        rows = await self._db.fetchall(
            f"{_PERSON} WHERE p.unit_id = ? AND p.active = 1 AND p.agen_perubahan = 1" + _ORDER,
            (unit_id,),
        )
        return [_person(row) for row in rows]

    async def pemda_people(self, role: PemdaRole | None = None) -> list[Person]:
        """Active people with a Pemda role (``role`` only, if given), by name."""
        sql = f"{_PERSON} WHERE p.active = 1 AND p.pemda_role IS NOT NULL"
        params: tuple[object, ...] = ()
        if role is not None:
            sql += " AND p.pemda_role = ?"
            params = (PemdaRole(role).value,)
        rows = await self._db.fetchall(sql + " ORDER BY lower(p.name), p.id", params)
        return [_person(row) for row in rows]

    async def bind_telegram(self, person_id: int, telegram_user_id: int, now: datetime) -> None:
        """Bind the person to a Telegram account; binding it again to the same one is a no-op.

        Raises :class:`AlreadyBoundError` if the person is bound to another account or the
        account to another person (active or not), and :class:`LookupError` for an unknown
        person.
        """
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT telegram_user_id FROM people WHERE id = ?", (person_id,)
            )
            if row is None:
                raise LookupError(f"no person with id {person_id}")
            bound = row["telegram_user_id"]
            if bound == telegram_user_id:
                return
            if bound is not None:
                raise AlreadyBoundError(person_id, telegram_user_id, bound_user_id=bound)
            other = await tx.fetchone(
                "SELECT id FROM people WHERE telegram_user_id = ?", (telegram_user_id,)
            )
            if other is not None:
                raise AlreadyBoundError(person_id, telegram_user_id, bound_person_id=other["id"])
            try:
                await tx.execute(
                    "UPDATE people SET telegram_user_id = ?, registered_at = ?, updated_at = ?"
                    " WHERE id = ?",
                    (telegram_user_id, to_iso(now), to_iso(now), person_id),
                )
            except IntegrityError as error:  # the UNIQUE constraint, as a last guard
                raise AlreadyBoundError(person_id, telegram_user_id) from error

    # --- Units -----------------------------------------------------------------------------

    async def unit(self, unit_id: int) -> Unit | None:
        row = await self._db.fetchone("SELECT * FROM units WHERE id = ?", (unit_id,))
        return _unit(row) if row else None

    async def unit_by_name(self, name: str) -> Unit | None:
        """The unit of that name, ignoring case and extra spaces."""
        wanted = unit_key(name)
        for unit in await self.units():
            if unit_key(unit.name) == wanted:
                return unit
        return None

    async def units(self) -> list[Unit]:
        """Every unit, by name."""
        rows = await self._db.fetchall("SELECT * FROM units ORDER BY lower(name), id")
        return [_unit(row) for row in rows]

    async def set_kbk_name(self, unit_id: int, name: str | None) -> bool:
        """Give the unit's KBK its own name, or remove it (None or blank); False if no unit."""
        cleaned = clean_text(name) if name else ""
        changed = await self._db.execute(
            "UPDATE units SET kbk_name = ? WHERE id = ?", (cleaned or None, unit_id)
        )
        return changed > 0

    async def unit_stats(self, *, include_empty: bool = False) -> list[UnitStats]:
        """Per unit, by name: active members, how many registered, how many unreachable.

        Units without any active person (left over from an older roster) are left out
        unless ``include_empty``.
        """
        rows = await self._db.fetchall(
            "SELECT u.id, u.name, u.kbk_name, COUNT(p.id) AS members,"
            " COUNT(p.telegram_user_id) AS registered,"
            " COUNT(t.unreachable_since) AS unreachable"
            " FROM units u"
            " LEFT JOIN people p ON p.unit_id = u.id AND p.active = 1"
            " LEFT JOIN telegram_users t ON t.user_id = p.telegram_user_id"
            " GROUP BY u.id, u.name, u.kbk_name ORDER BY lower(u.name), u.id"
        )
        return [
            UnitStats(
                unit=_unit(row),
                members=row["members"],
                registered=row["registered"],
                unreachable=row["unreachable"],
            )
            for row in rows
            if include_empty or row["members"]
        ]
