"""A journal as the count model reads it: one day per date, live records only."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from twitchtrack.domain.analysis.journal_input import day_inputs
from twitchtrack.domain.analysis.tracking import MODEL_FACTORS
from twitchtrack.domain.models import DayLog, Episode, Journal
from twitchtrack.domain.timed import Intake, SleepPeriod

D1, D2, D3 = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)
STAMP = datetime(2026, 3, 10, 12, tzinfo=UTC)
TODAY = date(2026, 3, 20)


def _at(day: date, hour: int, offset: int = 0) -> datetime:
    return datetime(
        day.year, day.month, day.day, hour, tzinfo=timezone(timedelta(hours=offset))
    )


def test_deleted_records_are_ignored() -> None:
    journal = Journal(
        episodes=[
            Episode(at=_at(D1, 8), region="calf_left"),
            Episode(at=_at(D1, 9), region="calf_left").tombstoned(),
            Episode(at=_at(D2, 9), region="calf_left").tombstoned(),
        ],
        days=[
            DayLog.for_day(D1, caffeine_mg=100.0),
            DayLog.for_day(D3, caffeine_mg=300.0).tombstoned(),
        ],
    )
    [only] = day_inputs(journal, today=TODAY)
    assert only.day == D1
    assert only.episodes == 1
    assert only.factors["caffeine_mg"] == 100.0


def test_the_latest_check_in_of_a_day_wins() -> None:
    older = DayLog(
        id=uuid.uuid4(), date=D1, sleep_h=8.0, updated_at=STAMP - timedelta(hours=1)
    )
    newer = DayLog(id=uuid.uuid4(), date=D1, sleep_h=5.5, updated_at=STAMP)
    for days in ([older, newer], [newer, older]):
        [got] = day_inputs(Journal(days=days), today=TODAY)
        assert got.factors["sleep_h"] == 5.5
    # A deleted newer copy does not hide the live one.
    gone = DayLog(
        id=uuid.uuid4(), date=D1, sleep_h=4.0, updated_at=STAMP + timedelta(hours=1)
    ).tombstoned()
    [got] = day_inputs(Journal(days=[older, gone]), today=TODAY)
    assert got.factors["sleep_h"] == 8.0


def test_days_with_only_an_episode_or_only_a_check_in_appear_in_date_order() -> None:
    journal = Journal(
        episodes=[
            Episode(at=_at(D3, 7), region="calf_left"),
            Episode(at=_at(D3, 20), region="calf_right"),
            Episode(at=_at(D1, 10), region="calf_left"),
        ],
        days=[DayLog.for_day(D2, stress=4)],
    )
    got = day_inputs(journal, today=TODAY)
    assert [d.day for d in got] == [D1, D2, D3]
    assert [d.episodes for d in got] == [1, 0, 2]
    # No check-in: nothing said and no factor values, never zeros.
    assert got[0].tracking is None
    assert got[0].factors == {}
    assert got[1].factors == {**dict.fromkeys(MODEL_FACTORS), "stress": 4}


def test_an_episode_counts_on_its_local_day() -> None:
    # 23:00 at UTC-5 is 04:00 UTC the next day; the person's day stays the 2nd.
    journal = Journal(episodes=[Episode(at=_at(D1, 23, offset=-5), region="calf_left")])
    [got] = day_inputs(journal, today=TODAY)
    assert got.day == D1


def test_the_tracking_answer_is_passed_through() -> None:
    journal = Journal(
        episodes=[Episode(at=_at(D2, 8), region="calf_left")],
        days=[
            DayLog.for_day(D1, tracking="all"),
            DayLog.for_day(D2, tracking="some"),
            DayLog.for_day(D3, tracking="off", caffeine_mg=50.0),
        ],
    )
    got = day_inputs(journal, today=TODAY)
    assert [d.tracking for d in got] == ["all", "some", "off"]
    assert [d.episodes for d in got] == [0, 1, 0]
    assert got[2].factors["caffeine_mg"] == 50.0


def test_an_empty_journal_has_no_days() -> None:
    assert day_inputs(Journal(), today=TODAY) == ()


def test_days_that_could_not_have_been_logged_stay_out() -> None:
    # A typo year an older version let in must not stretch the model's
    # day-by-day calendar over thousands of years.
    journal = Journal(
        episodes=[
            Episode(at=_at(D1, 8), region="calf_left"),
            Episode(at=datetime(9999, 1, 1, 8, tzinfo=UTC), region="calf_left"),
        ],
        days=[DayLog.for_day(date(1900, 1, 1), caffeine_mg=100.0)],
    )
    assert [d.day for d in day_inputs(journal, today=TODAY)] == [D1]


def test_a_day_with_only_intakes_or_sleep_gets_its_derived_values() -> None:
    # Issue 18: a coffee and a night from a watch are day values too.
    journal = Journal(
        intakes=[
            Intake(at=_at(D1, 8), kind="caffeine", amount=95.0, label="coffee"),
            Intake(at=_at(D1, 16), kind="caffeine", amount=63.0),
        ],
        sleeps=[SleepPeriod(start=_at(D1, 23), end=_at(D2, 6))],
    )
    got = day_inputs(journal, today=TODAY)
    assert [d.day for d in got] == [D1, D2]
    assert [d.episodes for d in got] == [0, 0]
    assert got[0].factors == {"caffeine_mg": 158.0}
    assert got[1].factors == {"sleep_h": 7.0}
    assert got[0].tracking is None


def test_a_typed_value_wins_over_the_derived_one() -> None:
    journal = Journal(
        episodes=[Episode(at=_at(D1, 9), region="calf_left")],
        days=[DayLog.for_day(D1, caffeine_mg=300.0, stress=2, tracking="all")],
        intakes=[
            Intake(at=_at(D1, 8), kind="caffeine", amount=95.0),
            Intake(at=_at(D1, 12), kind="water", amount=500.0),
        ],
    )
    [got] = day_inputs(journal, today=TODAY)
    assert got.factors == {
        **dict.fromkeys(MODEL_FACTORS),
        "caffeine_mg": 300.0,
        "water_ml": 500.0,
        "stress": 2,
    }
    assert (got.episodes, got.tracking) == (1, "all")


def test_timed_records_on_implausible_days_stay_out() -> None:
    journal = Journal(
        intakes=[Intake(at=datetime(1969, 12, 30, tzinfo=UTC), kind="water", amount=1)]
    )
    assert day_inputs(journal, today=TODAY) == ()
