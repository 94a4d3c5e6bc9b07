"""Body-map geometry, re-exported from its QtGui-only home in the report package.

The shapes moved to ``twitchtrack.report.body.geometry`` so the PDF report can draw
the map without importing the user interface (layers: ui -> report). This module
keeps the old import path working for the widget, its tests and benchmarks.
"""

from __future__ import annotations

from twitchtrack.report.body.geometry import (
    DESIGN_HEIGHT,
    DIRECTIONS,
    VIEWS,
    BodyGeometry,
    Decor,
    GeometryError,
    Label,
    Link,
    Scene,
    outline_width,
    side_letters,
    simplify_path,
    smooth_path,
)

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
