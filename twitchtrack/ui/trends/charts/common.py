"""Pieces shared by the Trends charts: date conversion, a text legend, a chart card."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.ui.trends.charts.theme import ChartTheme

DAY_S = 86_400.0


def day_seconds(days: npt.NDArray[np.datetime64]) -> npt.NDArray[np.float64]:
    """Days as UTC epoch seconds at midnight (the date axis shows them in UTC)."""
    return days.astype("datetime64[D]").astype("datetime64[s]").astype(np.float64)


def date_seconds(day: date) -> float:
    """One day as UTC epoch seconds at midnight."""
    return float(np.datetime64(day, "D").astype("datetime64[s]").astype(np.int64))


def _utc_day(seconds: float) -> date:
    return datetime.fromtimestamp(seconds, UTC).date()


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class DayAxis(pg.AxisItem):
    """A date axis for whole days given as UTC epoch seconds.

    One kind of label at a time, all alike and never crowded: '7 Sep' for days
    and weeks, 'Sep' (with the year on January and the first tick) for months,
    '2026' for years.
    """

    DAY_STEPS = (1, 2, 7, 14)
    MONTH_STEPS = (1, 2, 3, 6)
    YEAR_STEPS = (1, 2, 5, 10, 25)
    MIN_LABEL_PX = 58.0

    def __init__(self, orientation: str = "bottom", **kwargs: object) -> None:
        super().__init__(orientation, **kwargs)
        self.enableAutoSIPrefix(False)
        self._mode = "day"

    def tickValues(
        self, minVal: float, maxVal: float, size: float
    ) -> list[tuple[float, list[float]]]:
        if size <= 0 or not maxVal > minVal or not math.isfinite(maxVal - minVal):
            return []
        px_per_day = size / ((maxVal - minVal) / DAY_S)
        first = _utc_day(max(minVal, -1e11))
        last = _utc_day(min(maxVal, 1e11))
        for step in self.DAY_STEPS:
            if step * px_per_day >= self.MIN_LABEL_PX:
                self._mode = "day"
                start = first
                if step >= 7:  # weeks start on Monday
                    start = first + timedelta(days=(7 - first.weekday()) % 7)
                days = [
                    start + timedelta(days=k)
                    for k in range(0, (last - start).days + 1, step)
                ]
                return [(step * DAY_S, [date_seconds(d) for d in days])]
        for step in self.MONTH_STEPS:
            if step * 30.4 * px_per_day >= self.MIN_LABEL_PX:
                self._mode = "month"
                tick = _add_months(first.replace(day=1), 0 if first.day == 1 else 1)
                # Keep quarters and halves on January/April/July/October.
                while (tick.month - 1) % step:
                    tick = _add_months(tick, 1)
                months = []
                while tick <= last:
                    months.append(date_seconds(tick))
                    tick = _add_months(tick, step)
                return [(step * 30.4 * DAY_S, months)]
        self._mode = "year"
        step = next(
            (s for s in self.YEAR_STEPS if s * 365 * px_per_day >= self.MIN_LABEL_PX),
            self.YEAR_STEPS[-1],
        )
        years = range(
            first.year + 1 - (first.month == 1 and first.day == 1), last.year + 1
        )
        return [
            (
                step * 365 * DAY_S,
                [date_seconds(date(y, 1, 1)) for y in years if y % step == 0],
            )
        ]

    def tickStrings(
        self, values: list[float], scale: float, spacing: float
    ) -> list[str]:
        out = []
        for i, value in enumerate(values):
            day = _utc_day(value)
            if self._mode == "day":
                out.append(f"{day.day} {day:%b}")
            elif self._mode == "month":
                with_year = day.month == 1 or i == 0
                out.append(f"{day:%b} {day.year}" if with_year else f"{day:%b}")
            else:
                out.append(str(day.year))
        return out


# ------------------------------------------------------------------------ legend


def _swatch(kind: str, color: QColor, card: QColor, ratio: float) -> QPixmap:
    """A small picture of how a series is drawn: a bar, a line, dots, a dashed line."""
    size = 18
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if kind == "bar":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawRoundedRect(QRectF(5, 3, 8, 13), 1.5, 1.5)
    elif kind in ("line", "dashed", "dots-line"):
        pen = QPen(color, 2.6 if kind == "line" else 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if kind == "dashed":
            pen.setStyle(Qt.PenStyle.DashLine)
        if kind == "dots-line":
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(1, 9), QPointF(17, 9))
        if kind == "dots-line":
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(color))
            painter.drawEllipse(QPointF(9, 9), 3, 3)
    elif kind == "dot":
        painter.setPen(QPen(card, 1))
        painter.setBrush(QBrush(color))
        painter.drawEllipse(QPointF(9, 9), 4, 4)
    elif kind == "square":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawRect(QRectF(4, 4, 10, 10))
    elif kind == "hollow":
        painter.setPen(QPen(color, 1.6))
        painter.setBrush(QBrush(card))
        painter.drawEllipse(QPointF(9, 9), 4, 4)
    painter.end()
    return pixmap


class Legend(QWidget):
    """A row of 'swatch + words' entries: every series is named in text."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName("Chart legend")
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(16)
        self._entries: list[tuple[str, str, str]] = []
        self._theme: ChartTheme | None = None

    def set_entries(
        self, entries: Sequence[tuple[str, str, str]], theme: ChartTheme
    ) -> None:
        """(kind, theme colour name, text) for each series, left to right."""
        if list(entries) == self._entries and theme is self._theme:
            return  # unchanged: rebuilding widgets costs a style-sheet polish each
        self._entries = list(entries)
        self._theme = theme
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                # Hidden at once: deleteLater alone would leave it drawn until
                # the event loop runs, under the new entries.
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        ratio = max(1.0, self.devicePixelRatioF())
        for kind, color_name, text in self._entries:
            entry = QWidget(self)
            line = QHBoxLayout(entry)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(5)
            icon = QLabel(entry)
            icon.setPixmap(
                _swatch(kind, theme.color(color_name), theme.color("card"), ratio)
            )
            words = QLabel(text, entry)
            words.setProperty("role", "legend")
            line.addWidget(icon)
            line.addWidget(words)
            self._row.addWidget(entry)
        self._row.addStretch(1)
        self.setAccessibleDescription("; ".join(text for _, _, text in self._entries))

    def entries(self) -> list[tuple[str, str, str]]:
        """The entries as given to ``set_entries``."""
        return list(self._entries)

    def texts(self) -> list[str]:
        """The words of every entry (what a screen reader hears)."""
        return [text for _, _, text in self._entries]


