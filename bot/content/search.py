"""Fuzzy search over a value set, for ``/nilai <words>``.

People type value names with typos ("akuntabl"), everyday words ("gotong royong") or a whole
behaviour ("adaptif terhadap perubahan"). Each entry of the set (value, behaviour, expected
behaviour) is scored with rapidfuzz against the query; value names and keywords win ties over
the longer behaviour texts so that a one-word query lands on the value itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from rapidfuzz import fuzz, utils

from bot.content.models import Behaviour, ExpectedBehaviour, Value, ValueSet

MIN_SCORE = 80.0
"""Below this, a match is noise: "xyzzy" must find nothing rather than something."""


class Kind(IntEnum):
    """What a hit points at; lower sorts first when scores tie."""

    VALUE = 0
    BEHAVIOUR = 1
    EXPECTED = 2


@dataclass(frozen=True)
class Hit:
    kind: Kind
    score: float
    value: Value
    behaviour: Behaviour | None = None
    expected: ExpectedBehaviour | None = None

    @property
    def item_id(self) -> str:
        item = self.expected or self.behaviour or self.value
        return item.id


@dataclass(frozen=True)
class _Entry:
    kind: Kind
    labels: tuple[str, ...]
    value: Value
    behaviour: Behaviour | None = None
    expected: ExpectedBehaviour | None = None


class ValueSearch:
    """An index over one value set; build once, query many times."""

    def __init__(self, value_set: ValueSet) -> None:
        self._entries: list[_Entry] = []
        for value in value_set.values:
            labels = (value.name, *value.keywords)
            self._entries.append(_Entry(Kind.VALUE, _norm_all(labels), value))
            for beh in value.behaviours:
                self._entries.append(_Entry(Kind.BEHAVIOUR, _norm_all((beh.text,)), value, beh))
                for exp in beh.expected:
                    self._entries.append(
                        _Entry(Kind.EXPECTED, _norm_all((exp.text,)), value, beh, exp)
                    )

    def search(self, query: str, limit: int = 3) -> list[Hit]:
        """The best hits for ``query``, best first; empty when nothing is close enough."""
        q = utils.default_process(query)
        if len(q) < 3:
            return []
        hits = []
        for entry in self._entries:
            score = max(_score(q, label) for label in entry.labels)
            if score >= MIN_SCORE:
                hits.append(Hit(entry.kind, score, entry.value, entry.behaviour, entry.expected))
        hits.sort(key=lambda h: (-round(h.score), h.kind))
        return hits[:limit]


def _norm_all(labels: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(utils.default_process(label) for label in labels)


def _score(query: str, label: str) -> float:
    """Similarity 0-100 of a processed query and a processed label.

    Whole-string similarity catches typos; a partial token match lets a short query match a
    long label ("gotong royong" in a behaviour text) but is damped for queries much shorter
    than the label, so one common word does not match every sentence that contains it.
    """
    whole = fuzz.ratio(query, label)
    if len(query) >= len(label):
        # The label's words inside a longer query: good, but less so the more of the query
        # it leaves unexplained ("menjaga rahasia jabatan" is more than "rahasia jabatan").
        coverage = len(label) / len(query)
        damp = 0.95 if coverage >= 0.75 else 0.85
        return max(whole, fuzz.token_set_ratio(query, label) * damp)
    partial = fuzz.partial_ratio(query, label)
    coverage = len(query) / len(label)
    damp = 0.9 if coverage >= 0.25 else 0.8
    return max(whole, partial * damp)
