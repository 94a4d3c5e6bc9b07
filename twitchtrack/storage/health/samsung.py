"""Samsung Health: the "download personal data" folder of CSV files.

Each file's first line is metadata (``com.samsung.shealth.sleep,6313012,3``), the
second the header, whose names may carry the data type as a prefix
(``com.samsung.health.sleep.start_time``): the part after the last dot is used.
``start_time``/``end_time`` are UTC (``2024-01-14 22:10:00.000``); ``time_offset``
(``UTC+0100``) is the person's offset then, used to show the time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Final

from twitchtrack.domain.timed import IntakeKind
from twitchtrack.storage.health.common import (
    UNREADABLE,
    Collector,
    HealthRead,
    fixed,
    parse_offset,
    source_name,
)
from twitchtrack.storage.health.sheets import Row, read_text, rows

PLATFORM: Final = "Samsung Health"
# File name -> what it holds (None: sleep). Other files are other data.
_FILES: Final = re.compile(
    r"^com\.samsung\.(?:shealth\.(?P<sleep>sleep)|health\.(?P<intake>water_intake"
    r"|caffeine_intake))\.\d+\.csv$"
)
_KINDS: Final[dict[str, IntakeKind]] = {
    "water_intake": "water",  # amount in ml
    "caffeine_intake": "caffeine",  # amount in mg
}
# The Samsung Health app itself, named as the platform already.
_OWN_APPS: Final = {"com.sec.android.app.shealth", "com.samsung.android.wear.shealth"}


def kind_of(path: Path) -> str | None:
    """``"sleep"``, ``"water_intake"`` or ``"caffeine_intake"`` for a Samsung file."""
    match = _FILES.match(path.name)
    if match is None:
        return None
    return match.group("sleep") or match.group("intake")


def files_in(folder: Path) -> list[Path]:
    """The Samsung sleep, water and caffeine files at the top of ``folder``."""
    try:
        return sorted(p for p in folder.iterdir() if p.is_file() and kind_of(p))
    except OSError:
        return []


def read(path: Path, *, tz: tzinfo | None) -> HealthRead:
    """Read one Samsung CSV file or every relevant file of the folder."""
    collect = Collector(PLATFORM)
    for file in files_in(path) if path.is_dir() else [path]:
        _read_file(file, tz, collect)
    return collect.read


def _utc(text: str, offset: str, tz: tzinfo | None) -> datetime:
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    zone = parse_offset(offset) if offset else None
    if zone is not None:
        return value.astimezone(zone)
    return fixed(value.astimezone(tz) if tz is not None else value.astimezone())


def _read_file(path: Path, tz: tzinfo | None, collect: Collector) -> None:
    kind = kind_of(path)
    text = read_text(path)
    header_line = text.splitlines()[1] if text.count("\n") >= 1 else ""
    names = [h.strip().rsplit(".", 1)[-1] for h in header_line.split(",")]
    _, body = rows(path, text, skip_lines=1, names=names)
    for row in body:
        if kind == "sleep":
            _sleep(row, tz, collect)
        elif kind in _KINDS:
            _intake(row, _KINDS[kind], tz, collect)


def _source(row: Row) -> str:
    app = row.get("pkg_name")
    return source_name(PLATFORM, None if app in _OWN_APPS else app)


def _identity(row: Row) -> str:
    return row.get("datauuid") or f"{row.get('start_time')}|{row.get('end_time')}"


def _sleep(row: Row, tz: tzinfo | None, collect: Collector) -> None:
    offset = row.get("time_offset")
    try:
        start = _utc(row.get("start_time"), offset, tz)
        end = _utc(row.get("end_time"), offset, tz)
    except ValueError:
        collect.skip(UNREADABLE)
        return
    collect.sleep(_source(row), f"sleep|{_identity(row)}", start, end)


def _intake(row: Row, kind: IntakeKind, tz: tzinfo | None, collect: Collector) -> None:
    try:
        at = _utc(row.get("start_time"), row.get("time_offset"), tz)
        amount = float(row.get("amount"))
    except ValueError:
        collect.skip(UNREADABLE)
        return
    collect.intake(_source(row), f"{kind}|{_identity(row)}", at, kind, amount)
