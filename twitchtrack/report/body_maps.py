"""Report figure: the three grey body heat maps side by side, and their legend."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from twitchtrack.domain.regions import View
from twitchtrack.graphics.body.geometry import BodyGeometry
from twitchtrack.graphics.body.scene import side_letters
from twitchtrack.report.content import bin_of
from twitchtrack.report.typeset import INK, MUTED, Style, Typesetter, pt

HEAT_VIEWS: tuple[tuple[str, str], ...] = (
    (View.FRONT.value, "Front"),
    (View.BACK.value, "Back"),
    (View.FACE.value, "Face"),
)
_VIEW_GAP = 14.0  # points between the three drawings

OUTLINE = QColor("#3c3c3c")
DIVIDER = QColor("#b4b4b4")
DETAIL = QColor("#9a9a9a")


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
