"""Oura: the sleep CSV with bedtimes, durations and the 5-minute hypnogram."""

from __future__ import annotations

from datetime import timedelta

import pytest

from twitchtrack.storage.health import read_health
from twitchtrack.storage.interchange.errors import InvalidImportError

from .helpers import BERLIN, FIXTURES, at, hours, ids

CSV = FIXTURES / "oura" / "oura_sleep_2024-01-01_2024-04-02.csv"


def test_csv_gives_sleep_periods_with_stages() -> None:
    read = read_health(CSV, tz=BERLIN)
    assert read is not None
    assert read.platform == "Oura"
    assert len(read.sleeps) == 3
    night, dst, nap = sorted(read.sleeps, key=lambda s: s.start)
    assert night.start == at("2024-01-14T23:02:00+01:00")
    assert hours(night) == 7.5
    stages = night.stages or []
    assert stages[0].start == night.start
    assert stages[-1].end <= night.end
    assert {s.stage for s in stages} == {"awake", "light", "deep", "rem"}
    assert all(s.end - s.start >= timedelta(minutes=5) for s in stages)
    assert hours(dst) == 6.5
    # A nap without an offset is read in the person's zone.
    assert nap.start == at("2024-04-01T15:10:00+02:00")
    assert read.skipped == {"not a sleep record": 1}  # the "rest" period


def test_reading_twice_gives_the_same_ids() -> None:
    assert ids(read_health(CSV, tz=BERLIN)) == ids(read_health(CSV, tz=BERLIN))


def test_truncated_csv_is_refused_with_its_line() -> None:
    path = FIXTURES / "oura" / "truncated" / CSV.name
    with pytest.raises(InvalidImportError) as err:
        read_health(path, tz=BERLIN)
    (problem,) = err.value.errors
    assert problem.file == path
    assert problem.line == 3
