"""Body-map geometry: the three views scaled, cached, hit-tested and navigated.

QtGui only, below both the PDF report and the interactive body map, so both draw
the same shapes without the report importing the user interface.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QPointF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QTransform,
)

from twitchtrack._resources import resource_path
from twitchtrack.domain.regions import View, region
from twitchtrack.graphics.body.baked import load_baked
from twitchtrack.graphics.body.cutting import build_view
from twitchtrack.graphics.body.scene import (
    DESIGN_HEIGHT,
    DIRECTIONS,
    Decor,
    Label,
    Link,
    Scene,
    ViewData,
    outline_width,
)

__all__ = ["BodyGeometry"]

_CACHE_SIZE = 12


def _deepest_point(path: QPainterPath) -> QPointF:
    """A point well inside the path: the last pixel left when eroding its raster."""
    # Imported here: only keyboard focus and tests need interior points, and numpy
    # would otherwise sit on the window's start-up path.
    import numpy as np

    box = path.boundingRect()
    scale = 160.0 / max(box.width(), box.height(), 1e-9)
    w = math.ceil(box.width() * scale) + 4
    h = math.ceil(box.height() * scale) + 4
    img = QImage(w, h, QImage.Format.Format_Grayscale8)
    img.fill(0)
    painter = QPainter(img)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.translate(2, 2)
    painter.scale(scale, scale)
    painter.translate(-box.left(), -box.top())
    painter.fillPath(path, QColor(255, 255, 255))
    painter.end()
    raw = np.frombuffer(img.constBits(), dtype=np.uint8)
    mask = raw.reshape(h, img.bytesPerLine())[:, :w] > 127
    core = mask
    while True:
        eroded = core.copy()
        eroded[1:, :] &= core[:-1, :]
        eroded[:-1, :] &= core[1:, :]
        eroded[:, 1:] &= core[:, :-1]
        eroded[:, :-1] &= core[:, 1:]
        if not eroded.any():
            break
        core = eroded
    ys, xs = np.nonzero(core)
    if len(xs) == 0:
        return box.center()
    # Of the deepest pixels, take the one nearest their centre of mass so long
    # thin regions get a point in their middle rather than at one end.
    order = np.argsort((xs - xs.mean()) ** 2 + (ys - ys.mean()) ** 2)
    for i in order:
        pt = QPointF(
            (xs[i] + 0.5 - 2) / scale + box.left(),
            (ys[i] + 0.5 - 2) / scale + box.top(),
        )
        if path.contains(pt):
            return pt
    return box.center()


class BodyGeometry:
    """The three body-map views: region paths, silhouette, hit-testing, navigation."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder if folder is not None else resource_path("body")
        self._views: dict[str, ViewData] = {}
        self._scenes: OrderedDict[tuple[str, int, int], Scene] = OrderedDict()
        self._interior: dict[str, QPointF] = {}
        self._neighbours: dict[tuple[str, str], str | None] = {}

    # -- data -------------------------------------------------------------
    def _data(self, view: str) -> ViewData:
        view = View(view).value
        data = self._views.get(view)
        if data is None:
            # The stored build of this spec (baked.py), else built here and now.
            data = load_baked(self._folder, view) or build_view(view, self._folder)
            self._views[view] = data
        return data

    def aspect(self, view: str) -> float:
        """Width / height of the view's drawing."""
        return self._data(view).aspect

    def region_ids(self, view: str) -> tuple[str, ...]:
        """Ids of the regions drawn on the view, in catalogue order."""
        return tuple(self._data(view).regions)

    def _to_design(self, view: str, point: QPointF) -> tuple[ViewData, QPointF]:
        data = self._data(view)
        return data, QPointF(
            point.x() * data.aspect * DESIGN_HEIGHT, point.y() * DESIGN_HEIGHT
        )

    # -- scaled paths -----------------------------------------------------
    def scene(self, view: str, size: QSizeF) -> Scene:
        """All paths of the view scaled so the view's frame is exactly ``size``."""
        data = self._data(view)
        key = (data.view, round(size.width() * 16), round(size.height() * 16))
        cached = self._scenes.get(key)
        if cached is not None:
            self._scenes.move_to_end(key)
            return cached
        t = QTransform.fromScale(
            size.width() / (data.aspect * DESIGN_HEIGHT),
            size.height() / DESIGN_HEIGHT,
        )
        silhouette = t.map(data.silhouette)
        stroker = QPainterPathStroker()
        stroker.setWidth(outline_width(size.height()))
        stroker.setJoinStyle(Qt.PenJoinStyle.BevelJoin)
        stroker.setCapStyle(Qt.PenCapStyle.FlatCap)
        scene = Scene(
            view=data.view,
            size=QSizeF(size),
            silhouette=silhouette,
            outline=stroker.createStroke(silhouette),
            regions={rid: t.map(p) for rid, p in data.regions.items()},
            decor=tuple(Decor(d.style, t.map(d.path), d.closed) for d in data.decor),
            links=tuple(Link(t.map(k.path), k.view, k.text) for k in data.links),
            labels=tuple(Label(lb.text, t.map(lb.at)) for lb in data.labels),
        )
        self._scenes[key] = scene
        if len(self._scenes) > _CACHE_SIZE:
            self._scenes.popitem(last=False)
        return scene

    def paths_for(self, view: str, size: QSizeF) -> dict[str, QPainterPath]:
        """Region id -> path, scaled so the view's frame is exactly ``size``."""
        return self.scene(view, size).regions

    def silhouette(self, view: str, size: QSizeF) -> QPainterPath:
        """Outline of everything drawn on the view, scaled to ``size``."""
        return self.scene(view, size).silhouette

    # -- queries (normalized coordinates: 0..1 across the view's frame) ---
    def hit_test(self, view: str, point: QPointF) -> str | None:
        """The region under a normalized point, or None between/outside regions."""
        data, p = self._to_design(view, point)
        for rid, box in data.boxes.items():
            if box.contains(p) and data.regions[rid].contains(p):
                return rid
        return None

    def links(self, view: str) -> tuple[Link, ...]:
        """Non-region parts that open another view (e.g. the head -> face)."""
        return self._data(view).links

    def link_at(self, view: str, point: QPointF) -> int | None:
        """Index (in ``links(view)``) of the link under a normalized point."""
        data, p = self._to_design(view, point)
        for index, link in enumerate(data.links):
            if link.path.contains(p):
                return index
        return None

    def interior_point(self, region_id: str) -> QPointF:
        """A normalized point guaranteed to lie inside the region, near its middle."""
        cached = self._interior.get(region_id)
        if cached is None:
            view = region(region_id).view.value
            data = self._data(view)
            p = _deepest_point(data.regions[region_id])
            cached = QPointF(
                p.x() / (data.aspect * DESIGN_HEIGHT), p.y() / DESIGN_HEIGHT
            )
            self._interior[region_id] = cached
        return QPointF(cached)

    def neighbours(self, region_id: str, direction: str) -> str | None:
        """The region an arrow key in ``direction`` moves to, or None at the edge."""
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {sorted(DIRECTIONS)}")
        key = (region_id, direction)
        if key not in self._neighbours:
            self._neighbours[key] = self._find_neighbour(region_id, direction)
        return self._neighbours[key]

    def _find_neighbour(self, region_id: str, direction: str) -> str | None:
        view = region(region_id).view.value
        aspect = self.aspect(view)
        dx, dy = DIRECTIONS[direction]
        here = self.interior_point(region_id)
        best: tuple[float, str] | None = None
        for other in self.region_ids(view):
            if other == region_id:
                continue
            there = self.interior_point(other)
            # Measure in a square space so left/right and up/down weigh alike.
            vx = (there.x() - here.x()) * aspect
            vy = there.y() - here.y()
            along = vx * dx + vy * dy
            across = abs(vx * dy - vy * dx)
            if along <= 1e-6 or across > 2.5 * along:
                continue
            score = along + 2.0 * across
            if best is None or score < best[0]:
                best = (score, other)
        return best[1] if best else None
