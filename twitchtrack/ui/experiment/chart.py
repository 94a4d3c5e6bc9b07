"""The result's per-period chart: the rate per used day of each period, by arm."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from twitchtrack.domain.trial import PeriodResult
from twitchtrack.ui.experiment.words import share_text
from twitchtrack.ui.style import colours

# Arm A (as usual) is drawn quiet, arm B (the change) in the accent.
ARM_A = {False: "#a7b2bd", True: "#66727e"}


@dataclass(frozen=True, slots=True)
class Bar:
    """What one bar shows (tests read these, not pixels)."""

    pair: int  # from 1
    arm: str
    rate: float | None  # outcome per used day; None: no day used yet
    days_used: int
    adherence: float | None


def nice_top(value: float) -> float:
    """A round axis top at or above ``value`` (its quarters stay readable)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * power >= value - 1e-12:
            return step * power
    return 10.0 * power


class PeriodChart(QWidget):
    """Bars of the rate per used day, one per period in calendar order.

    Under each bar: its arm and the share of its days that kept to the arm.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("experiment_chart")
        self.setAccessibleName("Twitches per used day in each period")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(220)
        self._bars: list[Bar] = []
        self._legend: tuple[str, str] = ("A", "B")
        self._unit = "twitches per day"

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def set_periods(
        self,
        periods: tuple[PeriodResult, ...],
        legend: tuple[str, str],
        unit: str = "twitches per day",
    ) -> None:
        """Show these periods; ``legend`` is what A and B mean, in words."""
        self._bars = [
            Bar(p.period.pair + 1, p.period.arm, p.rate, p.days_used, p.adherence)
            for p in periods
        ]
        self._legend = legend
        self._unit = unit
        self.setAccessibleDescription(
            "; ".join(
                f"pair {b.pair} {b.arm}: "
                + (f"{b.rate:.1f}" if b.rate is not None else "no days yet")
                for b in self._bars
            )
        )
        self.update()

    def bars(self) -> list[Bar]:
        """The bars drawn, in order."""
        return list(self._bars)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        # Light text means a dark window (the style sheet sets the text colour;
        # the window colour it paints is not in the palette).
        dark = self.palette().windowText().color().lightness() > 128
        c = colours(dark)
        arm_colour = {"A": QColor(ARM_A[dark]), "B": QColor(c.accent)}
        text, muted, grid = QColor(c.text), QColor(c.muted), QColor(c.row_line)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        small = QFont(font)
        small.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
        p.setFont(small)
        fm = p.fontMetrics()
        line = fm.height()

        rect = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        legend_h = line + 8
        below = 2 * line + 10  # arm label, then adherence
        top = max((b.rate or 0.0) for b in self._bars) if self._bars else 0.0
        axis_top = nice_top(top * 1.1)
        ticks = [axis_top * k / 4 for k in range(5)]
        label_w = max(fm.horizontalAdvance(f"{v:g}") for v in ticks) + 10
        plot = QRectF(
            rect.left() + label_w,
            rect.top() + legend_h + line,
            rect.width() - label_w,
            rect.height() - legend_h - line - below,
        )

        # Legend: what each colour means.
        x = rect.left() + label_w
        for arm, words in zip(("A", "B"), self._legend, strict=True):
            p.fillRect(QRectF(x, rect.top() + 3, 10, 10), arm_colour[arm])
            p.setPen(text)
            entry = f"{arm}: {words}"
            p.drawText(QPointF(x + 15, rect.top() + 2 + fm.ascent()), entry)
            x += 15 + fm.horizontalAdvance(entry) + 18
        p.setPen(muted)
        p.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), line + 6),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            self._unit,
        )

        # Grid lines and their values.
        for k, value in enumerate(ticks):
            y = plot.bottom() - plot.height() * k / 4
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(muted)
            p.drawText(
                QRectF(rect.left(), y - line / 2, label_w - 6, line),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                f"{value:g}",
            )
        if not self._bars:
            p.end()
            return

        # Bars, with a wider gap between pairs than within one.
        pairs = max(b.pair for b in self._bars)
        slots = len(self._bars) + (pairs - 1) * 0.6
        slot = plot.width() / max(slots, 1.0)
        width = min(slot * 0.78, 56.0)
        x0 = plot.left()
        for i, bar in enumerate(self._bars):
            centre = x0 + slot * (i + (bar.pair - 1) * 0.6 + 0.5)
            left = centre - width / 2
            if bar.rate is None:
                pen = QPen(muted, 1, Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(left, plot.bottom() - 14, width, 14))
            else:
                h = plot.height() * bar.rate / axis_top
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(arm_colour[bar.arm])
                p.drawRoundedRect(QRectF(left, plot.bottom() - h, width, h), 2, 2)
                p.setPen(text)
                p.drawText(
                    QRectF(centre - slot / 2, plot.bottom() - h - line - 1, slot, line),
                    int(Qt.AlignmentFlag.AlignCenter),
                    f"{bar.rate:.1f}",
                )
            p.setPen(text)
            p.drawText(
                QRectF(centre - slot / 2, plot.bottom() + 4, slot, line),
                int(Qt.AlignmentFlag.AlignCenter),
                f"{bar.pair}{bar.arm}",
            )
            p.setPen(muted)
            kept = share_text(bar.adherence) if bar.days_used else "\u2013"
            if kept == "not logged":
                kept = "\u2013"
            p.drawText(
                QRectF(centre - slot / 2, plot.bottom() + 4 + line, slot, line),
                int(Qt.AlignmentFlag.AlignCenter),
                kept,
            )
        p.setPen(QPen(muted, 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.end()
