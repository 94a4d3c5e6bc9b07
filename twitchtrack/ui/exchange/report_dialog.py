"""The report dialog: the period (a preset or two dates) and the paper size."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from twitchtrack.domain.models import Journal
from twitchtrack.domain.text import plural
from twitchtrack.ui.exchange.dialogs import dress_dialog
from twitchtrack.ui.widgets import dialog_layout, set_names

PAPER_SIZES: tuple[tuple[str, str], ...] = (
    ("A4", "A4 (210 \u00d7 297 mm)"),
    ("Letter", "US Letter (8.5 \u00d7 11 in)"),
)


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """The period and paper chosen for a report."""

    start: date
    end: date
    page_size: str  # "A4" or "Letter"


PERIODS: tuple[tuple[str, str, int | None], ...] = (
    ("last_30", "Last 30 days", 30),
    ("last_90", "Last 90 days", 90),
    ("last_365", "Last 12 months", 365),
    ("all", "All entries", None),
    ("custom", "Chosen dates", None),
)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class ReportOptionsDialog(QDialog):
    """Choose the report's period (a preset or two dates) and paper size."""

    def __init__(
        self,
        journal: Journal,
        today: date,
        page_size: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("report_options_dialog")
        self.setWindowTitle("Export report")
        dress_dialog(self)
        # Sorted days of entries, for the "what is in this period" line.
        self._episode_days = sorted(e.local_day for e in journal.live_episodes())
        self._check_in_days = sorted(
            d.date for d in journal.live_days() if not d.is_empty
        )
        logged = self._episode_days + self._check_in_days
        self._first = min(logged) if logged else None
        # Demo data or another time zone can run past today; the report would too.
        self._last = max([today, *logged])

        column, _ = dialog_layout(
            self,
            "Report for your doctor",
            "A PDF with a summary, body maps, a timeline, how your check-ins line "
            "up with twitching, and every entry of the period.",
        )

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        self.period = QComboBox()
        set_names(self.period, "report_period", "Period")
        for key, label, _days in PERIODS:
            self.period.addItem(label, key)
        form.addRow("Period", self.period)

        dates = QHBoxLayout()
        dates.setSpacing(8)
        self.start_edit = self._date_edit("report_from", "From date")
        self.end_edit = self._date_edit("report_to", "To date")
        dates.addWidget(self.start_edit)
        dash = QLabel("to")
        dash.setProperty("role", "muted")
        dates.addWidget(dash)
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        form.addRow("Dates", dates)

        self.paper = QComboBox()
        set_names(self.paper, "report_paper", "Paper size")
        for key, label in PAPER_SIZES:
            self.paper.addItem(label, key)
        self.paper.setCurrentIndex(
            max(
                0,
                next((i for i, (k, _) in enumerate(PAPER_SIZES) if k == page_size), 0),
            )
        )
        form.addRow("Paper", self.paper)
        column.addLayout(form)

        self.summary = QLabel()
        self.summary.setObjectName("report_period_summary")
        self.summary.setProperty("role", "hint")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Choose File…")
        self.ok_button.setProperty("primary", True)
        set_names(self.ok_button, "report_ok", "Choose where to save the report")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        set_names(cancel, "report_cancel", "Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)

        default = "all"
        if self._first is not None and (self._last - self._first).days >= 90:
            default = "last_90"
        self.period.currentIndexChanged.connect(self._on_period_changed)
        self.start_edit.dateChanged.connect(self._on_dates_edited)
        self.end_edit.dateChanged.connect(self._on_dates_edited)
        self.set_period(default)
        self.setMinimumWidth(460)

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit()
        set_names(edit, name, accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setDateRange(QDate(1990, 1, 1), _qdate(self._last + timedelta(days=366)))
        edit.setMinimumWidth(130)
        return edit

    def set_period(self, key: str) -> None:
        """Choose a preset period ("last_90", "all", ...) and fill in its dates."""
        index = self.period.findData(key)
        if index < 0:
            raise ValueError(f"unknown period {key!r}")
        self.period.setCurrentIndex(index)
        self._on_period_changed(index)

    def set_dates(self, start: date, end: date) -> None:
        """Choose the period by its first and last day."""
        self.start_edit.setDate(_qdate(start))
        self.end_edit.setDate(_qdate(end))

    def options(self) -> ReportOptions:
        """The choices as they stand."""
        return ReportOptions(
            _pydate(self.start_edit.date()),
            _pydate(self.end_edit.date()),
            str(self.paper.currentData()),
        )

    def _on_period_changed(self, index: int) -> None:
        key, _label, days = PERIODS[index]
        if key == "custom":
            return
        if days is None:
            start = self._first or self._last
        else:
            start = self._last - timedelta(days=days - 1)
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(True)
        self.set_dates(start, self._last)
        for edit in (self.start_edit, self.end_edit):
            edit.blockSignals(False)
        self._update_summary()

    def _on_dates_edited(self) -> None:
        custom = self.period.findData("custom")
        if self.period.currentIndex() != custom:
            self.period.blockSignals(True)
            self.period.setCurrentIndex(custom)
            self.period.blockSignals(False)
        self._update_summary()

    def _update_summary(self) -> None:
        options = self.options()
        if options.start > options.end:
            self.summary.setText("The first day is after the last day.")
            self.ok_button.setEnabled(False)
            return
        self.ok_button.setEnabled(True)
        length = (options.end - options.start).days + 1
        episodes = _count_between(self._episode_days, options.start, options.end)
        check_ins = _count_between(self._check_in_days, options.start, options.end)
        self.summary.setText(
            f"{plural(length, 'day')}: {plural(episodes, 'episode')} and "
            f"{plural(check_ins, 'check-in')} in this period."
        )


def _count_between(days: Sequence[date], start: date, end: date) -> int:
    return bisect.bisect_right(days, end) - bisect.bisect_left(days, start)
