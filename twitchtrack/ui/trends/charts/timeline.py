"""Timeline: twitches per day as bars, a rolling average, a factor on a second axis."""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from twitchtrack.ui.trends.charts.common import (
    DAY_S,
    DayAxis,
    date_seconds,
    day_seconds,
)
from twitchtrack.ui.trends.charts.theme import (
    ChartTheme,
    axis_font,
    make_plot,
    set_axis_label,
    style_plot,
    theme_for,
)

LEFT_AXIS_PX = 132  # fixed, so charts stacked under the timeline line up in x
RIGHT_AXIS_PX = 64
# Dots on the factor line only while they stay apart; beyond that the line says it.
MAX_DOTS = 120


def _max_finite(values: npt.NDArray[np.float64]) -> float:
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else 0.0


def nice_top(value: float) -> float:
    """A round upper end for a y axis that starts at zero."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** np.floor(np.log10(value))
    for step in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def set_count_ticks(axis: pg.AxisItem, top: float) -> None:
    """Whole-number ticks for an axis of counts (no '2.5 twitches')."""
    step = 1.0
    for candidate in (1.0, 2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0, 200.0, 500.0):
        step = candidate
        if top / candidate <= 6:
            break
    axis.setTickSpacing(step, step)


class TimelineChart(QWidget):
    """Bars of twitches per day with a rolling average and an optional factor line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsTimeline")
        self._theme = theme_for(False)
        self.plot = make_plot(
            "trendsTimelinePlot",
            "Twitches per day over time",
            axisItems={"bottom": DayAxis("bottom")},
        )
        self.plot.setAccessibleDescription(
            "Bars: twitches logged each day. Line: rolling average. Scroll to zoom, "
            "drag to move along the dates."
        )
        item = self.plot.getPlotItem()
        self.view = item.getViewBox()
        self.view.setMouseEnabled(x=True, y=False)
        item.showGrid(x=False, y=True, alpha=0.5)
        item.showAxis("right")
        item.getAxis("left").setWidth(LEFT_AXIS_PX)
        item.getAxis("right").setWidth(RIGHT_AXIS_PX)

        self.bars = pg.BarGraphItem(x=[], height=[], width=0.78 * DAY_S, pen=None)
        self.average = pg.PlotDataItem(connect="finite", antialias=True)
        item.addItem(self.bars)
        item.addItem(self.average)

        # The factor has its own units, so it lives in a second view box that
        # shares the x axis and owns the right axis.
        self.factor_view = pg.ViewBox(enableMenu=False)
        self.factor_view.setMouseEnabled(x=False, y=False)
        item.scene().addItem(self.factor_view)
        item.getAxis("right").linkToView(self.factor_view)
        self.factor_view.setXLink(self.view)
        self.overlay = pg.PlotDataItem(connect="finite", antialias=True)
        self.factor_view.addItem(self.overlay)
        self.view.sigResized.connect(self._on_view_resized)

        self._factor_label = ""
        self._has_overlay = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        set_axis_label(self.plot, "left", "Twitches per day", self._theme)
        self.set_theme(self._theme)

    # ------------------------------------------------------------------ data
    def set_data(
        self,
        days: npt.NDArray[np.datetime64],
        episodes: npt.NDArray[np.float64],
        average: npt.NDArray[np.float64] | None,
        factor: npt.NDArray[np.float64] | None = None,
        factor_label: str = "",
    ) -> None:
        """Plot one range: bars per day, the average line, the factor (NaN = gap)."""
        start_s = day_seconds(days)
        centres = start_s + DAY_S / 2
        self.bars.setOpts(x=centres, height=np.asarray(episodes, dtype=np.float64))
        if average is not None and np.isfinite(average).any():
            self.average.setData(centres, np.asarray(average, dtype=np.float64))
            self.average.setVisible(True)
        else:
            self.average.setData([], [])
            self.average.setVisible(False)
        top = nice_top(max(_max_finite(episodes), 1.0) * 1.08)
        self.view.setYRange(0, top, padding=0)
        set_count_ticks(self.plot.getPlotItem().getAxis("left"), top)
        self._set_factor(centres, factor, factor_label)

    def _set_factor(
        self,
        centres: npt.NDArray[np.float64],
        factor: npt.NDArray[np.float64] | None,
        label: str,
    ) -> None:
        self._factor_label = label
        item = self.plot.getPlotItem()
        self._has_overlay = factor is not None and bool(np.isfinite(factor).any())
        if factor is None or not self._has_overlay:
            self.overlay.setData([], [])
            self.overlay.setVisible(False)
            item.getAxis("right").setLabel("")
            item.getAxis("right").setStyle(showValues=False)
            return
        values = np.asarray(factor, dtype=np.float64)
        dots = int(np.isfinite(values).sum()) <= MAX_DOTS
        self.overlay.setData(
            centres,
            values,
            symbol="o" if dots else None,
            symbolSize=5,
            symbolPen=None,
        )
        self._style_overlay()
        self.overlay.setVisible(True)
        item.getAxis("right").setStyle(showValues=True)
        set_axis_label(self.plot, "right", label, self._theme)
        self.factor_view.setYRange(0, nice_top(_max_finite(values) * 1.08), padding=0)

    def set_span(self, start: date, end: date) -> None:
        """Show ``start..end`` (whole days) and keep panning inside it."""
        lo = date_seconds(start)
        hi = date_seconds(end) + DAY_S
        pad = (hi - lo) * 0.01
        self.view.setLimits(
            xMin=lo - pad, xMax=hi + pad, minXRange=min(7 * DAY_S, hi - lo)
        )
        self.view.setXRange(lo, hi, padding=0.01)

    def x_range(self) -> tuple[float, float]:
        """The visible x range in UTC epoch seconds."""
        lo, hi = self.view.viewRange()[0]
        return float(lo), float(hi)

    def has_overlay(self) -> bool:
        """True when a factor line is drawn."""
        return self._has_overlay

    # ----------------------------------------------------------------- looks
    def set_theme(self, theme: ChartTheme) -> None:
        """Follow the light or dark window."""
        self._theme = theme
        style_plot(self.plot, theme)
        self.bars.setOpts(brush=theme.bar, pen=None)
        pen = pg.mkPen(theme.accent, width=2.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.average.setPen(pen)
        self._style_overlay()
        item = self.plot.getPlotItem()
        item.getAxis("right").setTickFont(axis_font())
        if self._factor_label:
            set_axis_label(self.plot, "right", self._factor_label, theme)

    def _style_overlay(self) -> None:
        theme = self._theme
        pen = pg.mkPen(theme.overlay, width=1.6, style=Qt.PenStyle.DashLine)
        self.overlay.setPen(pen)
        self.overlay.setSymbolBrush(pg.mkBrush(theme.overlay))
        self.overlay.setSymbolPen(None)

    def _on_view_resized(self) -> None:
        self.factor_view.setGeometry(self.view.sceneBoundingRect())
        self.factor_view.linkedViewChanged(self.view, self.factor_view.XAxis)
