"""Outline curves: smooth paths through control points, simplified after cutting."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

__all__ = ["Pt", "simplify_path", "smooth_path", "union"]


@dataclass(frozen=True, slots=True)
class Pt:
    """A control point in design units; a corner keeps its sharp angle."""

    x: float
    y: float
    corner: bool


def _tangents(prev: Pt, a: Pt, b: Pt, nxt: Pt) -> tuple[QPointF, QPointF]:
    """Bezier control points of the centripetal Catmull-Rom segment a -> b.

    Centripetal parameterisation (alpha 0.5) never forms cusps or loops with
    unevenly spaced hand-placed points, which uniform Catmull-Rom does.
    """

    def dist(p: Pt, q: Pt) -> float:
        return max(math.sqrt(math.hypot(q.x - p.x, q.y - p.y)), 1e-6)

    t01, t12, t23 = dist(prev, a), dist(a, b), dist(b, nxt)
    if a.corner:
        m1x, m1y = b.x - a.x, b.y - a.y
    else:
        m1x = t12 * (
            (a.x - prev.x) / t01 - (b.x - prev.x) / (t01 + t12) + (b.x - a.x) / t12
        )
        m1y = t12 * (
            (a.y - prev.y) / t01 - (b.y - prev.y) / (t01 + t12) + (b.y - a.y) / t12
        )
    if b.corner:
        m2x, m2y = b.x - a.x, b.y - a.y
    else:
        m2x = t12 * (
            (b.x - a.x) / t12 - (nxt.x - a.x) / (t12 + t23) + (nxt.x - b.x) / t23
        )
        m2y = t12 * (
            (b.y - a.y) / t12 - (nxt.y - a.y) / (t12 + t23) + (nxt.y - b.y) / t23
        )
    return (
        QPointF(a.x + m1x / 3.0, a.y + m1y / 3.0),
        QPointF(b.x - m2x / 3.0, b.y - m2y / 3.0),
    )


def smooth_path(points: Sequence[Pt], *, closed: bool) -> QPainterPath:
    """A smooth curve through the points (corners kept sharp)."""
    path = QPainterPath()
    n = len(points)
    if n == 0:
        return path
    path.moveTo(points[0].x, points[0].y)
    if n == 1:
        return path
    count = n if closed else n - 1
    for i in range(count):
        a, b = points[i], points[(i + 1) % n]
        if closed:
            prev, nxt = points[(i - 1) % n], points[(i + 2) % n]
        else:
            # Open ends get a phantom point continuing the end segment.
            prev = points[i - 1] if i > 0 else Pt(2 * a.x - b.x, 2 * a.y - b.y, False)
            nxt = (
                points[i + 2] if i + 2 < n else Pt(2 * b.x - a.x, 2 * b.y - a.y, False)
            )
        if a.corner and b.corner:
            path.lineTo(b.x, b.y)
            continue
        c1, c2 = _tangents(prev, a, b, nxt)
        path.cubicTo(c1, c2, QPointF(b.x, b.y))
    if closed:
        path.closeSubpath()
    return path


def union(paths: Iterable[QPainterPath]) -> QPainterPath:
    """All the paths united into one."""
    out = QPainterPath()
    for p in paths:
        out = p if out.isEmpty() else out.united(p)
    return out


def _decimate(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Indices kept by Ramer-Douglas-Peucker simplification of an open polyline."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        worst, worst_at = -1.0, first
        for i in range(first + 1, last):
            px, py = points[i]
            if norm < 1e-12:
                d = math.hypot(px - x0, py - y0)
            else:
                d = abs(dy * (px - x0) - dx * (py - y0)) / norm
            if d > worst:
                worst, worst_at = d, i
        if worst > tolerance:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [i for i, k in enumerate(keep) if k]


# Pieces smaller than this (design units squared, about half a pixel at 1000
# px tall) are numerical leftovers of the boolean operations, not shapes.
_SLIVER_AREA = 0.5


def _ring_area(points: list[tuple[float, float]]) -> float:
    return 0.5 * sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )


def simplify_path(path: QPainterPath, tolerance: float = 0.04) -> QPainterPath:
    """Drop collinear points that boolean operations leave behind.

    Qt flattens every curve into many short segments when it unites or cuts
    paths; removing the points that lie within ``tolerance`` design units of
    their neighbours' line keeps the shape (0.04 units is far below a pixel)
    while painting and hit-testing get several times cheaper.
    """
    out = QPainterPath()
    out.setFillRule(path.fillRule())
    for polygon in path.toSubpathPolygons():
        pts = [(p.x(), p.y()) for p in polygon]
        if len(pts) < 4:
            continue
        if pts[0] == pts[-1]:
            pts.pop()
        # Split the ring at its farthest point from the start so both halves
        # are open polylines with fixed ends.
        far = max(
            range(len(pts)),
            key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2,
        )
        first = pts[: far + 1]
        second = [*pts[far:], pts[0]]
        kept = [first[i] for i in _decimate(first, tolerance)]
        kept += [second[i] for i in _decimate(second, tolerance)][1:-1]
        if len(kept) < 3 or abs(_ring_area(kept)) < _SLIVER_AREA:
            continue  # a sliver left where two cuts nearly coincide
        out.moveTo(*kept[0])
        for x, y in kept[1:]:
            out.lineTo(x, y)
        out.closeSubpath()
    return out
