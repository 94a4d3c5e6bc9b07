"""The heat legend under the body map: a colour ramp and the counts it stands for."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QLinearGradient, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from twitchtrack.graphics.body.palette import MapPalette, heat_color, palette_for


def format_count(value: float) -> str:
    """A count as the map writes it: whole numbers plain, others to one decimal."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


class HeatLegend(QWidget):
    """A colour ramp with the counts it stands for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyMapLegend")
        self.setAccessibleName("Heat legend")
        self._max = 0.0
        self._palette = palette_for(False)
        self.setMinimumHeight(34)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_range(self, max_value: float) -> None:
        """Show the ramp from 0 to ``max_value``."""
        self._max = max(0.0, float(max_value))
        self.setAccessibleDescription(
            f"Lighter means fewer, deeper means more; 0 to {format_count(self._max)}"
        )
        self.update()

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
        return QSize(220, 38)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        bar = QRectF(12, 4, self.width() - 24, 12)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        top = self._max if self._max > 0 else 1.0
        for i in range(11):
            t = i / 10
            # The ramp is drawn in count units, so the ticks below line up.
            gradient.setColorAt(t, heat_color(t * top, top, self._palette.dark))
        painter.setPen(QPen(self._palette.divider, 1))
        painter.setBrush(gradient)
        painter.drawRoundedRect(bar, 3, 3)
        font = QFont(self.font())
        font.setPixelSize(11)
        painter.setFont(font)
        painter.setPen(QColor(self._palette.text_muted))
        if self._max > 0:
            for value in self._tick_values():
                x = bar.left() + bar.width() * (value / top)
                box = QRectF(x - 30, bar.bottom() + 2, 60, 16)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, format_count(value))
        painter.end()
