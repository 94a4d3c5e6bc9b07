"""Body-map geometry: smooth outlines from JSON control points, cut into regions.

It lives in the report package (QtGui only, the lowest Qt layer) so that both the
PDF report and the interactive body map can draw the same shapes without the report
importing the user interface.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QTransform,
)

from twitchtrack._resources import resource_path
from twitchtrack.domain.regions import View, region, regions_in

# Boolean path operations flatten curves into line segments; doing them at a
# design scale of 1000 units per view height keeps those segments far below a
# pixel at any sensible widget size.
DESIGN_HEIGHT = 1000.0

VIEWS: tuple[str, ...] = (View.FRONT.value, View.BACK.value, View.FACE.value)
DIRECTIONS: dict[str, tuple[float, float]] = {
    "left": (-1.0, 0.0),
    "right": (1.0, 0.0),
    "up": (0.0, -1.0),
    "down": (0.0, 1.0),
}

# On the front and face views the viewer faces the person, so the person's left
# is on the viewer's right; on the back view both agree.
_VIEWER_LEFT_SIDE: dict[str, str] = {"front": "right", "face": "right", "back": "left"}
_OTHER_SIDE = {"left": "right", "right": "left"}

_CACHE_SIZE = 12

__all__ = [
    "DESIGN_HEIGHT",
    "DIRECTIONS",
    "VIEWS",
    "BodyGeometry",
    "Decor",
    "GeometryError",
    "Label",
    "Link",
    "Scene",
    "outline_width",
    "side_letters",
    "simplify_path",
    "smooth_path",
]


def outline_width(height: float) -> float:
    """Stroke width of the body outline for a drawing ``height`` pixels tall."""
    return max(1.0, 1.7 * height / 1000.0)


class GeometryError(ValueError):
    """A body geometry file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class _Pt:
    x: float
    y: float
    corner: bool


@dataclass(frozen=True, slots=True)
class Decor:
    """A drawn, non-clickable shape (eye, mouth opening, detail line)."""

    style: str
    path: QPainterPath
    closed: bool
    from_cut: bool = False


@dataclass(frozen=True, slots=True)
class Label:
    """A small caption drawn on the map (e.g. above the open-mouth inset)."""

    text: str
    at: QPointF


@dataclass(frozen=True, slots=True)
class Link:
    """A non-region part that opens another view when clicked."""

    path: QPainterPath
    view: str
    text: str


@dataclass(frozen=True, slots=True)
class Scene:
    """Everything the painter needs for one view at one size (pixel units)."""

    view: str
    size: QSizeF
    silhouette: QPainterPath
    outline: QPainterPath  # the silhouette's stroke, pre-built: filling is cheaper
    regions: dict[str, QPainterPath]
    decor: tuple[Decor, ...]
    links: tuple[Link, ...]
    labels: tuple[Label, ...]


@dataclass(slots=True)
class _ViewData:
    """One view built in design units (x in 0..aspect*1000, y in 0..1000)."""

    view: str
    aspect: float
    silhouette: QPainterPath
    regions: dict[str, QPainterPath]
    boxes: dict[str, QRectF]
    decor: tuple[Decor, ...]
    links: tuple[Link, ...]
    labels: tuple[Label, ...]


# --------------------------------------------------------------------------- curves


def _tangents(prev: _Pt, a: _Pt, b: _Pt, nxt: _Pt) -> tuple[QPointF, QPointF]:
    """Bezier control points of the centripetal Catmull-Rom segment a -> b.

    Centripetal parameterisation (alpha 0.5) never forms cusps or loops with
    unevenly spaced hand-placed points, which uniform Catmull-Rom does.
    """

    def dist(p: _Pt, q: _Pt) -> float:
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


