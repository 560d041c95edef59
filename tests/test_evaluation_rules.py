"""The self-assessment's pure logic: windows, questionnaires, scoring, results, reminders."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from bot import permissions
from bot.content import load_content
from bot.evaluation.questionnaire import (
    is_valid_score,
    next_question,
    own_means,
    questions_for,
)
from bot.evaluation.reminders import reminder_due, reminder_start
from bot.evaluation.results import ScoreRow, aggregate, evaluation_result, mean_score
from bot.evaluation.window import window_from_stamp, window_of, windows_between
from bot.handlers import evaluasi_keyboards as kb
from bot.org.models import KbkRole, PemdaRole, Person
from bot.schedule.calendar import WorkCalendar
from bot.texts.evaluation import window_label

PACK = load_content(Path(__file__).parents[1] / "content" / "values_id.yaml")
EVALUASI = PACK.evaluasi


def person(role: KbkRole = KbkRole.ANGGOTA, pemda: PemdaRole | None = None) -> Person:
    return Person(
        id=1, nip="1" * 18, name="Budi", position="Staf", unit_id=1, unit_name="Unit",
        kbk_role=role, agen_perubahan=False, role_model=False, pemda_role=pemda, active=True,
        telegram_user_id=10, registered_at=datetime(2026, 1, 1),  # noqa: DTZ001
    )  # fmt: skip


# --- Windows ----------------------------------------------------------------------------------


def test_quarters_by_default() -> None:
    window = window_of(date(2026, 11, 23))
    assert (window.start, window.end, window.key) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
        "20261001-20261231",
    )
    assert window.number == 4
    assert window_label(window) == "Triwulan IV 2026"
    assert window_of(date(2026, 3, 31)).end == date(2026, 3, 31)
    assert window_of(date(2026, 4, 1)).start == date(2026, 4, 1)
    assert window.next().start == date(2027, 1, 1)
    assert window.previous().key == "20260701-20260930"


@pytest.mark.parametrize(
    ("months", "day", "start", "end", "label"),
    [
        (1, date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28), "Februari 2026"),
        (2, date(2026, 4, 30), date(2026, 3, 1), date(2026, 4, 30),
         "Periode 1 Maret - 30 April 2026"),
        (4, date(2026, 9, 1), date(2026, 9, 1), date(2026, 12, 31),
         "Periode 1 September - 31 Desember 2026"),
        (6, date(2026, 7, 1), date(2026, 7, 1), date(2026, 12, 31), "Semester 2 2026"),
        (12, date(2028, 2, 29), date(2028, 1, 1), date(2028, 12, 31), "Tahun 2028"),
    ],
)  # fmt: skip
def test_configurable_window_lengths(
    months: int, day: date, start: date, end: date, label: str
) -> None:
    window = window_of(day, months)
    assert (window.start, window.end) == (start, end)
    assert window_label(window) == label


def test_window_length_must_divide_the_year() -> None:
    with pytest.raises(ValueError, match="months"):
        window_of(date(2026, 1, 1), 5)


def test_windows_between_and_stamps() -> None:
    spans = windows_between(date(2026, 1, 1), date(2026, 6, 30))
    assert [w.key for w in spans] == ["20260101-20260331", "20260401-20260630"]
    week = windows_between(date(2026, 11, 23), date(2026, 11, 29))
    assert week == [window_of(date(2026, 11, 23))]
    assert windows_between(date(2026, 2, 1), date(2026, 1, 1)) == []
    assert window_from_stamp("20261001") == window_of(date(2026, 10, 1))
    assert window_from_stamp("20261002") is None  # no window starts then
    assert window_from_stamp("20261301") is None
    assert window_from_stamp("2026100") is None
    assert window_from_stamp("20260101", 12) == window_of(date(2026, 5, 5), 12)


# --- Who answers what ---------------------------------------------------------------------


def test_leading_roles() -> None:
    assert permissions.answers_leadership(person(KbkRole.PENANGGUNG_JAWAB))
    assert permissions.answers_leadership(person(KbkRole.KETUA))
    assert permissions.answers_leadership(person(KbkRole.ANGGOTA, PemdaRole.SEKDA))
    assert not permissions.answers_leadership(person(KbkRole.SEKRETARIS))
    assert not permissions.answers_leadership(person(KbkRole.FASILITATOR))
    assert not permissions.answers_leadership(person(KbkRole.SEKRETARIS, PemdaRole.ADMIN))
    assert not permissions.answers_leadership(person())


def test_questionnaires() -> None:
    leader = questions_for(EVALUASI, leading=True)
    member = questions_for(EVALUASI, leading=False)
    assert len(leader) == 32
    assert len(member) == 22
    assert [q.index for q in leader] == list(range(32))
    assert leader[0].criterion.id == "evaluasi.kepemimpinan.1"
    assert leader[10].criterion.id == "evaluasi.pola_pikir.1"
    assert member[0].criterion.id == "evaluasi.pola_pikir.1"
    assert member[-1].criterion.id == "evaluasi.perilaku_kerja.17"
    assert {q.group.audience for q in member} == {"semua"}


def test_resume_at_the_first_unanswered_question() -> None:
    member = questions_for(EVALUASI, leading=False)
    assert next_question(member, {}) == member[0]
    answered = {q.criterion.id for q in member[:5]}
    assert next_question(member, answered) == member[5]
    # An answer given out of order (after going back) does not skip a gap.
    answered = {member[0].criterion.id, member[2].criterion.id}
    assert next_question(member, answered) == member[1]
    assert next_question(member, {q.criterion.id for q in member}) is None


def test_scores_and_own_means() -> None:
    assert [s for s in range(7) if is_valid_score(s)] == [1, 2, 3, 4, 5]
    member = questions_for(EVALUASI, leading=False)
    scores = {q.criterion.id: 4 for q in member[:5]}  # pola pikir: all 4
    scores.update({q.criterion.id: (2 if q.index % 2 else 5) for q in member[5:9]})
    means = own_means(member, scores)
    assert [(m.group.id, m.mean, m.answered) for m in means] == [
        ("evaluasi.pola_pikir", 4.0, 5),
        ("evaluasi.perilaku_kerja", 3.5, 4),
    ]
    assert own_means(member, {})[0].mean is None


# --- Results ------------------------------------------------------------------------------------


def test_mean_per_criterion_with_the_privacy_threshold() -> None:
    assert mean_score(17, 4) == 4.2  # one decimal, as every report shows it
    assert mean_score(0, 0) is None
    rows = [
        ScoreRow("evaluasi.pola_pikir.1", respondents=5, total=19),
        ScoreRow("evaluasi.pola_pikir.2", respondents=4, total=20),
        ScoreRow("evaluasi.kepemimpinan.1", respondents=2, total=10),
    ]
    groups = aggregate(EVALUASI, rows, min_people=5)
    assert [g.group.id for g in groups] == [
        "evaluasi.kepemimpinan", "evaluasi.pola_pikir", "evaluasi.perilaku_kerja",
    ]  # fmt: skip
    leadership, mindset, behaviour = groups
    assert leadership.all_withheld
    assert leadership.criteria[0].mean.people == 2
    first, second = mindset.criteria[0].mean, mindset.criteria[1].mean
    assert (first.value, first.people, first.shown) == (3.8, 5, True)
    assert (second.value, second.people, second.withheld) == (None, 4, True)
    assert not mindset.all_withheld
    assert mindset.respondents == 5
    assert behaviour.all_withheld  # nobody answered: withheld, not zero
    assert behaviour.criteria[0].mean.people == 0


def test_threshold_never_below_three() -> None:
    rows = [ScoreRow("evaluasi.pola_pikir.1", respondents=3, total=12)]
    result = evaluation_result(EVALUASI, window_of(date(2026, 11, 2)), rows, 3, 3, min_people=1)
    assert result.groups[1].criteria[0].mean.value == 4.0
    assert result.finished.value == 3
    rows = [ScoreRow("evaluasi.pola_pikir.1", respondents=2, total=8)]
    result = evaluation_result(EVALUASI, window_of(date(2026, 11, 2)), rows, 2, 2, min_people=1)
    assert not result.any_shown
    assert result.finished.withheld


# --- The reminder ---------------------------------------------------------------------------


def test_reminder_window_and_working_days() -> None:
    q4 = window_of(date(2026, 11, 2))
    days = WorkCalendar().working_days(q4.start, q4.end)
    # Christmas and its cuti bersama: the last five working days of 2026 start on the 23rd.
    start = reminder_start(days, 5)
    assert start == date(2026, 12, 23)
    at = time(7, 30)
    assert not reminder_due(q4, days, start, time(7, 29), 5, at)
    assert reminder_due(q4, days, start, time(7, 30), 5, at)
    before = days[-6]
    assert not reminder_due(q4, days, before, time(12), 5, at)
    # A weekend day inside the reminder span: no message; the next working day: yes.
    weekend = next(
        date.fromordinal(d)
        for d in range(start.toordinal(), q4.end.toordinal() + 1)
        if date.fromordinal(d) not in days
    )
    assert not reminder_due(q4, days, weekend, time(12), 5, at)
    assert reminder_due(q4, days, days[-1], time(12), 5, at)
    # Outside the window (the next one has not reached its own reminder span).
    assert not reminder_due(q4, days, date(2027, 1, 4), time(12), 5, at)
    assert reminder_start([], 5) is None
    assert reminder_start(days[:3], 5) == days[0]  # fewer days than asked: from the first


# --- Buttons -------------------------------------------------------------------------------------


def test_callback_data_is_short_and_validated() -> None:
    q4 = window_of(date(2026, 11, 2))
    question = questions_for(EVALUASI, leading=True)[31]
    keyboard = kb.question_keyboard(q4, question, current=3, can_go_back=True)
    datas = [b.callback_data for row in keyboard.inline_keyboard for b in row]
    assert datas == [
        "ev:1:20261001:a:31.1", "ev:1:20261001:a:31.2", "ev:1:20261001:a:31.3",
        "ev:1:20261001:a:31.4", "ev:1:20261001:a:31.5", "ev:1:20261001:b:30",
        "ev:1:20261001:l:0",
    ]  # fmt: skip
    assert [b.text for b in keyboard.inline_keyboard[0]] == ["1", "2", "✅ 3", "4", "5"]
    press = kb.parse("ev:1:20261001:a:31.5")
    assert press is not None
    assert (press.stamp, press.action, press.answer()) == ("20261001", kb.Action.ANSWER, (31, 5))
    back = kb.parse("ev:1:20261001:b:30")
    assert back is not None
    assert back.index() == 30
    for bad in ("ev:1:20261001:a:31.6", "ev:1:20261001:a:31", "ev:1:20261001:a:x.1"):
        parsed = kb.parse(bad)
        assert parsed is not None
        assert parsed.answer() is None, bad
    for forged in ("ev:1:2026100:a:0.1", "ev:1:20261001:q:0", "ev:2:20261001:a:0.1",
                   "ap:1:20261001:a:0.1", None, "ev:1:20261001:a:"):  # fmt: skip
        assert kb.parse(forged) is None, forged
