"""Fuzzy search over a value set, for ``/nilai <words>``.

People type value names with typos ("akuntabl"), everyday words ("gotong royong") or a whole
behaviour ("adaptif terhadap perubahan"). Each entry of the set (value, behaviour, expected
behaviour) is scored with rapidfuzz against the query; value names and keywords win ties over
the longer behaviour texts so that a one-word query lands on the value itself.
"""

from __future__ import annotations

import math
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


# --- Notes: which behaviour does a check-in note sound like? -------------------------------
#
# A note is a sentence about the person's day ("membantu rekan belajar aplikasi"), not a
# search query, so it is matched differently from /nilai: word by word, after light
# Indonesian stemming, each word of the note that appears in a behaviour (its text and its
# expected behaviours) adds evidence weighted by how rare the word is among the set's
# behaviours (IDF). A word of the value's name or keywords adds a little on top, but a
# behaviour is suggested only on evidence from its own words. Unknown words ("aplikasi")
# cost nothing: a note always says more than the behaviour it is about.

NOTE_MIN_EVIDENCE = 0.7
"""Least own-word evidence to suggest a behaviour, in units of the rarest word (a word found
in one behaviour only counts 1.0; one found in two of BerAKHLAK's 21 counts about 0.8)."""
VALUE_WORD_WEIGHT = 0.5
"""How much a word of the value's name or keywords counts, relative to the behaviour's own."""
_FUZZY_WORD = 85.0
"""Two words of five letters or more match at this rapidfuzz ratio: typos, "kompetens(i)"."""

_STOPWORD_LIST = (
    "dan", "yang", "di", "ke", "dari", "untuk", "dengan", "saya", "aku", "kami", "kita",
    "hari", "ini", "itu", "ada", "sudah", "telah", "akan", "pada", "dalam", "secara",
    "atau", "juga", "tidak", "bisa", "dapat", "para", "setiap", "serta", "oleh", "agar",
    "supaya", "lebih", "sangat", "lagi", "tadi", "pagi", "siang", "sore", "malam",
    "kantor", "kerja", "baik", "terhadap", "sesuai", "apapun", "lain", "sebagai", "bagi",
    "tersebut", "harus", "masih", "baru", "jadi", "karena", "yg", "dgn", "utk", "bersama",
    "kepada", "antara", "ikut", "buat", "membuat", "melakukan", "melaksanakan", "selalu",
    "terus", "senantiasa",
)  # fmt: skip
_NOTE_STOPWORDS = frozenset(_STOPWORD_LIST)
"""Words that say nothing about which behaviour a note is about."""

_NOTE_SYNONYMS = {
    **dict.fromkeys(("rekan", "teman", "kawan", "kolega", "sejawat", "staf", "pegawai"), "orang"),
    **dict.fromkeys(("warga", "publik", "pemohon", "pengunjung", "penduduk"), "masyarakat"),
    **dict.fromkeys(("mengajari", "mengajar", "membimbing", "ajari"), "belajar"),
    "tolong": "menolong",
    "bantu": "membantu",
    "tolak": "menolak",
}
"""Everyday words mapped to the word the regulations use ("rekan" is "orang lain")."""

_IRREGULAR_STEMS = {
    "belajar": "ajar",
    "pelajari": "ajar",
    "mempelajari": "ajar",
    "pembelajaran": "ajar",
    "pelajaran": "ajar",
}
_PREFIXES = (
    "memper", "meng", "meny", "mem", "men", "me", "ber", "ter",
    "peng", "peny", "pem", "pen", "per", "pe", "di", "ke", "se",
)  # fmt: skip
_SUFFIXES = ("nya", "lah", "kah", "kan", "an", "i")
_NASAL_RESTORE = {"men": "t", "pen": "t", "mem": "p", "pem": "p", "meny": "s", "peny": "s"}
"""meN- before a vowel drops the root's first consonant: menolak = tolak, memakai = pakai."""


