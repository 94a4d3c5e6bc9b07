"""Garmin Connect (account data export): ``*_sleepData.json`` files.

Each entry has ``calendarDate``, ``sleepStartTimestampGMT`` and
``sleepEndTimestampGMT`` (UTC, without an offset: ``2024-01-14T22:31:00.0``) and
stage totals in seconds (deep, light, REM, awake) but no stage timeline.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Final

from twitchtrack.storage.health.common import (
    UNREADABLE,
    Collector,
    HealthRead,
    damaged,
    fixed,
)
from twitchtrack.storage.health.fitbit import load_json

PLATFORM: Final = "Garmin"
FILE_NAME: Final = re.compile(r"^.*_sleepData\.json$")
NO_TIMES: Final = "no sleep times"
NO_SLEEP: Final = "no sleep measured"
_ASLEEP = ("deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds")
_MAX_DEPTH = 4  # DI_CONNECT/DI-Connect-Wellness/*_sleepData.json


def files_in(folder: Path) -> list[Path]:
    """Garmin sleep files in ``folder`` and a few levels below it."""
    found: list[Path] = []
    base = len(folder.parts)
    for top, dirs, names in os.walk(folder):
        if len(Path(top).parts) - base >= _MAX_DEPTH:
            dirs.clear()
        found.extend(Path(top) / n for n in names if FILE_NAME.match(n))
    return sorted(found)


def read(path: Path, *, tz: tzinfo | None) -> HealthRead:
    """Read one sleepData file or every one of an export folder."""
    collect = Collector(PLATFORM)
    for file in files_in(path) if path.is_dir() else [path]:
        entries = load_json(file)
        if not isinstance(entries, list):
            raise damaged(file, 0, "is not a list of Garmin sleep entries")
        for entry in entries:
            _entry(entry, tz, collect)
    return collect.read


def _gmt(text: object, tz: tzinfo | None) -> datetime:
    if not isinstance(text, str | int):
        raise ValueError("no time")
    if isinstance(text, int):  # some exports give epoch milliseconds
        value = datetime.fromtimestamp(text / 1000, tz=UTC)
    else:
        value = datetime.fromisoformat(text).replace(tzinfo=UTC)
    # Shown in the person's zone; the instant is exact either way.
    return fixed(value.astimezone(tz) if tz is not None else value.astimezone())


def _entry(entry: object, tz: tzinfo | None, collect: Collector) -> None:
    if not isinstance(entry, dict):
        collect.skip(UNREADABLE)
        return
    raw_start = entry.get("sleepStartTimestampGMT")
    raw_end = entry.get("sleepEndTimestampGMT")
    if raw_start is None or raw_end is None:
        collect.skip(NO_TIMES)
        return
    asleep = [entry.get(k) for k in _ASLEEP]
    if not any(isinstance(s, int | float) and s > 0 for s in asleep):
        collect.skip(NO_SLEEP)
        return
    try:
        start, end = _gmt(raw_start, tz), _gmt(raw_end, tz)
    except (ValueError, OverflowError, OSError):
        collect.skip(UNREADABLE)
        return
    identity = f"{entry.get('calendarDate')}|{raw_start}|{raw_end}"
    collect.sleep(PLATFORM, identity, start, end)
