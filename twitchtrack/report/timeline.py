"""Report figure: episodes over time as bars and an average, check-in strips below."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from twitchtrack.domain.analysis.tracking import CUTOFFS
from twitchtrack.domain.text import MONTHS
from twitchtrack.report.content import Timeline
from twitchtrack.report.typeset import INK, MUTED, Style, Typesetter, pt

BAR = QColor("#bdbdbd")
DOT = QColor("#a6a6a6")
GRID = QColor("#e3e3e3")

# Factor strips under the timeline: label and unit.
FACTOR_AXIS: dict[str, tuple[str, str]] = {
    "caffeine_mg": ("Caffeine", "mg"),
    "sleep_h": ("Sleep", "h"),
    "sleep_quality": ("Sleep quality", "1\u20135"),
    "water_ml": ("Water", "ml"),
    "stress": ("Stress", "0\u201310"),
    "exercise_min": ("Exercise", "min"),
    "alcohol_units": ("Alcohol", "units"),
    "magnesium_mg": ("Magnesium", "mg"),
}


_LABEL_W = 64.0  # points of axis labels on the left
_EPISODE_PANEL = 78.0
_STRIP = 30.0
_STRIP_GAP = 9.0
_AXIS = 14.0


def timeline_height(timeline: Timeline) -> float:
    """Height in points of the chart for this timeline."""
    n = len(timeline.chart_factors)
    return _EPISODE_PANEL + n * (_STRIP + _STRIP_GAP) + _AXIS


def _nice_ceiling(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k that is >= value."""
    if value <= 0:
        return 1.0
    base: float = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if step * base >= value - 1e-9:
            return step * base
    return 10.0 * base


def _fmt_tick(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def weekly(timeline: Timeline) -> bool:
    """Long periods plot weekly totals: daily bars would be thinner than a hairline."""
    return timeline.days > 400


def draw_timeline(
    painter: QPainter,
    rect: QRectF,
    timeline: Timeline,
    ts: Typesetter,
    style: Style,
) -> None:
    """Episodes per day as bars with a 7-day average, and factor strips below."""
    plot_left = rect.left() + pt(_LABEL_W)
    plot_w = rect.right() - plot_left - pt(4)
    days = max(timeline.days, 1)
    day_w = plot_w / days

    def x_of(index: float) -> float:
        return plot_left + index * day_w

    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    top = rect.top() + pt(4)
    panel = QRectF(plot_left, top, plot_w, pt(_EPISODE_PANEL - 8))
    counts = timeline.counts
    if weekly(timeline):
        starts = list(range(0, days, 7))
        values = [float(counts[s : s + 7].sum()) for s in starts]
        spans = [(s, min(7, days - s)) for s in starts]
        unit = "Episodes\nper week"
    else:
        values = [float(v) for v in counts]
        spans = [(i, 1) for i in range(days)]
        unit = "Episodes\nper day"
    peak = _nice_ceiling(max(values, default=0.0))
    _axis_label(painter, ts, style, rect.left(), panel, unit, 0.0, peak)

    def y_of(value: float) -> float:
        return panel.bottom() - panel.height() * value / peak

    painter.setPen(QPen(GRID, pt(0.4)))
    for frac in (0.5, 1.0):
        y = y_of(peak * frac)
        painter.drawLine(QPointF(panel.left(), y), QPointF(panel.right(), y))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(BAR))
    inset = min(pt(0.4), day_w * 0.15)
    for (start, length), value in zip(spans, values, strict=True):
        if value <= 0:
            continue
        x0 = x_of(start) + inset
        painter.drawRect(
            QRectF(
                x0,
                y_of(value),
                length * day_w - 2 * inset,
                panel.bottom() - y_of(value),
            )
        )
    if not weekly(timeline) and days >= 21:
        avg = np.convolve(counts, np.ones(7) / 7.0, mode="valid")
        line = QPolygonF(
            [QPointF(x_of(i + 6.5), y_of(float(v))) for i, v in enumerate(avg)]
        )
        painter.setPen(QPen(INK, pt(1.0)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(line)
    painter.setPen(QPen(MUTED, pt(0.6)))
    painter.drawLine(panel.bottomLeft(), panel.bottomRight())

    y = rect.top() + pt(_EPISODE_PANEL)
    axis_y = panel.bottom()
    for factor in timeline.chart_factors:
        strip = QRectF(plot_left, y, plot_w, pt(_STRIP))
        _draw_factor(painter, ts, style, rect.left(), strip, timeline, factor, x_of)
        axis_y = strip.bottom()
        y += pt(_STRIP + _STRIP_GAP)
    _draw_dates(painter, ts, style, timeline, plot_left, plot_w, axis_y + pt(3))
    painter.restore()


def _axis_label(
    painter: QPainter,
    ts: Typesetter,
    style: Style,
    left: float,
    panel: QRectF,
    title: str,
    low: float,
    high: float,
) -> None:
    width = panel.left() - left - pt(8)
    name = ts.prepare(title, Style(style.size, True, color=style.color), width)
    name.draw(painter, left, panel.top() + (panel.height() - name.height) / 2)
    line_h = ts.line_height(style)
    tick_w = pt(26)
    tick_style = Style(style.size, color=MUTED)
    # The top label hangs below the top edge and the bottom one sits on the base
    # line, so labels of stacked strips never collide.
    for value, y in ((high, panel.top()), (low, panel.bottom() - line_h)):
        tick = ts.prepare(_fmt_tick(value), tick_style, tick_w, "right")
        tick.draw(painter, panel.left() - tick_w - pt(3), y)


def rolling_mean(values: np.ndarray, window: int = 7, minimum: int = 3) -> np.ndarray:
    """Centred mean over ``window`` days of the logged (non-NaN) values.

    NaN where fewer than ``minimum`` days in the window were logged, so the line
    stops instead of inventing values across long gaps.
    """
    logged = ~np.isnan(values)
    # Cumulative sums, not np.convolve(mode="same"): that returns the window's
    # length when the period is shorter (a report of a first week crashed).
    sums_at = np.concatenate(([0.0], np.cumsum(np.where(logged, values, 0.0))))
    counts_at = np.concatenate(([0], np.cumsum(logged)))
    day = np.arange(values.size)
    ahead = (window - 1) // 2
    lo = np.clip(day - (window - 1 - ahead), 0, values.size)
    hi = np.clip(day + ahead + 1, 0, values.size)
    sums = sums_at[hi] - sums_at[lo]
    counts = counts_at[hi] - counts_at[lo]
    out = np.full(values.shape, np.nan)
    ok = counts >= minimum
    out[ok] = sums[ok] / counts[ok]
    return out


def _draw_factor(
    painter: QPainter,
    ts: Typesetter,
    style: Style,
    left: float,
    strip: QRectF,
    timeline: Timeline,
    factor: str,
    x_of: Callable[[float], float],
) -> None:
    values = timeline.factors[factor]
    logged = ~np.isnan(values)
    label, unit = FACTOR_AXIS[factor]
    low = 0.0
    cut = timeline.cutoffs.get(factor, CUTOFFS.get(factor))
    high_raw = float(np.nanmax(values)) if logged.any() else 1.0
    high = _nice_ceiling(max(high_raw, cut or 0.0, 1e-9))
    if factor == "stress":
        high = 10.0
    elif factor == "sleep_quality":
        low, high = 1.0, 5.0
    _axis_label(painter, ts, style, left, strip, f"{label}\n{unit}", low, high)

    def y_of(value: float) -> float:
        frac = (value - low) / (high - low) if high > low else 0.0
        return strip.bottom() - strip.height() * min(max(frac, 0.0), 1.0)

    painter.setPen(QPen(GRID, pt(0.4)))
    painter.drawLine(strip.bottomLeft(), strip.bottomRight())
    if cut is not None and low <= cut <= high:
        painter.setPen(QPen(MUTED, pt(0.5), Qt.PenStyle.DashLine))
        yc = y_of(cut)
        painter.drawLine(QPointF(strip.left(), yc), QPointF(strip.right(), yc))
    # Each logged day as a faint dot, the weekly trend as one dark line: the
    # day-to-day zig-zag of a check-in value says little on its own. Long periods
    # (weekly bars) get a four-week trend and no dots, which would merge into fog.
    long_period = weekly(timeline)
    if not long_period:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(DOT))
        radius = pt(0.75)
        for day in np.flatnonzero(logged).tolist():
            painter.drawEllipse(
                QPointF(x_of(day + 0.5), y_of(float(values[day]))), radius, radius
            )
        painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(INK, pt(0.9)))
    trend = rolling_mean(values, 28, 7) if long_period else rolling_mean(values)
    run: list[QPointF] = []
    for i, value in enumerate(trend):
        if np.isnan(value):
            _flush(painter, run)
            run = []
        else:
            run.append(QPointF(x_of(i + 0.5), y_of(float(value))))
    _flush(painter, run)


