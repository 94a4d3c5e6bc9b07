"""Colours of the body map: calm light and dark palettes and a single-hue heat ramp."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtGui import QColor

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


@dataclass(frozen=True, slots=True)
class MapPalette:
    """Every colour the body map paints with."""

    dark: bool
    background: QColor
    fill: QColor
    outline: QColor
    divider: QColor
    detail: QColor
    hover: QColor
    selected: QColor
    selected_outline: QColor
    focus: QColor
    focus_halo: QColor
    text: QColor
    text_muted: QColor
    dot: QColor
    dot_ring: QColor
    sclera: QColor
    iris: QColor
    pupil: QColor
    cavity: QColor
    shade: QColor
    lip: QColor
    brow: QColor

    def decor_fill(self, style: str) -> QColor:
        """Fill colour of a drawn (non-clickable) shape style."""
        return {
            "sclera": self.sclera,
            "iris": self.iris,
            "pupil": self.pupil,
            "cavity": self.cavity,
            "lip": self.lip,
            "brow": self.brow,
            "shade": self.shade,
        }.get(style, self.shade)


def _c(hex_rgb: str, alpha: int = 255) -> QColor:
    color = QColor(hex_rgb)
    color.setAlpha(alpha)
    return color


# A cool, desaturated grey-blue fill reads as "a body" without suggesting any
# particular skin tone; hover and selection use the same calm blue family.
LIGHT = MapPalette(
    dark=False,
    background=_c("#f6f7f9"),
    fill=_c("#e3e7eb"),
    outline=_c("#66737f"),
    divider=_c("#b3bcc5"),
    detail=_c("#a9b3bd"),
    hover=_c("#5b8fc7", 70),
    selected=_c("#9cc0e2"),
    selected_outline=_c("#2b679c"),
    focus=_c("#1a5fb4"),
    focus_halo=_c("#ffffff", 220),
    text=_c("#27303a"),
    text_muted=_c("#65717d"),
    dot=_c("#22405f"),
    dot_ring=_c("#ffffff"),
    sclera=_c("#fbfcfd"),
    iris=_c("#8696a6"),
    pupil=_c("#2e3842"),
    cavity=_c("#6b5b61"),
    shade=_c("#c9d0d7"),
    lip=_c("#8d7f86", 60),
    brow=_c("#5f6b78", 70),
)

DARK = MapPalette(
    dark=True,
    background=_c("#1b1f24"),
    fill=_c("#3a424b"),
    outline=_c("#aab5c0"),
    divider=_c("#5d6874"),
    detail=_c("#6c7782"),
    hover=_c("#8fb8e6", 70),
    selected=_c("#335f8a"),
    selected_outline=_c("#a8cdf2"),
    focus=_c("#8ab8ff"),
    focus_halo=_c("#101316", 220),
    text=_c("#e6eaee"),
    text_muted=_c("#a2acb6"),
    dot=_c("#f2f5f8"),
    dot_ring=_c("#16191d"),
    sclera=_c("#d5dbe1"),
    iris=_c("#66788a"),
    pupil=_c("#16191d"),
    cavity=_c("#201a1d"),
    shade=_c("#4e5862"),
    lip=_c("#c2aab4", 45),
    brow=_c("#0f1216", 90),
)


def palette_for(dark: bool) -> MapPalette:
    """The light or dark palette."""
    return DARK if dark else LIGHT


# --------------------------------------------------------------------------- heat


def _oklch_to_rgb(lightness: float, chroma: float, hue_deg: float) -> tuple[float, ...]:
    """OKLCH -> linear-light sRGB components (may fall outside 0..1)."""
    h = math.radians(hue_deg)
    a, b = chroma * math.cos(h), chroma * math.sin(h)
    l_ = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3
    m_ = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3
    s_ = (lightness - 0.0894841775 * a - 1.2914855480 * b) ** 3
    return (
        4.0767416621 * l_ - 3.3077115913 * m_ + 0.2309699292 * s_,
        -1.2684380046 * l_ + 2.6097574011 * m_ - 0.3413193965 * s_,
        -0.0041960863 * l_ - 0.7034186147 * m_ + 1.7076147010 * s_,
    )


def _encode(linear: float) -> float:
    if linear <= 0.0031308:
        return 12.92 * linear
    return 1.055 * linear ** (1 / 2.4) - 0.055


def oklch_color(lightness: float, chroma: float, hue_deg: float) -> QColor:
    """An sRGB colour from OKLCH, reducing chroma until it fits the gamut."""
    c = chroma
    while True:
        rgb = _oklch_to_rgb(lightness, c, hue_deg)
        if all(-1e-6 <= v <= 1 + 1e-6 for v in rgb) or c <= 0:
            break
        c = max(0.0, c - 0.005)
    r, g, b = (min(1.0, max(0.0, _encode(max(0.0, v)))) for v in rgb)
    return QColor.fromRgbF(r, g, b)


# One hue (a quiet blue-teal), lightness changing monotonically: more episodes
# read as "deeper", never as an alarm colour.
HEAT_HUE = 232.0
_LIGHT_RAMP = ((0.90, 0.035), (0.46, 0.105))
# The dark ramp starts light enough to stand 3:1 off the dark card (WCAG's level for
# non-text marks), so a place with a single twitch still shows.
_DARK_RAMP = ((0.58, 0.05), (0.88, 0.095))


def heat_fraction(value: float, max_value: float) -> float:
    """Where a count sits on the ramp, 0..1 (square-root so small counts show)."""
    if max_value <= 0 or value <= 0 or math.isnan(value):
        return 0.0
    return math.sqrt(min(value, max_value) / max_value)


def heat_color(value: float, max_value: float, dark: bool = False) -> QColor:
    """Heat colour of a count: lightness moves monotonically with the count."""
    t = heat_fraction(value, max_value)
    (l0, c0), (l1, c1) = _DARK_RAMP if dark else _LIGHT_RAMP
    return oklch_color(l0 + (l1 - l0) * t, c0 + (c1 - c0) * t, HEAT_HUE)


def relative_luminance(color: QColor) -> float:
    """WCAG relative luminance of a colour (0 black .. 1 white)."""

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * lin(color.redF())
        + 0.7152 * lin(color.greenF())
        + 0.0722 * lin(color.blueF())
    )
