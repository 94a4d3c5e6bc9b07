"""Helpers shared by the body-map geometry tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtGui import QPainterPath

from twitchtrack._resources import resource_path


def polygon_area(path: QPainterPath) -> float:
    """Sum of the absolute areas of the path's subpath polygons."""
    total = 0.0
    for poly in path.toSubpathPolygons():
        pts = [(p.x(), p.y()) for p in poly]
        ring = zip(pts, [*pts[1:], pts[0]], strict=True)
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in ring))
    return total / 2


def copy_geometry(tmp_path: Path) -> Path:
    """A copy of the bundled body-map spec files (and bake) to change freely."""
    folder = tmp_path / "body"
    shutil.copytree(resource_path("body"), folder)
    return folder