def smooth_path(points: Sequence[_Pt], *, closed: bool) -> QPainterPath:
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
            prev = points[i - 1] if i > 0 else _Pt(2 * a.x - b.x, 2 * a.y - b.y, False)
            nxt = (
                points[i + 2] if i + 2 < n else _Pt(2 * b.x - a.x, 2 * b.y - a.y, False)
            )
        if a.corner and b.corner:
            path.lineTo(b.x, b.y)
            continue
        c1, c2 = _tangents(prev, a, b, nxt)
        path.cubicTo(c1, c2, QPointF(b.x, b.y))
    if closed:
        path.closeSubpath()
    return path


# --------------------------------------------------------------------------- parsing


class _Builder:
    """Turns one view's JSON (normalized 0..1 coordinates) into design-unit paths."""

    def __init__(self, source: str, aspect: float) -> None:
        self.source = source
        self.aspect = aspect
        self.width = aspect * DESIGN_HEIGHT

    def fail(self, message: str) -> GeometryError:
        return GeometryError(f"{self.source}: {message}")

    def point(self, raw: Any, mirror: bool) -> _Pt:
        if (
            not isinstance(raw, list)
            or len(raw) not in (2, 3)
            or not all(isinstance(v, int | float) for v in raw[:2])
        ):
            raise self.fail(f"bad point {raw!r}: expected [x, y] or [x, y, 'c']")
        x, y = float(raw[0]), float(raw[1])
        if mirror:
            x = 1.0 - x
        return _Pt(x * self.width, y * DESIGN_HEIGHT, len(raw) == 3 and raw[2] == "c")

    def points(self, raw: Any, mirror: bool) -> list[_Pt]:
        if not isinstance(raw, list) or len(raw) < 2:
            raise self.fail(f"bad point list {raw!r}")
        return [self.point(p, mirror) for p in raw]

    def shape(self, raw: Any, mirror: bool = False) -> QPainterPath:
        """A closed shape: points, {'sym': half}, {'poly': pts} or {'ellipse': ..}."""
        if isinstance(raw, list):
            return smooth_path(self.points(raw, mirror), closed=True)
        if not isinstance(raw, dict) or len(raw) != 1:
            raise self.fail(f"bad shape {raw!r}")
        kind, data = next(iter(raw.items()))
        if kind == "sym":
            # Half outline on the viewer's left, from the axis back to the axis;
            # the other half is its mirror image, so the whole is symmetric.
            half = self.points(data, False)
            other = [_Pt(self.width - p.x, p.y, p.corner) for p in reversed(half)]
            return smooth_path(half + other[1:-1], closed=True)
        if kind == "poly":
            pts = [_Pt(p.x, p.y, True) for p in self.points(data, mirror)]
            return smooth_path(pts, closed=True)
        if kind == "ellipse":
            if not isinstance(data, list) or len(data) != 4:
                raise self.fail(f"bad ellipse {data!r}: expected [cx, cy, rx, ry]")
            cx, cy, rx, ry = (float(v) for v in data)
            if mirror:
                cx = 1.0 - cx
            path = QPainterPath()
            path.addEllipse(
                QPointF(cx * self.width, cy * DESIGN_HEIGHT),
                rx * self.width,
                ry * DESIGN_HEIGHT,
            )
            return path
        raise self.fail(f"unknown shape kind {kind!r}")

    def open_curve(self, raw: Any, mirror: bool) -> QPainterPath:
        return smooth_path(self.points(raw, mirror), closed=False)


def _union(paths: Iterable[QPainterPath]) -> QPainterPath:
    out = QPainterPath()
    for p in paths:
        out = p if out.isEmpty() else out.united(p)
    return out


def _sides(view: str) -> tuple[str, str]:
    """(suffix of the as-drawn copy, suffix of the mirrored copy) for a paired item."""
    first = _VIEWER_LEFT_SIDE[view]
    return first, _OTHER_SIDE[first]


def _load_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeometryError(f"body geometry file is missing: {path}") from None
    except (OSError, ValueError) as exc:
        raise GeometryError(f"cannot read body geometry {path}: {exc}") from None
    if not isinstance(data, dict):
        raise GeometryError(f"{path}: expected a JSON object")
    return data


