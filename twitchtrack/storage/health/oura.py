"""Oura: the sleep CSV of the data export (one row per sleep period).

Columns are matched by name, case and spacing aside (``bedtime_start`` or
``Bedtime Start``): ``bedtime_start``/``bedtime_end`` (ISO 8601, usually with an
offset; without one, the person's zone), ``total_sleep_duration`` in seconds,
optional ``type`` (``long_sleep``, ``sleep``, ``late_nap``; ``rest`` and
``deleted`` are not sleep), ``id``, and ``sleep_phase_5_min`` (one digit per five
minutes from bedtime start: 1 deep, 2 light, 3 REM, 4 awake) for the stages.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Final

from twitchtrack.storage.health.common import (
    NOT_SLEEP,
    UNREADABLE,
    Collector,
    HealthRead,
    parse_time,
    stage_spans,
)
from twitchtrack.storage.health.sheets import Row, read_text, rows, sniff_delimiter

PLATFORM: Final = "Oura"
NO_SLEEP: Final = "no sleep measured"
_PHASES: Final[dict[str, str]] = {"1": "deep", "2": "light", "3": "rem", "4": "awake"}
_NOT_SLEEP_TYPES: Final = {"rest", "deleted"}
_STEP = timedelta(minutes=5)


def normalise(name: str) -> str:
    """``"Bedtime Start"`` -> ``"bedtime_start"``."""
    return "_".join(name.strip().strip('"').lower().replace("-", " ").split())


def is_oura_header(line: str) -> bool:
    """True for a header line with Oura's bedtime columns."""
    names = {normalise(n) for n in line.split(sniff_delimiter(line))}
    return {"bedtime_start", "bedtime_end"} <= names


def read(path: Path, *, tz: tzinfo | None) -> HealthRead:
    """Read the sleep periods of an Oura CSV."""
    collect = Collector(PLATFORM)
    text = read_text(path)
    header = text.splitlines()[0] if text else ""
    names = [normalise(n) for n in header.split(sniff_delimiter(header))]
    _, body = rows(path, text, names=names)
    for row in body:
        _period(row, tz, collect)
    return collect.read


def _phases(hypnogram: str, start: datetime) -> list[tuple[datetime, datetime, str]]:
    spans: list[tuple[datetime, datetime, str]] = []
    for i, digit in enumerate(hypnogram):
        stage = _PHASES.get(digit)
        if stage is None:
            continue
        a = start + i * _STEP
        if spans and spans[-1][2] == stage and spans[-1][1] == a:
            spans[-1] = (spans[-1][0], a + _STEP, stage)
        else:
            spans.append((a, a + _STEP, stage))
    return spans


def _period(row: Row, tz: tzinfo | None, collect: Collector) -> None:
    if row.get("type").lower() in _NOT_SLEEP_TYPES:
        collect.skip(NOT_SLEEP)
        return
    duration = row.get("total_sleep_duration")
    try:
        start = parse_time(row.get("bedtime_start"), tz)
        end = parse_time(row.get("bedtime_end"), tz)
        asleep = float(duration) if duration else None
    except ValueError:
        collect.skip(UNREADABLE)
        return
    if asleep is not None and asleep <= 0:
        collect.skip(NO_SLEEP)
        return
    spans = [s for s in _phases(row.get("sleep_phase_5_min"), start) if s[0] < end]
    spans = [(a, min(b, end), s) for a, b, s in spans]
    identity = row.get("id") or f"{row.get('bedtime_start')}|{row.get('bedtime_end')}"
    collect.sleep(PLATFORM, identity, start, end, stage_spans(spans))
