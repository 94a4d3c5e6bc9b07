"""Light or dark: follow the system colour scheme live, or the user's own choice."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QPalette

from twitchtrack.ui.settings.preferences import THEMES
from twitchtrack.ui.style import Colours, colours


class ColorSchemeSource(Protocol):
    """What the controller needs of ``QStyleHints`` (injected, so tests can drive it).

    The offscreen platform never reports or changes a scheme, so tests pass a small
    QObject with the same method and signal.
    """

    @property
    def colorSchemeChanged(self) -> SignalInstance: ...

    def colorScheme(self) -> Qt.ColorScheme: ...


def scheme_is_dark(scheme: Qt.ColorScheme) -> bool:
    """True for a dark scheme; an unknown scheme counts as light."""
    return scheme == Qt.ColorScheme.Dark


class ThemeController(QObject):
    """Decides light or dark and says so whenever it changes.

    ``preference`` is "system" (follow ``hints``, live), "light" or "dark".
    """

    dark_changed = Signal(bool)

    def __init__(
        self,
        hints: ColorSchemeSource | None,
        preference: str = "system",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._hints = hints
        self._preference = preference if preference in THEMES else "system"
        self._system_dark = False
        if hints is not None:
            self._system_dark = scheme_is_dark(hints.colorScheme())
            hints.colorSchemeChanged.connect(self._on_hints_color_scheme_changed)
        self._dark = self._decide()

    @property
    def dark(self) -> bool:
        """True while the dark theme is in use."""
        return self._dark

    @property
    def preference(self) -> str:
        """ "system", "light" or "dark"."""
        return self._preference

    @property
    def system_dark(self) -> bool:
        """What the system asks for right now."""
        return self._system_dark

    def set_preference(self, preference: str) -> None:
        """Follow the system ("system") or keep to "light" or "dark"."""
        if preference not in THEMES:
            raise ValueError(
                f"unknown theme {preference!r}; choose from {', '.join(THEMES)}"
            )
        self._preference = preference
        self._update()

    def _on_hints_color_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._system_dark = scheme_is_dark(scheme)
        self._update()

    def _decide(self) -> bool:
        if self._preference == "system":
            return self._system_dark
        return self._preference == "dark"

    def _update(self) -> None:
        dark = self._decide()
        if dark != self._dark:
            self._dark = dark
            self.dark_changed.emit(dark)


def window_palette(dark: bool) -> QPalette:
    """A palette matching the style sheet, for what the sheet does not reach.

    The Fusion style paints popups, message boxes and a few native parts from the
    palette; without this they would stay light in a dark window.
    """
    c: Colours = colours(dark)
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.card,
        QPalette.ColorRole.AlternateBase: c.alt_row,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.card,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.ToolTipBase: c.card,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.on_accent,
        QPalette.ColorRole.Link: c.accent,
        QPalette.ColorRole.Mid: c.border,
        QPalette.ColorRole.Midlight: c.border,
        QPalette.ColorRole.Light: c.card,
        QPalette.ColorRole.Dark: c.scroll_hover,
        QPalette.ColorRole.Shadow: c.scroll_hover,
        QPalette.ColorRole.BrightText: c.field_error,
    }
    for role, value in roles.items():
        palette.setColor(role, QColor(value))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(c.disabled_text))
    return palette