def _build_view(view: str, folder: Path) -> _ViewData:
    spec = _load_json(folder / f"{view}.json")
    parts_spec: dict[str, Any] = {}
    aspect = spec.get("aspect")
    shared = spec.get("outline")
    if isinstance(shared, str):
        # Front and back draw the same body; only the cuts differ.
        base = _load_json(folder / shared)
        parts_spec.update(base.get("parts", {}))
        aspect = aspect or base.get("aspect")
    parts_spec.update(spec.get("parts", {}))
    if not isinstance(aspect, int | float) or not 0.2 <= aspect <= 3:
        raise GeometryError(f"{view}.json: 'aspect' must be a number (width/height)")
    b = _Builder(f"{view}.json", float(aspect))
    first_side, second_side = _sides(view)

    use = spec.get("use", list(parts_spec))
    # part name -> copies (as drawn, mirrored) or a single symmetric copy
    parts: dict[str, list[QPainterPath]] = {}
    for name in use:
        if name not in parts_spec:
            raise b.fail(f"part {name!r} is not defined")
        entry = parts_spec[name]
        if not isinstance(entry, dict) or "shape" not in entry:
            raise b.fail(f"part {name!r} needs a 'shape'")
        drawn = [b.shape(entry["shape"])]
        if entry.get("paired"):
            drawn.append(b.shape(entry["shape"], mirror=True))
        parts[name] = drawn
    silhouette = _union(p for copies in parts.values() for p in copies).simplified()

    def clip_path(raw: Any, mirror: bool, copy: int | None) -> QPainterPath:
        """A cutting shape: a drawn shape, or {'parts': [...]} to cut along parts."""
        if isinstance(raw, dict) and set(raw) == {"parts"}:
            chosen: list[QPainterPath] = []
            for name in raw["parts"]:
                if name not in parts:
                    raise b.fail(f"clip refers to unknown part {name!r}")
                copies = parts[name]
                if copy is None or len(copies) == 1:
                    chosen.extend(copies)
                else:
                    chosen.append(copies[copy])
            return _union(chosen)
        if isinstance(raw, dict) and set(raw) == {"and"}:
            shapes = [clip_path(r, mirror, copy) for r in raw["and"]]
            out = shapes[0]
            for extra in shapes[1:]:
                out = out.intersected(extra)
            return out
        return b.shape(raw, mirror)

    left_half = QPainterPath()
    left_half.addRect(
        QRectF(-b.width, -DESIGN_HEIGHT, 1.5 * b.width, 3 * DESIGN_HEIGHT)
    )

    # Regions are cut from what is left of the silhouette, one after another:
    # a piece is (remaining & clip), then the clip is removed from what is
    # left. Later clips may therefore overlap earlier ones freely, so no two
    # clips need to share an edge (Qt's path clipper mishandles coincident
    # edges) and the pieces can never overlap or leave the outline.
    remaining = QPainterPath(silhouette)
    regions: dict[str, QPainterPath] = {}
    links: list[Link] = []
    decor: list[Decor] = []
    for entry in spec.get("regions", []):
        stem = entry.get("id")
        copies: list[tuple[str | None, bool, int | None]]
        if entry.get("paired"):
            copies = [
                (f"{stem}_{first_side}" if stem else None, False, 0),
                (f"{stem}_{second_side}" if stem else None, True, 1),
            ]
        else:
            copies = [(stem, False, None)]
        split_pieces: list[QPainterPath] = []
        if entry.get("split"):
            # A symmetric shape cut once, then halved at the midline: cutting
            # each half separately would make the second cut run along the
            # first one's edges.
            both = remaining.intersected(clip_path(entry["clip"], False, None))
            remaining = remaining.subtracted(clip_path(entry["clip"], False, None))
            split_pieces = [
                both.intersected(left_half).simplified(),
                both.subtracted(left_half).simplified(),
            ]
        for index, (rid, mirror, copy) in enumerate(copies):
            if split_pieces:
                piece = split_pieces[index]
            elif "clip" in entry:
                clip = clip_path(entry["clip"], mirror, copy)
                piece = remaining.intersected(clip).simplified()
                remaining = remaining.subtracted(clip)
            else:
                piece, remaining = remaining.simplified(), QPainterPath()
            if "link" in entry:
                target = entry["link"]
                if target not in VIEWS:
                    raise b.fail(f"link to unknown view {target!r}")
                links.append(Link(piece, target, str(entry.get("text", ""))))
            if rid is None:
                # A hole: no region, but maybe a link or a drawn shape (the eye).
                if "style" in entry:
                    decor.append(Decor(str(entry["style"]), piece, True, True))
                continue
            if piece.isEmpty():
                raise b.fail(f"region {rid!r} came out empty")
            if rid in regions:
                raise b.fail(f"region {rid!r} is defined twice")
            regions[rid] = piece

    expected = {r.id for r in regions_in(view)}
    missing = expected - regions.keys()
    extra = regions.keys() - expected
    if missing or extra:
        raise b.fail(
            f"regions do not match the catalogue (missing {sorted(missing)}, "
            f"unknown {sorted(extra)})"
        )

    for entry in spec.get("decor", []):
        style = str(entry.get("style", "line"))
        mirrors = (False, True) if entry.get("paired") else (False,)
        for mirror in mirrors:
            if "open" in entry:
                decor.append(Decor(style, b.open_curve(entry["open"], mirror), False))
            else:
                decor.append(Decor(style, b.shape(entry["shape"], mirror), True))

    labels = tuple(
        Label(str(e["text"]), QPointF(*_pt_xy(b.point(e["at"], False))))
        for e in spec.get("labels", [])
    )
    return _ViewData(
        view=view,
        aspect=float(aspect),
        silhouette=simplify_path(silhouette),
        regions={r.id: simplify_path(regions[r.id]) for r in regions_in(view)},
        boxes={rid: p.boundingRect() for rid, p in regions.items()},
        decor=tuple(
            Decor(d.style, simplify_path(d.path), True) if d.from_cut else d
            for d in decor
        ),
        links=tuple(Link(simplify_path(k.path), k.view, k.text) for k in links),
        labels=labels,
    )


