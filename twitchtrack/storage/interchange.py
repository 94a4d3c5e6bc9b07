"""CSV and JSON export and all-or-nothing import of episodes and daily check-ins.

CSV is for people and spreadsheets: UTF-8, a header row, one live record per row
(deleted records are left out), ISO 8601 times with their UTC offset, an empty cell
for "not logged" (never 0), booleans as ``true``/``false``, and list cells
(``medications``, ``tags``) joined with ``"; "`` (a literal ``;`` or ``\\`` inside an
item is escaped with a backslash), and a text cell a spreadsheet would take for a
formula kept as text by a leading apostrophe (see ``_guard``). The JSON export is
the journal file itself, tombstones and settings included, so it restores exactly.

Import reads journal files (also gzip-compressed), ``episodes.csv`` and ``days.csv``
(recognised by their header, whatever the file name; ``,`` ``;`` or tab delimited;
a UTF-8 BOM and CRLF are fine; unknown columns are ignored) and folders holding the
two CSV files. Every row is checked; if any is wrong nothing is imported and
``InvalidImportError`` lists every bad row with its line. Rows without an ``id``
get one derived from their content and rows without timestamps get ones derived
from the row, so importing the same file twice adds nothing. Empty cells of
fields that cannot be "not logged" take the journal's defaults (intensity 3,
kind twitch, symptom flags false).
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from enum import Enum
from functools import reduce
from pathlib import Path
from typing import Any, Final, TypeVar

import annotated_types
from pydantic import BaseModel, ValidationError

from twitchtrack.domain.models import (
    FORMAT,
    ID_NAMESPACE,
    SCHEMA_VERSION,
    DayLog,
    Episode,
    Journal,
    Record,
    day_id,
    merge,
    merge_stats,
)
from twitchtrack.domain.regions import REGIONS, is_region
from twitchtrack.storage.errors import MigrationError
from twitchtrack.storage.migrations import migrate

EPISODE_COLUMNS: Final = (
    "id",
    "at",
    "region",
    "intensity",
    "duration_s",
    "kind",
    "pattern",
    "weakness",
    "numbness",
    "speech_swallowing",
    "pain",
    "wasting",
    "note",
    "at_rest",
    "seen",
    "tags",
    "tap_view",
    "tap_x",
    "tap_y",
    "created_at",
    "updated_at",
)

DAY_COLUMNS: Final = (
    "date",
    "caffeine_mg",
    "sleep_h",
    "sleep_quality",
    "water_ml",
    "stress",
    "exercise_min",
    "alcohol_units",
    "magnesium_mg",
    "medications",
    "note",
    "tags",
    "id",
    "created_at",
    "updated_at",
)

EPISODES_CSV: Final = "episodes.csv"
DAYS_CSV: Final = "days.csv"

_SHOWN_ERRORS = 5  # how many problems the exception message spells out
_TIME_EXAMPLE = "2024-03-01T20:15:00+01:00"

# The characters pydantic's ``strip_whitespace`` removes (Unicode White_Space);
# Python's ``str.strip()`` removes a few more, so list items are checked with these.
_WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem found while reading an import.

    ``line`` is the 1-based line where the bad row starts, or 0 when the problem is
    not tied to one line (a whole file, or a record inside a JSON journal).
    """

    file: Path
    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.file.name if self.line <= 0 else f"{self.file.name} line {self.line}"
        )
        return (
            f"{where}: {self.field}: {self.message}"
            if self.field
            else f"{where}: {self.message}"
        )


class InvalidImportError(Exception):
    """The import was refused: ``errors`` lists every problem; nothing was imported."""

    def __init__(self, errors: Iterable[RowError]) -> None:
        self.errors: list[RowError] = list(errors)
        count = len(self.errors)
        head = (
            f"{count} problem{'s' if count != 1 else ''} found; nothing was imported."
        )
        lines = [head, *(f"  {e}" for e in self.errors[:_SHOWN_ERRORS])]
        if count > _SHOWN_ERRORS:
            lines.append(f"  … and {count - _SHOWN_ERRORS} more")
        super().__init__("\n".join(lines))


