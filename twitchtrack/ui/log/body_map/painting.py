"""Paints one body-map scene (shared by the widget, screenshots and benchmarks)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QTransform,
)

from twitchtrack.graphics.body.palette import MapPalette, heat_color
from twitchtrack.graphics.body.scene import Scene


@dataclass(slots=True)
class PaintState:
    """What is highlighted on the map."""

    hovered: str | None = None
    hovered_link: int | None = None
    selected: str | None = None
    focused: str | None = None
    heat: Mapping[str, float] | None = None
    calm: bool = False
    points: Sequence[QPointF] = field(default_factory=tuple)  # normalized


def _pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


_SPRITES: dict[tuple[int, int, float, float, float], tuple[QPixmap, float]] = {}


def _dot_sprite(
    palette: MapPalette, radius: float, ring: float, painter: QPainter
) -> tuple[QPixmap, float]:
    """One tap dot (its fill and ring) at the device's pixel ratio, and half its
    size: the offset from a dot's centre to the pixmap's corner."""
    device = painter.device()
    ratio = max(1.0, device.devicePixelRatioF()) if device is not None else 1.0
    key = (palette.dot.rgba(), palette.dot_ring.rgba(), radius, ring, ratio)
    found = _SPRITES.get(key)
    if found is not None:
        return found
    half = radius + ring / 2.0 + 1.0
    side = max(1, math.ceil(2.0 * half * ratio))
    sprite = QPixmap(side, side)
    sprite.setDevicePixelRatio(ratio)
    sprite.fill(Qt.GlobalColor.transparent)
    dot = QPainter(sprite)
    dot.setRenderHint(QPainter.RenderHint.Antialiasing)
    dot.setPen(_pen(palette.dot_ring, ring))
    dot.setBrush(QBrush(palette.dot))
    dot.drawEllipse(QPointF(half, half), radius, radius)
    dot.end()
    if len(_SPRITES) >= 16:  # a few palettes and sizes; never grows without end
        _SPRITES.clear()
    _SPRITES[key] = (sprite, half)
    return sprite, half


def paint_scene(
    painter: QPainter, scene: Scene, palette: MapPalette, state: PaintState
) -> None:
    """Paint the scene with its frame's top-left at the painter's origin."""
    unit = scene.size.height() / 1000.0  # line widths follow the drawing's size
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.fillPath(scene.silhouette, palette.fill)

    if state.hovered_link is not None and 0 <= state.hovered_link < len(scene.links):
        painter.fillPath(scene.links[state.hovered_link].path, palette.hover)

    heat = state.heat if (state.heat and not state.calm) else None
    if heat:
        top = max(heat.values(), default=0.0)
        for rid, value in heat.items():
            path = scene.regions.get(rid)
            if path is not None and value > 0:
                painter.fillPath(path, heat_color(value, top, palette.dark))

    selected = scene.regions.get(state.selected) if state.selected else None
    if selected is not None:
        painter.fillPath(selected, palette.selected)
    hovered = scene.regions.get(state.hovered) if state.hovered else None
    if hovered is not None:
        painter.fillPath(hovered, palette.hover)

    detail_pen = _pen(palette.detail, max(0.7, 1.0 * unit))
    for decor in scene.decor:
        if decor.closed and decor.style != "line":
            painter.fillPath(decor.path, palette.decor_fill(decor.style))
            if decor.style in ("sclera", "cavity"):
                painter.strokePath(decor.path, detail_pen)
        else:
            painter.strokePath(decor.path, detail_pen)

    divider_pen = _pen(palette.divider, max(0.6, 0.9 * unit))
    for path in scene.regions.values():
        painter.strokePath(path, divider_pen)
    painter.fillPath(scene.outline, palette.outline)

    if selected is not None:
        painter.strokePath(
            selected, _pen(palette.selected_outline, max(1.2, 1.8 * unit))
        )
    focused = scene.regions.get(state.focused) if state.focused else None
    if focused is not None:
        width = max(2.0, 2.6 * unit)
        painter.strokePath(focused, _pen(palette.focus_halo, width + 2.5))
        ring = _pen(palette.focus, width)
        painter.strokePath(focused, ring)

    if state.points:
        # Each tap is one small pre-drawn dot: copying it is about ten times
        # cheaper than drawing an antialiased circle, which for a month of heavy
        # logging (hundreds of taps) took several ms of every repaint.
        sprite, half = _dot_sprite(
            palette, max(2.5, 4.0 * unit), max(1.0, 1.2 * unit), painter
        )
        to_pixels = QTransform.fromScale(scene.size.width(), scene.size.height())
        corners = to_pixels.map(QPolygonF(list(state.points))).translated(-half, -half)
        for corner in corners:
            painter.drawPixmap(corner, sprite)

    if scene.labels:
        font = QFont(painter.font())
        font.setPixelSize(max(9, round(15 * unit)))
        painter.setFont(font)
        painter.setPen(palette.text_muted)
        # The font has a floor of 9 px while the drawing shrinks: a box scaled with
        # the drawing alone got shorter than the text and cut it ("Ionque").
        line = QFontMetricsF(font).height()
        half_w, half_h = max(150 * unit, 4 * line), max(12 * unit, line / 2 + 1)
        for label in scene.labels:
            box = QRectF(
                label.at.x() - half_w, label.at.y() - half_h, 2 * half_w, 2 * half_h
            )
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label.text)
    painter.restore()
