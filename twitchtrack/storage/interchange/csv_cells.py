"""CSV cells both ways: the columns, how a value is written, how a cell is read."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import Final

from twitchtrack.domain.regions import REGIONS, is_region
from twitchtrack.domain.times import local_time

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
    # Schema 3 symptom flags, last so older readers' column positions still hold.
    "stiffness",
    "coordination",
    "eyelid_closing",
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
    # Added with schema 3: after the fixed first columns (docs/journal-format.md).
    "tracking",
    "tags",
    "id",
    "created_at",
    "updated_at",
)

# Schema 4's timed records (docs/journal-format.md, "CSV").
INTAKE_COLUMNS: Final = (
    "id",
    "at",
    "kind",
    "amount",
    "unit",
    "label",
    "source",
    "created_at",
    "updated_at",
    "deleted_at",
)

SLEEP_COLUMNS: Final = (
    "id",
    "start",
    "end",
    "source",
    "stages",
    "created_at",
    "updated_at",
    "deleted_at",
)

EPISODES_CSV: Final = "episodes.csv"
DAYS_CSV: Final = "days.csv"
INTAKES_CSV: Final = "intakes.csv"
SLEEPS_CSV: Final = "sleeps.csv"
EXPERIMENTS_CSV: Final = "experiments.csv"
EXPERIMENT_COLUMNS: Final = (
    "id",
    "factor",
    "target_a",
    "target_b",
    "pairs",
    "period_days",
    "washout_days",
    "start",
    "seed",
    "order",
    "outcome",
    "expect",
    "blinding",
    "status",
    "stopped_on",
    "deviations",
    "created_at",
    "updated_at",
    "deleted_at",
)

_TIME_EXAMPLE = "2024-03-01T20:15:00+01:00"

# The characters pydantic's ``strip_whitespace`` removes (Unicode White_Space);
# Python's ``str.strip()`` removes a few more, so list items are checked with these.
_WHITE_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def format_float(value: float) -> str:
    # Whole numbers without ".0" read better in a spreadsheet; repr round-trips.
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def join_list(items: Iterable[str]) -> str:
    return "; ".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


# A text cell a spreadsheet would run as a formula (one starting with =, +, -, @,
# a tab or a carriage return) gets a leading apostrophe, which spreadsheets take as
# "this is text" (OWASP's advice against CSV injection). A cell that already starts
# with an apostrophe gets one more, and import takes exactly one off such cells, so
# every note comes back exactly as it was written.
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")


def guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def unguard(text: str) -> str:
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def format_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return guard(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return guard(join_list(value))
    return str(value)


# Reading a cell: each parser raises CellError with a message for the person.


class CellError(ValueError):
    """A cell that cannot be read; the message is shown as is."""


def shown(raw: str) -> str:
    """A cell's text for a message: short, and quoted where blanks would hide."""
    text = raw if len(raw) <= 40 else raw[:37] + "..."
    return repr(text) if not text or text != text.strip() or "," in text else text


def parse_float(raw: str, decimal_comma: bool) -> float:
    text = raw.strip()
    if decimal_comma and text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise CellError(f"must be a number (got {shown(raw)})") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError(f"must be a finite number (got {shown(raw)})")
    return value


def parse_int(raw: str, decimal_comma: bool) -> int:
    value = parse_float(raw, decimal_comma)
    # Spreadsheets like to turn 3 into 3.0; a real fraction is an error.
    if not value.is_integer():
        raise CellError(f"must be a whole number (got {shown(raw)})")
    return int(value)


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def parse_bool(raw: str) -> bool:
    text = raw.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(f"must be true or false (got {shown(raw)})")


def parse_datetime(raw: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise CellError(
            f"must be an ISO 8601 date and time with offset, e.g. {_TIME_EXAMPLE} "
            f"(got {shown(raw)})"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        # Like `twitchtrack log --at`: a time without an offset is local time.
        try:
            value = local_time(value.replace(tzinfo=None))
        except ValueError as exc:
            raise CellError(f"{exc} (got {shown(raw)})") from None
    return value


def parse_date(raw: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise CellError(f"must be a date like 2024-03-01 (got {shown(raw)})") from None


def parse_uuid(raw: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw.strip())
    except ValueError:
        raise CellError(f"is not a valid id (got {shown(raw)})") from None


def split_list(raw: str) -> list[str]:
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


def parse_region(raw: str) -> str:
    text = raw.strip()
    if is_region(text):
        return text
    # People editing a sheet may type the label shown in the app ("Left calf").
    found = _REGION_LABELS.get(text.casefold())
    if found is None:
        raise CellError(f"unknown body region {text!r}")
    return found
