"""The Log view's body map with the notes for the selected area beside or below it."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

from twitchtrack.domain.text import plural
from twitchtrack.ui.guidance.panel import GuidancePanel
from twitchtrack.ui.guidance.parts import quiet_button
from twitchtrack.ui.guidance.style import STYLE, restyle

# The map card is at least this wide before the notes sit beside the map.
WIDE_MAP_PX = 500
# The notes beside the map: a readable column that grows a little on wide screens.
NOTES_WIDTH = 236
NOTES_MAX_WIDTH = 340
NOTES_SHARE = 0.3
NARROW_NOTES_HEIGHT = 150
# Below this the figure is too small to tap: the notes then fold into one line.
MIN_MAP_HEIGHT = 300
SPACING = 12
_MAX = 16_777_215  # QWIDGETSIZE_MAX

WIDE, BELOW, FOLDED = "wide", "below", "folded"


def arrangement(width: int, height: int) -> str:
    """Where the notes go in a map area of this size: beside the map ("wide"),
    under it ("below") or folded into a line under it ("folded")."""
    if width >= WIDE_MAP_PX:
        return WIDE
    if height - NARROW_NOTES_HEIGHT - SPACING >= MIN_MAP_HEIGHT:
        return BELOW
    return FOLDED


def notes_width(width: int) -> int:
    """The notes column's width beside a map area ``width`` pixels wide."""
    return max(NOTES_WIDTH, min(NOTES_MAX_WIDTH, round(width * NOTES_SHARE)))


class MapWithNotes(QWidget):
    """The body map with the notes for the selected area beside it, below it, or,
    when the window is small, folded into one line that opens them in place of
    the map (the figure keeps the room it needs to be tapped)."""

    def __init__(
        self, map_widget: QWidget, notes: GuidancePanel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mapWithNotes")
        self._map = map_widget
        self._notes = notes
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(SPACING)
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
        self.fold_bar = self._build_fold_bar()
        self._box.addWidget(self.fold_bar, 0)
        self._mode: str | None = None
        self._reading = False
        self._dark = False
        notes.shown_changed.connect(self._sync_fold_bar)
        self._arrange(WIDE)

    def _build_fold_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("guidanceNotesFolded")
        bar.setProperty("card", "note")
        row = QHBoxLayout(bar)
        row.setContentsMargins(10, 4, 6, 4)
        row.setSpacing(6)
        self.fold_label = QLabel()
        self.fold_label.setObjectName("guidanceNotesFoldedText")
        self.fold_label.setWordWrap(True)
        row.addWidget(self.fold_label, 1)
        self.fold_button: QPushButton = quiet_button(
            "Read", "guidanceNotesToggle", "Read the notes for this area"
        )
        self.fold_button.clicked.connect(lambda: self.set_reading(not self._reading))
        row.addWidget(self.fold_button, 0)
        bar.setStyleSheet(STYLE)
        bar.setVisible(False)
        return bar

    def set_dark(self, dark: bool) -> None:
        """Use the dark or light guidance colours (the notes follow on their own)."""
        if dark != self._dark:
            self._dark = dark
            restyle(self.fold_bar, dark)

    def mode(self) -> str:
        """Where the notes are: "wide", "below" or "folded" (``arrangement``)."""
        return self._mode or WIDE

    def is_wide(self) -> bool:
        """True while the notes sit beside the map."""
        return self._mode == WIDE

    def is_reading(self) -> bool:
        """True while folded notes are open in place of the map."""
        return self._reading

    def set_reading(self, reading: bool) -> None:
        """Open the folded notes in place of the map (or go back to the map)."""
        self._reading = reading and self._mode == FOLDED
        self._show_parts()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        size = event.size()
        self._arrange(arrangement(size.width(), size.height()))
        if self._mode == WIDE:
            width = notes_width(size.width())
            if self.notes_scroll.maximumWidth() != width:
                self.notes_scroll.setFixedWidth(width)
                # The layout ran for this size already (before this handler): run
                # it again now rather than leave the notes past the edge until later.
                self._box.activate()

    def _arrange(self, mode: str) -> None:
        if mode == self._mode:
            return
        self._mode = mode
        self._reading = False
        # Only this widget's own size decides, and that comes from the card around
        # it, so switching cannot flip back and forth.
        if mode == WIDE:
            self._box.setDirection(QBoxLayout.Direction.LeftToRight)
            self.notes_scroll.setMinimumHeight(0)
            self.notes_scroll.setMaximumHeight(_MAX)
            self.notes_scroll.setFixedWidth(NOTES_WIDTH)
        else:
            self._box.setDirection(QBoxLayout.Direction.TopToBottom)
            self.notes_scroll.setMinimumWidth(0)
            self.notes_scroll.setMaximumWidth(_MAX)
            if mode == BELOW:
                self.notes_scroll.setFixedHeight(NARROW_NOTES_HEIGHT)
            else:  # read in place of the map: all the height there is
                self.notes_scroll.setMinimumHeight(0)
                self.notes_scroll.setMaximumHeight(_MAX)
        self._box.setStretchFactor(self.notes_scroll, 1 if mode == FOLDED else 0)
        self._show_parts()

    def _show_parts(self) -> None:
        folded = self._mode == FOLDED
        self._map.setVisible(not (folded and self._reading))
        self.notes_scroll.setVisible(not folded or self._reading)
        self._sync_fold_bar()

    def _has_notes(self) -> bool:
        # Before a place is chosen the notes only say to choose one: no line for it.
        return self._notes.current_topic_id is not None or self._notes.summary()[1] > 0

    def _sync_fold_bar(self) -> None:
        self.fold_bar.setVisible(
            self._mode == FOLDED and (self._reading or self._has_notes())
        )
        if self._reading:
            self.fold_label.setText("")
            self.fold_button.setText("\u2039 Back to the map")
            self.fold_button.setAccessibleName("Back to the body map")
            return
        title, flags = self._notes.summary()
        text = f"<b>{html.escape(title)}</b>" if title else "Notes"
        if flags:
            text += f" \u00b7 {plural(flags, 'symptom')} worth a doctor's look"
        self.fold_label.setText(text)
        self.fold_label.setToolTip(self._notes.region_note_text())
        self.fold_button.setText("Read \u203a")
        self.fold_button.setAccessibleName("Read the notes for this area")
