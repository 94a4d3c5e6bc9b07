"""The check-in's "how complete is today's twitch log" row, and "No twitches today".

The answer goes into ``DayLog.tracking`` (issue 16): ``all`` = every twitch
noticed was logged (a day without entries is then a real zero), ``some``, or
``off`` (not tracking); nothing chosen = not said. Every change is one
undoable check-in edit through ``JournalModel.set_day_values``.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.models import DayLog
from twitchtrack.domain.text import plural
from twitchtrack.ui.model import JournalModel
from twitchtrack.ui.widgets import FieldMessage, Segmented, caption, set_names

TRACKING_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("all", "Every one", "I logged every twitch I noticed (or there were none)"),
    ("some", "Some", "I logged only some of the twitches I noticed"),
    ("off", "Not tracking", "I was not keeping track of twitches this day"),
)
NONE_TODAY = "No twitches today"


class DayCounts:
    """Live episodes per local day, kept up to date from ``episodes_changed``.

    Counting means reading every episode once (about 10 ms at ten years), so
    it is done on first use, never while the window first paints, and then
    follows each change by its ids.
    """

    def __init__(self, model: JournalModel) -> None:
        self._model = model
        # Keyed by ``uuid.int``: hashing a UUID runs Python code, an int's does
        # not, and the first count hashes every episode (a third of its time).
        self._day_of: dict[int, date] | None = None
        self._counts: Counter[date] = Counter()

    @property
    def ready(self) -> bool:
        """True once the episodes have been counted."""
        return self._day_of is not None

    def count(self, day: date) -> int:
        """Live episodes on ``day``."""
        if self._day_of is None:
            day_of = {
                e.id.int: e.at.date() for e in self._model.episodes() if not e.deleted
            }
            self._counts = Counter(day_of.values())
            self._day_of = day_of
        return self._counts[day]

    def update(self, ids: Iterable[uuid.UUID]) -> None:
        """Follow changed episodes (nothing to do before the first count)."""
        if self._day_of is None:
            return
        for episode_id in ids:
            old = self._day_of.pop(episode_id.int, None)
            if old is not None:
                self._counts[old] -= 1
            episode = self._model.episode(episode_id)
            if episode is not None and not episode.deleted:
                self._day_of[episode_id.int] = episode.local_day
                self._counts[episode.local_day] += 1


class TrackingRow(QWidget):
    """How complete the shown day's twitch log is, as a compact three-way choice."""

    def __init__(
        self,
        model: JournalModel,
        parent: QWidget | None = None,
        *,
        count_later: bool = False,
    ) -> None:
        """``count_later``: the owner calls ``first_count`` itself (the window,
        after its first paint); otherwise it runs on the next event-loop turn."""
        super().__init__(parent)
        self.setObjectName("checkin_tracking_row")
        self._model = model
        self._day = model.today()
        self.counts = DayCounts(model)
        self.choice = Segmented(
            [(key, text) for key, text, _ in TRACKING_OPTIONS],
            optional=True,
            name="checkin_tracking",
            accessible="Twitches logged for this day",
            tooltips=[tip for *_, tip in TRACKING_OPTIONS],
        )
        self.choice.value_chosen.connect(self._commit)
        self.none_today = QPushButton(NONE_TODAY)
        set_names(
            self.none_today,
            "checkin_no_twitches",
            "No twitches today: mark the day as fully logged with none",
        )
        self.none_today.setProperty("chip", True)
        self.none_today.setSizePolicy(
            QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed
        )
        self.none_today.setToolTip(
            "Marks this day as tracked with no twitches, so Trends counts it as a"
            " real quiet day"
        )
        self.none_today.clicked.connect(self.mark_none)
        self.status = QLabel("")
        self.status.setObjectName("checkin_tracking_status")
        self.status.setProperty("role", "hint")
        self.message = FieldMessage()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(5)
        column.addWidget(caption("Twitches logged for this day", self.choice))
        column.addWidget(self.choice)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addWidget(self.none_today)
        row.addWidget(self.status, 1)
        column.addLayout(row)
        column.addWidget(self.message)
        model.episodes_changed.connect(self._on_model_episodes_changed)
        # The first count waits until the window is up (see ``DayCounts``).
        if not count_later:
            QTimer.singleShot(0, self, self.first_count)

    def show_day(self, day: date, log: DayLog | None) -> None:
        """Show ``day``'s answer (``log`` is its check-in, if any)."""
        self._day = day
        self.refresh(log)

    def refresh(self, log: DayLog | None = None) -> None:
        """Bring the choice, the button and the status line up to date."""
        log = log if log is not None else self._model.day(self._day)
        tracking = log.tracking if log else None
        self.choice.set_value(tracking)
        if not self.counts.ready:
            # Counted a moment later (the timer above), not while the window opens.
            self.none_today.setVisible(False)
            self.status.setVisible(False)
            return
        count = self.counts.count(self._day)
        quiet = count == 0 and tracking == "all"
        # A day with entries is not a day without twitches: say so, do not offer it.
        self.none_today.setVisible(count == 0 and not quiet)
        if count:
            text = f"{plural(count, 'twitch', 'twitches')} logged on this day"
        elif quiet:
            text = "Marked: no twitches on this day"
        else:
            text = ""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def mark_none(self) -> None:
        """'No twitches today': the day is fully logged, with no entries."""
        if self.counts.count(self._day):
            self.refresh()
            return
        self._commit("all")

    def first_count(self) -> None:
        """Count the episodes and show the day's line."""
        self.counts.count(self._day)
        self.refresh()

    def _on_model_episodes_changed(self, ids: list[uuid.UUID]) -> None:
        self.counts.update(ids)
        self.refresh()

    def _commit(self, value: object) -> None:
        message = self._model.set_day_values(self._day, tracking=value)
        self.message.show_message(message)
        self.refresh()
