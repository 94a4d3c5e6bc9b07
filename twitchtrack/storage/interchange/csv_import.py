"""CSV import: checking every row and turning it into an episode or a check-in."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Final, TypeVar

import annotated_types
from pydantic import BaseModel, ValidationError

from twitchtrack.domain.merge import VERSION_FIELDS
from twitchtrack.domain.models import ID_NAMESPACE, DayLog, Episode, Record, day_id
from twitchtrack.domain.times import day_problem, time_problem
from twitchtrack.storage.interchange.csv_cells import (
    CellError,
    format_float,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_float,
    parse_int,
    parse_region,
    parse_uuid,
    shown,
    split_list,
)
from twitchtrack.storage.interchange.csv_sheet import Row, Sheet
from twitchtrack.storage.interchange.errors import ReadNotes, RowError

M = TypeVar("M", bound=BaseModel)
R = TypeVar("R", bound=Record)


def _bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    info = model.model_fields.get(name)
    low = high = None
    for meta in info.metadata if info else ():
        if isinstance(meta, annotated_types.Ge):
            low = meta.ge
        elif isinstance(meta, annotated_types.Le):
            high = meta.le
    return (
        float(low) if isinstance(low, int | float) else None,
        float(high) if isinstance(high, int | float) else None,
    )


def _friendly(model: type[BaseModel], name: str, err: Any) -> str:
    """A plain-language message for one pydantic error on field ``name``."""
    kind = str(err.get("type", ""))
    if kind in {"greater_than_equal", "less_than_equal"}:
        low, high = _bounds(model, name)
        if low is not None and high is not None:
            return f"must be between {format_float(low)} and {format_float(high)}"
    if kind == "enum":
        expected = err.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}"
    if kind == "string_too_long":
        return (
            f"is too long (at most {err.get('ctx', {}).get('max_length')} characters)"
        )
    if kind == "too_long":
        return f"has too many items (at most {err.get('ctx', {}).get('max_length')})"
    message = str(err.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")


def _validate(
    model: type[M],
    data: dict[str, Any],
    row: Row,
    path: Path,
    failed: set[str],
    column_of: Callable[[tuple[Any, ...]], str],
) -> tuple[M | None, list[RowError]]:
    """Validate ``data`` into ``model``; errors on already-failed cells are dropped."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        out: list[RowError] = []
        for err in exc.errors():
            column = column_of(tuple(err["loc"]))
            if column in failed:
                continue
            raw = row.get(column)
            message = _friendly(
                model, str(err["loc"][0]) if err["loc"] else column, err
            )
            if raw.strip():
                message = f"{message} (got {shown(raw)})"
            out.append(RowError(path, row.line, column, message))
        return None, out


def _episode_column(loc: tuple[Any, ...]) -> str:
    if not loc:
        return "row"
    if loc[0] == "tap":
        return (
            f"tap_{loc[1]}"
            if len(loc) > 1 and loc[1] in ("x", "y", "view")
            else "tap_view"
        )
    return str(loc[0])


def _day_column(loc: tuple[Any, ...]) -> str:
    return str(loc[0]) if loc else "row"


# An episode's fields when ids from content began (schema 2): always part of the
# id. A field added since counts only when it holds something other than its
# default, so a row keeps its id across upgrades (a re-import then adds nothing).
_ID_FIELDS: Final = frozenset(
    {
        "at", "at_rest", "duration_s", "intensity", "kind", "note", "numbness",
        "pain", "pattern", "region", "seen", "speech_swallowing", "tags", "tap",
        "wasting", "weakness",
    }
)  # fmt: skip


