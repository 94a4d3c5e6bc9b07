"""Fixtures for the journal store tests: a data folder, a fake clock, sample records."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from twitchtrack.domain.models import (
    DayLog,
    Episode,
    Journal,
    Kind,
    Pattern,
    TapPoint,
)
from twitchtrack.domain.regions import View

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class FakeClock:
    """An injectable clock that only moves when a test says so."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder that does not exist yet (the store creates it)."""
    return tmp_path / "data"


@pytest.fixture
def umask_022() -> Iterator[None]:
    import os

    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def episode(n: int = 0, **fields: Any) -> Episode:
    """Episode number ``n``: the same id and time every time it is asked for."""
    at = datetime(2026, 3, 1, 8, 0, tzinfo=UTC) + timedelta(minutes=17 * n)
    values: dict[str, Any] = {"at": at, "region": "calf_left", "created_at": at}
    values["id"] = uuid.UUID(int=0xE915_0DE0 << 64 | n)
    values["updated_at"] = at
    values.update(fields)
    return Episode.model_validate(values)


def edited(record: Any, at: datetime, **changes: Any) -> Any:
    """A copy of a record with ``changes`` and an explicit ``updated_at``."""
    data = record.model_dump()
    data.update(changes)
    data["updated_at"] = at
    return type(record).model_validate(data)


def sample_journal() -> Journal:
    """A small journal that uses every kind of field at least once."""
    eps = [
        episode(0),
        episode(
            1,
            region="eyelid_upper_left",
            intensity=7,
            duration_s=12.5,
            kind=Kind.FLUTTER,
            pattern=Pattern.BURST,
            at_rest=True,
            seen=False,
            tap=TapPoint(view=View.FACE, x=0.25, y=0.5),
            note='after "coffee",\nthen {"id":"x"} },\n{',
            tags=["work", "screen"],
            weakness=True,
        ),
        episode(2, region="thumb_right", deleted_at=T0, updated_at=T0),
    ]
    stamps = {"created_at": T0, "updated_at": T0}
    days = [
        DayLog.for_day(
            date(2026, 3, 1), caffeine_mg=190.0, sleep_h=6.5, stress=4, **stamps
        ),
        DayLog.for_day(
            date(2026, 3, 2),
            medications=["magnesium"],
            tags=["travel"],
            note="long day",
            sleep_quality=2,
            **stamps,
        ),
    ]
    return Journal(episodes=eps, days=days)
