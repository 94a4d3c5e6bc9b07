"""Body map: anatomical front, back and face views that log a twitch where you click."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from twitchtrack.ui.body_map.geometry import BodyGeometry, GeometryError
from twitchtrack.ui.body_map.palette import DARK, LIGHT, MapPalette, heat_color

if TYPE_CHECKING:
    from twitchtrack.ui.body_map.widget import BodyMapPanel, BodyMapWidget, HeatLegend

__all__ = [
    "DARK",
    "LIGHT",
    "BodyGeometry",
    "BodyMapPanel",
    "BodyMapWidget",
    "GeometryError",
    "HeatLegend",
    "MapPalette",
    "heat_color",
]


def __getattr__(name: str) -> Any:
    # The widgets load QtWidgets; geometry and palette must stay importable
    # without it (the PDF report draws the map with QtGui only).
    if name in ("BodyMapPanel", "BodyMapWidget", "HeatLegend"):
        from twitchtrack.ui.body_map import widget

        return getattr(widget, name)
    raise AttributeError(name)