def _pt_xy(p: _Pt) -> tuple[float, float]:
    return p.x, p.y


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


# --------------------------------------------------------------------------- analysis


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


# --------------------------------------------------------------------------- public


class BodyGeometry:
    """The three body-map views: region paths, silhouette, hit-testing, navigation."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder if folder is not None else resource_path("body")
        self._views: dict[str, _ViewData] = {}
        self._scenes: OrderedDict[tuple[str, int, int], Scene] = OrderedDict()
        self._interior: dict[str, QPointF] = {}
        self._neighbours: dict[tuple[str, str], str | None] = {}

    # -- data -------------------------------------------------------------
    def _data(self, view: str) -> _ViewData:
        view = View(view).value
        data = self._views.get(view)
        if data is None:
            from twitchtrack.report.body.bake import load_baked

            # The stored build of this spec (bake.py), else built here and now.
            data = load_baked(self._folder, view) or _build_view(view, self._folder)
            self._views[view] = data
        return data

    def aspect(self, view: str) -> float:
        """Width / height of the view's drawing."""
        return self._data(view).aspect

    def region_ids(self, view: str) -> tuple[str, ...]:
        """Ids of the regions drawn on the view, in catalogue order."""
        return tuple(self._data(view).regions)

    def _to_design(self, view: str, point: QPointF) -> tuple[_ViewData, QPointF]:
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


def side_letters(view: str) -> tuple[str, str]:
    """Letters for the person's side shown on the viewer's (left, right)."""
    left = _VIEWER_LEFT_SIDE[View(view).value]
    return left[0].upper(), _OTHER_SIDE[left][0].upper()
