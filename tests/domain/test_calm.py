"""Sampling prompts, sampling answers as an outcome, and tracking holidays."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta, timezone

from twitchtrack.domain.analysis.sampling_input import sample_inputs, usual_answers
from twitchtrack.domain.holiday import days_to_mark, mark_off, on_holiday
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.sampling import PROMPT_EXPIRES, Sample, due_prompt

TZ = timezone(timedelta(hours=1))
DAY = date(2026, 5, 4)
TIMES = (time(10), time(15), time(20))


def _at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def test_the_latest_passed_prompt_is_due_until_answered_or_expired() -> None:
    assert due_prompt(TIMES, _at(9, 59), []) is None
    assert due_prompt(TIMES, _at(10), []) == _at(10)
    # Missed prompts never pile up: at 15:30 only the 15:00 one is asked.
    assert due_prompt(TIMES, _at(15, 30), []) == _at(15)
    answered = [Sample(at=_at(15, 5), answer="few", prompted_at=_at(15))]
    assert due_prompt(TIMES, _at(15, 30), answered) is None
    # An answer given without the prompt, after it was due, counts too.
    assert (
        due_prompt(TIMES, _at(15, 30), [Sample(at=_at(15, 1), answer="none")]) is None
    )
    # A deleted answer does not.
    gone = [Sample(at=_at(15, 1), answer="none").tombstoned()]
    assert due_prompt(TIMES, _at(15, 30), gone) == _at(15)
    late = _at(15) + PROMPT_EXPIRES
    assert due_prompt(TIMES, late, []) is None


def test_usual_answers_is_the_most_common_count() -> None:
    per_day = Counter({DAY: 3, DAY + timedelta(1): 3, DAY + timedelta(2): 1})
    assert usual_answers(per_day) == 3
    assert usual_answers(Counter()) == 0


def test_sampling_days_sum_scores_and_short_days_are_partial() -> None:
    d2 = DAY + timedelta(days=1)
    d3 = DAY + timedelta(days=2)
    samples = [
        Sample(at=_at(10), answer="none"),
        Sample(at=_at(15), answer="few"),
        Sample(at=_at(20), answer="many"),
        Sample(at=_at(10, day=d2), answer="many"),  # one answer of the usual three
        Sample(at=_at(10, day=d3), answer="many"),
        Sample(at=_at(15, day=d3), answer="many"),
        Sample(at=_at(20, day=d3), answer="none"),
    ]
    days = [
        DayLog.for_day(DAY, caffeine_mg=300.0),
        DayLog.for_day(d2, tracking="off"),
        DayLog.for_day(DAY + timedelta(days=5), caffeine_mg=50.0),
    ]
    got = {
        d.day: d for d in sample_inputs(Journal(samples=samples, days=days), today=d3)
    }
    assert (got[DAY].episodes, got[DAY].tracking) == (3, "all")
    assert got[DAY].factors["caffeine_mg"] == 300.0
    assert got[d2].tracking == "off"  # the holiday wins over its one answer
    assert (got[d3].episodes, got[d3].tracking) == (4, "all")
    # A check-in without answers gives its factors but no outcome.
    assert DAY + timedelta(days=5) not in got  # not plausible yet on d3
    later = sample_inputs(Journal(samples=samples, days=days), today=DAY + timedelta(9))
    quiet = {d.day: d for d in later}[DAY + timedelta(days=5)]
    assert quiet.episodes is None


def test_a_holiday_marks_its_days_off_and_keeps_what_they_held() -> None:
    today = DAY + timedelta(days=3)
    days = days_to_mark(DAY, DAY + timedelta(days=10), today)
    assert days == [DAY + timedelta(days=k) for k in range(4)]
    had = DayLog.for_day(DAY + timedelta(days=1), caffeine_mg=120.0, note="trip")
    journal = Journal(days=[had])
    logs = mark_off(journal, days, today)
    assert len(logs) == 4
    journal = journal.with_records(days=logs)
    for day in days:
        assert on_holiday(journal, day)
    kept = journal.day(DAY + timedelta(days=1))
    assert kept is not None
    assert (kept.caffeine_mg, kept.note) == (120.0, "trip")
    assert mark_off(journal, days, today) == []  # already off: nothing to write
    # After tomorrow nothing can be marked yet.
    assert mark_off(Journal(), [today + timedelta(days=2)], today) == []
