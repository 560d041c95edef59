"""Pydantic models of a content pack: value sets, budaya malu and evaluation criteria.

A content pack is data transcribed from the regulations. Every item carries a stable id (a
dotted slug such as ``berakhlak.akuntabel.2``) so stored records keep pointing at the same
item when its wording is edited later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_SLUG = re.compile(SLUG_PATTERN)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedBehaviour(_Strict):
    """A 'perilaku yang diharapkan' under a main behaviour (BESAOH has these)."""

    id: Slug
    text: Text


class Behaviour(_Strict):
    """A behaviour of a value ('perilaku utama')."""

    id: Slug
    text: Text
    expected: tuple[ExpectedBehaviour, ...] = ()


class Value(_Strict):
    """One core value with its definition and behaviours."""

    id: Slug
    name: Text
    definition: Text
    behaviours: tuple[Behaviour, ...] = Field(min_length=1)
    keywords: tuple[Text, ...] = ()
    """Search aids for /nilai (not regulation text): words people use for this value."""


PemdaRoleName = Literal["admin", "sekda", "inspektorat", "tim", "bupati"]

ARTICLE_PATTERN = (
    r"^(Pasal \d+( ayat \(\d+\))?( huruf [a-z])?( angka \d+)?|Lampiran [IVX]+)"
    r"( (dan|jo\.) (Pasal \d+( ayat \(\d+\))?( huruf [a-z])?|Lampiran [IVX]+))*$"
)
Article = Annotated[str, StringConstraints(pattern=ARTICLE_PATTERN)]


class Citation(_Strict):
    """Where the regulation lays down one duty the bot carries out."""

    article: Article
    """``Pasal 15 ayat (2)``, as the regulation numbers it."""
    duty: Text
    """The duty in the regulation's words (shortened), shown where the bot cites it."""
    to: Text | None = None
    """Who receives it, where the article names a recipient (a report)."""
    recipients: tuple[PemdaRoleName, ...] = ()
    """The roster's Pemda roles the bot sends it to (a report): ``sekda``, ``admin``..."""
    prepared_by: tuple[PemdaRoleName, ...] = ()
    """For the Pemda's report: the roles that prepare and approve it, in order of preference."""


class Duties(_Strict):
    """The articles behind each part of the KBK's year the bot carries out."""

    problem_report: Citation
    """Problems and alternative solutions taken to the leadership."""
    problem_answer: Citation
    """Who gives the direction and the solution: the head of the Perangkat Daerah."""
    monitoring: Citation
    """Monitoring and evaluation of the whole Pemda (/laporan pemda)."""
    semester_report: Citation
    """The unit's periodic report and its recipients."""
    pemda_report: Citation
    """The Pemda's summary for the Bupati (or whoever the article names)."""
    evaluation: Citation
    """The self-assessment criteria (/evaluasi)."""
    kbk_setup: Citation
    """The decree that forms the KBK."""
    kbk_composition: Citation
    """The KBK's composition."""
    role_model: Citation
    """The head of the Perangkat Daerah as Role Model."""
    rencana_aksi: Citation
    """The KBK's yearly programme / rencana aksi."""
    kbk_name: Citation | None = None
    """A unit may give its KBK its own name, where the regulation says so (Serang 6(5))."""


KbkRoleName = Literal["penanggung_jawab", "ketua", "sekretaris", "anggota", "fasilitator"]


class LegalBasis(_Strict):
    """The regulation a Pemda's KBK work rests on, and its terms."""

    regulation: Text
    """``Peraturan Bupati Bangka Selatan Nomor 8 Tahun 2020``"""
    short: Text
    """``Perbup Bangka Selatan 8/2020``: how messages cite it."""
    head: Text
    """The regulation's term for the head of a unit (``Kepala Perangkat Daerah/Unit Kerja``)."""
    head_short: Text = Field(max_length=28)
    """The same, short enough for a button (``Kepala PD/Unit Kerja``)."""
    kbk_roles: tuple[KbkRoleName, ...] = Field(min_length=1)
    """The positions the composition article lists (checked against the roster, warning
    only: Serang Pasal 7(7) lets a unit adapt its composition)."""
    duties: Duties

    def cite(self, citation: Citation) -> str:
        """``Perbup Bangka Selatan 8/2020 Pasal 15 ayat (2)``"""
        return f"{self.short} {citation.article}"

    def cite_full(self, citation: Citation) -> str:
        """``Peraturan Bupati Bangka Selatan Nomor 8 Tahun 2020 Pasal 16``"""
        return f"{self.regulation} {citation.article}"


