"""CSV import of timed records: ``intakes.csv`` rows into intakes, ``sleeps.csv``
rows into sleep periods (columns in ``csv_cells``; docs/journal-format.md)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from twitchtrack.domain.record import Record
from twitchtrack.domain.timed import INTAKE_UNITS, Intake, SleepPeriod
from twitchtrack.domain.times import time_problem
from twitchtrack.storage.interchange.csv_cells import (
    CellError,
    parse_datetime,
    parse_float,
    parse_uuid,
    shown,
)
from twitchtrack.storage.interchange.csv_import import (
    RowIds,
    _fill_stamps,
    _required,
    _stamps,
    _validate,
)
from twitchtrack.storage.interchange.csv_sheet import Row, Sheet
from twitchtrack.storage.interchange.errors import ReadNotes, RowError

R = TypeVar("R", bound=Record)
# Reads a row's own cells into ``data``; returns the time its derived stamps
# come from (None when that cell failed).
Fill = Callable[[Row, Sheet, dict[str, Any], list[RowError], set[str]], datetime | None]


def _time(
    row: Row, column: str, sheet: Sheet, errors: list[RowError], failed: set[str]
) -> datetime | None:
    """A required time cell, checked like ``log --at`` (1970 to a day ahead)."""
    at = _required(row, column, parse_datetime, sheet, errors, failed)
    if at is not None and (problem := time_problem(at)) is not None:
        errors.append(RowError(sheet.path, row.line, column, problem))
        failed.add(column)
        return None
    return at if isinstance(at, datetime) else None


def _text(row: Row, column: str, data: dict[str, Any]) -> None:
    """An optional text cell: empty = the model's default."""
    raw = row.get(column)
    if raw.strip():
        data[column] = raw


def _fill_intake(
    row: Row,
    sheet: Sheet,
    data: dict[str, Any],
    errors: list[RowError],
    failed: set[str],
) -> datetime | None:
    at = _time(row, "at", sheet, errors, failed)
    kind = row.get("kind").strip().lower()
    if not kind:
        errors.append(RowError(sheet.path, row.line, "kind", "is required"))
        failed.add("kind")
    data["kind"] = kind
    data["amount"] = _required(
        row,
        "amount",
        lambda raw: parse_float(raw, sheet.decimal_comma),
        sheet,
        errors,
        failed,
    )
    unit = row.get("unit").strip().lower()
    base = INTAKE_UNITS.get(kind)
    if unit and base is not None and unit != base:
        # Amounts are in base units; a converted sheet would be read 1000x off.
        errors.append(
            RowError(
                sheet.path,
                row.line,
                "unit",
                f"must be {base} for {kind}, the unit amounts are in "
                f"(got {shown(row.get('unit'))})",
            )
        )
        failed.add("unit")
    _text(row, "label", data)
    _text(row, "source", data)
    data["at"] = at
    return at


def _fill_sleep(
    row: Row,
    sheet: Sheet,
    data: dict[str, Any],
    errors: list[RowError],
    failed: set[str],
) -> datetime | None:
    start = _time(row, "start", sheet, errors, failed)
    end = _time(row, "end", sheet, errors, failed)
    _text(row, "source", data)
    raw = row.get("stages").strip()
    if raw:
        try:
            data["stages"] = json.loads(raw)
        except ValueError:
            errors.append(
                RowError(
                    sheet.path,
                    row.line,
                    "stages",
                    'must be JSON like [{"start": "…", "end": "…", "stage": "deep"}] '
                    f"or empty (got {shown(raw)})",
                )
            )
            failed.add("stages")
    data.update(start=start, end=end)
    return start


def _intake_column(loc: tuple[Any, ...]) -> str:
    return str(loc[0]) if loc else "row"


def _sleep_column(loc: tuple[Any, ...]) -> str:
    # The period's own checks (ends after it starts, at most 24 h) are on `end`.
    return str(loc[0]) if loc else "end"


def _read(
    sheet: Sheet,
    model: type[R],
    kind: str,
    fill: Fill,
    column_of: Callable[[tuple[Any, ...]], str],
    notes: ReadNotes | None,
) -> tuple[list[R], list[RowError]]:
    out: list[R] = []
    errors: list[RowError] = []
    ids = RowIds(sheet, notes)
    for row in sheet.rows:
        row_errors: list[RowError] = []
        failed: set[str] = set()
        data: dict[str, Any] = {}
        given_id = None
        if row.get("id").strip():
            given_id = _required(row, "id", parse_uuid, sheet, row_errors, failed)
        when = fill(row, sheet, data, row_errors, failed)
        created, updated = _stamps(row, row_errors, sheet.path, failed)
        if row.get("deleted_at").strip():
            try:
                data["deleted_at"] = parse_datetime(row.get("deleted_at"))
            except CellError as exc:
                row_errors.append(
                    RowError(sheet.path, row.line, "deleted_at", str(exc))
                )
                failed.add("deleted_at")
        if when is not None:
            _fill_stamps(data, created, updated, when)
        data["id"] = given_id or uuid.UUID(int=0)
        record, problems = _validate(model, data, row, sheet.path, failed, column_of)
        row_errors.extend(problems)
        if row_errors or record is None:
            errors.extend(row_errors)
            continue
        record = ids.settle(record, given_id, row, kind, errors)
        if record is None:
            continue
        if updated is None and notes is not None:
            notes.unstamped.add(record.id)
        out.append(record)
    return out, errors


def read_intakes(
    sheet: Sheet, notes: ReadNotes | None = None
) -> tuple[list[Intake], list[RowError]]:
    """The sheet's intakes and the problems of its rows (``notes``: as
    ``csv_import.read_episodes``)."""
    return _read(sheet, Intake, "intake", _fill_intake, _intake_column, notes)


def read_sleeps(
    sheet: Sheet, notes: ReadNotes | None = None
) -> tuple[list[SleepPeriod], list[RowError]]:
    """The sheet's sleep periods and the problems of its rows."""
    return _read(sheet, SleepPeriod, "sleep", _fill_sleep, _sleep_column, notes)
