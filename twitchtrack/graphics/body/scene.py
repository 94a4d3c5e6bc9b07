"""What a body-map view is made of: its constants, shape records and scaled scene."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QPainterPath

from twitchtrack.domain.regions import View

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

__all__ = [
    "DESIGN_HEIGHT",
    "DIRECTIONS",
    "VIEWS",
    "Decor",
    "GeometryError",
    "Label",
    "Link",
    "Scene",
    "ViewData",
    "outline_width",
    "paired_sides",
    "side_letters",
]


def outline_width(height: float) -> float:
    """Stroke width of the body outline for a drawing ``height`` pixels tall."""
    return max(1.0, 1.7 * height / 1000.0)


def paired_sides(view: str) -> tuple[str, str]:
    """(suffix of the as-drawn copy, suffix of the mirrored copy) for a paired item."""
    first = _VIEWER_LEFT_SIDE[view]
    return first, _OTHER_SIDE[first]


def side_letters(view: str) -> tuple[str, str]:
    """Letters for the person's side shown on the viewer's (left, right)."""
    left = _VIEWER_LEFT_SIDE[View(view).value]
    return left[0].upper(), _OTHER_SIDE[left][0].upper()


class GeometryError(ValueError):
    """A body geometry file is missing or malformed."""


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
class ViewData:
    """One view built in design units (x in 0..aspect*1000, y in 0..1000)."""

    view: str
    aspect: float
    silhouette: QPainterPath
    regions: dict[str, QPainterPath]
    boxes: dict[str, QRectF]
    decor: tuple[Decor, ...]
    links: tuple[Link, ...]
    labels: tuple[Label, ...]
