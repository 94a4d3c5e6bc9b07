"""Chart colours for light and dark windows, and the shared look of every plot."""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont

from twitchtrack.ui.style import DARK_COLOURS, LIGHT_COLOURS, Colours


@dataclass(frozen=True, slots=True)
class ChartTheme:
    """Every colour a Trends chart draws with (hex strings, '#rrggbb')."""

    dark: bool
    page: str
    card: str
    border: str
    text: str
    muted: str
    grid: str
    accent: str  # the 7-day average, clear results, trend lines
    accent_soft: str
    bar: str  # daily bars: quiet, so the average line reads on top
    overlay: str  # the factor overlaid on the timeline (a second hue + dots)
    point: str  # scatter dots
    muted_mark: str  # unclear results in the forest plot
    empty_cell: str  # a grid cell with no episodes

    def color(self, name: str, alpha: int = 255) -> QColor:
        """One of the theme's colours as a QColor with ``alpha``."""
        color = QColor(getattr(self, name))
        color.setAlpha(alpha)
        return color


def _window_part(c: Colours) -> dict[str, str]:
    """The colours a chart shares with the window around it (ui/style.py)."""
    return {
        "page": c.window,
        "card": c.card,
        "border": c.border,
        "text": c.text,
        "muted": c.muted,
        "accent": c.accent,
        "accent_soft": c.accent_soft,
    }


# The same calm blue-teal family as the rest of the window; the factor overlay
# uses a muted amber so the two series differ in hue *and* in line style.
LIGHT = ChartTheme(
    dark=False,
    **_window_part(LIGHT_COLOURS),
    grid="#e8ecf0",
    bar="#a9cbdc",
    overlay="#a86f1f",
    point="#2e6f8e",
    muted_mark="#9aa5b0",
    empty_cell="#f1f3f5",
)

DARK = ChartTheme(
    dark=True,
    **_window_part(DARK_COLOURS),
    grid="#323a43",
    bar="#3d6679",
    overlay="#e2b469",
    point="#8cc4de",
    muted_mark="#6f7b87",
    empty_cell="#2b3239",
)


def theme_for(dark: bool) -> ChartTheme:
    """The dark or light chart theme."""
    return DARK if dark else LIGHT


def axis_font(size_px: int = 12) -> QFont:
    """The font of tick labels: readable, not tiny."""
    font = QFont()
    font.setPixelSize(size_px)
    return font


def make_plot(
    object_name: str, accessible_name: str, **kwargs: object
) -> pg.PlotWidget:
    """A PlotWidget without pyqtgraph's extras (menu, 'A' button) people never need."""
    widget = pg.PlotWidget(**kwargs)
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    item = widget.getPlotItem()
    item.setMenuEnabled(False)
    item.hideButtons()
    item.getViewBox().setMenuEnabled(False)
    widget.setMinimumHeight(160)
    return widget


def style_plot(widget: pg.PlotWidget, theme: ChartTheme) -> None:
    """Background, axis lines, tick text and label colours of one plot."""
    widget.setBackground(theme.card)
    item = widget.getPlotItem()
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(theme.border))
        axis.setTextPen(pg.mkPen(theme.muted))
        axis.setTickFont(axis_font())
        if axis.labelText:
            axis.setLabel(axis.labelText, color=theme.text, **{"font-size": "12px"})


def set_axis_label(
    widget: pg.PlotWidget, side: str, text: str, theme: ChartTheme
) -> None:
    """An axis title in the theme's text colour."""
    widget.getPlotItem().setLabel(side, text, color=theme.text, **{"font-size": "12px"})