def _flush(painter: QPainter, run: list[QPointF]) -> None:
    if len(run) >= 2:
        painter.drawPolyline(QPolygonF(run))
    elif len(run) == 1:
        painter.drawPoint(run[0])


def _draw_dates(
    painter: QPainter,
    ts: Typesetter,
    style: Style,
    timeline: Timeline,
    plot_left: float,
    plot_w: float,
    y: float,
) -> None:
    """Month ticks (or week ticks for short periods) along the bottom."""
    days = max(timeline.days, 1)
    day_w = plot_w / days
    start = timeline.start
    ticks: list[tuple[int, str]] = []
    if days <= 62:
        step = 7 if days > 14 else 1 if days <= 8 else 2
        for i in range(0, days, step):
            d = start + timedelta(days=i)
            ticks.append((i, f"{d.day} {MONTHS[d.month - 1]}"))
    else:
        months_total = days / 30.4
        every = 1 if months_total <= 14 else 3 if months_total <= 40 else 12
        d = date(start.year, start.month, 1)
        while (d - start).days < days:
            index = (d - start).days
            if index >= 0 and (d.month - 1) % every == 0:
                text = MONTHS[d.month - 1]
                if d.month == 1 or not ticks:
                    text += f" {d.year}"
                if every == 12:
                    text = str(d.year)
                ticks.append((index, text))
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    tick_style = Style(style.size, color=MUTED)
    last_right = -1e9
    for index, text in ticks:
        x = plot_left + index * day_w
        painter.setPen(QPen(MUTED, pt(0.4)))
        painter.drawLine(QPointF(x, y - pt(2)), QPointF(x, y + pt(1)))
        w = ts.width_of(text, tick_style)
        if x < last_right + pt(4) or x + w > plot_left + plot_w + pt(4):
            continue
        ts.prepare(text, tick_style, w + pt(1)).draw(painter, x + pt(1.5), y)
        last_right = x + w