# -------------------------------------------------------------------------- card


class ChartCard(QFrame):
    """A titled card holding a chart, or a message in its place when there is none."""

    def __init__(
        self,
        object_name: str,
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("card", "true")
        self.setAccessibleName(title)
        self.title = QLabel(title, self)
        self.title.setObjectName(f"{object_name}Title")
        self.title.setProperty("role", "card-title")
        self.subtitle = QLabel("", self)
        self.subtitle.setObjectName(f"{object_name}Subtitle")
        self.subtitle.setProperty("role", "muted")
        self.subtitle.setWordWrap(True)
        self.subtitle.setVisible(False)
        self.header = QHBoxLayout()
        self.header.setSpacing(10)
        self.header.addWidget(self.title)
        self.header.addStretch(1)

        self.stack = QStackedWidget(self)
        self.message = QLabel("", self)
        self.message.setObjectName(f"{object_name}Message")
        self.message.setProperty("role", "empty")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding
        )
        self.message.setMinimumHeight(90)
        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(6)
        self.stack.addWidget(self.body)
        self.stack.addWidget(self.message)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(self.header)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.stack, 1)

    def set_subtitle(self, text: str) -> None:
        """A muted line under the title (hidden when empty)."""
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))

    def show_message(self, text: str) -> None:
        """Replace the chart by a message that says what to log."""
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.stack.setCurrentWidget(self.message)

    def show_chart(self) -> None:
        """Show the chart again."""
        self.message.setText("")
        self.stack.setCurrentWidget(self.body)

    def showing_message(self) -> bool:
        """True when the message stands in for the chart."""
        return self.stack.currentWidget() is self.message
