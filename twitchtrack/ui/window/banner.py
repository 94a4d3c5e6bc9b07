"""Calm strips across the top of the window: a message, a button or two."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from twitchtrack.ui.i18n import tr
from twitchtrack.ui.widgets import set_names
from twitchtrack.ui.window.reminders import CHECKIN


class Banner(QFrame):
    """A calm strip across the top of the window: a message and an optional button."""

    def __init__(
        self, name: str, tone: str, text: str = "", button: str | None = None
    ) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setProperty("banner", tone)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 10, 8)
        row.setSpacing(10)
        self.label = QLabel(text)
        self.label.setObjectName(f"{name}_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if button:
            self.button = QPushButton(button)
            set_names(self.button, f"{name}_button", button)
            row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_text(self, text: str) -> None:
        """Change the message."""
        self.label.setText(text)


class ReminderBanner(QFrame):
    """A calm, non-modal strip with the reminder, a button to act and one to dismiss."""

    action_requested = Signal(str)  # the reminder's kind

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminder_banner")
        self.setProperty("banner", "info")
        self.setAccessibleName(tr("Reminder"))
        self.kind = ""
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 8, 10, 8)
        row.setSpacing(10)
        self.label = QLabel()
        self.label.setObjectName("reminder_banner_text")
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        self.act_button = QPushButton()
        set_names(self.act_button, "reminder_banner_action", tr("Do it now"))
        self.act_button.clicked.connect(lambda: self.action_requested.emit(self.kind))
        self.act_button.clicked.connect(self.hide)
        self.dismiss_button = QPushButton(tr("Not now"))
        set_names(
            self.dismiss_button, "reminder_banner_dismiss", tr("Dismiss reminder")
        )
        self.dismiss_button.clicked.connect(self.hide)
        row.addWidget(self.act_button)
        row.addWidget(self.dismiss_button)

    def show_reminder(self, kind: str, title: str, text: str) -> None:
        """Show one reminder (replacing any other)."""
        self.kind = kind
        self.label.setText(f"<b>{title}</b> — {text}")
        button = tr("Open Check-in") if kind == CHECKIN else tr("Open Self-check")
        self.act_button.setText(button)
        self.act_button.setAccessibleName(button)
        self.show()