def note_stem(word: str) -> str:
    """A crude Indonesian stem: one suffix and one prefix off, keeping four letters or more.

    Not a linguist's stemmer; it only has to treat a note and a behaviour alike, so that
    "menolong" and "tolong", or "pelayanan" and "melayani", meet.
    """
    if word in _IRREGULAR_STEMS:
        return _IRREGULAR_STEMS[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            rest = word[len(prefix) :]
            if prefix in _NASAL_RESTORE and rest[0] in "aiueo":
                rest = _NASAL_RESTORE[prefix] + rest
            return rest
    return word


def note_words(text: str) -> frozenset[str]:
    """The meaningful stems of a text."""
    words = set()
    for word in utils.default_process(text).split():
        word = _NOTE_SYNONYMS.get(word, word)
        if len(word) >= 3 and word not in _NOTE_STOPWORDS:
            words.add(note_stem(word))
    return frozenset(words)


def _word_in(word: str, words: frozenset[str]) -> str | None:
    """The word of ``words`` that ``word`` matches (itself, or a near spelling), if any."""
    if word in words:
        return word
    if len(word) < 5:
        return None
    best = max(
        (w for w in words if len(w) >= 5),
        key=lambda w: fuzz.ratio(word, w),
        default=None,
    )
    return best if best is not None and fuzz.ratio(word, best) >= _FUZZY_WORD else None


@dataclass(frozen=True)
class NoteMatch:
    value: Value
    behaviour: Behaviour
    evidence: float
    """Own-word evidence plus the value's share (see :data:`NOTE_MIN_EVIDENCE`)."""


@dataclass(frozen=True)
class _BehaviourWords:
    value: Value
    behaviour: Behaviour
    own: frozenset[str]
    value_words: frozenset[str]
    order: int


class NoteMatcher:
    """Suggests the behaviour of a value set that a free-text note sounds like."""

    def __init__(self, value_set: ValueSet) -> None:
        self._entries = []
        for order, (value, behaviour) in enumerate(value_set.behaviours()):
            own = note_words(behaviour.text).union(
                *(note_words(e.text) for e in behaviour.expected)
            )
            value_words = note_words(value.name).union(*(note_words(k) for k in value.keywords))
            self._entries.append(_BehaviourWords(value, behaviour, own, value_words, order))
        self._idf = _idf([e.own for e in self._entries])
        per_value = {e.value.id: e.value_words for e in self._entries}
        self._value_idf = _idf(list(per_value.values()))

    def rank(self, note: str, limit: int = 3) -> list[NoteMatch]:
        """The behaviours with enough evidence for ``note``, best first."""
        words = note_words(note)
        scored: list[tuple[float, float, int, NoteMatch]] = []
        for entry in self._entries:
            own = value_share = 0.0
            matched_own: set[str] = set()
            for word in words:
                hit = _word_in(word, entry.own)
                if hit is not None:
                    own += self._idf[hit]
                    matched_own.add(hit)
                value_hit = _word_in(word, entry.value_words)
                if value_hit is not None:
                    value_share += VALUE_WORD_WEIGHT * self._value_idf[value_hit]
            if own < NOTE_MIN_EVIDENCE:
                continue
            coverage = len(matched_own) / len(entry.own)
            match = NoteMatch(entry.value, entry.behaviour, own + value_share)
            scored.append((-match.evidence, -coverage, entry.order, match))
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored[:limit]]

    def suggest(self, note: str) -> NoteMatch | None:
        """The behaviour ``note`` most likely is about, or None if nothing fits well."""
        ranked = self.rank(note, limit=1)
        return ranked[0] if ranked else None


def _idf(documents: list[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of each word, scaled so a word of one document is 1.0."""
    count = len(documents)
    frequency: dict[str, int] = {}
    for words in documents:
        for word in words:
            frequency[word] = frequency.get(word, 0) + 1
    top = math.log(1 + count)
    return {word: math.log(1 + count / n) / top for word, n in frequency.items()}
