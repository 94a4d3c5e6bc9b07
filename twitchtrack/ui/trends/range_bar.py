"""The Trends range bar: preset ranges, two dates, and a summary of what is shown."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from twitchtrack.domain.text import format_day
from twitchtrack.domain.times import EARLIEST_DAY, latest_day
from twitchtrack.ui.trends.wording import SUMMARY_SEPARATOR

# (key, button text, days); None days: the whole journal or the custom dates.
RANGES: tuple[tuple[str, str, int | None], ...] = (
    ("30d", "30 days", 30),
    ("90d", "90 days", 90),
    ("1y", "1 year", 365),
    ("all", "All", None),
    ("custom", "Custom", None),
)
RANGE_KEYS = tuple(key for key, _, _ in RANGES)
DEFAULT_RANGE = "90d"


def range_span(
    key: str,
    custom: tuple[date, date] | None,
    first: date,
    last: date,
    today: date,
) -> tuple[date, date]:
    """First and last day a range shows, for a journal running ``first``-``last``.

    Entries no one could have logged (before 1970, more than a day ahead: an older
    version let them in) never stretch a range (``domain.times``).
    """
    if key == "custom" and custom is not None:
        return custom
    first = max(first, EARLIEST_DAY)
    if last > latest_day(today):
        last = today  # an outlier says nothing about when the real entries end
    if first > last:
        first = last
    days = {k: d for k, _, d in RANGES}[key]
    if days is None:
        return first, last
    end = max(today, last)
    # Days before the first record are unknown, not quiet: never show them.
    return max(end - timedelta(days=days - 1), first), end


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class _Summary(QLabel):
    """The range summary ("dates  ·  days  ·  twitches") on one line when it fits,
    else the dates over the rest, else only the rest (the date boxes beside it
    show the dates too): never cut, and never wider than the window allows.

    ``text()`` is always the whole summary.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._full = ""

    def text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.updateGeometry()
        self._fit()

    def _lines(self) -> tuple[str, str]:
        dates, _, rest = self._full.partition(SUMMARY_SEPARATOR)
        return dates, rest

    def minimumSizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        rest = self._lines()[1] or self._full
        return QSize(metrics.horizontalAdvance(rest) + 2, 2 * metrics.height())

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self._full) + 2, 2 * metrics.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        metrics, room = self.fontMetrics(), self.width() - 2
        dates, rest = self._lines()
        if metrics.horizontalAdvance(self._full) <= room or not rest:
            shown = self._full
        elif metrics.horizontalAdvance(dates) <= room:
            shown = f"{dates}\n{rest}"
        else:
            shown = rest
        if shown != super().text():
            super().setText(shown)


class RangeBar(QFrame):
    """The title, the range buttons, the custom dates and the range summary."""

    range_clicked = Signal(str)  # the key of the button clicked
    dates_edited = Signal(object, object)  # first and last day typed or picked

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsRangeBar")
        self.setAccessibleName("Date range for every chart")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        title = QLabel("Trends", self)
        title.setObjectName("trendsTitle")
        title.setProperty("role", "page-title")
        row.addWidget(title)
        row.addSpacing(18)
        self.range_buttons = QButtonGroup(self)
        self.range_buttons.setExclusive(True)
        for i, (name, text, _days) in enumerate(RANGES):
            button = QPushButton(text, self)
            button.setObjectName(f"trendsRange{name.capitalize()}")
            button.setAccessibleName(
                f"Show {text.lower()}" if name != "custom" else "Choose dates"
            )
            button.setCheckable(True)
            button.setChecked(name == key)
            button.setProperty("range", name)
            button.setProperty(
                "segment",
                "first" if i == 0 else "last" if i == len(RANGES) - 1 else "middle",
            )
            self.range_buttons.addButton(button, i)
            row.addWidget(button)
        self.range_buttons.idClicked.connect(self._on_range_buttons_clicked)
        row.addSpacing(12)
        self.from_edit = self._date_edit("trendsFrom", "First day of the range")
        self.to_edit = self._date_edit("trendsTo", "Last day of the range")
        dash = QLabel("to", self)
        dash.setProperty("role", "muted")
        row.addWidget(self.from_edit)
        row.addSpacing(6)
        row.addWidget(dash)
        row.addSpacing(6)
        row.addWidget(self.to_edit)
        row.addSpacing(14)
        self.range_error = QLabel("", self)
        self.range_error.setObjectName("trendsRangeError")
        self.range_error.setProperty("role", "warning")
        self.range_error.setVisible(False)
        row.addWidget(self.range_error)
        # The summary takes the rest of the row (right-aligned): with a stretch
        # beside it the two shared the room and the summary was cut short.
        self.summary = _Summary(self)
        self.summary.setObjectName("trendsSummary")
        self.summary.setProperty("role", "muted")
        self.summary.setAccessibleName("Range summary")
        self.summary.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        )
        row.addWidget(self.summary, 1)

    def _date_edit(self, name: str, accessible: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        # Only whole dates count: no refresh for every digit typed.
        edit.setKeyboardTracking(False)
        edit.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        edit.dateChanged.connect(self._on_date_edit_changed)
        return edit

    def check(self, key: str) -> None:
        """Show ``key`` as the chosen range and clear a wrong-order warning."""
        self.range_error.setVisible(False)
        for button in self.range_buttons.buttons():
            button.setChecked(button.property("range") == key)

    def show_order_error(self, start: date, end: date) -> None:
        """Say that the first day typed is after the last."""
        self.range_error.setText(
            f"The start date {format_day(start, year=True)} is after the end date "
            f"{format_day(end, year=True)}."
        )
        self.range_error.setVisible(True)

    def sync_dates(
        self,
        journal_span: tuple[date, date] | None,
        today: date,
        span: tuple[date, date] | None,
    ) -> None:
        """Put the shown range in the date boxes, within reach of the journal's days.

        ``journal_span`` is the first and last day with data (None: nothing yet).
        """
        edits = (self.from_edit, self.to_edit)
        for edit in edits:
            edit.blockSignals(True)
        if journal_span is not None:
            low = _qdate(journal_span[0])
            high = _qdate(max(today, journal_span[1]))
            for edit in edits:
                edit.setDateRange(low.addYears(-1), high)
        if span is not None:
            self.from_edit.setDate(_qdate(span[0]))
            self.to_edit.setDate(_qdate(span[1]))
        for edit in edits:
            edit.setEnabled(journal_span is not None and span is not None)
            edit.blockSignals(False)

    def _on_range_buttons_clicked(self, index: int) -> None:
        self.range_clicked.emit(RANGES[index][0])

    def _on_date_edit_changed(self, _value: QDate) -> None:
        start = self.from_edit.date().toPython()
        end = self.to_edit.date().toPython()
        assert isinstance(start, date)
        assert isinstance(end, date)
        self.dates_edited.emit(start, end)
