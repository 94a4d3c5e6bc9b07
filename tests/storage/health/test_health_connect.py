"""Health Connect: the export zip's SQLite database, read from memory."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from twitchtrack.storage.health import read_health
from twitchtrack.storage.interchange.errors import InvalidImportError

from .helpers import (
    BERLIN,
    at,
    by_kind,
    health_connect_db,
    health_connect_zip,
    hours,
    ids,
)

SAMSUNG = "Health Connect: Samsung Health"


def test_zip_gives_sessions_stages_and_intakes(tmp_path: Path) -> None:
    read = read_health(health_connect_zip(tmp_path), tz=BERLIN)
    assert read is not None
    assert read.platform == "Health Connect"
    assert len(read.sleeps) == 3
    night = next(s for s in read.sleeps if s.stages)
    assert night.source == SAMSUNG
    assert night.start == at("2024-01-14T22:45:00+01:00")
    assert night.end == at("2024-01-15T06:30:00+01:00")
    # Stage 0 (unknown) is left out; awake-in-bed is awake.
    assert [s.stage for s in night.stages or []] == [
        "awake", "light", "deep", "awake", "rem", "light",
    ]  # fmt: skip
    # Two apps wrote the same night: both are kept, each with its source.
    other = [s for s in read.sleeps if s.source == "Health Connect: Sleep as Android"]
    assert len(other) == 1
    assert by_kind(read.intakes) == {
        "caffeine": [95.0],  # grams in the database
        "magnesium": [12.0, 150.0],
        "water": [250.0, 330.0, 500.0],  # litres in the database
    }
    # No app name: the package name is the source.
    assert read.counts["Health Connect: com.example.waterlog"]["water"] == 2


def test_dst_night_and_a_missing_offset(tmp_path: Path) -> None:
    read = read_health(health_connect_zip(tmp_path), tz=BERLIN)
    assert read is not None
    dst = next(s for s in read.sleeps if s.end.month == 3)
    assert hours(dst) == 6.5
    assert dst.end.utcoffset().total_seconds() == 7200  # type: ignore[union-attr]
    # The 19:00 water has no zone offset stored: shown in the person's zone.
    late = next(i for i in read.intakes if i.amount == 500.0)
    assert late.at == at("2024-01-14T19:00:00+01:00")
    assert late.at.utcoffset().total_seconds() == 3600  # type: ignore[union-attr]


def test_reading_twice_gives_the_same_ids(tmp_path: Path) -> None:
    path = health_connect_zip(tmp_path)
    first, again = read_health(path, tz=BERLIN), read_health(path, tz=BERLIN)
    assert first is not None
    assert again is not None
    assert ids(first) == ids(again)
    assert first.journal() == again.journal()


def test_a_bare_database_file_is_opened_read_only(tmp_path: Path) -> None:
    db = health_connect_db(tmp_path)
    os.chmod(db, 0o400)
    before = db.read_bytes()
    read = read_health(db, tz=BERLIN)
    assert read is not None
    assert len(read.sleeps) == 3
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["health_connect_export.db"]


def test_reading_the_zip_writes_nothing(tmp_path: Path) -> None:
    path = health_connect_zip(tmp_path)
    (tmp_path / "health_connect_export.db").unlink()
    read_health(path, tz=BERLIN)
    assert [p.name for p in tmp_path.iterdir()] == ["Health Connect.zip"]


def test_truncated_database_is_refused_naming_the_member(tmp_path: Path) -> None:
    data = health_connect_db(tmp_path).read_bytes()
    path = health_connect_zip(tmp_path, db=data[: len(data) // 3])
    with pytest.raises(InvalidImportError) as err:
        read_health(path, tz=BERLIN)
    (problem,) = err.value.errors
    assert problem.file == path
    assert "health_connect_export.db" in problem.message


def test_truncated_zip_is_refused(tmp_path: Path) -> None:
    path = health_connect_zip(tmp_path)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(InvalidImportError) as err:
        read_health(path, tz=BERLIN)
    assert err.value.errors[0].file == path


def test_a_large_database_is_read_from_a_private_copy_then_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from twitchtrack.storage.health import health_connect

    path = health_connect_zip(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(health_connect, "IN_MEMORY_LIMIT", 1)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    modes: list[int] = []
    real_connect = health_connect._connect

    def spy(
        file: Path, member: str | None
    ) -> AbstractContextManager[sqlite3.Connection]:
        if member is None:
            modes.append(file.parent.stat().st_mode & 0o777)
        return real_connect(file, member)

    monkeypatch.setattr(health_connect, "_connect", spy)
    read = read_health(path, tz=BERLIN)
    assert read is not None
    assert len(read.sleeps) == 3
    assert modes == [0o700]
    assert list(scratch.iterdir()) == []
