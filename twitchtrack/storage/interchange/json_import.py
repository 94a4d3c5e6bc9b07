"""Importing a journal file (JSON): format and version checks, per-field errors."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from twitchtrack.domain.merge import RECORD_LISTS
from twitchtrack.domain.models import FORMAT, SCHEMA_VERSION, Journal
from twitchtrack.domain.times import day_problem, time_problem
from twitchtrack.storage.errors import MigrationError
from twitchtrack.storage.interchange.errors import RowError
from twitchtrack.storage.migrations import migrate
from twitchtrack.storage.parse import shown_value


def _schema_problem(raw: object) -> str | None:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        return f'is not a twitchtrack journal (no "format": "{FORMAT}")'
    version = raw.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return "has no valid schema_version"
    if version > SCHEMA_VERSION:
        return (
            f"was written by a newer twitchtrack (journal version {version}; this one "
            f"reads up to {SCHEMA_VERSION}): update twitchtrack to import it"
        )
    if version < 1:
        return f"has an unknown journal version {version}"
    return None


def _json_field(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += (
            f"[{part}]"
            if isinstance(part, int)
            else (f".{part}" if text else str(part))
        )
    return text or "journal"


def read_json(path: Path, data: bytes) -> tuple[Journal | None, list[RowError]]:
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [RowError(path, 0, None, "is not UTF-8 text")]
    except json.JSONDecodeError as exc:
        return None, [RowError(path, exc.lineno, None, f"is not valid JSON: {exc.msg}")]
    except RecursionError:
        return None, [RowError(path, 0, None, "is not valid JSON: nested too deeply")]
    problem = _schema_problem(raw)
    if problem:
        return None, [RowError(path, 0, None, problem)]
    try:
        raw = migrate(raw)
    except MigrationError as exc:
        return None, [RowError(path, 0, "schema_version", str(exc))]
    try:
        journal = Journal.model_validate(raw)
    except ValidationError as exc:
        errors: list[RowError] = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            message = str(err["msg"]).removeprefix("Value error, ")
            if repr(err.get("input")) not in message:
                message += shown_value(err.get("input"))
            record_id = _record_id(raw, loc)
            if record_id:
                message = f"{message} (id {record_id})"
            errors.append(RowError(path, 0, _json_field(loc), message))
        return None, errors
    problems = _entry_problems(path, journal)
    return (None, problems) if problems else (journal, [])


def _entry_problems(path: Path, journal: Journal) -> list[RowError]:
    """Ids used twice in one list (which version would be meant?) and times no one
    could have logged: refused as a CSV import refuses them."""
    errors: list[RowError] = []
    today = date.today()
    now = datetime.now().astimezone()
    for name in RECORD_LISTS:
        first: dict[uuid.UUID, int] = {}
        for index, record in enumerate(getattr(journal, name)):
            where = f"{name}[{index}]"
            if record.id in first:
                errors.append(
                    RowError(
                        path,
                        0,
                        f"{where}.id",
                        f"id {record.id} is also used by {name}[{first[record.id]}]",
                    )
                )
            else:
                first[record.id] = index
            if record.deleted:
                continue  # a deleted record is never shown, whatever its time
            at = getattr(record, "at", None)
            day = getattr(record, "date", None)
            if isinstance(at, datetime):
                problem, field = time_problem(at, now), "at"
            elif isinstance(day, date):
                problem, field = day_problem(day, today), "date"
            else:
                continue
            if problem is not None:
                errors.append(
                    RowError(path, 0, f"{where}.{field}", f"{problem} (id {record.id})")
                )
    return errors


def _record_id(raw: dict[str, Any], loc: tuple[Any, ...]) -> str | None:
    if (
        len(loc) < 2
        or loc[0] not in ("episodes", "days")
        or not isinstance(loc[1], int)
    ):
        return None
    records = raw.get(str(loc[0]))
    if not isinstance(records, list) or not 0 <= loc[1] < len(records):
        return None
    record = records[loc[1]]
    found = record.get("id") if isinstance(record, dict) else None
    return str(found) if found is not None else None
