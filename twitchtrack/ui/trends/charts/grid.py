"""Count grids: time of day x weekday, and body areas week by week."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QVBoxLayout, QWidget

from twitchtrack.domain.text import plural
from twitchtrack.graphics.body.palette import heat_color, relative_luminance
from twitchtrack.ui.trends.charts.common import DAY_S, DayAxis, date_seconds
from twitchtrack.ui.trends.charts.theme import (
    ChartTheme,
    make_plot,
    style_plot,
    theme_for,
)
from twitchtrack.ui.trends.charts.timeline import LEFT_AXIS_PX, RIGHT_AXIS_PX

Tooltip = Callable[[int, int, int], str]
# Numbers are written into cells only when they fit; colour alone never has to do.
MIN_TEXT_W = 17.0
MIN_TEXT_H = 13.0
MIN_ROWS = 6
# Above this many visible cells the grid is drawn as one scaled image.
MAX_CELL_RECTS = 1500


class CountGridItem(pg.GraphicsObject):
    """Rows x columns of counts drawn as cells: deeper colour and a number = more.

    Row ``i`` spans y ``i..i+1`` (the view is flipped so row 0 is on top); column
    ``j`` spans ``x_edges[j]..x_edges[j+1]``.  Cells are painted in device pixels so
    that gaps and numbers stay crisp at any zoom.
    """

    def __init__(self) -> None:
        super().__init__()
        self._counts: npt.NDArray[np.int64] = np.zeros((0, 0), dtype=np.int64)
        self._edges: npt.NDArray[np.float64] = np.zeros(1)
        self._theme = theme_for(False)
        self._tooltip: Tooltip | None = None
        self._colors: dict[int, QColor] = {}
        self._ink: dict[int, QColor] = {}
        self._lut_key: tuple[int, bool] | None = None
        self._lut_cache: npt.NDArray[np.uint32] = np.zeros(0, dtype=np.uint32)
        self.setAcceptHoverEvents(True)

    def set_data(
        self,
        counts: npt.NDArray[np.int64],
        x_edges: Sequence[float] | npt.NDArray[np.float64],
        tooltip: Tooltip | None = None,
    ) -> None:
        """New counts (rows x columns) with column edges (columns + 1 values)."""
        counts = np.asarray(counts, dtype=np.int64)
        edges = np.asarray(x_edges, dtype=np.float64)
        if counts.ndim != 2 or edges.size != counts.shape[1] + 1:
            raise ValueError("x_edges must have one more value than counts has columns")
        self.prepareGeometryChange()
        self._counts = counts
        self._edges = edges
        self._tooltip = tooltip
        self._colors.clear()
        self._ink.clear()
        self._lut_key = None
        self.update()
        self.informViewBoundsChanged()

    def counts(self) -> npt.NDArray[np.int64]:
        """The counts drawn (a copy)."""
        return self._counts.copy()

    def x_edges(self) -> npt.NDArray[np.float64]:
        """The column edges."""
        return self._edges.copy()

    def set_theme(self, theme: ChartTheme) -> None:
        """Recolour for a light or dark window."""
        self._theme = theme
        self._colors.clear()
        self._ink.clear()
        self._lut_key = None
        self.update()

    def boundingRect(self) -> QRectF:
        if self._counts.size == 0:
            return QRectF()
        rows = self._counts.shape[0]
        return QRectF(
            float(self._edges[0]), 0.0, float(self._edges[-1] - self._edges[0]), rows
        )

    def dataBounds(
        self, ax: int, frac: float = 1.0, orthoRange: object = None
    ) -> tuple[float | None, float | None]:
        if self._counts.size == 0:
            return None, None
        if ax == 0:
            return float(self._edges[0]), float(self._edges[-1])
        return 0.0, float(self._counts.shape[0])

    def _fill(self, count: int, top: int) -> QColor:
        color = self._colors.get(count)
        if color is None:
            if count <= 0:
                color = QColor(self._theme.empty_cell)
            else:
                color = heat_color(count, top, self._theme.dark)
            self._colors[count] = color
            lum = relative_luminance(color)
            # Pick the ink with the stronger contrast against this fill.
            self._ink[count] = QColor("#ffffff" if lum < 0.36 else "#14202a")
        return color

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        if self._counts.size == 0:
            return
        transform = painter.transform()
        sx, sy = transform.m11(), transform.m22()
        dx, dy = transform.dx(), transform.dy()
        xs = self._edges * sx + dx
        rows, cols = self._counts.shape
        ys = np.arange(rows + 1, dtype=np.float64) * sy + dy
        if sy < 0:
            ys = ys[::-1]
        if sx < 0:
            return  # never flipped in x
        bounds = (
            QRectF(widget.rect())
            if widget is not None
            else QRectF(-1e9, -1e9, 2e9, 2e9)
        )
        first = max(0, int(np.searchsorted(xs, bounds.left(), side="right")) - 1)
        last = min(cols, int(np.searchsorted(xs, bounds.right(), side="left")) + 1)
        top = int(self._counts.max()) if self._counts.size else 0
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        font = QFont(painter.font())
        font.setPixelSize(11)
        painter.setFont(font)
        row_order = range(rows) if sy >= 0 else range(rows - 1, -1, -1)
        widths = np.diff(xs[first : last + 1])
        if (last - first) * rows > MAX_CELL_RECTS and np.allclose(widths, widths[0]):
            # Years of weeks: one scaled image instead of thousands of rectangles.
            self._paint_image(painter, xs, ys, first, last, list(row_order), top)
            painter.restore()
            return
        for band, r in enumerate(row_order):
            y0, y1 = float(ys[band]), float(ys[band + 1])
            h = y1 - y0
            gap_y = 1.0 if h > 6 else 0.0
            for c in range(first, last):
                x0, x1 = float(xs[c]), float(xs[c + 1])
                w = x1 - x0
                gap_x = 1.0 if w > 6 else 0.0
                count = int(self._counts[r, c])
                rect = QRectF(x0 + gap_x, y0 + gap_y, w - 2 * gap_x, h - 2 * gap_y)
                painter.fillRect(rect, self._fill(count, top))
                if count and w >= MIN_TEXT_W and h >= MIN_TEXT_H:
                    painter.setPen(self._ink[count])
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
                    painter.setPen(Qt.PenStyle.NoPen)
        painter.restore()

    def _lut(self, top: int) -> npt.NDArray[np.uint32]:
        """ARGB colour of every count 0..top (cached per top and theme)."""
        key = (top, self._theme.dark)
        if self._lut_key != key:
            self._lut_cache = np.array(
                [self._fill(n, top).rgba() for n in range(top + 1)], dtype=np.uint32
            )
            self._lut_key = key
        return self._lut_cache

    def _paint_image(
        self,
        painter: QPainter,
        xs: npt.NDArray[np.float64],
        ys: npt.NDArray[np.float64],
        first: int,
        last: int,
        row_order: list[int],
        top: int,
    ) -> None:
        block = self._counts[row_order, first:last]
        pixels = np.ascontiguousarray(self._lut(top)[np.clip(block, 0, top)])
        rows, cols = pixels.shape
        image = QImage(pixels.data, cols, rows, 4 * cols, QImage.Format.Format_ARGB32)
        target = QRectF(
            float(xs[first]),
            float(ys[0]),
            float(xs[last] - xs[first]),
            float(ys[-1] - ys[0]),
        )
        painter.drawImage(target, image)
        # Thin card-coloured rules keep the rows apart, as the gaps do elsewhere.
        if rows and (ys[-1] - ys[0]) / rows > 6:
            painter.setPen(QColor(self._theme.card))
            for y in ys[1:-1]:
                painter.drawLine(
                    QPointF(target.left(), float(y)), QPointF(target.right(), float(y))
                )

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(row, column) under a point in item coordinates, if any."""
        if self._counts.size == 0:
            return None
        row = int(np.floor(y))
        col = int(np.searchsorted(self._edges, x, side="right")) - 1
        rows, cols = self._counts.shape
        if 0 <= row < rows and 0 <= col < cols:
            return row, col
        return None

    def tooltip_at(self, x: float, y: float) -> str:
        """The words for the cell under a point in item coordinates ('' if none)."""
        cell = self.cell_at(x, y)
        if cell is None or self._tooltip is None:
            return ""
        row, col = cell
        return self._tooltip(row, col, int(self._counts[row, col]))

    def hoverEvent(self, event: object) -> None:
        if getattr(event, "isExit", lambda: True)():
            self.setToolTip("")
            return
        pos = event.pos()  # type: ignore[attr-defined]
        self.setToolTip(self.tooltip_at(pos.x(), pos.y()))


