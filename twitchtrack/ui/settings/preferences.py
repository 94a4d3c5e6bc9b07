"""App preferences kept in QSettings; the journal keeps its own settings itself.

Reminder times, the tray, week start and theme belong to this computer, not to the
journal (a journal on a sync folder may be opened on two machines with different
habits), so they live in QSettings. Values read back from an ini file are strings;
anything unreadable falls back to the default instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QObject, QSettings, Signal

T = TypeVar("T")

THEMES: tuple[str, ...] = ("system", "light", "dark")
# ISO weekday numbers: 1 Monday ... 7 Sunday.
WEEKDAYS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7)
WEEK_STARTS: tuple[int, ...] = (1, 6, 7)  # Monday, Saturday, Sunday
MAX_LOCK_MINUTES = 240
# Sampling mode: a few prompt times a day (10:00, 15:00 and 20:00 to begin with).
SAMPLING_TIMES: tuple[time, ...] = (time(10, 0), time(15, 0), time(20, 0))
MAX_SAMPLING_TIMES = 6
NO_REVIEW_DAY = 0  # review day off: Trends and Guidance show every day


def parse_bool(value: object, default: bool) -> bool:
    """A QSettings value as a bool ('true', '1', True ...)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "1", "yes", "on"):
            return True
        if text in ("false", "0", "no", "off"):
            return False
    return default


def parse_time(value: object, default: time) -> time:
    """'HH:MM' as a time."""
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        try:
            parsed = time.fromisoformat(value.strip())
        except ValueError:
            return default
        return parsed.replace(second=0, microsecond=0, tzinfo=None)
    return default


def format_time(value: time) -> str:
    """A time as 'HH:MM'."""
    return f"{value.hour:02d}:{value.minute:02d}"


def parse_date(value: object, default: date | None) -> date | None:
    """'YYYY-MM-DD' as a date (None when missing or unreadable)."""
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return default
    return default


def parse_minutes(value: object, default: int) -> int:
    """A whole number of minutes from 0 (off) to ``MAX_LOCK_MINUTES``."""
    try:
        minutes = int(str(value).strip())
    except ValueError:
        return default
    return minutes if 0 <= minutes <= MAX_LOCK_MINUTES else default


def parse_times(value: object, default: tuple[time, ...]) -> tuple[time, ...]:
    """'10:00 15:00' (or a list, as an ini file may give) as 1 to 6 times, in the
    order the Calm tab shows them (whoever uses them sorts them)."""
    parts = value if isinstance(value, list) else str(value).replace(",", " ").split()
    out: list[time] = []
    for part in parts:
        parsed = parse_time(part, time.max)
        if parsed == time.max:
            return default
        out.append(parsed)
    if not 1 <= len(out) <= MAX_SAMPLING_TIMES:
        return default
    return tuple(out)


def format_times(value: tuple[time, ...]) -> str:
    """Times as 'HH:MM HH:MM' (spaces: an ini file would read commas as a list)."""
    return " ".join(format_time(t) for t in value)


def _parse_choice(choices: tuple[Any, ...]) -> Callable[[object, Any], Any]:
    def parse(value: object, default: Any) -> Any:
        for choice in choices:
            if value == choice or str(value).strip() == str(choice):
                return choice
        return default

    return parse


@dataclass(frozen=True, slots=True)
class Pref(Generic[T]):
    """One preference: its QSettings key, default, and how to read and write it."""

    key: str
    default: T
    parse: Callable[[object, T], T]
    dump: Callable[[T], object] = lambda v: v

    @overload
    def __get__(self, obj: None, owner: type) -> Pref[T]: ...
    @overload
    def __get__(self, obj: Preferences, owner: type) -> T: ...
    def __get__(self, obj: Preferences | None, owner: type) -> T | Pref[T]:
        if obj is None:
            return self
        return obj.read(self)

    def __set__(self, obj: Preferences, value: T) -> None:
        obj.write(self, value)


def _dump_date(value: date | None) -> object:
    return value.isoformat() if value else ""


class Preferences(QObject):
    """Typed access to the app's QSettings; ``changed`` names the key written.

    ``lock_requested`` is the one request that is not a setting: the person asked
    (Preferences -> Privacy) to lock the encrypted journal now. The window that
    shares these preferences saves, closes and forgets the key.
    """

    changed = Signal(str)
    lock_requested = Signal()

    daily_reminder: Pref[bool] = Pref("reminders/daily_enabled", False, parse_bool)
    daily_time: Pref[time] = Pref(
        "reminders/daily_time", time(20, 0), parse_time, format_time
    )
    self_check_reminder: Pref[bool] = Pref(
        "reminders/self_check_enabled", False, parse_bool
    )
    self_check_weekday: Pref[int] = Pref(
        "reminders/self_check_weekday", 7, _parse_choice(WEEKDAYS)
    )
    self_check_time: Pref[time] = Pref(
        "reminders/self_check_time", time(19, 0), parse_time, format_time
    )
    last_daily_reminder: Pref[date | None] = Pref(
        "reminders/last_daily", None, parse_date, _dump_date
    )
    last_self_check_reminder: Pref[date | None] = Pref(
        "reminders/last_self_check", None, parse_date, _dump_date
    )
    tray: Pref[bool] = Pref("tray/enabled", False, parse_bool)
    tray_hint_shown: Pref[bool] = Pref("tray/hint_shown", False, parse_bool)
    week_start: Pref[int] = Pref("calendar/week_start", 1, _parse_choice(WEEK_STARTS))
    theme: Pref[str] = Pref("appearance/theme", "system", _parse_choice(THEMES))
    welcome_shown: Pref[bool] = Pref("welcome/shown", False, parse_bool)
    # Minutes without input before an encrypted journal locks itself (0: never).
    lock_after_minutes: Pref[int] = Pref("privacy/lock_after_minutes", 0, parse_minutes)
    # Preferences -> Calm: tracking less, on purpose (see ui.settings.calm_page).
    sampling: Pref[bool] = Pref("calm/sampling", False, parse_bool)
    sampling_times: Pref[tuple[time, ...]] = Pref(
        "calm/sampling_times", SAMPLING_TIMES, parse_times, format_times
    )
    review_day: Pref[int] = Pref(
        "calm/review_day", NO_REVIEW_DAY, _parse_choice((NO_REVIEW_DAY, *WEEKDAYS))
    )
    holiday_start: Pref[date | None] = Pref(
        "calm/holiday_start", None, parse_date, _dump_date
    )
    holiday_end: Pref[date | None] = Pref(
        "calm/holiday_end", None, parse_date, _dump_date
    )

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    @property
    def settings(self) -> QSettings:
        """The QSettings behind these preferences."""
        return self._settings

    def read(self, pref: Pref[T]) -> T:
        """The stored value of ``pref`` (its default when missing or unreadable)."""
        raw = self._settings.value(pref.key, None)
        if raw is None:
            return pref.default
        return pref.parse(raw, pref.default)

    def write(self, pref: Pref[T], value: T) -> None:
        """Store ``value``; ``changed`` is emitted only when it differs."""
        if self._settings.contains(pref.key) and self.read(pref) == value:
            return
        self._settings.setValue(pref.key, pref.dump(value))
        self.changed.emit(pref.key)

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self._settings.sync()