class ExportError(OSError):
    """An export could not be written; ``filename`` and ``strerror`` say where and why.

    An ``OSError`` so callers that already report file errors handle it too.
    """

    def __str__(self) -> str:
        return f"Could not write {self.filename}: {self.strerror}"


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """How an import landed.

    ``episodes_new``/``days_new`` count live records the journal did not have;
    ``updated`` counts records whose imported version replaced ours (a deletion
    arriving included); ``unchanged`` counts the rest (already present, older, or
    a deleted record the journal never had).
    """

    episodes_new: int
    days_new: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        if self.episodes_new or self.days_new:
            parts = [
                f"Imported {_plural(self.episodes_new, 'episode')}, "
                f"{_plural(self.days_new, 'day')}"
            ]
        else:
            parts = ["Nothing new to import"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged} already present")
        return "; ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------
# Export


def _format_float(value: float) -> str:
    # Whole numbers without ".0" read better in a spreadsheet; repr round-trips.
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _join_list(items: Iterable[str]) -> str:
    return "; ".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


# A text cell a spreadsheet would run as a formula (one starting with =, +, -, @,
# a tab or a carriage return) gets a leading apostrophe, which spreadsheets take as
# "this is text" (OWASP's advice against CSV injection). A cell that already starts
# with an apostrophe gets one more, and import takes exactly one off such cells, so
# every note comes back exactly as it was written.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def _unguard(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return _guard(value)
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return _guard(_join_list(value))
    return str(value)


def _episode_row(e: Episode) -> list[str]:
    values: dict[str, object] = {
        c: getattr(e, c) for c in EPISODE_COLUMNS if not c.startswith("tap_")
    }
    if e.tap is not None:
        values.update(tap_view=e.tap.view, tap_x=e.tap.x, tap_y=e.tap.y)
    return [_cell(values.get(c)) for c in EPISODE_COLUMNS]


def _day_row(d: DayLog) -> list[str]:
    return [_cell(getattr(d, c)) for c in DAY_COLUMNS]


def _csv_bytes(header: Sequence[str], rows: Iterable[list[str]]) -> bytes:
    buf = io.StringIO()
    # CRLF line ends as RFC 4180 and spreadsheets expect; the csv module quotes any
    # cell holding a delimiter, quote or line break.
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _fsync_dir(folder: Path) -> None:
    # Makes the rename durable; some file systems cannot open a folder, which is fine.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a 0600 temp file in the same folder + rename."""
    fd, tmp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:  # a full disk must fail the export, never truncate it
                    raise OSError("short write")
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(path.parent)


def _prepare_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def _export_failed(path: Path, exc: OSError) -> ExportError:
    return ExportError(exc.errno, exc.strerror or str(exc), str(path))


def export_csv(journal: Journal, folder: Path) -> tuple[Path, Path]:
    """Write the live episodes and check-ins as ``episodes.csv`` and ``days.csv``.

    Each file is replaced atomically and created 0600; a missing folder is
    created 0700. Raises ``ExportError`` if a file cannot be written.
    """
    episodes_path, days_path = folder / EPISODES_CSV, folder / DAYS_CSV
    episodes = _csv_bytes(EPISODE_COLUMNS, map(_episode_row, journal.live_episodes()))
    days = _csv_bytes(DAY_COLUMNS, map(_day_row, journal.live_days()))
    current = folder
    try:
        _prepare_folder(folder)
        current = episodes_path
        _write_atomic(episodes_path, episodes)
        current = days_path
        _write_atomic(days_path, days)
    except OSError as exc:
        raise _export_failed(current, exc) from exc
    return episodes_path, days_path


def export_json(journal: Journal, path: Path) -> Path:
    """Write the whole journal (tombstones and settings too) in the journal format.

    Replaced atomically, created 0600. Raises ``ExportError`` if it cannot be written.
    """
    try:
        _prepare_folder(path.parent)
        _write_atomic(path, journal.model_dump_json().encode("utf-8"))
    except OSError as exc:
        raise _export_failed(path, exc) from exc
    return path


# ---------------------------------------------------------------------------
# Import: cell parsers (raise ValueError with a message for the person)


class _CellError(ValueError):
    """A cell that cannot be read; the message is shown as is."""


def _shown(raw: str) -> str:
    text = raw if len(raw) <= 40 else raw[:37] + "..."
    return repr(text) if not text or text != text.strip() or "," in text else text


