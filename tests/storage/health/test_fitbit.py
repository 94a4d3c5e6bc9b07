"""Fitbit (Google Takeout): sleep-YYYY-MM-DD.json, local times without offset."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from twitchtrack.storage.health import is_health_folder, read_health
from twitchtrack.storage.interchange.errors import InvalidImportError

from .helpers import BERLIN, FIXTURES, at, hours, ids

TAKEOUT = FIXTURES / "fitbit" / "Takeout"
JANUARY = TAKEOUT / "Fitbit" / "Global Export Data" / "sleep-2024-01-14.json"


def test_takeout_folder_gives_nights_naps_and_stages() -> None:
    assert is_health_folder(TAKEOUT)
    read = read_health(TAKEOUT, tz=BERLIN)
    assert read is not None
    assert read.platform == "Fitbit"
    assert read.intakes == []
    assert len(read.sleeps) == 3
    main, nap, _ = sorted(read.sleeps, key=lambda s: s.start)
    assert main.start == at("2024-01-14T22:58:30+01:00")
    assert main.end == at("2024-01-15T06:41:30+01:00")
    assert [s.stage for s in main.stages or []] == [
        "awake", "light", "deep", "light", "rem", "awake", "light",
    ]  # fmt: skip
    # The classic levels of a nap: restless counts as awake.
    assert [s.stage for s in nap.stages or []] == ["asleep", "awake", "asleep", "awake"]
    assert read.counts == {"Fitbit": {"sleep": 3}}


def test_times_are_read_in_the_persons_zone() -> None:
    berlin = read_health(JANUARY, tz=BERLIN)
    new_york = read_health(JANUARY, tz=ZoneInfo("America/New_York"))
    assert berlin is not None
    assert new_york is not None
    first = min(berlin.sleeps, key=lambda s: s.start)
    assert first.start.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    other = min(new_york.sleeps, key=lambda s: s.start)
    # The same wall-clock time, read in another zone: six hours later as an instant.
    assert other.start.replace(tzinfo=None) == first.start.replace(tzinfo=None)
    assert other.start - first.start == timedelta(hours=6)
    # The same logs: the ids come from Fitbit's logId, not from the zone.
    assert ids(berlin) == ids(new_york)


def test_dst_night_lasts_six_and_a_half_hours() -> None:
    read = read_health(TAKEOUT, tz=BERLIN)
    assert read is not None
    night = max(read.sleeps, key=lambda s: s.start)
    assert night.start == at("2024-03-30T23:20:00+01:00")
    assert night.end == at("2024-03-31T06:50:00+02:00")
    assert hours(night) == 6.5


def test_truncated_file_is_refused_with_its_line() -> None:
    with pytest.raises(InvalidImportError) as err:
        read_health(
            FIXTURES / "fitbit" / "truncated" / "sleep-2024-01-14.json", tz=BERLIN
        )
    (problem,) = err.value.errors
    assert problem.file.name == "sleep-2024-01-14.json"
    assert problem.line == 25
    assert "cut short" in problem.message


def test_a_json_journal_is_not_a_fitbit_file(tmp_path: Path) -> None:
    journal = tmp_path / "journal.json"
    journal.write_text('{"format": "twitchtrack-journal"}', encoding="utf-8")
    assert read_health(journal, tz=BERLIN) is None
