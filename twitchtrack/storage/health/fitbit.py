"""Fitbit (Google Takeout): ``sleep-YYYY-MM-DD.json`` files, one list of logs each.

A log has ``logId``, ``startTime``/``endTime`` as local wall-clock times without
an offset (read in the person's time zone), ``mainSleep`` and ``levels.data``:
stage spans (``wake``/``light``/``deep``/``rem``, or the older
``asleep``/``restless``/``awake``) with a local ``dateTime`` and ``seconds``.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any, Final

from twitchtrack.storage.health.common import (
    UNREADABLE,
    Collector,
    HealthRead,
    damaged,
    in_zone,
    stage_spans,
)

PLATFORM: Final = "Fitbit"
FILE_NAME: Final = re.compile(r"^sleep-\d{4}-\d{2}-\d{2}\.json$")
# Fitbit level -> stage. "restless" is counted as awake, as Fitbit's own
# minutesAsleep does.
LEVELS: Final[dict[str, str]] = {
    "wake": "awake",
    "awake": "awake",
    "restless": "awake",
    "light": "light",
    "deep": "deep",
    "rem": "rem",
    "asleep": "asleep",
}
_MAX_DEPTH = 4  # Takeout/Fitbit/Global Export Data/sleep-*.json


def files_in(folder: Path) -> list[Path]:
    """Fitbit sleep files in ``folder`` and a few levels below it."""
    found: list[Path] = []
    base = len(folder.parts)
    for top, dirs, names in os.walk(folder):
        if len(Path(top).parts) - base >= _MAX_DEPTH:
            dirs.clear()
        found.extend(Path(top) / n for n in names if FILE_NAME.match(n))
    return sorted(found)


def load_json(path: Path) -> Any:
    """A JSON file's content; a damaged or cut-short file is refused with its line."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        return json.loads(text)
    except OSError as exc:
        raise damaged(path, 0, f"cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise damaged(path, 0, "is not UTF-8 text (damaged?)") from None
    except json.JSONDecodeError as exc:
        raise damaged(
            path, exc.lineno, f"is damaged or cut short (JSON: {exc.msg})"
        ) from None


def read(path: Path, *, tz: tzinfo | None) -> HealthRead:
    """Read one sleep file or every sleep file of a Takeout folder."""
    collect = Collector(PLATFORM)
    for file in files_in(path) if path.is_dir() else [path]:
        logs = load_json(file)
        if not isinstance(logs, list):
            raise damaged(file, 0, "is not a list of Fitbit sleep logs")
        for log in logs:
            _log(log, tz, collect)
    return collect.read


def _time(text: object, tz: tzinfo | None) -> datetime:
    if not isinstance(text, str):
        raise ValueError("no time")
    return in_zone(datetime.fromisoformat(text), tz)


def _log(log: object, tz: tzinfo | None, collect: Collector) -> None:
    if not isinstance(log, dict):
        collect.skip(UNREADABLE)
        return
    try:
        start = _time(log.get("startTime"), tz)
        end = _time(log.get("endTime"), tz)
        spans = []
        levels = log.get("levels")
        data = levels.get("data", []) if isinstance(levels, dict) else []
        for item in data if isinstance(data, list) else []:
            stage = LEVELS.get(str(item.get("level")))
            seconds = item.get("seconds")
            if stage is None or not isinstance(seconds, int | float):
                continue
            at = _time(item.get("dateTime"), tz)
            spans.append((at, at + timedelta(seconds=seconds), stage))
    except (ValueError, AttributeError, OverflowError):
        collect.skip(UNREADABLE)
        return
    identity = str(log.get("logId") or f"{log.get('startTime')}|{log.get('endTime')}")
    collect.sleep(PLATFORM, identity, start, end, stage_spans(spans))
