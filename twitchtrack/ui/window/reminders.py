"""Gentle reminders: the daily check-in and the weekly self-check (both off by default).

A reminder fires at most once on its day, at the first look after its time, and
not at all when the user has already done what it asks for, or on a day of a
tracking break (marked "not tracking"). The clock is injectable and a QTimer
only decides *when to look*, so tests advance a fake clock and call
``check()``; nothing sleeps.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, Signal

from twitchtrack.domain.models import SelfCheck
from twitchtrack.ui.i18n import tr
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.prefs_timer import PrefsTimer
from twitchtrack.ui.settings.holiday import paused
from twitchtrack.ui.settings.preferences import Preferences

CHECKIN = "checkin"
SELF_CHECK = "self_check"
CHECK_INTERVAL_MS = 60_000  # often enough to be on time; costs a dict lookup
SELF_CHECK_DAYS = 7

_REMINDER_KEYS = frozenset(
    {
        Preferences.daily_reminder.key,
        Preferences.daily_time.key,
        Preferences.self_check_reminder.key,
        Preferences.self_check_weekday.key,
        Preferences.self_check_time.key,
    }
)


class ReminderScheduler(PrefsTimer):
    """Looks now and then whether a reminder is due and emits ``reminder_due``."""

    reminder_due = Signal(str, str, str)  # kind, title, text

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
            name="reminder_timer",
            clock=clock,
            interval_ms=interval_ms,
            parent=parent,
        )
        self._sync_timer()

    def enabled(self) -> bool:
        """True when at least one reminder is switched on."""
        return self._prefs.daily_reminder or self._prefs.self_check_reminder

    def check(self) -> list[str]:
        """Emit every reminder that is due now; returns their kinds."""
        if self._model.read_only:
            return []  # another window owns this journal and reminds there
        now = self._clock()
        if paused(self._model, self._prefs, now.date()):
            return []  # a break, or a day marked "not tracking": nothing is asked
        fired: list[str] = []
        if self.checkin_due(now):
            self._prefs.last_daily_reminder = now.date()
            self.reminder_due.emit(
                CHECKIN,
                tr("Daily check-in"),
                tr(
                    "A minute for today's check-in? Caffeine, sleep, water and "
                    "stress help the Trends view say something useful."
                ),
            )
            fired.append(CHECKIN)
        if self.self_check_due(now):
            self._prefs.last_self_check_reminder = now.date()
            self.reminder_due.emit(
                SELF_CHECK,
                tr("Weekly self-check"),
                tr(
                    "Your weekly self-check is due: five short questions, on the "
                    "Guidance page. Skip it any time."
                ),
            )
            fired.append(SELF_CHECK)
        return fired

    def checkin_due(self, now: datetime) -> bool:
        """Due: on, past today's time, not yet reminded today, no check-in today."""
        prefs = self._prefs
        if not prefs.daily_reminder:
            return False
        today = now.date()
        if now.time() < prefs.daily_time:
            return False
        if prefs.last_daily_reminder == today:
            return False
        return self._model.day(today) is None

    def self_check_due(self, now: datetime) -> bool:
        """Due: on, the chosen weekday past its time, not yet reminded that day,
        and no self-check stored in the last seven days.

        Only on the day itself: turning the reminder on mid-week does not bring an
        immediate "overdue" message, and a week away never piles reminders up.
        """
        prefs = self._prefs
        if not prefs.self_check_reminder:
            return False
        today = now.date()
        if now.isoweekday() != prefs.self_check_weekday:
            return False
        if now.time() < prefs.self_check_time:
            return False
        if prefs.last_self_check_reminder == today:
            return False
        return not self._recent(today)

    def last_self_check(self) -> date | None:
        """The date of the newest stored self-check, if any."""
        dates = [
            r.date
            for r in self._model.records("self_checks")
            if isinstance(r, SelfCheck) and not r.deleted
        ]
        return max(dates, default=None)

    def _recent(self, today: date) -> bool:
        last = self.last_self_check()
        return last is not None and (today - last).days < SELF_CHECK_DAYS

    def _on_prefs_changed(self, key: str) -> None:
        if key in _REMINDER_KEYS:
            self._sync_timer()

    def wanted(self) -> bool:
        """True while a reminder is on."""
        return self.enabled()