def _parse_float(raw: str, decimal_comma: bool) -> float:
    text = raw.strip()
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise _CellError(f"must be a number (got {_shown(raw)})") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise _CellError(f"must be a finite number (got {_shown(raw)})")
    return value


def _parse_int(raw: str, decimal_comma: bool) -> int:
    value = _parse_float(raw, decimal_comma)
    # Spreadsheets like to turn 3 into 3.0; a real fraction is an error.
    if not value.is_integer():
        raise _CellError(f"must be a whole number (got {_shown(raw)})")
    return int(value)


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def _parse_bool(raw: str) -> bool:
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise _CellError(f"must be true or false (got {_shown(raw)})")


def _parse_datetime(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise _CellError(
            f"must be an ISO 8601 date and time with offset, e.g. {_TIME_EXAMPLE} "
            f"(got {_shown(raw)})"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise _CellError(
            f"needs a UTC offset, e.g. {_TIME_EXAMPLE} (got {_shown(raw)})"
        )
    return value


def _parse_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise _CellError(
            f"must be a date like 2024-03-01 (got {_shown(raw)})"
        ) from None


def _parse_uuid(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise _CellError(f"is not a valid id (got {_shown(raw)})") from None


def _split_list(raw: str) -> list[str]:
    """Split a ``;``-joined cell, honouring ``\\;`` and ``\\\\`` escapes."""
    if not raw:
        return []
    items = _split_escaped(raw) if "\\" in raw else raw.split(";")
    # Blank items (a trailing ";") are dropped; the model strips the rest.
    return [i for i in items if i.strip(_WHITE_SPACE)]


def _split_escaped(raw: str) -> list[str]:
    items: list[str] = []
    current: list[str] = []
    chars = iter(raw)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return items


_REGION_LABELS: Final = {r.label.casefold(): r.id for r in REGIONS}


def _parse_region(raw: str) -> str:
    text = raw.strip()
    if is_region(text):
        return text
    # People editing a sheet may type the label shown in the app ("Left calf").
    found = _REGION_LABELS.get(text.casefold())
    if found is None:
        raise _CellError(f"unknown body region {text!r}")
    return found


# ---------------------------------------------------------------------------
# Import: rows


@dataclass(slots=True)
class _Row:
    """One CSV record: its cells by column name and the line it starts on."""

    line: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return _unguard(self.cells.get(column, ""))


@dataclass(slots=True)
class _Sheet:
    """A CSV file split into rows, with the delimiter it used."""

    path: Path
    kind: str
    decimal_comma: bool
    rows: list[_Row] = field(default_factory=list)


M = TypeVar("M", bound=BaseModel)


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
            return f"must be between {_format_float(low)} and {_format_float(high)}"
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
    row: _Row,
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
                message = f"{message} (got {_shown(raw)})"
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


def _canonical_id(kind: str, record: Record) -> uuid.UUID:
    """A stable id from a record's content (without id and timestamps)."""
    body = record.model_dump(
        mode="json", exclude={"id", "created_at", "updated_at", "deleted_at"}
    )
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return uuid.uuid5(ID_NAMESPACE, f"{kind}:{text}")


def _stamps(
    row: _Row, errors: list[RowError], path: Path, failed: set[str]
) -> tuple[datetime | None, datetime | None]:
    stamps: list[datetime | None] = []
    for column in ("created_at", "updated_at"):
        raw = row.get(column)
        value = None
        if raw.strip():
            try:
                value = _parse_datetime(raw)
            except _CellError as exc:
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
    "medications": "list",
    "note": "text",
    "tags": "list",
}


def _parse_cells(
    row: _Row,
    parsers: dict[str, str],
    sheet: _Sheet,
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
            data[column] = _split_list(raw)
            continue
        if not raw.strip():
            continue  # not logged: the model's None (or its default)
        try:
            if how == "int":
                data[column] = _parse_int(raw, sheet.decimal_comma)
            elif how == "float":
                data[column] = _parse_float(raw, sheet.decimal_comma)
            elif how in ("bool", "flag"):
                data[column] = _parse_bool(raw)
            else:
                data[column] = raw.strip().lower()
        except _CellError as exc:
            errors.append(RowError(sheet.path, row.line, column, str(exc)))
            failed.add(column)


def _required(
    row: _Row,
    column: str,
    parse: Callable[[str], Any],
    sheet: _Sheet,
    errors: list[RowError],
    failed: set[str],
) -> Any:
    raw = row.get(column)
    try:
        if not raw.strip():
            raise _CellError("is required")
        return parse(raw)
    except _CellError as exc:
        errors.append(RowError(sheet.path, row.line, column, str(exc)))
        failed.add(column)
        return None


def _read_episodes(sheet: _Sheet) -> tuple[list[Episode], list[RowError]]:
    out: list[Episode] = []
    errors: list[RowError] = []
    id_lines: dict[uuid.UUID, int] = {}
    derived_ids: set[uuid.UUID] = set()
    for row in sheet.rows:
        row_errors: list[RowError] = []
        failed: set[str] = set()
        data: dict[str, Any] = {}
        given_id = None
        if row.get("id").strip():
            given_id = _required(row, "id", _parse_uuid, sheet, row_errors, failed)
        at = _required(row, "at", _parse_datetime, sheet, row_errors, failed)
        region = None
        try:
            region = (
                _parse_region(row.get("region")) if row.get("region").strip() else None
            )
            if region is None:
                raise _CellError("is required")
        except _CellError as exc:
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
                    "x": _parse_float(tap[1], sheet.decimal_comma),
                    "y": _parse_float(tap[2], sheet.decimal_comma),
                }
            except _CellError as exc:
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
        if given_id is None:
            derived = _canonical_id("episode", episode)
            if derived in derived_ids:
                continue  # the very same episode twice: keep one
            derived_ids.add(derived)
            episode = episode.model_copy(update={"id": derived})
        elif given_id in id_lines:
            errors.append(
                RowError(
                    sheet.path,
                    row.line,
                    "id",
                    f"id already used on line {id_lines[given_id]}",
                )
            )
            continue
        else:
            id_lines[given_id] = row.line
        out.append(episode)
    return out, errors


def _read_days(sheet: _Sheet) -> tuple[list[DayLog], list[RowError]]:
    out: list[DayLog] = []
    errors: list[RowError] = []
    date_lines: dict[date, int] = {}
    for row in sheet.rows:
        row_errors: list[RowError] = []
        failed: set[str] = set()
        data: dict[str, Any] = {}
        given_id = None
        if row.get("id").strip():
            given_id = _required(row, "id", _parse_uuid, sheet, row_errors, failed)
        day = _required(row, "date", _parse_date, sheet, row_errors, failed)
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
        out.append(log)
    return out, errors


# ---------------------------------------------------------------------------
# Import: files


def _decode(path: Path, data: bytes) -> tuple[str | None, RowError | None]:
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, RowError(
            path,
            line,
            None,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 CSV",
        )


def _header_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _sheet_kind(names: Sequence[str]) -> str | None:
    present = set(names)
    if {"at", "region"} <= present:
        return "episodes"
    if "date" in present:
        return "days"
    return None


def _header_kind(first_line: str) -> str | None:
    cells = next(csv.reader([first_line], delimiter=_header_delimiter(first_line)), [])
    return _sheet_kind([c.strip().lower() for c in cells])


def _read_sheet(path: Path, text: str) -> tuple[_Sheet | None, list[RowError]]:
    first_line = text.split("\n", 1)[0]
    delimiter = _header_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as exc:
        return None, [RowError(path, 1, None, f"cannot read the header row: {exc}")]
    names = [h.strip().lower() for h in header]
    kind = _sheet_kind(names)
    if kind is None:
        return None, [
            RowError(
                path,
                1,
                None,
                "is not a twitchtrack journal, episodes CSV or days CSV: a CSV header "
                "needs 'at' and 'region' (episodes) or 'date' (check-ins)",
            )
        ]
    known = set(EPISODE_COLUMNS if kind == "episodes" else DAY_COLUMNS)
    seen: set[str] = set()
    for name in names:
        if name in known and name in seen:
            return None, [RowError(path, 1, name, "column appears twice in the header")]
        seen.add(name)
    sheet = _Sheet(path, kind, decimal_comma=delimiter != ",")
    errors: list[RowError] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            extra = cells[len(names) :]
            if any(c.strip() for c in extra):
                errors.append(
                    RowError(
                        path,
                        line,
                        None,
                        f"has {len(cells)} cells but the header has "
                        f"{len(names)} columns",
                    )
                )
                continue
            row = {n: c for n, c in zip(names, cells, strict=False) if n in known}
            sheet.rows.append(_Row(line, row))
    except csv.Error as exc:
        errors.append(RowError(path, reader.line_num, None, f"malformed CSV: {exc}"))
    return sheet, errors


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


def _read_json(path: Path, data: bytes) -> tuple[Journal | None, list[RowError]]:
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
        return Journal.model_validate(raw), []
    except ValidationError as exc:
        errors: list[RowError] = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            message = str(err["msg"]).removeprefix("Value error, ")
            record_id = _record_id(raw, loc)
            if record_id:
                message = f"{message} (id {record_id})"
            errors.append(RowError(path, 0, _json_field(loc), message))
        return None, errors


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


def _expand(paths: Sequence[Path]) -> tuple[list[Path], list[RowError]]:
    files: list[Path] = []
    errors: list[RowError] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            inside = [
                path / n for n in (EPISODES_CSV, DAYS_CSV) if (path / n).is_file()
            ]
            if not inside:
                errors.append(
                    RowError(
                        path, 0, None, f"folder has no {EPISODES_CSV} or {DAYS_CSV}"
                    )
                )
            candidates = inside
        else:
            candidates = [path]
        for file in candidates:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, errors


def _read_file(path: Path) -> tuple[Journal | None, list[RowError]]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [RowError(path, 0, None, "file not found")]
    except OSError as exc:
        return None, [RowError(path, 0, None, f"cannot be read: {exc.strerror or exc}")]
    if data[:2] == b"\x1f\x8b":  # a gzip-compressed journal backup
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return None, [RowError(path, 0, None, "is a damaged gzip file")]
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return _read_json(path, data)
    text, problem = _decode(path, data)
    if text is None:
        # Bad bytes in a file whose first line is a CSV header: say where.
        header = _decode(path, data.split(b"\n", 1)[0])[0]
        if header is not None and problem is not None and _header_kind(header):
            return None, [problem]
        return None, [
            RowError(
                path, 0, None, "is not a twitchtrack journal, episodes CSV or days CSV"
            )
        ]
    sheet, errors = _read_sheet(path, text)
    if sheet is None:
        return None, errors
    if sheet.kind == "episodes":
        episodes, row_errors = _read_episodes(sheet)
        return Journal(episodes=episodes), errors + row_errors
    days, row_errors = _read_days(sheet)
    return Journal(days=days), errors + row_errors


def read_import(paths: Sequence[Path]) -> Journal:
    """Read journal files, episodes/days CSVs and folders into one journal.

    Raises ``InvalidImportError`` listing every problem if any file or row is bad;
    then nothing is returned, so nothing can be half-imported.
    """
    if not paths:
        raise InvalidImportError(
            [RowError(Path("import"), 0, None, "no files were chosen")]
        )
    files, errors = _expand(paths)
    parts: list[Journal] = []
    for file in files:
        journal, problems = _read_file(file)
        errors.extend(problems)
        if journal is not None:
            parts.append(journal)
    if errors:
        raise InvalidImportError(errors)
    if not parts:
        return Journal()
    # Starting from the first part keeps a journal file's own settings; the final
    # merge with an empty journal also settles an id that appears twice in a file.
    return reduce(merge, [*parts[1:], Journal()], parts[0])


def apply_import(base: Journal, incoming: Journal) -> tuple[Journal, ImportSummary]:
    """Merge ``incoming`` into ``base`` (newest ``updated_at`` wins) and summarise."""
    _, updated, same = merge_stats(base, incoming)
    have = {r.id for r in (*base.episodes, *base.days)}
    episodes_new = sum(
        1 for e in incoming.episodes if e.id not in have and not e.deleted
    )
    days_new = sum(1 for d in incoming.days if d.id not in have and not d.deleted)
    # A deleted record we never had changes nothing the person can see.
    gone_new = sum(
        1
        for r in (*incoming.episodes, *incoming.days)
        if r.id not in have and r.deleted
    )
    summary = ImportSummary(
        episodes_new=episodes_new,
        days_new=days_new,
        updated=updated,
        unchanged=same + gone_new,
    )
    return merge(base, incoming), summary
