"""The tracking holiday as the window keeps it: its dates in Preferences, its days
marked "not tracking" in the journal as they arrive.

A check-in can only exist up to tomorrow, so a break of a week is marked a day at
a time: when it starts, when the window opens, and when the day changes (a
QTimer decides when to look; ``check()`` does the work, and tests move a fake
clock on and call it). Marking goes through the ``JournalModel`` (undoable).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, Signal

from twitchtrack.domain.holiday import days_to_mark, mark_off, on_holiday
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.prefs_timer import PrefsTimer
from twitchtrack.ui.settings.preferences import Preferences

CHECK_INTERVAL_MS = 60_000  # a day change is noticed within a minute
_KEYS = frozenset({Preferences.holiday_start.key, Preferences.holiday_end.key})


def holiday_dates(prefs: Preferences) -> tuple[date, date] | None:
    """The break's first and last day, when one is set."""
    start, end = prefs.holiday_start, prefs.holiday_end
    if start is None or end is None or end < start:
        return None
    return start, end


def holiday_active(prefs: Preferences, today: date) -> bool:
    """True when ``today`` falls inside the break set in Preferences."""
    dates = holiday_dates(prefs)
    return dates is not None and dates[0] <= today <= dates[1]


def paused(model: JournalModel, prefs: Preferences, today: date) -> bool:
    """True when reminders and prompts rest today: a break, or a day marked off
    (the command line's ``holiday`` marks days without Preferences)."""
    return holiday_active(prefs, today) or on_holiday(model.journal, today)


def mark_holiday(model: JournalModel, prefs: Preferences, today: date) -> list[date]:
    """Mark the break's days up to ``today`` "not tracking"; returns the days
    changed (one undo step; nothing in a read-only window)."""
    dates = holiday_dates(prefs)
    if dates is None or model.read_only:
        return []
    logs = mark_off(model.journal, days_to_mark(*dates, today), today)
    if not logs:
        return []
    days = [log.date for log in logs]
    stack = model.undo_stack
    stack.beginMacro(tr("Mark break days as not tracking"))
    try:
        for day in days:
            model.set_day_values(day, tracking="off")
    finally:
        stack.endMacro()
    return days


def end_holiday(model: JournalModel, prefs: Preferences, today: date) -> None:
    """Stop the break now: its dates go, and today counts as tracked again
    (the days before stay "not tracking")."""
    dates = holiday_dates(prefs)
    prefs.holiday_start = None
    prefs.holiday_end = None
    if dates is None or model.read_only or not dates[0] <= today <= dates[1]:
        return
    log = model.day(today)
    if log is not None and log.tracking == "off":
        model.set_day_values(today, tracking=None)


class HolidayKeeper(PrefsTimer):
    """Marks the break's days as they arrive and clears a break that is over."""

    marked = Signal(object)  # list[date] just marked "not tracking"

    def __init__(
        self,
        model: JournalModel,
        prefs: Preferences,
        *,
        clock: Callable[[], datetime] | None = None,
        interval_ms: int = CHECK_INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(
            model,
            prefs,
            name="holiday_timer",
            clock=clock,
            interval_ms=interval_ms,
            parent=parent,
        )
        self._looked: date | None = None
        self.check()  # the window opens: days that arrived meanwhile

    def check(self) -> list[date]:
        """Mark what is due now; a break that ended before today is cleared."""
        today = self._clock().date()
        self._looked = today
        marked = mark_holiday(self._model, self._prefs, today)
        dates = holiday_dates(self._prefs)
        if dates is not None and dates[1] < today and not self._model.read_only:
            # Over (every day of it marked above): Preferences start afresh.
            self._prefs.holiday_start = None
            self._prefs.holiday_end = None
        self._sync_timer()
        if marked:
            self.marked.emit(marked)
        return marked

    def _on_timer_timeout(self) -> None:
        if self._clock().date() != self._looked:
            self.check()

    def _on_prefs_changed(self, key: str) -> None:
        if key in _KEYS:
            self.check()

    def wanted(self) -> bool:
        """True while a break is set."""
        return holiday_dates(self._prefs) is not None
