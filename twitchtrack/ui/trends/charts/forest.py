"""Forest plot: every factor's rate ratio with its 95% interval, on a log axis."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QVBoxLayout, QWidget

from twitchtrack.ui.trends.charts.theme import (
    ChartTheme,
    axis_font,
    make_plot,
    set_axis_label,
    style_plot,
    theme_for,
)

# Rate-ratio ticks (even steps on the log scale), those within the axis' reach;
# on a wide reach the in-between ones go, so labels never crowd a narrow card.
RATIO_TICKS = (0.125, 0.25, 0.5, 0.67, 1.0, 1.5, 2.0, 4.0, 8.0)
IN_BETWEEN = (0.67, 1.5)
MIN_REACH = math.log(1.6)
MAX_REACH = math.log(8.0)
AXIS_PAD_PX = 14


def ratio_tick(ratio: float) -> str:
    """'0.5\u00d7', 'same', '2\u00d7': a rate ratio as the axis writes it."""
    return "same" if ratio == 1 else f"{ratio:g}\u00d7"


@dataclass(frozen=True, slots=True)
class ForestRow:
    """One factor as drawn: rate ratio and interval (None with too little data)."""

    factor: str
    label: str
    estimate: float | None  # rate ratio
    low: float | None
    high: float | None
    clear: bool
    note: str  # right-hand words: "clear link, 180 days", "needs about 90 more days"


class ForestChart(QWidget):
    """One row per factor; reported links filled and bold, the rest hollow and grey.

    x is the natural log of the rate ratio (so 2x and 1/2 sit equally far from
    the line at "same"); the ticks are written as ratios.
    """

    row_clicked = Signal(str)  # factor id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trendsForest")
        self._theme = theme_for(False)
        self.plot = make_plot("trendsForestPlot", "All factors at a glance")
        item = self.plot.getPlotItem()
        self.view = item.getViewBox()
        self.view.setMouseEnabled(x=False, y=False)
        self.view.invertY(True)
        item.showAxis("right")
        item.getAxis("bottom").enableAutoSIPrefix(False)
        item.showGrid(x=True, y=False, alpha=0.4)

        self.band = pg.LinearRegionItem(
            orientation="horizontal", movable=False, swapMode="block"
        )
        self.band.setZValue(-20)
        for line in self.band.lines:
            line.setPen(pg.mkPen(None))
            line.setHoverPen(pg.mkPen(None))
        self.band.setVisible(False)
        self.zero = pg.InfiniteLine(pos=0, angle=90, movable=False)
        self.muted_intervals = pg.PlotDataItem(connect="pairs", antialias=True)
        self.clear_intervals = pg.PlotDataItem(connect="pairs", antialias=True)
        self.muted_points = pg.ScatterPlotItem(symbol="o", size=10, antialias=True)
        self.clear_points = pg.ScatterPlotItem(symbol="s", size=11, antialias=True)
        for thing in (
            self.band,
            self.zero,
            self.muted_intervals,
            self.clear_intervals,
            self.muted_points,
            self.clear_points,
        ):
            item.addItem(thing)
        self._rows: list[ForestRow] = []
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.set_theme(self._theme)

    def set_rows(self, rows: Sequence[ForestRow], x_label: str) -> None:
        """Draw the rows top to bottom (rate ratios; drawn on a log axis)."""
        self._rows = list(rows)
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks(
            [[(i, r.label) for i, r in enumerate(self._rows)], []]
        )
        item.getAxis("right").setTicks(
            [[(i, r.note) for i, r in enumerate(self._rows)], []]
        )
        set_axis_label(self.plot, "bottom", x_label, self._theme)
        for clear, points, intervals in (
            (True, self.clear_points, self.clear_intervals),
            (False, self.muted_points, self.muted_intervals),
        ):
            chosen = [
                (i, r)
                for i, r in enumerate(self._rows)
                if r.clear == clear and r.estimate is not None
            ]
            points.setData(
                [_log(r.estimate or 1.0) for _, r in chosen],
                [float(i) for i, _ in chosen],
            )
            xs: list[float] = []
            ys: list[float] = []
            for i, r in chosen:
                if r.low is not None and r.high is not None:
                    xs += [_log(r.low), _log(r.high)]
                    ys += [float(i), float(i)]
            intervals.setData(xs, ys)
        ends = [
            abs(_log(v))
            for r in self._rows
            for v in (r.low, r.high, r.estimate)
            if v is not None
        ]
        reach = min(max([*ends, MIN_REACH]) * 1.12, MAX_REACH)
        ratios = [t for t in RATIO_TICKS if abs(math.log(t)) <= reach + 1e-9]
        if len(ratios) > 7:
            ratios = [t for t in ratios if t not in IN_BETWEEN]
        ticks = [(math.log(t), ratio_tick(t)) for t in ratios]
        item.getAxis("bottom").setTicks([ticks, []])
        # The side axes as wide as their longest words, so the plot keeps the rest.
        metrics = QFontMetrics(axis_font())
        for side, texts in (
            ("left", [r.label for r in self._rows]),
            ("right", [r.note for r in self._rows]),
        ):
            widest = max((metrics.horizontalAdvance(t) for t in texts), default=40)
            item.getAxis(side).setWidth(widest + AXIS_PAD_PX)
        self.view.setRange(
            xRange=(-reach, reach),
            yRange=(-0.6, max(len(self._rows), 1) - 0.4),
            padding=0,
        )

    def rows(self) -> list[ForestRow]:
        """The rows as drawn, top to bottom."""
        return list(self._rows)

    def set_selected(self, factor: str | None) -> None:
        """Highlight the row of the factor shown in the association chart."""
        index = next((i for i, r in enumerate(self._rows) if r.factor == factor), None)
        if index is None:
            self.band.setVisible(False)
            return
        self.band.setRegion((index - 0.5, index + 0.5))
        self.band.setVisible(True)

    def set_theme(self, theme: ChartTheme) -> None:
        """Follow the light or dark window."""
        self._theme = theme
        style_plot(self.plot, theme)
        self.zero.setPen(pg.mkPen(theme.muted, width=1.2, style=Qt.PenStyle.DashLine))
        self.clear_intervals.setPen(pg.mkPen(theme.accent, width=3.2))
        self.muted_intervals.setPen(pg.mkPen(theme.muted_mark, width=1.6))
        self.clear_points.setBrush(pg.mkBrush(theme.accent))
        self.clear_points.setPen(pg.mkPen(theme.card, width=1.2))
        self.muted_points.setBrush(pg.mkBrush(theme.card))
        self.muted_points.setPen(pg.mkPen(theme.muted_mark, width=1.6))
        self.band.setBrush(pg.mkBrush(theme.accent_soft))
        self.band.setHoverBrush(pg.mkBrush(theme.accent_soft))

    def _on_scene_clicked(self, event: object) -> None:
        pos = event.scenePos()  # type: ignore[attr-defined]
        if not self.view.sceneBoundingRect().contains(pos) and not self._in_axes(pos):
            return
        point = self.view.mapSceneToView(pos)
        index = int(np.rint(point.y()))
        if 0 <= index < len(self._rows):
            self.row_clicked.emit(self._rows[index].factor)

    def x_ticks(self) -> list[tuple[float, str]]:
        """The bottom axis ticks as drawn: (log rate ratio, words)."""
        levels = self.plot.getPlotItem().getAxis("bottom")._tickLevels
        return list(levels[0]) if levels else []

    def _in_axes(self, pos: QPointF) -> bool:
        item = self.plot.getPlotItem()
        return any(
            item.getAxis(name).sceneBoundingRect().contains(pos)
            for name in ("left", "right")
        )


def _log(ratio: float) -> float:
    """The x position of a rate ratio, clipped to the axis (an interval to
    infinity still draws to the edge)."""
    return max(-MAX_REACH, min(MAX_REACH, math.log(max(ratio, 1e-9))))
