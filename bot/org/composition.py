"""The KBK's composition checked against the article the Pemda cites (Serang Pasal 7(1);
Bangka Selatan Pasal 13(3)). It warns and never blocks: Serang Pasal 7(7) lets a unit
adapt the composition to its conditions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from bot.org.models import KbkRole, Person


class Gap(Enum):
    MISSING = "missing"
    """The article lists the position; nobody in the roster holds it."""
    SEVERAL_HEADS = "several_heads"
    """More than one Penanggung jawab: the article names one, the head of the unit."""


@dataclass(frozen=True)
class CompositionWarning:
    gap: Gap
    role: KbkRole


ORDER = (KbkRole.PENANGGUNG_JAWAB, KbkRole.KETUA, KbkRole.SEKRETARIS, KbkRole.FASILITATOR,
         KbkRole.ANGGOTA)  # fmt: skip
"""The order of the decree's composition list."""


def check_composition(
    people: Sequence[Person], required: Sequence[str]
) -> list[CompositionWarning]:
    """What the active roster of a unit lacks against the positions the article lists."""
    active = [p for p in people if p.active]
    warnings = [
        CompositionWarning(Gap.MISSING, KbkRole(role))
        for role in required
        if not any(p.kbk_role.value == role for p in active)
    ]
    heads = [p for p in active if p.kbk_role is KbkRole.PENANGGUNG_JAWAB]
    if len(heads) > 1:
        warnings.append(CompositionWarning(Gap.SEVERAL_HEADS, KbkRole.PENANGGUNG_JAWAB))
    return warnings


def composition(people: Sequence[Person]) -> list[Person]:
    """The KBK's active members in the order of the decree's list (head first); a pegawai
    with no place in the KBK is not listed."""
    active = [p for p in people if p.active and p.kbk_role.in_kbk]
    return sorted(active, key=lambda p: (ORDER.index(p.kbk_role), p.name.casefold()))
