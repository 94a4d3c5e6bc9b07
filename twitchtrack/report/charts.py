"""Report figures drawn with QPainter: grey body heat maps and the daily timeline."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF

from twitchtrack.domain.analysis import THRESHOLDS
from twitchtrack.domain.regions import View
from twitchtrack.report.body.geometry import BodyGeometry, side_letters
from twitchtrack.report.content import MONTHS, Timeline, bin_of
from twitchtrack.report.layout import INK, MUTED, Style, Typesetter, pt

HEAT_VIEWS: tuple[tuple[str, str], ...] = (
    (View.FRONT.value, "Front"),
    (View.BACK.value, "Back"),
    (View.FACE.value, "Face"),
)
_VIEW_GAP = 14.0  # points between the three drawings

OUTLINE = QColor("#3c3c3c")
DIVIDER = QColor("#b4b4b4")
DETAIL = QColor("#9a9a9a")
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


def bin_greys(count: int) -> list[QColor]:
    """Fill greys for ``count`` legend bins, light to dark.

    Grey only, so the map reads the same printed in black and white; the darkest
    step still leaves the region outlines visible.
    """
    if count <= 0:
        return []
    light, dark = 0.87, 0.30
    out = []
    for i in range(count):
        t = i / (count - 1) if count > 1 else 1.0
        level = round(255 * (light + (dark - light) * t))
        out.append(QColor(level, level, level))
    return out


def heat_map_height(width_pt: float, geometry: BodyGeometry) -> float:
    """Height in points of the three drawings side by side in ``width_pt``."""
    aspects = sum(geometry.aspect(v) for v, _ in HEAT_VIEWS)
    return min(255.0, (width_pt - 2 * _VIEW_GAP) / aspects)


def draw_heat_maps(
    painter: QPainter,
    rect: QRectF,
    geometry: BodyGeometry,
    counts: Mapping[str, int],
    bins: Sequence[tuple[int, int]],
    ts: Typesetter,
    caption: Style,
) -> None:
    """Front, back and face in a row, each region filled by its legend bin."""
    greys = bin_greys(len(bins))
    title_h = ts.line_height(caption) + pt(2)
    height = rect.height() - title_h
    total_w = sum(geometry.aspect(v) * height for v, _ in HEAT_VIEWS)
    gap = (rect.width() - total_w) / (len(HEAT_VIEWS) - 1)
    x = rect.left()
    count_style = Style(6.5, bold=True)
    for view, title in HEAT_VIEWS:
        width = geometry.aspect(view) * height
        name = ts.prepare(title, caption, width, "center")
        name.draw(painter, x, rect.top())
        origin = QPointF(x, rect.top() + title_h)
        _draw_view(
            painter, geometry, view, origin, QSizeF(width, height), counts, bins, greys
        )
        _draw_counts(
            painter,
            geometry,
            view,
            origin,
            QSizeF(width, height),
            counts,
            bins,
            ts,
            count_style,
        )
        label_style = Style(caption.size - 0.5, color=MUTED)
        for label in geometry.scene(view, QSizeF(width, height)).labels:
            text = ts.prepare(label.text, label_style, pt(60), "center")
            text.draw(
                painter,
                origin.x() + label.at.x() - pt(30),
                origin.y() + label.at.y() - text.height / 2,
            )
        # The person's own right and left, under the feet (or the chin).
        left, right = side_letters(view)
        bottom = rect.bottom() - ts.line_height(caption)
        inset = 0.12 if view == View.FACE.value else 0.3
        for letter, frac in ((left, inset), (right, 1.0 - inset)):
            mark = ts.prepare(letter, caption, pt(12), "center")
            mark.draw(painter, x + width * frac - pt(6), bottom)
        x += width + gap


def _draw_view(
    painter: QPainter,
    geometry: BodyGeometry,
    view: str,
    origin: QPointF,
    size: QSizeF,
    counts: Mapping[str, int],
    bins: Sequence[tuple[int, int]],
    greys: Sequence[QColor],
) -> None:
    scene = geometry.scene(view, size)
    painter.save()
    painter.translate(origin)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.fillPath(scene.silhouette, QColor("#ffffff"))
    for rid, path in scene.regions.items():
        index = bin_of(counts.get(rid, 0), list(bins))
        if index is not None:
            painter.fillPath(path, greys[index])
    # Eyes, mouth and detail lines as thin strokes only: fills would compete with
    # the grey heat steps.
    detail = QPen(DETAIL, pt(0.35))
    for decor in scene.decor:
        if decor.style in ("pupil", "shade", "lip", "brow"):
            continue
        painter.strokePath(decor.path, detail)
    divider = QPen(DIVIDER, pt(0.3))
    for path in scene.regions.values():
        painter.strokePath(path, divider)
    painter.strokePath(scene.silhouette, QPen(OUTLINE, pt(0.6)))
    painter.restore()


def _draw_counts(
    painter: QPainter,
    geometry: BodyGeometry,
    view: str,
    origin: QPointF,
    size: QSizeF,
    counts: Mapping[str, int],
    bins: Sequence[tuple[int, int]],
    ts: Typesetter,
    style: Style,
) -> None:
    """Print each region's count, so the map reads without any colour.

    Inside the region where the number fits; on the face (whose eyelids and lips
    are too thin for text) the rest go to the free margin beside the head, joined
    to their region by a thin leader line.
    """
    scene = geometry.scene(view, size)
    dark_from = len(bins) // 2 + 1 if len(bins) > 2 else len(bins)
    line_h = ts.line_height(style)
    outside: list[tuple[float, float, str]] = []
    for rid, path in scene.regions.items():
        n = counts.get(rid, 0)
        if n <= 0:
            continue
        text = f"{n:,}"
        p = geometry.interior_point(rid)
        centre = QPointF(
            origin.x() + p.x() * size.width(), origin.y() + p.y() * size.height()
        )
        box = path.boundingRect()
        w = ts.width_of(text, style)
        if w > box.width() * 0.92 or line_h > box.height() * 0.95:
            if view == View.FACE.value:
                outside.append((centre.y(), centre.x(), text))
            continue
        index = bin_of(n, list(bins)) or 0
        color = QColor("#ffffff") if index >= dark_from else QColor(INK)
        label = ts.prepare(
            text, Style(style.size, True, color=color), w + pt(1), "center"
        )
        label.draw(painter, centre.x() - (w + pt(1)) / 2, centre.y() - line_h / 2)
    middle = origin.x() + size.width() / 2
    for on_left in (True, False):
        side = sorted(o for o in outside if (o[1] < middle) == on_left)
        last = -1e18
        for y, x, text in side:
            top = max(y - line_h / 2, last + line_h * 1.05)
            last = top
            w = ts.width_of(text, style)
            if on_left:
                tx = origin.x() + size.width() * 0.02
                end = QPointF(tx + w + pt(2), top + line_h / 2)
            else:
                tx = origin.x() + size.width() * 0.98 - w
                end = QPointF(tx - pt(2), top + line_h / 2)
            painter.setPen(QPen(MUTED, pt(0.4)))
            painter.drawLine(end, QPointF(x, y))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(INK))
            painter.drawEllipse(QPointF(x, y), pt(0.9), pt(0.9))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            ts.prepare(text, style, w + pt(1)).draw(painter, tx, top)


def draw_legend(
    painter: QPainter,
    rect: QRectF,
    bins: Sequence[tuple[int, int]],
    ts: Typesetter,
    style: Style,
) -> None:
    """Swatches with their count ranges: 'none', '1-2', '3-9', ..."""
    greys = bin_greys(len(bins))
    entries: list[tuple[QColor, str]] = [(QColor("#ffffff"), "none")]
    for (low, high), grey in zip(bins, greys, strict=True):
        entries.append((grey, f"{low:,}" if low == high else f"{low:,}\u2013{high:,}"))
    lead = ts.prepare("Episodes per region:", style, rect.width())
    lead_w = ts.width_of("Episodes per region:", style) + pt(8)
    lead.draw(painter, rect.left(), rect.top())
    x = rect.left() + lead_w
    sw = pt(9)
    line_h = ts.line_height(style)
    for color, text in entries:
        box = QRectF(x, rect.top() + (line_h - sw) / 2, sw, sw)
        painter.setPen(QPen(OUTLINE, pt(0.4)))
        painter.setBrush(QBrush(color))
        painter.drawRect(box)
        label = ts.prepare(text, style, rect.width())
        label.draw(painter, x + sw + pt(3), rect.top())
        x += sw + pt(3) + ts.width_of(text, style) + pt(11)
    painter.setBrush(Qt.BrushStyle.NoBrush)


# --------------------------------------------------------------------------- timeline

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
    filled = np.where(logged, values, 0.0)
    kernel = np.ones(window)
    sums = np.convolve(filled, kernel, mode="same")
    counts = np.convolve(logged.astype(np.float64), kernel, mode="same")
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
    cut = THRESHOLDS.get(factor)
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
