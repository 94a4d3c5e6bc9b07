"""Light and dark: the controller follows the system live; the window, map and charts
re-colour; both palettes keep text readable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QRadioButton, QVBoxLayout
from pytestqt.qtbot import QtBot

from twitchtrack.graphics.body.palette import heat_color
from twitchtrack.ui.guidance.style import guidance_style
from twitchtrack.ui.style import (
    DARK_COLOURS,
    LIGHT_COLOURS,
    STYLE_SHEET,
    Colours,
    style_sheet,
)
from twitchtrack.ui.trends.charts.theme import DARK as CHART_DARK
from twitchtrack.ui.trends.charts.theme import LIGHT as CHART_LIGHT
from twitchtrack.ui.window.main_window import MainWindow
from twitchtrack.ui.window.theme import ThemeController, scheme_is_dark, window_palette

from ..conftest import MakeModel


class FakeStyleHints(QObject):
    """Stands in for QStyleHints: the offscreen platform never reports a scheme."""

    colorSchemeChanged = Signal(Qt.ColorScheme)

    def __init__(self, scheme: Qt.ColorScheme = Qt.ColorScheme.Light) -> None:
        super().__init__()
        self._scheme = scheme

    def colorScheme(self) -> Qt.ColorScheme:
        return self._scheme

    def switch(self, scheme: Qt.ColorScheme) -> None:
        """What the desktop does when the user flips its dark-mode switch."""
        self._scheme = scheme
        self.colorSchemeChanged.emit(scheme)


def luminance(hex_colour: str) -> float:
    color = QColor(hex_colour)

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in (color.redF(), color.greenF(), color.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# ------------------------------------------------------------------ the controller


def test_controller_follows_the_system_scheme_live(qtbot: QtBot) -> None:
    hints = FakeStyleHints(Qt.ColorScheme.Light)
    theme = ThemeController(hints)
    assert not theme.dark
    with qtbot.waitSignal(theme.dark_changed) as blocker:
        hints.switch(Qt.ColorScheme.Dark)
    assert blocker.args == [True]
    assert theme.dark
    with qtbot.waitSignal(theme.dark_changed) as blocker:
        hints.switch(Qt.ColorScheme.Light)
    assert blocker.args == [False]


def test_a_chosen_theme_wins_over_the_system_until_set_back(qtbot: QtBot) -> None:
    hints = FakeStyleHints(Qt.ColorScheme.Dark)
    theme = ThemeController(hints, "light")
    assert not theme.dark
    with qtbot.assertNotEmitted(theme.dark_changed):
        hints.switch(Qt.ColorScheme.Light)
        hints.switch(Qt.ColorScheme.Dark)
    assert not theme.dark
    assert theme.system_dark
    with qtbot.waitSignal(theme.dark_changed):
        theme.set_preference("system")
    assert theme.dark
    theme.set_preference("dark")
    assert theme.dark
    with pytest.raises(ValueError, match="unknown theme 'sepia'"):
        theme.set_preference("sepia")


def test_unknown_scheme_and_no_hints_mean_light() -> None:
    assert not scheme_is_dark(Qt.ColorScheme.Unknown)
    assert not ThemeController(FakeStyleHints(Qt.ColorScheme.Unknown)).dark
    assert not ThemeController(None).dark
    assert ThemeController(None, "dark").dark
    # A bad value in the settings file falls back to following the system.
    assert ThemeController(None, "purple").preference == "system"


# ------------------------------------------------------------------ the palettes


def test_the_light_sheet_is_unchanged_under_its_old_name() -> None:
    assert style_sheet(False) == STYLE_SHEET
    dark = style_sheet(True)
    assert dark != STYLE_SHEET
    # Every light colour of the sheet is replaced in the dark one.
    for colour in ("#ffffff", LIGHT_COLOURS.window, LIGHT_COLOURS.text):
        assert colour not in dark
    assert "check-dark.svg" in dark
    assert "check-dark.svg" not in STYLE_SHEET
    for path in re.findall(r"url\(([^)]+)\)", dark + STYLE_SHEET):
        assert Path(path).is_file(), path


@pytest.mark.parametrize("c", [LIGHT_COLOURS, DARK_COLOURS], ids=["light", "dark"])
def test_text_stays_readable_in_both_themes(c: Colours) -> None:
    assert contrast(c.text, c.card) >= 7.0
    assert contrast(c.text, c.window) >= 7.0
    assert contrast(c.muted, c.card) >= 4.5  # WCAG AA for small text
    assert contrast(c.accent, c.card) >= 4.5
    assert contrast(c.on_accent, c.accent) >= 4.5
    assert contrast(c.warn_text, c.warn_bg) >= 4.5
    assert contrast(c.info_text, c.info_bg) >= 4.5
    assert contrast(c.field_error, c.card) >= 4.5


def test_window_palette_matches_the_sheet() -> None:
    palette = window_palette(True)
    assert palette.color(QPalette.ColorRole.Window).name() == DARK_COLOURS.window
    assert palette.color(QPalette.ColorRole.Text).name() == DARK_COLOURS.text
    assert window_palette(False).color(QPalette.ColorRole.Base).name() == "#ffffff"


# ------------------------------------------------------------------ the window


@pytest.fixture
def themed_window(
    qtbot: QtBot, make_model: MakeModel, settings: QSettings
) -> Iterator[tuple[MainWindow, FakeStyleHints]]:
    hints = FakeStyleHints(Qt.ColorScheme.Light)
    window = MainWindow(make_model(), settings, style_hints=hints)
    qtbot.addWidget(window)
    yield window, hints
    window.close()


def test_a_system_switch_recolours_window_map_and_charts(
    themed_window: tuple[MainWindow, FakeStyleHints],
) -> None:
    window, hints = themed_window
    charts = window.trends_page.ensure_view()
    plot = charts.timeline.plot
    assert plot.backgroundBrush().color().name() == CHART_LIGHT.card
    assert not window.body_map.map_palette().dark

    hints.switch(Qt.ColorScheme.Dark)
    assert window.extras.theme.dark
    assert window.styleSheet() == style_sheet(True)
    palette = window.body_map.map_palette()
    assert palette.dark
    # The map is drawn on the card, so its background is the dark card colour.
    assert palette.background.name() == DARK_COLOURS.card
    assert plot.backgroundBrush().color().name() == CHART_DARK.card
    assert charts.body_panel.map.map_palette().dark
    assert window.palette().color(QPalette.ColorRole.Window).name() == (
        DARK_COLOURS.window
    )
    # Parts with colours of their own: History's intensity steps, the notes beside
    # the map and the red-flag banner.
    assert window.history.intensity_delegate.colours == DARK_COLOURS
    for part in (window.guidance.panel, window.guidance.banner):
        assert part.styleSheet() == guidance_style(True)

    hints.switch(Qt.ColorScheme.Light)
    assert window.styleSheet() == STYLE_SHEET
    assert window.history.intensity_delegate.colours == LIGHT_COLOURS
    for part in (window.guidance.panel, window.guidance.banner):
        assert part.styleSheet() == guidance_style(False)
    assert window.body_map.map_palette().background.name() == LIGHT_COLOURS.card
    assert plot.backgroundBrush().color().name() == CHART_LIGHT.card


def test_a_trends_view_built_later_starts_in_the_current_theme(
    themed_window: tuple[MainWindow, FakeStyleHints],
) -> None:
    window, hints = themed_window
    hints.switch(Qt.ColorScheme.Dark)
    assert window.trends_page.view is None  # built lazily, on first show
    window.set_view("trends")
    view = window.trends_page.view
    assert view is not None
    assert view.timeline.plot.backgroundBrush().color().name() == CHART_DARK.card


def test_the_theme_preference_is_read_from_settings(
    qtbot: QtBot, make_model: MakeModel, settings: QSettings
) -> None:
    settings.setValue("appearance/theme", "dark")
    window = MainWindow(
        make_model(), settings, style_hints=FakeStyleHints(Qt.ColorScheme.Light)
    )
    qtbot.addWidget(window)
    assert window.extras.theme.dark
    assert window.styleSheet() == style_sheet(True)
    assert window.body_map.map_palette().dark
    window.close()


# ------------------------------------------------------------------ non-text marks


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_checked_radio_button_stands_out(qtbot: QtBot, dark: bool) -> None:
    # In dark mode the dot of a chosen answer (weekly self-check) was faint (#12):
    # what changes when a radio button is checked must contrast 3:1 or more
    # (WCAG's level for marks that carry meaning) with what was there before.
    c = DARK_COLOURS if dark else LIGHT_COLOURS
    card = QFrame()
    card.setProperty("card", True)
    card.setPalette(window_palette(dark))
    card.setStyleSheet(style_sheet(dark))
    QVBoxLayout(card).addWidget(radio := QRadioButton("Skip"))
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    blank = radio.grab().toImage()
    radio.setChecked(True)
    marked = radio.grab().toImage()
    changed = [
        contrast(blank.pixelColor(x, y).name(), marked.pixelColor(x, y).name())
        for x in range(min(blank.width(), 24))
        for y in range(blank.height())
        if blank.pixelColor(x, y) != marked.pixelColor(x, y)
    ]
    strong = [v for v in changed if v >= 3.0]
    assert len(strong) >= 40, (c.dark, sorted(changed)[-5:])


@pytest.mark.parametrize("top", [1, 4, 40])
def test_the_faintest_dark_heat_stands_out_from_the_card(top: int) -> None:
    # The fewest-twitches colour of the dark ramp nearly vanished into the card
    # (Trends grid) and the map (#12): 3:1 against the card, WCAG's non-text level.
    for value in (0.01, 1, top / 2, top):
        shade = heat_color(value, top, dark=True).name()
        assert contrast(shade, DARK_COLOURS.card) >= 3.0, (value, shade)
