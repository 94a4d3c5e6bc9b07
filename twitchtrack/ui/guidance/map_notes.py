"""The Log view's body map with the notes for the selected area beside or below it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QWidget

# The map card is at least this wide before the notes sit beside the map.
WIDE_MAP_PX = 500
NOTES_WIDTH = 236
NARROW_NOTES_HEIGHT = 150
_MAX = 16_777_215  # QWIDGETSIZE_MAX


class MapWithNotes(QWidget):
    """The body map with the notes for the selected area beside it (or below it,
    when the window is too narrow for both side by side)."""

    def __init__(
        self, map_widget: QWidget, notes: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapWithNotes")
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(12)
        self._box.addWidget(map_widget, 1)
        self.notes_scroll = QScrollArea()
        self.notes_scroll.setObjectName("guidanceNotesScroll")
        self.notes_scroll.setAccessibleName("Notes for the selected body area")
        self.notes_scroll.setWidgetResizable(True)
        self.notes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.notes_scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.notes_scroll.setWidget(notes)
        self._box.addWidget(self.notes_scroll, 0)
        self._wide: bool | None = None
        self._arrange(wide=True)

    def is_wide(self) -> bool:
        """True while the notes sit beside the map."""
        return bool(self._wide)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._arrange(wide=event.size().width() >= WIDE_MAP_PX)

    def _arrange(self, *, wide: bool) -> None:
        if wide == self._wide:
            return
        self._wide = wide
        # Only this widget's own width decides, and that comes from the card around
        # it, so switching cannot flip back and forth.
        if wide:
            self._box.setDirection(QBoxLayout.Direction.LeftToRight)
            self.notes_scroll.setMinimumHeight(0)
            self.notes_scroll.setMaximumHeight(_MAX)
            self.notes_scroll.setFixedWidth(NOTES_WIDTH)
        else:
            self._box.setDirection(QBoxLayout.Direction.TopToBottom)
            self.notes_scroll.setMinimumWidth(0)
            self.notes_scroll.setMaximumWidth(_MAX)
            self.notes_scroll.setFixedHeight(NARROW_NOTES_HEIGHT)