class GridChart(QWidget):
    """A plot holding one ``CountGridItem`` with row labels on the left axis."""

    def __init__(
        self,
        object_name: str,
        accessible_name: str,
        date_axis: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        axis_items = {"bottom": DayAxis("bottom")} if date_axis else {}
        self.plot = make_plot(
            f"{object_name}Plot", accessible_name, axisItems=axis_items
        )
        self.view = self.plot.getPlotItem().getViewBox()
        self.view.invertY(True)
        # Rows are named, not measured: tick marks would only draw small dashes over
        # the first and last columns of cells.
        for side in ("left", "right"):
            self.plot.getPlotItem().getAxis(side).setStyle(tickLength=0)
        self.grid = CountGridItem()
        self.plot.getPlotItem().addItem(self.grid)
        self._theme = theme_for(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def set_row_labels(self, labels: Sequence[str]) -> None:
        """Names of the rows, top to bottom."""
        axis = self.plot.getPlotItem().getAxis("left")
        axis.setTicks([[(i + 0.5, text) for i, text in enumerate(labels)], []])
        self.row_labels = list(labels)

    def set_theme(self, theme: ChartTheme) -> None:
        """Follow the light or dark window."""
        self._theme = theme
        style_plot(self.plot, theme)
        self.grid.set_theme(theme)


class HourWeekdayChart(GridChart):
    """Twitches per weekday (rows) and hour of the day (columns)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "trendsHourGrid", "Twitches by time of day and weekday", False, parent
        )
        self.view.setMouseEnabled(x=False, y=False)
        item = self.plot.getPlotItem()
        item.getAxis("bottom").setTicks(
            [[(h, f"{h:02d}:00") for h in range(0, 25, 3)], []]
        )
        item.getAxis("left").setWidth(48)
        self.row_labels: list[str] = []

    def set_counts(
        self, counts: npt.NDArray[np.int64], weekdays: Sequence[str]
    ) -> None:
        """A 7 x 24 grid of counts, rows in ``weekdays`` order."""
        names = list(weekdays)

        def tip(row: int, col: int, count: int) -> str:
            hours = f"{col:02d}:00-{col + 1:02d}:00"
            return f"{names[row]} {hours}: {plural(count, 'twitch', 'twitches')}"

        self.grid.set_data(counts, np.arange(25, dtype=np.float64), tip)
        self.set_row_labels(names)
        # A little room either side so the 00:00 and 24:00 labels are drawn.
        self.view.setRange(xRange=(-0.35, 24.35), yRange=(0, len(names)), padding=0)


class WeekAreaChart(GridChart):
    """Twitches per body-area group (rows) and week (columns, on a date axis)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "trendsWeekAreas", "Body areas with twitches, week by week", True, parent
        )
        self.view.setMouseEnabled(x=True, y=False)
        item = self.plot.getPlotItem()
        item.getAxis("left").setWidth(LEFT_AXIS_PX)
        item.showAxis("right")
        item.getAxis("right").setWidth(RIGHT_AXIS_PX)
        item.getAxis("right").setStyle(showValues=False)
        self.row_labels = []
        self._weeks: list[date] = []

    def set_counts(
        self,
        counts: npt.NDArray[np.int64],
        weeks: Sequence[date],
        labels: Sequence[str],
    ) -> None:
        """Counts (groups x weeks) for weeks starting on the given Mondays."""
        self._weeks = list(weeks)
        edges = np.array(
            [date_seconds(w) for w in self._weeks]
            + ([date_seconds(self._weeks[-1]) + 7 * DAY_S] if self._weeks else [0.0]),
            dtype=np.float64,
        )
        names = list(labels)

        def tip(row: int, col: int, count: int) -> str:
            week = self._weeks[col]
            twitches = plural(count, "twitch", "twitches")
            return f"{names[row]}, week of {week:%d %b %Y}: {twitches}"

        self.grid.set_data(counts, edges, tip)
        self.set_row_labels(names)
        # At least six rows of room, so one or two areas do not become slabs.
        rows = max(len(names), MIN_ROWS)
        self.view.setLimits(yMin=0, yMax=rows)
        self.view.setYRange(0, rows, padding=0)
