"""Association chart: one dot per tracked day (factor vs twitches), the model's
cut-off with a rate on each side, and its dose-response line."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from twitchtrack.ui.trends.charts.theme import (
    ChartTheme,
    make_plot,
    set_axis_label,
    style_plot,
    theme_for,
)
from twitchtrack.ui.trends.charts.timeline import nice_top, set_count_ticks
from twitchtrack.ui.trends.model_job import Side

# Jitter spreads dots that share a value (whole twitch counts, rounded check-ins)
# so piles of days stay visible.  It is purely visual and bounded: at most this
# fraction of the gap between neighbouring values, so a dot never crosses into
# its neighbour's value.
JITTER_SHARE = 0.3
Y_JITTER = 0.22  # twitch counts are whole numbers


def jitter_offsets(
    values: npt.NDArray[np.float64], seed: int
) -> npt.NDArray[np.float64]:
    """Bounded, repeatable offsets for drawing ``values`` without overplotting."""
    if values.size == 0:
        return np.zeros(0)
    distinct = np.unique(values)
    span = float(distinct[-1] - distinct[0]) if distinct.size > 1 else 1.0
    gap = float(np.diff(distinct).min()) if distinct.size > 1 else span
    amplitude = min(JITTER_SHARE * gap, 0.015 * span)
    rng = np.random.default_rng(seed)
    return rng.uniform(-amplitude, amplitude, values.size)


class AssociationChart(QWidget):
    """Factor on day D (x) against twitches on day D + lag (y)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsAssociation")
        self._theme = theme_for(False)
        self.plot = make_plot("trendsAssociationPlot", "Factor against twitches")
        item = self.plot.getPlotItem()
        self.view = item.getViewBox()
        self.view.setMouseEnabled(x=False, y=False)
        item.showGrid(x=False, y=True, alpha=0.5)
        item.getAxis("left").setWidth(56)

        self.scatter = pg.ScatterPlotItem(size=7, antialias=True)
        self.trend = pg.PlotDataItem(antialias=True)
        self.means = pg.PlotDataItem(connect="pairs", antialias=True)
        self.intervals = pg.ErrorBarItem(beam=0.0)
        self.intervals.setVisible(False)
        self.threshold_line = pg.InfiniteLine(angle=90, movable=False)
        self.threshold_line.setVisible(False)
        # Anchored at the outer ends so the words never run off the plot.
        self.low_label = pg.TextItem(anchor=(0.0, 1.1))
        self.high_label = pg.TextItem(anchor=(1.0, 1.1))
        for thing in (
            self.scatter,
            self.threshold_line,
            self.means,
            self.intervals,
            self.trend,
            self.low_label,
            self.high_label,
        ):
            item.addItem(thing)
        self._x = np.zeros(0)
        self._y = np.zeros(0)
        self._dense = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.set_theme(self._theme)

    def set_pairs(
        self,
        x: npt.NDArray[np.float64],
        y: npt.NDArray[np.float64],
        x_label: str,
        y_label: str,
    ) -> None:
        """The days to draw: factor values and the twitch counts paired with them."""
        self._x = np.asarray(x, dtype=np.float64)
        self._y = np.asarray(y, dtype=np.float64)
        jx = self._x + jitter_offsets(self._x, 1)
        jy = self._y + np.random.default_rng(2).uniform(
            -Y_JITTER, Y_JITTER, self._y.size
        )
        # Many days: smaller, fainter dots, so dense areas read as dense.
        many = self._x.size > 400
        self._dense = many
        # Styled in the same call: each later setPen/setBrush would go over every
        # dot again (a third of a range change at ten years).
        pen, brush = self._dot_style()
        self.scatter.setData(jx, jy, size=5 if many else 7, pen=pen, brush=brush)
        set_axis_label(self.plot, "bottom", x_label, self._theme)
        set_axis_label(self.plot, "left", y_label, self._theme)
        self.clear_summary()
        if self._x.size:
            lo, hi = float(self._x.min()), float(self._x.max())
            pad = max((hi - lo) * 0.04, 0.5)
            self.view.setXRange(lo - pad, hi + pad, padding=0)
            # From just below zero: jittered dots of quiet days stay in view.
            top = nice_top(float(self._y.max()) + 1.0)
            self.view.setYRange(-0.5, top, padding=0)
            set_count_ticks(self.plot.getPlotItem().getAxis("left"), top)

    def pairs(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """The exact (not jittered) values behind the dots."""
        return self._x.copy(), self._y.copy()

    def set_curve(self, curve: tuple[npt.NDArray[np.float64], ...] | None) -> None:
        """The model's dose-response line, (xs, ys) (hidden when None)."""
        if curve is None or self._x.size == 0:
            self.trend.setData([], [])
            return
        self.trend.setData(*curve)

    def set_sides(self, sides: tuple[Side, Side] | None) -> None:
        """The model's cut-off and the rate per tracked day on each side of it.

        ``sides`` is (other side, side meeting the cut-off); each is drawn as a
        level line with its 95% interval as a bar at its middle.
        """
        if sides is None or not self._x.size:
            self.clear_sides()
            return
        other, meet = sides
        xs: list[float] = []
        ys: list[float] = []
        for side in sides:
            xs += [side.x0, side.x1]
            ys += [side.rate, side.rate]
        self.means.setData(xs, ys)
        mids = np.array([(s.x0 + s.x1) / 2 for s in sides])
        rates = np.array([s.rate for s in sides])
        self.intervals.setData(
            x=mids,
            y=rates,
            top=np.array([s.high - s.rate for s in sides]),
            bottom=np.array([s.rate - s.low for s in sides]),
        )
        self.intervals.setVisible(True)
        cut = meet.x0 if meet.x0 > other.x0 else meet.x1
        self.threshold_line.setPos(cut)
        self.threshold_line.setVisible(True)
        left, right = (other, meet) if other.x0 < meet.x0 else (meet, other)
        for label, side, x in (
            (self.low_label, left, left.x0),
            (self.high_label, right, right.x1),
        ):
            label.setText(f"{side.rate:.1f} a day")
            label.setPos(x, side.rate)
            label.setVisible(True)

    def clear_sides(self) -> None:
        """Hide the cut-off and the side means (e.g. while the statistics run)."""
        self.means.setData([], [])
        self.intervals.setVisible(False)
        self.threshold_line.setVisible(False)
        self.low_label.setVisible(False)
        self.high_label.setVisible(False)

    def set_summary_opacity(self, opacity: float) -> None:
        """Dim the model's lines (an older result, while the new one is worked out)."""
        for thing in (
            self.means,
            self.intervals,
            self.trend,
            self.threshold_line,
            self.low_label,
            self.high_label,
        ):
            thing.setOpacity(opacity)

    def clear_summary(self) -> None:
        """Hide the dose-response line as well as the cut-off and side rates."""
        self.trend.setData([], [])
        self.clear_sides()

    def _dot_style(self) -> tuple[QPen, QBrush]:
        alpha = 60 if self._dense else 95
        pen = pg.mkPen(self._theme.color("point", alpha + 50), width=0.8)
        return pen, pg.mkBrush(self._theme.color("point", alpha))

    def _style_dots(self) -> None:
        pen, brush = self._dot_style()
        self.scatter.setBrush(brush, update=False)
        self.scatter.setPen(pen)

    def set_theme(self, theme: ChartTheme) -> None:
        """Follow the light or dark window."""
        self._theme = theme
        style_plot(self.plot, theme)
        self._style_dots()
        self.trend.setPen(pg.mkPen(theme.muted, width=1.6, style=Qt.PenStyle.DashLine))
        mean_pen = pg.mkPen(theme.accent, width=3.2)
        mean_pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        self.means.setPen(mean_pen)
        self.intervals.setData(pen=pg.mkPen(theme.accent, width=1.6))
        self.threshold_line.setPen(
            pg.mkPen(theme.muted, width=1.2, style=Qt.PenStyle.DotLine)
        )
        for label in (self.low_label, self.high_label):
            label.setColor(theme.accent)
            # A card-coloured backing keeps the words readable over the dots.
            label.fill = pg.mkBrush(theme.color("card", 215))
            label.update()
