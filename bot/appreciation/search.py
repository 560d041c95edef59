"""Find a colleague by a name typed with typos, without titles, or in part ("budi santso").

Names in the roster carry academic and religious titles ("Drs. H. Ahmad Syarifudin, M.Si.");
those are dropped before matching, so people are found by the name colleagues use. rapidfuzz's
WRatio catches typos and partial names; a word-by-word ratio helps a single misspelt word
("budy"). Only matches close to the best are kept, so "dedi" does not also offer "Dewi".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from bot.org.models import Person

MIN_SCORE = 75.0
"""Below this a name is noise."""
NEAR_BEST = 15.0
"""Keep only matches within this many points of the best one."""
MAX_CANDIDATES = 4
MIN_QUERY = 2


@dataclass(frozen=True)
class NameMatch:
    person: Person
    score: float


def plain_name(name: str) -> str:
    """The name without titles: before the first comma (degrees such as ", S.Kom."), and
    without the words ending in a dot in front ("Drs.", "H.", "dr.", "apt.")."""
    head = name.split(",", 1)[0]
    words = [w for w in head.split() if not w.endswith(".")]
    return " ".join(words) or head.strip()


def name_score(query: str, name: str) -> float:
    """Similarity 0-100 of a processed query and a processed plain name."""
    whole = fuzz.WRatio(query, name)
    name_words = name.split()
    query_words = query.split()
    if not name_words or not query_words:
        return whole
    per_word = sum(max(fuzz.ratio(q, n) for n in name_words) for q in query_words)
    return max(whole, per_word / len(query_words))


def find_people(
    query: str, people: Sequence[Person], limit: int = MAX_CANDIDATES
) -> list[NameMatch]:
    """The people whose name best matches ``query``, best first (empty if none is close)."""
    wanted = utils.default_process(query)
    if len(wanted.replace(" ", "")) < MIN_QUERY:
        return []
    scored = [
        NameMatch(person, name_score(wanted, utils.default_process(plain_name(person.name))))
        for person in people
    ]
    scored = [m for m in scored if m.score >= MIN_SCORE]
    if not scored:
        return []
    best = max(m.score for m in scored)
    kept = [m for m in scored if m.score >= best - NEAR_BEST]
    kept.sort(key=lambda m: (-m.score, m.person.name.casefold(), m.person.id))
    return kept[:limit]
