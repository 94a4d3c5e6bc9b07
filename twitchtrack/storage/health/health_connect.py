"""Health Connect (Android): the export zip's ``health_connect_export.db`` (SQLite).

Table and column names follow the AOSP Health Connect storage helpers
(``RecordHelper``, ``IntervalRecordHelper``, ``SleepSessionRecordHelper``,
``SleepStageRecordHelper``, ``HydrationRecordHelper``, ``NutritionRecordHelper``,
``AppInfoHelper``): times are epoch milliseconds with the zone offset in seconds
beside them, hydration ``volume`` is in litres, nutrition masses (``caffeine``,
``magnesium``) are in grams. The database is read from memory
(``sqlite3.deserialize``), so nothing of it is written to disk, and the connection
is query-only; one over ``IN_MEMORY_LIMIT`` is copied into a private temporary
folder (0700, removed afterwards) and opened with ``mode=ro``, like a bare
``.db`` file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Final

from twitchtrack.domain.timed import IntakeKind
from twitchtrack.storage.health.common import (
    UNREADABLE,
    Collector,
    HealthRead,
    damaged,
    source_name,
    stage_spans,
)

PLATFORM: Final = "Health Connect"
DB_NAME: Final = "health_connect_export.db"
SQLITE_MAGIC: Final = b"SQLite format 3\x00"
# SleepSessionRecord.STAGE_TYPE_*: 0 unknown (left out), 1 awake, 2 sleeping,
# 3 out of bed, 4 light, 5 deep, 6 REM, 7 awake in bed.
STAGES: Final[dict[int, str]] = {
    1: "awake",
    2: "asleep",
    3: "awake",
    4: "light",
    5: "deep",
    6: "rem",
    7: "awake",
}
# A database up to this size is read from memory, larger ones from a private copy.
IN_MEMORY_LIMIT = 256 * 1024 * 1024
# Doubles this small are a "not recorded" filler some writers leave in a column.
_NOT_RECORDED = 1e-12


def find_member(archive: zipfile.ZipFile) -> str | None:
    """The zip member holding the database, if any."""
    for name in archive.namelist():
        if name.rsplit("/", 1)[-1] == DB_NAME:
            return name
    return None


@contextmanager
def _connect(path: Path, member: str | None) -> Iterator[sqlite3.Connection]:
    if member is None:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
    else:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo(member).file_size > IN_MEMORY_LIMIT:
                with _extracted(archive, member) as copy, _connect(copy, None) as db:
                    yield db
                return
            data = archive.read(member)
        if not data.startswith(SQLITE_MAGIC):
            raise sqlite3.DatabaseError("file is not a database")
        connection = sqlite3.connect(":memory:")
        connection.deserialize(data)
    with closing(connection):
        connection.execute("PRAGMA query_only = ON")
        yield connection


@contextmanager
def _extracted(archive: zipfile.ZipFile, member: str) -> Iterator[Path]:
    """A database too large for memory, copied into a private (0700) temporary
    folder that is removed afterwards, whatever happens."""
    with tempfile.TemporaryDirectory(prefix="twitchtrack-hc-") as folder:
        target = Path(folder) / DB_NAME
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out, archive.open(member) as stream:
            shutil.copyfileobj(stream, out, 1 << 20)
        yield target


def read(path: Path, *, tz: tzinfo | None, member: str | None = None) -> HealthRead:
    """Read sleep sessions (with stages), water, caffeine and magnesium."""
    where = f"{member} " if member else ""
    collect = Collector(PLATFORM)
    try:
        with _connect(path, member) as db:
            tables = {
                r[0]
                for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            apps = _apps(db) if "application_info_table" in tables else {}
            if "sleep_session_record_table" in tables:
                _sleeps(db, tables, apps, tz, collect)
            if "hydration_record_table" in tables:
                _hydration(db, apps, tz, collect)
            if "nutrition_record_table" in tables:
                _nutrition(db, apps, tz, collect)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise damaged(path, 0, f"{where}is damaged inside the zip ({exc})") from None
    except sqlite3.Error as exc:
        raise damaged(
            path, 0, f"{where}is not a readable Health Connect database ({exc})"
        ) from None
    return collect.read


def _apps(db: sqlite3.Connection) -> dict[int, str]:
    return {
        row_id: (app_name or package or "")
        for row_id, package, app_name in db.execute(
            "SELECT row_id, package_name, app_name FROM application_info_table"
        )
    }


def _at(ms: object, offset: object, tz: tzinfo | None) -> datetime:
    if not isinstance(ms, int):
        raise ValueError("no time")
    instant = datetime.fromtimestamp(ms / 1000, tz=UTC)
    if isinstance(offset, int) and abs(offset) < 86_400:
        return instant.astimezone(timezone(timedelta(seconds=offset)))
    # No offset recorded: shown in the person's zone (the instant is exact anyway).
    local = instant.astimezone(tz) if tz is not None else instant.astimezone()
    return local.astimezone(timezone(local.utcoffset() or timedelta()))


def _identity(raw: object, fallback: object) -> str:
    if isinstance(raw, bytes):
        return raw.hex()
    return str(raw) if raw is not None else f"row {fallback}"


def _sleeps(
    db: sqlite3.Connection,
    tables: set[str],
    apps: dict[int, str],
    tz: tzinfo | None,
    collect: Collector,
) -> None:
    stages: dict[int, list[tuple[int, int, int]]] = {}
    if "sleep_stages_table" in tables:
        for parent, a, b, kind in db.execute(
            "SELECT parent_key, stage_start_time, stage_end_time, stage_type "
            "FROM sleep_stages_table"
        ):
            stages.setdefault(parent, []).append((a, b, kind))
    for row_id, raw_id, start_ms, start_off, end_ms, end_off, app in db.execute(
        "SELECT row_id, uuid, start_time, start_zone_offset, end_time, "
        "end_zone_offset, app_info_id FROM sleep_session_record_table"
    ):
        try:
            start = _at(start_ms, start_off, tz)
            end = _at(end_ms, end_off, tz)
            spans = [
                (
                    _at(a, start_off, tz),
                    _at(b, end_off, tz),
                    STAGES[kind],
                )
                for a, b, kind in stages.get(row_id, [])
                if kind in STAGES
            ]
        except (ValueError, OverflowError, OSError):
            collect.skip(UNREADABLE)
            continue
        source = source_name(PLATFORM, apps.get(app))
        collect.sleep(source, _identity(raw_id, row_id), start, end, stage_spans(spans))


def _hydration(
    db: sqlite3.Connection, apps: dict[int, str], tz: tzinfo | None, collect: Collector
) -> None:
    for row_id, raw_id, start_ms, start_off, litres, app in db.execute(
        "SELECT row_id, uuid, start_time, start_zone_offset, volume, app_info_id "
        "FROM hydration_record_table"
    ):
        _intake(
            collect, apps, tz, (row_id, raw_id, start_ms, start_off, app),
            "water", litres, 1000.0,
        )  # fmt: skip


def _nutrition(
    db: sqlite3.Connection, apps: dict[int, str], tz: tzinfo | None, collect: Collector
) -> None:
    columns = {r[1] for r in db.execute("PRAGMA table_info(nutrition_record_table)")}
    wanted = [c for c in ("caffeine", "magnesium") if c in columns]
    if not wanted:
        return
    query = (
        "SELECT row_id, uuid, start_time, start_zone_offset, app_info_id, "
        f"{', '.join(wanted)} FROM nutrition_record_table"
    )
    for row_id, raw_id, start_ms, start_off, app, *grams in db.execute(query):
        for name, value in zip(wanted, grams, strict=True):
            kind: IntakeKind = "caffeine" if name == "caffeine" else "magnesium"
            if value is None or (
                isinstance(value, float) and abs(value) < _NOT_RECORDED
            ):
                continue  # a meal without this nutrient: nothing to skip
            _intake(
                collect, apps, tz, (row_id, raw_id, start_ms, start_off, app),
                kind, value, 1000.0, suffix=name,
            )  # fmt: skip


def _intake(
    collect: Collector,
    apps: dict[int, str],
    tz: tzinfo | None,
    row: tuple[object, object, object, object, object],
    kind: IntakeKind,
    value: object,
    factor: float,
    suffix: str = "",
) -> None:
    row_id, raw_id, start_ms, start_off, app = row
    if not isinstance(value, int | float):
        collect.skip(UNREADABLE)
        return
    try:
        at = _at(start_ms, start_off, tz)
    except (ValueError, OverflowError, OSError):
        collect.skip(UNREADABLE)
        return
    source = source_name(PLATFORM, apps.get(app) if isinstance(app, int) else None)
    identity = f"{_identity(raw_id, row_id)}|{suffix}"
    collect.intake(source, identity, at, kind, float(value) * factor)
