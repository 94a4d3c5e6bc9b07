"""Garmin Connect: *_sleepData.json with GMT timestamps."""

from __future__ import annotations

import pytest

from twitchtrack.storage.health import is_health_folder, read_health
from twitchtrack.storage.interchange.errors import InvalidImportError

from .helpers import BERLIN, FIXTURES, at, hours, ids

EXPORT = FIXTURES / "garmin" / "DI_CONNECT"


def test_export_folder_gives_the_nights() -> None:
    assert is_health_folder(EXPORT)
    read = read_health(EXPORT, tz=BERLIN)
    assert read is not None
    assert read.platform == "Garmin"
    assert len(read.sleeps) == 2
    night, dst = sorted(read.sleeps, key=lambda s: s.start)
    # GMT in the file, shown in the person's zone.
    assert night.start == at("2024-01-14T21:50:00+00:00")
    assert night.start.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert hours(night) == 7.75
    assert hours(dst) == 6.5
    assert dst.end.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    assert read.skipped == {"no sleep times": 1, "no sleep measured": 1}
    assert read.counts == {"Garmin": {"sleep": 2}}


def test_reading_twice_gives_the_same_ids() -> None:
    first = read_health(EXPORT, tz=BERLIN)
    assert first is not None
    assert ids(read_health(EXPORT, tz=None)) == ids(first)


def test_truncated_file_is_refused_with_its_line() -> None:
    path = (
        FIXTURES
        / "garmin"
        / "truncated"
        / "2024-01-01_2024-04-10_98765432_sleepData.json"
    )
    with pytest.raises(InvalidImportError) as err:
        read_health(path, tz=BERLIN)
    (problem,) = err.value.errors
    assert problem.file == path
    assert problem.line == 18
