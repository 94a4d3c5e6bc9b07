"""Body-map colours, re-exported from their QtGui-only home in the report package.

The palettes moved to ``twitchtrack.report.body.palette`` together with the
geometry (see ``geometry.py`` here); this module keeps the old import path working.
"""

from __future__ import annotations

from twitchtrack.report.body.palette import (
    DARK,
    HEAT_HUE,
    LIGHT,
    MapPalette,
    heat_color,
    heat_fraction,
    oklch_color,
    palette_for,
    relative_luminance,
)

__all__ = [
    "DARK",
    "HEAT_HUE",
    "LIGHT",
    "MapPalette",
    "heat_color",
    "heat_fraction",
    "oklch_color",
    "palette_for",
    "relative_luminance",
]