def _canonical_id(kind: str, record: Record) -> uuid.UUID:
    """A stable id from a record's content (without id, timestamps or device)."""
    body = record.model_dump(mode="json", exclude=set(VERSION_FIELDS))
    fields = type(record).model_fields
    body = {
        name: value
        for name, value in body.items()
        if name in _ID_FIELDS
        or value != fields[name].get_default(call_default_factory=True)
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return uuid.uuid5(ID_NAMESPACE, f"{kind}:{text}")


def _stamps(
    row: Row, errors: list[RowError], path: Path, failed: set[str]
) -> tuple[datetime | None, datetime | None]:
    stamps: list[datetime | None] = []
    for column in ("created_at", "updated_at"):
        raw = row.get(column)
        value = None
        if raw.strip():
            try:
                value = parse_datetime(raw)
            except CellError as exc:
                errors.append(RowError(path, row.line, column, str(exc)))
                failed.add(column)
        stamps.append(value)
    return stamps[0], stamps[1]


def _fill_stamps(
    data: dict[str, Any],
    created: datetime | None,
    updated: datetime | None,
    derived: datetime,
) -> None:
    # Derived from the row, never the clock: a re-import must not look like an edit.
    if created is None:
        created = derived if updated is None else min(derived, updated)
    data["created_at"] = created
    data["updated_at"] = updated if updated is not None else created


_EPISODE_PARSERS: Final[dict[str, str]] = {
    "intensity": "int",
    "duration_s": "float",
    "kind": "lower",
    "pattern": "lower",
    "weakness": "flag",
    "numbness": "flag",
    "speech_swallowing": "flag",
    "pain": "flag",
    "wasting": "flag",
    "stiffness": "flag",
    "coordination": "flag",
    "eyelid_closing": "flag",
    "at_rest": "bool",
    "seen": "bool",
    "note": "text",
    "tags": "list",
}

_DAY_PARSERS: Final[dict[str, str]] = {
    "caffeine_mg": "float",
    "sleep_h": "float",
    "sleep_quality": "int",
    "water_ml": "float",
    "stress": "int",
    "exercise_min": "float",
    "alcohol_units": "float",
    "magnesium_mg": "float",
    # all / some / off; empty: not said
    "tracking": "lower",
    "medications": "list",
    "note": "text",
    "tags": "list",
}


def _parse_cells(
    row: Row,
    parsers: dict[str, str],
    sheet: Sheet,
    data: dict[str, Any],
    errors: list[RowError],
    failed: set[str],
) -> None:
    """Parse the optional cells of a row into ``data`` (empty = left out)."""
    for column, how in parsers.items():
        raw = row.get(column)
        if how == "text":
            if column in row.cells:
                data[column] = raw
            continue
        if how == "list":
            data[column] = split_list(raw)
            continue
        if not raw.strip():
            continue  # not logged: the model's None (or its default)
        try:
            if how == "int":
                data[column] = parse_int(raw, sheet.decimal_comma)
            elif how == "float":
                data[column] = parse_float(raw, sheet.decimal_comma)
            elif how in ("bool", "flag"):
                data[column] = parse_bool(raw)
            else:
                data[column] = raw.strip().lower()
        except CellError as exc:
            errors.append(RowError(sheet.path, row.line, column, str(exc)))
            failed.add(column)


def _required(
    row: Row,
    column: str,
    parse: Callable[[str], Any],
    sheet: Sheet,
    errors: list[RowError],
    failed: set[str],
) -> Any:
    raw = row.get(column)
    try:
        if not raw.strip():
            raise CellError("is required")
        return parse(raw)
    except CellError as exc:
        errors.append(RowError(sheet.path, row.line, column, str(exc)))
        failed.add(column)
        return None


class RowIds:
    """The ids of a sheet's rows: a given id used once, a missing one derived
    from the row's content (identical rows merged into one, and said so)."""

    def __init__(self, sheet: Sheet, notes: ReadNotes | None) -> None:
        self._sheet = sheet
        self._notes = notes
        self._given: dict[uuid.UUID, int] = {}
        self._derived: dict[uuid.UUID, int] = {}

    def settle(
        self,
        record: R,
        given_id: uuid.UUID | None,
        row: Row,
        kind: str,
        errors: list[RowError],
    ) -> R | None:
        """``record`` with its final id, or None when the row is dropped: the
        same as an earlier row (merged), or reusing an id (an error)."""
        if given_id is None:
            derived = _canonical_id(kind, record)
            if derived in self._derived:
                if self._notes is not None:
                    self._notes.merged.append(
                        f"{self._sheet.path.name} line {row.line} is the same as "
                        f"line {self._derived[derived]}"
                    )
                return None
            self._derived[derived] = row.line
            return record.model_copy(update={"id": derived})
        if given_id in self._given:
            errors.append(
                RowError(
                    self._sheet.path,
                    row.line,
                    "id",
                    f"id already used on line {self._given[given_id]}",
                )
            )
            return None
        self._given[given_id] = row.line
        return record


def read_episodes(
    sheet: Sheet, notes: ReadNotes | None = None
) -> tuple[list[Episode], list[RowError]]:
    """The sheet's episodes and the problems of its rows; ``notes`` collects what
    the import should say (rows merged, rows without ``updated_at``)."""
    out: list[Episode] = []
    errors: list[RowError] = []
    ids = RowIds(sheet, notes)
    for row in sheet.rows:
        row_errors: list[RowError] = []
        failed: set[str] = set()
        data: dict[str, Any] = {}
        given_id = None
        if row.get("id").strip():
            given_id = _required(row, "id", parse_uuid, sheet, row_errors, failed)
        at = _required(row, "at", parse_datetime, sheet, row_errors, failed)
        if at is not None and (problem := time_problem(at)) is not None:
            row_errors.append(RowError(sheet.path, row.line, "at", problem))
            failed.add("at")
        region = None
        try:
            region = (
                parse_region(row.get("region")) if row.get("region").strip() else None
            )
            if region is None:
                raise CellError("is required")
        except CellError as exc:
            suffix = (
                f" (episode {row.get('id').strip()})" if row.get("id").strip() else ""
            )
            row_errors.append(
                RowError(sheet.path, row.line, "region", f"{exc}{suffix}")
            )
            failed.add("region")
        _parse_cells(row, _EPISODE_PARSERS, sheet, data, row_errors, failed)
        tap = [row.get(c).strip() for c in ("tap_view", "tap_x", "tap_y")]
        if all(tap):
            try:
                data["tap"] = {
                    "view": tap[0].lower(),
                    "x": parse_float(tap[1], sheet.decimal_comma),
                    "y": parse_float(tap[2], sheet.decimal_comma),
                }
            except CellError as exc:
                row_errors.append(RowError(sheet.path, row.line, "tap_x", str(exc)))
                failed.add("tap_x")
        elif any(tap):
            row_errors.append(
                RowError(
                    sheet.path,
                    row.line,
                    "tap_view",
                    "tap_view, tap_x and tap_y go together",
                )
            )
            failed.add("tap_view")
        created, updated = _stamps(row, row_errors, sheet.path, failed)
        if at is not None:
            _fill_stamps(data, created, updated, at)
        data.update(id=given_id or uuid.UUID(int=0), at=at, region=region)
        episode, problems = _validate(
            Episode, data, row, sheet.path, failed, _episode_column
        )
        row_errors.extend(problems)
        if row_errors or episode is None:
            errors.extend(row_errors)
            continue
        episode = ids.settle(episode, given_id, row, "episode", errors)
        if episode is None:
            continue
        if updated is None and notes is not None:
            notes.unstamped.add(episode.id)
        out.append(episode)
    return out, errors


def read_days(
    sheet: Sheet, notes: ReadNotes | None = None
) -> tuple[list[DayLog], list[RowError]]:
    """The sheet's check-ins and the problems of its rows (``notes``: as
    :func:`read_episodes`)."""
    out: list[DayLog] = []
    errors: list[RowError] = []
    date_lines: dict[date, int] = {}
    for row in sheet.rows:
        row_errors: list[RowError] = []
        failed: set[str] = set()
        data: dict[str, Any] = {}
        given_id = None
        if row.get("id").strip():
            given_id = _required(row, "id", parse_uuid, sheet, row_errors, failed)
        day = _required(row, "date", parse_date, sheet, row_errors, failed)
        if day is not None and (problem := day_problem(day)) is not None:
            row_errors.append(RowError(sheet.path, row.line, "date", problem))
            failed.add("date")
            day = None
        _parse_cells(row, _DAY_PARSERS, sheet, data, row_errors, failed)
        created, updated = _stamps(row, row_errors, sheet.path, failed)
        if day is not None:
            _fill_stamps(data, created, updated, datetime.combine(day, time(0), UTC))
            if day in date_lines:
                row_errors.append(
                    RowError(
                        sheet.path,
                        row.line,
                        "date",
                        f"{day.isoformat()} is already on line {date_lines[day]}",
                    )
                )
            else:
                date_lines[day] = row.line
        data.update(date=day, id=given_id or (day_id(day) if day else uuid.UUID(int=0)))
        log, problems = _validate(DayLog, data, row, sheet.path, failed, _day_column)
        row_errors.extend(problems)
        if row_errors or log is None:
            errors.extend(row_errors)
            continue
        if updated is None and notes is not None:
            notes.unstamped.add(log.id)
        out.append(log)
    return out, errors
