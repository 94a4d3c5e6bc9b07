"""Effective day values: typed wins, else derived from intakes and sleep periods."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from twitchtrack.domain.day_values import (
    DAY_VALUE_FIELDS,
    DayValues,
    derived_values,
    effective_days,
    local_day,
    union_seconds,
)
from twitchtrack.domain.models import DayLog, Journal
from twitchtrack.domain.timed import Intake, SleepPeriod, SleepStageSpan

D1, D2 = date(2026, 3, 2), date(2026, 3, 3)
PLUS1 = timezone(timedelta(hours=1))
STAMP = datetime(2026, 3, 10, 12, tzinfo=UTC)


def _t(day: date, hour: int, minute: int = 0, tz: timezone = PLUS1) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _coffee(at: datetime, mg: float = 95.0) -> Intake:
    return Intake(at=at, kind="caffeine", amount=mg, label="coffee")


def test_intakes_add_up_per_local_day_and_kind() -> None:
    journal = Journal(
        intakes=[
            _coffee(_t(D1, 8)),
            _coffee(_t(D1, 15), 63.0),
            Intake(at=_t(D1, 12), kind="water", amount=250.0),
            Intake(at=_t(D1, 13), kind="water", amount=500.0),
            Intake(at=_t(D1, 20), kind="alcohol", amount=1.5),
            Intake(at=_t(D1, 21), kind="magnesium", amount=200.0),
            _coffee(_t(D2, 9)),
            _coffee(_t(D2, 10)).tombstoned(),
        ]
    )
    got = effective_days(journal)
    assert list(got) == [D1, D2]
    assert got[D1] == DayValues(
        D1,
        caffeine_mg=158.0,
        water_ml=750.0,
        alcohol_units=1.5,
        magnesium_mg=200.0,
        derived=("caffeine_mg", "water_ml", "alcohol_units", "magnesium_mg"),
    )
    assert got[D2].caffeine_mg == 95.0  # the deleted second coffee is not counted
    assert got[D2].derived == ("caffeine_mg",)
    assert got[D2].sleep_h is None


def test_a_typed_value_wins_even_zero_and_the_rest_is_derived() -> None:
    journal = Journal(
        days=[DayLog.for_day(D1, caffeine_mg=0.0, stress=4)],
        intakes=[
            _coffee(_t(D1, 8)),
            Intake(at=_t(D1, 12), kind="water", amount=300.0),
        ],
        sleeps=[SleepPeriod(start=_t(D1, 0), end=_t(D1, 7))],
    )
    [values] = effective_days(journal).values()
    assert values.caffeine_mg == 0.0
    assert values.water_ml == 300.0
    assert values.sleep_h == 7.0
    assert values.derived == ("sleep_h", "water_ml")
    assert values.values() == {
        "sleep_h": 7.0,
        "caffeine_mg": 0.0,
        "water_ml": 300.0,
        "alcohol_units": None,
        "magnesium_mg": None,
    }


def test_the_newest_live_check_in_of_a_date_is_the_typed_one() -> None:
    older = DayLog(
        id=uuid.uuid4(), date=D1, sleep_h=8.0, updated_at=STAMP - timedelta(hours=1)
    )
    newer = DayLog(id=uuid.uuid4(), date=D1, sleep_h=None, updated_at=STAMP)
    night = SleepPeriod(start=_t(D1, 1), end=_t(D1, 6))
    for days in ([older, newer], [newer, older]):
        [got] = effective_days(Journal(days=days, sleeps=[night])).values()
        # The newer check-in typed no sleep: the night's 5 h count.
        assert (got.sleep_h, got.derived) == (5.0, ("sleep_h",))
    gone = newer.tombstoned()
    [got] = effective_days(Journal(days=[older, gone], sleeps=[night])).values()
    assert (got.sleep_h, got.derived) == (8.0, ())


def test_a_night_belongs_to_the_day_it_ends() -> None:
    night = SleepPeriod(start=_t(D1, 23), end=_t(D2, 6, 30))
    got = effective_days(Journal(sleeps=[night]))
    assert list(got) == [D2]
    assert got[D2].sleep_h == 7.5


def test_overlapping_watch_and_phone_records_are_not_counted_twice() -> None:
    watch = SleepPeriod(start=_t(D1, 23), end=_t(D2, 7), source="watch")
    phone = SleepPeriod(start=_t(D2, 0), end=_t(D2, 7, 30), source="phone")
    nap = SleepPeriod(start=_t(D2, 14), end=_t(D2, 14, 30), source="phone")
    got = effective_days(Journal(sleeps=[phone, watch, nap]))
    # 23:00-07:30 is 8.5 h, plus a separate half-hour nap.
    assert got[D2].sleep_h == 9.0


def test_only_asleep_stages_count_when_a_period_has_stages() -> None:
    def span(h0: int, m0: int, h1: int, m1: int, stage: str) -> SleepStageSpan:
        start = _t(D1 if h0 >= 12 else D2, h0, m0)
        end = _t(D1 if h1 >= 12 else D2, h1, m1)
        return SleepStageSpan(start=start, end=end, stage=stage)

    staged = SleepPeriod(
        start=_t(D1, 22),
        end=_t(D2, 6),
        stages=[
            span(22, 0, 22, 30, "in_bed"),
            span(22, 30, 1, 0, "light"),
            span(1, 0, 2, 0, "deep"),
            span(2, 0, 2, 30, "awake"),
            span(2, 30, 4, 0, "rem"),
            span(4, 0, 5, 0, "core"),
            span(5, 0, 5, 30, "asleep"),
            span(5, 30, 6, 0, "awake"),
        ],
    )
    got = effective_days(Journal(sleeps=[staged]))
    # Asleep 22:30-02:00 and 02:30-05:30: 6.5 h of the 8 h in bed.
    assert got[D2].sleep_h == 6.5
    # The same night again from a device without stages covers the awake parts.
    plain = SleepPeriod(start=_t(D1, 22, 30), end=_t(D2, 5, 30))
    got = effective_days(Journal(sleeps=[staged, plain]))
    assert got[D2].sleep_h == 7.0


def test_a_period_with_no_asleep_time_derives_no_sleep() -> None:
    in_bed = SleepPeriod(
        start=_t(D1, 0),
        end=_t(D1, 8),
        stages=[SleepStageSpan(start=_t(D1, 0), end=_t(D1, 8), stage="in_bed")],
    )
    assert effective_days(Journal(sleeps=[in_bed])) == {}
    gone = SleepPeriod(start=_t(D1, 0), end=_t(D1, 8)).tombstoned()
    assert effective_days(Journal(sleeps=[gone])) == {}


def test_the_day_is_read_in_the_stored_offset_or_in_a_given_zone() -> None:
    late = _t(D1, 23, 30, tz=timezone(timedelta(hours=-5)))  # 04:30 UTC on D2
    journal = Journal(intakes=[_coffee(late)])
    assert list(effective_days(journal)) == [D1]
    assert local_day(late) == D1
    assert list(effective_days(journal, UTC)) == [D2]
    assert local_day(late, timezone(timedelta(hours=2))) == D2


def test_days_with_only_a_check_in_keep_their_typed_values() -> None:
    journal = Journal(days=[DayLog.for_day(D1, sleep_h=6.0), DayLog.for_day(D2)])
    got = effective_days(journal)
    assert got[D1] == DayValues(D1, sleep_h=6.0)
    assert got[D2] == DayValues(D2)
    assert effective_days(Journal()) == {}
    assert derived_values(journal) == {}


def test_union_of_spans() -> None:
    assert union_seconds([]) == 0.0
    assert union_seconds([(0, 10), (5, 15), (20, 30), (30, 31)]) == 26.0
    assert union_seconds([(5, 6), (0, 100)]) == 100.0


def test_field_order_is_stable() -> None:
    assert DAY_VALUE_FIELDS == (
        "sleep_h",
        "caffeine_mg",
        "water_ml",
        "alcohol_units",
        "magnesium_mg",
    )
