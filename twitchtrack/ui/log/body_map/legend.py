"""The heat legend under the body map: what it counts, a colour ramp and the counts."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from twitchtrack.graphics.body.palette import MapPalette, heat_color, palette_for


def format_count(value: float) -> str:
    """A count as the map writes it: whole numbers plain, others to one decimal."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


_BAR_H = 12
_TICKS_H = 16
_FONT_PX = 11


def _font(base: QFont) -> QFont:
    font = QFont(base)
    font.setPixelSize(_FONT_PX)
    return font


class HeatLegend(QWidget):
    """A title saying what the colours count, a colour ramp and its counts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyMapLegend")
        self._max = 0.0
        self._title = ""
        self._palette = palette_for(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_title("")

    def title(self) -> str:
        """What the colours count ("" for none)."""
        return self._title

    def set_title(self, text: str) -> None:
        """Say what the colours count, written above the ramp."""
        self._title = text
        self.setAccessibleName(text or "Heat legend")
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def set_range(self, max_value: float) -> None:
        """Show the ramp from 0 to ``max_value``."""
        self._max = max(0.0, float(max_value))
        self.setAccessibleDescription(
            f"Lighter means fewer, deeper means more; 0 to {format_count(self._max)}"
        )
        self.update()

    def _title_height(self) -> int:
        if not self._title:
            return 0
        return round(QFontMetricsF(_font(self.font())).height()) + 3

    def set_palette(self, palette: MapPalette) -> None:
        """Follow the map's palette."""
        self._palette = palette
        self.update()

    def tick_labels(self) -> list[str]:
        """The numbers written under the ramp."""
        return [format_count(v) for v in self._tick_values()]

    def _tick_values(self) -> list[float]:
        if self._max <= 0:
            return []
        top = self._max
        if top < 4:
            return [0.0, top]
        # A count legend reads in whole numbers: a quarter of 49 is shown as 12, at
        # 12's own place on the ramp, not as "12.2".
        return [0.0, float(math.floor(top / 4 + 0.5)), top]

    def sizeHint(self) -> QSize:
        return QSize(320, self._title_height() + 4 + _BAR_H + 2 + _TICKS_H + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = _font(self.font())
        painter.setFont(font)
        top = self._title_height()
        if self._title:
            painter.setPen(QColor(self._palette.text))
            room = QRectF(12, 0, self.width() - 24, top)
            text = QFontMetricsF(font).elidedText(
                self._title, Qt.TextElideMode.ElideRight, room.width()
            )
            painter.drawText(room, Qt.AlignmentFlag.AlignCenter, text)
        self._paint_ramp(painter, QRectF(12, top + 4, self.width() - 24, _BAR_H))
        painter.end()

    def _paint_ramp(self, painter: QPainter, bar: QRectF) -> None:
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        top = self._max if self._max > 0 else 1.0
        for i in range(11):
            t = i / 10
            # The ramp is drawn in count units, so the ticks below line up.
            gradient.setColorAt(t, heat_color(t * top, top, self._palette.dark))
        painter.setPen(QPen(self._palette.divider, 1))
        painter.setBrush(gradient)
        painter.drawRoundedRect(bar, 3, 3)
        painter.setPen(QColor(self._palette.text_muted))
        if self._max > 0:
            for value in self._tick_values():
                x = bar.left() + bar.width() * (value / top)
                box = QRectF(x - 30, bar.bottom() + 2, 60, _TICKS_H)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, format_count(value))