class ValueSet(_Strict):
    """A set of core values adopted by an organisation, e.g. BerAKHLAK or BESAOH."""

    id: Slug
    name: Text
    source: Text
    legal_basis: LegalBasis
    """The regulation and its articles that every citation of the bot comes from."""
    values: tuple[Value, ...] = Field(min_length=1)

    def behaviours(self) -> Iterator[tuple[Value, Behaviour]]:
        """Every behaviour of the set with its value, in document order."""
        for value in self.values:
            for behaviour in value.behaviours:
                yield value, behaviour

    def value(self, value_id: str) -> Value | None:
        """The value with this id, or None."""
        return next((v for v in self.values if v.id == value_id), None)


class MaluItem(_Strict):
    """One of the budaya malu items."""

    id: Slug
    text: Text


class BudayaMalu(_Strict):
    source: Text
    items: tuple[MaluItem, ...] = Field(min_length=1)


class Criterion(_Strict):
    id: Slug
    text: Text


class CriteriaGroup(_Strict):
    """A group of evaluation criteria and who answers it."""

    id: Slug
    name: Text
    audience: Literal["pimpinan", "semua"]
    items: tuple[Criterion, ...] = Field(min_length=1)


class Evaluasi(_Strict):
    source: Text
    groups: tuple[CriteriaGroup, ...] = Field(min_length=1)

    def criteria_count(self) -> int:
        return sum(len(g.items) for g in self.groups)


class ContentPack(_Strict):
    """The whole content file."""

    version: Literal[1]
    value_sets: dict[Slug, ValueSet] = Field(min_length=1)
    budaya_malu: BudayaMalu
    evaluasi: Evaluasi

    @model_validator(mode="after")
    def _check_ids(self) -> ContentPack:
        seen: dict[str, str] = {}
        for where, item_id in self._all_ids():
            if item_id in seen:
                # ``where`` travels in the context so the loader can point at the line.
                raise PydanticCustomError(
                    "duplicate_id",
                    "duplicate id '{item_id}' (first used at {first})",
                    {"item_id": item_id, "where": f"{where}.id", "first": seen[item_id]},
                )
            seen[item_id] = where
        for key, value_set in self.value_sets.items():
            if value_set.id != key:
                raise ValueError(f"value_sets.{key}: id {value_set.id!r} differs from its key")
        return self

    def _all_ids(self) -> Iterator[tuple[str, str]]:
        for key, vs in self.value_sets.items():
            yield f"value_sets.{key}", vs.id
            for i, value in enumerate(vs.values):
                vpath = f"value_sets.{key}.values.{i}"
                yield vpath, value.id
                for j, beh in enumerate(value.behaviours):
                    bpath = f"{vpath}.behaviours.{j}"
                    yield bpath, beh.id
                    for k, exp in enumerate(beh.expected):
                        yield f"{bpath}.expected.{k}", exp.id
        for i, item in enumerate(self.budaya_malu.items):
            yield f"budaya_malu.items.{i}", item.id
        for i, group in enumerate(self.evaluasi.groups):
            yield f"evaluasi.groups.{i}", group.id
            for j, crit in enumerate(group.items):
                yield f"evaluasi.groups.{i}.items.{j}", crit.id

    def value_set(self, set_id: str) -> ValueSet:
        """The value set with this id; KeyError names the ones available."""
        try:
            return self.value_sets[set_id]
        except KeyError:
            known = ", ".join(sorted(self.value_sets))
            raise KeyError(f"unknown value set {set_id!r}; this file has: {known}") from None


def is_slug(text: str) -> bool:
    return bool(_SLUG.match(text))
