"""The body spec files: reading them and turning their 0..1 points into shapes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from twitchtrack.graphics.body.curves import Pt, smooth_path
from twitchtrack.graphics.body.scene import DESIGN_HEIGHT, GeometryError

__all__ = ["ShapeBuilder", "ViewSpec", "load_spec", "load_view_spec"]


def load_spec(path: Path) -> dict[str, Any]:
    """One spec file as a JSON object, or a GeometryError saying what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeometryError(f"body geometry file is missing: {path}") from None
    except (OSError, ValueError) as exc:
        raise GeometryError(f"cannot read body geometry {path}: {exc}") from None
    if not isinstance(data, dict):
        raise GeometryError(f"{path}: expected a JSON object")
    return data


@dataclass(frozen=True, slots=True)
class ViewSpec:
    """One view's spec file with the body parts it draws (its own and shared ones)."""

    spec: dict[str, Any]
    parts: dict[str, Any]
    aspect: float


def load_view_spec(view: str, folder: Path) -> ViewSpec:
    """The spec of ``view`` from ``folder``, merged with the outline file it names."""
    spec = load_spec(folder / f"{view}.json")
    parts: dict[str, Any] = {}
    aspect = spec.get("aspect")
    shared = spec.get("outline")
    if isinstance(shared, str):
        # Front and back draw the same body; only the cuts differ.
        base = load_spec(folder / shared)
        parts.update(base.get("parts", {}))
        aspect = aspect or base.get("aspect")
    parts.update(spec.get("parts", {}))
    if not isinstance(aspect, int | float) or not 0.2 <= aspect <= 3:
        raise GeometryError(f"{view}.json: 'aspect' must be a number (width/height)")
    return ViewSpec(spec, parts, float(aspect))


class ShapeBuilder:
    """Turns one view's JSON (normalized 0..1 coordinates) into design-unit paths."""

    def __init__(self, source: str, aspect: float) -> None:
        self.source = source
        self.aspect = aspect
        self.width = aspect * DESIGN_HEIGHT

    def fail(self, message: str) -> GeometryError:
        return GeometryError(f"{self.source}: {message}")

    def point(self, raw: Any, mirror: bool) -> Pt:
        if (
            not isinstance(raw, list)
            or len(raw) not in (2, 3)
            or not all(isinstance(v, int | float) for v in raw[:2])
        ):
            raise self.fail(f"bad point {raw!r}: expected [x, y] or [x, y, 'c']")
        x, y = float(raw[0]), float(raw[1])
        if mirror:
            x = 1.0 - x
        return Pt(x * self.width, y * DESIGN_HEIGHT, len(raw) == 3 and raw[2] == "c")

    def at(self, raw: Any) -> QPointF:
        """A single point (a label's anchor) in design units."""
        p = self.point(raw, False)
        return QPointF(p.x, p.y)

    def points(self, raw: Any, mirror: bool) -> list[Pt]:
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
            other = [Pt(self.width - p.x, p.y, p.corner) for p in reversed(half)]
            return smooth_path(half + other[1:-1], closed=True)
        if kind == "poly":
            pts = [Pt(p.x, p.y, True) for p in self.points(data, mirror)]
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
