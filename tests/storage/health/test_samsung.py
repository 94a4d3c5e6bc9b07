"""Samsung Health: the personal-data folder of prefixed CSV files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from twitchtrack.storage.health import is_health_folder, read_health
from twitchtrack.storage.interchange.errors import InvalidImportError

from .helpers import BERLIN, FIXTURES, at, by_kind, hours, ids

FOLDER = FIXTURES / "samsung" / "samsunghealth_sam_20240402120000"


def test_folder_gives_nights_water_and_caffeine() -> None:
    assert is_health_folder(FOLDER)
    read = read_health(FOLDER, tz=BERLIN)
    assert read is not None
    assert read.platform == "Samsung Health"
    assert len(read.sleeps) == 2
    night = min(read.sleeps, key=lambda s: s.start)
    # Stored in UTC; shown at the record's own offset (UTC+0100).
    assert night.start == at("2024-01-14T22:40:00+01:00")
    assert night.start.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]
    assert by_kind(read.intakes) == {"caffeine": [95.0, 190.0], "water": [250.0, 500.0]}
    assert read.skipped == {"zero amount": 1, "ends before it starts": 1}
    # Another app's entry keeps its package name; Samsung's own app is the platform.
    assert read.counts["Samsung Health: com.example.coffeeapp"] == {"caffeine": 1}
    assert read.counts["Samsung Health"] == {"sleep": 2, "water": 2, "caffeine": 1}


def test_dst_night_lasts_six_and_a_half_hours() -> None:
    read = read_health(FOLDER, tz=BERLIN)
    assert read is not None
    assert hours(max(read.sleeps, key=lambda s: s.start)) == 6.5


def test_one_file_alone_and_twice_the_same_ids() -> None:
    sleep_file = FOLDER / "com.samsung.shealth.sleep.20240402120000.csv"
    alone = read_health(sleep_file, tz=BERLIN)
    whole = read_health(FOLDER, tz=BERLIN)
    assert alone is not None
    assert whole is not None
    assert ids(alone) <= ids(whole)
    assert ids(read_health(FOLDER, tz=BERLIN)) == ids(whole)


def test_truncated_file_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(FOLDER, folder)
    shutil.copy(
        FIXTURES
        / "samsung"
        / "truncated"
        / "com.samsung.shealth.sleep.20240402120000.csv",
        folder,
    )
    with pytest.raises(InvalidImportError) as err:
        read_health(folder, tz=BERLIN)
    (problem,) = err.value.errors
    assert problem.file.name == "com.samsung.shealth.sleep.20240402120000.csv"
    assert problem.line == 4


def test_a_folder_without_samsung_files_is_not_an_export(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    assert not is_health_folder(tmp_path)
    assert read_health(tmp_path, tz=BERLIN) is None
