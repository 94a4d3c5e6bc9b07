"""Shared by the health-import tests: the fixture folder, the person's zone, and
the exports the tests build from the text fixtures (zips, a SQLite database)."""

from __future__ import annotations

import sqlite3
import uuid
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from twitchtrack.domain.timed import Intake, SleepPeriod
from twitchtrack.storage.health import HealthRead

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "health"
BERLIN = ZoneInfo("Europe/Berlin")
APPLE_XML = FIXTURES / "apple" / "apple_health_export" / "export.xml"


def apple_zip(folder: Path, member: str = "apple_health_export/export.xml") -> Path:
    """``export.zip`` as the Health app writes it, with the main XML as ``member``
    and the clinical-document XML beside it (another root element)."""
    path = folder / "export.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(APPLE_XML, member)
        archive.writestr(
            "apple_health_export/export_cda.xml",
            '<?xml version="1.0"?><ClinicalDocument xmlns="urn:hl7-org:v3"/>',
        )
        archive.writestr("apple_health_export/workout-routes/route_1.gpx", "<gpx/>")
    return path


def health_connect_db(folder: Path) -> Path:
    """``health_connect_export.db`` built from the SQL fixture."""
    path = folder / "health_connect_export.db"
    sql = (FIXTURES / "health_connect" / "export.sql").read_text(encoding="utf-8")
    connection = sqlite3.connect(path)
    try:
        connection.executescript(sql)
        connection.commit()
    finally:
        connection.close()
    return path


def health_connect_zip(folder: Path, db: bytes | None = None) -> Path:
    """``Health Connect.zip`` holding the database (or ``db``'s bytes instead)."""
    data = db if db is not None else health_connect_db(folder).read_bytes()
    path = folder / "Health Connect.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("health_connect_export.db", data)
    return path


def hours(sleep: SleepPeriod) -> float:
    return (sleep.end - sleep.start) / timedelta(hours=1)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def by_kind(intakes: list[Intake]) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for intake in sorted(intakes, key=lambda i: i.at):
        out.setdefault(intake.kind, []).append(intake.amount)
    return out


def ids(read: HealthRead | None) -> set[uuid.UUID]:
    assert read is not None
    return {r.id for r in (*read.intakes, *read.sleeps)}
