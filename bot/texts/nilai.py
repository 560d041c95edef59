"""Texts of /nilai: the value set, a value's behaviours, search results."""

from __future__ import annotations

from bot.content.models import Behaviour, Value, ValueSet
from bot.content.search import Hit, Kind
from bot.texts import esc

LETTERS = "abcdefghijklmnopqrstuvwxyz"


# --- /nilai ------------------------------------------------------------------------------

NILAI_QUERY_MAX = 100


def value_set_overview(value_set: ValueSet) -> str:
    lines = [f"<b>Nilai budaya kerja {esc(value_set.name)}</b>", f"<i>{esc(value_set.source)}</i>"]
    lines.append("")
    for number, value in enumerate(value_set.values, start=1):
        lines.append(f"{number}. <b>{esc(value.name)}</b>: {esc(value.definition)}")
    lines += [
        "",
        "Ketuk sebuah nilai untuk melihat perilakunya, atau cari dengan kata kunci, "
        "misalnya <code>/nilai kerja sama</code>.",
    ]
    return "\n".join(lines)


def _behaviour_lines(number: int, behaviour: Behaviour) -> list[str]:
    lines = [f"{number}. {esc(behaviour.text)}"]
    lines += [f"    {LETTERS[i]}. {esc(exp.text)}" for i, exp in enumerate(behaviour.expected)]
    return lines


def value_detail(value_set: ValueSet, value: Value) -> str:
    has_expected = any(b.expected for b in value.behaviours)
    lines = [
        f"<b>{esc(value.name)}</b> — nilai {esc(value_set.name)}",
        esc(value.definition),
        "",
        "<b>Perilaku utama</b>" if has_expected else "<b>Perilaku</b>",
    ]
    for number, behaviour in enumerate(value.behaviours, start=1):
        lines += _behaviour_lines(number, behaviour)
    return "\n".join(lines)


def _hit_title(hit: Hit) -> str:
    if hit.kind is Kind.VALUE:
        return f"nilai <b>{esc(hit.value.name)}</b>"
    assert hit.behaviour is not None
    if hit.kind is Kind.BEHAVIOUR:
        return f"<b>{esc(hit.value.name)}</b>: {esc(hit.behaviour.text)}"
    assert hit.expected is not None
    return f"<b>{esc(hit.value.name)}</b>: {esc(hit.expected.text)}"


def search_result(value_set: ValueSet, query: str, hits: list[Hit]) -> str:
    best = hits[0]
    lines = [f"Hasil pencarian “{esc(query)}”:", ""]
    if best.kind is Kind.VALUE:
        lines.append(value_detail(value_set, best.value))
    else:
        assert best.behaviour is not None
        number = best.value.behaviours.index(best.behaviour) + 1
        lines.append(f"<b>{esc(best.value.name)}</b> — {esc(best.value.definition)}")
        lines.append("")
        if best.kind is Kind.BEHAVIOUR:
            lines.append("<b>Perilaku</b>")
            lines += _behaviour_lines(number, best.behaviour)
        else:
            assert best.expected is not None
            lines.append(f"<b>Perilaku utama</b>\n{number}. {esc(best.behaviour.text)}")
            lines.append(f"<b>Perilaku yang diharapkan</b>\n• {esc(best.expected.text)}")
    others = hits[1:]
    if others:
        lines += ["", "<b>Mungkin juga</b>"] + [f"• {_hit_title(h)}" for h in others]
    return "\n".join(lines)


def no_match(value_set: ValueSet, query: str) -> str:
    names = ", ".join(esc(v.name) for v in value_set.values)
    return (
        f"Tidak ada nilai atau perilaku yang cocok dengan “{esc(query)}”.\n\n"
        f"Nilai {esc(value_set.name)}: {names}.\n"
        "Coba kata lain, misalnya <code>/nilai pelayanan</code>."
    )


def query_too_long() -> str:
    return f"Kata kunci terlalu panjang. Tulis paling banyak {NILAI_QUERY_MAX} karakter."


BACK_TO_VALUES = "« Semua nilai"
