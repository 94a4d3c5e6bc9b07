"""Small pieces every guidance widget uses: labels, quiet buttons, a note card."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from twitchtrack.domain.guidance import GuidanceItem


def text_label(text: str = "", role: str | None = None, name: str = "") -> QLabel:
    """A word-wrapped, selectable label with an optional role and object name."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    if name:
        label.setObjectName(name)
    return label


def quiet_button(text: str, name: str, accessible: str) -> QPushButton:
    """A flat, link-like button (the guidance style sheet draws it)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.setProperty("quiet", "true")
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    return button


class ItemCard(QFrame):
    """One red flag or tip from the user's own data, with a Dismiss button."""

    dismissed = Signal(str, str)

    def __init__(self, item: GuidanceItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName(f"guidanceItem_{item.id}")
        self.setProperty("card", "flag" if item.kind == "red_flag" else "tip")
        self.setAccessibleName(item.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 10, 10)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(text_label(html.escape(item.title), "title"), 1)
        button = quiet_button(
            "Dismiss", f"guidanceDismiss_{item.id}", f"Dismiss: {item.title}"
        )
        button.setToolTip("Hide this until the data behind it change")
        button.clicked.connect(self._on_dismiss_clicked)
        top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(text_label(html.escape(item.detail)))
        layout.addWidget(text_label(f"<b>What to do:</b> {html.escape(item.action)}"))
        if item.urgent:
            # Its own boxed line, not louder colours: plain to find, calm to read.
            urgent = text_label(
                f"<b>In an emergency:</b> {html.escape(item.urgent)}",
                "urgent",
                f"guidanceUrgent_{item.id}",
            )
            urgent.setAccessibleName(f"Emergency: {item.urgent}")
            layout.addWidget(urgent)
        small = [item.why, f"Rule: {item.threshold}." if item.threshold else ""]
        small.append(f"Source: {item.source}")
        layout.addWidget(
            text_label(
                html.escape(" ".join(t for t in small if t)),
                "source",
                f"guidanceSource_{item.id}",
            )
        )

    def _on_dismiss_clicked(self) -> None:
        self.dismissed.emit(self.item.id, self.item.fingerprint)


def plain_text(rich: str) -> str:
    """Rich label text as plain text (for tests and accessibility read-outs)."""
    doc = QTextDocument()
    doc.setHtml(rich)
    return doc.toPlainText()
